//! Charts: a lesson chart sampled into drawable series, with bounds and
//! ticks (STUB: the interface the UI codes against; replaced by the chart
//! work). Pure: no terminal code here.

use crate::lesson::{self, ColorName, LineStyle};

/// One drawable series: connected runs of points (a gap between runs is a
/// jump or an undefined stretch, never to be joined), or marked points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: Option<String>,
    pub style: LineStyle,
    pub color: Option<ColorName>,
    pub runs: Vec<Vec<(f64, f64)>>,
    /// Marked points rather than a line.
    pub points: bool,
}

/// A chart ready to draw at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub title: Option<String>,
    pub x_bounds: (f64, f64),
    pub y_bounds: (f64, f64),
    pub x_ticks: Vec<f64>,
    pub y_ticks: Vec<f64>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub series: Vec<Series>,
    /// The size in cells this was sampled for.
    pub width: u16,
    pub height: u16,
}

/// The height in rows a chart takes at `width` columns.
pub fn height_for(width: u16) -> u16 {
    (width / 4).clamp(8, 20)
}

/// Sample `chart` for drawing in `width` x `height` cells.
pub fn plot(chart: &lesson::Chart, width: u16, height: u16) -> Plotted {
    Plotted {
        title: chart.title.clone(),
        x_bounds: chart.x,
        y_bounds: chart.y.unwrap_or((0.0, 1.0)),
        x_ticks: Vec::new(),
        y_ticks: Vec::new(),
        x_label: chart.x_label.clone(),
        y_label: chart.y_label.clone(),
        series: Vec::new(),
        width,
        height,
    }
}
