//! Light scans of Markdown fields for what validation needs to check in
//! them: footnote references `[^id]` and math `$...$` / `$$...$$`.
//!
//! These are scans, not a Markdown parser: the renderer owns the real
//! reading. They skip code spans (a `` `$x$` `` in backticks is code, not
//! math) and `\$` escapes, which is enough to avoid false alarms in lessons.
//! Offsets are in characters from the start of the field, 0-based.

/// A footnote reference `[^id]`: the id and the char offset of `[`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FootnoteRef {
    pub(crate) id: String,
    pub(crate) offset: usize,
}

/// A math span: its TeX and the char offset where the TeX starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MathSpan {
    pub(crate) tex: String,
    pub(crate) offset: usize,
}

/// What a Markdown field holds that validation cares about.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    pub(crate) footnotes: Vec<FootnoteRef>,
    pub(crate) math: Vec<MathSpan>,
    /// Char offsets of `$` or `$$` that open math never closed.
    pub(crate) unclosed: Vec<usize>,
}

/// Scan a Markdown field.
pub(crate) fn scan(text: &str) -> Scan {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Scan::default();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => i = skip_code_span(&chars, i),
            '[' if chars.get(i + 1) == Some(&'^') => {
                let end = chars[i + 2..]
                    .iter()
                    .position(|c| *c == ']' || c.is_whitespace() || *c == '[')
                    .map(|p| p + i + 2);
                match end {
                    Some(e) if chars[e] == ']' && e > i + 2 => {
                        out.footnotes.push(FootnoteRef {
                            id: chars[i + 2..e].iter().collect(),
                            offset: i,
                        });
                        i = e + 1;
                    }
                    _ => i += 2,
                }
            }
            '$' => {
                let display = chars.get(i + 1) == Some(&'$');
                let open = if display { 2 } else { 1 };
                match find_closing(&chars, i + open, display) {
                    Some(close) => {
                        out.math.push(MathSpan {
                            tex: chars[i + open..close].iter().collect(),
                            offset: i + open,
                        });
                        i = close + open;
                    }
                    // The renderer shows an unmatched `$` as written; the
                    // author most likely forgot its closing `$`.
                    None => {
                        out.unclosed.push(i);
                        i += open;
                    }
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// `text` with the leading whitespace common to all its lines removed, as
/// Python's `textwrap.dedent` does: lines of only whitespace do not count
/// (and come out empty), tabs and spaces are compared as written.
///
/// A TOML multi-line string indented with its block would otherwise read,
/// in Markdown, as one indented code block.
pub fn dedent(text: &str) -> std::borrow::Cow<'_, str> {
    let mut margin: Option<&str> = None;
    for line in text.lines() {
        let body = line.trim_start_matches([' ', '\t']);
        if body.trim().is_empty() {
            continue;
        }
        let lead = &line[..line.len() - body.len()];
        margin = Some(match margin {
            None => lead,
            Some(m) => {
                let common = m
                    .char_indices()
                    .zip(lead.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(m.len().min(lead.len()), |((i, _), _)| i);
                &m[..common]
            }
        });
    }
    let margin = margin.unwrap_or("");
    if margin.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if !body.trim().is_empty() {
            out.push_str(body.strip_prefix(margin).unwrap_or(body));
        }
        out.push_str(end);
    }
    std::borrow::Cow::Owned(out)
}

/// Index after the code span opened by the backtick run at `start` (or just
/// after the run when it is never closed: then it is literal backticks).
fn skip_code_span(chars: &[char], start: usize) -> usize {
    let run = chars[start..].iter().take_while(|c| **c == '`').count();
    let mut i = start + run;
    while i < chars.len() {
        if chars[i] == '`' {
            let n = chars[i..].iter().take_while(|c| **c == '`').count();
            if n == run {
                return i + n;
            }
            i += n;
        } else {
            i += 1;
        }
    }
    start + run
}

/// Index of the closing `$` (or first `$` of `$$`) for math starting at `from`.
fn find_closing(chars: &[char], from: usize, display: bool) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '$' if !display && i > from => return Some(i),
            '$' if display && chars.get(i + 1) == Some(&'$') && i > from => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(String, usize)> {
        scan(text)
            .footnotes
            .into_iter()
            .map(|f| (f.id, f.offset))
            .collect()
    }

    fn maths(text: &str) -> Vec<(String, usize)> {
        scan(text)
            .math
            .into_iter()
            .map(|m| (m.tex, m.offset))
            .collect()
    }

    #[test]
    fn finds_footnote_references() {
        assert_eq!(
            ids("See[^grad] and [^b2]."),
            vec![("grad".into(), 3), ("b2".into(), 15)]
        );
        assert_eq!(ids("[^] [^a b] `[^code]` \\[^x]"), vec![]);
    }

    #[test]
    fn dedent_removes_the_common_margin_only() {
        assert_eq!(dedent("    a\n      b\n    c\n"), "a\n  b\nc\n");
        assert_eq!(dedent("\ta\n\t\tb"), "a\n\tb");
        // Blank lines neither count nor keep their spaces.
        assert_eq!(dedent("    a\n  \n    b"), "a\n\nb");
        assert_eq!(dedent("    a\r\n    b\r\n"), "a\r\nb\r\n");
        // Nothing in common: unchanged, and not copied.
        assert_eq!(dedent("a\n    b"), "a\n    b");
        assert!(matches!(dedent("a\n    b"), std::borrow::Cow::Borrowed(_)));
        // Tabs and spaces are different characters.
        assert_eq!(dedent("\ta\n    b"), "\ta\n    b");
        assert_eq!(dedent(""), "");
        assert_eq!(dedent("  π\n  x"), "π\nx");
    }

    #[test]
    fn finds_inline_and_display_math() {
        assert_eq!(
            maths("Let $x^2$ be $$\\frac{a}{b}$$ but `$c$` and \\$5 not"),
            vec![("x^2".into(), 5), ("\\frac{a}{b}".into(), 15)]
        );
        assert_eq!(maths("costs $5"), vec![]);
        assert_eq!(scan("costs $5").unclosed, vec![6]);
        assert_eq!(scan("$x$ and $$y").unclosed, vec![8]);
        assert_eq!(scan("costs \\$5 or `$`").unclosed, Vec::<usize>::new());
        assert_eq!(maths("π $ε$"), vec![("ε".into(), 3)]);
    }
}
