//! Read -> parse -> validate: lesson source text in, a complete [`Lesson`]
//! or every problem found out.
//!
//! The TOML is parsed into toml's spanned document tree (see `raw`
//! for why not serde structs), then one walk over it checks keys, types and
//! values and builds the validated model. Each check reports and carries on,
//! so a teacher sees all mistakes at once; the lesson is returned only when
//! there are no errors. Warnings (an unused footnote, TeX outside the
//! supported subset) travel with the loaded lesson.
//!
//! Cross-checks that need the other modules go through their public
//! interfaces: expressions through [`crate::expr::parse`], the author's
//! `right`/`wrong` samples through [`crate::quiz::check`], TeX through
//! [`crate::math::lint`]. Explorer blocks are handed whole to
//! `validate_explore`, the single place their keys will be checked.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::format::{self, block_kinds, conditional_keys, key_names, own_key_names};
pub use super::raw::did_you_mean;
use super::raw::{self, Sink, Span, Str, Table, list_keys, list_values};
use super::scan;
use super::{
    Answer, Block, BlockKind, Chart, ColorName, Feedback, Footnote, Form, Lesson, LineStyle, Piece,
    Plot, PlotData, Pos, Question, Quiz, Section,
};
use crate::expr::{self, Expr};
use crate::quiz::{self, Response, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in a lesson file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.pos.line, self.pos.col, sev, self.message
        )
    }
}

/// A lesson that could not be loaded: every error found (and the warnings).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the lesson", self.errors().count())]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// A lesson and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub lesson: Lesson,
    pub warnings: Vec<Diagnostic>,
}

/// A lesson with no warnings.
impl From<Lesson> for Loaded {
    fn from(lesson: Lesson) -> Loaded {
        Loaded {
            lesson,
            warnings: Vec::new(),
        }
    }
}

/// Read and validate the lesson file at `path`; diagnostics name it as
/// given. A file that cannot be read is one error at 1:1.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(src) => load_str(&src, &file),
        Err(e) => Err(LoadError {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file,
                pos: Pos { line: 1, col: 1 },
                message: format!("cannot read the file: {e}"),
            }],
        }),
    }
}

/// Parse and validate lesson source text; `file` names it in diagnostics.
pub fn load_str(src: &str, file: &str) -> Result<Loaded, LoadError> {
    load_with(src, file, true)
}

/// As [`load_str`], without judging the questions' own answers and their
/// `right`/`wrong` samples: for text already known to pass them (the
/// built-in lessons, which the tests and `chalkdust check` judge in full).
/// Judging is the costly half of validation and changes nothing in the
/// lesson built; every structural check still runs.
pub fn load_trusted(src: &str, file: &str) -> Result<Loaded, LoadError> {
    load_with(src, file, false)
}

fn load_with(src: &str, file: &str, judge: bool) -> Result<Loaded, LoadError> {
    let mut sink = Sink::new(src, file);
    let (doc, syntax) = DeTable::parse_recoverable(src);
    if !syntax.is_empty() {
        // The recovered tree misses whatever did not parse, so checking it
        // would add false "missing key" errors; and the parser's errors
        // after the first mostly follow from it. One message per slip.
        let errors: Vec<(usize, String)> = syntax
            .iter()
            .map(|e| (e.span().map_or(0, |s| s.start), e.message().to_string()))
            .collect();
        for found in super::syntax::diagnose_all(src, &errors) {
            sink.error(found.offset, found.message);
        }
        return Err(finish(sink.diags));
    }
    let root = Table::new(doc.get_ref(), 0..0, "the lesson");
    let mut validator = Validator::new(&mut sink);
    validator.judge = judge;
    let lesson = validator.lesson(&root);
    let mut diags = sink.diags;
    diags.sort_by_key(|d| d.pos);
    match lesson {
        Some(lesson) if !diags.iter().any(|d| d.severity == Severity::Error) => Ok(Loaded {
            lesson,
            warnings: diags,
        }),
        _ => Err(finish(diags)),
    }
}

fn finish(mut diagnostics: Vec<Diagnostic>) -> LoadError {
    diagnostics.sort_by_key(|d| d.pos);
    LoadError { diagnostics }
}

/// What can be read of a lesson's header, even when the lesson is broken:
/// enough to list it in a catalog beside its errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub id: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub part: Option<u32>,
    pub requires: Vec<String>,
}

/// Best-effort read of the top-level keys; never fails.
pub fn read_header(src: &str) -> Header {
    let (doc, _) = DeTable::parse_recoverable(src);
    let root = doc.get_ref();
    let string = |key: &str| match root.get(key).map(|n| n.get_ref()) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let requires = match root.get("requires").map(|n| n.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|n| n.get_ref().as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Header {
        id: string("id"),
        title: string("title"),
        subtitle: string("subtitle"),
        series: string("series"),
        part: root
            .get("part")
            .and_then(|n| raw::integer(n.get_ref()))
            .and_then(|p| u32::try_from(p).ok()),
        requires,
    }
}

// Key lists and allowed values, derived at compile time from the one
// description of the format in `format` (which also generates the JSON
// Schema), in the order messages list them.
const LESSON_KEYS: &[&str] = key_names!(format::LESSON);
const SECTION_KEYS: &[&str] = key_names!(format::SECTION);
const KINDS: &[&str] = block_kinds!();
const TEXT_KEYS: &[&str] = key_names!(format::TEXT);
const MATH_KEYS: &[&str] = key_names!(format::MATH);
const ASIDE_KEYS: &[&str] = key_names!(format::ASIDE);
const DETAILS_KEYS: &[&str] = key_names!(format::DETAILS);
const CHART_KEYS: &[&str] = key_names!(format::CHART);
const PLOT_KEYS: &[&str] = key_names!(format::PLOT);
const PIECE_KEYS: &[&str] = key_names!(format::PIECE);
const QUIZ_KEYS: &[&str] = key_names!(format::QUIZ);
const QUESTION_KEYS: &[&str] = key_names!(format::QUESTION);
const FEEDBACK_KEYS: &[&str] = key_names!(format::FEEDBACK);
const PARAM_KEYS: &[&str] = key_names!(format::PARAM);
use format::{FORMS, QUESTION_TYPES, STYLES};

/// A section's and a details block's own keys: where a key written after
/// a child's header may belong.
const SECTION_OWN_KEYS: &[&str] = own_key_names!(format::SECTION);
const DETAILS_OWN_KEYS: &[&str] = own_key_names!(format::DETAILS);

/// Keys only some question types take, with the type that takes them.
const TYPED_KEYS: &[(&str, &str)] = conditional_keys!(format::QUESTION);

/// One walk over a lesson document.
struct Validator<'v, 's> {
    sink: &'v mut Sink<'s>,
    /// Footnote references found in Markdown fields.
    footnote_refs: Vec<(String, Pos)>,
    section_ids: HashMap<String, Pos>,
    question_ids: HashMap<String, Pos>,
    /// Whether to judge each question's answer and samples with the checker.
    judge: bool,
    /// The source text, shared by the questions with parameters.
    shared_source: Option<std::sync::Arc<str>>,
}

impl<'v, 's> Validator<'v, 's> {
    fn new(sink: &'v mut Sink<'s>) -> Self {
        Validator {
            sink,
            footnote_refs: Vec::new(),
            section_ids: HashMap::new(),
            question_ids: HashMap::new(),
            judge: true,
            shared_source: None,
        }
    }

    fn lesson(&mut self, root: &Table<'_, '_>) -> Option<Lesson> {
        // A newer format may mean anything below; refuse it before reading on.
        match self.sink.int_opt(root, "format") {
            Some((v, span)) if v > i64::from(super::FORMAT_VERSION) => {
                self.sink.error(
                    span.start,
                    format!(
                        "this lesson is written for format {v}; this chalkdust reads format {} \
                         — update chalkdust",
                        super::FORMAT_VERSION
                    ),
                );
                return None;
            }
            Some((v, span)) if v < 1 => self.sink.error(
                span.start,
                format!(
                    "format {v} does not exist; write `format = {}`",
                    super::FORMAT_VERSION
                ),
            ),
            Some(_) => {}
            None if !root.has("format") => self.sink.error(
                0,
                format!(
                    "missing required key `format` at the top of the lesson; write `format = {}`",
                    super::FORMAT_VERSION
                ),
            ),
            None => {}
        }
        self.sink.check_keys(root, LESSON_KEYS, None);
        let id = self.id(root, "lesson");
        let title = self.sink.str_req(root, "title");
        let subtitle = self.sink.str_opt(root, "subtitle").map(|s| s.value);
        let series = self.sink.str_opt(root, "series").map(|s| s.value);
        let part = self.sink.int_opt(root, "part").and_then(|(p, span)| {
            let part = u32::try_from(p).ok();
            if part.is_none() {
                self.sink.error(
                    span.start,
                    format!("`part` should be a whole number from 0 up, found {p}"),
                );
            }
            part
        });
        let requires = self
            .sink
            .str_list_opt(root, "requires")
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| self.check_id_syntax(&s, "lesson"))
            .collect();
        let footnotes = self.footnotes(root);
        let sections = self.sections(root);
        self.check_footnote_refs(&footnotes);
        Some(Lesson {
            id: id?,
            title: title?.value,
            subtitle,
            series,
            part,
            requires,
            footnotes: footnotes.into_iter().map(|(f, _)| f).collect(),
            sections,
        })
    }

    /// A required `id` with the id syntax.
    fn id(&mut self, table: &Table<'_, '_>, of: &str) -> Option<String> {
        let s = self.sink.str_req(table, "id")?;
        self.check_id_syntax(&s, of)
    }

    fn check_id_syntax(&mut self, s: &Str, of: &str) -> Option<String> {
        let ok = !s.value.is_empty()
            && s.value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            return Some(s.value.clone());
        }
        let slug = slug(&s.value);
        let hint = if slug.is_empty() {
            String::new()
        } else {
            format!(", for example \"{slug}\"")
        };
        self.sink.error(
            s.span.start,
            format!(
                "{of} id \"{}\" is not valid: use lowercase letters a-z, digits and \"-\"{hint}",
                s.value
            ),
        );
        None
    }

    fn footnotes(&mut self, root: &Table<'_, '_>) -> Vec<(Footnote, Pos)> {
        let Some(node) = root.get("footnotes") else {
            return Vec::new();
        };
        let DeValue::Table(map) = node.get_ref() else {
            let found = self.sink.found(node);
            self.sink.error(
                node.span().start,
                format!("`footnotes` should be a table of footnote id = \"text\", {found}"),
            );
            return Vec::new();
        };
        let table = Table::new(map, node.span(), "[footnotes]");
        let mut out = Vec::new();
        for (id, key_span, value) in table.entries() {
            let pos = self.sink.lines.pos(key_span.start);
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || "[]^".contains(c)) {
                self.sink.error_at(
                    pos,
                    format!(
                        "footnote id \"{id}\" is not valid: use letters, digits, \"-\" or \"_\""
                    ),
                );
                continue;
            }
            let Some(text) = self.sink.as_str(&format!("footnote `{id}`"), value) else {
                continue;
            };
            self.markdown(&text);
            out.push((
                Footnote {
                    id: id.to_string(),
                    text: text.value,
                },
                pos,
            ));
        }
        out
    }

    /// Checks inside a Markdown field: footnote references are collected
    /// for the end; math is linted now.
    fn markdown(&mut self, s: &Str) {
        let found = scan::scan(&s.value);
        for r in found.footnotes {
            let pos = self.sink.lines.pos_in_string(&s.span, &s.value, r.offset);
            self.footnote_refs.push((r.id, pos));
        }
        for m in found.math {
            self.lint_tex(s, &m.tex, m.offset);
        }
        for at in found.unclosed {
            let pos = self.sink.lines.pos_in_string(&s.span, &s.value, at);
            self.sink.warn_at(
                pos,
                "this `$` opens math that is never closed: add the closing `$`, or write `\\$` \
                 for a dollar sign",
            );
        }
    }

    /// Warn about TeX outside the subset; `offset` is where `tex` starts in
    /// the string `s`, in characters.
    fn lint_tex(&mut self, s: &Str, tex: &str, offset: usize) {
        for w in crate::math::lint(tex) {
            let pos = self
                .sink
                .lines
                .pos_in_string(&s.span, &s.value, offset + w.offset);
            self.sink.warn_at(pos, w.message);
        }
    }

    fn check_footnote_refs(&mut self, defs: &[(Footnote, Pos)]) {
        let ids: Vec<&str> = defs.iter().map(|(f, _)| f.id.as_str()).collect();
        let refs = std::mem::take(&mut self.footnote_refs);
        for (id, pos) in &refs {
            if ids.contains(&id.as_str()) {
                continue;
            }
            let mut msg =
                format!("footnote reference \"[^{id}]\" has no definition in [footnotes]");
            if let Some(near) = did_you_mean(id, &ids) {
                msg.push_str(&format!("; did you mean \"[^{near}]\"?"));
            } else {
                msg.push_str(&format!("; add `{id} = \"...\"` under [footnotes]"));
            }
            self.sink.error_at(*pos, msg);
        }
        for (f, pos) in defs {
            if !refs.iter().any(|(id, _)| *id == f.id) {
                self.sink.warn_at(
                    *pos,
                    format!(
                        "footnote \"{}\" is defined but never referenced (write [^{}] where it belongs)",
                        f.id, f.id
                    ),
                );
            }
        }
    }

    fn sections(&mut self, root: &Table<'_, '_>) -> Vec<Section> {
        let tables = self.sink.tables(root, "section");
        if tables.is_empty() && !root.has("section") {
            self.sink.error(
                0,
                "a lesson needs at least one section: add a [[section]] with `id` and `title`",
            );
        }
        let mut sections = Vec::new();
        for (i, (map, span)) in tables.into_iter().enumerate() {
            let what = match map.get("id").and_then(|n| n.get_ref().as_str()) {
                Some(id) => format!("section \"{id}\""),
                None => format!("section {}", i + 1),
            };
            let table = Table::new(map, span, what);
            if let Some(section) = self.section(&table) {
                sections.push(section);
            }
        }
        sections
    }

    fn section(&mut self, table: &Table<'_, '_>) -> Option<Section> {
        self.sink
            .check_keys(table, SECTION_KEYS, Some(("lesson", LESSON_KEYS)));
        let id = self.id(table, "section");
        if let Some(id) = &id {
            self.unique_id(id, table, IdKind::Section);
        }
        let title = self.sink.str_req(table, "title");
        let blocks = self.blocks(table, &["section"]);
        Some(Section {
            id: id?,
            title: title?.value,
            blocks,
        })
    }

    fn unique_id(&mut self, id: &str, table: &Table<'_, '_>, kind: IdKind) {
        let span = table.get("id").map_or(table.span.clone(), |n| n.span());
        let pos = self.sink.lines.pos(span.start);
        let seen = match kind {
            IdKind::Section => &mut self.section_ids,
            IdKind::Question => &mut self.question_ids,
        };
        if let Some(first) = seen.get(id) {
            let first = *first;
            self.sink.error_at(
                pos,
                format!(
                    "duplicate {} id \"{id}\" (first used at line {}); ids must be unique in a lesson",
                    kind.name(),
                    first.line
                ),
            );
        } else {
            seen.insert(id.to_string(), pos);
        }
    }

    /// The blocks under `table.block`; `path` is the header path so far,
    /// for messages (`section.block.block`).
    fn blocks(&mut self, table: &Table<'_, '_>, path: &[&str]) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut here: Vec<&str> = path.to_vec();
        here.push("block");
        let header = here.join(".");
        for (map, span) in self.sink.tables(table, "block") {
            if let Some(block) = self.block(map, span, &here, &header) {
                blocks.push(block);
            }
        }
        blocks
    }

    fn block(
        &mut self,
        map: &DeTable<'_>,
        span: Span,
        path: &[&str],
        header: &str,
    ) -> Option<Block> {
        let pos = self.sink.lines.pos(span.start);
        let anon = Table::new(map, span.clone(), format!("[[{header}]]"));
        let kind = self.sink.str_req(&anon, "kind")?;
        if !KINDS.contains(&kind.value.as_str()) {
            let mut msg = format!("unknown block kind \"{}\"", kind.value);
            match did_you_mean(&kind.value, KINDS) {
                Some(near) => msg.push_str(&format!(", did you mean \"{near}\"?")),
                None => msg.push_str(&format!("; expected {}", list_values(KINDS))),
            }
            self.sink.error(kind.span.start, msg);
            return None;
        }
        let article = if kind.value.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let table = Table::new(map, span, format!("{article} `{}` block", kind.value));
        // `block` is left out: under a block that is not `details` it is a
        // child written where none can go, not a parent's key out of place.
        let parent = if path.len() > 2 {
            ("enclosing details block", DETAILS_OWN_KEYS)
        } else {
            ("section", SECTION_OWN_KEYS)
        };
        let allowed: &[&str] = match kind.value.as_str() {
            "text" => TEXT_KEYS,
            "math" => MATH_KEYS,
            "aside" => ASIDE_KEYS,
            "details" => DETAILS_KEYS,
            "chart" => CHART_KEYS,
            "quiz" => QUIZ_KEYS,
            // Explorer keys are checked by their own validator.
            _ => &[],
        };
        if kind.value != "explore" {
            self.sink.check_keys(&table, allowed, Some(parent));
        }
        let kind = match kind.value.as_str() {
            "text" => {
                let text = self.sink.str_req(&table, "text")?;
                self.markdown(&text);
                BlockKind::Text { text: text.value }
            }
            "math" => {
                let tex = self.sink.str_req(&table, "tex")?;
                self.lint_tex(&tex, &tex.value, 0);
                BlockKind::Math { tex: tex.value }
            }
            "aside" => {
                let title = self.sink.str_opt(&table, "title");
                let text = self.sink.str_req(&table, "text");
                if let Some(t) = &text {
                    self.markdown(t);
                }
                BlockKind::Aside {
                    title: title.map(|t| t.value).unwrap_or_default(),
                    text: text?.value,
                }
            }
            "details" => {
                let title = self.sink.str_req(&table, "title");
                let open = self.sink.bool_opt(&table, "open").unwrap_or(false);
                let blocks = self.blocks(&table, path);
                BlockKind::Details {
                    title: title?.value,
                    open,
                    blocks,
                }
            }
            "chart" => BlockKind::Chart(self.chart(&table)?),
            "quiz" => BlockKind::Quiz(self.quiz(&table, path)?),
            _ => BlockKind::Explore(validate_explore(&table, self.sink)),
        };
        Some(Block { pos, kind })
    }

    fn chart(&mut self, table: &Table<'_, '_>) -> Option<Chart> {
        let title = self.sink.str_opt(table, "title").map(|s| s.value);
        let var = match self.sink.str_opt(table, "var") {
            Some(v) if is_var_name(&v.value) => Some(v.value),
            Some(v) => {
                self.sink.error(
                    v.span.start,
                    format!(
                        "`var` \"{}\" is not a variable name: use letters (and digits after them), like \"x\" or \"t\"",
                        v.value
                    ),
                );
                None
            }
            None if table.has("var") => None,
            None => Some("x".to_string()),
        };
        let x = if table.has("x") {
            self.range(table, "x")
        } else {
            self.sink.error(
                table.span.start,
                "missing required key `x` (the horizontal range, e.g. x = [-1.0, 5.0]) in a `chart` block",
            );
            None
        };
        let y = self.range(table, "y");
        let x_label = self.sink.str_opt(table, "x_label").map(|s| s.value);
        let y_label = self.sink.str_opt(table, "y_label").map(|s| s.value);
        let var_name = var.clone().unwrap_or_else(|| "x".to_string());
        let mut plots = Vec::new();
        for (map, span) in self.sink.tables(table, "plot") {
            let plot = Table::new(map, span, "a plot");
            if let Some(p) = self.plot(&plot, &var_name) {
                plots.push(p);
            }
        }
        Some(Chart {
            title,
            var: var?,
            x: x?,
            y,
            x_label,
            y_label,
            plots,
        })
    }

    /// A `[min, max]` range with min < max.
    fn range(&mut self, table: &Table<'_, '_>, key: &str) -> Option<(f64, f64)> {
        let ((min, max), span) = self.sink.range_opt(table, key)?;
        if min >= max {
            self.sink.error(
                span.start,
                format!("`{key}` range [{min}, {max}]: the minimum must be less than the maximum"),
            );
            return None;
        }
        Some((min, max))
    }

    fn plot(&mut self, table: &Table<'_, '_>, var: &str) -> Option<Plot> {
        self.sink
            .check_keys(table, PLOT_KEYS, Some(("chart", CHART_KEYS)));
        let present: Vec<&str> = ["expr", "pieces", "points"]
            .into_iter()
            .filter(|k| table.has(k))
            .collect();
        let data = match present.as_slice() {
            ["expr"] => self
                .sink
                .str_req(table, "expr")
                .and_then(|s| self.chart_expression(&s, var, "plot"))
                .map(PlotData::Expr),
            ["pieces"] => self.pieces(table, var).map(PlotData::Pieces),
            ["points"] => self.points(table).map(PlotData::Points),
            [] => {
                self.sink.error(
                    table.span.start,
                    "a plot needs exactly one of `expr`, `pieces` or `points`; this one has none",
                );
                None
            }
            many => {
                self.sink.error(
                    table.span.start,
                    format!(
                        "a plot needs exactly one of `expr`, `pieces` or `points`; this one has {}",
                        list_keys(many).replace(" or ", " and ")
                    ),
                );
                None
            }
        };
        let label = self.sink.str_opt(table, "label").map(|s| s.value);
        let style = self
            .sink
            .str_opt(table, "style")
            .and_then(|s| match s.value.as_str() {
                "solid" => Some(LineStyle::Solid),
                "dashed" => Some(LineStyle::Dashed),
                "dots" => Some(LineStyle::Dots),
                other => {
                    self.bad_name("style", other, &s, STYLES);
                    None
                }
            })
            .unwrap_or_default();
        let color = self.sink.str_opt(table, "color").and_then(|s| {
            let c = ColorName::from_name(&s.value);
            if c.is_none() {
                let names: Vec<&str> = ColorName::ALL.iter().map(|(n, _)| *n).collect();
                self.bad_name("color", &s.value, &s, &names);
            }
            c
        });
        let derivative = self.sink.bool_opt(table, "derivative").unwrap_or(false);
        if derivative && matches!(data, Some(PlotData::Points(_))) {
            self.sink.error(
                table
                    .get("derivative")
                    .map_or(table.span.start, |n| n.span().start),
                "`derivative = true` needs a function (`expr` or `pieces`), not `points`",
            );
        }
        Some(Plot {
            data: data?,
            label,
            style,
            color,
            derivative,
        })
    }

    fn bad_name(&mut self, key: &str, value: &str, s: &Str, allowed: &[&str]) {
        let mut msg = format!("unknown {key} \"{value}\"");
        match did_you_mean(value, allowed) {
            Some(near) => msg.push_str(&format!(", did you mean \"{near}\"?")),
            None => msg.push_str(&format!("; expected {}", list_values(allowed))),
        }
        self.sink.error(s.span.start, msg);
    }

    fn pieces(&mut self, table: &Table<'_, '_>, var: &str) -> Option<Vec<Piece>> {
        let node = table.get("pieces")?;
        let tables = self.sink.tables(table, "pieces");
        if tables.is_empty() {
            if matches!(node.get_ref(), DeValue::Array(a) if a.is_empty()) {
                self.sink.error(
                    node.span().start,
                    "`pieces` is empty: give at least one piece",
                );
            }
            return None;
        }
        let mut ok = true;
        let mut pieces = Vec::new();
        for (map, span) in tables {
            let t = Table::new(map, span.clone(), "a piece");
            self.sink.check_keys(&t, PIECE_KEYS, None);
            let from = self.sink.num_req(&t, "from");
            let to = self.sink.num_req(&t, "to");
            let expr = self
                .sink
                .str_req(&t, "expr")
                .and_then(|s| self.chart_expression(&s, var, "piece"));
            if let (Some(f), Some(t)) = (from, to)
                && f >= t
            {
                self.sink.error(
                    span.start,
                    format!("piece from {f} to {t}: `from` must be less than `to`"),
                );
                ok = false;
            }
            match (from, to, expr) {
                (Some(from), Some(to), Some(expr)) => pieces.push(Piece { from, to, expr }),
                _ => ok = false,
            }
        }
        ok.then_some(pieces)
    }

    fn points(&mut self, table: &Table<'_, '_>) -> Option<Vec<(f64, f64)>> {
        let mut ok = true;
        let points = self.sink.list_opt(table, "points", |sink, n| {
            let pair = match n.get_ref() {
                DeValue::Array(xy) if xy.len() == 2 => {
                    match (raw::number(xy[0].get_ref()), raw::number(xy[1].get_ref())) {
                        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some((x, y)),
                        _ => None,
                    }
                }
                _ => None,
            };
            if pair.is_none() {
                let found = sink.found(n);
                sink.error(
                    n.span().start,
                    format!("each point should be [x, y] with two numbers, {found}"),
                );
                ok = false;
            }
            pair
        })?;
        ok.then_some(points)
    }

    /// Parse an expression written in the string `s`, reporting a parse
    /// error at its column inside the string.
    fn expression(&mut self, s: &Str, vars: &[&str], what: &str) -> Option<Expr> {
        self.parsed(s, expr::parse(&s.value, vars), what)
    }

    /// Report a parse failure of the string `s` at its column inside it.
    /// An expression of a chart, a function of the chart's `var`: an
    /// unknown name gets a word on where the variable comes from.
    fn chart_expression(&mut self, s: &Str, var: &str, what: &str) -> Option<Expr> {
        let before = self.sink.diags.len();
        let parsed = self.expression(s, &[var], &format!("{what} expression"));
        if parsed.is_none()
            && let Some(d) = self.sink.diags.get_mut(before)
            && d.message.contains("not a variable")
        {
            d.message.push_str(&format!(
                "; a chart's expressions use its variable `{var}` (set with `var`)"
            ));
        }
        parsed
    }

    /// `what` names the string in the message ("answer", "plot").
    fn parsed(
        &mut self,
        s: &Str,
        result: Result<Expr, expr::ParseError>,
        what: &str,
    ) -> Option<Expr> {
        match result {
            Ok(e) => Some(e),
            Err(e) => {
                let pos =
                    self.sink
                        .lines
                        .pos_in_string(&s.span, &s.value, e.column.saturating_sub(1));
                self.sink.error_at(
                    pos,
                    format!("{what} \"{}\" cannot be read: {}", s.value, e.message),
                );
                None
            }
        }
    }

    fn quiz(&mut self, table: &Table<'_, '_>, path: &[&str]) -> Option<Quiz> {
        let title = self.sink.str_opt(table, "title").map(|s| s.value);
        let tables = self.sink.tables(table, "question");
        if tables.is_empty() && !table.has("question") {
            let header = path.join(".");
            self.sink.error(
                table.span.start,
                format!("a `quiz` block needs at least one question: add a [[{header}.question]]"),
            );
        }
        let mut questions = Vec::new();
        let mut ok = true;
        for (map, span) in tables {
            let what = match map.get("id").and_then(|n| n.get_ref().as_str()) {
                Some(id) => format!("question \"{id}\""),
                None => "a question".to_string(),
            };
            match self.question(&Table::new(map, span, what)) {
                Some(q) => questions.push(q),
                None => ok = false,
            }
        }
        ok.then_some(Quiz { title, questions })
    }

    fn question(&mut self, table: &Table<'_, '_>) -> Option<Question> {
        if table.has("param") {
            return variants::question(self, table);
        }
        self.sink
            .check_keys(table, QUESTION_KEYS, Some(("quiz block", QUIZ_KEYS)));
        let pos = self.sink.lines.pos(table.span.start);
        let id = self.id(table, "question");
        if let Some(id) = &id {
            self.unique_id(id, table, IdKind::Question);
        }
        let prompt = self.sink.str_req(table, "prompt");
        if let Some(p) = &prompt {
            self.markdown(p);
        }
        let hints = self.sink.str_list_opt(table, "hints").unwrap_or_default();
        for h in &hints {
            self.markdown(h);
        }
        let explain = self.sink.str_opt(table, "explain");
        if let Some(e) = &explain {
            self.markdown(e);
        }
        let ty = self.question_type(table);
        let answer = ty.and_then(|ty| {
            self.typed_keys(table, ty);
            self.answer(table, ty)
        });
        let form = self.form(table, ty);
        let (relative, sigfigs) = self.number_modes(table);
        let up_to_constant = self.sink.bool_opt(table, "up_to_constant").unwrap_or(false);
        let feedback = self.feedback(table, answer.as_ref());
        let right = self.samples(table, "right", answer.as_ref());
        let wrong = self.samples(table, "wrong", answer.as_ref());
        let question = Question {
            id: id?,
            pos,
            prompt: prompt?.value,
            answer: answer?,
            hints: hints.into_iter().map(|h| h.value).collect(),
            explain: explain.map(|e| e.value),
            feedback,
            right: right.iter().map(|s| s.text.clone()).collect(),
            wrong: wrong.iter().map(|s| s.text.clone()).collect(),
            form,
            relative,
            sigfigs,
            up_to_constant,
            variant: None,
        };
        if self.judge {
            self.self_check(&question, table);
            for (list, want_right) in [(&right, true), (&wrong, false)] {
                for sample in list.iter() {
                    self.run_sample(&question, sample, want_right);
                }
            }
        }
        Some(question)
    }

    fn question_type(&mut self, table: &Table<'_, '_>) -> Option<&'static str> {
        let s = self.sink.str_req(table, "type")?;
        match QUESTION_TYPES.iter().find(|t| **t == s.value) {
            Some(t) => Some(t),
            None => {
                self.bad_name("question type", &s.value, &s, QUESTION_TYPES);
                None
            }
        }
    }

    /// The `form` an answer must be written in: a known name, on the type
    /// that takes it (`"value"` on number questions, the others on
    /// expression questions).
    fn form(&mut self, table: &Table<'_, '_>, ty: Option<&str>) -> Option<Form> {
        let s = self.sink.str_opt(table, "form")?;
        let Some(form) = Form::from_name(&s.value) else {
            self.bad_name("form", &s.value, &s, FORMS);
            return None;
        };
        let ty = ty?;
        let wanted = form.question_type();
        if ty == wanted {
            return Some(form);
        }
        let fits: Vec<&str> = Form::ALL
            .iter()
            .filter(|(_, f)| f.question_type() == ty)
            .map(|(n, _)| *n)
            .collect();
        let instead = if fits.is_empty() {
            "it applies only to number and expression questions".to_string()
        } else {
            format!("use {}", list_values(&fits))
        };
        self.sink.error(
            s.span.start,
            format!(
                "`form = \"{}\"` applies only to `type = \"{wanted}\"` questions; \
                 this one is `type = \"{ty}\"`: {instead}",
                s.value
            ),
        );
        None
    }

    /// Keys that only some types take (`choices` on a number question).
    fn typed_keys(&mut self, table: &Table<'_, '_>, ty: &str) {
        for (key, owner) in TYPED_KEYS {
            if *owner != ty
                && let Some(node) = table.get(key)
            {
                self.sink.error(
                    node.span().start,
                    format!(
                        "`{key}` applies only to `type = \"{owner}\"` questions; this one is `type = \"{ty}\"`"
                    ),
                );
            }
        }
    }

    fn answer(&mut self, table: &Table<'_, '_>, ty: &str) -> Option<Answer> {
        if !table.has("answer") {
            self.sink.error(
                table.span.start,
                format!("missing required key `answer` in {}", table.what),
            );
            return None;
        }
        let node = table.get("answer")?;
        match ty {
            "number" => self.number_answer(table, node),
            "expression" => {
                let (vars, vars_ok) = self.vars(table);
                let domain = self.range(table, "domain");
                let text = self.sink.as_str("answer", node)?;
                if !vars_ok {
                    // Reading the answer against broken `vars` would only
                    // echo their error as "not a variable".
                    return None;
                }
                let names: Vec<&str> = vars.iter().map(String::as_str).collect();
                let expr = self.parsed(&text, expr::parse_answer(&text.value, &names), "answer")?;
                Some(Answer::Expression {
                    text: text.value,
                    expr,
                    vars,
                    domain,
                })
            }
            "choice" => self.choice_answer(table, node),
            _ => {
                let accepted = self.one_or_many("answer", node)?;
                if accepted.is_empty() {
                    self.sink
                        .error(node.span().start, "`answer` is empty: give at least one");
                    return None;
                }
                Some(Answer::Text {
                    accepted: accepted.into_iter().map(|s| s.value).collect(),
                })
            }
        }
    }

    fn number_answer(&mut self, table: &Table<'_, '_>, node: &raw::Node<'_>) -> Option<Answer> {
        let tolerance = self.sink.num_opt(table, "tolerance");
        if let Some(t) = tolerance
            && t < 0.0
        {
            let span = table.get("tolerance").map_or(0, |n| n.span().start);
            self.sink
                .error(span, format!("`tolerance` {t} is negative: use 0 or more"));
        }
        let (text, value) = match node.get_ref() {
            DeValue::String(_) => {
                let s = self.sink.as_str("answer", node)?;
                let value = self.constant(&s)?;
                (s.value, value)
            }
            v => match raw::number(v) {
                Some(n) if n.is_finite() => {
                    let text = self
                        .sink
                        .lines
                        .snippet(&node.span())
                        .map_or_else(|| n.to_string(), str::to_string);
                    (text, n)
                }
                _ => {
                    let found = self.sink.found(node);
                    self.sink.error(
                        node.span().start,
                        format!(
                            "`answer` of a number question should be a number or a constant expression like \"1/2\", {found}"
                        ),
                    );
                    return None;
                }
            },
        };
        Some(Answer::Number {
            text,
            value,
            tolerance: tolerance.filter(|t| *t >= 0.0),
        })
    }

    /// `relative` and `sigfigs`, checked; at most one of them and
    /// `tolerance` may be given (each replaces the default comparison).
    fn number_modes(&mut self, table: &Table<'_, '_>) -> (Option<f64>, Option<u32>) {
        let relative = self.sink.num_opt(table, "relative");
        if let Some(r) = relative
            && !(0.0..1.0).contains(&r)
        {
            let span = table.get("relative").map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                format!("`relative` {r} should be from 0 to below 1, like 0.01 for 1%"),
            );
        }
        let sigfigs = match self.sink.int_opt(table, "sigfigs") {
            Some((n, _)) if (1..=15).contains(&n) => u32::try_from(n).ok(),
            Some((n, span)) => {
                self.sink.error(
                    span.start,
                    format!("`sigfigs` {n} should be a whole number from 1 to 15"),
                );
                None
            }
            None => None,
        };
        let given: Vec<&str> = ["tolerance", "relative", "sigfigs"]
            .into_iter()
            .filter(|k| table.has(k))
            .collect();
        if let [_, second, ..] = given[..] {
            let span = table.get(second).map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                format!(
                    "give only one of {}: each says on its own how close an answer must be",
                    given
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
        }
        (relative.filter(|r| (0.0..1.0).contains(r)), sigfigs)
    }

    /// The value of a constant expression written as a string.
    fn constant(&mut self, s: &Str) -> Option<f64> {
        if let Ok(n) = s.value.trim().parse::<f64>()
            && n.is_finite()
        {
            return Some(n);
        }
        let e = self.parsed(s, expr::parse_constant(&s.value), "answer")?;
        let v = e.eval(&[]);
        if v.is_finite() {
            Some(v)
        } else {
            self.sink.error(
                s.span.start,
                format!("answer \"{}\" has no finite value", s.value),
            );
            None
        }
    }

    /// The variables an expression answer may use (default `["x"]`), and
    /// whether all of them were good.
    fn vars(&mut self, table: &Table<'_, '_>) -> (Vec<String>, bool) {
        let Some(list) = self.sink.str_list_opt(table, "vars") else {
            return (vec!["x".to_string()], !table.has("vars"));
        };
        let mut ok = true;
        let mut names: Vec<String> = Vec::new();
        for v in &list {
            if !is_var_name(&v.value) {
                self.sink.error(
                    v.span.start,
                    format!(
                        "\"{}\" is not a variable name: use letters (and digits after them)",
                        v.value
                    ),
                );
                ok = false;
            } else if names.contains(&v.value) {
                self.sink.error(
                    v.span.start,
                    format!("variable \"{}\" is listed twice", v.value),
                );
                ok = false;
            } else {
                names.push(v.value.clone());
            }
        }
        if list.is_empty() {
            let span = table.get("vars").map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                "`vars` is empty; list the variables an answer may use, e.g. vars = [\"x\"]",
            );
            ok = false;
        }
        (names, ok)
    }

    fn choice_answer(&mut self, table: &Table<'_, '_>, node: &raw::Node<'_>) -> Option<Answer> {
        let choices = match self.sink.str_list_opt(table, "choices") {
            Some(c) => c,
            None => {
                if !table.has("choices") {
                    self.sink.error(
                        table.span.start,
                        format!(
                            "missing required key `choices` (a list of strings) in {}",
                            table.what
                        ),
                    );
                }
                return None;
            }
        };
        let mut ok = true;
        if choices.len() < 2 {
            let span = table.get("choices").map_or(0, |n| n.span().start);
            self.sink
                .error(span, "`choices` needs at least two options to choose from");
            ok = false;
        }
        for (i, c) in choices.iter().enumerate() {
            if choices[..i].iter().any(|d| d.value == c.value) {
                self.sink.error(
                    c.span.start,
                    format!("choice \"{}\" is listed twice", c.value),
                );
                ok = false;
            }
        }
        let names: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        let multiple = matches!(node.get_ref(), DeValue::Array(_));
        let given = self.one_or_many("answer", node)?;
        if multiple && given.is_empty() {
            self.sink.error(
                node.span().start,
                "`answer` is an empty list: a select-all question needs at least one right choice",
            );
            ok = false;
        }
        let mut correct = Vec::new();
        for a in &given {
            match self.choice_index(a, &names) {
                Some(i) if !correct.contains(&i) => correct.push(i),
                Some(_) => {}
                None => ok = false,
            }
        }
        correct.sort_unstable();
        ok.then(|| Answer::Choice {
            choices: choices.into_iter().map(|c| c.value).collect(),
            correct,
            multiple,
        })
    }

    /// The index of `s` among `choices`, or an error saying what would do.
    fn choice_index(&mut self, s: &Str, choices: &[&str]) -> Option<usize> {
        if let Some(i) = choices.iter().position(|c| *c == s.value) {
            return Some(i);
        }
        let mut msg = format!("\"{}\" is not one of the choices", s.value);
        match did_you_mean(&s.value, choices) {
            Some(near) => msg.push_str(&format!("; did you mean \"{near}\"?")),
            None => msg.push_str(&format!(" ({})", list_values(choices))),
        }
        self.sink.error(s.span.start, msg);
        None
    }

    /// A string or a list of strings.
    fn one_or_many(&mut self, key: &str, node: &raw::Node<'_>) -> Option<Vec<Str>> {
        match node.get_ref() {
            DeValue::Array(items) => {
                let element = format!("each item of `{key}`");
                let all: Vec<Option<Str>> = items
                    .iter()
                    .map(|n| self.sink.as_str(&element, n))
                    .collect();
                all.into_iter().collect()
            }
            DeValue::String(_) => self.sink.as_str(key, node).map(|s| vec![s]),
            _ => {
                let found = self.sink.found(node);
                self.sink.error(
                    node.span().start,
                    format!("`{key}` should be a string or a list of strings, {found}"),
                );
                None
            }
        }
    }

    fn feedback(&mut self, table: &Table<'_, '_>, answer: Option<&Answer>) -> Vec<Feedback> {
        let mut out = Vec::new();
        for (map, span) in self.sink.tables(table, "feedback") {
            let t = Table::new(map, span, "feedback");
            self.sink
                .check_keys(&t, FEEDBACK_KEYS, Some(("question", QUESTION_KEYS)));
            let said = self.sink.str_req(&t, "answer");
            let say = self.sink.str_req(&t, "say");
            if let Some(s) = &say {
                self.markdown(s);
            }
            if let (Some(a), Some(answer)) = (&said, answer) {
                self.check_response_text(a, answer, "feedback answer");
            }
            if let (Some(a), Some(say)) = (said, say) {
                out.push(Feedback {
                    answer: a.value,
                    say: say.value,
                });
            }
        }
        out
    }

    /// Check that a string the author compares with the answer can be read
    /// the way the answer is (an expression parses, a choice exists).
    fn check_response_text(&mut self, s: &Str, answer: &Answer, what: &str) -> bool {
        match answer {
            Answer::Number { .. } => self
                .parsed(s, expr::parse_constant(&s.value), what)
                .is_some(),
            Answer::Expression { vars, .. } => {
                let names: Vec<&str> = vars.iter().map(String::as_str).collect();
                self.parsed(s, expr::parse_answer(&s.value, &names), what)
                    .is_some()
            }
            Answer::Choice {
                choices, multiple, ..
            } => {
                let names: Vec<&str> = choices.iter().map(String::as_str).collect();
                if *multiple && !names.contains(&s.value.as_str()) && s.value.contains(',') {
                    // A select-all feedback names a set: "a, b".
                    return s.value.split(',').all(|part| {
                        let part = Str {
                            value: part.trim().to_string(),
                            span: s.span.clone(),
                        };
                        self.choice_index(&part, &names).is_some()
                    });
                }
                self.choice_index(s, &names).is_some()
            }
            Answer::Text { .. } => true,
        }
    }

    /// The `right` or `wrong` samples: strings, or (choice questions) lists
    /// of choices for select-all.
    fn samples(
        &mut self,
        table: &Table<'_, '_>,
        key: &'static str,
        answer: Option<&Answer>,
    ) -> Vec<Sample> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = node.get_ref() else {
            let found = self.sink.found(node);
            self.sink.error(
                node.span().start,
                format!("`{key}` should be a list of sample answers, {found}"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let strings = match (item.get_ref(), answer) {
                (DeValue::Array(_), Some(Answer::Choice { multiple: true, .. })) => {
                    self.one_or_many(&format!("each item of `{key}`"), item)
                }
                _ => self
                    .sink
                    .as_str(&format!("each item of `{key}`"), item)
                    .map(|s| vec![s]),
            };
            let Some(strings) = strings else { continue };
            let text = strings
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let mut choices = Vec::new();
            let mut readable = true;
            if let Some(Answer::Choice { choices: names, .. }) = answer {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                for s in &strings {
                    match self.choice_index(s, &names) {
                        Some(i) => choices.push(i),
                        None => readable = false,
                    }
                }
            }
            if readable {
                out.push(Sample {
                    text,
                    key,
                    choices,
                    at: strings.first().map(|s| (s.span.clone(), s.value.clone())),
                });
            }
        }
        out
    }

    fn response<'q>(question: &Question, sample: &'q Sample) -> Response<'q> {
        match question.answer {
            Answer::Choice { .. } => Response::Choices(&sample.choices),
            _ => Response::Text(&sample.text),
        }
    }

    fn run_sample(&mut self, question: &Question, sample: &Sample, want_right: bool) {
        let verdict = quiz::check(question, Self::response(question, sample));
        let offset = sample.at.as_ref().map_or(0, |(span, _)| span.start);
        match verdict {
            Verdict::Right if want_right => {}
            Verdict::Wrong { .. } if !want_right => {}
            Verdict::Unreadable(e) => {
                let pos = match &sample.at {
                    Some((span, value)) => {
                        self.sink
                            .lines
                            .pos_in_string(span, value, e.column.saturating_sub(1))
                    }
                    None => self.sink.lines.pos(offset),
                };
                self.sink.error_at(
                    pos,
                    format!(
                        "sample \"{}\" in `{}` cannot be read: {}",
                        sample.text, sample.key, e.message
                    ),
                );
            }
            Verdict::Right => self.sink.error(
                offset,
                format!(
                    "sample \"{}\" in `{}` is judged right",
                    sample.text, sample.key
                ),
            ),
            Verdict::Wrong { .. } => {
                let message = match quiz::form::miss(question, &sample.text) {
                    Some(m) => format!(
                        "sample \"{}\" in `{}` is equal to the answer but not {} \
                         (`form = \"{}\"`): {}",
                        sample.text,
                        sample.key,
                        m.form.adjective(),
                        m.form.name(),
                        m.why
                    ),
                    None => format!(
                        "sample \"{}\" in `{}` is judged wrong",
                        sample.text, sample.key
                    ),
                };
                self.sink.error(offset, message);
            }
        }
    }

    /// The question's own answer must pass its own check. Structural cases
    /// (a choice not among `choices`) are caught while reading the answer;
    /// [`quiz::audit`] catches the rest, such as an expression answer that
    /// is undefined at most sample points. Samples and feedback answers are
    /// checked here one by one instead, to report each at its position.
    fn self_check(&mut self, question: &Question, table: &Table<'_, '_>) {
        let offset = table
            .get("answer")
            .map_or(table.span.start, |n| n.span().start);
        let at = |key: &str| table.get(key).map_or(offset, |n| n.span().start);
        for problem in quiz::audit(question) {
            match &problem {
                quiz::Problem::Answer(why) => self.sink.error(offset, why.clone()),
                quiz::Problem::FeedbackNeverShown { .. } => {
                    self.sink.error(at("feedback"), problem.to_string());
                }
                quiz::Problem::Fragile { .. } => self.sink.error(at("right"), problem.to_string()),
                quiz::Problem::SameChoices { .. } => {
                    self.sink.error(at("choices"), problem.to_string());
                }
                // Reported one by one, at their positions, by the caller.
                quiz::Problem::Feedback { .. }
                | quiz::Problem::RightRejected { .. }
                | quiz::Problem::WrongNotRejected { .. } => {}
            }
        }
    }
}

/// A `right` or `wrong` sample, ready to be judged.
#[derive(Debug)]
struct Sample {
    /// As shown in messages; choices joined with ", ".
    text: String,
    key: &'static str,
    /// For choice questions: the chosen indices.
    choices: Vec<usize>,
    /// Where the (first) string is written, and its value.
    at: Option<(Span, String)>,
}

#[derive(Debug, Clone, Copy)]
enum IdKind {
    Section,
    Question,
}

impl IdKind {
    fn name(self) -> &'static str {
        match self {
            IdKind::Section => "section",
            IdKind::Question => "question",
        }
    }
}

/// The one place a `kind = "explore"` block becomes an
/// [`crate::explore::Explorer`]; its keys are read in
/// [`super::explore_block`].
fn validate_explore(table: &Table<'_, '_>, sink: &mut Sink<'_>) -> crate::explore::Explorer {
    super::explore_block::read_explore(table, sink)
}

/// A variable name: a letter, then letters, digits or `_`.
fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A valid id suggested from an invalid one ("Intro 1" -> "intro-1").
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

mod variants;
pub use variants::Source as VariantSource;
pub(crate) use variants::instantiate;

#[cfg(test)]
mod tests;
