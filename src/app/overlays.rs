//! The windows over the screen (help, contents, footnotes, confirmations,
//! notices) and the keys they take while open.

use super::*;

impl App {
    pub(super) fn on_overlay_key(&mut self, overlay: Overlay, k: KeyEvent) {
        let code = k.code;
        match overlay {
            Overlay::Help { scroll } => match code {
                KeyCode::Char('j') | KeyCode::Down => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_add(1).min(help_max_scroll(self.size.1)),
                    })
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Esc | KeyCode::Enter => {
                    self.overlay = None
                }
                _ => {}
            },
            Overlay::Toc { selected } => {
                let n = self.reading.as_ref().map_or(0, |r| r.lesson.sections.len());
                match code {
                    KeyCode::Char('j') | KeyCode::Down => {
                        self.overlay = Some(Overlay::Toc {
                            selected: (selected + 1).min(n.saturating_sub(1)),
                        })
                    }
                    KeyCode::Char('k') | KeyCode::Up => {
                        self.overlay = Some(Overlay::Toc {
                            selected: selected.saturating_sub(1),
                        })
                    }
                    KeyCode::Home | KeyCode::Char('g') => {
                        self.overlay = Some(Overlay::Toc { selected: 0 })
                    }
                    KeyCode::End | KeyCode::Char('G') => {
                        self.overlay = Some(Overlay::Toc {
                            selected: n.saturating_sub(1),
                        })
                    }
                    KeyCode::Enter => {
                        self.overlay = None;
                        self.go_to_section(selected);
                    }
                    KeyCode::Esc | KeyCode::Char('t') | KeyCode::Char('q') => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Footnote(_) => {
                if matches!(
                    code,
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Char('f') | KeyCode::Char('q')
                ) {
                    self.overlay = None;
                }
            }
            Overlay::Notice { .. } => {
                if matches!(
                    code,
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Char('q')
                ) {
                    self.overlay = None;
                }
            }
            Overlay::End { selected } => self.on_end_key(selected, code),
            Overlay::Confirm(c) => match code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    self.overlay = None;
                    match c {
                        Confirm::Quit => self.leave_quietly(),
                        Confirm::Back => self.back_to_catalog(),
                        Confirm::GiveUp(id) => self.give_up(&id),
                    }
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    self.overlay = None
                }
                _ => {}
            },
        }
    }
}

/// How far the help window scrolls on a screen `height` rows high: until
/// its last line is at the bottom of the window, not into a blank box. The
/// window is as tall as its lines and a frame, or the screen.
pub fn help_max_scroll(height: u16) -> u16 {
    let lines = u16::try_from(keymap::HELP.len()).unwrap_or(u16::MAX);
    let shown = height.min(lines.saturating_add(2)).saturating_sub(2);
    lines.saturating_sub(shown)
}
