//! The chart model: what a lesson's `chart` block (and an explorer's
//! canvas) says to draw, validated. `lesson` composes it; sampling and
//! layout (the rest of `chart`) read it.

use crate::expr::Expr;

#[derive(Debug, Clone)]
pub struct Chart {
    pub title: Option<String>,
    /// The horizontal variable's name in the plots' expressions.
    pub var: String,
    pub x: (f64, f64),
    pub y: Option<(f64, f64)>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub plots: Vec<Plot>,
    /// `aspect = "equal"`: one unit as long across as up.
    pub equal_aspect: bool,
}

#[derive(Debug, Clone)]
pub struct Plot {
    pub data: PlotData,
    pub label: Option<String>,
    pub style: LineStyle,
    pub color: Option<ColorName>,
    /// Also draw this plot's derivative, dashed.
    pub derivative: bool,
    /// Points drawn as open dots (`hollow = true` on a `points` plot).
    pub hollow: bool,
}

#[derive(Debug, Clone)]
pub enum PlotData {
    /// A function of the chart's variable (parsed with `vars = [var]`).
    Expr(Expr),
    /// A piecewise function: each piece on `[from, to]`.
    Pieces(Vec<Piece>),
    /// Marked points.
    Points(Vec<(f64, f64)>),
}

#[derive(Debug, Clone)]
pub struct Piece {
    pub from: f64,
    pub to: f64,
    pub expr: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    #[default]
    Solid,
    Dashed,
    Dots,
}

/// The colour names a lesson may use. Kept here, not as a ratatui type, so
/// the model stays free of terminal code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorName {
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Orange,
    Gray,
    White,
}

impl ColorName {
    pub const ALL: [(&'static str, ColorName); 10] = [
        ("red", ColorName::Red),
        ("green", ColorName::Green),
        ("yellow", ColorName::Yellow),
        ("blue", ColorName::Blue),
        ("magenta", ColorName::Magenta),
        ("cyan", ColorName::Cyan),
        ("orange", ColorName::Orange),
        ("gray", ColorName::Gray),
        ("grey", ColorName::Gray),
        ("white", ColorName::White),
    ];

    pub fn from_name(name: &str) -> Option<ColorName> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, c)| *c)
    }
}
