//! Answer checking: judging a learner's response to a self-check question,
//! and the author's own tests of a question (`right` / `wrong` samples) that
//! `chalkdust check` runs.
//!
//! Pure: no terminal, no clock, no global randomness. An expression answer is
//! compared with the expected one at sample points drawn from a generator
//! seeded by the question itself, so the same input always gets the same
//! verdict (a learner who resubmits never sees a grade change).
//!
//! How each answer type is judged is documented for authors in
//! `docs/expressions.md`.

pub mod form;

use std::fmt;

use crate::expr::{self, Expr, ParseError};
use crate::lesson::{Answer, Question};

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

/// Relative tolerance of expression answers (the contract's 1e-6).
const REL_TOL: f64 = 1e-6;

/// Below this difference two values are equal whatever their size, so
/// rounding noise around zero (`sin(π)`) is not a difference.
const ABS_FLOOR: f64 = 1e-9;

/// Points at which an expression answer is compared.
pub const SAMPLE_POINTS: usize = 24;

/// Fewer valid points than this and no answer is judged right: the
/// question needs a `domain`.
pub const MIN_VALID_POINTS: usize = 12;

/// How many points are drawn at most while looking for valid ones.
const MAX_DRAWS: usize = 400;

/// Judge `response` against `question`.
pub fn check(question: &Question, response: Response<'_>) -> Verdict {
    match (&question.answer, response) {
        (
            Answer::Choice {
                choices, correct, ..
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
            let feedback = question.feedback.iter().find(|f| {
                choices_named(choices, &f.answer).is_some_and(|set| same_set(&chosen, &set))
            });
            Verdict::Wrong {
                feedback: feedback.map(|f| f.say.clone()),
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
            if number_close(given, *value, *tolerance) {
                return Verdict::Right;
            }
            Verdict::Wrong {
                feedback: feedback_for(&|f| {
                    expr::parse_constant(f)
                        .is_ok_and(|e| number_close(given, e.eval(&[]), *tolerance))
                }),
            }
        }
        Answer::Expression {
            expr: expected,
            vars,
            domain,
            ..
        } => {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let given = match expr::parse(input, &names) {
                Ok(e) => e,
                Err(e) => return Verdict::Unreadable(e),
            };
            let sampler = Sampler::new(question, vars.len(), *domain);
            if sampler.compare(expected, &given) == Comparison::Same {
                return Verdict::Right;
            }
            Verdict::Wrong {
                feedback: feedback_for(&|f| {
                    expr::parse(f, &names)
                        .is_ok_and(|e| sampler.compare(&e, &given) == Comparison::Same)
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
        // Handled by `check` before we get here.
        Answer::Choice { .. } => Verdict::Wrong { feedback: None },
    }
}

/// How a typed response is read ("10·x"), or why it can't be, for the live
/// preview under the input line.
pub fn preview(question: &Question, input: &str) -> Result<String, ParseError> {
    match &question.answer {
        Answer::Number { .. } => expr::parse_constant(input).map(|e| e.pretty()),
        Answer::Expression { vars, .. } => {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            expr::parse(input, &names).map(|e| e.pretty())
        }
        Answer::Choice { .. } | Answer::Text { .. } => Ok(input.trim().to_string()),
    }
}

/// Whether a number answer is within tolerance: the absolute `tolerance`
/// when given, else 1e-6 relative to max(1, |answer|). A hair of slack
/// keeps `0.51` within 0.01 of `0.5` despite binary rounding.
fn number_close(given: f64, answer: f64, tolerance: Option<f64>) -> bool {
    if !given.is_finite() || !answer.is_finite() {
        return false;
    }
    let allowed = match tolerance {
        Some(t) => t.abs(),
        None => 1e-6 * answer.abs().max(1.0),
    };
    let slack = 4.0 * f64::EPSILON * given.abs().max(answer.abs()).max(1.0);
    (given - answer).abs() <= allowed + slack
}

/// Text answers: equal after trimming and ignoring case.
fn text_equal(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
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

/// The outcome of comparing two expressions at sample points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Same,
    Different,
}

/// Where and how expression answers are sampled for one question.
struct Sampler {
    seed: u64,
    vars: usize,
    domain: Option<(f64, f64)>,
}

impl Sampler {
    fn new(question: &Question, vars: usize, domain: Option<(f64, f64)>) -> Self {
        let text = match &question.answer {
            Answer::Expression { text, .. } => text.as_str(),
            _ => "",
        };
        Sampler {
            seed: fnv1a(question.id.as_bytes()) ^ fnv1a(text.as_bytes()).rotate_left(17),
            vars,
            domain,
        }
    }

    /// The points where `expected` is defined: up to [`SAMPLE_POINTS`] of
    /// them, from at most `MAX_DRAWS` draws.
    fn valid_points(&self, expected: &Expr) -> Vec<Vec<f64>> {
        let mut rng = SplitMix(self.seed);
        let mut points = Vec::with_capacity(SAMPLE_POINTS);
        for k in 0..MAX_DRAWS {
            let point: Vec<f64> = (0..self.vars).map(|_| self.draw(&mut rng, k)).collect();
            if expected.eval(&point).is_finite() {
                points.push(point);
                if points.len() == SAMPLE_POINTS {
                    break;
                }
            }
        }
        points
    }

    /// One coordinate. With no domain: every other point whole numbers in
    /// ±1..±10 (so `x^(n-1)` with negative `x` is defined), the others
    /// spread evenly in magnitude over 0.1..10, signs random; both keep
    /// values moderate, so lower-order terms still show.
    fn draw(&self, rng: &mut SplitMix, k: usize) -> f64 {
        if let Some((lo, hi)) = self.domain {
            return lo + (hi - lo) * rng.unit();
        }
        let sign = if rng.next() & 1 == 0 { 1.0 } else { -1.0 };
        if k % 2 == 1 {
            // A whole number from 1 to 10.
            sign * (1.0 + (rng.unit() * 10.0).floor().min(9.0))
        } else {
            sign * 10f64.powf(rng.unit() * 2.0 - 1.0)
        }
    }

    /// Compare `given` with `expected` where `expected` is defined; an
    /// undefined `given` there is a difference. Too few valid points prove
    /// nothing, so nothing is judged the same (and the question's own answer
    /// fails its own check, which `chalkdust check` reports).
    fn compare(&self, expected: &Expr, given: &Expr) -> Comparison {
        let points = self.valid_points(expected);
        if points.len() < MIN_VALID_POINTS {
            return Comparison::Different;
        }
        let all_close = points.iter().all(|p| {
            let (a, b) = (expected.eval(p), given.eval(p));
            b.is_finite() && close(a, b)
        });
        if all_close {
            Comparison::Same
        } else {
            Comparison::Different
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    let diff = (a - b).abs();
    diff <= ABS_FLOOR || diff <= REL_TOL * a.abs().max(b.abs())
}

/// FNV-1a: a stable hash (std's hasher may change between releases, and
/// the seed must not).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64: tiny, good enough for sample points, and ours, so the points
/// never change with a dependency upgrade.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        // The top 53 bits fit an f64 mantissa exactly.
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
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
                if let Err(error) = expr::parse_constant(&f.answer) {
                    problems.push(Problem::Feedback { index, error });
                }
            }
        }
        Answer::Expression {
            text,
            expr,
            vars,
            domain,
        } => {
            let sampler = Sampler::new(question, vars.len(), *domain);
            let valid = sampler.valid_points(expr).len();
            if valid < MIN_VALID_POINTS {
                problems.push(Problem::Answer(format!(
                    "the answer `{text}` is defined at only {valid} of {MAX_DRAWS} sample \
                     points: give the question a `domain` where it is defined"
                )));
            } else if own_form_miss.is_none()
                && check(question, Response::Text(text)) != Verdict::Right
            {
                problems.push(Problem::Answer(format!(
                    "the answer `{text}` is not judged right by its own check"
                )));
            }
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            for (index, f) in question.feedback.iter().enumerate() {
                if let Err(error) = expr::parse(&f.answer, &names) {
                    problems.push(Problem::Feedback { index, error });
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
    }
    for (index, sample) in question.right.iter().enumerate() {
        let verdict = check(question, Response::Text(sample));
        if verdict != Verdict::Right {
            problems.push(Problem::RightRejected {
                index,
                sample: sample.clone(),
                verdict,
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

#[cfg(test)]
mod tests;
