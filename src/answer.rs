//! The learner's side of one question: what is typed or chosen, attempts,
//! hints opened, and the last judgement. Judging itself is
//! [`crate::quiz::check`]; this only keeps score.

use tui_input::Input;

use crate::expr::ParseError;
use crate::lesson::{Answer, Question};
use crate::progress::{QuestionRecord, Status};
use crate::quiz::{self, Response, Verdict};

/// The result of the last Check, as shown under the question.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Right,
    Wrong(Option<String>),
    Unreadable(ParseError),
    GaveUp,
}

/// One question's state in this session.
#[derive(Debug, Clone, Default)]
pub struct QuestionState {
    pub input: Input,
    pub status: Status,
    pub attempts: u32,
    pub hints_opened: u32,
    pub last: Option<Checked>,
    /// What was typed when last checked: a different input is "unsaved".
    pub checked_input: Option<String>,
    /// The highlighted option of a choice question.
    pub cursor: usize,
    /// The chosen options of a choice question, sorted.
    pub chosen: Vec<usize>,
}

impl QuestionState {
    /// Restore from a stored record.
    pub fn from_record(q: &Question, rec: &QuestionRecord) -> QuestionState {
        let mut s = QuestionState {
            status: rec.status,
            attempts: rec.attempts,
            hints_opened: rec
                .hints_opened
                .min(u32::try_from(q.hints.len()).unwrap_or(0)),
            ..QuestionState::default()
        };
        if let Some(last) = &rec.last_input {
            if let Answer::Choice { choices, .. } = &q.answer {
                s.chosen = parse_choices(last, choices.len());
            } else {
                s.input = Input::new(last.clone());
            }
            s.checked_input = Some(last.clone());
        }
        s.last = match s.status {
            Status::Solved => Some(Checked::Right),
            Status::GivenUp => Some(Checked::GaveUp),
            Status::Open => None,
        };
        s
    }

    /// Solved or given up: nothing more to type.
    pub fn done(&self) -> bool {
        self.status != Status::Open
    }

    /// Typed or chosen something that was not checked (lost on quit).
    pub fn unsaved(&self) -> bool {
        if self.done() {
            return false;
        }
        let now = self.response_text();
        !now.trim().is_empty() && self.checked_input.as_deref() != Some(now.as_str())
    }

    /// The response as stored text ("1,3" for choices).
    pub fn response_text(&self) -> String {
        if self.chosen.is_empty() {
            self.input.value().to_string()
        } else {
            self.chosen
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        }
    }

    /// Judge the current response; counts an attempt unless unreadable.
    pub fn check(&mut self, q: &Question) -> Checked {
        let text = self.response_text();
        let verdict = if matches!(q.answer, Answer::Choice { .. }) {
            quiz::check(q, Response::Choices(&self.chosen))
        } else {
            quiz::check(q, Response::Text(self.input.value()))
        };
        let checked = match verdict {
            Verdict::Right => Checked::Right,
            Verdict::Wrong { feedback } => Checked::Wrong(feedback),
            Verdict::Unreadable(e) => Checked::Unreadable(e),
        };
        if !matches!(checked, Checked::Unreadable(_)) {
            self.attempts += 1;
            self.checked_input = Some(text);
        }
        if checked == Checked::Right {
            self.status = Status::Solved;
        }
        self.last = Some(checked.clone());
        checked
    }

    /// Open the next hint; false when all are open.
    pub fn open_hint(&mut self, q: &Question) -> bool {
        if (self.hints_opened as usize) < q.hints.len() {
            self.hints_opened += 1;
            true
        } else {
            false
        }
    }

    /// The response changed since the last check: a "Not yet" or "can't be
    /// read" verdict was about the previous response and would contradict
    /// the live preview under the new one, so it goes. A right answer or a
    /// given-up one stays (the question is done then).
    pub fn edited(&mut self) {
        if matches!(self.last, Some(Checked::Wrong(_) | Checked::Unreadable(_))) {
            self.last = None;
        }
    }

    /// Give up: reveal the answer.
    pub fn give_up(&mut self) {
        self.status = Status::GivenUp;
        self.last = Some(Checked::GaveUp);
    }

    /// Choose option `i`: exclusively for one-answer questions.
    pub fn toggle(&mut self, i: usize, multiple: bool) {
        if multiple {
            if let Some(pos) = self.chosen.iter().position(|&c| c == i) {
                self.chosen.remove(pos);
            } else {
                self.chosen.push(i);
                self.chosen.sort_unstable();
            }
        } else {
            self.chosen = vec![i];
        }
    }
}

fn parse_choices(text: &str, n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = text
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .filter(|&i| i < n)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A stored choice response ("0,2", the options' 0-based indices) as the
/// options' text ("increasing; constant"), for people reading an export;
/// `None` when `q` is not a choice question.
pub fn choices_text(q: &Question, stored: &str) -> Option<String> {
    let Answer::Choice { choices, .. } = &q.answer else {
        return None;
    };
    let picked = parse_choices(stored, choices.len());
    Some(
        picked
            .iter()
            .filter_map(|&i| choices.get(i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The answer as shown when a learner gives up.
pub fn answer_text(q: &Question) -> String {
    match &q.answer {
        Answer::Number { text, .. }
        | Answer::Expression { text, .. }
        | Answer::Vector { text, .. } => text.clone(),
        Answer::Choice {
            choices, correct, ..
        } => correct
            .iter()
            .filter_map(|&i| choices.get(i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Text { accepted } => accepted.first().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_round_trip_through_text() {
        assert_eq!(parse_choices("2, 0,9,x,2", 3), vec![0, 2]);
        let mut s = QuestionState::default();
        s.toggle(2, true);
        s.toggle(0, true);
        assert_eq!(s.response_text(), "0,2");
        s.toggle(2, true);
        assert_eq!(s.chosen, vec![0]);
        s.toggle(1, false);
        assert_eq!(s.chosen, vec![1]);
    }

    #[test]
    fn unsaved_only_when_typed_and_unchecked() {
        let mut s = QuestionState::default();
        assert!(!s.unsaved());
        s.input = Input::new("10x".into());
        assert!(s.unsaved());
        s.checked_input = Some("10x".into());
        assert!(!s.unsaved());
    }
}
