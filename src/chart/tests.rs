use super::*;
use crate::chart::{Chart, Plot};
use crate::expr;
use proptest::prelude::*;
use rstest::rstest;

fn ex(src: &str, var: &str) -> Expr {
    match expr::parse(src, &[var]) {
        Ok(e) => e,
        Err(err) => panic!("{src}: {err}"),
    }
}

fn chart(var: &str, x: (f64, f64), y: Option<(f64, f64)>, plots: Vec<Plot>) -> Chart {
    Chart {
        title: None,
        var: var.to_string(),
        x,
        y,
        x_label: None,
        y_label: None,
        plots,
        equal_aspect: false,
    }
}

fn line(data: PlotData) -> Plot {
    Plot {
        data,
        label: None,
        style: LineStyle::Solid,
        color: None,
        derivative: false,
        hollow: false,
    }
}

fn f(src: &str, var: &str) -> Plot {
    line(PlotData::Expr(ex(src, var)))
}

fn pieces(var: &str, ps: &[(f64, f64, &str)]) -> Plot {
    line(PlotData::Pieces(
        ps.iter()
            .map(|(from, to, src)| Piece {
                from: *from,
                to: *to,
                expr: ex(src, var),
            })
            .collect(),
    ))
}

fn plotted(c: &Chart, w: u16, h: u16) -> Plotted {
    plot(c, w, h)
}

fn canvas_of(p: &Plotted) -> Area {
    match layout(p, p.width, p.height, BRAILLE_DOTS) {
        Some(l) => l.canvas,
        None => panic!("no layout at {}x{}", p.width, p.height),
    }
}

#[rstest]
#[case(40)]
#[case(80)]
#[case(200)]
fn one_sample_per_dot_column(#[case] width: u16) {
    let c = chart("t", (0.0, 2.0), None, vec![f("60t", "t")]);
    let p = plotted(&c, width, height_for(width));
    let canvas = canvas_of(&p);
    assert!(canvas.width + 4 >= width - 4, "gutter too wide: {canvas:?}");
    assert_eq!(p.series[0].runs.len(), 1);
    assert_eq!(p.series[0].runs[0].len(), usize::from(canvas.width) * 2);
    let first = p.series[0].runs[0][0];
    let last = p.series[0].runs[0][p.series[0].runs[0].len() - 1];
    assert_eq!(first, (0.0, 0.0));
    assert_eq!(last, (2.0, 120.0));
}

#[test]
fn fitted_range_has_a_margin_and_round_ticks() {
    let c = chart("t", (0.0, 2.0), None, vec![f("60t", "t")]);
    let p = plotted(&c, 80, 20);
    let (lo, hi) = p.y_bounds;
    assert!(
        (lo + 6.0).abs() < 1e-9 && (hi - 126.0).abs() < 1e-9,
        "{lo}..{hi}"
    );
    assert_eq!(
        p.y_tick_labels,
        vec!["0", "20", "40", "60", "80", "100", "120"]
    );
    assert_eq!(p.x_tick_labels, vec!["0.0", "0.5", "1.0", "1.5", "2.0"]);
}

#[test]
fn given_range_is_kept() {
    let c = chart("x", (-1.0, 5.0), Some((-5.0, 26.0)), vec![f("x^2", "x")]);
    let p = plotted(&c, 80, 20);
    assert_eq!(p.y_bounds, (-5.0, 26.0));
    assert_eq!(p.x_tick_labels, vec!["-1", "0", "1", "2", "3", "4", "5"]);
    assert_eq!(
        p.y_tick_labels,
        vec!["-5", "0", "5", "10", "15", "20", "25"]
    );
}

#[test]
fn narrow_charts_get_fewer_ticks() {
    let c = chart("t", (0.0, 2.0), None, vec![f("60t", "t")]);
    let p = plotted(&c, 30, 12);
    assert_eq!(p.x_tick_labels, vec!["0", "1", "2"]);
    assert!(p.y_ticks.len() <= 4, "{:?}", p.y_tick_labels);
}

#[test]
fn fitted_range_covers_the_derivative_too() {
    let mut p = f("40t + 20t^2", "t");
    p.derivative = true;
    let c = chart("t", (0.0, 1.0), None, vec![p]);
    let p = plotted(&c, 80, 20);
    // s goes 0..60, s' goes 40..80.
    assert!(
        p.y_bounds.0 < 0.0 && p.y_bounds.0 > -5.0,
        "{:?}",
        p.y_bounds
    );
    assert!(
        p.y_bounds.1 > 80.0 && p.y_bounds.1 < 85.0,
        "{:?}",
        p.y_bounds
    );
}

#[test]
fn a_jump_between_pieces_is_not_joined() {
    let c = chart(
        "x",
        (0.0, 2.0),
        None,
        vec![pieces("x", &[(0.0, 1.0, "x"), (1.0, 2.0, "x + 5")])],
    );
    let p = plotted(&c, 80, 20);
    let runs = &p.series[0].runs;
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].last(), Some(&(1.0, 1.0)));
    assert_eq!(runs[1].first(), Some(&(1.0, 6.0)));
    // No sample lies in the gap.
    assert!(runs.iter().flatten().all(|(_, y)| *y <= 1.0 || *y >= 6.0));
}

#[test]
fn pieces_are_clipped_to_the_x_range() {
    let c = chart(
        "x",
        (0.5, 1.5),
        Some((0.0, 10.0)),
        vec![pieces("x", &[(0.0, 1.0, "x"), (1.0, 3.0, "x + 5")])],
    );
    let p = plotted(&c, 80, 20);
    let runs = &p.series[0].runs;
    assert_eq!(runs[0].first().map(|p| p.0), Some(0.5));
    assert_eq!(runs[1].last().map(|p| p.0), Some(1.5));
}

#[test]
fn undefined_points_are_skipped() {
    let c = chart("x", (-1.0, 1.0), None, vec![f("sqrt(x)", "x")]);
    let p = plotted(&c, 80, 20);
    assert_eq!(p.series[0].runs.len(), 1);
    assert!(
        p.series[0].runs[0]
            .iter()
            .all(|(x, y)| *x >= 0.0 && y.is_finite())
    );
    // The fit ignores the undefined half.
    assert!(
        p.y_bounds.0 > -0.1 && p.y_bounds.1 < 1.1,
        "{:?}",
        p.y_bounds
    );
}

#[test]
fn an_asymptote_is_left_out() {
    let c = chart("x", (-2.0, 2.0), None, vec![f("1/x", "x")]);
    let p = plotted(&c, 80, 20);
    let runs = &p.series[0].runs;
    assert_eq!(
        runs.len(),
        2,
        "{:?}",
        runs.iter().map(Vec::len).collect::<Vec<_>>()
    );
    assert!(runs[0].iter().all(|(x, _)| *x < 0.0));
    assert!(runs[1].iter().all(|(x, _)| *x > 0.0));
    // The range is set by the curve, not by the spike near 0.
    assert!(p.y_bounds.1 < 30.0, "{:?}", p.y_bounds);
}

#[test]
fn derivative_of_x_squared_is_two_x() {
    let mut plot = f("x^2", "x");
    plot.derivative = true;
    plot.label = Some("y = x²".into());
    plot.color = Some(ColorName::Green);
    let c = chart("x", (-1.0, 5.0), Some((-5.0, 26.0)), vec![plot]);
    let p = plotted(&c, 80, 20);
    assert_eq!(p.series.len(), 2);
    let d = &p.series[1];
    assert_eq!(d.label.as_deref(), Some("y′"));
    assert_eq!(d.style, LineStyle::Dashed);
    assert_eq!(d.color, Some(ColorName::Green));
    assert_eq!(d.runs.len(), 1);
    for (x, y) in &d.runs[0] {
        assert!((y - 2.0 * x).abs() < 1e-6, "at {x}: {y}");
    }
}

#[test]
fn derivative_of_pieces_jumps_at_the_kink_without_a_spike() {
    let mut plot = pieces("t", &[(0.0, 0.5, "40t"), (0.5, 1.0, "20 + 80(t - 0.5)")]);
    plot.derivative = true;
    let c = chart("t", (0.0, 1.0), None, vec![plot]);
    let p = plotted(&c, 80, 20);
    let d = &p.series[1];
    assert_eq!(d.runs.len(), 2);
    assert!(d.runs[0].iter().all(|(_, y)| (y - 40.0).abs() < 1e-6));
    assert!(d.runs[1].iter().all(|(_, y)| (y - 80.0).abs() < 1e-6));
    assert_eq!(d.runs[0].last().map(|p| p.0), Some(0.5));
    assert_eq!(d.runs[1].first().map(|p| p.0), Some(0.5));
}

#[test]
fn points_are_kept_as_given() {
    let c = chart(
        "x",
        (-1.0, 5.0),
        None,
        vec![line(PlotData::Points(vec![
            (2.0, 4.0),
            (f64::NAN, 1.0),
            (4.0, 16.0),
        ]))],
    );
    let p = plotted(&c, 80, 20);
    assert_eq!(p.series[0].kind, SeriesKind::Points { hollow: false });
    assert_eq!(p.series[0].runs, vec![vec![(2.0, 4.0), (4.0, 16.0)]]);
}

#[rstest]
#[case(Some("s(t) = 40t + 20t²"), "s′(t)")]
#[case(Some("y = x²"), "y′")]
#[case(Some("f"), "f′")]
#[case(Some("distance (km)"), "derivative of distance (km)")]
#[case(Some("  "), "derivative")]
#[case(None, "derivative")]
fn derivative_labels(#[case] label: Option<&str>, #[case] want: &str) {
    assert_eq!(derivative_label(label), want);
}

#[test]
fn bad_ranges_do_not_break_sampling() {
    let c = chart("x", (3.0, 3.0), Some((f64::NAN, 1.0)), vec![f("x", "x")]);
    let p = plotted(&c, 80, 20);
    assert_eq!(p.x_bounds, (2.0, 4.0));
    assert!(p.y_bounds.0 < 2.0 && p.y_bounds.1 > 4.0);
}

#[test]
fn layout_places_everything_and_keeps_a_minimum_canvas() {
    let mut c = chart("t", (0.0, 2.0), None, vec![f("60t", "t")]);
    c.title = Some("Distance at 60 km/h".into());
    c.x_label = Some("t (h)".into());
    c.y_label = Some("s (km)".into());
    c.plots[0].label = Some("s(t) = 60t".into());
    let p = plotted(&c, 80, 20);
    let Some(l) = layout(&p, 80, 20, BRAILLE_DOTS) else {
        panic!("no layout");
    };
    // The y label shares the title row; the x label does not fit beside
    // the last tick ("2.0" at the right edge), so it is centred below.
    assert_eq!(l.y_label, Some((0, 0)));
    assert_eq!(l.title, Some(((80 - 19) / 2, 0)));
    assert_eq!(
        l.canvas,
        Area {
            x: 4,
            y: 1,
            width: 76,
            height: 15
        }
    );
    assert_eq!(l.tick_row, 17);
    assert_eq!(l.x_label, Some((4 + 35, 18)));
    assert_eq!(l.legend.len(), 1);
    assert_eq!((l.legend[0].col, l.legend[0].row), (0, 19));
    // The first tick is under the first column, the last under the last.
    assert_eq!(l.x_ticks.first().map(|t| t.col), Some(4));
    assert_eq!(l.x_ticks.last().map(|t| t.col), Some(79));
    // "0" ends right before the axis, on the bottom row (y = 0 is near the
    // bottom of -6..126); "120" near the top.
    assert_eq!(
        l.y_ticks.first(),
        Some(&YTick {
            row: 15,
            label_col: Some(2)
        })
    );
    assert_eq!(
        l.y_ticks.last(),
        Some(&YTick {
            row: 1,
            label_col: Some(0)
        })
    );

    // Short charts lose the title first, then keep the canvas usable.
    let l = layout(&p, 80, 7, BRAILLE_DOTS);
    assert!(
        l.as_ref()
            .is_some_and(|l| l.title.is_none() && l.canvas.height >= 3),
        "{l:?}"
    );
    assert_eq!(layout(&p, 80, 4, BRAILLE_DOTS), None);
    assert_eq!(layout(&p, 10, 20, BRAILLE_DOTS), None);
}

proptest! {
    #[test]
    fn layout_stays_inside_its_area(w in 0u16..300, h in 0u16..80, ascii in any::<bool>()) {
        let mut c = chart("x", (-1.0, 5.0), None, vec![f("x^2", "x"), f("4x - 4", "x")]);
        c.title = Some("y = x² and its tangents".into());
        c.x_label = Some("x".into());
        c.y_label = Some("y".into());
        c.plots[0].label = Some("y = x²".into());
        c.plots[1].label = Some("tangent at (2, 4)".into());
        let p = plotted(&c, w, h);
        let dots = if ascii { (1, 1) } else { BRAILLE_DOTS };
        if let Some(l) = layout(&p, w, h, dots) {
            prop_assert!(l.canvas.x + l.canvas.width <= w);
            prop_assert!(l.canvas.height >= MIN_CANVAS.1 && l.canvas.width >= MIN_CANVAS.0);
            prop_assert!(l.tick_row < h);
            for t in &l.x_ticks {
                prop_assert!(t.col < w);
            }
            for t in &l.y_ticks {
                prop_assert!(t.row >= l.canvas.y && t.row < l.canvas.y + l.canvas.height);
            }
            for item in &l.legend {
                prop_assert!(item.row < h);
                prop_assert!(item.col + SAMPLE_WIDTH + 1 + item.label_width <= w);
            }
            if let Some((col, row)) = l.x_label {
                prop_assert!(row < h && col < w);
            }
        }
    }
}

/// `aspect = "equal"`: one unit spans as many braille dots across as up,
/// whichever range had to grow, and the other range is kept as given.
#[test]
fn an_equal_aspect_widens_one_range() {
    let mut c = chart(
        "x",
        (0.0, 10.0),
        Some((0.0, 1.0)),
        vec![line(PlotData::Expr(ex("x", "x")))],
    );
    c.equal_aspect = true;
    for (w, h) in [(80, 20), (40, 24), (120, 12)] {
        let p = plotted(&c, w, h);
        let l = layout(&p, w, h, BRAILLE_DOTS).expect("fits");
        let per_x = (p.x_bounds.1 - p.x_bounds.0) / (f64::from(l.canvas.width) * 2.0);
        let per_y = (p.y_bounds.1 - p.y_bounds.0) / (f64::from(l.canvas.height) * 4.0);
        // Within a column's worth: tick labels may settle one cell wider.
        let tolerance = per_x / f64::from(l.canvas.width);
        assert!(
            (per_x - per_y).abs() <= tolerance * 2.0,
            "{w}x{h}: {per_x} vs {per_y}"
        );
        assert_eq!(p.x_bounds, (0.0, 10.0), "x is the wider range here");
        assert_eq!(p.y_bounds.0, 0.0, "a range from zero grows upwards");
    }
    // Without it, the ranges are as given.
    c.equal_aspect = false;
    assert_eq!(plotted(&c, 80, 20).y_bounds, (0.0, 1.0));
}

#[test]
fn equal_aspect_leaves_degenerate_ranges_alone() {
    let r = equal_aspect((0.0, 0.0), (0.0, 1.0), 10, 10);
    assert_eq!(r, ((0.0, 0.0), (0.0, 1.0)));
    let r = equal_aspect((0.0, f64::NAN), (0.0, 1.0), 10, 10);
    assert_eq!(r.1, (0.0, 1.0));
    // A tall, narrow canvas widens x instead; a range across zero grows at
    // both ends, one below zero downwards, one above zero upwards.
    let (x, y) = equal_aspect((-1.0, 1.0), (0.0, 20.0), 10, 10);
    assert_eq!((x, y), ((-5.0, 5.0), (0.0, 20.0)));
    let (x, _) = equal_aspect((-2.0, 0.0), (0.0, 20.0), 10, 10);
    assert_eq!(x, (-10.0, 0.0));
    let (x, _) = equal_aspect((1.0, 2.0), (0.0, 20.0), 10, 10);
    assert_eq!(x, (1.0, 11.0));
}
