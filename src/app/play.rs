//! The play key: an explorer's slider with `play = true` advanced one step
//! per tick until its max. The app stays pure: it only says how often it
//! wants a [`Msg::Tick`] ([`App::tick_every`]), and the front end's loop
//! (`driver::run`) waits that long for input and then sends one; with
//! nothing playing it asks for none, and the front ends sleep until a key.
//!
//! Playing stops at the slider's max, on a key or a mouse press that moves
//! that slider (or resets the explorer), on `p` again, and when the
//! section is left (or the lesson, or the explorer, goes away).

use std::time::Duration;

use super::*;

/// The slider that plays: where it is and how often it steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Playing {
    section: usize,
    path: Vec<usize>,
    param: usize,
    every: Duration,
}

impl App {
    /// How often the front end should send [`Msg::Tick`]: while a slider
    /// plays, its `play_every`; otherwise never (`None`), so an idle app
    /// costs no wake-ups.
    pub fn tick_every(&self) -> Option<Duration> {
        self.reading.as_ref()?.playing.as_ref().map(|p| p.every)
    }

    /// `p` on the explorer at `path`: start its play slider (from its min
    /// when it stands at its max), or stop it. Whether anything changed.
    pub(super) fn toggle_play(&mut self, path: &[usize]) -> bool {
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        if r.playing.take().is_some() {
            self.status = Some("Stopped.".into());
            return true;
        }
        let Some(e) = r.explorer(path).cloned() else {
            return false;
        };
        let Some((param, every)) = e.play_slider() else {
            self.status = Some("Nothing plays in this explorer.".into());
            return true;
        };
        let key = (r.section, path.to_vec());
        let mut state = r.explore.get(&key).cloned().unwrap_or_else(|| e.start());
        if e.at_max(&state, param) {
            e.rewind(&mut state, param);
            r.explore.insert(key, state);
        }
        r.playing = Some(Playing {
            section: r.section,
            path: path.to_vec(),
            param,
            every: Duration::from_secs_f64(every),
        });
        self.status = Some(format!(
            "Playing \"{}\": p stops.",
            e.params.get(param).map_or("", |p| p.label())
        ));
        self.relayout();
        true
    }

    /// One tick: the playing slider one step on; at its max it stops.
    pub(super) fn tick(&mut self) -> bool {
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let Some(p) = r.playing.clone() else {
            return false;
        };
        let Some(e) = r.explorer(&p.path).cloned() else {
            r.playing = None;
            return false;
        };
        let key = (r.section, p.path.clone());
        let mut state = r.explore.get(&key).cloned().unwrap_or_else(|| e.start());
        let moved = e.play_step(&mut state, p.param);
        if !moved || e.at_max(&state, p.param) {
            r.playing = None;
            self.status = Some("Played to the end: p plays again from the start.".into());
        }
        if moved {
            r.explore.insert(key, state);
            self.relayout();
        }
        moved
    }

    /// Stop playing when what plays is no longer on screen (another
    /// section, a reloaded lesson without that explorer).
    pub(super) fn stop_play_if_gone(&mut self) {
        if let Some(r) = self.reading.as_mut()
            && let Some(p) = &r.playing
            && (p.section != r.section
                || r.explorer(&p.path)
                    .and_then(Explorer::play_slider)
                    .map(|s| s.0)
                    != Some(p.param))
        {
            r.playing = None;
        }
    }

    /// A key or the mouse moved parameter `param` of the explorer at
    /// `path` (or reset it): if that slider plays, it stops, as the
    /// learner took it over.
    pub(super) fn stop_play_on(&mut self, path: &[usize], param: Option<usize>) {
        if let Some(r) = self.reading.as_mut()
            && r.playing
                .as_ref()
                .is_some_and(|p| p.path == path && param.is_none_or(|i| i == p.param))
        {
            r.playing = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::super::harness::Harness;
    use super::*;
    use crate::theme::Theme;

    /// The lesson of tests/lessons/motion/motion.toml: an explorer whose step
    /// slider k (0 to 8, starting at 3) plays every 0.1 s.
    fn motion() -> Harness {
        let lesson = crate::lesson::load::must_load(
            include_str!("../../tests/lessons/motion/motion.toml"),
            "motion.toml",
        );
        Harness::lesson(lesson)
    }

    fn readouts(h: &Harness) -> String {
        let r = h.app.reading.as_ref().expect("reading");
        r.doc
            .rows
            .iter()
            .map(|row| format!("{row:?}"))
            .filter(|row| row.contains("x_k"))
            .collect()
    }

    fn tick(mut h: Harness) -> Harness {
        h.app.update(Msg::Tick);
        crate::driver::settle(&mut h.app);
        h
    }

    #[test]
    fn ticks_advance_the_slider_and_playing_stops_at_its_max() {
        // Tab, Tab: the second slider (k) has focus.
        let h = motion().keys("<Tab><Tab>");
        assert_eq!(h.app.tick_every(), None, "nothing plays yet");
        let mut h = h.keys("p");
        assert_eq!(h.app.tick_every(), Some(Duration::from_millis(100)));
        assert!(h.screen().contains("steps taken: 3"));
        let mut h = tick(h);
        // x_4 = 3·0.8⁴ = 1.2288.
        let s = h.screen();
        assert!(s.contains("x_k: 1.2288    steps taken: 4"), "{s}");
        for _ in 0..3 {
            h = tick(h);
        }
        assert!(h.app.tick_every().is_some(), "7 of 8: still playing");
        let mut h = tick(h);
        assert!(h.screen().contains("steps taken: 8"));
        assert_eq!(h.app.tick_every(), None, "stopped at the max");
        // A tick that comes late changes nothing.
        let mut h = tick(h);
        assert!(h.screen().contains("steps taken: 8"));
        // p at the max plays again from the start.
        let mut h = h.keys("p");
        assert!(h.app.tick_every().is_some());
        assert!(h.screen().contains("steps taken: 0"), "{}", readouts(&h));
    }

    #[test]
    fn a_key_on_the_slider_p_again_or_another_section_stops_it() {
        let h = motion().keys("<Tab><Tab>p");
        let h = tick(h).keys("<Left>");
        assert_eq!(h.app.tick_every(), None, "the learner took the slider");
        let mut h = tick(h);
        assert!(h.screen().contains("steps taken: 3"), "4, then ← to 3");
        let h = h.keys("p");
        assert!(h.app.tick_every().is_some());
        let h = h.keys("p");
        assert_eq!(h.app.tick_every(), None, "p stops");
        // Another slider of the explorer moves without stopping it.
        let h = h.keys("p<S-Tab><Right>");
        assert!(h.app.tick_every().is_some(), "η moved, k plays on");
        let h = h.keys("0");
        assert_eq!(h.app.tick_every(), None, "a reset stops it");
        // Leaving the section stops it too.
        let mut h = h.keys("<Tab>p");
        assert!(h.app.tick_every().is_some());
        if let Some(r) = h.app.reading.as_mut() {
            r.section = 1;
        }
        let h = h.keys("<Esc>");
        assert_eq!(h.app.tick_every(), None, "another section");
    }

    /// The explorer at 80x24 with its second slider focused.
    fn drawn(theme: Theme) -> (String, ratatui::buffer::Buffer) {
        let mut h = motion();
        h.app.theme = theme;
        let h = h.resize(81, 24).resize(80, 24).keys("<Tab><Tab>");
        let backend = ratatui::backend::TestBackend::new(80, 24);
        let mut term = ratatui::Terminal::new(backend).expect("test terminal");
        term.draw(|f| crate::ui::render(&h.app, f)).expect("draws");
        let buf = term.backend().buffer().clone();
        (crate::ui::buffer_text(&buf), buf)
    }

    /// The colours of the cells showing `symbol`.
    fn colours_of(buf: &ratatui::buffer::Buffer, symbol: &str) -> Vec<Color> {
        buf.content()
            .iter()
            .filter(|c| c.symbol() == symbol)
            .map(|c| c.fg)
            .collect()
    }

    #[test]
    fn a_path_at_80x24_in_colour_without_colour_and_in_ascii() {
        let (text, buf) = drawn(Theme::default());
        insta::assert_snapshot!("path_colour", text);
        // Three iterates before the last (hollow), the last filled, once
        // on the canvas and once in the legend; all in the path's yellow.
        assert_eq!(colours_of(&buf, "○"), [Color::Yellow; 3]);
        assert_eq!(colours_of(&buf, "●").len(), 4, "{text}");
        let (text, buf) = drawn(Theme {
            monochrome: true,
            ..Theme::default()
        });
        insta::assert_snapshot!("path_no_colour", text);
        assert!(buf.content().iter().all(|c| c.fg == Color::Reset));
        assert_eq!(colours_of(&buf, "○").len(), 3);
        let (text, _) = drawn(Theme {
            ascii: true,
            monochrome: true,
            ..Theme::default()
        });
        assert!(text.is_ascii(), "{text}");
        insta::assert_snapshot!("path_ascii", text);
    }
}
