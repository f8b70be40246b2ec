//! Reloading the open lesson when its file changes (`chalkdust watch`):
//! the reader stays where they were, and a file with errors leaves the last
//! good version on screen with the errors over it.

use std::sync::Arc;

use super::{App, Overlay, Target};
use crate::lesson::{Diagnostic, Loaded};

/// A lesson file read again: the new lesson with its warnings, or the
/// errors that keep it from loading.
#[derive(Debug, Clone)]
pub struct Reloaded(pub Result<Loaded, Vec<Diagnostic>>);

/// Two reloads are equal when they print the same: the lesson model holds
/// floats and parsed expressions, which have no `Eq` of their own, and a
/// message only needs comparing in tests.
impl PartialEq for Reloaded {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

impl Eq for Reloaded {}

impl App {
    /// Apply a reload: swap in the new lesson keeping the section (by id),
    /// the scroll position and what is still valid of focus and answers;
    /// or keep the old lesson and show the errors.
    pub(super) fn reload(&mut self, Reloaded(result): Reloaded) -> bool {
        // Warnings show as errors do (an unknown `\command` would otherwise
        // just render as written), over the new version.
        let lesson = match result {
            Ok(loaded) => {
                self.problems = loaded.warnings;
                loaded.lesson
            }
            Err(errors) => {
                self.problems = errors;
                return true;
            }
        };
        let Some(r) = self.reading.as_mut() else {
            self.open(lesson);
            return true;
        };
        let old_id = r.lesson.sections.get(r.section).map(|s| s.id.clone());
        let by_id = old_id.and_then(|id| lesson.sections.iter().position(|s| s.id == id));
        r.section = by_id.unwrap_or(r.section.min(lesson.sections.len().saturating_sub(1)));
        r.lesson = Arc::new(lesson);
        r.personalise(&self.variant_seed);
        r.charts.clear();
        r.blocks = crate::layout::doc::BlockCache::default();
        // Explorers may have new parameters or drawings: their states and
        // scenes belong to the old definitions (a state with fewer values
        // than the new explorer has parameters must never reach it).
        r.explore.clear();
        r.explorers.clear();
        r.dragging = None;
        let questions: Vec<String> = r.quiz.keys().cloned().collect();
        for id in questions {
            if r.question(&id).is_none() {
                r.quiz.remove(&id);
            }
        }
        if matches!(self.overlay, Some(Overlay::Toc { .. })) {
            self.overlay = None;
        }
        self.relayout();
        self.clamp_scroll();
        if let Some(r) = self.reading.as_mut() {
            let gone = r.focus.as_ref().is_some_and(|t| r.doc.find(t).is_none());
            if gone {
                r.focus = None;
            }
            if !matches!(r.focus, Some(Target::Question(_))) {
                r.editing = false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;
    use crate::lesson::Lesson;
    use crate::lesson::load::must_load;
    use crate::theme::Theme;

    fn lesson(first_title: &str, extra: &str) -> Lesson {
        let mut src = String::from("format = 1\nid = \"l\"\ntitle = \"L\"\n");
        for (id, title) in [("a", first_title), ("b", "Second"), ("c", "Third")] {
            src.push_str(&format!(
                "\n[[section]]\nid = \"{id}\"\ntitle = \"{title}\"\n"
            ));
            for i in 0..40 {
                src.push_str(&format!(
                    "  [[section.block]]\n  kind = \"text\"\n  text = \"{title} paragraph {i}.\"\n"
                ));
            }
        }
        src.push_str(extra);
        must_load(&src, "l.toml")
    }

    fn app() -> App {
        let mut app = App::new(Theme::default());
        app.update(Msg::Resize(80, 24));
        app.open(lesson("First", ""));
        app
    }

    fn screen_of(app: &App, w: u16, h: u16) -> String {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        crate::ui::draw(app, area, &mut buf);
        crate::ui::buffer_text(&buf)
    }

    fn position(app: &App) -> (usize, usize, String) {
        let r = app.reading.as_ref().unwrap_or_else(|| panic!("reading"));
        (r.section, r.scroll, r.lesson.sections[0].title.clone())
    }

    #[test]
    fn a_reload_keeps_the_section_and_scroll() {
        let mut app = app();
        if let Some(r) = app.reading.as_mut() {
            r.section = 1;
            r.scroll = 30;
        }
        assert!(app.update(Msg::Reload(Reloaded(Ok(lesson("Renamed", "").into())))));
        assert_eq!(position(&app), (1, 30, "Renamed".to_string()));
        assert!(app.problems.is_empty());
    }

    #[test]
    fn the_section_is_followed_by_id_when_sections_move() {
        let mut app = app();
        if let Some(r) = app.reading.as_mut() {
            r.section = 1;
        }
        // A new first section pushes "b" to index 2.
        let mut moved = lesson("First", "");
        let new = moved.sections[0].clone();
        moved.sections.insert(
            0,
            crate::lesson::Section {
                id: "new".into(),
                ..new
            },
        );
        app.update(Msg::Reload(Reloaded(Ok(moved.into()))));
        let r = app.reading.as_ref().unwrap_or_else(|| panic!("reading"));
        assert_eq!(r.section, 2);
        assert_eq!(r.lesson.sections[r.section].id, "b");
    }

    #[test]
    fn errors_are_shown_over_the_last_good_version_and_cleared_when_fixed() {
        let mut app = app();
        if let Some(r) = app.reading.as_mut() {
            r.scroll = 12;
        }
        let error = Diagnostic {
            severity: crate::lesson::Severity::Error,
            file: "l.toml".into(),
            pos: crate::lesson::Pos { line: 7, col: 3 },
            message: "unknown key \"titel\"; did you mean \"title\"?".into(),
        };
        app.update(Msg::Reload(Reloaded(Err(vec![error.clone()]))));
        assert_eq!(app.problems, [error]);
        assert_eq!(position(&app), (0, 12, "First".to_string()));
        let screen = screen_of(&app, 80, 24);
        assert!(
            screen.contains("l.toml:7:3: error: unknown key"),
            "{screen}"
        );
        assert!(screen.contains("First paragraph"), "{screen}");

        app.update(Msg::Reload(Reloaded(Ok(lesson("Fixed", "").into()))));
        assert!(app.problems.is_empty());
        assert_eq!(position(&app), (0, 12, "Fixed".to_string()));
        let screen = screen_of(&app, 80, 24);
        assert!(!screen.contains("error:"), "{screen}");
    }

    #[test]
    fn a_shorter_lesson_clamps_the_scroll() {
        let mut app = app();
        if let Some(r) = app.reading.as_mut() {
            r.scroll = 60;
        }
        let mut short = lesson("First", "");
        short.sections[0].blocks.truncate(2);
        app.update(Msg::Reload(Reloaded(Ok(short.into()))));
        assert_eq!(position(&app).1, 0);
    }

    /// A section with one explorer: sliders named by `sliders`.
    fn with_explorer(sliders: &[&str]) -> Lesson {
        let mut src = String::from(
            "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n  [[section.block]]\n  kind = \"explore\"\n  x = [0, 1]\n  y = [0, 10]\n",
        );
        for name in sliders {
            src.push_str(&format!(
                "    [[section.block.slider]]\n    name = \"{name}\"\n    min = 0\n    max = 10\n    step = 1\n    start = 5\n"
            ));
        }
        src.push_str("    [[section.block.readout]]\n    label = \"sum\"\n    expr = \"a\"\n    precision = 0\n");
        must_load(&src, "l.toml")
    }

    #[test]
    fn a_reload_starts_changed_explorers_afresh() {
        let mut app = App::new(Theme::default());
        app.update(Msg::Resize(80, 24));
        app.open(with_explorer(&["a"]));
        let key = |c| Msg::Key(crossterm::event::KeyEvent::from(c));
        app.update(key(crossterm::event::KeyCode::Tab));
        app.update(key(crossterm::event::KeyCode::Right));
        assert!(screen_of(&app, 80, 24).contains("sum: 6"));
        // The explorer now has a second parameter: the old state (one value)
        // must not be used for it.
        let reloaded = with_explorer(&["a", "b"]);
        assert!(app.update(Msg::Reload(Reloaded(Ok(reloaded.into())))));
        let s = screen_of(&app, 80, 24);
        assert!(s.contains("sum: 5"), "{s}");
        assert!(s.contains('b'), "{s}");
    }
}
