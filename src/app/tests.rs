//! Update logic, without a terminal: each path a learner can take.

use std::sync::{Arc, Mutex};

use super::fixture;
use super::harness::Harness;
use super::*;
use crate::layout::doc::Target;
use crate::progress::{ProgressError, QuestionRecord};
use crossterm::event::KeyCode;

fn reading(h: &Harness) -> &Reading {
    h.app.reading.as_ref().expect("a lesson is open")
}

fn state<'a>(h: &'a Harness, id: &str) -> &'a QuestionState {
    reading(h).quiz.get(id).expect("question has state")
}

/// To the quiz section, focus question 1 and start typing.
const TYPE_Q1: &str = "nn<Tab><Enter>";

#[test]
fn starts_at_the_first_section() {
    let mut h = Harness::lesson(fixture::sample());
    let s = h.screen();
    assert!(s.contains("What is a derivative"), "{s}");
    assert!(s.contains("1/3"), "{s}");
}

#[test]
fn sections_change_with_n_p_and_arrows_and_stop_at_the_ends() {
    let h = Harness::lesson(fixture::sample()).keys("n");
    assert_eq!(reading(&h).section, 1);
    let h = h.keys("<Right>n");
    assert_eq!(reading(&h).section, 2);
    // Past the last section is the end of the lesson (app/end.rs).
    assert_eq!(h.app.overlay, Some(Overlay::End { selected: 0 }));
    let h = h.keys("<Esc>p<Left><Left>");
    assert_eq!(reading(&h).section, 0);
}

#[test]
fn scrolling_is_clamped_to_the_document() {
    let h = Harness::lesson(fixture::derivatives()).keys("jjj");
    assert_eq!(reading(&h).scroll, 3);
    let h = h.keys("kkkkk");
    assert_eq!(reading(&h).scroll, 0);
    let h = h.keys("G");
    let r = reading(&h);
    assert_eq!(r.scroll, r.doc.rows.len() - h.app.body_height());
    let h = h.keys("g");
    assert_eq!(reading(&h).scroll, 0);
}

#[test]
fn tab_focuses_details_and_enter_opens_nested_ones() {
    let h = Harness::lesson(fixture::sample()).keys("<Tab>");
    // The footnote marker comes first in reading order.
    assert_eq!(reading(&h).focus, Some(Target::Footnote("grad".into(), 0)));
    let h = h.keys("<Tab>");
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![2])));
    let rows_closed = reading(&h).doc.rows.len();
    let h = h.keys("<Enter>");
    assert!(reading(&h).doc.rows.len() > rows_closed);
    let mut h = h.keys("<Tab><Space>");
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![2, 1])));
    let s = h.screen();
    assert!(s.contains("│ t (h) │ s(t) (km) │"), "{s}");
    // Closing the outer one hides the inner one; focus stays on the outer.
    let mut h = h.keys("<S-Tab><Enter>");
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![2])));
    assert!(!h.screen().contains("simplest"));
}

#[test]
fn footnote_opens_in_a_popup_and_esc_closes_it() {
    let h = Harness::lesson(fixture::sample()).keys("<Tab><Enter>");
    assert_eq!(h.app.overlay, Some(Overlay::Footnote(Some("grad".into()))));
    let h = h.keys("<Esc>");
    assert_eq!(h.app.overlay, None);
    let h = h.keys("<Esc>f");
    assert_eq!(h.app.overlay, Some(Overlay::Footnote(None)));
}

#[test]
fn toc_jumps_to_a_section() {
    let h = Harness::lesson(fixture::sample()).keys("t");
    assert_eq!(h.app.overlay, Some(Overlay::Toc { selected: 0 }));
    let h = h.keys("jj<Enter>");
    assert_eq!(h.app.overlay, None);
    assert_eq!(reading(&h).section, 2);
}

#[test]
fn letters_typed_into_an_answer_are_letters() {
    let h = Harness::lesson(fixture::sample()).keys("nn<Tab><Tab><Tab><Enter>qjnt?");
    let r = reading(&h);
    assert!(r.editing);
    assert_eq!(r.focus, Some(Target::Question("name".into())));
    assert_eq!(state(&h, "name").input.value(), "qjnt?");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.overlay, None);
}

#[test]
fn right_answer_is_solved_with_explanation() {
    let mut h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("12/2<Enter>");
    let st = state(&h, "slope-x2-at-3");
    assert_eq!(st.status, Status::Solved);
    assert_eq!(st.attempts, 1);
    assert!(!reading(&h).editing);
    let s = h.screen();
    assert!(s.contains("Right!"), "{s}");
    assert!(s.contains("solved 1 / attempted 1 / 3"), "{s}");
}

#[test]
fn wrong_answer_gives_targeted_feedback_and_keeps_input() {
    let mut h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("9<Enter>");
    let st = state(&h, "slope-x2-at-3");
    assert_eq!(st.status, Status::Open);
    assert_eq!(st.attempts, 1);
    assert_eq!(st.input.value(), "9");
    assert!(matches!(&st.last, Some(Checked::Wrong(Some(f))) if f.contains("not the slope")));
    assert!(reading(&h).editing);
    assert!(h.screen().contains("Not yet. That is the value"));
}

#[test]
fn wrong_answer_without_feedback_says_not_yet() {
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("7<Enter>");
    let st = state(&h, "slope-x2-at-3");
    assert_eq!(st.last, Some(Checked::Wrong(None)));
    assert_eq!(st.attempts, 1);
}

#[test]
fn unreadable_answer_costs_no_attempt() {
    let mut h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("3+<Enter>");
    let st = state(&h, "slope-x2-at-3");
    assert_eq!(st.attempts, 0);
    assert!(matches!(st.last, Some(Checked::Unreadable(_))));
    assert!(h.screen().contains("No attempt counted"));
}

#[test]
fn live_preview_shows_how_input_is_read() {
    let mut h = Harness::lesson(fixture::sample()).keys(TYPE_Q1).keys("2*3");
    let s = h.screen();
    assert!(s.contains("read as:"), "{s}");
    let mut h = h.keys("<BS><BS>x");
    assert!(h.screen().contains("can't read this at column 2"));
}

#[test]
fn hints_open_one_at_a_time_and_not_while_typing() {
    let h = Harness::lesson(fixture::sample()).keys("nn<Tab>h");
    assert_eq!(state(&h, "slope-x2-at-3").hints_opened, 1);
    let mut h = h.keys("hh");
    assert_eq!(state(&h, "slope-x2-at-3").hints_opened, 2);
    assert_eq!(h.app.status.as_deref(), Some("All hints are open."));
    let s = h.screen();
    assert!(
        s.contains("Hint 1 of 2:") && s.contains("Hint 2 of 2:"),
        "{s}"
    );
    // While typing, h is a letter.
    let h = Harness::lesson(fixture::sample()).keys(TYPE_Q1).keys("h");
    assert_eq!(state(&h, "slope-x2-at-3").hints_opened, 0);
}

#[test]
fn show_answer_needs_an_attempt_and_a_confirmation() {
    let h = Harness::lesson(fixture::sample()).keys("nn<Tab>a");
    assert_eq!(h.app.overlay, None);
    assert!(
        h.app
            .status
            .as_deref()
            .is_some_and(|s| s.contains("at least once"))
    );
    let h = h.keys("<Enter>7<Enter><Esc>a");
    assert_eq!(
        h.app.overlay,
        Some(Overlay::Confirm(Confirm::GiveUp("slope-x2-at-3".into())))
    );
    let h = h.keys("n");
    assert_eq!(state(&h, "slope-x2-at-3").status, Status::Open);
    let mut h = h.keys("ay");
    assert_eq!(state(&h, "slope-x2-at-3").status, Status::GivenUp);
    let s = h.screen();
    assert!(
        s.contains("given up") && s.contains("The right answer: 6"),
        "{s}"
    );
}

#[test]
fn a_given_up_answer_is_labelled_apart_and_laid_out_as_math() {
    let mut h = Harness::lesson(fixture::derivatives());
    let section = reading(&h)
        .lesson
        .sections
        .iter()
        .position(|s| s.id == "self-check")
        .expect("a self-check section");
    h.app.go_to_section(section);
    if let Some(r) = h.app.reading.as_mut() {
        r.focus = Some(Target::Question("power-neg3x3".into()));
    }
    let mut h = h.keys("<Enter>1<Enter><Esc>ay");
    assert_eq!(state(&h, "power-neg3x3").status, Status::GivenUp);
    let s = h.screen();
    // The question has parameters: the answer is its variant's, printed as
    // the live preview prints it (Unicode minus, raised power).
    let answer = match reading(&h).question("power-neg3x3").map(|q| &q.answer) {
        Some(Answer::Expression { text, .. }) => text.clone(),
        other => panic!("{other:?}"),
    };
    assert!(answer.starts_with('−') && answer.contains("·x"), "{answer}");
    assert!(s.contains(&format!("The right answer: {answer}")), "{s}");
    // "Answer:" labels the learner's own line only.
    assert!(s.contains("Answer: 1\n"), "{s}");
    assert!(!s.contains("Answer: −") && !s.contains("Answer: -"), "{s}");
}

#[test]
fn choice_questions_work_with_the_keyboard() {
    let h = Harness::lesson(fixture::sample()).keys("nn<Tab><Tab><Enter><Down><Space><Enter>");
    let st = state(&h, "sign");
    assert_eq!(st.chosen, vec![1]);
    assert_eq!(st.last, Some(Checked::Wrong(None)));
    let h = h.keys("<Up><Space><Enter>");
    assert_eq!(state(&h, "sign").status, Status::Solved);
    assert_eq!(state(&h, "sign").attempts, 2);
}

#[test]
fn enter_with_nothing_chosen_checks_nothing_and_says_how_to_choose() {
    let h = Harness::lesson(fixture::sample()).keys("nn<Tab><Tab><Enter><Enter>");
    let st = reading(&h).quiz.get("sign").cloned().unwrap_or_default();
    assert_eq!(st.attempts, 0);
    assert_eq!(st.last, None);
    let status = h.app.status.clone().unwrap_or_default();
    assert!(status.contains("Choose an option first"), "{status}");
    // A digit past the last option says so instead of doing nothing.
    let h = h.keys("9");
    let status = h.app.status.clone().unwrap_or_default();
    assert!(status.contains("There is no option 9"), "{status}");
    // The number picks it, and Enter checks what was picked.
    let h = h.keys("1<Down><Enter>");
    assert_eq!(state(&h, "sign").status, Status::Solved);
    assert_eq!(state(&h, "sign").attempts, 1);
}

#[test]
fn editing_after_a_verdict_clears_the_old_verdict() {
    let mut h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("9<Enter>");
    assert!(h.screen().contains("Not yet."));
    // Moving the cursor is not an edit: the verdict stays.
    let mut h = h.keys("<Left>");
    assert!(h.screen().contains("Not yet."));
    let mut h = h.keys("<Right><BS>3+");
    let s = h.screen();
    assert!(!s.contains("Not yet."), "{s}");
    assert!(s.contains("can't read this"), "{s}");
    let mut h = h.keys("<Enter>");
    assert!(h.screen().contains("No attempt counted"));
    let mut h = h.keys("4");
    let s = h.screen();
    assert!(!s.contains("No attempt counted"), "{s}");
    assert!(s.contains("read as:"), "{s}");
    // The attempts so far are still counted in the heading.
    assert_eq!(state(&h, "slope-x2-at-3").attempts, 1);
}

#[test]
fn text_questions_ignore_case_and_spaces() {
    let h =
        Harness::lesson(fixture::sample()).keys("nn<Tab><Tab><Tab><Enter> The Derivative <Enter>");
    assert_eq!(state(&h, "name").status, Status::Solved);
}

#[test]
fn paste_goes_into_the_answer() {
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .paste("1\n2/2");
    assert_eq!(state(&h, "slope-x2-at-3").input.value(), "12/2");
}

#[test]
fn quit_asks_only_when_typed_input_would_be_lost() {
    let h = Harness::lesson(fixture::sample()).keys("q");
    assert!(h.app.should_quit());
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("5<Esc>q");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.overlay, Some(Overlay::Confirm(Confirm::Quit)));
    let h = h.keys("y");
    assert!(h.app.should_quit());
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("5<C-c>");
    assert!(h.app.should_quit());
}

#[test]
fn toc_marks_sections_whose_quiz_is_complete() {
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("6<Enter>");
    assert!(!reading(&h).section_complete(2));
    let h = h.keys("<Tab><Enter><Space><Enter><Tab><Enter>derivative<Enter>");
    assert!(reading(&h).section_complete(2));
    let s = h.keys("t").screen();
    assert!(s.contains("3. Self-check ✓"), "{s}");
}

#[test]
fn resize_relayouts_and_keeps_focus() {
    let h = Harness::lesson(fixture::sample()).keys("<Tab><Tab><Enter>");
    let narrow = reading(&h).doc.rows.len();
    let h = h.resize(160, 50);
    assert_eq!(reading(&h).doc.width, App::text_width(160));
    assert!(reading(&h).doc.rows.len() <= narrow);
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![2])));
}

#[test]
fn catalog_opens_a_lesson_and_b_goes_back() {
    let lib = crate::library::Library::builtin();
    // The series in order: Limits, then Derivatives.
    let h = Harness::catalog(lib).keys("j<Enter>");
    assert_eq!(reading(&h).lesson.header.id, "derivatives");
    assert!(reading(&h).from_catalog);
    let h = h.keys("b");
    assert!(h.app.reading.is_none());
    let h = h.keys("<Enter><Esc>");
    assert!(h.app.reading.is_none(), "Esc without focus goes back");
}

#[derive(Default, Clone)]
struct Log(Arc<Mutex<Vec<String>>>);

/// A progress store in memory that logs every write and answers every read
/// with `record` (or its error); hints fail, to show how a failed write
/// reaches the learner.
struct Fake {
    log: Log,
    record: Result<LessonRecord, String>,
}

impl ProgressStore for Fake {
    fn lesson_record(&self, _: &Learner, _: &str) -> Result<LessonRecord, ProgressError> {
        self.record.clone().map_err(ProgressError)
    }
    fn lesson_summary(
        &self,
        _: &Learner,
        lesson: &str,
        _: &[&str],
        _: &[&str],
    ) -> Result<Summary, ProgressError> {
        self.log.push(format!("summary {lesson}"));
        Ok(Summary::default())
    }
    fn record_position(
        &self,
        _: &Learner,
        _: &str,
        section: &str,
        scroll: u32,
    ) -> Result<(), ProgressError> {
        self.log.push(format!("position {section} {scroll}"));
        Ok(())
    }
    fn record_read(&self, _: &Learner, _: &str, section: &str) -> Result<(), ProgressError> {
        self.log.push(format!("read {section}"));
        Ok(())
    }
    fn record_check(
        &self,
        _: &Learner,
        _: &str,
        q: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        self.log.push(format!("check {q} {input:?} {outcome:?}"));
        Ok(())
    }
    fn record_hint(&self, _: &Learner, _: &str, q: &str, n: u32) -> Result<(), ProgressError> {
        self.log.push(format!("hint {q} {n}"));
        Err(ProgressError("disk full".into()))
    }
    fn record_try(
        &self,
        _: &Learner,
        _: &str,
        q: &str,
        try_no: u32,
        variant: &str,
    ) -> Result<(), ProgressError> {
        self.log.push(format!("try {q} {try_no} {variant:?}"));
        Ok(())
    }
    fn reset(&self, _: &Learner, _: &str, _: Option<&str>) -> Result<usize, ProgressError> {
        Ok(0)
    }
    fn rows(
        &self,
        _: Option<&Learner>,
    ) -> Result<Vec<crate::progress::QuestionRow>, ProgressError> {
        Ok(Vec::new())
    }
}

impl Log {
    fn push(&self, s: String) {
        if let Ok(mut v) = self.0.lock() {
            v.push(s);
        }
    }
    fn lines(&self) -> Vec<String> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

/// The sample lesson open at 80x24, its progress kept in `store`.
fn kept_in(store: impl ProgressStore + 'static) -> Harness {
    let mut app = App::new(Theme::default()).with_store(store, Learner::new("ada", "Ada"));
    app.update(Msg::Resize(80, 24));
    app.open(fixture::sample());
    crate::driver::settle(&mut app);
    // As the driver does once the first frame is out.
    app.save_pending();
    crate::driver::settle(&mut app);
    Harness { app }
}

/// When the learner's record cannot be read (a database swamped by a
/// class logging in again at once), the lesson opens at its top with a
/// notice, and that top is not written over the place the store keeps:
/// not after the first frame, not on quitting there. Once the learner
/// moves, where they are is kept as usual.
#[test]
fn a_record_that_cannot_be_read_is_not_overwritten_by_the_top_of_the_lesson() {
    let log = Log::default();
    let h = kept_in(Fake {
        log: log.clone(),
        record: Err("cannot reach the database".into()),
    });
    assert!(
        h.app
            .status
            .as_deref()
            .is_some_and(|s| s.contains("progress not loaded")),
        "{:?}",
        h.app.status
    );
    assert_eq!(reading(&h).section, 0);
    let mut h = h.keys("j");
    let mut app = h.app;
    app.leave_quietly();
    crate::driver::settle(&mut app);
    // A section seen to its end is still counted read: that only adds.
    let positions = || -> Vec<String> {
        log.lines()
            .into_iter()
            .filter(|l| l.starts_with("position"))
            .collect()
    };
    assert_eq!(
        positions(),
        Vec::<String>::new(),
        "nothing written at the top"
    );
    h = Harness { app };
    h.app.quit = false;
    let _h = h.keys("n");
    assert_eq!(positions(), ["position rules 0"]);
}

#[test]
fn every_check_hint_and_section_change_is_recorded() {
    let log = Log::default();
    let h = kept_in(Fake {
        log: log.clone(),
        record: Ok(LessonRecord::default()),
    });
    let h = h.keys(TYPE_Q1).keys("3+<Enter><BS>1<Enter><Esc>h");
    assert_eq!(
        log.lines(),
        [
            "position definition 0",
            "read definition",
            "position rules 0",
            "read rules",
            "position check 0",
            "read check",
            "check slope-x2-at-3 \"31\" Wrong",
            "hint slope-x2-at-3 1",
        ]
    );
    assert_eq!(
        h.app.status.as_deref(),
        Some("progress not saved: progress store: disk full")
    );
}

#[test]
fn update_names_what_to_record_and_records_nothing_itself() {
    // No store and no driver: the effects are the whole answer.
    let mut app = App::new(Theme::default());
    app.update(Msg::Resize(80, 24));
    app.open(fixture::sample());
    let lesson = app.reading.as_ref().map(|r| r.lesson.header.id.clone());
    let lesson = lesson.expect("open");
    assert_eq!(
        app.take_effects(),
        [Effect::Load {
            lesson: lesson.clone()
        }]
    );
    app.restore(&lesson, Ok(LessonRecord::default()));
    assert!(
        app.take_effects().is_empty(),
        "the opening position waits for a frame"
    );
    assert!(app.save_pending());
    for k in super::harness::parse_keys(&format!("{TYPE_Q1}3+<Enter><BS>1<Enter><Esc>")) {
        app.update(Msg::Key(k));
    }
    let save = |change| Effect::Save {
        lesson: lesson.clone(),
        change,
    };
    let position = |section: &str| {
        save(Change::Position {
            section: section.into(),
            scroll: 0,
        })
    };
    // Each section of the sample fits on the screen: its end is seen as
    // soon as it opens.
    let read = |section: &str| {
        save(Change::Read {
            section: section.into(),
        })
    };
    assert_eq!(
        app.take_effects(),
        [
            position("definition"),
            read("definition"),
            position("rules"),
            read("rules"),
            position("check"),
            read("check"),
            save(Change::Check {
                question: "slope-x2-at-3".into(),
                input: "31".into(),
                outcome: Outcome::Wrong,
            }),
        ]
    );
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('h'))));
    assert_eq!(
        app.take_effects(),
        [save(Change::Hint {
            question: "slope-x2-at-3".into(),
            hints_opened: 1,
        })]
    );
    assert!(app.take_effects().is_empty(), "taken once");
}

#[test]
fn the_catalog_asks_for_a_lesson_and_the_driver_opens_it() {
    let mut app = App::new(Theme::default()).with_library(crate::library::Library::builtin());
    app.update(Msg::Resize(80, 24));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('j'))));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(app.reading.is_none(), "update opens no file");
    assert_eq!(
        app.take_effects(),
        [Effect::Open {
            key: "derivatives".into(),
            from_catalog: true,
        }]
    );
    app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    crate::driver::settle(&mut app);
    let r = app.reading.as_ref().expect("opened by the driver");
    assert_eq!(
        (r.lesson.header.id.as_str(), r.from_catalog),
        ("derivatives", true)
    );
}

/// The built-in library with progress kept in a fake store that logs to
/// `log`, for learner "ada".
fn builtin_with_fake(log: &Log) -> App {
    App::new(Theme::default())
        .with_library(crate::library::Library::builtin())
        .with_store(
            Fake {
                log: log.clone(),
                record: Ok(LessonRecord::default()),
            },
            Learner::new("ada", "Ada"),
        )
}

#[test]
fn a_store_is_surveyed_for_the_catalog_once() {
    let log = Log::default();
    let mut app = builtin_with_fake(&log);
    assert_eq!(app.take_effects(), [Effect::Survey]);
    // No lesson named: the store is asked which lesson was read last (the
    // fake knows none), not surveyed: that would open every lesson.
    let mut app = builtin_with_fake(&log);
    app.open_start_lesson();
    crate::driver::settle(&mut app);
    assert!(app.take_effects().is_empty());
    let r = app.reading.as_ref().expect("opened at once");
    assert_eq!(
        (r.lesson.header.id.as_str(), r.from_catalog),
        ("derivatives", true)
    );
    assert!(log.lines().is_empty(), "{:?}", log.lines());
    assert!(app.save_pending());
    crate::driver::settle(&mut app);
    assert!(!app.save_pending(), "written once");
    assert_eq!(log.lines(), ["position definition 0"]);
    // The catalog, with no lesson opened, is surveyed.
    let mut app = builtin_with_fake(&log);
    crate::driver::settle(&mut app);
    assert!(log.lines().contains(&"summary derivatives".to_string()));
    assert!(app.catalog_progress.is_some());
}

/// A lesson opened at start (by path, or the only one) never shows the
/// catalog, so the catalog's lessons are not opened to count its progress.
#[test]
fn a_lesson_opened_at_start_is_not_surveyed_for() {
    let log = Log::default();
    let mut app = builtin_with_fake(&log);
    app.open(fixture::sample());
    crate::driver::settle(&mut app);
    app.update(Msg::Resize(80, 24));
    crate::driver::settle(&mut app);
    assert!(
        !log.lines().iter().any(|l| l.starts_with("summary")),
        "{:?}",
        log.lines()
    );
    assert!(app.catalog_progress.is_none());
}

/// A lesson opened before the terminal's size is known is not laid out
/// (a one-column layout would be thrown away), and its restored scroll
/// survives until the first resize lays it out.
#[test]
fn nothing_is_laid_out_before_the_size_is_known() {
    let mut app = App::new(Theme::default());
    app.open(fixture::sample());
    let lesson = app.reading.as_ref().map(|r| r.lesson.header.id.clone());
    let lesson = lesson.expect("open");
    let record = LessonRecord {
        section: Some("definition".into()),
        scroll: 3,
        ..LessonRecord::default()
    };
    app.restore(&lesson, Ok(record));
    let laid = |app: &App| app.reading.as_ref().map(|r| (r.doc.rows.len(), r.scroll));
    assert_eq!(laid(&app), Some((0, 3)), "no rows, the scroll kept");
    app.update(Msg::Resize(80, 10));
    let (rows, scroll) = laid(&app).unwrap_or_default();
    assert!(rows > 10, "laid out at the first resize");
    assert_eq!(scroll, 3);
}

#[test]
fn progress_is_restored_when_a_lesson_opens() {
    let mut record = LessonRecord {
        section: Some("check".into()),
        ..LessonRecord::default()
    };
    record.questions.insert(
        "slope-x2-at-3".into(),
        QuestionRecord {
            status: Status::Solved,
            attempts: 2,
            hints_opened: 1,
            last_input: Some("6".into()),
            ..QuestionRecord::default()
        },
    );
    record.questions.insert(
        "sign".into(),
        QuestionRecord {
            attempts: 1,
            last_input: Some("1".into()),
            ..QuestionRecord::default()
        },
    );
    let mut h = kept_in(Fake {
        log: Log::default(),
        record: Ok(record),
    });
    assert_eq!(reading(&h).section, 2);
    assert_eq!(state(&h, "slope-x2-at-3").status, Status::Solved);
    assert_eq!(state(&h, "slope-x2-at-3").hints_opened, 1);
    assert_eq!(state(&h, "sign").chosen, vec![1]);
    assert!(h.screen().contains("solved 1 / attempted 2 / 3"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any keys at any size: no panic, and the screen is always drawn.
    #[test]
    fn any_keys_at_any_size_never_panic(
        keys in proptest::collection::vec(
            proptest::sample::select(vec![
                "j", "k", "n", "p", "t", "f", "h", "a", "y", "q", "?", "x", "1", "9", "b",
                "<Tab>", "<S-Tab>", "<Enter>", "<Esc>", "<Space>", "<Up>", "<Down>",
                "<Left>", "<Right>", "<PgDn>", "<PgUp>", "<Home>", "<End>", "<BS>",
            ]),
            0..40,
        ),
        w in 0u16..140,
        h in 0u16..50,
    ) {
        let mut harness = Harness::lesson(fixture::sample());
        for k in keys {
            harness = harness.keys(k);
            let s = harness.render(w, h);
            proptest::prop_assert_eq!(s.lines().count(), usize::from(h));
        }
    }
}

#[test]
fn the_app_can_move_to_another_thread() {
    // The SSH front end runs one App per session on its own thread.
    fn assert_send<T: Send>() {}
    assert_send::<App>();
}

#[test]
fn enter_on_an_empty_answer_checks_nothing() {
    let h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("  <Enter>");
    assert_eq!(h.app.status.as_deref(), Some("Type an answer first."));
    let st = state(&h, "slope-x2-at-3");
    assert_eq!((st.attempts, st.last.clone()), (0, None));
}

#[test]
fn charts_are_sampled_once_per_width() {
    let h = Harness::lesson(fixture::derivatives()).keys("n");
    let r = reading(&h);
    assert!(!r.doc.charts.is_empty(), "section 2 has a chart");
    let n = r.charts.len();
    let h = h.keys("jk").resize(80, 30);
    assert_eq!(
        reading(&h).charts.len(),
        n,
        "same width: nothing new sampled"
    );
    let h = h.resize(120, 40);
    let widths: Vec<u16> = reading(&h).charts.keys().map(|k| k.2).collect();
    assert!(!widths.is_empty());
    assert!(!widths.contains(&App::text_width(80)));
}

#[test]
fn help_scrolls_and_closes() {
    let h = Harness::lesson(fixture::sample()).keys("?jjk");
    assert_eq!(h.app.overlay, Some(Overlay::Help { scroll: 1 }));
    let h = h.keys("?");
    assert_eq!(h.app.overlay, None);
}

#[test]
fn going_back_with_an_unchecked_answer_asks_first() {
    let lib = crate::library::Library::with_dir(std::path::Path::new("tests/lessons/app"))
        .expect("fixture folder");
    let h = Harness::catalog(lib).keys("jj<Enter>");
    assert_eq!(reading(&h).lesson.header.id, "sample");
    let h = h.keys(TYPE_Q1).keys("5<Esc>b");
    assert_eq!(h.app.overlay, Some(Overlay::Confirm(Confirm::Back)));
    let h = h.keys("<Esc>");
    assert!(h.app.reading.is_some());
    let h = h.keys("by");
    assert!(h.app.reading.is_none());
    assert!(!h.app.should_quit());
}

/// An app at 80x24 with progress kept in `store` for one learner.
fn with_store(store: &crate::progress::Store) -> App {
    let learner = crate::progress::Learner::new("ada", "Ada");
    let mut app = App::new(Theme::default())
        .with_library(crate::library::Library::builtin())
        .with_store(store.clone(), learner);
    app.update(Msg::Resize(80, 24));
    crate::driver::settle(&mut app);
    app
}

fn memory_store() -> crate::progress::Store {
    crate::progress::Store::open_in_memory().expect("an in-memory store")
}

#[test]
fn reopening_keeps_solved_questions_hints_and_the_place() {
    let store = memory_store();
    let mut first = Harness {
        app: with_store(&store),
    };
    first.app.open(fixture::sample());
    crate::driver::settle(&mut first.app);
    let first = first
        .keys(TYPE_Q1)
        .keys("9<Enter><BS>6<Enter><Tab><Tab>h<C-c>");
    assert_eq!(state(&first, "name").hints_opened, 1);
    assert!(first.app.should_quit());

    let mut again = Harness {
        app: with_store(&store),
    };
    again.app.open(fixture::sample());
    crate::driver::settle(&mut again.app);
    assert_eq!(reading(&again).section, 2, "reopens at the self-check");
    let q1 = state(&again, "slope-x2-at-3");
    assert_eq!(q1.status, Status::Solved);
    assert_eq!(q1.attempts, 2);
    assert_eq!(q1.input.value(), "6", "the learner's right answer");
    assert_eq!(state(&again, "name").hints_opened, 1);
    let s = again.screen();
    assert!(s.contains("Answer: 6"), "{s}");
    assert!(s.contains("✓ solved"), "{s}");
    assert!(s.contains("solved 1 / attempted 1 / 3 questions"), "{s}");
}

#[test]
fn toc_marks_the_sections_read_in_this_and_earlier_sessions() {
    let store = memory_store();
    let mut first = Harness {
        app: with_store(&store),
    };
    first.app.open(fixture::sample());
    crate::driver::settle(&mut first.app);
    let _ = first.keys("n<C-c>");
    let mut again = Harness {
        app: with_store(&store),
    };
    again.app.open(fixture::sample());
    crate::driver::settle(&mut again.app);
    let s = again.keys("t").screen();
    assert!(s.contains("1. What is a derivative (read)"), "{s}");
    assert!(s.contains("* 2. Rules (read)"), "{s}");
    let third = s
        .lines()
        .find(|l| l.contains("3. Self-check"))
        .unwrap_or("");
    assert!(!third.contains("(read)"), "not read yet: {s}");
}

#[test]
fn catalog_shows_progress_and_updates_it_on_return() {
    let store = memory_store();
    let learner = crate::progress::Learner::new("ada", "Ada");
    let mut rec = store.recorder(&learner, "derivatives");
    rec.position("definition", 0).expect("recorded");
    let mut h = Harness {
        app: with_store(&store),
    };
    let total = {
        let lesson = fixture::derivatives();
        (lesson.sections.len(), question_ids(&lesson).len())
    };
    let s = h.screen();
    assert!(
        s.contains(&format!(
            "read 1 of {} sections · solved 0 of {} questions",
            total.0, total.1
        )),
        "{s}"
    );
    // Section 2 is read once its end has been on screen.
    let h = h.keys("j<Enter>n");
    assert_eq!(reading(&h).sections_read.len(), 1);
    let h = h.keys("G");
    let read_now = reading(&h).sections_read.len();
    let s = h.keys("b").screen();
    assert!(
        s.contains(&format!("read {read_now} of {} sections", total.0)),
        "{s}"
    );
    assert!(read_now >= 2, "{read_now}");
}

#[test]
fn no_lesson_named_resumes_the_one_read_last() {
    let store = memory_store();
    let learner = crate::progress::Learner::new("ada", "Ada");
    let open = |store: &crate::progress::Store| {
        let mut app = App::new(Theme::default())
            .with_library(crate::library::Library::builtin())
            .with_store(store.clone(), learner.clone());
        app.open_start_lesson();
        crate::driver::settle(&mut app);
        app.reading
            .map(|r| (r.lesson.header.id.clone(), r.from_catalog))
    };
    assert_eq!(open(&store), Some(("derivatives".into(), true)));
    store
        .recorder(&learner, "limits")
        .position("idea", 0)
        .expect("recorded");
    assert_eq!(open(&store), Some(("limits".into(), true)));
}

#[test]
fn the_end_screen_opens_the_next_lesson_of_the_series() {
    let h = Harness {
        app: with_store(&memory_store()),
    };
    // Limits (part 1): its end offers Derivatives (part 2).
    let mut h = h.keys("<Enter>");
    let last = reading(&h).lesson.sections.len() - 1;
    h.app.go_to_section(last);
    let mut h = h.keys("n");
    let s = h.screen();
    assert!(s.contains("Next lesson       2. Derivatives"), "{s}");
    let h = h.keys("N");
    let r = reading(&h);
    assert_eq!(
        (r.lesson.header.id.as_str(), r.from_catalog),
        ("derivatives", true)
    );
    assert_eq!(h.app.overlay, None);
    // Esc goes back to the catalog, on the lesson just left.
    let h = h.keys("<Esc>");
    assert!(h.app.reading.is_none());
    assert_eq!(
        h.app.catalog[h.app.catalog_selected].header.id,
        "derivatives"
    );
    // Limits is not done (only its last section was read): its mark says so.
    let mut h = h;
    let s = h.screen();
    assert!(s.contains("requires: ○ Limits"), "{s}");
    if let Some(p) = h.app.catalog_progress.as_mut() {
        let all = crate::progress::Summary {
            sections_read: 2,
            sections_total: 2,
            ..Default::default()
        };
        p.insert("limits".into(), all);
    }
    let s = h.screen();
    assert!(s.contains("requires: ✓ Limits"), "{s}");
}

#[test]
fn catalog_says_not_started_and_nothing_without_a_store() {
    let mut h = Harness {
        app: with_store(&memory_store()),
    };
    assert!(h.screen().contains("not started"));
    let mut h = Harness::catalog(crate::library::Library::builtin());
    let s = h.screen();
    assert!(!s.contains("not started") && !s.contains("sections"), "{s}");
}

#[test]
fn a_notice_stays_until_the_learner_closes_it() {
    let mut h = Harness::lesson(fixture::sample());
    h.app
        .notice("Progress will not be saved", "cannot write /x (read-only)");
    let s = h.screen();
    assert!(s.contains("Progress will not be saved"), "{s}");
    assert!(s.contains("cannot write /x (read-only)"), "{s}");
    let mut h = h.keys("j");
    assert!(
        h.screen().contains("cannot write /x"),
        "other keys leave it open"
    );
    let mut h = h.keys("<Enter>");
    assert!(!h.screen().contains("cannot write /x"));
    assert_eq!(h.app.overlay, None);
}

#[test]
fn opening_details_at_the_bottom_scrolls_its_text_into_view() {
    // "Simple explanation" is the last line of the first section at 80x24.
    let mut h = Harness::lesson(fixture::derivatives()).keys("G");
    let s = h.screen();
    assert!(s.contains("▸ Simple explanation"), "{s}");
    let h = h.keys("<Tab>");
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![3])));
    let mut h = h.keys("<Enter>");
    let s = h.screen();
    assert!(s.contains("▾ Simple explanation"), "the title stays: {s}");
    let r = reading(&h);
    let item = &r.doc.items[r.doc.find(&Target::Details(vec![3])).expect("laid out")];
    // Its first lines are on screen, not only its title.
    let shown_below_title = (r.scroll + h.app.body_height()).min(item.rows.end) - item.rows.start;
    assert!(shown_below_title >= 5, "{shown_below_title} rows\n{s}");
}

#[test]
fn help_scrolls_to_its_last_line_and_no_further() {
    let last = keymap::HELP.last().expect("help has rows").does;
    let mut h = Harness::lesson(fixture::sample()).keys(&format!("?{}", "j".repeat(80)));
    let max = help_max_scroll(24);
    assert_eq!(h.app.overlay, Some(Overlay::Help { scroll: max }));
    let s = h.screen();
    assert!(s.contains(last), "the last line is shown: {s}");
    // One k scrolls back at once (no invisible overscroll to undo).
    let h = h.keys("k");
    assert_eq!(h.app.overlay, Some(Overlay::Help { scroll: max - 1 }));
}

#[test]
fn footnote_and_confirm_windows_keep_text_off_their_frames() {
    let mut h = Harness::lesson(fixture::sample()).keys("<Tab><Enter>");
    let s = h.screen();
    assert!(s.contains("│ [1] ∇L is the gradient"), "{s}");
    let mut h = Harness::lesson(fixture::sample())
        .keys(TYPE_Q1)
        .keys("5<Esc>q");
    let s = h.screen();
    let prompt = s
        .lines()
        .find(|l| l.contains("Quit?"))
        .expect("the confirm window");
    assert!(prompt.contains("│ Quit?"), "{s}");
}

#[test]
fn a_section_is_read_when_its_end_has_been_on_screen() {
    let h = Harness::lesson(fixture::derivatives());
    let first = reading(&h).lesson.sections[0].id.clone();
    // Opened, and a few lines down: not read yet (the section is longer).
    let h = h.keys("jjj");
    assert!(!reading(&h).sections_read.contains(&first));
    let mut h = h.keys("t");
    assert!(!h.screen().contains("(read)"));
    // Its end on screen: read, and said so once to the store.
    let h = h.keys("<Esc>G");
    assert!(reading(&h).sections_read.contains(&first));
    let mut h = h.keys("t");
    let s = h.screen();
    assert!(s.contains("1. What is a derivative (read)"), "{s}");
    let mut app = h.app;
    let reads = app
        .take_effects()
        .into_iter()
        .filter(|e| {
            matches!(
                e,
                Effect::Save {
                    change: Change::Read { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(reads, 0, "the harness settled it already");
    app.update(Msg::Key(KeyEvent::from(KeyCode::Esc)));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('k'))));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('j'))));
    assert!(
        !app.take_effects().iter().any(|e| matches!(
            e,
            Effect::Save {
                change: Change::Read { .. },
                ..
            }
        )),
        "read once"
    );
}

#[test]
fn a_click_opens_an_explanation_and_chooses_an_option() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let click = |h: &mut Harness, doc_row: usize| {
        let scroll = reading(h).scroll;
        let row = u16::try_from(doc_row - scroll).expect("on screen")
            + crate::layout::ScreenGeometry::BODY_TOP;
        h.app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    };
    let mut h = Harness::lesson(fixture::sample());
    let details = {
        let r = reading(&h);
        r.doc.items[r.doc.find(&Target::Details(vec![2])).expect("laid out")]
            .mark
            .0
    };
    let closed = reading(&h).doc.rows.len();
    click(&mut h, details);
    assert!(reading(&h).doc.rows.len() > closed, "opened");
    assert_eq!(reading(&h).focus, Some(Target::Details(vec![2])));
    let mut h = h.keys("nn");
    let second = reading(&h)
        .doc
        .choice_rows
        .iter()
        .find(|c| c.0 == "sign" && c.1 == 1)
        .map(|c| c.2)
        .expect("option 2 of sign");
    click(&mut h, second);
    assert_eq!(state(&h, "sign").chosen, vec![1]);
    assert!(reading(&h).editing);
    let h = h.keys("<Enter>");
    assert_eq!(state(&h, "sign").attempts, 1);
}

/// The section as a full layout would give it now, with no block cache.
fn fresh_doc(app: &App) -> Option<Doc> {
    let r = app.reading.as_ref()?;
    let editing = if r.editing {
        r.focused_question()
    } else {
        None
    };
    let view = doc::View {
        theme: app.theme,
        lesson: &r.lesson,
        varied: &r.varied,
        section: r.section,
        toggled: &r.toggled,
        quiz: &r.quiz,
        editing: editing.as_deref(),
        explore: &r.explore,
        focus: r.focus.as_ref(),
        mode: doc::Mode::Screen,
    };
    let width = App::text_width(app.size.0);
    Some(doc::build(
        view,
        width,
        &mut doc::ChartCache::new(),
        &mut doc::ExploreCache::new(),
    ))
}

/// Typing a character into an answer lays out the one block holding the
/// question; every other block is copied from the cache.
#[test]
fn a_key_typed_into_an_answer_lays_out_only_its_block() {
    let mut lesson = fixture::sample();
    // Prose around the quiz, so there are other blocks to leave alone.
    let text = |t: &str| Block {
        pos: crate::lesson::Pos { line: 1, col: 1 },
        kind: BlockKind::Text { text: t.into() },
    };
    for s in &mut lesson.sections {
        s.blocks.insert(0, text("Before the quiz."));
        s.blocks.push(text("After the quiz."));
    }
    let mut h = Harness::lesson(lesson).keys(TYPE_Q1);
    assert!(h.app.reading.as_ref().is_some_and(|r| r.editing));
    if let Some(r) = h.app.reading.as_mut() {
        r.blocks.take_misses();
        r.blocks.take_patches();
    }
    h = h.keys("7");
    let misses = h.app.reading.as_mut().map(|r| r.blocks.take_misses());
    assert_eq!(misses, Some(1));
    // Put in place of its old rows: the section is not built again.
    let patches = h.app.reading.as_mut().map(|r| r.blocks.take_patches());
    assert_eq!(patches, Some(1));
}

/// Checking an answer, or typing into it, lays out that one question of
/// its quiz; the other questions are copied (issue 20: laying out all 18
/// of Derivatives' self-check was most of a check's work on a served
/// class). Moving the focus between questions lays out none.
#[test]
fn a_check_lays_out_only_the_question_checked() {
    let lesson = fixture::derivatives();
    let quiz = lesson
        .sections
        .iter()
        .position(|s| {
            s.blocks
                .iter()
                .any(|b| matches!(&b.kind, BlockKind::Quiz(q) if q.questions.len() > 10))
        })
        .expect("Derivatives has a self-check of more than 10 questions");
    let mut h = Harness::lesson(lesson).keys(&"n".repeat(quiz));
    assert_eq!(reading(&h).section, quiz);
    // To the second question: the first one may be focused on arrival.
    for _ in 0..2 {
        h = h.keys("<Tab>");
        for _ in 0..50 {
            if matches!(reading(&h).focus, Some(doc::Target::Question(_))) {
                break;
            }
            h = h.keys("<Tab>");
        }
    }
    let misses = |h: &mut Harness| {
        h.app
            .reading
            .as_mut()
            .map(|r| r.blocks.take_question_misses())
    };
    misses(&mut h);
    h = h.keys("<Tab>");
    assert_eq!(misses(&mut h), Some(0), "moving the focus");
    h = h.keys("<Enter>");
    assert!(reading(&h).editing);
    assert_eq!(misses(&mut h), Some(1), "starting to answer");
    h = h.keys("5");
    assert_eq!(misses(&mut h), Some(1), "a key typed");
    h = h.keys("<Enter>");
    assert_eq!(misses(&mut h), Some(1), "a check");
    assert!(
        reading(&h).quiz.values().any(|st| st.attempts == 1),
        "the answer was checked"
    );
    let cached = &reading(&h).doc;
    let fresh = fresh_doc(&h.app).expect("a lesson is open");
    assert_eq!(cached.rows, fresh.rows);
    assert_eq!(cached.items, fresh.items);
    assert_eq!(cached.cursor, fresh.cursor);
}

/// Whatever is done, the cached layout is the full layout: rows, focus
/// targets, the cursor and the charts.
#[test]
fn the_block_cache_gives_what_a_full_layout_gives() {
    let scripts = [
        (
            fixture::sample(),
            "nn<Tab><Enter>3+<BS>6<Enter><Esc>h<Tab><Tab><Enter><Down> <Enter><Esc>p<Tab><Enter><Tab><Enter>jjGnn<Tab><Tab><Tab><Enter>ab<Left>c",
        ),
        (
            fixture::derivatives(),
            "<Tab><Tab><Enter><Tab><Right><Right>0<Tab><Left>n<Tab><Enter>1<Enter><Esc>nnnn<Tab><Tab><Enter><Esc>nnnnn<Tab><Tab><Right><Tab><Up><Tab><Tab><Left>0<Esc>",
        ),
    ];
    // A details block above the quiz: opening and closing it moves the
    // quiz's cached rows, items and choice rows down and up again.
    let mut moved = fixture::sample();
    let details = moved.sections[0]
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Details { .. }))
        .cloned();
    if let Some(d) = details {
        moved.sections[2].blocks.insert(0, d);
    }
    let moved_script =
        "nn<Tab><Enter><Tab><Enter>6<Enter><Esc><Tab><Tab><Tab><Tab><Enter><Esc><Tab><Enter>";
    // Blocks after the quiz holding rows, charts, focus targets, links and
    // sliders: a key that adds or removes a row of the quiz (the "read as"
    // line) moves them all, in place.
    let mut followed = fixture::sample();
    let derivatives = fixture::derivatives();
    let all =
        |l: &Lesson| -> Vec<Block> { l.sections.iter().flat_map(|s| s.blocks.clone()).collect() };
    let pick =
        |blocks: &[Block], f: fn(&BlockKind) -> bool| blocks.iter().find(|b| f(&b.kind)).cloned();
    let (theirs, ours) = (all(&derivatives), all(&followed));
    let after = [
        pick(&theirs, |k| matches!(k, BlockKind::Chart(_))),
        pick(&theirs, |k| matches!(k, BlockKind::Explore(_))),
        pick(&ours, |k| matches!(k, BlockKind::Details { .. })),
        pick(
            &ours,
            |k| matches!(k, BlockKind::Text { text } if text.contains("[^")),
        ),
        Some(Block {
            pos: crate::lesson::Pos { line: 1, col: 1 },
            kind: BlockKind::Text {
                text: "See [the notes](https://example.org/notes).[^grad]".into(),
            },
        }),
    ];
    assert!(
        after.iter().all(Option::is_some),
        "fixtures changed: {after:?}"
    );
    followed.sections[2]
        .blocks
        .extend(after.into_iter().flatten());
    let followed_script = "nn<Tab><Enter>3<BS>6+<BS><BS>x<Left>2<Esc>";
    // The built-in lesson's explorers: points focused, moved, reset.
    let builtin = fixture::derivatives();
    let at = builtin.sections.iter().position(|s| s.id == "explore");
    let explorers = format!(
        "{}<Tab><Right><Up><Tab><Tab><Left><Tab><Tab><Tab><Down>0<Tab><Tab><Tab><Right>",
        "n".repeat(at.unwrap_or(0))
    );
    let scripts = scripts.into_iter().map(|(l, k)| (l, k.to_string()));
    let extra = [
        (builtin, explorers),
        (moved, moved_script.to_string()),
        (followed, followed_script.to_string()),
    ];
    for (lesson, script) in scripts.chain(extra) {
        let mut h = Harness::lesson(lesson).resize(80, 24);
        for k in super::harness::parse_keys(&script) {
            h.app.update(Msg::Key(k));
            crate::driver::settle(&mut h.app);
            let (Some(r), Some(fresh)) = (h.app.reading.as_ref(), fresh_doc(&h.app)) else {
                continue;
            };
            let cached = &r.doc;
            assert_eq!(cached.rows, fresh.rows, "rows after {k:?}");
            assert_eq!(cached.items, fresh.items, "items after {k:?}");
            assert_eq!(cached.cursor, fresh.cursor, "cursor after {k:?}");
            assert_eq!(cached.explore_charts, fresh.explore_charts, "{k:?}");
            assert_eq!(cached.explorer_rows, fresh.explorer_rows, "{k:?}");
            assert_eq!(cached.links, fresh.links, "{k:?}");
            assert_eq!(cached.charts, fresh.charts, "charts after {k:?}");
            assert_eq!(cached.slider_tracks, fresh.slider_tracks, "{k:?}");
            assert_eq!(cached.choice_rows, fresh.choice_rows, "{k:?}");
        }
    }
}

/// Two sessions of a server reading the same lesson: what the first laid
/// out, the second copies, except what holds the learner's own state; the
/// screens are the same either way.
#[test]
fn a_servers_sessions_lay_out_a_shared_block_once() {
    let lesson = Arc::new(fixture::derivatives());
    let shared = Arc::new(doc::SharedBlocks::default());
    let session = |w: u16| {
        let mut app = App::new(Theme::default()).with_shared_layouts(Arc::clone(&shared));
        app.update(Msg::Resize(w, 24));
        app.open(Arc::clone(&lesson));
        crate::driver::settle(&mut app);
        Harness { app }
    };
    let take = |h: &mut Harness| {
        let r = h.app.reading.as_mut().expect("a lesson is open");
        (r.blocks.take_misses(), r.blocks.take_shared_hits())
    };
    let quiz = lesson
        .sections
        .iter()
        .position(|s| s.blocks.iter().any(|b| !b.questions().is_empty()))
        .expect("Derivatives has questions");
    let blocks = lesson.sections[quiz].blocks.len();
    let with_questions = lesson.sections[quiz]
        .blocks
        .iter()
        .filter(|b| !b.questions().is_empty())
        .count();
    assert!(blocks > with_questions, "the section has prose too");
    // Counted from the section before to the one with questions.
    let to_quiz = |mut h: Harness| {
        h = h.keys(&"n".repeat(quiz - 1));
        take(&mut h);
        let mut h = h.keys("n");
        let counted = take(&mut h);
        (h, counted)
    };

    let (mut first, counted) = to_quiz(session(80));
    assert_eq!(counted, (blocks, 0), "laid out, none found");
    assert!(!shared.is_empty());

    let (mut second, (misses, hits)) = to_quiz(session(80));
    assert_eq!(misses, blocks, "each block is new to this session");
    assert_eq!(hits, blocks - with_questions, "only the questions laid out");
    assert_eq!(second.screen(), first.screen());

    // Another width is another layout.
    assert_eq!(to_quiz(session(100)).1, (blocks, 0));
    // A lone app shares nothing.
    assert_eq!(to_quiz(Harness::lesson(fixture::derivatives())).1.1, 0);
}

/// Every section of every built-in lesson looks the same to a session
/// that copied its blocks from another as to a lone app, top and bottom.
#[test]
fn a_shared_block_looks_the_same_as_one_laid_out_alone() {
    let library = crate::library::Library::builtin();
    for entry in library.entries() {
        let lesson = library
            .find_shared(&entry.header.id)
            .expect("a built-in lesson loads");
        let shared = Arc::new(doc::SharedBlocks::default());
        let open = |share: bool| {
            let mut app = App::new(Theme::default());
            if share {
                app = app.with_shared_layouts(Arc::clone(&shared));
            }
            app.update(Msg::Resize(80, 24));
            app.open(Arc::clone(&lesson));
            crate::driver::settle(&mut app);
            Harness { app }
        };
        let (mut first, mut copied, mut alone) = (open(true), open(true), open(false));
        for section in 0..lesson.sections.len() {
            for keys in ["", "G"] {
                first = first.keys(keys);
                copied = copied.keys(keys);
                alone = alone.keys(keys);
                let place = format!("{} section {section} {keys}", entry.header.id);
                assert_eq!(copied.screen(), alone.screen(), "{place}");
                let (c, a) = (&reading(&copied).doc, &reading(&alone).doc);
                assert_eq!(c.rows, a.rows, "{place}");
                assert_eq!(c.items, a.items, "{place}");
                assert_eq!(c.links, a.links, "{place}");
            }
            first = first.keys("gn");
            copied = copied.keys("gn");
            alone = alone.keys("gn");
        }
        let hits = copied
            .app
            .reading
            .as_mut()
            .map(|r| r.blocks.take_shared_hits());
        assert!(hits > Some(0), "{}: nothing shared", entry.header.id);
    }
}
