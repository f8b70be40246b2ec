//! Whether a polynomial can be split into factors of lower degree over the
//! rationals (the method is described in the parent module's docs).

use std::cmp::Reverse;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Poly, Rat, UniPoly};

/// The most candidate factors tried in one call of [`irreducibility`], all
/// degrees and variable settings together; past it the answer is
/// [`Irreducibility::Unknown`]. It bounds the time a learner's input can
/// cost (a few milliseconds).
pub const MAX_CANDIDATES: usize = 2_000;

/// Values of the polynomial larger than this are not factored into
/// divisors (the trial division would be slow).
const MAX_VALUE: u64 = 10_000_000_000;

/// Whole numbers tried in Kronecker's method: 0, 1, −1, 2, −2, ...
const POINTS: i64 = 24;

/// Settings of the other variables tried per main variable.
const SETTINGS: usize = 8;

/// What the test found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Irreducibility {
    /// It cannot be split over the rationals (constants and degree-one
    /// polynomials included).
    Irreducible,
    /// It splits into factors of lower degree.
    Reducible,
    /// The search was too large to finish.
    Unknown,
}

use Irreducibility::{Irreducible, Reducible, Unknown};

/// Whether `p` splits into non-constant factors over the rationals.
pub fn irreducibility(p: &Poly) -> Irreducibility {
    let vars = p.vars();
    if vars.is_empty() {
        return Irreducible;
    }
    if p.term_count() == 1 {
        return if p.total_degree() <= 1 {
            Irreducible
        } else {
            Reducible
        };
    }
    // A variable in every term divides the polynomial.
    let common = vars
        .iter()
        .any(|&v| p.terms().all(|(m, _)| m.get(v).is_some_and(|&e| e > 0)));
    if common {
        return Reducible;
    }
    let mut budget = MAX_CANDIDATES;
    match vars.as_slice() {
        [v] => univariate(&p.to_uni(*v), &mut budget),
        _ => multivariate(p, &vars, &mut budget),
    }
}

fn multivariate(p: &Poly, vars: &[usize], budget: &mut usize) -> Irreducibility {
    let mut order = vars.to_vec();
    order.sort_by_key(|&v| Reverse(p.degree_in(v)));
    let mut unknown = false;
    for &main in &order {
        if has_content(p, main, vars) {
            return Reducible;
        }
        let degree = p.degree_in(main) as usize;
        for k in 0..SETTINGS {
            let g = p.specialize(main, &|v| setting(k, v));
            if g.degree() != Some(degree) {
                continue;
            }
            match univariate(&g, budget) {
                Irreducible => return Irreducible,
                Reducible => {}
                Unknown => unknown = true,
            }
        }
    }
    if unknown { Unknown } else { Reducible }
}

/// The value given to variable `v` in the `k`-th setting.
fn setting(k: usize, v: usize) -> Rat {
    const VALUES: [i64; 10] = [2, 3, -2, 5, 7, -3, 11, 13, -5, 17];
    Rat::from_integer(BigInt::from(VALUES[(k + 3 * v) % VALUES.len()]))
}

/// Whether the coefficients of `main`'s powers share a non-constant
/// factor. It involves some other variable `w`; with only `main` and `w`
/// the gcd is exact, with more the rest are set to values, twice.
fn has_content(p: &Poly, main: usize, vars: &[usize]) -> bool {
    let coeffs: Vec<Poly> = p
        .coefficients_in(main)
        .into_iter()
        .filter(|c| !c.is_zero())
        .collect();
    let runs = if vars.len() == 2 { 1 } else { 2 };
    vars.iter().filter(|&&w| w != main).any(|&w| {
        (0..runs).all(|k| {
            let mut g = UniPoly::new(Vec::new());
            for c in &coeffs {
                g = g.gcd(&c.specialize(w, &|v| setting(k + 1, v)));
            }
            g.degree().is_some_and(|d| d >= 1)
        })
    })
}

/// Whether a polynomial in one variable splits over the rationals.
fn univariate(f: &UniPoly, budget: &mut usize) -> Irreducibility {
    let Some(n) = f.degree() else {
        return Irreducible;
    };
    if n <= 1 {
        return Irreducible;
    }
    let ints = primitive(f.coeffs());
    if ints.first().is_none_or(Zero::is_zero) {
        return Reducible;
    }
    // Every point is tried as a root; the ones with the smallest values
    // (fewest divisors) are the ones Kronecker's method uses.
    let mut points: Vec<(i64, u64)> = Vec::new();
    for k in 0..=2 * POINTS {
        let a = if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) };
        let v = eval_int(&ints, a);
        if v.is_zero() {
            // A whole root: x − a divides.
            return Reducible;
        }
        if let Some(m) = v.abs().to_u64()
            && m <= MAX_VALUE
        {
            points.push((a, m));
        }
    }
    points.sort_by_key(|&(_, m)| m);
    let mut divided: Vec<(i64, Vec<i64>)> = Vec::new();
    let mut unknown = false;
    for d in 1..=n / 2 {
        while divided.len() < d + 1 {
            match points.get(divided.len()) {
                Some(&(a, m)) => divided.push((a, divisors(m))),
                None => break,
            }
        }
        if divided.len() < d + 1 {
            unknown = true;
            break;
        }
        match kronecker(&divided[..d + 1], &ints, f, budget) {
            Search::Found => return Reducible,
            Search::NotFound => {}
            Search::TooLarge => unknown = true,
        }
    }
    if unknown { Unknown } else { Irreducible }
}

/// The coefficients scaled to whole numbers with no common factor.
fn primitive(coeffs: &[Rat]) -> Vec<BigInt> {
    let lcm = coeffs
        .iter()
        .fold(BigInt::one(), |acc, c| acc.lcm(c.denom()));
    let ints: Vec<BigInt> = coeffs
        .iter()
        .map(|c| (c * Rat::from_integer(lcm.clone())).to_integer())
        .collect();
    let g = ints.iter().fold(BigInt::zero(), |acc, c| acc.gcd(c));
    if g.is_zero() || g.is_one() {
        ints
    } else {
        ints.iter().map(|c| c / &g).collect()
    }
}

enum Search {
    Found,
    NotFound,
    TooLarge,
}

fn eval_int(ints: &[BigInt], a: i64) -> BigInt {
    let a = BigInt::from(a);
    ints.iter()
        .rev()
        .fold(BigInt::zero(), |acc, c| acc * &a + c)
}

/// Kronecker's method for a factor of degree `d`, through `d + 1` points
/// with the divisors of the polynomial's values there.
fn kronecker(
    points: &[(i64, Vec<i64>)],
    ints: &[BigInt],
    f: &UniPoly,
    budget: &mut usize,
) -> Search {
    let d = points.len().saturating_sub(1);
    let choices: Vec<Vec<i64>> = points
        .iter()
        .enumerate()
        .map(|(i, (_, pos))| {
            // g and −g are the same factor: fix the sign at the first point.
            if i == 0 {
                pos.clone()
            } else {
                pos.iter().flat_map(|&q| [q, -q]).collect()
            }
        })
        .collect();
    let total = choices
        .iter()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()));
    match total {
        Some(t) if t <= *budget => *budget -= t,
        _ => return Search::TooLarge,
    }
    let xs: Vec<i64> = points.iter().map(|&(a, _)| a).collect();
    let basis = lagrange_basis(&xs);
    let lead = ints.last().cloned().unwrap_or_default();
    let mut index = vec![0usize; choices.len()];
    loop {
        let mut g = vec![Rat::zero(); d + 1];
        for (i, l) in basis.iter().enumerate() {
            let c = Rat::from_integer(BigInt::from(choices[i][index[i]]));
            for (slot, lc) in g.iter_mut().zip(l) {
                *slot += &c * lc;
            }
        }
        let g_lead = g.get(d).cloned().unwrap_or_default();
        if !g_lead.is_zero()
            && g.iter().all(Rat::is_integer)
            && (&lead % g_lead.to_integer()).is_zero()
        {
            let g = UniPoly::new(g);
            if let Some((_, r)) = f.divrem(&g)
                && r.is_zero()
            {
                return Search::Found;
            }
        }
        // Next choice, odometer style.
        let mut i = 0;
        loop {
            let Some(slot) = index.get_mut(i) else {
                return Search::NotFound;
            };
            *slot += 1;
            if *slot < choices[i].len() {
                break;
            }
            *slot = 0;
            i += 1;
        }
    }
}

/// The positive divisors of `m` (at least 1).
fn divisors(m: u64) -> Vec<i64> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut q = 1u64;
    while q * q <= m {
        if m.is_multiple_of(q) {
            small.push(q as i64);
            if q * q != m {
                large.push((m / q) as i64);
            }
        }
        q += 1;
    }
    small.extend(large.into_iter().rev());
    small
}

/// The Lagrange basis polynomials through `xs` (coefficients from the
/// constant term up): the `i`-th is 1 at `xs[i]` and 0 at the others.
fn lagrange_basis(xs: &[i64]) -> Vec<Vec<Rat>> {
    let n = xs.len();
    (0..n)
        .map(|i| {
            let mut poly = vec![Rat::one()];
            let mut denom = Rat::one();
            for (j, &xj) in xs.iter().enumerate() {
                if j == i {
                    continue;
                }
                let xj = Rat::from_integer(BigInt::from(xj));
                // poly *= (x − xj)
                let mut next = vec![Rat::zero(); poly.len() + 1];
                for (k, c) in poly.iter().enumerate() {
                    next[k + 1] += c;
                    next[k] -= c * &xj;
                }
                poly = next;
                denom *= Rat::from_integer(BigInt::from(xs[i])) - xj;
            }
            poly.iter().map(|c| c / &denom).collect()
        })
        .collect()
}
