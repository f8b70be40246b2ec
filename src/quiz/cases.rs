//! The adversarial table: answers a careful teacher would type, with the
//! verdict the teacher expects. Equivalent forms, near misses, tolerance
//! traps, antiderivatives, trig notation, removable holes, numbers, text.
//!
//! A case is `(question, answer, input, verdict)`. The question is written
//! short: `e` an expression in `x`; `e:n,x` in other variables; `e@lo,hi`
//! with a domain; `a` up to a constant (antiderivatives); `n` a number,
//! `n~t` with an absolute tolerance, `n%r` relative, `n#s` to `s`
//! significant figures; `t` a text answer. The verdict is `R` right, `W`
//! wrong or `U` unreadable.

use super::*;
use crate::lesson::Pos;
use rstest::rstest;

fn question(spec: &str, answer: &str) -> Question {
    let mut q = Question {
        id: "case".into(),
        pos: Pos::default(),
        prompt: String::new(),
        answer: Answer::Text {
            accepted: vec![answer.to_string()],
        },
        hints: Vec::new(),
        explain: None,
        feedback: Vec::new(),
        right: Vec::new(),
        wrong: Vec::new(),
        relative: None,
        sigfigs: None,
        up_to_constant: false,
        variant: None,
        form: None,
    };
    let (kind, rest) = spec.split_at(1);
    match kind {
        "e" | "a" => {
            let (vars, domain) = match rest.split_once('@') {
                Some((v, d)) => {
                    let (lo, hi) = d.split_once(',').expect("lo,hi");
                    (v, Some((lo.parse().expect("lo"), hi.parse().expect("hi"))))
                }
                None => (rest, None),
            };
            let vars: Vec<String> = match vars.strip_prefix(':') {
                Some(v) => v.split(',').map(str::to_string).collect(),
                None => vec!["x".to_string()],
            };
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let expr = expr::parse_answer(answer, &names).expect("the case's answer parses");
            q.answer = Answer::Expression {
                text: answer.into(),
                expr,
                vars,
                domain,
            };
            q.up_to_constant = kind == "a";
        }
        "n" => {
            let value = expr::parse_constant(answer).expect("parses").eval(&[]);
            let mut tolerance = None;
            if let Some(t) = rest.strip_prefix('~') {
                tolerance = Some(t.parse().expect("tolerance"));
            } else if let Some(r) = rest.strip_prefix('%') {
                q.relative = Some(r.parse().expect("relative"));
            } else if let Some(s) = rest.strip_prefix('#') {
                q.sigfigs = Some(s.parse().expect("sigfigs"));
            }
            q.answer = Answer::Number {
                text: answer.into(),
                value,
                tolerance,
            };
        }
        _ => {}
    }
    q
}

#[rstest]
#[case("e", "3x^2", "3*x^2", "R")]
#[case("e", "3x^2", "x^2*3", "R")]
#[case("e", "3x^2", "3x²", "R")]
#[case("e", "3x^2", "3·x·x", "R")]
#[case("e", "3x^2", "(3x)x", "R")]
#[case("e", "3x^2", "6x^2/2", "R")]
#[case("e", "3x^2", "x(3x)", "R")]
#[case("e", "3x^2", "3(x)^2", "R")]
#[case("e", "3x^2", "3*x**2", "R")]
#[case("e", "3x^2", "sqrt(9x^4)", "R")]
#[case("e", "2x+2", "2(x+1)", "R")]
#[case("e", "2x+2", "2+2x", "R")]
#[case("e", "2x+2", "(x+1)+(x+1)", "R")]
#[case("e", "2x+2", "4(x+1)/2", "R")]
#[case("e", "x^2-1", "(x-1)(x+1)", "R")]
#[case("e", "x^2-1", "(x+1)(x-1)", "R")]
#[case("e", "x^2-1", "-(1-x^2)", "R")]
#[case("e", "x^2-1", "(1-x)(-1-x)", "R")]
#[case("e", "x^2+2x+1", "(x+1)^2", "R")]
#[case("e", "x^2+2x+1", "(x+1)(x+1)", "R")]
#[case("e", "(x+1)^3", "x^3+3x^2+3x+1", "R")]
#[case("e", "x^3-8", "(x-2)(x^2+2x+4)", "R")]
#[case("e", "4x^2-9", "(2x-3)(2x+3)", "R")]
#[case("e", "1/x", "x^-1", "R")]
#[case("e", "1/x", "x⁻¹", "R")]
#[case("e", "1/x", "1/x^1", "R")]
#[case("e", "-1/x^2", "-x^-2", "R")]
#[case("e", "-1/x^2", "-1/(x*x)", "R")]
#[case("e", "-1/x^2", "-(1/x)^2", "R")]
#[case("e", "1/(2x)", "0.5/x", "R")]
#[case("e", "1/(2x)", "x^-1/2", "R")]
#[case("e", "1/(2x)", "1/x/2", "R")]
#[case("e", "x/2", "0.5x", "R")]
#[case("e", "x/2", "1/2x", "R")]
#[case("e", "x/2", "x*0.5", "R")]
#[case("e", "sqrt(x)", "x^0.5", "R")]
#[case("e", "sqrt(x)", "x^(1/2)", "R")]
#[case("e", "sqrt(x)", "√x", "R")]
#[case("e", "1/(2sqrt(x))", "0.5x^-0.5", "R")]
#[case("e", "1/(2sqrt(x))", "1/(2√x)", "R")]
#[case("e", "1/(2sqrt(x))", "sqrt(x)/(2x)", "R")]
#[case("e", "x^(3/2)", "x*sqrt(x)", "R")]
#[case("e", "x^(3/2)", "sqrt(x^3)", "R")]
#[case("e", "e^x", "exp(x)", "R")]
#[case("e", "e^(2x)", "exp(2x)", "R")]
#[case("e", "e^(2x)", "(e^x)^2", "R")]
#[case("e", "e^(2x)", "e^x*e^x", "R")]
#[case("e", "2e^(2x)", "2exp(2x)", "R")]
#[case("e", "e^(x+1)", "e*e^x", "R")]
#[case("e", "ln(x)", "log(x)", "R")]
#[case("e", "ln(x)", "ln x", "R")]
#[case("e", "2ln(x)", "ln(x^2)", "R")]
#[case("e", "ln(x)-ln(2)", "ln(x/2)", "R")]
#[case("e", "ln(2x)", "ln(2)+ln(x)", "R")]
#[case("e", "x*e^x+e^x", "(x+1)e^x", "R")]
#[case("e", "e^(-x)", "1/e^x", "R")]
#[case("e", "10x", "10*x", "R")]
#[case("e", "10x", "x*10", "R")]
#[case("e", "10x", "5*2x", "R")]
#[case("e", "10x", "20x/2", "R")]
#[case("e", "10x", "x+9x", "R")]
#[case("e", "0", "x-x", "R")]
#[case("e", "0", "0*x", "R")]
#[case("e", "1", "x^0", "R")]
#[case("e", "1", "x/x", "R")]
#[case("e", "x^3", "x*x*x", "R")]
#[case("e", "x^3", "x^2*x", "R")]
#[case("e", "(x-1)/(x+1)", "1-2/(x+1)", "R")]
#[case("e", "x/(x+1)", "1-1/(x+1)", "R")]
#[case("e", "(2x+1)/x", "2+1/x", "R")]
#[case("e", "|x|", "sqrt(x^2)", "R")]
#[case("e", "|x|", "abs(x)", "R")]
#[case("e", "|x|", "|-x|", "R")]
#[case("e", "x^4", "|x|^4", "R")]
#[case("e", "|x-3|", "|3-x|", "R")]
#[case("e", "2^x", "e^(x ln 2)", "R")]
#[case("e", "2^x*ln(2)", "ln(2)*2^x", "R")]
#[case("e", "x^2*2^x", "2^x x^2", "R")]
#[case("e:n,x", "n*x^(n-1)", "nx^(n-1)", "R")]
#[case("e:n,x", "n*x^(n-1)", "n*x^n/x", "R")]
#[case("e:n,x", "n*x^(n-1)", "x^(n-1)*n", "R")]
#[case("e:x,y", "x*y", "yx", "R")]
#[case("e:x,y", "x^2+2xy+y^2", "(x+y)^2", "R")]
#[case("e:x,h", "2x+h", "h+2x", "R")]
#[case("e:x,h", "2x+h", "(2x^2+xh)/x", "R")]
#[case("e:x,y", "x^2*y+x*y^2", "xy(x+y)", "R")]
#[case("e", "-x^2", "(-x)^2", "W")]
#[case("e", "3x^2", "3x", "W")]
#[case("e", "3x^2", "x^3", "W")]
#[case("e", "3x^2", "3x^2+1", "W")]
#[case("e", "3x^2", "6x", "W")]
#[case("e", "3x^2", "3x^3", "W")]
#[case("e", "3x^2", "(3x)^2", "W")]
#[case("e", "2x+2", "2x+1", "W")]
#[case("e", "2x+2", "2(x+2)", "W")]
#[case("e", "2x+2", "2x", "W")]
#[case("e", "x^2-1", "(x-1)^2", "W")]
#[case("e", "x^2-1", "x^2+1", "W")]
#[case("e", "x^2+2x+1", "x^2+1", "W")]
#[case("e", "(x+1)^3", "x^3+1", "W")]
#[case("e", "(x+1)^3", "x^3+3x+1", "W")]
#[case("e", "1/x", "-1/x", "W")]
#[case("e", "1/x", "x", "W")]
#[case("e", "-1/x^2", "1/x^2", "W")]
#[case("e", "-1/x^2", "-1/x", "W")]
#[case("e", "1/(2x)", "1/2x", "W")]
#[case("e", "1/(2x)", "2/x", "W")]
#[case("e", "x/2", "2/x", "W")]
#[case("e", "sqrt(x)", "x^2", "W")]
#[case("e", "1/(2sqrt(x))", "1/sqrt(2x)", "W")]
#[case("e", "1/(2sqrt(x))", "2sqrt(x)", "W")]
#[case("e", "e^x", "x e^x", "W")]
#[case("e", "e^x", "e^(x+0.0001)", "W")]
#[case("e", "e^(2x)", "e^2x", "W")]
#[case("e", "e^(2x)", "2e^(2x)", "W")]
#[case("e", "e^(2x)", "e^(x^2)", "W")]
#[case("e", "2e^(2x)", "e^(2x)", "W")]
#[case("e", "ln(x)", "ln(|x|)+1", "W")]
#[case("e", "ln(x)", "1/x", "W")]
#[case("e", "2ln(x)", "ln(2x)", "W")]
#[case("e", "ln(2x)", "2ln(x)", "W")]
#[case("e", "1/x", "ln(x)", "W")]
#[case("e", "10x", "5x", "W")]
#[case("e", "10x", "10", "W")]
#[case("e", "10x", "x^10", "W")]
#[case("e", "10x", "10+x", "W")]
#[case("e", "10x", "10x^2", "W")]
#[case("e", "x", "|x|", "W")]
#[case("e", "x", "sqrt(x^2)", "W")]
#[case("e", "x", "sqrt(x)^2", "W")]
#[case("e", "sin(x)", "sin(-x)", "W")]
#[case("e", "cos(x)", "-cos(x)", "W")]
#[case("e", "cos(x)", "sin(x)", "W")]
#[case("e", "x^2", "2x", "W")]
#[case("e", "x^2+0.001", "x^2", "W")]
#[case("e", "x^4", "x^2", "W")]
#[case("e", "2^x", "x^2", "W")]
#[case("e", "x^3+x", "x^3", "W")]
#[case("e", "|x-3|", "x-3", "W")]
#[case("e", "x*e^x+e^x", "x*e^x", "W")]
#[case("e", "(x-1)/(x+1)", "(x+1)/(x-1)", "W")]
#[case("e", "x^(3/2)", "x^(2/3)", "W")]
#[case("e", "2^x*ln(2)", "2^x", "W")]
#[case("e:n,x", "n*x^(n-1)", "n*x^n-1", "W")]
#[case("e:n,x", "n*x^(n-1)", "x^(n-1)", "W")]
#[case("e:n,x", "n*x^(n-1)", "n*x^(n+1)", "W")]
#[case("e:n,x", "n*x^(n-1)", "(n-1)x^n", "W")]
#[case("e:x,y", "x*y", "x+y", "W")]
#[case("e:x,y", "x^2+2xy+y^2", "x^2+y^2", "W")]
#[case("e:x,h", "2x+h", "2x", "W")]
#[case("e:x,h", "2x+h", "2x+h^2", "W")]
#[case("e", "x+1e8", "1e8", "W")]
#[case("e", "1e8", "x+1e8", "W")]
#[case("e", "x+1e10", "1e10", "W")]
#[case("e", "x^2+1e8", "x^2+x+1e8", "W")]
#[case("e", "x+1e8", "x+1e8+1000", "W")]
#[case("e", "6.674e-11*x", "1.3348e-10*x", "W")]
#[case("e", "1.3348e-10*x", "6.674e-11*x", "W")]
#[case("e", "6.674e-11*x+1", "1.3348e-10*x+1", "W")]
#[case("e", "1e-9*x", "0", "W")]
#[case("e", "1e-9*x", "1e-9*x^2", "W")]
#[case("e", "1e-9", "1e-9*x", "W")]
#[case("e", "6.674e-11*x", "x*6.674e-11", "R")]
#[case("e", "x+1e8", "1e8+x", "R")]
#[case("e", "(x+1)^2-x^2", "2x+1", "R")]
#[case("e", "2x+1", "(x+1)^2-x^2", "R")]
#[case("e", "0", "sin(x)^2+cos(x)^2-1", "R")]
#[case("e", "sin(x)", "sin(x+2pi)", "R")]
#[case("e", "x/10", "0.1x", "R")]
#[case("e", "e^x", "e^(2x)/e^x", "R")]
#[case("e", "x^10", "(x^5)^2", "R")]
#[case("e", "x/3", "0.3333333x", "R")]
#[case("e", "x/3", "0.333x", "W")]
#[case("e", "x^3+x", "x^3+1.0000001x", "R")]
#[case("e", "x^3+x", "x^3+1.00001x", "W")]
#[case("e", "|x-12|", "12-x", "W")]
#[case("e", "|x+20|", "x+20", "W")]
#[case("e", "|x-500|", "500-x", "W")]
#[case("e", "sqrt((x-50)^2)", "50-x", "W")]
#[case("e", "|x-12|", "sqrt((x-12)^2)", "R")]
#[case("e", "x^2", "x^2+x/1000000", "W")]
#[case("e", "1000x^2", "1000x^2+x", "W")]
#[case("a", "x^3/3", "x^3/3", "R")]
#[case("a", "x^3/3", "x^3/3+5", "R")]
#[case("a", "x^3/3", "x^3/3 + C", "R")]
#[case("a", "x^3/3", "x^3/3+c", "R")]
#[case("a", "x^3/3", "(x^3+1)/3", "R")]
#[case("a", "x^3/3", "x^3", "W")]
#[case("a", "x^3/3", "x^2", "W")]
#[case("a", "x^3/3", "x^3/3+x", "W")]
#[case("a", "x^3/3", "x^3/3 + Cx", "U")]
#[case("a", "sin(x)^2/2", "-cos(x)^2/2", "R")]
#[case("a", "sin(x)^2/2", "-cos(2x)/4", "R")]
#[case("a", "sin(x)^2/2", "sin(x)^2/2 + C", "R")]
#[case("a", "sin(x)^2/2", "cos(x)^2/2", "W")]
#[case("a", "-cos(x)", "-cos(x)+7", "R")]
#[case("a", "-cos(x)", "cos(x)", "W")]
#[case("a", "-cos(x)", "sin(x)", "W")]
#[case("a", "e^(2x)/2", "e^(2x)/2 - 1", "R")]
#[case("a", "e^(2x)/2", "e^(2x)", "W")]
#[case("a", "ln(x)", "ln(3x)", "R")]
#[case("a", "ln(x)", "ln(x^2)", "W")]
#[case("a", "x^2/2+x", "(x+1)^2/2", "R")]
#[case("a", "x^2/2+x", "x^2+x", "W")]
#[case("a", "arctan(x)", "-arctan(1/x)", "W")]
#[case("a", "2sqrt(x)", "2sqrt(x)+1", "R")]
#[case("a", "2sqrt(x)", "sqrt(x)", "W")]
#[case("a", "x ln(x) - x", "x(ln(x)-1)+C", "R")]
#[case("a", "x ln(x) - x", "x ln(x)", "W")]
#[case("a", "tan(x)", "sec(x)^2", "W")]
#[case("a", "tan(x)", "tan(x) + C", "R")]
#[case("e", "sec(x)^2", "sec^2(x)", "R")]
#[case("e", "sec(x)^2", "sec²x", "R")]
#[case("e", "sec(x)^2", "1/cos(x)^2", "R")]
#[case("e", "sec(x)^2", "1+tan(x)^2", "R")]
#[case("e", "sec(x)^2", "sec(x^2)", "W")]
#[case("e", "sin(x)^2", "sin^2(x)", "R")]
#[case("e", "sin(x)^2", "sin²x", "R")]
#[case("e", "sin(x)^2", "sin^2 x", "R")]
#[case("e", "sin(x)^2", "sin(x^2)", "W")]
#[case("e", "sin(x)^2", "1-cos(x)^2", "R")]
#[case("e", "-csc(x)^2", "-1/sin(x)^2", "R")]
#[case("e", "-csc(x)^2", "-csc^2(x)", "R")]
#[case("e", "-csc(x)^2", "-(1+cot(x)^2)", "R")]
#[case("e", "cot(x)", "cos(x)/sin(x)", "R")]
#[case("e", "cot(x)", "1/tan(x)", "R")]
#[case("e", "sec(x)tan(x)", "sin(x)/cos(x)^2", "R")]
#[case("e", "sec(x)tan(x)", "sec(x)", "W")]
#[case("e", "-csc(x)cot(x)", "-cos(x)/sin(x)^2", "R")]
#[case("e@-0.9,0.9", "1/sqrt(1-x^2)", "(1-x^2)^(-1/2)", "R")]
#[case("e@-0.9,0.9", "arcsin(x)", "asin(x)", "R")]
#[case("e@-0.9,0.9", "arccos(x)", "acos(x)", "R")]
#[case("e", "arctan(x)", "atan(x)", "R")]
#[case("e", "1/(1+x^2)", "1/(x^2+1)", "R")]
#[case("e", "arctan(x)", "arctan(x)+0.001", "W")]
#[case("e@-0.9,0.9", "arcsin(x)+arccos(x)", "pi/2", "R")]
#[case("e", "cosh(x)", "(e^x+e^(-x))/2", "R")]
#[case("e", "sinh(x)", "(e^x-e^(-x))/2", "R")]
#[case("e", "tanh(x)", "sinh(x)/cosh(x)", "R")]
#[case("e", "cosh(x)", "sinh(x)", "W")]
#[case("e", "1-tanh(x)^2", "1/cosh(x)^2", "R")]
#[case("e", "log10(x)", "ln(x)/ln(10)", "R")]
#[case("e", "log2(x)", "ln(x)/ln(2)", "R")]
#[case("e", "log2(x)", "ln(2)x", "W")]
#[case("e", "1/(x ln(10))", "1/(x*ln(10))", "R")]
#[case("e", "log10(x)", "log(x)", "W")]
#[case("e", "2sin(x)cos(x)", "sin(2x)", "R")]
#[case("e", "cos(2x)", "cos(x)^2-sin(x)^2", "R")]
#[case("e", "cos(2x)", "2cos(x)^2-1", "R")]
#[case("e", "cos(x)", "sin(x+pi/2)", "R")]
#[case("e", "tan(x)", "sin(x)/cos(x)", "R")]
#[case("e", "-sin(x)", "sin(-x)", "R")]
#[case("e", "x+2", "(x^2-4)/(x-2)", "R")]
#[case("e", "x+3", "(x^2-9)/(x-3)", "R")]
#[case("e", "x-1", "(x^2-1)/(x+1)", "R")]
#[case("e", "1", "(x-5)/(x-5)", "R")]
#[case("e", "2x", "(x^3-x)*2/(x^2-1)", "R")]
#[case("e", "-2/(x-1)^2", "((x-1)-(x+1))/(x-1)^2", "R")]
#[case("e", "x+2", "(x^2-4)/(x-2)+0.001", "W")]
#[case("e", "x^2+x+1", "(x^3-1)/(x-1)", "R")]
#[case("e", "x+2", "(x^2-4)/(x-2.5)", "W")]
#[case("e", "1", "|x|/x", "W")]
#[case("e", "x+1", "sqrt((x+1)^2)", "W")]
#[case("e:x,h", "2x+h", "((x+h)^2-x^2)/h", "R")]
#[case("e", "-4x/(x^2-1)^2", "((2x)(x^2-1)-(x^2+1)(2x))/(x^2-1)^2", "R")]
#[case("e", "1/x", "x/x^2", "R")]
#[case("e", "x", "x^2/x", "R")]
#[case("n", "2^30", "1073741824", "R")]
#[case("n", "2^30", "1073741823", "W")]
#[case("n", "2^30", "2^30", "R")]
#[case("n", "1/3", "0.3333333", "R")]
#[case("n", "1/3", "0.333", "W")]
#[case("n", "6.674e-11", "0", "W")]
#[case("n", "6.674e-11", "6.674e-11", "R")]
#[case("n", "6.674e-11", "6.6740001e-11", "R")]
#[case("n", "6.674e-11", "6.67e-11", "W")]
#[case("n", "4", "4", "R")]
#[case("n", "4", "4.0", "R")]
#[case("n", "4", "8/2", "R")]
#[case("n", "4", "sqrt(16)", "R")]
#[case("n", "4", "4.0000001", "W")]
#[case("n", "4", "-4", "W")]
#[case("n", "0", "0", "R")]
#[case("n", "0", "0.0000001", "W")]
#[case("n", "0", "-0", "R")]
#[case("n", "1e6", "1000000", "R")]
#[case("n", "1e6", "1000000.5", "W")]
#[case("n", "1/2", "0.5", "R")]
#[case("n", "1/2", "2^-1", "R")]
#[case("n", "1/2", "0.5000001", "R")]
#[case("n", "1/2", "0.501", "W")]
#[case("n", "-9", "-3^2", "R")]
#[case("n", "-9", "(-3)^2", "W")]
#[case("n", "e", "exp(1)", "R")]
#[case("n", "pi", "3.14159265", "R")]
#[case("n", "pi", "3.14", "W")]
#[case("n", "3", "ln(e^3)", "R")]
#[case("n", "4", "1/0", "W")]
#[case("n~0.01", "3.14", "pi", "R")]
#[case("n~0.01", "3.14", "3.16", "W")]
#[case("n~0.01", "0.5", "0.51", "R")]
#[case("n~0.01", "0.5", "0.49", "R")]
#[case("n~0.01", "0.5", "0.52", "W")]
#[case("n%0.01", "100", "100.9", "R")]
#[case("n%0.01", "100", "101.1", "W")]
#[case("n%0.01", "6.674e-11", "6.7e-11", "R")]
#[case("n%0.01", "6.674e-11", "6.8e-11", "W")]
#[case("n#3", "1/3", "0.333", "R")]
#[case("n#3", "1/3", ".333", "R")]
#[case("n#3", "1/3", "3.33e-1", "R")]
#[case("n#3", "1/3", "0.3333", "W")]
#[case("n#3", "1/3", "0.334", "W")]
#[case("n#3", "1/3", "1/3", "U")]
#[case("n#2", "1234.5", "1200", "R")]
#[case("n#2", "1234.5", "1230", "W")]
#[case("n#3", "2/3", "0.667", "R")]
#[case("n#3", "2/3", "0.666", "W")]
#[case("n#3", "6.674e-11", "6.67e-11", "R")]
#[case("n#3", "6.674e-11", "6.674e-11", "W")]
#[case("t", "tangent", "Tangent.", "R")]
#[case("t", "tangent", "tangent", "R")]
#[case("t", "tangent", "  TANGENT  ", "R")]
#[case("t", "tangent", "tangent!", "R")]
#[case("t", "the chain rule", "the  chain   rule", "R")]
#[case("t", "the chain rule", "The chain rule.", "R")]
#[case("t", "the chain rule", "chain rule", "W")]
#[case("t", "tangent", "secant", "W")]
#[case("t", "tangent", "tangents", "W")]
#[case("t", "tangent", "tan gent", "W")]
#[case("e", "3x^2", "y' = 3x^2", "U")]
#[case("e", "3x^2", "f'(x) = 3x^2", "U")]
#[case("e", "2x", "y = 2x", "U")]
#[case("e", "3x^2", "3x2", "U")]
#[case("e", "x", "sinc(x)", "U")]
#[case("e", "x", "floor(x)", "U")]
#[case("e", "x", "ceil(x)", "U")]
#[case("e", "x", "2(x+1", "U")]
#[case("e", "x", "x)", "U")]
#[case("e", "x", "x+", "U")]
#[case("e", "x", "3,5x", "U")]
#[case("e", "x", "x!", "U")]
#[case("e", "x", "sin^-1(x)", "U")]
#[case("e", "x", "", "U")]
#[case("e", "x", "foo(x)", "U")]
fn teacher_cases(
    #[case] spec: &str,
    #[case] answer: &str,
    #[case] input: &str,
    #[case] expected: &str,
) {
    let q = question(spec, answer);
    let verdict = check(&q, Response::Text(input));
    let got = match verdict {
        Verdict::Right => "R",
        Verdict::Wrong { .. } => "W",
        Verdict::Unreadable(_) => "U",
    };
    assert_eq!(
        got, expected,
        "{input:?} for {answer:?} ({spec}): {verdict:?}"
    );
}
