use super::raw::*;
use super::*;

fn at<T>(value: T) -> At<T> {
    At::new(value, 10..12)
}

fn s(v: &str) -> At<String> {
    at(v.to_string())
}

fn slider(name: &str, min: f64, max: f64, step: f64, start: f64) -> RawSlider {
    RawSlider {
        span: 0..1,
        name: s(name),
        label: None,
        min: at(min),
        max: at(max),
        step: Some(at(step)),
        big_step: None,
        start: Some(at(start)),
        unit: None,
        play: None,
        play_every: None,
    }
}

fn point(name: &str, x: f64, y: f64) -> RawPoint {
    RawPoint {
        span: 0..1,
        name: s(name),
        label: None,
        start: at((x, y)),
        x: None,
        y: None,
        step: Some(at(0.5)),
        color: None,
    }
}

fn coord(x: &str, y: &str) -> RawCoord {
    [s(x), s(y)]
}

/// The car: distance v·t, a table of t, s(t), Δs, Δs/Δt and a readout.
fn car() -> RawExplore {
    RawExplore {
        span: 0..100,
        title: Some("The car".into()),
        var: Some(s("t")),
        x: Some(at((0.0, 2.0))),
        y: Some(at((0.0, 240.0))),
        sliders: vec![slider("v", 10.0, 120.0, 5.0, 60.0)],
        draws: vec![RawDraw {
            span: 0..1,
            plot: Some(s("v*t")),
            ..RawDraw::default()
        }],
        readouts: vec![RawReadout {
            label: "s'(t)".into(),
            expr: s("v"),
            precision: Some(at(0)),
            unit: Some("km/h".into()),
        }],
        tables: vec![RawTable {
            span: 0..1,
            title: None,
            var: Some(s("t")),
            rows: at(vec![0.0, 1.0, 2.0]),
            columns: vec![
                RawColumn {
                    head: "t".into(),
                    expr: s("t"),
                    precision: Some(at(1)),
                },
                RawColumn {
                    head: "Δs/Δt".into(),
                    expr: s("(v*(t+0.5) - v*t)/0.5"),
                    precision: Some(at(0)),
                },
            ],
        }],
        ..RawExplore::default()
    }
}

/// `n + 1` evenly spaced values from `lo` to `hi`.
fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..=n)
        .map(|k| lo + (hi - lo) * k as f64 / n as f64)
        .collect()
}

fn built(raw: &RawExplore) -> Explorer {
    match Explorer::build(raw) {
        Ok(e) => e,
        Err(p) => panic!("expected a valid explorer, got {p:?}"),
    }
}

fn problems(raw: &RawExplore) -> Vec<String> {
    match Explorer::build(raw) {
        Ok(_) => Vec::new(),
        Err(p) => p.into_iter().map(|p| p.message).collect(),
    }
}

#[test]
fn slider_steps_and_clamps_at_its_ends() {
    let e = built(&car());
    let mut st = e.start();
    assert_eq!(e.value_text(&st, 0), "60");
    assert!(e.nudge(&mut st, Dir::Right, false));
    assert_eq!(e.value_text(&st, 0), "65");
    assert!(e.nudge(&mut st, Dir::Left, true));
    assert_eq!(e.value_text(&st, 0), "15");
    assert!(e.nudge(&mut st, Dir::Left, false));
    // At min: a further step changes nothing and says so.
    assert!(!e.nudge(&mut st, Dir::Left, false));
    assert_eq!(e.value_text(&st, 0), "10");
    assert!(e.to_end(&mut st, true));
    assert_eq!(e.value_text(&st, 0), "120");
    assert!(!e.nudge(&mut st, Dir::Up, true));
    assert_eq!(e.slider_fraction(&st, 0), Some(1.0));
}

#[test]
fn small_steps_do_not_drift() {
    let mut raw = car();
    raw.sliders = vec![slider("h", 0.0, 1.0, 0.1, 0.0)];
    raw.draws.clear();
    raw.tables.clear();
    raw.readouts.clear();
    let e = built(&raw);
    let mut st = e.start();
    for _ in 0..3 {
        e.nudge(&mut st, Dir::Right, false);
    }
    assert_eq!(st.values[0], 0.3);
    assert_eq!(e.value_text(&st, 0), "0.3");
}

#[test]
fn points_move_by_keys_and_mouse_within_bounds() {
    let mut raw = car();
    raw.sliders.clear();
    raw.var = None;
    raw.x = Some(at((0.0, 10.0)));
    raw.y = Some(at((0.0, 10.0)));
    raw.points = vec![point("a", 1.0, 1.0), point("b", 9.0, 9.0)];
    raw.draws.clear();
    raw.tables.clear();
    raw.readouts.clear();
    let e = built(&raw);
    let mut st = e.start();
    assert!(e.nudge(&mut st, Dir::Up, false));
    assert_eq!(e.value_text(&st, 0), "(1.0, 1.5)");
    e.focus_next(&mut st, true);
    assert_eq!(st.focus, 1);
    assert!(e.nudge(&mut st, Dir::Right, true));
    // 9 + 5·0.5 is past the edge: clamped to 10.
    assert_eq!(e.value_text(&st, 1), "(10.0, 9.0)");
    e.focus_next(&mut st, true);
    assert_eq!(st.focus, 0, "focus wraps around");
    // A press near b picks b, far from both picks nothing.
    assert_eq!(e.point_near(&st, (9.8, 9.1), 0.05), Some(1));
    assert_eq!(e.point_near(&st, (5.0, 5.0), 0.05), None);
    assert!(e.place_point(&mut st, 1, (3.26, -4.0)));
    assert_eq!(e.value_text(&st, 1), "(3.5, 0.0)");
    assert_eq!(st.focus, 1);
}

#[test]
fn bad_definitions_report_every_problem() {
    let mut raw = car();
    raw.sliders = vec![
        slider("v", 5.0, 1.0, 1.0, 3.0),
        slider("v", 0.0, 1.0, -1.0, 0.5),
        slider("sin", 0.0, 1.0, 0.1, 2.0),
    ];
    raw.draws.push(RawDraw {
        span: 0..1,
        bezier: Some(vec![s("p"), s("q")]),
        ..RawDraw::default()
    });
    raw.draws.push(RawDraw {
        span: 0..1,
        ..RawDraw::default()
    });
    raw.x = Some(at((2.0, 2.0)));
    let found = problems(&raw);
    let expect = [
        "the `x` range [2, 2] is empty",
        "slider \"v\": `max` (1) must be greater than `min` (5)",
        "the name \"v\" is used twice",
        "`step` must be a positive number, not -1",
        "slider name \"sin\" is taken by a function",
        "`start` (2) is outside the slider's range [0, 1]",
        "`bezier` needs the names of 4 points, found 2",
        "a `draw` needs exactly one of",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.contains(e)),
            "missing problem {e:?} in {found:#?}"
        );
    }
}

#[test]
fn running_variable_must_be_a_new_name() {
    let mut raw = car();
    raw.var = Some(s("v"));
    let found = problems(&raw);
    assert!(
        found
            .iter()
            .any(|f| f.contains("`var = \"v\"` must be a new name")),
        "{found:?}"
    );
}

#[test]
fn an_explorer_needs_something_to_change() {
    let mut raw = car();
    raw.sliders.clear();
    let found = problems(&raw);
    assert!(
        found.iter().any(|f| f.contains("at least one")),
        "{found:?}"
    );
}

#[test]
fn car_scene_follows_the_speed() {
    let e = built(&car());
    let mut st = e.start();
    let scene = e.scene(&st, &grid(0.0, 2.0, 40));
    assert_eq!(scene.readouts[0].value, "60 km/h");
    assert_eq!(
        scene.tables[0].rows[1],
        vec!["1.0".to_string(), "60".to_string()]
    );
    let Shape::Path { runs, .. } = &scene.shapes[0] else {
        panic!("the plot is a path");
    };
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].len(), 41);
    assert_eq!(runs[0][40], (2.0, 120.0));
    e.nudge(&mut st, Dir::Right, true);
    let scene = e.scene(&st, &grid(0.0, 2.0, 40));
    assert_eq!(scene.readouts[0].value, "110 km/h");
    assert_eq!(scene.tables[0].rows[2][1], "110");
}

#[test]
fn bezier_passes_through_its_end_points() {
    let mut raw = car();
    raw.sliders.clear();
    raw.tables.clear();
    raw.readouts.clear();
    raw.var = None;
    raw.x = Some(at((0.0, 10.0)));
    raw.y = Some(at((0.0, 10.0)));
    raw.points = vec![
        point("p0", 0.0, 0.0),
        point("p1", 0.0, 10.0),
        point("p2", 10.0, 10.0),
        point("p3", 10.0, 0.0),
    ];
    raw.draws = vec![RawDraw {
        span: 0..1,
        bezier: Some(vec![s("p0"), s("p1"), s("p2"), s("p3")]),
        ..RawDraw::default()
    }];
    let e = built(&raw);
    let scene = e.scene(&e.start(), &grid(0.0, 1.0, 9));
    let Shape::Path { runs, .. } = &scene.shapes[0] else {
        panic!("the curve is a path");
    };
    assert_eq!(runs[0][0], (0.0, 0.0));
    assert_eq!(runs[0][10], (10.0, 0.0));
    // Symmetric control points: the middle is at x = 5, y = 7.5.
    assert_eq!(runs[0][5], (5.0, 7.5));
    // The four control points are drawn on top, tied to their parameters.
    let params: Vec<_> = scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Point { param, .. } => *param,
            _ => None,
        })
        .collect();
    assert_eq!(params, vec![0, 1, 2, 3]);
    // On the chart each point the learner moves carries its name.
    let (plotted, _) = e.plotted(&e.start(), 60, 20);
    let marks: Vec<(&str, (f64, f64))> = plotted
        .marks
        .iter()
        .map(|m| (m.text.as_str(), m.at))
        .collect();
    assert_eq!(
        marks,
        [
            ("p0", (0.0, 0.0)),
            ("p1", (0.0, 10.0)),
            ("p2", (10.0, 10.0)),
            ("p3", (10.0, 0.0))
        ]
    );
}

#[test]
fn lines_are_clipped_to_the_view() {
    let view = ((0.0, 4.0), (0.0, 10.0));
    // The tangent y = 4x − 4 through (2, 4): enters at (1, 0), leaves at (3.5, 10).
    let runs = clip_line((2.0, 4.0), (3.0, 8.0), view);
    assert_eq!(runs, vec![vec![(1.0, 0.0), (3.5, 10.0)]]);
    assert!(clip_line((0.0, 20.0), (1.0, 20.0), view).is_empty());
    assert!(clip_line((1.0, 1.0), (1.0, 1.0), view).is_empty());
    assert!(clip_line((f64::NAN, 1.0), (1.0, 1.0), view).is_empty());
}

#[test]
fn numbers_read_as_a_learner_expects() {
    assert_eq!(format_number(4.0001, 2), "4.00");
    assert_eq!(format_number(-0.001, 2), "0.00");
    assert_eq!(format_number(-2.5, 1), "−2.5");
    assert_eq!(format_number(f64::NAN, 2), "undefined");
    assert_eq!(format_number(f64::INFINITY, 0), "undefined");
}

#[test]
fn expression_errors_say_which_character() {
    let mut raw = car();
    raw.readouts[0].expr = s("v + )");
    let Err(problems) = Explorer::build(&raw) else {
        panic!("a bad expression is refused");
    };
    let p = problems
        .iter()
        .find(|p| p.message.contains("v + )"))
        .expect("the expression's problem");
    // The `)` is the fifth character: index 4.
    assert_eq!(p.in_string, Some(("v + )".to_string(), 4)));
}

#[test]
fn filled_rectangles_are_shaded_and_outlines_are_closed() {
    let mut raw = car();
    raw.var = None;
    raw.tables.clear();
    raw.readouts.clear();
    raw.x = Some(at((0.0, 4.0)));
    raw.y = Some(at((0.0, 4.0)));
    raw.sliders = vec![slider("a", 0.5, 3.0, 0.5, 2.0)];
    raw.draws = vec![
        RawDraw {
            span: 0..1,
            rect: Some([coord("0", "0"), coord("a", "a")]),
            ..RawDraw::default()
        },
        RawDraw {
            span: 0..1,
            rect: Some([coord("a", "0"), coord("a + 1", "a")]),
            fill: true,
            // A legend line: the canvas as drawn is shorter than without.
            label: Some("filled".into()),
            ..RawDraw::default()
        },
    ];
    let e = built(&raw);
    let (plotted, _) = e.plotted(&e.start(), 60, 20);
    let outline = &plotted.series[0].runs;
    assert_eq!(outline.len(), 1, "an outline is one closed run");
    assert_eq!(outline[0].first(), outline[0].last());
    assert_eq!(outline[0][2], (2.0, 2.0));
    // The filled one: its outline, then a shade of lines two braille dot
    // rows apart across its inside, drawn under everything else.
    assert_eq!(plotted.series[1].kind, SeriesKind::Line);
    assert_eq!(plotted.series[1].runs.len(), 1);
    let shade = &plotted.series[2];
    assert_eq!(shade.kind, SeriesKind::Shade);
    assert_eq!(shade.label, None, "a shade has no legend entry of its own");
    assert!(shade.runs.len() > 5, "{} runs", shade.runs.len());
    assert!(shade.runs.iter().all(|r| r[0].0 == 2.0 && r[1].0 == 3.0));
    // Every line on an even row of the canvas's dots (the top row at the
    // view's top, y = 4), so the texture has no two adjacent lines.
    let rows = chart::layout(&plotted, 60, 20, chart::BRAILLE_DOTS)
        .expect("fits")
        .canvas
        .height;
    let pitch = 4.0 / (f64::from(rows) * 4.0 - 1.0);
    for run in &shade.runs {
        let k = (4.0 - run[0].1) / pitch;
        assert!(
            (k - k.round()).abs() < 1e-9 && k.round() as i64 % 2 == 0,
            "a shade line between dot rows, or on an odd one: {k}"
        );
    }
    let gap = shade.runs[0][0].1 - shade.runs[1][0].1;
    assert!(
        (gap - 2.0 * pitch).abs() < 1e-9,
        "{gap} vs two dot rows of {pitch}"
    );
}

#[test]
fn a_state_from_another_definition_never_panics() {
    let e = built(&car());
    // A state with too many and with no values (an edited lesson file).
    for values in [vec![1.0, 2.0, 3.0], Vec::new()] {
        let mut st = State { values, focus: 3 };
        let scene = e.scene(&st, &grid(0.0, 2.0, 10));
        assert_eq!(scene.readouts.len(), 1);
        let _ = e.value_text(&st, 0);
        // A move puts the state back in shape first.
        e.nudge(&mut st, Dir::Right, false);
        assert_eq!(e.value_text(&st, 0), "65");
    }
}

/// A text with `{{...}}` values: filled in from the state, whole numbers
/// plainly, others to the draw's precision.
#[test]
fn text_values_are_filled_in_live() {
    let raw = RawExplore {
        span: 0..100,
        x: Some(at((0.0, 10.0))),
        y: Some(at((0.0, 10.0))),
        sliders: vec![slider("w", 0.0, 2.0, 0.25, 1.0)],
        draws: vec![RawDraw {
            span: 0..1,
            text: Some(s("w = {{w}}, w/3 = {{w/3}}!")),
            at: Some(coord("1", "w")),
            precision: Some(at(3)),
            ..RawDraw::default()
        }],
        ..RawExplore::default()
    };
    let e = Explorer::build(&raw).expect("builds");
    let mut state = e.start();
    let text = |e: &Explorer, state: &State| {
        e.scene(state, &[0.0, 1.0])
            .shapes
            .iter()
            .find_map(|s| match s {
                Shape::Text { text, at, .. } => Some((text.clone(), *at)),
                _ => None,
            })
            .expect("a text")
    };
    assert_eq!(text(&e, &state), ("w = 1, w/3 = 0.333!".into(), (1.0, 1.0)));
    e.nudge(&mut state, Dir::Right, false);
    assert_eq!(
        text(&e, &state),
        ("w = 1.250, w/3 = 0.417!".into(), (1.0, 1.25))
    );
}
