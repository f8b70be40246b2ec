//! The play key's side of an explorer: which slider plays (`play = true`),
//! how often it steps, and one step of it. When it plays and what stops it
//! is the app's (`app::play`); the timer is the front end's, asked for only
//! while something plays.

use super::raw::RawSlider;
use super::{Builder, Explorer, Param, State, snap};

/// Seconds per step when `play_every` is not given.
pub const DEFAULT_EVERY: f64 = 0.4;

/// The shortest and longest `play_every`: quicker than 20 steps a second
/// reads as a jump and costs a redraw each, and slower than a minute is
/// not playing.
const EVERY_RANGE: (f64, f64) = (0.05, 60.0);

/// The seconds per step of a slider that plays (`None` if it does not);
/// `playing` holds the name of the explorer's slider that plays, at most
/// one.
pub(super) fn check(b: &mut Builder, s: &RawSlider, playing: &mut Option<String>) -> Option<f64> {
    let every = match &s.play_every {
        Some(e) if (EVERY_RANGE.0..=EVERY_RANGE.1).contains(&e.value) => Some(e.value),
        Some(e) => {
            b.problem(
                &e.span,
                format!(
                    "`play_every` is the seconds per step while playing: use {} to {}, not {}",
                    EVERY_RANGE.0, EVERY_RANGE.1, e.value
                ),
            );
            None
        }
        None => None,
    };
    match &s.play {
        Some(p) if p.value => {
            if let Some(first) = playing {
                b.problem(
                    &p.span,
                    format!(
                        "slider \"{}\": only one slider of an explorer can play, and \"{first}\" already does",
                        s.name.value
                    ),
                );
                return None;
            }
            *playing = Some(s.name.value.clone());
            Some(every.unwrap_or(DEFAULT_EVERY))
        }
        _ => {
            if let Some(e) = &s.play_every {
                b.problem(
                    &e.span,
                    format!(
                        "slider \"{}\": `play_every` needs `play = true` beside it",
                        s.name.value
                    ),
                );
            }
            None
        }
    }
}

impl Explorer {
    /// The slider that plays: its index among the parameters and its
    /// seconds per step.
    pub fn play_slider(&self) -> Option<(usize, f64)> {
        self.params.iter().enumerate().find_map(|(i, p)| match p {
            Param::Slider(s) => s.play.map(|every| (i, every)),
            Param::Point(_) => None,
        })
    }

    /// Whether slider `i` stands at its max (where playing stops).
    pub fn at_max(&self, state: &State, i: usize) -> bool {
        match self.params.get(i) {
            Some(Param::Slider(s)) => state.value(self.slot_of(i)) >= s.max,
            _ => true,
        }
    }

    /// One step of playing slider `i`: up by its `step`, held at its max.
    /// Whether the value changed.
    pub fn play_step(&self, state: &mut State, i: usize) -> bool {
        self.fit(state);
        let Some(Param::Slider(s)) = self.params.get(i) else {
            return false;
        };
        let slot = self.slot_of(i);
        let before = state.values[slot];
        state.values[slot] = snap(before + s.step, s.min, s.max, s.step);
        state.values[slot] != before
    }

    /// Slider `i` back to its min, for a play pressed at the end.
    pub fn rewind(&self, state: &mut State, i: usize) -> bool {
        self.fit(state);
        let Some(Param::Slider(s)) = self.params.get(i) else {
            return false;
        };
        let slot = self.slot_of(i);
        let changed = state.values[slot] != s.min;
        state.values[slot] = s.min;
        changed
    }
}
