//! The progress store against real files: round trips, migration, several
//! writers, `kill -9` in the middle of a run, and files that cannot be used.
//!
//! Child processes are this test binary run again with a filter that picks
//! `child_worker` and an environment variable that tells it what to do.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chalkdust::progress::{
    FILE_NAME, Learner, LessonRecord, NullRecorder, Outcome, ProgressError, QuestionRecord,
    Recorder, SCHEMA_VERSION, Status, Store, Summary, to_csv,
};
use rusqlite::Connection;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Set in a child process: `loop:PATH` or `count:N:PATH`.
const CHILD_ENV: &str = "CHALKDUST_PROGRESS_TEST_CHILD";

fn ada() -> Learner {
    Learner::new("ada", "Ada Lovelace")
}

fn temp() -> Result<tempfile::TempDir, std::io::Error> {
    tempfile::tempdir()
}

fn open_at(dir: &Path, now: i64) -> Result<Store, ProgressError> {
    Ok(Store::open(&dir.join(FILE_NAME))?.with_clock(move || now))
}

fn error_text(result: Result<Store, ProgressError>) -> String {
    match result {
        Ok(_) => "opened without error".to_string(),
        Err(err) => err.to_string(),
    }
}

#[test]
fn every_field_survives_closing_and_reopening() -> TestResult {
    let dir = temp()?;
    {
        let store = open_at(dir.path(), 1_000)?;
        let mut rec = store.recorder(&ada(), "derivatives");
        rec.position("intro", 0)?;
        rec.position("power-rule", 7)?;
        rec.check("q1", "x", Outcome::Wrong)?;
        rec.hint("q1", 2)?;
        rec.hint("q1", 1)?;
        rec.check("q2", "", Outcome::GaveUp)?;
    }
    {
        // A later session: the clock has moved on.
        let store = open_at(dir.path(), 2_000)?;
        let mut rec = store.recorder(&ada(), "derivatives");
        rec.check("q1", "2*x", Outcome::Right)?;
        rec.position("chain-rule", 3)?;
        rec.position("intro", 12)?;
    }
    let store = open_at(dir.path(), 3_000)?;
    let loaded = store.recorder(&ada(), "derivatives").load()?;
    let expected = LessonRecord {
        section: Some("intro".into()),
        scroll: 12,
        sections_read: vec!["intro".into(), "power-rule".into(), "chain-rule".into()],
        questions: BTreeMap::from([
            (
                "q1".to_string(),
                QuestionRecord {
                    status: Status::Solved,
                    attempts: 2,
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
        ]),
    };
    assert_eq!(loaded, expected);
    store.check_integrity()?;
    Ok(())
}

#[test]
fn unusual_text_is_stored_exactly() -> TestResult {
    let store = Store::open_in_memory()?;
    let odd = "d/dx \"sin\"(x²), 'quoted'\n\ttab \u{1b}[31m; DROP TABLE question; --";
    let mut rec = store.recorder(&Learner::new("SHA256:abc/+=", "Zoë"), "lesson ünï");
    rec.check("q 1", odd, Outcome::Wrong)?;
    let loaded = rec.load()?;
    assert_eq!(loaded.questions["q 1"].last_input.as_deref(), Some(odd));
    Ok(())
}

#[test]
fn learners_and_lessons_are_kept_apart() -> TestResult {
    let store = Store::open_in_memory()?;
    let bob = Learner::new("bob", "Bob");
    store
        .recorder(&ada(), "derivatives")
        .check("q1", "2x", Outcome::Right)?;
    store
        .recorder(&bob, "derivatives")
        .check("q1", "x", Outcome::Wrong)?;
    store.recorder(&ada(), "integrals").position("s", 1)?;

    let ada_d = store.recorder(&ada(), "derivatives").load()?;
    let bob_d = store.recorder(&bob, "derivatives").load()?;
    let ada_i = store.recorder(&ada(), "integrals").load()?;
    assert_eq!(ada_d.questions["q1"].status, Status::Solved);
    assert_eq!(bob_d.questions["q1"].status, Status::Open);
    assert_eq!(ada_i.questions.len(), 0);
    assert_eq!(ada_i.section.as_deref(), Some("s"));
    assert_eq!(ada_d.section, None);
    Ok(())
}

#[test]
fn summary_counts_only_current_questions_and_sections() -> TestResult {
    let store = Store::open_in_memory()?.with_clock(|| 500);
    let mut rec = store.recorder(&ada(), "d");
    rec.check("kept", "1", Outcome::Right)?;
    rec.check("removed", "1", Outcome::Right)?;
    rec.check("gave", "", Outcome::GaveUp)?;
    rec.position("s1", 0)?;
    rec.position("old-section", 0)?;

    let summary = store.lesson_summary(&ada(), "d", &["kept", "gave", "new"], &["s1", "s2"])?;
    assert_eq!(
        summary,
        Summary {
            sections_read: 1,
            sections_total: 2,
            questions_solved: 1,
            questions_given_up: 1,
            questions_total: 3,
            last_read: Some(500),
        }
    );
    // The removed question is still kept, just not counted.
    assert!(rec.load()?.questions.contains_key("removed"));
    let untouched = store.lesson_summary(&ada(), "other", &["q"], &["s"])?;
    assert_eq!(untouched.last_read, None);
    assert_eq!(untouched.questions_solved, 0);
    Ok(())
}

#[test]
fn reset_forgets_one_question_or_the_whole_lesson() -> TestResult {
    let store = Store::open_in_memory()?;
    let mut rec = store.recorder(&ada(), "d");
    rec.check("q1", "1", Outcome::Right)?;
    rec.check("q2", "1", Outcome::Wrong)?;
    rec.position("s1", 4)?;
    store
        .recorder(&ada(), "other")
        .check("q1", "1", Outcome::Right)?;

    assert_eq!(store.reset(&ada(), "d", Some("q1"))?, 1);
    let after_one = rec.load()?;
    assert_eq!(after_one.questions.keys().collect::<Vec<_>>(), ["q2"]);
    assert_eq!(after_one.section.as_deref(), Some("s1"));

    // q2, one section read, the position row.
    assert_eq!(store.reset(&ada(), "d", None)?, 3);
    assert_eq!(rec.load()?, LessonRecord::default());
    // Other lessons are untouched.
    assert_eq!(store.recorder(&ada(), "other").load()?.questions.len(), 1);
    assert_eq!(store.reset(&ada(), "d", None)?, 0);
    Ok(())
}

#[test]
fn rows_list_one_learner_or_everyone_with_current_names() -> TestResult {
    let store = Store::open_in_memory()?.with_clock(|| 77);
    store
        .recorder(&Learner::new("bob", "Bob"), "d")
        .check("q1", "x", Outcome::Wrong)?;
    store
        .recorder(&Learner::new("ada", "Ada"), "d")
        .check("q2", "2x", Outcome::Right)?;
    store.recorder(&ada(), "d").hint("q1", 1)?;

    let everyone = store.rows(None)?;
    let keys: Vec<(&str, &str, &str)> = everyone
        .iter()
        .map(|r| (r.learner.as_str(), r.name.as_str(), r.question.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("ada", "Ada Lovelace", "q1"),
            ("ada", "Ada Lovelace", "q2"),
            ("bob", "Bob", "q1")
        ]
    );
    let only_ada = store.rows(Some(&ada()))?;
    assert_eq!(only_ada.len(), 2);
    assert_eq!(only_ada[1].record.status, Status::Solved);
    assert_eq!(only_ada[1].record.last_input.as_deref(), Some("2x"));
    assert!(to_csv(&only_ada).contains(
        "ada,Ada Lovelace,d,q2,solved,1,0,2x,1970-01-01T00:01:17Z,1970-01-01T00:01:17Z\r\n"
    ));
    Ok(())
}

/// The version-1 schema exactly as the first chalkdust wrote it, typed out
/// again here so this test does not depend on the code it checks.
const V1_SCHEMA: &str = "
CREATE TABLE learner (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
CREATE TABLE lesson_position (learner TEXT NOT NULL, lesson TEXT NOT NULL, section TEXT,
    scroll INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (learner, lesson));
CREATE TABLE section_read (learner TEXT NOT NULL, lesson TEXT NOT NULL, section TEXT NOT NULL,
    first_read INTEGER NOT NULL, PRIMARY KEY (learner, lesson, section));
CREATE TABLE question (learner TEXT NOT NULL, lesson TEXT NOT NULL, question TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'solved', 'given_up')),
    attempts INTEGER NOT NULL DEFAULT 0, hints_opened INTEGER NOT NULL DEFAULT 0,
    last_input TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
    PRIMARY KEY (learner, lesson, question));
INSERT INTO learner VALUES ('ada', 'Ada');
INSERT INTO lesson_position VALUES ('ada', 'd', 'power-rule', 9);
INSERT INTO section_read VALUES ('ada', 'd', 'intro', 100), ('ada', 'd', 'power-rule', 150);
INSERT INTO question VALUES
    ('ada', 'd', 'q1', 'solved', 3, 1, '2*x', 120, 180),
    ('ada', 'd', 'q2', 'given_up', 0, 2, NULL, 160, 240);
PRAGMA user_version = 1;
";

#[test]
fn a_version_one_file_is_migrated_and_keeps_everything() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    Connection::open(&path)?.execute_batch(V1_SCHEMA)?;

    let store = Store::open(&path)?.with_clock(|| 999);
    let loaded = store.recorder(&ada(), "d").load()?;
    assert_eq!(loaded.section.as_deref(), Some("power-rule"));
    assert_eq!(loaded.scroll, 9);
    assert_eq!(loaded.sections_read, ["intro", "power-rule"]);
    assert_eq!(
        loaded.questions["q1"],
        QuestionRecord {
            status: Status::Solved,
            attempts: 3,
            hints_opened: 1,
            last_input: Some("2*x".into()),
            first_seen: 120,
            last_seen: 180,
        }
    );
    assert_eq!(loaded.questions["q2"].status, Status::GivenUp);
    // Version 2's column, filled from the newest question time.
    let summary = store.lesson_summary(&ada(), "d", &["q1", "q2"], &["intro", "power-rule"])?;
    assert_eq!(summary.last_read, Some(240));
    assert_eq!((summary.sections_read, summary.questions_solved), (2, 1));
    drop(store);

    let conn = Connection::open(&path)?;
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(version, SCHEMA_VERSION);
    let index: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'question_by_lesson'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(index, 1);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    assert_eq!(mode, "wal");
    Ok(())
}

#[test]
fn opening_twice_does_not_migrate_twice() -> TestResult {
    let dir = temp()?;
    open_at(dir.path(), 1)?
        .recorder(&ada(), "d")
        .check("q", "x", Outcome::Wrong)?;
    let again = open_at(dir.path(), 2)?;
    assert_eq!(
        again.recorder(&ada(), "d").load()?.questions["q"].attempts,
        1
    );
    Ok(())
}

#[test]
fn a_file_from_a_newer_chalkdust_is_refused() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    Connection::open(&path)?.pragma_update(None, "user_version", SCHEMA_VERSION + 5)?;
    let text = error_text(Store::open(&path));
    assert!(text.contains("newer chalkdust"), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    Ok(())
}

#[test]
fn two_connections_writing_at_once_lose_nothing() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    Store::open(&path)?;
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let path = path.clone();
            std::thread::spawn(move || -> Result<(), ProgressError> {
                // Each thread opens its own connection, like a separate process.
                let store = Store::open(&path)?;
                let mut rec = store.recorder(&ada(), "d");
                for i in 0..100 {
                    rec.check("shared", "x", Outcome::Wrong)?;
                    rec.hint("shared", worker * 100 + i)?;
                    rec.check(&format!("own-{worker}-{i}"), "y", Outcome::Right)?;
                }
                Ok(())
            })
        })
        .collect();
    for worker in workers {
        worker.join().map_err(|_| "writer thread panicked")??;
    }
    let loaded = Store::open(&path)?.recorder(&ada(), "d").load()?;
    assert_eq!(loaded.questions["shared"].attempts, 200);
    assert_eq!(loaded.questions["shared"].hints_opened, 199);
    assert_eq!(loaded.questions.len(), 201);
    Ok(())
}

fn child(mode: &str) -> Result<Command, std::io::Error> {
    let mut command = Command::new(std::env::current_exe()?);
    command
        .args(["child_worker", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    Ok(command)
}

#[test]
fn two_processes_writing_at_once_lose_nothing() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    Store::open(&path)?;
    let mode = format!("count:150:{}", path.display());
    let mut children = vec![child(&mode)?.spawn()?, child(&mode)?.spawn()?];
    for child in &mut children {
        assert!(child.wait()?.success(), "a writer process failed");
    }
    let loaded = Store::open(&path)?.recorder(&ada(), "d").load()?;
    assert_eq!(loaded.questions["shared"].attempts, 300);
    Ok(())
}

#[test]
fn kill_9_mid_run_keeps_every_reported_check_and_a_sound_file() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    let mut worker = child(&format!("loop:{}", path.display()))?.spawn()?;
    let stdout = worker.stdout.take().ok_or("no stdout from the child")?;
    let mut reported = Vec::new();
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        // libtest may print "test child_worker ... " on the same line first.
        if let Some((_, i)) = line.split_once("committed ") {
            reported.push(i.trim().parse::<u32>()?);
        }
        if reported.len() == 150 && !killed {
            // Child::kill sends SIGKILL on Unix: no destructors, no flush.
            worker.kill()?;
            killed = true;
        }
    }
    let status = worker.wait()?;
    let expected: Vec<u32> = (0..u32::try_from(reported.len())?).collect();
    assert_eq!(
        reported, expected,
        "the child's report is not a run of checks"
    );
    assert!(
        killed,
        "the child stopped by itself after {} checks",
        reported.len()
    );
    assert!(!status.success());

    let store = Store::open(&path)?;
    store.check_integrity()?;
    let conn = Connection::open(&path)?;
    let report: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(report, "ok");
    let loaded = store.recorder(&ada(), "d").load()?;
    for i in &reported {
        let record = loaded
            .questions
            .get(&format!("q{i}"))
            .ok_or_else(|| format!("check {i} was reported committed but is missing"))?;
        assert_eq!(
            record.last_input.as_deref(),
            Some(format!("input {i}").as_str())
        );
        assert_eq!(record.attempts, 1);
    }
    // At most the one check in flight got committed without being reported.
    assert!(
        loaded.questions.len() <= reported.len() + 1,
        "{} stored, {} reported, last {:?}",
        loaded.questions.len(),
        reported.len(),
        reported.last()
    );
    assert!(loaded.questions.len() >= reported.len());
    Ok(())
}

/// Not a test on its own: the body of the child processes above. Without
/// the environment variable it does nothing.
#[test]
fn child_worker() -> TestResult {
    let Some(mode) = std::env::var_os(CHILD_ENV) else {
        return Ok(());
    };
    let mode = mode.to_string_lossy().into_owned();
    if let Some(path) = mode.strip_prefix("loop:") {
        let store = Store::open(Path::new(path))?;
        let mut rec = store.recorder(&ada(), "d");
        // Bounded so a child whose parent died does not run for ever.
        for i in 0..200_000u32 {
            rec.check(&format!("q{i}"), &format!("input {i}"), Outcome::Wrong)?;
            // Flushed line by line: a line in the pipe means committed.
            let mut out = std::io::stdout().lock();
            writeln!(out, "committed {i}")?;
            out.flush()?;
        }
    } else if let Some(rest) = mode.strip_prefix("count:") {
        let (count, path) = rest.split_once(':').ok_or("count:N:PATH expected")?;
        let store = Store::open(Path::new(path))?;
        let mut rec = store.recorder(&ada(), "d");
        for _ in 0..count.parse::<u32>()? {
            rec.check("shared", "x", Outcome::Wrong)?;
        }
    }
    Ok(())
}

/// A folder chalkdust cannot write to. Root ignores permission bits, so when
/// a chmod-ed folder is still writable a folder under /proc stands in.
fn unwritable_folder(base: &Path) -> Result<PathBuf, std::io::Error> {
    use std::os::unix::fs::PermissionsExt;
    let folder = base.join("read-only");
    std::fs::create_dir(&folder)?;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555))?;
    if std::fs::write(folder.join("probe"), b"").is_ok() {
        return Ok(PathBuf::from("/proc/self/chalkdust-test"));
    }
    Ok(folder)
}

#[test]
fn a_read_only_folder_is_reported_plainly() -> TestResult {
    let dir = temp()?;
    let folder = unwritable_folder(dir.path())?;
    let text = error_text(Store::open_in(&folder));
    assert!(text.starts_with("progress store: "), "{text}");
    assert!(text.contains(&folder.display().to_string()), "{text}");
    assert!(text.contains("writable"), "{text}");
    assert!(text.contains("--data DIR"), "{text}");
    Ok(())
}

#[rstest::rstest]
#[case::text(b"these are my notes, not a database\n".repeat(50))]
#[case::truncated_header(b"SQLite format 3\0\x10\0".to_vec())]
#[case::damaged_header({
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.resize(4096, 0xff);
    bytes
})]
fn a_corrupt_file_is_reported_plainly(#[case] bytes: Vec<u8>) -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, &bytes)?;
    let text = error_text(Store::open(&path));
    assert!(
        text.contains("is damaged or is not a chalkdust progress file"),
        "{text}"
    );
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("move it aside"), "{text}");
    // The learner's file is left as it was, for them to look at.
    assert_eq!(std::fs::read(&path)?, bytes);
    Ok(())
}

#[test]
fn a_folder_in_the_files_place_is_reported_plainly() -> TestResult {
    let dir = temp()?;
    let path = dir.path().join(FILE_NAME);
    std::fs::create_dir(&path)?;
    let text = error_text(Store::open(&path));
    assert!(text.contains("is a folder, not a progress file"), "{text}");
    Ok(())
}

#[test]
fn the_data_folder_is_created_when_missing() -> TestResult {
    let dir = temp()?;
    let nested = dir.path().join("a").join("b");
    let store = Store::open_in(&nested)?;
    assert_eq!(store.path(), Some(nested.join(FILE_NAME).as_path()));
    assert!(nested.join(FILE_NAME).is_file());
    Ok(())
}

#[test]
fn null_recorder_lets_a_lesson_run_without_saving() -> TestResult {
    let mut rec: Box<dyn Recorder> = Box::new(NullRecorder);
    rec.position("s", 2)?;
    rec.check("q", "2x", Outcome::Right)?;
    rec.hint("q", 1)?;
    assert_eq!(rec.load()?, LessonRecord::default());
    Ok(())
}
