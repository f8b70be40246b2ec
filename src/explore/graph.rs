//! Words and diagrams on an explorer's canvas: `text` placed at a point,
//! `node` boxes and the `edge` arrows between them (a small computation
//! graph with live numbers), and the `{{expr}}` templates they are written
//! with.
//!
//! Checking these draws lives here; where an edge leaves one box and meets
//! the other is worked out by `chart::route_edges` at the size and in the
//! characters the chart is drawn with, and the boxes and texts are drawn by
//! `ui::chart`.

use super::raw::{At, RawDraw};
use super::{Builder, DrawShape, Issue, Shape, format_number, parse_at};
use crate::chart::{Align, CanvasText, EdgeRoute};
use crate::expr::Expr;

/// A line of text with live values: literal pieces and `{{expr}}`s.
#[derive(Debug, Clone)]
pub(super) struct Template {
    parts: Vec<Part>,
    precision: usize,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Value(Expr),
}

impl Template {
    /// The text for the values in `env`.
    pub fn render(&self, env: &[f64]) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Value(e) => live_number(e.eval(env), self.precision),
            })
            .collect()
    }
}

/// A value as text puts it: a whole number plainly, others to `precision`
/// decimals (as question parameters are written into prompts).
pub fn live_number(v: f64, precision: usize) -> String {
    if v.is_finite() && v == v.round() && v.abs() < 1e15 {
        format_number(v, 0)
    } else {
        format_number(v, precision)
    }
}

/// Check `src` as a template over the explorer's names: every `{{` closed
/// by `}}`, every expression known names only.
pub(super) fn template(b: &mut Builder, src: &At<String>, precision: usize) -> Option<Template> {
    let text = &src.value;
    let names: Vec<&str> = b.names.iter().map(String::as_str).collect();
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    let mut ok = true;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        // Where `after` starts in the whole text, in characters (problems
        // point at a character of the string).
        let start_byte = text.len() - after.len();
        let Some(close) = after.find("}}") else {
            let at = text[..start_byte - 2].chars().count();
            b.problems.push(Issue {
                span: src.span.clone(),
                message: format!(
                    "in the text `{text}`: `{{{{` is not closed by `}}}}` (write a value as {{{{expr}}}})"
                ),
                in_string: Some((text.clone(), at)),
            });
            return None;
        };
        let inner = &after[..close];
        match parse_at(inner, &src.span, &names) {
            Ok(e) => parts.push(Part::Value(e)),
            Err(p) => {
                let offset = text[..start_byte].chars().count();
                let col = p.in_string.as_ref().map_or(0, |(_, c)| *c);
                b.problems.push(Issue {
                    span: src.span.clone(),
                    message: p.message.replacen(
                        &format!("the expression `{inner}`"),
                        &format!("the value `{{{{{inner}}}}}` of the text `{text}`"),
                        1,
                    ),
                    in_string: Some((text.clone(), offset + col)),
                });
                ok = false;
            }
        }
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    ok.then_some(Template { parts, precision })
}

/// `align = "left" | "center" | "right"`.
pub(super) fn align(b: &mut Builder, a: &Option<At<String>>) -> Align {
    let Some(a) = a else {
        return Align::Left;
    };
    match a.value.as_str() {
        "left" => Align::Left,
        "center" => Align::Center,
        "right" => Align::Right,
        other => {
            let hint = crate::lesson::load::did_you_mean(other, &["left", "center", "right"])
                .map_or(String::new(), |s| format!("; did you mean \"{s}\"?"));
            b.problem(
                &a.span,
                format!("unknown align \"{other}\": use left, center or right{hint}"),
            );
            Align::Left
        }
    }
}

/// The nodes declared so far, to check names and resolve edges once every
/// draw has been read (an edge may come before the nodes it joins).
#[derive(Default)]
pub(super) struct Nodes {
    names: Vec<String>,
    /// Each edge's two names, to check at the end.
    edges: Vec<[At<String>; 2]>,
}

/// Check a `text`, `node` or `edge` draw.
pub(super) fn build(b: &mut Builder, d: &RawDraw, nodes: &mut Nodes) -> Option<DrawShape> {
    let precision = b.precision(&d.precision, 2);
    if let Some(c) = &d.node {
        let at = b.coord(c);
        let text = match (&d.text, &d.name) {
            (Some(t), _) => template(b, t, precision),
            (None, Some(n)) => template(b, n, precision),
            (None, None) => {
                b.problem(
                    &d.span,
                    "a `node` needs a `text` to show (or a `name`, shown as it is)",
                );
                None
            }
        };
        let name = d.name.as_ref().map(|n| n.value.clone());
        if let Some(n) = &d.name {
            if nodes.names.contains(&n.value) {
                b.problem(
                    &n.span,
                    format!(
                        "the node name \"{}\" is used twice in this explorer: edges could not tell the nodes apart",
                        n.value
                    ),
                );
            } else {
                nodes.names.push(n.value.clone());
            }
        }
        return Some(DrawShape::Node {
            at: at?,
            name,
            text: text?,
        });
    }
    if let Some(ends) = &d.edge {
        let text = match &d.text {
            Some(t) => Some(template(b, t, precision)?),
            None => None,
        };
        let [from, to] = match ends.as_slice() {
            [from, to] => [from.clone(), to.clone()],
            _ => {
                let span = ends.first().map_or(d.span.clone(), |a| a.span.clone());
                b.problem(
                    &span,
                    format!(
                        "`edge` needs the names of two nodes, [\"from\", \"to\"]; found {}",
                        ends.len()
                    ),
                );
                return None;
            }
        };
        nodes.edges.push([from.clone(), to.clone()]);
        return Some(DrawShape::Edge {
            from: from.value,
            to: to.value,
            text,
        });
    }
    let text = d.text.as_ref()?;
    let Some(at) = &d.at else {
        b.problem(&d.span, "a `text` needs `at = [x, y]`, where it is written");
        return None;
    };
    let at = b.coord(at);
    let align = align(b, &d.align);
    let text = template(b, text, precision);
    Some(DrawShape::Text {
        at: at?,
        text: text?,
        align,
    })
}

/// Report each edge naming a node that is not there, with a did-you-mean
/// and the nodes there are.
pub(super) fn check_edges(b: &mut Builder, nodes: &Nodes) {
    let known: Vec<&str> = nodes.names.iter().map(String::as_str).collect();
    for end in nodes.edges.iter().flatten() {
        if known.contains(&end.value.as_str()) {
            continue;
        }
        let hint = crate::lesson::load::did_you_mean(&end.value, &known)
            .map_or(String::new(), |s| format!("did you mean \"{s}\"? "));
        b.problem(
            &end.span,
            format!(
                "`edge` names \"{}\", which is not a node of this explorer ({hint}nodes: {})",
                end.value,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        );
    }
}

/// The routes of the edges (series index, its `Shape::Edge`) between the
/// nodes among `texts`, each caption added to `texts` (placed when the
/// edge is routed, see [`chart::route_edges`]).
pub(super) fn edge_routes(
    edges: &[(usize, &Shape)],
    texts: &mut Vec<CanvasText>,
    nodes: &[(String, usize)],
) -> Vec<EdgeRoute> {
    let mut routes = Vec::new();
    for &(series, shape) in edges {
        let Shape::Edge {
            from,
            to,
            text,
            color,
            ..
        } = shape
        else {
            continue;
        };
        let find = |name: &str| nodes.iter().find(|(n, _)| n == name).map(|(_, i)| *i);
        let (Some(from), Some(to)) = (find(from), find(to)) else {
            continue;
        };
        let caption = text.as_ref().map(|t| {
            texts.push(CanvasText {
                // Nowhere until routed.
                at: (f64::NAN, f64::NAN),
                text: t.clone(),
                align: Align::Left,
                framed: false,
                color: *color,
            });
            texts.len() - 1
        });
        routes.push(EdgeRoute {
            series,
            from,
            to,
            caption,
        });
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_numbers_are_whole_or_to_the_precision() {
        assert_eq!(live_number(3.0, 2), "3");
        assert_eq!(live_number(-0.5, 2), "−0.50");
        assert_eq!(live_number(1.0 / 3.0, 3), "0.333");
        assert_eq!(live_number(f64::NAN, 2), "undefined");
    }
}
