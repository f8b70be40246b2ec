//! The validated lesson model: what a lesson *is* once it has been read and
//! checked. Everything downstream (the app, rendering, quiz checking, charts)
//! works with these types and never sees raw TOML.
//!
//! Reading and checking live in [`load`] (the raw serde mirror is in
//! `raw`); a value of these types is always complete and valid, so code that
//! consumes a [`Lesson`] does not re-validate.

mod explore_block;
pub mod format;
pub mod load;
mod raw;
pub mod scaffold;
mod scan;

use crate::expr::Expr;

pub use load::{Diagnostic, LoadError, Loaded, Severity};

/// The lesson format version this build understands.
pub const FORMAT_VERSION: u32 = 1;

/// A position in a lesson file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// The chart model is the chart module's; a lesson composes it.
pub use crate::chart::{Chart, ColorName, LineStyle, Piece, Plot, PlotData};

/// A complete, validated lesson.
#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub part: Option<u32>,
    pub requires: Vec<String>,
    /// Footnotes in file order: id and Markdown text.
    pub footnotes: Vec<Footnote>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Lesson {
    /// Every question of the lesson, in reading order (inside `details`
    /// too): the one walk over blocks for code that wants questions.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(Section::questions)
    }
}

impl Section {
    /// The section's questions, in reading order (inside `details` too).
    pub fn questions(&self) -> Vec<&Question> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Question>) {
            for b in blocks {
                match &b.kind {
                    BlockKind::Quiz(q) => out.extend(q.questions.iter()),
                    BlockKind::Details { blocks, .. } => walk(blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

/// One block of a section, with where it starts in the file (for warnings
/// that are found after loading, such as overflow checks).
#[derive(Debug, Clone)]
pub struct Block {
    pub pos: Pos,
    pub kind: BlockKind,
}

#[derive(Debug, Clone)]
pub enum BlockKind {
    /// Markdown prose.
    Text {
        text: String,
    },
    /// A display formula in the LaTeX subset.
    Math {
        tex: String,
    },
    /// A framed call-out.
    Aside {
        title: String,
        text: String,
    },
    /// A collapsible layer; `open` is how it starts.
    Details {
        title: String,
        open: bool,
        blocks: Vec<Block>,
    },
    Chart(Chart),
    Explore(crate::explore::Explorer),
    Quiz(Quiz),
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub title: Option<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub pos: Pos,
    /// Markdown.
    pub prompt: String,
    pub answer: Answer,
    pub hints: Vec<String>,
    /// Markdown, shown once solved or given up.
    pub explain: Option<String>,
    pub feedback: Vec<Feedback>,
    /// Author's samples that must be accepted / rejected (run by `check`).
    pub right: Vec<String>,
    pub wrong: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Feedback {
    /// Compared the same way as the question's answer.
    pub answer: String,
    /// Markdown.
    pub say: String,
}

#[derive(Debug, Clone)]
pub enum Answer {
    Number {
        /// The answer's source text, for showing it ("1/2").
        text: String,
        value: f64,
        /// Absolute tolerance; `None` means 1e-6 relative to max(1, |value|).
        tolerance: Option<f64>,
    },
    Expression {
        text: String,
        expr: Expr,
        vars: Vec<String>,
        /// Where sample points are drawn from; `None` is the default spread.
        domain: Option<(f64, f64)>,
    },
    Choice {
        choices: Vec<String>,
        /// Indices into `choices` of the right ones.
        correct: Vec<usize>,
        /// Select-all question (the answer was given as a list).
        multiple: bool,
    },
    Text {
        accepted: Vec<String>,
    },
}
