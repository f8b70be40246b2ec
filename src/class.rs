//! The teacher's view: how a class is doing, counted from the records the
//! progress store keeps (one record per learner and question, and each
//! learner's reading of each lesson), and the lessons themselves.
//!
//! What belongs here: turning those records into two tables, one line per
//! learner and lesson and one per question, and printing them as text, CSV
//! or JSON. Pure: the records and lessons come in as values (`chalkdust
//! class` reads them from the store and the library), nothing here touches
//! a file, a database or the terminal.
//!
//! "Wrong answers" are every wrong answer each learner checked, over all
//! their tries and whether or not they solved the question later (the
//! store's answer log), grouped so that answers the question would judge
//! equal (`x*10` and `10x`) count together, and counted in learners: a
//! learner counts once in a group however often, and in however many
//! spellings, they gave it. A record from before the answer log (schema
//! version 5) has only its last answer: that counts, as before, while the
//! question is unsolved.

pub mod screen;

use std::collections::BTreeMap;

use crate::lesson::{Answer, Lesson, Question};
use crate::progress::{
    LiveSession, QuestionRow, Reading, Status, aligned as table, csv_field, format_time, printable,
    shorten,
};
use crate::quiz::{self, Response, Verdict};

/// Wrong-answer groups shown per question.
pub const WRONG_SHOWN: usize = 3;

/// One learner's progress in one lesson.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LearnerLine {
    pub learner: String,
    pub name: String,
    pub lesson: String,
    pub sections_read: u32,
    /// The lesson's sections, when the lesson is known.
    pub sections: Option<usize>,
    pub solved: u32,
    pub given_up: u32,
    /// Tried (a check or a hint) and neither solved nor given up.
    pub open: u32,
    /// The lesson's questions, when the lesson is known.
    pub questions: Option<usize>,
    /// Hints opened, summed over questions.
    pub hints: u32,
    /// Checks, summed over questions.
    pub attempts: u32,
    /// Unix seconds: the latest reading or question touch.
    pub last_seen: Option<i64>,
}

/// How the class did on one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuestionLine {
    pub lesson: String,
    pub question: String,
    /// Learners who checked an answer or gave up.
    pub attempted: u32,
    pub solved: u32,
    pub given_up: u32,
    /// The median number of checks among those who attempted.
    pub median_attempts: Option<f64>,
    /// Learners who opened at least one hint.
    pub hinted: u32,
    /// The commonest wrong answers, most frequent first: an example of the
    /// group as a learner typed it, and how many learners gave it.
    pub wrong: Vec<WrongAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WrongAnswer {
    pub answer: String,
    pub count: u32,
}

/// The whole view.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct ClassView {
    pub learners: Vec<LearnerLine>,
    pub questions: Vec<QuestionLine>,
}

/// Count the class from the store's `rows` and `readings`. `lessons` are
/// the lessons known to this chalkdust: their totals are shown, their
/// questions listed in reading order (untried ones too) and their wrong
/// answers grouped by the question's own judging; records of other lessons
/// are counted all the same. `only` keeps one lesson.
pub fn summarise(
    rows: &[QuestionRow],
    readings: &[Reading],
    lessons: &[Lesson],
    only: Option<&str>,
) -> ClassView {
    summarise_with(rows, readings, lessons, only, &Judgements::default())
}

/// Whether a wrong-answer group takes an answer, as judged before: a live
/// view counts the class again every second or so, and judging the same
/// answers against the same groups again was nearly all of that work
/// (`benches/class_view.rs`). Keyed by lesson, question, the group's first
/// spelling and the answer, hashed to 128 bits (two SipHashes: no
/// allocation per look-up, and a collision among the [`Judgements::MOST`]
/// kept is far less likely than a cosmic ray); emptied when it grows past
/// that many.
#[derive(Debug, Default)]
pub struct Judgements {
    seen: std::sync::Mutex<std::collections::HashMap<u128, bool>>,
}

/// The key of a judgement (see [`Judgements`]).
fn judgement_key(parts: [&str; 4]) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        parts.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl Judgements {
    /// The most judgements kept (a few megabytes).
    pub const MOST: usize = 100_000;

    fn get(&self, key: u128) -> Option<bool> {
        self.lock().get(&key).copied()
    }

    fn put(&self, key: u128, same: bool) {
        let mut seen = self.lock();
        if seen.len() >= Self::MOST {
            seen.clear();
        }
        seen.insert(key, same);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<u128, bool>> {
        // Only finished inserts are behind the lock.
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many judgements are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// [`summarise`], keeping judgements in `judged` for the next count.
pub fn summarise_with(
    rows: &[QuestionRow],
    readings: &[Reading],
    lessons: &[Lesson],
    only: Option<&str>,
    judged: &Judgements,
) -> ClassView {
    let keep = |lesson: &str| only.is_none_or(|o| o == lesson);
    let lesson_of = |id: &str| lessons.iter().find(|l| l.header.id == id);

    let mut by_learner: BTreeMap<(String, String), LearnerLine> = BTreeMap::new();
    for r in readings.iter().filter(|r| keep(&r.lesson)) {
        let l = line_in(&mut by_learner, lessons, &r.learner, &r.name, &r.lesson);
        l.sections_read = r.sections_read;
        l.last_seen = later(l.last_seen, r.last_read);
    }
    for r in rows.iter().filter(|r| keep(&r.lesson)) {
        let l = line_in(&mut by_learner, lessons, &r.learner, &r.name, &r.lesson);
        match r.record.status {
            Status::Solved => l.solved += 1,
            Status::GivenUp => l.given_up += 1,
            Status::Open => l.open += 1,
        }
        l.hints = l.hints.saturating_add(r.record.hints_opened);
        l.attempts = l.attempts.saturating_add(r.record.attempts);
        l.last_seen = later(l.last_seen, Some(r.record.last_seen));
    }

    // Questions: the known lessons' in reading order, then any others.
    let mut order: Vec<(String, String)> = Vec::new();
    for lesson in lessons.iter().filter(|l| keep(&l.header.id)) {
        let touched = rows.iter().any(|r| r.lesson == lesson.header.id)
            || readings.iter().any(|r| r.lesson == lesson.header.id);
        if only.is_none() && !touched {
            continue;
        }
        order.extend(
            lesson
                .questions()
                .map(|q| (lesson.header.id.clone(), q.id.clone())),
        );
    }
    // Each question's records, found in one pass (a class of a thousand
    // has tens of thousands of rows; the view counts them every second).
    let mut by_question: std::collections::HashMap<(&str, &str), Vec<&QuestionRow>> =
        std::collections::HashMap::new();
    for r in rows.iter().filter(|r| keep(&r.lesson)) {
        by_question
            .entry((r.lesson.as_str(), r.question.as_str()))
            .or_default()
            .push(r);
    }
    let listed: std::collections::HashSet<(&str, &str)> = order
        .iter()
        .map(|(l, q)| (l.as_str(), q.as_str()))
        .collect();
    let mut others: Vec<(String, String)> = by_question
        .keys()
        .filter(|k| !listed.contains(*k))
        .map(|(l, q)| (l.to_string(), q.to_string()))
        .collect();
    others.sort();
    order.extend(others);

    let questions = order
        .into_iter()
        .map(|(lesson, question)| {
            let records = by_question
                .get(&(lesson.as_str(), question.as_str()))
                .map_or(&[][..], Vec::as_slice);
            let known = lesson_of(&lesson).and_then(|l| l.questions().find(|q| q.id == question));
            question_line(&lesson, &question, records, known, judged)
        })
        .collect();
    ClassView {
        learners: by_learner.into_values().collect(),
        questions,
    }
}

/// The line of `learner` in `lesson`, made empty if new.
fn line_in<'m>(
    map: &'m mut BTreeMap<(String, String), LearnerLine>,
    lessons: &[Lesson],
    learner: &str,
    name: &str,
    lesson: &str,
) -> &'m mut LearnerLine {
    let known = lessons.iter().find(|l| l.header.id == lesson);
    map.entry((learner.to_string(), lesson.to_string()))
        .or_insert_with(|| LearnerLine {
            learner: learner.to_string(),
            name: name.to_string(),
            lesson: lesson.to_string(),
            sections_read: 0,
            sections: known.map(|l| l.sections.len()),
            solved: 0,
            given_up: 0,
            open: 0,
            questions: known.map(|l| l.questions().count()),
            hints: 0,
            attempts: 0,
            last_seen: None,
        })
}

fn later(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn question_line(
    lesson: &str,
    question: &str,
    records: &[&QuestionRow],
    known: Option<&Question>,
    judged: &Judgements,
) -> QuestionLine {
    let attempted: Vec<&&QuestionRow> = records
        .iter()
        .filter(|r| r.record.attempts > 0 || r.record.status == Status::GivenUp)
        .collect();
    let mut attempts: Vec<u32> = attempted.iter().map(|r| r.record.attempts).collect();
    attempts.sort_unstable();
    let median_attempts = match attempts.len() {
        0 => None,
        n if n % 2 == 1 => Some(f64::from(attempts[n / 2])),
        n => Some((f64::from(attempts[n / 2 - 1]) + f64::from(attempts[n / 2])) / 2.0),
    };
    let wrong_inputs = records.iter().map(|r| wrong_answers_of(r));
    QuestionLine {
        lesson: lesson.to_string(),
        question: question.to_string(),
        attempted: count(attempted.len()),
        solved: count(
            records
                .iter()
                .filter(|r| r.record.status == Status::Solved)
                .count(),
        ),
        given_up: count(
            records
                .iter()
                .filter(|r| r.record.status == Status::GivenUp)
                .count(),
        ),
        median_attempts,
        hinted: count(records.iter().filter(|r| r.record.hints_opened > 0).count()),
        wrong: grouped(wrong_inputs, known, (lesson, judged)),
    }
}

/// Who is connected: one session per learner, the one started last, in the
/// order given. A learner whose server was killed logs in again through
/// the balancer at once, while the dead server's row stays until it is
/// stale (`progress::SESSION_STALE`); without this the view would list
/// them twice for minutes. A learner with two windows open is one learner
/// connected, too.
pub fn one_per_learner(mut sessions: Vec<LiveSession>) -> Vec<LiveSession> {
    let mut newest: std::collections::HashMap<String, (i64, i64)> =
        std::collections::HashMap::new();
    for s in &sessions {
        let seen = newest
            .entry(s.learner.clone())
            .or_insert((s.started, s.last_seen));
        *seen = (*seen).max((s.started, s.last_seen));
    }
    // The first session found at its learner's newest times stays, and
    // takes the learner off the list so no second one does.
    sessions.retain(|s| {
        newest.get(&s.learner) == Some(&(s.started, s.last_seen))
            && newest.remove(&s.learner).is_some()
    });
    sessions
}

/// One learner's wrong answers to a question: the answer log's, or for a
/// record older than the log, its last answer while unsolved.
fn wrong_answers_of(r: &QuestionRow) -> Vec<&str> {
    if !r.wrong_answers.is_empty() {
        return r.wrong_answers.iter().map(String::as_str).collect();
    }
    let unsolved = r.record.status != Status::Solved && r.record.attempts > 0;
    r.record
        .last_input
        .as_deref()
        .filter(|i| unsolved && !i.trim().is_empty())
        .into_iter()
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Group the learners' answers (one list per learner) that `question` would
/// judge equal (without the required form: `10x` and `x*10` are one group
/// even where a form tells them apart); without the question, answers
/// equal but for spaces. A group counts the learners who gave it, each
/// once. Each group is shown as the spelling most of its learners typed
/// (on a tie the shortest, then the first in character order, so the same
/// class always shows the same text). Most learners first, then in order
/// of first appearance; at most [`WRONG_SHOWN`].
pub fn group_answers<'a>(
    learners: impl Iterator<Item = Vec<&'a str>>,
    question: Option<&Question>,
) -> Vec<WrongAnswer> {
    grouped(learners, question, ("", &Judgements::default()))
}

/// [`group_answers`], judging through `judged` (for the question of
/// `lesson`).
fn grouped<'a>(
    learners: impl Iterator<Item = Vec<&'a str>>,
    question: Option<&Question>,
    (lesson, judged): (&str, &Judgements),
) -> Vec<WrongAnswer> {
    let takes = |g: &Group, input: &str| {
        let key = judgement_key([
            lesson,
            question.map_or("", |q| q.id.as_str()),
            &g.spellings[0].0,
            input,
        ]);
        judged.get(key).unwrap_or_else(|| {
            let same = g.probe.takes(input);
            judged.put(key, same);
            same
        })
    };
    // Each group: what its answers are judged against (built once, from
    // its first spelling), its learners, and its spellings with how many
    // learners typed each, in order of appearance.
    struct Group {
        probe: Probe,
        learners: u32,
        last: usize,
        spellings: Vec<(String, u32)>,
    }
    let mut groups: Vec<Group> = Vec::new();
    // The group of each spelling seen: a class types the same few answers
    // again and again, and each is judged against the groups only once.
    let mut known: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (who, answers) in learners.enumerate() {
        let mut spelled: Vec<&str> = Vec::new();
        for input in answers.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
            if spelled.contains(&input) {
                continue;
            }
            spelled.push(input);
            let at = match known.get(input) {
                Some(&at) => at,
                None => {
                    let at = groups
                        .iter()
                        .position(|g| takes(g, input))
                        .unwrap_or_else(|| {
                            groups.push(Group {
                                probe: Probe::new(question, input),
                                learners: 0,
                                last: usize::MAX,
                                spellings: Vec::new(),
                            });
                            groups.len() - 1
                        });
                    known.insert(input.to_string(), at);
                    at
                }
            };
            let g = &mut groups[at];
            if g.last != who {
                g.last = who;
                g.learners += 1;
            }
            match g.spellings.iter_mut().find(|(s, _)| s == input) {
                Some((_, n)) => *n += 1,
                None => g.spellings.push((input.to_string(), 1)),
            }
        }
    }
    let mut shown: Vec<WrongAnswer> = groups
        .into_iter()
        .map(|g| {
            let count = g.learners;
            let answer = g
                .spellings
                .into_iter()
                .min_by(|(a, m), (b, n)| {
                    n.cmp(m)
                        .then(a.chars().count().cmp(&b.chars().count()))
                        .then(a.cmp(b))
                })
                .map(|(s, _)| s)
                .unwrap_or_default();
            WrongAnswer { answer, count }
        })
        .collect();
    // A stable sort keeps first appearance among equal counts.
    shown.sort_by_key(|g| std::cmp::Reverse(g.count));
    shown.truncate(WRONG_SHOWN);
    shown
}

/// A wrong-answer group's test for one more answer: whether `question`
/// would judge it right were the group's first spelling its answer. Built
/// once per group: parsing the spelling and copying the question are the
/// costly part.
enum Probe {
    /// Equal but for spaces (no question, or a spelling it cannot read).
    Spaces(String),
    /// Equal ignoring case (choices and text answers).
    Words(String),
    /// The question, with the spelling as its answer, judging.
    Judge(String, Box<Question>),
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

impl Probe {
    fn new(question: Option<&Question>, example: &str) -> Probe {
        let spaces = Probe::Spaces(squeeze(example));
        let Some(q) = question else {
            return spaces;
        };
        let answer = match &q.answer {
            Answer::Number { tolerance, .. } => match crate::expr::parse_constant(example) {
                Ok(e) => Answer::Number {
                    text: example.to_string(),
                    value: e.eval(&[]),
                    tolerance: *tolerance,
                },
                Err(_) => return spaces,
            },
            Answer::Expression {
                vars,
                domain,
                functions,
                ..
            } => {
                let names: Vec<&str> = vars.iter().map(String::as_str).collect();
                match crate::expr::parse_answer_with(example, &names, *functions) {
                    Ok(expr) => Answer::Expression {
                        text: example.to_string(),
                        expr,
                        vars: vars.clone(),
                        domain: *domain,
                        functions: *functions,
                    },
                    Err(_) => return spaces,
                }
            }
            Answer::Vector {
                components,
                vars,
                domain,
                functions,
                ..
            } => match crate::quiz::vector::read(example, components.len(), vars, *functions) {
                Ok(components) => Answer::Vector {
                    text: example.to_string(),
                    components,
                    vars: vars.clone(),
                    domain: *domain,
                    functions: *functions,
                },
                Err(_) => return spaces,
            },
            Answer::Choice { .. } | Answer::Text { .. } => {
                return Probe::Words(example.trim().to_lowercase());
            }
        };
        // Only what judging reads: no form, feedback, hints or prose.
        let probe = Question {
            id: q.id.clone(),
            pos: q.pos,
            prompt: String::new(),
            answer,
            hints: Vec::new(),
            explain: None,
            feedback: Vec::new(),
            right: Vec::new(),
            wrong: Vec::new(),
            relative: q.relative,
            sigfigs: q.sigfigs,
            up_to_constant: false,
            form: None,
            variant: q.variant.clone(),
        };
        Probe::Judge(squeeze(example), Box::new(probe))
    }

    fn takes(&self, input: &str) -> bool {
        match self {
            Probe::Spaces(example) => *example == squeeze(input),
            Probe::Words(example) => *example == input.trim().to_lowercase(),
            Probe::Judge(example, question) => {
                *example == squeeze(input)
                    || quiz::check(question, Response::Text(input)) == Verdict::Right
            }
        }
    }
}

/// The two tables as aligned plain text, for a terminal.
pub fn to_text(view: &ClassView) -> String {
    let mut out = String::new();
    if view.learners.is_empty() {
        out.push_str("No progress recorded yet.\n");
        return out;
    }
    out.push_str("Learners\n");
    out.push_str(&table(
        &[
            "learner",
            "lesson",
            "read",
            "solved",
            "gave up",
            "open",
            "hints",
            "last seen",
        ],
        &[false, false, true, true, true, true, true, false],
        view.learners
            .iter()
            .map(|l| {
                vec![
                    printable(&l.name),
                    printable(&l.lesson),
                    of(l.sections_read, l.sections),
                    of(l.solved, l.questions),
                    l.given_up.to_string(),
                    l.open.to_string(),
                    l.hints.to_string(),
                    l.last_seen.map(format_time).unwrap_or_default(),
                ]
            })
            .collect(),
    ));
    out.push_str("\nQuestions\n");
    out.push_str(&table(
        &[
            "lesson",
            "question",
            "tried",
            "solved",
            "gave up",
            "median",
            "hinted",
            "commonest wrong answers",
        ],
        &[false, false, true, true, true, true, true, false],
        view.questions
            .iter()
            .map(|q| {
                vec![
                    printable(&q.lesson),
                    printable(&q.question),
                    q.attempted.to_string(),
                    q.solved.to_string(),
                    q.given_up.to_string(),
                    q.median_attempts.map(median).unwrap_or_default(),
                    q.hinted.to_string(),
                    wrong_list(&q.wrong),
                ]
            })
            .collect(),
    ));
    out
}

fn of(n: u32, total: Option<usize>) -> String {
    match total {
        Some(t) => format!("{n}/{t}"),
        None => n.to_string(),
    }
}

pub(crate) fn median(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

fn wrong_list(wrong: &[WrongAnswer]) -> String {
    wrong
        .iter()
        .map(|w| format!("{} ({})", shorten(&printable(&w.answer), 16), w.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One table as CSV (RFC 4180, CRLF line ends): the learners', or the
/// questions' when `questions` is set. Wrong answers are one field,
/// `answer (count)` joined by `; `.
pub fn to_csv(view: &ClassView, questions: bool) -> String {
    let mut lines: Vec<Vec<String>> = Vec::new();
    if questions {
        lines.push(
            [
                "lesson",
                "question",
                "attempted",
                "solved",
                "given_up",
                "median_attempts",
                "hinted",
                "wrong_answers",
            ]
            .map(str::to_string)
            .to_vec(),
        );
        for q in &view.questions {
            lines.push(vec![
                q.lesson.clone(),
                q.question.clone(),
                q.attempted.to_string(),
                q.solved.to_string(),
                q.given_up.to_string(),
                q.median_attempts.map(|m| m.to_string()).unwrap_or_default(),
                q.hinted.to_string(),
                q.wrong
                    .iter()
                    .map(|w| format!("{} ({})", w.answer, w.count))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
    } else {
        lines.push(
            [
                "learner",
                "name",
                "lesson",
                "sections_read",
                "sections",
                "solved",
                "given_up",
                "open",
                "questions",
                "hints",
                "attempts",
                "last_seen",
            ]
            .map(str::to_string)
            .to_vec(),
        );
        let opt = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        for l in &view.learners {
            lines.push(vec![
                l.learner.clone(),
                l.name.clone(),
                l.lesson.clone(),
                l.sections_read.to_string(),
                opt(l.sections),
                l.solved.to_string(),
                l.given_up.to_string(),
                l.open.to_string(),
                opt(l.questions),
                l.hints.to_string(),
                l.attempts.to_string(),
                l.last_seen.map(|t| t.to_string()).unwrap_or_default(),
            ]);
        }
    }
    let mut out = String::new();
    for line in lines {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Both tables as one JSON object, `{"learners": [...], "questions": [...]}`.
pub fn to_json(view: &ClassView) -> String {
    let mut out = serde_json::to_string_pretty(view).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = r#"
format = 1
id = "d"
title = "Derivatives"

[[section]]
id = "one"
title = "One"

  [[section.block]]
  kind = "text"
  text = "Read me."

[[section]]
id = "two"
title = "Two"

  [[section.block]]
  kind = "quiz"

    [[section.block.question]]
    id = "slope"
    prompt = "The derivative of $5x^2$?"
    type = "expression"
    answer = "10x"

    [[section.block.question]]
    id = "at-3"
    prompt = "The slope of $x^2$ at 3?"
    type = "number"
    answer = 6

    [[section.block.question]]
    id = "untried"
    prompt = "Never touched."
    type = "number"
    answer = 1
"#;

    fn lesson() -> Lesson {
        crate::lesson::load::must_load(LESSON, "d.toml")
    }

    fn row(
        learner: &str,
        question: &str,
        status: Status,
        attempts: u32,
        input: &str,
    ) -> QuestionRow {
        QuestionRow {
            learner: learner.to_string(),
            name: learner.to_uppercase(),
            lesson: "d".to_string(),
            question: question.to_string(),
            record: crate::progress::QuestionRecord {
                status,
                attempts,
                hints_opened: 0,
                last_input: Some(input.to_string()).filter(|i| !i.is_empty()),
                first_seen: 10,
                last_seen: 20,
            },
            mastered: status == Status::Solved,
            tries: Vec::new(),
            wrong_answers: Vec::new(),
        }
    }

    fn reading(learner: &str, lesson: &str, read: u32, at: i64) -> Reading {
        Reading {
            learner: learner.to_string(),
            name: learner.to_uppercase(),
            lesson: lesson.to_string(),
            sections_read: read,
            last_read: Some(at),
        }
    }

    fn class() -> (Vec<QuestionRow>, Vec<Reading>) {
        let mut hinted = row("cy", "slope", Status::GivenUp, 2, "x*10+1");
        hinted.record.hints_opened = 2;
        let rows = vec![
            row("ada", "slope", Status::Solved, 1, "10x"),
            row("ada", "at-3", Status::Open, 3, "9"),
            row("bo", "slope", Status::Open, 1, "5x"),
            row("bo", "at-3", Status::GivenUp, 0, ""),
            hinted,
            row("di", "slope", Status::Open, 4, "10 x + 1"),
            row("ed", "slope", Status::Open, 1, "x*5"),
            row("ed", "at-3", Status::Solved, 2, "6"),
        ];
        let readings = vec![
            reading("ada", "d", 2, 30),
            reading("bo", "d", 1, 5),
            reading("fay", "d", 1, 40),
        ];
        (rows, readings)
    }

    #[test]
    fn learners_are_counted_per_lesson_with_totals_when_the_lesson_is_known() {
        let (rows, readings) = class();
        let view = summarise(&rows, &readings, &[lesson()], None);
        let names: Vec<&str> = view.learners.iter().map(|l| l.learner.as_str()).collect();
        assert_eq!(names, ["ada", "bo", "cy", "di", "ed", "fay"]);
        let ada = &view.learners[0];
        assert_eq!(
            (
                ada.sections_read,
                ada.sections,
                ada.solved,
                ada.open,
                ada.given_up
            ),
            (2, Some(2), 1, 1, 0)
        );
        assert_eq!((ada.questions, ada.attempts), (Some(3), 4));
        assert_eq!(ada.last_seen, Some(30), "the later of reading and checking");
        let bo = &view.learners[1];
        assert_eq!((bo.given_up, bo.last_seen), (1, Some(20)));
        assert_eq!(view.learners[2].hints, 2);
        // Read only: listed, with nothing tried.
        let fay = &view.learners[5];
        assert_eq!((fay.sections_read, fay.solved, fay.open), (1, 0, 0));
        // Without the lesson: no totals, same counts.
        let bare = summarise(&rows, &readings, &[], None);
        assert_eq!(bare.learners[0].sections, None);
        assert_eq!(bare.learners[0].solved, 1);
    }

    #[test]
    fn questions_in_lesson_order_with_counts_median_and_grouped_wrong_answers() {
        let (rows, readings) = class();
        let view = summarise(&rows, &readings, &[lesson()], None);
        let ids: Vec<&str> = view.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(ids, ["slope", "at-3", "untried"]);
        let slope = &view.questions[0];
        assert_eq!(
            (slope.attempted, slope.solved, slope.given_up, slope.hinted),
            (5, 1, 1, 1)
        );
        // Attempts 1, 1, 2, 4, 1 -> median 1.
        assert_eq!(slope.median_attempts, Some(1.0));
        // `5x` and `x*5` are one answer; so are `x*10+1` and `10 x + 1`.
        // Equal counts keep the order first given.
        assert_eq!(
            slope.wrong,
            [
                WrongAnswer {
                    answer: "5x".into(),
                    count: 2
                },
                WrongAnswer {
                    answer: "x*10+1".into(),
                    count: 2
                },
            ]
        );
        let at3 = &view.questions[1];
        // ada tried 3 times, bo gave up without a check, ed solved in 2.
        assert_eq!((at3.attempted, at3.solved, at3.given_up), (3, 1, 1));
        assert_eq!(at3.median_attempts, Some(2.0));
        assert_eq!(at3.wrong.len(), 1);
        let untried = &view.questions[2];
        assert_eq!((untried.attempted, untried.median_attempts), (0, None));
    }

    #[test]
    fn without_the_lesson_answers_group_only_when_equal_but_for_spaces() {
        let inputs = ["x*10", "10x", "10 x", "x * 10"];
        let grouped = group_answers(inputs.into_iter().map(|i| vec![i]), None);
        assert_eq!(
            grouped.iter().map(|w| w.count).collect::<Vec<_>>(),
            [2, 2],
            "{grouped:?}"
        );
    }

    #[test]
    fn a_group_shows_its_commonest_spelling_whoever_typed_first() {
        for inputs in [
            ["x * 10", "10x", "10x", "x*10"],
            ["10x", "x*10", "x * 10", "10x"],
        ] {
            let grouped = group_answers(inputs.into_iter().map(|i| vec![i]), Some(&slope()));
            assert_eq!(grouped.len(), 1, "{grouped:?}");
            assert_eq!((grouped[0].answer.as_str(), grouped[0].count), ("10x", 4));
        }
        // A tie goes to the shortest, then character order.
        for inputs in [["18/2", "9", "4.5*2"], ["4.5*2", "9", "18/2"]] {
            let grouped =
                group_answers(inputs.into_iter().map(|i| vec![i]), Some(&question("at-3")));
            assert_eq!((grouped[0].answer.as_str(), grouped[0].count), ("9", 3));
        }
        for inputs in [["2*5", "5*2"], ["5*2", "2*5"]] {
            let grouped =
                group_answers(inputs.into_iter().map(|i| vec![i]), Some(&question("at-3")));
            assert_eq!(grouped[0].answer, "2*5");
        }
    }

    #[test]
    fn a_learner_reconnected_elsewhere_is_listed_once_with_the_new_session() {
        let session = |instance: &str, learner: &str, started: i64| LiveSession {
            instance: instance.into(),
            session: 1,
            learner: learner.into(),
            name: learner.to_uppercase(),
            lesson: "d".into(),
            section: String::new(),
            started,
            last_seen: started + 5,
        };
        // ada's server was killed at 100; she is back on b since 120.
        let listed = one_per_learner(vec![
            session("a", "ada", 10),
            session("b", "ada", 120),
            session("a", "bo", 50),
            // Two windows opened in the same second: one learner.
            session("a", "cy", 70),
            session("b", "cy", 70),
        ]);
        let shown: Vec<(&str, &str)> = listed
            .iter()
            .map(|s| (s.learner.as_str(), s.instance.as_str()))
            .collect();
        assert_eq!(shown, [("ada", "b"), ("bo", "a"), ("cy", "a")]);
    }

    #[test]
    fn a_learner_counts_once_in_a_group_and_once_in_each_group() {
        // ada typed two spellings of one answer and another answer; bo
        // typed the first again. Learners, not answers, are counted.
        let learners = [vec!["x*10", "10x", "x*10", "5"], vec!["10 x"], vec![]];
        let grouped = group_answers(learners.into_iter(), Some(&slope()));
        let shown: Vec<(&str, u32)> = grouped
            .iter()
            .map(|w| (w.answer.as_str(), w.count))
            .collect();
        assert_eq!(shown, [("10x", 2), ("5", 1)]);
    }

    #[test]
    fn every_logged_wrong_answer_counts_even_once_solved() {
        // ed solved the slope after two wrong answers; the log keeps them.
        let mut ed = row("ed", "slope", Status::Solved, 3, "10x");
        ed.wrong_answers = vec!["5x".into(), "x^2".into()];
        // A record from before the log: only an unsolved last answer.
        let old_solved = row("fi", "slope", Status::Solved, 2, "10x");
        let old_open = row("gus", "slope", Status::Open, 1, "x*5");
        let view = summarise(&[ed, old_solved, old_open], &[], &[lesson()], None);
        let slope = &view.questions[0];
        let shown: Vec<(&str, u32)> = slope
            .wrong
            .iter()
            .map(|w| (w.answer.as_str(), w.count))
            .collect();
        assert_eq!(shown, [("5x", 2), ("x^2", 1)]);
    }

    #[test]
    fn judgements_are_kept_between_counts_and_consulted() {
        let ed = |who: &str, answer: &str| {
            let mut r = row(who, "slope", Status::Open, 1, answer);
            r.wrong_answers = vec![answer.into()];
            r
        };
        let rows = [ed("ed", "5x"), ed("fi", "x*5")];
        let judged = Judgements::default();
        let first = summarise_with(&rows, &[], &[lesson()], None, &judged);
        assert_eq!(
            first.questions[0].wrong.len(),
            1,
            "{:?}",
            first.questions[0]
        );
        assert_eq!(judged.len(), 1);
        // The next count asks the kept judgement, not the judge: one kept
        // the other way round splits the group.
        judged.put(judgement_key(["d", "slope", "5x", "x*5"]), false);
        let again = summarise_with(&rows, &[], &[lesson()], None, &judged);
        assert_eq!(
            again.questions[0].wrong.len(),
            2,
            "{:?}",
            again.questions[0]
        );
        assert_eq!(summarise(&rows, &[], &[lesson()], None), first);
    }

    fn slope() -> Question {
        question("slope")
    }

    fn question(id: &str) -> Question {
        lesson()
            .questions()
            .find(|q| q.id == id)
            .cloned()
            .expect("the question")
    }

    #[test]
    fn only_the_most_common_wrong_answers_are_kept() {
        let inputs = ["1", "2", "2", "3", "3", "3", "4", "4", "4", "4"];
        let grouped = group_answers(inputs.into_iter().map(|i| vec![i]), None);
        let shown: Vec<(&str, u32)> = grouped
            .iter()
            .map(|w| (w.answer.as_str(), w.count))
            .collect();
        assert_eq!(shown, [("4", 4), ("3", 3), ("2", 2)]);
    }

    #[test]
    fn an_even_count_of_attempts_takes_the_middle_two() {
        let rows = [
            row("a", "at-3", Status::Solved, 1, "6"),
            row("b", "at-3", Status::Solved, 4, "6"),
        ];
        let view = summarise(&rows, &[], &[], None);
        assert_eq!(view.questions[0].median_attempts, Some(2.5));
        assert!(to_text(&view).contains(" 2.5 "), "{}", to_text(&view));
    }

    #[test]
    fn one_lesson_can_be_picked() {
        let (mut rows, mut readings) = class();
        rows.push(QuestionRow {
            lesson: "other".into(),
            ..row("ada", "q", Status::Solved, 1, "1")
        });
        readings.push(reading("gus", "other", 1, 50));
        let view = summarise(&rows, &readings, &[lesson()], Some("other"));
        let who: Vec<(&str, &str)> = view
            .learners
            .iter()
            .map(|l| (l.learner.as_str(), l.lesson.as_str()))
            .collect();
        assert_eq!(who, [("ada", "other"), ("gus", "other")]);
        assert_eq!(view.questions.len(), 1);
        assert_eq!(view.questions[0].question, "q");
    }

    #[test]
    fn text_csv_and_json_carry_the_same_counts() {
        let (rows, readings) = class();
        let view = summarise(&rows, &readings, &[lesson()], None);
        let text = to_text(&view);
        assert!(text.starts_with("Learners\nlearner"), "{text}");
        assert!(text.contains("ADA      d        2/2     1/3"), "{text}");
        assert!(text.contains("5x (2), x*10+1 (2)"), "{text}");
        let csv = to_csv(&view, false);
        assert!(
            csv.starts_with("learner,name,lesson,sections_read,"),
            "{csv}"
        );
        assert!(
            csv.contains("\r\nada,ADA,d,2,2,1,0,1,3,0,4,30\r\n"),
            "{csv}"
        );
        let csv = to_csv(&view, true);
        assert!(
            csv.contains("d,slope,5,1,1,1,1,5x (2); x*10+1 (2)\r\n"),
            "{csv}"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&view)).expect("JSON");
        assert_eq!(json["questions"][0]["wrong"][0]["count"], 2);
        assert_eq!(json["learners"][0]["solved"], 1);
    }

    #[test]
    fn an_empty_store_says_so_and_crafted_text_cannot_reach_the_terminal() {
        assert_eq!(
            to_text(&ClassView::default()),
            "No progress recorded yet.\n"
        );
        let rows = vec![QuestionRow {
            name: "\x1b[2Jeve".into(),
            ..row("eve", "at-3", Status::Open, 1, "\x1b]0;x\x07")
        }];
        let text = to_text(&summarise(&rows, &[], &[], None));
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
        assert!(text.contains("?[2Jeve"), "{text}");
        let csv = to_csv(&summarise(&rows, &[], &[], None), true);
        assert!(csv.contains('\x1b'), "CSV keeps the answer as typed");
        // A wrong answer a spreadsheet would run as a formula is guarded
        // as in `chalkdust progress --csv`.
        let rows = vec![row("eve", "at-3", Status::Open, 1, "=1+2")];
        let csv = to_csv(&summarise(&rows, &[], &[], None), true);
        assert!(csv.contains(",'=1+2 (1)\r\n"), "{csv}");
    }
}
