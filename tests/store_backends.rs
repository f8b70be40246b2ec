//! One test suite for every progress store back end: each test below is
//! written once against a [`Place`] (where progress is kept) and run for the
//! SQLite file and for a PostgreSQL database in a throwaway cluster
//! (`tests/common/pg.rs`). Opening a place twice is what two servers sharing
//! it do.
//!
//! Without PostgreSQL the `postgres::` tests pass after saying they were
//! skipped, unless `CHALKDUST_REQUIRE_SERVICES=1`.

#[cfg(feature = "postgres")]
#[path = "common/pg.rs"]
mod pg_cluster;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Barrier};

#[cfg(feature = "postgres")]
use chalkdust::progress::PgStore;
use chalkdust::progress::{
    Learner, LessonRecord, LiveSession, Outcome, ProgressError, ProgressStore, QuestionRecord,
    QuestionRow, Reading, Recorder, SESSION_FORGET, Status, Store, Summary, TryRecord,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Where progress is kept, shared by every store opened on it.
enum Place {
    /// The folder is kept (and removed) with the place.
    Sqlite {
        _dir: tempfile::TempDir,
        file: PathBuf,
    },
    #[cfg(feature = "postgres")]
    Postgres(String),
}

/// An open store of either kind, offering the methods both share.
#[derive(Clone)]
enum AnyStore {
    Sqlite(Store),
    #[cfg(feature = "postgres")]
    Postgres(PgStore),
}

macro_rules! both {
    ($store:expr, $s:ident => $call:expr) => {
        match $store {
            AnyStore::Sqlite($s) => $call,
            #[cfg(feature = "postgres")]
            AnyStore::Postgres($s) => $call,
        }
    };
}

impl Place {
    fn sqlite() -> Result<Place, std::io::Error> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("progress.sqlite3");
        Ok(Place::Sqlite { _dir: dir, file })
    }

    /// A fresh database in the shared cluster, or `None` when skipped.
    #[cfg(feature = "postgres")]
    fn postgres() -> Option<Place> {
        let cluster = pg_cluster::Cluster::shared()?;
        Some(Place::Postgres(cluster.new_database()))
    }

    /// Opens the place as a new server would, with the clock at `now`.
    fn open(&self, now: i64) -> Result<AnyStore, ProgressError> {
        Ok(match self {
            Place::Sqlite { file, .. } => {
                AnyStore::Sqlite(Store::open(file)?.with_clock(move || now))
            }
            #[cfg(feature = "postgres")]
            Place::Postgres(url) => AnyStore::Postgres(PgStore::open(url)?.with_clock(move || now)),
        })
    }
}

impl AnyStore {
    fn recorder(&self, learner: &Learner, lesson: &str) -> Box<dyn Recorder> {
        both!(self, s => s.recorder(learner, lesson))
    }
    fn lesson_record(
        &self,
        learner: &Learner,
        lesson: &str,
    ) -> Result<LessonRecord, ProgressError> {
        both!(self, s => s.lesson_record(learner, lesson))
    }
    fn lesson_summary(
        &self,
        learner: &Learner,
        lesson: &str,
        questions: &[&str],
        sections: &[&str],
    ) -> Result<Summary, ProgressError> {
        both!(self, s => s.lesson_summary(learner, lesson, questions, sections))
    }
    fn reset(
        &self,
        learner: &Learner,
        lesson: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError> {
        both!(self, s => s.reset(learner, lesson, question))
    }
    fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError> {
        both!(self, s => s.rows(learner))
    }
    fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        both!(self, s => s.readings())
    }

    fn record_try(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        try_no: u32,
        variant: &str,
    ) -> Result<(), ProgressError> {
        both!(self, s => ProgressStore::record_try(s, learner, lesson, question, try_no, variant))
    }
    fn check_integrity(&self) -> Result<(), ProgressError> {
        both!(self, s => s.check_integrity())
    }
    fn as_progress_store(&self) -> &dyn chalkdust::progress::ProgressStore {
        both!(self, s => s)
    }
}

fn ada() -> Learner {
    Learner::new("ada", "Ada Lovelace")
}

fn grace() -> Learner {
    Learner::new("grace", "Grace Hopper")
}

/// Generates, for each named suite function, one test per back end.
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() -> super::TestResult {
                    super::$name(&super::Place::sqlite()?)
                }
            )*
        }
        #[cfg(feature = "postgres")]
        mod postgres {
            $(
                #[test]
                fn $name() -> super::TestResult {
                    match super::Place::postgres() {
                        Some(place) => super::$name(&place),
                        None => Ok(()),
                    }
                }
            )*
        }
    };
}

suite!(
    every_field_survives_reopening,
    checks_from_two_servers_at_once_are_all_counted,
    reset_forgets_one_question_or_the_whole_lesson,
    rows_list_everyone_in_order_or_one_learner,
    summaries_count_only_current_sections_and_questions,
    servers_starting_together_migrate_once,
    every_try_is_kept_and_a_new_one_starts_the_question_afresh,
    a_position_is_not_a_section_read,
    readings_count_sections_per_learner_and_lesson,
    sessions_are_listed_across_instances_until_closed_or_stale,
    a_watch_sees_a_check_from_another_server,
    the_lesson_read_last_is_where_a_start_resumes,
    every_wrong_answer_is_kept_across_tries_and_servers,
    a_check_follows_the_rules_after_any_history,
);

/// One thing a learner does to a question.
#[derive(Clone, Copy, Debug)]
enum Step {
    Check(Outcome, &'static str),
    Hint(u32),
}

/// Every store keeps what the rules of `chalkdust::progress` say
/// (`apply_check`, `apply_hint`, `try_result`) after every sequence of up
/// to three steps. PostgreSQL writes a check's rules in SQL of its own, so
/// this is what holds the two to one meaning.
fn a_check_follows_the_rules_after_any_history(place: &Place) -> TestResult {
    use chalkdust::progress::{apply_check, apply_hint, try_result};
    let steps = [
        Step::Check(Outcome::Right, "2x"),
        Step::Check(Outcome::Wrong, "3x"),
        Step::Check(Outcome::GaveUp, ""),
        Step::Check(Outcome::GaveUp, "x+1"),
        Step::Hint(2),
    ];
    let mut sequences: Vec<Vec<Step>> = steps.iter().map(|s| vec![*s]).collect();
    for _ in 1..3 {
        let longer: Vec<Vec<Step>> = sequences
            .iter()
            .filter(|seq| seq.len() == sequences.last().map_or(0, Vec::len))
            .flat_map(|seq| {
                steps.iter().map(move |s| {
                    let mut next = seq.clone();
                    next.push(*s);
                    next
                })
            })
            .collect();
        sequences.extend(longer);
    }
    assert_eq!(sequences.len(), 5 + 25 + 125);
    // Two servers, the second's clock set back: steps alternate between
    // them, so a question is also touched before it was first seen.
    let servers = [(place.open(2_000)?, 2_000), (place.open(1_000)?, 1_000)];
    let mut expected = Vec::new();
    for (n, seq) in sequences.iter().enumerate() {
        let question = format!("q{n}");
        let (mut record, mut result) = (None, Status::Open);
        for (i, step) in seq.iter().enumerate() {
            let (store, now) = &servers[i % 2];
            let mut rec = store.recorder(&ada(), "rules");
            let next = match *step {
                Step::Check(outcome, input) => {
                    rec.check(&question, input, outcome)?;
                    apply_check(record, input, outcome, *now)
                }
                Step::Hint(opened) => {
                    rec.hint(&question, opened)?;
                    apply_hint(record, opened, *now)
                }
            };
            result = try_result(result, next.status);
            record = Some(next);
        }
        expected.push((question, record, result, seq));
    }
    let loaded = servers[0].0.lesson_record(&ada(), "rules")?;
    for (question, record, result, seq) in expected {
        let record = record.ok_or("every sequence has a step")?;
        assert_eq!(loaded.questions.get(&question), Some(&record), "{seq:?}");
        let tries = loaded.tries.get(&question).map(Vec::as_slice);
        let want = TryRecord {
            try_no: 0,
            variant: String::new(),
            attempts: record.attempts,
            hints_opened: record.hints_opened,
            result,
        };
        assert_eq!(tries, Some(&[want][..]), "{seq:?}");
    }
    Ok(())
}

fn every_wrong_answer_is_kept_across_tries_and_servers(place: &Place) -> TestResult {
    let (one, two) = (place.open(100)?, place.open(100)?);
    let mut ada_here = one.recorder(&ada(), "d");
    let mut ada_there = two.recorder(&ada(), "d");
    ada_here.check("q1", "x*10", Outcome::Wrong)?;
    ada_there.check("q1", " 10x ", Outcome::Wrong)?;
    // The same wrong answer again counts once; the right one is no wrong
    // answer, nor is giving up; a hint writes no answer.
    ada_here.check("q1", "x*10", Outcome::Wrong)?;
    ada_here.hint("q1", 1)?;
    ada_here.check("q1", "10", Outcome::Right)?;
    one.record_try(&ada(), "d", "q1", 1, "a = 2")?;
    // A new try's wrong answers are kept with the earlier ones.
    ada_there.check("q1", "2", Outcome::Wrong)?;
    ada_there.check("q1", "", Outcome::GaveUp)?;
    one.recorder(&grace(), "d")
        .check("q1", "x+10", Outcome::Wrong)?;
    let long = "9".repeat(500);
    one.recorder(&grace(), "d")
        .check("q2", &long, Outcome::Wrong)?;

    let rows = two.rows(None)?;
    let wrong = |who: &str, q: &str| {
        rows.iter()
            .find(|r| r.learner == who && r.question == q)
            .map(|r| r.wrong_answers.clone())
            .unwrap_or_default()
    };
    // Trimmed, in the order given, each once; solved later, still there.
    assert_eq!(wrong("ada", "q1"), ["x*10", "10x", "2"]);
    assert_eq!(wrong("grace", "q1"), ["x+10"]);
    let cut = &wrong("grace", "q2")[0];
    assert_eq!(cut.chars().count(), chalkdust::progress::ANSWER_KEPT);
    assert!(cut.ends_with('…'), "{cut}");
    assert_eq!(one.rows(Some(&grace()))?.len(), 2);
    assert!(
        one.rows(Some(&grace()))?
            .iter()
            .all(|r| r.learner == "grace")
    );

    // Answers go with their question when it is reset.
    one.reset(&ada(), "d", Some("q1"))?;
    one.recorder(&ada(), "d").check("q1", "5", Outcome::Wrong)?;
    assert_eq!(
        one.rows(Some(&ada()))?[0].wrong_answers,
        ["5"],
        "the reset question's old answers are gone"
    );
    one.reset(&grace(), "d", None)?;
    assert!(one.rows(Some(&grace()))?.is_empty());
    one.recorder(&grace(), "d")
        .check("q2", "1", Outcome::Wrong)?;
    assert_eq!(one.rows(Some(&grace()))?[0].wrong_answers, ["1"]);
    Ok(())
}

fn the_lesson_read_last_is_where_a_start_resumes(place: &Place) -> TestResult {
    let at = |now: i64| place.open(now);
    assert_eq!(at(10)?.as_progress_store().last_read_lesson(&ada())?, None);
    at(10)?
        .as_progress_store()
        .record_position(&ada(), "limits", "idea", 0)?;
    at(20)?
        .as_progress_store()
        .record_position(&ada(), "gradient", "maps", 3)?;
    let store = at(30)?;
    let seam = store.as_progress_store();
    assert_eq!(seam.last_read_lesson(&ada())?.as_deref(), Some("gradient"));
    // Going back to an older lesson makes it the latest again.
    seam.record_position(&ada(), "limits", "idea", 5)?;
    assert_eq!(seam.last_read_lesson(&ada())?.as_deref(), Some("limits"));
    // Another learner's reading is theirs only.
    assert_eq!(seam.last_read_lesson(&grace())?, None);
    Ok(())
}

fn every_try_is_kept_and_a_new_one_starts_the_question_afresh(place: &Place) -> TestResult {
    let store = place.open(1_000)?;
    let mut rec = store.recorder(&ada(), "derivatives");
    store.record_try(&ada(), "derivatives", "q1", 0, "a = 3, n = 2")?;
    rec.hint("q1", 1)?;
    rec.check("q1", "3x", Outcome::Wrong)?;
    rec.check("q1", "", Outcome::GaveUp)?;
    // Typing the shown answer solves the question, not the try.
    rec.check("q1", "6x", Outcome::Right)?;
    store.record_try(&ada(), "derivatives", "q1", 1, "a = 5, n = 4")?;
    // Starting a try again changes nothing.
    store.record_try(&ada(), "derivatives", "q1", 1, "a = 5, n = 4")?;
    let fresh = store.lesson_record(&ada(), "derivatives")?;
    let q1 = &fresh.questions["q1"];
    assert_eq!(
        (q1.status, q1.attempts, q1.hints_opened),
        (Status::Open, 0, 0)
    );
    assert_eq!(q1.last_input, None);
    assert!(!fresh.mastered("q1"), "solved only after giving up");
    assert_eq!(fresh.current_try("q1"), 1);
    rec.check("q1", "20x^3", Outcome::Right)?;
    // A question without parameters: the store keeps its first try alone.
    rec.check("q2", "1", Outcome::Right)?;
    let loaded = store.lesson_record(&ada(), "derivatives")?;
    let try_of = |try_no, variant: &str, attempts, hints_opened, result| TryRecord {
        try_no,
        variant: variant.to_string(),
        attempts,
        hints_opened,
        result,
    };
    assert_eq!(
        loaded.tries,
        BTreeMap::from([
            (
                "q1".to_string(),
                vec![
                    try_of(0, "a = 3, n = 2", 2, 1, Status::GivenUp),
                    try_of(1, "a = 5, n = 4", 1, 0, Status::Solved),
                ]
            ),
            ("q2".to_string(), vec![try_of(0, "", 1, 0, Status::Solved)]),
        ])
    );
    assert!(loaded.mastered("q1") && loaded.mastered("q2"));
    assert!(!loaded.mastered("q3"));
    // The export carries every try and the mastery.
    let rows = store.rows(Some(&ada()))?;
    assert_eq!(rows[0].tries, loaded.tries["q1"]);
    assert!(rows[0].mastered && rows[1].mastered);
    let csv = chalkdust::progress::to_csv(&rows);
    assert!(csv.contains(",2,\"a = 5, n = 4\",true\r\n"), "{csv}");
    // Another try under way: the question still counts as solved.
    store.record_try(&ada(), "derivatives", "q1", 2, "a = 2, n = 3")?;
    let summary = store.lesson_summary(&ada(), "derivatives", &["q1", "q2", "q3"], &[])?;
    assert_eq!(
        (summary.questions_solved, summary.questions_given_up),
        (2, 0)
    );
    // Resetting a question forgets its tries too.
    store.reset(&ada(), "derivatives", Some("q1"))?;
    let after = store.lesson_record(&ada(), "derivatives")?;
    assert!(!after.tries.contains_key("q1") && after.tries.contains_key("q2"));
    store.check_integrity()?;
    Ok(())
}

/// The app records where the learner is and, apart, the sections whose end
/// was seen: opening a section does not make it read.
fn a_position_is_not_a_section_read(place: &Place) -> TestResult {
    let store = place.open(10)?;
    let seam = store.as_progress_store();
    seam.record_position(&ada(), "d", "s1", 4)?;
    let record = store.lesson_record(&ada(), "d")?;
    assert_eq!(record.section.as_deref(), Some("s1"));
    assert!(
        record.sections_read.is_empty(),
        "{:?}",
        record.sections_read
    );
    seam.record_read(&ada(), "d", "s1")?;
    seam.record_read(&ada(), "d", "s1")?;
    assert_eq!(store.lesson_record(&ada(), "d")?.sections_read, ["s1"]);
    Ok(())
}

fn every_field_survives_reopening(place: &Place) -> TestResult {
    {
        let store = place.open(1_000)?;
        let mut rec = store.recorder(&ada(), "derivatives");
        rec.position("intro", 0)?;
        rec.position("power-rule", 7)?;
        rec.check("q1", "x", Outcome::Wrong)?;
        rec.hint("q1", 2)?;
        rec.hint("q1", 1)?;
        rec.check("q2", "", Outcome::GaveUp)?;
        rec.check("q3", "ünïcödé ∂x", Outcome::Wrong)?;
    }
    {
        let store = place.open(2_000)?;
        let mut rec = store.recorder(&ada(), "derivatives");
        rec.check("q1", "2*x", Outcome::Right)?;
        rec.check("q1", "3*x", Outcome::Wrong)?;
        rec.position("chain-rule", 3)?;
        rec.position("intro", u32::MAX)?;
    }
    let store = place.open(3_000)?;
    let loaded = store.recorder(&ada(), "derivatives").load()?;
    let expected = LessonRecord {
        section: Some("intro".into()),
        scroll: u32::MAX,
        sections_read: vec!["intro".into(), "power-rule".into(), "chain-rule".into()],
        questions: BTreeMap::from([
            (
                "q1".to_string(),
                QuestionRecord {
                    status: Status::Solved,
                    attempts: 3,
                    hints_opened: 2,
                    last_input: Some("2*x".into()),
                    first_seen: 1_000,
                    last_seen: 2_000,
                },
            ),
            (
                "q2".to_string(),
                QuestionRecord {
                    status: Status::GivenUp,
                    attempts: 0,
                    hints_opened: 0,
                    last_input: None,
                    first_seen: 1_000,
                    last_seen: 1_000,
                },
            ),
            (
                "q3".to_string(),
                QuestionRecord {
                    status: Status::Open,
                    attempts: 1,
                    hints_opened: 0,
                    last_input: Some("ünïcödé ∂x".into()),
                    first_seen: 1_000,
                    last_seen: 1_000,
                },
            ),
        ]),
        // Every question's first try, kept by the store itself.
        tries: BTreeMap::from([
            (
                "q1".to_string(),
                vec![TryRecord {
                    try_no: 0,
                    variant: String::new(),
                    attempts: 3,
                    hints_opened: 2,
                    result: Status::Solved,
                }],
            ),
            (
                "q2".to_string(),
                vec![TryRecord {
                    try_no: 0,
                    variant: String::new(),
                    attempts: 0,
                    hints_opened: 0,
                    result: Status::GivenUp,
                }],
            ),
            (
                "q3".to_string(),
                vec![TryRecord {
                    try_no: 0,
                    variant: String::new(),
                    attempts: 1,
                    hints_opened: 0,
                    result: Status::Open,
                }],
            ),
        ]),
    };
    assert_eq!(loaded, expected);
    assert_eq!(store.lesson_record(&ada(), "derivatives")?, expected);
    // Another lesson and another learner see nothing of it.
    assert_eq!(
        store.lesson_record(&ada(), "integrals")?,
        LessonRecord::default()
    );
    assert_eq!(
        store.lesson_record(&grace(), "derivatives")?,
        LessonRecord::default()
    );
    store.check_integrity()?;
    Ok(())
}

fn checks_from_two_servers_at_once_are_all_counted(place: &Place) -> TestResult {
    const THREADS_PER_SERVER: usize = 3;
    const CHECKS: u32 = 20;
    let servers = [place.open(500)?, place.open(600)?];
    let start = Arc::new(Barrier::new(2 * THREADS_PER_SERVER));
    let mut workers = Vec::new();
    for (n, server) in servers.iter().enumerate() {
        for t in 0..THREADS_PER_SERVER {
            let store = server.clone();
            let start = Arc::clone(&start);
            workers.push(std::thread::spawn(move || -> Result<(), ProgressError> {
                // Each thread is a session of the same learner, the way a
                // student with two terminals on two servers would be.
                let mut rec = store.recorder(&ada(), "limits");
                start.wait();
                for i in 0..CHECKS {
                    rec.check("q1", &format!("s{n}t{t}i{i}"), Outcome::Wrong)?;
                    rec.hint("q1", i % 4)?;
                }
                Ok(())
            }));
        }
    }
    for worker in workers {
        worker.join().map_err(|_| "a worker panicked")??;
    }
    let record = servers[0].lesson_record(&ada(), "limits")?;
    let q1 = record.questions.get("q1").ok_or("q1 missing")?;
    assert_eq!(q1.attempts, 2 * THREADS_PER_SERVER as u32 * CHECKS);
    assert_eq!(q1.hints_opened, 3);
    assert_eq!(q1.status, Status::Open);
    assert!([500, 600].contains(&q1.first_seen), "{}", q1.first_seen);
    Ok(())
}

fn reset_forgets_one_question_or_the_whole_lesson(place: &Place) -> TestResult {
    let store = place.open(10)?;
    let mut rec = store.recorder(&ada(), "d");
    rec.position("s1", 2)?;
    rec.position("s2", 0)?;
    rec.check("q1", "2x", Outcome::Right)?;
    rec.check("q2", "x", Outcome::Wrong)?;
    store
        .recorder(&ada(), "other")
        .check("q1", "1", Outcome::Right)?;
    store
        .recorder(&grace(), "d")
        .check("q1", "1", Outcome::Wrong)?;

    assert_eq!(store.reset(&ada(), "d", Some("q1"))?, 1);
    assert_eq!(store.reset(&ada(), "d", Some("q1"))?, 0);
    let left = store.lesson_record(&ada(), "d")?;
    assert_eq!(left.questions.keys().collect::<Vec<_>>(), ["q2"]);
    assert_eq!(left.section.as_deref(), Some("s2"));

    // q2, two sections read, one position.
    assert_eq!(store.reset(&ada(), "d", None)?, 4);
    assert_eq!(store.lesson_record(&ada(), "d")?, LessonRecord::default());
    assert_eq!(store.reset(&ada(), "d", None)?, 0);
    assert_eq!(store.lesson_record(&ada(), "other")?.questions.len(), 1);
    assert_eq!(store.lesson_record(&grace(), "d")?.questions.len(), 1);
    Ok(())
}

fn rows_list_everyone_in_order_or_one_learner(place: &Place) -> TestResult {
    let store = place.open(100)?;
    store
        .recorder(&grace(), "b")
        .check("q", "1", Outcome::Right)?;
    store
        .recorder(&ada(), "b")
        .check("q2", "x", Outcome::Wrong)?;
    store
        .recorder(&ada(), "a")
        .check("q", "y", Outcome::GaveUp)?;
    store.recorder(&ada(), "b").hint("Q1", 2)?;
    // The display name may change; rows show the latest.
    let renamed = Learner::new("ada", "Ada King");
    store.recorder(&renamed, "b").hint("q2", 1)?;

    let rows = store.rows(None)?;
    let keys: Vec<_> = rows
        .iter()
        .map(|r| (r.learner.as_str(), r.lesson.as_str(), r.question.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("ada", "a", "q"),
            ("ada", "b", "Q1"),
            ("ada", "b", "q2"),
            ("grace", "b", "q"),
        ]
    );
    let q2 = &rows[2].record;
    assert_eq!(rows[2].name, "Ada King");
    assert_eq!(q2.status, Status::Open);
    assert_eq!((q2.attempts, q2.hints_opened), (1, 1));
    assert_eq!(q2.last_input.as_deref(), Some("x"));
    assert_eq!((q2.first_seen, q2.last_seen), (100, 100));
    assert_eq!(rows[0].record.status, Status::GivenUp);
    assert_eq!(rows[3].name, "Grace Hopper");

    let graces = store.rows(Some(&grace()))?;
    assert_eq!(graces.len(), 1);
    assert_eq!(graces[0].record.status, Status::Solved);
    assert!(store.rows(Some(&Learner::new("nobody", "N")))?.is_empty());
    Ok(())
}

fn session(instance: &str, number: u64, who: &Learner, at: (i64, i64)) -> LiveSession {
    LiveSession {
        instance: instance.to_string(),
        session: number,
        learner: who.id.clone(),
        name: who.name.clone(),
        lesson: String::new(),
        section: String::new(),
        started: at.0,
        last_seen: at.1,
    }
}

fn sessions_are_listed_across_instances_until_closed_or_stale(place: &Place) -> TestResult {
    let one = place.open(1000)?;
    let two = place.open(1000)?;
    let (one, two) = (one.as_progress_store(), two.as_progress_store());
    // A killed server's row from long ago, and one from a while ago.
    one.record_session(&session("gone", 1, &ada(), (10, 10)))?;
    one.record_session(&session("gone", 2, &ada(), (900, 900)))?;
    one.record_session(&session("a:2222", 7, &grace(), (1000, 1000)))?;
    // Starting a session forgets rows older than a day.
    let now = 10 + SESSION_FORGET + 5;
    let mut ada_on_two = session("b:2222", 7, &ada(), (now, now));
    two.record_session(&ada_on_two)?;
    // A heartbeat moves her on; the start time stays.
    ada_on_two.lesson = "derivatives".into();
    ada_on_two.section = "rules".into();
    ada_on_two.last_seen = now + 60;
    ada_on_two.started = now + 60;
    two.record_session(&ada_on_two)?;
    let all = one.sessions(0)?;
    let keys: Vec<(&str, u64, &str, &str, i64, i64)> = all
        .iter()
        .map(|s| {
            (
                s.instance.as_str(),
                s.session,
                s.name.as_str(),
                s.section.as_str(),
                s.started,
                s.last_seen,
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("b:2222", 7, "Ada Lovelace", "rules", now, now + 60),
            ("gone", 2, "Ada Lovelace", "", 900, 900),
            ("a:2222", 7, "Grace Hopper", "", 1000, 1000),
        ],
        "by name, then instance; the day-old row is gone"
    );
    assert_eq!(all[0].lesson, "derivatives");
    // Stale rows are not listed.
    let recent: Vec<String> = one
        .sessions(1000)?
        .into_iter()
        .map(|s| s.instance)
        .collect();
    assert_eq!(recent, ["b:2222", "a:2222"]);
    // A closed session's row goes, on whichever server asks.
    one.end_session("b:2222", 7)?;
    let left: Vec<String> = two.sessions(0)?.into_iter().map(|s| s.instance).collect();
    assert_eq!(left, ["gone", "a:2222"]);
    Ok(())
}

fn a_watch_sees_a_check_from_another_server(place: &Place) -> TestResult {
    let viewer = place.open(100)?;
    let mut watch = viewer.as_progress_store().watch()?;
    assert!(!watch.changed(), "nothing written since it was made");
    let server = place.open(100)?;
    server
        .recorder(&ada(), "a")
        .check("q", "1", Outcome::Wrong)?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !watch.changed() {
        assert!(
            std::time::Instant::now() < deadline,
            "the check was not noticed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!watch.changed(), "seen once");
    assert!(watch.period() <= std::time::Duration::from_secs(2));
    Ok(())
}

fn readings_count_sections_per_learner_and_lesson(place: &Place) -> TestResult {
    let store = place.open(100)?;
    let mut ada_b = store.recorder(&ada(), "b");
    ada_b.position("intro", 0)?;
    ada_b.position("rules", 3)?;
    ada_b.position("intro", 1)?;
    store.recorder(&grace(), "a").position("intro", 0)?;
    let later = place.open(250)?;
    later.recorder(&ada(), "a").position("x", 0)?;
    // A check alone counts as a visit with no section read.
    later
        .recorder(&grace(), "c")
        .check("q", "1", Outcome::Wrong)?;
    let got: Vec<_> = store
        .readings()?
        .into_iter()
        .map(|r| (r.learner, r.name, r.lesson, r.sections_read, r.last_read))
        .collect();
    let want = [
        ("ada", "Ada Lovelace", "a", 1, Some(250)),
        ("ada", "Ada Lovelace", "b", 2, Some(100)),
        ("grace", "Grace Hopper", "a", 1, Some(100)),
        ("grace", "Grace Hopper", "c", 0, Some(250)),
    ]
    .map(|(l, n, s, c, t)| (l.to_string(), n.to_string(), s.to_string(), c, t));
    assert_eq!(got, want);
    store.reset(&ada(), "b", None)?;
    assert_eq!(store.readings()?.len(), 3);
    Ok(())
}

fn summaries_count_only_current_sections_and_questions(place: &Place) -> TestResult {
    let store = place.open(700)?;
    let none = store.lesson_summary(&ada(), "d", &["q1"], &["s1"])?;
    assert_eq!(
        none,
        Summary {
            sections_total: 1,
            questions_total: 1,
            ..Summary::default()
        }
    );
    let mut rec = store.recorder(&ada(), "d");
    rec.position("s1", 0)?;
    rec.position("gone", 0)?;
    rec.check("q1", "2x", Outcome::Right)?;
    rec.check("q2", "", Outcome::GaveUp)?;
    rec.check("old", "1", Outcome::Right)?;
    let later = place.open(900)?;
    later.recorder(&ada(), "d").hint("q3", 1)?;
    let summary = store.lesson_summary(&ada(), "d", &["q1", "q2", "q3", "q4"], &["s1", "s2"])?;
    assert_eq!(
        summary,
        Summary {
            sections_read: 1,
            sections_total: 2,
            questions_solved: 1,
            questions_given_up: 1,
            questions_total: 4,
            last_read: Some(900),
        }
    );
    Ok(())
}

fn servers_starting_together_migrate_once(place: &Place) -> TestResult {
    let start = Arc::new(Barrier::new(4));
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let start = Arc::clone(&start);
            let place = match place {
                Place::Sqlite { file, .. } => PlaceRef::Sqlite(file.clone()),
                #[cfg(feature = "postgres")]
                Place::Postgres(url) => PlaceRef::Postgres(url.clone()),
            };
            std::thread::spawn(move || {
                start.wait();
                place.open().map(|_| ())
            })
        })
        .collect();
    for opener in openers {
        opener.join().map_err(|_| "an opener panicked")??;
    }
    let store = place.open(1)?;
    store.check_integrity()?;
    store
        .recorder(&ada(), "d")
        .check("q", "1", Outcome::Right)?;
    Ok(())
}

/// A place's address, to open it from another thread.
enum PlaceRef {
    Sqlite(PathBuf),
    #[cfg(feature = "postgres")]
    Postgres(String),
}

impl PlaceRef {
    fn open(&self) -> Result<(), ProgressError> {
        match self {
            PlaceRef::Sqlite(file) => Store::open(file).map(|_| ()),
            #[cfg(feature = "postgres")]
            PlaceRef::Postgres(url) => PgStore::open(url).map(|_| ()),
        }
    }
}

/// What only the PostgreSQL store has: its schema log, a database restart.
#[cfg(feature = "postgres")]
mod postgres_only {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use chalkdust::progress::{
        CONNECT_TIMEOUT, MIGRATIONS, Outcome, PgStore, ProgressStore, SCHEMA_VERSION, Status,
    };

    use super::pg_cluster::{BACK_WITHIN, Cluster};
    use super::{TestResult, ada};

    /// A loopback relay in front of the cluster that counts the round
    /// trips its clients wait for: each time a client writes after the
    /// server has answered it.
    struct Relay {
        port: u16,
        turns: Arc<AtomicUsize>,
    }

    impl Relay {
        fn to(server: u16) -> std::io::Result<Relay> {
            let listener = TcpListener::bind("127.0.0.1:0")?;
            let port = listener.local_addr()?.port();
            let turns = Arc::new(AtomicUsize::new(0));
            let counted = Arc::clone(&turns);
            std::thread::spawn(move || {
                for client in listener.incoming().map_while(Result::ok) {
                    let Ok(db) = TcpStream::connect(("127.0.0.1", server)) else {
                        return;
                    };
                    let answered = Arc::new(AtomicBool::new(true));
                    let (c, d) = (client.try_clone(), db.try_clone());
                    let (Ok(c), Ok(d)) = (c, d) else { return };
                    let (up_turns, up_answered) = (Arc::clone(&counted), Arc::clone(&answered));
                    std::thread::spawn(move || {
                        relay(client, db, |_| {
                            if up_answered.swap(false, Ordering::SeqCst) {
                                up_turns.fetch_add(1, Ordering::SeqCst);
                            }
                        })
                    });
                    std::thread::spawn(move || {
                        relay(d, c, |_| answered.store(true, Ordering::SeqCst))
                    });
                }
            });
            Ok(Relay { port, turns })
        }

        /// Round trips since the last call.
        fn take(&self) -> usize {
            self.turns.swap(0, Ordering::SeqCst)
        }
    }

    /// Copies `from` to `to`, calling `seen` with each chunk first.
    fn relay(mut from: TcpStream, mut to: TcpStream, seen: impl Fn(&[u8])) {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buf) {
            seen(&buf[..n]);
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(std::net::Shutdown::Both);
    }

    /// Every connection busy is a swamped database, not a dead one: a call
    /// that waited its [`CONNECT_TIMEOUT`] for a connection fails, but the
    /// next call is not refused at once as it is when the database cannot
    /// be reached (a class logging in again after its server died would
    /// otherwise see a second of failed loads and writes).
    #[test]
    fn a_busy_pool_is_not_taken_for_a_dead_database() -> TestResult {
        let Some(cluster) = Cluster::shared() else {
            return Ok(());
        };
        let url = cluster.new_database();
        let store = PgStore::open_with_pool(&url, 1)?;
        let ada = ada();
        store.record_check(&ada, "d", "q1", "3x", Outcome::Wrong)?;
        // The only connection waits on a lock another client holds.
        let mut holder = postgres::Client::connect(&url, postgres::NoTls)?;
        let mut held = holder.transaction()?;
        held.batch_execute("LOCK TABLE question IN ACCESS EXCLUSIVE MODE")?;
        let waiting = {
            let (store, ada) = (store.clone(), ada.clone());
            std::thread::spawn(move || store.record_check(&ada, "d", "q1", "2x", Outcome::Right))
        };
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        let refused = store.lesson_record(&ada, "d");
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("busy"), "{message}");
        assert!(started.elapsed() >= CONNECT_TIMEOUT - Duration::from_millis(100));
        held.rollback()?;
        waiting.join().map_err(|_| "the waiting check panicked")??;
        // At once, not a second later.
        let record = store.lesson_record(&ada, "d")?;
        let q1 = record.questions.get("q1").map(|r| (r.status, r.attempts));
        assert_eq!(q1, Some((Status::Solved, 2)));
        Ok(())
    }

    /// A write's requests go out together (pipelined): a reading position
    /// and a check are one round trip each (`BEGIN`, the statement and
    /// `COMMIT` in one write; a check's rules are in its statement), an
    /// opened hint two (the row locked and read with the opening; the row
    /// written with `COMMIT`). Unpipelined they were three, five and five,
    /// and on a busy server every round trip is two wake-ups that may each
    /// wait for a core (issue 20, docs/performance.md).
    #[test]
    fn a_position_and_a_check_are_one_round_trip_each() -> TestResult {
        let Some(cluster) = Cluster::shared() else {
            return Ok(());
        };
        let url = cluster.new_database();
        let relay = Relay::to(cluster.port())?;
        let db = url.rsplit('/').next().unwrap_or_default();
        let through = format!("postgres://postgres@127.0.0.1:{}/{db}", relay.port);
        let store = PgStore::open_with_pool(&through, 1)?;
        let ada = ada();
        // The first write names the learner and prepares the statements.
        store.record_position(&ada, "d", "intro", 0)?;
        store.record_check(&ada, "d", "q1", "3x", Outcome::Wrong)?;
        store.record_hint(&ada, "d", "q1", 1)?;
        relay.take();

        store.record_position(&ada, "d", "rules", 2)?;
        assert_eq!(relay.take(), 1, "round trips to keep a reading position");
        store.record_check(&ada, "d", "q1", "2x", Outcome::Right)?;
        assert_eq!(relay.take(), 1, "round trips to keep a check");
        store.record_check(&ada, "d", "q2", "x", Outcome::Wrong)?;
        assert_eq!(relay.take(), 1, "round trips to keep a first check");
        store.record_hint(&ada, "d", "q2", 1)?;
        assert_eq!(relay.take(), 2, "round trips to keep an opened hint");

        let record = store.lesson_record(&ada, "d")?;
        let attempts = |q: &str| record.questions.get(q).map(|r| (r.status, r.attempts));
        assert_eq!(attempts("q1"), Some((Status::Solved, 2)));
        assert_eq!(attempts("q2"), Some((Status::Open, 1)));
        assert_eq!(record.section.as_deref(), Some("rules"));
        Ok(())
    }

    #[test]
    fn the_schema_log_has_every_version_and_a_newer_one_is_refused() -> TestResult {
        let Some(cluster) = Cluster::shared() else {
            return Ok(());
        };
        let url = cluster.new_database();
        PgStore::open(&url)?;
        PgStore::open(&url)?;
        let db = url.rsplit('/').next().unwrap_or_default();
        let versions = cluster.psql(
            db,
            "SELECT string_agg(version::text, ',' ORDER BY version) FROM chalkdust_schema",
        );
        let expected: Vec<String> = MIGRATIONS.iter().map(|m| m.version.to_string()).collect();
        assert_eq!(versions, expected.join(","));

        cluster.psql(
            db,
            &format!(
                "INSERT INTO chalkdust_schema VALUES ({}, 0)",
                SCHEMA_VERSION + 1
            ),
        );
        let message = PgStore::open(&url)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("newer chalkdust"), "{message}");
        Ok(())
    }

    #[test]
    fn the_schema_has_the_same_tables_and_columns_as_sqlite() -> TestResult {
        let Some(cluster) = Cluster::shared() else {
            return Ok(());
        };
        let url = cluster.new_database();
        PgStore::open(&url)?;
        let db = url.rsplit('/').next().unwrap_or_default();
        let pg = cluster.psql(
            db,
            "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name)
             FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> 'chalkdust_schema'
               AND NOT (table_name = 'section_read' AND column_name = 'seq')",
        );
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("p.sqlite3");
        chalkdust::progress::Store::open(&file)?;
        let conn = rusqlite::Connection::open(&file)?;
        let mut columns: Vec<String> = conn
            .prepare(
                "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
                 WHERE m.type = 'table'",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        columns.sort();
        let mut pg: Vec<&str> = pg.split(',').collect();
        pg.sort_unstable();
        assert_eq!(pg, columns);
        Ok(())
    }

    #[test]
    fn writes_fail_plainly_while_the_database_is_down_and_work_once_it_is_back() -> TestResult {
        // Its own cluster: stopping the shared one would fail other tests.
        let Some(cluster) = Cluster::start_or_skip() else {
            return Ok(());
        };
        let url = cluster.new_database();
        let store = PgStore::open(&url)?;
        let mut rec = store.recorder(&ada(), "d");
        rec.check("q1", "x", Outcome::Wrong)?;

        // A restart cuts every pooled connection; the next write notices on
        // check-out and reconnects, so the learner sees no failure at all.
        cluster.restart();
        rec.check("q1", "y", Outcome::Wrong)?;

        cluster.stop();
        let asked = Instant::now();
        let message = rec
            .check("q1", "lost", Outcome::Wrong)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("cannot reach the database"), "{message}");
        assert!(!message.contains("lost"), "{message}");
        assert!(
            asked.elapsed() < CONNECT_TIMEOUT + Duration::from_secs(2),
            "a failed write took {:?}",
            asked.elapsed()
        );
        // Right after a failure, further writes fail at once instead of each
        // freezing a learner's screen for the connect timeout.
        let asked = Instant::now();
        assert!(rec.position("s1", 1).is_err());
        assert!(
            asked.elapsed() < Duration::from_millis(500),
            "{:?}",
            asked.elapsed()
        );

        cluster.restart_stopped();
        let back = Instant::now();
        loop {
            match rec.check("q1", "2x", Outcome::Right) {
                Ok(()) => break,
                Err(err) if back.elapsed() < BACK_WITHIN => {
                    eprintln!("not yet: {err}");
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(err) => return Err(err.into()),
            }
        }
        rec.position("s2", 4)?;
        // Everything committed before and after the outage is there; the
        // write refused during it is not.
        let record = PgStore::open(&url)?.lesson_record(&ada(), "d")?;
        let q1 = record.questions.get("q1").ok_or("q1 missing")?;
        assert_eq!(q1.attempts, 3);
        assert_eq!(q1.last_input.as_deref(), Some("2x"));
        assert_eq!(record.section.as_deref(), Some("s2"));
        assert_eq!(record.sections_read, ["s2"]);
        Ok(())
    }

    #[test]
    fn an_unreachable_server_fails_to_open_within_the_timeout() {
        // A loopback port nobody listens on: refused at once, retried by the
        // pool until the timeout.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(1);
        let asked = Instant::now();
        let message = PgStore::open(&format!("postgres://ada:pw@127.0.0.1:{port}/class"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("cannot connect"), "{message}");
        assert!(message.contains("ada:***@"), "{message}");
        assert!(asked.elapsed() < CONNECT_TIMEOUT + Duration::from_secs(2));
    }
}
