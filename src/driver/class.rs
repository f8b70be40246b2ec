//! The teacher's screen's loop, for every front end: read the class from
//! the store, draw, wait for keys, and read again when the store says it
//! changed (see [`crate::progress::ChangeWatch`]), never more than once a
//! [`MIN_GAP`]: a class of hundreds checking answers then costs one read a
//! second, and a quiet class costs none beyond the watch's cheap look. A
//! read that takes long (a class of thousands, its wrong answers grouped
//! by judging them) spaces the next ones out, so the view never takes
//! more than a fifth of a core ([`gap_after`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Frontend;
use crate::class::screen::{ClassData, Screen};
use crate::lesson::Lesson;
use crate::progress::{NeverChanges, ProgressStore, SESSION_STALE};

/// The shortest time between two reads of the store.
pub const MIN_GAP: Duration = Duration::from_secs(1);

/// The time between two reads after one that took `took`: [`MIN_GAP`], or
/// four times the read, so reading is at most a fifth of the time.
pub fn gap_after(took: Duration) -> Duration {
    MIN_GAP.max(took.saturating_mul(4))
}

/// Read again after this long even when nothing was written, so a killed
/// server's sessions drop off the connected list as they go stale.
pub const STALE_CHECK: Duration = Duration::from_secs(60);

/// Where the teacher's screen reads the class from.
#[derive(Clone)]
pub struct Source {
    pub store: Arc<dyn ProgressStore>,
    /// The lessons known here: totals, question order, answer grouping.
    pub lessons: Arc<Vec<Lesson>>,
    /// Only this lesson, if given.
    pub only: Option<String>,
    /// Judgements of wrong answers kept between reads (shared by every
    /// teacher's view of a server).
    pub judged: Arc<crate::class::Judgements>,
}

impl Source {
    /// The class as the store has it now.
    pub fn read(&self) -> ClassData {
        let now = unix_now();
        let read = || -> Result<ClassData, crate::progress::ProgressError> {
            let rows = self.store.rows(None)?;
            let readings = self.store.readings()?;
            let connected =
                crate::class::one_per_learner(self.store.sessions(now - SESSION_STALE)?);
            Ok(ClassData {
                view: crate::class::summarise_with(
                    &rows,
                    &readings,
                    &self.lessons,
                    self.only.as_deref(),
                    &self.judged,
                ),
                connected,
                read_at: now,
                error: None,
            })
        };
        read().unwrap_or_else(|e| ClassData {
            read_at: now,
            error: Some(e.0),
            ..ClassData::default()
        })
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Run the teacher's screen until `q`. Returns why it ended.
pub fn run<F: Frontend>(screen: &mut Screen, front: &mut F, source: &Source) -> F::End {
    let mut watch = source.store.watch().unwrap_or_else(|e| {
        tracing::warn!(error = %e.0, "the class view cannot watch the store; it refreshes every minute");
        Box::new(NeverChanges)
    });
    let started = Instant::now();
    screen.set_data(source.read());
    let mut gap = gap_after(started.elapsed());
    let mut last_read = Instant::now();
    let mut next_look = Instant::now() + watch.period();
    let mut pending = false;
    let mut dirty = true;
    let mut msgs = Vec::new();
    loop {
        if dirty
            && let Err(e) = front
                .terminal()
                .draw(|frame| crate::ui::class::render(screen, frame))
        {
            return front.draw_failed(e);
        }
        dirty = false;
        if screen.should_quit() {
            return front.quit();
        }
        let now = Instant::now();
        if now >= next_look {
            pending |= watch.changed();
            next_look = now + watch.period();
        }
        pending |= last_read.elapsed() >= STALE_CHECK;
        let asked = screen.take_refresh();
        if asked || (pending && last_read.elapsed() >= gap) {
            let started = Instant::now();
            screen.set_data(source.read());
            gap = gap_after(started.elapsed());
            last_read = Instant::now();
            pending = false;
            dirty = true;
            continue;
        }
        let mut timeout = next_look.saturating_duration_since(now);
        if pending {
            timeout = timeout.min(gap.saturating_sub(last_read.elapsed()));
        }
        match front.wait(&mut msgs, Some(timeout)) {
            Ok(force) => dirty |= force,
            Err(end) => return end,
        }
        for msg in msgs.drain(..) {
            dirty |= screen.update(msg);
            if screen.should_quit() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_read_spaces_out_the_next_ones() {
        assert_eq!(gap_after(Duration::from_millis(20)), MIN_GAP);
        assert_eq!(
            gap_after(Duration::from_millis(600)),
            Duration::from_millis(2400)
        );
    }
}
