//! The expression language: reading what a learner (or an author) types,
//! evaluating it, and printing it back as readable math.
//!
//! One engine serves chart plots, explorer formulas and quiz answers. The
//! reading rules are teaching decisions, documented for authors and learners
//! in `docs/expressions.md`:
//!
//! - `-x^2` is −(x²); `^` is right-associative; `2^-1` is allowed.
//! - Implicit multiplication as people write it: `10x`, `2(x+1)`,
//!   `(x+1)(x-1)`, `x(x+1)`, `xy` as x·y when `xy` is not itself a name.
//!   It binds exactly like `*`, so `1/2x` is (1/2)·x; the printed form shows
//!   that as "(1/2)·x", so the reading is never hidden.
//! - A number may not directly follow another operand (`x2`, `(x+1)2`): it is
//!   more often a slip for a power than a product, so we ask.
//! - `log` is the natural logarithm, the same as `ln` (the convention of
//!   calculus and of machine learning); it prints as `ln` so nobody is
//!   surprised.
//! - A function name without parentheses takes the product of plain terms
//!   after it: `sin 2x` is sin(2·x), `sin x^2` is sin(x²), `sin x cos x` is
//!   sin(x)·cos(x).
//! - Characters copied from the screen are read too: `·` `×` `−` `²` `³` `√`
//!   `π`, and `**` means `^`.
//!
//! The parser is written by hand (recursive descent, one function per
//! precedence level). We looked for a crate: none reads implicit
//! multiplication, unary minus below `^` and right-associative `^` the way a
//! mathematician does, with error positions a learner can act on, and these
//! rules are ours to own.
//!
//! Nothing here panics or recurses without bound: inputs are capped at
//! [`MAX_LEN`] characters and [`MAX_DEPTH`] levels of nesting, so trees
//! stay shallow enough for the recursive `eval` and `pretty`.

mod lexer;
mod parser;
mod print;
#[cfg(test)]
mod tests;

use std::fmt;

/// The longest input, in characters, that [`parse`] reads.
pub const MAX_LEN: usize = 1000;

/// How deeply parentheses, bars, functions, signs and powers may nest.
pub const MAX_DEPTH: usize = 64;

/// A parsed expression. Variables are stored as indices into the `vars`
/// slice given to [`parse`]; the names are kept for printing.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    root: Node,
    names: Vec<String>,
}

/// One node of an expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Num(f64),
    Var(usize),
    Const(Const),
    Neg(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Call(Func, Box<Node>),
    /// A function of two values: `min` and `max`.
    Call2(Func, Box<Node>, Box<Node>),
}

/// Binary operators; implicit multiplication is `Mul`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// The named constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Const {
    Pi,
    E,
}

/// The functions of the language. `log` is read as [`Func::Ln`], `asin`
/// as [`Func::Asin`] (printed `arcsin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Sin,
    Cos,
    Tan,
    Sec,
    Csc,
    Cot,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Exp,
    Ln,
    Log10,
    Log2,
    Sqrt,
    Abs,
    // For charts and explorers only (see [`parse_answer`]): steps and
    // clamps that a learner's answer has no use for.
    Floor,
    Ceil,
    Round,
    Sign,
    // Two values each, so always a [`Node::Call2`].
    Min,
    Max,
}

impl Func {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Sec => "sec",
            Func::Csc => "csc",
            Func::Cot => "cot",
            Func::Asin => "arcsin",
            Func::Acos => "arccos",
            Func::Atan => "arctan",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
            Func::Tanh => "tanh",
            Func::Exp => "exp",
            Func::Ln => "ln",
            Func::Log10 => "log10",
            Func::Log2 => "log2",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
            Func::Floor => "floor",
            Func::Ceil => "ceil",
            Func::Round => "round",
            Func::Sign => "sign",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    /// Whether only charts and explorers may use it, not answers.
    pub(crate) fn chart_only(self) -> bool {
        matches!(
            self,
            Func::Floor | Func::Ceil | Func::Round | Func::Sign | Func::Min | Func::Max
        )
    }

    /// How many values it takes.
    pub(crate) fn arity(self) -> usize {
        if matches!(self, Func::Min | Func::Max) {
            2
        } else {
            1
        }
    }
}

/// Why an input could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based column, in characters, of the problem.
    pub column: usize,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(column: usize, message: impl Into<String>) -> Self {
        ParseError {
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse `input`, with `vars` the variable names it may use.
///
/// Names are matched longest first among `vars`, the functions and the
/// constants (a variable wins a tie), so with `vars = ["x", "x0"]` the
/// input `x0` is the variable `x0`, and with `vars = ["x", "y"]` the input
/// `xy` is x·y.
///
/// ```
/// use chalkdust::expr;
///
/// let e = expr::parse("-x^2 + 10x", &["x"]).expect("it reads");
/// // `-x^2` is −(x²), and `10x` is 10·x.
/// assert_eq!(e.eval(&[3.0]), 21.0);
/// assert_eq!(e.pretty(), "−x² + 10·x");
///
/// // An error says where, for the learner to fix it.
/// let err = expr::parse("2(x + 1", &["x"]).unwrap_err();
/// assert_eq!(err.column, 8);
/// assert!(err.message.contains("column 2"), "{}", err.message);
/// ```
pub fn parse(input: &str, vars: &[&str]) -> Result<Expr, ParseError> {
    parse_in(input, vars, lexer::Context::Expression)
}

/// Parse an expression answer: like [`parse`], but without the functions
/// meant for charts and explorers (`floor`, `ceil`, `round`, `sign`), which
/// read as unknown functions. A learner's `floor(x)` is far more often a
/// slip than an answer, and the sampling can't judge steps fairly.
pub fn parse_answer(input: &str, vars: &[&str]) -> Result<Expr, ParseError> {
    parse_in(input, vars, lexer::Context::Answer)
}

/// Parse a constant expression (a number answer such as `1/2` or `2^-1`).
///
/// Like [`parse`] with no variables, but a letter that is not a function or
/// constant is explained as such ("the answer is a number").
pub fn parse_constant(input: &str) -> Result<Expr, ParseError> {
    parse_in(input, &[], lexer::Context::Constant)
}

fn parse_in(input: &str, vars: &[&str], ctx: lexer::Context) -> Result<Expr, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    if chars.len() > MAX_LEN {
        return Err(ParseError::new(
            MAX_LEN + 1,
            format!("the input is too long (more than {MAX_LEN} characters)"),
        ));
    }
    if let Some(at) = chars.iter().position(|&c| c == '=') {
        return Err(typed_equation(&chars, at));
    }
    let tokens = lexer::lex(&chars, vars, ctx)?;
    let root = parser::parse_tokens(&chars, &tokens)?;
    // The print may need more nesting than the input did (`x - -y` prints
    // as `x − (−y)`); refuse what would not read back.
    let names = vars_as_names(vars);
    let (_, printed_depth) = print::pretty_with_depth(&root, &names);
    if printed_depth > MAX_DEPTH {
        return Err(ParseError::new(
            1,
            format!("the expression nests too deeply (more than {MAX_DEPTH} levels)"),
        ));
    }
    Ok(Expr { root, names })
}

/// `y' = 3x^2`, `f'(x) = 3x^2`, `y = 2x`: the learner typed the whole
/// equation; say to type only its right side, and show it.
fn typed_equation(chars: &[char], at: usize) -> ParseError {
    let left: String = chars[..at].iter().collect();
    let right: String = chars[at + 1..].iter().collect();
    let (left, right) = (left.trim(), right.trim());
    // `y`, `y'`, `f(x)`, `f'(x)`, `dy/dx`: a name being defined. Anything
    // else (`2x = 4`) is an equation, not a slip of notation.
    let names_a_function = left.chars().count() <= 8
        && left.starts_with(char::is_alphabetic)
        && left
            .chars()
            .all(|c| c.is_alphanumeric() || "'′()/ ".contains(c));
    let message = if !names_a_function || right.is_empty() || right.contains('=') {
        "`=` can't be used here: type only the expression".to_string()
    } else {
        format!("type only the expression: `{right}`, without `{left} =`")
    };
    ParseError::new(at + 1, message)
}

fn vars_as_names(vars: &[&str]) -> Vec<String> {
    vars.iter().map(|v| v.to_string()).collect()
}

impl Expr {
    /// Evaluate with one value per variable (in the order given to `parse`).
    ///
    /// Returns NaN where the expression is undefined: division by zero, the
    /// log of zero or a negative number, an even root of a negative number,
    /// overflow to infinity, or a missing variable value.
    pub fn eval(&self, values: &[f64]) -> f64 {
        eval_node(&self.root, values)
    }

    /// Evaluate, and estimate how far rounding may have taken the result
    /// from the exact value: `(value, error)`.
    ///
    /// The estimate is a first-order running error bound (each operation's
    /// own rounding plus the inputs' errors carried through its
    /// derivative), so it is large exactly where a computation cancels:
    /// `(x + 1)² − x²` at x = 1000 carries an error near 1000² · 2⁻⁵², not
    /// near 2001 · 2⁻⁵². Answer checking uses it to tell honest rounding
    /// noise from a real difference without a fixed absolute floor.
    pub fn eval_with_error(&self, values: &[f64]) -> (f64, f64) {
        noisy_node(&self.root, values)
    }

    /// Readable math, as shown in "read as: ...": `10·x`, `3·x²`,
    /// `(x + 1)·(x − 1)`. Parsing it again gives the same tree.
    pub fn pretty(&self) -> String {
        print::pretty(&self.root, &self.names)
    }

    /// The tree, for the exact algebra and the form tests.
    pub(crate) fn root(&self) -> &Node {
        &self.root
    }

    /// The variable names this expression was parsed with.
    pub fn vars(&self) -> &[String] {
        &self.names
    }

    /// Whether the expression uses the variable at `index`.
    pub fn uses_var(&self, index: usize) -> bool {
        fn walk(node: &Node, index: usize) -> bool {
            match node {
                Node::Var(i) => *i == index,
                Node::Num(_) | Node::Const(_) => false,
                Node::Neg(a) | Node::Call(_, a) => walk(a, index),
                Node::Bin(_, a, b) | Node::Call2(_, a, b) => walk(a, index) || walk(b, index),
            }
        }
        walk(&self.root, index)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pretty())
    }
}

/// Keep only finite results: infinities (from overflow, `1/0`, `ln 0`) are
/// "undefined" to every caller, as NaN is.
fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { f64::NAN }
}

fn eval_node(node: &Node, values: &[f64]) -> f64 {
    match node {
        Node::Num(v) => *v,
        Node::Var(i) => values.get(*i).copied().map_or(f64::NAN, finite),
        Node::Const(Const::Pi) => std::f64::consts::PI,
        Node::Const(Const::E) => std::f64::consts::E,
        Node::Neg(a) => -eval_node(a, values),
        Node::Bin(op, a, b) => {
            let (a, b) = (eval_node(a, values), eval_node(b, values));
            let v = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => {
                    if b == 0.0 {
                        f64::NAN
                    } else {
                        a / b
                    }
                }
                BinOp::Pow => power(a, b),
            };
            finite(v)
        }
        Node::Call(f, a) => finite(call(*f, eval_node(a, values))),
        Node::Call2(f, a, b) => call2(*f, eval_node(a, values), eval_node(b, values)),
    }
}

/// A function of two values; NaN when either is (`f64::min` would
/// quietly return the other).
fn call2(f: Func, a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    match f {
        Func::Max => a.max(b),
        _ => a.min(b),
    }
}

/// A function applied to a value; NaN outside its domain.
fn call(f: Func, a: f64) -> f64 {
    let over = |d: f64| if d == 0.0 { f64::NAN } else { 1.0 / d };
    match f {
        Func::Sin => a.sin(),
        Func::Cos => a.cos(),
        Func::Tan => a.tan(),
        Func::Sec => over(a.cos()),
        Func::Csc => over(a.sin()),
        Func::Cot => a.cos() * over(a.sin()),
        Func::Asin if (-1.0..=1.0).contains(&a) => a.asin(),
        Func::Acos if (-1.0..=1.0).contains(&a) => a.acos(),
        Func::Asin | Func::Acos => f64::NAN,
        Func::Atan => a.atan(),
        Func::Sinh => a.sinh(),
        Func::Cosh => a.cosh(),
        Func::Tanh => a.tanh(),
        Func::Exp => a.exp(),
        Func::Ln if a > 0.0 => a.ln(),
        Func::Log10 if a > 0.0 => a.log10(),
        Func::Log2 if a > 0.0 => a.log2(),
        Func::Sqrt if a >= 0.0 => a.sqrt(),
        Func::Ln | Func::Log10 | Func::Log2 | Func::Sqrt => f64::NAN,
        Func::Abs => a.abs(),
        Func::Floor => a.floor(),
        Func::Ceil => a.ceil(),
        Func::Round => a.round(),
        // NaN stays NaN (f64::signum would give ±1 for ±0 too).
        Func::Sign if a == 0.0 => 0.0,
        Func::Sign => a.signum(),
        // Only ever called through `call2`; the one-value reading is the
        // value itself.
        Func::Min | Func::Max => a,
    }
}

/// One unit of rounding: the spacing of doubles near 1, halved.
const ULP: f64 = f64::EPSILON / 2.0;

/// The absolute error of underflow: the smallest subnormal. `e^(-1000)`
/// is 0 in double precision, and a quotient of such values carries it.
const TINY: f64 = f64::MIN_POSITIVE * f64::EPSILON;

/// [`Expr::eval_with_error`] on one node.
fn noisy_node(node: &Node, values: &[f64]) -> (f64, f64) {
    match node {
        Node::Num(v) => (*v, ULP * v.abs()),
        Node::Var(i) => (values.get(*i).copied().map_or(f64::NAN, finite), 0.0),
        Node::Const(_) => {
            let v = eval_node(node, values);
            (v, ULP * v.abs())
        }
        Node::Neg(a) => {
            let (v, e) = noisy_node(a, values);
            (-v, e)
        }
        Node::Bin(op, a, b) => {
            let ((a, ea), (b, eb)) = (noisy_node(a, values), noisy_node(b, values));
            let v = finite(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div if b == 0.0 => f64::NAN,
                BinOp::Div => a / b,
                BinOp::Pow => power(a, b),
            });
            let carried = match op {
                BinOp::Add | BinOp::Sub => ea + eb,
                BinOp::Mul => a.abs() * eb + b.abs() * ea,
                BinOp::Div => (ea + v.abs() * eb) / b.abs(),
                BinOp::Pow => {
                    // d(a^b) = a^b (b/a da + ln|a| db); at a = 0 only the
                    // exponent's error can matter.
                    let da = if a == 0.0 { 0.0 } else { (b / a).abs() * ea };
                    let db = if a == 0.0 {
                        0.0
                    } else {
                        a.abs().ln().abs() * eb
                    };
                    // Repeated multiplication and powf round a little more
                    // than one operation.
                    v.abs() * (da + db + ULP * (2.0 + b.abs().min(64.0)))
                }
            };
            (v, carried + ULP * v.abs() + TINY)
        }
        Node::Call2(f, a, b) => {
            // The result is one of the two values, so it carries at most
            // the larger of their errors.
            let (a, ea) = noisy_node(a, values);
            let (b, eb) = noisy_node(b, values);
            (call2(*f, a, b), ea.max(eb))
        }
        Node::Call(f, a) => {
            let (a, ea) = noisy_node(a, values);
            let v = finite(call(*f, a));
            let slope = match f {
                Func::Sin => a.cos().abs(),
                Func::Cos => a.sin().abs(),
                Func::Tan | Func::Cot => 1.0 + v * v,
                Func::Sec => (v * a.tan()).abs(),
                Func::Csc => (v / a.tan()).abs(),
                Func::Asin | Func::Acos => 1.0 / (1.0 - a * a).sqrt(),
                Func::Atan => 1.0 / (1.0 + a * a),
                Func::Sinh => a.cosh(),
                Func::Cosh => a.sinh().abs(),
                Func::Tanh => 1.0 - v * v,
                Func::Exp => v.abs(),
                Func::Ln => 1.0 / a.abs(),
                Func::Log10 => 1.0 / (a.abs() * std::f64::consts::LN_10),
                Func::Log2 => 1.0 / (a.abs() * std::f64::consts::LN_2),
                Func::Sqrt => 0.5 / v.abs(),
                Func::Abs | Func::Min | Func::Max => 1.0,
                // Flat, but a step is as far as the input's error may
                // reach: within it of a step, the value may be one off.
                Func::Floor | Func::Ceil | Func::Round | Func::Sign => {
                    let edge = match f {
                        Func::Round => (a - a.floor() - 0.5).abs(),
                        Func::Sign => a.abs(),
                        _ => (a - a.round()).abs(),
                    };
                    if edge <= ea {
                        1.0 / ea.max(f64::MIN_POSITIVE)
                    } else {
                        0.0
                    }
                }
            };
            // A slope that blows up (√ at 0) bounds the error by the
            // square root of the input's instead.
            let carried = if slope.is_finite() {
                slope * ea
            } else {
                2.0 * ea.sqrt()
            };
            (v, carried + 2.0 * ULP * v.abs() + TINY)
        }
    }
}

/// `a^b`, using exact repeated multiplication for small integer powers so
/// `x^2` and `x·x` agree to the last bit.
fn power(a: f64, b: f64) -> f64 {
    if b.fract() == 0.0 && b.abs() <= 64.0 {
        // `b` is a small whole number here, so the cast is exact.
        let n = b as i32;
        if n < 0 && a == 0.0 {
            return f64::NAN;
        }
        a.powi(n)
    } else {
        a.powf(b)
    }
}
