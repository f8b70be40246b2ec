use super::*;
use proptest::prelude::*;
use rstest::rstest;

fn read(input: &str, vars: &[&str]) -> String {
    match parse(input, vars) {
        Ok(e) => e.pretty(),
        Err(e) => panic!("{input:?} did not parse: {e}"),
    }
}

/// The functions teachers use, and their spellings.
#[rstest]
#[case("sec^2(x)", "sec(x)²")]
#[case("sec²x", "sec(x)²")]
#[case("csc x cot x", "csc(x)·cot(x)")]
#[case("cosec(x)", "csc(x)")]
#[case("asin(x)", "arcsin(x)")]
#[case("arccos x", "arccos(x)")]
#[case("atan(2x)", "arctan(2·x)")]
#[case("tanh^2(x)", "tanh(x)²")]
#[case("log10(x)", "log10(x)")]
#[case("log_10(x)", "log10(x)")]
#[case("log2(x)", "log2(x)")]
#[case("log2 x", "log2(x)")]
#[case("log(x)", "ln(x)")]
#[case("log 2x", "ln(2·x)")]
#[case("floor(x) + sgn(x)", "floor(x) + sign(x)")]
#[case("max(x, 0)", "max(x, 0)")]
#[case("min(x^2,1-x)+1", "min(x², 1 − x) + 1")]
#[case("2max(|x|, min(x, 3))^2", "2·max(|x|, min(x, 3))²")]
fn reads_functions(#[case] input: &str, #[case] expected: &str) {
    assert_eq!(read(input, &["x"]), expected, "{input}");
}

#[rstest]
#[case("sec(0)", 1.0)]
#[case("csc(pi/2)", 1.0)]
#[case("cot(pi/4)", 1.0)]
#[case("arcsin(1)", std::f64::consts::FRAC_PI_2)]
#[case("arccos(1)", 0.0)]
#[case("arctan(1)", std::f64::consts::FRAC_PI_4)]
#[case("sinh(0)", 0.0)]
#[case("cosh(0)", 1.0)]
#[case("tanh(0)", 0.0)]
#[case("log10(1000)", 3.0)]
#[case("log2(8)", 3.0)]
#[case("floor(-2.5)", -3.0)]
#[case("ceil(2.1)", 3.0)]
#[case("round(2.5)", 3.0)]
#[case("sign(-4)", -1.0)]
#[case("sign(0)", 0.0)]
#[case("max(-2, 3)", 3.0)]
#[case("min(-2, 3)", -2.0)]
#[case("max(2*3, 3^2)", 9.0)]
#[case("min(1, max(0, 2*4))", 1.0)]
fn new_functions_evaluate(#[case] input: &str, #[case] expected: f64) {
    let v = parse(input, &[]).expect("parses").eval(&[]);
    assert!((v - expected).abs() < 1e-12, "{input} = {v}");
}

#[rstest]
#[case("arcsin(2)")]
#[case("csc(0)")]
#[case("cot(0)")]
#[case("log10(0)")]
#[case("log2(-1)")]
fn new_functions_are_undefined_outside_their_domain(#[case] input: &str) {
    assert!(
        parse(input, &[]).expect("parses").eval(&[]).is_nan(),
        "{input}"
    );
}

#[test]
fn answers_do_not_read_chart_only_functions() {
    for (f, input) in [
        ("floor", "floor(x)"),
        ("ceil", "ceil(x)"),
        ("round", "round(x)"),
        ("sign", "sign(x)"),
        ("min", "min(x, 1)"),
        ("max", "max(x, 1)"),
    ] {
        assert!(parse(input, &["x"]).is_ok(), "{input} in a chart");
        let err = parse_answer(input, &["x"]).expect_err("not in an answer");
        assert_eq!(
            err.message,
            format!(
                "`{f}` is for charts and explorers, not for answers (the functions are sin, \
                 cos, tan, sec, csc, cot, arcsin, arccos, arctan, sinh, cosh, tanh, exp, ln, \
                 log, log10, log2, sqrt, abs)"
            )
        );
    }
    assert!(parse_answer("sec(x)^2 + arcsin(x)", &["x"]).is_ok());
}

/// `min` and `max` take exactly two values in round or square brackets;
/// a stray comma elsewhere is still read as a decimal comma.
#[rstest]
#[case("max(x)", 6, "`max` takes two values separated by `,`, like max(x, 0)")]
#[case("max x", 5, "`max` takes two values in brackets, like max(x, 0)")]
#[case("min(x, 1, 2)", 9, "`min` takes exactly two values")]
#[case("min(, 1)", 5, "`,` needs something before it")]
#[case("max(x, )", 8, "something is missing between `,` and `)`")]
#[case("2,5", 2, "`,` can't be used here (write decimals with a point: 2.5)")]
#[case(
    "(2,5)",
    3,
    "`,` can't be used here (write decimals with a point: 2.5)"
)]
fn two_value_functions_report_their_shape(
    #[case] input: &str,
    #[case] column: usize,
    #[case] message: &str,
) {
    let err = parse(input, &["x"]).expect_err(input);
    assert_eq!(
        (err.column, err.message.as_str()),
        (column, message),
        "{input}"
    );
}

/// A NaN on either side is undefined, not the other value (`f64::max`
/// would pick the number).
#[test]
fn min_and_max_of_an_undefined_value_are_undefined() {
    for input in ["max(ln(x), 1)", "min(1, sqrt(x))"] {
        let e = parse(input, &["x"]).expect("parses");
        assert!(e.eval(&[-1.0]).is_nan(), "{input}");
        assert!(e.eval_with_error(&[-1.0]).0.is_nan(), "{input}");
        assert!(!e.eval(&[4.0]).is_nan(), "{input}");
    }
}

/// The error estimate grows where a computation cancels, and stays tiny
/// where it doesn't.
#[test]
fn the_error_estimate_follows_cancellation() {
    let cancel = parse("(x + 1)^2 - x^2", &["x"]).expect("parses");
    let (v, e) = cancel.eval_with_error(&[1000.0]);
    assert_eq!(v, 2001.0);
    // Near 1000² · 2⁻⁵³ (1e-10) up to a small factor, far above 2001 · 2⁻⁵³.
    assert!(e > 1e-10 && e < 1e-8, "{e}");
    let small = parse("6.674e-11*x", &["x"]).expect("parses");
    let (v, e) = small.eval_with_error(&[2.0]);
    assert!(e < 1e-24 && e > 0.0, "{v} {e}");
}

/// How inputs are read, shown by their printed form.
#[rstest]
#[case("10x", "10·x")]
#[case("x*10", "x·10")]
#[case("5*2x", "5·2·x")]
#[case("3x^2", "3·x²")]
#[case("3x²", "3·x²")]
#[case("-x^2", "−x²")]
#[case("(-x)^2", "(−x)²")]
#[case("-9x²", "−9·x²")]
#[case("−9x²", "−9·x²")]
#[case("2(x+1)", "2·(x + 1)")]
#[case("(x+1)(x-1)", "(x + 1)·(x − 1)")]
#[case("x(x+1)", "x·(x + 1)")]
#[case("1/2x", "(1/2)·x")]
#[case("1/(2x)", "1/(2·x)")]
#[case("x/2y", "(x/2)·y")]
#[case("a/b/c", "(a/b)/c")]
#[case("a/(b/c)", "a/(b/c)")]
#[case("2^-1", "2⁻¹")]
#[case("2^3^2", "2^3²")]
#[case("(2^3)^2", "(2³)²")]
#[case("x**2", "x²")]
#[case("x^(n-1)", "x^(n − 1)")]
#[case("nx^(n-1)", "n·x^(n − 1)")]
#[case("n*x^n-1", "n·x^n − 1")]
#[case("e^x", "e^x")]
#[case("e^2x", "e²·x")]
#[case("exp(x)", "exp(x)")]
#[case("log(x)", "ln(x)")]
#[case("ln x", "ln(x)")]
#[case("sin x", "sin(x)")]
#[case("sinx", "sin(x)")]
#[case("sin 2x", "sin(2·x)")]
#[case("sin x^2", "sin(x²)")]
#[case("sin(x)^2", "sin(x)²")]
#[case("sin^2 x", "sin(x)²")]
#[case("sin²(x)", "sin(x)²")]
#[case("sin x cos x", "sin(x)·cos(x)")]
#[case("2sin(x)", "2·sin(x)")]
#[case("sqrt(x)", "√x")]
#[case("√x", "√x")]
#[case("√(x+1)", "√(x + 1)")]
#[case("√x²", "√(x²)")]
#[case("sqrt(x)^2", "(√x)²")]
#[case("abs(x)", "|x|")]
#[case("|x - 1|", "|x − 1|")]
#[case("2|x|", "2·|x|")]
#[case("|x|·|n|", "|x|·|n|")]
#[case("||x||", "||x||")]
#[case("|||x| - 1|·2|", "|||x| − 1|·2|")]
#[case("pi x", "π·x")]
#[case("πx", "π·x")]
#[case("2pi", "2·π")]
#[case("PI", "π")]
#[case("Sin(x)", "sin(x)")]
#[case("xn", "x·n")]
#[case("nx", "n·x")]
#[case("x y", "x·y")]
#[case("x·y", "x·y")]
#[case("x×y", "x·y")]
#[case("x - -y", "x − (−y)")]
#[case("x + -2x", "x + (−2)·x")]
#[case("-(2x)", "−(2·x)")]
#[case("--x", "−(−x)")]
#[case("+x", "x")]
#[case("x^-n", "x^(−n)")]
#[case("x⁻¹", "x⁻¹")]
#[case("x¹⁰", "x¹⁰")]
#[case("[x+1]*2", "(x + 1)·2")]
#[case("0.5", "0.5")]
#[case(".5x", "0.5·x")]
#[case("1e-3", "0.001")]
#[case("2e3", "2000")]
#[case("2e", "2·e")]
#[case("2ex", "2·e·x")]
#[case("1e20", "1e20")]
#[case("x - (y - n)", "x − (y − n)")]
#[case("x - y - n", "x − y − n")]
#[case("x·(y·n)", "x·(y·n)")]
#[case("  10 x  ", "10·x")]
#[case("ln x + 1", "ln(x) + 1")]
#[case("√2x", "√(2·x)")]
#[case("-3^2", "−3²")]
#[case("2^x y", "2^x·y")]
#[case("x^2(x+1)", "x²·(x + 1)")]
fn reads_as(#[case] input: &str, #[case] expected: &str) {
    assert_eq!(read(input, &["x", "y", "n", "a", "b", "c"]), expected);
}

/// Longest-first name matching, dotted and Greek names.
#[rstest]
#[case("x0 + x", &["x", "x0"], "x0 + x")]
#[case("xy", &["x", "y"], "x·y")]
#[case("xy", &["x", "y", "xy"], "xy")]
#[case("p1.x - p0.x", &["p0.x", "p1.x"], "p1.x − p0.x")]
#[case("2dx", &["d", "x", "dx"], "2·dx")]
#[case("Δx/Δt", &["Δx", "Δt"], "Δx/Δt")]
#[case("θ^2", &["θ"], "θ²")]
#[case("tan t", &["t"], "tan(t)")]
#[case("t·a·n", &["t", "a", "n"], "t·a·n")]
#[case("e", &["e"], "e")]
#[case("exp(x)", &["e", "x"], "exp(x)")]
#[case("sin", &["sin"], "sin")]
fn resolves_names(#[case] input: &str, #[case] vars: &[&str], #[case] expected: &str) {
    assert_eq!(read(input, vars), expected);
}

/// Values, including the undefined ones (NaN).
#[rstest]
#[case("10x", &[3.0], 30.0)]
#[case("-x^2", &[3.0], -9.0)]
#[case("(-x)^2", &[3.0], 9.0)]
#[case("2^-1", &[0.0], 0.5)]
#[case("2^3^2", &[0.0], 512.0)]
#[case("1/2x", &[4.0], 2.0)]
#[case("1/(2x)", &[4.0], 0.125)]
#[case("e^x", &[1.0], std::f64::consts::E)]
#[case("log(e)", &[0.0], 1.0)]
#[case("sqrt(16)", &[0.0], 4.0)]
#[case("|x|", &[-2.5], 2.5)]
#[case("x^(1/3)", &[8.0], 2.0)]
#[case("(-8)^2", &[0.0], 64.0)]
#[case("(-2)^3", &[0.0], -8.0)]
#[case("cos(pi)", &[0.0], -1.0)]
#[case("0^0", &[0.0], 1.0)]
#[case("x^2", &[-3.0], 9.0)]
#[case("2x+2 - 2(x+1)", &[7.25], 0.0)]
fn evaluates(#[case] input: &str, #[case] values: &[f64], #[case] expected: f64) {
    let e = parse(input, &["x"]).expect("parses");
    let v = e.eval(values);
    assert!(
        (v - expected).abs() < 1e-12,
        "{input} gave {v}, expected {expected}"
    );
}

#[rstest]
#[case("1/x", 0.0)]
#[case("ln(x)", -1.0)]
#[case("ln(x)", 0.0)]
#[case("log(x)", -2.0)]
#[case("sqrt(x)", -1.0)]
#[case("x^0.5", -4.0)]
#[case("x^-1", 0.0)]
#[case("exp(x)", 1000.0)]
#[case("x^(1/3)", -8.0)]
fn undefined_is_nan(#[case] input: &str, #[case] x: f64) {
    let e = parse(input, &["x"]).expect("parses");
    assert!(e.eval(&[x]).is_nan(), "{input} at {x} should be undefined");
}

#[test]
fn missing_value_is_nan() {
    let e = parse("x + y", &["x", "y"]).expect("parses");
    assert!(e.eval(&[1.0]).is_nan());
    assert_eq!(e.eval(&[1.0, 2.0]), 3.0);
}

/// Each error message, with its column.
#[rstest]
#[case("", 1, "type an expression")]
#[case("   ", 1, "type an expression")]
#[case("2(x+1", 6, "missing `)` to close the `(` at column 2")]
#[case("((x)", 5, "missing `)` to close the `(` at column 1")]
#[case("10x)", 4, "`)` has no `(` to match it")]
#[case("(x]", 3, "`]` doesn't match the `(` at column 1: close it with `)`")]
#[case("x + y", 5, "`y` is not a variable in this question")]
#[case("X", 1, "`X` is not a variable in this question (did you mean `x`?)")]
#[case("x +", 4, "the input ends after `+`")]
#[case("x −", 4, "the input ends after `−`")]
#[case("x^", 3, "the input ends after `^`")]
#[case("-", 2, "the input ends after `-`")]
#[case("sin", 4, "the input ends after `sin`")]
#[case("*x", 1, "`*` needs something before it")]
#[case("x+*2", 3, "`*` can't come right after `+`")]
#[case("x*/2", 3, "`/` can't come right after `*`")]
#[case("()", 2, "nothing inside `()`")]
#[case(")x(", 1, "`)` has no `(` to match it")]
#[case("+", 2, "the input ends after `+`")]
#[case("(x+)", 4, "something is missing between `+` and `)`")]
#[case(
    "x2",
    2,
    "a number right after `x`: did you mean `x^2`? (for a product, write `x*2`)"
)]
#[case(
    "(x+1)2",
    6,
    "a number right after `)`: did you mean `(x+1)^2`? (for a product, write `(x+1)*2`)"
)]
#[case(
    "2 3",
    3,
    "a number right after `2`: did you mean `2^3`? (for a product, write `2*3`)"
)]
#[case("1.2.3", 4, "this number has two decimal points")]
#[case("y = 2x", 3, "type only the expression: `2x`, without `y =`")]
#[case("dy/dx = 2x", 7, "type only the expression: `2x`, without `dy/dx =`")]
#[case("2x = 4", 4, "`=` can't be used here: type only the expression")]
#[case("2,5", 2, "`,` can't be used here (write decimals with a point: 2.5)")]
#[case("x!", 2, "factorials (`!`) are not part of the expression language")]
#[case("x @ 2", 3, "`@` can't be used in an expression")]
#[case("{x}", 1, "`{` can't be used here: group with `(` and `)`")]
#[case(
    "\\frac{1}{2}",
    1,
    "`\\` can't be used here: type math as plain text, like sqrt(x)"
)]
#[case(
    "foo(x)",
    1,
    "`foo` is not a known function (the functions are sin, cos, tan, sec, csc, cot, arcsin, \
     arccos, arctan, sinh, cosh, tanh, exp, ln, log, log10, log2, sqrt, abs, floor, ceil, round, sign, \
     min, max)"
)]
#[case("|x", 3, "missing `|` to close the `|` at column 1")]
#[case("||", 2, "nothing inside `||`")]
#[case(
    "sin^-1(x)",
    4,
    "write the power after the argument, like sin(x)^2 (sin^-1 would be ambiguous)"
)]
#[case(
    "sin⁻¹x",
    4,
    "write the power after the argument, like sin(x)^2 (sin⁻¹ would be ambiguous)"
)]
#[case("sin + x", 5, "`sin` needs its argument right after it, like sin(x)")]
#[case("²", 1, "`²` needs something before it")]
#[case("x⁻", 2, "a raised sign must be followed by raised digits, like x⁻¹")]
#[case("1e999", 1, "the number `1e999` is too large")]
fn errors(#[case] input: &str, #[case] column: usize, #[case] message: &str) {
    let err = parse(input, &["x"]).expect_err("must not parse");
    assert_eq!(err.message, message, "message for {input:?}");
    assert_eq!(err.column, column, "column for {input:?}");
}

#[rstest]
#[case("x", 1, "`x` can't be used here: the answer is a number")]
#[case("2y", 2, "`y` can't be used here: the answer is a number")]
#[case("1/", 3, "the input ends after `/`")]
fn constant_errors(#[case] input: &str, #[case] column: usize, #[case] message: &str) {
    let err = parse_constant(input).expect_err("must not parse");
    assert_eq!((err.column, err.message.as_str()), (column, message));
}

#[test]
fn constants_evaluate() {
    let e = parse_constant("2^-1 + 1/4").expect("parses");
    assert_eq!(e.eval(&[]), 0.75);
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let deep = format!("{}x{}", "(".repeat(400), ")".repeat(400));
    let err = parse(&deep, &["x"]).expect_err("too deep");
    assert!(err.message.contains("nests too deeply"), "{}", err.message);
    let minus = format!("{}x", "-".repeat(500));
    assert!(parse(&minus, &["x"]).is_err());
    let pow = "x^".repeat(300) + "x";
    assert!(parse(&pow, &["x"]).is_err());
    let funcs = "sin(".repeat(200) + "x" + &")".repeat(200);
    assert!(parse(&funcs, &["x"]).is_err());
}

#[test]
fn moderate_nesting_is_fine() {
    let e = parse(&format!("{}x{}", "(".repeat(30), ")".repeat(30)), &["x"]).expect("parses");
    assert_eq!(e.eval(&[2.0]), 2.0);
}

#[test]
fn long_input_is_refused_with_its_column() {
    let long = "x+".repeat(600) + "x";
    let err = parse(&long, &["x"]).expect_err("too long");
    assert_eq!(err.column, MAX_LEN + 1);
    // A long flat sum within the limit still parses and evaluates.
    let sum = "x+".repeat(240) + "x";
    let e = parse(&sum, &["x"]).expect("parses");
    assert_eq!(e.eval(&[1.0]), 241.0);
    assert_eq!(parse(&e.pretty(), &["x"]), Ok(e));
}

#[test]
fn uses_var_reports_variables() {
    let e = parse("n x^2", &["x", "n", "t"]).expect("parses");
    assert!(e.uses_var(0) && e.uses_var(1) && !e.uses_var(2));
}

/// Random trees over two variables, as the parser could build them.
fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        (0u32..2000).prop_map(|n| Node::Num(f64::from(n) / 4.0)),
        prop_oneof![Just(1e-9), Just(3e17), Just(0.1)].prop_map(Node::Num),
        (0usize..2).prop_map(Node::Var),
        Just(Node::Const(Const::Pi)),
        Just(Node::Const(Const::E)),
    ];
    leaf.prop_recursive(6, 48, 2, |inner| {
        let op = prop_oneof![
            Just(BinOp::Add),
            Just(BinOp::Sub),
            Just(BinOp::Mul),
            Just(BinOp::Div),
            Just(BinOp::Pow),
        ];
        let func = prop_oneof![
            Just(Func::Sin),
            Just(Func::Cos),
            Just(Func::Tan),
            Just(Func::Exp),
            Just(Func::Ln),
            Just(Func::Sqrt),
            Just(Func::Abs),
            Just(Func::Sec),
            Just(Func::Csc),
            Just(Func::Cot),
            Just(Func::Asin),
            Just(Func::Acos),
            Just(Func::Atan),
            Just(Func::Sinh),
            Just(Func::Cosh),
            Just(Func::Tanh),
            Just(Func::Log10),
            Just(Func::Log2),
            Just(Func::Floor),
            Just(Func::Ceil),
            Just(Func::Round),
            Just(Func::Sign),
        ];
        prop_oneof![
            (op, inner.clone(), inner.clone()).prop_map(|(op, a, b)| Node::Bin(
                op,
                Box::new(a),
                Box::new(b)
            )),
            inner.clone().prop_map(|a| Node::Neg(Box::new(a))),
            (func, inner).prop_map(|(f, a)| Node::Call(f, Box::new(a))),
        ]
    })
}

/// Characters and words learners (and fuzzers) type.
fn messy_input() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("x"),
        Just("y"),
        Just("xy"),
        Just("2"),
        Just("0.5"),
        Just("1e-3"),
        Just("."),
        Just("+"),
        Just("-"),
        Just("−"),
        Just("*"),
        Just("**"),
        Just("/"),
        Just("^"),
        Just("("),
        Just(")"),
        Just("["),
        Just("]"),
        Just("|"),
        Just("√"),
        Just("²"),
        Just("⁻¹"),
        Just("sin"),
        Just("ln"),
        Just("pi"),
        Just("e"),
        Just(" "),
        Just("·"),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn print_then_parse_gives_the_same_tree(root in tree()) {
        let e = Expr { root, names: vec!["x".into(), "y".into()] };
        let printed = e.pretty();
        let back = parse(&printed, &["x", "y"]);
        prop_assert_eq!(back, Ok(e), "printed as {}", printed);
    }

    /// The error-tracking evaluation gives the same value as `eval`, and
    /// an error estimate that is never negative.
    #[test]
    fn eval_with_error_agrees_with_eval(root in tree(), x in -50.0..50.0f64, y in -5.0..5.0f64) {
        let e = Expr { root, names: vec!["x".into(), "y".into()] };
        let v = e.eval(&[x, y]);
        let (w, err) = e.eval_with_error(&[x, y]);
        prop_assert!(v.to_bits() == w.to_bits() || (v.is_nan() && w.is_nan()), "{} vs {}", v, w);
        prop_assert!(err >= 0.0 || err.is_nan(), "{}", err);
    }

    #[test]
    fn any_text_never_panics(s in "\\PC{0,80}") {
        let _ = parse(&s, &["x", "y"]).map(|e| (e.eval(&[1.0, 2.0]), e.pretty()));
    }

    #[test]
    fn messy_input_reads_back_or_errors_inside(s in messy_input()) {
        match parse(&s, &["x", "y"]) {
            Ok(e) => {
                let printed = e.pretty();
                prop_assert_eq!(parse(&printed, &["x", "y"]), Ok(e), "printed as {}", printed);
            }
            Err(err) => {
                let len = s.chars().count();
                prop_assert!(err.column >= 1 && err.column <= len + 1, "{:?} at {}", err, len);
                prop_assert!(!err.message.is_empty());
            }
        }
    }
}

/// Found by the fuzzer: each `−` in a run prints with brackets, so the print
/// nests deeper than the input; such input is refused rather than printed
/// into something that would not read back.
#[test]
fn input_whose_print_nests_too_deeply_is_refused() {
    let signs = format!("2 - {}e", "-".repeat(40));
    let err = parse(&signs, &["x"]).expect_err("the print would nest too deeply");
    assert!(err.message.contains("nests too deeply"), "{}", err.message);
    let fewer = format!("2 - {}e", "-".repeat(20));
    let e = parse(&fewer, &["x"]).expect("parses");
    assert_eq!(parse(&e.pretty(), &["x"]), Ok(e));
}
