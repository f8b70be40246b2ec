//! Charts: a lesson's `chart` block sampled into drawable series, with
//! bounds, ticks, labels and the arrangement of it all in cells.
//!
//! What belongs here: everything about a chart that can be decided without a
//! terminal: which points to draw (one sample per braille dot column), where
//! runs break (jumps, undefined points, asymptotes), derivatives, the fitted
//! vertical range, tick values at 1-2-5 steps and their labels, and the
//! [`layout`] of title, axes and legend. Drawing it is `ui::chart`'s job.
//!
//! Call [`plot`] when the width is known (at layout time, again on resize)
//! and keep the [`Plotted`] value; drawing it is then cheap.

mod graph;
mod layout;
mod model;
mod sample;
mod ticks;

pub use layout::{
    Area, Layout, LegendItem, MIN_CANVAS, SAMPLE_WIDTH, XTick, YTick, cell_of, layout, text_width,
};

use crate::expr::Expr;
pub use graph::{EdgeRoute, node_box, route_edges};
pub use model::{Chart, ColorName, LineStyle, Piece, Plot, PlotData};
pub use sample::xs_within;

/// Braille cells hold 2 x 4 dots; sampling is done at this density so the
/// same [`Plotted`] serves braille and plain characters.
pub const BRAILLE_DOTS: (u16, u16) = (2, 4);

/// One drawable series: connected runs of points (a gap between runs is a
/// jump or an undefined stretch, never to be joined), or marked points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: Option<String>,
    pub style: LineStyle,
    pub color: Option<ColorName>,
    pub runs: Vec<Vec<(f64, f64)>>,
    pub kind: SeriesKind,
}

/// How a series' runs are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeriesKind {
    /// Lines through the points of each run, in the series' style.
    #[default]
    Line,
    /// A mark at each point: filled, or hollow (an open dot: a hole in
    /// a graph, a value the function does not take).
    Points { hollow: bool },
    /// A shaded area, given as horizontal runs: drawn first and sparse,
    /// so lines drawn over it stay visible.
    Shade,
    /// Lines with an arrowhead where each run ends (an explorer's `arrow`,
    /// an edge between two nodes).
    Arrow,
    /// Contour lines, given as single dots (each run one point), drawn in
    /// plain characters with a glyph no height-map shade uses.
    Contour,
}

impl SeriesKind {
    pub fn is_points(self) -> bool {
        matches!(self, SeriesKind::Points { .. })
    }
}

/// A chart ready to draw at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub title: Option<String>,
    pub x_bounds: (f64, f64),
    pub y_bounds: (f64, f64),
    pub x_ticks: Vec<f64>,
    pub y_ticks: Vec<f64>,
    /// Labels of `x_ticks` / `y_ticks`, same order and length.
    pub x_tick_labels: Vec<String>,
    pub y_tick_labels: Vec<String>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub series: Vec<Series>,
    /// Short texts written beside points on the canvas (an explorer's
    /// "P0".."P3"), drawn after the series.
    pub marks: Vec<Mark>,
    /// A shaded height map under everything else (an explorer's `contour`
    /// with `shade = true`).
    pub heights: Option<HeightMap>,
    /// Texts and framed boxes written over the canvas's cells, after
    /// everything else.
    pub texts: Vec<CanvasText>,
    /// Arrows between framed texts (a graph's edges), routed by
    /// [`route_edges`] at this size and with the texts as drawn.
    pub edges: Vec<EdgeRoute>,
    /// Whether the axes and ticks are drawn ([`Frame::axes`]).
    pub axes: bool,
    /// The size in cells this was sampled for.
    pub width: u16,
    pub height: u16,
}

/// A text beside a point of the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub at: (f64, f64),
    pub text: String,
}

/// A function's heights over the canvas, sampled on a grid of `cols` x
/// `rows` points spread evenly over the x and y ranges (the first row at
/// the top): each a fraction of the way from the lowest to the highest
/// value on screen, NaN where the function is undefined.
#[derive(Debug, Clone, PartialEq)]
pub struct HeightMap {
    pub cols: usize,
    pub rows: usize,
    pub values: Vec<f64>,
}

impl HeightMap {
    /// The height at the sample nearest to fractions `(fx, fy)` of the way
    /// across and down the canvas (each 0..=1).
    pub fn at(&self, fx: f64, fy: f64) -> f64 {
        if self.cols == 0 || self.rows == 0 {
            return f64::NAN;
        }
        let pick = |f: f64, n: usize| {
            let k = (f.clamp(0.0, 1.0) * (n - 1) as f64).round();
            (k as usize).min(n - 1)
        };
        self.values
            .get(pick(fy, self.rows) * self.cols + pick(fx, self.cols))
            .copied()
            .unwrap_or(f64::NAN)
    }
}

/// Where a text stands relative to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// The text starts at the anchor.
    #[default]
    Left,
    Center,
    /// The text ends at the anchor.
    Right,
}

/// A text on the canvas, in cells: one line, never wrapped, cut at the
/// canvas's edges. A framed one is a node's box, centred on its anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct CanvasText {
    pub at: (f64, f64),
    pub text: String,
    pub align: Align,
    pub framed: bool,
    pub color: Option<ColorName>,
}

/// The height in rows a chart takes at `width` columns.
///
/// A terminal cell is about twice as tall as wide, so `width / 5` rows
/// give a plotting area roughly twice as wide as tall on screen; four more
/// rows hold the title, axis and legend.
pub fn height_for(width: u16) -> u16 {
    (width / 5 + 4).clamp(10, 28)
}

/// Sample `chart` for drawing in `width` x `height` cells.
pub fn plot(chart: &Chart, width: u16, height: u16) -> Plotted {
    plot_with(chart, width, height, &|e: &Expr, x| e.eval(&[x]))
}

/// What one series is drawn from.
enum Source<'a> {
    Expr(&'a Expr),
    Pieces(&'a [Piece]),
    Points(&'a [(f64, f64)]),
    DerivativeOfExpr(&'a Expr),
    DerivativeOfPieces(&'a [Piece]),
}

type Eval<'e> = &'e dyn Fn(&Expr, f64) -> f64;

/// [`plot`] with the evaluation of expressions passed in, so sampling can
/// be tested with plain Rust functions.
fn plot_with(chart: &Chart, width: u16, height: u16, eval: Eval) -> Plotted {
    let x_bounds = sane_range(chart.x).unwrap_or((0.0, 1.0));

    let mut series = Vec::new();
    let mut sources = Vec::new();
    for p in &chart.plots {
        let (source, derivative) = match &p.data {
            PlotData::Expr(e) => (Source::Expr(e), Some(Source::DerivativeOfExpr(e))),
            PlotData::Pieces(ps) => (Source::Pieces(ps), Some(Source::DerivativeOfPieces(ps))),
            PlotData::Points(pts) => (Source::Points(pts), None),
        };
        series.push(Series {
            label: p.label.clone().filter(|l| !l.trim().is_empty()),
            style: p.style,
            color: p.color,
            runs: Vec::new(),
            kind: match source {
                Source::Points(_) => SeriesKind::Points { hollow: p.hollow },
                _ => SeriesKind::Line,
            },
        });
        sources.push(source);
        if let (true, Some(d)) = (p.derivative, derivative) {
            series.push(Series {
                label: Some(derivative_label(p.label.as_deref())),
                style: LineStyle::Dashed,
                color: p.color,
                runs: Vec::new(),
                kind: SeriesKind::Line,
            });
            sources.push(d);
        }
    }

    // A first pass at full width finds the range of the data, unless the
    // author gave one.
    let y_bounds = match chart.y.and_then(sane_range) {
        Some(y) => y,
        None => {
            let xs = sample::grid(x_bounds.0, x_bounds.1, usize::from(width.max(1)) * 2);
            let ys: Vec<f64> = sources
                .iter()
                .flat_map(|s| sample_source(s, &xs, x_bounds, None, eval))
                .flatten()
                .map(|(_, y)| y)
                .collect();
            sample::fit(&ys)
        }
    };

    let mut plotted = frame(
        Frame {
            title: chart.title.clone(),
            x_bounds,
            y_bounds,
            x_label: chart.x_label.clone(),
            y_label: chart.y_label.clone(),
            equal_aspect: chart.equal_aspect,
            axes: true,
        },
        series,
        width,
        height,
    );
    // An equal aspect ratio may have widened either range.
    let (x_bounds, y_bounds) = (plotted.x_bounds, plotted.y_bounds);
    let xs = sample_grid(&plotted);
    for (s, source) in plotted.series.iter_mut().zip(&sources) {
        s.runs = sample_source(source, &xs, x_bounds, Some(y_bounds), eval);
    }
    plotted
}

/// What a chart shows around its series.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: Option<String>,
    pub x_bounds: (f64, f64),
    pub y_bounds: (f64, f64),
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    /// Widen the x or the y range so one unit is as long across as up at
    /// this size: a square looks square (see [`equal_aspect`]).
    pub equal_aspect: bool,
    /// Draw the axes and their ticks; `false` for a drawing whose
    /// coordinates mean nothing to the reader (a computation graph).
    pub axes: bool,
}

/// A chart of `series` (sampled or not yet) in `frame`, with ticks chosen
/// for `width` x `height` cells. Lesson charts and explorers share it, so
/// both get the same axes, ticks and legend.
pub fn frame(mut frame: Frame, series: Vec<Series>, width: u16, height: u16) -> Plotted {
    if frame.equal_aspect {
        // The plotting area depends on the tick labels, which depend on the
        // ranges: settle in two rounds (a label one character wider moves
        // the ratio by a column at most).
        // Each round widens the ranges as written, at the canvas size the
        // previous round's labels leave.
        let given = (frame.x_bounds, frame.y_bounds);
        for _ in 0..2 {
            let probe = self::frame(
                Frame {
                    equal_aspect: false,
                    ..frame.clone()
                },
                Vec::new(),
                width,
                height,
            );
            if let Some(l) = layout(&probe, width, height, BRAILLE_DOTS) {
                (frame.x_bounds, frame.y_bounds) =
                    equal_aspect(given.0, given.1, l.canvas.width, l.canvas.height);
            }
        }
    }
    // An empty label is no label: it should not take a row.
    let text = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let mut plotted = Plotted {
        title: text(frame.title),
        x_bounds: frame.x_bounds,
        y_bounds: frame.y_bounds,
        x_ticks: Vec::new(),
        y_ticks: Vec::new(),
        x_tick_labels: Vec::new(),
        y_tick_labels: Vec::new(),
        x_label: text(frame.x_label),
        y_label: text(frame.y_label),
        series,
        marks: Vec::new(),
        heights: None,
        texts: Vec::new(),
        edges: Vec::new(),
        axes: frame.axes,
        width,
        height,
    };
    if !frame.axes {
        // No ticks: no gutter for their labels either.
        return plotted;
    }
    // The rows available decide the y ticks; their labels decide the
    // gutter, which decides the columns available for x ticks and samples.
    let rows = layout(&plotted, width, height, BRAILLE_DOTS).map_or(height, |l| l.canvas.height);
    let (y_ticks, y_labels) = ticks::choose(
        frame.y_bounds.0,
        frame.y_bounds.1,
        usize::from(rows / 2).max(1),
        None,
    );
    plotted.y_ticks = y_ticks;
    plotted.y_tick_labels = y_labels;
    let cols = canvas_columns(&plotted);
    let (x_ticks, x_labels) = ticks::choose(
        frame.x_bounds.0,
        frame.x_bounds.1,
        usize::from(cols / 8).max(1),
        Some(usize::from(cols)),
    );
    plotted.x_ticks = x_ticks;
    plotted.x_tick_labels = x_labels;
    plotted
}

/// `x` and `y` with one of them widened so a unit spans
/// as many braille dots across as up on a `cols` x `rows` canvas. A braille
/// dot is about square (a cell is twice as tall as wide and holds 2 x 4
/// dots), so equal units per dot is equal length on screen.
pub fn equal_aspect(
    x: (f64, f64),
    y: (f64, f64),
    cols: u16,
    rows: u16,
) -> ((f64, f64), (f64, f64)) {
    let dots_x = f64::from(cols.max(1)) * f64::from(BRAILLE_DOTS.0);
    let dots_y = f64::from(rows.max(1)) * f64::from(BRAILLE_DOTS.1);
    let (per_x, per_y) = ((x.1 - x.0) / dots_x, (y.1 - y.0) / dots_y);
    if !(per_x.is_finite() && per_y.is_finite() && per_x > 0.0 && per_y > 0.0) {
        return (x, y);
    }
    // Grow away from the axis: a range on one side of zero keeps its end
    // nearest to it (a first-quadrant picture stays in the first quadrant);
    // one across zero grows at both ends, about its middle.
    let widen = |(lo, hi): (f64, f64), span: f64| {
        if lo >= 0.0 {
            (lo, lo + span)
        } else if hi <= 0.0 {
            (hi - span, hi)
        } else {
            let mid = (lo + hi) / 2.0;
            (mid - span / 2.0, mid + span / 2.0)
        }
    };
    if per_x > per_y {
        (x, widen(y, per_x * dots_y))
    } else {
        (widen(x, per_y * dots_x), y)
    }
}

/// The columns of the plotting area of `plotted` at its own size.
pub fn canvas_columns(plotted: &Plotted) -> u16 {
    layout(plotted, plotted.width, plotted.height, BRAILLE_DOTS)
        .map_or(plotted.width, |l| l.canvas.width)
}

/// The x values to sample a function at for `plotted`: one per braille
/// dot column across its x range.
pub fn sample_grid(plotted: &Plotted) -> Vec<f64> {
    sample::grid(
        plotted.x_bounds.0,
        plotted.x_bounds.1,
        usize::from(canvas_columns(plotted).max(1)) * usize::from(BRAILLE_DOTS.0),
    )
}

/// `f` sampled at `xs` into runs, broken where it is undefined or jumps
/// past the visible `y` range (an asymptote).
pub fn sample_runs<F: Fn(f64) -> f64>(
    f: F,
    xs: &[f64],
    y_visible: (f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    sample::runs(f, xs, Some(y_visible))
}

/// The runs of one source sampled at `xs` (the grid over the x range).
fn sample_source(
    source: &Source,
    xs: &[f64],
    x_bounds: (f64, f64),
    visible: Option<(f64, f64)>,
    eval: Eval,
) -> Vec<Vec<(f64, f64)>> {
    let span = x_bounds.1 - x_bounds.0;
    // Each piece is sampled on its own, clipped to the visible x range, so
    // a jump between pieces is a gap between runs.
    let per_piece = |pieces: &[Piece], derivative: bool| -> Vec<Vec<(f64, f64)>> {
        pieces
            .iter()
            .flat_map(|p| {
                let from = p.from.max(x_bounds.0);
                let to = p.to.min(x_bounds.1);
                let f = |x: f64| eval(&p.expr, x);
                let pxs = sample::xs_within(xs, from, to);
                if derivative {
                    let d = |x| sample::derivative(&f, x, (p.from, p.to), span);
                    sample::runs(d, &pxs, visible)
                } else {
                    sample::runs(f, &pxs, visible)
                }
            })
            .collect()
    };
    match source {
        Source::Expr(e) => sample::runs(|x| eval(e, x), xs, visible),
        Source::DerivativeOfExpr(e) => {
            let f = |x: f64| eval(e, x);
            let whole_line = (f64::NEG_INFINITY, f64::INFINITY);
            sample::runs(|x| sample::derivative(&f, x, whole_line, span), xs, visible)
        }
        Source::Pieces(ps) => per_piece(ps, false),
        Source::DerivativeOfPieces(ps) => per_piece(ps, true),
        Source::Points(pts) => {
            let kept: Vec<(f64, f64)> = pts
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
            if kept.is_empty() {
                Vec::new()
            } else {
                vec![kept]
            }
        }
    }
}

/// `(lo, hi)` if it is a usable range; a zero-width one is widened by 1.
fn sane_range((lo, hi): (f64, f64)) -> Option<(f64, f64)> {
    if !(lo.is_finite() && hi.is_finite()) || lo > hi {
        return None;
    }
    if lo == hi {
        return Some((lo - 1.0, hi + 1.0));
    }
    Some((lo, hi))
}

/// The legend label of a plot's derivative: "s(t) = 40t + 20t²" becomes
/// "s′(t)", "y = x²" becomes "y′", anything else "derivative of …".
pub fn derivative_label(label: Option<&str>) -> String {
    let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) else {
        return "derivative".to_string();
    };
    let name_end = label
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '_'))
        .map_or(label.len(), |(i, _)| i);
    let (name, rest) = label.split_at(name_end);
    if !name.is_empty() {
        // "f(x) ..." -> "f′(x)"
        if let Some(args) = rest.strip_prefix('(')
            && let Some(close) = args.find(')')
        {
            return format!("{name}′({})", &args[..close]);
        }
        // "y = ..." or just "y" -> "y′"
        if rest.is_empty() || rest.trim_start().starts_with('=') {
            return format!("{name}′");
        }
    }
    format!("derivative of {label}")
}

#[cfg(test)]
mod tests;
