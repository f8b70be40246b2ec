//! The form tests as a teacher would try them: answers equal in value,
//! some in the asked form and some not, typed-back questions among them.

use rstest::rstest;

use crate::expr;
use crate::lesson::{Answer, Form, Pos, Question};
use crate::quiz::{Response, Verdict, audit, check};

fn question(form: Form, answer: &str, vars: &[&str]) -> Question {
    let answer = match form {
        Form::Value => Answer::Number {
            text: answer.to_string(),
            value: expr::parse_constant(answer)
                .expect("the test's answer parses")
                .eval(&[]),
            tolerance: None,
        },
        _ => Answer::Expression {
            text: answer.to_string(),
            expr: expr::parse(answer, vars).expect("the test's answer parses"),
            vars: vars.iter().map(|v| v.to_string()).collect(),
            domain: None,
        },
    };
    Question {
        id: "q-form".to_string(),
        pos: Pos::default(),
        prompt: String::new(),
        answer,
        hints: Vec::new(),
        explain: None,
        feedback: Vec::new(),
        right: Vec::new(),
        wrong: Vec::new(),
        relative: None,
        sigfigs: None,
        up_to_constant: false,
        variant: None,
        form: Some(form),
    }
}

const X: &[&str] = &["x"];
const XY: &[&str] = &["x", "y"];
const NONE: &[&str] = &[];

use Form::{Expanded, Factored, Simplified, Value};

#[rstest]
// Expanded: a sum of terms, no sum multiplied, divided or raised.
#[case(Expanded, "x^2+2x+1", X, "x^2 + 2x + 1", true)]
#[case(Expanded, "x^2+2x+1", X, "1 + 2x + x^2", true)]
#[case(Expanded, "x^2+2x+1", X, "x*x + 2*x + 1", true)]
#[case(Expanded, "x^2+2x+1", X, "x^2 + x + x + 1", true)]
#[case(Expanded, "x^2+2x+1", X, "(x+1)^2", false)]
#[case(Expanded, "x^2+2x+1", X, "(x+1)(x+1)", false)]
#[case(Expanded, "x^2+2x+1", X, "x(x+2) + 1", false)]
#[case(Expanded, "x^2+2x+1", X, "x^2 + 2(x + 0.5)", false)]
#[case(Expanded, "x^2-1", X, "(x-1)(x+1)", false)]
#[case(Expanded, "x^2-1", X, "x^2 - 1", true)]
#[case(Expanded, "x^2-1", X, "-1 + x²", true)]
#[case(Expanded, "6x^2+x-2", X, "(2x-1)(3x+2)", false)]
#[case(Expanded, "6x^2+x-2", X, "6x^2 + x - 2", true)]
#[case(Expanded, "6x^2+x-2", X, "6x^2 - (2 - x)", false)]
#[case(Expanded, "6x^2+x-2", X, "6x^2 + x + (-2)", true)]
#[case(Expanded, "x^3-x", X, "x(x^2-1)", false)]
#[case(Expanded, "x^3-x", X, "x^3 - x", true)]
#[case(Expanded, "2x+2", X, "2(x+1)", false)]
#[case(Expanded, "2x+2", X, "(x+1)*2", false)]
#[case(Expanded, "2x+2", X, "-(-2x-2)", false)]
#[case(Expanded, "2x+2", X, "2x + 2", true)]
#[case(Expanded, "x/2+1/2", X, "(x+1)/2", false)]
#[case(Expanded, "x/2+1/2", X, "x/2 + 1/2", true)]
#[case(Expanded, "x/2+1/2", X, "0.5x + 0.5", true)]
#[case(Expanded, "1/(x+1)", X, "1/(x+1)", true)]
#[case(Expanded, "sqrt(x+1)", X, "√(x+1)", true)]
#[case(Expanded, "x^2+2x y+y^2", XY, "(x+y)^2", false)]
#[case(Expanded, "x^2+2x y+y^2", XY, "x^2 + 2xy + y^2", true)]
#[case(Expanded, "x^2+2x y+y^2", XY, "y^2 + 2yx + x^2", true)]
#[case(Expanded, "x^3+3x^2+3x+1", X, "(x+1)^3", false)]
#[case(Expanded, "x^3+3x^2+3x+1", X, "(x+1)^2 (x+1)", false)]
#[case(Expanded, "x^3+3x^2+3x+1", X, "x^3 + 3x^2 + 3x + 1", true)]
#[case(Expanded, "sin(x)^2+2sin(x)+1", X, "(sin(x)+1)^2", false)]
#[case(Expanded, "sin(x)^2+2sin(x)+1", X, "sin^2(x) + 2 sin x + 1", true)]
#[case(Expanded, "e^(2x)+e^x", X, "e^x (e^x + 1)", false)]
#[case(Expanded, "x^4-1", X, "(x^2-1)(x^2+1)", false)]
#[case(Expanded, "x-1-y", XY, "x - (1 + y)", false)]
#[case(Expanded, "x-1-y", XY, "x - 1 - y", true)]
#[case(Expanded, "sin(x^2+2x+1)", X, "sin((x+1)^2)", false)]
// Factored: no factor splits further over the rationals.
#[case(Factored, "(x-1)(x+1)", X, "(x-1)(x+1)", true)]
#[case(Factored, "(x-1)(x+1)", X, "(x+1)(x-1)", true)]
#[case(Factored, "(x-1)(x+1)", X, "x^2 - 1", false)]
#[case(Factored, "(x-1)(x+1)", X, "(1-x)(-1-x)", true)]
#[case(Factored, "(x-1)(x+1)(x+2)", X, "(x^2-1)(x+2)", false)]
#[case(Factored, "(x-1)(x+1)(x+2)", X, "(x-1)(x+1)(x+2)", true)]
#[case(Factored, "(x-1)(x+1)(x+2)", X, "x^3 + 2x^2 - x - 2", false)]
#[case(Factored, "x^2+1", X, "x^2 + 1", true)]
#[case(Factored, "x^3-2", X, "x^3 - 2", true)]
#[case(Factored, "2(x+1)", X, "2(x+1)", true)]
#[case(Factored, "2(x+1)", X, "(x+1)*2", true)]
#[case(Factored, "2(x+1)", X, "(2x+2)", false)]
#[case(Factored, "2(x+1)", X, "2x + 2", false)]
#[case(Factored, "x(x+1)", X, "x(x+1)", true)]
#[case(Factored, "x(x+1)", X, "(x+1)x", true)]
#[case(Factored, "x(x+1)", X, "x^2 + x", false)]
#[case(Factored, "(x+1)^2", X, "(x+1)^2", true)]
#[case(Factored, "(x+1)^2", X, "(x+1)(x+1)", true)]
#[case(Factored, "(x+1)^2", X, "x^2 + 2x + 1", false)]
#[case(Factored, "(x+1)^2", X, "(x^2 + 2x + 1)", false)]
#[case(Factored, "(2x-1)(3x+2)", X, "(2x-1)(3x+2)", true)]
#[case(Factored, "(2x-1)(3x+2)", X, "(3x+2)(2x-1)", true)]
#[case(Factored, "(2x-1)(3x+2)", X, "6x^2 + x - 2", false)]
#[case(Factored, "(2x-1)(3x+2)", X, "(1-2x)(-3x-2)", true)]
#[case(Factored, "(2x-1)(3x+2)", X, "6(x-1/2)(x+2/3)", true)]
#[case(Factored, "(x-y)(x+y)", XY, "(x+y)(x-y)", true)]
#[case(Factored, "(x-y)(x+y)", XY, "x^2 - y^2", false)]
#[case(Factored, "(x-y)(x^2+x y+y^2)", XY, "x^3 - y^3", false)]
#[case(Factored, "(x-y)(x^2+x y+y^2)", XY, "(x-y)(x^2+xy+y^2)", true)]
#[case(Factored, "(x+1)(y+1)", XY, "xy + x + y + 1", false)]
#[case(Factored, "(x+1)(y+1)", XY, "x(y+1) + (y+1)", false)]
#[case(Factored, "(x+1)(y+1)", XY, "(x+1)(y+1)", true)]
#[case(Factored, "x y (x - y)", XY, "x^2 y - x y^2", false)]
#[case(Factored, "x y (x - y)", XY, "xy(x-y)", true)]
#[case(Factored, "x^2(x-2)", X, "x^3 - 2x^2", false)]
#[case(Factored, "x^2(x-2)", X, "x^2 (x-2)", true)]
#[case(Factored, "x^2(x-2)", X, "x·x·(x-2)", true)]
#[case(Factored, "(x^2+2x+2)(x^2-2x+2)", X, "x^4 + 4", false)]
#[case(Factored, "(x^2+2x+2)(x^2-2x+2)", X, "(x^2+2x+2)(x^2-2x+2)", true)]
#[case(Factored, "(x^2+2)(x^2+3)", X, "x^4 + 5x^2 + 6", false)]
#[case(Factored, "(x^2+2)(x^2+3)", X, "(x^2+3)(x^2+2)", true)]
#[case(Factored, "(x-2)(x^2+2x+4)", X, "x^3 - 8", false)]
#[case(Factored, "(x-2)(x^2+2x+4)", X, "(x-2)(x^2+2x+4)", true)]
#[case(Factored, "e^x (x+1)", X, "x e^x + e^x", false)]
#[case(Factored, "e^x (x+1)", X, "e^x (x+1)", true)]
#[case(Factored, "e^x (x+1)", X, "(x+1)e^x", true)]
#[case(Factored, "3(x-2)^2", X, "3(x^2-4x+4)", false)]
#[case(Factored, "3(x-2)^2", X, "3x^2 - 12x + 12", false)]
#[case(Factored, "3(x-2)^2", X, "3(x-2)^2", true)]
#[case(Factored, "3(x-2)^2", X, "3(2-x)^2", true)]
#[case(Factored, "3(x-2)^2", X, "(3x-6)(x-2)", false)]
// Simplified: the author's answer up to order, brackets and trivial identities.
#[case(Simplified, "1", X, "sin^2(x) + cos^2(x)", false)]
#[case(Simplified, "1", X, "1", true)]
#[case(Simplified, "1", X, "1*1", true)]
#[case(Simplified, "2x", X, "2x", true)]
#[case(Simplified, "2x", X, "x*2", true)]
#[case(Simplified, "2x", X, "2·x", true)]
#[case(Simplified, "2x", X, "(2x)", true)]
#[case(Simplified, "2x", X, "2x + 0", true)]
#[case(Simplified, "2x", X, "2x^1", true)]
#[case(Simplified, "2x", X, "1*2x", true)]
#[case(Simplified, "2x", X, "--2x", true)]
#[case(Simplified, "2x", X, "x + x", false)]
#[case(Simplified, "2x", X, "4x/2", false)]
#[case(Simplified, "x^2-1", X, "-1 + x^2", true)]
#[case(Simplified, "x^2-1", X, "x^2 + (-1)", true)]
#[case(Simplified, "x^2-1", X, "(x-1)(x+1)", false)]
#[case(Simplified, "3x^2", X, "x^2*3", true)]
#[case(Simplified, "3x^2", X, "3x·x", false)]
#[case(Simplified, "1/x", X, "1/x", true)]
#[case(Simplified, "1/x", X, "(1)/(x)", true)]
#[case(Simplified, "1/x", X, "x^-1", false)]
#[case(Simplified, "-2sin(2x)", X, "-2 sin(2x)", true)]
#[case(Simplified, "-2sin(2x)", X, "-sin(2x)*2", true)]
#[case(Simplified, "-2sin(2x)", X, "(-2)(sin(2x))", true)]
#[case(Simplified, "-2sin(2x)", X, "2(-sin(2x))", true)]
#[case(Simplified, "-2sin(2x)", X, "-4 sin(x) cos(x)", false)]
#[case(Simplified, "x/2", X, "x/2", true)]
#[case(Simplified, "x/2", X, "(1/2)x", true)]
#[case(Simplified, "x/2", X, "x*1/2", true)]
#[case(Simplified, "x/2", X, "0.5x", false)]
#[case(Simplified, "e^x(x+1)", X, "(x+1)e^x", true)]
#[case(Simplified, "e^x(x+1)", X, "x e^x + e^x", false)]
#[case(Simplified, "cos(x) - x sin(x)", X, "-x sin(x) + cos(x)", true)]
#[case(Simplified, "cos(x) - x sin(x)", X, "cos(x) + x(-sin(x))", true)]
#[case(Simplified, "cos(x) - x sin(x)", X, "1*cos(x) + x*(-sin(x))", true)]
#[case(Simplified, "cos(x) - x sin(x)", X, "cos(x) - x sin(x) + 0*x", false)]
// Value: a plain number, scientific notation or a fraction of whole numbers.
#[case(Value, "391", NONE, "391", true)]
#[case(Value, "391", NONE, "391.0", true)]
#[case(Value, "391", NONE, "3.91e2", true)]
#[case(Value, "391", NONE, "3.91*10^2", true)]
#[case(Value, "391", NONE, "3.91×10^2", true)]
#[case(Value, "391", NONE, "17*23", false)]
#[case(Value, "391", NONE, "39.1*10^1", false)]
#[case(Value, "391", NONE, "400 - 9", false)]
#[case(Value, "2^30", NONE, "1073741824", true)]
#[case(Value, "2^30", NONE, "2^30", false)]
#[case(Value, "3/4", NONE, "3/4", true)]
#[case(Value, "3/4", NONE, "0.75", true)]
#[case(Value, "3/4", NONE, "6/8", true)]
#[case(Value, "3/4", NONE, "1 - 1/4", false)]
#[case(Value, "3/4", NONE, "3*(1/4)", false)]
#[case(Value, "sqrt(2)", NONE, "sqrt(2)", false)]
#[case(Value, "sqrt(2)", NONE, "1.41421356", true)]
#[case(Value, "0.000015", NONE, "1.5e-5", true)]
#[case(Value, "0.000015", NONE, "1.5*10^-5", true)]
#[case(Value, "0.000015", NONE, "15/1000000", true)]
#[case(Value, "0.000015", NONE, "1.5/100000", false)]
#[case(Value, "-0.5", NONE, "-1/2", true)]
#[case(Value, "-0.5", NONE, "-0.5", true)]
#[case(Value, "-0.5", NONE, "1/-2", true)]
#[case(Value, "pi", NONE, "pi", false)]
#[case(Value, "pi", NONE, "3.14159265", true)]
fn form_cases(
    #[case] form: Form,
    #[case] answer: &str,
    #[case] vars: &[&str],
    #[case] input: &str,
    #[case] in_form: bool,
) {
    let q = question(form, answer, vars);
    let verdict = check(&q, Response::Text(input));
    if in_form {
        assert_eq!(verdict, Verdict::Right, "{input} for {answer}");
    } else {
        let want = format!("Equal, but not {}", form.adjective());
        assert!(
            matches!(&verdict, Verdict::Wrong { feedback: Some(f) } if f.starts_with(&want)),
            "{input} for {answer}: {verdict:?}"
        );
    }
}

#[test]
fn a_wrong_value_is_wrong_without_a_form_message() {
    let q = question(Expanded, "x^2+2x+1", X);
    assert_eq!(
        check(&q, Response::Text("(x+2)^2")),
        Verdict::Wrong { feedback: None }
    );
}

#[test]
fn the_message_names_the_form_and_what_to_do() {
    let q = question(Expanded, "x^2+2x+1", X);
    let Verdict::Wrong {
        feedback: Some(message),
    } = check(&q, Response::Text("(x+1)^2"))
    else {
        panic!("not a form miss");
    };
    assert_eq!(message, "Equal, but not expanded: multiply out the power.");
    let q = question(Factored, "2(x+1)", X);
    let miss = super::miss(&q, "2x+2").expect("a miss");
    assert_eq!(miss.why, "take out the common factor 2");
}

#[test]
fn audit_reports_an_answer_not_in_its_own_form() {
    let q = question(Value, "17*23", NONE);
    let problems: Vec<String> = audit(&q).iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("not itself worked out"),
        "{problems:?}"
    );
    let q = question(Factored, "x^2-1", X);
    let problems: Vec<String> = audit(&q).iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("`form = \"factored\"`"),
        "{problems:?}"
    );
}

#[test]
fn audit_reports_a_right_sample_not_in_the_form() {
    let mut q = question(Expanded, "x^2-1", X);
    q.right = vec!["(x-1)(x+1)".to_string(), "x^2-1".to_string()];
    let problems = audit(&q);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(matches!(
        &problems[0],
        crate::quiz::Problem::RightRejected { index: 0, .. }
    ));
}

#[test]
fn without_a_form_any_equal_answer_is_right() {
    let mut q = question(Expanded, "x^2+2x+1", X);
    q.form = None;
    assert_eq!(check(&q, Response::Text("(x+1)^2")), Verdict::Right);
}
