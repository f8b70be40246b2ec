//! Where each part of a chart goes in a `width` x `height` block of cells:
//! title, axis labels, the plotting area, tick marks and their labels, and
//! the legend. Pure arithmetic, shared by sampling (which needs the
//! plotting area's width) and drawing.

use unicode_width::UnicodeWidthStr;

use super::Plotted;

/// The smallest plotting area worth drawing, in cells.
pub const MIN_CANVAS: (u16, u16) = (10, 3);

/// Cells of the legend's style sample ("⠒⠒ ⠒").
pub const SAMPLE_WIDTH: u16 = 4;

/// A rectangle of cells, relative to the chart's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// A tick on the x axis: the column of its mark and where its label
/// starts (`None` when it would collide with its neighbour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XTick {
    pub col: u16,
    pub label_col: Option<u16>,
}

/// A tick on the y axis: the row of its mark, and the column its label
/// starts at (`None` when it shares a row with the previous one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YTick {
    pub row: u16,
    pub label_col: Option<u16>,
}

/// One legend entry: a style sample at `(col, row)`, then a space and the
/// series' label cut to `label_width` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendItem {
    pub col: u16,
    pub row: u16,
    pub series: usize,
    pub label_width: u16,
}

/// The arrangement of a chart in its cells. Text positions are `(col, row)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub title: Option<(u16, u16)>,
    pub y_label: Option<(u16, u16)>,
    pub x_label: Option<(u16, u16)>,
    /// Where the series are drawn; the y axis is the column left of it and
    /// the x axis the row below it.
    pub canvas: Area,
    pub tick_row: u16,
    /// Parallel to `Plotted::x_ticks` / `y_ticks`.
    pub x_ticks: Vec<XTick>,
    pub y_ticks: Vec<YTick>,
    pub legend: Vec<LegendItem>,
}

impl Layout {
    /// The row of the x axis line.
    pub fn axis_row(&self) -> u16 {
        self.canvas.y + self.canvas.height
    }

    /// The column of the y axis line.
    pub fn axis_col(&self) -> u16 {
        self.canvas.x.saturating_sub(1)
    }
}

/// Width in cells of a label as the terminal shows it.
pub fn text_width(s: &str) -> u16 {
    u16::try_from(s.width()).unwrap_or(u16::MAX)
}

/// Which of `cells` cells holds `v` on an axis from `lo` to `hi`, drawn
/// with `dots` dots per cell: the same rounding as the canvas uses, so a
/// tick sits where a curve through that value is drawn. `flip` counts from
/// the high end (rows grow downwards).
pub fn cell_of(v: f64, (lo, hi): (f64, f64), cells: u16, dots: u16, flip: bool) -> Option<u16> {
    let res = f64::from(cells) * f64::from(dots);
    if !(v >= lo && v <= hi && hi > lo && res >= 1.0) {
        return None;
    }
    let t = if flip { hi - v } else { v - lo };
    let dot = (t * (res - 1.0) / (hi - lo)).round();
    // `dot` is in [0, res - 1] because t is in [0, hi - lo].
    let cell = (dot as u64) / u64::from(dots.max(1));
    u16::try_from(cell).ok().filter(|c| *c < cells)
}

/// Arrange `plotted` in `width` x `height` cells with `dots` = (columns,
/// rows) of dots per cell (2x4 for braille, 1x1 for plain characters).
/// `None` when the plotting area would be smaller than [`MIN_CANVAS`].
pub fn layout(plotted: &Plotted, width: u16, height: u16, dots: (u16, u16)) -> Option<Layout> {
    // Horizontal: the y tick labels decide the gutter left of the axis.
    let widest_y = plotted
        .y_tick_labels
        .iter()
        .map(|l| text_width(l))
        .max()
        .unwrap_or(0);
    let show_y_labels = widest_y > 0 && u32::from(widest_y) * 3 < u32::from(width);
    // Labels end right before the axis: "120┤".
    let gutter = if show_y_labels { widest_y + 1 } else { 1 };
    let canvas_w = width.saturating_sub(gutter);
    if canvas_w < MIN_CANVAS.0 {
        return None;
    }

    let mut x_ticks = Vec::with_capacity(plotted.x_ticks.len());
    let mut next_free: u16 = 0; // first column a label may use
    for (v, label) in plotted.x_ticks.iter().zip(&plotted.x_tick_labels) {
        let Some(cell) = cell_of(*v, plotted.x_bounds, canvas_w, dots.0, false) else {
            continue;
        };
        let col = gutter + cell;
        let lw = text_width(label);
        let start = col.saturating_sub(lw / 2).min(width.saturating_sub(lw));
        let label_col = (start >= next_free && lw <= width).then_some(start);
        if label_col.is_some() {
            next_free = start + lw + 1;
        }
        x_ticks.push(XTick { col, label_col });
    }

    // The x label goes at the right end of the tick row when it clears the
    // last tick label, else on a row of its own.
    let x_label_w = plotted.x_label.as_deref().map(text_width);
    let x_label_on_tick_row =
        x_label_w.is_some_and(|lw| width >= lw && width - lw >= next_free.saturating_add(1));

    let title_w = plotted.title.as_deref().map(text_width);
    let y_label_w = plotted.y_label.as_deref().map(text_width);
    let title_col = title_w.map(|tw| width.saturating_sub(tw) / 2);
    let y_label_shares_title_row =
        matches!((title_col, y_label_w), (Some(tc), Some(yw)) if yw + 2 <= tc);

    let legend_lines = pack_legend(plotted, width);

    // Vertical: drop optional rows, least useful first, until the canvas
    // has its minimum height.
    let mut show_title = title_w.is_some();
    let mut show_x_label = x_label_w.is_some();
    let mut show_y_label = y_label_w.is_some();
    let mut legend_rows = legend_lines.len();
    let rows = |title: bool, xl: bool, yl: bool, legend: usize| -> u16 {
        let top = u16::from(title) + u16::from(yl && !(title && y_label_shares_title_row));
        let bottom = 2 + u16::from(xl && !x_label_on_tick_row) + legend as u16;
        top + bottom
    };
    loop {
        let used = rows(show_title, show_x_label, show_y_label, legend_rows);
        if height.saturating_sub(used) >= MIN_CANVAS.1 {
            break;
        }
        if show_title {
            show_title = false;
        } else if show_x_label && !x_label_on_tick_row {
            show_x_label = false;
        } else if show_y_label {
            show_y_label = false;
        } else if legend_rows > 0 {
            legend_rows -= 1;
        } else {
            return None;
        }
    }

    let mut row = 0;
    let title = if show_title {
        row += 1;
        title_col.map(|c| (c, 0))
    } else {
        None
    };
    let y_label = if show_y_label {
        if show_title && y_label_shares_title_row {
            Some((0, 0))
        } else {
            row += 1;
            Some((0, row - 1))
        }
    } else {
        None
    };
    let used = rows(show_title, show_x_label, show_y_label, legend_rows);
    let canvas = Area {
        x: gutter,
        y: row,
        width: canvas_w,
        height: height - used,
    };
    let tick_row = canvas.y + canvas.height + 1;
    let mut below = tick_row + 1;
    let x_label = match (show_x_label, x_label_w) {
        (true, Some(lw)) if x_label_on_tick_row => Some((width - lw, tick_row)),
        (true, Some(lw)) => {
            below += 1;
            // Centred under the plotting area, as on paper.
            let col =
                (canvas.x + canvas.width.saturating_sub(lw) / 2).min(width.saturating_sub(lw));
            Some((col, tick_row + 1))
        }
        _ => None,
    };

    let mut y_ticks = Vec::with_capacity(plotted.y_ticks.len());
    let mut last_row = None;
    for (v, label) in plotted.y_ticks.iter().zip(&plotted.y_tick_labels) {
        let Some(cell) = cell_of(*v, plotted.y_bounds, canvas.height, dots.1, true) else {
            continue;
        };
        let r = canvas.y + cell;
        let label_col =
            (show_y_labels && last_row != Some(r)).then(|| gutter - 1 - text_width(label));
        last_row = Some(r);
        y_ticks.push(YTick { row: r, label_col });
    }

    let legend = legend_lines
        .into_iter()
        .take(legend_rows)
        .enumerate()
        .flat_map(|(i, line)| {
            line.into_iter().map(move |mut item| {
                item.row = below + i as u16;
                item
            })
        })
        .collect();

    Some(Layout {
        title,
        y_label,
        x_label,
        canvas,
        tick_row,
        x_ticks,
        y_ticks,
        legend,
    })
}

/// Legend entries of the labelled series, packed into lines of `width`
/// (three spaces between entries, long labels cut), at most three lines.
/// Rows are filled in by the caller.
fn pack_legend(plotted: &Plotted, width: u16) -> Vec<Vec<LegendItem>> {
    const GAP: u16 = 3;
    let mut lines: Vec<Vec<LegendItem>> = Vec::new();
    let mut line: Vec<LegendItem> = Vec::new();
    let mut col: u16 = 0;
    let room_for_label = width.saturating_sub(SAMPLE_WIDTH + 1);
    if room_for_label == 0 {
        return lines;
    }
    for (i, s) in plotted.series.iter().enumerate() {
        let Some(label) = s.label.as_deref() else {
            continue;
        };
        let label_width = text_width(label).min(room_for_label);
        let item_w = SAMPLE_WIDTH + 1 + label_width;
        let start = if line.is_empty() { 0 } else { col + GAP };
        if !line.is_empty() && u32::from(start) + u32::from(item_w) > u32::from(width) {
            lines.push(std::mem::take(&mut line));
            col = 0;
        }
        let start = if line.is_empty() { 0 } else { col + GAP };
        line.push(LegendItem {
            col: start,
            row: 0,
            series: i,
            label_width,
        });
        col = start + item_w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.truncate(3);
    lines
}
