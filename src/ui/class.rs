//! Drawing the teacher's screen ([`crate::class::screen`]): its rows are
//! laid out already; this copies them into the buffer and keeps the
//! ASCII promise (nothing outside ASCII reaches the screen in that mode).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::class::screen::Screen;

/// Draw the whole screen for `screen`. Reads state only.
pub fn render(screen: &Screen, frame: &mut Frame) {
    let area = frame.area();
    draw(screen, area, frame.buffer_mut());
}

/// Draw `screen` into `buf` over `area`.
pub fn draw(screen: &Screen, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    for (y, line) in (area.top()..area.bottom()).zip(screen.lines()) {
        line.render(Rect::new(area.x, y, area.width, 1), buf);
    }
    if screen.theme.ascii {
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                if let Some(cell) = buf.cell_mut((x, y))
                    && !cell.symbol().is_ascii()
                {
                    cell.set_symbol("?");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Style;

    use super::*;
    use crate::app::Msg;
    use crate::class::screen::sample;
    use crate::theme::Theme;

    /// The screen's text, then each row's styled runs (column range and
    /// style), so a snapshot shows colours and their no-colour stand-ins.
    fn shot(theme: Theme, pane_keys: &[crossterm::event::KeyCode]) -> String {
        let mut screen = Screen::new(theme);
        screen.set_data(sample());
        screen.update(Msg::Resize(80, 24));
        for &code in pane_keys {
            screen.update(Msg::Key(crossterm::event::KeyEvent::new(
                code,
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let frame = terminal
            .draw(|f| render(&screen, f))
            .expect("draw")
            .buffer
            .clone();
        let mut out = String::new();
        for y in 0..frame.area.height {
            let row: String = (0..frame.area.width)
                .map(|x| frame[(x, y)].symbol().to_string())
                .collect();
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out.push_str("--- styles\n");
        for y in 0..frame.area.height {
            let mut x = 0;
            while x < frame.area.width {
                let style = frame[(x, y)].style();
                let start = x;
                while x < frame.area.width && frame[(x, y)].style() == style {
                    x += 1;
                }
                let shown = described(style);
                if !shown.is_empty() {
                    out.push_str(&format!("{y}: {start}..{x} {shown}\n"));
                }
            }
        }
        out
    }

    /// What a style changes from the terminal's default, shortly.
    fn described(style: Style) -> String {
        let mut parts = Vec::new();
        if let Some(fg) = style.fg.filter(|c| *c != ratatui::style::Color::Reset) {
            parts.push(format!("fg {fg:?}"));
        }
        if let Some(bg) = style.bg.filter(|c| *c != ratatui::style::Color::Reset) {
            parts.push(format!("bg {bg:?}"));
        }
        if !style.add_modifier.is_empty() {
            parts.push(format!("{:?}", style.add_modifier));
        }
        parts.join(" ")
    }

    #[test]
    fn the_class_and_a_lesson_at_80x24_in_colour_without_and_in_ascii() {
        use crossterm::event::KeyCode::Enter;
        let colour = Theme::default();
        let plain = Theme {
            monochrome: true,
            ..Theme::default()
        };
        let ascii = Theme {
            ascii: true,
            ..Theme::default()
        };
        insta::assert_snapshot!("class_colour", shot(colour, &[]));
        insta::assert_snapshot!("class_no_colour", shot(plain, &[]));
        insta::assert_snapshot!("class_lesson_colour", shot(colour, &[Enter]));
        insta::assert_snapshot!("class_lesson_no_colour", shot(plain, &[Enter]));
        let ascii_shot = shot(ascii, &[Enter]);
        insta::assert_snapshot!("class_lesson_ascii", ascii_shot);
        let class_ascii = shot(ascii, &[]);
        assert!(class_ascii.is_ascii(), "{class_ascii}");
        assert!(class_ascii.contains("slopes > rules"), "{class_ascii}");
    }

    #[test]
    fn tiny_areas_draw_nothing_wrong() {
        let mut screen = Screen::new(Theme::default());
        screen.set_data(sample());
        for (w, h) in [(0, 0), (1, 1), (3, 2)] {
            screen.update(Msg::Resize(w, h));
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            draw(&screen, Rect::new(0, 0, w, h), &mut buf);
        }
    }
}
