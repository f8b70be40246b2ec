//! `quiz` blocks and their questions: types, forms, answers, hints and
//! feedback. The author's samples are judged in `samples`.

use toml::de::DeValue;

use super::super::raw::{self, Str, Table, list_values};
use super::super::{Answer, Feedback, Form, Question, Quiz};
use super::{
    FEEDBACK_KEYS, FORMS, IdKind, QUESTION_KEYS, QUESTION_TYPES, QUIZ_KEYS, TYPED_KEYS, Validator,
    did_you_mean, is_var_name,
};
use crate::expr;

impl Validator<'_, '_> {
    pub(super) fn quiz(&mut self, table: &Table<'_, '_>, path: &[&str]) -> Option<Quiz> {
        let title = self.sink.str_opt(table, "title").map(|s| s.value);
        let tables = self.sink.tables(table, "question");
        if tables.is_empty() && !table.has("question") {
            let header = path.join(".");
            self.sink.error(
                table.span.start,
                format!("a `quiz` block needs at least one question: add a [[{header}.question]]"),
            );
        }
        let mut questions = Vec::new();
        let mut ok = true;
        for (map, span) in tables {
            let what = match map.get("id").and_then(|n| n.get_ref().as_str()) {
                Some(id) => format!("question \"{id}\""),
                None => "a question".to_string(),
            };
            match self.question(&Table::new(map, span, what)) {
                Some(q) => questions.push(q),
                None => ok = false,
            }
        }
        ok.then_some(Quiz { title, questions })
    }

    pub(super) fn question(&mut self, table: &Table<'_, '_>) -> Option<Question> {
        if table.has("param") {
            return super::variants::question(self, table);
        }
        self.sink
            .check_keys(table, QUESTION_KEYS, Some(("quiz block", QUIZ_KEYS)));
        let pos = self.sink.lines.pos(table.span.start);
        let id = self.id(table, "question");
        if let Some(id) = &id {
            self.unique_id(id, table, IdKind::Question);
        }
        let prompt = self.sink.str_req(table, "prompt");
        if let Some(p) = &prompt {
            self.markdown(p);
        }
        let hints = self.sink.str_list_opt(table, "hints").unwrap_or_default();
        for h in &hints {
            self.markdown(h);
        }
        let explain = self.sink.str_opt(table, "explain");
        if let Some(e) = &explain {
            self.markdown(e);
        }
        let ty = self.question_type(table);
        let answer = ty.and_then(|ty| {
            self.typed_keys(table, ty);
            self.answer(table, ty)
        });
        let form = self.form(table, ty);
        let (relative, sigfigs) = self.number_modes(table);
        let up_to_constant = self.sink.bool_opt(table, "up_to_constant").unwrap_or(false);
        let feedback = self.feedback(table, answer.as_ref());
        let right = self.samples(table, "right", answer.as_ref());
        let wrong = self.samples(table, "wrong", answer.as_ref());
        let question = Question {
            id: id?,
            pos,
            prompt: prompt?.value,
            answer: answer?,
            hints: hints.into_iter().map(|h| h.value).collect(),
            explain: explain.map(|e| e.value),
            feedback,
            right: right.iter().map(|s| s.text.clone()).collect(),
            wrong: wrong.iter().map(|s| s.text.clone()).collect(),
            form,
            relative,
            sigfigs,
            up_to_constant,
            variant: None,
        };
        if self.judge {
            self.self_check(&question, table);
            for (list, want_right) in [(&right, true), (&wrong, false)] {
                for sample in list.iter() {
                    self.run_sample(&question, sample, want_right);
                }
            }
        }
        Some(question)
    }

    pub(super) fn question_type(&mut self, table: &Table<'_, '_>) -> Option<&'static str> {
        let s = self.sink.str_req(table, "type")?;
        match QUESTION_TYPES.iter().find(|t| **t == s.value) {
            Some(t) => Some(t),
            None => {
                self.bad_name("question type", &s.value, &s, QUESTION_TYPES);
                None
            }
        }
    }

    /// The `form` an answer must be written in: a known name, on the type
    /// that takes it (`"value"` on number questions, the others on
    /// expression questions).
    pub(super) fn form(&mut self, table: &Table<'_, '_>, ty: Option<&str>) -> Option<Form> {
        let s = self.sink.str_opt(table, "form")?;
        let Some(form) = Form::from_name(&s.value) else {
            self.bad_name("form", &s.value, &s, FORMS);
            return None;
        };
        let ty = ty?;
        let wanted = form.question_type();
        if ty == wanted {
            return Some(form);
        }
        let fits: Vec<&str> = Form::ALL
            .iter()
            .filter(|(_, f)| f.question_type() == ty)
            .map(|(n, _)| *n)
            .collect();
        let instead = if fits.is_empty() {
            "it applies only to number and expression questions".to_string()
        } else {
            format!("use {}", list_values(&fits))
        };
        self.sink.error(
            s.span.start,
            format!(
                "`form = \"{}\"` applies only to `type = \"{wanted}\"` questions; \
                 this one is `type = \"{ty}\"`: {instead}",
                s.value
            ),
        );
        None
    }

    /// Keys that only some types take (`choices` on a number question).
    pub(super) fn typed_keys(&mut self, table: &Table<'_, '_>, ty: &str) {
        for (i, (key, _)) in TYPED_KEYS.iter().enumerate() {
            // Each key once, at its first pair.
            if TYPED_KEYS[..i].iter().any(|(k, _)| k == key) {
                continue;
            }
            let owners: Vec<&str> = TYPED_KEYS
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, o)| *o)
                .collect();
            if !owners.contains(&ty)
                && let Some(node) = table.get(key)
            {
                let owners: Vec<String> = owners.iter().map(|o| format!("\"{o}\"")).collect();
                self.sink.error(
                    node.span().start,
                    format!(
                        "`{key}` applies only to `type = {}` questions; this one is `type = \"{ty}\"`",
                        owners.join(" or ")
                    ),
                );
            }
        }
    }

    /// `functions = [...]`: the chart-only functions an expression
    /// question's answers may use. A name that is no function, or one
    /// answers may always use, is reported where it is written.
    fn functions(&mut self, table: &Table<'_, '_>) -> expr::FuncSet {
        let Some(names) = self.sink.str_list_opt(table, "functions") else {
            return expr::FuncSet::default();
        };
        let mut kept = Vec::new();
        for name in &names {
            match expr::FuncSet::from_names([name.value.as_str()]) {
                Ok(_) => kept.push(name.value.as_str()),
                Err((_, true)) => self.sink.warn_at(
                    self.sink.lines.pos(name.span.start),
                    format!(
                        "`{}` is always allowed in answers; `functions` lists only the chart-only ones ({})",
                        name.value,
                        expr::chart_only_names().join(", ")
                    ),
                ),
                Err((_, false)) => {
                    let allowed = expr::chart_only_names();
                    let mut msg = format!("unknown function \"{}\" in `functions`", name.value);
                    match did_you_mean(&name.value, &allowed) {
                        Some(near) => msg.push_str(&format!(", did you mean \"{near}\"?")),
                        None => msg.push_str(&format!("; it lists {}", allowed.join(", "))),
                    }
                    self.sink.error(name.span.start, msg);
                }
            }
        }
        expr::FuncSet::from_names(kept).unwrap_or_default()
    }

    pub(super) fn answer(&mut self, table: &Table<'_, '_>, ty: &str) -> Option<Answer> {
        if !table.has("answer") {
            self.sink.error(
                table.span.start,
                format!("missing required key `answer` in {}", table.what),
            );
            return None;
        }
        let node = table.get("answer")?;
        match ty {
            "number" => self.number_answer(table, node),
            "expression" => {
                let (vars, vars_ok) = self.vars(table);
                let domain = self.range(table, "domain");
                let text = self.sink.as_str("answer", node)?;
                if !vars_ok {
                    // Reading the answer against broken `vars` would only
                    // echo their error as "not a variable".
                    return None;
                }
                let functions = self.functions(table);
                let names: Vec<&str> = vars.iter().map(String::as_str).collect();
                let expr = self.parsed(
                    &text,
                    expr::parse_answer_with(&text.value, &names, functions),
                    "answer",
                )?;
                Some(Answer::Expression {
                    text: text.value,
                    expr,
                    vars,
                    domain,
                    functions,
                })
            }
            "choice" => self.choice_answer(table, node),
            "vector" => self.vector_answer(table, node),
            _ => {
                let accepted = self.one_or_many("answer", node)?;
                if accepted.is_empty() {
                    self.sink
                        .error(node.span().start, "`answer` is empty: give at least one");
                    return None;
                }
                Some(Answer::Text {
                    accepted: accepted.into_iter().map(|s| s.value).collect(),
                })
            }
        }
    }

    pub(super) fn number_answer(
        &mut self,
        table: &Table<'_, '_>,
        node: &raw::Node<'_>,
    ) -> Option<Answer> {
        let tolerance = self.sink.num_opt(table, "tolerance");
        if let Some(t) = tolerance
            && t < 0.0
        {
            let span = table.get("tolerance").map_or(0, |n| n.span().start);
            self.sink
                .error(span, format!("`tolerance` {t} is negative: use 0 or more"));
        }
        let (text, value) = match node.get_ref() {
            DeValue::String(_) => {
                let s = self.sink.as_str("answer", node)?;
                let value = self.constant(&s)?;
                (s.value, value)
            }
            v => match raw::number(v) {
                Some(n) if n.is_finite() => {
                    let text = self
                        .sink
                        .lines
                        .snippet(&node.span())
                        .map_or_else(|| n.to_string(), str::to_string);
                    (text, n)
                }
                _ => {
                    let found = self.sink.found(node);
                    self.sink.error(
                        node.span().start,
                        format!(
                            "`answer` of a number question should be a number or a constant expression like \"1/2\", {found}"
                        ),
                    );
                    return None;
                }
            },
        };
        Some(Answer::Number {
            text,
            value,
            tolerance: tolerance.filter(|t| *t >= 0.0),
        })
    }

    /// `relative` and `sigfigs`, checked; at most one of them and
    /// `tolerance` may be given (each replaces the default comparison).
    pub(super) fn number_modes(&mut self, table: &Table<'_, '_>) -> (Option<f64>, Option<u32>) {
        let relative = self.sink.num_opt(table, "relative");
        if let Some(r) = relative
            && !(0.0..1.0).contains(&r)
        {
            let span = table.get("relative").map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                format!("`relative` {r} should be from 0 to below 1, like 0.01 for 1%"),
            );
        }
        let sigfigs = match self.sink.int_opt(table, "sigfigs") {
            Some((n, _)) if (1..=15).contains(&n) => u32::try_from(n).ok(),
            Some((n, span)) => {
                self.sink.error(
                    span.start,
                    format!("`sigfigs` {n} should be a whole number from 1 to 15"),
                );
                None
            }
            None => None,
        };
        let given: Vec<&str> = ["tolerance", "relative", "sigfigs"]
            .into_iter()
            .filter(|k| table.has(k))
            .collect();
        if let [_, second, ..] = given[..] {
            let span = table.get(second).map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                format!(
                    "give only one of {}: each says on its own how close an answer must be",
                    given
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
        }
        (relative.filter(|r| (0.0..1.0).contains(r)), sigfigs)
    }

    /// The value of a constant expression written as a string.
    pub(super) fn constant(&mut self, s: &Str) -> Option<f64> {
        if let Ok(n) = s.value.trim().parse::<f64>()
            && n.is_finite()
        {
            return Some(n);
        }
        let e = self.parsed(s, expr::parse_constant(&s.value), "answer")?;
        let v = e.eval(&[]);
        if v.is_finite() {
            Some(v)
        } else {
            self.sink.error(
                s.span.start,
                format!("answer \"{}\" has no finite value", s.value),
            );
            None
        }
    }

    /// The variables an expression answer may use (default `["x"]`), and
    /// whether all of them were good.
    pub(super) fn vars(&mut self, table: &Table<'_, '_>) -> (Vec<String>, bool) {
        let Some(list) = self.sink.str_list_opt(table, "vars") else {
            return (vec!["x".to_string()], !table.has("vars"));
        };
        let mut ok = true;
        let mut names: Vec<String> = Vec::new();
        for v in &list {
            if !is_var_name(&v.value) {
                self.sink.error(
                    v.span.start,
                    format!(
                        "\"{}\" is not a variable name: use letters (and digits after them)",
                        v.value
                    ),
                );
                ok = false;
            } else if names.contains(&v.value) {
                self.sink.error(
                    v.span.start,
                    format!("variable \"{}\" is listed twice", v.value),
                );
                ok = false;
            } else {
                names.push(v.value.clone());
            }
        }
        if list.is_empty() {
            let span = table.get("vars").map_or(0, |n| n.span().start);
            self.sink.error(
                span,
                "`vars` is empty; list the variables an answer may use, e.g. vars = [\"x\"]",
            );
            ok = false;
        }
        (names, ok)
    }

    pub(super) fn choice_answer(
        &mut self,
        table: &Table<'_, '_>,
        node: &raw::Node<'_>,
    ) -> Option<Answer> {
        let choices = match self.sink.str_list_opt(table, "choices") {
            Some(c) => c,
            None => {
                if !table.has("choices") {
                    self.sink.error(
                        table.span.start,
                        format!(
                            "missing required key `choices` (a list of strings) in {}",
                            table.what
                        ),
                    );
                }
                return None;
            }
        };
        let mut ok = true;
        if choices.len() < 2 {
            let span = table.get("choices").map_or(0, |n| n.span().start);
            self.sink
                .error(span, "`choices` needs at least two options to choose from");
            ok = false;
        }
        for (i, c) in choices.iter().enumerate() {
            if choices[..i].iter().any(|d| d.value == c.value) {
                self.sink.error(
                    c.span.start,
                    format!("choice \"{}\" is listed twice", c.value),
                );
                ok = false;
            }
        }
        let names: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        let multiple = matches!(node.get_ref(), DeValue::Array(_));
        let given = self.one_or_many("answer", node)?;
        if multiple && given.is_empty() {
            self.sink.error(
                node.span().start,
                "`answer` is an empty list: a select-all question needs at least one right choice",
            );
            ok = false;
        }
        let mut correct = Vec::new();
        for a in &given {
            match self.choice_index(a, &names) {
                Some(i) if !correct.contains(&i) => correct.push(i),
                Some(_) => {}
                None => ok = false,
            }
        }
        correct.sort_unstable();
        ok.then(|| Answer::Choice {
            choices: choices.into_iter().map(|c| c.value).collect(),
            correct,
            multiple,
        })
    }

    /// The index of `s` among `choices`, or an error saying what would do.
    pub(super) fn choice_index(&mut self, s: &Str, choices: &[&str]) -> Option<usize> {
        if let Some(i) = choices.iter().position(|c| *c == s.value) {
            return Some(i);
        }
        let mut msg = format!("\"{}\" is not one of the choices", s.value);
        match did_you_mean(&s.value, choices) {
            Some(near) => msg.push_str(&format!("; did you mean \"{near}\"?")),
            None => msg.push_str(&format!(" ({})", list_values(choices))),
        }
        self.sink.error(s.span.start, msg);
        None
    }

    pub(super) fn feedback(
        &mut self,
        table: &Table<'_, '_>,
        answer: Option<&Answer>,
    ) -> Vec<Feedback> {
        let mut out = Vec::new();
        for (map, span) in self.sink.tables(table, "feedback") {
            let t = Table::new(map, span, "feedback");
            self.sink
                .check_keys(&t, FEEDBACK_KEYS, Some(("question", QUESTION_KEYS)));
            let said = self.sink.str_req(&t, "answer");
            let say = self.sink.str_req(&t, "say");
            if let Some(s) = &say {
                self.markdown(s);
            }
            let (component, component_ok) = self.feedback_component(&t, answer);
            match (&said, answer, component) {
                // Reported: reading its answer would only add a second
                // message for the same slip.
                _ if !component_ok => {}
                (Some(a), Some(answer), Some(c)) => {
                    self.check_component_text(a, answer, c);
                }
                (Some(a), Some(answer), None) => {
                    self.check_response_text(a, answer, "feedback answer");
                }
                _ => {}
            }
            if let (Some(a), Some(say)) = (said, say) {
                out.push(Feedback {
                    answer: a.value,
                    say: say.value,
                    component,
                });
            }
        }
        out
    }
}

/// Vector questions: `answer = ["2x", "8y"]`, feedback on one component.
impl Validator<'_, '_> {
    /// The components, each an expression in `vars`: 2 to 6 of them.
    fn vector_answer(&mut self, table: &Table<'_, '_>, node: &raw::Node<'_>) -> Option<Answer> {
        let (vars, vars_ok) = self.vars(table);
        let domain = self.range(table, "domain");
        let functions = self.functions(table);
        let DeValue::Array(_) = node.get_ref() else {
            let found = self.sink.found(node);
            self.sink.error(
                node.span().start,
                format!(
                    "`answer` of a vector question is a list of its components, like [\"2x\", \"8y\"], {found}"
                ),
            );
            return None;
        };
        let parts = self.one_or_many("answer", node)?;
        if !(2..=MAX_COMPONENTS).contains(&parts.len()) {
            self.sink.error(
                node.span().start,
                format!(
                    "a vector answer has 2 to {MAX_COMPONENTS} components, not {}",
                    parts.len()
                ),
            );
            return None;
        }
        if !vars_ok {
            return None;
        }
        let names: Vec<&str> = vars.iter().map(String::as_str).collect();
        let mut components = Vec::new();
        for p in &parts {
            components.push(self.parsed(
                p,
                expr::parse_answer_with(&p.value, &names, functions),
                "answer component",
            ));
        }
        let components: Option<Vec<_>> = components.into_iter().collect();
        let texts: Vec<&str> = parts.iter().map(|p| p.value.trim()).collect();
        Some(Answer::Vector {
            text: format!("({})", texts.join(", ")),
            components: components?,
            vars,
            domain,
            functions,
        })
    }

    /// A feedback's `component = N` (1-based), as a 0-based index, and
    /// whether it is good: only on vector questions, and within the
    /// answer's components. A bad one is kept (as an index no component
    /// has), so feedback entries keep their numbers in later messages.
    fn feedback_component(
        &mut self,
        t: &Table<'_, '_>,
        answer: Option<&Answer>,
    ) -> (Option<usize>, bool) {
        let Some((n, span)) = self.sink.int_opt(t, "component") else {
            return (None, !t.has("component"));
        };
        let count = match answer {
            Some(Answer::Vector { components, .. }) => components.len(),
            Some(_) => {
                self.sink.error(
                    span.start,
                    "`component` applies only to feedback on `type = \"vector\"` questions",
                );
                return (None, false);
            }
            None => return (None, false),
        };
        match usize::try_from(n) {
            Ok(c) if (1..=count).contains(&c) => (Some(c - 1), true),
            _ => {
                self.sink.error(
                    span.start,
                    format!("`component = {n}`: the answer has components 1 to {count}"),
                );
                (Some(usize::MAX), false)
            }
        }
    }

    /// A component feedback's `answer`: one expression in the vars.
    fn check_component_text(&mut self, s: &Str, answer: &Answer, _component: usize) -> bool {
        let Answer::Vector {
            vars, functions, ..
        } = answer
        else {
            return false;
        };
        let names: Vec<&str> = vars.iter().map(String::as_str).collect();
        self.parsed(
            s,
            expr::parse_answer_with(&s.value, &names, *functions),
            "feedback answer",
        )
        .is_some()
    }
}

/// The most components a vector answer has.
const MAX_COMPONENTS: usize = 6;
