//! Reading an `explore` block's keys from the TOML tree into the explorer's
//! raw form, then handing it to [`crate::explore::Explorer::build`].
//!
//! Key names and value types are checked here with the same accessors as
//! every other block, so an explorer's misspelt key gets the same
//! "did you mean" as a chart's; what only an explorer knows (names, ranges,
//! expressions over its parameters) is checked by the explore module.

use toml::de::DeValue;

use super::super::format::{self, key_names, own_key_names};
use super::super::raw::{Node, Sink, Table, number};
use crate::explore::Explorer;
use crate::explore::raw::{
    At, RawColumn, RawCoord, RawDraw, RawExplore, RawLet, RawPath, RawPiece, RawPoint, RawReadout,
    RawSlider, RawTable,
};

// Key lists derived at compile time from the one description of the format
// in `format` (which also generates the JSON Schema).
const EXPLORE_KEYS: &[&str] = key_names!(format::EXPLORE);
const SLIDER_KEYS: &[&str] = key_names!(format::SLIDER);
const POINT_KEYS: &[&str] = key_names!(format::POINT);
const LET_KEYS: &[&str] = key_names!(format::LET);
const DRAW_KEYS: &[&str] = key_names!(format::DRAW);
const READOUT_KEYS: &[&str] = key_names!(format::READOUT);
const TABLE_KEYS: &[&str] = key_names!(format::EXPLORE_TABLE);
const COLUMN_KEYS: &[&str] = key_names!(format::COLUMN);
const PIECE_KEYS: &[&str] = key_names!(format::PIECE);
const PATH_KEYS: &[&str] = key_names!(format::PATH);
/// A section's own keys: where a key written after the block may belong.
const SECTION_OWN_KEYS: &[&str] = own_key_names!(format::SECTION);

/// Read and validate an explorer; problems go to `sink`. On errors the
/// returned explorer is empty: the lesson as a whole is refused anyway.
pub(super) fn read_explore(table: &Table<'_, '_>, sink: &mut Sink<'_>) -> Explorer {
    // Set when an entry is left out for a missing or mistyped required key:
    // building without it would add confusing follow-on messages ("`v` is
    // not a variable") about a parameter that is really there.
    let mut dropped = false;
    let parent = Some(("explore block", EXPLORE_KEYS));
    sink.check_keys(table, EXPLORE_KEYS, Some(("section", SECTION_OWN_KEYS)));
    let at_str = |s: super::raw::Str| At::new(s.value, s.span);
    let mut raw = RawExplore {
        span: table.span.clone(),
        title: sink.str_opt(table, "title").map(|s| s.value),
        var: sink.str_opt(table, "var").map(at_str),
        x: sink.range_opt(table, "x").map(|(r, s)| At::new(r, s)),
        y: sink.range_opt(table, "y").map(|(r, s)| At::new(r, s)),
        x_label: sink.str_opt(table, "x_label").map(|s| s.value),
        y_label: sink.str_opt(table, "y_label").map(|s| s.value),
        equal_aspect: sink.equal_aspect(table),
        axes: sink.bool_opt(table, "axes").unwrap_or(true),
        ..RawExplore::default()
    };
    for (map, span) in sink.tables(table, "slider") {
        let t = Table::new(map, span.clone(), "an explorer's `[[...slider]]`");
        sink.check_keys(&t, SLIDER_KEYS, parent);
        let name = sink.str_req(&t, "name");
        let min = num_at_req(sink, &t, "min");
        let max = num_at_req(sink, &t, "max");
        let slider = RawSlider {
            span,
            label: sink.str_opt(&t, "label").map(|s| s.value),
            step: num_at(sink, &t, "step"),
            big_step: num_at(sink, &t, "big_step"),
            start: num_at(sink, &t, "start"),
            unit: sink.str_opt(&t, "unit").map(|s| s.value),
            play: t
                .get("play")
                .map(|n| n.span())
                .and_then(|span| sink.bool_opt(&t, "play").map(|v| At::new(v, span))),
            play_every: num_at(sink, &t, "play_every"),
            name: match name {
                Some(n) => at_str(n),
                None => {
                    dropped = true;
                    continue;
                }
            },
            min: match min {
                Some(m) => m,
                None => {
                    dropped = true;
                    continue;
                }
            },
            max: match max {
                Some(m) => m,
                None => {
                    dropped = true;
                    continue;
                }
            },
        };
        raw.sliders.push(slider);
    }
    for (map, span) in sink.tables(table, "point") {
        let t = Table::new(map, span.clone(), "an explorer's `[[...point]]`");
        sink.check_keys(&t, POINT_KEYS, parent);
        let name = sink.str_req(&t, "name");
        let start = pair_req(sink, &t, "start");
        let point = RawPoint {
            span,
            label: sink.str_opt(&t, "label").map(|s| s.value),
            x: sink.range_opt(&t, "x").map(|(r, s)| At::new(r, s)),
            y: sink.range_opt(&t, "y").map(|(r, s)| At::new(r, s)),
            step: num_at(sink, &t, "step"),
            color: sink.str_opt(&t, "color").map(at_str),
            name: match name {
                Some(n) => at_str(n),
                None => {
                    dropped = true;
                    continue;
                }
            },
            start: match start {
                Some(s) => s,
                None => {
                    dropped = true;
                    continue;
                }
            },
        };
        raw.points.push(point);
    }
    for (map, span) in sink.tables(table, "let") {
        let t = Table::new(map, span, "an explorer's `[[...let]]`");
        sink.check_keys(&t, LET_KEYS, parent);
        let name = sink.str_req(&t, "name");
        let expr = sink.str_req(&t, "expr");
        if let (Some(name), Some(expr)) = (name, expr) {
            raw.lets.push(RawLet {
                name: at_str(name),
                expr: at_str(expr),
            });
        } else {
            dropped = true;
        }
    }
    for (map, span) in sink.tables(table, "draw") {
        let t = Table::new(map, span.clone(), "an explorer's `[[...draw]]`");
        sink.check_keys(&t, DRAW_KEYS, parent);
        ignored_keys(sink, &t);
        raw.draws.push(RawDraw {
            span,
            plot: sink.str_opt(&t, "plot").map(at_str),
            segment: two_coords(sink, &t, "segment"),
            line: two_coords(sink, &t, "line"),
            rect: two_coords(sink, &t, "rect"),
            point: t.get("point").and_then(|n| coord(sink, "point", n)),
            bezier: sink
                .str_list_opt(&t, "bezier")
                .map(|l| l.into_iter().map(at_str).collect()),
            label: sink.str_opt(&t, "label").map(|s| s.value),
            style: sink.str_opt(&t, "style").map(at_str),
            color: sink.str_opt(&t, "color").map(at_str),
            fill: sink.bool_opt(&t, "fill").unwrap_or(false),
            hollow: sink.bool_opt(&t, "hollow").unwrap_or(false),
            pieces: draw_pieces(sink, &t),
            contour: sink.str_opt(&t, "contour").map(at_str),
            vars: sink
                .str_list_opt(&t, "vars")
                .map(|l| l.into_iter().map(at_str).collect()),
            levels: t.get("levels").and_then(|node| {
                sink.list_opt(&t, "levels", |sink, n| {
                    sink.as_num("each item of `levels`", n)
                })
                .map(|v| At::new(v, node.span()))
            }),
            shade: sink.bool_opt(&t, "shade").unwrap_or(false),
            arrow: two_coords(sink, &t, "arrow"),
            text: sink.str_opt(&t, "text").map(at_str),
            at: t.get("at").and_then(|n| coord(sink, "at", n)),
            precision: int_at(sink, &t, "precision"),
            align: sink.str_opt(&t, "align").map(at_str),
            node: t.get("node").and_then(|n| coord(sink, "node", n)),
            name: sink.str_opt(&t, "name").map(at_str),
            edge: sink
                .str_list_opt(&t, "edge")
                .map(|l| l.into_iter().map(at_str).collect()),
        });
    }
    for (map, span) in sink.tables(table, "readout") {
        let t = Table::new(map, span, "an explorer's `[[...readout]]`");
        sink.check_keys(&t, READOUT_KEYS, parent);
        let label = sink.str_req(&t, "label");
        let expr = sink.str_req(&t, "expr");
        let precision = int_at(sink, &t, "precision");
        let unit = sink.str_opt(&t, "unit").map(|s| s.value);
        if let (Some(label), Some(expr)) = (label, expr) {
            raw.readouts.push(RawReadout {
                label: label.value,
                expr: at_str(expr),
                precision,
                unit,
            });
        }
    }
    for (map, span) in sink.tables(table, "table") {
        let t = Table::new(map, span.clone(), "an explorer's `[[...table]]`");
        sink.check_keys(&t, TABLE_KEYS, parent);
        let rows = match t.get("rows") {
            None => {
                sink.error(
                    span.start,
                    "an explorer's table needs `rows = [...]`, the values it runs over",
                );
                None
            }
            Some(node) => sink
                .list_opt(&t, "rows", |sink, n| sink.as_num("each item of `rows`", n))
                .map(|v| At::new(v, node.span())),
        };
        let mut columns = Vec::new();
        for (cmap, cspan) in sink.tables(&t, "columns") {
            let c = Table::new(cmap, cspan, "a column of an explorer's table");
            sink.check_keys(&c, COLUMN_KEYS, None);
            let head = sink.str_req(&c, "head");
            let expr = sink.str_req(&c, "expr");
            let precision = int_at(sink, &c, "precision");
            if let (Some(head), Some(expr)) = (head, expr) {
                columns.push(RawColumn {
                    head: head.value,
                    expr: at_str(expr),
                    precision,
                });
            }
        }
        if let Some(rows) = rows {
            raw.tables.push(RawTable {
                span,
                title: sink.str_opt(&t, "title").map(|s| s.value),
                var: sink.str_opt(&t, "var").map(at_str),
                rows,
                columns,
            });
        }
    }
    for (map, span) in sink.tables(table, "path") {
        let t = Table::new(map, span.clone(), "an explorer's `[[...path]]`");
        sink.check_keys(&t, PATH_KEYS, parent);
        let name = sink.str_req(&t, "name");
        let vars = t.get("vars").map(|n| n.span()).and_then(|span| {
            sink.str_list_opt(&t, "vars")
                .map(|l| At::new(l.into_iter().map(at_str).collect(), span))
        });
        if vars.is_none() && !t.has("vars") {
            sink.error(
                span.start,
                "missing required key `vars` (the names of the path's state, like [\"x\", \"y\"]) in an explorer's `[[...path]]`",
            );
        }
        let start = expr_list(sink, &t, "start", true);
        let update = expr_list(sink, &t, "update", true);
        let steps = match t.get("steps") {
            Some(n) => coord_part(sink, "steps", n),
            None => {
                sink.error(
                    span.start,
                    "missing required key `steps` (how many updates, usually a slider's name) in an explorer's `[[...path]]`",
                );
                None
            }
        };
        let at = expr_list(sink, &t, "at", false);
        let label = sink.str_opt(&t, "label").map(|s| s.value);
        let color = sink.str_opt(&t, "color").map(at_str);
        match (name, vars, start, update, steps) {
            (Some(name), Some(vars), Some(start), Some(update), Some(steps)) => {
                raw.paths.push(RawPath {
                    span,
                    name: at_str(name),
                    vars,
                    start,
                    update,
                    steps,
                    at,
                    label,
                    color,
                })
            }
            _ => dropped = true,
        }
    }
    if dropped {
        return Explorer::default();
    }
    match Explorer::build(&raw) {
        Ok(e) => e,
        Err(problems) => {
            for p in problems {
                match &p.in_string {
                    Some((value, at)) => {
                        let pos = sink.lines.pos_in_string(&p.span, value, *at);
                        sink.error_at(pos, p.message);
                    }
                    None => sink.error(p.span.start, p.message),
                }
            }
            Explorer::default()
        }
    }
}

/// Keys a shape takes but has no use for: warned about, since the author
/// expects them to change the drawing.
fn ignored_keys(sink: &mut Sink<'_>, t: &Table<'_, '_>) {
    if let (Some(_), Some(style)) = (t.get("point"), t.get("style")) {
        let pos = sink.lines.pos(style.span().start);
        sink.warn_at(
            pos,
            "`style` has no effect on a `point`, which is drawn as a dot; remove it",
        );
    }
    if let (None, Some(hollow)) = (t.get("point"), t.get("hollow")) {
        let pos = sink.lines.pos(hollow.span().start);
        sink.warn_at(
            pos,
            "`hollow` only changes how a `point` is drawn; it has no effect here",
        );
    }
    if let (None, Some(fill)) = (t.get("rect"), t.get("fill")) {
        let pos = sink.lines.pos(fill.span().start);
        sink.warn_at(pos, "`fill` only fills a `rect`; it has no effect here");
    }
    // The keys of the canvas draws of one kind, on another.
    let is_text = t.get("text").is_some() && t.get("node").is_none() && t.get("edge").is_none();
    let captioned = is_text || t.get("node").is_some() || t.get("edge").is_some();
    let owners: [(&str, bool, &str); 7] = [
        ("vars", t.get("contour").is_some(), "a `contour`"),
        ("levels", t.get("contour").is_some(), "a `contour`"),
        ("shade", t.get("contour").is_some(), "a `contour`"),
        ("at", is_text, "a `text`"),
        ("align", is_text, "a `text`"),
        ("name", t.get("node").is_some(), "a `node`"),
        ("precision", captioned, "a `text`, `node` or `edge`"),
    ];
    // Drawn as characters or dots, with no legend entry.
    for (kind, plain) in [("text", is_text), ("node", t.get("node").is_some())] {
        for key in ["style", "label"] {
            if let (true, Some(node)) = (plain, t.get(key)) {
                let pos = sink.lines.pos(node.span().start);
                sink.warn_at(
                    pos,
                    format!("`{key}` has no effect on a `{kind}`, which is drawn as characters with no legend entry; remove it"),
                );
            }
        }
    }
    if let (Some(_), Some(style)) = (t.get("contour"), t.get("style")) {
        let pos = sink.lines.pos(style.span().start);
        sink.warn_at(
            pos,
            "`style` has no effect on a `contour`, whose lines are drawn dot by dot; remove it",
        );
    }
    for (key, owned, owner) in owners {
        if let (false, Some(node)) = (owned, t.get(key)) {
            let pos = sink.lines.pos(node.span().start);
            sink.warn_at(
                pos,
                format!("`{key}` belongs to {owner}; it has no effect here"),
            );
        }
    }
}

/// A drawn plot's `pieces`: each `{ from, to, expr }`; the explorer
/// checks the expressions and that each piece ends after it starts.
fn draw_pieces(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> Option<Vec<RawPiece>> {
    let node = t.get("pieces")?;
    let tables = sink.tables(t, "pieces");
    if tables.is_empty() {
        sink.error(
            node.span().start,
            "`pieces` needs at least one piece: [{ from = 0, to = 1, expr = \"...\" }]",
        );
        // Given, though empty: the draw is a `pieces` one, not one of none.
        return Some(Vec::new());
    }
    let mut pieces = Vec::new();
    for (map, span) in tables {
        let p = Table::new(map, span, "a piece");
        sink.check_keys(&p, PIECE_KEYS, None);
        let from = num_at_req(sink, &p, "from");
        let to = num_at_req(sink, &p, "to");
        let expr = sink.str_req(&p, "expr");
        if let (Some(from), Some(to), Some(expr)) = (from, to, expr) {
            pieces.push(RawPiece {
                from,
                to,
                expr: At::new(expr.value, expr.span),
            });
        }
    }
    // A piece left out for a missing key has been reported, and the lesson
    // is refused; the draw still counts as a `pieces` one.
    Some(pieces)
}

fn num_at(sink: &mut Sink<'_>, t: &Table<'_, '_>, key: &str) -> Option<At<f64>> {
    let span = t.get(key)?.span();
    sink.num_opt(t, key).map(|v| At::new(v, span))
}

fn num_at_req(sink: &mut Sink<'_>, t: &Table<'_, '_>, key: &str) -> Option<At<f64>> {
    let span = t.get(key).map(|n| n.span());
    sink.num_req(t, key).zip(span).map(|(v, s)| At::new(v, s))
}

fn int_at(sink: &mut Sink<'_>, t: &Table<'_, '_>, key: &str) -> Option<At<i64>> {
    sink.int_opt(t, key).map(|(v, s)| At::new(v, s))
}

/// `[x, y]` of two numbers.
fn pair_req(sink: &mut Sink<'_>, t: &Table<'_, '_>, key: &str) -> Option<At<(f64, f64)>> {
    let Some(node) = t.get(key) else {
        sink.error(
            t.span.start,
            format!("missing required key `{key}` ([x, y]) in {}", t.what),
        );
        return None;
    };
    let pair = match node.get_ref() {
        DeValue::Array(items) if items.len() == 2 => {
            number(items[0].get_ref()).zip(number(items[1].get_ref()))
        }
        _ => None,
    };
    if pair.is_none() {
        sink.error(
            node.span().start,
            format!(
                "`{key}` should be a point [x, y] of two numbers, {}",
                sink.found(node)
            ),
        );
    }
    pair.map(|p| At::new(p, node.span()))
}

/// One coordinate: a number, or an expression in a string.
fn coord_part(sink: &mut Sink<'_>, key: &str, node: &Node<'_>) -> Option<At<String>> {
    match node.get_ref() {
        DeValue::String(s) => Some(At::new(s.to_string(), node.span())),
        v => match number(v) {
            Some(n) => Some(At::new(format!("{n}"), node.span())),
            None => {
                sink.error(
                    node.span().start,
                    format!(
                        "each coordinate of `{key}` should be a number or an expression in quotes, {}",
                        sink.found(node)
                    ),
                );
                None
            }
        },
    }
}

/// `[x, y]`, each a number or an expression.
fn coord(sink: &mut Sink<'_>, key: &str, node: &Node<'_>) -> Option<RawCoord> {
    match node.get_ref() {
        DeValue::Array(items) if items.len() == 2 => {
            let x = coord_part(sink, key, &items[0]);
            let y = coord_part(sink, key, &items[1]);
            Some([x?, y?])
        }
        _ => {
            sink.error(
                node.span().start,
                format!("`{key}` should be a point [x, y], {}", sink.found(node)),
            );
            None
        }
    }
}

/// A list of numbers or expressions, such as a path's `start`; reports a
/// missing one when `required`.
fn expr_list(
    sink: &mut Sink<'_>,
    t: &Table<'_, '_>,
    key: &str,
    required: bool,
) -> Option<At<Vec<At<String>>>> {
    let Some(node) = t.get(key) else {
        if required {
            sink.error(
                t.span.start,
                format!(
                    "missing required key `{key}` (a list of numbers or expressions) in {}",
                    t.what
                ),
            );
        }
        return None;
    };
    match node.get_ref() {
        DeValue::Array(items) => {
            let parts: Vec<Option<At<String>>> =
                items.iter().map(|i| coord_part(sink, key, i)).collect();
            let parts: Option<Vec<At<String>>> = parts.into_iter().collect();
            parts.map(|p| At::new(p, node.span()))
        }
        _ => {
            sink.error(
                node.span().start,
                format!(
                    "`{key}` should be a list of numbers or expressions in quotes, {}",
                    sink.found(node)
                ),
            );
            None
        }
    }
}

/// `[[x1, y1], [x2, y2]]`.
fn two_coords(sink: &mut Sink<'_>, t: &Table<'_, '_>, key: &str) -> Option<[RawCoord; 2]> {
    let node = t.get(key)?;
    match node.get_ref() {
        DeValue::Array(items) if items.len() == 2 => {
            let a = coord(sink, key, &items[0]);
            let b = coord(sink, key, &items[1]);
            Some([a?, b?])
        }
        _ => {
            sink.error(
                node.span().start,
                format!(
                    "`{key}` should be two points [[x1, y1], [x2, y2]], {}",
                    sink.found(node)
                ),
            );
            None
        }
    }
}
