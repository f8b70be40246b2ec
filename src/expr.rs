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

/// The functions of the language. `log` is read as [`Func::Ln`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Ln,
    Sqrt,
    Abs,
}

impl Func {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Exp => "exp",
            Func::Ln => "ln",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
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
                Node::Bin(_, a, b) => walk(a, index) || walk(b, index),
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
        Node::Call(f, a) => {
            let a = eval_node(a, values);
            let v = match f {
                Func::Sin => a.sin(),
                Func::Cos => a.cos(),
                Func::Tan => a.tan(),
                Func::Exp => a.exp(),
                Func::Ln => {
                    if a > 0.0 {
                        a.ln()
                    } else {
                        f64::NAN
                    }
                }
                Func::Sqrt => {
                    if a >= 0.0 {
                        a.sqrt()
                    } else {
                        f64::NAN
                    }
                }
                Func::Abs => a.abs(),
            };
            finite(v)
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
