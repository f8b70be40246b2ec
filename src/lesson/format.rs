//! The lesson format described once, as data: every kind of table a lesson
//! file holds, its keys, each key's value type, whether it is required, the
//! values it allows and a one-line description.
//!
//! This is the single source of truth for *which keys exist*. The loader's
//! unknown-key checks take their key lists from here (through the
//! `key_names!` family of macros, evaluated at compile time), and the JSON
//! Schema shipped as `docs/lesson.schema.json` is generated from here by
//! [`json_schema`], so the two cannot drift apart. What a key *means* beyond
//! its shape (an expression parses, an answer is among the choices, a range
//! is increasing) is checked by the loader only.
//!
//! The schema declares draft-07 and keeps to draft-04 constructs where it
//! can (`definitions`, one-valued `enum` rather than `const`), which taplo
//! (Even Better TOML) reads for completion and hovers. Block kinds and
//! question types are told apart with draft-07 `if`/`then` on `kind` and
//! `type`, never a bare `oneOf` of the alternatives: a validator reports a
//! failed `oneOf` with every branch's complaints (taplo printed 3 MB for one
//! misspelt key), while the `then` of the matching alternative names only
//! the wrong key.

use super::{ColorName, FORMAT_VERSION};

/// The shape of a key's value.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// The block's `kind` tag, with the one value it has in this table.
    Kind(&'static str),
    /// A plain string.
    Text,
    /// A string of Markdown (with `$...$` math and `[^footnote]` references).
    Markdown,
    /// A string of TeX in the supported LaTeX subset.
    Tex,
    /// A string in the expression language.
    Expr,
    /// A variable or parameter name.
    Name,
    /// An id: lowercase letters a-z, digits and `-`.
    Id,
    /// The format version: a whole number from 1 to [`FORMAT_VERSION`].
    Format,
    /// A whole number within bounds.
    Int { min: i64, max: i64 },
    /// A number, integer or float.
    Number,
    /// `true` or `false`.
    Bool,
    /// `[min, max]`: two numbers.
    Range,
    /// `[x, y]`: two numbers.
    Pair,
    /// `[x, y]`, each a number or an expression in quotes.
    Coord,
    /// `[[x1, y1], [x2, y2]]`, each coordinate a number or an expression.
    TwoCoords,
    /// A number or an expression in quotes.
    NumberOrExpr,
    /// A list, each item a number or an expression in quotes.
    Exprs,
    /// A list of strings; `min` items at least, `unique` when repeats are
    /// an error.
    Strings { min: usize, unique: bool },
    /// A list of ids.
    Ids,
    /// A list of Markdown strings.
    Markdowns,
    /// A list of numbers.
    Numbers,
    /// A list of `[x, y]` points.
    Points,
    /// One string of a fixed set.
    OneOf(&'static [&'static str]),
    /// A colour name, any letter case.
    Color,
    /// A question's answer: a number, a string or a list of strings.
    Answer,
    /// Sample answers: strings, or lists of strings for select-all choices.
    Samples,
    /// The `[footnotes]` table: footnote id = Markdown text.
    Footnotes,
    /// A list of tables (`[[...]]` or an inline list of inline tables).
    Tables { of: &'static TableSpec, min: usize },
    /// A list of blocks of any kind (`[[....block]]`).
    Blocks,
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub name: &'static str,
    pub value: Value,
    pub required: bool,
    /// The key is allowed only when another key has a value, e.g.
    /// `("type", "choice")`; with `required` it is required then.
    pub only_when: Option<(&'static str, &'static [&'static str])>,
    /// One line, for editor hovers and the reference.
    pub doc: &'static str,
}

impl KeySpec {
    const fn only_when(self, key: &'static str, values: &'static [&'static str]) -> KeySpec {
        KeySpec {
            only_when: Some((key, values)),
            ..self
        }
    }

    /// The key holds sub-tables (or blocks) rather than a value of the table
    /// itself.
    pub const fn is_child(&self) -> bool {
        matches!(self.value, Value::Tables { .. } | Value::Blocks)
    }
}

const fn req(name: &'static str, value: Value, doc: &'static str) -> KeySpec {
    KeySpec {
        name,
        value,
        required: true,
        only_when: None,
        doc,
    }
}

const fn opt(name: &'static str, value: Value, doc: &'static str) -> KeySpec {
    KeySpec {
        name,
        value,
        required: false,
        only_when: None,
        doc,
    }
}

const fn kind(value: &'static str) -> KeySpec {
    req("kind", Value::Kind(value), "The kind of block.")
}

/// One kind of table: the lesson, a section, a block of one kind, a plot...
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// Its name in the schema's `definitions`.
    pub name: &'static str,
    pub doc: &'static str,
    /// In the order the reference lists them (and messages name them).
    pub keys: &'static [KeySpec],
    /// Keys of which exactly one must be given (empty: no such rule).
    pub exactly_one: &'static [&'static str],
}

impl TableSpec {
    /// The block kind this table describes, if it is a block.
    pub const fn kind(&self) -> Option<&'static str> {
        match self.keys.first() {
            Some(KeySpec {
                value: Value::Kind(k),
                ..
            }) => Some(k),
            _ => None,
        }
    }

    /// The key named `name`.
    pub fn key(&self, name: &str) -> Option<&KeySpec> {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// Line styles of plots and drawings.
pub const STYLES: &[&str] = &["solid", "dashed", "dots"];

/// A chart's or explorer's `aspect`.
pub const ASPECTS: &[&str] = &["auto", "equal"];

const ASPECT_DOC: &str = "\"equal\" widens the x or y range so one unit is as long across as up (a square looks square at any width); default \"auto\", the ranges as given.";

/// Question types.
pub const QUESTION_TYPES: &[&str] = &["number", "expression", "choice", "text", "vector"];

/// The forms a question may ask for (`lesson::Form`): `value` on number
/// questions, the others on expression questions.
pub const FORMS: &[&str] = &["value", "expanded", "factored", "simplified"];

/// Up to 0..=10 decimals, as the explore module accepts.
const PRECISION: Value = Value::Int { min: 0, max: 10 };

pub const LESSON: TableSpec = TableSpec {
    name: "lesson",
    doc: "A chalkdust lesson: a header, optional footnotes and one or more sections.",
    keys: &[
        req(
            "format",
            Value::Format,
            "The format version this file is written for.",
        ),
        req(
            "id",
            Value::Id,
            "The lesson's id, unique in a library: lowercase letters a-z, digits and \"-\".",
        ),
        req("title", Value::Text, "The lesson's title."),
        opt("subtitle", Value::Text, "A line under the title."),
        opt(
            "series",
            Value::Text,
            "The series this lesson belongs to; lessons of one series are listed together.",
        ),
        opt(
            "part",
            Value::Int {
                min: 0,
                max: u32::MAX as i64,
            },
            "The lesson's place in its series.",
        ),
        opt(
            "requires",
            Value::Ids,
            "Ids of lessons to do first (shown, not enforced).",
        ),
        opt(
            "footnotes",
            Value::Footnotes,
            "Footnotes: id = \"Markdown text\"; cite one with [^id] in any Markdown field.",
        ),
        req(
            "section",
            Value::Tables {
                of: &SECTION,
                min: 1,
            },
            "The sections, in reading order ([[section]]).",
        ),
    ],
    exactly_one: &[],
};

pub const SECTION: TableSpec = TableSpec {
    name: "section",
    doc: "A section: a page of the lesson, made of blocks.",
    keys: &[
        req(
            "id",
            Value::Id,
            "The section's id, unique in the lesson: lowercase letters a-z, digits and \"-\".",
        ),
        req("title", Value::Text, "The section's title."),
        opt(
            "block",
            Value::Blocks,
            "The section's blocks, in reading order ([[section.block]]).",
        ),
    ],
    exactly_one: &[],
};

pub const TEXT: TableSpec = TableSpec {
    name: "text",
    doc: "Prose in Markdown, wrapped to the terminal's width.",
    keys: &[
        kind("text"),
        req(
            "text",
            Value::Markdown,
            "Markdown: emphasis, lists, tables, $inline$ and $$display$$ math, [^footnotes].",
        ),
    ],
    exactly_one: &[],
};

pub const MATH: TableSpec = TableSpec {
    name: "math",
    doc: "A display formula, laid out in two dimensions and centred.",
    keys: &[
        kind("math"),
        req("tex", Value::Tex, "The formula in the LaTeX subset."),
    ],
    exactly_one: &[],
};

pub const ASIDE: TableSpec = TableSpec {
    name: "aside",
    doc: "A framed call-out beside the main text.",
    keys: &[
        kind("aside"),
        opt("title", Value::Text, "The call-out's heading."),
        req("text", Value::Markdown, "The call-out's text, in Markdown."),
    ],
    exactly_one: &[],
};

pub const DETAILS: TableSpec = TableSpec {
    name: "details",
    doc: "A collapsible layer: a title line that opens to show its blocks in place.",
    keys: &[
        kind("details"),
        req("title", Value::Text, "The line shown while it is closed."),
        opt("open", Value::Bool, "Start opened; default false."),
        opt(
            "block",
            Value::Blocks,
            "The blocks inside, in reading order ([[....block.block]]); details nest to any depth.",
        ),
    ],
    exactly_one: &[],
};

pub const CHART: TableSpec = TableSpec {
    name: "chart",
    doc: "A braille chart of functions and points.",
    keys: &[
        kind("chart"),
        opt("title", Value::Text, "The chart's title."),
        opt(
            "var",
            Value::Name,
            "The horizontal variable's name in the plots' expressions; default \"x\".",
        ),
        req("x", Value::Range, "The horizontal range [min, max]."),
        opt(
            "y",
            Value::Range,
            "The vertical range [min, max]; fitted to the data when absent.",
        ),
        opt("x_label", Value::Text, "The horizontal axis's label."),
        opt("y_label", Value::Text, "The vertical axis's label."),
        opt("aspect", Value::OneOf(ASPECTS), ASPECT_DOC),
        opt(
            "plot",
            Value::Tables { of: &PLOT, min: 0 },
            "The plots ([[....plot]]).",
        ),
    ],
    exactly_one: &[],
};

pub const PLOT: TableSpec = TableSpec {
    name: "plot",
    doc: "One plot of a chart: exactly one of `expr`, `pieces` or `points`.",
    keys: &[
        opt(
            "expr",
            Value::Expr,
            "A function of the chart's variable, e.g. \"x^2\".",
        ),
        opt(
            "pieces",
            Value::Tables { of: &PIECE, min: 1 },
            "A piecewise function: [{ from = 0, to = 1, expr = \"...\" }, ...].",
        ),
        opt("points", Value::Points, "Marked points: [[x, y], ...]."),
        opt("label", Value::Text, "The plot's name in the legend."),
        opt(
            "style",
            Value::OneOf(STYLES),
            "The line style; default \"solid\".",
        ),
        opt("color", Value::Color, "A colour name."),
        opt(
            "derivative",
            Value::Bool,
            "Also draw this function's derivative, dashed; default false.",
        ),
        opt(
            "hollow",
            Value::Bool,
            "Draw `points` as open dots (a hole in a graph); default false.",
        ),
    ],
    exactly_one: &["expr", "pieces", "points"],
};

pub const PIECE: TableSpec = TableSpec {
    name: "piece",
    doc: "One piece of a piecewise function, on [from, to].",
    keys: &[
        req("from", Value::Number, "Where the piece starts."),
        req(
            "to",
            Value::Number,
            "Where the piece ends; more than `from`.",
        ),
        req("expr", Value::Expr, "The function on this piece."),
    ],
    exactly_one: &[],
};

pub const EXPLORE: TableSpec = TableSpec {
    name: "explore",
    doc: "An interactive explorer: sliders and draggable points drive a live canvas, readouts and tables.",
    keys: &[
        kind("explore"),
        opt("title", Value::Text, "The explorer's title."),
        opt(
            "var",
            Value::Name,
            "The variable `draw.plot` expressions run over; default \"x\".",
        ),
        opt(
            "x",
            Value::Range,
            "The canvas's horizontal range [min, max]; needed when it draws.",
        ),
        opt(
            "y",
            Value::Range,
            "The canvas's vertical range [min, max]; needed when it draws.",
        ),
        opt("x_label", Value::Text, "The horizontal axis's label."),
        opt("y_label", Value::Text, "The vertical axis's label."),
        opt("aspect", Value::OneOf(ASPECTS), ASPECT_DOC),
        opt(
            "axes",
            Value::Bool,
            "Draw the axes and their ticks; default true. false suits a drawing whose coordinates mean nothing to the reader (a computation graph).",
        ),
        opt(
            "slider",
            Value::Tables {
                of: &SLIDER,
                min: 0,
            },
            "Number parameters the learner sets ([[....slider]]).",
        ),
        opt(
            "point",
            Value::Tables { of: &POINT, min: 0 },
            "Point parameters the learner drags or moves ([[....point]]).",
        ),
        opt(
            "let",
            Value::Tables { of: &LET, min: 0 },
            "Names for expressions over the parameters ([[....let]]).",
        ),
        opt(
            "draw",
            Value::Tables { of: &DRAW, min: 0 },
            "Shapes drawn on the canvas ([[....draw]]).",
        ),
        opt(
            "readout",
            Value::Tables {
                of: &READOUT,
                min: 0,
            },
            "Live numbers beside the canvas ([[....readout]]).",
        ),
        opt(
            "table",
            Value::Tables {
                of: &EXPLORE_TABLE,
                min: 0,
            },
            "Live tables of values ([[....table]]).",
        ),
        opt(
            "path",
            Value::Tables { of: &PATH, min: 0 },
            "Paths by recurrence, drawn iterate by iterate ([[....path]]).",
        ),
    ],
    exactly_one: &[],
};

pub const PATH: TableSpec = TableSpec {
    name: "path",
    doc: "A path by recurrence: a state, its start, an update and a number of steps; its iterates are drawn joined by segments, the last one marked.",
    keys: &[
        req(
            "name",
            Value::Name,
            "The path's name: `name.x` and `name.y` (where its last iterate is drawn) and `name.k` (how many steps were taken) in expressions.",
        ),
        req(
            "vars",
            Value::Strings {
                min: 1,
                unique: true,
            },
            "The names of the state, 1 to 4, used in `update` and `at`.",
        ),
        req(
            "start",
            Value::Exprs,
            "The state it starts from: one number or expression per var.",
        ),
        req(
            "update",
            Value::Exprs,
            "The next state from the current one: one expression per var, all updated at once.",
        ),
        req(
            "steps",
            Value::NumberOrExpr,
            "How many updates: usually a slider's name; rounded, and clamped to 0..=1000.",
        ),
        opt(
            "at",
            Value::Exprs,
            "Where each iterate is drawn: [x, y] over the vars; default the two vars (needed with one var).",
        ),
        opt("label", Value::Text, "The path's name in the legend."),
        opt("color", Value::Color, "A colour name; default magenta."),
    ],
    exactly_one: &[],
};

pub const SLIDER: TableSpec = TableSpec {
    name: "slider",
    doc: "A number the learner changes with the keys or the mouse.",
    keys: &[
        req("name", Value::Name, "The parameter's name in expressions."),
        opt("label", Value::Text, "What the learner reads beside it."),
        req("min", Value::Number, "The smallest value."),
        req("max", Value::Number, "The largest value."),
        opt("step", Value::Number, "One small step."),
        opt("big_step", Value::Number, "One big step (PageUp/PageDown)."),
        opt("start", Value::Number, "The value it starts at."),
        opt("unit", Value::Text, "A unit shown after the value."),
        opt(
            "play",
            Value::Bool,
            "The play key (p) advances it one step per tick, up to `max`; at most one per explorer.",
        ),
        opt(
            "play_every",
            Value::Number,
            "Seconds per step while playing; default 0.4.",
        ),
    ],
    exactly_one: &[],
};

pub const POINT: TableSpec = TableSpec {
    name: "point",
    doc: "A point the learner drags; its coordinates are `name.x` and `name.y` in expressions.",
    keys: &[
        req("name", Value::Name, "The point's name in expressions."),
        opt("label", Value::Text, "What the learner reads beside it."),
        req("start", Value::Pair, "Where it starts: [x, y]."),
        opt("x", Value::Range, "The range its x stays in: [min, max]."),
        opt("y", Value::Range, "The range its y stays in: [min, max]."),
        opt("step", Value::Number, "How far one key press moves it."),
        opt("color", Value::Color, "A colour name."),
    ],
    exactly_one: &[],
};

pub const LET: TableSpec = TableSpec {
    name: "let",
    doc: "A name for an expression over the parameters, usable in later expressions.",
    keys: &[
        req("name", Value::Name, "The new name."),
        req("expr", Value::Expr, "Its value."),
    ],
    exactly_one: &[],
};

pub const DRAW: TableSpec = TableSpec {
    name: "draw",
    doc: "One shape on the canvas: exactly one of `plot`, `pieces`, `segment`, `line`, `rect`, `point`, `bezier`, `contour`, `arrow`, `text`, `node` or `edge` (`text` is also the caption of a `node` or an `edge`).",
    keys: &[
        opt(
            "plot",
            Value::Expr,
            "A function of the explorer's `var` and the parameters.",
        ),
        opt(
            "segment",
            Value::TwoCoords,
            "A segment between two points: [[x1, y1], [x2, y2]].",
        ),
        opt(
            "line",
            Value::TwoCoords,
            "The whole line through two points: [[x1, y1], [x2, y2]].",
        ),
        opt(
            "rect",
            Value::TwoCoords,
            "A rectangle between opposite corners: [[x1, y1], [x2, y2]].",
        ),
        opt("point", Value::Coord, "A marked point: [x, y]."),
        opt(
            "bezier",
            Value::Strings {
                min: 0,
                unique: false,
            },
            "A cubic Bézier curve through four point parameters: [\"p0\", \"p1\", \"p2\", \"p3\"].",
        ),
        opt("label", Value::Text, "The shape's name in the legend."),
        opt(
            "style",
            Value::OneOf(STYLES),
            "The line style; default \"solid\".",
        ),
        opt(
            "pieces",
            Value::Tables { of: &PIECE, min: 1 },
            "A piecewise function of the explorer's `var` and the parameters: [{ from = 0, to = 1, expr = \"...\" }, ...].",
        ),
        opt("color", Value::Color, "A colour name."),
        opt(
            "fill",
            Value::Bool,
            "Shade a `rect` (lightly, so lines over it stay visible); default false.",
        ),
        opt(
            "hollow",
            Value::Bool,
            "Draw a `point` as an open dot (a hole in a graph); default false.",
        ),
        opt(
            "contour",
            Value::Expr,
            "Contour lines of a function of the canvas coordinates (`vars`) and the parameters.",
        ),
        opt(
            "vars",
            Value::Strings {
                min: 2,
                unique: true,
            },
            "The names of the canvas coordinates in a `contour`; default [\"x\", \"y\"] (not a parameter's or a `let`'s name).",
        ),
        opt(
            "levels",
            Value::Numbers,
            "The heights a `contour` draws, increasing; default 6 levels spread between the lowest and highest value on screen.",
        ),
        opt(
            "shade",
            Value::Bool,
            "Also shade a `contour`'s heights under everything (denser = higher); default false.",
        ),
        opt(
            "arrow",
            Value::TwoCoords,
            "An arrow from tail to head: [[x1, y1], [x2, y2]].",
        ),
        opt(
            "text",
            Value::Text,
            "A text on the canvas (at `at`), or a `node`'s or an `edge`'s caption; {{expr}} shows a live value.",
        ),
        opt("at", Value::Coord, "Where a `text` is written: [x, y]."),
        opt(
            "precision",
            PRECISION,
            "Decimals of the {{expr}} values that are not whole numbers, 0 to 10; default 2.",
        ),
        opt(
            "align",
            Value::OneOf(ALIGNS),
            "How a `text` stands at `at`: left (starts there), center or right; default \"left\".",
        ),
        opt(
            "node",
            Value::Coord,
            "The centre of a framed box showing `text` (a node of a graph): [x, y].",
        ),
        opt(
            "name",
            Value::Name,
            "A `node`'s name, which edges use; unique among the nodes.",
        ),
        opt(
            "edge",
            Value::Strings {
                min: 2,
                unique: false,
            },
            "An arrow between two nodes' boxes: [\"from\", \"to\"].",
        ),
    ],
    exactly_one: &[
        "plot", "pieces", "segment", "line", "rect", "point", "bezier", "contour", "arrow", "text",
        "node", "edge",
    ],
};

/// A draw's `align`.
pub const ALIGNS: &[&str] = &["left", "center", "right"];

/// Keys of `exactly_one` lists that are also a caption of other kinds
/// (a `node`'s `text`): they count as the kind only without those.
pub const ALSO_CAPTION_OF: &[(&str, &[&str])] = &[("text", &["node", "edge"])];

pub const READOUT: TableSpec = TableSpec {
    name: "readout",
    doc: "A labelled number computed from the parameters, updated live.",
    keys: &[
        req("label", Value::Text, "What the number is."),
        req("expr", Value::Expr, "How it is computed."),
        opt("precision", PRECISION, "Decimals shown, 0 to 10."),
        opt("unit", Value::Text, "A unit shown after the number."),
    ],
    exactly_one: &[],
};

pub const EXPLORE_TABLE: TableSpec = TableSpec {
    name: "table",
    doc: "A live table: one row per value of `rows`, one column per expression.",
    keys: &[
        opt("title", Value::Text, "The table's title."),
        opt(
            "var",
            Value::Name,
            "The row variable's name in the columns' expressions; default \"x\".",
        ),
        req("rows", Value::Numbers, "The values the rows run over."),
        opt(
            "columns",
            Value::Tables {
                of: &COLUMN,
                min: 0,
            },
            "The columns: [{ head = \"...\", expr = \"...\" }, ...].",
        ),
    ],
    exactly_one: &[],
};

pub const COLUMN: TableSpec = TableSpec {
    name: "column",
    doc: "One column of an explorer's table.",
    keys: &[
        req("head", Value::Text, "The column's heading."),
        req(
            "expr",
            Value::Expr,
            "Its value, over the row variable and the parameters.",
        ),
        opt("precision", PRECISION, "Decimals shown, 0 to 10."),
    ],
    exactly_one: &[],
};

pub const QUIZ: TableSpec = TableSpec {
    name: "quiz",
    doc: "Self-check questions with hints and answer checking.",
    keys: &[
        kind("quiz"),
        opt("title", Value::Text, "The quiz's title."),
        req(
            "question",
            Value::Tables {
                of: &QUESTION,
                min: 1,
            },
            "The questions ([[....question]]).",
        ),
    ],
    exactly_one: &[],
};

pub const QUESTION: TableSpec = TableSpec {
    name: "question",
    doc: "One question; a table's own keys come before its [[...feedback]] sub-tables.",
    keys: &[
        req(
            "id",
            Value::Id,
            "The question's id, unique in the lesson; progress is kept under it.",
        ),
        req("prompt", Value::Markdown, "The question, in Markdown."),
        req(
            "type",
            Value::OneOf(QUESTION_TYPES),
            "How answers are read and compared.",
        ),
        req(
            "answer",
            Value::Answer,
            "The right answer: a number or constant expression, an expression, a choice (a list for select-all), accepted texts, or a vector's components (a list of 2 to 6 expressions).",
        ),
        req(
            "choices",
            Value::Strings {
                min: 2,
                unique: true,
            },
            "The options to choose from.",
        )
        .only_when("type", &["choice"]),
        opt(
            "vars",
            Value::Strings {
                min: 1,
                unique: true,
            },
            "The variables an answer may use; default [\"x\"].",
        )
        .only_when("type", &["expression", "vector"]),
        opt(
            "domain",
            Value::Coord,
            "Where answers are compared: [min, max]; with parameters, either end may be an expression of them in quotes.",
        )
        .only_when("type", &["expression", "vector"]),
        opt(
            "up_to_constant",
            Value::Bool,
            "Accept answers that differ from `answer` by a constant, and a trailing `+ C` (antiderivatives).",
        )
        .only_when("type", &["expression"]),
        opt(
            "functions",
            Value::Strings {
                min: 1,
                unique: true,
            },
            "Chart-only functions (floor, ceil, round, sign, min, max) this question's answers may use; answers refuse them otherwise.",
        )
        .only_when("type", &["expression", "vector"]),
        opt(
            "tolerance",
            Value::Number,
            "Absolute tolerance. Default: a whole-number answer exactly, any other within a relative 1e-6.",
        )
        .only_when("type", &["number"]),
        opt(
            "relative",
            Value::Number,
            "Relative tolerance, like 0.01 for 1% (instead of `tolerance`).",
        )
        .only_when("type", &["number"]),
        opt(
            "sigfigs",
            Value::Int { min: 1, max: 15 },
            "The answer is to be given to this many significant figures and agree with `answer` rounded to them.",
        )
        .only_when("type", &["number"]),
        opt(
            "form",
            Value::OneOf(FORMS),
            "The form a right answer must be written in: \"value\" (number questions), \"expanded\", \"factored\" or \"simplified\" (expression questions).",
        ),
        opt(
            "hints",
            Value::Markdowns,
            "Hints in Markdown, revealed one at a time.",
        ),
        opt(
            "explain",
            Value::Markdown,
            "Shown once the question is solved or given up, in Markdown.",
        ),
        opt(
            "right",
            Value::Samples,
            "Inputs that must be judged right (run by `chalkdust check`).",
        ),
        opt(
            "wrong",
            Value::Samples,
            "Inputs that must be judged wrong (run by `chalkdust check`).",
        ),
        opt(
            "feedback",
            Value::Tables {
                of: &FEEDBACK,
                min: 0,
            },
            "Words for known wrong answers ([[....feedback]]).",
        ),
        opt(
            "param",
            Value::Tables {
                of: &PARAM,
                min: 0,
            },
            "Parameters: each learner gets a variant of the question with values drawn for them ([[....param]]).",
        ),
    ],
    exactly_one: &[],
};

pub const PARAM: TableSpec = TableSpec {
    name: "param",
    doc: "A parameter of the question, used by name in `answer`, feedback answers and `domain`, and as {{expression}} in Markdown and samples.",
    keys: &[
        req("name", Value::Name, "The parameter's name."),
        opt(
            "values",
            Value::Numbers,
            "The values it may take (instead of `min` and `max`).",
        ),
        opt(
            "min",
            Value::Int {
                min: -1_000_000,
                max: 1_000_000,
            },
            "The smallest whole number it may take (with `max`).",
        ),
        opt(
            "max",
            Value::Int {
                min: -1_000_000,
                max: 1_000_000,
            },
            "The largest whole number it may take (with `min`).",
        ),
        opt(
            "step",
            Value::Int {
                min: 1,
                max: 1_000_000,
            },
            "The step from `min` to `max`; default 1.",
        ),
        opt(
            "exclude",
            Value::Numbers,
            "Values of `min`..`max` it may not take (such as 0).",
        ),
    ],
    exactly_one: &["values", "min"],
};

pub const FEEDBACK: TableSpec = TableSpec {
    name: "feedback",
    doc: "Targeted words for one known wrong answer.",
    keys: &[
        req(
            "answer",
            Value::Text,
            "The wrong answer, compared the way the question's answer is.",
        ),
        req(
            "say",
            Value::Markdown,
            "What to tell the learner, in Markdown.",
        ),
        opt(
            "component",
            Value::Int { min: 1, max: 6 },
            "Vector questions: the component (1-based) this feedback is about; `answer` is then that component's wrong expression.",
        ),
    ],
    exactly_one: &[],
};

/// Every block kind, in the order messages list them.
pub const BLOCKS: &[&TableSpec] = &[&TEXT, &MATH, &ASIDE, &DETAILS, &CHART, &EXPLORE, &QUIZ];

/// The names of `t`'s keys, in order. `N` must be `t.keys.len()`; use
/// `key_names!`.
pub const fn names_of<const N: usize>(t: &TableSpec) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = t.keys[i].name;
        i += 1;
    }
    out
}

/// How many of `t`'s keys are its own values: not the `kind` tag and not
/// sub-tables.
pub const fn own_key_count(t: &TableSpec) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < t.keys.len() {
        if is_own(&t.keys[i]) {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn is_own(k: &KeySpec) -> bool {
    !k.is_child() && !matches!(k.value, Value::Kind(_))
}

/// The names of `t`'s own value keys (see [`own_key_count`]), in order:
/// the keys a child table's misplaced key may belong to. Use
/// `own_key_names!`.
pub const fn own_names_of<const N: usize>(t: &TableSpec) -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let mut i = 0;
    while i < t.keys.len() {
        if is_own(&t.keys[i]) {
            out[n] = t.keys[i].name;
            n += 1;
        }
        i += 1;
    }
    out
}

/// The block kinds' names. `N` must be `BLOCKS.len()`; use
/// `block_kinds!`.
pub const fn kinds_of_blocks<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = match BLOCKS[i].kind() {
            Some(k) => k,
            None => panic!("every block table starts with its `kind` key"),
        };
        i += 1;
    }
    out
}

/// How many (key, value) pairs of `t` allow a key only when another key
/// has that value.
pub const fn conditional_count(t: &TableSpec) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < t.keys.len() {
        if let Some((_, values)) = t.keys[i].only_when {
            n += values.len();
        }
        i += 1;
    }
    n
}

/// `(key, value of the condition)` for each conditional key of `t`, e.g.
/// `("choices", "choice")`. Use `conditional_keys!`.
pub const fn conditionals_of<const N: usize>(t: &TableSpec) -> [(&'static str, &'static str); N] {
    let mut out = [("", ""); N];
    let mut n = 0;
    let mut i = 0;
    while i < t.keys.len() {
        if let Some((_, values)) = t.keys[i].only_when {
            let mut v = 0;
            while v < values.len() {
                out[n] = (t.keys[i].name, values[v]);
                n += 1;
                v += 1;
            }
        }
        i += 1;
    }
    out
}

/// `&[&str]` of a table's key names, computed at compile time.
macro_rules! key_names {
    ($t:expr) => {
        &$crate::lesson::format::names_of::<{ $t.keys.len() }>(&$t)
    };
}

/// `&[&str]` of a table's own value keys, computed at compile time.
macro_rules! own_key_names {
    ($t:expr) => {
        &$crate::lesson::format::own_names_of::<{ $crate::lesson::format::own_key_count(&$t) }>(&$t)
    };
}

/// `&[&str]` of the block kinds, computed at compile time.
macro_rules! block_kinds {
    () => {
        &$crate::lesson::format::kinds_of_blocks::<{ $crate::lesson::format::BLOCKS.len() }>()
    };
}

/// `&[(&str, &str)]` of a table's conditional keys, computed at compile
/// time.
macro_rules! conditional_keys {
    ($t:expr) => {
        &$crate::lesson::format::conditionals_of::<
            { $crate::lesson::format::conditional_count(&$t) },
        >(&$t)
    };
}

pub(crate) use {block_kinds, conditional_keys, key_names, own_key_names};

// ---------------------------------------------------------------------------
// The JSON Schema

/// Where the schema is published in this repository, relative to the root.
pub const SCHEMA_PATH: &str = "docs/lesson.schema.json";

/// The schema is built as serde_json values; the crate's `preserve_order`
/// feature (set in Cargo.toml) keeps each object's keys in the order they
/// are built in, so the generated file reads in the format's order.
type Json = serde_json::Value;

fn object(entries: Vec<(String, Json)>) -> Json {
    Json::Object(entries.into_iter().collect())
}

fn s(text: &str) -> Json {
    Json::String(text.to_string())
}

fn obj(entries: Vec<(&str, Json)>) -> Json {
    object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn strs(items: &[&str]) -> Json {
    Json::Array(items.iter().map(|i| s(i)).collect())
}

fn reference(name: &str) -> Json {
    obj(vec![("$ref", s(&format!("#/definitions/{name}")))])
}

fn array_of(items: Json) -> Vec<(&'static str, Json)> {
    vec![("type", s("array")), ("items", items)]
}

/// Two items exactly, each `item`.
fn two_of(item: Json) -> Vec<(&'static str, Json)> {
    let mut e = array_of(item);
    e.push(("minItems", Json::from(2)));
    e.push(("maxItems", Json::from(2)));
    e
}

fn number() -> Json {
    obj(vec![("type", s("number"))])
}

fn string() -> Json {
    obj(vec![("type", s("string"))])
}

const ID_PATTERN: &str = "^[a-z0-9-]+$";

/// Case-insensitive without the `(?i)` flag, which ECMA-262 regexes (the
/// dialect JSON Schema specifies) do not have: "red" as "[rR][eE][dD]".
fn any_case_pattern(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| {
                    let (lo, up) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
                    if lo == up {
                        c.to_string()
                    } else {
                        format!("[{lo}{up}]")
                    }
                })
                .collect()
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

/// The schema entries of one value shape (without its description).
fn value_schema(v: &Value) -> Vec<(&'static str, Json)> {
    match v {
        Value::Kind(k) => vec![("type", s("string")), ("enum", strs(&[k]))],
        Value::Text | Value::Markdown | Value::Tex | Value::Expr | Value::Name => {
            vec![("type", s("string"))]
        }
        Value::Id => vec![("type", s("string")), ("pattern", s(ID_PATTERN))],
        Value::Format => vec![
            ("type", s("integer")),
            ("minimum", Json::from(1)),
            ("maximum", Json::from(i64::from(FORMAT_VERSION))),
        ],
        Value::Int { min, max } => vec![
            ("type", s("integer")),
            ("minimum", Json::from(*min)),
            ("maximum", Json::from(*max)),
        ],
        Value::Number => vec![("type", s("number"))],
        Value::Bool => vec![("type", s("boolean"))],
        Value::Range | Value::Pair => two_of(number()),
        Value::Coord => two_of(obj(vec![("type", strs(&["number", "string"]))])),
        Value::TwoCoords => two_of(obj(value_schema(&Value::Coord))),
        Value::NumberOrExpr => vec![("type", strs(&["number", "string"]))],
        Value::Exprs => array_of(obj(value_schema(&Value::NumberOrExpr))),
        Value::Strings { min, unique } => {
            let mut e = array_of(string());
            if *min > 0 {
                e.push(("minItems", Json::from(*min as i64)));
            }
            if *unique {
                e.push(("uniqueItems", Json::Bool(true)));
            }
            e
        }
        Value::Ids => array_of(obj(value_schema(&Value::Id))),
        Value::Markdowns => array_of(string()),
        Value::Numbers => array_of(number()),
        Value::Points => array_of(obj(two_of(number()))),
        Value::OneOf(values) => vec![("type", s("string")), ("enum", strs(values))],
        Value::Color => {
            let mut names: Vec<&str> = Vec::new();
            for (n, _) in ColorName::ALL {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            // The enum gives editors the names to complete; the pattern
            // accepts them in any case, as the loader does.
            vec![
                ("type", s("string")),
                (
                    "anyOf",
                    Json::Array(vec![
                        obj(vec![("enum", strs(&names))]),
                        obj(vec![("pattern", s(&any_case_pattern(&names)))]),
                    ]),
                ),
            ]
        }
        Value::Answer => vec![
            ("type", strs(&["number", "string", "array"])),
            ("items", string()),
        ],
        Value::Samples => array_of(obj(vec![
            ("type", strs(&["string", "array"])),
            ("items", string()),
        ])),
        Value::Footnotes => vec![
            ("type", s("object")),
            (
                "propertyNames",
                obj(vec![("pattern", s("^[^\\s\\[\\]^]+$"))]),
            ),
            ("additionalProperties", string()),
        ],
        Value::Tables { of, min } => {
            let mut e = array_of(reference(of.name));
            if *min > 0 {
                e.push(("minItems", Json::from(*min as i64)));
            }
            e
        }
        Value::Blocks => array_of(reference("block")),
    }
}

/// The schema of one key: its shape and its description.
fn key_schema(k: &KeySpec) -> Json {
    let mut entries = vec![("description", s(k.doc))];
    entries.extend(value_schema(&k.value));
    obj(entries)
}

/// The schema entries of one table (without `$schema` or definitions).
fn table_entries(t: &TableSpec) -> Vec<(&'static str, Json)> {
    let mut entries = vec![("description", s(t.doc)), ("type", s("object"))];
    let required: Vec<&str> = t
        .keys
        .iter()
        .filter(|k| k.required && k.only_when.is_none())
        .map(|k| k.name)
        .collect();
    if !required.is_empty() {
        entries.push(("required", strs(&required)));
    }
    entries.push((
        "properties",
        object(
            t.keys
                .iter()
                .map(|k| (k.name.to_string(), key_schema(k)))
                .collect(),
        ),
    ));
    entries.push(("additionalProperties", Json::Bool(false)));
    if !t.exactly_one.is_empty() {
        entries.push((
            "oneOf",
            Json::Array(
                t.exactly_one
                    .iter()
                    .map(|k| {
                        let mut e = vec![("required", strs(&[k]))];
                        // A caption key is the kind only without the
                        // kinds it captions.
                        if let Some((_, of)) = ALSO_CAPTION_OF.iter().find(|(c, _)| c == k) {
                            let any = of.iter().map(|o| obj(vec![("required", strs(&[o]))]));
                            e.push(("not", obj(vec![("anyOf", Json::Array(any.collect()))])));
                        }
                        obj(e)
                    })
                    .collect(),
            ),
        ));
    }
    // Keys only some values of a discriminating key take (a question's
    // `type`): one `if`/`then` per value, requiring its keys and refusing
    // the others by name, so a validator points at the one wrong key. The
    // `if` requires the discriminator, so a table missing it gets only
    // that complaint.
    let mut conditions: Vec<Json> = Vec::new();
    let typed: Vec<&KeySpec> = t.keys.iter().filter(|k| k.only_when.is_some()).collect();
    if let Some((on, _)) = typed.first().and_then(|k| k.only_when) {
        let values: &[&str] = match t.key(on).map(|k| k.value) {
            Some(Value::OneOf(values)) => values,
            _ => &[],
        };
        for value in values {
            let takes = |k: &&&KeySpec| k.only_when.is_some_and(|(_, v)| v.contains(value));
            let required: Vec<&str> = typed
                .iter()
                .filter(takes)
                .filter(|k| k.required)
                .map(|k| k.name)
                .collect();
            let refused: Vec<(String, Json)> = typed
                .iter()
                .filter(|k| !takes(k))
                .map(|k| (k.name.to_string(), Json::Bool(false)))
                .collect();
            let mut then = Vec::new();
            if !required.is_empty() {
                then.push(("required", strs(&required)));
            }
            if !refused.is_empty() {
                then.push(("properties", object(refused)));
            }
            conditions.push(obj(vec![
                (
                    "if",
                    obj(vec![
                        ("required", strs(&[on])),
                        (
                            "properties",
                            object(vec![(on.to_string(), obj(vec![("enum", strs(&[value]))]))]),
                        ),
                    ]),
                ),
                ("then", obj(then)),
            ]));
        }
    }
    if !conditions.is_empty() {
        entries.push(("allOf", Json::Array(conditions)));
    }
    entries
}

/// Every table reachable from `t` through sub-table keys, `t` first,
/// each once.
fn collect_tables(t: &'static TableSpec, out: &mut Vec<&'static TableSpec>) {
    if out.iter().any(|seen| seen.name == t.name) {
        return;
    }
    out.push(t);
    for k in t.keys {
        match k.value {
            Value::Tables { of, .. } => collect_tables(of, out),
            Value::Blocks => {
                for b in BLOCKS {
                    collect_tables(b, out);
                }
            }
            _ => {}
        }
    }
}

/// The JSON Schema of a lesson file (TOML read as JSON), as pretty-printed
/// JSON text ending in a newline: the content of `docs/lesson.schema.json`.
pub fn json_schema() -> String {
    let mut tables = Vec::new();
    collect_tables(&LESSON, &mut tables);
    let kinds: &[&str] = block_kinds!();
    let mut definitions: Vec<(String, Json)> = vec![(
        "block".to_string(),
        obj(vec![
            (
                "description",
                s("A block of a section; its `kind` says which keys it takes."),
            ),
            ("type", s("object")),
            ("required", strs(&["kind"])),
            (
                "properties",
                obj(vec![(
                    "kind",
                    obj(vec![
                        ("description", s("The kind of block.")),
                        ("type", s("string")),
                        ("enum", strs(kinds)),
                    ]),
                )]),
            ),
            // One `if`/`then` per kind rather than a `oneOf` of the kinds:
            // a failed `oneOf` reports every branch's complaints (hundreds
            // of lines for one misspelt key), the `then` of the block's own
            // kind only the wrong key. The `if` requires `kind`, so a block
            // without one gets that complaint alone.
            (
                "allOf",
                Json::Array(
                    BLOCKS
                        .iter()
                        .filter_map(|b| {
                            let kind = b.kind()?;
                            Some(obj(vec![
                                (
                                    "if",
                                    obj(vec![
                                        ("required", strs(&["kind"])),
                                        (
                                            "properties",
                                            obj(vec![("kind", obj(vec![("enum", strs(&[kind]))]))]),
                                        ),
                                    ]),
                                ),
                                ("then", reference(b.name)),
                            ]))
                        })
                        .collect(),
                ),
            ),
        ]),
    )];
    for t in tables.iter().skip(1) {
        definitions.push((t.name.to_string(), obj(table_entries(t))));
    }
    let mut root = vec![
        ("$schema", s("http://json-schema.org/draft-07/schema#")),
        ("title", s("chalkdust lesson")),
    ];
    root.extend(table_entries(&LESSON));
    root.push(("definitions", object(definitions)));
    // Serialising a `Value` cannot fail: its keys are strings already.
    let mut out = serde_json::to_string_pretty(&obj(root)).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_tables() -> Vec<&'static TableSpec> {
        let mut tables = Vec::new();
        collect_tables(&LESSON, &mut tables);
        tables
    }

    #[test]
    fn every_table_is_reachable_once_and_named_uniquely() {
        let names: Vec<&str> = all_tables().iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "lesson", "section", "text", "math", "aside", "details", "chart", "plot", "piece",
                "explore", "slider", "point", "let", "draw", "readout", "table", "column", "path",
                "quiz", "question", "feedback", "param"
            ]
        );
    }

    #[test]
    fn keys_are_unique_and_rules_name_real_keys() {
        for t in all_tables() {
            for (i, k) in t.keys.iter().enumerate() {
                assert!(
                    !t.keys[..i].iter().any(|e| e.name == k.name),
                    "{}: `{}` twice",
                    t.name,
                    k.name
                );
                assert!(
                    !k.doc.is_empty() && !k.doc.contains('\n'),
                    "{}.{}",
                    t.name,
                    k.name
                );
                if let Some((on, wanted)) = k.only_when {
                    for value in wanted {
                        let allowed = match t.key(on).map(|k| k.value) {
                            Some(Value::OneOf(values)) => values.contains(value),
                            _ => false,
                        };
                        assert!(allowed, "{}.{} depends on {on} = {value}", t.name, k.name);
                    }
                }
            }
            for k in t.exactly_one {
                assert!(t.key(k).is_some_and(|k| !k.required), "{}.{k}", t.name);
            }
        }
    }

    #[test]
    fn derived_lists_follow_the_description() {
        const SECTION_KEYS: &[&str] = key_names!(SECTION);
        const DETAILS_OWN: &[&str] = own_key_names!(DETAILS);
        const KINDS: &[&str] = block_kinds!();
        const TYPED: &[(&str, &str)] = conditional_keys!(QUESTION);
        assert_eq!(SECTION_KEYS, ["id", "title", "block"]);
        assert_eq!(DETAILS_OWN, ["title", "open"]);
        assert_eq!(
            KINDS,
            [
                "text", "math", "aside", "details", "chart", "explore", "quiz"
            ]
        );
        assert_eq!(
            TYPED,
            [
                ("choices", "choice"),
                ("vars", "expression"),
                ("vars", "vector"),
                ("domain", "expression"),
                ("domain", "vector"),
                ("up_to_constant", "expression"),
                ("functions", "expression"),
                ("functions", "vector"),
                ("tolerance", "number"),
                ("relative", "number"),
                ("sigfigs", "number")
            ]
        );
    }

    #[test]
    fn the_form_names_are_the_model_s() {
        let names: Vec<&str> = crate::lesson::Form::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, FORMS);
        for (name, form) in crate::lesson::Form::ALL {
            assert_eq!(form.name(), name);
            assert!(QUESTION_TYPES.contains(&form.question_type()));
        }
    }

    #[test]
    fn colour_names_match_in_any_case_only_whole() {
        let p = any_case_pattern(&["red", "gray"]);
        assert_eq!(p, "^(?:[rR][eE][dD]|[gG][rR][aA][yY])$");
    }

    #[test]
    fn the_schema_is_json_with_every_table_defined() {
        let text = json_schema();
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
        let Ok(schema) = parsed else {
            panic!("not JSON: {parsed:?}");
        };
        let defs = &schema["definitions"];
        for t in all_tables().iter().skip(1) {
            assert!(defs[t.name].is_object(), "no definition of {}", t.name);
        }
        assert_eq!(
            schema["required"],
            serde_json::json!(["format", "id", "title", "section"])
        );
        assert_eq!(schema["additionalProperties"], serde_json::json!(false));
        assert_eq!(
            defs["plot"]["properties"]["style"]["enum"],
            serde_json::json!(["solid", "dashed", "dots"])
        );
        // One rule per question type: its own keys required, the other
        // types' keys refused by name.
        let rules = &defs["question"]["allOf"];
        assert_eq!(
            rules[0]["if"]["properties"]["type"]["enum"],
            serde_json::json!(["number"])
        );
        assert_eq!(
            rules[0]["then"]["properties"]["choices"],
            serde_json::json!(false)
        );
        assert_eq!(
            rules[0]["then"]["properties"]["tolerance"],
            serde_json::Value::Null
        );
        assert_eq!(
            rules[2]["if"]["properties"]["type"]["enum"],
            serde_json::json!(["choice"])
        );
        assert_eq!(rules[2]["then"]["required"], serde_json::json!(["choices"]));
        assert!(defs["block"]["oneOf"].is_null());
    }
}
