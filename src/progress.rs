//! What a learner has done, stored safely.
//!
//! This module owns the learner's record: the section and scroll position last
//! read in each lesson, the sections read, and per question its status,
//! attempts, hints opened, last input and when it was first and last touched.
//! The types and the [`Recorder`] trait are what the app codes against; the
//! SQLite [`Store`] (in `progress/store.rs`) keeps them on disk, the
//! PostgreSQL `PgStore` (in `progress/pg.rs`, cargo feature `postgres`) keeps
//! them in a database several servers share, both built from the schema
//! versions in `progress/migrations.rs`; `progress/location.rs` reads
//! `--store` / `CHALKDUST_STORE` into which of them to open, and the pure
//! formatters in `progress/export.rs` turn records into tables, CSV and JSON.
//!
//! The rules for how a check changes a question's record live here, in
//! [`apply_check`] and [`apply_hint`], as pure functions, so the store only
//! reads, applies and writes inside one transaction.
//!
//! Nothing here touches the terminal.

mod export;
mod location;
mod migrations;
#[cfg(feature = "postgres")]
mod pg;
mod store;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

pub use export::{
    QuestionRow, Reading, aligned, csv_field, format_time, printable, shorten, to_csv, to_json,
    to_table,
};
pub use location::{STORE_ENV, StoreLocation, hide_password, parse_store, resolve_store};
pub use migrations::{MIGRATIONS, Migration, SCHEMA_VERSION};
#[cfg(feature = "postgres")]
pub use pg::{CONNECT_TIMEOUT, POOL_SIZE, PgStore, RETRY_AFTER};
pub use store::{FILE_NAME, Store, Summary};

/// Where a question stands for one learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not solved yet and not given up.
    #[default]
    Open,
    /// Answered right at least once. Stays solved whatever happens later.
    Solved,
    /// The learner asked for the answer. Becomes [`Status::Solved`] if they
    /// later answer right; never goes back to open.
    GivenUp,
}

impl Status {
    /// The word stored in the database and shown in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Solved => "solved",
            Status::GivenUp => "given_up",
        }
    }

    /// Reads the stored word back; `None` for anything else.
    pub fn parse(word: &str) -> Option<Status> {
        match word {
            "open" => Some(Status::Open),
            "solved" => Some(Status::Solved),
            "given_up" => Some(Status::GivenUp),
            _ => None,
        }
    }
}

/// One question's record.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct QuestionRecord {
    pub status: Status,
    /// Right and wrong checks; giving up is not an attempt.
    pub attempts: u32,
    /// The most hints ever opened at once (opening fewer later never lowers it).
    pub hints_opened: u32,
    /// The last input checked; once solved, the input that was last judged
    /// right, so a solved question shows the learner's right answer.
    pub last_input: Option<String>,
    /// Unix seconds.
    pub first_seen: i64,
    pub last_seen: i64,
}

/// One learner's record of one lesson.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonRecord {
    /// Section id last read, and the scroll offset in it.
    pub section: Option<String>,
    pub scroll: u32,
    /// Every section ever opened, in the order first opened.
    pub sections_read: Vec<String>,
    pub questions: BTreeMap<String, QuestionRecord>,
    /// Every try at each question, in order (question variants and "try
    /// another"); the last is the current one, which `questions` describes.
    pub tries: BTreeMap<String, Vec<TryRecord>>,
}

/// One try at a question: the variant shown and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct TryRecord {
    /// 0 for the first variant, then 1, 2, ...
    pub try_no: u32,
    /// The parameter values shown ("a = 3, n = 2"); empty for a question
    /// without parameters.
    pub variant: String,
    pub attempts: u32,
    pub hints_opened: u32,
    /// `GivenUp` stays once the answer was shown, even if the learner then
    /// types it: only a try solved without the answer counts as mastery.
    pub result: Status,
}

impl LessonRecord {
    /// The try the learner is on (0 when never tried another).
    pub fn current_try(&self, question: &str) -> u32 {
        self.tries
            .get(question)
            .and_then(|t| t.last())
            .map_or(0, |t| t.try_no)
    }

    /// Some try of `question` was solved without giving up (for records
    /// from before tries were kept: the question is solved).
    pub fn mastered(&self, question: &str) -> bool {
        match self.tries.get(question) {
            Some(tries) if !tries.is_empty() => tries.iter().any(|t| t.result == Status::Solved),
            _ => self
                .questions
                .get(question)
                .is_some_and(|q| q.status == Status::Solved),
        }
    }
}

/// A try's result once the current question record has `status`: the
/// first outcome sticks (a given-up try stays given up).
pub fn try_result(previous: Status, status: Status) -> Status {
    if previous == Status::Open {
        status
    } else {
        previous
    }
}

/// What happened when a learner checked an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Right,
    Wrong,
    GaveUp,
}

/// The most characters of one answer the answer log keeps; a longer one
/// (a paste gone wrong) is kept cut, ending in `…`.
pub const ANSWER_KEPT: usize = 200;

impl Outcome {
    /// How the answer log records a checked answer (`'right'` or
    /// `'wrong'`), with its text as kept; `None` for giving up, which is
    /// not an answer.
    pub fn logged(self, input: &str) -> Option<(&'static str, String)> {
        let word = match self {
            Outcome::Right => "right",
            Outcome::Wrong => "wrong",
            Outcome::GaveUp => return None,
        };
        let input = input.trim();
        let kept = if input.chars().count() > ANSWER_KEPT {
            let mut cut: String = input.chars().take(ANSWER_KEPT - 1).collect();
            cut.push('…');
            cut
        } else {
            input.to_string()
        };
        Some((word, kept))
    }
}

/// A progress store problem, worded for the learner: what went wrong, with
/// the file's path, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("progress store: {0}")]
pub struct ProgressError(pub String);

/// Who the progress belongs to.
///
/// `id` is an opaque, stable identity (the local user name locally, an SSH
/// key fingerprint on the server); `name` is only for display and may change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Learner {
    pub id: String,
    pub name: String,
}

impl Learner {
    /// A learner whose display name is `name`.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Learner {
        Learner {
            id: id.into(),
            name: name.into(),
        }
    }

    /// The person at this computer, named after the login user
    /// (`USER`, `LOGNAME` or `USERNAME`), or `local` if none is set.
    pub fn local() -> Learner {
        let user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|name| !name.trim().is_empty())
            .unwrap_or_else(|| "local".to_string());
        Learner::new(user.clone(), user)
    }
}

/// A learner's progress in one lesson, saved as it happens.
///
/// Every method commits before it returns, so the screen never shows a
/// result that is not yet on disk.
pub trait Recorder: Send {
    /// Everything recorded so far for this learner and lesson.
    fn load(&mut self) -> Result<LessonRecord, ProgressError>;
    /// The learner is reading `section` at `scroll`; marks the section read.
    fn position(&mut self, section: &str, scroll: u32) -> Result<(), ProgressError>;
    /// An answer was checked (see [`apply_check`] for how it is counted).
    fn check(&mut self, question: &str, input: &str, outcome: Outcome)
    -> Result<(), ProgressError>;
    /// The learner now has `hints_opened` hints of `question` open.
    fn hint(&mut self, question: &str, hints_opened: u32) -> Result<(), ProgressError>;
}

/// Where progress is kept: everything the app and the command line ask of
/// a store, sized to that and no more.
///
/// The SQLite [`Store`] implements it; a second back end (PostgreSQL for a
/// school's server) is one more implementation, and `app` does not change:
/// the app only names what to record ([`crate::app::Effect`]) and
/// [`crate::driver`] hands it to whichever store the session was given.
/// Every write commits before it returns.
pub trait ProgressStore: Send + Sync {
    /// Everything kept for `learner` in `lesson`.
    fn lesson_record(&self, learner: &Learner, lesson: &str)
    -> Result<LessonRecord, ProgressError>;
    /// The lesson `learner` read last (moved in or answered in), if any:
    /// where `chalkdust` with no lesson named starts. A store that cannot
    /// tell answers `None`, and the library's start lesson opens.
    fn last_read_lesson(&self, _learner: &Learner) -> Result<Option<String>, ProgressError> {
        Ok(None)
    }
    /// The catalog's counts for `lesson`, counted against its current
    /// `question_ids` and `section_ids` only.
    fn lesson_summary(
        &self,
        learner: &Learner,
        lesson: &str,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Result<Summary, ProgressError>;
    /// The learner is reading `section` at `scroll` (where a lesson
    /// reopens). Opening a section does not make it read: see
    /// [`ProgressStore::record_read`].
    fn record_position(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
        scroll: u32,
    ) -> Result<(), ProgressError>;
    /// The learner has seen the end of `section`: it counts as read from
    /// now on (the contents' "(read)", the catalog's "read N of M").
    fn record_read(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
    ) -> Result<(), ProgressError>;
    /// An answer was checked (see [`apply_check`] for how it is counted).
    fn record_check(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError>;
    /// The learner now has `hints_opened` hints of `question` open (see
    /// [`apply_hint`]).
    fn record_hint(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        hints_opened: u32,
    ) -> Result<(), ProgressError>;
    /// The learner starts try `try_no` of `question`, on the variant
    /// described by `variant` (empty without parameters). A try not kept
    /// before is added; when it is a new try after the first, the question's
    /// record starts again (open, no attempts, no hints), its earlier tries
    /// kept. Starting a try already kept changes nothing.
    fn record_try(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        try_no: u32,
        variant: &str,
    ) -> Result<(), ProgressError>;
    /// Forgets one question's record, or everything in the lesson when
    /// `question` is `None`; returns how many records went.
    fn reset(
        &self,
        learner: &Learner,
        lesson: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError>;
    /// Every question record of `learner` (everyone's when `None`), ordered
    /// by learner, lesson and question; for exports.
    fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError>;
    /// Every learner's reading of every lesson they opened, ordered by
    /// learner and lesson; for the teacher's view. The default, for stores
    /// (test doubles) that keep no reading, is none.
    fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        Ok(Vec::new())
    }
    /// Writes `session`'s row (new, or its heartbeat: lesson, section and
    /// last seen), keyed by instance and session number. Stores that keep
    /// no sessions (test doubles) keep the default, which keeps nothing.
    fn record_session(&self, _session: &LiveSession) -> Result<(), ProgressError> {
        Ok(())
    }
    /// The session closed: its row goes.
    fn end_session(&self, _instance: &str, _session: u64) -> Result<(), ProgressError> {
        Ok(())
    }
    /// Sessions on any instance seen at `seen_since` (unix seconds) or
    /// later, ordered by learner name, instance and session; older rows
    /// are a killed server's and are not listed.
    fn sessions(&self, _seen_since: i64) -> Result<Vec<LiveSession>, ProgressError> {
        Ok(Vec::new())
    }
    /// A cheap way to learn that something was written since it last
    /// looked, for a view that refreshes live (see [`ChangeWatch`]).
    fn watch(&self) -> Result<Box<dyn ChangeWatch>, ProgressError> {
        Ok(Box::new(NeverChanges))
    }
}

/// How often a server vouches for each open session (and on every change
/// of section), in seconds.
pub const HEARTBEAT: i64 = 60;

/// A session not vouched for in this many seconds is taken for one of a
/// killed server and no longer listed: three missed heartbeats.
pub const SESSION_STALE: i64 = 3 * HEARTBEAT;

/// Rows older than this (a killed server's) are deleted when a session
/// starts, so the table does not grow without bound.
pub const SESSION_FORGET: i64 = 24 * 60 * 60;

/// One open SSH session, as the store lists it for "who is connected now".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LiveSession {
    /// The server holding it (`serve --instance`, by default host:port).
    pub instance: String,
    /// The server's own number for it.
    pub session: u64,
    pub learner: String,
    pub name: String,
    /// The lesson open, empty in the catalog.
    pub lesson: String,
    /// The section being read, empty in the catalog.
    pub section: String,
    /// Unix seconds.
    pub started: i64,
    /// Unix seconds: the last heartbeat.
    pub last_seen: i64,
}

/// Tells a live view that the store changed, without reading it: SQLite's
/// `PRAGMA data_version` on a connection of its own, PostgreSQL's
/// `LISTEN` on a connection of its own. Asking costs no query of the
/// progress tables; the view reads them again only when this says so.
pub trait ChangeWatch: Send {
    /// Whether anything was committed since the last call (or since the
    /// watch was made); also true whenever it lost track and cannot tell.
    fn changed(&mut self) -> bool;
    /// How long to wait between calls: what asking costs decides it.
    fn period(&self) -> std::time::Duration;
}

/// The watch of a store that cannot tell (in memory, test doubles): it
/// never reports a change, and the view refreshes only on its slow timer.
#[derive(Debug, Default)]
pub struct NeverChanges;

impl ChangeWatch for NeverChanges {
    fn changed(&mut self) -> bool {
        false
    }
    fn period(&self) -> std::time::Duration {
        std::time::Duration::from_secs(60)
    }
}

/// Opens the store at `location`: the SQLite file, or the PostgreSQL
/// database (with the `postgres` feature; without it, a message says how to
/// get it).
pub fn open_location(
    location: &StoreLocation,
) -> Result<std::sync::Arc<dyn ProgressStore>, ProgressError> {
    match location {
        StoreLocation::Sqlite(path) => Ok(std::sync::Arc::new(Store::open(path)?)),
        #[cfg(feature = "postgres")]
        StoreLocation::Postgres(url) => Ok(std::sync::Arc::new(pg::PgStore::open(url)?)),
        #[cfg(not(feature = "postgres"))]
        StoreLocation::Postgres(_) => Err(ProgressError(
            "this chalkdust was built without PostgreSQL support; build it with the `postgres` feature (on by default)".into(),
        )),
    }
}

/// A recorder that keeps nothing, for when the store cannot be opened: the
/// lesson still runs, and the learner has been told progress is not saved.
#[derive(Debug, Clone, Copy, Default)]
pub struct NullRecorder;

impl Recorder for NullRecorder {
    fn load(&mut self) -> Result<LessonRecord, ProgressError> {
        Ok(LessonRecord::default())
    }
    fn position(&mut self, _section: &str, _scroll: u32) -> Result<(), ProgressError> {
        Ok(())
    }
    fn check(
        &mut self,
        _question: &str,
        _input: &str,
        _outcome: Outcome,
    ) -> Result<(), ProgressError> {
        Ok(())
    }
    fn hint(&mut self, _question: &str, _hints_opened: u32) -> Result<(), ProgressError> {
        Ok(())
    }
}

/// The environment variable that picks the data folder.
pub const DATA_ENV: &str = "CHALKDUST_DATA";

/// The folder progress is kept in: `explicit` (from `--data DIR`) if given,
/// else `CHALKDUST_DATA` if set and not empty, else the platform's data
/// folder for chalkdust (`~/.local/share/chalkdust` on Linux).
///
/// The folder is not created here; [`Store::open`] creates it.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, ProgressError> {
    resolve_data_dir_from(explicit, std::env::var_os(DATA_ENV), || {
        directories::ProjectDirs::from("", "", "chalkdust")
            .map(|dirs| dirs.data_dir().to_path_buf())
    })
}

/// [`resolve_data_dir`] with the environment passed in, so it can be tested
/// without changing the process's environment.
fn resolve_data_dir_from(
    explicit: Option<PathBuf>,
    env: Option<OsString>,
    platform: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, ProgressError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = env.filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    platform().ok_or_else(|| {
        ProgressError(format!(
            "cannot find a home folder to keep progress in; choose one with --data DIR or {DATA_ENV}=DIR"
        ))
    })
}

/// How a check changes a question's record.
///
/// - `Right`: solved, one more attempt, the input kept.
/// - `Wrong`: one more attempt; the status stays as it was (a solved question
///   stays solved), and the input is kept unless the question is solved, so a
///   solved question keeps showing the answer that solved it.
/// - `GaveUp`: not an attempt; an open question becomes given up (a solved one
///   stays solved); a non-empty input is kept unless solved.
///
/// `previous` is `None` for a question never touched; `now` is unix seconds.
pub fn apply_check(
    previous: Option<QuestionRecord>,
    input: &str,
    outcome: Outcome,
    now: i64,
) -> QuestionRecord {
    let mut record = touch(previous, now);
    let solved = record.status == Status::Solved;
    match outcome {
        Outcome::Right => {
            record.status = Status::Solved;
            record.attempts = record.attempts.saturating_add(1);
            record.last_input = Some(input.to_string());
        }
        Outcome::Wrong => {
            record.attempts = record.attempts.saturating_add(1);
            if !solved {
                record.last_input = Some(input.to_string());
            }
        }
        Outcome::GaveUp => {
            if record.status == Status::Open {
                record.status = Status::GivenUp;
            }
            if !solved && !input.is_empty() {
                record.last_input = Some(input.to_string());
            }
        }
    }
    record
}

/// How opening hints changes a question's record: the count kept is the
/// most ever opened, so closing hints never un-counts them.
pub fn apply_hint(previous: Option<QuestionRecord>, hints_opened: u32, now: i64) -> QuestionRecord {
    let mut record = touch(previous, now);
    record.hints_opened = record.hints_opened.max(hints_opened);
    record
}

/// The record with its times updated for a touch at `now`.
fn touch(previous: Option<QuestionRecord>, now: i64) -> QuestionRecord {
    match previous {
        Some(mut record) => {
            // A clock set back must not make last_seen older than first_seen.
            record.last_seen = now.max(record.first_seen);
            record
        }
        None => QuestionRecord {
            first_seen: now,
            last_seen: now,
            ..QuestionRecord::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn record(status: Status, attempts: u32, input: Option<&str>) -> QuestionRecord {
        QuestionRecord {
            status,
            attempts,
            hints_opened: 0,
            last_input: input.map(str::to_string),
            first_seen: 100,
            last_seen: 100,
        }
    }

    #[rstest]
    #[case::new_right(None, "2x", Outcome::Right, Status::Solved, 1, Some("2x"))]
    #[case::new_wrong(None, "x", Outcome::Wrong, Status::Open, 1, Some("x"))]
    #[case::new_give_up_empty(None, "", Outcome::GaveUp, Status::GivenUp, 0, None)]
    #[case::new_give_up_typed(None, "x^2", Outcome::GaveUp, Status::GivenUp, 0, Some("x^2"))]
    #[case::open_right(
        Some(record(Status::Open, 2, Some("a"))),
        "2x",
        Outcome::Right,
        Status::Solved,
        3,
        Some("2x")
    )]
    #[case::solved_wrong_keeps_answer(
        Some(record(Status::Solved, 1, Some("2x"))),
        "3x",
        Outcome::Wrong,
        Status::Solved,
        2,
        Some("2x")
    )]
    #[case::solved_right_again(
        Some(record(Status::Solved, 1, Some("2x"))),
        "2*x",
        Outcome::Right,
        Status::Solved,
        2,
        Some("2*x")
    )]
    #[case::solved_give_up(
        Some(record(Status::Solved, 1, Some("2x"))),
        "",
        Outcome::GaveUp,
        Status::Solved,
        1,
        Some("2x")
    )]
    #[case::given_up_wrong(
        Some(record(Status::GivenUp, 0, None)),
        "y",
        Outcome::Wrong,
        Status::GivenUp,
        1,
        Some("y")
    )]
    #[case::given_up_right(
        Some(record(Status::GivenUp, 0, None)),
        "2x",
        Outcome::Right,
        Status::Solved,
        1,
        Some("2x")
    )]
    #[case::given_up_twice(
        Some(record(Status::GivenUp, 4, Some("z"))),
        "",
        Outcome::GaveUp,
        Status::GivenUp,
        4,
        Some("z")
    )]
    fn check_rules(
        #[case] previous: Option<QuestionRecord>,
        #[case] input: &str,
        #[case] outcome: Outcome,
        #[case] status: Status,
        #[case] attempts: u32,
        #[case] last_input: Option<&str>,
    ) {
        let after = apply_check(previous, input, outcome, 200);
        assert_eq!(after.status, status);
        assert_eq!(after.attempts, attempts);
        assert_eq!(after.last_input.as_deref(), last_input);
        assert_eq!(after.last_seen, 200);
    }

    #[test]
    fn first_touch_sets_both_times_and_later_touch_only_last() {
        let first = apply_check(None, "x", Outcome::Wrong, 50);
        assert_eq!((first.first_seen, first.last_seen), (50, 50));
        let second = apply_hint(Some(first), 1, 90);
        assert_eq!((second.first_seen, second.last_seen), (50, 90));
    }

    #[test]
    fn clock_going_backwards_never_makes_last_before_first() {
        let first = apply_check(None, "x", Outcome::Wrong, 500);
        let second = apply_check(Some(first), "y", Outcome::Wrong, 10);
        assert_eq!((second.first_seen, second.last_seen), (500, 500));
    }

    #[rstest]
    #[case(0, 2, 2)]
    #[case(3, 1, 3)]
    #[case(2, 2, 2)]
    fn hints_keep_the_most_ever_opened(
        #[case] before: u32,
        #[case] opened: u32,
        #[case] after: u32,
    ) {
        let previous = QuestionRecord {
            hints_opened: before,
            ..record(Status::Open, 0, None)
        };
        let updated = apply_hint(Some(previous), opened, 120);
        assert_eq!(updated.hints_opened, after);
        assert_eq!(updated.status, Status::Open);
    }

    #[test]
    fn attempts_saturate_instead_of_overflowing() {
        let previous = record(Status::Open, u32::MAX, None);
        assert_eq!(
            apply_check(Some(previous), "x", Outcome::Wrong, 1).attempts,
            u32::MAX
        );
    }

    #[rstest]
    #[case(Status::Open)]
    #[case(Status::Solved)]
    #[case(Status::GivenUp)]
    fn status_words_round_trip(#[case] status: Status) {
        assert_eq!(Status::parse(status.as_str()), Some(status));
    }

    #[test]
    fn unknown_status_word_is_rejected() {
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn explicit_data_dir_wins_over_environment() {
        let dir = resolve_data_dir_from(
            Some(PathBuf::from("/a")),
            Some(OsString::from("/b")),
            || Some(PathBuf::from("/c")),
        );
        assert_eq!(dir.ok(), Some(PathBuf::from("/a")));
    }

    #[test]
    fn environment_wins_over_platform_folder() {
        let dir = resolve_data_dir_from(None, Some(OsString::from("/b")), || {
            Some(PathBuf::from("/c"))
        });
        assert_eq!(dir.ok(), Some(PathBuf::from("/b")));
    }

    #[test]
    fn empty_environment_falls_back_to_platform_folder() {
        let dir = resolve_data_dir_from(None, Some(OsString::new()), || Some(PathBuf::from("/c")));
        assert_eq!(dir.ok(), Some(PathBuf::from("/c")));
    }

    #[test]
    fn no_folder_at_all_says_how_to_choose_one() {
        let err = resolve_data_dir_from(None, None, || None)
            .err()
            .map(|e| e.to_string());
        let text = err.unwrap_or_default();
        assert!(text.contains("--data DIR"), "{text}");
        assert!(text.contains(DATA_ENV), "{text}");
    }

    #[test]
    fn null_recorder_keeps_nothing() {
        let mut null = NullRecorder;
        assert!(null.check("q", "x", Outcome::Right).is_ok());
        assert!(null.position("s", 3).is_ok());
        assert_eq!(null.load().ok(), Some(LessonRecord::default()));
    }
}
