//! The whole lesson as plain linear text: `chalkdust print`. For reviewing
//! and diffing a lesson, for piping it, and for learners who read with a
//! screen reader, where a two-dimensional screen is in the way.
//!
//! Every section is laid out by the app's own layout in its linear mode
//! ([`Mode::Print`]), with styles dropped: `details` are expanded under
//! their titles, charts and explorers are described in one line each, and
//! quiz questions keep their prompts, choices and hints but never their
//! answers, explanations or feedback. This file adds only what a printed
//! page has and a screen does not: the lesson's header and numbered
//! section headings.

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::layout::doc::{self, Mode, Row, View};
use crate::layout::wrap::{Inline, plain, wrap};
use crate::lesson::Lesson;
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

struct Printer {
    width: usize,
    out: Vec<String>,
}

impl Printer {
    fn line(&mut self, text: &str) {
        self.out.push(text.trim_end().to_string());
    }

    /// One blank line, unless there is one already (or nothing yet).
    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
    }

    /// Plain words wrapped at the width (the lesson's header lines).
    fn words(&mut self, text: &str) {
        let w = wrap(
            &[Inline::text(text, ratatui::style::Style::default())],
            self.width,
            vec![],
            vec![],
        );
        for l in &w.lines {
            self.line(&plain(l));
        }
    }

    fn underlined(&mut self, title: &str, rule: char) {
        self.line(title);
        self.line(&rule.to_string().repeat(title.width().min(self.width)));
    }
}

/// The whole `lesson` as plain text, `opts.width` columns wide, ending in
/// a newline.
pub fn print(lesson: &Lesson, opts: PrintOptions) -> String {
    let theme = Theme {
        ascii: opts.ascii,
        monochrome: true,
        // Plain text: the address is printed beside the link instead.
        hyperlinks: false,
    };
    let mut p = Printer {
        width: usize::from(opts.width).max(MIN_WIDTH),
        out: Vec::new(),
    };
    p.underlined(&lesson.header.title, '=');
    if let Some(s) = &lesson.header.subtitle {
        p.words(s);
    }
    if let Some(series) = &lesson.header.series {
        let part = lesson
            .header
            .part
            .map(|n| format!(", part {n}"))
            .unwrap_or_default();
        p.words(&format!("Series: {series}{part}"));
    }
    if !lesson.header.requires.is_empty() {
        p.words(&format!("Requires: {}", lesson.header.requires.join(", ")));
    }
    let n = lesson.sections.len();
    let none = HashMap::new();
    let (quiz, explore) = (HashMap::new(), HashMap::new());
    let width = u16::try_from(p.width).unwrap_or(u16::MAX);
    for (i, section) in lesson.sections.iter().enumerate() {
        p.blank();
        p.underlined(&format!("{}/{n}. {}", i + 1, section.title), '-');
        p.blank();
        let view = View {
            theme,
            lesson,
            varied: &crate::lesson::AS_WRITTEN,
            section: i,
            toggled: &none,
            quiz: &quiz,
            editing: None,
            explore: &explore,
            focus: None,
            mode: Mode::Print,
        };
        let laid = doc::build(view, width, &mut HashMap::new(), &mut HashMap::new());
        for row in &laid.rows {
            // Charts and explorers are described, never drawn, in print.
            if let Row::Text(l) = row {
                p.line(&plain(l));
            }
        }
    }
    let mut text = p.out.join("\n");
    // Blank runs collapse to one blank line.
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.push('\n');
    text
}
