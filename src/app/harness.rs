//! A test harness that reads like a sentence:
//! `Harness::lesson(fixture::sample()).keys("jj<Tab><Enter>").render(80, 24)`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{App, Msg};
use crate::lesson::Lesson;
use crate::theme::Theme;

pub struct Harness {
    pub app: App,
}

/// Parse a key script: plain characters, or `<Name>` for special keys
/// (`<Enter> <Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn>
/// <Home> <End> <BS> <Del> <C-c> <C-w> <Space>`).
pub fn parse_keys(script: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
            let mut name = String::new();
            for n in chars.by_ref() {
                if n == '>' {
                    break;
                }
                name.push(n);
            }
            let none = KeyModifiers::NONE;
            let key = match name.as_str() {
                "Enter" => KeyEvent::new(KeyCode::Enter, none),
                "Esc" => KeyEvent::new(KeyCode::Esc, none),
                "Tab" => KeyEvent::new(KeyCode::Tab, none),
                "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Up" => KeyEvent::new(KeyCode::Up, none),
                "Down" => KeyEvent::new(KeyCode::Down, none),
                "Left" => KeyEvent::new(KeyCode::Left, none),
                "Right" => KeyEvent::new(KeyCode::Right, none),
                "S-Left" => KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT),
                "S-Right" => KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT),
                "S-Up" => KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT),
                "S-Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT),
                "PgUp" => KeyEvent::new(KeyCode::PageUp, none),
                "PgDn" => KeyEvent::new(KeyCode::PageDown, none),
                "Home" => KeyEvent::new(KeyCode::Home, none),
                "End" => KeyEvent::new(KeyCode::End, none),
                "BS" => KeyEvent::new(KeyCode::Backspace, none),
                "Del" => KeyEvent::new(KeyCode::Delete, none),
                "Space" => KeyEvent::new(KeyCode::Char(' '), none),
                "C-c" => KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                "C-w" => KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
                other => panic!("unknown key <{other}> in test script"),
            };
            out.push(key);
        } else {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }
    out
}

impl Harness {
    /// An app at 80x24 with `lesson` open.
    pub fn lesson(lesson: Lesson) -> Harness {
        let mut app = App::new(Theme::default());
        app.update(Msg::Resize(80, 24));
        app.open(lesson);
        crate::driver::settle(&mut app);
        Harness { app }
    }

    /// An app at 80x24 showing the catalog of `lessons`.
    pub fn catalog(library: crate::library::Library) -> Harness {
        let mut app = App::new(Theme::default()).with_library(library);
        app.update(Msg::Resize(80, 24));
        crate::driver::settle(&mut app);
        Harness { app }
    }

    /// Press keys (see [`parse_keys`]).
    pub fn keys(mut self, script: &str) -> Harness {
        for k in parse_keys(script) {
            self.app.update(Msg::Key(k));
            crate::driver::settle(&mut self.app);
        }
        self
    }

    pub fn paste(mut self, text: &str) -> Harness {
        self.app.update(Msg::Paste(text.into()));
        crate::driver::settle(&mut self.app);
        self
    }

    pub fn resize(mut self, w: u16, h: u16) -> Harness {
        self.app.update(Msg::Resize(w, h));
        self
    }

    /// The screen as text at `w` x `h` (the app is resized first).
    pub fn render(&mut self, w: u16, h: u16) -> String {
        self.app.update(Msg::Resize(w, h));
        let backend = TestBackend::new(w, h);
        let Ok(mut term) = Terminal::new(backend);
        let _ = term.draw(|f| crate::ui::render(&self.app, f));
        crate::ui::buffer_text(term.backend().buffer())
    }

    /// The screen text at 80x24.
    pub fn screen(&mut self) -> String {
        self.render(80, 24)
    }
}
