//! The problem panel of `chalkdust watch`: when the saved lesson file has
//! errors, they are listed (file:line:col, message) in a panel over the
//! lower part of the last good version, which stays readable above it;
//! warnings of a file that loads are listed the same way, in less room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::App;
use crate::lesson::Severity;

/// Draw `app.problems` in a panel at the bottom of `body`.
pub fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let n = app.problems.len();
    let mut lines: Vec<Line<'static>> = app
        .problems
        .iter()
        .map(|d| Line::from(Span::styled(d.to_string(), theme.wrong())))
        .collect();
    let only_warnings = app.problems.iter().all(|d| d.severity == Severity::Warning);
    let (hint, room) = if only_warnings {
        (
            "The lesson loaded; these are worth fixing. Save a fix to reload.",
            body.height / 3,
        )
    } else if app.reading.is_some() {
        // Each message usually wraps once at 80 columns: two rows apiece,
        // at most half the body, so the lesson stays in sight.
        (
            "Showing the last good version; save a fix to reload.",
            body.height / 2,
        )
    } else {
        // Nothing has loaded yet: the errors may take the whole screen.
        (
            "Nothing to show until the file loads; save a fix to open it.",
            body.height,
        )
    };
    lines.push(Line::styled(hint, theme.muted()));
    let want = u16::try_from(n * 2 + 3).unwrap_or(u16::MAX);
    let h = want.min(room).max(3.min(body.height));
    let area = Rect::new(body.x, body.y + body.height - h, body.width, h);
    let errors = app
        .problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let title = match (errors, n) {
        (1, _) => "The lesson file has an error".to_string(),
        (0, 1) => "The lesson file has a warning".to_string(),
        (0, _) => format!("The lesson file has {n} warnings"),
        _ => format!("The lesson file has {errors} errors"),
    };
    let inner = super::overlay::frame(theme, &title, area, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
