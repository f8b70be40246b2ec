//! Answer checking (STUB: replaced by the quiz-checking work).

use crate::expr::ParseError;
use crate::lesson::Question;

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
    let _ = (question, response);
    Verdict::Wrong { feedback: None }
}

/// How a typed response is read ("10·x"), or why it can't be, for the live
/// preview under the input line.
pub fn preview(question: &Question, input: &str) -> Result<String, ParseError> {
    let _ = question;
    Ok(input.to_string())
}
