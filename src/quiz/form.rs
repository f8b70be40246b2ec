//! Form tests: whether an answer that is already equal in value to the
//! author's is also written in the form the question asks for (`form =
//! "expanded" | "factored" | "simplified" | "value"`). Each test reads the
//! learner's tree as typed, so typing the question back (`(x + 1)^2` for
//! "expand (x + 1)²", `x^2 - 1` for "factor x² − 1", `17*23` for "work out
//! 17 × 23") never passes. What each form accepts is documented for authors
//! in `docs/expressions.md` ("Forms").
//!
//! A form miss is a wrong answer and counts as an attempt, with a message
//! naming the asked form ("Equal, but not expanded: ..."). That is what
//! STACK does: its form tests (`Expanded`, `FacForm`, `EqualComAss`) are
//! answer tests in the potential response tree, so a miss takes the false
//! branch (score 0, penalty applied) with feedback naming the form; STACK's
//! "invalid, not counted" state is for input it cannot read (syntax,
//! forbidden words), which here is [`super::Verdict::Unreadable`]. Counting
//! it also keeps "guess forms until one passes" from being free.
//!
//! The polynomial work (reading a factor as a polynomial, deciding whether
//! it splits) is [`crate::algebra`]; this module only walks trees.

use crate::algebra::{self, Irreducibility, Reader};
use crate::expr::{self, BinOp, Const, Expr, Node};
use crate::lesson::{Answer, Form, Question};

use super::Verdict;

/// Why an answer equal in value is not in the asked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub form: Form,
    /// What to do about it, in a few words.
    pub why: String,
}

impl Miss {
    fn new(form: Form, why: impl Into<String>) -> Miss {
        Miss {
            form,
            why: why.into(),
        }
    }

    /// The words the learner sees.
    pub fn message(&self) -> String {
        format!("Equal, but not {}: {}.", self.form.adjective(), self.why)
    }
}

/// A verdict with the question's form test applied: a `Right` whose input
/// misses the form becomes `Wrong`, with the miss as its feedback.
pub(crate) fn judged(question: &Question, input: &str, verdict: Verdict) -> Verdict {
    if verdict != Verdict::Right {
        return verdict;
    }
    match miss(question, input) {
        Some(m) => Verdict::Wrong {
            feedback: Some(m.message()),
        },
        None => Verdict::Right,
    }
}

/// How `input` misses the question's form, if it has one. Only the form is
/// tested: call it on an input already judged equal in value. An input that
/// can't be read is not a form miss (it is reported as unreadable anyway).
pub fn miss(question: &Question, input: &str) -> Option<Miss> {
    let form = question.form?;
    match &question.answer {
        Answer::Number { .. } => {
            let given = expr::parse_constant(input).ok()?;
            check(form, &given, None).err()
        }
        Answer::Expression { expr, vars, .. } => {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let given = expr::parse(input, &names).ok()?;
            check(form, &given, Some(expr)).err()
        }
        Answer::Choice { .. } | Answer::Text { .. } | Answer::Vector { .. } => None,
    }
}

/// The problem `chalkdust check` reports when the question's own answer is
/// not in the form it asks of learners.
pub fn own_answer_miss(question: &Question) -> Option<String> {
    let text = match &question.answer {
        Answer::Number { text, .. } | Answer::Expression { text, .. } => text,
        Answer::Choice { .. } | Answer::Text { .. } | Answer::Vector { .. } => return None,
    };
    let m = miss(question, text)?;
    Some(format!(
        "the answer `{text}` is not itself {} (`form = \"{}\"`): {}",
        m.form.adjective(),
        m.form.name(),
        m.why
    ))
}

/// Whether `given` is in `form`; `expected` is the author's answer, which
/// "simplified" compares with (without it, "simplified" passes).
pub fn check(form: Form, given: &Expr, expected: Option<&Expr>) -> Result<(), Miss> {
    let root = given.root();
    let why = match form {
        Form::Value => (!plain_number(root)).then(|| {
            "work it out to a plain number (a decimal, scientific notation like 1.5*10^3, \
             or a fraction like 3/4)"
                .to_string()
        }),
        Form::Expanded => not_expanded(root).map(str::to_string),
        Form::Factored => not_factored(root, given.vars().len()),
        Form::Simplified => expected
            .filter(|e| canon(e.root()) != canon(root))
            .map(|_| "write it in its simplest form".to_string()),
    };
    match why {
        Some(why) => Err(Miss::new(form, why)),
        None => Ok(()),
    }
}

fn strip_neg(node: &Node) -> &Node {
    match node {
        Node::Neg(a) => strip_neg(a),
        _ => node,
    }
}

fn whole(node: &Node) -> bool {
    matches!(strip_neg(node), Node::Num(v) if v.fract() == 0.0)
}

/// A decimal (scientific notation `1.5e3` is read as one), `a*10^k` with
/// 1 ≤ |a| < 10 and a whole `k`, or a fraction of whole numbers.
fn plain_number(node: &Node) -> bool {
    match strip_neg(node) {
        Node::Num(_) => true,
        Node::Bin(BinOp::Div, a, b) => whole(a) && whole(b),
        Node::Bin(BinOp::Mul, a, b) => {
            let mantissa = matches!(strip_neg(a), Node::Num(m) if (1.0..10.0).contains(m));
            let power_of_ten = matches!(&**b, Node::Bin(BinOp::Pow, base, k)
                if matches!(**base, Node::Num(t) if t == 10.0) && whole(k));
            mantissa && power_of_ten
        }
        _ => false,
    }
}

/// A sum, possibly behind signs: what "expanded" keeps out of products.
fn is_sum(node: &Node) -> bool {
    matches!(strip_neg(node), Node::Bin(BinOp::Add | BinOp::Sub, ..))
}

/// Where the tree still has a sum multiplied, divided or raised to a whole
/// power, or bracketed after a minus sign; anywhere, function arguments
/// included. A sum may stand in a denominator or under a root.
fn not_expanded(node: &Node) -> Option<&'static str> {
    match node {
        Node::Num(_) | Node::Var(_) | Node::Const(_) => None,
        Node::Neg(a) if is_sum(a) => Some("remove the brackets after the minus sign"),
        Node::Neg(a) | Node::Call(_, a) => not_expanded(a),
        Node::Call2(_, a, b) => not_expanded(a).or_else(|| not_expanded(b)),
        Node::Bin(op, a, b) => {
            let here = match op {
                BinOp::Mul => (is_sum(a) || is_sum(b)).then_some("multiply out the brackets"),
                BinOp::Div => is_sum(a).then_some("divide each term separately"),
                BinOp::Pow => (is_sum(a)
                    && matches!(**b, Node::Num(n) if n.fract() == 0.0 && n >= 2.0))
                .then_some("multiply out the power"),
                BinOp::Sub => is_sum(b).then_some("remove the brackets after the minus sign"),
                BinOp::Add => None,
            };
            here.or_else(|| not_expanded(a)).or_else(|| not_expanded(b))
        }
    }
}

/// The factors of a product or quotient, through signs and whole powers.
fn factors<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node {
        Node::Neg(a) => factors(a, out),
        Node::Bin(BinOp::Mul | BinOp::Div, a, b) => {
            factors(a, out);
            factors(b, out);
        }
        Node::Bin(BinOp::Pow, a, b) if whole(b) => factors(a, out),
        _ => out.push(node),
    }
}

/// Why a product is not fully factored: a factor that splits over the
/// rationals, or a whole-number factor common to a factor's coefficients
/// (`2x + 2` is `2(x + 1)`). Non-polynomial parts (`eˣ`, `sin x`) count
/// as variables, so `x·eˣ + eˣ` is not factored either. A factor the engine
/// can't decide (see [`crate::algebra`]) is given the benefit of the doubt.
fn not_factored(node: &Node, vars: usize) -> Option<String> {
    let mut leaves = Vec::new();
    factors(node, &mut leaves);
    for leaf in leaves {
        let Some(p) = Reader::with_atoms(vars).read(leaf) else {
            continue;
        };
        if p.vars().is_empty() {
            continue;
        }
        if let Some(g) = integer_content(&p) {
            return Some(format!("take out the common factor {g}"));
        }
        if algebra::irreducibility(&p) == Irreducibility::Reducible {
            return Some("a factor can still be split into factors".to_string());
        }
    }
    None
}

/// The common factor of a polynomial's coefficients when they are whole
/// numbers sharing one greater than 1.
fn integer_content(p: &algebra::Poly) -> Option<String> {
    let mut g = num_bigint::BigInt::from(0);
    for (_, c) in p.terms() {
        if !c.is_integer() {
            return None;
        }
        g = algebra::gcd_int(&g, &c.to_integer());
    }
    (g > num_bigint::BigInt::from(1)).then(|| g.to_string())
}

/// A tree up to what "simplified" ignores: the order of terms and factors,
/// brackets, `*` against juxtaposition, `·1`, `/1`, `+0`, `^1` and signs
/// (`x − −y` is `x + y`, `(−a)·(−b)` is `a·b`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Canon {
    /// A non-negative number, by its bits.
    Num(u64),
    Var(usize),
    Const(u8),
    Call(&'static str, Box<Canon>),
    /// `min` and `max`, whose two values may come in either order.
    Call2(&'static str, Box<[Canon; 2]>),
    Pow(Box<Canon>, Box<Canon>),
    /// Two or more terms, sorted.
    Sum(Vec<Canon>),
    /// A signed product: factors over and under the bar, each sorted.
    Prod {
        negative: bool,
        over: Vec<Canon>,
        under: Vec<Canon>,
    },
}

fn number(v: f64) -> Canon {
    // `+ 0.0` turns −0 into 0, so both have one spelling.
    Canon::Num((v.abs() + 0.0).to_bits())
}

fn canon(node: &Node) -> Canon {
    match node {
        Node::Num(v) if *v >= 0.0 => number(*v),
        Node::Var(i) => Canon::Var(*i),
        Node::Const(c) => Canon::Const(match c {
            Const::Pi => 0,
            Const::E => 1,
        }),
        Node::Call(f, a) => Canon::Call(f.name(), Box::new(canon(a))),
        Node::Call2(f, a, b) => {
            let mut pair = [canon(a), canon(b)];
            pair.sort();
            Canon::Call2(f.name(), Box::new(pair))
        }
        Node::Bin(BinOp::Pow, a, b) if matches!(**b, Node::Num(n) if n == 1.0) => canon(a),
        Node::Bin(BinOp::Pow, a, b) => Canon::Pow(Box::new(canon(a)), Box::new(canon(b))),
        Node::Bin(BinOp::Add | BinOp::Sub, ..) => {
            let mut terms = Vec::new();
            sum_terms(node, false, &mut terms);
            terms.sort();
            match terms.len() {
                0 => number(0.0),
                1 => terms.pop().unwrap_or_else(|| number(0.0)),
                _ => Canon::Sum(terms),
            }
        }
        // Products, quotients, signs and negative numbers.
        _ => {
            let mut parts = Parts::default();
            product_parts(node, false, &mut parts);
            parts.finish()
        }
    }
}

fn sum_terms(node: &Node, negate: bool, out: &mut Vec<Canon>) {
    match node {
        Node::Bin(BinOp::Add, a, b) => {
            sum_terms(a, negate, out);
            sum_terms(b, negate, out);
        }
        Node::Bin(BinOp::Sub, a, b) => {
            sum_terms(a, negate, out);
            sum_terms(b, !negate, out);
        }
        Node::Num(v) if *v == 0.0 => {}
        _ => {
            let mut parts = Parts {
                negative: negate,
                ..Parts::default()
            };
            product_parts(node, false, &mut parts);
            match parts.finish() {
                // `a + 1·(b + c)`: the brackets only group.
                Canon::Sum(inner) => out.extend(inner),
                term => out.push(term),
            }
        }
    }
}

#[derive(Default)]
struct Parts {
    negative: bool,
    over: Vec<Canon>,
    under: Vec<Canon>,
}

impl Parts {
    fn finish(mut self) -> Canon {
        if self.over.is_empty() {
            // `1·1`, `−1`, `1/x`: the ones that were dropped leave one.
            self.over.push(number(1.0));
        }
        self.over.sort();
        self.under.sort();
        if !self.negative && self.under.is_empty() && self.over.len() == 1 {
            return self.over.pop().unwrap_or_else(|| number(1.0));
        }
        Canon::Prod {
            negative: self.negative,
            over: self.over,
            under: self.under,
        }
    }
}

fn product_parts(node: &Node, invert: bool, parts: &mut Parts) {
    match node {
        Node::Neg(a) => {
            parts.negative = !parts.negative;
            product_parts(a, invert, parts);
        }
        Node::Num(v) if *v < 0.0 => {
            parts.negative = !parts.negative;
            product_parts(&Node::Num(-v), invert, parts);
        }
        Node::Num(v) if *v == 1.0 => {}
        Node::Bin(BinOp::Mul, a, b) => {
            product_parts(a, invert, parts);
            product_parts(b, invert, parts);
        }
        Node::Bin(BinOp::Div, a, b) => {
            product_parts(a, invert, parts);
            product_parts(b, !invert, parts);
        }
        Node::Bin(BinOp::Pow, a, b) if matches!(**b, Node::Num(n) if n == 1.0) => {
            product_parts(a, invert, parts);
        }
        _ => match canon(node) {
            // `2·(x·y + 0)`: a sum that lost all but one term.
            Canon::Prod {
                negative,
                over,
                under,
            } => {
                parts.negative ^= negative;
                let (o, u) = if invert { (under, over) } else { (over, under) };
                parts.over.extend(o);
                parts.under.extend(u);
            }
            c if invert => parts.under.push(c),
            c => parts.over.push(c),
        },
    }
}

#[cfg(test)]
mod tests;
