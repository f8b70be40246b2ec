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
//! [`crate::math::lint`].
//!
//! This file holds the walk (lesson, sections, the block dispatch) and the
//! helpers every block uses; each block kind's reading is in its own file
//! below: `prose` (text, aside, footnotes), `math`, `details`, `chart`,
//! `question` (quiz blocks) with `samples` (judging the author's samples),
//! and `explore` (explorer keys, handed to [`crate::explore`]). A new block
//! kind gets a file here and one arm in `Validator::block`'s match.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::format::{self, block_kinds, conditional_keys, key_names, own_key_names};
pub use super::raw::did_you_mean;
use super::raw::{self, Sink, Span, Str, Table, list_values};
use super::{Block, BlockKind, Header, Lesson, Pos, Section};
use crate::expr::{self, Expr};

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
    read_then(path, load_str)
}

/// As [`load_file`], to open the lesson for a learner rather than to check
/// it: every check runs and the written variant of each question with
/// parameters is judged, but not every other variant (64 of them per such
/// question in the Derivatives lesson: five times the rest of opening it).
/// A learner's own variant is built from the same checked text; `chalkdust
/// check`, `watch` and `serve --lessons` judge them all.
pub fn load_file_to_read(path: &Path) -> Result<Loaded, LoadError> {
    read_then(path, |src, file| load_with(src, file, Judging::Written))
}

fn read_then(
    path: &Path,
    load: impl FnOnce(&str, &str) -> Result<Loaded, LoadError>,
) -> Result<Loaded, LoadError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(src) => load(&src, &file),
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
    load_with(src, file, Judging::EveryVariant)
}

/// A lesson a test needs to load, or a panic that shows why it did not.
#[cfg(test)]
pub(crate) fn must_load(src: &str, file: &str) -> Lesson {
    match load_str(src, file) {
        Ok(l) => l.lesson,
        Err(e) => panic!("test lesson {file} does not load: {:#?}", e.diagnostics),
    }
}

/// As [`load_str`], without judging the questions' own answers and their
/// `right`/`wrong` samples: for text already known to pass them (the
/// built-in lessons, which the tests and `chalkdust check` judge in full).
/// Judging is the costly half of validation and changes nothing in the
/// lesson built; every structural check still runs.
pub fn load_trusted(src: &str, file: &str) -> Result<Loaded, LoadError> {
    load_with(src, file, Judging::None)
}

/// How much of the questions' judging a load runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judging {
    /// None (the built-in lessons, judged by the tests).
    None,
    /// Each question's answer and samples, for the variant written (or
    /// first drawn) only.
    Written,
    /// Also every variant of a question with parameters (or a seeded 64).
    EveryVariant,
}

fn load_with(src: &str, file: &str, judging: Judging) -> Result<Loaded, LoadError> {
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
    validator.judge = judging != Judging::None;
    validator.judge_variants = judging == Judging::EveryVariant;
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

/// Best-effort read of the top-level keys, even when the lesson is broken:
/// enough to list it in a catalog beside its errors. Never fails; an `id`
/// or `title` that cannot be read is empty (a valid one never is).
pub fn read_header(src: &str) -> Header {
    // The top-level keys come before the first table header, so the text
    // up to it is read alone (a catalog of many lessons reads no section).
    // A cut that falls inside a string or an array does not parse, and
    // then the whole text is read.
    let head = header_text(src);
    if head.len() < src.len()
        && let Ok(doc) = DeTable::parse(head)
    {
        return header_of(doc.get_ref());
    }
    let (doc, _) = DeTable::parse_recoverable(src);
    header_of(doc.get_ref())
}

/// The text before the first line that starts (after blanks) with `[`.
fn header_text(src: &str) -> &str {
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            return &src[..at];
        }
        at += line.len();
    }
    src
}

fn header_of(root: &DeTable<'_>) -> Header {
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
        id: string("id").unwrap_or_default(),
        title: string("title").unwrap_or_default(),
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
    /// Whether to judge every variant of a question with parameters too.
    judge_variants: bool,
}

impl<'v, 's> Validator<'v, 's> {
    fn new(sink: &'v mut Sink<'s>) -> Self {
        Validator {
            sink,
            footnote_refs: Vec::new(),
            section_ids: HashMap::new(),
            question_ids: HashMap::new(),
            judge: true,
            judge_variants: true,
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
            header: Header {
                id: id?,
                title: title?.value,
                subtitle,
                series,
                part,
                requires,
            },
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
            "text" => self.text_block(&table)?,
            "math" => self.math_block(&table)?,
            "aside" => self.aside_block(&table)?,
            "details" => self.details_block(&table, path)?,
            "chart" => BlockKind::Chart(self.chart(&table)?),
            "quiz" => BlockKind::Quiz(self.quiz(&table, path)?),
            _ => BlockKind::Explore(explore::read_explore(&table, self.sink)),
        };
        Some(Block { pos, kind })
    }

    fn bad_name(&mut self, key: &str, value: &str, s: &Str, allowed: &[&str]) {
        let mut msg = format!("unknown {key} \"{value}\"");
        match did_you_mean(value, allowed) {
            Some(near) => msg.push_str(&format!(", did you mean \"{near}\"?")),
            None => msg.push_str(&format!("; expected {}", list_values(allowed))),
        }
        self.sink.error(s.span.start, msg);
    }

    /// Parse an expression written in the string `s`, reporting a parse
    /// error at its column inside the string.
    fn expression(&mut self, s: &Str, vars: &[&str], what: &str) -> Option<Expr> {
        self.parsed(s, expr::parse(&s.value, vars), what)
    }

    /// Report a parse failure of the string `s` at its column inside it;
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

mod chart;
mod details;
mod explore;
mod math;
mod prose;
mod question;
mod samples;
mod variants;
pub use variants::Source as VariantSource;
pub(crate) use variants::instantiate;
#[cfg(test)]
mod tests;
