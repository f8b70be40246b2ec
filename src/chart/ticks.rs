//! Axis ticks at readable round numbers: steps of 1, 2 or 5 times a power
//! of ten, and their labels printed with just enough decimals.

/// The smallest step of the form {1, 2, 5}·10^k that cuts `span` into at
/// most `max_count` intervals.
pub fn nice_step(span: f64, max_count: usize) -> f64 {
    let count = max_count.max(1) as f64;
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / count;
    let mut power = 10f64.powf(raw.log10().floor());
    // `powf` and `log10` can land a hair below the exact power; the loop
    // below climbs to the right step either way.
    loop {
        for m in [1.0, 2.0, 5.0] {
            let step = m * power;
            if step >= raw * (1.0 - 1e-9) {
                return step;
            }
        }
        power *= 10.0;
    }
}

/// The multiples of `step` inside `[lo, hi]` (ends included, with a little
/// slack for rounding).
pub fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && step.is_finite() && step > 0.0) || lo > hi {
        return Vec::new();
    }
    let slack = step * 1e-9;
    let first = ((lo - slack) / step).ceil();
    let last = ((hi + slack) / step).floor();
    if last - first > 1000.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut k = first;
    while k <= last {
        // Multiply rather than accumulate, so 0.1-steps stay exact-looking.
        let v = k * step;
        out.push(if v == 0.0 { 0.0 } else { v });
        k += 1.0;
    }
    out
}

/// How many decimals a label needs when ticks are `step` apart.
pub fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    let d = -(step.log10() + 1e-9).floor();
    if d <= 0.0 { 0 } else { (d as usize).min(9) }
}

/// The label of tick `v` when ticks are `step` apart: "0", "0.5", "-20",
/// "1e6" for very large or very small magnitudes.
pub fn label(v: f64, step: f64) -> String {
    let big = v.abs() >= 1e7 || (step >= 1e6);
    let small = step < 1e-6;
    if big || small {
        let s = format!("{v:e}");
        return s;
    }
    let s = format!("{v:.*}", decimals_for(step));
    // "-0" and "-0.0" come from rounding tiny negatives; nobody wants them.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Ticks for `[lo, hi]`: at most `max_count` intervals, and if `room` is
/// given (cells along the axis), few enough that labels keep a gap of two
/// cells between them.
pub fn choose(lo: f64, hi: f64, max_count: usize, room: Option<usize>) -> (Vec<f64>, Vec<String>) {
    let mut count = max_count.max(1);
    loop {
        let step = nice_step(hi - lo, count);
        let ticks = multiples(lo, hi, step);
        let labels: Vec<String> = ticks.iter().map(|v| label(*v, step)).collect();
        let fits = match room {
            None => true,
            Some(room) => {
                let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                let slots = ticks.len().max(1);
                // Neighbouring labels are `room / (slots - 1)` cells apart.
                slots < 2 || (widest + 2) * (slots - 1) <= room
            }
        };
        if fits || count == 1 {
            return (ticks, labels);
        }
        count -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(10.0, 5, 2.0)]
    #[case(10.0, 10, 1.0)]
    #[case(120.0, 6, 20.0)]
    #[case(1.0, 5, 0.2)]
    #[case(6.0, 8, 1.0)]
    #[case(31.0, 5, 10.0)]
    #[case(0.003, 4, 0.001)]
    #[case(2500.0, 5, 500.0)]
    fn steps_are_one_two_five(#[case] span: f64, #[case] count: usize, #[case] want: f64) {
        let got = nice_step(span, count);
        assert!(
            (got - want).abs() < want * 1e-9,
            "span {span}: got {got}, want {want}"
        );
    }

    #[rstest]
    #[case(0.0, 2.0, 0.5, vec![0.0, 0.5, 1.0, 1.5, 2.0])]
    #[case(-1.0, 5.0, 2.0, vec![0.0, 2.0, 4.0])]
    #[case(-6.0, 126.0, 20.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0])]
    #[case(-0.35, 0.35, 0.1, vec![-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3])]
    fn multiples_inside_the_range(
        #[case] lo: f64,
        #[case] hi: f64,
        #[case] step: f64,
        #[case] want: Vec<f64>,
    ) {
        let got = multiples(lo, hi, step);
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    #[rstest]
    #[case(0.0, 1.0, "0")]
    #[case(0.5, 0.5, "0.5")]
    #[case(0.30000000000000004, 0.1, "0.3")]
    #[case(-20.0, 20.0, "-20")]
    #[case(-0.0000001, 0.1, "0.0")]
    #[case(0.002, 0.001, "0.002")]
    #[case(2e7, 1e7, "2e7")]
    fn labels_are_short(#[case] v: f64, #[case] step: f64, #[case] want: &str) {
        assert_eq!(label(v, step), want);
    }

    #[test]
    fn choose_thins_ticks_until_labels_fit() {
        // 0..1000 in steps of 100 needs 11 labels of up to 4 cells: too many
        // for 30 cells, so the step grows to 200 (6 labels, 6 cells apart).
        let (ticks, labels) = choose(0.0, 1000.0, 10, Some(30));
        assert_eq!(labels, vec!["0", "200", "400", "600", "800", "1000"]);
        assert_eq!(ticks.len(), 6);
        let (_, labels) = choose(0.0, 1000.0, 10, Some(11));
        assert_eq!(labels, vec!["0", "1000"]);
        let (_, labels) = choose(0.0, 1000.0, 10, Some(200));
        assert_eq!(labels.len(), 11);
    }

    #[test]
    fn degenerate_input_gives_no_ticks_rather_than_a_hang() {
        assert!(multiples(f64::NAN, 1.0, 0.1).is_empty());
        assert!(multiples(0.0, 1e300, 1e-300).is_empty());
        assert_eq!(nice_step(0.0, 5), 1.0);
        assert_eq!(nice_step(f64::INFINITY, 5), 1.0);
    }
}
