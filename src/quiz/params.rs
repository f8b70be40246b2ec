//! Question variants: a question's parameters, which values a learner gets,
//! and `{{expression}}` placeholders replaced by their values.
//!
//! Pure and deterministic: the same seed always draws the same values, on
//! every machine and every version (the hash and the generator are written
//! out here, not taken from `std`, whose hasher may change), so a learner
//! who comes back sees the numbers they left. Building a question for a
//! variant is the lesson loader's (`lesson/load/variants.rs`); this module
//! only knows numbers and text.

use std::fmt;

use super::sample::SplitMix;
use crate::expr::{self, Expr};

/// How many variants `check` judges one by one; a question with more is
/// judged on this many drawn from a seed of its id.
pub const CHECK_ALL_UP_TO: usize = 64;

/// The most values one parameter may take (a range is spelled out).
pub const MAX_VALUES: usize = 10_000;

/// One parameter of a question and every value it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    /// In the order written (`values`) or counted (`min`..`max`); never
    /// empty.
    pub values: Vec<f64>,
}

/// The values of one variant, one per parameter in order.
pub type Values = Vec<f64>;

/// A seed for drawing a variant: the learner, the lesson, the question and
/// the try number (0 for the first variant a learner sees).
pub fn seed(learner: &str, lesson: &str, question: &str, try_no: u32) -> u64 {
    // FNV-1a over the parts, each closed by a byte no UTF-8 text holds, so
    // ("ab", "c") and ("a", "bc") differ.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for part in [learner, lesson, question] {
        eat(part.as_bytes());
        eat(&[0xff]);
    }
    eat(&try_no.to_le_bytes());
    h
}

/// The variant drawn from `seed`: one value per parameter.
pub fn draw(params: &[Param], seed: u64) -> Values {
    let mut rng = SplitMix(seed);
    params
        .iter()
        .map(|p| {
            p.values
                .get(rng.below(p.values.len()))
                .copied()
                .unwrap_or(0.0)
        })
        .collect()
}

/// A new variant for try `try_no`: drawn from the seed of that try, and
/// drawn again (from the seeds that follow) while it repeats the previous
/// try's values, when the parameters allow another.
pub fn draw_try(
    params: &[Param],
    learner: &str,
    lesson: &str,
    question: &str,
    try_no: u32,
) -> Values {
    let values = draw(params, seed(learner, lesson, question, try_no));
    if try_no == 0 || count(params) < 2 {
        return values;
    }
    let previous = draw_try(params, learner, lesson, question, try_no - 1);
    let mut values = values;
    let mut salt = 0u64;
    while values == previous && salt < 64 {
        salt += 1;
        values = draw(
            params,
            seed(learner, lesson, question, try_no) ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
    }
    values
}

/// How many variants the parameters make (saturating).
pub fn count(params: &[Param]) -> usize {
    params
        .iter()
        .fold(1usize, |n, p| n.saturating_mul(p.values.len()))
}

/// The variants `check` judges: all of them when there are at most
/// [`CHECK_ALL_UP_TO`], else that many drawn from `seed`, always starting
/// with the first and last values of every parameter (where edge cases
/// such as a zero usually sit).
pub fn variants_to_check(params: &[Param], seed: u64) -> Vec<Values> {
    let n = count(params);
    if n <= CHECK_ALL_UP_TO {
        return (0..n).map(|i| nth(params, i)).collect();
    }
    let mut out: Vec<Values> = vec![
        params.iter().map(|p| p.values[0]).collect(),
        params
            .iter()
            .map(|p| p.values[p.values.len() - 1])
            .collect(),
    ];
    let mut rng = SplitMix(seed);
    while out.len() < CHECK_ALL_UP_TO {
        let v: Values = params
            .iter()
            .map(|p| p.values[rng.below(p.values.len())])
            .collect();
        out.push(v);
    }
    out
}

/// The `i`-th variant in counting order (the last parameter fastest).
fn nth(params: &[Param], mut i: usize) -> Values {
    let mut out = vec![0.0; params.len()];
    for (slot, p) in out.iter_mut().zip(params).rev() {
        let n = p.values.len().max(1);
        *slot = p.values.get(i % n).copied().unwrap_or(0.0);
        i /= n;
    }
    out
}

/// "a = 3, n = 2": a variant as `check` names it.
pub fn describe(params: &[Param], values: &[f64]) -> String {
    params
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{} = {}", p.name, format_value(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as it is put into text: whole numbers without a decimal point,
/// others to at most 6 significant digits, never in exponent form for the
/// sizes lessons use.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "undefined".to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (5 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// A `{{...}}` placeholder that cannot be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderError {
    /// Byte offset in the text where the placeholder (or the problem) is.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for PlaceholderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every `{{...}}` in `text`: the byte range of its inside, or an error for
/// one never closed.
pub fn placeholders(text: &str) -> Result<Vec<std::ops::Range<usize>>, PlaceholderError> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("{{") {
        let start = at + open + 2;
        let Some(close) = text[start..].find("}}") else {
            return Err(PlaceholderError {
                offset: at + open,
                message: "`{{` is never closed with `}}`".to_string(),
            });
        };
        // `{{ {{n}} }}` is not nesting; `x^{{{n}}}` closes at the first
        // `}}`, so a TeX group around a placeholder needs spaces: `x^{ {{n}} }`.
        out.push(start..start + close);
        at = start + close + 2;
    }
    Ok(out)
}

/// Parse the expression inside a placeholder against the parameter names.
pub fn placeholder_expr(inner: &str, names: &[&str]) -> Result<Expr, String> {
    expr::parse(inner.trim(), names).map_err(|e| {
        if e.message.contains("unknown") || e.message.contains("not a variable") {
            format!(
                "`{{{{{}}}}}` uses a name that is not a parameter of this question ({}): {}",
                inner.trim(),
                if names.is_empty() {
                    "it has none".to_string()
                } else {
                    names.join(", ")
                },
                e.message
            )
        } else {
            format!("`{{{{{}}}}}` cannot be read: {}", inner.trim(), e.message)
        }
    })
}

/// `text` with every `{{expression}}` replaced by its value for `values`
/// of the parameters named `names`.
pub fn substitute(text: &str, names: &[&str], values: &[f64]) -> Result<String, PlaceholderError> {
    let spots = placeholders(text)?;
    if spots.is_empty() {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in spots {
        let inner = &text[range.clone()];
        let at = range.start - 2;
        let e = placeholder_expr(inner, names).map_err(|message| PlaceholderError {
            offset: at,
            message,
        })?;
        let v = e.eval(values);
        if !v.is_finite() {
            return Err(PlaceholderError {
                offset: at,
                message: format!(
                    "`{{{{{}}}}}` is undefined (a division by zero?)",
                    inner.trim()
                ),
            });
        }
        out.push_str(&text[last..at]);
        out.push_str(&format_value(v));
        last = range.end + 2;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// Where a value put into `text` reads as a teacher would not write it: a
/// coefficient 1, −1 or 0 written before a letter or a bracket (`1y`,
/// `-1x`, `0(x + 1)`), or a negative value after a sign (`+ -3`). Returns
/// the placeholder as written and what it reads, for `check` to warn
/// about; `None` when every value reads well (or the text has none).
pub fn awkward(text: &str, names: &[&str], values: &[f64]) -> Option<(String, String)> {
    let spots = placeholders(text).ok()?;
    for range in spots {
        let inner = &text[range.clone()];
        let at = range.start - 2;
        let Ok(e) = placeholder_expr(inner, names) else {
            continue;
        };
        let shown = format_value(e.eval(values));
        let after = text[range.end + 2..].chars().next();
        let before = text[..at].trim_end_matches(' ');
        let coefficient = matches!(shown.as_str(), "1" | "-1" | "0")
            && after.is_some_and(|c| c.is_alphabetic() || c == '(' || c == '\\');
        let double_sign = shown.starts_with('-') && before.ends_with(['+', '-']);
        if coefficient || double_sign {
            let next = if coefficient {
                after.map_or(0, char::len_utf8)
            } else {
                0
            };
            let end = (range.end + 2 + next).min(text.len());
            let written = text[at..end].to_string();
            let reads = text[at..end].replacen(&text[at..range.end + 2], &shown, 1);
            let reads = if double_sign {
                format!("{} {reads}", &before[before.len() - 1..])
            } else {
                reads
            };
            return Some((written, reads));
        }
    }
    None
}

/// An expression written with the question's variables and its parameters
/// (an `answer`, a feedback answer), with the parameters' values put in:
/// the text the plain question would have had. `vars` come first.
pub fn bind_expression(
    text: &str,
    vars: &[&str],
    params: &[&str],
    values: &[f64],
) -> Result<String, expr::ParseError> {
    let mut names: Vec<&str> = vars.to_vec();
    names.extend_from_slice(params);
    // Any function reads here: whether this question's answers may use a
    // chart-only one is the loader's check, on the bound text.
    let e = expr::parse(text, &names)?;
    Ok(e.bind(vars.len(), values).pretty())
}

#[cfg(test)]
mod tests;
