//! The whole lesson as plain linear text: `chalkdust print`. For reviewing
//! and diffing a lesson, for piping it, and for learners who read with a
//! screen reader, where a two-dimensional screen is in the way.
//!
//! Prose, tables and formulas are laid out by the same code the app uses
//! (`app::markdown`), with styles dropped. Interactive parts become text:
//! `details` are expanded under their titles, charts and explorers are
//! described in one line each, and quiz questions keep their prompts,
//! choices and hints but never their answers, explanations or feedback.

use unicode_width::UnicodeWidthStr;

use crate::explore::Explorer;
use crate::layout::markdown::{self, Ctx, display_math_lines, footnote_marker};
use crate::layout::wrap::{Piece, plain, wrap};
use crate::lesson::{Answer, Block, BlockKind, Chart, Lesson, PlotData, Question, Quiz};
use crate::theme::Theme;

/// How to print.
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    /// Columns of text (at least 20 are used).
    pub width: u16,
    /// Plain ASCII: no box drawing, superscripts or Greek letters.
    pub ascii: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            width: 80,
            ascii: false,
        }
    }
}

/// The smallest width printed at: below it, tables and formulas are mush.
const MIN_WIDTH: usize = 20;

struct Printer<'a> {
    lesson: &'a Lesson,
    theme: Theme,
    width: usize,
    /// Put before every line: guides of open `details`, aside marks.
    prefix: String,
    out: Vec<String>,
}

impl Printer<'_> {
    fn inner(&self) -> usize {
        self.width.saturating_sub(self.prefix.width()).max(1)
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            theme: self.theme,
            footnotes: &self.lesson.footnotes,
        }
    }

    fn line(&mut self, text: &str) {
        let line = format!("{}{text}", self.prefix);
        self.out.push(line.trim_end().to_string());
    }

    /// One blank line, unless there is one already (or nothing yet).
    fn blank(&mut self) {
        let guide = self.prefix.trim_end().to_string();
        if self
            .out
            .last()
            .is_some_and(|l| !l.is_empty() && *l != guide)
        {
            self.out.push(guide);
        }
    }

    /// Markdown prose at the current indent, after a hanging `label`.
    fn markdown(&mut self, text: &str, label: &str) {
        let lw = label.width();
        let w = markdown::render(text, self.inner().saturating_sub(lw).max(1), self.ctx());
        for (i, l) in w.lines.iter().enumerate() {
            let head = if i == 0 {
                label.to_string()
            } else {
                " ".repeat(lw)
            };
            self.line(&format!("{head}{}", plain(l)));
        }
    }

    /// Plain words wrapped at the current indent (descriptions, labels).
    fn words(&mut self, text: &str) {
        let w = wrap(
            &[Piece::text(text, ratatui::style::Style::default())],
            self.inner(),
            vec![],
            vec![],
        );
        for l in &w.lines {
            self.line(&plain(l));
        }
    }

    fn underlined(&mut self, title: &str, rule: char) {
        self.line(title);
        self.line(&rule.to_string().repeat(title.width().min(self.inner())));
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                self.blank();
            }
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Text { text } => self.markdown(text, ""),
            BlockKind::Math { tex } => {
                for l in display_math_lines(tex, self.inner(), self.theme) {
                    self.line(&plain(&l));
                }
            }
            BlockKind::Aside { title, text } => {
                let mark = self.theme.guide().to_string();
                self.line(&format!("{mark}{title}"));
                self.prefix.push_str(&mark);
                self.markdown(text, "");
                self.prefix.truncate(self.prefix.len() - mark.len());
            }
            BlockKind::Details { title, blocks, .. } => {
                self.line(title);
                let guide = self.theme.guide();
                self.prefix.push_str(guide);
                self.blank_guide();
                self.blocks(blocks);
                self.prefix.truncate(self.prefix.len() - guide.len());
            }
            BlockKind::Chart(c) => {
                let d = describe_chart(c, self.theme.ascii);
                self.words(&d);
            }
            BlockKind::Explore(e) => {
                let d = describe_explorer(e);
                self.words(&d);
            }
            BlockKind::Quiz(q) => self.quiz(q),
        }
    }

    /// A guide-only line under a `details` title, so its body reads apart.
    fn blank_guide(&mut self) {
        let guide = self.prefix.trim_end().to_string();
        self.out.push(guide);
    }

    fn quiz(&mut self, quiz: &Quiz) {
        let title = quiz.title.as_deref().unwrap_or("Self-check");
        self.line(title);
        let total = quiz.questions.len();
        for (i, q) in quiz.questions.iter().enumerate() {
            self.blank();
            self.question(q, i + 1, total);
        }
    }

    fn question(&mut self, q: &Question, n: usize, total: usize) {
        self.line(&format!("Question {n} of {total}"));
        self.markdown(&q.prompt, "");
        match &q.answer {
            Answer::Choice {
                choices, multiple, ..
            } => {
                let how = if *multiple {
                    "(choose all that apply)"
                } else {
                    "(choose one)"
                };
                self.line(how);
                for (i, c) in choices.iter().enumerate() {
                    let label = format!("{}. ", choice_letter(i));
                    self.markdown(c, &format!("  {label}"));
                }
            }
            Answer::Number { .. } => self.line("Answer: a number"),
            Answer::Expression { vars, .. } => {
                let line = match vars.as_slice() {
                    [] => "Answer: an expression".to_string(),
                    vs => format!("Answer: an expression in {}", vs.join(", ")),
                };
                self.line(&line);
            }
            Answer::Text { .. } => self.line("Answer: a word or phrase"),
        }
        let k = q.hints.len();
        for (i, h) in q.hints.iter().enumerate() {
            self.markdown(h, &format!("Hint {} of {k}: ", i + 1));
        }
    }

    fn footnotes(&mut self) {
        let notes = &self.lesson.footnotes;
        if notes.is_empty() {
            return;
        }
        self.blank();
        self.underlined("Footnotes", '-');
        self.blank_guide();
        for f in notes {
            let marker = format!("{} ", footnote_marker(notes, &f.id));
            self.markdown(&f.text, &marker);
        }
    }
}

/// "a", "b", ... "z", then "27", ...: choices are named, not numbered, so
/// a learner does not take "2." for a value.
fn choice_letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// A number as an author would write it: `2`, `-1.5` (with a real minus
/// sign unless ASCII).
fn number(v: f64, ascii: bool) -> String {
    let text = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if ascii {
        text
    } else {
        text.replace('-', "−")
    }
}

/// One line saying what a chart shows: its title, its plots, and the range.
pub fn describe_chart(c: &Chart, ascii: bool) -> String {
    let mut plots = Vec::new();
    for p in &c.plots {
        let name = match (&p.label, &p.data) {
            (Some(l), _) if !l.trim().is_empty() => l.clone(),
            (_, PlotData::Expr(e)) => format!("y = {}", e.pretty()),
            (_, PlotData::Pieces(_)) => "a piecewise function".to_string(),
            (_, PlotData::Points(pts)) => format!("{} marked points", pts.len()),
        };
        plots.push(name.clone());
        if p.derivative {
            plots.push(crate::chart::derivative_label(Some(&name)));
        }
    }
    let mut d = String::from("[chart: ");
    if let Some(t) = c.title.as_deref().filter(|t| !t.trim().is_empty()) {
        d.push_str(t);
        d.push_str(": ");
    }
    if plots.is_empty() {
        d.push_str("empty");
    } else {
        d.push_str(&plots.join(", "));
    }
    let var = c.x_label.as_deref().unwrap_or(&c.var);
    d.push_str(&format!(
        "; {var} from {} to {}",
        number(c.x.0, ascii),
        number(c.x.1, ascii)
    ));
    if let Some((lo, hi)) = c.y {
        let y = c.y_label.as_deref().unwrap_or("y");
        d.push_str(&format!(
            ", {y} from {} to {}",
            number(lo, ascii),
            number(hi, ascii)
        ));
    }
    d.push(']');
    d
}

/// One line saying what an explorer lets a learner change.
pub fn describe_explorer(e: &Explorer) -> String {
    let mut d = String::from("[explorer: ");
    if let Some(t) = e.title.as_deref().filter(|t| !t.trim().is_empty()) {
        d.push_str(t);
        d.push_str("; ");
    }
    let params: Vec<&str> = e
        .params
        .iter()
        .map(|p| {
            if p.label().trim().is_empty() {
                p.name()
            } else {
                p.label()
            }
        })
        .collect();
    if !params.is_empty() {
        d.push_str("change ");
        d.push_str(&params.join(", "));
        d.push_str("; ");
    }
    d.push_str("interactive, open the lesson in chalkdust to use it]");
    d
}

/// The whole `lesson` as plain text, `opts.width` columns wide, ending in
/// a newline.
pub fn print(lesson: &Lesson, opts: PrintOptions) -> String {
    let mut p = Printer {
        lesson,
        theme: Theme {
            ascii: opts.ascii,
            monochrome: true,
            // Plain text: the address is printed beside the link instead.
            hyperlinks: false,
        },
        width: usize::from(opts.width).max(MIN_WIDTH),
        prefix: String::new(),
        out: Vec::new(),
    };
    p.underlined(&lesson.title, '=');
    if let Some(s) = &lesson.subtitle {
        p.words(s);
    }
    if let Some(series) = &lesson.series {
        let part = lesson
            .part
            .map(|n| format!(", part {n}"))
            .unwrap_or_default();
        p.words(&format!("Series: {series}{part}"));
    }
    if !lesson.requires.is_empty() {
        p.words(&format!("Requires: {}", lesson.requires.join(", ")));
    }
    let n = lesson.sections.len();
    for (i, section) in lesson.sections.iter().enumerate() {
        p.blank();
        p.blank_guide();
        p.underlined(&format!("{}/{n}. {}", i + 1, section.title), '-');
        p.blank_guide();
        p.blocks(&section.blocks);
    }
    p.blank_guide();
    p.footnotes();
    let mut text = p.out.join("\n");
    // Blank runs collapse to one blank line.
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.push('\n');
    text
}
