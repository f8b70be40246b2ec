//! Questions with parameters (`[[....question.param]]`): reading the
//! parameters, and building the question of one variant.
//!
//! A variant is built by putting the parameters' values into a copy of the
//! question's own TOML table (`{{...}}` in its strings, the names in
//! `answer`, feedback answers and `domain`) and reading that copy as an
//! ordinary question. So a variant is checked and built by exactly the code
//! every question goes through: `check` does it for every variant (or a
//! seeded sample of [`params::CHECK_ALL_UP_TO`]) and names a failing one
//! with its values; at run time [`instantiate`] builds the variant a learner
//! is to see from the question's table as read, kept with the question (a
//! [`Source`]), so the lesson's text is not read again: building a variant
//! costs the one question, however long the lesson.
//!
//! Drawing values and filling in placeholders is [`crate::quiz::params`].

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::super::raw::{Node, Sink, Table};
use super::super::{Pos, Question, Variant};
use super::{Severity, Validator, is_var_name};
use crate::quiz::params::{self, Param};

/// Where a question with parameters is written, and its table as read:
/// enough to build another variant without the lesson's text.
pub struct Source {
    /// The question's table, its `param` tables left out.
    table: KeptTable,
    file: Arc<str>,
    /// The question table's span in the lesson's text.
    span: Range<usize>,
    /// Where the question is written (every variant is there).
    pos: Pos,
}

/// Only where the question is: the table would fill any debug print.
impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("span", &self.span).finish()
    }
}

/// A TOML table owned, every key and value with the span it was read at:
/// toml's own tree borrows the lesson's text, which is not kept.
type KeptTable = Vec<(Range<usize>, String, Range<usize>, Kept)>;

/// A TOML value of a [`KeptTable`].
enum Kept {
    String(String),
    /// An integer or a float, as TOML text (read again when the table is).
    Number(String),
    Boolean(bool),
    Datetime(toml::value::Datetime),
    Array(Vec<(Range<usize>, Kept)>),
    Table(KeptTable),
}

fn keep_table(map: &DeTable<'_>, skip: &[&str]) -> KeptTable {
    map.iter()
        .filter(|(k, _)| !skip.contains(&k.get_ref().as_ref()))
        .map(|(k, v)| {
            (
                k.span(),
                k.get_ref().to_string(),
                v.span(),
                keep(v.get_ref()),
            )
        })
        .collect()
}

fn keep(value: &DeValue<'_>) -> Kept {
    match value {
        DeValue::String(s) => Kept::String(s.to_string()),
        DeValue::Integer(i) => Kept::Number(i.to_string()),
        DeValue::Float(f) => Kept::Number(f.as_str().to_string()),
        DeValue::Boolean(b) => Kept::Boolean(*b),
        DeValue::Datetime(d) => Kept::Datetime(*d),
        DeValue::Array(items) => Kept::Array(
            items
                .iter()
                .map(|i| (i.span(), keep(i.get_ref())))
                .collect(),
        ),
        DeValue::Table(t) => Kept::Table(keep_table(t, &[])),
    }
}

/// toml's tree of a kept table, borrowing from it, as the validator reads.
fn view(table: &KeptTable) -> DeTable<'_> {
    let mut map = DeTable::new();
    for (key_span, key, span, value) in table {
        map.insert(
            Spanned::new(key_span.clone(), Cow::Borrowed(key.as_str())),
            Spanned::new(span.clone(), view_value(value)),
        );
    }
    map
}

fn view_value(value: &Kept) -> DeValue<'_> {
    match value {
        Kept::String(s) => DeValue::String(Cow::Borrowed(s)),
        // Written by toml from a number it read, so it reads back; were it
        // not to, the string fails the question's type checks and the
        // variant is not built (the learner keeps the written one).
        Kept::Number(text) => {
            DeValue::parse(text).map_or(DeValue::String(Cow::Borrowed(text)), |n| n.into_inner())
        }
        Kept::Boolean(b) => DeValue::Boolean(*b),
        Kept::Datetime(d) => DeValue::Datetime(*d),
        Kept::Array(items) => {
            let mut array = DeArray::new();
            for (span, item) in items {
                array.push(Spanned::new(span.clone(), view_value(item)));
            }
            DeValue::Array(array)
        }
        Kept::Table(t) => DeValue::Table(view(t)),
    }
}

/// The keys whose strings are Markdown or samples: `{{...}}` is filled in.
const TEXT_KEYS: &[&str] = &["prompt", "hints", "explain", "choices", "right", "wrong"];

/// A question with parameters: check every variant to be judged, keep the
/// first (the variant shown when no learner is known) with what is needed
/// to build others.
pub(super) fn question(v: &mut Validator<'_, '_>, table: &Table<'_, '_>) -> Option<Question> {
    let params = read_params(v, table)?;
    let ty = table.get("type").and_then(|n| n.get_ref().as_str());
    let vars = vars(table, ty);
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let mut ok = clashes(v, table, &vars, &params);
    ok &= check_placeholders(v, table, ty, &names);
    if !ok {
        return None;
    }
    let id = table
        .get("id")
        .and_then(|n| n.get_ref().as_str())
        .unwrap_or_default()
        .to_string();
    let first = params::draw(&params, params::seed("", "", &id, 0));
    let mut variants = vec![first.clone()];
    if v.judge && v.judge_variants {
        variants.extend(
            params::variants_to_check(&params, params::seed("check", "", &id, 0))
                .into_iter()
                .filter(|x| *x != first),
        );
    }
    let refs = v.footnote_refs.len();
    let mut shown = None;
    if v.judge {
        warn_awkward(v, table, &names, &params, &variants);
    }
    for (i, values) in variants.iter().enumerate() {
        let before = v.sink.diags.len();
        v.question_ids.remove(&id);
        let built = build(v, table, ty, &vars, &params, values);
        let found = v.sink.diags.split_off(before);
        if i > 0 {
            // The first variant has reported its footnote references and
            // its warnings; the others would only repeat them.
            v.footnote_refs.truncate(refs);
        }
        let failed = built.is_none() || found.iter().any(|d| d.severity == Severity::Error);
        if failed {
            let which = params::describe(&params, values);
            for mut d in found {
                if d.severity == Severity::Error {
                    d.message = format!("{} (in the variant {which})", d.message);
                    v.sink.diags.push(d);
                }
            }
            if built.is_none() && v.sink.diags.len() == before {
                v.sink.error(
                    table.span.start,
                    format!("the variant {which} cannot be built"),
                );
            }
            return None;
        }
        if i == 0 {
            v.sink.diags.extend(found);
            shown = built;
        }
    }
    let source = Arc::new(Source {
        table: keep_table(table.map, &["param"]),
        file: Arc::from(v.sink.file),
        span: table.span.clone(),
        pos: v.sink.lines.pos(table.span.start),
    });
    let mut question = shown?;
    question.variant = Some(Variant {
        params: Arc::from(params),
        values: first,
        source,
    });
    Some(question)
}

/// Warn (once a question) where a variant puts a value into the text as
/// a teacher would not write it (`1y`, `+ -3`; see [`params::awkward`]).
fn warn_awkward(
    v: &mut Validator<'_, '_>,
    table: &Table<'_, '_>,
    names: &[&str],
    params: &[Param],
    variants: &[params::Values],
) {
    let mut texts: Vec<&Node<'_>> = Vec::new();
    for key in ["prompt", "hints", "explain", "choices"] {
        if let Some(node) = table.get(key) {
            match node.get_ref() {
                DeValue::Array(items) => texts.extend(items.iter()),
                _ => texts.push(node),
            }
        }
    }
    if let Some(DeValue::Array(feedback)) = table.get("feedback").map(|n| n.get_ref()) {
        for item in feedback.iter() {
            if let DeValue::Table(t) = item.get_ref()
                && let Some(say) = t.get("say")
            {
                texts.push(say);
            }
        }
    }
    for values in variants {
        for node in &texts {
            let DeValue::String(text) = node.get_ref() else {
                continue;
            };
            if let Some((written, reads)) = params::awkward(text, names, values) {
                let which = params::describe(params, values);
                let pos = v.sink.lines.pos(node.span().start);
                v.sink.warn_at(
                    pos,
                    format!(
                        "in the variant {which}, `{written}` reads `{reads}`, which a teacher would not write: leave that value out of the parameter, or write the term another way"
                    ),
                );
                return;
            }
        }
    }
}

/// The question of the variant `values`, built again from the question's
/// kept table (a learner's variant, another try); `None` if it cannot be,
/// which `check` rules out for the values it tried.
pub(crate) fn instantiate(variant: &Variant, values: &[f64]) -> Option<Question> {
    let source = &variant.source;
    let map = view(&source.table);
    // No text to point into: a variant that `check` did not try and that
    // fails is not shown (the caller keeps the one it has), so its
    // messages are not read.
    let mut sink = Sink::new("", &source.file);
    let mut v = Validator::new(&mut sink);
    v.judge = false;
    let table = Table::new(&map, source.span.clone(), "question");
    let ty = table.get("type").and_then(|n| n.get_ref().as_str());
    let vars = vars(&table, ty);
    let mut question = build(&mut v, &table, ty, &vars, &variant.params, values)?;
    if sink.diags.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    question.pos = source.pos;
    question.variant = Some(Variant {
        params: variant.params.clone(),
        values: values.to_vec(),
        source: variant.source.clone(),
    });
    Some(question)
}

/// Read the copy of the question with `values` put in as an ordinary
/// question.
fn build(
    v: &mut Validator<'_, '_>,
    table: &Table<'_, '_>,
    ty: Option<&str>,
    vars: &[String],
    params: &[Param],
    values: &[f64],
) -> Option<Question> {
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
    // The bound domain is read as TOML, so it must outlive the copy.
    let domain = match bound_domain(table, &names, values) {
        Ok(d) => d,
        Err((offset, message)) => {
            v.sink.error(offset, message);
            return None;
        }
    };
    let copy = match bound_table(table.map, ty, &vars, &names, values, domain.as_deref()) {
        Ok(copy) => copy,
        Err((offset, message)) => {
            v.sink.error(offset, message);
            return None;
        }
    };
    v.question(&Table::new(&copy, table.span.clone(), table.what.clone()))
}

type Problem = (usize, String);

/// The question's table with `values` put in, without its `param` tables.
fn bound_table<'c>(
    map: &DeTable<'c>,
    ty: Option<&str>,
    vars: &[&str],
    names: &[&str],
    values: &[f64],
    domain: Option<&'c str>,
) -> Result<DeTable<'c>, Problem> {
    let mut copy = map.clone();
    copy.remove("param");
    let fill = |node: &mut Node<'c>| -> Result<(), Problem> { fill_strings(node, names, values) };
    for key in TEXT_KEYS {
        if let Some(node) = copy.get_mut(*key) {
            fill(node)?;
        }
    }
    // Expression and number answers name the parameters; choice and text
    // answers are texts, with placeholders.
    let by_name = matches!(ty, Some("expression" | "number" | "vector"));
    let bind = |node: &mut Node<'c>, vars: &[&str]| -> Result<(), Problem> {
        if by_name {
            bind_string(node, vars, names, values)
        } else {
            fill(node)
        }
    };
    if let Some(node) = copy.get_mut("answer") {
        bind(node, vars)?;
    }
    if let Some(node) = copy.get_mut("feedback")
        && let DeValue::Array(items) = node.get_mut()
    {
        for item in items.iter_mut() {
            if let DeValue::Table(t) = item.get_mut() {
                // A vector's whole-answer feedback is a vector text: each
                // of its components is bound (one component's is bound
                // as an expression).
                let whole_vector = ty == Some("vector") && !t.contains_key("component");
                if let Some(a) = t.get_mut("answer") {
                    if whole_vector {
                        bind_vector(a, vars, names, values)?;
                    } else {
                        bind(a, vars)?;
                    }
                }
                if let Some(say) = t.get_mut("say") {
                    fill(say)?;
                }
            }
        }
    }
    if let (Some(text), Some(node)) = (domain, copy.get_mut("domain")) {
        let span = node.span();
        if let Ok(parsed) = DeValue::parse(text) {
            *node = Spanned::new(span, parsed.into_inner());
        }
    }
    Ok(copy)
}

/// Fill in the placeholders of every string in `node` (lists too).
fn fill_strings(node: &mut Node<'_>, names: &[&str], values: &[f64]) -> Result<(), Problem> {
    let span = node.span();
    match node.get_mut() {
        DeValue::String(s) => {
            let filled = params::substitute(s, names, values)
                .map_err(|e| (span.start, e.message.clone()))?;
            *s = Cow::Owned(filled);
        }
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                fill_strings(item, names, values)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// An expression string naming the parameters, with their values put in.
fn bind_string(
    node: &mut Node<'_>,
    vars: &[&str],
    names: &[&str],
    values: &[f64],
) -> Result<(), Problem> {
    let span = node.span();
    match node.get_mut() {
        DeValue::String(s) => {
            // A number question's answer names no variable; any other name
            // is left for the ordinary reading to report.
            match params::bind_expression(s, vars, names, values) {
                Ok(bound) => *s = Cow::Owned(bound),
                Err(e) => {
                    return Err((span.start, format!("\"{s}\" cannot be read: {}", e.message)));
                }
            }
        }
        // A vector's components, each an expression.
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                bind_string(item, vars, names, values)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A vector written as text, `(2*a*y, 2x)`, with the parameters' values
/// put into each component.
fn bind_vector(
    node: &mut Node<'_>,
    vars: &[&str],
    names: &[&str],
    values: &[f64],
) -> Result<(), Problem> {
    let span = node.span();
    if let DeValue::String(s) = node.get_mut() {
        let mut parts = Vec::new();
        for (_, part) in crate::quiz::vector::components(s) {
            match params::bind_expression(part, vars, names, values) {
                Ok(bound) => parts.push(bound),
                Err(e) => {
                    return Err((span.start, format!("\"{s}\" cannot be read: {}", e.message)));
                }
            }
        }
        *s = Cow::Owned(format!("({})", parts.join(", ")));
    }
    Ok(())
}

/// `domain = ["-a", "a"]` with the values put in, as TOML text to read
/// back; `None` when the domain names no parameter.
fn bound_domain(
    table: &Table<'_, '_>,
    names: &[&str],
    values: &[f64],
) -> Result<Option<String>, Problem> {
    let Some(node) = table.get("domain") else {
        return Ok(None);
    };
    let DeValue::Array(items) = node.get_ref() else {
        return Ok(None);
    };
    if !items.iter().any(|i| i.get_ref().is_str()) {
        return Ok(None);
    }
    let mut ends = Vec::new();
    for item in items.iter() {
        let v = match item.get_ref() {
            DeValue::String(s) => {
                let e = crate::expr::parse(s, names).map_err(|e| {
                    (
                        item.span().start,
                        format!("`domain` end \"{s}\": {}", e.message),
                    )
                })?;
                e.eval(values)
            }
            other => super::raw::number(other).unwrap_or(f64::NAN),
        };
        if !v.is_finite() {
            return Err((item.span().start, "`domain` end is undefined".to_string()));
        }
        ends.push(format!("{v:?}"));
    }
    Ok(Some(format!("[{}]", ends.join(", "))))
}

/// The question's variables (expression questions; `x` unless `vars`).
fn vars(table: &Table<'_, '_>, ty: Option<&str>) -> Vec<String> {
    if !matches!(ty, Some("expression" | "vector")) {
        return Vec::new();
    }
    match table.get("vars").map(|n| n.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|i| i.get_ref().as_str().map(str::to_string))
            .collect(),
        _ => vec!["x".to_string()],
    }
}

/// The `param` tables, checked; `None` when any is wrong.
fn read_params(v: &mut Validator<'_, '_>, table: &Table<'_, '_>) -> Option<Vec<Param>> {
    let mut out: Vec<Param> = Vec::new();
    let mut ok = true;
    for (map, span) in v.sink.tables(table, "param") {
        let t = Table::new(map, span.clone(), "param");
        v.sink.check_keys(
            &t,
            super::PARAM_KEYS,
            Some(("question", super::QUESTION_KEYS)),
        );
        let Some(name) = v.sink.str_req(&t, "name") else {
            ok = false;
            continue;
        };
        if !is_var_name(&name.value) {
            v.sink.error(
                name.span.start,
                format!(
                    "\"{}\" is not a parameter name: use letters (and digits after them)",
                    name.value
                ),
            );
            ok = false;
            continue;
        }
        if out.iter().any(|p| p.name == name.value) {
            v.sink.error(
                name.span.start,
                format!("parameter \"{}\" is defined twice", name.value),
            );
            ok = false;
            continue;
        }
        match param_values(v, &t, &name.value) {
            Some(values) => out.push(Param {
                name: name.value,
                values,
            }),
            None => ok = false,
        }
    }
    (ok && !out.is_empty()).then_some(out)
}

/// The values of one parameter: `values`, or `min`..`max` by `step`
/// without `exclude`.
fn param_values(v: &mut Validator<'_, '_>, t: &Table<'_, '_>, name: &str) -> Option<Vec<f64>> {
    let numbers = |v: &mut Validator<'_, '_>, key: &str| -> Option<Vec<f64>> {
        let element = format!("each item of `{key}`");
        v.sink.list_opt(t, key, |sink, n| sink.as_num(&element, n))
    };
    let listed = numbers(v, "values");
    let min = v.sink.int_opt(t, "min");
    let max = v.sink.int_opt(t, "max");
    let step = v.sink.int_opt(t, "step");
    let exclude = numbers(v, "exclude").unwrap_or_default();
    let at = t.span.start;
    let values = match (listed, min, max) {
        (Some(values), None, None) => {
            if let Some((key, _)) = [("step", &step)].iter().find(|(_, s)| s.is_some()) {
                v.sink.error(
                    at,
                    format!(
                        "parameter \"{name}\": `{key}` goes with `min` and `max`, not `values`"
                    ),
                );
                return None;
            }
            values
        }
        (None, Some((lo, lo_span)), Some((hi, _))) => {
            let step = step.map_or(1, |(s, _)| s);
            if step < 1 {
                v.sink.error(
                    at,
                    format!("parameter \"{name}\": `step` must be 1 or more"),
                );
                return None;
            }
            if lo > hi {
                v.sink.error(
                    lo_span.start,
                    format!("parameter \"{name}\": `min` {lo} is more than `max` {hi}"),
                );
                return None;
            }
            let n = (hi - lo) / step + 1;
            if n > params::MAX_VALUES as i64 {
                v.sink.error(
                    lo_span.start,
                    format!(
                        "parameter \"{name}\" would take {n} values; at most {} are allowed",
                        params::MAX_VALUES
                    ),
                );
                return None;
            }
            (0..n).map(|i| (lo + i * step) as f64).collect()
        }
        (Some(_), _, _) => {
            v.sink.error(
                at,
                format!("parameter \"{name}\": give either `values` or `min` and `max`, not both"),
            );
            return None;
        }
        _ => {
            v.sink.error(
                at,
                format!(
                    "parameter \"{name}\" needs `values = [...]`, or whole numbers `min` and `max`"
                ),
            );
            return None;
        }
    };
    for x in &exclude {
        if !values.contains(x) {
            let span = t.get("exclude").map_or(at, |n| n.span().start);
            v.sink.error(
                span,
                format!("parameter \"{name}\": `exclude` names {x}, which it never takes"),
            );
            return None;
        }
    }
    let kept: Vec<f64> = values
        .into_iter()
        .filter(|x| !exclude.contains(x))
        .collect();
    if kept.is_empty() {
        v.sink.error(
            at,
            format!("parameter \"{name}\" has no value left to take"),
        );
        return None;
    }
    Some(kept)
}

/// A parameter named like one of the question's variables.
fn clashes(
    v: &mut Validator<'_, '_>,
    table: &Table<'_, '_>,
    vars: &[String],
    params: &[Param],
) -> bool {
    let mut ok = true;
    for p in params {
        if vars.contains(&p.name) {
            v.sink.error(
                table.span.start,
                format!(
                    "parameter \"{}\" has the name of a variable of the answer; rename one",
                    p.name
                ),
            );
            ok = false;
        }
    }
    ok
}

/// Every `{{...}}` of the question's texts reads against the parameters;
/// each error is reported where the placeholder is.
fn check_placeholders(
    v: &mut Validator<'_, '_>,
    table: &Table<'_, '_>,
    ty: Option<&str>,
    names: &[&str],
) -> bool {
    let mut nodes: Vec<&Node<'_>> = TEXT_KEYS.iter().filter_map(|k| table.get(k)).collect();
    if !matches!(ty, Some("expression" | "number" | "vector"))
        && let Some(a) = table.get("answer")
    {
        nodes.push(a);
    }
    if let Some(DeValue::Array(items)) = table.get("feedback").map(|n| n.get_ref()) {
        for item in items.iter() {
            if let DeValue::Table(t) = item.get_ref() {
                nodes.extend(t.get("say"));
                if !matches!(ty, Some("expression" | "number" | "vector")) {
                    nodes.extend(t.get("answer"));
                }
            }
        }
    }
    let mut ok = true;
    for node in nodes {
        ok &= check_node(v, node, names);
    }
    ok
}

fn check_node(v: &mut Validator<'_, '_>, node: &Node<'_>, names: &[&str]) -> bool {
    match node.get_ref() {
        DeValue::String(s) => {
            let span = node.span();
            let fail = |v: &mut Validator<'_, '_>, offset: usize, message: String| {
                let chars = s[..offset.min(s.len())].chars().count();
                let pos = v.sink.lines.pos_in_string(&span, s, chars);
                v.sink.error_at(pos, message);
                false
            };
            match params::placeholders(s) {
                Err(e) => fail(v, e.offset, e.message),
                Ok(spots) => {
                    let mut ok = true;
                    for range in spots {
                        if let Err(message) = params::placeholder_expr(&s[range.clone()], names) {
                            ok &= fail(v, range.start - 2, message);
                        }
                    }
                    ok
                }
            }
        }
        DeValue::Array(items) => {
            let mut ok = true;
            for item in items.iter() {
                ok &= check_node(v, item, names);
            }
            ok
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::lesson::load::load_str;
    use crate::lesson::{Answer, Question};
    use crate::quiz::{self, Response, Verdict};

    /// A vector question with a parameter: its whole-vector feedback names
    /// the parameter in each component, and each variant binds them all.
    #[test]
    fn vector_answers_and_feedback_are_bound_per_component() {
        let src = include_str!("../../../tests/lessons/motion/motion.toml");
        let loaded = load_str(src, "motion.toml").expect("the fixture loads");
        let q = loaded
            .lesson
            .questions()
            .find(|q| q.id == "grad-bowl")
            .expect("the vector question");
        let variant = q.variant.as_ref().expect("it has parameters");
        for a in [3.0, 4.0, 5.0] {
            let v = super::instantiate(variant, &[a]).expect("a variant");
            let right = format!("(2x, {}y)", 2.0 * a);
            assert_eq!(quiz::check(&v, Response::Text(&right)), Verdict::Right);
            let swapped = format!("({}y, 2x)", 2.0 * a);
            match quiz::check(&v, Response::Text(&swapped)) {
                Verdict::Wrong { feedback: Some(f) } => {
                    assert!(f.ends_with("x first."), "{f}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    fn lesson_questions() -> Vec<Question> {
        let src = include_str!("../../../tests/lessons/valid/params.toml");
        let loaded = load_str(src, "params.toml").expect("the fixture loads");
        loaded.lesson.questions().cloned().collect()
    }

    fn judge(q: &Question, input: &str) -> Verdict {
        quiz::check(q, Response::Text(input))
    }

    #[test]
    fn each_variant_is_judged_with_its_own_numbers() {
        let qs = lesson_questions();
        let power = &qs[0];
        let three_cubed = power.with_values(&[3.0, 3.0]).expect("a = 3, n = 3");
        assert_eq!(three_cubed.prompt, "Differentiate $3x^{ 3 }$.");
        assert_eq!(three_cubed.hints, ["Bring down 3."]);
        assert_eq!(judge(&three_cubed, "9x^2"), Verdict::Right);
        assert_eq!(
            judge(&three_cubed, "3x^2"),
            Verdict::Wrong {
                feedback: Some("Multiply by 3 too.".into())
            }
        );
        let seven = power.with_values(&[7.0, 5.0]).expect("a = 7, n = 5");
        assert_eq!(judge(&seven, "35x^4"), Verdict::Right);
        assert_ne!(judge(&seven, "9x^2"), Verdict::Right);
        let Answer::Expression { text, .. } = &seven.answer else {
            panic!("an expression question");
        };
        assert_eq!(text, "35·x⁴");
    }

    #[test]
    fn number_answers_are_worked_out_per_variant() {
        let qs = lesson_questions();
        let q = qs[1].with_values(&[3.0, -2.0]).expect("a = 3, b = -2");
        assert_eq!(q.prompt, "What is 3 / -2?");
        assert_eq!(judge(&q, "-1.5"), Verdict::Right);
        // A value the parameter never takes is refused.
        assert!(qs[1].with_values(&[3.0]).is_none());
    }

    #[test]
    fn choices_are_built_from_parameters() {
        let qs = lesson_questions();
        let q = qs[2].with_values(&[5.0]).expect("n = 5");
        let Answer::Choice {
            choices, correct, ..
        } = &q.answer
        else {
            panic!("a choice question");
        };
        assert_eq!(choices, &["$5x^{ 4 }$", "$x^{ 4 }$", "$5x^{ 5 }$"]);
        assert_eq!(correct, &[0]);
        assert_eq!(quiz::check(&q, Response::Choices(&[0])), Verdict::Right);
    }

    #[test]
    fn learners_get_their_own_variant_and_keep_it() {
        let qs = lesson_questions();
        let power = &qs[0];
        let seen = |learner: &str, try_no| {
            power
                .variant_for(learner, "params", try_no)
                .variant
                .map(|v| v.values)
        };
        assert_eq!(seen("alice", 0), seen("alice", 0));
        assert_ne!(seen("alice", 0), seen("alice", 1));
        let learners: std::collections::HashSet<String> = (0..10)
            .filter_map(|i| seen(&format!("learner {i}"), 0))
            .map(|v| format!("{v:?}"))
            .collect();
        assert!(learners.len() >= 4, "{learners:?}");
    }
}
