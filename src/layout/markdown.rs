//! Markdown prose laid out as terminal lines: paragraphs wrapped to a width,
//! emphasis, code, lists with hanging indents, GitHub tables drawn with box
//! characters, inline and display math through [`crate::math`], and
//! footnote references as markers whose positions are remembered.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::wrap::{Anchor, Inline, Wrapped, measure, wrap};
use crate::lesson::Footnote;
use crate::math::{self, MathOptions};
use crate::theme::Theme;

/// What prose layout needs to know besides the text.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub theme: Theme,
    pub footnotes: &'a [Footnote],
}

impl Ctx<'_> {
    fn math(&self) -> MathOptions {
        MathOptions {
            ascii: self.theme.ascii,
        }
    }
}

/// The marker shown for footnote `id`: its number in the lesson.
pub fn footnote_marker(footnotes: &[Footnote], id: &str) -> String {
    match footnotes.iter().position(|f| f.id == id) {
        Some(i) => format!("[{}]", i + 1),
        None => "[?]".to_string(),
    }
}

struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

struct Renderer<'a> {
    ctx: Ctx<'a>,
    width: usize,
    out: Wrapped,
    pieces: Vec<Inline>,
    styles: Vec<Style>,
    lists: Vec<Option<u64>>,
    item_indents: Vec<usize>,
    marker: Option<String>,
    quote: usize,
    gap: bool,
    table: Option<Table>,
    code: Option<String>,
    skip: usize,
    /// What could not fit in `width` (for `check --width`), in text order.
    overflows: Vec<String>,
    /// The open link's address and the text shown for it so far: the
    /// address follows the text unless the text already says it.
    link: Option<(String, String)>,
}

impl Renderer<'_> {
    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, patch: Style) {
        let s = self.style().patch(patch);
        self.styles.push(s);
    }

    fn quote_prefix(&self) -> String {
        self.ctx.theme.guide().repeat(self.quote)
    }

    /// Start a block: a blank line first when one is due.
    fn open_block(&mut self) {
        if self.gap && !self.out.lines.is_empty() {
            self.out.lines.push(Line::default());
        }
        self.gap = false;
    }

    fn push_lines(&mut self, w: Wrapped) {
        let base = self.out.lines.len();
        self.out.tags.extend(w.tags.into_iter().map(|mut t| {
            t.line += base;
            t
        }));
        self.out.lines.extend(w.lines);
    }

    /// Wrap the pending paragraph pieces, with list marker and indents.
    fn flush(&mut self) {
        if self.pieces.is_empty() && self.marker.is_none() {
            return;
        }
        let pieces = std::mem::take(&mut self.pieces);
        let indent: usize = self.item_indents.iter().sum();
        let quote = self.quote_prefix();
        let (first, rest) = match self.marker.take() {
            Some(marker) => {
                let own = self.item_indents.last().copied().unwrap_or(0);
                let outer = indent.saturating_sub(own);
                let head = format!("{}{marker} ", " ".repeat(outer));
                let pad = " ".repeat(indent.max(head.width()));
                (head, pad)
            }
            None => (" ".repeat(indent), " ".repeat(indent)),
        };
        let muted = self.ctx.theme.border();
        let mk = |s: String| {
            let mut v = Vec::new();
            if !quote.is_empty() {
                v.push(Span::styled(quote.clone(), muted));
            }
            if !s.is_empty() {
                v.push(Span::raw(s));
            }
            v
        };
        self.open_block();
        let w = wrap(&pieces, self.width, mk(first), mk(rest));
        self.push_lines(w);
    }

    fn event(&mut self, ev: Event<'_>) {
        if self.skip > 0 {
            match ev {
                Event::Start(Tag::FootnoteDefinition(_)) => self.skip += 1,
                Event::End(TagEnd::FootnoteDefinition) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        let theme = self.ctx.theme;
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match &mut self.code {
                Some(code) => code.push_str(&t),
                None => {
                    let style = self.style();
                    match &mut self.link {
                        Some((url, text)) => {
                            text.push_str(&t);
                            self.pieces.push(Inline::linked(t.to_string(), style, url));
                        }
                        None => self.pieces.push(Inline::text(t.to_string(), style)),
                    }
                }
            },
            Event::Code(t) => {
                let s = self.style().patch(theme.code());
                self.pieces.push(Inline::text(t.to_string(), s));
            }
            Event::InlineMath(t) => {
                let s = self.style().patch(theme.math());
                let text = math::inline(&t, self.ctx.math());
                if text.width() > self.width {
                    self.overflows.push(format!(
                        "inline formula `{t}` is {} columns wide, more than the {} available; it will be cut",
                        text.width(),
                        self.width
                    ));
                }
                self.pieces.push(Inline::atom(text, s, None));
            }
            Event::DisplayMath(t) => {
                self.flush();
                self.gap = true;
                self.display_math(&t);
                self.gap = true;
            }
            Event::FootnoteReference(id) => {
                let marker = footnote_marker(self.ctx.footnotes, &id);
                self.pieces.push(Inline::atom(
                    marker,
                    theme.footnote_ref(),
                    Some(Anchor::Footnote(id.to_string())),
                ));
            }
            Event::SoftBreak => self.pieces.push(Inline::Space),
            Event::HardBreak => self.pieces.push(Inline::Break),
            Event::Html(t) | Event::InlineHtml(t) => {
                self.pieces.push(Inline::text(t.to_string(), self.style()))
            }
            Event::Rule => {
                self.flush();
                self.open_block();
                let w = self.width.saturating_sub(self.quote * 2);
                self.out
                    .lines
                    .push(Line::styled(theme.rule().repeat(w), theme.border()));
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                let m = if done { "[x]" } else { "[ ]" };
                self.pieces.push(Inline::text(m, self.style()));
                self.pieces.push(Inline::Space);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let theme = self.ctx.theme;
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.gap = true;
                let mut s = theme.heading();
                if level == HeadingLevel::H1 {
                    s = s.add_modifier(Modifier::UNDERLINED);
                }
                self.push_style(s);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.gap = true;
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => theme.bullet().to_string(),
                };
                self.item_indents.push(marker.width() + 1);
                self.marker = Some(marker);
            }
            Tag::FootnoteDefinition(_) => self.skip = 1,
            Tag::Table(aligns) => {
                self.flush();
                self.gap = true;
                self.table = Some(Table {
                    aligns,
                    rows: Vec::new(),
                    row: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.pieces.clear(),
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.link = Some((dest_url.to_string(), String::new()));
                self.push_style(Style::new().add_modifier(Modifier::UNDERLINED));
            }
            // A terminal shows no pictures: say there is one, with its alt
            // text, so the reader knows something is missing.
            Tag::Image { .. } => {
                self.pieces.push(Inline::text("[image: ", theme.muted()));
                self.push_style(theme.muted());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.styles.pop();
                self.gap = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
                self.gap = true;
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.open_block();
                let style = self.ctx.theme.code();
                let pad = " ".repeat(self.item_indents.iter().sum::<usize>() + 2);
                for line in code.trim_end_matches('\n').lines() {
                    let pieces = vec![Inline::atom(line.to_string(), style, None)];
                    let w = wrap(
                        &pieces,
                        self.width,
                        vec![Span::raw(pad.clone())],
                        vec![Span::raw(pad.clone())],
                    );
                    self.push_lines(w);
                }
                self.gap = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.gap = true;
                }
            }
            TagEnd::Item => {
                self.flush();
                self.item_indents.pop();
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.pieces);
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.open_block();
                    if let Some(needed) = table_needs(&t).filter(|n| *n > self.width) {
                        self.overflows.push(format!(
                            "table needs {needed} columns to keep its words whole, more than the {} available; words will be cut",
                            self.width
                        ));
                    }
                    let lines = draw_table(&t, self.width, self.ctx.theme);
                    self.out.lines.extend(lines);
                    self.gap = true;
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some((url, text)) = self.link.take() {
                    let shown = url.trim_start_matches("mailto:");
                    if !url.is_empty() && text.trim() != shown && text.trim() != url {
                        self.pieces
                            .push(Inline::text(format!(" <{url}>"), self.ctx.theme.muted()));
                    }
                }
            }
            TagEnd::Image => {
                self.styles.pop();
                self.pieces.push(Inline::text("]", self.ctx.theme.muted()));
            }
            _ => {}
        }
    }

    fn display_math(&mut self, tex: &str) {
        self.open_block();
        if let Some(msg) = display_overflow(tex, self.width, self.ctx.math()) {
            self.overflows.push(msg);
        }
        for line in display_math_lines(tex, self.width, self.ctx.theme) {
            self.out.lines.push(line);
        }
    }
}

/// A display formula, centred in `width`.
pub fn display_math_lines(tex: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let opts = MathOptions { ascii: theme.ascii };
    let d = math::display_fit(tex, opts, width);
    let w = d.width();
    let left = width.saturating_sub(w) / 2;
    d.lines
        .into_iter()
        .map(|l| {
            if l.width() > width {
                // Still too wide: let the wrapper cut it rather than overflow.
                Line::styled(l, theme.math())
            } else {
                Line::from(vec![
                    Span::raw(" ".repeat(left)),
                    Span::styled(l, theme.math()),
                ])
            }
        })
        .flat_map(|line| {
            if line.width() > width {
                let text = super::wrap::plain(&line);
                wrap(
                    &[Inline::atom(text, theme.math(), None)],
                    width,
                    vec![],
                    vec![],
                )
                .lines
            } else {
                vec![line]
            }
        })
        .collect()
}

/// Why display formula `tex` cannot fit in `width` columns, if it can't
/// (even broken at its relations and operators).
pub fn display_overflow(tex: &str, width: usize, opts: MathOptions) -> Option<String> {
    let w = math::display_fit(tex, opts, width).width();
    (w > width).then(|| {
        format!(
            "formula `{}` needs {w} columns even when broken, more than the {width} available; it will be cut",
            tex.trim()
        )
    })
}

/// The narrowest a table can be drawn without cutting a word: its longest
/// words plus borders and padding. `None` for a table with no columns.
fn table_needs(t: &Table) -> Option<usize> {
    let ncols = t.rows.iter().map(Vec::len).max().filter(|n| *n > 0)?;
    let mut longest = vec![1; ncols];
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate() {
            longest[i] = longest[i].max(measure(cell).1);
        }
    }
    Some(longest.iter().sum::<usize>() + 3 * ncols + 1)
}

/// Column widths for a table: natural widths, shrunk (widest first, not
/// below the longest word while possible) until the table fits.
fn column_widths(natural: &[usize], longest: &[usize], avail: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = natural.iter().map(|&w| w.max(1)).collect();
    let fits = |w: &[usize]| w.iter().sum::<usize>() <= avail;
    for floor_is_word in [true, false] {
        while !fits(&widths) {
            let pick = widths
                .iter()
                .enumerate()
                .filter(|&(i, &w)| w > if floor_is_word { longest[i].max(1) } else { 1 })
                .max_by_key(|&(_, &w)| w)
                .map(|(i, _)| i);
            match pick {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
    widths
}

fn draw_table(t: &Table, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let mut natural = vec![0; ncols];
    let mut longest = vec![0; ncols];
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate() {
            let (n, l) = measure(cell);
            natural[i] = natural[i].max(n);
            longest[i] = longest[i].max(l);
        }
    }
    let avail = width.saturating_sub(3 * ncols + 1).max(ncols);
    let widths = column_widths(&natural, &longest, avail);
    let b = theme.boxes();
    let border = theme.border();
    let rule = |l: &str, m: &str, r: &str| {
        let mut s = String::from(l);
        for (i, w) in widths.iter().enumerate() {
            s.push_str(&b.h.repeat(w + 2));
            s.push_str(if i + 1 == ncols { r } else { m });
        }
        Line::styled(s, border)
    };
    let mut out = vec![rule(b.tl, b.tee_down, b.tr)];
    for (r, row) in t.rows.iter().enumerate() {
        let cells: Vec<Vec<Line<'static>>> = (0..ncols)
            .map(|i| {
                let pieces = row.get(i).cloned().unwrap_or_default();
                let mut lines = wrap(&pieces, widths[i], vec![], vec![]).lines;
                if r == 0 {
                    for l in &mut lines {
                        for s in &mut l.spans {
                            s.style = s.style.add_modifier(Modifier::BOLD);
                        }
                    }
                }
                lines
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for h in 0..height {
            let mut spans = vec![Span::styled(b.v, border)];
            for (i, cell) in cells.iter().enumerate() {
                let line = cell.get(h).cloned().unwrap_or_default();
                let pad = widths[i].saturating_sub(line.width());
                let left = match t.aligns.get(i) {
                    Some(Alignment::Right) => pad,
                    Some(Alignment::Center) => pad / 2,
                    _ => 0,
                };
                spans.push(Span::raw(" ".repeat(left + 1)));
                spans.extend(line.spans);
                spans.push(Span::raw(" ".repeat(pad - left + 1)));
                spans.push(Span::styled(b.v, border));
            }
            out.push(Line::from(spans));
        }
        if r == 0 && t.rows.len() > 1 {
            out.push(rule(b.tee_right, b.cross, b.tee_left));
        }
    }
    out.push(rule(b.bl, b.tee_up, b.br));
    out
}

/// Lay out Markdown `text` in `width` columns.
pub fn render(text: &str, width: usize, ctx: Ctx<'_>) -> Wrapped {
    render_noting(text, width, ctx).0
}

/// [`render`], also saying what could not fit in `width` columns (tables,
/// formulas), for the overflow check of `chalkdust check`.
pub fn render_noting(text: &str, width: usize, ctx: Ctx<'_>) -> (Wrapped, Vec<String>) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_MATH);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    // The lesson keeps footnote texts apart from the prose; the parser only
    // recognises a reference whose definition it has seen, so give it stubs
    // (skipped when drawing).
    // Prose indented with its TOML block is not an indented code block.
    // In ASCII mode the author's Unicode (x², —, s′) is spelt in ASCII
    // before wrapping, so lines are measured as they will be shown.
    let text = ctx.theme.fold(text);
    let mut source = crate::lesson::dedent(&text).into_owned();
    for f in ctx.footnotes {
        source.push_str(&format!("\n\n[^{}]: .\n", f.id));
    }
    let mut r = Renderer {
        ctx,
        width: width.max(1),
        out: Wrapped::default(),
        pieces: Vec::new(),
        styles: Vec::new(),
        lists: Vec::new(),
        item_indents: Vec::new(),
        marker: None,
        quote: 0,
        gap: false,
        table: None,
        code: None,
        skip: 0,
        overflows: Vec::new(),
        link: None,
    };
    for ev in Parser::new_ext(&source, opts) {
        r.event(ev);
    }
    r.flush();
    (r.out, r.overflows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::wrap::plain;

    fn lines(md: &str, width: usize) -> Vec<String> {
        let notes = [Footnote {
            id: "grad".into(),
            text: "the gradient".into(),
        }];
        let ctx = Ctx {
            theme: Theme::default(),
            footnotes: &notes,
        };
        render(md, width, ctx).lines.iter().map(plain).collect()
    }

    #[test]
    fn paragraphs_wrap_and_separate() {
        assert_eq!(
            lines("one two three four\n\nfive", 10),
            ["one two", "three four", "", "five"]
        );
    }

    #[test]
    fn indented_prose_is_prose_and_fenced_code_stays_code() {
        // As written inside an indented TOML block: four spaces, or a tab.
        let md = "    Let $x^2$ be **big**.\n\n    ```\n    fn main() {\n        go();\n    }\n    ```\n";
        assert_eq!(
            lines(md, 40),
            ["Let x² be big.", "", "  fn main() {", "      go();", "  }"]
        );
        assert_eq!(lines("\tLet $x^2$ be\n\t**big**.", 40), ["Let x² be big."]);
    }

    #[test]
    fn links_keep_their_address_and_images_say_what_they_are() {
        assert_eq!(
            lines("See [the notes](https://example.org/n) now.", 80),
            ["See the notes <https://example.org/n> now."]
        );
        // An address shown as the text is not repeated.
        assert_eq!(lines("<https://example.org>", 80), ["https://example.org"]);
        assert_eq!(lines("![a parabola](p.png)", 80), ["[image: a parabola]"]);
    }

    #[test]
    fn lists_hang() {
        assert_eq!(
            lines("- alpha beta gamma\n- delta\n\n1. one\n2. two", 12),
            ["• alpha beta", "  gamma", "• delta", "", "1. one", "2. two"]
        );
    }

    #[test]
    fn tables_are_boxed() {
        let got = lines("| t | s(t) |\n|---|---:|\n| 0 | 0 |\n| 1 | 60 |", 40);
        assert_eq!(
            got,
            [
                "┌───┬──────┐",
                "│ t │ s(t) │",
                "├───┼──────┤",
                "│ 0 │    0 │",
                "│ 1 │   60 │",
                "└───┴──────┘",
            ]
        );
    }

    #[test]
    fn narrow_tables_wrap_cells() {
        let got = lines("| alpha beta | gamma |\n|---|---|\n| a | b |", 16);
        assert!(got.iter().all(|l| l.width() <= 16), "{got:#?}");
        assert_eq!(got[1], "│ alpha │ gamm │");
    }

    #[test]
    fn footnote_refs_are_numbered_and_located() {
        let notes = [Footnote {
            id: "grad".into(),
            text: "x".into(),
        }];
        let ctx = Ctx {
            theme: Theme::default(),
            footnotes: &notes,
        };
        let w = render("the gradient[^grad] here", 40, ctx);
        assert_eq!(plain(&w.lines[0]), "the gradient[1] here");
        assert_eq!(w.tags.len(), 1);
        assert_eq!((w.tags[0].line, w.tags[0].col), (0, 12));
    }

    #[test]
    fn inline_math_goes_through_math_module() {
        assert_eq!(lines("slope $f'(x)$ here", 40), ["slope f′(x) here"]);
    }

    #[test]
    fn what_cannot_fit_is_noted() {
        let ctx = Ctx {
            theme: Theme::default(),
            footnotes: &[],
        };
        let table = "| alpha | beta |\n|---|---|\n| a | b |";
        assert_eq!(render_noting(table, 40, ctx).1, Vec::<String>::new());
        assert_eq!(
            render_noting(table, 12, ctx).1,
            [
                "table needs 16 columns to keep its words whole, more than the 12 available; words will be cut"
            ]
        );
        let (_, notes) = render_noting("$$\\frac{aaaaaaaaaaaa}{b}$$", 8, ctx);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("formula `\\frac{aaaaaaaaaaaa}{b}` needs 12 columns"));
    }

    #[test]
    fn column_widths_shrink_widest_first() {
        assert_eq!(column_widths(&[10, 4], &[5, 4], 12), vec![8, 4]);
        assert_eq!(column_widths(&[10, 4], &[9, 4], 5), vec![3, 2]);
    }
}
