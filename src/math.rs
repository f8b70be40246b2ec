//! The LaTeX subset of lessons laid out as terminal text: a two-dimensional
//! display form (fraction bars, limits under `lim`, raised exponents, tall
//! brackets) and a one-line inline form, in Unicode or plain ASCII.
//!
//! What belongs here: parsing the subset, the box model and display layout,
//! the inline form, breaking wide formulas, and the warnings `check` reports.
//! No colours and no terminal: the UI styles the lines this module returns.
//! Files: `parse` (source to tree), `symbols` (tables), `boxes` (the box
//! model), `layout` (display and spacing rules), `flat` (one line), `fit`
//! (breaking wide formulas), `tests` (golden snapshots in `snapshots/`).
//!
//! Pipeline: source → `parse::parse` (a tree of nodes plus warnings; it never
//! fails, anything it cannot read becomes source text shown as written) →
//! `layout` (each node a box with width, height and baseline; rows joined on
//! baselines; fractions stacked and centred with the baseline on the bar;
//! limits centred under and over operators) or `flat` (one line).
//!
//! Why hand-written and not the `term-maths` crate (1.0.0): tried against the
//! subset and the Derivatives lesson, it lays out fractions, limits and tall
//! brackets well, but it accepts malformed input silently (`\frac{1}{` comes
//! out as a fraction with an empty denominator, so `check` could not warn),
//! drops the braces of unknown commands (`\foo{x}` comes out as `\foox`), puts
//! `x_{n+1}` on two lines instead of `xₙ₊₁`, reports no source positions, has
//! no one-line form and no ASCII mode, and draws `\mathbf` with mathematical
//! alphanumeric characters many terminal fonts lack. (Checked by rendering
//! the lesson's formulas and the malformed cases with it in a scratch crate.) Each of those is a
//! requirement here, so the layout is our own, following the known box model.

mod boxes;
mod fit;
mod flat;
mod layout;
mod parse;
mod symbols;

#[cfg(test)]
mod tests;

use layout::{Spacing, Style};
/// The one table of Unicode superscripts; the expression printer raises
/// whole exponents with it too (`x²`).
pub(crate) use symbols::superscript;
use unicode_width::UnicodeWidthStr;

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct MathOptions {
    /// Plain ASCII only: no box drawing, arrows, superscripts or Greek
    /// (`-` bars, `->`, `^2`, `Delta`). Text the author wrote is kept.
    pub ascii: bool,
}

/// A two-dimensional display layout: lines of equal display width, with the
/// baseline row (the row that holds fraction bars and `=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Display {
    pub lines: Vec<String>,
    pub baseline: usize,
}

impl Display {
    /// Width in terminal columns (every line has this width).
    pub fn width(&self) -> usize {
        self.lines.iter().map(|l| l.width()).max().unwrap_or(0)
    }

    fn from_box(b: boxes::MBox) -> Display {
        let b = b.normalised();
        Display {
            lines: b.lines,
            baseline: b.baseline,
        }
    }
}

fn style(opts: MathOptions) -> Style {
    Style {
        ascii: opts.ascii,
        script: false,
    }
}

/// Lay out `tex` for display (`$$...$$`, `math` blocks).
///
/// Never fails: whatever is outside the subset is shown as written.
pub fn display(tex: &str, opts: MathOptions) -> Display {
    let parsed = parse::parse(tex);
    Display::from_box(layout::list(&parsed.nodes, style(opts)))
}

/// Lay out `tex` for display within `max_width` columns where possible.
///
/// When the layout is wider, it is broken before top-level relations and
/// operators (`=`, `+`, `−`, `≈`, `→` ...) into stacked rows, continuation
/// rows indented. A piece with no break point that is still too wide is
/// returned as it is, wider than `max_width`, for the caller to mark.
pub fn display_fit(tex: &str, opts: MathOptions, max_width: usize) -> Display {
    let parsed = parse::parse(tex);
    Display::from_box(fit::fit(&parsed.nodes, style(opts), max_width))
}

/// Render `tex` on one line, for `$...$` inside prose and table cells:
/// Unicode superscripts and subscripts where they exist, `a/b` fractions.
///
/// ```
/// use chalkdust::math::{inline, MathOptions};
///
/// assert_eq!(inline(r"(x^n)' = n \cdot x^{n-1}", MathOptions::default()), "(xⁿ)′ = n · xⁿ⁻¹");
/// assert_eq!(inline(r"\Delta x \to 0", MathOptions { ascii: true }), "Delta x -> 0");
/// ```
pub fn inline(tex: &str, opts: MathOptions) -> String {
    let parsed = parse::parse(tex);
    flat::list(&parsed.nodes, opts.ascii, Spacing::Normal)
}

/// A construct outside the subset, or a structural problem, found in `tex`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathWarning {
    /// 0-based char offset into the tex source.
    pub offset: usize,
    pub message: String,
}

/// Problems `check` should warn about: unknown commands, unbalanced braces,
/// missing arguments, `\left` without `\right`. In source order.
pub fn lint(tex: &str) -> Vec<MathWarning> {
    let mut warnings = parse::parse(tex).warnings;
    warnings.sort_by_key(|w| w.offset);
    warnings
}
