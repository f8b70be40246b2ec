//! Exact algebra over the rationals: polynomials in several variables with
//! rational coefficients, read from expression trees, and a test of whether
//! a polynomial splits into factors. The form tests of answers
//! (`quiz::form`: "expanded", "factored") are built on it; nothing here
//! knows about questions.
//!
//! Numbers are `num-rational`'s [`BigRational`] over `num-bigint`: the
//! rust-num crates are well kept, already in our dependency tree, and exact
//! at any size, so `(x + 1)^20` never overflows into a wrong verdict. The
//! polynomials are written by hand: the crates we looked at on docs.rs
//! either work in floating point (`polynomial`), are univariate only
//! (`polyfactor`), or are whole computer algebra systems (`symbolica`,
//! `symplex`) far larger than the few operations a form test needs (sum,
//! product, small powers, evaluation, division and gcd in one variable).
//!
//! What [`irreducibility`] decides, and how:
//!
//! - One variable: exactly, by Kronecker's method. A factor of degree `d`
//!   takes, at `d + 1` whole numbers, values that divide the polynomial's
//!   values there; every such choice is interpolated and tried as a divisor.
//!   Degree 1 is the rational-root test; degree 2 covers quadratic ×
//!   quadratic quartics, and the same search goes on up to half the degree.
//!   The search is capped ([`MAX_CANDIDATES`] candidate factors per call,
//!   all degrees and settings together, and values up to 10¹⁰); past the
//!   cap the answer is [`Irreducibility::Unknown`].
//! - Several variables: a common monomial, or a common factor of the
//!   coefficients in one variable (found by a gcd), proves it reducible.
//!   Otherwise the other variables are set to a few whole numbers: if one
//!   such setting leaves a polynomial of the same degree that is irreducible,
//!   so is the original (a factorisation would survive the setting). If every
//!   setting splits, the polynomial is taken as reducible (Hilbert's
//!   irreducibility theorem says almost all settings keep an irreducible
//!   polynomial irreducible). With three or more variables the common-factor
//!   test also works on settings, so it is a strong heuristic, not a proof.
//!
//! Everything is bounded ([`MAX_TERMS`], [`MAX_DEGREE`]): a reading that
//! would grow past the bounds is refused (`None`), never slow.

mod factor;
#[cfg(test)]
mod tests;
mod uni;

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

use crate::expr::{BinOp, Expr, Node};

pub use factor::{Irreducibility, MAX_CANDIDATES, irreducibility};
pub(crate) use uni::UniPoly;

/// An exact rational number.
pub type Rat = BigRational;

/// The most terms a polynomial may have.
pub const MAX_TERMS: usize = 2000;

/// The highest power of one variable, and the highest power read from `^`.
pub const MAX_DEGREE: u32 = 64;

/// Exponents by variable index; trailing zeros are trimmed so each monomial
/// has one spelling.
type Monomial = Vec<u32>;

/// A polynomial with rational coefficients in variables `0, 1, 2, ...`.
/// No stored coefficient is zero.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Poly {
    terms: BTreeMap<Monomial, Rat>,
}

fn trimmed(mut m: Monomial) -> Monomial {
    while m.last() == Some(&0) {
        m.pop();
    }
    m
}

impl Poly {
    pub fn zero() -> Poly {
        Poly::default()
    }

    pub fn constant(c: Rat) -> Poly {
        let mut p = Poly::zero();
        p.insert(Vec::new(), c);
        p
    }

    pub fn var(index: usize) -> Poly {
        let mut m = vec![0; index + 1];
        m[index] = 1;
        let mut p = Poly::zero();
        p.insert(m, Rat::one());
        p
    }

    fn insert(&mut self, m: Monomial, c: Rat) {
        if c.is_zero() {
            return;
        }
        let m = trimmed(m);
        let sum = match self.terms.remove(&m) {
            Some(old) => old + c,
            None => c,
        };
        if !sum.is_zero() {
            self.terms.insert(m, sum);
        }
    }

    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// The value when the polynomial has no variables.
    pub fn constant_value(&self) -> Option<Rat> {
        match self.terms.len() {
            0 => Some(Rat::zero()),
            1 => self.terms.get(&Vec::new()).cloned(),
            _ => None,
        }
    }

    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The terms: exponents by variable, and coefficient.
    pub fn terms(&self) -> impl Iterator<Item = (&[u32], &Rat)> {
        self.terms.iter().map(|(m, c)| (m.as_slice(), c))
    }

    /// The variables that occur, in index order.
    pub fn vars(&self) -> Vec<usize> {
        let width = self.terms.keys().map(Vec::len).max().unwrap_or(0);
        (0..width)
            .filter(|&v| self.terms.keys().any(|m| m.get(v).is_some_and(|&e| e > 0)))
            .collect()
    }

    pub fn degree_in(&self, var: usize) -> u32 {
        self.terms
            .keys()
            .map(|m| m.get(var).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
    }

    pub fn total_degree(&self) -> u32 {
        self.terms.keys().map(|m| m.iter().sum()).max().unwrap_or(0)
    }

    pub fn add(&self, other: &Poly) -> Poly {
        let mut out = self.clone();
        for (m, c) in &other.terms {
            out.insert(m.clone(), c.clone());
        }
        out
    }

    pub fn neg(&self) -> Poly {
        Poly {
            terms: self.terms.iter().map(|(m, c)| (m.clone(), -c)).collect(),
        }
    }

    pub fn sub(&self, other: &Poly) -> Poly {
        self.add(&other.neg())
    }

    pub fn scale(&self, k: &Rat) -> Poly {
        let mut out = Poly::zero();
        for (m, c) in &self.terms {
            out.insert(m.clone(), c * k);
        }
        out
    }

    /// The product, or `None` past [`MAX_TERMS`] or [`MAX_DEGREE`].
    pub fn mul(&self, other: &Poly) -> Option<Poly> {
        if self.terms.len().saturating_mul(other.terms.len()) > MAX_TERMS * 8 {
            return None;
        }
        let mut out = Poly::zero();
        for (ma, ca) in &self.terms {
            for (mb, cb) in &other.terms {
                let len = ma.len().max(mb.len());
                let mut m = vec![0u32; len];
                for (i, e) in m.iter_mut().enumerate() {
                    *e = ma.get(i).copied().unwrap_or(0) + mb.get(i).copied().unwrap_or(0);
                    if *e > MAX_DEGREE {
                        return None;
                    }
                }
                out.insert(m, ca * cb);
            }
        }
        (out.terms.len() <= MAX_TERMS).then_some(out)
    }

    /// `self` to the power `n`, or `None` past the bounds.
    pub fn pow(&self, n: u32) -> Option<Poly> {
        if n > MAX_DEGREE {
            return None;
        }
        let mut out = Poly::constant(Rat::one());
        for _ in 0..n {
            out = out.mul(self)?;
        }
        Some(out)
    }

    /// The coefficients of `var`'s powers (index = power), each free of `var`.
    pub(crate) fn coefficients_in(&self, var: usize) -> Vec<Poly> {
        let mut out = vec![Poly::zero(); self.degree_in(var) as usize + 1];
        for (m, c) in &self.terms {
            let mut rest = m.clone();
            let e = rest.get(var).copied().unwrap_or(0);
            if let Some(slot) = rest.get_mut(var) {
                *slot = 0;
            }
            if let Some(p) = out.get_mut(e as usize) {
                p.insert(rest, c.clone());
            }
        }
        out
    }

    /// The polynomial in `keep` alone once every other variable `v` is set
    /// to `value(v)`.
    pub(crate) fn specialize(&self, keep: usize, value: &dyn Fn(usize) -> Rat) -> UniPoly {
        let mut coeffs = vec![Rat::zero(); self.degree_in(keep) as usize + 1];
        for (m, c) in &self.terms {
            let mut term = c.clone();
            let mut power = 0;
            for (v, &e) in m.iter().enumerate() {
                if v == keep {
                    power = e as usize;
                } else if e > 0 {
                    term *= num_traits::pow(value(v), e as usize);
                }
            }
            if let Some(slot) = coeffs.get_mut(power) {
                *slot += term;
            }
        }
        UniPoly::new(coeffs)
    }

    /// The polynomial in `var` alone, when no other variable occurs.
    pub(crate) fn to_uni(&self, var: usize) -> UniPoly {
        self.specialize(var, &|_| Rat::zero())
    }
}

/// The exact rational a decimal number stands for: `0.1` is 1/10, not the
/// binary fraction nearest to it (a learner typed a decimal). `None` for
/// infinities, NaN and magnitudes past 10¹⁸.
pub fn rational_from_f64(v: f64) -> Option<Rat> {
    if !v.is_finite() || v.abs() > 1e18 {
        return None;
    }
    // `{}` prints the shortest decimal that reads back as `v`, never in
    // exponent form.
    let text = format!("{v}");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all: String = whole.chars().chain(frac.chars()).collect();
    let numer = BigInt::parse_bytes(all.as_bytes(), 10)?;
    let denom = num_traits::pow(BigInt::from(10), frac.len());
    let r = Rat::new(numer, denom);
    Some(if negative { -r } else { r })
}

/// The polynomial `e` stands for, in its own variables; `None` when it
/// is not one (`sin x`, `1/x`) or would grow past the bounds.
pub fn polynomial(e: &Expr) -> Option<Poly> {
    Reader::plain(e.vars().len()).read(e.root())
}

/// Like [`polynomial`], but every non-polynomial part (`sin x`, `eˣ`,
/// `1/(x + 1)`) is read as one more variable, numbered after `e`'s own.
pub fn polynomial_with_atoms(e: &Expr) -> Option<Poly> {
    Reader::with_atoms(e.vars().len()).read(e.root())
}

/// Reads expression trees as polynomials. Variables `0..vars` are the
/// expression's own; with atoms allowed, every part that is not polynomial
/// (`sin(x)`, `e^x`, `√x`, `π`, `1/(x + 1)`) becomes one more variable,
/// the same one each time the same part appears, so `x·eˣ + eˣ` reads as
/// `x·A + A`.
pub(crate) struct Reader {
    vars: usize,
    atoms: Option<Vec<Node>>,
}

impl Reader {
    /// A reader of plain polynomials: anything else is refused.
    pub(crate) fn plain(vars: usize) -> Reader {
        Reader { vars, atoms: None }
    }

    /// A reader that turns non-polynomial parts into atoms.
    pub(crate) fn with_atoms(vars: usize) -> Reader {
        Reader {
            vars,
            atoms: Some(Vec::new()),
        }
    }

    fn atom(&mut self, node: &Node) -> Option<Poly> {
        let atoms = self.atoms.as_mut()?;
        let index = match atoms.iter().position(|a| a == node) {
            Some(i) => i,
            None => {
                atoms.push(node.clone());
                atoms.len() - 1
            }
        };
        Some(Poly::var(self.vars + index))
    }

    /// The polynomial `node` stands for, or `None` when it is not one (or
    /// would grow past the bounds).
    pub(crate) fn read(&mut self, node: &Node) -> Option<Poly> {
        match node {
            Node::Num(v) => rational_from_f64(*v).map(Poly::constant),
            Node::Var(i) if *i < self.vars => Some(Poly::var(*i)),
            Node::Var(_) => None,
            Node::Const(_) | Node::Call(..) | Node::Call2(..) => self.atom(node),
            Node::Neg(a) => Some(self.read(a)?.neg()),
            Node::Bin(op, a, b) => match op {
                BinOp::Add => Some(self.read(a)?.add(&self.read(b)?)),
                BinOp::Sub => Some(self.read(a)?.sub(&self.read(b)?)),
                BinOp::Mul => self.read(a)?.mul(&self.read(b)?),
                BinOp::Div => {
                    let divisor = Reader::plain(self.vars)
                        .read(b)
                        .and_then(|p| p.constant_value());
                    match divisor {
                        Some(c) if c.is_zero() => None,
                        Some(c) => Some(self.read(a)?.scale(&c.recip())),
                        None => {
                            let inverse =
                                Node::Bin(BinOp::Div, Box::new(Node::Num(1.0)), b.clone());
                            let inverse = self.atom(&inverse)?;
                            self.read(a)?.mul(&inverse)
                        }
                    }
                }
                BinOp::Pow => match **b {
                    Node::Num(n)
                        if n.fract() == 0.0 && (0.0..=f64::from(MAX_DEGREE)).contains(&n) =>
                    {
                        // A whole number from 0 to MAX_DEGREE: the cast is exact.
                        self.read(a)?.pow(n as u32)
                    }
                    _ => self.atom(node),
                },
            },
        }
    }
}

/// The greatest common divisor of whole numbers (non-negative).
pub(crate) fn gcd_int(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::gcd(a, b)
}
