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
        relative: None,
        sigfigs: None,
        up_to_constant: false,
        variant: None,
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
            functions: expr::FuncSet::default(),
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
        component: None,
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
#[case("4", None, "4.0000001", false)]
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
#[case("0", None, "0.0000001", false)]
#[case("0", None, "0.00001", false)]
#[case("1e6", None, "1000000.5", false)]
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
#[case("isaac  newton", true)]
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

/// A verdict depends on the answer and the input, never on the question's
/// id: the same removable-hole input under 40 ids, all judged alike (and
/// right). With points seeded by the id, some ids drew x = 2 and judged it
/// wrong.
#[test]
fn the_same_input_gets_the_same_verdict_whatever_the_question_id() {
    for k in 0..40 {
        let mut q = expr_question("x+2", &["x"], None);
        q.id = format!("question-{k}");
        assert_eq!(typed(&q, "(x^2-4)/(x-2)"), Verdict::Right, "id {}", q.id);
        assert_eq!(typed(&q, "(x^2-4)/(x-3)"), WRONG, "id {}", q.id);
    }
}

/// The verdict of an input near the tolerance does not change between
/// checks, nor between two questions that differ only in wording.
#[test]
fn the_same_input_always_gets_the_same_verdict() {
    let inputs = ["x^3 + 1.0000001x", "x^3 + 1.00001x", "(x^3 + x)(1 + 3e-7)"];
    let a = expr_question("x^3 + x", &["x"], None);
    let mut b = a.clone();
    b.id = "another-id".into();
    b.prompt = "Another prompt".into();
    let first: Vec<Verdict> = inputs.iter().map(|i| typed(&a, i)).collect();
    // Both sides of the tolerance, so a verdict that flips is noticed.
    assert_eq!(first, [Verdict::Right, WRONG, Verdict::Right]);
    for _ in 0..5 {
        let again: Vec<Verdict> = inputs.iter().map(|i| typed(&b, i)).collect();
        assert_eq!(again, first);
    }
}

#[test]
fn sample_points_span_three_scales_both_signs_whole_and_not() {
    let q = expr_question("x", &["x"], None);
    let Answer::Expression { expr, .. } = &q.answer else {
        unreachable!("built as an expression question")
    };
    let xs: Vec<f64> = Sampler::new(1, None)
        .points(expr)
        .iter()
        .map(|p| p.at[0])
        .collect();
    assert_eq!(xs.len(), 32);
    for (lo, hi) in [(0.1, 10.0), (10.0, 100.0), (100.0, 1000.0)] {
        let at_scale: Vec<f64> = xs
            .iter()
            .copied()
            .filter(|x| (lo..=hi).contains(&x.abs()))
            .collect();
        assert!(at_scale.len() >= 8, "{lo}..{hi}: {at_scale:?}");
        assert!(
            at_scale.iter().any(|&x| x < 0.0),
            "{lo}..{hi}: {at_scale:?}"
        );
        assert!(
            at_scale.iter().any(|&x| x > 0.0),
            "{lo}..{hi}: {at_scale:?}"
        );
        assert!(at_scale.iter().any(|&x| x.fract() == 0.0), "{lo}..{hi}");
        assert!(at_scale.iter().any(|&x| x.fract() != 0.0), "{lo}..{hi}");
    }
    assert!(xs.iter().any(|&x| x.abs() < 1.0));
}

/// Answers that agree for |x| ≤ 10 but not beyond.
#[rstest]
#[case("|x-12|", "12-x")]
#[case("|x+20|", "x+20")]
#[case("sqrt((x-50)^2)", "50-x")]
#[case("|x-50|/(x-50)", "-1")]
#[case("|x-500|", "500-x")]
fn answers_equal_only_for_small_values_are_wrong(#[case] answer: &str, #[case] input: &str) {
    let q = expr_question(answer, &["x"], None);
    assert_eq!(typed(&q, input), WRONG, "{input} for {answer}");
}

/// Neither a large constant nor a small coefficient hides a difference,
/// and honest rounding noise is not one.
#[rstest]
#[case("x + 1e8", "1e8", false)]
#[case("x + 1e12", "1e12", false)]
#[case("1e8", "x + 1e8", false)]
#[case("x^2 + 1e8", "x^2 + x + 1e8", false)]
#[case("1.3348e-10*x", "6.674e-11*x", false)]
#[case("6.674e-11*x", "1.3348e-10*x", false)]
#[case("6.674e-11*x + 1", "1.3348e-10*x + 1", false)]
#[case("1e-12*x^2", "1e-12*x^3", false)]
#[case("6.674e-11*x", "6.674e-11x", true)]
#[case("6.674e-11*x", "x*6.674*10^-11", true)]
#[case("x + 1e8", "1e8 + x", true)]
#[case("x + 1e8", "(x*1e8 + 1e16)/1e8", true)]
#[case("(x+1)^2 - x^2", "2x + 1", true)]
#[case("2x+1", "(x+1)^2 - x^2", true)]
#[case("0", "sin(x)^2 + cos(x)^2 - 1", true)]
#[case("sin(x)", "sin(x + 2pi)", true)]
#[case("x/10", "0.1x", true)]
#[case("e^x", "e^(2x)/e^x", true)]
#[case("x^10", "(x^5)^2", true)]
fn tolerance_traps(#[case] answer: &str, #[case] input: &str, #[case] right: bool) {
    let q = expr_question(answer, &["x"], None);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected, "{input} for {answer}");
}

/// Where the learner's expression has a removable hole, its limit counts.
#[rstest]
#[case("x+2", "(x^2-4)/(x-2)", true)]
#[case("x+2", "(x^2-4)/(x-2.5)", false)]
#[case("1", "x/x", true)]
#[case("2x", "(x^3 - x)*2/(x^2 - 1)", true)]
#[case("-4x/(x^2-1)^2", "((2x)(x^2-1) - (x^2+1)(2x))/(x^2-1)^2", true)]
#[case("-2/(x-1)^2", "((x-1) - (x+1))/(x-1)^2", true)]
#[case("x", "sqrt(x)^2", false)]
#[case("1", "|x|/x", false)]
#[case("x", "x^2/x + 1/(x-3) - 1/(x-3)", true)]
#[case("x", "x + 1/(x-3) - 1/(x-3.0000001)", false)]
fn removable_holes(#[case] answer: &str, #[case] input: &str, #[case] right: bool) {
    let q = expr_question(answer, &["x"], None);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected, "{input} for {answer}");
}

/// Points right on the hole: with `domain = [1.5, 2.5]` every whole-number
/// point is 2, so without the limit half the points would differ.
#[test]
fn a_hole_right_on_a_sample_point_is_judged_by_its_limit() {
    let q = expr_question("x+2", &["x"], Some((1.5, 2.5)));
    let Answer::Expression { expr, .. } = &q.answer else {
        unreachable!("built as an expression question")
    };
    let on_hole = Sampler::new(1, Some((1.5, 2.5)))
        .points(expr)
        .iter()
        .filter(|p| p.at[0] == 2.0)
        .count();
    assert!(on_hole >= 4, "{on_hole} points at the hole");
    assert_eq!(typed(&q, "(x^2-4)/(x-2)"), Verdict::Right);
    assert_eq!(
        typed(&q, "(x^3-8)/(x^2-4) * (x+2)^2/(x^2+2x+4)"),
        Verdict::Right
    );
    // Two poles that cancel leave a hole; one pole alone is no hole.
    assert_eq!(
        typed(&q, "x + 2 + 1/(x-2) - 1/(x-2)^2*(x-2)"),
        Verdict::Right
    );
    assert_eq!(typed(&q, "x + 2 + 1/(x-2)"), WRONG);
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
        let n = Sampler::new(vars.len(), None).points(expr).len();
        assert!(n >= MIN_VALID_POINTS, "{answer}: only {n} valid points");
        assert_eq!(audit(&q), Vec::new(), "{answer}");
    }
}

#[test]
fn a_domain_override_samples_inside_it() {
    // Defined only beyond the largest scale.
    let q = expr_question("sqrt(x - 2000)", &["x"], None);
    assert!(matches!(&audit(&q)[..], [Problem::Answer(m)] if m.contains("domain")));
    // Too few valid points: not even the answer itself is judged right.
    assert_eq!(typed(&q, "sqrt(x - 2000)"), WRONG);
    let q = expr_question("sqrt(x - 2000)", &["x"], Some((2000.0, 3000.0)));
    assert_eq!(audit(&q), Vec::new());
    assert_eq!(typed(&q, "(x - 2000)^0.5"), Verdict::Right);
    assert_eq!(typed(&q, "sqrt(x - 2001)"), WRONG);
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

/// Select-all feedback: an entry naming one wrong option shows whenever it
/// is picked, whatever else is; one naming a right option shows when it is
/// left out; an entry naming the exact set picked comes first.
#[rstest]
#[case(&[1], Some("not b"))]
#[case(&[0, 1], Some("not b"))]
#[case(&[0, 1, 2], Some("not b"))]
#[case(&[0], Some("c too"))]
#[case(&[2], Some("a too"))]
#[case(&[], Some("a too"))]
#[case(&[1, 2], Some("exactly b and c"))]
#[case(&[0, 2], None)]
fn select_all_feedback_fires_for_each_option(#[case] chosen: &[usize], #[case] say: Option<&str>) {
    let mut q = choice_question(&[0, 2], true);
    q = with_feedback(q, "b, c", "exactly b and c");
    q = with_feedback(q, "b", "not b");
    q = with_feedback(q, "a", "a too");
    q = with_feedback(q, "c", "c too");
    let expected = match say {
        None => Verdict::Right,
        Some(s) => Verdict::Wrong {
            feedback: Some(s.to_string()),
        },
    };
    assert_eq!(check(&q, Response::Choices(chosen)), expected, "{chosen:?}");
}

#[rstest]
#[case("Tangent line.", true)]
#[case("tangent  line", true)]
#[case("  Tangent   Line!  ", true)]
#[case("tangent line?", true)]
#[case("tangentline", false)]
#[case("secant line.", false)]
fn text_answers_ignore_final_punctuation_and_repeated_spaces(
    #[case] input: &str,
    #[case] right: bool,
) {
    let q = text_question(&["tangent line"]);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected, "{input}");
}

fn antiderivative(answer: &str) -> Question {
    let mut q = expr_question(answer, &["x"], None);
    q.up_to_constant = true;
    q
}

#[rstest]
#[case("x^3/3", "x^3/3 + 5", true)]
#[case("x^3/3", "x^3/3 + C", true)]
#[case("x^3/3", "x^3/3+c", true)]
#[case("x^3/3", "x^3/3 - 100", true)]
#[case("sin(x)^2/2", "-cos(x)^2/2", true)]
#[case("sin(x)^2/2", "-cos(x)^2/2 + C", true)]
#[case("x^3/3", "x^3", false)]
#[case("x^3/3", "x^3/3 + x", false)]
fn antiderivatives_are_right_up_to_a_constant(
    #[case] answer: &str,
    #[case] input: &str,
    #[case] right: bool,
) {
    let q = antiderivative(answer);
    let expected = if right { Verdict::Right } else { WRONG };
    assert_eq!(typed(&q, input), expected, "{input} for {answer}");
}

#[test]
fn a_constant_named_like_a_variable_is_not_stripped() {
    let mut q = expr_question("x*c", &["x", "c"], None);
    q.up_to_constant = true;
    assert_eq!(typed(&q, "x*c + 2"), Verdict::Right);
    assert_eq!(typed(&q, "x + c"), WRONG);
}

fn number_with(answer: &str, relative: Option<f64>, sigfigs: Option<u32>) -> Question {
    let mut q = number_question(answer, None);
    q.relative = relative;
    q.sigfigs = sigfigs;
    q
}

#[test]
fn number_defaults_match_whole_numbers_exactly_and_others_relatively() {
    let q = number_question("2^30", None);
    assert_eq!(typed(&q, "1073741824"), Verdict::Right);
    assert_eq!(typed(&q, "1073741823"), WRONG);
    let q = number_question("1/3", None);
    assert_eq!(typed(&q, "0.3333333"), Verdict::Right);
    assert_eq!(typed(&q, "0.33333"), WRONG);
    let q = number_question("6.674e-11", None);
    assert_eq!(typed(&q, "0"), WRONG);
    assert_eq!(typed(&q, "6.674e-11"), Verdict::Right);
}

#[test]
fn relative_and_significant_figures() {
    let q = number_with("100", Some(0.01), None);
    assert_eq!(typed(&q, "100.9"), Verdict::Right);
    assert_eq!(typed(&q, "99.1"), Verdict::Right);
    assert_eq!(typed(&q, "101.1"), WRONG);
    let q = number_with("1/3", None, Some(3));
    assert_eq!(typed(&q, "0.333"), Verdict::Right);
    assert_eq!(typed(&q, "0.334"), WRONG);
    assert_eq!(
        typed(&q, "0.3333"),
        Verdict::Wrong {
            feedback: Some("Right value, but give it to 3 significant figures.".into())
        }
    );
    assert_eq!(
        typed(&q, "1/3"),
        Verdict::Unreadable(ParseError {
            column: 1,
            message: "give the answer as a decimal number to 3 significant figures, like 0.333"
                .into()
        })
    );
}

#[test]
fn audit_finds_feedback_that_can_never_show() {
    let q = with_feedback(expr_question("10x", &["x"], None), "x*10", "never");
    let q = with_feedback(q, "0/0", "no value");
    let q = with_feedback(q, "5x", "fine");
    let text: Vec<String> = audit(&q).iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "feedback 2 can never be shown: `0/0` has a value at too few sample points to match anything",
            "feedback 1 can never be shown: `x*10` is judged right",
        ]
    );
    let q = with_feedback(number_question("4", None), "8/2", "never");
    let q = with_feedback(q, "1/0", "no value");
    assert_eq!(audit(&q).len(), 2, "{:?}", audit(&q));
    let q = with_feedback(text_question(&["Newton"]), "newton.", "never");
    assert_eq!(audit(&q).len(), 1);
    let q = with_feedback(choice_question(&[0, 2], true), "c, a", "never");
    assert_eq!(audit(&q).len(), 1);
}

#[test]
fn audit_finds_a_right_sample_that_passes_by_luck_of_the_points() {
    // A bump that is zero at every learner point but not at one of the
    // thorough points: max(0, w − |x − c|), written with `|…|`.
    let q = expr_question("x", &["x"], None);
    let Answer::Expression { expr, .. } = &q.answer else {
        unreachable!("built as an expression question")
    };
    let sampler = Sampler::new(1, None);
    let learner: Vec<f64> = sampler.points(expr).iter().map(|p| p.at[0]).collect();
    let gap = |t: f64| {
        learner
            .iter()
            .map(|l| (l - t).abs())
            .fold(f64::MAX, f64::min)
    };
    let c = sampler
        .thorough()
        .points(expr)
        .iter()
        .map(|p| p.at[0])
        .find(|&t| t.abs() < 10.0 && gap(t) > 0.1)
        .expect("a thorough point away from the learner's");
    let w = gap(c) / 2.0;
    let sample = format!("x + (|{w} - |x - ({c})|| + {w} - |x - ({c})|)/2");
    let mut q = q.clone();
    q.right = vec![sample.clone()];
    assert_eq!(typed(&q, &sample), Verdict::Right, "{sample}");
    assert_eq!(audit(&q), [Problem::Fragile { index: 0, sample }]);
}

#[test]
fn audit_finds_choices_a_typed_answer_cannot_tell_apart() {
    let q = question(
        "q-choice",
        Answer::Choice {
            choices: vec!["Tangent".into(), "secant".into(), "tangent.".into()],
            correct: vec![1],
            multiple: false,
        },
    );
    let text: Vec<String> = audit(&q).iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "choices 1 and 3 differ only in case, spaces or final punctuation: a typed answer can't tell them apart"
        ]
    );
}

/// Messages that fit the slip.
#[rstest]
#[case("y' = 3x^2", 4, "type only the expression: `3x^2`, without `y' =`")]
#[case(
    "f'(x) = 3x^2",
    7,
    "type only the expression: `3x^2`, without `f'(x) =`"
)]
#[case("y = 2x", 3, "type only the expression: `2x`, without `y =`")]
#[case("=", 1, "`=` can't be used here: type only the expression")]
#[case(
    "3x2",
    3,
    "a number right after `x`: did you mean `3x^2`? (for a product, write `3x*2`)"
)]
#[case(
    "sinc(x)",
    1,
    "`sinc` is not a known function (the functions are sin, cos, tan, sec, csc, cot, arcsin, arccos, arctan, sinh, cosh, tanh, exp, ln, log, log10, log2, sqrt, abs)"
)]
#[case(
    "2 floor(x)",
    3,
    "`floor` is for charts and explorers, not for answers (the functions are sin, cos, tan, sec, csc, cot, arcsin, arccos, arctan, sinh, cosh, tanh, exp, ln, log, log10, log2, sqrt, abs)"
)]
fn messages_fit_the_slip(#[case] input: &str, #[case] column: usize, #[case] message: &str) {
    let q = expr_question("3x^2", &["x"], None);
    assert_eq!(
        typed(&q, input),
        Verdict::Unreadable(ParseError {
            column,
            message: message.to_string()
        })
    );
}

/// A question that lists chart-only functions in `functions` reads them in
/// answers (its own, the learner's, feedback and samples); others still
/// refuse them.
#[test]
fn a_question_may_allow_chart_only_functions() {
    let src = r#"format = 1
id = "steps"
title = "Steps"

[[section]]
id = "one"
title = "One"

  [[section.block]]
  kind = "quiz"

    [[section.block.question]]
    id = "floor"
    prompt = "The step function that is 2 on [2, 3)."
    type = "expression"
    answer = "floor(x)"
    functions = ["floor", "max"]
    right = ["floor(x)", "max(floor(x), floor(x))"]
    wrong = ["x", "floor(x) + 1"]
    feedback = [ { answer = "floor(x) + 1", say = "One step too high." } ]
"#;
    let lesson = crate::lesson::load::must_load(src, "steps.toml");
    let q = lesson.questions().next().expect("one question").clone();
    assert_eq!(check(&q, Response::Text("floor(x)")), Verdict::Right);
    assert!(matches!(
        check(&q, Response::Text("x")),
        Verdict::Wrong { .. }
    ));
    match check(&q, Response::Text("1 + floor(x)")) {
        Verdict::Wrong { feedback: Some(f) } => assert_eq!(f, "One step too high."),
        other => panic!("{other:?}"),
    }
    // `round` is not listed: the learner is told it is not for answers.
    match check(&q, Response::Text("round(x)")) {
        Verdict::Unreadable(e) => assert!(e.message.contains("not for answers"), "{e:?}"),
        other => panic!("{other:?}"),
    }
    // Without `functions`, the same answer does not load.
    let without = src.replace("    functions = [\"floor\", \"max\"]\n", "");
    let err = match crate::lesson::load::load_str(&without, "steps.toml") {
        Ok(_) => panic!("floor in an answer without `functions`"),
        Err(e) => e,
    };
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.message.contains("`floor` is for charts and explorers")),
        "{:#?}",
        err.diagnostics
    );
}
