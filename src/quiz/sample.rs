//! Comparing two expressions by value: where they are evaluated (the
//! sample points) and when two values count as equal (the tolerances).
//!
//! The points are a fixed set: they depend only on how many variables a
//! question has and on its `domain`, never on its id or its answer, so
//! renaming a question or editing its prompt never changes a verdict. They
//! span three scales (magnitudes up to 10, 100 and 1000, as Khan Academy's
//! KAS does), both signs, whole and non-whole values, so `|x − 12|` is told
//! from `12 − x` and `x^(n−1)` is tried at negative `x` with whole `n`.
//!
//! Two values are equal within a relative 1e-6 plus their estimated
//! rounding error ([`Expr::eval_with_error`]); there is no fixed absolute
//! floor, so `6.674e-11·x` is not `1.3348e-10·x`. The differences between
//! consecutive points are compared the same way, so a large constant can't
//! hide a term (`x + 1e8` is not `1e8`), and comparing only those
//! differences is how answers are judged "up to a constant".
//!
//! The design is documented for authors in `docs/expressions.md`.

use crate::expr::Expr;

/// Relative tolerance of expression answers (the contract's 1e-6).
pub(crate) const REL_TOL: f64 = 1e-6;

/// How many times its estimated rounding error a value may be off. The
/// estimate is a first-order bound, usually pessimistic; this is slack for
/// library functions that round a little more than one operation.
const NOISE: f64 = 16.0;

/// How many compared points are needed before two expressions are judged
/// the same (fewer prove nothing: the question needs a `domain`).
pub const MIN_VALID_POINTS: usize = 12;

/// One scale of sample points: the magnitudes its coordinates take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// 0.1 to 10: where most answers are checked, and where undefined
    /// values count.
    Tens,
    /// 10 to 100.
    Hundreds,
    /// 100 to 1000.
    Thousands,
}

impl Scale {
    /// The magnitudes of non-whole and of whole coordinates.
    fn range(self) -> ((f64, f64), (f64, f64)) {
        match self {
            Scale::Tens => ((0.1, 10.0), (1.0, 10.0)),
            Scale::Hundreds => ((10.0, 100.0), (11.0, 100.0)),
            Scale::Thousands => ((100.0, 1000.0), (101.0, 1000.0)),
        }
    }
}

/// How many points of each scale are wanted, and how many candidates are
/// tried at most to find them (points where the answer is undefined are
/// skipped).
const PLAN: [(Scale, usize, usize); 3] = [
    (Scale::Tens, 16, 400),
    (Scale::Hundreds, 8, 100),
    (Scale::Thousands, 8, 100),
];

/// The learner's points are this many times fewer than `chalkdust check`'s
/// thorough ones.
const THOROUGH: usize = 4;

/// The fixed seed of the point generator. Changing it changes verdicts
/// near the tolerance: don't.
const SEED: u64 = 0x6368_616c_6b64_7573; // "chalkdus"

/// A point where the expected expression is defined, with its value there.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub at: Vec<f64>,
    pub scale: Scale,
    value: f64,
    error: f64,
}

/// The outcome of comparing two expressions at sample points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    Same,
    Different,
}

/// What "the same" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Equal {
    /// Equal values.
    Exactly,
    /// Values that differ by one constant (antiderivatives).
    UpToConstant,
}

/// Where expression answers are sampled for one question.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sampler {
    vars: usize,
    domain: Option<(f64, f64)>,
    /// How many times the learner's number of points.
    factor: usize,
}

impl Sampler {
    /// The learner's sampler: the same for every question with this many
    /// variables and this domain.
    pub fn new(vars: usize, domain: Option<(f64, f64)>) -> Self {
        Sampler {
            vars,
            domain,
            factor: 1,
        }
    }

    /// More points than the learner's, for `chalkdust check` to find
    /// samples that pass only by luck of the points.
    pub fn thorough(self) -> Self {
        Sampler {
            factor: THOROUGH,
            ..self
        }
    }

    /// The points where `expected` is defined, scale by scale.
    pub fn points(&self, expected: &Expr) -> Vec<Point> {
        // Each factor has its own stream, so the thorough points are new
        // points, not the learner's again.
        let mut rng = SplitMix(SEED ^ (self.factor as u64).wrapping_mul(0x9e37_79b9));
        let mut out = Vec::new();
        for (scale, want, tries) in PLAN {
            let (want, tries) = (want * self.factor, tries * self.factor);
            let mut found = 0;
            let mut previous: Option<Vec<f64>> = None;
            for k in 0..tries {
                if found == want {
                    break;
                }
                // Every other point of the smallest scale mirrors the one
                // before (x and −x), so even and odd parts both show.
                let mirrored = match previous.take() {
                    Some(p) if k % 2 == 1 && scale == Scale::Tens => {
                        let m: Vec<f64> = p.iter().map(|v| -v).collect();
                        m.iter().all(|&v| self.inside(v)).then_some(m)
                    }
                    _ => None,
                };
                let at = match mirrored {
                    Some(m) => m,
                    None => (0..self.vars)
                        .map(|j| {
                            // With several variables, a large point keeps
                            // some coordinates small (n·x^(n−1) with large
                            // n overflows at large x).
                            let s = if self.vars > 1 && j != k % self.vars && rng.next() & 1 == 0 {
                                Scale::Tens
                            } else {
                                scale
                            };
                            self.coordinate(&mut rng, s, (k / 2) % 2 == 0)
                        })
                        .collect(),
                };
                previous = Some(at.clone());
                let (value, error) = expected.eval_with_error(&at);
                if value.is_finite() {
                    out.push(Point {
                        at,
                        scale,
                        value,
                        error,
                    });
                    found += 1;
                }
            }
        }
        out
    }

    fn inside(&self, v: f64) -> bool {
        self.domain.is_none_or(|(lo, hi)| (lo..=hi).contains(&v))
    }

    /// One coordinate at `scale`: a whole or a non-whole value of a random
    /// sign, inside the domain. Where the scale and the domain don't meet
    /// (a domain of [20, 40] has no point below 10), the value is drawn
    /// from the whole domain instead.
    fn coordinate(&self, rng: &mut SplitMix, scale: Scale, whole: bool) -> f64 {
        let ((lo, hi), (wlo, whi)) = scale.range();
        let (mut dlo, mut dhi) = self.domain.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        if dlo > dhi {
            (dlo, dhi) = (dhi, dlo);
        }
        let negative = rng.next() & 1 == 1;
        let signed = |(a, b): (f64, f64), neg: bool| if neg { (-b, -a) } else { (a, b) };
        let meet = |(a, b): (f64, f64)| {
            let (a, b) = (a.max(dlo), b.min(dhi));
            (a <= b).then_some((a, b))
        };
        if whole {
            for neg in [negative, !negative] {
                if let Some((a, b)) = meet(signed((wlo, whi), neg)) {
                    let (a, b) = (a.ceil(), b.floor());
                    if a <= b {
                        return (a + (rng.unit() * (b - a + 1.0)).floor()).min(b);
                    }
                }
            }
        }
        for neg in [negative, !negative] {
            if let Some((a, b)) = meet(signed((lo, hi), neg)) {
                return spread(rng.unit(), a, b);
            }
        }
        spread(rng.unit(), dlo, dhi)
    }

    /// Compare `given` with `expected` at the points where `expected` is
    /// defined.
    ///
    /// Where `given` is undefined but defined on both sides and agreeing
    /// there (a removable hole, like `(x² − 4)/(x − 2)` at 2), its limit is
    /// used. Where it is undefined otherwise it differs from `expected`,
    /// except at the larger scales, where an overflow (`e^(2x)` at
    /// x = 400) only drops the point: whether an answer is defined is
    /// decided among the small values.
    pub fn compare(&self, expected: &Expr, given: &Expr, equal: Equal) -> Comparison {
        self.compare_at(&self.points(expected), given, equal)
    }

    /// [`Sampler::compare`] at points already found.
    pub fn compare_at(&self, points: &[Point], given: &Expr, equal: Equal) -> Comparison {
        if points.len() < MIN_VALID_POINTS {
            return Comparison::Different;
        }
        // (expected, its error, given, its error) at each compared point.
        let mut pairs: Vec<(f64, f64, f64, f64)> = Vec::with_capacity(points.len());
        for p in points {
            let (mut b, mut eb) = given.eval_with_error(&p.at);
            if !b.is_finite() {
                match limit(given, &p.at) {
                    Some((v, e)) => (b, eb) = (v, e),
                    None if p.scale == Scale::Tens => return Comparison::Different,
                    None => continue,
                }
            }
            if equal == Equal::Exactly && !close(p.value, p.error, b, eb) {
                return Comparison::Different;
            }
            pairs.push((p.value, p.error, b, eb));
        }
        if pairs.len() < MIN_VALID_POINTS {
            return Comparison::Different;
        }
        let steps_agree = pairs.windows(2).all(|w| {
            let ((a0, ea0, b0, eb0), (a1, ea1, b1, eb1)) = (w[0], w[1]);
            close(a1 - a0, ea0 + ea1, b1 - b0, eb0 + eb1)
        });
        if steps_agree {
            Comparison::Same
        } else {
            Comparison::Different
        }
    }
}

/// Uniform in [a, b], or spread evenly in magnitude when the interval is
/// on one side of zero and spans more than a factor of 10 (so 0.1..10
/// gives as many values below 1 as above).
fn spread(u: f64, a: f64, b: f64) -> f64 {
    let same_side = (a > 0.0 && b > 0.0) || (a < 0.0 && b < 0.0);
    let (lo, hi) = (a.abs().min(b.abs()), a.abs().max(b.abs()));
    if same_side && hi / lo > 10.0 {
        let m = lo * (hi / lo).powf(u);
        if a < 0.0 { -m } else { m }
    } else {
        a + (b - a) * u
    }
}

/// Whether `a` and `b`, with estimated rounding errors `ea` and `eb`, are
/// equal: within a relative [`REL_TOL`] of the larger, plus the noise.
pub(crate) fn close(a: f64, ea: f64, b: f64, eb: f64) -> bool {
    let diff = (a - b).abs();
    diff <= REL_TOL * a.abs().max(b.abs()) + NOISE * (ea + eb)
}

/// The value of `e` at a removable hole `at`: the mean of its values just
/// either side (along every variable at once), when both exist and agree.
/// A pole or a jump is no hole.
fn limit(e: &Expr, at: &[f64]) -> Option<(f64, f64)> {
    let size = at.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
    let h = 1e-6 * size;
    let side = |s: f64| -> Vec<f64> { at.iter().map(|v| v + s * h).collect() };
    let (l, el) = e.eval_with_error(&side(-1.0));
    let (r, er) = e.eval_with_error(&side(1.0));
    if !l.is_finite() || !r.is_finite() {
        return None;
    }
    // Either side differs from the limit by about slope·h; a jump or a
    // pole by far more.
    if (l - r).abs() > 1e-3 * l.abs().max(r.abs()) + NOISE * (el + er) {
        return None;
    }
    // The mean cancels the slope; what is left is of order h².
    Some(((l + r) / 2.0, el + er + (l - r).abs()))
}

/// SplitMix64: tiny, good enough for sample points and for drawing a
/// question's variant, and ours, so neither the points nor a learner's
/// numbers change with a dependency upgrade.
pub(super) struct SplitMix(pub(super) u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number below `n` (n > 0). The modulo bias is below 1e-15 for
    /// lists of at most [`super::params::MAX_VALUES`].
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        // The top 53 bits fit an f64 mantissa exactly.
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
