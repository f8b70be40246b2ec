//! Vector answers (`type = "vector"`): components separated by commas,
//! optionally inside `( )`, `< >`, `⟨ ⟩` or `[ ]`, each judged as an
//! expression answer in the question's `vars`. The verdict names which
//! components are right; a wrong number of components is a reading error,
//! not an attempt.

use super::Verdict;
use super::sample::{Comparison, Equal, Sampler};
use crate::expr::{self, Expr, FuncSet, ParseError};
use crate::lesson::Question;

/// The brackets a vector may be written in.
const BRACKETS: [(char, char); 4] = [('(', ')'), ('<', '>'), ('⟨', '⟩'), ('[', ']')];

/// The components of `input`: each with the 0-based character it starts
/// at, so a component that can't be read is pointed at in the whole input.
pub fn components(input: &str) -> Vec<(usize, &str)> {
    split(input, false)
}

/// [`components`]; `typing` also reads past an opening bracket not closed
/// yet (`(2x, 3`), for the preview while the learner types.
fn split(input: &str, typing: bool) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    // Byte range of the inside, and the character count before it.
    let (mut from, mut to, mut skipped) = (0, input.len(), 0);
    let first = chars.iter().position(|(_, c)| !c.is_whitespace());
    let last = chars.iter().rposition(|(_, c)| !c.is_whitespace());
    if let (Some(f), Some(l)) = (first, last)
        && let Some(&(_, close)) = BRACKETS.iter().find(|(o, _)| *o == chars[f].1)
    {
        if f < l && chars[l].1 == close && encloses(&chars[f..=l]) {
            from = chars[f].0 + chars[f].1.len_utf8();
            to = chars[l].0;
            skipped = f + 1;
        } else if typing && unclosed(&chars[f..=l]) {
            from = chars[f].0 + chars[f].1.len_utf8();
            skipped = f + 1;
        }
    }
    let inside = &input[from..to];
    let mut out = Vec::new();
    let (mut depth, mut start_byte, mut start_char) = (0i32, 0, skipped);
    for (n, (i, c)) in inside.char_indices().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push((start_char, &inside[start_byte..i]));
                start_byte = i + 1;
                start_char = skipped + n + 1;
            }
            _ => {}
        }
    }
    out.push((start_char, &inside[start_byte..]));
    out
}

/// Whether the first bracket of `chars` closes at its last character (not
/// `(x + 1), (y + 1)`, whose first `(` closes earlier).
fn encloses(chars: &[(usize, char)]) -> bool {
    let (open, close) = (chars[0].1, chars[chars.len() - 1].1);
    if open == '<' || open == '⟨' {
        // Not used in expressions: nothing inside can close them early.
        return true;
    }
    let mut depth = 0;
    for (k, (_, c)) in chars.iter().enumerate() {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 && k + 1 < chars.len() {
                return false;
            }
        }
    }
    depth == 0
}

/// Whether the first bracket of `chars` is never closed.
fn unclosed(chars: &[(usize, char)]) -> bool {
    let (open, close) = match BRACKETS.iter().find(|(o, _)| *o == chars[0].1) {
        Some(&(o, c)) => (o, c),
        None => return false,
    };
    let mut depth = 0;
    for (_, c) in chars {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 {
                return false;
            }
        }
    }
    true
}

/// Each component read as an expression in `vars`, or why the input can't
/// be read: a component that does not parse (pointed at in the input) or
/// the wrong number of them.
pub fn read(
    input: &str,
    want: usize,
    vars: &[String],
    functions: FuncSet,
) -> Result<Vec<Expr>, ParseError> {
    let parts = components(input);
    if parts.len() != want || parts.iter().any(|(_, p)| p.trim().is_empty()) && want > 1 {
        return Err(ParseError {
            column: 1,
            message: format!(
                "give {want} components, separated by commas, like ({})",
                (1..=want)
                    .map(|i| format!("a{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    parts
        .into_iter()
        .map(|(at, part)| {
            expr::parse_answer_with(part, &names, functions).map_err(|e| ParseError {
                column: e.column + at,
                message: e.message,
            })
        })
        .collect()
}

/// "first", "second", ... for naming components in verdicts.
pub fn ordinal(i: usize) -> String {
    const WORDS: [&str; 6] = ["first", "second", "third", "fourth", "fifth", "sixth"];
    WORDS
        .get(i)
        .map_or_else(|| format!("component {}", i + 1), |w| w.to_string())
}

/// "the first and third components are right; the second is not".
fn summary(right: &[bool]) -> String {
    let list = |want: bool| -> Vec<String> {
        right
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == want)
            .map(|(i, _)| ordinal(i))
            .collect()
    };
    let join = |words: Vec<String>| match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let (good, bad) = (list(true), list(false));
    let is = |n: usize, one: &str, many: &str| if n == 1 { one } else { many }.to_string();
    match (good.len(), bad.len()) {
        (0, 2) => "Neither component is right yet.".to_string(),
        (0, n) => format!("None of the {n} components is right yet."),
        (g, b) => format!(
            "The {} {} right; the {} {} not.",
            join(good),
            is(g, "component is", "components are"),
            join(bad),
            is(b, "is", "are")
        ),
    }
}

/// Judge a vector answer: every component must match.
pub(super) fn judge(
    question: &Question,
    expected: &[Expr],
    vars: &[String],
    domain: Option<(f64, f64)>,
    functions: FuncSet,
    input: &str,
) -> Verdict {
    let given = match read(input, expected.len(), vars, functions) {
        Ok(g) => g,
        Err(e) => return Verdict::Unreadable(e),
    };
    let sampler = Sampler::new(vars.len(), domain);
    let same = |a: &Expr, b: &Expr| sampler.compare(a, b, Equal::Exactly) == Comparison::Same;
    let right: Vec<bool> = expected
        .iter()
        .zip(&given)
        .map(|(e, g)| same(e, g))
        .collect();
    if right.iter().all(|r| *r) {
        return Verdict::Right;
    }
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    // The author's words: for the whole vector first, then for the first
    // wrong component that matches a known mistake.
    let said = question.feedback.iter().find(|f| match f.component {
        None => read(&f.answer, expected.len(), vars, functions)
            .is_ok_and(|fb| fb.iter().zip(&given).all(|(a, b)| same(a, b))),
        Some(c) => {
            right.get(c) == Some(&false)
                && expr::parse_answer_with(&f.answer, &names, functions)
                    .is_ok_and(|fb| given.get(c).is_some_and(|g| same(&fb, g)))
        }
    });
    let summary = summary(&right);
    Verdict::Wrong {
        feedback: Some(match said {
            Some(f) => format!("{summary} {}", f.say),
            None => summary,
        }),
    }
}

/// The live "read as" line: each component as read, `(2·x, 8·y)`.
pub(super) fn preview(
    input: &str,
    want: usize,
    vars: &[String],
    functions: FuncSet,
) -> Result<String, ParseError> {
    let parts = split(input, true);
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    // While typing, show what there is so far; too many is said at once.
    if parts.len() > want {
        return read(input, want, vars, functions).map(|_| String::new());
    }
    let mut shown = Vec::new();
    for (at, part) in parts {
        if part.trim().is_empty() {
            shown.push("…".to_string());
            continue;
        }
        let e = expr::parse_answer_with(part, &names, functions).map_err(|e| ParseError {
            column: e.column + at,
            message: e.message,
        })?;
        shown.push(e.pretty());
    }
    let mut text = format!("({})", shown.join(", "));
    // Said here too, so "can't be read (see above)" after Enter has its
    // reason on screen.
    if shown.len() < want {
        text.push_str(&format!("  (give {want} components, separated by commas)"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Answer, Feedback, Pos};
    use crate::quiz::{Response, check, preview};

    /// ∇(x² + 4y²) = (2x, 8y), with feedback on the second component.
    fn gradient() -> Question {
        let vars = vec!["x".to_string(), "y".to_string()];
        let names = ["x", "y"];
        let components = ["2x", "8y"]
            .iter()
            .map(|c| expr::parse_answer(c, &names).expect("parses"))
            .collect();
        Question {
            id: "grad".into(),
            pos: Pos::default(),
            prompt: String::new(),
            answer: Answer::Vector {
                text: "(2x, 8y)".into(),
                components,
                vars,
                domain: None,
                functions: FuncSet::default(),
            },
            hints: Vec::new(),
            explain: None,
            feedback: vec![
                Feedback {
                    answer: "(8y, 2x)".into(),
                    say: "Swapped.".into(),
                    component: None,
                },
                Feedback {
                    answer: "4y".into(),
                    say: "The 4 stays as a factor.".into(),
                    component: Some(1),
                },
            ],
            right: Vec::new(),
            wrong: Vec::new(),
            form: None,
            relative: None,
            sigfigs: None,
            up_to_constant: false,
            variant: None,
        }
    }

    fn judge(input: &str) -> Verdict {
        check(&gradient(), Response::Text(input))
    }

    fn said(input: &str) -> String {
        match judge(input) {
            Verdict::Wrong { feedback: Some(f) } => f,
            other => panic!("{input}: {other:?}"),
        }
    }

    #[test]
    fn every_bracket_and_none_is_read() {
        for input in [
            "(2x, 8y)",
            "<2x, 8y>",
            "⟨2x, 8y⟩",
            "[2x, 8y]",
            "2x, 8y",
            "  ( x*2 ,y*8 )  ",
            "(2(x), 8(y))",
        ] {
            assert_eq!(judge(input), Verdict::Right, "{input}");
        }
        assert_eq!(
            components("(x + 1), (y + 1)"),
            [(0, "(x + 1)"), (8, " (y + 1)")],
            "brackets of the components are not the vector's"
        );
        assert_eq!(components("[min(x, y), 2]").len(), 2);
    }

    #[test]
    fn the_verdict_names_the_right_components_and_the_authors_words() {
        assert_eq!(
            said("(2x, 4y)"),
            "The first component is right; the second is not. The 4 stays as a factor."
        );
        assert_eq!(
            said("(2x, 9y)"),
            "The first component is right; the second is not."
        );
        assert_eq!(said("(8y, 2x)"), "Neither component is right yet. Swapped.");
        assert_eq!(
            said("(x, 8y)"),
            "The second component is right; the first is not."
        );
        assert_eq!(
            summary(&[true, false, true]),
            "The first and third components are right; the second is not."
        );
        assert_eq!(
            summary(&[false, false, false]),
            "None of the 3 components is right yet."
        );
    }

    #[test]
    fn a_wrong_number_of_components_or_an_unreadable_one_is_no_attempt() {
        for input in ["(2x)", "2x, 8y, 0", "(2x, )", "2x"] {
            match judge(input) {
                Verdict::Unreadable(e) => {
                    assert!(e.message.starts_with("give 2 components"), "{input}: {e:?}");
                }
                other => panic!("{input}: {other:?}"),
            }
        }
        // The second component's slip is pointed at in the whole input.
        match judge("(2x, 8*)") {
            Verdict::Unreadable(e) => assert_eq!(e.column, 8, "{e:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_preview_shows_each_component_as_read() {
        let q = gradient();
        assert_eq!(preview(&q, "(2x, 8y)").as_deref(), Ok("(2·x, 8·y)"));
        assert_eq!(
            preview(&q, "(2x").as_deref(),
            Ok("(2·x)  (give 2 components, separated by commas)")
        );
        assert_eq!(preview(&q, "(2x, ").as_deref(), Ok("(2·x, …)"));
        assert!(preview(&q, "1, 2, 3").is_err());
    }
}
