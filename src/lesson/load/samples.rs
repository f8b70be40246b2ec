//! The checks that judge: a question's own answer, its `right`/`wrong`
//! samples and its feedback answers, run through [`crate::quiz::check`]
//! and reported each at its position.

use toml::de::DeValue;

use super::super::raw::{Span, Str, Table};
use super::super::{Answer, Question};
use super::Validator;
use crate::expr;
use crate::quiz::{self, Response, Verdict};

impl Validator<'_, '_> {
    /// Check that a string the author compares with the answer can be read
    /// the way the answer is (an expression parses, a choice exists).
    pub(super) fn check_response_text(&mut self, s: &Str, answer: &Answer, what: &str) -> bool {
        match answer {
            Answer::Number { .. } => self
                .parsed(s, expr::parse_constant(&s.value), what)
                .is_some(),
            Answer::Expression {
                vars, functions, ..
            } => {
                let names: Vec<&str> = vars.iter().map(String::as_str).collect();
                self.parsed(
                    s,
                    expr::parse_answer_with(&s.value, &names, *functions),
                    what,
                )
                .is_some()
            }
            Answer::Choice {
                choices, multiple, ..
            } => {
                let names: Vec<&str> = choices.iter().map(String::as_str).collect();
                if *multiple && !names.contains(&s.value.as_str()) && s.value.contains(',') {
                    // A select-all feedback names a set: "a, b".
                    return s.value.split(',').all(|part| {
                        let part = Str {
                            value: part.trim().to_string(),
                            span: s.span.clone(),
                        };
                        self.choice_index(&part, &names).is_some()
                    });
                }
                self.choice_index(s, &names).is_some()
            }
            Answer::Text { .. } => true,
            Answer::Vector {
                components,
                vars,
                functions,
                ..
            } => match quiz::vector::read(&s.value, components.len(), vars, *functions) {
                Ok(_) => true,
                Err(e) => self.parsed(s, Err(e), what).is_some(),
            },
        }
    }

    /// The `right` or `wrong` samples: strings, or (choice questions) lists
    /// of choices for select-all.
    pub(super) fn samples(
        &mut self,
        table: &Table<'_, '_>,
        key: &'static str,
        answer: Option<&Answer>,
    ) -> Vec<Sample> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = node.get_ref() else {
            let found = self.sink.found(node);
            self.sink.error(
                node.span().start,
                format!("`{key}` should be a list of sample answers, {found}"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let strings = match (item.get_ref(), answer) {
                (DeValue::Array(_), Some(Answer::Choice { multiple: true, .. })) => {
                    self.one_or_many(&format!("each item of `{key}`"), item)
                }
                _ => self
                    .sink
                    .as_str(&format!("each item of `{key}`"), item)
                    .map(|s| vec![s]),
            };
            let Some(strings) = strings else { continue };
            let text = strings
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let mut choices = Vec::new();
            let mut readable = true;
            if let Some(Answer::Choice { choices: names, .. }) = answer {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                for s in &strings {
                    match self.choice_index(s, &names) {
                        Some(i) => choices.push(i),
                        None => readable = false,
                    }
                }
            }
            if readable {
                out.push(Sample {
                    text,
                    key,
                    choices,
                    at: strings.first().map(|s| (s.span.clone(), s.value.clone())),
                });
            }
        }
        out
    }

    pub(super) fn response<'q>(question: &Question, sample: &'q Sample) -> Response<'q> {
        match question.answer {
            Answer::Choice { .. } => Response::Choices(&sample.choices),
            _ => Response::Text(&sample.text),
        }
    }

    pub(super) fn run_sample(&mut self, question: &Question, sample: &Sample, want_right: bool) {
        let verdict = quiz::check(question, Self::response(question, sample));
        let offset = sample.at.as_ref().map_or(0, |(span, _)| span.start);
        match verdict {
            Verdict::Right if want_right => {}
            Verdict::Wrong { .. } if !want_right => {}
            Verdict::Unreadable(e) => {
                let pos = match &sample.at {
                    Some((span, value)) => {
                        self.sink
                            .lines
                            .pos_in_string(span, value, e.column.saturating_sub(1))
                    }
                    None => self.sink.lines.pos(offset),
                };
                self.sink.error_at(
                    pos,
                    format!(
                        "sample \"{}\" in `{}` cannot be read: {}",
                        sample.text, sample.key, e.message
                    ),
                );
            }
            Verdict::Right => self.sink.error(
                offset,
                format!(
                    "sample \"{}\" in `{}` is judged right",
                    sample.text, sample.key
                ),
            ),
            Verdict::Wrong { .. } => {
                let message = match quiz::form::miss(question, &sample.text) {
                    Some(m) => format!(
                        "sample \"{}\" in `{}` is equal to the answer but not {} \
                         (`form = \"{}\"`): {}",
                        sample.text,
                        sample.key,
                        m.form.adjective(),
                        m.form.name(),
                        m.why
                    ),
                    None => format!(
                        "sample \"{}\" in `{}` is judged wrong",
                        sample.text, sample.key
                    ),
                };
                self.sink.error(offset, message);
            }
        }
    }

    /// The question's own answer must pass its own check. Structural cases
    /// (a choice not among `choices`) are caught while reading the answer;
    /// [`quiz::audit`] catches the rest, such as an expression answer that
    /// is undefined at most sample points. Samples and feedback answers are
    /// checked here one by one instead, to report each at its position.
    pub(super) fn self_check(&mut self, question: &Question, table: &Table<'_, '_>) {
        let offset = table
            .get("answer")
            .map_or(table.span.start, |n| n.span().start);
        let at = |key: &str| table.get(key).map_or(offset, |n| n.span().start);
        for problem in quiz::audit(question) {
            match &problem {
                quiz::Problem::Answer(why) => self.sink.error(offset, why.clone()),
                quiz::Problem::FeedbackNeverShown { .. } => {
                    self.sink.error(at("feedback"), problem.to_string());
                }
                quiz::Problem::Fragile { .. } => self.sink.error(at("right"), problem.to_string()),
                quiz::Problem::SameChoices { .. } => {
                    self.sink.error(at("choices"), problem.to_string());
                }
                // Reported one by one, at their positions, by the caller.
                quiz::Problem::Feedback { .. }
                | quiz::Problem::RightRejected { .. }
                | quiz::Problem::WrongNotRejected { .. } => {}
            }
        }
    }
}

/// A `right` or `wrong` sample, ready to be judged.
#[derive(Debug)]
pub(super) struct Sample {
    /// As shown in messages; choices joined with ", ".
    pub(super) text: String,
    pub(super) key: &'static str,
    /// For choice questions: the chosen indices.
    pub(super) choices: Vec<usize>,
    /// Where the (first) string is written, and its value.
    pub(super) at: Option<(Span, String)>,
}
