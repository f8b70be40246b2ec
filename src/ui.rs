//! Rendering (STUB: replaced by the app work).

pub mod chart;

use ratatui::Frame;
use ratatui::widgets::Paragraph;

use crate::app::App;

/// Draw the whole screen for `app`. Reads state only.
pub fn render(app: &App, frame: &mut Frame) {
    let _ = app;
    frame.render_widget(Paragraph::new("chalkdust"), frame.area());
}
