//! Fuzz answer checking: any text, typed as the answer to an expression
//! question (exact and up to a constant), a number question (default and
//! to significant figures), a text and a choice question, is judged without
//! a panic, and judged the same way twice (the judging is deterministic).
//! A vector question (two components in x and y, with feedback on one
//! component) is judged the same way.

#![no_main]

use chalkdust::expr;
use chalkdust::lesson::{Answer, Feedback, Pos, Question};
use chalkdust::quiz::{self, Response};
use libfuzzer_sys::fuzz_target;

fn question(answer: Answer, sigfigs: Option<u32>, up_to_constant: bool) -> Question {
    Question {
        id: "fuzz".into(),
        pos: Pos::default(),
        prompt: String::new(),
        answer,
        hints: Vec::new(),
        explain: None,
        feedback: Vec::new(),
        right: Vec::new(),
        wrong: Vec::new(),
        relative: None,
        sigfigs,
        up_to_constant,
        form: None,
        variant: None,
    }
}

fn expression(text: &str, vars: &[&str], up_to_constant: bool) -> Option<Question> {
    let e = expr::parse_answer(text, vars).ok()?;
    Some(question(
        Answer::Expression {
            text: text.into(),
            expr: e,
            vars: vars.iter().map(|v| v.to_string()).collect(),
            domain: None,
            functions: expr::FuncSet::default(),
        },
        None,
        up_to_constant,
    ))
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut questions: Vec<Question> = [
        expression("(x^2-4)/(x-2)", &["x"], false),
        expression("sin(x)^2/2", &["x"], true),
        expression("n*x^(n-1)", &["n", "x"], false),
    ]
    .into_iter()
    .flatten()
    .collect();
    for sigfigs in [None, Some(3)] {
        questions.push(question(
            Answer::Number {
                text: "1/3".into(),
                value: 1.0 / 3.0,
                tolerance: None,
            },
            sigfigs,
            false,
        ));
    }
    questions.push(question(
        Answer::Text {
            accepted: vec!["Tangent".into()],
        },
        None,
        false,
    ));
    questions.push(question(
        Answer::Choice {
            choices: vec!["a".into(), "b".into(), "c".into()],
            correct: vec![0, 2],
            multiple: true,
        },
        None,
        false,
    ));
    let vars = ["x", "y"];
    let parts: Option<Vec<_>> = ["2x", "8y"]
        .iter()
        .map(|c| expr::parse_answer(c, &vars).ok())
        .collect();
    if let Some(components) = parts {
        let mut q = question(
            Answer::Vector {
                text: "(2x, 8y)".into(),
                components,
                vars: vars.iter().map(|v| v.to_string()).collect(),
                domain: None,
                functions: expr::FuncSet::default(),
            },
            None,
            false,
        );
        q.feedback.push(Feedback {
            answer: "4y".into(),
            say: "The 4 stays.".into(),
            component: Some(1),
        });
        questions.push(q);
    }
    for q in &questions {
        let first = quiz::check(q, Response::Text(input));
        assert_eq!(quiz::check(q, Response::Text(input)), first);
        let _ = quiz::preview(q, input);
    }
    // The input as an expression answer of its own: checking it against
    // itself never panics, and a function of x it reads as is right.
    if let Some(q) = expression(input, &["x"], false) {
        let verdict = quiz::check(&q, Response::Text(input));
        let _ = quiz::audit(&q);
        let _ = verdict;
    }
});
