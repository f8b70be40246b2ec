use super::*;
use crate::lesson::{Feedback, Pos};
use rstest::rstest;

fn question(id: &str, answer: Answer) -> Question {
    Question {
        id: id.to_string(),
        pos: Pos::default(),
        prompt: String::new(),
        answer,
        hints: Vec::new(),
        explain: None,
        feedback: Vec::new(),
        right: Vec::new(),
        wrong: Vec::new(),
        form: None,
    }
}

fn expr_question(answer: &str, vars: &[&str], domain: Option<(f64, f64)>) -> Question {
    let expr = expr::parse(answer, vars).expect("the test's answer parses");
    question(
        "q-expr",
        Answer::Expression {
            text: answer.to_string(),
            expr,
            vars: vars.iter().map(|v| v.to_string()).collect(),
            domain,
        },
    )
}

fn number_question(answer: &str, tolerance: Option<f64>) -> Question {
    let value = expr::parse_constant(answer).expect("parses").eval(&[]);
    question(
        "q-number",
        Answer::Number {
            text: answer.to_string(),
            value,
            tolerance,
        },
    )
}

fn choice_question(correct: &[usize], multiple: bool) -> Question {
    question(
        "q-choice",
        Answer::Choice {
            choices: vec!["a".into(), "b".into(), "c".into()],
            correct: correct.to_vec(),
            multiple,
        },
    )
}

fn text_question(accepted: &[&str]) -> Question {
    question(
        "q-text",
        Answer::Text {
            accepted: accepted.iter().map(|a| a.to_string()).collect(),
        },
    )
}

fn with_feedback(mut q: Question, answer: &str, say: &str) -> Question {
    q.feedback.push(Feedback {
        answer: answer.to_string(),
        say: say.to_string(),
    });
    q
}

fn typed(q: &Question, input: &str) -> Verdict {
    check(q, Response::Text(input))
}

const WRONG: Verdict = Verdict::Wrong { feedback: None };

/// Equivalent forms that must be accepted.
#[rstest]
#[case("10x", "10x")]
#[case("10x", "x*10")]
#[case("10x", "5*2x")]
#[case("10x", "10·x")]
#[case("10x", "10 x")]
#[case("10x", "20x/2")]
#[case("10x", "x + 9x")]
#[case("10x", "2*5*x + 0")]
#[case("2x+2", "2(x+1)")]
#[case("2x+2", "(x + 1)*2")]
#[case("2x+2", "2 + 2x")]
#[case("3x^2", "3x²")]
#[case("3x^2", "3*x**2")]
#[case("3x^2", "x^2*3")]
#[case("3x^2", "3x·x")]
#[case("-9x^2", "−9x²")]
#[case("-9x^2", "-(9x^2)")]
#[case("-9x^2", "0 - 9x^2")]
#[case("-9x^2", "-9x*x")]
#[case("(x+1)(x-1)", "x^2 - 1")]
#[case("(x+1)(x-1)", "(x-1)(x+1)")]
#[case("1/(2x)", "0.5/x")]
#[case("1/(2x)", "(1/2)/x")]
#[case("1/(2x)", "x^-1/2")]
#[case("x/2", "1/2x")]
#[case("x/2", "0.5x")]
#[case("sqrt(x)", "x^0.5")]
#[case("sqrt(x)", "√x")]
#[case("sqrt(x)", "x^(1/2)")]
#[case("e^x", "exp(x)")]
#[case("e^(2x)", "exp(2x)")]
#[case("e^(2x)", "(e^x)^2")]
#[case("ln(x)", "log(x)")]
#[case("ln(x)", "ln x")]
#[case("2ln(x)", "ln(x^2)")]
#[case("2ln(x)", "ln(x²)")]
#[case("cos(x)", "cos x")]
#[case("cos(x)", "sin(x + pi/2)")]
#[case("cos(x)", "cos(-x)")]
#[case("1/x", "x^-1")]
#[case("1/x", "x⁻¹")]
#[case("|x|", "sqrt(x^2)")]
#[case("|x|", "abs(x)")]
#[case("x^4", "|x|^4")]
#[case("2sin(x)cos(x)", "sin(2x)")]
#[case("3x^2 - 2x", "x(3x - 2)")]
#[case("6x", "6*x")]
#[case("x^3", "x*x*x")]
#[case("0", "x - x")]
#[case("1", "sin(x)^2 + cos(x)^2")]
fn equivalent_forms_are_right(#[case] answer: &str, #[case] input: &str) {
    let q = expr_question(answer, &["x"], None);
    assert_eq!(typed(&q, input), Verdict::Right, "{input} for {answer}");
}

#[rstest]
#[case("n*x^(n-1)", "nx^(n-1)")]
#[case("n*x^(n-1)", "n x^(n - 1)")]
#[case("n*x^(n-1)", "n*x^n/x")]
#[case("n*x^(n-1)", "x^(n-1)*n")]
#[case("x*y", "xy")]
#[case("x*y", "yx")]
#[case("x^2 + 2xy + y^2", "(x + y)^2")]
fn equivalent_forms_in_two_variables(#[case] answer: &str, #[case] input: &str) {
    let vars = if answer.contains('n') {
        ["n", "x"]
    } else {
        ["x", "y"]
    };
    let q = expr_question(answer, &vars, None);
    assert_eq!(typed(&q, input), Verdict::Right, "{input} for {answer}");
}

/// Near misses that must be rejected.
#[rstest]
#[case("-x^2", "(-x)^2")]
#[case("10x", "10x^2")]
#[case("10x", "5x")]
#[case("10x", "10")]
#[case("10x", "x^10")]
#[case("10x", "10 + x")]
#[case("x^2+1", "x^2")]
#[case("x^2", "x^2+1")]
#[case("x^2", "2x")]
#[case("x^3", "x")]
#[case("x^3 + x", "x^3")]
#[case("x", "|x|")]
#[case("x", "sqrt(x^2)")]
#[case("x", "sqrt(x)^2")]
#[case("sin(x)", "x")]
#[case("sin(x)", "sin(-x)")]
#[case("1/(2x)", "1/2x")]
#[case("e^x", "e^(x + 0.0001)")]
#[case("e^x", "x e^x")]
#[case("2^x", "x^2")]
#[case("x^4", "x^2")]
#[case("x^2 - 1", "(x - 1)^2")]
#[case("1/x", "-1/x")]
#[case("ln(x)", "ln(|x|) + 1")]
#[case("x^2 + 0.001", "x^2")]
fn near_misses_are_wrong(#[case] answer: &str, #[case] input: &str) {
    let q = expr_question(answer, &["x"], None);
    assert_eq!(typed(&q, input), WRONG, "{input} for {answer}");
}

#[rstest]
#[case("n*x^(n-1)", "n*x^n-1")]
#[case("n*x^(n-1)", "x^(n-1)")]
#[case("n*x^(n-1)", "n*x^(n+1)")]
#[case("n*x^(n-1)", "(n-1)x^n")]
fn near_misses_in_two_variables(#[case] answer: &str, #[case] input: &str) {
    let q = expr_question(answer, &["n", "x"], None);
    assert_eq!(typed(&q, input), WRONG, "{input} for {answer}");
}

/// Numbers, within and outside the tolerance.
#[rstest]
#[case("4", None, "4", true)]
#[case("4", None, "4.0", true)]
#[case("4", None, "8/2", true)]
#[case("4", None, "2^2", true)]
#[case("4", None, "sqrt(16)", true)]
#[case("4", None, "4.0000001", true)]
#[case("4", None, "4.00001", false)]
#[case("4", None, "-4", false)]
#[case("1/2", None, "0.5", true)]
#[case("1/2", None, "2^-1", true)]
#[case("1/2", None, ".5", true)]
#[case("1/2", None, "0.5000001", true)]
#[case("1/2", None, "0.501", false)]
#[case("-9", None, "−9", true)]
#[case("-9", None, "-3^2", true)]
#[case("-9", None, "(-3)^2", false)]
#[case("0", None, "0.0000001", true)]
#[case("0", None, "0.00001", false)]
#[case("1e6", None, "1000000.5", true)]
#[case("1e6", None, "1000002", false)]
#[case("3.14", Some(0.01), "pi", true)]
#[case("3.14", Some(0.01), "22/7", true)]
#[case("3.14", Some(0.01), "3.15", true)]
#[case("3.14", Some(0.01), "3.16", false)]
#[case("0.5", Some(0.01), "0.51", true)]
#[case("0.5", Some(0.01), "0.49", true)]
#[case("0.5", Some(0.01), "0.52", false)]
#[case("e", None, "exp(1)", true)]
#[case("4", None, "1/0", false)]
#[case("4", None, "ln(-1)", false)]
fn numbers(
    #[case] answer: &str,
    #[case] tolerance: Option<f64>,
    #[case] input: &str,
    #[case] right: bool,
) {
    let q = number_question(answer, tolerance);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected, "{input} for {answer}");
}

/// Inputs that can't be read: not an attempt, with the error and column.
#[rstest]
#[case("10x)", 4, "`)` has no `(` to match it")]
#[case("10y", 3, "`y` is not a variable in this question")]
#[case("2(x+1", 6, "missing `)` to close the `(` at column 2")]
#[case("x +", 4, "the input ends after `+`")]
#[case("", 1, "type an answer first")]
#[case("   ", 1, "type an answer first")]
fn unreadable_expressions(#[case] input: &str, #[case] column: usize, #[case] message: &str) {
    let q = expr_question("10x", &["x"], None);
    assert_eq!(
        typed(&q, input),
        Verdict::Unreadable(ParseError {
            column,
            message: message.to_string()
        })
    );
}

#[rstest]
#[case("x", 1, "`x` can't be used here: the answer is a number")]
#[case("4x", 2, "`x` can't be used here: the answer is a number")]
#[case("4)", 2, "`)` has no `(` to match it")]
fn unreadable_numbers(#[case] input: &str, #[case] column: usize, #[case] message: &str) {
    let q = number_question("4", None);
    assert_eq!(
        typed(&q, input),
        Verdict::Unreadable(ParseError {
            column,
            message: message.to_string()
        })
    );
}

#[rstest]
#[case(&[1], false, &[1], true)]
#[case(&[1], false, &[1, 1], true)]
#[case(&[1], false, &[0], false)]
#[case(&[1], false, &[0, 1], false)]
#[case(&[1], false, &[], false)]
#[case(&[1], false, &[7], false)]
#[case(&[0, 2], true, &[2, 0], true)]
#[case(&[0, 2], true, &[0, 2], true)]
#[case(&[0, 2], true, &[0], false)]
#[case(&[0, 2], true, &[0, 1, 2], false)]
fn choices(
    #[case] correct: &[usize],
    #[case] multiple: bool,
    #[case] chosen: &[usize],
    #[case] right: bool,
) {
    let q = choice_question(correct, multiple);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(check(&q, Response::Choices(chosen)), expected);
}

#[rstest]
#[case(&[1], "b", true)]
#[case(&[1], " B ", true)]
#[case(&[1], "a", false)]
#[case(&[0, 2], "a, c", true)]
#[case(&[0, 2], "c,a", true)]
#[case(&[0, 2], "a", false)]
fn choices_typed(#[case] correct: &[usize], #[case] input: &str, #[case] right: bool) {
    let q = choice_question(correct, correct.len() > 1);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected);
}

#[test]
fn a_typed_non_choice_is_unreadable() {
    let q = choice_question(&[1], false);
    assert!(
        matches!(typed(&q, "d"), Verdict::Unreadable(e) if e.message == "choose one of the options")
    );
}

#[rstest]
#[case("newton", true)]
#[case("  NEWTON ", true)]
#[case("Isaac Newton", true)]
#[case("isaac  newton", false)]
#[case("newt", false)]
#[case("Leibniz", false)]
fn text_answers(#[case] input: &str, #[case] right: bool) {
    let q = text_question(&["Newton", "Isaac Newton"]);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected);
}

#[test]
fn choices_given_to_a_typed_question_are_unreadable() {
    let q = text_question(&["Newton"]);
    assert!(matches!(
        check(&q, Response::Choices(&[0])),
        Verdict::Unreadable(e) if e.message == "this question takes a typed answer"
    ));
}

/// Targeted feedback is matched the same way as the answer.
#[rstest]
#[case("5x", Some("factor"))]
#[case("x*5", Some("factor"))]
#[case("5·x", Some("factor"))]
#[case("10x^2", None)]
#[case("10x", None)]
fn expression_feedback(#[case] input: &str, #[case] say: Option<&str>) {
    let q = with_feedback(expr_question("10x", &["x"], None), "5x", "factor");
    let expected = match say {
        None if input == "10x" => Verdict::Right,
        None => WRONG,
        Some(s) => Verdict::Wrong {
            feedback: Some(s.to_string()),
        },
    };
    assert_eq!(typed(&q, input), expected);
}

#[rstest]
#[case("-4", Some("sign"))]
#[case("−8/2", Some("sign"))]
#[case("5", None)]
fn number_feedback(#[case] input: &str, #[case] say: Option<&str>) {
    let q = with_feedback(number_question("4", None), "-4", "sign");
    let expected = Verdict::Wrong {
        feedback: say.map(str::to_string),
    };
    assert_eq!(typed(&q, input), expected);
}

#[test]
fn text_and_choice_feedback() {
    let q = with_feedback(text_question(&["Newton"]), " leibniz", "he came second");
    assert_eq!(
        typed(&q, "LEIBNIZ"),
        Verdict::Wrong {
            feedback: Some("he came second".into())
        }
    );
    let q = with_feedback(choice_question(&[1], false), "a", "not a");
    assert_eq!(
        check(&q, Response::Choices(&[0])),
        Verdict::Wrong {
            feedback: Some("not a".into())
        }
    );
    assert_eq!(check(&q, Response::Choices(&[2])), WRONG);
}

#[test]
fn the_same_input_always_gets_the_same_verdict() {
    let q = expr_question("x^3 + x", &["x"], None);
    let first = typed(&q, "x^3 + 1.0000001x");
    for _ in 0..20 {
        assert_eq!(typed(&q, "x^3 + 1.0000001x"), first);
    }
}

#[test]
fn sample_points_have_both_signs_and_varied_sizes() {
    let q = expr_question("x", &["x"], None);
    let Answer::Expression { expr, .. } = &q.answer else {
        unreachable!("built as an expression question")
    };
    let points = Sampler::new(&q, 1, None).valid_points(expr);
    assert_eq!(points.len(), SAMPLE_POINTS);
    let xs: Vec<f64> = points.iter().map(|p| p[0]).collect();
    assert!(xs.iter().any(|&x| x < 0.0) && xs.iter().any(|&x| x > 0.0));
    assert!(xs.iter().any(|&x| x.abs() < 1.0) && xs.iter().any(|&x| x.abs() > 3.0));
    assert!(xs.iter().all(|&x| (0.1..=10.0).contains(&x.abs())));
    assert!(xs.iter().any(|&x| x.fract() != 0.0));
}

#[test]
fn undefined_points_are_skipped_and_enough_remain() {
    for (answer, vars) in [
        ("x^(n-1)", &["n", "x"][..]),
        ("sqrt(x)", &["x"][..]),
        ("ln(x)", &["x"][..]),
        ("1/x", &["x"][..]),
    ] {
        let q = expr_question(answer, vars, None);
        let Answer::Expression { expr, .. } = &q.answer else {
            unreachable!("built as an expression question")
        };
        let n = Sampler::new(&q, vars.len(), None).valid_points(expr).len();
        assert!(n >= MIN_VALID_POINTS, "{answer}: only {n} valid points");
        assert_eq!(audit(&q), Vec::new(), "{answer}");
    }
}

#[test]
fn a_domain_override_samples_inside_it() {
    let q = expr_question("sqrt(x - 20)", &["x"], None);
    assert!(matches!(&audit(&q)[..], [Problem::Answer(m)] if m.contains("domain")));
    // Too few valid points: not even the answer itself is judged right.
    assert_eq!(typed(&q, "sqrt(x - 20)"), WRONG);
    let q = expr_question("sqrt(x - 20)", &["x"], Some((20.0, 30.0)));
    assert_eq!(audit(&q), Vec::new());
    assert_eq!(typed(&q, "(x - 20)^0.5"), Verdict::Right);
    assert_eq!(typed(&q, "sqrt(x - 21)"), WRONG);
}

#[test]
fn a_domain_can_accept_answers_equal_only_there() {
    let q = expr_question("x", &["x"], Some((0.5, 4.0)));
    assert_eq!(typed(&q, "|x|"), Verdict::Right);
    assert_eq!(typed(&q, "sqrt(x)^2"), Verdict::Right);
}

fn power_rule_question() -> Question {
    let mut q = expr_question("10x", &["x"], None);
    q.right = vec!["10*x".into(), "x*10".into(), "5*2x".into()];
    q.wrong = vec!["5x".into(), "10".into(), "10x^2".into()];
    q
}

#[test]
fn audit_passes_a_correct_question() {
    assert_eq!(audit(&power_rule_question()), Vec::new());
}

#[test]
fn audit_names_a_flipped_sample() {
    let mut q = power_rule_question();
    q.right[1] = "5x".into();
    q.wrong[2] = "2*5x".into();
    let problems = audit(&q);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "right[1] = \"5x\" is judged wrong",
            "wrong[2] = \"2*5x\" is judged right"
        ]
    );
}

#[test]
fn audit_reports_unreadable_samples_and_feedback() {
    let mut q = with_feedback(power_rule_question(), "5y", "no");
    q.right.push("10x)".into());
    let text: Vec<String> = audit(&q).iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "feedback 1: its `answer` can't be read: column 2: `y` is not a variable in this question",
            "right[3] = \"10x)\" can't be read: column 4: `)` has no `(` to match it",
        ]
    );
}

#[test]
fn audit_reports_bad_choice_answers() {
    let q = choice_question(&[5], false);
    assert_eq!(
        audit(&q),
        [Problem::Answer(
            "the answer is not among the `choices`".into()
        )]
    );
    let q = choice_question(&[0, 1], false);
    assert_eq!(audit(&q).len(), 1);
    let q = with_feedback(choice_question(&[1], false), "z", "?");
    assert!(matches!(
        &audit(&q)[..],
        [Problem::Feedback { index: 0, .. }]
    ));
}

#[rstest]
#[case(number_question("1/2", None), "2^-1", "2⁻¹")]
#[case(expr_question("10x", &["x"], None), "10x", "10·x")]
#[case(expr_question("10x", &["x"], None), "1/2x", "(1/2)·x")]
#[case(text_question(&["Newton"]), "  Newton ", "Newton")]
fn previews(#[case] q: Question, #[case] input: &str, #[case] shown: &str) {
    assert_eq!(preview(&q, input), Ok(shown.to_string()));
}

#[test]
fn preview_explains_what_cannot_be_read() {
    let q = number_question("4", None);
    let err = preview(&q, "x").expect_err("a variable in a number");
    assert_eq!(err.column, 1);
}
