//! The windows over the screen (help, contents, footnotes, confirmations,
//! notices) and what their keys do while open; which key is which action
//! is [`keymap`]'s, as everywhere.

use super::*;

impl App {
    pub(super) fn on_overlay_key(&mut self, overlay: Overlay, k: KeyEvent) {
        let mode = match overlay {
            // The end screen has keys of its own (a list to move in).
            Overlay::End { selected } => {
                self.on_end_key(selected, k.code);
                return;
            }
            Overlay::Help { .. } => keymap::Mode::HelpWindow,
            Overlay::Toc { .. } => keymap::Mode::ContentsWindow,
            Overlay::Footnote(_) => keymap::Mode::FootnoteWindow,
            Overlay::Notice { .. } => keymap::Mode::Notice,
            Overlay::Confirm(_) => keymap::Mode::Confirm,
        };
        let Some(action) = keymap::action(mode, k.code) else {
            return;
        };
        let sections = self.reading.as_ref().map_or(0, |r| r.lesson.sections.len());
        let last = sections.saturating_sub(1);
        match (overlay, action) {
            (_, Action::Close) => self.overlay = None,
            (Overlay::Help { scroll }, Action::ScrollDown) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_add(1).min(help_max_scroll(self.size.1)),
                })
            }
            (Overlay::Help { scroll }, Action::ScrollUp) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                })
            }
            (Overlay::Toc { selected }, Action::NextOption) => {
                self.overlay = Some(Overlay::Toc {
                    selected: (selected + 1).min(last),
                })
            }
            (Overlay::Toc { selected }, Action::PreviousOption) => {
                self.overlay = Some(Overlay::Toc {
                    selected: selected.saturating_sub(1),
                })
            }
            (Overlay::Toc { .. }, Action::Top) => self.overlay = Some(Overlay::Toc { selected: 0 }),
            (Overlay::Toc { .. }, Action::Bottom) => {
                self.overlay = Some(Overlay::Toc { selected: last })
            }
            (Overlay::Toc { selected }, Action::GoToSection) => {
                self.overlay = None;
                self.go_to_section(selected);
            }
            (Overlay::Confirm(c), Action::Yes) => {
                self.overlay = None;
                match c {
                    Confirm::Quit => self.leave_quietly(),
                    Confirm::Back => self.back_to_catalog(),
                    Confirm::GiveUp(id) => self.give_up(&id),
                }
            }
            (Overlay::Confirm(_), Action::No) => self.overlay = None,
            _ => {}
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
