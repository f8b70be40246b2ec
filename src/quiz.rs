//! Answer checking: judging a learner's response to a self-check question,
//! and the author's own tests of a question (`right` / `wrong` samples) that
//! `chalkdust check` runs.
//!
//! Pure: no terminal, no clock, no global randomness. An expression answer is
//! compared with the expected one at a fixed set of sample points
//! (the `sample` module) that depends only on the number of variables and the
//! `domain`, never on the question's id, so the same input always gets the
//! same verdict, and renaming a question changes none.
//!
//! How each answer type is judged is documented for authors in
//! `docs/expressions.md`.

pub mod form;
pub mod params;

use std::fmt;

mod number;
mod sample;
pub mod vector;

use crate::expr::{self, ParseError};
use crate::lesson::{Answer, Question};

pub use sample::MIN_VALID_POINTS;
use sample::{Comparison, Equal, Sampler};

/// What the learner gave.
#[derive(Debug, Clone, Copy)]
pub enum Response<'a> {
    Text(&'a str),
    /// Indices of the chosen options.
    Choices(&'a [usize]),
}

/// The judgement of one response.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Right,
    /// Wrong; `feedback` is the author's targeted words when the response
    /// matches a known mistake.
    Wrong {
        feedback: Option<String>,
    },
    /// Could not be read: not an attempt.
    Unreadable(ParseError),
}

/// Judge `response` against `question`.
pub fn check(question: &Question, response: Response<'_>) -> Verdict {
    match (&question.answer, response) {
        (
            Answer::Choice {
                choices,
                correct,
                multiple,
            },
            response,
        ) => {
            let chosen = match response {
                Response::Choices(c) => {
                    let mut c = c.to_vec();
                    c.sort_unstable();
                    c.dedup();
                    c
                }
                Response::Text(t) => match choices_named(choices, t) {
                    Some(c) => c,
                    None => {
                        return Verdict::Unreadable(ParseError {
                            column: 1,
                            message: "choose one of the options".to_string(),
                        });
                    }
                },
            };
            if same_set(&chosen, correct) {
                return Verdict::Right;
            }
            let named = |f: &&crate::lesson::Feedback| choices_named(choices, &f.answer);
            // An entry naming exactly the picked set fits best; then one
            // naming a single wrong option that was picked, or a single
            // right option that was left out, whatever else was picked.
            let exact = question.feedback.iter().find(|f| {
                named(f).is_some_and(|set| (set.len() > 1 || !multiple) && same_set(&chosen, &set))
            });
            let single = || {
                question
                    .feedback
                    .iter()
                    .find(|f| match named(f).as_deref() {
                        Some(&[i]) => *multiple && chosen.contains(&i) != correct.contains(&i),
                        _ => false,
                    })
            };
            Verdict::Wrong {
                feedback: exact.or_else(single).map(|f| f.say.clone()),
            }
        }
        (_, Response::Choices(_)) => Verdict::Unreadable(ParseError {
            column: 1,
            message: "this question takes a typed answer".to_string(),
        }),
        (answer, Response::Text(input)) => {
            form::judged(question, input, check_typed(question, answer, input))
        }
    }
}

fn check_typed(question: &Question, answer: &Answer, input: &str) -> Verdict {
    if input.trim().is_empty() {
        return Verdict::Unreadable(ParseError {
            column: 1,
            message: "type an answer first".to_string(),
        });
    }
    let feedback_for = |matches: &dyn Fn(&str) -> bool| {
        question
            .feedback
            .iter()
            .find(|f| matches(&f.answer))
            .map(|f| f.say.clone())
    };
    match answer {
        Answer::Number {
            value, tolerance, ..
        } => {
            let given = match expr::parse_constant(input) {
                Ok(e) => e.eval(&[]),
                Err(e) => return Verdict::Unreadable(e),
            };
            let mode = number::Mode::of(question, *tolerance);
            if let number::Mode::SigFigs(n) = mode {
                let Some((fewest, most)) = number::sig_figs(input) else {
                    return Verdict::Unreadable(ParseError {
                        column: 1,
                        message: format!(
                            "give the answer as a decimal number to {n} significant figures, \
                             like {}",
                            example_to_sig_figs(n)
                        ),
                    });
                };
                let agrees = number::close(given, *value, mode);
                if agrees && (fewest..=most).contains(&(n as usize)) {
                    return Verdict::Right;
                }
                if agrees {
                    return Verdict::Wrong {
                        feedback: Some(format!(
                            "Right value, but give it to {n} significant figures."
                        )),
                    };
                }
            } else if number::close(given, *value, mode) {
                return Verdict::Right;
            }
            Verdict::Wrong {
                feedback: feedback_for(&|f| {
                    expr::parse_constant(f).is_ok_and(|e| number::close(given, e.eval(&[]), mode))
                }),
            }
        }
        Answer::Expression {
            expr: expected,
            vars,
            domain,
            functions,
            ..
        } => {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let input = if question.up_to_constant {
                without_constant(input, &names)
            } else {
                input
            };
            let given = match expr::parse_answer_with(input, &names, *functions) {
                Ok(e) => e,
                Err(e) => return Verdict::Unreadable(e),
            };
            let equal = if question.up_to_constant {
                Equal::UpToConstant
            } else {
                Equal::Exactly
            };
            let sampler = Sampler::new(vars.len(), *domain);
            if sampler.compare(expected, &given, equal) == Comparison::Same {
                return Verdict::Right;
            }
            Verdict::Wrong {
                feedback: feedback_for(&|f| {
                    expr::parse_answer_with(without_constant(f, &names), &names, *functions)
                        .is_ok_and(|e| sampler.compare(&e, &given, equal) == Comparison::Same)
                }),
            }
        }
        Answer::Text { accepted } => {
            if accepted.iter().any(|a| text_equal(a, input)) {
                return Verdict::Right;
            }
            Verdict::Wrong {
                feedback: feedback_for(&|f| text_equal(f, input)),
            }
        }
        Answer::Vector {
            components,
            vars,
            domain,
            functions,
            ..
        } => vector::judge(question, components, vars, *domain, *functions, input),
        // Handled by `check` before we get here.
        Answer::Choice { .. } => Verdict::Wrong { feedback: None },
    }
}

/// How a typed response is read ("10·x"), or why it can't be, for the live
/// preview under the input line.
pub fn preview(question: &Question, input: &str) -> Result<String, ParseError> {
    match &question.answer {
        Answer::Number { .. } => expr::parse_constant(input).map(|e| e.pretty()),
        Answer::Expression {
            vars, functions, ..
        } => {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            expr::parse_answer_with(input, &names, *functions).map(|e| e.pretty())
        }
        Answer::Vector {
            components,
            vars,
            functions,
            ..
        } => vector::preview(input, components.len(), vars, *functions),
        Answer::Choice { .. } | Answer::Text { .. } => Ok(input.trim().to_string()),
    }
}

/// A number written to `n` significant figures, for messages (`0.333`).
fn example_to_sig_figs(n: u32) -> String {
    let digits = n.clamp(1, 15) as usize;
    format!("{:.digits$}", 1.0 / 3.0)
}

/// The input without a trailing `+ C` (or `+ c`), the constant of
/// integration, when the question has no variable of that name.
fn without_constant<'a>(input: &'a str, vars: &[&str]) -> &'a str {
    let t = input.trim_end();
    for c in ["C", "c"] {
        if vars.contains(&c) {
            continue;
        }
        if let Some(rest) = t.strip_suffix(c)
            && let Some(rest) = rest.trim_end().strip_suffix('+')
            && !rest.trim().is_empty()
        {
            return rest;
        }
    }
    input
}

/// Text answers are compared without case, spaces at either end,
/// repeated spaces or trailing punctuation: `Tangent.` is `tangent`.
fn normalized(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    joined
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .trim_end()
        .to_string()
}

fn text_equal(a: &str, b: &str) -> bool {
    normalized(a) == normalized(b)
}

fn same_set(chosen: &[usize], correct: &[usize]) -> bool {
    let mut c = correct.to_vec();
    c.sort_unstable();
    c.dedup();
    chosen == c.as_slice()
}

/// The choices a typed text names: one choice's text, or several separated
/// by commas. Sorted, without repeats.
fn choices_named(choices: &[String], text: &str) -> Option<Vec<usize>> {
    let find = |t: &str| choices.iter().position(|c| text_equal(c, t));
    if let Some(i) = find(text) {
        return Some(vec![i]);
    }
    let mut set = text.split(',').map(find).collect::<Option<Vec<_>>>()?;
    set.sort_unstable();
    set.dedup();
    Some(set)
}

/// A problem `chalkdust check` reports about one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The question's own answer is not judged right by its own check, or
    /// can't be checked reliably.
    Answer(String),
    /// A targeted feedback's `answer` can't be read.
    Feedback { index: usize, error: ParseError },
    /// A `right` sample that was not judged right.
    RightRejected {
        index: usize,
        sample: String,
        verdict: Verdict,
    },
    /// A `wrong` sample that was judged right, or could not be read.
    WrongNotRejected {
        index: usize,
        sample: String,
        verdict: Verdict,
    },
    /// A feedback entry no learner can ever see: its `answer` is judged
    /// right, or has no value.
    FeedbackNeverShown { index: usize, why: String },
    /// A `right` sample judged right at the learner's sample points but
    /// not at more of them: it passes by luck of the points.
    Fragile { index: usize, sample: String },
    /// Two choices a typed answer can't tell apart (`Tangent`, `tangent.`).
    SameChoices { first: usize, second: usize },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Answer(why) => f.write_str(why),
            Problem::Feedback { index, error } => write!(
                f,
                "feedback {}: its `answer` can't be read: {error}",
                index + 1
            ),
            Problem::RightRejected {
                index,
                sample,
                verdict,
            } => match verdict {
                Verdict::Unreadable(e) => {
                    write!(f, "right[{index}] = {sample:?} can't be read: {e}")
                }
                _ => write!(f, "right[{index}] = {sample:?} is judged wrong"),
            },
            Problem::WrongNotRejected {
                index,
                sample,
                verdict,
            } => match verdict {
                Verdict::Unreadable(e) => {
                    write!(f, "wrong[{index}] = {sample:?} can't be read: {e}")
                }
                _ => write!(f, "wrong[{index}] = {sample:?} is judged right"),
            },
            Problem::FeedbackNeverShown { index, why } => {
                write!(f, "feedback {} can never be shown: {why}", index + 1)
            }
            Problem::Fragile { index, sample } => write!(
                f,
                "right[{index}] = {sample:?} is judged right only at some sample points \
                 (it fails at more of them): it passes by luck, not by being equal"
            ),
            Problem::SameChoices { first, second } => write!(
                f,
                "choices {} and {} differ only in case, spaces or final punctuation: \
                 a typed answer can't tell them apart",
                first + 1,
                second + 1
            ),
        }
    }
}

/// The author's tests of one question: its own answer passes its own
/// check, every feedback answer reads, every `right` sample is judged
/// right and every `wrong` sample wrong. Empty when all is well.
pub fn audit(question: &Question) -> Vec<Problem> {
    let mut problems = Vec::new();
    let own_form_miss = form::own_answer_miss(question);
    problems.extend(own_form_miss.clone().map(Problem::Answer));
    match &question.answer {
        Answer::Number { text, value, .. } => {
            if !value.is_finite() {
                problems.push(Problem::Answer(format!("the answer `{text}` has no value")));
            }
            for (index, f) in question.feedback.iter().enumerate() {
                match expr::parse_constant(&f.answer) {
                    Err(error) => problems.push(Problem::Feedback { index, error }),
                    Ok(e) if !e.eval(&[]).is_finite() => {
                        problems.push(Problem::FeedbackNeverShown {
                            index,
                            why: format!("`{}` has no value", f.answer),
                        });
                    }
                    Ok(_) => {}
                }
            }
        }
        Answer::Expression {
            text,
            expr,
            vars,
            domain,
            functions,
        } => {
            let valid = Sampler::new(vars.len(), *domain).points(expr).len();
            if valid < MIN_VALID_POINTS {
                problems.push(Problem::Answer(format!(
                    "the answer `{text}` is defined at only {valid} of the sample points \
                     (at least {MIN_VALID_POINTS} are needed): give the question a `domain` \
                     where it is defined"
                )));
            } else if own_form_miss.is_none()
                && check(question, Response::Text(text)) != Verdict::Right
            {
                problems.push(Problem::Answer(format!(
                    "the answer `{text}` is not judged right by its own check"
                )));
            }
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let sampler = Sampler::new(vars.len(), *domain);
            for (index, f) in question.feedback.iter().enumerate() {
                match expr::parse_answer_with(&f.answer, &names, *functions) {
                    Err(error) => problems.push(Problem::Feedback { index, error }),
                    Ok(e) if sampler.points(&e).len() < MIN_VALID_POINTS => {
                        problems.push(Problem::FeedbackNeverShown {
                            index,
                            why: format!(
                                "`{}` has a value at too few sample points to match anything",
                                f.answer
                            ),
                        });
                    }
                    Ok(_) => {}
                }
            }
        }
        Answer::Choice {
            choices,
            correct,
            multiple,
        } => {
            if correct.is_empty() || correct.iter().any(|&i| i >= choices.len()) {
                problems.push(Problem::Answer(
                    "the answer is not among the `choices`".to_string(),
                ));
            } else if !multiple && correct.len() != 1 {
                problems.push(Problem::Answer(
                    "a single-choice question needs exactly one right choice".to_string(),
                ));
            }
            for (first, a) in choices.iter().enumerate() {
                if let Some(second) = choices
                    .iter()
                    .skip(first + 1)
                    .position(|b| text_equal(a, b))
                {
                    problems.push(Problem::SameChoices {
                        first,
                        second: first + 1 + second,
                    });
                }
            }
            for (index, f) in question.feedback.iter().enumerate() {
                if choices_named(choices, &f.answer).is_none() {
                    problems.push(Problem::Feedback {
                        index,
                        error: ParseError {
                            column: 1,
                            message: format!("`{}` is not one of the choices", f.answer),
                        },
                    });
                }
            }
        }
        Answer::Text { accepted } => {
            if accepted.iter().all(|a| a.trim().is_empty()) {
                problems.push(Problem::Answer("no accepted answer is given".to_string()));
            }
        }
        Answer::Vector {
            text,
            components,
            vars,
            domain,
            functions,
        } => {
            let sampler = Sampler::new(vars.len(), *domain);
            let thin = components
                .iter()
                .position(|c| sampler.points(c).len() < MIN_VALID_POINTS);
            if let Some(i) = thin {
                problems.push(Problem::Answer(format!(
                    "the {} component of `{text}` is defined at too few of the sample points \
                     (at least {MIN_VALID_POINTS} are needed): give the question a `domain` \
                     where it is defined",
                    vector::ordinal(i)
                )));
            } else if check(question, Response::Text(text)) != Verdict::Right {
                problems.push(Problem::Answer(format!(
                    "the answer `{text}` is not judged right by its own check"
                )));
            }
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            for (index, f) in question.feedback.iter().enumerate() {
                let Some(c) = f.component else {
                    if let Err(error) = vector::read(&f.answer, components.len(), vars, *functions)
                    {
                        problems.push(Problem::Feedback { index, error });
                    }
                    continue;
                };
                match expr::parse_answer_with(&f.answer, &names, *functions) {
                    Err(error) => problems.push(Problem::Feedback { index, error }),
                    Ok(e) => {
                        if components.get(c).is_some_and(|right| {
                            sampler.compare(right, &e, Equal::Exactly) == Comparison::Same
                        }) {
                            problems.push(Problem::FeedbackNeverShown {
                                index,
                                why: format!(
                                    "`{}` is the right {} component",
                                    f.answer,
                                    vector::ordinal(c)
                                ),
                            });
                        }
                    }
                }
            }
        }
    }
    // A feedback entry that is judged right is never reached: the learner
    // who types it is told "right".
    if !matches!(question.answer, Answer::Choice { .. }) {
        for (index, f) in question.feedback.iter().enumerate() {
            if check(question, Response::Text(&f.answer)) == Verdict::Right {
                problems.push(Problem::FeedbackNeverShown {
                    index,
                    why: format!("`{}` is judged right", f.answer),
                });
            }
        }
    } else if let Answer::Choice {
        choices, correct, ..
    } = &question.answer
    {
        for (index, f) in question.feedback.iter().enumerate() {
            if choices_named(choices, &f.answer).is_some_and(|set| same_set(&set, correct)) {
                problems.push(Problem::FeedbackNeverShown {
                    index,
                    why: format!("`{}` is the right answer", f.answer),
                });
            }
        }
    }
    for (index, sample) in question.right.iter().enumerate() {
        let verdict = check(question, Response::Text(sample));
        if verdict != Verdict::Right {
            problems.push(Problem::RightRejected {
                index,
                sample: sample.clone(),
                verdict,
            });
        } else if !right_at_more_points(question, sample) {
            problems.push(Problem::Fragile {
                index,
                sample: sample.clone(),
            });
        }
    }
    for (index, sample) in question.wrong.iter().enumerate() {
        let verdict = check(question, Response::Text(sample));
        if !matches!(verdict, Verdict::Wrong { .. }) {
            problems.push(Problem::WrongNotRejected {
                index,
                sample: sample.clone(),
                verdict,
            });
        }
    }
    problems
}

/// Whether an expression sample is still judged right at the thorough
/// points (more than the learner's); other answers have no points.
fn right_at_more_points(question: &Question, input: &str) -> bool {
    let Answer::Expression {
        expr: expected,
        vars,
        domain,
        functions,
        ..
    } = &question.answer
    else {
        return true;
    };
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    let input = if question.up_to_constant {
        without_constant(input, &names)
    } else {
        input
    };
    let Ok(given) = expr::parse_answer_with(input, &names, *functions) else {
        return true;
    };
    let equal = if question.up_to_constant {
        Equal::UpToConstant
    } else {
        Equal::Exactly
    };
    Sampler::new(vars.len(), *domain)
        .thorough()
        .compare(expected, &given, equal)
        == Comparison::Same
}

#[cfg(test)]
mod cases;
#[cfg(test)]
mod tests;
