//! The end of a lesson: what `n` on the last section opens. It counts what
//! the learner did (questions solved and given up, hints, sections read)
//! and lists what is left, each line a place to go back to with Enter.
//!
//! Kept apart from the rest of the app so the end screen can grow (review
//! modes, retries) without touching reading or answering: the state is
//! [`Overlay::End`], the counts and the list are computed here from
//! [`Reading`], and `ui` only draws them.

use super::*;

/// Something the learner can go back to from the end screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missed {
    /// Section `.0` was not read to its end.
    Section(usize),
    /// A question of section `section` not solved; `n` counts from 1 in
    /// that section, `given_up` says whether its answer was shown.
    Question {
        section: usize,
        id: String,
        n: usize,
        given_up: bool,
    },
}

/// What the end screen says about a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndReport {
    pub summary: Summary,
    pub hints_used: u32,
    /// In lesson order: each section that was not read, then its
    /// questions that were not solved.
    pub missed: Vec<Missed>,
}

/// The end screen's counts and list for `r`.
pub fn end_report(r: &Reading) -> EndReport {
    let mut missed = Vec::new();
    for (i, s) in r.lesson.sections.iter().enumerate() {
        if !r.sections_read.contains(&s.id) {
            missed.push(Missed::Section(i));
        }
        for (k, q) in s.questions().iter().enumerate() {
            let status = r.quiz.get(&q.id).map_or(Status::Open, |st| st.status);
            // Solved in an earlier try (and now on another): counted solved
            // above, so not "left" either.
            if status != Status::Solved && !r.mastered.contains(&q.id) {
                missed.push(Missed::Question {
                    section: i,
                    id: q.id.clone(),
                    n: k + 1,
                    given_up: status == Status::GivenUp,
                });
            }
        }
    }
    EndReport {
        summary: r.summary(),
        hints_used: r.quiz.values().map(|s| s.hints_opened).sum(),
        missed,
    }
}

impl App {
    /// Open the end screen (`n` on the last section).
    pub(super) fn show_end(&mut self) {
        if self.reading.is_some() {
            self.overlay = Some(Overlay::End { selected: 0 });
        }
    }

    /// A key's action while the end screen is open (its keys are the
    /// keymap's `EndWindow` mode): move in the list, or go back to the
    /// selected place. Closing is handled with the other windows.
    pub(super) fn on_end_action(&mut self, selected: usize, action: Action) {
        let missed = self
            .reading
            .as_ref()
            .map(|r| end_report(r).missed)
            .unwrap_or_default();
        let last = missed.len().saturating_sub(1);
        let selected = match action {
            Action::NextOption => (selected + 1).min(last),
            Action::PreviousOption => selected.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::GoToSection => {
                self.overlay = None;
                if let Some(m) = missed.get(selected) {
                    self.go_back_to(m);
                }
                return;
            }
            Action::OpenNext => {
                self.open_next_lesson();
                return;
            }
            // The review (`R` while reading too) from the first question
            // not yet mastered.
            Action::Review => {
                self.overlay = None;
                if let Some(r) = self.reading.as_mut() {
                    r.focus = None;
                }
                self.review_next();
                return;
            }
            _ => selected,
        };
        self.overlay = Some(Overlay::End { selected });
    }

    /// The lesson after the open one in its series, if the library has it
    /// (the end screen offers it).
    pub fn next_lesson(&self) -> Option<&Entry> {
        let r = self.reading.as_ref()?;
        self.library.next_in_series(&r.lesson.header.id)
    }

    /// Leave this lesson (its position kept, as on going back to the
    /// catalog) for the next one of its series; Esc there goes back to the
    /// catalog.
    fn open_next_lesson(&mut self) {
        let Some(key) = self.next_lesson().map(entry_key) else {
            return;
        };
        self.overlay = None;
        self.leave_lesson();
        if let Some(i) = self.catalog.iter().position(|e| entry_key(e) == key) {
            self.catalog_selected = i;
        }
        self.effects.push(Effect::Open {
            key,
            from_catalog: true,
        });
    }

    fn go_back_to(&mut self, m: &Missed) {
        match m {
            Missed::Section(i) => self.go_to_section(*i),
            Missed::Question { section, id, .. } => {
                self.go_to_section(*section);
                if let Some(r) = self.reading.as_mut() {
                    r.focus = Some(Target::Question(id.clone()));
                }
                self.reveal_focus();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::super::harness::Harness;
    use super::*;

    fn overlay(h: &Harness) -> Option<Overlay> {
        h.app.overlay.clone()
    }

    #[test]
    fn next_on_the_last_section_opens_the_end_and_enter_goes_back() {
        // Solve question 1 of the sample, open a hint on question 3, then
        // read on to the end.
        let h =
            Harness::lesson(fixture::sample()).keys("nn<Tab><Enter>6<Enter><Tab><Tab>h<Esc><Esc>n");
        assert_eq!(overlay(&h), Some(Overlay::End { selected: 0 }));
        let r = h.app.reading.as_ref().expect("open");
        let report = end_report(r);
        assert_eq!(report.summary.questions_solved, 1);
        assert_eq!(report.hints_used, 1);
        assert_eq!(
            report.missed,
            vec![
                Missed::Question {
                    section: 2,
                    id: "sign".into(),
                    n: 2,
                    given_up: false
                },
                Missed::Question {
                    section: 2,
                    id: "name".into(),
                    n: 3,
                    given_up: false
                },
            ]
        );
        let mut h = h;
        let s = h.screen();
        assert!(s.contains("Questions solved  1 of 3"), "{s}");
        assert!(s.contains("Hints used        1"), "{s}");
        assert!(s.contains("› 3. Self-check: question 2, not solved"), "{s}");
        // j moves down the list (and stops at its end); Enter goes there.
        let h = h.keys("jjj<Enter>");
        assert_eq!(overlay(&h), None);
        let r = h.app.reading.as_ref().expect("open");
        assert_eq!(r.focus, Some(Target::Question("name".into())));
        // Esc closes the end without going anywhere.
        let h = h.keys("<Esc>n<Esc>");
        assert_eq!(overlay(&h), None);
        assert_eq!(h.app.reading.as_ref().map(|r| r.section), Some(2));
        // R starts the review at the first question not yet mastered.
        let h = h.keys("nR");
        assert_eq!(overlay(&h), None);
        let r = h.app.reading.as_ref().expect("open");
        assert_eq!(r.focus, Some(Target::Question("sign".into())));
    }

    #[test]
    fn the_end_of_the_derivatives_lesson() {
        let mut h = Harness::lesson(fixture::derivatives());
        let last = h
            .app
            .reading
            .as_ref()
            .map_or(0, |r| r.lesson.sections.len() - 1);
        h.app.go_to_section(last);
        if let Some(r) = h.app.reading.as_mut() {
            for (id, status, hints) in [
                ("power-5x2", Status::Solved, 1),
                ("power-neg3x3", Status::GivenUp, 2),
            ] {
                let st = r.quiz.entry(id.into()).or_default();
                st.status = status;
                st.hints_opened = hints;
            }
        }
        let mut h = h.keys("n");
        insta::assert_snapshot!("end_derivatives", h.screen());
        let mut h = h.keys("G");
        insta::assert_snapshot!("end_derivatives_scrolled", h.screen());
    }
}
