//! Drawing the end of a lesson ([`crate::app::end`]): the counts, then what
//! is left, one line each, the selected one highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::overlay::{centred, frame};
use crate::app::App;
use crate::app::end::{Missed, end_report};

/// Draw the end screen over `area`.
pub fn draw(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(r) = &app.reading else { return };
    let theme = app.theme;
    let report = end_report(r);
    let s = report.summary;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let count = |label: &str, value: String| {
        Line::from(vec![
            Span::raw(format!("{label:<18}")),
            Span::styled(value, bold),
        ])
    };
    let mut head = vec![
        Line::raw(super::fold(
            theme,
            &format!("You reached the end of {}.", r.lesson.header.title),
        )),
        Line::default(),
        count(
            "Questions solved",
            format!("{} of {}", s.questions_solved, s.questions_total),
        ),
        count("Given up", s.questions_given_up.to_string()),
        count("Hints used", report.hints_used.to_string()),
        count(
            "Sections read",
            format!("{} of {}", s.sections_read, s.sections_total),
        ),
        Line::default(),
    ];
    if let Some(next) = app.next_lesson() {
        let part = next
            .header
            .part
            .map(|p| format!("{p}. "))
            .unwrap_or_default();
        head.push(Line::from(vec![
            Span::raw("Next lesson       "),
            Span::styled(
                super::fold(theme, &format!("{part}{}", next.header.title)),
                bold,
            ),
            Span::styled("  (N opens it)", theme.muted()),
        ]));
        head.push(Line::default());
    }
    let sections = &r.lesson.sections;
    let title = |i: usize| {
        let t = sections.get(i).map_or("", |s| s.title.as_str());
        super::fold(theme, &format!("{}. {t}", i + 1))
    };
    let list: Vec<String> = report
        .missed
        .iter()
        .map(|m| match m {
            Missed::Section(i) => format!("{}: not read to its end", title(*i)),
            Missed::Question {
                section,
                n,
                given_up,
                ..
            } => format!(
                "{}: question {n}, {}",
                title(*section),
                if *given_up { "given up" } else { "not solved" }
            ),
        })
        .collect();
    if list.is_empty() {
        head.push(Line::raw(
            "Nothing left: every section read, every question solved.",
        ));
    } else {
        head.push(Line::styled(
            "Go back to (Enter goes there):",
            theme.heading(),
        ));
    }
    let width = 72u16.min(area.width);
    let inner_w = usize::from(width.saturating_sub(4));
    let height = u16::try_from(head.len() + list.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = centred(area, width, height);
    let inner = frame(theme, "The end (Esc closes)", rect, buf);
    let inner = Rect::new(
        inner.x.saturating_add(1),
        inner.y.saturating_add(1),
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(2),
    );
    // The list scrolls so the selected line stays in the window.
    let room = usize::from(inner.height).saturating_sub(head.len()).max(1);
    let skip = selected.saturating_sub(room - 1);
    let pointer = if theme.ascii { "> " } else { "› " };
    let mut lines = head;
    for (i, text) in list.iter().enumerate().skip(skip).take(room) {
        let text: String = text.chars().take(inner_w.saturating_sub(2)).collect();
        lines.push(if i == selected {
            Line::styled(format!("{pointer}{text}"), theme.focus())
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    Paragraph::new(lines).render(inner, buf);
}
