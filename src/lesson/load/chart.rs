//! `chart` blocks: the variable, ranges, plots (expressions, pieces,
//! points) and their styles.

use toml::de::DeValue;

use super::super::raw::{self, Str, Table, list_keys};
use super::super::{Chart, ColorName, LineStyle, Piece, Plot, PlotData};
use super::{CHART_KEYS, PIECE_KEYS, PLOT_KEYS, STYLES, Validator, is_var_name};
use crate::expr::Expr;

impl Validator<'_, '_> {
    pub(super) fn chart(&mut self, table: &Table<'_, '_>) -> Option<Chart> {
        let title = self.sink.str_opt(table, "title").map(|s| s.value);
        let var = match self.sink.str_opt(table, "var") {
            Some(v) if is_var_name(&v.value) => Some(v.value),
            Some(v) => {
                self.sink.error(
                    v.span.start,
                    format!(
                        "`var` \"{}\" is not a variable name: use letters (and digits after them), like \"x\" or \"t\"",
                        v.value
                    ),
                );
                None
            }
            None if table.has("var") => None,
            None => Some("x".to_string()),
        };
        let x = if table.has("x") {
            self.range(table, "x")
        } else {
            self.sink.error(
                table.span.start,
                "missing required key `x` (the horizontal range, e.g. x = [-1.0, 5.0]) in a `chart` block",
            );
            None
        };
        let y = self.range(table, "y");
        let x_label = self.sink.str_opt(table, "x_label").map(|s| s.value);
        let y_label = self.sink.str_opt(table, "y_label").map(|s| s.value);
        let equal_aspect = self.sink.equal_aspect(table);
        let var_name = var.clone().unwrap_or_else(|| "x".to_string());
        let mut plots = Vec::new();
        for (map, span) in self.sink.tables(table, "plot") {
            let plot = Table::new(map, span, "a plot");
            if let Some(p) = self.plot(&plot, &var_name) {
                plots.push(p);
            }
        }
        Some(Chart {
            title,
            var: var?,
            x: x?,
            y,
            x_label,
            y_label,
            plots,
            equal_aspect,
        })
    }

    /// A `[min, max]` range with min < max.
    pub(super) fn range(&mut self, table: &Table<'_, '_>, key: &str) -> Option<(f64, f64)> {
        let ((min, max), span) = self.sink.range_opt(table, key)?;
        if min >= max {
            self.sink.error(
                span.start,
                format!("`{key}` range [{min}, {max}]: the minimum must be less than the maximum"),
            );
            return None;
        }
        Some((min, max))
    }

    pub(super) fn plot(&mut self, table: &Table<'_, '_>, var: &str) -> Option<Plot> {
        self.sink
            .check_keys(table, PLOT_KEYS, Some(("chart", CHART_KEYS)));
        let present: Vec<&str> = ["expr", "pieces", "points"]
            .into_iter()
            .filter(|k| table.has(k))
            .collect();
        let data = match present.as_slice() {
            ["expr"] => self
                .sink
                .str_req(table, "expr")
                .and_then(|s| self.chart_expression(&s, var, "plot"))
                .map(PlotData::Expr),
            ["pieces"] => self.pieces(table, var).map(PlotData::Pieces),
            ["points"] => self.points(table).map(PlotData::Points),
            [] => {
                self.sink.error(
                    table.span.start,
                    "a plot needs exactly one of `expr`, `pieces` or `points`; this one has none",
                );
                None
            }
            many => {
                self.sink.error(
                    table.span.start,
                    format!(
                        "a plot needs exactly one of `expr`, `pieces` or `points`; this one has {}",
                        list_keys(many).replace(" or ", " and ")
                    ),
                );
                None
            }
        };
        let label = self.sink.str_opt(table, "label").map(|s| s.value);
        let style = self
            .sink
            .str_opt(table, "style")
            .and_then(|s| match s.value.as_str() {
                "solid" => Some(LineStyle::Solid),
                "dashed" => Some(LineStyle::Dashed),
                "dots" => Some(LineStyle::Dots),
                other => {
                    self.bad_name("style", other, &s, STYLES);
                    None
                }
            })
            .unwrap_or_default();
        let color = self.sink.str_opt(table, "color").and_then(|s| {
            let c = ColorName::from_name(&s.value);
            if c.is_none() {
                let names: Vec<&str> = ColorName::ALL.iter().map(|(n, _)| *n).collect();
                self.bad_name("color", &s.value, &s, &names);
            }
            c
        });
        let derivative = self.sink.bool_opt(table, "derivative").unwrap_or(false);
        if derivative && matches!(data, Some(PlotData::Points(_))) {
            self.sink.error(
                table
                    .get("derivative")
                    .map_or(table.span.start, |n| n.span().start),
                "`derivative = true` needs a function (`expr` or `pieces`), not `points`",
            );
        }
        let hollow = self.sink.bool_opt(table, "hollow").unwrap_or(false);
        if hollow && !matches!(data, Some(PlotData::Points(_))) {
            let at = table
                .get("hollow")
                .map_or(table.span.start, |n| n.span().start);
            self.sink.warn_at(
                self.sink.lines.pos(at),
                "`hollow` only changes how `points` are drawn; it has no effect here",
            );
        }
        Some(Plot {
            data: data?,
            label,
            style,
            color,
            derivative,
            hollow,
        })
    }

    pub(super) fn pieces(&mut self, table: &Table<'_, '_>, var: &str) -> Option<Vec<Piece>> {
        let node = table.get("pieces")?;
        let tables = self.sink.tables(table, "pieces");
        if tables.is_empty() {
            if matches!(node.get_ref(), DeValue::Array(a) if a.is_empty()) {
                self.sink.error(
                    node.span().start,
                    "`pieces` is empty: give at least one piece",
                );
            }
            return None;
        }
        let mut ok = true;
        let mut pieces = Vec::new();
        for (map, span) in tables {
            let t = Table::new(map, span.clone(), "a piece");
            self.sink.check_keys(&t, PIECE_KEYS, None);
            let from = self.sink.num_req(&t, "from");
            let to = self.sink.num_req(&t, "to");
            let expr = self
                .sink
                .str_req(&t, "expr")
                .and_then(|s| self.chart_expression(&s, var, "piece"));
            if let (Some(f), Some(t)) = (from, to)
                && f >= t
            {
                self.sink.error(
                    span.start,
                    format!("piece from {f} to {t}: `from` must be less than `to`"),
                );
                ok = false;
            }
            match (from, to, expr) {
                (Some(from), Some(to), Some(expr)) => pieces.push(Piece { from, to, expr }),
                _ => ok = false,
            }
        }
        ok.then_some(pieces)
    }

    pub(super) fn points(&mut self, table: &Table<'_, '_>) -> Option<Vec<(f64, f64)>> {
        let mut ok = true;
        let points = self.sink.list_opt(table, "points", |sink, n| {
            let pair = match n.get_ref() {
                DeValue::Array(xy) if xy.len() == 2 => {
                    match (raw::number(xy[0].get_ref()), raw::number(xy[1].get_ref())) {
                        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some((x, y)),
                        _ => None,
                    }
                }
                _ => None,
            };
            if pair.is_none() {
                let found = sink.found(n);
                sink.error(
                    n.span().start,
                    format!("each point should be [x, y] with two numbers, {found}"),
                );
                ok = false;
            }
            pair
        })?;
        ok.then_some(points)
    }

    /// An expression of a chart, a function of the chart's `var`: an
    /// unknown name gets a word on where the variable comes from.
    pub(super) fn chart_expression(&mut self, s: &Str, var: &str, what: &str) -> Option<Expr> {
        let before = self.sink.diags.len();
        let parsed = self.expression(s, &[var], &format!("{what} expression"));
        if parsed.is_none()
            && let Some(d) = self.sink.diags.get_mut(before)
            && d.message.contains("not a variable")
        {
            d.message.push_str(&format!(
                "; a chart's expressions use its variable `{var}` (set with `var`)"
            ));
        }
        parsed
    }
}
