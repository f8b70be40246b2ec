//! Interactive explorers: parameters a learner changes, a scene drawn from
//! expressions over them, and live numbers.
//!
//! An explorer is written entirely in the lesson file (see the `explore`
//! section of `docs/lesson-format.md`); no lesson needs Rust code. This
//! module holds the pure parts:
//!
//! - [`raw`]: the serde mirror of an `explore` block;
//! - [`Explorer::build`]: validation into an [`Explorer`], every problem with
//!   the byte span it points at;
//! - [`State`]: the learner's current parameter values, focus and moves;
//! - [`Explorer::scene`]: the shapes, readouts and tables for one state,
//!   computed when a parameter changes and only then;
//! - `field`: `contour` draws (checked, sampled once per canvas dot, their
//!   lines and shaded heights); `graph`: `text`, `node` and `edge` draws and
//!   their `{{expr}}` templates.
//!
//! Laying an explorer out lives in `layout::doc` and drawing its canvas in
//! `ui::chart`; keys and mouse become [`State`] calls in the app.

mod field;
mod graph;
mod path;
pub mod play;
pub mod raw;

use std::ops::Range;

use crate::chart::{self, Plotted, Series, SeriesKind};
use crate::chart::{ColorName, LineStyle};
use crate::expr::{self, Expr};

/// A validated explorer definition.
#[derive(Debug, Clone, Default)]
pub struct Explorer {
    pub title: Option<String>,
    /// What the learner changes, in focus order.
    pub params: Vec<Param>,
    /// Named values derived from the parameters, in dependency order.
    lets: Vec<Let>,
    pub view: Plane,
    draws: Vec<Draw>,
    readouts: Vec<Readout>,
    tables: Vec<Table>,
    /// Variable names in slot order: parameter slots, then lets and paths
    /// (three slots each) as written, then one slot for the running
    /// variable of plots and tables.
    names: Vec<String>,
}

/// The coordinate plane the scene is drawn in (its ranges, labels and
/// aspect).
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    /// The running variable of `plot` shapes.
    pub var: String,
    /// Widen one range so a unit is as long across as up (`aspect = "equal"`).
    pub equal_aspect: bool,
    /// Draw the axes and ticks (`axes = false` hides them).
    pub axes: bool,
}

impl Default for Plane {
    fn default() -> Self {
        Plane {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            equal_aspect: false,
            axes: true,
            x_label: None,
            y_label: None,
            var: "x".into(),
        }
    }
}

/// A parameter the learner changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Slider(Slider),
    Point(PointParam),
}

impl Param {
    pub fn name(&self) -> &str {
        match self {
            Param::Slider(s) => &s.name,
            Param::Point(p) => &p.name,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Param::Slider(s) => &s.label,
            Param::Point(p) => &p.label,
        }
    }

    /// How many value slots the parameter takes (a point has x and y).
    fn slots(&self) -> usize {
        match self {
            Param::Slider(_) => 1,
            Param::Point(_) => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slider {
    pub name: String,
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// The step of Shift+arrow and PgUp/PgDn.
    pub big_step: f64,
    pub start: f64,
    pub unit: Option<String>,
    /// Seconds per step while the play key runs it (`play = true`);
    /// `None` when it does not play.
    pub play: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PointParam {
    pub name: String,
    pub label: String,
    pub start: (f64, f64),
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// The distance one arrow key moves the point, per axis.
    pub step: (f64, f64),
    pub color: Option<ColorName>,
}

/// A named value over what comes before it: a `let`, or a path (which
/// names three values, see [`path`]).
#[derive(Debug, Clone)]
enum Let {
    Value(Expr),
    Path(Box<path::Path>),
}

/// A number written as a number or as an expression over the parameters.
#[derive(Debug, Clone)]
struct Coord {
    x: Expr,
    y: Expr,
}

#[derive(Debug, Clone)]
struct Draw {
    shape: DrawShape,
    label: Option<String>,
    style: LineStyle,
    color: Option<ColorName>,
}

#[derive(Debug, Clone)]
enum DrawShape {
    /// y = f(var) across the view.
    Plot(Expr),
    /// A piecewise function of var: each expression on its `[from, to]`.
    Pieces(Vec<(f64, f64, Expr)>),
    Segment(Coord, Coord),
    /// The whole line through two points, clipped to the view.
    Line(Coord, Coord),
    Rect(Coord, Coord, bool),
    /// A marked point; `true` draws it hollow.
    Point(Coord, bool),
    /// A cubic Bézier through four point parameters (their slot indices).
    Bezier([usize; 4]),
    /// Contour lines of a function of the canvas coordinates (drawn at a
    /// canvas size, see `field`).
    Contour(field::Contour),
    /// Tail and head.
    Arrow(Coord, Coord),
    Text {
        at: Coord,
        text: graph::Template,
        align: chart::Align,
    },
    Node {
        at: Coord,
        name: Option<String>,
        text: graph::Template,
    },
    Edge {
        from: String,
        to: String,
        text: Option<graph::Template>,
    },
}

#[derive(Debug, Clone)]
struct Readout {
    label: String,
    expr: Expr,
    precision: usize,
    unit: Option<String>,
}

#[derive(Debug, Clone)]
struct Table {
    title: Option<String>,
    rows: Vec<f64>,
    columns: Vec<Column>,
}

#[derive(Debug, Clone)]
struct Column {
    head: String,
    expr: Expr,
    precision: usize,
}

/// One problem in an explore block: what is wrong and the byte span in the
/// lesson file it points at (the loader turns it into line:column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub span: Range<usize>,
    pub message: String,
    /// For a problem inside a string value (an expression): the value and
    /// the 0-based character it is at, so the loader can point at that very
    /// character (it knows how the string is written in the file).
    pub in_string: Option<(String, usize)>,
}

// ---------------------------------------------------------------------------
// The scene: what one state looks like.

/// Everything drawn and shown for one state of an explorer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub shapes: Vec<Shape>,
    pub readouts: Vec<ReadoutValue>,
    pub tables: Vec<TableValue>,
}

/// A shape in view coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Connected runs of points (gaps where undefined).
    Path {
        runs: Vec<Vec<(f64, f64)>>,
        style: LineStyle,
        color: Option<ColorName>,
        label: Option<String>,
    },
    Rect {
        from: (f64, f64),
        to: (f64, f64),
        fill: bool,
        style: LineStyle,
        color: Option<ColorName>,
        label: Option<String>,
    },
    Point {
        at: (f64, f64),
        color: Option<ColorName>,
        label: Option<String>,
        /// The point is a parameter: index into `Explorer::params`.
        param: Option<usize>,
        /// Drawn as an open dot.
        hollow: bool,
    },
    /// The iterates of a path: joined by segments, each marked, the last
    /// one filled.
    Iterates {
        points: Vec<(f64, f64)>,
        color: ColorName,
        label: Option<String>,
    },
    /// Contour lines of draw `draw` (sampled at a canvas size).
    Contour {
        draw: usize,
        shade: bool,
        color: Option<ColorName>,
        label: Option<String>,
    },
    Arrow {
        from: (f64, f64),
        to: (f64, f64),
        style: LineStyle,
        color: Option<ColorName>,
        label: Option<String>,
    },
    /// A text on the canvas, its `{{...}}` values filled in; a node's
    /// text is `framed`.
    Text {
        at: (f64, f64),
        text: String,
        align: chart::Align,
        framed: bool,
        color: Option<ColorName>,
        /// A node's name.
        node: Option<String>,
    },
    /// An arrow between two named nodes' boxes.
    Edge {
        from: String,
        to: String,
        text: Option<String>,
        style: LineStyle,
        color: Option<ColorName>,
        label: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReadoutValue {
    pub label: String,
    /// Formatted to the readout's precision; "undefined" where it is not.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableValue {
    pub title: Option<String>,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Format `v` with `precision` decimals, without a negative zero and with
/// "undefined" for NaN or infinities (a learner reads "undefined", not NaN).
pub fn format_number(v: f64, precision: usize) -> String {
    if !v.is_finite() {
        return "undefined".into();
    }
    let s = format!("{v:.precision$}");
    // "-0.00" reads as a sign error; the value is zero to this precision.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s.replace('-', "−")
    }
}

// ---------------------------------------------------------------------------
// The learner's state.

/// The current values and focus of one explorer.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// One value per parameter slot (a point has two).
    values: Vec<f64>,
    /// Index into `Explorer::params` of the focused parameter.
    pub focus: usize,
}

impl State {
    /// The value in `slot`, NaN (shown as "undefined") if there is none.
    fn value(&self, slot: usize) -> f64 {
        self.values.get(slot).copied().unwrap_or(f64::NAN)
    }
}

/// A direction of an arrow key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Left,
    Right,
    Up,
    Down,
}

/// What the legend adds to the label of the point that has focus; the
/// layout finds the selected point by it (to draw it hollow without colour).
pub const SELECTED: &str = " (selected)";

impl Explorer {
    /// The state an explorer starts in.
    pub fn start(&self) -> State {
        let mut values = Vec::with_capacity(self.param_slots());
        for p in &self.params {
            match p {
                Param::Slider(s) => values.push(s.start),
                Param::Point(p) => {
                    values.push(p.start.0);
                    values.push(p.start.1);
                }
            }
        }
        State { values, focus: 0 }
    }

    /// Make `state` one of this explorer's: a state made for another
    /// definition (the lesson file was edited) starts afresh rather than
    /// indexing values that are not there.
    fn fit(&self, state: &mut State) {
        if state.values.len() != self.param_slots() {
            let focus = state.focus;
            *state = self.start();
            state.focus = focus.min(self.params.len().saturating_sub(1));
        }
    }

    fn param_slots(&self) -> usize {
        self.params.iter().map(Param::slots).sum()
    }

    /// The first slot of parameter `i`.
    fn slot_of(&self, i: usize) -> usize {
        self.params[..i].iter().map(Param::slots).sum()
    }

    /// The value of a slider, or the position of a point, as shown beside
    /// the parameter.
    pub fn value_text(&self, state: &State, i: usize) -> String {
        let Some(p) = self.params.get(i) else {
            return String::new();
        };
        let slot = self.slot_of(i);
        match p {
            Param::Slider(s) => {
                let v = format_number(state.value(slot), decimals_for(s.step));
                match &s.unit {
                    Some(u) => format!("{v} {u}"),
                    None => v,
                }
            }
            Param::Point(pt) => format!(
                "({}, {})",
                format_number(state.value(slot), decimals_for(pt.step.0)),
                format_number(state.value(slot + 1), decimals_for(pt.step.1))
            ),
        }
    }

    /// Where a slider stands between its min and max, 0..=1 (for drawing
    /// the slider's track).
    pub fn slider_fraction(&self, state: &State, i: usize) -> Option<f64> {
        match self.params.get(i)? {
            Param::Slider(s) if s.max > s.min => {
                Some(((state.value(self.slot_of(i)) - s.min) / (s.max - s.min)).clamp(0.0, 1.0))
            }
            _ => None,
        }
    }

    /// Set slider `i` to the value at `fraction` of its range (0 = min,
    /// 1 = max), on its step; focus moves to it. Whether the value changed.
    pub fn set_slider_fraction(&self, state: &mut State, i: usize, fraction: f64) -> bool {
        self.fit(state);
        let Some(Param::Slider(s)) = self.params.get(i) else {
            return false;
        };
        let slot = self.slot_of(i);
        let v = snap(
            s.min + fraction.clamp(0.0, 1.0) * (s.max - s.min),
            s.min,
            s.max,
            s.step,
        );
        let changed = state.values[slot] != v;
        state.values[slot] = v;
        state.focus = i;
        changed
    }

    /// Move focus to the next (or previous) parameter, wrapping around.
    pub fn focus_next(&self, state: &mut State, forward: bool) {
        let n = self.params.len();
        if n == 0 {
            return;
        }
        state.focus = if forward {
            (state.focus + 1) % n
        } else {
            (state.focus + n - 1) % n
        };
    }

    /// An arrow key on the focused parameter: a slider steps (Left/Down
    /// lower, Right/Up higher), a point moves. Returns whether anything
    /// changed, so the caller recomputes the scene only then.
    pub fn nudge(&self, state: &mut State, dir: Dir, big: bool) -> bool {
        self.fit(state);
        let i = state.focus;
        let Some(p) = self.params.get(i) else {
            return false;
        };
        let slot = self.slot_of(i);
        let before = state.values.clone();
        match p {
            Param::Slider(s) => {
                let step = if big { s.big_step } else { s.step };
                let sign = match dir {
                    Dir::Left | Dir::Down => -1.0,
                    Dir::Right | Dir::Up => 1.0,
                };
                state.values[slot] = snap(state.values[slot] + sign * step, s.min, s.max, s.step);
            }
            Param::Point(pt) => {
                let k = if big { 5.0 } else { 1.0 };
                let (dx, dy) = match dir {
                    Dir::Left => (-pt.step.0, 0.0),
                    Dir::Right => (pt.step.0, 0.0),
                    Dir::Up => (0.0, pt.step.1),
                    Dir::Down => (0.0, -pt.step.1),
                };
                state.values[slot] = snap(state.values[slot] + k * dx, pt.x.0, pt.x.1, pt.step.0);
                state.values[slot + 1] =
                    snap(state.values[slot + 1] + k * dy, pt.y.0, pt.y.1, pt.step.1);
            }
        }
        state.values != before
    }

    /// Set the focused slider to its min (`to_max` false) or max.
    pub fn to_end(&self, state: &mut State, to_max: bool) -> bool {
        self.fit(state);
        let i = state.focus;
        let slot = self.slot_of(i.min(self.params.len()));
        match self.params.get(i) {
            Some(Param::Slider(s)) => {
                let v = if to_max { s.max } else { s.min };
                let changed = state.values[slot] != v;
                state.values[slot] = v;
                changed
            }
            _ => false,
        }
    }

    /// The point parameter nearest to view position `at`, if one is within
    /// `reach` (in view units per axis, as a fraction of the view size), so
    /// a mouse press picks the point under the pointer.
    pub fn point_near(&self, state: &State, at: (f64, f64), reach: f64) -> Option<usize> {
        let (w, h) = (self.view.x.1 - self.view.x.0, self.view.y.1 - self.view.y.0);
        let mut best: Option<(usize, f64)> = None;
        for (i, p) in self.params.iter().enumerate() {
            if let Param::Point(_) = p {
                let slot = self.slot_of(i);
                let dx = (state.value(slot) - at.0) / w;
                let dy = (state.value(slot + 1) - at.1) / h;
                let d = (dx * dx + dy * dy).sqrt();
                if d <= reach && best.is_none_or(|(_, b)| d < b) {
                    best = Some((i, d));
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// Put point parameter `i` at `at` (a mouse drag), clamped to its
    /// bounds and snapped to its step. Returns whether it moved.
    pub fn place_point(&self, state: &mut State, i: usize, at: (f64, f64)) -> bool {
        self.fit(state);
        let Some(Param::Point(pt)) = self.params.get(i) else {
            return false;
        };
        let slot = self.slot_of(i);
        let x = snap(at.0, pt.x.0, pt.x.1, pt.step.0);
        let y = snap(at.1, pt.y.0, pt.y.1, pt.step.1);
        let changed = state.values[slot] != x || state.values[slot + 1] != y;
        state.values[slot] = x;
        state.values[slot + 1] = y;
        state.focus = i;
        changed
    }

    /// All variable values for `state`: parameters, then lets in order, then
    /// the running variable's slot (NaN until a plot or table sets it).
    fn env(&self, state: &State) -> Vec<f64> {
        // Sized by the definition, not the state, so a state made for
        // another definition can only read as undefined values.
        let slots = self.param_slots();
        let mut env = vec![f64::NAN; self.names.len()];
        for (slot, v) in env.iter_mut().zip(state.values.iter().take(slots)) {
            *slot = *v;
        }
        let mut slot = slots;
        for l in &self.lets {
            match l {
                Let::Value(e) => {
                    env[slot] = e.eval(&env);
                    slot += 1;
                }
                Let::Path(p) => {
                    for v in p.walk(&env).outputs() {
                        env[slot] = v;
                        slot += 1;
                    }
                }
            }
        }
        env
    }

    /// The scene for `state`, sampling plots at `xs` (about one value per
    /// braille dot column across the view) and curves as finely.
    pub fn scene(&self, state: &State, xs: &[f64]) -> Scene {
        self.scene_in(state, xs, (self.view.x, self.view.y))
    }

    /// [`Explorer::scene`] clipped to `bounds`: the view, or the wider one
    /// an equal aspect ratio gives at the chart's size.
    fn scene_in(&self, state: &State, xs: &[f64], bounds: Bounds) -> Scene {
        let samples = xs.len().max(2);
        let mut env = self.env(state);
        let var = self.names.len() - 1;
        let mut shapes = Vec::with_capacity(self.draws.len());
        let coord = |c: &Coord, env: &[f64]| (c.x.eval(env), c.y.eval(env));
        for (i, d) in self.draws.iter().enumerate() {
            let shape = match &d.shape {
                DrawShape::Contour(c) => Shape::Contour {
                    draw: i,
                    shade: c.shade,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Arrow(a, b) => Shape::Arrow {
                    from: coord(a, &env),
                    to: coord(b, &env),
                    style: d.style,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Text { at, text, align } => Shape::Text {
                    at: coord(at, &env),
                    text: text.render(&env),
                    align: *align,
                    framed: false,
                    color: d.color,
                    node: None,
                },
                DrawShape::Node { at, name, text } => Shape::Text {
                    at: coord(at, &env),
                    text: text.render(&env),
                    align: chart::Align::Center,
                    framed: true,
                    color: d.color,
                    node: name.clone(),
                },
                DrawShape::Edge { from, to, text } => Shape::Edge {
                    from: from.clone(),
                    to: to.clone(),
                    text: text.as_ref().map(|t| t.render(&env)),
                    style: d.style,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Plot(e) => {
                    // One scratch environment for all samples: the running
                    // variable's slot changes, nothing else.
                    let scratch = std::cell::RefCell::new(env.clone());
                    let runs = crate::chart::sample_runs(
                        |x| {
                            let mut env = scratch.borrow_mut();
                            env[var] = x;
                            e.eval(&env)
                        },
                        xs,
                        bounds.1,
                    );
                    Shape::Path {
                        runs,
                        style: d.style,
                        color: d.color,
                        label: d.label.clone(),
                    }
                }
                DrawShape::Pieces(pieces) => {
                    let scratch = std::cell::RefCell::new(env.clone());
                    let runs = pieces
                        .iter()
                        .flat_map(|(from, to, e)| {
                            let pxs = chart::xs_within(xs, *from, *to);
                            crate::chart::sample_runs(
                                |x| {
                                    let mut env = scratch.borrow_mut();
                                    env[var] = x;
                                    e.eval(&env)
                                },
                                &pxs,
                                bounds.1,
                            )
                        })
                        .collect();
                    Shape::Path {
                        runs,
                        style: d.style,
                        color: d.color,
                        label: d.label.clone(),
                    }
                }
                DrawShape::Segment(a, b) => Shape::Path {
                    runs: finite_run(vec![coord(a, &env), coord(b, &env)]),
                    style: d.style,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Line(a, b) => Shape::Path {
                    runs: clip_line(coord(a, &env), coord(b, &env), bounds),
                    style: d.style,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Rect(a, b, fill) => Shape::Rect {
                    from: coord(a, &env),
                    to: coord(b, &env),
                    fill: *fill,
                    style: d.style,
                    color: d.color,
                    label: d.label.clone(),
                },
                DrawShape::Point(c, hollow) => Shape::Point {
                    at: coord(c, &env),
                    color: d.color,
                    label: d.label.clone(),
                    param: None,
                    hollow: *hollow,
                },
                DrawShape::Bezier(slots) => {
                    let p = slots.map(|s| (env[s], env[s + 1]));
                    let n = samples;
                    let run = (0..=n)
                        .map(|k| bezier(&p, k as f64 / n as f64))
                        .collect::<Vec<_>>();
                    Shape::Path {
                        runs: finite_run(run),
                        style: d.style,
                        color: d.color,
                        label: d.label.clone(),
                    }
                }
            };
            shapes.push(shape);
        }
        // Paths over the drawings, under the learner's points; each walked
        // again from the same values `env` got its outputs from.
        for l in &self.lets {
            if let Let::Path(p) = l {
                shapes.push(Shape::Iterates {
                    points: p.walk(&env).points,
                    color: p.color,
                    label: p.label.clone(),
                });
            }
        }
        // The draggable points go on top, so they are never hidden.
        for (i, p) in self.params.iter().enumerate() {
            if let Param::Point(pt) = p {
                let slot = self.slot_of(i);
                shapes.push(Shape::Point {
                    at: (env[slot], env[slot + 1]),
                    color: pt.color,
                    label: Some(pt.label.clone()),
                    param: Some(i),
                    hollow: false,
                });
            }
        }
        let readouts = self
            .readouts
            .iter()
            .map(|r| {
                let v = format_number(r.expr.eval(&env), r.precision);
                ReadoutValue {
                    label: r.label.clone(),
                    value: match (&r.unit, v.as_str()) {
                        (Some(u), v) if v != "undefined" => format!("{v} {u}"),
                        _ => v,
                    },
                }
            })
            .collect();
        let tables = self
            .tables
            .iter()
            .map(|t| TableValue {
                title: t.title.clone(),
                head: t.columns.iter().map(|c| c.head.clone()).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|&row| {
                        env[var] = row;
                        t.columns
                            .iter()
                            .map(|c| format_number(c.expr.eval(&env), c.precision))
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Scene {
            shapes,
            readouts,
            tables,
        }
    }
}

impl Explorer {
    /// Whether anything is drawn (else the explorer is numbers only).
    pub fn draws(&self) -> bool {
        !self.draws.is_empty()
            || self.params.iter().any(|p| matches!(p, Param::Point(_)))
            || self.lets.iter().any(|l| matches!(l, Let::Path(_)))
    }

    /// The scene for `state` and the chart that draws it in `width` x
    /// `height` cells. Computed when a parameter changes (and on resize),
    /// never per frame.
    pub fn plotted(&self, state: &State, width: u16, height: u16) -> (Plotted, Scene) {
        self.plotted_for(state, true, width, height)
    }

    /// [`Explorer::plotted`], with the focused point marked as selected only
    /// when `selected` (the explorer has the app's focus): with nothing
    /// focused, no point is called "selected".
    pub fn plotted_for(
        &self,
        state: &State,
        selected: bool,
        width: u16,
        height: u16,
    ) -> (Plotted, Scene) {
        let mut plotted = chart::frame(
            chart::Frame {
                title: None,
                x_bounds: self.view.x,
                y_bounds: self.view.y,
                x_label: self.view.x_label.clone(),
                y_label: self.view.y_label.clone(),
                equal_aspect: self.view.equal_aspect,
                axes: self.view.axes,
            },
            Vec::new(),
            width,
            height,
        );
        let xs = chart::sample_grid(&plotted);
        let bounds = (plotted.x_bounds, plotted.y_bounds);
        let scene = self.scene_in(state, &xs, bounds);
        // Filled rectangles: (series index, corners), shaded once the
        // series are in place and the canvas's size is known.
        let mut shades = Vec::new();
        let mut series = Vec::new();
        let mut points = Vec::new();
        let mut focused = None;
        // Drawn once the canvas's size is known: contours (series index,
        // draw, shade) and edges (series index, shape).
        let mut contours = Vec::new();
        let mut edges = Vec::new();
        let mut texts = Vec::new();
        // Node names and their texts' indices, for the edges.
        let mut nodes = Vec::new();
        for shape in &scene.shapes {
            match shape {
                Shape::Contour {
                    draw,
                    shade,
                    color,
                    label,
                } => {
                    contours.push((series.len(), *draw, *shade));
                    series.push(Series {
                        label: label.clone(),
                        style: LineStyle::Solid,
                        color: *color,
                        runs: Vec::new(),
                        kind: SeriesKind::Contour,
                    });
                }
                Shape::Arrow {
                    from,
                    to,
                    style,
                    color,
                    label,
                } => series.push(Series {
                    label: label.clone(),
                    style: *style,
                    color: *color,
                    // A zero-length arrow has no direction: nothing drawn.
                    runs: if from == to {
                        Vec::new()
                    } else {
                        finite_run(vec![*from, *to])
                    },
                    kind: SeriesKind::Arrow,
                }),
                Shape::Text {
                    at,
                    text,
                    align,
                    framed,
                    color,
                    node,
                } => {
                    if let Some(n) = node {
                        nodes.push((n.clone(), texts.len()));
                    }
                    texts.push(chart::CanvasText {
                        at: *at,
                        text: text.clone(),
                        align: *align,
                        framed: *framed,
                        color: *color,
                    });
                }
                Shape::Edge {
                    style,
                    color,
                    label,
                    ..
                } => {
                    edges.push((series.len(), shape));
                    series.push(Series {
                        label: label.clone(),
                        style: *style,
                        color: *color,
                        runs: Vec::new(),
                        kind: SeriesKind::Arrow,
                    });
                }
                Shape::Path {
                    runs,
                    style,
                    color,
                    label,
                } => series.push(Series {
                    label: label.clone(),
                    style: *style,
                    color: *color,
                    runs: runs.clone(),
                    kind: SeriesKind::Line,
                }),
                Shape::Rect {
                    from,
                    to,
                    fill,
                    style,
                    color,
                    label,
                } => {
                    series.push(Series {
                        label: label.clone(),
                        style: *style,
                        color: *color,
                        runs: rect_outline(*from, *to),
                        kind: SeriesKind::Line,
                    });
                    if *fill {
                        shades.push((series.len(), *from, *to));
                        series.push(Series {
                            label: None,
                            style: LineStyle::Solid,
                            color: *color,
                            runs: Vec::new(),
                            kind: SeriesKind::Shade,
                        });
                    }
                }
                Shape::Point {
                    at,
                    color,
                    label,
                    param: None,
                    hollow,
                } => series.push(Series {
                    label: label.clone(),
                    style: LineStyle::Solid,
                    color: *color,
                    runs: finite_run(vec![*at]),
                    kind: SeriesKind::Points { hollow: *hollow },
                }),
                Shape::Iterates {
                    points,
                    color,
                    label,
                } => series.extend(path::series(points, *color, label)),
                Shape::Point {
                    at,
                    color,
                    param: Some(i),
                    ..
                } => {
                    if selected && *i == state.focus {
                        focused = Some((*at, *i));
                    } else {
                        points.push((*at, *color));
                    }
                }
            }
        }
        // The learner's points: one legend entry for all of them, and the
        // focused one in its own colour so keyboard users see which moves.
        if !points.is_empty() {
            let label = if points.len() + usize::from(focused.is_some()) > 1 {
                "points to move"
            } else {
                "point to move"
            };
            series.push(Series {
                label: Some(label.into()),
                style: LineStyle::Solid,
                color: points[0].1,
                runs: finite_run(points.iter().map(|p| p.0).collect()),
                kind: SeriesKind::Points { hollow: false },
            });
        }
        if let Some((at, i)) = focused {
            series.push(Series {
                label: Some(format!("{}{SELECTED}", self.params[i].label())),
                style: LineStyle::Solid,
                color: Some(ColorName::Yellow),
                runs: finite_run(vec![at]),
                kind: SeriesKind::Points { hollow: false },
            });
        }
        // A label shared by several shapes (the square's two strips) is
        // listed once.
        let mut seen = Vec::new();
        for s in &mut series {
            if let Some(l) = &s.label {
                if seen.contains(l) {
                    s.label = None;
                } else {
                    seen.push(l.clone());
                }
            }
        }
        plotted.series = series;
        // Shade lines on every other braille dot row: a fill is a light
        // dotted texture, and lines drawn over it stay readable. The rows
        // are the canvas's as drawn, legend included (so measured now, with
        // the series in place); its top and bottom rows of dots sit on the
        // range's ends, so a row is the range over one less than the dot
        // rows.
        let canvas = chart::layout(&plotted, width, height, chart::BRAILLE_DOTS).map(|l| l.canvas);
        let rows = canvas.map_or(height, |c| c.height);
        let dot_rows = f64::from(rows.max(1)) * f64::from(chart::BRAILLE_DOTS.1);
        let grid = DotRows {
            top: bounds.1.1,
            pitch: (bounds.1.1 - bounds.1.0) / (dot_rows - 1.0).max(1.0),
        };
        for (i, from, to) in shades {
            if let Some(s) = plotted.series.get_mut(i) {
                s.runs = rect_shade(from, to, grid);
            }
        }
        if let Some(canvas) = canvas {
            self.draw_contours(&mut plotted, state, &contours, canvas);
        }
        plotted.edges = graph::edge_routes(&edges, &mut texts, &nodes);
        plotted.texts = texts;
        chart::route_edges(&mut plotted);
        // Name each point the learner moves on the canvas itself.
        plotted.marks = scene
            .shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Point {
                    at,
                    label: Some(text),
                    param: Some(_),
                    ..
                } => Some(chart::Mark {
                    at: *at,
                    text: text.clone(),
                }),
                _ => None,
            })
            .collect();
        (plotted, scene)
    }

    /// The view position under cell `(col, row)` of a chart drawn by
    /// [`Explorer::plotted`] at its own size (cells counted from the chart's
    /// top-left corner), or `None` outside the plotting area.
    pub fn position_at(&self, plotted: &Plotted, col: u16, row: u16) -> Option<(f64, f64)> {
        let l = chart::layout(plotted, plotted.width, plotted.height, chart::BRAILLE_DOTS)?;
        let c = l.canvas;
        if col < c.x || row < c.y || col >= c.x + c.width || row >= c.y + c.height {
            return None;
        }
        let fx = (f64::from(col - c.x) + 0.5) / f64::from(c.width);
        let fy = (f64::from(row - c.y) + 0.5) / f64::from(c.height);
        let (x0, x1) = plotted.x_bounds;
        let (y0, y1) = plotted.y_bounds;
        Some((x0 + fx * (x1 - x0), y1 - fy * (y1 - y0)))
    }
}

/// The x and y ranges shapes are clipped to.
type Bounds = ((f64, f64), (f64, f64));

/// A rectangle's outline as one run.
fn rect_outline(a: (f64, f64), b: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return Vec::new();
    }
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    vec![vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]
}

/// The canvas's rows of braille dots: the first at `top`, each `pitch`
/// below the one before.
#[derive(Debug, Clone, Copy)]
struct DotRows {
    top: f64,
    pitch: f64,
}

/// A rectangle's inside as horizontal lines on every other dot row of
/// `grid` (drawn as a sparse shade, see [`SeriesKind::Shade`]). On the
/// grid's own rows, never between two, so no two lines fall in adjacent
/// rows and the texture is even.
fn rect_shade(a: (f64, f64), b: (f64, f64), grid: DotRows) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let DotRows { top, pitch } = grid;
    if ![a.0, a.1, b.0, b.1, top, pitch]
        .iter()
        .all(|v| v.is_finite())
        || pitch <= 0.0
    {
        return runs;
    }
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    // The first even dot row below the rectangle's top edge.
    let mut k = ((top - y1) / pitch).floor().max(0.0) as u64 + 1;
    k += k % 2;
    // Bounded, whatever the sizes: a fill never costs more lines than
    // the canvas has dot rows.
    for _ in 0..2000 {
        let y = top - k as f64 * pitch;
        if y <= y0 {
            break;
        }
        if y < y1 {
            runs.push(vec![(x0, y), (x1, y)]);
        }
        k += 2;
    }
    runs
}

/// A cubic Bézier at `t` through control points `p`.
fn bezier(p: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
        a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
    )
}

/// Split a polyline where a point is undefined.
fn finite_run(points: Vec<(f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for p in points {
        if p.0.is_finite() && p.1.is_finite() {
            run.push(p);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The line through `a` and `b`, cut to the view's box (one run, or none
/// when the points coincide or the line misses the view).
fn clip_line(a: (f64, f64), b: (f64, f64), view: Bounds) -> Vec<Vec<(f64, f64)>> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    if ![a.0, a.1, dx, dy].iter().all(|v| v.is_finite()) || (dx == 0.0 && dy == 0.0) {
        return Vec::new();
    }
    // Liang–Barsky on the parametric line a + s·(b − a), s unbounded.
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for (p, q0, q1) in [
        (dx, view.0.0 - a.0, view.0.1 - a.0),
        (dy, view.1.0 - a.1, view.1.1 - a.1),
    ] {
        if p == 0.0 {
            if q0 > 0.0 || q1 < 0.0 {
                return Vec::new();
            }
        } else {
            let (s0, s1) = (q0 / p, q1 / p);
            lo = lo.max(s0.min(s1));
            hi = hi.min(s0.max(s1));
        }
    }
    if lo > hi {
        return Vec::new();
    }
    vec![vec![
        (a.0 + lo * dx, a.1 + lo * dy),
        (a.0 + hi * dx, a.1 + hi * dy),
    ]]
}

/// Clamp `v` into `[min, max]` and round it to a whole number of steps from
/// `min`, so repeated steps never drift (0.1 + 0.2 ...).
fn snap(v: f64, min: f64, max: f64, step: f64) -> f64 {
    if !v.is_finite() {
        return min;
    }
    let v = v.clamp(min, max);
    if step > 0.0 {
        let k = ((v - min) / step).round();
        let snapped = min + k * step;
        // Round away float noise at the precision the step is shown with.
        let scale = 10f64.powi(decimals_for(step) as i32 + 2);
        ((snapped * scale).round() / scale).clamp(min, max)
    } else {
        v
    }
}

/// How many decimals show a step exactly (0.05 -> 2, 5 -> 0).
fn decimals_for(step: f64) -> usize {
    let mut d = 0;
    let mut s = step.abs();
    while d < 6 && (s - s.round()).abs() > 1e-9 {
        s *= 10.0;
        d += 1;
    }
    d
}

/// Parse an expression of an explorer, turning a parse error into a
/// problem at the right byte of the file.
fn parse_at(src: &str, span: &Range<usize>, names: &[&str]) -> Result<Expr, Issue> {
    expr::parse(src, names).map_err(|e| {
        let mut at = e.column.saturating_sub(1);
        // The expression language speaks to learners ("in this question");
        // an author needs to hear which names this explorer has.
        let message = match e
            .message
            .strip_suffix(" is not a variable in this question")
        {
            Some(name) => {
                let known: Vec<&str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
                // The lexer reads an unknown word letter by letter (`eat`
                // is e·a·t), so the suggestion is for the whole word the
                // failing letter stands in.
                let (start, word) = word_at(src, at);
                let near = nearest(&word, &known);
                let (name, near) = match near {
                    Some(n) => {
                        at = start;
                        (format!("`{word}`"), format!("; did you mean `{n}`?"))
                    }
                    None => (name.to_string(), String::new()),
                };
                format!(
                    "{name} is not a name in this explorer{near} (it has {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )
            }
            None => e.message,
        };
        Issue {
            span: span.clone(),
            message: format!("in the expression `{src}`: {message}"),
            in_string: Some((src.to_string(), at)),
        }
    })
}

/// The name-like word (letters, digits, `_` and `.`, from a letter on)
/// around character `at` of `src`, and the character it starts at.
fn word_at(src: &str, at: usize) -> (usize, String) {
    let chars: Vec<char> = src.chars().collect();
    let part = |c: &char| c.is_alphanumeric() || *c == '_' || *c == '.';
    let mut from = at.min(chars.len());
    while from > 0 && part(&chars[from - 1]) {
        from -= 1;
    }
    let mut to = at.min(chars.len());
    while to < chars.len() && part(&chars[to]) {
        to += 1;
    }
    while from < to && !chars[from].is_alphabetic() {
        from += 1;
    }
    (from, chars[from..to].iter().collect())
}

/// The name of `known` a misspelt `name` most likely meant: one or two
/// slips (a letter, a swap) in a name of three letters or more.
fn nearest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let limit = (name.chars().count() / 3).min(2);
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

// ---------------------------------------------------------------------------
// Validation.

/// Names an explorer may not take: they already mean something in
/// expressions.
const RESERVED: [&str; 10] = [
    "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "abs", "pi", "e",
];

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Collects problems while building, so every one is reported.
struct Builder {
    problems: Vec<Issue>,
    /// Parameter slots then lets; the running variable is appended per use.
    names: Vec<String>,
}

impl Builder {
    fn problem(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.problems.push(Issue {
            span: span.clone(),
            message: message.into(),
            in_string: None,
        });
    }

    /// Register a new name, checking its form and that it is not taken.
    fn declare(&mut self, name: &raw::At<String>, what: &str) -> bool {
        let n = &name.value;
        if !valid_name(n) {
            self.problem(
                &name.span,
                format!(
                    "{what} name \"{n}\" is not a valid name: use a letter, then letters, digits or `_`"
                ),
            );
            return false;
        }
        if RESERVED.contains(&n.as_str()) {
            self.problem(
                &name.span,
                format!("{what} name \"{n}\" is taken by a function or constant; choose another"),
            );
            return false;
        }
        let taken = self
            .names
            .iter()
            .any(|m| m == n || m.split('.').next() == Some(n));
        if taken {
            self.problem(
                &name.span,
                format!("the name \"{n}\" is used twice in this explorer"),
            );
            return false;
        }
        true
    }

    fn range(&mut self, r: &raw::At<(f64, f64)>, what: &str) -> (f64, f64) {
        let (a, b) = r.value;
        // Also catches NaN, which no comparison passes.
        if a.partial_cmp(&b) != Some(std::cmp::Ordering::Less) {
            self.problem(
                &r.span,
                format!("{what} range [{a}, {b}] is empty: the first number must be less than the second"),
            );
        }
        (a, b)
    }

    /// Parse with the declared names plus, when given, the running variable.
    fn expr(&mut self, src: &raw::At<String>, var: Option<&str>) -> Option<Expr> {
        let mut names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        if let Some(v) = var {
            names.push(v);
        }
        match parse_at(&src.value, &src.span, &names) {
            Ok(e) => Some(e),
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    fn coord(&mut self, c: &raw::RawCoord) -> Option<Coord> {
        let x = self.expr(&c[0], None);
        let y = self.expr(&c[1], None);
        Some(Coord { x: x?, y: y? })
    }

    fn color(&mut self, c: &Option<raw::At<String>>) -> Option<ColorName> {
        let c = c.as_ref()?;
        let found = ColorName::from_name(&c.value);
        if found.is_none() {
            let names: Vec<&str> = ColorName::ALL.iter().map(|(n, _)| *n).collect();
            self.problem(
                &c.span,
                format!(
                    "unknown colour \"{}\": use one of {}",
                    c.value,
                    names.join(", ")
                ),
            );
        }
        found
    }

    fn precision(&mut self, p: &Option<raw::At<i64>>, default: usize) -> usize {
        match p {
            None => default,
            Some(p) if (0..=10).contains(&p.value) => p.value as usize,
            Some(p) => {
                self.problem(
                    &p.span,
                    format!(
                        "precision {} is out of range: use 0 to 10 decimals",
                        p.value
                    ),
                );
                default
            }
        }
    }
}

impl Explorer {
    /// Validate a raw explore block, reporting every problem.
    pub fn build(raw: &raw::RawExplore) -> Result<Explorer, Vec<Issue>> {
        let mut b = Builder {
            problems: Vec::new(),
            names: Vec::new(),
        };
        let draws_something = !raw.draws.is_empty() || !raw.paths.is_empty();
        let view_range = |b: &mut Builder, r: &Option<raw::At<(f64, f64)>>, axis: &str| match r {
            Some(r) => Some(b.range(r, &format!("the `{axis}`"))),
            None => {
                if draws_something {
                    b.problem(
                        &raw.span,
                        format!(
                            "an explorer that draws needs `{axis} = [min, max]` for its canvas"
                        ),
                    );
                }
                None
            }
        };
        let vx = view_range(&mut b, &raw.x, "x");
        let vy = view_range(&mut b, &raw.y, "y");
        let view = Plane {
            x: vx.unwrap_or((0.0, 1.0)),
            y: vy.unwrap_or((0.0, 1.0)),
            x_label: raw.x_label.clone(),
            y_label: raw.y_label.clone(),
            var: raw
                .var
                .as_ref()
                .map_or_else(|| "x".into(), |v| v.value.clone()),
            equal_aspect: raw.equal_aspect,
            axes: raw.axes,
        };

        if raw.sliders.is_empty() && raw.points.is_empty() {
            b.problem(
                &raw.span,
                "an explorer needs at least one `[[...slider]]` or `[[...point]]` for the learner to change",
            );
        }
        // Parameters in the order they are written, so Tab follows the file
        // whatever mix of sliders and points it has.
        enum Written<'r> {
            Slider(&'r raw::RawSlider),
            Point(&'r raw::RawPoint),
        }
        let mut written: Vec<(usize, Written)> = raw
            .sliders
            .iter()
            .map(|s| (s.span.start, Written::Slider(s)))
            .chain(raw.points.iter().map(|p| (p.span.start, Written::Point(p))))
            .collect();
        written.sort_by_key(|(at, _)| *at);
        let mut params = Vec::new();
        // The name of the slider that plays, once one does.
        let mut playing = None;
        for (_, w) in written {
            match w {
                Written::Slider(s) => {
                    let ok = b.declare(&s.name, "slider");
                    let (min, max) = (s.min.value, s.max.value);
                    if min.partial_cmp(&max) != Some(std::cmp::Ordering::Less) {
                        b.problem(
                            &s.max.span,
                            format!(
                                "slider \"{}\": `max` ({max}) must be greater than `min` ({min})",
                                s.name.value
                            ),
                        );
                    }
                    let step = match &s.step {
                        Some(st) if st.value > 0.0 && st.value.is_finite() => st.value,
                        Some(st) => {
                            b.problem(
                                &st.span,
                                format!("`step` must be a positive number, not {}", st.value),
                            );
                            1.0
                        }
                        None => ((max - min) / 100.0).max(f64::MIN_POSITIVE),
                    };
                    let big_step = match &s.big_step {
                        Some(st) if st.value > 0.0 && st.value.is_finite() => st.value,
                        Some(st) => {
                            b.problem(
                                &st.span,
                                format!("`big_step` must be a positive number, not {}", st.value),
                            );
                            step
                        }
                        None => (step * 10.0).min((max - min).abs().max(step)),
                    };
                    let start = match &s.start {
                        // With min and max the wrong way round any start is out of
                        // range; that is the same mistake, already reported.
                        Some(st) if min < max && (st.value < min || st.value > max) => {
                            b.problem(
                                &st.span,
                                format!(
                                    "`start` ({}) is outside the slider's range [{min}, {max}]",
                                    st.value
                                ),
                            );
                            min
                        }
                        Some(st) => st.value,
                        None => min,
                    };
                    if ok {
                        b.names.push(s.name.value.clone());
                    } else {
                        b.names.push(String::new());
                    }
                    params.push(Param::Slider(Slider {
                        name: s.name.value.clone(),
                        label: s.label.clone().unwrap_or_else(|| s.name.value.clone()),
                        min,
                        max,
                        step,
                        big_step,
                        start,
                        unit: s.unit.clone(),
                        play: play::check(&mut b, s, &mut playing),
                    }));
                }
                Written::Point(p) => {
                    let ok = b.declare(&p.name, "point");
                    let bx =
                        p.x.as_ref()
                            .map_or(view.x, |r| b.range(r, "the point's `x`"));
                    let by =
                        p.y.as_ref()
                            .map_or(view.y, |r| b.range(r, "the point's `y`"));
                    let (sx, sy) = p.start.value;
                    if sx < bx.0 || sx > bx.1 || sy < by.0 || sy > by.1 {
                        b.problem(
                    &p.start.span,
                    format!(
                        "point \"{}\" starts at ({sx}, {sy}), outside its area x in [{}, {}], y in [{}, {}]",
                        p.name.value, bx.0, bx.1, by.0, by.1
                    ),
                );
                    }
                    let step = match &p.step {
                        Some(st) if st.value > 0.0 && st.value.is_finite() => (st.value, st.value),
                        Some(st) => {
                            b.problem(
                                &st.span,
                                format!("`step` must be a positive number, not {}", st.value),
                            );
                            (1.0, 1.0)
                        }
                        None => ((bx.1 - bx.0) / 40.0, (by.1 - by.0) / 40.0),
                    };
                    let color = b.color(&p.color);
                    let n = &p.name.value;
                    if ok {
                        b.names.push(format!("{n}.x"));
                        b.names.push(format!("{n}.y"));
                    } else {
                        b.names.push(String::new());
                        b.names.push(String::new());
                    }
                    params.push(Param::Point(PointParam {
                        name: n.clone(),
                        label: p.label.clone().unwrap_or_else(|| n.clone()),
                        start: (sx, sy),
                        x: bx,
                        y: by,
                        step,
                        color,
                    }));
                }
            }
        }
        let param_slots = b.names.len();
        // Lets and paths in the order they are written: each sees what
        // comes before it.
        enum Named<'r> {
            Let(&'r raw::RawLet),
            Path(&'r raw::RawPath),
        }
        let mut named: Vec<(usize, Named)> = raw
            .lets
            .iter()
            .map(|l| (l.name.span.start, Named::Let(l)))
            .chain(raw.paths.iter().map(|p| (p.span.start, Named::Path(p))))
            .collect();
        named.sort_by_key(|(at, _)| *at);
        let mut lets = Vec::new();
        for (_, n) in named {
            let l = match n {
                Named::Let(l) => l,
                Named::Path(p) => {
                    if let Some(p) = path::build(&mut b, p) {
                        lets.push(Let::Path(Box::new(p)));
                    }
                    continue;
                }
            };
            // Parsed before its own name is declared, so a let can only use
            // what comes before it and can never refer to itself.
            let e = b.expr(&l.expr, None);
            let ok = b.declare(&l.name, "`let`");
            b.names.push(if ok {
                l.name.value.clone()
            } else {
                String::new()
            });
            if let Some(expr) = e {
                lets.push(Let::Value(expr));
            }
        }
        // The running variable of plots and tables: never a declared name.
        let check_var = |b: &mut Builder, v: &Option<raw::At<String>>| {
            if let Some(v) = v
                && (b.names.iter().any(|n| n == &v.value) || !valid_name(&v.value))
            {
                b.problem(
                    &v.span,
                    format!(
                        "`var = \"{}\"` must be a new name (not a parameter or `let`): it runs across the plot or the table's rows",
                        v.value
                    ),
                );
            }
        };
        check_var(&mut b, &raw.var);

        let mut draws = Vec::new();
        let mut nodes = graph::Nodes::default();
        for d in &raw.draws {
            let given = [
                d.plot.is_some(),
                d.pieces.is_some(),
                d.segment.is_some(),
                d.line.is_some(),
                d.rect.is_some(),
                d.point.is_some(),
                d.bezier.is_some(),
                d.contour.is_some(),
                d.arrow.is_some(),
                // Also a node's or an edge's caption.
                d.text.is_some() && d.node.is_none() && d.edge.is_none(),
                d.node.is_some(),
                d.edge.is_some(),
            ]
            .iter()
            .filter(|g| **g)
            .count();
            if given != 1 {
                b.problem(
                    &d.span,
                    format!(
                        "a `draw` needs exactly one of `plot`, `pieces`, `segment`, `line`, `rect`, `point`, `bezier`, `contour`, `arrow`, `text`, `node`, `edge` (found {given})"
                    ),
                );
                continue;
            }
            let runs_over_param = |b: &mut Builder, span: &Range<usize>| {
                if b.names.contains(&view.var) {
                    b.problem(
                        span,
                        format!(
                            "a `plot` runs over `{}`, which is also a parameter here: set `var = \"...\"` on the explorer to another name",
                            view.var
                        ),
                    );
                    true
                } else {
                    false
                }
            };
            let shape = if let Some(pieces) = &d.pieces {
                if runs_over_param(&mut b, &d.span) {
                    None
                } else {
                    let mut out = Vec::new();
                    for p in pieces {
                        if p.from.value >= p.to.value {
                            b.problem(
                                &p.from.span,
                                format!(
                                    "piece from {} to {}: `from` must be less than `to`",
                                    p.from.value, p.to.value
                                ),
                            );
                        }
                        if let Some(e) = b.expr(&p.expr, Some(&view.var)) {
                            out.push((p.from.value, p.to.value, e));
                        }
                    }
                    (out.len() == pieces.len()).then_some(DrawShape::Pieces(out))
                }
            } else if let Some(p) = &d.plot {
                if runs_over_param(&mut b, &p.span) {
                    None
                } else {
                    b.expr(p, Some(&view.var)).map(DrawShape::Plot)
                }
            } else if let Some([p, q]) = &d.segment {
                b.coord(p)
                    .zip(b.coord(q))
                    .map(|(p, q)| DrawShape::Segment(p, q))
            } else if let Some([p, q]) = &d.line {
                b.coord(p)
                    .zip(b.coord(q))
                    .map(|(p, q)| DrawShape::Line(p, q))
            } else if let Some([p, q]) = &d.rect {
                b.coord(p)
                    .zip(b.coord(q))
                    .map(|(p, q)| DrawShape::Rect(p, q, d.fill))
            } else if let Some(p) = &d.point {
                b.coord(p).map(|c| DrawShape::Point(c, d.hollow))
            } else if let Some(names) = &d.bezier {
                bezier_slots(&mut b, &params, names, &d.span).map(DrawShape::Bezier)
            } else if let Some(c) = &d.contour {
                field::build(&mut b, d, c)
            } else if let Some([p, q]) = &d.arrow {
                b.coord(p)
                    .zip(b.coord(q))
                    .map(|(p, q)| DrawShape::Arrow(p, q))
            } else {
                graph::build(&mut b, d, &mut nodes)
            };
            let style = match &d.style {
                None => LineStyle::Solid,
                Some(s) => match s.value.as_str() {
                    "solid" => LineStyle::Solid,
                    "dashed" => LineStyle::Dashed,
                    "dots" => LineStyle::Dots,
                    other => {
                        b.problem(
                            &s.span,
                            format!("unknown style \"{other}\": use solid, dashed or dots"),
                        );
                        LineStyle::Solid
                    }
                },
            };
            let color = b.color(&d.color);
            if let Some(shape) = shape {
                draws.push(Draw {
                    shape,
                    label: d.label.clone(),
                    style,
                    color,
                });
            }
        }

        graph::check_edges(&mut b, &nodes);

        let mut readouts = Vec::new();
        for r in &raw.readouts {
            let precision = b.precision(&r.precision, 2);
            if let Some(expr) = b.expr(&r.expr, None) {
                readouts.push(Readout {
                    label: r.label.clone(),
                    expr,
                    precision,
                    unit: r.unit.clone(),
                });
            }
        }

        let mut tables = Vec::new();
        for t in &raw.tables {
            check_var(&mut b, &t.var);
            let var = t.var.as_ref().map_or("x", |v| v.value.as_str()).to_string();
            if t.rows.value.is_empty() {
                b.problem(
                    &t.rows.span,
                    "`rows` is empty: give the values the table runs over",
                );
            }
            if t.columns.is_empty() {
                b.problem(&t.span, "a table needs at least one column");
            }
            let mut columns = Vec::new();
            for c in &t.columns {
                let precision = b.precision(&c.precision, 2);
                if let Some(expr) = b.expr(&c.expr, Some(&var)) {
                    columns.push(Column {
                        head: c.head.clone(),
                        expr,
                        precision,
                    });
                }
            }
            tables.push(Table {
                title: t.title.clone(),
                rows: t.rows.value.clone(),
                columns,
            });
        }

        if !b.problems.is_empty() {
            return Err(b.problems);
        }
        debug_assert_eq!(
            b.names.len(),
            param_slots
                + lets
                    .iter()
                    .map(|l| match l {
                        Let::Value(_) => 1,
                        Let::Path(_) => path::OUTPUTS.len(),
                    })
                    .sum::<usize>()
        );
        let mut names = b.names;
        names.push(view.var.clone());
        Ok(Explorer {
            title: raw.title.clone(),
            params,
            lets,
            view,
            draws,
            readouts,
            tables,
            names,
        })
    }
}

/// The slots of the four point parameters a Bézier runs through.
fn bezier_slots(
    b: &mut Builder,
    params: &[Param],
    names: &[raw::At<String>],
    span: &Range<usize>,
) -> Option<[usize; 4]> {
    if names.len() != 4 {
        b.problem(
            span,
            format!(
                "`bezier` needs the names of 4 points, found {}",
                names.len()
            ),
        );
        return None;
    }
    let mut slots = [0; 4];
    for (k, n) in names.iter().enumerate() {
        let mut slot = 0;
        let mut found = None;
        for p in params {
            if let Param::Point(pt) = p
                && pt.name == n.value
            {
                found = Some(slot);
            }
            slot += p.slots();
        }
        match found {
            Some(s) => slots[k] = s,
            None => {
                let mut points: Vec<&str> = params
                    .iter()
                    .filter(|p| matches!(p, Param::Point(_)))
                    .map(Param::name)
                    .collect();
                points.dedup();
                b.problem(
                    &n.span,
                    format!(
                        "`bezier` names \"{}\", which is not a point of this explorer (points: {})",
                        n.value,
                        if points.is_empty() {
                            "none".to_string()
                        } else {
                            points.join(", ")
                        }
                    ),
                );
                return None;
            }
        }
    }
    Some(slots)
}

#[cfg(test)]
mod tests;
