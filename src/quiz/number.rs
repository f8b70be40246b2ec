//! How close a number answer must be: the default (a whole number exactly,
//! any other within a relative 1e-6), or the author's `tolerance`,
//! `relative` or `sigfigs`. Documented in `docs/expressions.md`.

use crate::lesson::Question;

/// The default relative tolerance of a non-whole number answer.
const REL_TOL: f64 = 1e-6;

/// How a number answer is compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    /// A whole number exactly; any other within a relative 1e-6.
    Default,
    /// Within this distance.
    Absolute(f64),
    /// Within this fraction of the answer.
    Relative(f64),
    /// Written to this many significant figures, and equal to the answer
    /// rounded to them.
    SigFigs(u32),
}

impl Mode {
    pub fn of(question: &Question, tolerance: Option<f64>) -> Mode {
        match (tolerance, question.relative, question.sigfigs) {
            (Some(t), _, _) => Mode::Absolute(t.abs()),
            (_, Some(r), _) => Mode::Relative(r.abs()),
            (_, _, Some(n)) => Mode::SigFigs(n),
            _ => Mode::Default,
        }
    }
}

/// Whether `given` counts as `answer` (by value only: whether the input
/// was written to the asked significant figures is [`sig_figs`]' job).
///
/// A few units of rounding are always allowed, so `0.51` is within 0.01
/// of `0.5` and `ln(e^3)` is 3, but not a relative 1e-9: `1073741823` is
/// not `2^30`.
pub(crate) fn close(given: f64, answer: f64, mode: Mode) -> bool {
    if !given.is_finite() || !answer.is_finite() {
        return false;
    }
    let diff = (given - answer).abs();
    let size = given.abs().max(answer.abs());
    let slack = 4.0 * f64::EPSILON * size;
    match mode {
        Mode::Default if is_whole(answer) => diff <= slack.max(4.0 * f64::EPSILON),
        Mode::Default => diff <= REL_TOL * answer.abs() + slack,
        Mode::Absolute(t) => diff <= t + slack.max(4.0 * f64::EPSILON),
        Mode::Relative(r) => diff <= r * answer.abs() + slack,
        Mode::SigFigs(n) => round_sig(given, n) == round_sig(answer, n),
    }
}

fn is_whole(v: f64) -> bool {
    v.fract() == 0.0 && v.abs() < 2f64.powi(53)
}

/// `v` rounded to `n` significant figures, through its decimal form (so
/// 0.1235 to 3 figures is what a person gets, not a binary artefact).
pub(crate) fn round_sig(v: f64, n: u32) -> f64 {
    let digits = n.clamp(1, 17) as usize - 1;
    format!("{v:.digits$e}").parse().unwrap_or(f64::NAN)
}

/// How many significant figures a plain decimal number is written to:
/// the fewest and the most it can mean (`1200` is 2 to 4; `1200.` and
/// `0.0120` are exact). `None` when the input is not a plain decimal
/// (`1/3`, `sqrt(2)`): significant figures are a property of how a
/// number is written.
pub(crate) fn sig_figs(input: &str) -> Option<(usize, usize)> {
    let t = input.trim();
    let t = t.strip_prefix(['-', '+', '−']).map_or(t, str::trim_start);
    let mantissa = match t.find(['e', 'E']) {
        Some(i) => {
            let exp = &t[i + 1..];
            let exp = exp.strip_prefix(['-', '+', '−']).unwrap_or(exp);
            if exp.is_empty() || !exp.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            &t[..i]
        }
        None => t,
    };
    if mantissa.is_empty()
        || mantissa.chars().filter(|&c| c == '.').count() > 1
        || !mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        || !mantissa.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let has_point = mantissa.contains('.');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        // Zero: as many figures as the digits after the point, at least one.
        let after = mantissa.split('.').nth(1).map_or(0, str::len);
        return Some((after.max(1), after.max(1)));
    }
    let most = significant.len();
    if has_point {
        Some((most, most))
    } else {
        let fewest = significant.trim_end_matches('0').len();
        Some((fewest, most))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("0.333", Some((3, 3)))]
    #[case(".333", Some((3, 3)))]
    #[case("-0.00120", Some((3, 3)))]
    #[case("1200", Some((2, 4)))]
    #[case("1200.", Some((4, 4)))]
    #[case("3.33e-1", Some((3, 3)))]
    #[case("6.67E-11", Some((3, 3)))]
    #[case("0", Some((1, 1)))]
    #[case("0.00", Some((2, 2)))]
    #[case("1/3", None)]
    #[case("2e", None)]
    #[case("pi", None)]
    #[case("1.2.3", None)]
    #[case(".", None)]
    fn significant_figures_are_counted_as_written(
        #[case] input: &str,
        #[case] expected: Option<(usize, usize)>,
    ) {
        assert_eq!(sig_figs(input), expected, "{input}");
    }

    #[rstest]
    #[case(1.0 / 3.0, 3, 0.333)]
    #[case(2.0 / 3.0, 3, 0.667)]
    #[case(1234.5, 2, 1200.0)]
    #[case(6.674e-11, 2, 6.7e-11)]
    #[case(-0.0012345, 3, -0.00123)]
    fn rounding_to_significant_figures(#[case] v: f64, #[case] n: u32, #[case] r: f64) {
        assert_eq!(round_sig(v, n), r);
    }
}
