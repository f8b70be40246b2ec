//! The SQLite progress store: one file shared by every chalkdust process.
//!
//! Why these choices:
//! - One connection per [`Store`], behind a mutex, shared by cheap clones.
//!   A recorder is a clone of the store plus its learner and lesson, so an
//!   SSH server with many sessions needs one open file, not one per session;
//!   SQLite serialises writers anyway, and each write here takes well under
//!   a millisecond of lock time plus the sync (see docs/performance.md).
//! - WAL mode with `synchronous = FULL`, and every write in its own
//!   `BEGIN IMMEDIATE` transaction: a commit is on disk before the method
//!   returns, a `kill -9` loses at most the write in flight, readers never
//!   block the writer, and taking the write lock up front means two processes
//!   never deadlock upgrading a read lock (busy_timeout then just waits).
//! - The schema version is `PRAGMA user_version`; the shared migration table
//!   (`progress/migrations.rs`) brings any older file up to date inside one
//!   transaction, and a newer file is refused.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{
    Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior, params,
};

use super::export::{QuestionRow, Reading};
use super::migrations::{self, SCHEMA_VERSION};
use super::{
    ChangeWatch, DATA_ENV, Learner, LessonRecord, LiveSession, Outcome, ProgressError,
    ProgressStore, QuestionRecord, Recorder, SESSION_FORGET, Status, TryRecord, apply_check,
    apply_hint,
};

/// The name of the store's file inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// How long a write waits for another process holding the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// An open progress store; clones share one connection.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    /// `None` for an in-memory store.
    path: Option<Arc<Path>>,
    clock: Clock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A lesson's progress as the catalog shows it, counted against the
/// lesson's current sections and questions only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub sections_read: usize,
    pub sections_total: usize,
    pub questions_solved: usize,
    pub questions_given_up: usize,
    pub questions_total: usize,
    /// When the learner last moved in or answered in this lesson (unix
    /// seconds); `None` if never.
    pub last_read: Option<i64>,
}

impl Summary {
    /// Every section read to its end and every question solved or given
    /// up: the lesson is done (the catalog's mark beside a prerequisite).
    pub fn finished(&self) -> bool {
        self.sections_total > 0
            && self.sections_read == self.sections_total
            && self.questions_solved + self.questions_given_up == self.questions_total
    }

    /// `record` counted against the lesson's current `question_ids` and
    /// `section_ids` (every back end reads the record its own way, then
    /// counts it here).
    pub fn of(
        record: &LessonRecord,
        last_read: Option<i64>,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Summary {
        let status_of = |id: &&str| record.questions.get(*id).map(|q| q.status);
        // A try solved earlier still counts while another try is under way.
        let solved_before = |id: &&str| {
            record
                .tries
                .get(*id)
                .is_some_and(|t| t.iter().any(|t| t.result == Status::Solved))
        };
        Summary {
            sections_read: section_ids
                .iter()
                .filter(|id| record.sections_read.iter().any(|read| read == *id))
                .count(),
            sections_total: section_ids.len(),
            questions_solved: question_ids
                .iter()
                .filter(|id| status_of(id) == Some(Status::Solved) || solved_before(id))
                .count(),
            questions_given_up: question_ids
                .iter()
                .filter(|id| status_of(id) == Some(Status::GivenUp) && !solved_before(id))
                .count(),
            questions_total: question_ids.len(),
            last_read,
        }
    }
}

impl Store {
    /// Opens (creating if needed, with its folder) the store at `path`,
    /// bringing an older schema up to date.
    pub fn open(path: &Path) -> Result<Store, ProgressError> {
        if path.is_dir() {
            return Err(ProgressError(format!(
                "{} is a folder, not a progress file; move it away, or choose another data folder with --data DIR or {DATA_ENV}=DIR",
                path.display()
            )));
        }
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|err| {
                ProgressError(format!(
                    "cannot create the folder {} ({err}); make it writable, or choose another with --data DIR or {DATA_ENV}=DIR",
                    folder.display()
                ))
            })?;
        }
        let conn = open_configured(path)?;
        let store = Store::from_connection(conn, Some(path));
        store.migrate()?;
        Ok(store)
    }

    /// Opens `FILE_NAME` in the data folder `dir`.
    pub fn open_in(dir: &Path) -> Result<Store, ProgressError> {
        Store::open(&dir.join(FILE_NAME))
    }

    /// A store kept in memory only, for tests and for running without disk.
    pub fn open_in_memory() -> Result<Store, ProgressError> {
        let conn = Connection::open_in_memory()
            .map_err(|err| ProgressError(format!("cannot open an in-memory store: {err}")))?;
        let store = Store::from_connection(conn, None);
        store.migrate()?;
        Ok(store)
    }

    fn from_connection(conn: Connection, path: Option<&Path>) -> Store {
        Store {
            conn: Arc::new(Mutex::new(conn)),
            path: path.map(Arc::from),
            clock: Arc::new(unix_now),
        }
    }

    /// The same store with times taken from `clock` (unix seconds) instead of
    /// the system clock; for tests that assert exact times.
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Store {
        self.clock = Arc::new(clock);
        self
    }

    /// The file this store keeps, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A recorder for `learner` in `lesson_id`, saving into this store.
    pub fn recorder(&self, learner: &Learner, lesson_id: &str) -> Box<dyn Recorder> {
        Box::new(StoreRecorder {
            store: self.clone(),
            learner: learner.clone(),
            lesson: lesson_id.to_string(),
        })
    }

    /// Everything kept for `learner` in `lesson_id`.
    pub fn lesson_record(
        &self,
        learner: &Learner,
        lesson_id: &str,
    ) -> Result<LessonRecord, ProgressError> {
        self.read("read progress", |conn| {
            read_lesson(conn, &learner.id, lesson_id)
        })
    }

    /// The lesson `learner` read last (see
    /// [`ProgressStore::last_read_lesson`](super::ProgressStore::last_read_lesson)).
    pub fn last_read_lesson(&self, learner: &Learner) -> Result<Option<String>, ProgressError> {
        self.read("read progress", |conn| {
            conn.query_row(
                "SELECT lesson FROM lesson_position WHERE learner = ?1 AND last_read IS NOT NULL
                 ORDER BY last_read DESC, lesson LIMIT 1",
                params![learner.id],
                |row| row.get::<_, String>(0),
            )
            .optional()
        })
    }

    /// The catalog's view of a lesson: read sections and solved questions
    /// among `section_ids` and `question_ids` (records of questions or
    /// sections no longer in the lesson are kept but not counted).
    pub fn lesson_summary(
        &self,
        learner: &Learner,
        lesson_id: &str,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Result<Summary, ProgressError> {
        let record = self.lesson_record(learner, lesson_id)?;
        let last_read = self.read("read progress", |conn| {
            conn.query_row(
                "SELECT last_read FROM lesson_position WHERE learner = ?1 AND lesson = ?2",
                params![learner.id, lesson_id],
                |row| row.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(Option::flatten)
        })?;
        Ok(Summary::of(&record, last_read, question_ids, section_ids))
    }

    /// Forgets `learner`'s progress in `lesson_id`: one question's record if
    /// `question` is given, else everything in the lesson (position, sections
    /// read, every question). Returns how many records were removed.
    pub fn reset(
        &self,
        learner: &Learner,
        lesson_id: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError> {
        self.write("reset progress", |tx| {
            let keys = params![learner.id, lesson_id];
            // Tries and answers go with their question, uncounted: the
            // count is of records as `progress` lists them.
            for table in ["question_try", "answer"] {
                tx.execute(
                    &format!(
                        "DELETE FROM {table} WHERE learner = ?1 AND lesson = ?2
                         AND (?3 IS NULL OR question = ?3)"
                    ),
                    params![learner.id, lesson_id, question],
                )?;
            }
            match question {
                Some(question) => tx.execute(
                    "DELETE FROM question WHERE learner = ?1 AND lesson = ?2 AND question = ?3",
                    params![learner.id, lesson_id, question],
                ),
                None => {
                    let mut removed = 0;
                    for table in ["question", "section_read", "lesson_position"] {
                        removed += tx.execute(
                            &format!("DELETE FROM {table} WHERE learner = ?1 AND lesson = ?2"),
                            keys,
                        )?;
                    }
                    Ok(removed)
                }
            }
        })
    }

    /// Every question record of `learner`, or of everyone when `None`,
    /// ordered by learner, lesson and question; for exports.
    pub fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError> {
        self.read("read progress", |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT q.learner, coalesce(l.name, q.learner), q.lesson, q.question, q.status,
                        q.attempts, q.hints_opened, q.last_input, q.first_seen, q.last_seen
                 FROM question q LEFT JOIN learner l ON l.id = q.learner
                 WHERE ?1 IS NULL OR q.learner = ?1
                 ORDER BY q.learner, q.lesson, q.question",
            )?;
            let rows = statement.query_map([learner.map(|l| l.id.as_str())], |row| {
                Ok(QuestionRow {
                    learner: row.get(0)?,
                    name: row.get(1)?,
                    lesson: row.get(2)?,
                    question: row.get(3)?,
                    record: question_from(row, 4)?,
                    mastered: false,
                    tries: Vec::new(),
                    wrong_answers: Vec::new(),
                })
            })?;
            let mut rows: Vec<QuestionRow> = rows.collect::<rusqlite::Result<_>>()?;
            let mut tries = conn.prepare_cached(
                "SELECT learner, lesson, question, try_no, variant, attempts, hints_opened, result
                 FROM question_try WHERE ?1 IS NULL OR learner = ?1
                 ORDER BY learner, lesson, question, try_no",
            )?;
            let tries = tries
                .query_map([learner.map(|l| l.id.as_str())], |row| {
                    Ok((
                        (row.get(0)?, row.get(1)?, row.get(2)?),
                        TryRecord {
                            try_no: clamp_u32(row.get(3)?),
                            variant: row.get(4)?,
                            attempts: clamp_u32(row.get(5)?),
                            hints_opened: clamp_u32(row.get(6)?),
                            result: status_from(&row.get::<_, String>(7)?),
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            QuestionRow::attach_tries(&mut rows, tries);
            let mut answers = conn.prepare_cached(
                "SELECT learner, lesson, question, input FROM answer
                 WHERE outcome = 'wrong' AND (?1 IS NULL OR learner = ?1)
                 ORDER BY seq",
            )?;
            let answers = answers
                .query_map([learner.map(|l| l.id.as_str())], |row| {
                    Ok(((row.get(0)?, row.get(1)?, row.get(2)?), row.get(3)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            QuestionRow::attach_wrong_answers(&mut rows, answers);
            Ok(rows)
        })
    }

    /// Every learner's reading of every lesson (see
    /// [`super::ProgressStore::readings`]).
    pub fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        self.read("read progress", |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT p.learner, coalesce(l.name, p.learner), p.lesson,
                        (SELECT count(*) FROM section_read s
                         WHERE s.learner = p.learner AND s.lesson = p.lesson),
                        p.last_read
                 FROM lesson_position p LEFT JOIN learner l ON l.id = p.learner
                 ORDER BY p.learner, p.lesson",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(Reading {
                    learner: row.get(0)?,
                    name: row.get(1)?,
                    lesson: row.get(2)?,
                    sections_read: clamp_u32(row.get(3)?),
                    last_read: row.get(4)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Runs SQLite's own integrity check; `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<(), ProgressError> {
        let report = self.read("check the file", |conn| {
            conn.query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        })?;
        if report == "ok" {
            Ok(())
        } else {
            Err(ProgressError(format!(
                "{} is damaged: {report}",
                self.shown_path()
            )))
        }
    }

    /// Brings the schema up to [`SCHEMA_VERSION`]. Runs inside a write
    /// transaction even when there is nothing to do, which also proves at
    /// open time that the file can be written.
    fn migrate(&self) -> Result<(), ProgressError> {
        let path = self.shown_path();
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|err| self.describe(&err))?;
        let found: u32 = tx
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|err| self.describe(&err))?;
        if found > SCHEMA_VERSION {
            return Err(ProgressError(format!(
                "{path} was written by a newer chalkdust (schema version {found}; this one knows up to {SCHEMA_VERSION}); update chalkdust, or choose another data folder with --data DIR or {DATA_ENV}=DIR"
            )));
        }
        for migration in migrations::pending(found) {
            tx.execute_batch(migration.sqlite).map_err(|err| {
                ProgressError(format!(
                    "cannot update {path} to schema version {}: {err}",
                    migration.version
                ))
            })?;
        }
        if found < SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(|err| self.describe(&err))?;
        }
        tx.commit().map_err(|err| self.describe(&err))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic elsewhere while holding the lock left no half-done write:
        // an unfinished transaction rolls back when dropped.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` in its own immediate transaction and commits it.
    fn write<T>(
        &self,
        what: &str,
        work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, ProgressError> {
        let mut conn = self.lock();
        let result = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .and_then(|tx| {
                let value = work(&tx)?;
                tx.commit()?;
                Ok(value)
            });
        result.map_err(|err| self.failed(what, &err))
    }

    fn read<T>(
        &self,
        what: &str,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, ProgressError> {
        let conn = self.lock();
        work(&conn).map_err(|err| self.failed(what, &err))
    }

    fn failed(&self, what: &str, err: &rusqlite::Error) -> ProgressError {
        ProgressError(format!("could not {what}: {}", self.describe(err).0))
    }

    fn describe(&self, err: &rusqlite::Error) -> ProgressError {
        match &self.path {
            Some(path) => describe(path, err),
            None => ProgressError(format!("in-memory store: {err}")),
        }
    }

    fn shown_path(&self) -> String {
        self.path.as_ref().map_or_else(
            || "the in-memory store".to_string(),
            |p| p.display().to_string(),
        )
    }
}

/// The connection settings every file store uses.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Short while switching to WAL: see `open_configured`.
    conn.busy_timeout(SWITCH_BUSY_TIMEOUT)?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // Some file systems (network mounts) cannot do WAL; SQLite then keeps
        // its rollback journal, which is just as safe, only less concurrent.
        tracing::warn!("progress store is not in WAL mode (journal_mode = {mode})");
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "synchronous", "FULL")
}

/// How long one try at the switch to WAL waits for a lock.
const SWITCH_BUSY_TIMEOUT: Duration = Duration::from_millis(100);

/// How many times opening retries the switch to WAL before giving up
/// (about `BUSY_TIMEOUT` in all).
const SWITCH_TRIES: u32 = 50;

/// Opens the file at `path` and configures the connection.
///
/// Several processes opening a new file at the same moment can each hold a
/// shared lock while waiting for the exclusive lock the switch to WAL needs:
/// a deadlock that a busy timeout only ends by failing one of them after
/// the whole wait (seen as a 5-second stall and "stayed locked" when four
/// servers started together). So each try waits briefly, and a busy one
/// closes its connection, which lets the other through, and tries again.
fn open_configured(path: &Path) -> Result<Connection, ProgressError> {
    let mut tries = 0;
    loop {
        let conn = Connection::open(path).map_err(|err| describe(path, &err))?;
        match configure(&conn) {
            Ok(()) => return Ok(conn),
            Err(err)
                if tries < SWITCH_TRIES
                    && matches!(
                        err.sqlite_error_code(),
                        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                    ) =>
            {
                drop(conn);
                tries += 1;
                // Staggered, so the openers do not meet again in step.
                std::thread::sleep(Duration::from_millis(u64::from(tries % 7) * 3 + 1));
            }
            Err(err) => return Err(describe(path, &err)),
        }
    }
}

/// A plain account of `err` on the file at `path`, with what to do.
fn describe(path: &Path, err: &rusqlite::Error) -> ProgressError {
    let shown = path.display();
    let advice = format!("or choose another data folder with --data DIR or {DATA_ENV}=DIR");
    let text = match err.sqlite_error_code() {
        Some(ErrorCode::CannotOpen) => format!(
            "cannot open or create {shown}: make sure its folder exists and is writable, {advice}"
        ),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => format!(
            "{shown} cannot be written (read-only file or folder): make both writable, {advice}"
        ),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => format!(
            "{shown} is damaged or is not a chalkdust progress file: move it aside (for example rename it to {FILE_NAME}.broken) and chalkdust will start a new one, {advice}"
        ),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "{shown} stayed locked by another program for {} seconds: close other chalkdust sessions and try again",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::DiskFull) => {
            format!("the disk holding {shown} is full: free some space, {advice}")
        }
        _ => format!("{shown}: {err}"),
    };
    ProgressError(text)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Counts are stored as SQLite integers; a value edited out of range by hand
/// is clamped rather than failing the whole read.
fn clamp_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// The CHECK constraint allows only known words; anything else (a hand-edited
/// file) reads as open rather than failing.
fn status_from(word: &str) -> Status {
    Status::parse(word).unwrap_or_default()
}

fn read_lesson(conn: &Connection, learner: &str, lesson: &str) -> rusqlite::Result<LessonRecord> {
    let mut record = LessonRecord::default();
    if let Some((section, scroll)) = conn
        .query_row(
            "SELECT section, scroll FROM lesson_position WHERE learner = ?1 AND lesson = ?2",
            params![learner, lesson],
            |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, i64>(1)?)),
        )
        .optional()?
    {
        record.section = section;
        record.scroll = clamp_u32(scroll);
    }
    let mut sections = conn.prepare_cached(
        "SELECT section FROM section_read WHERE learner = ?1 AND lesson = ?2 ORDER BY first_read, rowid",
    )?;
    record.sections_read = sections
        .query_map(params![learner, lesson], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut questions = conn.prepare_cached(
        "SELECT question, status, attempts, hints_opened, last_input, first_seen, last_seen
         FROM question WHERE learner = ?1 AND lesson = ?2",
    )?;
    let rows = questions.query_map(params![learner, lesson], |row| {
        Ok((row.get::<_, String>(0)?, question_from(row, 1)?))
    })?;
    for row in rows {
        let (id, question) = row?;
        record.questions.insert(id, question);
    }
    let mut tries = conn.prepare_cached(
        "SELECT question, try_no, variant, attempts, hints_opened, result
         FROM question_try WHERE learner = ?1 AND lesson = ?2 ORDER BY question, try_no",
    )?;
    let rows = tries.query_map(params![learner, lesson], |row| {
        Ok((
            row.get::<_, String>(0)?,
            TryRecord {
                try_no: clamp_u32(row.get(1)?),
                variant: row.get(2)?,
                attempts: clamp_u32(row.get(3)?),
                hints_opened: clamp_u32(row.get(4)?),
                result: status_from(&row.get::<_, String>(5)?),
            },
        ))
    })?;
    for row in rows {
        let (id, t) = row?;
        record.tries.entry(id).or_default().push(t);
    }
    Ok(record)
}

/// Keeps the first try of a question whose record was written before tries
/// were kept (or never had one): try 0, copied from the question's record.
fn first_try_from_question(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO question_try (learner, lesson, question, try_no, attempts, hints_opened, result, first_seen, last_seen)
         SELECT learner, lesson, question, 0, attempts, hints_opened, status, first_seen, last_seen
         FROM question q WHERE learner = ?1 AND lesson = ?2 AND question = ?3
         AND NOT EXISTS (SELECT 1 FROM question_try t
                         WHERE t.learner = ?1 AND t.lesson = ?2 AND t.question = ?3)",
    )?
    .execute(params![learner, lesson, question])?;
    Ok(())
}

/// The current try follows the question's record: its attempts and hints,
/// and its first outcome ([`super::try_result`], in SQL).
fn write_current_try(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
    record: &QuestionRecord,
) -> rusqlite::Result<()> {
    first_try_from_question(tx, learner, lesson, question)?;
    tx.prepare_cached(
        "UPDATE question_try SET attempts = ?4, hints_opened = ?5, last_seen = ?6,
           result = CASE WHEN result = 'open' THEN ?7 ELSE result END
         WHERE learner = ?1 AND lesson = ?2 AND question = ?3
         AND try_no = (SELECT max(try_no) FROM question_try
                       WHERE learner = ?1 AND lesson = ?2 AND question = ?3)",
    )?
    .execute(params![
        learner,
        lesson,
        question,
        record.attempts,
        record.hints_opened,
        record.last_seen,
        record.status.as_str(),
    ])?;
    Ok(())
}

/// [`super::ProgressStore::record_try`] in one transaction.
fn write_try(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
    try_no: u32,
    variant: &str,
    now: i64,
) -> rusqlite::Result<()> {
    first_try_from_question(tx, learner, lesson, question)?;
    let added = tx
        .prepare_cached(
            "INSERT INTO question_try (learner, lesson, question, try_no, variant, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING",
        )?
        .execute(params![learner, lesson, question, try_no, variant, now])?
        == 1;
    if !added {
        // Try 0 copied from an older record has no variant yet.
        tx.prepare_cached(
            "UPDATE question_try SET variant = ?5
             WHERE learner = ?1 AND lesson = ?2 AND question = ?3 AND try_no = ?4 AND variant = ''",
        )?
        .execute(params![learner, lesson, question, try_no, variant])?;
    } else if try_no > 0 {
        tx.prepare_cached(
            "UPDATE question SET status = 'open', attempts = 0, hints_opened = 0,
               last_input = NULL, last_seen = max(first_seen, ?4)
             WHERE learner = ?1 AND lesson = ?2 AND question = ?3",
        )?
        .execute(params![learner, lesson, question, now])?;
    }
    Ok(())
}

fn read_question(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
) -> rusqlite::Result<Option<QuestionRecord>> {
    tx.prepare_cached(
        "SELECT status, attempts, hints_opened, last_input, first_seen, last_seen
         FROM question WHERE learner = ?1 AND lesson = ?2 AND question = ?3",
    )?
    .query_row(params![learner, lesson, question], |row| {
        question_from(row, 0)
    })
    .optional()
}

/// A question's record from the six columns `status, attempts,
/// hints_opened, last_input, first_seen, last_seen` of `row`, from `at`.
fn question_from(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<QuestionRecord> {
    Ok(QuestionRecord {
        status: status_from(&row.get::<_, String>(at)?),
        attempts: clamp_u32(row.get(at + 1)?),
        hints_opened: clamp_u32(row.get(at + 2)?),
        last_input: row.get(at + 3)?,
        first_seen: row.get(at + 4)?,
        last_seen: row.get(at + 5)?,
    })
}

fn write_question(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
    record: &QuestionRecord,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO question (learner, lesson, question, status, attempts, hints_opened, last_input, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (learner, lesson, question) DO UPDATE SET
           status = excluded.status, attempts = excluded.attempts,
           hints_opened = excluded.hints_opened, last_input = excluded.last_input,
           first_seen = excluded.first_seen, last_seen = excluded.last_seen",
    )?
    .execute(params![
        learner,
        lesson,
        question,
        record.status.as_str(),
        record.attempts,
        record.hints_opened,
        record.last_input,
        record.first_seen,
        record.last_seen,
    ])?;
    Ok(())
}

/// Records the learner's current display name (it may change between runs).
fn write_learner(tx: &Transaction<'_>, learner: &Learner) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO learner (id, name) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name",
    )?
    .execute(params![learner.id, learner.name])?;
    Ok(())
}

/// Marks the lesson as just read; called by every write.
fn write_last_read(
    tx: &Transaction<'_>,
    learner: &str,
    lesson: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lesson_position (learner, lesson, last_read) VALUES (?1, ?2, ?3)
         ON CONFLICT (learner, lesson) DO UPDATE SET last_read = excluded.last_read",
    )?
    .execute(params![learner, lesson, now])?;
    Ok(())
}

/// A [`Recorder`] that saves into a [`Store`].
struct StoreRecorder {
    store: Store,
    learner: Learner,
    lesson: String,
}

impl Recorder for StoreRecorder {
    fn load(&mut self) -> Result<LessonRecord, ProgressError> {
        self.store.lesson_record(&self.learner, &self.lesson)
    }

    fn position(&mut self, section: &str, scroll: u32) -> Result<(), ProgressError> {
        ProgressStore::record_position(&self.store, &self.learner, &self.lesson, section, scroll)?;
        ProgressStore::record_read(&self.store, &self.learner, &self.lesson, section)
    }

    fn check(
        &mut self,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        ProgressStore::record_check(
            &self.store,
            &self.learner,
            &self.lesson,
            question,
            input,
            outcome,
        )
    }

    fn hint(&mut self, question: &str, hints_opened: u32) -> Result<(), ProgressError> {
        ProgressStore::record_hint(
            &self.store,
            &self.learner,
            &self.lesson,
            question,
            hints_opened,
        )
    }
}

impl Store {
    /// Reads, changes and writes one question in one transaction.
    fn update_question(
        &self,
        what: &str,
        learner: &Learner,
        lesson: &str,
        question: &str,
        answer: Option<(&str, String)>,
        change: impl FnOnce(Option<QuestionRecord>, i64) -> QuestionRecord,
    ) -> Result<(), ProgressError> {
        let now = (self.clock)();
        self.write(what, |tx| {
            write_learner(tx, learner)?;
            write_last_read(tx, &learner.id, lesson, now)?;
            let previous = read_question(tx, &learner.id, lesson, question)?;
            let record = change(previous, now);
            write_question(tx, &learner.id, lesson, question, &record)?;
            write_current_try(tx, &learner.id, lesson, question, &record)?;
            if let Some((outcome, input)) = &answer {
                tx.prepare_cached(
                    "INSERT INTO answer (learner, lesson, question, try_no, input, outcome, answered_at)
                     SELECT ?1, ?2, ?3, coalesce(max(try_no), 0), ?4, ?5, ?6 FROM question_try
                     WHERE learner = ?1 AND lesson = ?2 AND question = ?3",
                )?
                .execute(params![learner.id, lesson, question, input, outcome, now])?;
            }
            Ok(())
        })
    }
}

impl ProgressStore for Store {
    fn lesson_record(
        &self,
        learner: &Learner,
        lesson: &str,
    ) -> Result<LessonRecord, ProgressError> {
        Store::lesson_record(self, learner, lesson)
    }

    fn last_read_lesson(&self, learner: &Learner) -> Result<Option<String>, ProgressError> {
        Store::last_read_lesson(self, learner)
    }

    fn lesson_summary(
        &self,
        learner: &Learner,
        lesson: &str,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Result<Summary, ProgressError> {
        Store::lesson_summary(self, learner, lesson, question_ids, section_ids)
    }

    fn record_position(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
        scroll: u32,
    ) -> Result<(), ProgressError> {
        let now = (self.clock)();
        self.write("save the reading position", |tx| {
            write_learner(tx, learner)?;
            tx.prepare_cached(
                "INSERT INTO lesson_position (learner, lesson, section, scroll, last_read)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (learner, lesson) DO UPDATE SET
                   section = excluded.section, scroll = excluded.scroll, last_read = excluded.last_read",
            )?
            .execute(params![learner.id, lesson, section, scroll, now])?;
            Ok(())
        })
    }

    fn record_read(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
    ) -> Result<(), ProgressError> {
        let now = (self.clock)();
        self.write("mark the section read", |tx| {
            write_learner(tx, learner)?;
            tx.prepare_cached(
                "INSERT INTO section_read (learner, lesson, section, first_read) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![learner.id, lesson, section, now])?;
            Ok(())
        })
    }

    fn record_check(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        self.update_question(
            "save the answer",
            learner,
            lesson,
            question,
            outcome.logged(input),
            |previous, now| apply_check(previous, input, outcome, now),
        )
    }

    fn record_hint(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        hints_opened: u32,
    ) -> Result<(), ProgressError> {
        self.update_question(
            "save the opened hint",
            learner,
            lesson,
            question,
            None,
            |previous, now| apply_hint(previous, hints_opened, now),
        )
    }

    fn record_try(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        try_no: u32,
        variant: &str,
    ) -> Result<(), ProgressError> {
        let now = (self.clock)();
        self.write("save the new try", |tx| {
            write_learner(tx, learner)?;
            write_last_read(tx, &learner.id, lesson, now)?;
            write_try(tx, &learner.id, lesson, question, try_no, variant, now)
        })
    }

    fn reset(
        &self,
        learner: &Learner,
        lesson: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError> {
        Store::reset(self, learner, lesson, question)
    }

    fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError> {
        Store::rows(self, learner)
    }
    fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        Store::readings(self)
    }
    fn record_session(&self, session: &LiveSession) -> Result<(), ProgressError> {
        self.write("record the session", |tx| {
            if session.started == session.last_seen {
                tx.prepare_cached("DELETE FROM live_session WHERE last_seen < ?1")?
                    .execute(params![session.last_seen.saturating_sub(SESSION_FORGET)])?;
            }
            tx.prepare_cached(
                "INSERT INTO live_session (instance, session, learner, name, lesson, section, started, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (instance, session) DO UPDATE SET
                   lesson = excluded.lesson, section = excluded.section, last_seen = excluded.last_seen",
            )?
            .execute(params![
                session.instance,
                i64::try_from(session.session).unwrap_or(i64::MAX),
                session.learner,
                session.name,
                session.lesson,
                session.section,
                session.started,
                session.last_seen,
            ])?;
            Ok(())
        })
    }
    fn end_session(&self, instance: &str, session: u64) -> Result<(), ProgressError> {
        self.write("forget the session", |tx| {
            tx.prepare_cached("DELETE FROM live_session WHERE instance = ?1 AND session = ?2")?
                .execute(params![
                    instance,
                    i64::try_from(session).unwrap_or(i64::MAX)
                ])?;
            Ok(())
        })
    }
    fn sessions(&self, seen_since: i64) -> Result<Vec<LiveSession>, ProgressError> {
        self.read("read the sessions", |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT instance, session, learner, name, lesson, section, started, last_seen
                 FROM live_session WHERE last_seen >= ?1
                 ORDER BY name, learner, instance, session",
            )?;
            let rows = statement.query_map(params![seen_since], |row| {
                Ok(LiveSession {
                    instance: row.get(0)?,
                    session: u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                    learner: row.get(2)?,
                    name: row.get(3)?,
                    lesson: row.get(4)?,
                    section: row.get(5)?,
                    started: row.get(6)?,
                    last_seen: row.get(7)?,
                })
            })?;
            rows.collect()
        })
    }
    fn watch(&self) -> Result<Box<dyn ChangeWatch>, ProgressError> {
        match &self.path {
            Some(path) => Ok(Box::new(FileWatch::open(path)?)),
            None => Ok(Box::new(super::NeverChanges)),
        }
    }
}

/// Watches a store file through `PRAGMA data_version` on a connection of
/// its own: SQLite changes the number whenever another connection (this
/// process's store or another process's) commits, and reading it touches
/// no table, so asking every [`FileWatch::PERIOD`] costs next to nothing.
struct FileWatch {
    conn: Connection,
    seen: Option<i64>,
}

impl FileWatch {
    const PERIOD: Duration = Duration::from_secs(2);

    fn open(path: &Path) -> Result<FileWatch, ProgressError> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|err| describe(path, &err))?;
        let mut watch = FileWatch { conn, seen: None };
        watch.changed();
        Ok(watch)
    }
}

impl ChangeWatch for FileWatch {
    fn changed(&mut self) -> bool {
        let now: Option<i64> = self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))
            .ok();
        // A failed read says nothing: report a change, so the view reads
        // the store and shows whatever error that gives.
        let changed = now.is_none() || now != self.seen;
        self.seen = now;
        changed
    }
    fn period(&self) -> Duration {
        FileWatch::PERIOD
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lesson_is_finished_when_all_is_read_and_every_question_closed() {
        let s = |read, solved, given_up| Summary {
            sections_read: read,
            sections_total: 3,
            questions_solved: solved,
            questions_given_up: given_up,
            questions_total: 4,
            last_read: None,
        };
        assert!(s(3, 4, 0).finished());
        assert!(s(3, 2, 2).finished(), "given up counts as closed");
        assert!(!s(2, 4, 0).finished(), "a section not read");
        assert!(!s(3, 3, 0).finished(), "a question open");
        assert!(
            !Summary::default().finished(),
            "an empty lesson is not done"
        );
    }

    use super::*;

    fn learner() -> Learner {
        Learner::new("ada", "Ada")
    }

    #[test]
    fn new_store_is_at_the_current_schema_version() -> Result<(), ProgressError> {
        let store = Store::open_in_memory()?;
        let version: u32 = store
            .lock()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| ProgressError(e.to_string()))?;
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION, 5);
        Ok(())
    }

    #[test]
    fn migrating_from_version_one_fills_last_read() -> Result<(), Box<dyn std::error::Error>> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(migrations::MIGRATIONS[0].sqlite)?;
        conn.pragma_update(None, "user_version", 1)?;
        conn.execute(
            "INSERT INTO lesson_position (learner, lesson, section, scroll) VALUES ('ada', 'd', 's1', 3)",
            [],
        )?;
        conn.execute(
            "INSERT INTO question VALUES ('ada', 'd', 'q1', 'solved', 1, 0, '2x', 10, 40), ('ada', 'd', 'q2', 'open', 2, 1, 'x', 20, 70)",
            [],
        )?;
        let store = Store::from_connection(conn, None);
        store.migrate()?;
        let summary = store.lesson_summary(&learner(), "d", &["q1", "q2"], &[])?;
        assert_eq!(summary.last_read, Some(70));
        assert_eq!(summary.questions_solved, 1);
        Ok(())
    }

    #[test]
    fn a_newer_schema_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
        let store = Store::from_connection(conn, None);
        let message = store
            .migrate()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("newer chalkdust"), "{message}");
        Ok(())
    }

    #[test]
    fn every_write_also_records_when_the_lesson_was_last_read() -> Result<(), ProgressError> {
        let store = Store::open_in_memory()?.with_clock(|| 1234);
        store.recorder(&learner(), "d").hint("q", 1)?;
        let summary = store.lesson_summary(&learner(), "d", &["q"], &[])?;
        assert_eq!(summary.last_read, Some(1234));
        Ok(())
    }

    #[test]
    fn store_and_recorders_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<Store>();
    }

    #[test]
    fn out_of_range_counts_are_clamped() {
        assert_eq!(clamp_u32(-5), 0);
        assert_eq!(clamp_u32(i64::MAX), u32::MAX);
        assert_eq!(clamp_u32(7), 7);
    }
}
