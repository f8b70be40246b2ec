//! The validated lesson model: what a lesson *is* once it has been read and
//! checked. Everything downstream (the app, rendering, quiz checking, charts)
//! works with these types and never sees raw TOML.
//!
//! Reading and checking live in [`load`] (the raw serde mirror is in
//! `raw`); a value of these types is always complete and valid, so code that
//! consumes a [`Lesson`] does not re-validate.

pub mod format;
pub mod load;
mod raw;
pub mod scaffold;
mod scan;
mod syntax;

use crate::expr::Expr;

pub use load::{Diagnostic, LoadError, Loaded, Severity};
pub use scan::dedent;

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
    pub header: Header,
    /// Footnotes in file order: id and Markdown text.
    pub footnotes: Vec<Footnote>,
    pub sections: Vec<Section>,
}

/// What a lesson says of itself at the top of its file: what a catalog
/// lists, and what a lesson carries. Declared once: the loader fills it,
/// the library lists it, and a broken file's is read as far as it goes
/// ([`load::read_header`]: an `id` or `title` that cannot be read is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub part: Option<u32>,
    pub requires: Vec<String>,
}

impl Header {
    /// The id, unless it could not be read (a broken file's header).
    pub fn known_id(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|id| !id.is_empty())
    }
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

impl Lesson {
    /// Put each question with parameters on its variant for the learner
    /// known by `learner` (an SSH key, a data folder) at try `try_of(id)`;
    /// each is built from its own kept table.
    pub fn personalise(&mut self, learner: &str, try_of: impl Fn(&str) -> u32) {
        let varied = self.variants_for(learner, try_of);
        for q in self.questions_mut() {
            if let Some(v) = varied.get(&q.id) {
                *q = v.clone();
            }
        }
    }

    /// The questions with parameters that the learner known by `learner`
    /// sees, at try `try_of(id)`, on other values than the lesson's own:
    /// what [`Lesson::personalise`] would change, without changing the
    /// lesson, so that one lesson serves every learner of a server.
    pub fn variants_for(&self, learner: &str, try_of: impl Fn(&str) -> u32) -> Varied {
        let lesson = &self.header.id;
        self.questions()
            .filter_map(|q| {
                let built = q.varied_for(learner, lesson, try_of(&q.id))?;
                Some((q.id.clone(), built))
            })
            .collect()
    }

    /// Every question, in reading order, to change (a learner's variants).
    pub fn questions_mut(&mut self) -> Vec<&mut Question> {
        fn walk<'a>(blocks: &'a mut [Block], out: &mut Vec<&'a mut Question>) {
            for b in blocks {
                match &mut b.kind {
                    BlockKind::Quiz(q) => out.extend(q.questions.iter_mut()),
                    BlockKind::Details { blocks, .. } => walk(blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for s in &mut self.sections {
            walk(&mut s.blocks, &mut out);
        }
        out
    }
}

impl Section {
    /// The section's questions, in reading order (inside `details` too).
    pub fn questions(&self) -> Vec<&Question> {
        let mut out = Vec::new();
        for b in &self.blocks {
            b.questions_into(&mut out);
        }
        out
    }
}

impl Block {
    /// The block's questions, in reading order (inside `details` too).
    pub fn questions(&self) -> Vec<&Question> {
        let mut out = Vec::new();
        self.questions_into(&mut out);
        out
    }

    fn questions_into<'a>(&'a self, out: &mut Vec<&'a Question>) {
        match &self.kind {
            BlockKind::Quiz(q) => out.extend(q.questions.iter()),
            BlockKind::Details { blocks, .. } => {
                for b in blocks {
                    b.questions_into(out);
                }
            }
            _ => {}
        }
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
    /// `number` questions: a relative tolerance (`relative = 0.01`).
    pub relative: Option<f64>,
    /// `number` questions: the answer is to be given to this many
    /// significant figures (`sigfigs = 3`).
    pub sigfigs: Option<u32>,
    /// `expression` questions: answers that differ from `answer` by a
    /// constant are right, and a trailing `+ C` is allowed.
    pub up_to_constant: bool,
    /// The form a right answer must also be written in (`form = "..."`).
    pub form: Option<Form>,
    /// A question with parameters: which variant this is, and how to build
    /// another. `None` for a question without parameters.
    pub variant: Option<Variant>,
}

/// One learner's questions on other values than their lesson's own, by
/// question id ([`Lesson::variants_for`]): all a session copies of a
/// lesson that every session of a server shares. Few entries.
pub type Varied = std::collections::BTreeMap<String, Question>;

/// No variants: a lesson as written (printing, checking).
pub static AS_WRITTEN: Varied = Varied::new();

/// One variant of a question with parameters.
#[derive(Debug, Clone)]
pub struct Variant {
    pub params: std::sync::Arc<[crate::quiz::params::Param]>,
    /// One value per parameter, in order.
    pub values: Vec<f64>,
    pub(crate) source: std::sync::Arc<load::VariantSource>,
}

impl Variant {
    /// "a = 3, n = 2".
    pub fn describe(&self) -> String {
        crate::quiz::params::describe(&self.params, &self.values)
    }
}

impl Question {
    /// This question with the parameter values `values` (another variant);
    /// `None` for a question without parameters or values it cannot take.
    pub fn with_values(&self, values: &[f64]) -> Option<Question> {
        let variant = self.variant.as_ref()?;
        if values.len() != variant.params.len() {
            return None;
        }
        load::instantiate(variant, values)
    }

    /// The variant of try `try_no` for a learner known by `learner` (an SSH
    /// key, a data folder) in lesson `lesson`; the question itself when it
    /// has no parameters.
    pub fn variant_for(&self, learner: &str, lesson: &str, try_no: u32) -> Question {
        self.varied_for(learner, lesson, try_no)
            .unwrap_or_else(|| self.clone())
    }

    /// [`Question::variant_for`] when it differs from the question as
    /// written (other values, which it can take); `None` otherwise: what a
    /// learner keeps of their own ([`Lesson::variants_for`]).
    pub fn varied_for(&self, learner: &str, lesson: &str, try_no: u32) -> Option<Question> {
        let variant = self.variant.as_ref()?;
        let values =
            crate::quiz::params::draw_try(&variant.params, learner, lesson, &self.id, try_no);
        if values == variant.values {
            return None;
        }
        self.with_values(&values)
    }
}

/// The forms a question may ask an answer to be written in; judged by
/// `quiz::form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A number question: a plain number, not a calculation (`17*23`).
    Value,
    /// A sum of terms: no sum multiplied, divided or raised to a power.
    Expanded,
    /// A product of factors that cannot be split further.
    Factored,
    /// The author's answer up to order, brackets and trivial identities.
    Simplified,
}

impl Form {
    /// Every form with its name in lesson files, in `format::FORMS` order.
    pub const ALL: [(&'static str, Form); 4] = [
        ("value", Form::Value),
        ("expanded", Form::Expanded),
        ("factored", Form::Factored),
        ("simplified", Form::Simplified),
    ];

    pub fn from_name(name: &str) -> Option<Form> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    /// The question type that takes this form.
    pub fn question_type(self) -> &'static str {
        match self {
            Form::Value => "number",
            _ => "expression",
        }
    }

    /// How a miss is named: "Equal, but not {adjective}".
    pub fn adjective(self) -> &'static str {
        match self {
            Form::Value => "worked out",
            Form::Expanded => "expanded",
            Form::Factored => "factored",
            Form::Simplified => "simplified",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Feedback {
    /// Compared the same way as the question's answer (on a vector
    /// question with `component`, the way that component is).
    pub answer: String,
    /// Vector questions: the 0-based component this feedback is about;
    /// `None`, the whole answer.
    pub component: Option<usize>,
    /// Markdown.
    pub say: String,
}

#[derive(Debug, Clone)]
pub enum Answer {
    Number {
        /// The answer's source text, for showing it ("1/2").
        text: String,
        value: f64,
        /// Absolute tolerance. With none (and no `relative` or `sigfigs` on
        /// the question), a whole number must be matched exactly and any
        /// other within a relative 1e-6.
        tolerance: Option<f64>,
    },
    Expression {
        text: String,
        expr: Expr,
        vars: Vec<String>,
        /// Where sample points are drawn from; `None` is the default spread.
        domain: Option<(f64, f64)>,
        /// Chart-only functions this question's answers may use
        /// (`functions = ["floor"]`).
        functions: crate::expr::FuncSet,
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
    /// Components judged one by one, each as an expression answer.
    Vector {
        /// The answer as shown: "(2x, 8y)".
        text: String,
        components: Vec<Expr>,
        vars: Vec<String>,
        domain: Option<(f64, f64)>,
        functions: crate::expr::FuncSet,
    },
}
