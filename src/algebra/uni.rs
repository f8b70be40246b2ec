//! Polynomials in one variable over the rationals, dense: evaluation,
//! division with remainder and gcd, the tools of the irreducibility test.

use num_traits::{One, Zero};

use super::Rat;

/// Coefficients from the constant term up; the last one is not zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UniPoly(Vec<Rat>);

impl UniPoly {
    pub(crate) fn new(mut coeffs: Vec<Rat>) -> UniPoly {
        while coeffs.last().is_some_and(Zero::is_zero) {
            coeffs.pop();
        }
        UniPoly(coeffs)
    }

    pub(crate) fn coeffs(&self) -> &[Rat] {
        &self.0
    }

    /// `None` for the zero polynomial.
    pub(crate) fn degree(&self) -> Option<usize> {
        self.0.len().checked_sub(1)
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn lead(&self) -> Option<&Rat> {
        self.0.last()
    }

    /// Quotient and remainder of division by a non-zero `d`.
    pub(crate) fn divrem(&self, d: &UniPoly) -> Option<(UniPoly, UniPoly)> {
        let dd = d.degree()?;
        let lead = d.lead()?.clone();
        let mut rem = self.0.clone();
        let Some(n) = self.degree() else {
            return Some((UniPoly::new(Vec::new()), UniPoly::new(Vec::new())));
        };
        if n < dd {
            return Some((UniPoly::new(Vec::new()), self.clone()));
        }
        let mut quot = vec![Rat::zero(); n - dd + 1];
        for k in (0..=n - dd).rev() {
            let c = &rem[k + dd] / &lead;
            if c.is_zero() {
                continue;
            }
            for (i, dc) in d.0.iter().enumerate() {
                rem[k + i] -= &c * dc;
            }
            quot[k] = c;
        }
        rem.truncate(dd);
        Some((UniPoly::new(quot), UniPoly::new(rem)))
    }

    /// The monic greatest common divisor (zero only when both are zero).
    pub(crate) fn gcd(&self, other: &UniPoly) -> UniPoly {
        let (mut a, mut b) = (self.clone(), other.clone());
        while !b.is_zero() {
            let r = match a.divrem(&b) {
                Some((_, r)) => r,
                None => break,
            };
            a = b;
            b = r;
        }
        match a.lead().cloned() {
            Some(l) if !l.is_one() => UniPoly(a.0.iter().map(|c| c / &l).collect()),
            _ => a,
        }
    }
}
