//! What does not fit: the notes [`super::doc::Mode::Check`] collects while
//! laying a section out, for `chalkdust check --width`. Prose notes come
//! from the Markdown layout itself ([`super::markdown::render_noting`]),
//! display formulas from [`super::markdown::display_overflow`]; charts are
//! measured here, the way the app draws them.

use crate::chart::{self, BRAILLE_DOTS};
use crate::lesson::{Chart, Pos};

/// Something that cannot fit, at the position of its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    pub pos: Pos,
    pub message: String,
}

/// What of chart `c` cannot be shown at `width` columns: laid out the way
/// the app draws it, with braille density.
pub fn chart_overflows(c: &Chart, width: usize) -> Vec<String> {
    let w = u16::try_from(width).unwrap_or(u16::MAX);
    let h = chart::height_for(w);
    let plotted = chart::plot(c, w, h);
    let Some(layout) = chart::layout(&plotted, w, h, BRAILLE_DOTS) else {
        return vec![format!(
            "the plotting area would be narrower than {} columns at a width of {width} (the y tick labels take the room)",
            chart::MIN_CANVAS.0
        )];
    };
    let mut out = Vec::new();
    let wide = |s: &str| usize::from(chart::text_width(s)) > width;
    if let Some(t) = &plotted.title
        && (layout.title.is_none() || wide(t))
    {
        out.push(format!("the title \"{t}\" does not fit"));
    }
    if let Some(l) = &plotted.x_label
        && (layout.x_label.is_none() || wide(l))
    {
        out.push(format!("the x label \"{l}\" does not fit"));
    }
    if let Some(l) = &plotted.y_label
        && (layout.y_label.is_none() || wide(l))
    {
        out.push(format!("the y label \"{l}\" does not fit"));
    }
    for (i, s) in plotted.series.iter().enumerate() {
        let Some(label) = &s.label else { continue };
        match layout.legend.iter().find(|item| item.series == i) {
            None => out.push(format!(
                "the legend has no room for \"{label}\" (at most three lines)"
            )),
            Some(item) if item.label_width < chart::text_width(label) => out.push(format!(
                "the legend entry \"{label}\" is cut to {} columns",
                item.label_width
            )),
            Some(_) => {}
        }
    }
    out
}
