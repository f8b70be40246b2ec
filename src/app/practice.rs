//! Practice: another variant of a question ("try another", `r`), and a
//! review of the questions not yet mastered (`R`). Every try is recorded
//! ([`Change::Try`]); a question is mastered once some try is solved
//! without showing the answer.

use super::*;

impl App {
    /// Before the first record of a try of a question with parameters, tell
    /// the store which variant it is (a question without them needs no
    /// word: the store keeps its first try by itself).
    pub(super) fn keep_try(&mut self, id: &str) {
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if r.tries_kept.contains(id) {
            return;
        }
        let Some(variant) = r.question(id).and_then(|q| q.variant.as_ref()) else {
            return;
        };
        let change = Change::Try {
            question: id.to_string(),
            try_no: r.tries.get(id).copied().unwrap_or(0),
            variant: variant.describe(),
        };
        r.tries_kept.insert(id.to_string());
        let lesson = r.lesson.header.id.clone();
        self.effects.push(Effect::Save { lesson, change });
    }

    /// `r` on a solved or given-up question: the next try, on a new variant
    /// when the question has parameters, with no attempts and no hints
    /// open. A question given up is open again this way.
    pub(super) fn try_another(&mut self, id: &str) {
        let seed = self.variant_seed.clone();
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if !r.quiz.get(id).is_some_and(QuestionState::done) {
            self.status = Some("Solve it or show its answer first; then r gives another.".into());
            return;
        }
        let try_no = r.tries.get(id).copied().unwrap_or(0).saturating_add(1);
        r.tries.insert(id.to_string(), try_no);
        let lesson_id = r.lesson.header.id.clone();
        let mut variant = String::new();
        if let Some(q) = r.lesson.questions().find(|q| q.id == id)
            && let Some(own) = &q.variant
        {
            // Only a variant on other values than the lesson's own is kept.
            match q.varied_for(&seed, &lesson_id, try_no) {
                Some(next) => {
                    variant = next
                        .variant
                        .as_ref()
                        .map(|v| v.describe())
                        .unwrap_or_default();
                    r.varied.insert(id.to_string(), next);
                }
                None => {
                    variant = own.describe();
                    r.varied.remove(id);
                }
            }
        }
        r.quiz.remove(id);
        r.editing = false;
        r.tries_kept.insert(id.to_string());
        // New numbers in the question's text: nothing laid out before holds.
        r.blocks = crate::layout::doc::BlockCache::default();
        self.status = Some(if variant.is_empty() {
            format!("Try {}: the same question, from the start.", try_no + 1)
        } else {
            format!("Try {}: new numbers.", try_no + 1)
        });
        let change = Change::Try {
            question: id.to_string(),
            try_no,
            variant,
        };
        self.effects.push(Effect::Save {
            lesson: lesson_id,
            change,
        });
        self.relayout();
        self.reveal_focus();
    }

    /// `R`: focus the next question not yet mastered after the focused one
    /// (or from the start), in whichever section it is.
    pub(super) fn review_next(&mut self) {
        let Some(r) = self.reading.as_ref() else {
            return;
        };
        let all: Vec<(usize, String)> = r
            .lesson
            .sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.questions().into_iter().map(move |q| (i, q.id.clone())))
            .collect();
        if all.is_empty() {
            self.status = Some("This lesson has no questions.".into());
            return;
        }
        // Positions in `all` of the questions still to master.
        let todo: Vec<usize> = (0..all.len())
            .filter(|&k| !r.mastered.contains(&all[k].1))
            .collect();
        let Some(&first) = todo.first() else {
            self.status = Some("Every question is mastered: nothing to review.".into());
            return;
        };
        let here = match &r.focus {
            Some(Target::Question(id)) => all.iter().position(|(_, q)| q == id),
            _ => None,
        };
        let next = todo
            .iter()
            .copied()
            .find(|&k| here.is_none_or(|h| k > h))
            .unwrap_or(first);
        let number = todo.iter().position(|&k| k == next).map_or(1, |p| p + 1);
        let count = todo.len();
        let (section, id) = &all[next];
        let section = *section;
        let id = id.clone();
        if r.section != section {
            self.go_to_section(section);
        }
        if let Some(r) = self.reading.as_mut() {
            r.focus = Some(Target::Question(id));
            r.editing = false;
        }
        self.relayout();
        self.reveal_focus();
        self.status = Some(format!(
            "Review: {number} of {count} not yet mastered · R next"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::harness::Harness;
    use crate::lesson::load;
    use std::sync::Arc;

    fn params_lesson() -> Lesson {
        let src = include_str!("../../tests/lessons/valid/params.toml");
        load::must_load(src, "params.toml")
    }

    fn reading(h: &Harness) -> &Reading {
        h.app.reading.as_ref().expect("a lesson is open")
    }

    fn values(h: &Harness, id: &str) -> Vec<f64> {
        let q = reading(h).question(id).expect("the question");
        q.variant.as_ref().expect("parameters").values.clone()
    }

    /// The right answer to the power-rule question of the variant shown.
    fn power_answer(h: &Harness) -> String {
        let v = values(h, "power-rule-any");
        format!("{}x^{}", v[0] * v[1], v[1] - 1.0)
    }

    #[test]
    fn try_another_draws_new_numbers_with_hints_closed() {
        let h = Harness::lesson(params_lesson()).keys("<Tab>h");
        let first = values(&h, "power-rule-any");
        let answer = power_answer(&h);
        let mut h = h.keys(&format!("<Enter>{answer}<Enter>"));
        assert_eq!(
            reading(&h).quiz["power-rule-any"].status,
            Status::Solved,
            "{answer}"
        );
        h = h.keys("r");
        let r = reading(&h);
        assert_ne!(values(&h, "power-rule-any"), first);
        assert_eq!(r.tries["power-rule-any"], 1);
        assert!(!r.quiz.contains_key("power-rule-any"), "a fresh start");
        assert!(r.mastered.contains("power-rule-any"));
        assert_eq!(
            r.summary().questions_solved,
            1,
            "still counted while retried"
        );
        // ... and not listed as left at the end of the lesson.
        let missed = super::super::end::end_report(r).missed;
        assert!(
            !missed
                .iter()
                .any(|m| matches!(m, super::super::end::Missed::Question { id, .. } if id == "power-rule-any")),
            "{missed:?}"
        );
        // The new variant is judged with its own numbers.
        let answer = power_answer(&h);
        let h = h.keys(&format!("<Enter>{answer}<Enter>"));
        assert_eq!(reading(&h).quiz["power-rule-any"].status, Status::Solved);
    }

    /// Learners of one server share the lesson; each copies only the
    /// questions they see on other numbers, is shown and judged on those,
    /// and trying another copies that one question again, nothing more.
    #[test]
    fn learners_share_the_lesson_and_copy_only_their_variants() {
        let lesson = Arc::new(params_lesson());
        let own = |id: &str| {
            let q = lesson
                .questions()
                .find(|q| q.id == id)
                .expect("in the lesson");
            q.variant.as_ref().expect("parameters").values.clone()
        };
        let open = |seed: &str| {
            let mut app = App::new(crate::theme::Theme::default()).with_variant_seed(seed);
            app.update(Msg::Resize(80, 24));
            app.open(Arc::clone(&lesson));
            crate::driver::settle(&mut app);
            Harness { app }
        };
        // Two learners whose numbers for `num` differ from the lesson's
        // own and from each other's (seeds picked by trying).
        let seeds: Vec<String> = (0..40).map(|i| format!("learner{i}")).collect();
        let mut picked: Vec<Harness> = Vec::new();
        for seed in &seeds {
            let h = open(seed);
            let v = values(&h, "num");
            if v != own("num") && picked.iter().all(|p| values(p, "num") != v) {
                picked.push(h);
            }
            if picked.len() == 2 {
                break;
            }
        }
        let [mut ada, bob] = <[Harness; 2]>::try_from(picked).ok().expect("two learners");
        for h in [&ada, &bob] {
            let r = reading(h);
            assert!(Arc::ptr_eq(&r.lesson, &lesson), "the lesson is shared");
            assert!(r.varied.contains_key("num"));
            assert!(
                r.varied.keys().all(|id| values(h, id) != own(id)),
                "only questions on other numbers are copied: {:?}",
                r.varied.keys()
            );
        }
        // The learner's own numbers are on screen.
        let v = values(&ada, "num");
        let prompt = format!("What is {} / {}?", v[0], v[1]);
        assert!(
            ada.screen().contains(&prompt),
            "{prompt} not in\n{}",
            ada.screen()
        );
        // Another try of `power-rule-any` changes that question only.
        let answer = power_answer(&ada);
        let before: Vec<String> = reading(&ada).varied.keys().cloned().collect();
        let ada = ada.keys(&format!("<Tab><Enter>{answer}<Enter>r"));
        let r = reading(&ada);
        assert!(Arc::ptr_eq(&r.lesson, &lesson));
        assert_eq!(r.tries["power-rule-any"], 1);
        let after: Vec<String> = r.varied.keys().cloned().collect();
        let others = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter(|id| *id != "power-rule-any")
                .cloned()
                .collect()
        };
        assert_eq!(others(&after), others(&before));
    }

    #[test]
    fn try_another_waits_for_the_question_to_be_done() {
        let h = Harness::lesson(params_lesson()).keys("<Tab>r");
        assert_eq!(reading(&h).tries.get("power-rule-any"), None);
        assert!(
            h.app.status.as_deref().is_some_and(|s| s.contains("first")),
            "{:?}",
            h.app.status
        );
    }

    #[test]
    fn a_question_given_up_opens_again_but_is_not_mastered() {
        let h = Harness::lesson(params_lesson()).keys("<Tab><Enter>1<Enter><Esc>a<Enter>");
        assert_eq!(reading(&h).quiz["power-rule-any"].status, Status::GivenUp);
        let h = h.keys("r");
        assert!(!reading(&h).mastered.contains("power-rule-any"));
        assert!(!reading(&h).quiz.contains_key("power-rule-any"));
    }

    #[test]
    fn review_walks_only_the_questions_not_mastered() {
        let h = Harness::lesson(params_lesson()).keys("<Tab>");
        let answer = power_answer(&h);
        let h = h.keys(&format!("<Enter>{answer}<Enter><Esc>"));
        let focused = |h: &Harness| match &reading(h).focus {
            Some(Target::Question(id)) => id.clone(),
            other => panic!("focus is {other:?}"),
        };
        let h = h.keys("R");
        assert_eq!(focused(&h), "num");
        let h = h.keys("R");
        assert_eq!(focused(&h), "ch");
        // Round again, past the mastered first question.
        let h = h.keys("R");
        assert_eq!(focused(&h), "num");
    }
}
