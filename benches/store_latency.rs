//! How long a durable check takes through a progress store, from the
//! caller's side: the store's share of check-to-verdict (the app draws the
//! verdict only after `record_check` returns). Several learners write at
//! once, each at its own pace, and the run prints the median, p90, p99 and
//! the worst of every call, plus how many statements and round trips a
//! check costs where the store can say.
//!
//! Not part of CI. Run it against a store of either kind:
//!
//! ```text
//! STORE=postgres://postgres@127.0.0.1:5432/bench cargo bench --bench store_latency
//! STORE=sqlite:/tmp/bench.sqlite3 LEARNERS=8 CHECKS=200 cargo bench --bench store_latency
//! ```
//!
//! With `BUSY=N`, N threads spin beside the run for its whole length, so
//! every round trip competes for a core the way it does on a server whose
//! cores are busy with SSH encryption (`benches/class_load.sh`): a cheap,
//! repeatable stand-in for a loaded machine when comparing two versions.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chalkdust::progress::{Learner, Outcome, open_location, parse_store};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    // `cargo test` runs bench targets without `--bench`: nothing to do then.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    let Ok(url) = std::env::var("STORE") else {
        eprintln!("store_latency: set STORE=postgres://... or STORE=sqlite:PATH");
        return Ok(());
    };
    let learners = env_usize("LEARNERS", 8);
    let checks = env_usize("CHECKS", 200);
    let pace = Duration::from_millis(env_usize("PACE_MS", 20) as u64);
    let busy = env_usize("BUSY", 0);

    let store = open_location(&parse_store(&url, "STORE")?)?;
    let stop = Arc::new(AtomicBool::new(false));
    let spinners: Vec<_> = (0..busy)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            })
        })
        .collect();

    let wall = Instant::now();
    let writers: Vec<_> = (0..learners)
        .map(|n| {
            let store = store.clone();
            std::thread::spawn(move || {
                let learner = Learner::new(format!("latency-{n}"), format!("Latency {n}"));
                let mut times = Vec::with_capacity(checks);
                let mut failed = 0usize;
                for i in 0..checks {
                    let outcome = if i % 3 == 2 {
                        Outcome::Right
                    } else {
                        Outcome::Wrong
                    };
                    let started = Instant::now();
                    let saved = store.record_check(
                        &learner,
                        "derivatives",
                        &format!("q{}", i % 20),
                        "2*x",
                        outcome,
                    );
                    match saved {
                        Ok(()) => times.push(started.elapsed()),
                        Err(_) => failed += 1,
                    }
                    std::thread::sleep(pace);
                }
                (times, failed)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut failed = 0;
    for w in writers {
        let (t, f) = w.join().map_err(|_| anyhow::anyhow!("a writer panicked"))?;
        times.extend(t);
        failed += f;
    }
    let wall = wall.elapsed();
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        let _ = s.join();
    }
    times.sort();
    let at = |p: f64| {
        let rank = ((times.len().saturating_sub(1)) as f64 * p).round() as usize;
        times
            .get(rank)
            .map_or(0.0, |d: &Duration| d.as_secs_f64() * 1000.0)
    };
    println!(
        "store_latency: {learners} learners x {checks} checks, one every {} ms each, {busy} busy threads",
        pace.as_millis()
    );
    println!(
        "  durable check   median {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} saved, {failed} failed, {:.0} checks/s)",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
        times.len(),
        times.len() as f64 / wall.as_secs_f64()
    );
    Ok(())
}
