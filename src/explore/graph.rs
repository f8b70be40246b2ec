//! Words and diagrams on an explorer's canvas: `text` placed at a point,
//! `node` boxes and the `edge` arrows between them (a small computation
//! graph with live numbers), and the `{{expr}}` templates they are written
//! with.
//!
//! Checking these draws and working out, at a canvas size, where an edge
//! leaves one box and meets the other live here; the boxes and texts are
//! drawn as characters by `ui::chart`.

use super::raw::{At, RawDraw};
use super::{Builder, DrawShape, Issue, Shape, format_number, parse_at};
use crate::chart::{self, Align, Area, BRAILLE_DOTS, CanvasText, Plotted, node_box};
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

/// The nearest of `candidates` to `word` when it is likely a slip (a
/// letter or two off); short words get no guess.
fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).min(3);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, _)| *d <= limit && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
            let hint = did_you_mean(other, &["left", "center", "right"])
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
        let hint = did_you_mean(&end.value, &known)
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

/// Canvas geometry for turning cells into view positions: the view's
/// ranges and the canvas's size in cells.
#[derive(Debug, Clone, Copy)]
pub struct Cells {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub canvas: Area,
}

impl Cells {
    /// The anchor cell of view position `at`, as texts and boxes are placed.
    pub fn cell(&self, at: (f64, f64)) -> Option<(u16, u16)> {
        let (dx, dy) = BRAILLE_DOTS;
        let col = chart::cell_of(at.0, self.x, self.canvas.width, dx, false)?;
        let row = chart::cell_of(at.1, self.y, self.canvas.height, dy, true)?;
        Some((col, row))
    }

    /// The view x of dot column `d` (may be off the canvas).
    fn dot_x(&self, d: f64) -> f64 {
        let n = f64::from(self.canvas.width) * f64::from(BRAILLE_DOTS.0);
        self.x.0 + d * (self.x.1 - self.x.0) / (n - 1.0).max(1.0)
    }

    /// The view y of dot row `d`, counted down from the top.
    fn dot_y(&self, d: f64) -> f64 {
        let n = f64::from(self.canvas.height) * f64::from(BRAILLE_DOTS.1);
        self.y.1 - d * (self.y.1 - self.y.0) / (n - 1.0).max(1.0)
    }

    /// The view rectangle of the dots just outside a box of cells
    /// `(left, top, w, h)`: an edge ending on it ends in the cell next to
    /// the frame. As (x low, x high, y low, y high).
    fn around(&self, (left, top, w, h): (i32, i32, u16, u16)) -> (f64, f64, f64, f64) {
        let (dx, dy) = (f64::from(BRAILLE_DOTS.0), f64::from(BRAILLE_DOTS.1));
        let x0 = self.dot_x(f64::from(left) * dx - 1.0);
        let x1 = self.dot_x(f64::from(left + i32::from(w)) * dx);
        let y_top = self.dot_y(f64::from(top) * dy - 1.0);
        let y_bottom = self.dot_y(f64::from(top + i32::from(h)) * dy);
        (x0, x1, y_bottom, y_top)
    }

    /// One cell's height in view units.
    pub fn row_height(&self) -> f64 {
        self.dot_y(0.0) - self.dot_y(f64::from(BRAILLE_DOTS.1))
    }
}

/// Where an edge between two boxes starts and ends: on the line between
/// their anchors, from just outside the first box to just outside the
/// second. `None` when the boxes touch or overlap (no room for an arrow).
pub fn edge_ends(
    cells: &Cells,
    from: ((f64, f64), u16),
    to: ((f64, f64), u16),
) -> Option<((f64, f64), (f64, f64))> {
    let (a, b) = (from.0, to.0);
    let box_a = node_box(cells.cell(a)?, from.1);
    let box_b = node_box(cells.cell(b)?, to.1);
    let ra = cells.around(box_a);
    let rb = cells.around(box_b);
    let d = (b.0 - a.0, b.1 - a.1);
    if d.0 == 0.0 && d.1 == 0.0 {
        return None;
    }
    // How far along a -> b (0..1) the line leaves rectangle r, starting at
    // p inside it and heading along dir.
    let leave = |p: (f64, f64), dir: (f64, f64), r: (f64, f64, f64, f64)| {
        let mut t = f64::INFINITY;
        if dir.0 > 0.0 {
            t = t.min((r.1 - p.0) / dir.0);
        } else if dir.0 < 0.0 {
            t = t.min((r.0 - p.0) / dir.0);
        }
        if dir.1 > 0.0 {
            t = t.min((r.3 - p.1) / dir.1);
        } else if dir.1 < 0.0 {
            t = t.min((r.2 - p.1) / dir.1);
        }
        t.max(0.0)
    };
    let t0 = leave(a, d, ra);
    let t1 = 1.0 - leave(b, (-d.0, -d.1), rb);
    if t0 >= t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * d.0, a.1 + t * d.1);
    Some((at(t0), at(t1)))
}

/// Give each edge's series (series index, its `Shape::Edge`) its run from
/// box to box at this canvas size, and its caption a place in `texts`.
pub(super) fn route_edges(
    plotted: &mut Plotted,
    scene: &super::Scene,
    edges: &[(usize, &Shape)],
    cells: &Cells,
    texts: &mut Vec<CanvasText>,
) {
    let node = |name: &str| {
        scene.shapes.iter().find_map(|s| match s {
            Shape::Text {
                at,
                text,
                node: Some(n),
                ..
            } if n == name => Some((*at, chart::text_width(text))),
            _ => None,
        })
    };
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
        let (Some(a), Some(b)) = (node(from), node(to)) else {
            continue;
        };
        let Some((start, end)) = edge_ends(cells, a, b) else {
            continue;
        };
        if let Some(s) = plotted.series.get_mut(series) {
            s.runs = vec![vec![start, end]];
        }
        if let Some(text) = text {
            let (at, align) = caption_at(cells, start, end);
            texts.push(CanvasText {
                at,
                text: text.clone(),
                align,
                framed: false,
                color: *color,
            });
        }
    }
}

/// Where an edge's caption goes: centred a row above the middle of a
/// mostly level edge, else just right of the middle of a steep one.
pub fn caption_at(cells: &Cells, from: (f64, f64), to: (f64, f64)) -> ((f64, f64), Align) {
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let per_col = (cells.x.1 - cells.x.0) / f64::from(cells.canvas.width.max(1));
    let cols = ((to.0 - from.0) / per_col).abs();
    let rows = ((to.1 - from.1) / cells.row_height()).abs();
    if cols >= 2.0 * rows {
        ((mid.0, mid.1 + cells.row_height()), Align::Center)
    } else {
        ((mid.0 + 2.0 * per_col, mid.1), Align::Left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Cells {
        Cells {
            x: (0.0, 10.0),
            y: (0.0, 5.0),
            canvas: Area {
                x: 0,
                y: 0,
                width: 60,
                height: 15,
            },
        }
    }

    fn inside(cell: (u16, u16), (left, top, w, h): (i32, i32, u16, u16)) -> bool {
        let (c, r) = (i32::from(cell.0), i32::from(cell.1));
        c >= left && c < left + i32::from(w) && r >= top && r < top + i32::from(h)
    }

    fn next_to(cell: (u16, u16), b: (i32, i32, u16, u16)) -> bool {
        let (left, top, w, h) = b;
        let grown = (left - 1, top - 1, w + 2, h + 2);
        inside(cell, grown) && !inside(cell, b)
    }

    #[test]
    fn an_edge_runs_from_border_to_border() {
        let c = cells();
        for (a, b) in [
            ((1.0, 2.5), (8.0, 2.5)),
            ((8.0, 2.5), (1.0, 2.5)),
            ((5.0, 4.5), (5.0, 0.5)),
            ((1.0, 4.0), (8.0, 1.0)),
        ] {
            let (s, e) = edge_ends(&c, (a, 5), (b, 3)).expect("room between the boxes");
            let box_a = node_box(c.cell(a).unwrap(), 5);
            let box_b = node_box(c.cell(b).unwrap(), 3);
            let (cs, ce) = (c.cell(s).unwrap(), c.cell(e).unwrap());
            assert!(
                next_to(cs, box_a),
                "{a:?}->{b:?}: start {cs:?} by {box_a:?}"
            );
            assert!(next_to(ce, box_b), "{a:?}->{b:?}: end {ce:?} by {box_b:?}");
        }
    }

    #[test]
    fn boxes_that_overlap_get_no_edge() {
        let c = cells();
        assert_eq!(edge_ends(&c, ((5.0, 2.5), 5), ((5.5, 2.5), 5)), None);
    }

    #[test]
    fn live_numbers_are_whole_or_to_the_precision() {
        assert_eq!(live_number(3.0, 2), "3");
        assert_eq!(live_number(-0.5, 2), "−0.50");
        assert_eq!(live_number(1.0 / 3.0, 3), "0.333");
        assert_eq!(live_number(f64::NAN, 2), "undefined");
    }

    #[test]
    fn a_box_is_centred_on_its_anchor() {
        assert_eq!(node_box((10, 5), 6), (5, 4, 10, 3));
        assert_eq!(node_box((1, 0), 6), (-4, -1, 10, 3));
    }
}
