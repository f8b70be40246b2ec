//! What to say when a lesson file is not valid TOML: one message at the
//! mistake, naming what was left open and where it opened.
//!
//! toml's recovering parser reports where reading *failed*, which is often
//! lines after the slip (a header missing its `]` is noticed on the next
//! line, a string missing its closing `'''` swallows the next block and
//! fails inside it) and then reports hundreds of follow-on errors. A light
//! scan of the file's structure (headers, brackets, strings) finds the
//! construct that was left open; when the parser's first error lies where
//! that slip would cause one, the slip is reported instead, alone.
//! Otherwise the parser's first error is reported, with the bracket it lies
//! inside if that opened on an earlier line.
//!
//! The scan is deliberately partial: it understands only what it needs to
//! pair delimiters, and it is only asked about files the parser rejected.

use super::raw::LineIndex;

/// A syntax error to report: byte offset and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// At most this many slips are reported: each is found by closing the
/// one before and reading on, which a lesson rarely needs more than twice.
const MOST_SLIPS: usize = 3;

/// Every slip in a file the parser rejected, up to [`MOST_SLIPS`]: the
/// first as [`diagnose`] finds it; then, when it could be mended (a
/// closer put in), the next one in the mended text, and so on. A slip
/// that cannot be mended ends the list, since what follows it may be
/// read wrongly. `errors` are the parser's (offset, message) pairs.
pub(crate) fn diagnose_all(src: &str, errors: &[(usize, String)]) -> Vec<SyntaxError> {
    let mut out: Vec<SyntaxError> = Vec::new();
    let mut text = src.to_string();
    // (position in the mended text, length) of each insertion, in order.
    let mut inserted: Vec<(usize, usize)> = Vec::new();
    let mut errors = errors.to_vec();
    while out.len() < MOST_SLIPS {
        let Some((first, message)) = errors.iter().min_by_key(|(o, _)| *o).cloned() else {
            break;
        };
        let (found, repair) = diagnose_one(&text, first, &message);
        let offset = original_offset(found.offset, &inserted);
        if out.last().is_some_and(|prev| offset <= prev.offset) {
            break;
        }
        out.push(SyntaxError {
            offset,
            message: found.message,
        });
        let Some((at, closer)) = repair else { break };
        if at > text.len() || !text.is_char_boundary(at) {
            break;
        }
        text.insert_str(at, &closer);
        inserted.push((at, closer.len()));
        let (_, again) = toml::de::DeTable::parse_recoverable(&text);
        errors = again
            .iter()
            .map(|e| (e.span().map_or(0, |s| s.start), e.message().to_string()))
            .collect();
    }
    out
}

/// An offset in the mended text as an offset in the original.
fn original_offset(mut offset: usize, inserted: &[(usize, usize)]) -> usize {
    for &(at, len) in inserted.iter().rev() {
        if offset >= at + len {
            offset -= len;
        } else if offset > at {
            offset = at;
        }
    }
    offset
}

/// Explain one slip: `first` is the offset of the parser's earliest error
/// and `message` its text. With the slip comes its repair, when the scan
/// found what was left open.
fn diagnose_one(src: &str, first: usize, message: &str) -> (SyntaxError, Option<(usize, String)>) {
    let lines = LineIndex::new(src);
    let scan = Scanner::new(src, &lines).run(first);
    if let Some(slip) = scan
        .slips
        .into_iter()
        .find(|s| s.window.0 <= first && first <= s.window.1)
    {
        let found = SyntaxError {
            offset: slip.offset,
            message: slip.message,
        };
        return (found, Some(slip.repair));
    }
    let mut message = format!("invalid TOML: {}", message.trim().replace('\n', "; "));
    if let Some((delim, at)) = scan.open_at_first {
        let here = lines.pos(first).line;
        let opened = lines.pos(at);
        if opened.line < here {
            message.push_str(&format!(
                " (inside the {} opened at line {}, column {})",
                name(delim),
                opened.line,
                opened.col
            ));
        }
    }
    (
        SyntaxError {
            offset: first,
            message,
        },
        None,
    )
}

/// A likely slip found by the scan: where to report it, what to say, and
/// the range of offsets where the parser's first error would fall if this
/// slip caused it.
#[derive(Debug)]
struct Slip {
    offset: usize,
    message: String,
    window: (usize, usize),
    /// Text that closes what was left open, and where it goes: with it
    /// put in, the file can be read on to the next slip.
    repair: (usize, String),
}

struct Scan {
    slips: Vec<Slip>,
    /// The innermost bracket open at the parser's first error.
    open_at_first: Option<(char, usize)>,
}

fn name(delim: char) -> &'static str {
    match delim {
        '[' => "list `[`",
        '{' => "inline table `{`",
        _ => "string",
    }
}

fn closer(delim: char) -> char {
    if delim == '[' { ']' } else { '}' }
}

struct Scanner<'s> {
    src: &'s str,
    lines: &'s LineIndex<'s>,
    slips: Vec<Slip>,
    /// Brackets of the value being read, innermost last, with their offsets.
    stack: Vec<(char, usize)>,
    /// End of the last line with content, where a missing closer belongs.
    last_content_end: usize,
    open_at_first: Option<(char, usize)>,
}

/// An open multi-line string: its delimiter, where it opened, and the first
/// line inside it that reads like TOML rather than prose.
struct OpenString {
    delim: &'static str,
    at: usize,
    toml_like: Option<usize>,
}

impl<'s> Scanner<'s> {
    fn new(src: &'s str, lines: &'s LineIndex<'s>) -> Self {
        Scanner {
            src,
            lines,
            slips: Vec::new(),
            stack: Vec::new(),
            last_content_end: 0,
            open_at_first: None,
        }
    }

    fn run(mut self, first: usize) -> Scan {
        let mut open: Option<OpenString> = None;
        let mut start = 0;
        for line in self.src.split_inclusive('\n') {
            let end = start + line.trim_end_matches(['\n', '\r']).len();
            let text = &self.src[start..end];
            if start <= first && first <= end.max(start) && self.open_at_first.is_none() {
                self.open_at_first = self.stack.last().copied();
            }
            open = match open.take() {
                Some(s) => self.in_string(s, start, text),
                None => self.line(start, text),
            };
            if !text.trim().is_empty() {
                self.last_content_end = end;
            }
            start += line.len();
        }
        if let Some(s) = open {
            self.never_closed(&s);
        }
        if let Some(&(delim, at)) = self.stack.last() {
            let at_end = self.last_content_end;
            self.unclosed_bracket(delim, at, at_end, (at, self.src.len()));
        }
        Scan {
            slips: self.slips,
            open_at_first: self.open_at_first,
        }
    }

    /// A line outside any multi-line string; returns the string it opens.
    fn line(&mut self, start: usize, text: &str) -> Option<OpenString> {
        let trimmed = text.trim_start();
        let lead = text.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        if !self.stack.is_empty() {
            // Inside a value that spans lines: a header or `key =` here
            // means the bracket was never closed.
            let looks_new = is_header(trimmed)
                || (self.stack.iter().all(|(d, _)| *d == '[') && is_key_line(trimmed));
            if !looks_new {
                return self.value(start + lead, trimmed);
            }
            let (delim, at) = self.stack[0];
            let insert = self.last_content_end;
            self.unclosed_bracket(delim, at, insert, (at, start + text.len()));
            self.stack.clear();
        }
        if trimmed.starts_with('[') {
            self.header(start + lead, trimmed);
            return None;
        }
        let eq = key_end(trimmed)?;
        self.value(start + lead + eq + 1, &trimmed[eq + 1..])
    }

    /// `[table]` or `[[array]]`: reports a header missing its closer.
    fn header(&mut self, at: usize, text: &str) {
        let double = text.starts_with("[[");
        let want = if double { "]]" } else { "]" };
        let body = strip_comment(text).trim_end();
        let inner = &body[if double { 2 } else { 1 }..];
        if inner.contains(want) {
            return;
        }
        let end = at + body.len();
        let next_line_end = next_line_end(self.src, end);
        let pos = self.lines.pos(at);
        let closer = if double && body.ends_with(']') {
            "]"
        } else {
            want
        };
        self.slips.push(Slip {
            repair: (end, closer.to_string()),
            offset: end,
            message: format!(
                "invalid TOML: the table header `{body}` opened at line {}, column {} is not \
                 closed: write `{want}` at its end",
                pos.line, pos.col
            ),
            window: (at, next_line_end),
        });
    }

    /// Read value text (after `=`, or a continuation line of a list),
    /// tracking brackets and strings; returns a multi-line string it opens.
    fn value(&mut self, at: usize, text: &str) -> Option<OpenString> {
        let mut rest = text;
        let mut offset = at;
        while let Some(c) = rest.chars().next() {
            let step = |n: usize, rest: &mut &str, offset: &mut usize| {
                *rest = &rest[n..];
                *offset += n;
            };
            if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
                let delim = if c == '\'' { "'''" } else { "\"\"\"" };
                let after = &rest[3..];
                match find_close(after, delim) {
                    Some(n) => step(3 + n, &mut rest, &mut offset),
                    None => {
                        return Some(OpenString {
                            delim,
                            at: offset,
                            toml_like: None,
                        });
                    }
                }
                continue;
            }
            match c {
                '#' => break,
                '"' | '\'' => match find_close(&rest[1..], if c == '"' { "\"" } else { "'" }) {
                    Some(n) => step(1 + n, &mut rest, &mut offset),
                    None => {
                        self.unclosed_quote(c, offset, at + text.len());
                        break;
                    }
                },
                '[' | '{' => {
                    self.stack.push((c, offset));
                    step(1, &mut rest, &mut offset);
                }
                ']' | '}' => {
                    if self.stack.last().is_some_and(|(d, _)| closer(*d) == c) {
                        self.stack.pop();
                    }
                    step(1, &mut rest, &mut offset);
                }
                _ => step(c.len_utf8(), &mut rest, &mut offset),
            }
        }
        // An inline table ends on its line; one left open here is missing
        // its `}` (a list may go on to the next line).
        if let Some(i) = self.stack.iter().position(|(d, _)| *d == '{') {
            let (delim, open_at) = self.stack[i];
            let end = at + text.trim_end().len();
            let next_line_end = next_line_end(self.src, end);
            self.unclosed_bracket(delim, open_at, end, (open_at, next_line_end));
            self.stack.clear();
        }
        None
    }

    /// A line inside an open multi-line string.
    fn in_string(&mut self, mut s: OpenString, start: usize, text: &str) -> Option<OpenString> {
        match find_close(text, s.delim) {
            Some(n) => {
                let before = &text[..n - s.delim.len()];
                let close = start + n;
                if s.toml_like.is_none() && is_key_line(before.trim_start()) {
                    // `text = '''` closed the string: its own closer went
                    // missing and it swallowed a key.
                    s.toml_like = Some(start);
                }
                if let Some(inside) = s.toml_like {
                    let window_end = self.line_end_after(close, 12);
                    self.swallowed(&s, inside, start, (close, window_end));
                }
                self.value(close, &text[n..])
            }
            None => {
                if s.toml_like.is_none() && is_header(text.trim_start()) {
                    s.toml_like = Some(start + (text.len() - text.trim_start().len()));
                }
                Some(s)
            }
        }
    }

    /// Where a missing closer goes, at `insert` or, for an inline table,
    /// before a trailing comma (which TOML allows in a list, not there).
    fn closer_place(&self, delim: char, insert: usize) -> usize {
        let before = self.src[..insert].trim_end();
        match before.strip_suffix(',') {
            Some(rest) if delim == '{' => rest.trim_end().len(),
            _ => insert,
        }
    }

    /// Where the line break before the line starting at `offset` is (before
    /// a `\r\n` pair), so a closer put there ends the line above.
    fn line_break_before(&self, offset: usize) -> usize {
        match self.src[..offset].rfind('\n') {
            Some(n) if self.src[..n].ends_with('\r') => n - 1,
            Some(n) => n,
            None => offset,
        }
    }

    /// The end of the line `count` lines after the one holding `offset`.
    fn line_end_after(&self, offset: usize, count: usize) -> usize {
        let mut end = offset;
        for _ in 0..=count {
            match self.src[end..].find('\n') {
                Some(n) => end += n + 1,
                None => return self.src.len(),
            }
        }
        end
    }

    fn swallowed(
        &mut self,
        s: &OpenString,
        inside: usize,
        closed_line: usize,
        window: (usize, usize),
    ) {
        let opened = self.lines.pos(s.at);
        let closed = self.lines.pos(closed_line).line;
        let here = self.lines.pos(inside).line;
        let message = if closed == here {
            format!(
                "invalid TOML: the multi-line string opened with {d} at line {}, column {} \
                 ends only here, on this line's {d}: its own closing {d} is missing above \
                 this line",
                opened.line,
                opened.col,
                d = s.delim,
            )
        } else {
            format!(
                "invalid TOML: this line is inside the multi-line string opened with {d} at \
                 line {}, column {}, which ends only at line {closed}: its closing {d} is \
                 missing above this line",
                opened.line,
                opened.col,
                d = s.delim,
            )
        };
        let repair = (self.line_break_before(inside), s.delim.to_string());
        self.slips.push(Slip {
            offset: inside,
            message,
            window,
            repair,
        });
    }

    fn never_closed(&mut self, s: &OpenString) {
        let opened = self.lines.pos(s.at);
        let repair = match s.toml_like {
            Some(inside) => (self.line_break_before(inside), s.delim.to_string()),
            None => (self.src.len(), s.delim.to_string()),
        };
        let (offset, message) = match s.toml_like {
            Some(inside) => (
                inside,
                format!(
                    "invalid TOML: this line is inside the multi-line string opened with {d} at \
                     line {}, column {}, which is never closed: its closing {d} is missing \
                     above this line",
                    opened.line,
                    opened.col,
                    d = s.delim
                ),
            ),
            None => (
                s.at,
                format!(
                    "invalid TOML: the multi-line string opened with {d} here is never \
                     closed: write {d} where it ends",
                    d = s.delim
                ),
            ),
        };
        self.slips.push(Slip {
            offset,
            message,
            window: (s.at, self.src.len()),
            repair,
        });
    }

    fn unclosed_quote(&mut self, quote: char, at: usize, line_end: usize) {
        let window_end = self.line_end_after(line_end, 1);
        self.slips.push(Slip {
            offset: at,
            message: format!(
                "invalid TOML: the string opened with {quote} here is not closed on its line: \
                 write {quote} at its end (use ''' or \"\"\" for text over several lines)"
            ),
            window: (at, window_end),
            repair: (line_end, quote.to_string()),
        });
    }

    fn unclosed_bracket(&mut self, delim: char, at: usize, insert: usize, window: (usize, usize)) {
        let opened = self.lines.pos(at);
        let here = self.lines.pos(insert);
        let place = if self.closer_place(delim, insert) != insert {
            "before the comma that ends its line".to_string()
        } else if here.line == opened.line {
            "at the end of its line".to_string()
        } else {
            format!("after its last item (line {})", here.line)
        };
        self.slips.push(Slip {
            offset: insert,
            message: format!(
                "invalid TOML: the {} opened at line {}, column {} is not closed: write `{}` {place}",
                name(delim),
                opened.line,
                opened.col,
                closer(delim),
            ),
            window,
            repair: (self.closer_place(delim, insert), closer(delim).to_string()),
        });
    }
}

/// `[name]` or `[[name.path]]`, possibly missing its closer: a bracket
/// followed by a bare or quoted key, nothing like a value.
fn is_header(text: &str) -> bool {
    let body = strip_comment(text).trim_end();
    let inner = body.trim_start_matches('[').trim_end_matches(']');
    body.starts_with('[')
        && !inner.is_empty()
        && inner
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '"')
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-. \"".contains(c))
}

/// `key =` or `a.b =` at the start of a line.
fn is_key_line(text: &str) -> bool {
    key_end(text).is_some_and(|eq| {
        let key = text[..eq].trim();
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.\"".contains(c))
    })
}

/// The index of the `=` after a key at the start of `text`.
fn key_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '=') => return Some(i),
            (None, '#' | '[' | '{') => return None,
            _ => {}
        }
    }
    None
}

/// The text before a `#` comment that is not inside a quoted key.
fn strip_comment(text: &str) -> &str {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// The index just after the closing `delim` in `text`, skipping escapes in
/// basic strings; a multi-line closer may be followed by up to two more
/// quote characters that belong to the content.
fn find_close(text: &str, delim: &str) -> Option<usize> {
    let basic = delim.starts_with('"');
    let quote = if basic { '"' } else { '\'' };
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if basic && c == '\\' {
            chars.next();
            continue;
        }
        if text[i..].starts_with(delim) {
            let mut end = i + delim.len();
            if delim.len() == 3 {
                let extra = text[end..]
                    .chars()
                    .take_while(|c| *c == quote)
                    .count()
                    .min(2);
                end += extra;
            }
            return Some(end);
        }
    }
    None
}

/// Where the line after the one `end` is on ends (the end of `src` if there
/// is none): how far a slip's report reaches.
fn next_line_end(src: &str, end: usize) -> usize {
    src[end..]
        .find('\n')
        .map(|n| {
            let after = end + n + 1;
            after + src[after..].find('\n').unwrap_or(src.len() - after)
        })
        .unwrap_or(src.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_headers_are_recognised() {
        assert!(is_header("[[section.block]]"));
        assert!(is_header("[[section.block]"));
        assert!(is_header("[footnotes] # notes"));
        assert!(!is_header("[1, 2],"));
        assert!(!is_header("[[2, 4], [4, 16]]"));
        assert!(is_key_line("kind = \"text\""));
        assert!(is_key_line("text = '''"));
        assert!(!is_key_line("Let $a = b$ hold."));
        assert!(!is_key_line("- $k > 0$: the line rises"));
    }

    #[test]
    fn offsets_in_the_mended_text_map_back() {
        // Two characters put in at 5, then one at 10 (of the mended text).
        let inserted = [(5, 2), (10, 1)];
        assert_eq!(original_offset(3, &inserted), 3);
        assert_eq!(original_offset(6, &inserted), 5);
        assert_eq!(original_offset(9, &inserted), 7);
        assert_eq!(original_offset(12, &inserted), 9);
    }

    #[test]
    fn each_slip_is_mended_and_the_next_one_found() {
        let src = "a = \"x\nb = [1, 2\nc = 3\n[t\nd = 1\n";
        let (_, errors) = toml::de::DeTable::parse_recoverable(src);
        let errors: Vec<(usize, String)> = errors
            .iter()
            .map(|e| (e.span().map_or(0, |s| s.start), e.message().to_string()))
            .collect();
        let lines = LineIndex::new(src);
        let found: Vec<(usize, bool)> = diagnose_all(src, &errors)
            .iter()
            .map(|e| (lines.pos(e.offset).line, e.message.contains("opened")))
            .collect();
        assert_eq!(found, [(1, true), (2, true), (4, true)]);
    }

    #[test]
    fn closers_skip_escapes_and_take_extra_quotes() {
        assert_eq!(find_close(r#"a \" b" c"#, "\""), Some(7));
        assert_eq!(find_close("ab''''", "'''"), Some(6));
        assert_eq!(find_close("no close", "'''"), None);
    }
}
