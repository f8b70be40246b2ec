//! The progress schema's versions, for every back end, in one table.
//!
//! Each [`Migration`] moves the schema from version `n - 1` to `n` and carries
//! the SQL for each back end side by side (the files in
//! `progress/migrations/<back end>/`), so a change to the schema is one new
//! row here with one file per back end, reviewed together; a test checks the
//! two back ends end up with the same tables and columns.
//!
//! Why a table of our own rather than a migration crate (refinery,
//! sqlx-migrate): the SQLite store already versions its file with
//! `PRAGMA user_version`, which files written by earlier releases carry and a
//! crate's history table would not know; the PostgreSQL store needs only a
//! one-table version log and an advisory lock so two servers starting at once
//! do not both migrate (see `progress/pg.rs`). Both are a few lines, while a
//! crate would add its own history format and pin our rusqlite and postgres
//! versions to the ones it supports.

/// One step of the schema, for every back end.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version this step brings the schema to (1, 2, ...).
    pub version: u32,
    /// SQL for the SQLite store, run as one batch in the migrating transaction.
    pub sqlite: &'static str,
    /// SQL for the PostgreSQL store, likewise.
    pub postgres: &'static str,
}

/// Every step, in order; entry `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("migrations/sqlite/0001_learners_positions_questions.sql"),
        postgres: include_str!("migrations/postgres/0001_learners_positions_questions.sql"),
    },
    Migration {
        version: 2,
        sqlite: include_str!("migrations/sqlite/0002_last_read.sql"),
        postgres: include_str!("migrations/postgres/0002_last_read.sql"),
    },
    Migration {
        version: 3,
        sqlite: include_str!("migrations/sqlite/0003_question_tries.sql"),
        postgres: include_str!("migrations/postgres/0003_question_tries.sql"),
    },
    Migration {
        version: 4,
        sqlite: include_str!("migrations/sqlite/0004_live_sessions.sql"),
        postgres: include_str!("migrations/postgres/0004_live_sessions.sql"),
    },
    Migration {
        version: 5,
        sqlite: include_str!("migrations/sqlite/0005_answers.sql"),
        postgres: include_str!("migrations/postgres/0005_answers.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The steps still to run on a schema at version `found`.
pub fn pending(found: u32) -> impl Iterator<Item = &'static Migration> {
    MIGRATIONS
        .iter()
        .skip(usize::try_from(found).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_without_gaps() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1);
        }
        assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
    }

    #[test]
    fn pending_skips_what_is_already_applied() {
        let versions = |found| pending(found).map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(versions(0), (1..=SCHEMA_VERSION).collect::<Vec<_>>());
        assert_eq!(versions(1), (2..=SCHEMA_VERSION).collect::<Vec<_>>());
        assert!(versions(SCHEMA_VERSION).is_empty());
        assert!(versions(SCHEMA_VERSION + 5).is_empty());
    }

    #[test]
    fn every_step_has_sql_for_every_back_end() {
        for migration in MIGRATIONS {
            assert!(migration.sqlite.contains(';'), "{}", migration.version);
            assert!(migration.postgres.contains(';'), "{}", migration.version);
        }
    }
}
