//! Paths by recurrence: a state of one to four numbers, where it starts, the
//! update that gives the next state from the current one, and how many
//! updates are taken (usually a slider). Gradient descent is the example
//! this was made for: `x <- x - eta*f'(x)`, drawn step by step.
//!
//! A path is evaluated in written order among the explorer's `let`s: its
//! expressions see the parameters and the `let`s (and paths) written before
//! it, and what it gives (`name.x`, `name.y`: where its last iterate is
//! drawn; `name.k`: how many updates were taken) is seen by everything
//! written after it, and by draws, readouts and tables.

use super::raw::{At, RawPath};
use super::{Builder, ColorName, Expr, LineStyle, Series, SeriesKind, parse_at, valid_name};

/// The most updates a path takes, whatever `steps` says: a slider gone
/// wild must not stall the redraw.
pub const MAX_STEPS: usize = 1000;

/// How many names a path's state may have.
const MAX_VARS: usize = 4;

/// The colour of a path without a `color`, so its segments and its marks
/// share one colour (the chart's palette would give them two).
const DEFAULT_COLOR: ColorName = ColorName::Magenta;

/// A validated path.
#[derive(Debug, Clone)]
pub(super) struct Path {
    /// How many of the explorer's value slots come before the path: its
    /// expressions were parsed over those names followed by its vars.
    upto: usize,
    start: Vec<Expr>,
    update: Vec<Expr>,
    steps: Expr,
    at: [Expr; 2],
    pub(super) label: Option<String>,
    pub(super) color: ColorName,
}

/// The iterates of a path for one state of the explorer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Walk {
    /// Where each iterate is drawn, the start first; ends early at the
    /// first iterate that is not finite.
    pub(super) points: Vec<(f64, f64)>,
}

impl Walk {
    /// `name.x`, `name.y` and `name.k`: the last iterate's position and how
    /// many updates led to it (undefined position when even the start is
    /// not finite).
    pub(super) fn outputs(&self) -> [f64; 3] {
        match self.points.last() {
            Some(&(x, y)) => [x, y, (self.points.len() - 1) as f64],
            None => [f64::NAN, f64::NAN, 0.0],
        }
    }
}

/// The names a path gives, in slot order.
pub(super) const OUTPUTS: [&str; 3] = ["x", "y", "k"];

/// `steps` as a number of updates: rounded, clamped to `0..=MAX_STEPS`, and
/// none when it is undefined.
pub(super) fn step_count(v: f64) -> usize {
    if v.is_finite() {
        v.round().clamp(0.0, MAX_STEPS as f64) as usize
    } else {
        0
    }
}

impl Path {
    /// Walk the path: `env` holds (at least) the values of the slots before
    /// the path.
    pub(super) fn walk(&self, env: &[f64]) -> Walk {
        let mut scratch: Vec<f64> = env.iter().take(self.upto).copied().collect();
        scratch.resize(self.upto, f64::NAN);
        let steps = step_count(self.steps.eval(&scratch));
        let start: Vec<f64> = self.start.iter().map(|e| e.eval(&scratch)).collect();
        scratch.extend(&start);
        let mut points = Vec::with_capacity(steps + 1);
        let mut next = vec![0.0; self.update.len()];
        for k in 0..=steps {
            if k > 0 {
                // All at once: every update reads the state before the step.
                for (n, e) in next.iter_mut().zip(&self.update) {
                    *n = e.eval(&scratch);
                }
                scratch[self.upto..].copy_from_slice(&next);
            }
            let state = &scratch[self.upto..];
            let at = (self.at[0].eval(&scratch), self.at[1].eval(&scratch));
            if !state.iter().all(|v| v.is_finite()) || !at.0.is_finite() || !at.1.is_finite() {
                break;
            }
            points.push(at);
        }
        Walk { points }
    }
}

/// Validate a raw path against the names declared so far, then declare
/// `name.x`, `name.y` and `name.k` (also when it has problems, so the
/// slots after it stay where the names say).
pub(super) fn build(b: &mut Builder, raw: &RawPath) -> Option<Path> {
    let upto = b.names.len();
    let vars = vars(b, &raw.vars);
    let n = vars.len();
    // With a var refused, its uses in `update` would only echo that
    // problem as "not a name": those expressions wait for good vars.
    let vars_ok = n == raw.vars.value.len();
    let mut ok = vars_ok;
    let mut count = |b: &mut Builder, list: &At<Vec<At<String>>>, key: &str| {
        if list.value.len() != raw.vars.value.len() {
            b.problem(
                &list.span,
                format!(
                    "path \"{}\": `{key}` has {} but `vars` has {}: give one per var, in the same order",
                    raw.name.value,
                    plural(list.value.len(), "value"),
                    plural(raw.vars.value.len(), "name")
                ),
            );
            ok = false;
        }
    };
    count(b, &raw.start, "start");
    count(b, &raw.update, "update");
    let before: Vec<String> = b.names.clone();
    let with_vars: Vec<String> = before.iter().cloned().chain(vars).collect();
    let start = parse_all(b, &raw.start.value, &before);
    let update = if vars_ok {
        parse_all(b, &raw.update.value, &with_vars)
    } else {
        None
    };
    let steps = parse(b, &raw.steps, &before);
    let at = match &raw.at {
        Some(at) if at.value.len() == 2 && vars_ok => parse_all(b, &at.value, &with_vars),
        Some(at) if at.value.len() == 2 => None,
        Some(at) => {
            b.problem(
                &at.span,
                format!(
                    "path \"{}\": `at` should be [x, y], where each iterate is drawn; it has {}",
                    raw.name.value,
                    plural(at.value.len(), "value")
                ),
            );
            None
        }
        None if n == 2 => {
            // The default: the two vars themselves are the position.
            let names: Vec<&str> = with_vars.iter().map(String::as_str).collect();
            let x = crate::expr::parse(&with_vars[upto], &names).ok();
            let y = crate::expr::parse(&with_vars[upto + 1], &names).ok();
            x.zip(y).map(|(x, y)| vec![x, y])
        }
        None => {
            if vars_ok {
                b.problem(
                    &raw.span,
                    format!(
                        "path \"{}\" has {}: say where each iterate is drawn with `at = [x, y]` (only two vars are drawn as they are)",
                        raw.name.value,
                        plural(n, "var")
                    ),
                );
            }
            None
        }
    };
    let color = b.color(&raw.color);
    let declared = b.declare(&raw.name, "path");
    for out in OUTPUTS {
        b.names.push(if declared {
            format!("{}.{out}", raw.name.value)
        } else {
            String::new()
        });
    }
    let at: [Expr; 2] = at?.try_into().ok()?;
    (ok && declared).then_some(())?;
    Some(Path {
        upto,
        start: start?,
        update: update?,
        steps: steps?,
        at,
        label: raw.label.clone(),
        color: color.unwrap_or(DEFAULT_COLOR),
    })
}

/// The state's names, checked: 1 to 4, each a new valid name.
fn vars(b: &mut Builder, raw: &At<Vec<At<String>>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if raw.value.is_empty() || raw.value.len() > MAX_VARS {
        b.problem(
            &raw.span,
            format!(
                "a path's `vars` names its state: 1 to {MAX_VARS} names, not {}",
                raw.value.len()
            ),
        );
        return out;
    }
    for v in &raw.value {
        let name = &v.value;
        let taken = b
            .names
            .iter()
            .any(|m| m == name || m.split('.').next() == Some(name));
        let problem = if !valid_name(name) {
            Some(format!(
                "path var \"{name}\" is not a valid name: use a letter, then letters, digits or `_`"
            ))
        } else if super::RESERVED.contains(&name.as_str()) {
            Some(format!(
                "path var \"{name}\" is taken by a function or constant; choose another"
            ))
        } else if taken {
            Some(format!(
                "path var \"{name}\" is already a name in this explorer; a path's vars need names of their own"
            ))
        } else if out.contains(name) {
            Some(format!("path var \"{name}\" is listed twice"))
        } else {
            None
        };
        match problem {
            Some(p) => b.problem(&v.span, p),
            None => out.push(name.clone()),
        }
    }
    out
}

fn parse(b: &mut Builder, src: &At<String>, names: &[String]) -> Option<Expr> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match parse_at(&src.value, &src.span, &names) {
        Ok(e) => Some(e),
        Err(p) => {
            b.problems.push(p);
            None
        }
    }
}

/// Every expression of a list, each problem reported; `None` if any has one.
fn parse_all(b: &mut Builder, list: &[At<String>], names: &[String]) -> Option<Vec<Expr>> {
    let parsed: Vec<Option<Expr>> = list.iter().map(|s| parse(b, s, names)).collect();
    parsed.into_iter().collect()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The chart series of a path's iterates: the segments between them, a
/// hollow mark on each iterate before the last, and the last one filled
/// (the one the legend names, so the legend shows the mark to look for).
pub(super) fn series(
    points: &[(f64, f64)],
    color: ColorName,
    label: &Option<String>,
) -> Vec<Series> {
    let Some((&last, before)) = points.split_last() else {
        return Vec::new();
    };
    let series = |runs: Vec<Vec<(f64, f64)>>, kind: SeriesKind, label: Option<String>| Series {
        label,
        style: LineStyle::Solid,
        color: Some(color),
        runs,
        kind,
    };
    let mut out = Vec::with_capacity(3);
    if !before.is_empty() {
        out.push(series(vec![points.to_vec()], SeriesKind::Line, None));
        out.push(series(
            vec![before.to_vec()],
            SeriesKind::Points { hollow: true },
            None,
        ));
    }
    out.push(series(
        vec![vec![last]],
        SeriesKind::Points { hollow: false },
        label.clone(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::super::raw::*;
    use super::super::{Explorer, Issue, Scene, Shape};
    use super::*;

    fn s(v: &str) -> At<String> {
        At::new(v.to_string(), 0..1)
    }

    fn list(items: &[&str]) -> At<Vec<At<String>>> {
        At::new(items.iter().map(|i| s(i)).collect(), 0..1)
    }

    /// Gradient descent on f(x) = x² (f'(x) = 2x) from `x0`, with learning
    /// rate slider `eta` and step slider `k`, drawn at (x, x²), with
    /// readouts of the last iterate and the step count.
    fn descent(x0: &str, eta: f64) -> RawExplore {
        let slider = |name: &str, max: f64, step: f64, start: f64| RawSlider {
            span: 0..1,
            name: s(name),
            label: None,
            min: At::new(0.0, 0..1),
            max: At::new(max, 0..1),
            step: Some(At::new(step, 0..1)),
            big_step: None,
            start: Some(At::new(start, 0..1)),
            unit: None,
            play: None,
            play_every: None,
        };
        RawExplore {
            span: 0..1,
            x: Some(At::new((-4.0, 4.0), 0..1)),
            y: Some(At::new((0.0, 10.0), 0..1)),
            sliders: vec![slider("eta", 2.0, 0.05, eta), slider("k", 50.0, 1.0, 3.0)],
            paths: vec![RawPath {
                span: 5..6,
                name: s("gd"),
                vars: list(&["x"]),
                start: list(&[x0]),
                update: list(&["x - eta*2*x"]),
                steps: s("k"),
                at: Some(list(&["x", "x^2"])),
                label: Some("iterates".into()),
                color: None,
            }],
            readouts: ["gd.x", "gd.k"]
                .iter()
                .map(|e| RawReadout {
                    label: e.to_string(),
                    expr: s(e),
                    precision: Some(At::new(6, 0..1)),
                    unit: None,
                })
                .collect(),
            ..RawExplore::default()
        }
    }

    fn build(raw: &RawExplore) -> Explorer {
        match Explorer::build(raw) {
            Ok(e) => e,
            Err(p) => panic!("{p:#?}"),
        }
    }

    fn problems(raw: &RawExplore) -> Vec<String> {
        match Explorer::build(raw) {
            Ok(_) => panic!("built"),
            Err(p) => p.into_iter().map(|i: Issue| i.message).collect(),
        }
    }

    fn iterates(scene: &Scene) -> Vec<(f64, f64)> {
        scene
            .shapes
            .iter()
            .find_map(|s| match s {
                Shape::Iterates { points, .. } => Some(points.clone()),
                _ => None,
            })
            .expect("a path is drawn")
    }

    #[test]
    fn gradient_descent_on_x_squared_multiplies_by_0_8_each_step() {
        let e = build(&descent("3", 0.1));
        let scene = e.scene(&e.start(), &[0.0, 1.0]);
        let points = iterates(&scene);
        // x_k = 3·0.8^k, so x_3 = 1.536, drawn at (x, x²).
        assert_eq!(points.len(), 4);
        for (k, (x, y)) in points.iter().enumerate() {
            let want = 3.0 * 0.8f64.powi(k as i32);
            assert!((x - want).abs() < 1e-12, "x_{k} = {x}, want {want}");
            assert!((y - want * want).abs() < 1e-12);
        }
        assert_eq!(scene.readouts[0].value, "1.536000");
        assert_eq!(scene.readouts[1].value, "3.000000");
    }

    #[test]
    fn the_step_slider_walks_the_path_and_steps_are_clamped() {
        let e = build(&descent("3", 0.1));
        let mut state = e.start();
        state.focus = 1;
        e.to_end(&mut state, true);
        let scene = e.scene(&state, &[0.0]);
        assert_eq!(iterates(&scene).len(), 51);
        assert_eq!(scene.readouts[1].value, "50.000000");
        assert_eq!(step_count(5000.0), MAX_STEPS);
        assert_eq!(step_count(-2.0), 0);
        assert_eq!(step_count(2.5), 3);
        assert_eq!(step_count(f64::NAN), 0);
    }

    #[test]
    fn a_diverging_path_ends_at_its_last_finite_iterate() {
        // eta = 2: x ← -3x, finite for a long while; huge x² overflows to
        // infinity well before 1000 steps, and the path stops there.
        let mut raw = descent("3", 2.0);
        raw.sliders[1].max = At::new(1000.0, 0..1);
        raw.sliders[1].start = Some(At::new(1000.0, 0..1));
        let e = build(&raw);
        let scene = e.scene(&e.start(), &[0.0]);
        let points = iterates(&scene);
        assert!(points.len() > 10 && points.len() < 1000, "{}", points.len());
        assert!(points.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        let k: f64 = scene.readouts[1].value.parse().expect("a number");
        assert_eq!(k as usize, points.len() - 1);
        // Undefined from the start: nothing drawn, the position undefined.
        let e = build(&descent("ln(0 - 1)", 0.1));
        let scene = e.scene(&e.start(), &[0.0]);
        assert!(iterates(&scene).is_empty());
        assert_eq!(scene.readouts[0].value, "undefined");
        assert_eq!(scene.readouts[1].value, "0.000000");
    }

    #[test]
    fn two_vars_update_at_once_and_lets_after_a_path_see_it() {
        // (x, y) ← (y, x): a swap only when both read the old state.
        let mut raw = descent("1", 0.1);
        raw.paths[0].vars = list(&["x", "y"]);
        raw.paths[0].start = list(&["1", "2"]);
        raw.paths[0].update = list(&["y", "x"]);
        raw.paths[0].at = None;
        raw.lets = vec![RawLet {
            name: At::new("sum".into(), 9..10),
            expr: s("gd.x + 10*gd.y"),
        }];
        raw.readouts[0].expr = s("sum");
        let e = build(&raw);
        let scene = e.scene(&e.start(), &[0.0]);
        assert_eq!(
            iterates(&scene),
            [(1.0, 2.0), (2.0, 1.0), (1.0, 2.0), (2.0, 1.0)]
        );
        assert_eq!(scene.readouts[0].value, "12.000000");
    }

    #[test]
    fn mistakes_in_a_path_are_named() {
        let mut raw = descent("3", 0.1);
        raw.paths[0].update = list(&["x - eta*2*x", "y"]);
        raw.paths[0].at = Some(list(&["x", "x^2", "0"]));
        assert_eq!(
            problems(&raw),
            [
                "path \"gd\": `update` has 2 values but `vars` has 1 name: give one per var, in the same order",
                "in the expression `y`: `y` is not a name in this explorer (it has eta, k, x)",
                "path \"gd\": `at` should be [x, y], where each iterate is drawn; it has 3 values",
            ]
        );
        let mut raw = descent("3", 0.1);
        raw.paths[0].at = None;
        raw.readouts[0].expr = s("gd.z");
        let got = problems(&raw);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].contains("say where each iterate is drawn"),
            "{}",
            got[0]
        );
        assert_eq!(
            got[1],
            "in the expression `gd.z`: `gd.z` is not a name in this explorer; did you mean `gd.x`? (it has eta, k, gd.x, gd.y, gd.k)"
        );
        let mut raw = descent("3", 0.1);
        raw.paths[0].vars = list(&["eta"]);
        assert_eq!(
            problems(&raw),
            [
                "path var \"eta\" is already a name in this explorer; a path's vars need names of their own"
            ]
        );
    }
}
