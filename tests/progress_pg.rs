//! `--store postgres://...` end to end: the real binary keeps a learner's
//! check in PostgreSQL, and `chalkdust progress` reads it back from there,
//! not from the data folder. Skipped (with a line saying so) where
//! PostgreSQL is not installed, unless CHALKDUST_REQUIRE_SERVICES is set.

mod common;
#[path = "common/pg.rs"]
mod pg_cluster;

use std::process::Stdio;

use common::{SAMPLE, Term, key};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn a_check_is_kept_in_postgres_and_progress_reads_it_back() -> TestResult {
    let Some(cluster) = pg_cluster::Cluster::shared() else {
        return Ok(());
    };
    let url = cluster.new_database();
    let dir = tempfile::tempdir()?;
    let data = dir.path().display().to_string();

    let mut t = Term::spawn(&["--data", &data, "--store", &url, SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    t.start_answering_sample();
    t.keys("6");
    t.keys(key::ENTER);
    t.wait_for("Right!");
    t.keys("q");
    assert!(t.wait_exit());

    let out = common::chalkdust(&["progress", "--data", &data, "--store", &url, "--csv"])
        .stdin(Stdio::null())
        .output()?;
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{csv}");
    assert!(csv.contains(",sample,slope-x2-at-3,solved,1,0,6,"), "{csv}");
    // Nothing was kept in the data folder's SQLite file.
    assert!(!dir.path().join("progress.sqlite3").exists());
    Ok(())
}

#[test]
fn a_store_url_that_is_neither_sqlite_nor_postgres_is_refused_plainly() -> TestResult {
    let out = common::chalkdust(&["progress", "--store", "mysql://x/y"])
        .stdin(Stdio::null())
        .output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("sqlite:") && err.contains("postgres://"),
        "{err}"
    );
    Ok(())
}
