//! The catalog screen and the windows drawn over a lesson: help, table of
//! contents, footnotes and confirmations.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::keymap::{self, hints};
use crate::app::{App, Overlay};
use crate::layout::markdown::{self, Ctx, footnote_marker};
use crate::progress::Summary;
use crate::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// How many lines the help has (for scrolling it).
pub fn help_lines_len() -> u16 {
    u16::try_from(keymap::HELP.len()).unwrap_or(u16::MAX)
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn frame(theme: Theme, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme.heading()));
    if theme.ascii {
        block = block.border_set(ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        });
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// `inner` less a column on each side and a row above and below, so text
/// does not touch the frame (when there is room for it).
fn padded(inner: Rect) -> Rect {
    if inner.width < 4 || inner.height < 3 {
        return inner;
    }
    Rect::new(inner.x + 1, inner.y + 1, inner.width - 2, inner.height - 2)
}

/// Draw `overlay` over everything in `area`.
pub fn draw(app: &App, overlay: &Overlay, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    match overlay {
        Overlay::Help { scroll } => {
            // Made from the keymap's rows, so it shows the keys the app binds.
            let lines: Vec<Line<'static>> = keymap::HELP
                .iter()
                .map(|row| (row.keys, row.does))
                .map(|(k, v)| {
                    if v.is_empty() {
                        Line::styled(k.to_string(), theme.heading())
                    } else {
                        Line::from(vec![
                            Span::styled(
                                format!("  {:<20}", super::fold(theme, k)),
                                Style::new().add_modifier(Modifier::BOLD),
                            ),
                            Span::raw(v.to_string()),
                        ])
                    }
                })
                .collect();
            let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
            let rect = centred(area, 68, h);
            let inner = frame(theme, &format!("Keys ({})", hints::HELP_WINDOW), rect, buf);
            let scroll = (*scroll).min(crate::app::help_max_scroll(area.height));
            Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
        }
        Overlay::Toc { selected } => {
            let Some(r) = &app.reading else { return };
            let lines: Vec<Line<'static>> = r
                .lesson
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mark = if r.section_complete(i) {
                        theme.check_mark()
                    } else {
                        ""
                    };
                    let here = if i == r.section { "*" } else { " " };
                    let title = super::fold(theme, &s.title);
                    let text = format!("{here}{:>2}. {title} {mark}", i + 1);
                    let (style, muted) = if i == *selected {
                        (theme.focus(), theme.focus())
                    } else {
                        (Style::new(), theme.muted())
                    };
                    // A finished quiz's check mark says more than "read".
                    let read = if mark.is_empty() && r.sections_read.contains(&s.id) {
                        "(read)"
                    } else {
                        ""
                    };
                    Line::from(vec![Span::styled(text, style), Span::styled(read, muted)])
                })
                .collect();
            let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
            let rect = centred(area, 60, h);
            let inner = frame(theme, &format!("Contents ({})", hints::CONTENTS), rect, buf);
            let skip = selected.saturating_sub(usize::from(inner.height.saturating_sub(1)));
            Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(inner, buf);
        }
        Overlay::Footnote(id) => {
            let Some(r) = &app.reading else { return };
            let notes = &r.lesson.footnotes;
            let ctx = Ctx {
                theme,
                footnotes: notes,
            };
            let width = 60u16.min(area.width.saturating_sub(4));
            // A column of padding inside the frame on each side.
            let inner_w = usize::from(width.saturating_sub(4));
            let mut lines: Vec<Line<'static>> = Vec::new();
            for f in notes
                .iter()
                .filter(|f| id.as_ref().is_none_or(|i| i == &f.id))
            {
                let marker = format!("{} ", footnote_marker(notes, &f.id));
                let w = markdown::render(&f.text, inner_w.saturating_sub(marker.len()), ctx);
                for (k, l) in w.lines.into_iter().enumerate() {
                    let mut spans = vec![if k == 0 {
                        Span::styled(marker.clone(), theme.footnote_ref())
                    } else {
                        Span::raw(" ".repeat(marker.len()))
                    }];
                    spans.extend(l.spans);
                    lines.push(Line::from(spans));
                }
            }
            if lines.is_empty() {
                lines.push(Line::raw("No such footnote."));
            }
            let h = u16::try_from(lines.len() + 4).unwrap_or(u16::MAX);
            let rect = centred(area, width, h);
            let inner = padded(frame(
                theme,
                &format!("Footnote ({})", hints::FOOTNOTE_WINDOW),
                rect,
                buf,
            ));
            Paragraph::new(lines).render(inner, buf);
        }
        Overlay::Notice { title, text } => {
            let width = 64u16.min(area.width);
            let inner_w = usize::from(width.saturating_sub(2)).max(1);
            // Wrapped height, roughly: wrapping at whole words can take a
            // line more than the arithmetic, so a long line gets a spare.
            let body: usize = text
                .lines()
                .map(|l| l.width().div_ceil(inner_w).max(1) + usize::from(l.width() > inner_w))
                .sum();
            let h = u16::try_from(body + 4).unwrap_or(u16::MAX);
            let rect = centred(area, width, h);
            let inner = frame(theme, title, rect, buf);
            let mut lines: Vec<Line<'static>> =
                text.lines().map(|l| Line::raw(l.to_string())).collect();
            lines.push(Line::default());
            lines.push(Line::styled(
                hints::NOTICE,
                Style::new().add_modifier(Modifier::BOLD),
            ));
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
        }
        Overlay::End { selected } => super::end::draw(app, *selected, area, buf),
        Overlay::Confirm(c) => {
            let rect = centred(area, 54, 8);
            let inner = padded(frame(theme, "Are you sure?", rect, buf));
            Paragraph::new(vec![
                Line::raw(c.prompt()),
                Line::default(),
                Line::styled(hints::CONFIRM, Style::new().add_modifier(Modifier::BOLD)),
            ])
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        }
    }
}

/// The catalog: lessons by series and part, the selected one highlighted.
pub fn catalog(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    if app.catalog.is_empty() {
        Paragraph::new(
            "No lessons found. Give a lesson file (chalkdust path/to/lesson.toml) or a folder \
             of lessons (--lessons DIR or CHALKDUST_LESSONS).",
        )
        .wrap(Wrap { trim: true })
        .render(area.inner(ratatui::layout::Margin::new(2, 1)), buf);
        return;
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_row = 0;
    let mut series: Option<Option<&str>> = None;
    let width = usize::from(area.width.saturating_sub(4));
    for (i, l) in app.catalog.iter().enumerate() {
        let s = l.header.series.as_deref();
        if series != Some(s) {
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(
                s.unwrap_or("Other lessons").to_string(),
                theme.heading(),
            ));
            series = Some(s);
        }
        let number = l.header.part.map(|p| format!("{p}. ")).unwrap_or_default();
        let head = super::fold(theme, &format!("{number}{}", l.header.title));
        let style = if i == app.catalog_selected {
            selected_row = lines.len();
            theme.focus().add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let pointer = if i == app.catalog_selected {
            theme.focus_bar()
        } else {
            " "
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {pointer}")),
            Span::styled(head, style),
        ]));
        let pad = " ".repeat(2 + number.len());
        if let Some(sub) = &l.header.subtitle {
            let mut sub = super::fold(theme, sub);
            if sub.len() > width {
                sub.truncate(
                    sub.char_indices()
                        .nth(width.saturating_sub(1))
                        .map_or(0, |(b, _)| b),
                );
                sub.push_str(if theme.ascii { "~" } else { "…" });
            }
            lines.push(Line::from(vec![Span::raw(pad.clone()), Span::raw(sub)]));
        }
        if !l.is_ok() {
            let n = l.errors().count();
            lines.push(Line::from(vec![
                Span::raw(pad.clone()),
                Span::styled(
                    format!(
                        "cannot open: {n} error{} (chalkdust check)",
                        if n == 1 { "" } else { "s" }
                    ),
                    theme.wrong(),
                ),
            ]));
        }
        if let Some(progress) = &app.catalog_progress
            && l.is_ok()
        {
            lines.push(Line::from(vec![
                Span::raw(pad.clone()),
                Span::styled(
                    progress_line(
                        theme,
                        progress.get(&l.header.id).copied().unwrap_or_default(),
                    ),
                    theme.muted(),
                ),
            ]));
        }
        if !l.header.requires.is_empty() {
            lines.push(Line::from(vec![
                Span::raw(pad),
                Span::styled(requires_line(app, &l.header.requires), theme.muted()),
            ]));
        }
    }
    let area = area.inner(ratatui::layout::Margin::new(1, 1));
    let h = usize::from(area.height);
    let skip = (selected_row + 3).saturating_sub(h);
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(area, buf);
}

/// A lesson's prerequisites by title, each marked done (✓, `[x]` in
/// ASCII) or not yet (○, `[ ]`) when progress is known; an id the library
/// does not have is shown as written, with "not found".
fn requires_line(app: &App, requires: &[String]) -> String {
    let theme = app.theme;
    let names: Vec<String> = requires
        .iter()
        .map(|id| {
            let Some(entry) = app.catalog.iter().find(|e| &e.header.id == id) else {
                return format!("{id} (not found)");
            };
            let done = app
                .catalog_progress
                .as_ref()
                .map(|p| p.get(id).is_some_and(Summary::finished));
            match (done, theme.ascii) {
                (None, _) => entry.header.title.clone(),
                (Some(true), false) => format!("✓ {}", entry.header.title),
                (Some(false), false) => format!("○ {}", entry.header.title),
                (Some(true), true) => format!("[x] {}", entry.header.title),
                (Some(false), true) => format!("[ ] {}", entry.header.title),
            }
        })
        .collect();
    super::fold(theme, &format!("requires: {}", names.join(", ")))
}

/// A lesson's progress in one catalog line.
fn progress_line(theme: Theme, s: Summary) -> String {
    if s.sections_read == 0 && s.questions_solved == 0 && s.questions_given_up == 0 {
        return "not started".into();
    }
    let mut text = format!("read {} of {} sections", s.sections_read, s.sections_total);
    if s.questions_total > 0 {
        text.push_str(&format!(
            " · solved {} of {} questions",
            s.questions_solved, s.questions_total
        ));
    }
    if s.questions_given_up > 0 {
        text.push_str(&format!(" ({} given up)", s.questions_given_up));
    }
    super::fold(theme, &text)
}
