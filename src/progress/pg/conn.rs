//! The PostgreSQL store's connections: what the pool hands out (a client
//! and the statements prepared on it), and one transaction's view of it.
//!
//! Why by hand: `r2d2_postgres` hands out bare clients, so every call
//! prepared its statement again (one more round trip each), and its
//! `BEGIN` and `NOTIFY` went out as separate messages. Here a statement is
//! prepared once per connection and kept (PostgreSQL keeps a prepared
//! statement for the life of the session).
//!
//! A transaction is also *pipelined*: its opening (`BEGIN; NOTIFY ...`)
//! goes out in the same write as its first statement, and its last
//! statement in the same write as `COMMIT` ([`Tx::execute_and_commit`]),
//! so a write that needs no answer in between (a reading position, and a
//! check, whose rules are in its one statement) is one round trip, and one
//! that reads its row before it writes (an opened hint) is two; each round
//! trip is a wake-up of the database's process and then of the session's,
//! which on a busy machine may each wait for a core (issue 20). Measured
//! alone (`benches/store_latency.rs`), fewer round trips were no faster: a
//! durable check mostly waits for its commit to reach the disk; under a
//! class's load, the check's wait in the server was measured step by step
//! (docs/performance.md).
//! The blocking `postgres` client cannot send a request before the last
//! one's answer, so a connection is `tokio-postgres` (what `postgres`
//! wraps) driven the same way `postgres` drives it: a current-thread
//! runtime of its own, run only while a call waits. The requests of one
//! write are made in order and polled in order (`futures_util`'s `join`
//! polls its futures first to last, and `tokio-postgres` sends a request
//! when it is first polled), so the database receives them in order.

use std::collections::HashMap;
use std::future::Future;

use futures_util::future::join;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row, Statement};

/// A pooled connection: the client, the runtime that drives its socket,
/// and its statements by SQL text.
pub(super) struct Conn {
    /// Drives this connection's socket, only while a call waits on it.
    runtime: tokio::runtime::Runtime,
    client: Client,
    prepared: HashMap<&'static str, Statement>,
    /// A call found the connection lost: the pool drops it when it comes
    /// back, even if the client has not noticed the socket closing yet.
    lost: bool,
}

/// Why a connection could not be made.
#[derive(Debug, thiserror::Error)]
pub(super) enum ConnectError {
    #[error(transparent)]
    Database(#[from] tokio_postgres::Error),
    #[error("cannot start the connection's runtime: {0}")]
    Runtime(#[from] std::io::Error),
}

/// Makes [`Conn`]s for the pool from one configuration.
#[derive(Debug)]
pub(super) struct Manager {
    config: tokio_postgres::Config,
}

impl Manager {
    pub(super) fn new(config: tokio_postgres::Config) -> Self {
        Self { config }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = ConnectError;

    fn connect(&self) -> Result<Conn, ConnectError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (client, connection) = runtime.block_on(self.config.connect(NoTls))?;
        // Runs whenever a call on this connection waits (`block_on`), and
        // ends when the connection closes.
        runtime.spawn(async move {
            let _closed = connection.await;
        });
        Ok(Conn {
            runtime,
            client,
            prepared: HashMap::new(),
            lost: false,
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), ConnectError> {
        conn.block_on(|client| client.simple_query(""))?;
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.lost || conn.client.is_closed()
    }
}

/// Parameters of a statement.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// How a transaction failed: its error, and whether `COMMIT` had been sent
/// (then whether it took effect is unknown).
pub(super) struct Failed {
    pub(super) err: tokio_postgres::Error,
    pub(super) committing: bool,
}

impl Failed {
    /// Whether the transaction can safely run again on another connection:
    /// the connection was lost before `COMMIT` went out, so the database
    /// rolled everything back. A restarting server says so first
    /// ("terminating connection due to administrator command") and then
    /// closes the socket; either is a lost connection.
    pub(super) fn can_retry(&self) -> bool {
        lost(&self.err) && !self.committing
    }
}

fn lost(err: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    err.is_closed()
        || err
            .code()
            .is_some_and(|code| [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN].contains(code))
}

impl Conn {
    /// Runs `work` between `begin` (one message: `BEGIN ...; NOTIFY ...`,
    /// say), sent with its first statement, and `COMMIT`, sent with its last
    /// if it ends with [`Tx::execute_and_commit`] and after it otherwise;
    /// rolls back if `work` fails.
    pub(super) fn transaction<T>(
        &mut self,
        begin: &str,
        work: impl FnOnce(&mut Tx<'_>) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, Failed> {
        let mut tx = Tx {
            conn: self,
            begin: Some(begin),
            opening_failed: false,
            commit_sent: false,
        };
        let value = work(&mut tx);
        let Tx {
            begin,
            opening_failed,
            commit_sent,
            ..
        } = tx;
        let begun = begin.is_none() && !opening_failed;
        let value = match value {
            Ok(value) => value,
            Err(err) => {
                // A lost connection has rolled back already, and a `COMMIT`
                // after a failed statement rolls back too; otherwise end the
                // failed transaction so the connection can be reused.
                self.lost |= lost(&err);
                if begun && !commit_sent && !self.lost && !self.client.is_closed() {
                    let _ = self.block_on(|client| client.batch_execute("ROLLBACK"));
                }
                return Err(Failed {
                    err,
                    // When the opening itself failed, nothing after it ran,
                    // `COMMIT` included.
                    committing: commit_sent && !opening_failed,
                });
            }
        };
        if begun && !commit_sent {
            self.block_on(|client| client.batch_execute("COMMIT"))
                .map_err(|err| {
                    self.lost |= lost(&err);
                    Failed {
                        err,
                        committing: true,
                    }
                })?;
        }
        Ok(value)
    }

    /// Waits for the future `call` makes with the client, driving the
    /// connection meanwhile.
    fn block_on<'c, T, F>(&'c mut self, call: impl FnOnce(&'c Client) -> F) -> T
    where
        F: Future<Output = T> + 'c,
    {
        let Conn {
            runtime, client, ..
        } = self;
        runtime.block_on(call(client))
    }
}

/// The statements of one transaction, each prepared once per connection.
pub(super) struct Tx<'a> {
    conn: &'a mut Conn,
    /// The transaction's opening, until it goes out with the first
    /// statement.
    begin: Option<&'a str>,
    /// The opening failed: nothing of the transaction ran.
    opening_failed: bool,
    /// `COMMIT` went out with the last statement.
    commit_sent: bool,
}

/// The opening of a transaction, when it is still to be sent, as the first
/// of a write's requests.
async fn opening(client: &Client, begin: Option<&str>) -> Result<(), tokio_postgres::Error> {
    match begin {
        Some(sql) => client.batch_execute(sql).await,
        None => Ok(()),
    }
}

impl Tx<'_> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, tokio_postgres::Error> {
        if let Some(found) = self.conn.prepared.get(sql) {
            return Ok(found.clone());
        }
        // Prepared outside the transaction (and before its opening goes
        // out): a prepared statement is the session's, not the
        // transaction's.
        let made = self.conn.block_on(|client| client.prepare(sql))?;
        self.conn.prepared.insert(sql, made.clone());
        Ok(made)
    }

    /// Sends the request `call` makes, after the transaction's opening if
    /// that is still to go (polled first, so sent first), and waits for
    /// both.
    fn send<T>(
        &mut self,
        call: impl AsyncFnOnce(&Client) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, tokio_postgres::Error> {
        let begin = self.begin.take();
        let (opened, result) = self
            .conn
            .block_on(|client| join(opening(client, begin), call(client)));
        if let Err(err) = opened {
            self.opening_failed = true;
            return Err(err);
        }
        result
    }

    pub(super) fn execute(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<u64, tokio_postgres::Error> {
        let statement = self.statement(sql)?;
        self.send(async |client| client.execute(&statement, params).await)
    }

    /// [`Tx::execute`] for the transaction's last statement, sent with its
    /// `COMMIT` (and with its opening, if it is the only one): nothing may
    /// follow it in `work`.
    pub(super) fn execute_and_commit(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<u64, tokio_postgres::Error> {
        let statement = self.statement(sql)?;
        self.commit_sent = true;
        self.send(async |client| {
            let (done, committed) = join(
                client.execute(&statement, params),
                client.batch_execute("COMMIT"),
            )
            .await;
            // A failed statement turned the `COMMIT` into a rollback: its
            // own error is the one to report.
            let count = done?;
            committed?;
            Ok(count)
        })
    }

    pub(super) fn query(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Vec<Row>, tokio_postgres::Error> {
        let statement = self.statement(sql)?;
        self.send(async |client| client.query(&statement, params).await)
    }

    pub(super) fn query_one(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Row, tokio_postgres::Error> {
        let statement = self.statement(sql)?;
        self.send(async |client| client.query_one(&statement, params).await)
    }

    pub(super) fn query_opt(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Option<Row>, tokio_postgres::Error> {
        let statement = self.statement(sql)?;
        self.send(async |client| client.query_opt(&statement, params).await)
    }

    /// A statement built at run time (a table name from a fixed list), not
    /// kept: prepared and run in one go.
    pub(super) fn execute_once(
        &mut self,
        sql: &str,
        params: Params,
    ) -> Result<u64, tokio_postgres::Error> {
        self.send(async |client| client.execute(sql, params).await)
    }
}
