//! Answering a question: typing or choosing, checking, hints, giving up; each
//! recorded as an effect.

use super::*;

impl App {
    pub(super) fn on_edit_key(&mut self, k: KeyEvent) {
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(id) = r.focused_question() else {
            r.editing = false;
            return;
        };
        let Some(q) = r.question(&id).cloned() else {
            r.editing = false;
            return;
        };
        match keymap::action(Mode::Answering, k.code) {
            Some(Action::StopAnswering) => {
                r.editing = false;
                self.relayout();
                return;
            }
            Some(step @ (Action::FocusNext | Action::FocusPrevious)) => {
                r.editing = false;
                self.relayout();
                self.move_focus(step == Action::FocusNext);
                return;
            }
            Some(Action::Check) => {
                let st = r.quiz.entry(id.clone()).or_default();
                match &q.answer {
                    // Enter checks what is chosen, never the highlighted
                    // option by default: a stray Enter must not count as
                    // an attempt at the first option.
                    Answer::Choice { choices, .. } if st.chosen.is_empty() => {
                        self.status = Some(format!(
                            "Choose an option first (Space, or its number 1-{}), then Enter checks.",
                            choices.len()
                        ));
                        return;
                    }
                    Answer::Choice { .. } => {}
                    _ if st.input.value().trim().is_empty() => {
                        self.status = Some("Type an answer first.".into());
                        return;
                    }
                    _ => {}
                }
                self.check(&id);
                return;
            }
            _ => {}
        }
        let st = r.quiz.entry(id.clone()).or_default();
        if let Answer::Choice {
            choices, multiple, ..
        } = &q.answer
        {
            let n = choices.len();
            match (keymap::action(Mode::Choosing, k.code), k.code) {
                (Some(Action::NextOption), _) => {
                    st.cursor = (st.cursor + 1).min(n.saturating_sub(1))
                }
                (Some(Action::PreviousOption), _) => st.cursor = st.cursor.saturating_sub(1),
                (Some(Action::ToggleOption), _) => {
                    st.toggle(st.cursor, *multiple);
                    st.edited();
                }
                (Some(Action::ChooseNumber), KeyCode::Char(c)) => {
                    let i = c.to_digit(10).map_or(0, |d| d as usize);
                    if (1..=n).contains(&i) {
                        st.cursor = i - 1;
                        st.toggle(i - 1, *multiple);
                        st.edited();
                    } else {
                        self.status = Some(format!("There is no option {i}: choose 1-{n}."));
                        return;
                    }
                }
                // Nothing is typed in a choice question, so the other keys
                // keep their reading meaning (h, a, q, ...).
                _ => {
                    self.on_read_key(k);
                    return;
                }
            }
        } else if let Some(req) = to_input_request(&Event::Key(k)) {
            let Some(change) = st.input.handle(req) else {
                return;
            };
            // Moving the cursor is not an edit; typing or deleting is.
            if change.value {
                st.edited();
            }
        } else {
            return;
        }
        // Only this question's state changed.
        self.relayout_question(&id);
        self.reveal_focus();
    }

    pub(super) fn on_paste(&mut self, text: &str) -> bool {
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        if !r.editing || self.overlay.is_some() {
            return false;
        }
        let Some(id) = r.focused_question() else {
            return false;
        };
        let st = r.quiz.entry(id.clone()).or_default();
        for c in text.chars().filter(|c| !c.is_control()) {
            st.input.handle(InputRequest::InsertChar(c));
        }
        st.edited();
        self.relayout_question(&id);
        self.reveal_focus();
        true
    }

    pub(super) fn check(&mut self, id: &str) {
        self.keep_try(id);
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(q) = r.question(id).cloned() else {
            return;
        };
        let st = r.quiz.entry(id.to_string()).or_default();
        let shown = st.status == Status::GivenUp;
        let checked = st.check(&q);
        if checked == Checked::Right && !shown {
            r.mastered.insert(id.to_string());
        }
        let input = st.response_text();
        let outcome = match checked {
            Checked::Right => Some(Outcome::Right),
            Checked::Wrong(_) => Some(Outcome::Wrong),
            Checked::Unreadable(_) | Checked::GaveUp => None,
        };
        if checked == Checked::Right {
            r.editing = false;
        }
        if let Some(outcome) = outcome {
            let change = Change::Check {
                question: id.to_string(),
                input,
                outcome,
            };
            let lesson = r.lesson.header.id.clone();
            self.effects.push(Effect::Save { lesson, change });
        }
        self.relayout();
        self.reveal_focus();
    }

    pub(super) fn hint(&mut self, id: &str) {
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(q) = r.question(id).cloned() else {
            return;
        };
        if q.hints.is_empty() {
            self.status = Some("This question has no hints.".into());
            return;
        }
        if r.quiz
            .get(id)
            .is_none_or(|st| (st.hints_opened as usize) < q.hints.len())
        {
            self.keep_try(id);
        }
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let st = r.quiz.entry(id.to_string()).or_default();
        if !st.open_hint(&q) {
            self.status = Some("All hints are open.".into());
            return;
        }
        let change = Change::Hint {
            question: id.to_string(),
            hints_opened: st.hints_opened,
        };
        let lesson = r.lesson.header.id.clone();
        self.effects.push(Effect::Save { lesson, change });
        self.relayout();
        self.reveal_focus();
    }

    pub(super) fn ask_give_up(&mut self, id: &str) {
        let Some(r) = &self.reading else { return };
        let st = r.quiz.get(id);
        if st.is_some_and(QuestionState::done) {
            self.status = Some("This question is done.".into());
        } else if st.is_none_or(|s| s.attempts == 0) {
            self.status = Some("Try it at least once before showing the answer.".into());
        } else {
            self.overlay = Some(Overlay::Confirm(Confirm::GiveUp(id.to_string())));
        }
    }

    pub(super) fn give_up(&mut self, id: &str) {
        self.keep_try(id);
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let st = r.quiz.entry(id.to_string()).or_default();
        st.give_up();
        let input = st.response_text();
        r.editing = false;
        let change = Change::Check {
            question: id.to_string(),
            input,
            outcome: Outcome::GaveUp,
        };
        let lesson = r.lesson.header.id.clone();
        self.effects.push(Effect::Save { lesson, change });
        self.relayout();
        self.reveal_focus();
    }
}
