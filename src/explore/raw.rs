//! An `explore` block as written, before validation: plain values with the
//! byte span each came from. The lesson loader fills these from the TOML
//! tree (it owns key and type checks); [`super::Explorer::build`] checks
//! what only an explorer knows (names, ranges, expressions).

use std::ops::Range;

/// A value and the byte span of the file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> At<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        At { value, span }
    }
}

/// A coordinate pair, each an expression (a number is written as its text).
pub type RawCoord = [At<String>; 2];

#[derive(Debug, Clone)]
pub struct RawExplore {
    /// The whole block.
    pub span: Range<usize>,
    pub title: Option<String>,
    pub var: Option<At<String>>,
    pub x: Option<At<(f64, f64)>>,
    pub y: Option<At<(f64, f64)>>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    /// `aspect = "equal"`: one unit across is as long as one unit up.
    pub equal_aspect: bool,
    /// `axes = false`: no axes or ticks (a drawing, not a graph).
    pub axes: bool,
    pub sliders: Vec<RawSlider>,
    pub points: Vec<RawPoint>,
    pub lets: Vec<RawLet>,
    pub draws: Vec<RawDraw>,
    pub readouts: Vec<RawReadout>,
    pub tables: Vec<RawTable>,
    pub paths: Vec<RawPath>,
}

impl Default for RawExplore {
    fn default() -> Self {
        RawExplore {
            span: 0..0,
            title: None,
            var: None,
            x: None,
            y: None,
            x_label: None,
            y_label: None,
            equal_aspect: false,
            axes: true,
            sliders: Vec::new(),
            points: Vec::new(),
            lets: Vec::new(),
            draws: Vec::new(),
            readouts: Vec::new(),
            tables: Vec::new(),
            paths: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RawSlider {
    pub span: Range<usize>,
    pub name: At<String>,
    pub label: Option<String>,
    pub min: At<f64>,
    pub max: At<f64>,
    pub step: Option<At<f64>>,
    pub big_step: Option<At<f64>>,
    pub start: Option<At<f64>>,
    pub unit: Option<String>,
    /// `play = true`: the learner's play key advances it on a timer.
    pub play: Option<At<bool>>,
    /// Seconds per step while playing.
    pub play_every: Option<At<f64>>,
}

#[derive(Debug, Clone)]
pub struct RawPoint {
    pub span: Range<usize>,
    pub name: At<String>,
    pub label: Option<String>,
    pub start: At<(f64, f64)>,
    pub x: Option<At<(f64, f64)>>,
    pub y: Option<At<(f64, f64)>>,
    pub step: Option<At<f64>>,
    pub color: Option<At<String>>,
}

#[derive(Debug, Clone)]
pub struct RawLet {
    pub name: At<String>,
    pub expr: At<String>,
}

/// One shape: exactly one of `plot`, `pieces`, `segment`, `line`, `rect`,
/// `point`, `bezier`, `contour`, `arrow`, `text`, `node`, `edge` is given
/// (`text` is also the caption of a `node` or an `edge`).
#[derive(Debug, Clone, Default)]
pub struct RawDraw {
    pub span: Range<usize>,
    pub plot: Option<At<String>>,
    pub pieces: Option<Vec<RawPiece>>,
    pub segment: Option<[RawCoord; 2]>,
    pub line: Option<[RawCoord; 2]>,
    pub rect: Option<[RawCoord; 2]>,
    pub point: Option<RawCoord>,
    pub bezier: Option<Vec<At<String>>>,
    pub label: Option<String>,
    pub style: Option<At<String>>,
    pub color: Option<At<String>>,
    pub fill: bool,
    /// A `point` drawn as an open dot.
    pub hollow: bool,
    /// A function of the canvas coordinates, drawn as contour lines.
    pub contour: Option<At<String>>,
    /// The names of the coordinates in `contour`.
    pub vars: Option<Vec<At<String>>>,
    pub levels: Option<At<Vec<f64>>>,
    /// A shaded height map under a `contour`.
    pub shade: bool,
    /// Tail and head.
    pub arrow: Option<[RawCoord; 2]>,
    /// A text on the canvas, or the caption of a `node` or an `edge`.
    pub text: Option<At<String>>,
    pub at: Option<RawCoord>,
    pub precision: Option<At<i64>>,
    pub align: Option<At<String>>,
    /// The centre of a node's box.
    pub node: Option<RawCoord>,
    pub name: Option<At<String>>,
    /// The names of the two nodes an edge joins, from and to.
    pub edge: Option<Vec<At<String>>>,
}

/// One piece of a piecewise `plot`: the expression on `[from, to]`.
#[derive(Debug, Clone)]
pub struct RawPiece {
    pub from: At<f64>,
    pub to: At<f64>,
    pub expr: At<String>,
}

#[derive(Debug, Clone)]
pub struct RawReadout {
    pub label: String,
    pub expr: At<String>,
    pub precision: Option<At<i64>>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RawTable {
    pub span: Range<usize>,
    pub title: Option<String>,
    /// The row variable's name; default "x".
    pub var: Option<At<String>>,
    pub rows: At<Vec<f64>>,
    pub columns: Vec<RawColumn>,
}

#[derive(Debug, Clone)]
pub struct RawColumn {
    pub head: String,
    pub expr: At<String>,
    pub precision: Option<At<i64>>,
}

/// A path by recurrence: a state, where it starts, how it is updated and
/// how many updates are taken (see `super::path`).
#[derive(Debug, Clone)]
pub struct RawPath {
    pub span: Range<usize>,
    pub name: At<String>,
    pub vars: At<Vec<At<String>>>,
    /// One number or expression per var.
    pub start: At<Vec<At<String>>>,
    /// One expression per var.
    pub update: At<Vec<At<String>>>,
    pub steps: At<String>,
    /// Where each iterate is drawn: `[x, y]`.
    pub at: Option<At<Vec<At<String>>>>,
    pub label: Option<String>,
    pub color: Option<At<String>>,
}
