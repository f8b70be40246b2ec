//! What a learner has done, stored safely (STUB: the interface the app codes
//! against; replaced by the progress work, which may extend it).

use std::collections::BTreeMap;

/// Where a question stands for one learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Open,
    Solved,
    GivenUp,
}

/// One question's record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuestionRecord {
    pub status: Status,
    pub attempts: u32,
    pub hints_opened: u32,
    pub last_input: Option<String>,
    /// Unix seconds.
    pub first_seen: i64,
    pub last_seen: i64,
}

/// One learner's record of one lesson.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonRecord {
    /// Section id last read, and the scroll offset in it.
    pub section: Option<String>,
    pub scroll: u32,
    pub sections_read: Vec<String>,
    pub questions: BTreeMap<String, QuestionRecord>,
}

/// What happened when a learner checked an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Right,
    Wrong,
    GaveUp,
}

#[derive(Debug, thiserror::Error)]
#[error("progress store: {0}")]
pub struct ProgressError(pub String);

/// A learner's progress in one lesson, saved as it happens.
///
/// Every method commits before it returns, so the screen never shows a
/// result that is not yet on disk.
pub trait Recorder: Send {
    fn load(&mut self) -> Result<LessonRecord, ProgressError>;
    fn position(&mut self, section: &str, scroll: u32) -> Result<(), ProgressError>;
    fn check(&mut self, question: &str, input: &str, outcome: Outcome)
    -> Result<(), ProgressError>;
    fn hint(&mut self, question: &str, hints_opened: u32) -> Result<(), ProgressError>;
}
