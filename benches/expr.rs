//! Parsing and checking typical answers: what one key press (live preview)
//! and one Check cost.

use chalkdust::expr;
use chalkdust::lesson::{Answer, Feedback, Pos, Question};
use chalkdust::quiz::{self, Response};
use divan::black_box;

fn main() {
    divan::main();
}

fn power_rule_question() -> Question {
    let vars = ["n", "x"];
    Question {
        id: "power-rule".into(),
        pos: Pos::default(),
        prompt: "Differentiate $x^n$.".into(),
        answer: Answer::Expression {
            text: "n*x^(n-1)".into(),
            expr: expr::parse("n*x^(n-1)", &vars).expect("the answer parses"),
            vars: vars.iter().map(|v| v.to_string()).collect(),
            domain: None,
            functions: expr::FuncSet::default(),
        },
        hints: Vec::new(),
        explain: None,
        feedback: vec![
            Feedback {
                answer: "x^(n-1)".into(),
                say: "The exponent comes down as a factor.".into(),
                component: None,
            },
            Feedback {
                answer: "n*x^(n+1)".into(),
                say: "The power goes down by one.".into(),
                component: None,
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

#[divan::bench]
fn parse_short() -> usize {
    expr::parse(black_box("10x"), &["x"]).map_or(0, |e| e.vars().len())
}

#[divan::bench]
fn parse_typical() -> usize {
    expr::parse(black_box("n x^(n-1) + 3x^2 - 2(x+1)/sqrt(x)"), &["n", "x"])
        .map_or(0, |e| e.vars().len())
}

#[divan::bench]
fn parse_longest_input() -> bool {
    let long = "x+".repeat(expr::MAX_LEN / 2 - 1) + "x";
    expr::parse(black_box(&long), &["x"]).is_ok()
}

#[divan::bench]
fn parse_error() -> usize {
    expr::parse(black_box("2(x+1"), &["x"]).map_or_else(|e| e.column, |_| 0)
}

#[divan::bench]
fn pretty_typical(bencher: divan::Bencher) {
    let e = expr::parse("n x^(n-1) + 3x^2 - 2(x+1)/sqrt(x)", &["n", "x"]).expect("parses");
    bencher.bench_local(|| black_box(&e).pretty());
}

#[divan::bench]
fn eval_typical(bencher: divan::Bencher) {
    let e = expr::parse("n x^(n-1) + 3x^2 - 2(x+1)/sqrt(x)", &["n", "x"]).expect("parses");
    bencher.bench_local(|| black_box(&e).eval(black_box(&[3.0, 1.5])));
}

#[divan::bench]
fn check_right_expression(bencher: divan::Bencher) {
    let q = power_rule_question();
    bencher.bench_local(|| quiz::check(black_box(&q), Response::Text(black_box("nx^(n-1)"))));
}

#[divan::bench]
fn check_wrong_expression_with_feedback(bencher: divan::Bencher) {
    let q = power_rule_question();
    bencher.bench_local(|| quiz::check(black_box(&q), Response::Text(black_box("n*x^n-1"))));
}

#[divan::bench]
fn check_number(bencher: divan::Bencher) {
    let mut q = power_rule_question();
    q.answer = Answer::Number {
        text: "1/2".into(),
        value: 0.5,
        tolerance: None,
    };
    q.feedback.clear();
    bencher.bench_local(|| quiz::check(black_box(&q), Response::Text(black_box("2^-1"))));
}
