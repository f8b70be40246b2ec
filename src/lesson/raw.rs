//! The lesson file as read, before validation: toml's spanned document tree
//! ([`toml::de::DeTable`]) plus typed accessors that turn every wrong type,
//! missing key and unknown key into a [`Diagnostic`] with its position.
//!
//! Why a walk over the spanned tree rather than `#[derive(Deserialize)]`
//! structs: serde stops at the first problem (`deny_unknown_fields` reports
//! one key, a wrong type aborts the whole document), and `toml::Spanned` does
//! not survive the content buffering of internally tagged enums, which is
//! what `kind = "..."` blocks would need. The tree keeps a span on every key
//! and value, so each check here can report and carry on, and the validator
//! in [`super::load`] finds every problem in one pass.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Pos;
use super::load::{Diagnostic, Severity};

/// A byte range in the source text.
pub(crate) type Span = Range<usize>;

/// A value in the document with its span.
pub(crate) type Node<'i> = Spanned<DeValue<'i>>;

/// Maps byte offsets of the source to 1-based line and character columns.
#[derive(Debug)]
pub(crate) struct LineIndex<'s> {
    src: &'s str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { src, starts }
    }

    /// The position of byte `offset` (clamped to the text).
    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        // Count characters, not bytes; an offset inside a character (never
        // produced by toml, but cheap to guard) counts bytes instead.
        let col = match self.src.get(start..offset) {
            Some(s) => s.chars().count(),
            None => offset - start,
        };
        Pos {
            line: line + 1,
            col: col + 1,
        }
    }

    /// The position of the character `char_index` (0-based) of the string
    /// value `value` written at `span`. Falls back to the start of the
    /// string when the source spells the value differently (escapes).
    pub(crate) fn pos_in_string(&self, span: &Span, value: &str, char_index: usize) -> Pos {
        match self.string_content_start(span, value) {
            Some(start) => {
                let byte = value
                    .char_indices()
                    .nth(char_index)
                    .map_or(value.len(), |(i, _)| i);
                self.pos(start + byte)
            }
            None => self.pos(span.start),
        }
    }

    /// Where the characters of a string value start in the source, if the
    /// source holds them verbatim (no escapes in between).
    fn string_content_start(&self, span: &Span, value: &str) -> Option<usize> {
        let raw = self.src.get(span.clone())?;
        let delim = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            1
        } else {
            return None;
        };
        let mut start = span.start + delim;
        if delim == 3 {
            // TOML trims a newline right after the opening delimiter.
            let rest = self.src.get(start..)?;
            if rest.starts_with("\r\n") {
                start += 2;
            } else if rest.starts_with('\n') {
                start += 1;
            }
        }
        let held = self.src.get(start..start + value.len())?;
        (held == value).then_some(start)
    }

    /// Source text of `span` when it is short and on one line, for quoting
    /// a bad value in a message.
    pub(crate) fn snippet(&self, span: &Span) -> Option<&'s str> {
        let s = self.src.get(span.clone())?;
        (s.chars().count() <= 40 && !s.contains('\n')).then_some(s)
    }
}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub(crate) struct Sink<'s> {
    pub(crate) file: &'s str,
    pub(crate) lines: LineIndex<'s>,
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'s> Sink<'s> {
    pub(crate) fn new(src: &'s str, file: &'s str) -> Self {
        Sink {
            file,
            lines: LineIndex::new(src),
            diags: Vec::new(),
        }
    }

    pub(crate) fn error_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Error, pos, message.into());
    }

    pub(crate) fn warn_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Warning, pos, message.into());
    }

    pub(crate) fn error(&mut self, offset: usize, message: impl Into<String>) {
        let pos = self.lines.pos(offset);
        self.error_at(pos, message);
    }

    fn push(&mut self, severity: Severity, pos: Pos, message: String) {
        self.diags.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            pos,
            message,
        });
    }

    /// "found integer 3": a value's type and, when short, its text.
    pub(crate) fn found(&self, node: &Node<'_>) -> String {
        let ty = node.get_ref().type_str();
        match self.lines.snippet(&node.span()) {
            // A table's span is its header, not its contents: no snippet.
            Some(s) if !matches!(node.get_ref(), DeValue::Table(_)) => format!("found {ty} {s}"),
            _ => format!("found {article} {ty}", article = article(ty)),
        }
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A string value and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Str {
    pub(crate) value: String,
    pub(crate) span: Span,
}

/// A table of the document, with a name for messages ("section \"intro\"").
#[derive(Debug, Clone)]
pub(crate) struct Table<'a, 'i> {
    pub(crate) map: &'a DeTable<'i>,
    /// The header `[[section]]` or the inline table; 0..0 for the root.
    pub(crate) span: Span,
    pub(crate) what: String,
}

impl<'a, 'i> Table<'a, 'i> {
    pub(crate) fn new(map: &'a DeTable<'i>, span: Span, what: impl Into<String>) -> Self {
        Table {
            map,
            span,
            what: what.into(),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Node<'i>> {
        self.map.get(key)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Keys in the order they are written.
    pub(crate) fn keys(&self) -> Vec<(&'a str, Span)> {
        let mut keys: Vec<(&str, Span)> = self
            .map
            .iter()
            .map(|(k, _)| (k.get_ref().as_ref(), k.span()))
            .collect();
        keys.sort_by_key(|(_, s)| s.start);
        keys
    }

    /// Entries in the order they are written.
    pub(crate) fn entries(&self) -> Vec<(&'a str, Span, &'a Node<'i>)> {
        let mut entries: Vec<_> = self
            .map
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
            .collect();
        entries.sort_by_key(|(_, s, _)| s.start);
        entries
    }
}

/// The nearest of `candidates` to `word`, if it is close enough to be the
/// likely intent (a slip of a letter or two, or a swap).
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    // Short words are too easily one edit from anything: no guesses.
    let limit = (word.chars().count() / 3).min(3);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, _)| *d <= limit && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
        .or_else(|| {
            // Case slips ("Title") are common and cost one edit per letter.
            candidates
                .iter()
                .find(|c| c.eq_ignore_ascii_case(word))
                .copied()
        })
}

/// "`a`, `b` or `c`".
pub(crate) fn list_keys(keys: &[&str]) -> String {
    join_or(keys.iter().map(|k| format!("`{k}`")).collect())
}

/// "\"a\", \"b\" or \"c\"".
pub(crate) fn list_values(values: &[&str]) -> String {
    join_or(values.iter().map(|k| format!("\"{k}\"")).collect())
}

fn join_or(items: Vec<String>) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Typed reading of table entries; every problem goes to the sink and the
/// reader gets `None`, so validation continues past it.
impl Sink<'_> {
    /// Report every key of `table` not in `allowed`. `elsewhere` names keys
    /// that belong to the enclosing table, for the TOML ordering slip where
    /// a parent's key is written after a child's `[[header]]`.
    pub(crate) fn check_keys(
        &mut self,
        table: &Table<'_, '_>,
        allowed: &[&str],
        elsewhere: Option<(&str, &[&str])>,
    ) {
        for (key, span) in table.keys() {
            if allowed.contains(&key) {
                continue;
            }
            let mut msg = format!("unknown key `{key}` in {}", table.what);
            if let Some((parent, _)) = elsewhere.filter(|(_, keys)| keys.contains(&key)) {
                msg.push_str(&format!(
                    "; `{key}` belongs to the {parent}: in TOML a table's own keys \
                     must come before its [[...]] sub-tables"
                ));
            } else if let Some(near) = did_you_mean(key, allowed) {
                msg.push_str(&format!(", did you mean `{near}`?"));
            } else {
                msg.push_str(&format!("; expected {}", list_keys(allowed)));
            }
            self.error(span.start, msg);
        }
    }

    fn missing(&mut self, table: &Table<'_, '_>, key: &str, what: &str) {
        self.error(
            table.span.start,
            format!("missing required key `{key}` ({what}) in {}", table.what),
        );
    }

    /// `key` is a key name, or a phrase naming an element ("each item of
    /// `hints`") which is used as it is.
    fn wrong_type(&mut self, key: &str, expected: &str, node: &Node<'_>) {
        let found = self.found(node);
        let name = if key.contains(' ') {
            key.to_string()
        } else {
            format!("`{key}`")
        };
        self.error(
            node.span().start,
            format!("{name} should be {expected}, {found}"),
        );
    }

    pub(crate) fn str_opt(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Str> {
        let node = table.get(key)?;
        self.as_str(key, node)
    }

    /// An optional string that must be one of `allowed`; anything else is
    /// reported (with a "did you mean") and read as absent.
    pub(crate) fn one_of_opt(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        allowed: &[&str],
    ) -> Option<Str> {
        let s = self.str_opt(table, key)?;
        if allowed.contains(&s.value.as_str()) {
            return Some(s);
        }
        let mut msg = format!("unknown {key} \"{}\"", s.value);
        match did_you_mean(&s.value, allowed) {
            Some(near) => msg.push_str(&format!(", did you mean \"{near}\"?")),
            None => msg.push_str(&format!("; expected {}", list_values(allowed))),
        }
        self.error(s.span.start, msg);
        None
    }

    /// `aspect = "equal"` (true) or `"auto"` (false, also when absent).
    pub(crate) fn equal_aspect(&mut self, table: &Table<'_, '_>) -> bool {
        self.one_of_opt(table, "aspect", super::format::ASPECTS)
            .is_some_and(|s| s.value == "equal")
    }

    pub(crate) fn str_req(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Str> {
        if !table.has(key) {
            self.missing(table, key, "a string");
            return None;
        }
        self.str_opt(table, key)
    }

    pub(crate) fn as_str(&mut self, key: &str, node: &Node<'_>) -> Option<Str> {
        match node.get_ref() {
            DeValue::String(s) => Some(Str {
                value: s.to_string(),
                span: node.span(),
            }),
            _ => {
                self.wrong_type(key, "a string", node);
                None
            }
        }
    }

    pub(crate) fn bool_opt(&mut self, table: &Table<'_, '_>, key: &str) -> Option<bool> {
        let node = table.get(key)?;
        match node.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, "true or false", node);
                None
            }
        }
    }

    /// A number (integer or float) as f64, finite.
    pub(crate) fn num_opt(&mut self, table: &Table<'_, '_>, key: &str) -> Option<f64> {
        let node = table.get(key)?;
        self.as_num(key, node)
    }

    pub(crate) fn num_req(&mut self, table: &Table<'_, '_>, key: &str) -> Option<f64> {
        if !table.has(key) {
            self.missing(table, key, "a number");
            return None;
        }
        self.num_opt(table, key)
    }

    pub(crate) fn as_num(&mut self, key: &str, node: &Node<'_>) -> Option<f64> {
        match number(node.get_ref()) {
            Some(n) if n.is_finite() => Some(n),
            Some(_) => {
                self.error(
                    node.span().start,
                    format!("`{key}` should be a finite number, {}", self.found(node)),
                );
                None
            }
            None => {
                self.wrong_type(key, "a number", node);
                None
            }
        }
    }

    /// A whole number, as i64.
    pub(crate) fn int_opt(&mut self, table: &Table<'_, '_>, key: &str) -> Option<(i64, Span)> {
        let node = table.get(key)?;
        match integer(node.get_ref()) {
            Some(n) => Some((n, node.span())),
            None => {
                self.wrong_type(key, "a whole number", node);
                None
            }
        }
    }

    /// An array, each element read by `item`; elements that fail are
    /// reported by `item` and left out.
    pub(crate) fn list_opt<'a, 'i, T>(
        &mut self,
        table: &Table<'a, 'i>,
        key: &str,
        mut item: impl FnMut(&mut Self, &'a Node<'i>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let node = table.get(key)?;
        match node.get_ref() {
            DeValue::Array(items) => Some(items.iter().filter_map(|n| item(self, n)).collect()),
            _ => {
                self.wrong_type(key, "a list [...]", node);
                None
            }
        }
    }

    pub(crate) fn str_list_opt(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Vec<Str>> {
        let element = format!("each item of `{key}`");
        self.list_opt(table, key, |sink, n| sink.as_str(&element, n))
    }

    /// `[min, max]` of two numbers.
    pub(crate) fn range_opt(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
    ) -> Option<((f64, f64), Span)> {
        let node = table.get(key)?;
        let pair = match node.get_ref() {
            DeValue::Array(items) if items.len() == 2 => {
                match (number(items[0].get_ref()), number(items[1].get_ref())) {
                    (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
                    _ => None,
                }
            }
            _ => None,
        };
        if pair.is_none() {
            let found = self.found(node);
            self.error(
                node.span().start,
                format!("`{key}` should be a range [min, max] of two numbers, {found}"),
            );
        }
        pair.map(|p| (p, node.span()))
    }

    /// The tables of an array of tables (`[[section.block]]`) or of an
    /// inline array of inline tables; other values are reported.
    pub(crate) fn tables<'a, 'i>(
        &mut self,
        table: &Table<'a, 'i>,
        key: &str,
    ) -> Vec<(&'a DeTable<'i>, Span)> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let items = match node.get_ref() {
            DeValue::Array(items) => items,
            DeValue::Table(_) => {
                // `[section]` for `[[section]]`, or `[[section.block]]` with
                // no `[[section]]` above it: TOML then makes one table.
                let header = if key == "section" {
                    "[[section]]".to_string()
                } else {
                    format!("[[....{key}]]")
                };
                self.error(
                    node.span().start,
                    format!(
                        "`{key}` should be a list of tables, found a single table: write its \
                         headers with double brackets, {header}, each above the headers of \
                         what it holds"
                    ),
                );
                return Vec::new();
            }
            _ => {
                self.wrong_type(key, "a list of tables ([[...]])", node);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                _ => self.wrong_type(key, "a list of tables ([[...]])", item),
            }
        }
        out
    }
}

/// A TOML integer or float as f64.
pub(crate) fn number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Float(f) => {
            let s = f.as_str();
            match s.trim_start_matches(['+', '-']) {
                "inf" | "nan" => None,
                _ => s.parse().ok(),
            }
        }
        DeValue::Integer(_) => integer(value).map(|i| i as f64),
        _ => None,
    }
}

/// A TOML integer (any radix) as i64.
pub(crate) fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_one() {
        let lines = LineIndex::new("ab\nπx = 1\n");
        assert_eq!(lines.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(lines.pos(3), Pos { line: 2, col: 1 });
        // 'x' comes after the two-byte 'π'.
        assert_eq!(lines.pos(5), Pos { line: 2, col: 2 });
        assert_eq!(lines.pos(999), Pos { line: 3, col: 1 });
    }

    #[test]
    fn positions_inside_strings_follow_the_source() {
        let src = "a = \"10x)\"\nb = \"\"\"\nx^2\"\"\"\nc = \"a\\tb\"";
        let lines = LineIndex::new(src);
        assert_eq!(
            lines.pos_in_string(&(4..10), "10x)", 3),
            Pos { line: 1, col: 9 }
        );
        assert_eq!(
            lines.pos_in_string(&(15..25), "x^2", 1),
            Pos { line: 3, col: 2 }
        );
        // An escape makes the source differ: fall back to the string start.
        assert_eq!(
            lines.pos_in_string(&(30..36), "a\tb", 2),
            Pos { line: 4, col: 5 }
        );
    }

    #[test]
    fn suggestions_are_close_matches_only() {
        assert_eq!(did_you_mean("titel", &["title", "text"]), Some("title"));
        assert_eq!(did_you_mean("chrat", &["chart", "math"]), Some("chart"));
        assert_eq!(did_you_mean("Title", &["title"]), Some("title"));
        assert_eq!(did_you_mean("banana", &["title", "text"]), None);
        assert_eq!(did_you_mean("c", &["a", "b"]), None);
        assert_eq!(did_you_mean("too", &["to", "from"]), Some("to"));
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(list_keys(&["a"]), "`a`");
        assert_eq!(list_keys(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(list_values(&["x", "y"]), "\"x\" or \"y\"");
    }
}
