//! Application state and its pure update (STUB: replaced by the app work).

pub use crossterm::event::{KeyEvent, MouseEvent};

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
}

#[derive(Debug, Default)]
pub struct App {
    quit: bool,
}

impl App {
    pub fn update(&mut self, msg: Msg) {
        if let Msg::Key(k) = msg
            && k.code == crossterm::event::KeyCode::Char('q')
        {
            self.quit = true;
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }
}
