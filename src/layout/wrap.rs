//! Word wrapping of styled text: pieces of prose become lines of at most a
//! given width, breaking only between words. A math run or a footnote marker
//! is one unbreakable unit; only a unit wider than the whole line is cut.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    pub text: String,
    pub style: Style,
    /// Never broken at its spaces (math, footnote markers).
    pub atom: bool,
    /// Remember where this ended up (footnote references, link text).
    pub tag: Option<Anchor>,
}

/// What a tagged fragment is, for whoever needs to find it on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// A footnote reference, by footnote id: focusable.
    Footnote(String),
    /// Link text, by its address: drawn as a terminal hyperlink.
    Link(String),
}

/// One piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Frag(Frag),
    Space,
    Break,
}

impl Inline {
    pub fn text(text: impl Into<String>, style: Style) -> Inline {
        Inline::Frag(Frag {
            text: text.into(),
            style,
            atom: false,
            tag: None,
        })
    }
    /// Text that is (part of) a link to `url`.
    pub fn linked(text: impl Into<String>, style: Style, url: &str) -> Inline {
        Inline::Frag(Frag {
            text: text.into(),
            style,
            atom: false,
            tag: Some(Anchor::Link(url.to_string())),
        })
    }
    pub fn atom(text: impl Into<String>, style: Style, tag: Option<Anchor>) -> Inline {
        Inline::Frag(Frag {
            text: text.into(),
            style,
            atom: true,
            tag,
        })
    }
}

/// Where a tagged fragment was placed: line index, column, width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPos {
    pub line: usize,
    pub col: u16,
    pub width: u16,
    pub tag: Anchor,
}

/// Wrapped lines and where the tagged fragments went.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub tags: Vec<TagPos>,
}

enum Token<'a> {
    Word(Vec<&'a Frag>, Vec<String>),
    Space,
    Break,
}

/// Split pieces into words (runs of fragments without spaces between) and
/// spaces. A word keeps its fragments, with their text cut to the word.
fn tokenize(pieces: &[Inline]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut frags: Vec<&Frag> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    fn end_word<'a>(out: &mut Vec<Token<'a>>, frags: &mut Vec<&'a Frag>, texts: &mut Vec<String>) {
        if !frags.is_empty() {
            out.push(Token::Word(std::mem::take(frags), std::mem::take(texts)));
        }
    }
    for piece in pieces {
        match piece {
            Inline::Space => {
                end_word(&mut out, &mut frags, &mut texts);
                out.push(Token::Space);
            }
            Inline::Break => {
                end_word(&mut out, &mut frags, &mut texts);
                out.push(Token::Break);
            }
            Inline::Frag(f) if f.atom => {
                frags.push(f);
                texts.push(f.text.clone());
            }
            Inline::Frag(f) => {
                let mut cur = String::new();
                for c in f.text.chars() {
                    if c.is_whitespace() {
                        if !cur.is_empty() {
                            frags.push(f);
                            texts.push(std::mem::take(&mut cur));
                        }
                        end_word(&mut out, &mut frags, &mut texts);
                        out.push(Token::Space);
                    } else {
                        cur.push(c);
                    }
                }
                if !cur.is_empty() {
                    frags.push(f);
                    texts.push(cur);
                }
            }
        }
    }
    end_word(&mut out, &mut frags, &mut texts);
    out
}

/// The width of `pieces` on one line, and of its widest word.
pub fn measure(pieces: &[Inline]) -> (usize, usize) {
    let mut total = 0;
    let mut longest = 0;
    let mut space = false;
    for tok in tokenize(pieces) {
        match tok {
            Token::Word(_, texts) => {
                let w: usize = texts.iter().map(|t| t.width()).sum();
                if space && total > 0 {
                    total += 1;
                }
                space = false;
                total += w;
                longest = longest.max(w);
            }
            Token::Space | Token::Break => space = true,
        }
    }
    (total, longest)
}

struct Builder {
    out: Wrapped,
    spans: Vec<Span<'static>>,
    used: usize,
    prefix_w: usize,
    width: usize,
    rest: Vec<Span<'static>>,
}

impl Builder {
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix_w).max(1)
    }
    fn newline(&mut self) {
        let spans = std::mem::replace(&mut self.spans, self.rest.clone());
        self.out.lines.push(Line::from(spans));
        self.prefix_w = self.rest.iter().map(|s| s.width()).sum();
        self.used = 0;
    }
    fn push(&mut self, text: String, style: Style) {
        self.used += text.width();
        self.spans.push(Span::styled(text, style));
    }
}

/// Wrap `pieces` to `width` columns; the first line starts with `first`, the
/// others with `rest` (a hanging indent).
pub fn wrap(
    pieces: &[Inline],
    width: usize,
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
) -> Wrapped {
    let prefix_w = first.iter().map(|s| s.width()).sum();
    let mut b = Builder {
        out: Wrapped::default(),
        spans: first,
        used: 0,
        prefix_w,
        width,
        rest,
    };
    let mut space = false;
    for tok in tokenize(pieces) {
        match tok {
            Token::Space => space = b.used > 0,
            Token::Break => {
                b.newline();
                space = false;
            }
            Token::Word(frags, texts) => {
                let w: usize = texts.iter().map(|t| t.width()).sum();
                let gap = usize::from(space);
                if b.used > 0 && b.used + gap + w > b.avail() {
                    b.newline();
                } else if space {
                    b.push(" ".to_string(), Style::default());
                }
                space = false;
                for (frag, text) in frags.into_iter().zip(texts) {
                    if let Some(tag) = &frag.tag {
                        b.out.tags.push(TagPos {
                            line: b.out.lines.len(),
                            col: u16::try_from(b.prefix_w + b.used).unwrap_or(u16::MAX),
                            width: u16::try_from(text.width()).unwrap_or(u16::MAX),
                            tag: tag.clone(),
                        });
                    }
                    if b.used + text.width() <= b.avail() {
                        b.push(text, frag.style);
                        continue;
                    }
                    // Wider than the line: the one case where a unit is cut.
                    let mut run = String::new();
                    for c in text.chars() {
                        let cw = c.width().unwrap_or(0);
                        if b.used + run.width() + cw > b.avail() && (b.used > 0 || !run.is_empty())
                        {
                            b.push(std::mem::take(&mut run), frag.style);
                            b.newline();
                        }
                        run.push(c);
                    }
                    if !run.is_empty() {
                        b.push(run, frag.style);
                    }
                }
            }
        }
    }
    if b.used > 0 || b.out.lines.is_empty() || b.spans.iter().any(|s| !s.content.is_empty()) {
        let spans = std::mem::take(&mut b.spans);
        b.out.lines.push(Line::from(spans));
    }
    b.out
}

/// Plain text of a line, for tests and measuring.
pub fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn words(s: &str) -> Vec<Inline> {
        vec![Inline::text(s, Style::default())]
    }

    fn texts(w: &Wrapped) -> Vec<String> {
        w.lines.iter().map(plain).collect()
    }

    #[rstest]
    #[case("one two three", 7, &["one two", "three"])]
    #[case("one two three", 13, &["one two three"])]
    #[case("abcdefghij", 4, &["abcd", "efgh", "ij"])]
    #[case("a  b", 10, &["a b"])]
    fn wraps_between_words(#[case] text: &str, #[case] width: usize, #[case] want: &[&str]) {
        let w = wrap(&words(text), width, vec![], vec![]);
        assert_eq!(texts(&w), want);
    }

    #[test]
    fn math_is_one_unit_and_keeps_punctuation() {
        let pieces = vec![
            Inline::text("see ", Style::default()),
            Inline::atom("f(x) = x²", Style::default(), None),
            Inline::text(", then more", Style::default()),
        ];
        let w = wrap(&pieces, 12, vec![], vec![]);
        assert_eq!(texts(&w), ["see", "f(x) = x²,", "then more"]);
    }

    #[test]
    fn hanging_indent_and_tags() {
        let pieces = vec![
            Inline::text("alpha beta", Style::default()),
            Inline::atom("[1]", Style::default(), Some(Anchor::Footnote("n".into()))),
            Inline::text(" gamma", Style::default()),
        ];
        let w = wrap(&pieces, 12, vec![Span::raw("• ")], vec![Span::raw("  ")]);
        assert_eq!(texts(&w), ["• alpha", "  beta[1]", "  gamma"]);
        assert_eq!(
            w.tags,
            [TagPos {
                line: 1,
                col: 6,
                width: 3,
                tag: Anchor::Footnote("n".into())
            }]
        );
    }

    #[test]
    fn measures_words() {
        assert_eq!(measure(&words("ab cde f")), (8, 3));
    }

    proptest::proptest! {
        #[test]
        fn never_wider_than_width(text in "[a-z ]{0,80}", width in 1usize..30) {
            let w = wrap(&words(&text), width, vec![], vec![]);
            for line in &w.lines {
                proptest::prop_assert!(line.width() <= width);
            }
            let joined: String = texts(&w).join(" ");
            proptest::prop_assert_eq!(
                joined.split_whitespace().collect::<String>(),
                text.split_whitespace().collect::<String>()
            );
        }
    }
}
