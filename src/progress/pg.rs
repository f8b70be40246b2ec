//! The PostgreSQL progress store: one database shared by several
//! `chalkdust serve` instances (`--store postgres://...`).
//!
//! It offers what the SQLite [`Store`](super::Store) offers, with the same
//! method names and meanings, so the app can hold either behind one trait.
//!
//! Why these crates and choices:
//! - `tokio-postgres` (rust-postgres, the client most Rust PostgreSQL code
//!   uses) driven synchronously, as its blocking wrapper `postgres` drives
//!   it: the store's methods are synchronous and run on each session's own
//!   thread (`ssh/session.rs`), exactly like the SQLite store, so no async
//!   runtime has to be threaded through the app. Each connection drives its
//!   socket on a small current-thread runtime of its own while a call is in
//!   progress; no thread per connection. Not the blocking wrapper itself:
//!   it waits for each answer before sending the next request, and a write
//!   here sends several at once (`pg/conn.rs`). Migrations and the
//!   teacher's view's listening connection, which gain nothing from that,
//!   use `postgres`.
//! - `r2d2` (the pool diesel uses): a bounded pool ([`POOL_SIZE`]) that drops
//!   broken connections when they come back. Its connections are our own
//!   [`Conn`]: the client and the statements already prepared on it, so a
//!   statement is parsed and planned once per connection, not once per call
//!   (`r2d2_postgres`, which we used first, hands out bare clients, and
//!   every call paid a second round trip to prepare its statement).
//!   `deadpool-postgres` has such a cache but is async and would need a
//!   runtime handle inside every synchronous call.
//! - Round trips are what a check waits for on a busy machine: each one is
//!   a wake-up of the database's process and then of ours, and each wake-up
//!   may wait for a core. A check is one: `BEGIN` and `NOTIFY`, one
//!   statement holding the check's rules ([`PgRecorder::save_check`]) and
//!   `COMMIT`, in one write; so is a reading position. An opened hint is
//!   two: the opening sent with the statement that makes or locks the
//!   question's row and returns it, then the row and its try sent with
//!   `COMMIT`. (Five, three and five before they were pipelined;
//!   docs/performance.md.) There is no test query on checkout either: a
//!   connection the database dropped while idle fails its first request,
//!   and a write whose opening failed that way is run once more on a fresh
//!   connection (nothing of it ran, so it cannot count twice).
//! - Everything sits behind the `postgres` cargo feature, and nothing here
//!   runs until a `postgres://` store is opened: the local runner with SQLite
//!   opens no connection and starts no thread (the pool's three helper
//!   threads exist only inside a [`PgStore`]).
//!
//! Semantics:
//! - Durable when the learner sees the verdict: each write is one
//!   transaction committed before the method returns, with
//!   `synchronous_commit = on` forced for our sessions, so the commit has
//!   reached the server's write-ahead log on disk (and any synchronous
//!   replica) whatever the server's default.
//! - The same learner on two servers at once loses nothing: a check's
//!   upsert applies [`apply_check`]'s rules (in SQL) to the question's row
//!   as it finds it locked, and an opened hint locks the row, applies
//!   [`apply_hint`] to what is committed and writes it back; two writes are
//!   applied one after the other, each counted. Every transaction takes
//!   its row locks in the same order (learner, lesson position, question),
//!   so writers never deadlock each other.
//! - Unreachable database: a write fails with a [`ProgressError`] (the app
//!   shows "progress not saved") after at most [`CONNECT_TIMEOUT`]; for
//!   [`RETRY_AFTER`] after such a failure further calls fail at once rather
//!   than each freezing a learner's screen, then the next call tries again.
//!   A pool whose connections are all busy is not unreachable: the call
//!   that waited fails, the next ones still try.
//!   Nothing is queued: what was refused was refused visibly, and everything
//!   written once the database is back is kept.
//! - Migrations come from the shared table in `progress/migrations.rs`, run
//!   in one transaction under an advisory lock (so two servers starting
//!   together do not both migrate), logged in the `chalkdust_schema` table;
//!   a database written by a newer chalkdust is refused.
//!
//! TLS is not built in: connect over a Unix socket, loopback or a private
//! network (see docs/serving.md).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use postgres::fallible_iterator::FallibleIterator;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::error::SqlState;
use postgres::{NoTls, Row as PgRow};
use r2d2::{Pool, PooledConnection};

mod conn;
use conn::{ConnectError, Failed, Manager, Tx};

use super::export::{QuestionRow, Reading};
use super::migrations::{self, SCHEMA_VERSION};
use super::store::Summary;
use super::{
    ChangeWatch, Learner, LessonRecord, LiveSession, Outcome, ProgressError, QuestionRecord,
    Recorder, SESSION_FORGET, Status, TryRecord, apply_check, apply_hint,
};

type Client = PooledConnection<Manager>;
type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The most connections one chalkdust process holds. Each write holds one
/// for about a millisecond, so a few hundred sessions share 16 comfortably;
/// several servers times this must stay under the database's
/// `max_connections` (100 by default).
pub const POOL_SIZE: u32 = 16;

/// How long a call waits for a connection (a new one, or a free one from a
/// busy pool) before it reports that progress was not saved.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// After a call found the database unreachable, how long further calls fail
/// at once instead of waiting [`CONNECT_TIMEOUT`] each.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Settings forced on every session, after any the URL gives: commits wait
/// for the disk, and a statement stuck behind a lock gives up instead of
/// holding a learner's screen.
const SESSION_OPTIONS: &str =
    "-c synchronous_commit=on -c lock_timeout=5s -c statement_timeout=10s";

/// The channel every write notifies and every live view listens on.
const CHANNEL: &str = "chalkdust_changed";
/// How every write begins: its notification queued with the `BEGIN`, one
/// message (delivered at commit, to every open teacher's view, PgWatch;
/// PostgreSQL folds the same notification within a transaction).
const BEGIN_WRITE: &str = "BEGIN; NOTIFY chalkdust_changed";
/// How every read begins: several queries see one moment even while other
/// servers write.
const BEGIN_READ: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// The advisory lock key that serialises migrations across servers
/// ("chalkdus" in ASCII).
const MIGRATION_LOCK: i64 = 0x6368_616c_6b64_7573;

/// An open PostgreSQL progress store; clones share one pool.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool<Manager>,
    /// The URL with any password hidden, for messages.
    shown: Arc<str>,
    /// When a call last failed to reach the database.
    down_since: Arc<Mutex<Option<Instant>>>,
    /// Learners whose name this store has written, by id (see
    /// [`PgStore::write_as`]).
    named: Arc<Mutex<HashMap<String, String>>>,
    clock: Clock,
    /// How to connect, for the listening connection of [`PgWatch`].
    config: Arc<postgres::Config>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`, or
    /// any form libpq accepts as a URL), bringing an older schema up to date.
    pub fn open(url: &str) -> Result<PgStore, ProgressError> {
        PgStore::open_with_pool(url, POOL_SIZE)
    }

    /// [`PgStore::open`] with at most `pool_size` connections (at least one).
    pub fn open_with_pool(url: &str, pool_size: u32) -> Result<PgStore, ProgressError> {
        let shown: Arc<str> = Arc::from(super::location::hide_password(url));
        let mut config: tokio_postgres::Config = url.parse().map_err(|err| {
            ProgressError(format!(
                "{shown} is not a PostgreSQL URL chalkdust can use: {err}"
            ))
        })?;
        let options = match config.get_options() {
            Some(given) if !given.trim().is_empty() => format!("{given} {SESSION_OPTIONS}"),
            _ => SESSION_OPTIONS.to_string(),
        };
        config.options(&options);
        if config.get_application_name().is_none() {
            config.application_name("chalkdust");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A server that vanished without closing the socket (a network
        // partition) is noticed in seconds, not after the kernel's hours.
        config.keepalives_idle(Duration::from_secs(10));
        config.tcp_user_timeout(Duration::from_secs(10));
        let manager = Manager::new(config.clone());
        // The same settings for the connections that are not the pool's
        // (migrations, a teacher's view listening for changes).
        let config = postgres::Config::from(config);
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            // A test query per checkout is one more round trip per call; a
            // connection lost while idle is retried instead (see `write`).
            .test_on_check_out(false)
            .connection_timeout(CONNECT_TIMEOUT)
            .error_handler(Box::new(TracingErrors))
            .build(manager)
            .map_err(|err| {
                ProgressError(format!(
                    "cannot connect to {shown} within {} s ({err}); check that the server is running and the URL, user and password are right",
                    CONNECT_TIMEOUT.as_secs()
                ))
            })?;
        let store = PgStore {
            pool,
            shown,
            down_since: Arc::new(Mutex::new(None)),
            named: Arc::default(),
            clock: Arc::new(unix_now),
            config: Arc::new(config),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The same store with times taken from `clock` (unix seconds) instead of
    /// the system clock; for tests that assert exact times.
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> PgStore {
        self.clock = Arc::new(clock);
        self
    }

    /// The database's URL with any password hidden.
    pub fn url(&self) -> &str {
        &self.shown
    }

    /// A recorder for `learner` in `lesson_id`, saving into this store.
    pub fn recorder(&self, learner: &Learner, lesson_id: &str) -> Box<dyn Recorder> {
        Box::new(self.pg_recorder(learner, lesson_id))
    }

    fn pg_recorder(&self, learner: &Learner, lesson_id: &str) -> PgRecorder {
        PgRecorder {
            store: self.clone(),
            learner: learner.clone(),
            lesson: lesson_id.to_string(),
        }
    }

    /// Everything kept for `learner` in `lesson_id`.
    pub fn lesson_record(
        &self,
        learner: &Learner,
        lesson_id: &str,
    ) -> Result<LessonRecord, ProgressError> {
        self.read("read progress", |tx| {
            Ok(read_lesson(tx, &learner.id, lesson_id)?.0)
        })
    }

    /// The lesson `learner` read last (as
    /// [`Store::last_read_lesson`](super::Store::last_read_lesson)).
    pub fn last_read_lesson(&self, learner: &Learner) -> Result<Option<String>, ProgressError> {
        self.read("read progress", |tx| {
            let row = tx.query_opt(
                "SELECT lesson FROM lesson_position WHERE learner = $1 AND last_read IS NOT NULL
                 ORDER BY last_read DESC, lesson LIMIT 1",
                &[&learner.id],
            )?;
            row.map(|r| r.try_get::<_, String>(0)).transpose()
        })
    }

    /// The catalog's view of a lesson, counted against `question_ids` and
    /// `section_ids` only (as [`Store::lesson_summary`](super::Store::lesson_summary)).
    pub fn lesson_summary(
        &self,
        learner: &Learner,
        lesson_id: &str,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Result<Summary, ProgressError> {
        let (record, last_read) = self.read("read progress", |tx| {
            read_lesson(tx, &learner.id, lesson_id)
        })?;
        Ok(Summary::of(&record, last_read, question_ids, section_ids))
    }

    /// Forgets `learner`'s progress in `lesson_id`: one question's record if
    /// `question` is given, else everything in the lesson. Returns how many
    /// records were removed.
    pub fn reset(
        &self,
        learner: &Learner,
        lesson_id: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError> {
        self.write("reset progress", |tx| {
            // Tries and answers go with their question, uncounted (as in
            // SQLite).
            for table in ["question_try", "answer"] {
                tx.execute_once(
                    &format!(
                        "DELETE FROM {table} WHERE learner = $1 AND lesson = $2
                         AND ($3::text IS NULL OR question = $3)"
                    ),
                    &[&learner.id, &lesson_id, &question],
                )?;
            }
            let removed = match question {
                Some(question) => tx.execute(
                    "DELETE FROM question WHERE learner = $1 AND lesson = $2 AND question = $3",
                    &[&learner.id, &lesson_id, &question],
                )?,
                None => {
                    let mut removed = 0;
                    // The order every writer locks rows in (position before
                    // question), so a reset never deadlocks a learner's write.
                    for table in ["lesson_position", "section_read", "question"] {
                        removed += tx.execute_once(
                            &format!("DELETE FROM {table} WHERE learner = $1 AND lesson = $2"),
                            &[&learner.id, &lesson_id],
                        )?;
                    }
                    removed
                }
            };
            Ok(usize::try_from(removed).unwrap_or(usize::MAX))
        })
    }

    /// Every question record of `learner`, or of everyone when `None`,
    /// ordered by learner, lesson and question; for exports.
    pub fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError> {
        self.read("read progress", |tx| {
            let rows = tx.query(
                "SELECT q.learner, coalesce(l.name, q.learner), q.lesson, q.question, q.status,
                        q.attempts, q.hints_opened, q.last_input, q.first_seen, q.last_seen
                 FROM question q LEFT JOIN learner l ON l.id = q.learner
                 WHERE $1::text IS NULL OR q.learner = $1
                 ORDER BY q.learner COLLATE \"C\", q.lesson COLLATE \"C\", q.question COLLATE \"C\"",
                &[&learner.map(|l| l.id.as_str())],
            )?;
            let mut found: Vec<QuestionRow> = rows
                .iter()
                .map(|row| {
                    Ok(QuestionRow {
                        learner: row.try_get(0)?,
                        name: row.try_get(1)?,
                        lesson: row.try_get(2)?,
                        question: row.try_get(3)?,
                        record: question_from(row, 4)?,
                        mastered: false,
                        tries: Vec::new(),
                        wrong_answers: Vec::new(),
                    })
                })
                .collect::<Result<_, postgres::Error>>()?;
            let tries = tx
                .query(
                    "SELECT learner, lesson, question, try_no, variant, attempts, hints_opened, result
                     FROM question_try WHERE $1::text IS NULL OR learner = $1
                     ORDER BY learner COLLATE \"C\", lesson COLLATE \"C\", question COLLATE \"C\", try_no",
                    &[&learner.map(|l| l.id.as_str())],
                )?
                .iter()
                .map(|row| {
                    Ok((
                        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?),
                        TryRecord {
                            try_no: clamp_u32(row.try_get(3)?),
                            variant: row.try_get(4)?,
                            attempts: clamp_u32(row.try_get(5)?),
                            hints_opened: clamp_u32(row.try_get(6)?),
                            result: status_from(row.try_get(7)?),
                        },
                    ))
                })
                .collect::<Result<Vec<_>, postgres::Error>>()?;
            QuestionRow::attach_tries(&mut found, tries);
            let answers = tx
                .query(
                    "SELECT learner, lesson, question, input FROM answer
                     WHERE outcome = 'wrong' AND ($1::text IS NULL OR learner = $1)
                     ORDER BY seq",
                    &[&learner.map(|l| l.id.as_str())],
                )?
                .iter()
                .map(|row| Ok(((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?), row.try_get(3)?)))
                .collect::<Result<Vec<_>, postgres::Error>>()?;
            QuestionRow::attach_wrong_answers(&mut found, answers);
            Ok(found)
        })
    }

    /// Every learner's reading of every lesson (see
    /// [`super::ProgressStore::readings`]).
    pub fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        self.read("read progress", |tx| {
            let rows = tx.query(
                "SELECT p.learner, coalesce(l.name, p.learner), p.lesson,
                        (SELECT count(*) FROM section_read s
                         WHERE s.learner = p.learner AND s.lesson = p.lesson),
                        p.last_read
                 FROM lesson_position p LEFT JOIN learner l ON l.id = p.learner
                 ORDER BY p.learner COLLATE \"C\", p.lesson COLLATE \"C\"",
                &[],
            )?;
            rows.iter()
                .map(|row| {
                    Ok(Reading {
                        learner: row.try_get(0)?,
                        name: row.try_get(1)?,
                        lesson: row.try_get(2)?,
                        sections_read: clamp_u32(row.try_get(3)?),
                        last_read: row.try_get(4)?,
                    })
                })
                .collect()
        })
    }

    /// Checks that the database is reachable, at this build's schema
    /// version, and that every table can be read. PostgreSQL checks its own
    /// pages (data checksums, `pg_amcheck`); this is chalkdust's side.
    pub fn check_integrity(&self) -> Result<(), ProgressError> {
        let found = self.read("check the database", |tx| {
            let found = version_in(&tx.query_one(SCHEMA_VERSION_SQL, &[])?)?;
            for table in ["learner", "lesson_position", "section_read", "question"] {
                tx.execute_once(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?;
            }
            Ok(found)
        })?;
        if found == SCHEMA_VERSION {
            Ok(())
        } else {
            Err(ProgressError(format!(
                "{} is at schema version {found}, but this chalkdust writes version {SCHEMA_VERSION}",
                self.shown
            )))
        }
    }

    /// Brings the schema up to [`SCHEMA_VERSION`] in one transaction.
    fn migrate(&self) -> Result<(), ProgressError> {
        let shown = Arc::clone(&self.shown);
        let now = (self.clock)();
        // A connection of its own: the pool's speak `tokio-postgres`, and a
        // migration is the blocking client's transaction.
        let mut conn = self
            .config
            .connect(NoTls)
            .map_err(|err| self.failed("connect to prepare the database", &err))?;
        let result = (|| {
            let mut tx = conn.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS chalkdust_schema (
                    version    INTEGER PRIMARY KEY,
                    applied_at BIGINT NOT NULL
                )",
            )?;
            let found = version_in(&tx.query_one(SCHEMA_VERSION_SQL, &[])?)?;
            if found > SCHEMA_VERSION {
                return Ok(Err(ProgressError(format!(
                    "{shown} was written by a newer chalkdust (schema version {found}; this one knows up to {SCHEMA_VERSION}); update chalkdust on every server that shares it"
                ))));
            }
            for migration in migrations::pending(found) {
                if let Err(err) = tx.batch_execute(migration.postgres) {
                    return Ok(Err(ProgressError(format!(
                        "cannot update {shown} to schema version {}: {}",
                        migration.version,
                        explain(&err)
                    ))));
                }
                let version = i32::try_from(migration.version).unwrap_or(i32::MAX);
                tx.execute(
                    "INSERT INTO chalkdust_schema (version, applied_at) VALUES ($1, $2)",
                    &[&version, &now],
                )?;
            }
            tx.commit()?;
            Ok(Ok(()))
        })();
        result.map_err(|err: postgres::Error| self.failed("prepare the database", &err))?
    }

    /// A connection from the pool, or an error at once while the database is
    /// known to be down (see [`RETRY_AFTER`]).
    fn client(&self) -> Result<Client, ProgressError> {
        let down_since = *self.down();
        if let Some(since) = down_since
            && since.elapsed() < RETRY_AFTER
        {
            return Err(ProgressError(format!(
                "cannot reach the database {}; will try again shortly",
                self.shown
            )));
        }
        // The lock is not held while waiting: a busy pool's waiters queue in
        // the pool, each with its own timeout.
        let waited = Instant::now();
        match self.pool.get() {
            Ok(client) => {
                *self.down() = None;
                Ok(client)
            }
            Err(err) => {
                // Fail fast for a while only when the database is out of
                // reach (the pool could keep no connection). Every
                // connection busy is a swamped database, not a dead one
                // (a class logging in again at once after a server
                // died): failing every call for a second there would turn
                // one slow call into hundreds of failed ones.
                let busy = self.pool.state().connections > 0;
                if !busy {
                    *self.down() = Some(Instant::now());
                }
                let why = if busy {
                    "every connection stayed busy"
                } else {
                    "no connection could be made"
                };
                Err(ProgressError(format!(
                    "cannot reach the database {} ({why}; gave up after {} ms: {err})",
                    self.shown,
                    waited.elapsed().as_millis()
                )))
            }
        }
    }

    fn down(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        // Only a timestamp is behind the lock; a panic elsewhere cannot
        // leave it half-written.
        self.down_since
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` in its own read-write transaction and commits it. A
    /// connection found lost before `COMMIT` was sent (the database
    /// restarted while it sat in the pool) is dropped and the work runs once
    /// more on a fresh one: nothing of the first run was kept.
    fn write<T>(
        &self,
        what: &str,
        work: impl FnMut(&mut Tx<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, ProgressError> {
        self.run(what, BEGIN_WRITE, work)
    }

    /// Runs `work` in a read-only snapshot, so several queries see one
    /// moment even while other servers write.
    fn read<T>(
        &self,
        what: &str,
        work: impl FnMut(&mut Tx<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, ProgressError> {
        self.run(what, BEGIN_READ, work)
    }

    /// [`PgStore::write`] on behalf of `learner`: their name is written
    /// first (the row every writer locks first) unless this store already
    /// wrote it. Learner rows are never deleted and nothing refers to them,
    /// so skipping the upsert costs no correctness, and saves a round trip
    /// on nearly every write.
    fn write_as<T>(
        &self,
        learner: &Learner,
        what: &str,
        mut work: impl FnMut(&mut Tx<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, ProgressError> {
        let known = self.named().get(&learner.id) == Some(&learner.name);
        let value = self.write(what, |tx| {
            if !known {
                write_learner(tx, learner)?;
            }
            work(tx)
        })?;
        if !known {
            self.named()
                .insert(learner.id.clone(), learner.name.clone());
        }
        Ok(value)
    }

    fn named(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // Only finished inserts are behind the lock.
        self.named
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn run<T>(
        &self,
        what: &str,
        begin: &str,
        mut work: impl FnMut(&mut Tx<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, ProgressError> {
        // After a restart every idle connection is lost, and each fails at
        // once; the pool drops each as it comes back. One more than the pool
        // holds always reaches a fresh connection.
        let mut tries = self.pool.max_size() + 1;
        loop {
            let mut client = self.client()?;
            match client.transaction(begin, &mut work) {
                Ok(value) => return Ok(value),
                Err(failed) if failed.can_retry() && tries > 1 => tries -= 1,
                Err(Failed { err, .. }) => return Err(self.failed(what, &err)),
            }
        }
    }

    fn failed(&self, what: &str, err: &postgres::Error) -> ProgressError {
        ProgressError(format!(
            "could not {what} in {}: {}",
            self.shown,
            explain(err)
        ))
    }
}

/// A plain account of a PostgreSQL error, with advice where there is some.
fn explain(err: &postgres::Error) -> String {
    if err.is_closed() {
        return "the connection to the database was lost (is the server restarting?); the next action will reconnect".to_string();
    }
    let Some(db) = err.as_db_error() else {
        return err.to_string();
    };
    let advice = match *db.code() {
        SqlState::INSUFFICIENT_PRIVILEGE => {
            " (the database user needs to create tables and write in this database)"
        }
        SqlState::READ_ONLY_SQL_TRANSACTION => " (this server is a read-only replica)",
        SqlState::LOCK_NOT_AVAILABLE | SqlState::QUERY_CANCELED => {
            " (another session held the rows too long; try again)"
        }
        _ => "",
    };
    format!("{} [{}]{advice}", db.message(), db.code().code())
}

/// Sends the pool's background connection errors to the log, where the
/// server's other messages go.
#[derive(Debug)]
struct TracingErrors;

impl r2d2::HandleError<ConnectError> for TracingErrors {
    fn handle_error(&self, error: ConnectError) {
        let error = match &error {
            ConnectError::Database(err) => explain(err),
            ConnectError::Runtime(_) => error.to_string(),
        };
        tracing::warn!(error = %error, "progress database connection failed");
    }
}

const SCHEMA_VERSION_SQL: &str = "SELECT max(version) FROM chalkdust_schema";

/// The schema version in the row [`SCHEMA_VERSION_SQL`] returns.
fn version_in(row: &PgRow) -> Result<u32, postgres::Error> {
    let found: Option<i32> = row.try_get(0)?;
    Ok(found.map_or(0, |v| u32::try_from(v).unwrap_or(0)))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Counts are stored as BIGINT; a value edited out of range by hand is
/// clamped rather than failing the whole read.
fn clamp_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

fn status_from(word: &str) -> Status {
    Status::parse(word).unwrap_or_default()
}

fn question_from(row: &PgRow, at: usize) -> Result<QuestionRecord, postgres::Error> {
    Ok(QuestionRecord {
        status: status_from(row.try_get(at)?),
        attempts: clamp_u32(row.try_get(at + 1)?),
        hints_opened: clamp_u32(row.try_get(at + 2)?),
        last_input: row.try_get(at + 3)?,
        first_seen: row.try_get(at + 4)?,
        last_seen: row.try_get(at + 5)?,
    })
}

/// The lesson's record and when it was last read.
fn read_lesson(
    tx: &mut Tx<'_>,
    learner: &str,
    lesson: &str,
) -> Result<(LessonRecord, Option<i64>), postgres::Error> {
    let mut record = LessonRecord::default();
    let mut last_read = None;
    if let Some(row) = tx.query_opt(
        "SELECT section, scroll, last_read FROM lesson_position WHERE learner = $1 AND lesson = $2",
        &[&learner, &lesson],
    )? {
        record.section = row.try_get(0)?;
        record.scroll = clamp_u32(row.try_get(1)?);
        last_read = row.try_get(2)?;
    }
    record.sections_read = tx
        .query(
            "SELECT section FROM section_read WHERE learner = $1 AND lesson = $2 ORDER BY first_read, seq",
            &[&learner, &lesson],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    for row in tx.query(
        "SELECT question, status, attempts, hints_opened, last_input, first_seen, last_seen
         FROM question WHERE learner = $1 AND lesson = $2",
        &[&learner, &lesson],
    )? {
        record
            .questions
            .insert(row.try_get(0)?, question_from(&row, 1)?);
    }
    for row in tx.query(
        "SELECT question, try_no, variant, attempts, hints_opened, result
         FROM question_try WHERE learner = $1 AND lesson = $2
         ORDER BY question COLLATE \"C\", try_no",
        &[&learner, &lesson],
    )? {
        let t = TryRecord {
            try_no: clamp_u32(row.try_get(1)?),
            variant: row.try_get(2)?,
            attempts: clamp_u32(row.try_get(3)?),
            hints_opened: clamp_u32(row.try_get(4)?),
            result: Status::parse(row.try_get(5)?).unwrap_or_default(),
        };
        record.tries.entry(row.try_get(0)?).or_default().push(t);
    }
    Ok((record, last_read))
}

/// Keeps the first try of a question whose record was written before tries
/// were kept: try 0, copied from the question's record (as in SQLite).
fn first_try_from_question(
    tx: &mut Tx<'_>,
    learner: &str,
    lesson: &str,
    question: &str,
) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO question_try (learner, lesson, question, try_no, attempts, hints_opened, result, first_seen, last_seen)
         SELECT learner, lesson, question, 0, attempts, hints_opened, status, first_seen, last_seen
         FROM question WHERE learner = $1 AND lesson = $2 AND question = $3
         AND NOT EXISTS (SELECT 1 FROM question_try t
                         WHERE t.learner = $1 AND t.lesson = $2 AND t.question = $3)
         ON CONFLICT DO NOTHING",
        &[&learner, &lesson, &question],
    )?;
    Ok(())
}

/// The word [`PgRecorder::save_check`]'s rules read an outcome by.
fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Right => "right",
        Outcome::Wrong => "wrong",
        Outcome::GaveUp => "gave_up",
    }
}

/// Records the learner's current display name (it may change between runs).
fn write_learner(tx: &mut Tx<'_>, learner: &Learner) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO learner (id, name) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name
         WHERE learner.name IS DISTINCT FROM excluded.name",
        &[&learner.id, &learner.name],
    )?;
    Ok(())
}

/// A [`Recorder`] that saves into a [`PgStore`].
struct PgRecorder {
    store: PgStore,
    learner: Learner,
    lesson: String,
}

impl PgRecorder {
    /// An opened hint: the question's row locked, read, changed by
    /// [`apply_hint`] and written back in one transaction, two round trips.
    /// A check, which a learner waits on, is one ([`Self::save_check`]).
    fn save_hint(&self, question: &str, hints_opened: u32) -> Result<(), ProgressError> {
        let now = (self.store.clock)();
        let (learner, lesson) = (&self.learner.id, &self.lesson);
        self.store
            .write_as(&self.learner, "save the opened hint", |tx| {
                // The lesson was read now, the question's row exists and is
                // locked (a concurrent check on another server waits here for
                // ours, or we for it), and its committed state comes back: one
                // statement, the position's row first, as every writer takes
                // them. The upsert touches nothing of an existing row (it sets
                // a column to itself, which takes the row lock) and says
                // whether it made the row (`xmax = 0` on a row just inserted).
                let row = tx.query_one(
                    "WITH p AS (
                   INSERT INTO lesson_position (learner, lesson, last_read) VALUES ($1, $2, $4)
                   ON CONFLICT (learner, lesson) DO UPDATE SET last_read = excluded.last_read
                   RETURNING 1)
                 INSERT INTO question (learner, lesson, question, status, first_seen, last_seen)
                 SELECT $1, $2, $3, 'open', $4, $4 FROM (SELECT count(*) FROM p) AS written
                 ON CONFLICT (learner, lesson, question) DO UPDATE SET status = question.status
                 RETURNING status, attempts, hints_opened, last_input, first_seen, last_seen,
                   xmax = 0 AS created",
                    &[learner, lesson, &question, &now],
                )?;
                let created: bool = row.try_get(6)?;
                let previous = if created {
                    None
                } else {
                    Some(question_from(&row, 0)?)
                };
                let record = apply_hint(previous, hints_opened, now);
                // One statement: the record; the current try following it (see
                // SQLite's write_current_try), the latest try taking the counts
                // and its first outcome, or try 0 made from the record for a
                // question without tries (written before tries were kept, or
                // just created). Sent with the `COMMIT`.
                tx.execute_and_commit(
                    "WITH cur AS (
                   SELECT max(try_no) AS try_no FROM question_try
                   WHERE learner = $1 AND lesson = $2 AND question = $3),
                 q AS (
                   UPDATE question SET status = $4, attempts = $5, hints_opened = $6,
                     last_input = $7, first_seen = $8, last_seen = $9
                   WHERE learner = $1 AND lesson = $2 AND question = $3),
                 t AS (
                   UPDATE question_try SET attempts = $5, hints_opened = $6, last_seen = $9,
                     result = CASE WHEN result = 'open' THEN $4 ELSE result END
                   WHERE learner = $1 AND lesson = $2 AND question = $3
                   AND try_no = (SELECT try_no FROM cur))
                 INSERT INTO question_try (learner, lesson, question, try_no, attempts,
                   hints_opened, result, first_seen, last_seen)
                 SELECT $1, $2, $3, 0, $5, $6, $4, $8, $9 FROM cur WHERE cur.try_no IS NULL
                 ON CONFLICT DO NOTHING",
                    &[
                        learner,
                        lesson,
                        &question,
                        &record.status.as_str(),
                        &i64::from(record.attempts),
                        &i64::from(record.hints_opened),
                        &record.last_input,
                        &record.first_seen,
                        &record.last_seen,
                    ],
                )?;
                Ok(())
            })
    }
}

impl PgRecorder {
    /// A check in one statement, sent with its transaction's opening and
    /// `COMMIT`: one round trip. A check is what a learner waits on, so
    /// [`apply_check`]'s rules for a question already recorded are written
    /// here in SQL, applied to the row as the upsert finds it locked (a
    /// check from another server commits first, and this one counts on
    /// from it). A first check's row is `apply_check` itself. The store
    /// suite runs every sequence of outcomes through both stores and
    /// compares them with `apply_check` (tests/store_backends.rs).
    ///
    /// Which try the answer belongs to is read from the statement's
    /// snapshot, taken before the row lock is waited for: a new try started
    /// by the same learner on another server in that instant leaves this
    /// answer on the try before it (kept, not lost).
    fn save_check(
        &self,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        let now = (self.store.clock)();
        let first = apply_check(None, input, outcome, now);
        let (logged, kept) = outcome.logged(input).unzip();
        let (learner, lesson) = (&self.learner.id, &self.lesson);
        self.store.write_as(&self.learner, "save the answer", |tx| {
            // The position's row first, as every writer takes them; then
            // the question (inserted as `apply_check(None, ..)`, or changed
            // by its rules); the current try following it and its first
            // outcome (see SQLite's write_current_try), or try 0 made for a
            // question without tries; and the answer, if one was checked.
            tx.execute_and_commit(
                "WITH p AS (
                   INSERT INTO lesson_position (learner, lesson, last_read) VALUES ($1, $2, $4)
                   ON CONFLICT (learner, lesson) DO UPDATE SET last_read = excluded.last_read
                   RETURNING 1),
                 q AS (
                   INSERT INTO question (learner, lesson, question, status, attempts, hints_opened,
                     last_input, first_seen, last_seen)
                   SELECT $1, $2, $3, $9, $10, 0, $11, $4, $4 FROM (SELECT count(*) FROM p) AS written
                   ON CONFLICT (learner, lesson, question) DO UPDATE SET
                     status = CASE
                       WHEN $5 = 'right' THEN 'solved'
                       WHEN $5 = 'gave_up' AND question.status = 'open' THEN 'given_up'
                       ELSE question.status END,
                     attempts = CASE
                       WHEN $5 = 'gave_up' THEN least(greatest(question.attempts, 0), 4294967295)
                       ELSE least(greatest(question.attempts, 0) + 1, 4294967295) END,
                     last_input = CASE
                       WHEN $5 = 'right' THEN $6
                       WHEN question.status = 'solved' THEN question.last_input
                       WHEN $5 = 'wrong' OR $6 <> '' THEN $6
                       ELSE question.last_input END,
                     last_seen = greatest(question.first_seen, $4)
                   RETURNING status, attempts, hints_opened, first_seen, last_seen),
                 cur AS (
                   SELECT max(try_no) AS try_no FROM question_try
                   WHERE learner = $1 AND lesson = $2 AND question = $3),
                 t AS (
                   UPDATE question_try SET attempts = q.attempts, hints_opened = q.hints_opened,
                     last_seen = q.last_seen,
                     result = CASE WHEN question_try.result = 'open' THEN q.status
                                   ELSE question_try.result END
                   FROM q
                   WHERE question_try.learner = $1 AND question_try.lesson = $2
                   AND question_try.question = $3
                   AND question_try.try_no = (SELECT try_no FROM cur)),
                 a AS (
                   INSERT INTO answer (learner, lesson, question, try_no, input, outcome, answered_at)
                   SELECT $1, $2, $3, coalesce(cur.try_no, 0), $8, $7, q.last_seen FROM cur, q
                   WHERE $7::text IS NOT NULL)
                 INSERT INTO question_try (learner, lesson, question, try_no, attempts,
                   hints_opened, result, first_seen, last_seen)
                 SELECT $1, $2, $3, 0, q.attempts, q.hints_opened, q.status, q.first_seen, q.last_seen
                 FROM cur, q WHERE cur.try_no IS NULL
                 ON CONFLICT (learner, lesson, question, try_no) DO UPDATE SET
                   attempts = excluded.attempts, hints_opened = excluded.hints_opened,
                   last_seen = excluded.last_seen,
                   result = CASE WHEN question_try.result = 'open' THEN excluded.result
                                 ELSE question_try.result END",
                &[
                    learner,
                    lesson,
                    &question,
                    &now,
                    &outcome_word(outcome),
                    &input,
                    &logged,
                    &kept,
                    &first.status.as_str(),
                    &i64::from(first.attempts),
                    &first.last_input,
                ],
            )?;
            Ok(())
        })
    }

    fn save_position(&self, section: &str, scroll: u32) -> Result<(), ProgressError> {
        let now = (self.store.clock)();
        let (learner, lesson) = (&self.learner.id, &self.lesson);
        self.store.write_as(&self.learner, "save the reading position", |tx| {
            tx.execute_and_commit(
                "INSERT INTO lesson_position (learner, lesson, section, scroll, last_read)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (learner, lesson) DO UPDATE SET
                   section = excluded.section, scroll = excluded.scroll, last_read = excluded.last_read",
                &[learner, lesson, &section, &i64::from(scroll), &now],
            )?;
            Ok(())
        })
    }

    fn save_read(&self, section: &str) -> Result<(), ProgressError> {
        let now = (self.store.clock)();
        let (learner, lesson) = (&self.learner.id, &self.lesson);
        self.store
            .write_as(&self.learner, "mark the section read", |tx| {
                tx.execute_and_commit(
                    "INSERT INTO section_read (learner, lesson, section, first_read)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    &[learner, lesson, &section, &now],
                )?;
                Ok(())
            })
    }
}

impl Recorder for PgRecorder {
    fn load(&mut self) -> Result<LessonRecord, ProgressError> {
        self.store.lesson_record(&self.learner, &self.lesson)
    }

    fn position(&mut self, section: &str, scroll: u32) -> Result<(), ProgressError> {
        self.save_position(section, scroll)?;
        self.save_read(section)
    }

    fn check(
        &mut self,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        self.save_check(question, input, outcome)
    }

    fn hint(&mut self, question: &str, hints_opened: u32) -> Result<(), ProgressError> {
        self.save_hint(question, hints_opened)
    }
}

/// The app and the front ends hold a store as a [`super::ProgressStore`];
/// the writes go through this store's own recorder, so a check is durable
/// (committed) when the call returns, as with SQLite.
impl super::ProgressStore for PgStore {
    fn lesson_record(
        &self,
        learner: &Learner,
        lesson: &str,
    ) -> Result<LessonRecord, ProgressError> {
        PgStore::lesson_record(self, learner, lesson)
    }

    fn last_read_lesson(&self, learner: &Learner) -> Result<Option<String>, ProgressError> {
        PgStore::last_read_lesson(self, learner)
    }

    fn lesson_summary(
        &self,
        learner: &Learner,
        lesson: &str,
        question_ids: &[&str],
        section_ids: &[&str],
    ) -> Result<Summary, ProgressError> {
        PgStore::lesson_summary(self, learner, lesson, question_ids, section_ids)
    }

    fn record_position(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
        scroll: u32,
    ) -> Result<(), ProgressError> {
        self.pg_recorder(learner, lesson)
            .save_position(section, scroll)
    }

    fn record_read(
        &self,
        learner: &Learner,
        lesson: &str,
        section: &str,
    ) -> Result<(), ProgressError> {
        self.pg_recorder(learner, lesson).save_read(section)
    }

    fn record_check(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        input: &str,
        outcome: Outcome,
    ) -> Result<(), ProgressError> {
        self.recorder(learner, lesson)
            .check(question, input, outcome)
    }

    fn record_hint(
        &self,
        learner: &Learner,
        lesson: &str,
        question: &str,
        hints_opened: u32,
    ) -> Result<(), ProgressError> {
        self.recorder(learner, lesson).hint(question, hints_opened)
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
        let (id, try_no) = (&learner.id, i64::from(try_no));
        self.write_as(learner, "save the new try", |tx| {
            tx.execute(
                "INSERT INTO lesson_position (learner, lesson, last_read) VALUES ($1, $2, $3)
                 ON CONFLICT (learner, lesson) DO UPDATE SET last_read = excluded.last_read",
                &[id, &lesson, &now],
            )?;
            first_try_from_question(tx, id, lesson, question)?;
            let added = tx.execute(
                "INSERT INTO question_try (learner, lesson, question, try_no, variant, first_seen, last_seen)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
                &[id, &lesson, &question, &try_no, &variant, &now],
            )? == 1;
            if !added {
                tx.execute(
                    "UPDATE question_try SET variant = $5
                     WHERE learner = $1 AND lesson = $2 AND question = $3 AND try_no = $4
                     AND variant = ''",
                    &[id, &lesson, &question, &try_no, &variant],
                )?;
            } else if try_no > 0 {
                tx.execute(
                    "UPDATE question SET status = 'open', attempts = 0, hints_opened = 0,
                       last_input = NULL, last_seen = greatest(first_seen, $4)
                     WHERE learner = $1 AND lesson = $2 AND question = $3",
                    &[id, &lesson, &question, &now],
                )?;
            }
            Ok(())
        })
    }

    fn reset(
        &self,
        learner: &Learner,
        lesson: &str,
        question: Option<&str>,
    ) -> Result<usize, ProgressError> {
        PgStore::reset(self, learner, lesson, question)
    }

    fn rows(&self, learner: Option<&Learner>) -> Result<Vec<QuestionRow>, ProgressError> {
        PgStore::rows(self, learner)
    }
    fn readings(&self) -> Result<Vec<Reading>, ProgressError> {
        PgStore::readings(self)
    }
    fn record_session(&self, session: &LiveSession) -> Result<(), ProgressError> {
        let number = i64::try_from(session.session).unwrap_or(i64::MAX);
        self.write("record the session", |tx| {
            if session.started == session.last_seen {
                tx.execute(
                    "DELETE FROM live_session WHERE last_seen < $1",
                    &[&session.last_seen.saturating_sub(SESSION_FORGET)],
                )?;
            }
            tx.execute(
                "INSERT INTO live_session (instance, session, learner, name, lesson, section, started, last_seen)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (instance, session) DO UPDATE SET
                   lesson = excluded.lesson, section = excluded.section, last_seen = excluded.last_seen",
                &[
                    &session.instance,
                    &number,
                    &session.learner,
                    &session.name,
                    &session.lesson,
                    &session.section,
                    &session.started,
                    &session.last_seen,
                ],
            )?;
            Ok(())
        })
    }
    fn end_session(&self, instance: &str, session: u64) -> Result<(), ProgressError> {
        let number = i64::try_from(session).unwrap_or(i64::MAX);
        self.write("forget the session", |tx| {
            tx.execute(
                "DELETE FROM live_session WHERE instance = $1 AND session = $2",
                &[&instance, &number],
            )?;
            Ok(())
        })
    }
    fn sessions(&self, seen_since: i64) -> Result<Vec<LiveSession>, ProgressError> {
        self.read("read the sessions", |tx| {
            tx.query(
                "SELECT instance, session, learner, name, lesson, section, started, last_seen
                 FROM live_session WHERE last_seen >= $1
                 ORDER BY name COLLATE \"C\", learner COLLATE \"C\", instance COLLATE \"C\", session",
                &[&seen_since],
            )?
            .iter()
            .map(|row| {
                Ok(LiveSession {
                    instance: row.try_get(0)?,
                    session: u64::try_from(row.try_get::<_, i64>(1)?).unwrap_or(0),
                    learner: row.try_get(2)?,
                    name: row.try_get(3)?,
                    lesson: row.try_get(4)?,
                    section: row.try_get(5)?,
                    started: row.try_get(6)?,
                    last_seen: row.try_get(7)?,
                })
            })
            .collect()
        })
    }
    fn watch(&self) -> Result<Box<dyn ChangeWatch>, ProgressError> {
        let watch = PgWatch::start(Arc::clone(&self.config))
            .map_err(|err| self.failed("listen for changes", &err))?;
        Ok(Box::new(watch))
    }
}

/// Listens on [`CHANNEL`] on a connection of its own (not the pool's: a
/// listening connection must stay the same one), on a thread that waits on
/// the socket and raises a flag when a notification arrives; asking only
/// reads the flag, and no query runs while nothing changes. (The client's
/// non-blocking poll was tried first and never saw a notification: its
/// runtime does not look at the socket unless it waits.) A lost connection
/// is made again a second later, and counts as a change, as notifications
/// may have been missed meanwhile.
struct PgWatch {
    flag: Arc<AtomicBool>,
    /// Tells the thread to stop when the watch goes.
    stop: Arc<AtomicBool>,
}

impl PgWatch {
    /// How often to read the flag: prompt, and it costs nothing.
    const PERIOD: Duration = Duration::from_millis(250);
    /// How long the thread waits on the socket before looking at `stop`.
    const WAKE: Duration = Duration::from_secs(1);

    fn start(config: Arc<postgres::Config>) -> Result<PgWatch, postgres::Error> {
        let mut client = listen(&config)?;
        let flag = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (raise, halt) = (Arc::clone(&flag), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name("chalkdust-listen".into())
            .spawn(move || {
                while !halt.load(Ordering::Relaxed) {
                    let heard = {
                        let mut notifications = client.notifications();
                        let mut waiting = notifications.timeout_iter(PgWatch::WAKE);
                        FallibleIterator::next(&mut waiting).map(|n| n.is_some())
                    };
                    match heard {
                        Ok(true) => raise.store(true, Ordering::Relaxed),
                        Ok(false) => {}
                        Err(_) => loop {
                            std::thread::sleep(PgWatch::WAKE);
                            if halt.load(Ordering::Relaxed) {
                                return;
                            }
                            if let Ok(again) = listen(&config) {
                                client = again;
                                raise.store(true, Ordering::Relaxed);
                                break;
                            }
                        },
                    }
                }
            });
        if spawned.is_err() {
            // No thread, no news: the view still refreshes on its slow timer.
            tracing::warn!("cannot start the thread that listens for progress changes");
        }
        Ok(PgWatch { flag, stop })
    }
}

fn listen(config: &postgres::Config) -> Result<postgres::Client, postgres::Error> {
    let mut client = config.connect(NoTls)?;
    client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    Ok(client)
}

impl Drop for PgWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl ChangeWatch for PgWatch {
    fn changed(&mut self) -> bool {
        self.flag.swap(false, Ordering::Relaxed)
    }
    fn period(&self) -> Duration {
        PgWatch::PERIOD
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<PgStore>();
    }

    #[test]
    fn a_bad_url_is_refused_with_the_password_hidden() {
        let message = PgStore::open("postgres://ada:secret@host:notaport/db")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("not a PostgreSQL URL"), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn out_of_range_counts_are_clamped() {
        assert_eq!(clamp_u32(-5), 0);
        assert_eq!(clamp_u32(i64::MAX), u32::MAX);
    }
}
