//! Drawing a [`Plotted`] chart into a buffer: braille lines on ratatui's
//! `Canvas`, axes with tick labels, a legend, or the same with plain
//! characters for terminals without braille.
//!
//! All decisions about what to draw where are made in [`crate::chart`];
//! this module turns them into cells. Line styles are drawn dot by dot along
//! each run, so dashes and dots stay regular along a curve.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Painter, Shape};

use crate::chart::{
    self, Align, BRAILLE_DOTS, HeightMap, Layout, Plotted, SAMPLE_WIDTH, Series, SeriesKind,
};
use crate::lesson::{ColorName, LineStyle};

/// How charts are drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChartOptions {
    /// Plain characters instead of braille and box drawing.
    pub ascii: bool,
    /// No colours.
    pub monochrome: bool,
}

/// What is said in an area too small for a chart.
pub const TOO_SMALL: &str = "chart needs more room";

/// Colours for series that do not name one, in order of appearance.
const PALETTE: [ColorName; 6] = [
    ColorName::Cyan,
    ColorName::Yellow,
    ColorName::Magenta,
    ColorName::Green,
    ColorName::Blue,
    ColorName::Red,
];

/// Draw `plotted` into `area`. Never draws outside `area`; in an area too
/// small to be useful it says it needs more room.
///
/// `plotted` is best made by [`chart::plot`] for this very size; another
/// size works (the chart is rearranged), but ticks and sampling were chosen
/// for the original one.
pub fn render(plotted: &Plotted, area: Rect, buf: &mut Buffer, opts: ChartOptions) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let dots = if opts.ascii { (1, 1) } else { BRAILLE_DOTS };
    let Some(layout) = chart::layout(plotted, area.width, area.height, dots) else {
        render_too_small(area, buf);
        return;
    };
    let out = Out { area, buf };
    draw_frame(plotted, &layout, out, opts);
    if let Some(h) = &plotted.heights {
        draw_heights(h, &layout, Out { area, buf }, opts);
    }
    draw_series(plotted, &layout, area, buf, opts);
    draw_texts(plotted, &layout, Out { area, buf }, opts);
    draw_legend(plotted, &layout, Out { area, buf }, opts);
}

/// A buffer and the area one chart may write into, with writes clipped to
/// it.
struct Out<'b> {
    area: Rect,
    buf: &'b mut Buffer,
}

impl Out<'_> {
    /// Write `text` at `(col, row)` of the area, cut at its right edge.
    fn text(&mut self, col: u16, row: u16, text: &str, style: Style) {
        if col >= self.area.width || row >= self.area.height {
            return;
        }
        let max = usize::from(self.area.width - col);
        self.buf
            .set_stringn(self.area.x + col, self.area.y + row, text, max, style);
    }

    fn cell(&mut self, col: u16, row: u16, symbol: &str, style: Style) {
        if col >= self.area.width || row >= self.area.height {
            return;
        }
        if let Some(cell) = self.buf.cell_mut((self.area.x + col, self.area.y + row)) {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let mut out = Out { area, buf };
    let style = Style::default().add_modifier(Modifier::DIM);
    // Word-wrap the message into the lines there are; cut what does not fit.
    let mut lines: Vec<String> = Vec::new();
    for word in TOO_SMALL.split(' ') {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= usize::from(area.width) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > usize::from(area.height) {
        // Not enough lines: show it on one line, cut.
        lines = vec![TOO_SMALL.to_string()];
    }
    for (row, line) in (0..area.height).zip(&lines) {
        out.text(0, row, line, style);
    }
}

/// Title, axis labels, axes and ticks.
fn draw_frame(plotted: &Plotted, layout: &Layout, mut out: Out, opts: ChartOptions) {
    let plain = Style::default();
    let axis_style = if opts.monochrome {
        plain
    } else {
        Style::default().fg(Color::DarkGray)
    };
    if let (Some(title), Some((col, row))) = (&plotted.title, layout.title) {
        out.text(col, row, title, plain.add_modifier(Modifier::BOLD));
    }
    if let (Some(label), Some((col, row))) = (&plotted.y_label, layout.y_label) {
        out.text(col, row, label, plain.add_modifier(Modifier::ITALIC));
    }
    if let (Some(label), Some((col, row))) = (&plotted.x_label, layout.x_label) {
        out.text(col, row, label, plain.add_modifier(Modifier::ITALIC));
    }

    if !plotted.axes {
        return;
    }
    let g = if opts.ascii { &ASCII_AXES } else { &BOX_AXES };
    let canvas = layout.canvas;
    let axis_col = layout.axis_col();
    let axis_row = layout.axis_row();
    for row in canvas.y..axis_row {
        out.cell(axis_col, row, g.vertical, axis_style);
    }
    for col in canvas.x..canvas.x + canvas.width {
        out.cell(col, axis_row, g.horizontal, axis_style);
    }
    out.cell(axis_col, axis_row, g.corner, axis_style);

    for (tick, label) in layout.y_ticks.iter().zip(&plotted.y_tick_labels) {
        out.cell(axis_col, tick.row, g.y_tick, axis_style);
        if let Some(col) = tick.label_col {
            out.text(col, tick.row, label, plain);
        }
    }
    for (tick, label) in layout.x_ticks.iter().zip(&plotted.x_tick_labels) {
        // A tick on the corner would hide it.
        if tick.col != axis_col {
            out.cell(tick.col, axis_row, g.x_tick, axis_style);
        }
        if let Some(col) = tick.label_col {
            out.text(col, layout.tick_row, label, plain);
        }
    }
}

struct AxisGlyphs {
    vertical: &'static str,
    horizontal: &'static str,
    corner: &'static str,
    y_tick: &'static str,
    x_tick: &'static str,
}

const BOX_AXES: AxisGlyphs = AxisGlyphs {
    vertical: "│",
    horizontal: "─",
    corner: "└",
    y_tick: "┤",
    x_tick: "┬",
};

const ASCII_AXES: AxisGlyphs = AxisGlyphs {
    vertical: "|",
    horizontal: "-",
    corner: "+",
    y_tick: "+",
    x_tick: "+",
};

/// The lines and points, on a `Canvas` over the plotting area.
fn draw_series(
    plotted: &Plotted,
    layout: &Layout,
    area: Rect,
    buf: &mut Buffer,
    opts: ChartOptions,
) {
    let c = layout.canvas;
    let rect = Rect::new(area.x + c.x, area.y + c.y, c.width, c.height).intersection(area);
    let (x0, x1) = plotted.x_bounds;
    let (y0, y1) = plotted.y_bounds;
    // Shades first, then helper lines, and solid curves last, so where one
    // character must show one series (plain characters, or a cell's
    // colour) the curve wins; braille dots of all series merge, and a
    // shade's are sparse enough that lines over it stay readable.
    let mut lines: Vec<(usize, &Series)> = plotted
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.kind.is_points())
        .collect();
    lines.sort_by_key(|(_, s)| match (s.kind, s.style) {
        (SeriesKind::Shade, _) => 0,
        (SeriesKind::Contour, _) => 1,
        (SeriesKind::Arrow, _) => 5,
        (_, LineStyle::Dots) => 2,
        (_, LineStyle::Dashed) => 3,
        (_, LineStyle::Solid) => 4,
    });
    // Contours in plain characters: the cell holding each lit dot, so a
    // line is one cell thick (the canvas would round dots near a cell's
    // edge into its neighbour and thicken it); under the other lines.
    if opts.ascii {
        let mut out = Out {
            area,
            buf: &mut *buf,
        };
        for (i, s) in plotted.series.iter().enumerate() {
            if s.kind != SeriesKind::Contour {
                continue;
            }
            let style = Style::default().fg(series_color(s, i, opts));
            let glyph = CONTOUR_ASCII.to_string();
            for &(x, y) in s.runs.iter().flatten() {
                let col = chart::cell_of(x, plotted.x_bounds, c.width, BRAILLE_DOTS.0, false);
                let row = chart::cell_of(y, plotted.y_bounds, c.height, BRAILLE_DOTS.1, true);
                if let (Some(col), Some(row)) = (col, row) {
                    out.cell(c.x + col, c.y + row, &glyph, style);
                }
            }
        }
        lines.retain(|(_, s)| s.kind != SeriesKind::Contour);
    }
    let canvas = Canvas::default()
        .x_bounds([x0, x1])
        .y_bounds([y0, y1])
        .marker(Marker::Braille)
        .paint(|ctx| {
            for (i, s) in &lines {
                let color = series_color(s, *i, opts);
                let shade = s.kind == SeriesKind::Shade;
                if opts.ascii {
                    // One character per cell; a new marker starts a layer,
                    // and a later series wins a shared cell.
                    let c = match s.kind {
                        SeriesKind::Shade => SHADE_ASCII,
                        SeriesKind::Contour => CONTOUR_ASCII,
                        _ => ascii_char(s.style),
                    };
                    ctx.marker(Marker::Custom(c));
                }
                let pattern = if shade {
                    Pattern::shade(opts.ascii)
                } else {
                    Pattern::of(s.style, opts.ascii)
                };
                for run in &s.runs {
                    ctx.draw(&Run {
                        points: run,
                        pattern,
                        color,
                    });
                    // Braille heads are two barbs of dots; plain characters
                    // get one glyph, written after the canvas.
                    if s.kind == SeriesKind::Arrow && !opts.ascii {
                        ctx.draw(&Head { points: run, color });
                    }
                }
            }
        });
    canvas.render(rect, buf);

    let mut out = Out { area, buf };
    if opts.ascii {
        for (i, s) in plotted.series.iter().enumerate() {
            if s.kind != SeriesKind::Arrow {
                continue;
            }
            let style = Style::default().fg(series_color(s, i, opts));
            for run in &s.runs {
                let Some((tip, dir)) = head_of(run, plotted) else {
                    continue;
                };
                // Placed as texts and boxes are (on the braille dot grid),
                // so an edge's head sits in the cell next to its box.
                let col = chart::cell_of(tip.0, plotted.x_bounds, c.width, BRAILLE_DOTS.0, false);
                let row = chart::cell_of(tip.1, plotted.y_bounds, c.height, BRAILLE_DOTS.1, true);
                if let (Some(col), Some(row)) = (col, row) {
                    let glyph = head_glyph(dir).to_string();
                    out.cell(c.x + col, c.y + row, &glyph, style);
                }
            }
        }
    }

    // Marked points go on top as whole characters, in the cell the canvas
    // uses for that spot, so they sit exactly where lines through them pass.
    let dots = if opts.ascii { (1, 1) } else { BRAILLE_DOTS };
    for (i, s) in plotted.series.iter().enumerate() {
        let SeriesKind::Points { hollow } = s.kind else {
            continue;
        };
        let symbol = point_symbol(hollow, opts.ascii);
        let style = Style::default().fg(series_color(s, i, opts));
        for &(x, y) in s.runs.iter().flatten() {
            let col = chart::cell_of(x, plotted.x_bounds, c.width, dots.0, false);
            let row = chart::cell_of(y, plotted.y_bounds, c.height, dots.1, true);
            if let (Some(col), Some(row)) = (col, row) {
                out.cell(c.x + col, c.y + row, symbol, style);
            }
        }
    }
    // Marks beside their points: to the right when they fit inside the
    // plotting area, else to the left; never over the axes.
    let style = Style::default().add_modifier(Modifier::BOLD);
    for m in &plotted.marks {
        let col = chart::cell_of(m.at.0, plotted.x_bounds, c.width, dots.0, false);
        let row = chart::cell_of(m.at.1, plotted.y_bounds, c.height, dots.1, true);
        let (Some(col), Some(row)) = (col, row) else {
            continue;
        };
        let w = chart::text_width(&m.text);
        let right = col + 2;
        let start = if right + w <= c.width {
            right
        } else if col > w {
            col - w - 1
        } else {
            continue;
        };
        out.text(c.x + start, c.y + row, &m.text, style);
    }
}

/// A shaded height map, one character per cell of the canvas (drawn
/// first: lines and points drawn later replace the cells they pass).
fn draw_heights(h: &HeightMap, layout: &Layout, mut out: Out, opts: ChartOptions) {
    let c = layout.canvas;
    let style = if opts.monochrome {
        Style::default()
    } else {
        Style::default().fg(Color::DarkGray)
    };
    for row in 0..c.height {
        for col in 0..c.width {
            let fx = (f64::from(col) + 0.5) / f64::from(c.width);
            let fy = (f64::from(row) + 0.5) / f64::from(c.height);
            if let Some(g) = shade_glyph(h.at(fx, fy), opts.ascii) {
                out.cell(c.x + col, c.y + row, g.encode_utf8(&mut [0; 4]), style);
            }
        }
    }
}

/// Heights in plain characters, lowest to highest. None of the
/// characters lines are drawn with in plain characters (`*` `-` `.` `~`,
/// `:` for a filled rect, `@` `o` for points), so lines over the map stay
/// lines.
pub const HEIGHT_RAMP: [char; 8] = [' ', ',', ';', '+', '=', '%', '&', '#'];

/// The order braille dots are added in as the height grows, spread over
/// the cell (dot bits: left column 0x01, 0x02, 0x04, 0x40 down; right
/// column 0x08, 0x10, 0x20, 0x80). Half the dots at most: a denser shade
/// would swallow the lines and arrows drawn over it.
const DITHER: [u32; 4] = [0x01, 0x20, 0x04, 0x80];

/// The character of a cell at height `h` (0 = lowest on screen, 1 =
/// highest): eight levels, denser for higher (in braille, pairs of levels
/// share a density), `None` at the lowest or undefined.
pub fn shade_glyph(h: f64, ascii: bool) -> Option<char> {
    if !h.is_finite() {
        return None;
    }
    let level = ((h * 8.0).floor() as i64).clamp(0, 7) as usize;
    if level == 0 {
        return None;
    }
    if ascii {
        return Some(HEIGHT_RAMP[level]);
    }
    // Eight heights on four dots: 1, 1, 2, 2, 3, 3, 4 dots.
    let bits: u32 = DITHER[..level.div_ceil(2)].iter().sum();
    char::from_u32(0x2800 + bits)
}

/// Texts and nodes' boxes over the canvas, cut at its edges.
fn draw_texts(plotted: &Plotted, layout: &Layout, mut out: Out, opts: ChartOptions) {
    let c = layout.canvas;
    for t in &plotted.texts {
        let col = chart::cell_of(t.at.0, plotted.x_bounds, c.width, BRAILLE_DOTS.0, false);
        let row = chart::cell_of(t.at.1, plotted.y_bounds, c.height, BRAILLE_DOTS.1, true);
        let (Some(col), Some(row)) = (col, row) else {
            continue;
        };
        let style = match (t.color, opts.monochrome) {
            (Some(name), false) => Style::default().fg(color(name)),
            _ => Style::default(),
        };
        let w = chart::text_width(&t.text);
        let lines: Vec<(i32, i32, String)> = if t.framed {
            let (left, top, bw, _) = chart::node_box((col, row), w);
            let (h, v, corners) = if opts.ascii {
                ('-', '|', ['+', '+', '+', '+'])
            } else {
                ('─', '│', ['┌', '┐', '└', '┘'])
            };
            let bar: String = std::iter::repeat_n(h, usize::from(bw) - 2).collect();
            vec![
                (left, top, format!("{}{bar}{}", corners[0], corners[1])),
                (left, top + 1, format!("{v} {} {v}", t.text)),
                (left, top + 2, format!("{}{bar}{}", corners[2], corners[3])),
            ]
        } else {
            let start = match t.align {
                Align::Left => i32::from(col),
                Align::Center => i32::from(col) - i32::from(w / 2),
                Align::Right => i32::from(col) + 1 - i32::from(w),
            };
            // A blank cell each side keeps the text legible over a
            // shaded map or lines.
            vec![(start - 1, i32::from(row), format!(" {} ", t.text))]
        };
        for (start, row, line) in lines {
            let Ok(row) = u16::try_from(row) else {
                continue;
            };
            if row >= c.height {
                continue;
            }
            if let Some((col, cut)) = clip_text(start, &line, c.width) {
                out.text(c.x + col, c.y + row, &cut, style);
            }
        }
    }
}

/// The part of `text`, written from column `start` (maybe negative), that
/// falls in columns `0..width`: where it starts and what it says.
pub fn clip_text(start: i32, text: &str, width: u16) -> Option<(u16, String)> {
    let mut col = start;
    let mut first = None;
    let mut out = String::new();
    for ch in text.chars() {
        let w = i32::from(chart::text_width(ch.encode_utf8(&mut [0; 4])));
        if col >= 0 && col + w <= i32::from(width) {
            first.get_or_insert(col);
            out.push(ch);
        } else if col + w > i32::from(width) {
            break;
        }
        col += w;
    }
    let first = u16::try_from(first?).ok()?;
    Some((first, out))
}

/// An arrow's tip and direction (in view units) at the end of a run.
fn head_of(run: &[(f64, f64)], plotted: &Plotted) -> Option<((f64, f64), (f64, f64))> {
    let tip = *run.last()?;
    let back = run.iter().rev().find(|p| **p != tip)?;
    let (x0, x1) = plotted.x_bounds;
    let (y0, y1) = plotted.y_bounds;
    if !(tip.0 >= x0 && tip.0 <= x1 && tip.1 >= y0 && tip.1 <= y1) {
        return None;
    }
    // In screen proportions: a braille dot is about square, so x and y
    // are scaled to dots across the canvas's size.
    let c = chart::layout(plotted, plotted.width, plotted.height, BRAILLE_DOTS)?.canvas;
    let sx = f64::from(c.width) * f64::from(BRAILLE_DOTS.0) / (x1 - x0);
    let sy = f64::from(c.height) * f64::from(BRAILLE_DOTS.1) / (y1 - y0);
    Some((tip, ((tip.0 - back.0) * sx, (tip.1 - back.1) * sy)))
}

/// The plain character of an arrowhead pointing along `dir` (x right, y
/// up, in screen proportions): `>` `^` `<` `v`, or a slash on a diagonal.
pub fn head_glyph(dir: (f64, f64)) -> char {
    let angle = dir.1.atan2(dir.0).to_degrees();
    // Eight sectors of 45°, the first centred on "right".
    let sector = (((angle + 22.5).rem_euclid(360.0)) / 45.0) as usize % 8;
    ['>', '/', '^', '\\', '<', '/', 'v', '\\'][sector]
}

/// The ends of an arrowhead's two barbs, in dots of the painter's grid
/// (x right, y down): four dots back from `tip`, 35° either side of the
/// shaft. `dir` is the shaft's direction in the same grid.
pub fn barbs(tip: (f64, f64), dir: (f64, f64)) -> [(f64, f64); 2] {
    let len = (dir.0 * dir.0 + dir.1 * dir.1).sqrt();
    if len == 0.0 || !len.is_finite() {
        return [tip, tip];
    }
    let (ux, uy) = (-dir.0 / len, -dir.1 / len);
    let (s, c) = 35f64.to_radians().sin_cos();
    let rot = |sign: f64| {
        let (x, y) = (ux * c - sign * uy * s, sign * ux * s + uy * c);
        (tip.0 + 4.0 * x, tip.1 + 4.0 * y)
    };
    [rot(1.0), rot(-1.0)]
}

/// An arrowhead of braille dots at the end of a run.
struct Head<'a> {
    points: &'a [(f64, f64)],
    color: Color,
}

impl Shape for Head<'_> {
    fn draw(&self, painter: &mut Painter) {
        let Some(&tip) = self.points.last() else {
            return;
        };
        let Some(&back) = self.points.iter().rev().find(|p| **p != tip) else {
            return;
        };
        let Some(g) = painter.get_point(tip.0, tip.1) else {
            return;
        };
        // The shaft's direction in dots (y down), from the view units.
        let (&[xmin, xmax], &[ymin, ymax]) = painter.bounds();
        let (w, h) = (xmax - xmin, ymax - ymin);
        let (fx, fy) = ((tip.0 - back.0) / w, -(tip.1 - back.1) / h);
        // The grid's size in dots, from the far corner.
        let Some(corner) = painter.get_point(xmax, ymin) else {
            return;
        };
        let dir = (fx * corner.0 as f64, fy * corner.1 as f64);
        let tip_dots = (g.0 as f64, g.1 as f64);
        for end in barbs(tip_dots, dir) {
            let end = (
                end.0.round().clamp(0.0, corner.0 as f64) as usize,
                end.1.round().clamp(0.0, corner.1 as f64) as usize,
            );
            for_each_dot(g, end, |x, y| painter.paint(x, y, self.color));
        }
    }
}

/// Contour lines in plain characters: none of the height ramp's.
const CONTOUR_ASCII: char = '~';

/// Which dots of a line are drawn, counted along the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pattern {
    on: usize,
    period: usize,
}

impl Pattern {
    fn of(style: LineStyle, ascii: bool) -> Pattern {
        match (style, ascii) {
            (LineStyle::Solid, _) => Pattern { on: 1, period: 1 },
            // Braille: four dots on, two off: a gap of one cell's width.
            (LineStyle::Dashed, false) => Pattern { on: 4, period: 6 },
            (LineStyle::Dots, false) => Pattern { on: 1, period: 3 },
            (LineStyle::Dashed, true) => Pattern { on: 2, period: 3 },
            (LineStyle::Dots, true) => Pattern { on: 1, period: 2 },
        }
    }

    /// A shade: every other dot along its lines (which are two dot rows
    /// apart), a quarter of the dots; in plain characters every cell.
    fn shade(ascii: bool) -> Pattern {
        if ascii {
            Pattern { on: 1, period: 1 }
        } else {
            Pattern { on: 1, period: 2 }
        }
    }

    fn draws(self, step: usize) -> bool {
        step % self.period < self.on
    }
}

/// A shaded area in plain characters: light enough that `*`, `-` and `.`
/// lines drawn over it stand out.
const SHADE_ASCII: char = ':';

/// A marked point: filled, or hollow (an open dot).
fn point_symbol(hollow: bool, ascii: bool) -> &'static str {
    match (hollow, ascii) {
        (false, false) => "●",
        (true, false) => "○",
        // `*` is a solid line's character, so a filled point is `@`.
        (false, true) => "@",
        (true, true) => "o",
    }
}

fn ascii_char(style: LineStyle) -> char {
    match style {
        LineStyle::Solid => '*',
        LineStyle::Dashed => '-',
        LineStyle::Dots => '.',
    }
}

/// One connected run of a series, drawn with its pattern.
struct Run<'a> {
    points: &'a [(f64, f64)],
    pattern: Pattern,
    color: Color,
}

impl Shape for Run<'_> {
    fn draw(&self, painter: &mut Painter) {
        let (&[xmin, xmax], &[ymin, ymax]) = painter.bounds();
        let window = (xmin, xmax, ymin, ymax);
        let mut step = 0usize;
        let mut last_end: Option<(usize, usize)> = None;
        if let [(x, y)] = self.points {
            if let Some((gx, gy)) = painter.get_point(*x, *y) {
                painter.paint(gx, gy, self.color);
            }
            return;
        }
        for pair in self.points.windows(2) {
            let [a, b] = [pair[0], pair[1]];
            let Some((a, b)) = clip(a, b, window) else {
                last_end = None;
                continue;
            };
            let (Some(ga), Some(gb)) = (painter.get_point(a.0, a.1), painter.get_point(b.0, b.1))
            else {
                last_end = None;
                continue;
            };
            let pattern = self.pattern;
            let color = self.color;
            let skip_first = last_end == Some(ga);
            let mut first = true;
            for_each_dot(ga, gb, |x, y| {
                // The start of a segment is the end of the previous one;
                // counting it twice would stretch the pattern.
                if std::mem::take(&mut first) && skip_first {
                    return;
                }
                if pattern.draws(step) {
                    painter.paint(x, y, color);
                }
                step += 1;
            });
            last_end = Some(gb);
        }
    }
}

/// The part of segment `a`–`b` inside `(xmin, xmax, ymin, ymax)`
/// (Liang–Barsky).
fn clip(
    a: (f64, f64),
    b: (f64, f64),
    (xmin, xmax, ymin, ymax): (f64, f64, f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - xmin),
        (dx, xmax - a.0),
        (-dy, a.1 - ymin),
        (dy, ymax - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0.is_nan() || t1.is_nan() || t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    // Keep exact ends where they were not clipped.
    let start = if t0 == 0.0 { a } else { at(t0) };
    let end = if t1 == 1.0 { b } else { at(t1) };
    Some((start, end))
}

/// Every grid dot on the line from `a` to `b`, in order from `a`
/// (Bresenham, all octants).
fn for_each_dot(a: (usize, usize), b: (usize, usize), mut f: impl FnMut(usize, usize)) {
    let (mut x, mut y) = (a.0 as i64, a.1 as i64);
    let (x1, y1) = (b.0 as i64, b.1 as i64);
    let dx = (x1 - x).abs();
    let dy = -(y1 - y).abs();
    let sx = if x < x1 { 1 } else { -1 };
    let sy = if y < y1 { 1 } else { -1 };
    let mut err = dx + dy;
    loop {
        // Both coordinates stay between the two (non-negative) ends.
        f(x as usize, y as usize);
        if x == x1 && y == y1 {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

/// The terminal colour of series `index`.
fn series_color(s: &Series, index: usize, opts: ChartOptions) -> Color {
    if opts.monochrome {
        return Color::Reset;
    }
    color(s.color.unwrap_or(PALETTE[index % PALETTE.len()]))
}

/// A lesson colour name as a terminal colour.
pub fn color(name: ColorName) -> Color {
    match name {
        ColorName::Red => Color::Red,
        ColorName::Green => Color::Green,
        ColorName::Yellow => Color::Yellow,
        ColorName::Blue => Color::Blue,
        ColorName::Magenta => Color::Magenta,
        ColorName::Cyan => Color::Cyan,
        // Orange is not among the 16 basic colours; 208 in the 256-colour
        // palette is the usual one.
        ColorName::Orange => Color::Indexed(208),
        ColorName::Gray => Color::Gray,
        ColorName::White => Color::White,
    }
}

/// The legend: a sample of each labelled series' style, then its label.
fn draw_legend(plotted: &Plotted, layout: &Layout, mut out: Out, opts: ChartOptions) {
    for item in &layout.legend {
        let Some(s) = plotted.series.get(item.series) else {
            continue;
        };
        let style = Style::default().fg(series_color(s, item.series, opts));
        out.text(item.col, item.row, &sample(s, opts.ascii), style);
        if let Some(label) = &s.label {
            let label = cut(label, item.label_width);
            out.text(
                item.col + SAMPLE_WIDTH + 1,
                item.row,
                &label,
                Style::default(),
            );
        }
    }
}

/// A `SAMPLE_WIDTH`-cell picture of a series' style, drawn with the same
/// pattern as the chart: "⠒⠒⠒⠒", "⠒⠒ ⠒", " ●  ", or "****", "-- -".
pub fn sample(s: &Series, ascii: bool) -> String {
    let cells = usize::from(SAMPLE_WIDTH);
    match s.kind {
        SeriesKind::Points { hollow } => {
            let mark = point_symbol(hollow, ascii);
            return format!(" {mark}{}", " ".repeat(cells - 2));
        }
        // The shade's own texture: dots 1 and 3 (left column, rows 1 and 3).
        SeriesKind::Shade => {
            let c = if ascii { SHADE_ASCII } else { '\u{2805}' };
            return std::iter::repeat_n(c, cells).collect();
        }
        SeriesKind::Contour if ascii => {
            return std::iter::repeat_n(CONTOUR_ASCII, cells).collect();
        }
        SeriesKind::Arrow => {
            let shaft = if ascii {
                ascii_char(s.style)
            } else {
                '\u{2812}'
            };
            let mut out: String = std::iter::repeat_n(shaft, cells - 1).collect();
            out.push('>');
            return out;
        }
        SeriesKind::Line | SeriesKind::Contour => {}
    }
    let pattern = Pattern::of(s.style, ascii);
    if ascii {
        let c = ascii_char(s.style);
        return (0..cells)
            .map(|i| if pattern.draws(i) { c } else { ' ' })
            .collect();
    }
    // Braille dots 2 (left column) and 5 (right column): the second row.
    (0..cells)
        .map(|i| {
            let left = if pattern.draws(2 * i) { 0x02 } else { 0 };
            let right = if pattern.draws(2 * i + 1) { 0x10 } else { 0 };
            match left | right {
                0 => ' ',
                bits => char::from_u32(0x2800 + bits).unwrap_or(' '),
            }
        })
        .collect()
}

/// `s` cut to `width` cells, with "…" when something was cut.
fn cut(s: &str, width: u16) -> String {
    if chart::text_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0u16;
    for c in s.chars() {
        let w = chart::text_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
