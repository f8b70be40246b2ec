//! How long the progress store makes the learner wait: opening the file at
//! start-up, and saving one check (which commits and syncs to disk before
//! the screen shows the verdict). Figures go in docs/performance.md.
//!
//! Run with `cargo bench --bench progress`. The file benchmarks use the
//! system's temporary folder, so they measure that disk's sync time.

use chalkdust::progress::{Learner, Outcome, Store};

fn main() {
    divan::main();
}

fn learner() -> Learner {
    Learner::new("bench", "Bench")
}

/// A temporary folder holding a store with a typical lesson's worth of
/// records (20 sections read, 50 questions touched).
fn filled_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder for the benchmark");
    let store = Store::open_in(dir.path()).expect("a new store in the temporary folder");
    let mut rec = store.recorder(&learner(), "derivatives");
    for i in 0..20 {
        rec.position(&format!("section-{i}"), i)
            .expect("saving a position");
    }
    for i in 0..50 {
        rec.check(&format!("q{i}"), "2*x", Outcome::Wrong)
            .expect("saving a check");
    }
    (dir, store)
}

/// Opening an existing store: what start-up pays (connection, WAL and
/// schema check in one write transaction).
#[divan::bench(sample_count = 200)]
fn open_existing(bencher: divan::Bencher) {
    let (dir, store) = filled_store();
    drop(store);
    bencher.bench_local(|| Store::open_in(dir.path()).expect("reopening the store"));
}

/// Opening where there is no file yet: the first run creates the schema.
#[divan::bench(sample_count = 100)]
fn open_new(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| tempfile::tempdir().expect("a temporary folder"))
        .bench_local_values(|dir| {
            let store = Store::open_in(dir.path()).expect("a new store");
            (store, dir)
        });
}

/// One answer check saved to a file: read, apply, write, commit, sync.
#[divan::bench(sample_count = 200)]
fn check_file(bencher: divan::Bencher) {
    let (_dir, store) = filled_store();
    let mut rec = store.recorder(&learner(), "derivatives");
    bencher.bench_local(|| {
        rec.check("q7", "3*x^2", Outcome::Wrong)
            .expect("saving a check")
    });
}

/// The same check with no disk: the cost of SQLite and this code alone.
#[divan::bench(sample_count = 500)]
fn check_memory(bencher: divan::Bencher) {
    let store = Store::open_in_memory().expect("an in-memory store");
    let mut rec = store.recorder(&learner(), "derivatives");
    bencher.bench_local(|| {
        rec.check("q7", "3*x^2", Outcome::Wrong)
            .expect("saving a check")
    });
}

/// A section change saved to a file (sent on every page move).
#[divan::bench(sample_count = 200)]
fn position_file(bencher: divan::Bencher) {
    let (_dir, store) = filled_store();
    let mut rec = store.recorder(&learner(), "derivatives");
    let mut scroll = 0;
    bencher.bench_local(|| {
        scroll += 1;
        rec.position("section-3", scroll)
            .expect("saving a position")
    });
}

/// Loading a lesson's whole record when it opens.
#[divan::bench(sample_count = 500)]
fn load_lesson(bencher: divan::Bencher) {
    let (_dir, store) = filled_store();
    let mut rec = store.recorder(&learner(), "derivatives");
    bencher.bench_local(|| rec.load().expect("loading the record"));
}
