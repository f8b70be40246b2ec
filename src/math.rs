//! LaTeX subset to terminal text (STUB: replaced by the math work).

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct MathOptions {
    /// Plain ASCII only: no box drawing, arrows or superscripts.
    pub ascii: bool,
}

/// A two-dimensional display layout: lines of equal display width, with the
/// baseline row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Display {
    pub lines: Vec<String>,
    pub baseline: usize,
}

impl Display {
    pub fn width(&self) -> usize {
        self.lines
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
            .max()
            .unwrap_or(0)
    }
}

/// Lay out `tex` for display (`$$...$$`, `math` blocks).
pub fn display(tex: &str, opts: MathOptions) -> Display {
    let _ = opts;
    Display {
        lines: vec![tex.to_string()],
        baseline: 0,
    }
}

/// Render `tex` on one line, for `$...$` inside prose and table cells.
pub fn inline(tex: &str, opts: MathOptions) -> String {
    let _ = opts;
    tex.to_string()
}

/// A construct outside the subset, or a structural problem, found in `tex`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathWarning {
    /// 0-based char offset into the tex source.
    pub offset: usize,
    pub message: String,
}

/// Problems `check` should warn about.
pub fn lint(tex: &str) -> Vec<MathWarning> {
    let _ = tex;
    Vec::new()
}

/// Lay out `tex` for display within `max_width` columns (STUB: the math work
/// provides the real one; breaks nothing, only falls back to inline text
/// when the display is too wide).
pub fn display_fit(tex: &str, opts: MathOptions, max_width: usize) -> Display {
    let d = display(tex, opts);
    if d.width() <= max_width {
        d
    } else {
        Display {
            lines: vec![inline(tex, opts)],
            baseline: 0,
        }
    }
}
