//! The PostgreSQL store's connections: what the pool hands out (a client
//! and the statements prepared on it), and one transaction's view of it.
//!
//! Why by hand: `r2d2_postgres` hands out bare clients, so every call
//! prepared its statement again (one more round trip each), and its
//! `BEGIN` and `NOTIFY` went out as separate messages. Here a statement is
//! prepared once per connection and kept (PostgreSQL keeps a prepared
//! statement for the life of the session), and a transaction begins and
//! queues its notification in one message.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{NoTls, Row, Statement};

/// A pooled connection: the client, and its statements by SQL text.
pub(super) struct Conn {
    client: postgres::Client,
    prepared: HashMap<&'static str, Statement>,
    /// A call found the connection lost: the pool drops it when it comes
    /// back, even if the client has not noticed the socket closing yet.
    lost: bool,
}

/// Makes [`Conn`]s for the pool from one configuration.
#[derive(Debug)]
pub(super) struct Manager {
    config: postgres::Config,
}

impl Manager {
    pub(super) fn new(config: postgres::Config) -> Self {
        Self { config }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            prepared: HashMap::new(),
            lost: false,
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
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
    pub(super) err: postgres::Error,
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

fn lost(err: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    err.is_closed()
        || err
            .code()
            .is_some_and(|code| [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN].contains(code))
}

impl Conn {
    /// Runs `work` between `begin` (one message: `BEGIN ...; NOTIFY ...`,
    /// say) and `COMMIT`; rolls back if `work` fails.
    pub(super) fn transaction<T>(
        &mut self,
        begin: &str,
        work: impl FnOnce(&mut Tx<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, Failed> {
        let value = self
            .client
            .batch_execute(begin)
            .and_then(|()| work(&mut Tx { conn: self }));
        let value = match value {
            Ok(value) => value,
            Err(err) => {
                // A lost connection has rolled back already; otherwise end
                // the failed transaction so the connection can be reused.
                self.lost |= lost(&err);
                if !self.lost && !self.client.is_closed() {
                    let _ = self.client.batch_execute("ROLLBACK");
                }
                return Err(Failed {
                    err,
                    committing: false,
                });
            }
        };
        self.client.batch_execute("COMMIT").map_err(|err| {
            self.lost |= lost(&err);
            Failed {
                err,
                committing: true,
            }
        })?;
        Ok(value)
    }

    /// The bare client, for work that is not a store call (migrations).
    pub(super) fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }
}

/// The statements of one transaction, each prepared once per connection.
pub(super) struct Tx<'a> {
    conn: &'a mut Conn,
}

impl Tx<'_> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(found) = self.conn.prepared.get(sql) {
            return Ok(found.clone());
        }
        let made = self.conn.client.prepare(sql)?;
        self.conn.prepared.insert(sql, made.clone());
        Ok(made)
    }

    pub(super) fn execute(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.conn.client.execute(&statement, params)
    }

    pub(super) fn query(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.conn.client.query(&statement, params)
    }

    pub(super) fn query_one(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.conn.client.query_one(&statement, params)
    }

    pub(super) fn query_opt(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.conn.client.query_opt(&statement, params)
    }

    /// A statement built at run time (a table name from a fixed list), not
    /// kept: prepared and run in one go.
    pub(super) fn execute_once(
        &mut self,
        sql: &str,
        params: Params,
    ) -> Result<u64, postgres::Error> {
        self.conn.client.execute(sql, params)
    }
}
