//! What every front end does around the app, written once: the loop
//! ([`run`]: draw, wait for input, update, follow the app's wish for mouse
//! capture) and carrying out the [`Effect`]s that [`App::update`] queues
//! (open a lesson from the library, read and record progress in the store),
//! handing the results back to the app. A front end ([`Frontend`]) only
//! says what differs: where bytes come from and go, the size, and how it
//! reports the end.
//!
//! The app stays pure: it names what should happen, and only this module
//! touches the library's files and the progress store. A new store back end
//! implements [`crate::progress::ProgressStore`]; nothing here or in `app`
//! changes for it.

use std::collections::HashMap;

use crate::app::{App, Change, Effect, Keeping, Msg, entry_key, question_ids};
use crate::library::Library;
use crate::progress::{LessonRecord, ProgressError};

/// Carry out everything the app has asked for, until it asks for nothing
/// more (opening a lesson asks for its record, restoring it records the
/// position). Call after every [`App::update`] and before drawing.
pub fn settle(app: &mut App) {
    let (library, keeping) = app.resources();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            carry_out(app, &library, keeping.as_ref(), effect);
        }
    }
}

fn carry_out(app: &mut App, library: &Library, keeping: Option<&Keeping>, effect: Effect) {
    match effect {
        Effect::Open { key, from_catalog } => match library.find(&key) {
            Ok(lesson) => {
                app.open(lesson);
                if let Some(r) = app.reading.as_mut() {
                    r.from_catalog = from_catalog;
                }
            }
            Err(e) if from_catalog => app.open_failed(&e),
            // The only lesson opens by itself when it can; when it cannot,
            // the catalog shows it with its problem.
            Err(_) => {}
        },
        Effect::Load { lesson } => {
            let record = match keeping {
                Some(k) => k.store.lesson_record(&k.learner, &lesson),
                None => Ok(LessonRecord::default()),
            };
            app.restore(&lesson, record);
        }
        Effect::Survey => {
            if let Some(k) = keeping {
                let found = survey(app, library, k);
                app.show_progress(found);
            }
        }
        Effect::Save { lesson, change } => {
            let Some(k) = keeping else { return };
            if let Err(e) = save(k, &lesson, change) {
                app.progress_failed(&e);
            }
        }
    }
}

/// Each catalog lesson's progress, by lesson id (lessons that cannot be
/// read, or whose progress cannot, are left out).
fn survey(app: &App, library: &Library, k: &Keeping) -> HashMap<String, crate::progress::Summary> {
    let mut found = HashMap::new();
    for entry in app.catalog.iter().filter(|e| e.is_ok()) {
        let Ok(lesson) = library.find(&entry_key(entry)) else {
            continue;
        };
        let questions = question_ids(&lesson);
        let sections: Vec<&str> = lesson.sections.iter().map(|s| s.id.as_str()).collect();
        if let Ok(summary) = k
            .store
            .lesson_summary(&k.learner, &lesson.id, &questions, &sections)
        {
            found.insert(lesson.id.clone(), summary);
        }
    }
    found
}

fn save(k: &Keeping, lesson: &str, change: Change) -> Result<(), ProgressError> {
    let (store, learner) = (&k.store, &k.learner);
    match change {
        Change::Position { section, scroll } => {
            store.record_position(learner, lesson, &section, scroll)
        }
        Change::Check {
            question,
            input,
            outcome,
        } => store.record_check(learner, lesson, &question, &input, outcome),
        Change::Hint {
            question,
            hints_opened,
        } => store.record_hint(learner, lesson, &question, hints_opened),
    }
}

/// One front end's side of [`run`]: where messages come from, where frames
/// and mouse-capture switches go, and how it reports the end. The local
/// terminal, `watch` and every SSH session implement it; the loop itself is
/// written once, so what one front end does the others do too.
pub trait Frontend {
    type Backend: ratatui::backend::Backend<Error = std::io::Error>;
    /// Why the loop stopped, in this front end's terms.
    type End;
    /// The terminal frames are drawn into.
    fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend>;
    /// Switch mouse capture on or off.
    fn capture_mouse(&mut self, on: bool) -> Result<(), Self::End>;
    /// A frame could not be written.
    fn draw_failed(&mut self, err: std::io::Error) -> Self::End;
    /// Block until there is input and append it to `msgs`. Returns whether
    /// the screen must be drawn again whatever the app says (a resize that
    /// cleared the viewport), or why the session ends.
    fn wait(&mut self, msgs: &mut Vec<Msg>) -> Result<bool, Self::End>;
    /// The learner quit.
    fn quit(&mut self) -> Self::End;
    /// Look at the app after a batch of input was handled and its effects
    /// carried out (the SSH server logs a failed save here).
    fn observe(&mut self, _app: &App) {}
}

/// The loop every front end runs: follow the app's wish for mouse capture
/// (only while an explorer's points have focus, or after `m`, so selecting
/// text works everywhere else), draw when something changed, wait for
/// input, update and carry out the effects. Returns why it ended.
pub fn run<F: Frontend>(app: &mut App, front: &mut F) -> F::End {
    settle(app);
    let mut dirty = true;
    let mut mouse = false;
    let mut msgs = Vec::new();
    loop {
        if app.mouse_wanted() != mouse {
            mouse = !mouse;
            if let Err(end) = front.capture_mouse(mouse) {
                return end;
            }
        }
        if dirty && let Err(e) = front.terminal().draw(|frame| crate::ui::render(app, frame)) {
            return front.draw_failed(e);
        }
        if app.should_quit() {
            return front.quit();
        }
        dirty = match front.wait(&mut msgs) {
            Ok(force) => force,
            Err(end) => return end,
        };
        for msg in msgs.drain(..) {
            dirty |= app.update(msg);
            settle(app);
            if app.should_quit() {
                break;
            }
        }
        front.observe(app);
    }
}
