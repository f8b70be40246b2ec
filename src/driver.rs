//! What every front end does around the app: carry out the [`Effect`]s
//! that [`App::update`] queues (open a lesson from the library, read and
//! record progress in the store) and hand the results back to the app.
//!
//! The app stays pure: it names what should happen, and only this module
//! touches the library's files and the progress store. A new store back end
//! implements [`crate::progress::ProgressStore`]; nothing here or in `app`
//! changes for it.

use std::collections::HashMap;

use crate::app::{App, Change, Effect, Keeping, entry_key, question_ids};
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
