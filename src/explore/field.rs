//! Contour lines and shaded height maps: a function of the canvas
//! coordinates (`[[...draw]] contour = "..."`), sampled once per braille
//! dot of the canvas.
//!
//! Here: checking a `contour` draw, sampling its function on the canvas's
//! dot grid, choosing levels, finding the dots a level passes through and
//! the heights the shade is drawn from. Drawing them is `ui::chart`'s job.

use super::raw::{At, RawDraw};
use super::{Builder, DrawShape, Explorer, RESERVED, State, valid_name};
use crate::chart::{Area, BRAILLE_DOTS, HeightMap, Plotted};
use crate::expr::Expr;

/// How many levels are drawn when the author names none.
pub const DEFAULT_LEVELS: usize = 6;

/// A checked `contour` draw.
#[derive(Debug, Clone)]
pub(super) struct Contour {
    /// Over the explorer's names (parameters, lets, the running variable),
    /// then the two coordinates.
    pub expr: Expr,
    pub levels: Option<Vec<f64>>,
    pub shade: bool,
}

/// Check a `contour` draw. `names` are the explorer's (parameter slots and
/// lets) at this point; the coordinates come after them and the running
/// variable's slot, so the scratch environment is the explorer's with two
/// more slots.
pub(super) fn build(b: &mut Builder, d: &RawDraw, src: &At<String>) -> Option<DrawShape> {
    let vars: Vec<At<String>> = match &d.vars {
        None => vec![
            At::new("x".to_string(), src.span.clone()),
            At::new("y".to_string(), src.span.clone()),
        ],
        Some(v) if v.len() == 2 => v.clone(),
        Some(v) => {
            let span = v.first().map_or(d.span.clone(), |a| a.span.clone());
            b.problem(
                &span,
                format!(
                    "`vars` needs the names of the two coordinates, [\"x\", \"y\"]; found {}",
                    v.len()
                ),
            );
            return None;
        }
    };
    let mut ok = true;
    for (k, v) in vars.iter().enumerate() {
        let n = &v.value;
        let clash = b
            .names
            .iter()
            .any(|m| m == n || m.split('.').next() == Some(n.as_str()));
        let problem = if !valid_name(n) || RESERVED.contains(&n.as_str()) {
            Some(format!(
                "`vars` name \"{n}\" is not a usable name: use a letter, then letters, digits or `_` (not a function or constant)"
            ))
        } else if clash && d.vars.is_none() {
            Some(format!(
                "a `contour`'s coordinates are called x and y unless `vars` names them, and \"{n}\" is already a slider, point or `let` of this explorer: give them other names (`vars = [\"u\", \"v\"]`)"
            ))
        } else if clash {
            Some(format!(
                "`vars` name \"{n}\" is already a slider, point or `let` of this explorer: the contour's coordinates need names of their own (`vars = [\"u\", \"v\"]`)"
            ))
        } else if vars[..k].iter().any(|w| w.value == *n) {
            Some(format!("`vars` names \"{n}\" twice"))
        } else {
            None
        };
        if let Some(message) = problem {
            // The defaults stand for no span of their own: point at the
            // contour's expression then.
            b.problem(&v.span, message);
            ok = false;
        }
    }
    let levels = d.levels.as_ref().and_then(|l| check_levels(b, l));
    if !ok {
        return None;
    }
    // The scratch environment is the explorer's names plus its running
    // variable's slot, then the two coordinates.
    // (An empty name is never matched, and not listed in messages.)
    let names: Vec<&str> = b
        .names
        .iter()
        .map(String::as_str)
        .chain(["", vars[0].value.as_str(), vars[1].value.as_str()])
        .collect();
    let expr = match super::parse_at(&src.value, &src.span, &names) {
        Ok(e) => e,
        Err(p) => {
            b.problems.push(p);
            return None;
        }
    };
    if d.levels.is_some() && levels.is_none() {
        return None;
    }
    Some(DrawShape::Contour(Contour {
        expr,
        levels,
        shade: d.shade,
    }))
}

/// `levels`: at least one, each finite, in increasing order.
fn check_levels(b: &mut Builder, l: &At<Vec<f64>>) -> Option<Vec<f64>> {
    let v = &l.value;
    if v.is_empty() {
        b.problem(
            &l.span,
            "`levels` is empty: give the heights to draw, lowest first",
        );
        return None;
    }
    if let Some(w) = v
        .windows(2)
        .find(|w| w[0].partial_cmp(&w[1]).is_none_or(|o| o.is_ge()))
    {
        b.problem(
            &l.span,
            format!(
                "`levels` must increase from left to right: {} comes before {}",
                w[0], w[1]
            ),
        );
        return None;
    }
    if v.iter().any(|x| !x.is_finite()) {
        b.problem(&l.span, "`levels` must be finite numbers");
        return None;
    }
    Some(v.clone())
}

impl Explorer {
    /// Sample each contour draw once per dot of `canvas` and put its lines
    /// (and, for the first one with `shade`, its heights) into `plotted`.
    /// `contours` are (series index, draw index, shade).
    pub(super) fn draw_contours(
        &self,
        plotted: &mut Plotted,
        state: &State,
        contours: &[(usize, usize, bool)],
        canvas: Area,
    ) {
        if contours.is_empty() {
            return;
        }
        let grid = DotGrid {
            x: plotted.x_bounds,
            y: plotted.y_bounds,
            cols: usize::from(canvas.width) * usize::from(BRAILLE_DOTS.0),
            rows: usize::from(canvas.height) * usize::from(BRAILLE_DOTS.1),
        };
        let mut env = self.env(state);
        let (xi, yi) = (env.len(), env.len() + 1);
        env.extend([f64::NAN, f64::NAN]);
        for &(series, draw, shade) in contours {
            let Some(DrawShape::Contour(c)) = self.draws.get(draw).map(|d| &d.shape) else {
                continue;
            };
            let values = grid.sample(|x, y| {
                env[xi] = x;
                env[yi] = y;
                c.expr.eval(&env)
            });
            let levels = match &c.levels {
                Some(l) => l.clone(),
                None => auto_levels(&values, DEFAULT_LEVELS),
            };
            let dots = contour_dots(&grid, &values, &levels);
            if let Some(s) = plotted.series.get_mut(series) {
                s.runs = dot_runs(&grid, &dots);
            }
            if shade && plotted.heights.is_none() {
                plotted.heights = Some(height_map(&grid, &values));
            }
        }
    }
}

/// The dots of a canvas: `cols` x `rows` of them, the first column on the
/// x range's low end and the last on its high end, the first row on the y
/// range's top (as the canvas places its dots).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DotGrid {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub cols: usize,
    pub rows: usize,
}

impl DotGrid {
    /// The view position of dot `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> (f64, f64) {
        let step = |(lo, hi): (f64, f64), n: usize| (hi - lo) / (n.max(2) - 1) as f64;
        (
            self.x.0 + i as f64 * step(self.x, self.cols),
            self.y.1 - j as f64 * step(self.y, self.rows),
        )
    }

    /// `f` at every dot, row by row from the top.
    pub fn sample(&self, mut f: impl FnMut(f64, f64) -> f64) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.cols * self.rows);
        for j in 0..self.rows {
            for i in 0..self.cols {
                let (x, y) = self.at(i, j);
                out.push(f(x, y));
            }
        }
        out
    }
}

/// The lowest and highest finite value, if there is one.
fn span_of(values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// `n` levels evenly spread strictly between the lowest and highest value
/// (none on a flat or undefined function: there is no line to draw).
pub fn auto_levels(values: &[f64], n: usize) -> Vec<f64> {
    match span_of(values) {
        Some((lo, hi)) if hi > lo => (1..=n)
            .map(|k| lo + (hi - lo) * k as f64 / (n + 1) as f64)
            .collect(),
        _ => Vec::new(),
    }
}

/// The dots a level passes through: between two neighbouring dots (across
/// or down) on opposite sides of a level, the one nearer to it is lit, so
/// a line is one dot thick and sits where the level is.
pub fn contour_dots(grid: &DotGrid, values: &[f64], levels: &[f64]) -> Vec<(usize, usize)> {
    let (cols, rows) = (grid.cols, grid.rows);
    if values.len() != cols * rows || levels.is_empty() {
        return Vec::new();
    }
    let mut lit = vec![false; values.len()];
    let mut mark = |a: usize, b: usize| {
        let (va, vb) = (values[a], values[b]);
        if !(va.is_finite() && vb.is_finite()) {
            return;
        }
        for &c in levels {
            let (da, db) = (va - c, vb - c);
            // On opposite sides, or exactly on the level at one end (but
            // not both ways round, which would light both dots).
            if (da < 0.0 && db >= 0.0) || (da >= 0.0 && db < 0.0) {
                lit[if da.abs() <= db.abs() { a } else { b }] = true;
            }
        }
    };
    for j in 0..rows {
        for i in 0..cols {
            let k = j * cols + i;
            if i + 1 < cols {
                mark(k, k + 1);
            }
            if j + 1 < rows {
                mark(k, k + cols);
            }
        }
    }
    lit.iter()
        .enumerate()
        .filter(|(_, l)| **l)
        .map(|(k, _)| (k % cols, k / cols))
        .collect()
}

/// The sampled values as a height map: each a fraction of the way from
/// the lowest to the highest value on screen.
pub fn height_map(grid: &DotGrid, values: &[f64]) -> HeightMap {
    let (lo, hi) = span_of(values).unwrap_or((0.0, 1.0));
    let scale = if hi > lo { hi - lo } else { 1.0 };
    HeightMap {
        cols: grid.cols,
        rows: grid.rows,
        values: values
            .iter()
            .map(|v| {
                if v.is_finite() {
                    (v - lo) / scale
                } else {
                    f64::NAN
                }
            })
            .collect(),
    }
}

/// The runs a contour series is drawn from: one run per lit dot.
pub fn dot_runs(grid: &DotGrid, dots: &[(usize, usize)]) -> Vec<Vec<(f64, f64)>> {
    dots.iter().map(|&(i, j)| vec![grid.at(i, j)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> DotGrid {
        // 81 x 81 dots over [-2, 2]²: a dot every 0.05.
        DotGrid {
            x: (-2.0, 2.0),
            y: (-2.0, 2.0),
            cols: 81,
            rows: 81,
        }
    }

    #[test]
    fn the_unit_circle_lights_the_dots_at_radius_one() {
        let g = grid();
        let values = g.sample(|x, y| x * x + y * y);
        let dots = contour_dots(&g, &values, &[1.0]);
        let pitch = 0.05;
        assert!(dots.len() > 100, "{} dots", dots.len());
        for &(i, j) in &dots {
            let (x, y) = g.at(i, j);
            let r = (x * x + y * y).sqrt();
            assert!((r - 1.0).abs() <= pitch, "dot ({i}, {j}) at r = {r}");
        }
        // The four points where the circle crosses the axes are lit.
        for (i, j) in [(60, 40), (20, 40), (40, 20), (40, 60)] {
            assert!(dots.contains(&(i, j)), "({i}, {j}) not lit");
        }
        // Every quadrant has its arc, none its centre.
        for (sx, sy) in [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)] {
            let n = dots
                .iter()
                .filter(|&&(i, j)| {
                    let (x, y) = g.at(i, j);
                    x * sx > 0.0 && y * sy > 0.0
                })
                .count();
            assert!(n > 20, "quadrant ({sx}, {sy}): {n} dots");
        }
        assert!(!dots.contains(&(40, 40)));
    }

    #[test]
    fn each_level_is_a_line_one_dot_thick() {
        // f = x: the level 0.5 is the vertical line x = 0.5, one column.
        let g = grid();
        let values = g.sample(|x, _| x);
        let dots = contour_dots(&g, &values, &[0.5, 1.0]);
        let mut columns: Vec<usize> = dots.iter().map(|d| d.0).collect();
        columns.sort_unstable();
        columns.dedup();
        assert_eq!(columns, [50, 60]);
        assert_eq!(dots.len(), 2 * 81);
    }

    #[test]
    fn undefined_values_light_nothing() {
        let g = grid();
        let values = g.sample(|x, y| (1.0 - x * x - y * y).sqrt());
        // sqrt is undefined outside the unit disc: no line along its rim
        // from the jump to NaN.
        let dots = contour_dots(&g, &values, &[0.5]);
        for &(i, j) in &dots {
            let (x, y) = g.at(i, j);
            let r2 = x * x + y * y;
            assert!((r2 - 0.75).abs() < 0.2, "({x}, {y})");
        }
    }

    #[test]
    fn automatic_levels_lie_strictly_inside_the_range() {
        assert_eq!(
            auto_levels(&[0.0, 7.0, f64::NAN], 6),
            [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        );
        assert!(auto_levels(&[2.0, 2.0], 6).is_empty());
        assert!(auto_levels(&[f64::NAN], 6).is_empty());
    }

    #[test]
    fn heights_run_from_zero_to_one() {
        let g = DotGrid {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            cols: 3,
            rows: 1,
        };
        let m = height_map(&g, &[2.0, 4.0, f64::NAN]);
        assert_eq!(m.values[..2], [0.0, 1.0]);
        assert!(m.values[2].is_nan());
    }
}
