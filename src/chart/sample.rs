//! Sampling functions of one variable into connected runs, numerical
//! derivatives, and fitting a vertical range to sampled data.
//!
//! Everything here works on plain `Fn(f64) -> f64` so it can be tested
//! without the expression language.

/// `n` evenly spaced values from `lo` to `hi`, both ends included.
///
/// With `n` equal to the number of dot columns, sample `i` lands exactly on
/// dot column `i` (the canvas maps `lo` to the first column and `hi` to the
/// last).
pub fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![lo],
        _ => {
            let last = (n - 1) as f64;
            let mut xs: Vec<f64> = (0..n).map(|i| lo + (hi - lo) * (i as f64) / last).collect();
            // Hit `hi` exactly, whatever the rounding above did.
            xs[n - 1] = hi;
            xs
        }
    }
}

/// The x values to sample on `[from, to]`: the grid points inside it, and
/// the ends themselves so a piece reaches its boundary.
pub fn xs_within(grid: &[f64], from: f64, to: f64) -> Vec<f64> {
    if !(from.is_finite() && to.is_finite()) || from > to {
        return Vec::new();
    }
    let mut xs = Vec::with_capacity(grid.len() + 2);
    xs.push(from);
    xs.extend(grid.iter().copied().filter(|x| *x > from && *x < to));
    if to > from {
        xs.push(to);
    }
    xs
}

/// Evaluate `f` at `xs` and split the points into connected runs.
///
/// A run ends at an undefined value (NaN or infinite) and at an asymptote:
/// two neighbours further apart than the whole `visible` height, at least
/// one of them off screen, and the function between them not in between
/// (checked at the midpoint). A steep but continuous stretch stays joined.
pub fn runs<F: Fn(f64) -> f64>(
    f: F,
    xs: &[f64],
    visible: Option<(f64, f64)>,
) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for &x in xs {
        let y = f(x);
        if !y.is_finite() {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            continue;
        }
        if let (Some(&(x0, y0)), Some(vis)) = (run.last(), visible)
            && is_asymptote(&f, (x0, y0), (x, y), vis)
        {
            out.push(std::mem::take(&mut run));
        }
        run.push((x, y));
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

fn is_asymptote<F: Fn(f64) -> f64>(f: &F, a: (f64, f64), b: (f64, f64), vis: (f64, f64)) -> bool {
    let (lo, hi) = vis;
    let height = hi - lo;
    let outside = |y: f64| y < lo || y > hi;
    if (b.1 - a.1).abs() <= height || !(outside(a.1) || outside(b.1)) {
        return false;
    }
    let mid = f((a.0 + b.0) / 2.0);
    let (ylo, yhi) = if a.1 <= b.1 { (a.1, b.1) } else { (b.1, a.1) };
    !(mid.is_finite() && mid >= ylo && mid <= yhi)
}

/// The derivative of `f` at `x` on the domain `[from, to]`: a central
/// difference inside, a one-sided one near an end (so a piece's slope is
/// taken from that piece alone), and a one-sided one where the other side is
/// undefined (`sqrt` at 0). `span` is the width of the chart's x range,
/// the scale of the step.
pub fn derivative<F: Fn(f64) -> f64>(f: &F, x: f64, (from, to): (f64, f64), span: f64) -> f64 {
    // About the cube root of machine epsilon, relative to the scale of x
    // and of the chart: small enough to be exact on smooth curves, large
    // enough that rounding does not dominate.
    let scale = x.abs().max(span.abs());
    let h = if scale.is_finite() && scale > 0.0 {
        6e-6 * scale
    } else {
        1e-6
    };
    let left_ok = x - h >= from;
    let right_ok = x + h <= to;
    if left_ok && right_ok {
        let d = (f(x + h) - f(x - h)) / (2.0 * h);
        if d.is_finite() {
            return d;
        }
    }
    if right_ok {
        let d = (f(x + h) - f(x)) / h;
        if d.is_finite() {
            return d;
        }
    }
    if left_ok {
        let d = (f(x) - f(x - h)) / h;
        if d.is_finite() {
            return d;
        }
    }
    f64::NAN
}

/// A vertical range for `values` (finite ones only) with 5% margin.
///
/// Values shooting off near an asymptote (`1/x` near 0) would squash the
/// rest of the curve flat, so outliers far outside the quartiles are left
/// out, but only when they are few (at most 5% of the samples): a curve
/// that simply grows fast, like `exp(x)`, keeps its top.
pub fn fit(values: &[f64]) -> (f64, f64) {
    let mut v: Vec<f64> = values.iter().copied().filter(|y| y.is_finite()).collect();
    if v.is_empty() {
        return (-1.0, 1.0);
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let (mut lo, mut hi) = (v[0], v[n - 1]);
    if n >= 20 {
        let q1 = v[n / 4];
        let q3 = v[(3 * n) / 4];
        let iqr = q3 - q1;
        let (fence_lo, fence_hi) = (q1 - 5.0 * iqr, q3 + 5.0 * iqr);
        let kept: Vec<f64> = v
            .iter()
            .copied()
            .filter(|y| *y >= fence_lo && *y <= fence_hi)
            .collect();
        if iqr > 0.0 && (n - kept.len()) * 20 <= n && !kept.is_empty() {
            lo = kept[0];
            hi = kept[kept.len() - 1];
        }
    }
    let span = hi - lo;
    if span <= f64::EPSILON * lo.abs().max(hi.abs()).max(1.0) {
        // A constant: centre it with a band of ±1 (or ±10% of its size).
        let pad = (lo.abs() * 0.1).max(1.0);
        return (lo - pad, hi + pad);
    }
    (lo - span * 0.05, hi + span * 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_hits_both_ends_and_is_even() {
        let g = grid(-1.0, 5.0, 7);
        assert_eq!(g, vec![-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(grid(0.0, 1.0, 0).is_empty());
        assert_eq!(grid(0.0, 1.0, 1), vec![0.0]);
    }

    #[test]
    fn a_piece_gets_its_own_ends() {
        let g = grid(0.0, 1.0, 11);
        let xs = xs_within(&g, 0.25, 0.5);
        assert_eq!(xs.first(), Some(&0.25));
        assert_eq!(xs.last(), Some(&0.5));
        assert_eq!(xs.len(), 2 + 2); // 0.3, 0.4 in between
    }

    #[test]
    fn undefined_points_split_runs() {
        let xs = grid(-2.0, 2.0, 41);
        let r = runs(f64::sqrt, &xs, Some((0.0, 2.0)));
        assert_eq!(r.len(), 1);
        // Only x >= 0 survives; x = 0 is exactly on the grid.
        assert_eq!(r[0].len(), 21);
        assert!(r[0].iter().all(|(x, _)| *x >= 0.0));
    }

    #[test]
    fn an_asymptote_splits_runs_but_a_steep_line_does_not() {
        // The grid straddles 0 without hitting it, so only the jump shows.
        let xs = grid(-1.0, 1.0, 40);
        let r = runs(|x| 1.0 / x, &xs, Some((-10.0, 10.0)));
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0].iter().all(|(x, _)| *x < 0.0));
        assert!(r[1].iter().all(|(x, _)| *x > 0.0));

        let r = runs(|x| 1000.0 * x, &xs, Some((-10.0, 10.0)));
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn derivative_of_a_square_is_twice_x() {
        for i in -20..=20 {
            let x = f64::from(i) / 4.0;
            let d = derivative(&|x: f64| x * x, x, (-6.0, 6.0), 10.0);
            assert!((d - 2.0 * x).abs() < 1e-6, "at {x}: {d}");
        }
    }

    #[test]
    fn derivative_is_one_sided_at_a_piece_edge() {
        // |x| on [0, 1]: slope 1 right from the kink, not the average 0.
        let d = derivative(&f64::abs, 0.0, (0.0, 1.0), 2.0);
        assert!((d - 1.0).abs() < 1e-9);
        let d = derivative(&f64::abs, 0.0, (-1.0, 0.0), 2.0);
        assert!((d + 1.0).abs() < 1e-9);
        // sqrt is undefined left of 0; the forward difference there is
        // large but finite, and the central one works just right of it.
        assert!(derivative(&f64::sqrt, 0.0, (-1.0, 1.0), 2.0) > 100.0);
        assert!((derivative(&f64::sqrt, 1.0, (-1.0, 2.0), 3.0) - 0.5).abs() < 1e-6);
        // A zero or infinite scale still gives a usable step.
        assert!(
            (derivative(
                &|x: f64| 3.0 * x,
                0.0,
                (f64::NEG_INFINITY, f64::INFINITY),
                0.0
            ) - 3.0)
                .abs()
                < 1e-6
        );
    }

    #[test]
    fn fit_adds_a_margin() {
        let (lo, hi) = fit(&[0.0, 60.0, 120.0]);
        assert!((lo + 6.0).abs() < 1e-9 && (hi - 126.0).abs() < 1e-9);
    }

    #[test]
    fn fit_centres_a_constant() {
        assert_eq!(fit(&[3.0; 50]), (2.0, 4.0));
        assert_eq!(fit(&[]), (-1.0, 1.0));
        assert_eq!(fit(&[f64::NAN, f64::INFINITY]), (-1.0, 1.0));
    }

    #[test]
    fn fit_ignores_an_asymptote_but_keeps_fast_growth() {
        let xs = grid(-2.0, 2.0, 321);
        let ys: Vec<f64> = xs.iter().map(|x| 1.0 / x).collect();
        let (lo, hi) = fit(&ys);
        assert!(
            lo > -20.0 && lo < -2.0 && hi < 20.0 && hi > 2.0,
            "{lo}..{hi}"
        );

        let xs = grid(0.0, 10.0, 321);
        let ys: Vec<f64> = xs.iter().map(|x| x.exp()).collect();
        let (_, hi) = fit(&ys);
        assert!(hi >= 10f64.exp(), "{hi}");
    }
}
