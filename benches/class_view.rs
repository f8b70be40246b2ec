//! How long the teacher's view takes to count a big class: `summarise`
//! over 1,000 learners who each tried every question of the built-in
//! Derivatives lesson with a few wrong answers, the work a live view does
//! at most once a second while the class writes (`driver::class`).
//!
//! Not part of CI: `cargo bench --bench class_view` (`LEARNERS=N` to
//! change the class size). Prints the median of several runs.

use std::time::{Duration, Instant};

use chalkdust::lesson::Answer;
use chalkdust::progress::{QuestionRecord, QuestionRow, Status};

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let learners: usize = std::env::var("LEARNERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let lesson = chalkdust::library::Library::builtin()
        .find("derivatives")
        .expect("the built-in lesson");
    let questions: Vec<_> = lesson.questions().cloned().collect();
    let mut rows = Vec::new();
    // A small linear congruential generator: the same class every run.
    let mut seed = 12345u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for l in 0..learners {
        for q in &questions {
            // Wrong answers as a class types them: a handful of common
            // mistakes in several spellings, and a tail of rarer ones.
            let wrong: Vec<String> = (0..next(4))
                .map(|_| {
                    let k = if next(3) == 0 {
                        2 + next(40)
                    } else {
                        2 + next(5)
                    };
                    match (&q.answer, next(3)) {
                        (Answer::Number { .. }, 0) => format!("{k}"),
                        (Answer::Number { .. }, 1) => format!("{}/2", 2 * k),
                        (Answer::Number { .. }, _) => format!("{k}.0"),
                        (_, 0) => format!("{k}x"),
                        (_, 1) => format!("x*{k}"),
                        (_, _) => format!("{k} * x^2"),
                    }
                })
                .collect();
            rows.push(QuestionRow {
                learner: format!("learner{l}"),
                name: format!("Learner {l}"),
                lesson: lesson.header.id.clone(),
                question: q.id.clone(),
                record: QuestionRecord {
                    status: if next(3) == 0 {
                        Status::Open
                    } else {
                        Status::Solved
                    },
                    attempts: u32::try_from(wrong.len()).unwrap_or(0) + 1,
                    hints_opened: u32::try_from(next(2)).unwrap_or(0),
                    last_input: wrong.last().cloned(),
                    first_seen: 0,
                    last_seen: 0,
                },
                mastered: false,
                tries: Vec::new(),
                wrong_answers: wrong,
            });
        }
    }
    let lessons = vec![lesson];
    // Each count from nothing (the first read of a view), and again with
    // the judgements of the count before kept (every later read).
    let judged = chalkdust::class::Judgements::default();
    for (what, kept) in [("first read", None), ("next reads", Some(&judged))] {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let fresh = chalkdust::class::Judgements::default();
                let started = Instant::now();
                let view = chalkdust::class::summarise_with(
                    &rows,
                    &[],
                    &lessons,
                    None,
                    kept.unwrap_or(&fresh),
                );
                std::hint::black_box(view);
                started.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "class_view: {learners} learners x {} questions ({} records), {what}: summarise median {:.1} ms (min {:.1}, max {:.1})",
            questions.len(),
            rows.len(),
            times[2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            times[4].as_secs_f64() * 1000.0,
        );
    }
}
