//! The catalog: choosing a lesson, opening it, coming back to it.

use super::*;

impl App {
    pub(super) fn on_catalog_key(&mut self, k: KeyEvent) {
        let n = self.catalog.len();
        match keymap::action(Mode::Catalog, k.code) {
            Some(Action::Quit) => self.quit = true,
            Some(Action::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Some(Action::NextLesson) => {
                self.catalog_selected = (self.catalog_selected + 1).min(n.saturating_sub(1))
            }
            Some(Action::PreviousLesson) => {
                self.catalog_selected = self.catalog_selected.saturating_sub(1)
            }
            Some(Action::FirstLesson) => self.catalog_selected = 0,
            Some(Action::LastLesson) => self.catalog_selected = n.saturating_sub(1),
            Some(Action::OpenLesson) => self.open_selected(),
            _ => {}
        }
    }

    pub(super) fn open_selected(&mut self) {
        let Some(entry) = self.catalog.get(self.catalog_selected) else {
            return;
        };
        self.effects.push(Effect::Open {
            key: entry_key(entry),
            from_catalog: true,
        });
    }

    pub(super) fn ask_back(&mut self) {
        let Some(r) = &self.reading else { return };
        if !r.from_catalog {
            return;
        }
        if r.unsaved() {
            self.overlay = Some(Overlay::Confirm(Confirm::Back));
        } else {
            self.back_to_catalog();
        }
    }

    pub(super) fn back_to_catalog(&mut self) {
        if !self.reading.as_ref().is_some_and(|r| r.from_catalog) {
            return;
        }
        self.leave_lesson();
    }

    /// Close the open lesson, its position kept and its catalog line
    /// brought up to date from the app's own state (without reading the
    /// store again).
    pub(super) fn leave_lesson(&mut self) {
        self.save_position();
        if let (Some(r), Some(progress)) = (&self.reading, self.catalog_progress.as_mut()) {
            progress.insert(r.lesson.header.id.clone(), r.summary());
        }
        self.reading = None;
    }
}
