use super::*;
use crate::chart::{Plotted, height_for, layout};
use crate::expr::{self, Expr};
use crate::lesson::{Chart, Piece, Plot, PlotData};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ex(src: &str, var: &str) -> Expr {
    match expr::parse(src, &[var]) {
        Ok(e) => e,
        Err(err) => panic!("{src}: {err}"),
    }
}

fn plot(data: PlotData, label: Option<&str>, style: LineStyle, color: Option<ColorName>) -> Plot {
    Plot {
        data,
        label: label.map(str::to_string),
        style,
        color,
        derivative: false,
        hollow: false,
    }
}

fn func(src: &str, var: &str, label: &str, style: LineStyle, color: ColorName) -> Plot {
    plot(
        PlotData::Expr(ex(src, var)),
        Some(label),
        style,
        Some(color),
    )
}

struct Labels<'a> {
    title: &'a str,
    x: &'a str,
    y: &'a str,
}

fn chart(
    var: &str,
    x: (f64, f64),
    y: Option<(f64, f64)>,
    labels: Labels,
    plots: Vec<Plot>,
) -> Chart {
    Chart {
        title: Some(labels.title.to_string()),
        var: var.to_string(),
        x,
        y,
        x_label: Some(labels.x.to_string()),
        y_label: Some(labels.y.to_string()),
        plots,
        equal_aspect: false,
    }
}

const TRIP: Labels = Labels {
    title: "",
    x: "t (h)",
    y: "s (km)",
};

/// The four charts of the Derivatives lesson.
fn constant_speed() -> Chart {
    let labels = Labels {
        title: "Constant speed: s(t) = 60t",
        ..TRIP
    };
    let s = func("60t", "t", "s(t) = 60t", LineStyle::Solid, ColorName::Green);
    chart("t", (0.0, 2.0), None, labels, vec![s])
}

fn speeding_up() -> Chart {
    let labels = Labels {
        title: "Speeding up from 40 to 80 km/h",
        x: "t (h)",
        y: "s (km), s′ (km/h)",
    };
    let mut s = func(
        "40t + 20t^2",
        "t",
        "s(t) = 40t + 20t²",
        LineStyle::Solid,
        ColorName::Green,
    );
    s.derivative = true;
    chart("t", (0.0, 1.0), None, labels, vec![s])
}

fn kink() -> Chart {
    let labels = Labels {
        title: "40 km/h, then 80 km/h",
        ..TRIP
    };
    let pieces = vec![
        Piece {
            from: 0.0,
            to: 0.5,
            expr: ex("40t", "t"),
        },
        Piece {
            from: 0.5,
            to: 1.0,
            expr: ex("20 + 80(t - 0.5)", "t"),
        },
    ];
    let s = plot(
        PlotData::Pieces(pieces),
        Some("s(t)"),
        LineStyle::Solid,
        Some(ColorName::Green),
    );
    chart("t", (0.0, 1.0), None, labels, vec![s])
}

fn tangents() -> Chart {
    let labels = Labels {
        title: "y = x² and its tangents",
        x: "x",
        y: "y",
    };
    let plots = vec![
        func("x^2", "x", "y = x²", LineStyle::Solid, ColorName::Green),
        func(
            "4x - 4",
            "x",
            "y = 4x − 4",
            LineStyle::Dashed,
            ColorName::Yellow,
        ),
        func(
            "8x - 16",
            "x",
            "y = 8x − 16",
            LineStyle::Dashed,
            ColorName::Magenta,
        ),
        plot(
            PlotData::Points(vec![(2.0, 4.0), (4.0, 16.0)]),
            Some("points of tangency"),
            LineStyle::Solid,
            Some(ColorName::Red),
        ),
    ];
    chart("x", (-1.0, 5.0), Some((-5.0, 26.0)), labels, plots)
}

fn plotted(c: &Chart, w: u16, h: u16) -> Plotted {
    crate::chart::plot(c, w, h)
}

const BRAILLE: ChartOptions = ChartOptions {
    ascii: false,
    monochrome: false,
};
const ASCII: ChartOptions = ChartOptions {
    ascii: true,
    monochrome: false,
};

/// Draw `c` at `width` (and its natural height) on a test terminal.
fn draw(c: &Chart, width: u16, opts: ChartOptions) -> TestBackend {
    let height = height_for(width);
    let p = plotted(c, width, height);
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    if let Err(e) = terminal.draw(|frame| render(&p, frame.area(), frame.buffer_mut(), opts)) {
        panic!("{e}");
    }
    terminal.backend().clone()
}

fn buffer_of(p: &Plotted, area: Rect, buf_area: Rect, opts: ChartOptions) -> Buffer {
    let mut buf = Buffer::empty(buf_area);
    render(p, area, &mut buf, opts);
    buf
}

fn row_text(buf: &Buffer, row: u16) -> String {
    let a = buf.area;
    (a.x..a.x + a.width)
        .map(|x| buf[(x, row)].symbol())
        .collect()
}

/// Braille dots set in a cell's symbol (0 for anything else).
fn dots(symbol: &str) -> u32 {
    symbol
        .chars()
        .next()
        .map(u32::from)
        .filter(|c| (0x2800..=0x28ff).contains(c))
        .map_or(0, |c| (c - 0x2800).count_ones())
}

#[test]
fn snapshot_constant_speed() {
    insta::assert_snapshot!(draw(&constant_speed(), 80, BRAILLE));
}

#[test]
fn snapshot_speeding_up_with_derivative() {
    insta::assert_snapshot!(draw(&speeding_up(), 80, BRAILLE));
}

#[test]
fn snapshot_kink() {
    insta::assert_snapshot!(draw(&kink(), 80, BRAILLE));
}

#[test]
fn snapshot_tangents() {
    insta::assert_snapshot!(draw(&tangents(), 80, BRAILLE));
}

#[test]
fn snapshot_tangents_ascii() {
    insta::assert_snapshot!(draw(&tangents(), 80, ASCII));
}

#[test]
fn ascii_mode_has_no_braille_or_box_drawing() {
    for c in [constant_speed(), speeding_up(), kink(), tangents()] {
        let backend = draw(&c, 80, ASCII);
        let text = backend.to_string();
        assert!(
            text.chars().all(|ch| ch.is_ascii() || "²′−".contains(ch)),
            "non-ASCII drawing in:\n{text}"
        );
        assert!(text.contains('*'));
    }
}

#[test]
fn tiny_areas_say_they_need_room() {
    let p = plotted(&tangents(), 80, 20);
    for (w, h) in [(0, 0), (1, 1), (0, 5), (5, 0), (10, 3)] {
        let area = Rect::new(0, 0, w, h);
        let buf = buffer_of(&p, area, area, BRAILLE);
        assert_eq!(buf.area, area);
    }
    let area = Rect::new(0, 0, 10, 3);
    let buf = buffer_of(&p, area, area, BRAILLE);
    let rows: Vec<String> = (0..3).map(|r| row_text(&buf, r)).collect();
    assert_eq!(rows, vec!["chart     ", "needs more", "room      "]);
    let area = Rect::new(0, 0, 30, 1);
    let buf = buffer_of(&p, area, area, BRAILLE);
    assert_eq!(row_text(&buf, 0), "chart needs more room         ");
    let area = Rect::new(0, 0, 1, 1);
    let buf = buffer_of(&p, area, area, BRAILLE);
    assert_eq!(row_text(&buf, 0), "c");
}

#[test]
fn nothing_is_drawn_outside_the_area() {
    let p = plotted(&tangents(), 60, 16);
    let whole = Rect::new(0, 0, 90, 30);
    // Also an area sticking out of the buffer: it is clipped, not a panic.
    for area in [Rect::new(10, 5, 60, 16), Rect::new(50, 20, 60, 16)] {
        for opts in [BRAILLE, ASCII] {
            let buf = buffer_of(&p, area, whole, opts);
            let inside = area.intersection(whole);
            for y in 0..whole.height {
                for x in 0..whole.width {
                    if !inside.contains((x, y).into()) {
                        assert_eq!(
                            buf[(x, y)].symbol(),
                            " ",
                            "drawn at ({x}, {y}) outside {area:?}"
                        );
                    }
                }
            }
            // And something was drawn inside.
            assert!(
                (inside.y..inside.bottom())
                    .any(|y| row_text(&buf, y).contains('─') || row_text(&buf, y).contains('-'))
            );
        }
    }
}

#[test]
fn a_jump_is_not_joined_by_a_vertical_line() {
    let pieces = vec![
        Piece {
            from: 0.0,
            to: 1.0,
            expr: ex("x", "x"),
        },
        Piece {
            from: 1.0,
            to: 2.0,
            expr: ex("x + 5", "x"),
        },
    ];
    let s = plot(PlotData::Pieces(pieces), None, LineStyle::Solid, None);
    let c = chart(
        "x",
        (0.0, 2.0),
        Some((0.0, 7.0)),
        Labels {
            title: "",
            x: "",
            y: "",
        },
        vec![s],
    );
    let p = plotted(&c, 60, 20);
    let area = Rect::new(0, 0, 60, 20);
    let buf = buffer_of(&p, area, area, BRAILLE);
    let Some(l) = layout(&p, 60, 20, BRAILLE_DOTS) else {
        panic!("no layout");
    };
    let cell = |v: f64, cells, dots, flip| {
        chart::cell_of(
            v,
            if flip { p.y_bounds } else { p.x_bounds },
            cells,
            dots,
            flip,
        )
    };
    let (Some(col), Some(row_low), Some(row_high)) = (
        cell(1.0, l.canvas.width, 2, false),
        cell(1.5, l.canvas.height, 4, true),
        cell(5.5, l.canvas.height, 4, true),
    ) else {
        panic!("cells");
    };
    // Between y = 1.5 and y = 5.5, the columns around x = 1 are empty.
    for row in row_high..=row_low {
        for dc in [col.saturating_sub(1), col, col + 1] {
            let sym = buf[(l.canvas.x + dc, l.canvas.y + row)]
                .symbol()
                .to_string();
            assert_eq!(dots(&sym), 0, "dots at column {dc}, row {row}: {sym:?}");
        }
    }
    // But both pieces reach x = 1.
    let at = |y: f64| {
        cell(y, l.canvas.height, 4, true)
            .map(|r| buf[(l.canvas.x + col, l.canvas.y + r)].symbol().to_string())
    };
    assert!(at(1.0).is_some_and(|s| dots(&s) > 0));
    assert!(at(6.0).is_some_and(|s| dots(&s) > 0));
}

/// Dots drawn for a horizontal line at y = 0.5 in each style.
fn dots_of_style(style: LineStyle) -> (u32, String) {
    let s = plot(PlotData::Expr(ex("0.5", "x")), None, style, None);
    let c = chart(
        "x",
        (0.0, 1.0),
        Some((0.0, 1.0)),
        Labels {
            title: "",
            x: "",
            y: "",
        },
        vec![s],
    );
    let p = plotted(&c, 40, 10);
    let area = Rect::new(0, 0, 40, 10);
    let buf = buffer_of(&p, area, area, BRAILLE);
    let mut total = 0;
    let mut line = String::new();
    for y in 0..10 {
        let text = row_text(&buf, y);
        let n: u32 = text.chars().map(|c| dots(c.encode_utf8(&mut [0; 4]))).sum();
        if n > 0 {
            line = text;
        }
        total += n;
    }
    (total, line)
}

#[test]
fn dashed_and_dotted_lines_differ_from_solid() {
    let (solid, solid_line) = dots_of_style(LineStyle::Solid);
    let (dashed, dashed_line) = dots_of_style(LineStyle::Dashed);
    let (dotted, dotted_line) = dots_of_style(LineStyle::Dots);
    // The y labels ("0.0") take 4 columns: 36 canvas columns = 72 dots.
    assert_eq!(solid, 72);
    assert!((47..=49).contains(&dashed), "{dashed}");
    assert_eq!(dotted, 24);
    // Gaps: whole empty cells in the dashed line, none in the solid one.
    let inner = |l: &str| l.chars().skip(3).take(34).collect::<String>();
    assert!(!inner(&solid_line).contains(' '), "{solid_line}");
    // Four dots on, two off: every third cell of the dashed line is blank.
    let blanks = inner(&dashed_line).matches(' ').count();
    assert!((10..=12).contains(&blanks), "{dashed_line}");
    assert_ne!(inner(&dotted_line), inner(&dashed_line));
}

#[test]
fn series_take_their_colour_or_none_in_monochrome() {
    let c = tangents();
    let p = plotted(&c, 80, 20);
    let area = Rect::new(0, 0, 80, 20);
    let colours = |opts: ChartOptions| -> Vec<Color> {
        let buf = buffer_of(&p, area, area, opts);
        let mut seen = Vec::new();
        for y in 0..20 {
            for x in 0..80 {
                let cell = &buf[(x, y)];
                if (dots(cell.symbol()) > 0 || cell.symbol() == "●") && !seen.contains(&cell.fg) {
                    seen.push(cell.fg);
                }
            }
        }
        seen
    };
    let seen = colours(BRAILLE);
    for want in [Color::Green, Color::Yellow, Color::Magenta, Color::Red] {
        assert!(seen.contains(&want), "{want:?} not in {seen:?}");
    }
    let mono = ChartOptions {
        ascii: false,
        monochrome: true,
    };
    assert_eq!(colours(mono), vec![Color::Reset]);
}

#[test]
fn legend_samples_show_the_style() {
    let line = |style, points: bool| Series {
        label: None,
        style,
        color: None,
        runs: Vec::new(),
        kind: if points {
            SeriesKind::Points { hollow: false }
        } else {
            SeriesKind::Line
        },
    };
    assert_eq!(sample(&line(LineStyle::Solid, false), false), "⠒⠒⠒⠒");
    assert_eq!(sample(&line(LineStyle::Dashed, false), false), "⠒⠒ ⠒");
    assert_eq!(sample(&line(LineStyle::Dots, false), false), "⠂⠐ ⠂");
    assert_eq!(sample(&line(LineStyle::Solid, true), false), " ●  ");
    assert_eq!(sample(&line(LineStyle::Solid, false), true), "****");
    assert_eq!(sample(&line(LineStyle::Dashed, false), true), "-- -");
    assert_eq!(sample(&line(LineStyle::Dots, false), true), ". . ");
    assert_eq!(sample(&line(LineStyle::Dots, true), true), " @  ");
    let hollow = Series {
        kind: SeriesKind::Points { hollow: true },
        ..line(LineStyle::Solid, true)
    };
    assert_eq!(sample(&hollow, false), " ○  ");
    assert_eq!(sample(&hollow, true), " o  ");
}

#[test]
fn long_labels_are_cut_with_an_ellipsis() {
    assert_eq!(cut("tangent at x = 4", 10), "tangent a…");
    assert_eq!(cut("short", 10), "short");
}

#[test]
fn clipping_keeps_the_inside_part() {
    let w = (0.0, 1.0, 0.0, 1.0);
    assert_eq!(
        clip((0.5, 0.5), (0.7, 0.2), w),
        Some(((0.5, 0.5), (0.7, 0.2)))
    );
    assert_eq!(
        clip((-1.0, 0.5), (2.0, 0.5), w),
        Some(((0.0, 0.5), (1.0, 0.5)))
    );
    assert_eq!(clip((-1.0, 2.0), (-0.5, 3.0), w), None);
}

#[test]
fn bresenham_visits_each_dot_once_in_order() {
    let mut seen = Vec::new();
    for_each_dot((0, 0), (4, 2), |x, y| seen.push((x, y)));
    assert_eq!(seen.first(), Some(&(0, 0)));
    assert_eq!(seen.last(), Some(&(4, 2)));
    assert_eq!(seen.len(), 5);
    seen.clear();
    for_each_dot((3, 5), (3, 1), |x, y| seen.push((x, y)));
    assert_eq!(seen, vec![(3, 5), (3, 4), (3, 3), (3, 2), (3, 1)]);
}

/// The four charts as a lesson author writes them (see docs/charts.md).
const DERIVATIVE_CHARTS: &str = r#"
format = 1
id = "derivative-charts"
title = "Derivative charts"

[[section]]
id = "charts"
title = "Charts"

  [[section.block]]
  kind = "chart"
  title = "Constant speed: s(t) = 60t"
  var = "t"
  x = [0, 2]
  x_label = "t (h)"
  y_label = "s (km)"

    [[section.block.plot]]
    expr = "60t"
    label = "s(t) = 60t"
    color = "green"

  [[section.block]]
  kind = "chart"
  title = "Speeding up from 40 to 80 km/h"
  var = "t"
  x = [0, 1]
  x_label = "t (h)"
  y_label = "s (km), s′ (km/h)"

    [[section.block.plot]]
    expr = "40t + 20t^2"
    label = "s(t) = 40t + 20t²"
    color = "green"
    derivative = true

  [[section.block]]
  kind = "chart"
  title = "40 km/h, then 80 km/h"
  var = "t"
  x = [0, 1]
  x_label = "t (h)"
  y_label = "s (km)"

    [[section.block.plot]]
    pieces = [ { from = 0.0, to = 0.5, expr = "40t" },
               { from = 0.5, to = 1.0, expr = "20 + 80(t - 0.5)" } ]
    label = "s(t)"
    color = "green"

  [[section.block]]
  kind = "chart"
  title = "y = x² and its tangents"
  x = [-1, 5]
  y = [-5, 26]
  x_label = "x"
  y_label = "y"

    [[section.block.plot]]
    expr = "x^2"
    label = "y = x²"
    color = "green"

    [[section.block.plot]]
    expr = "4x - 4"
    label = "y = 4x − 4"
    style = "dashed"
    color = "yellow"

    [[section.block.plot]]
    expr = "8x - 16"
    label = "y = 8x − 16"
    style = "dashed"
    color = "magenta"

    [[section.block.plot]]
    points = [[2, 4], [4, 16]]
    label = "points of tangency"
    color = "red"
"#;

#[test]
fn charts_loaded_from_toml_draw_like_the_hand_built_ones() {
    let loaded = match crate::lesson::load::load_str(DERIVATIVE_CHARTS, "charts.toml") {
        Ok(l) => l,
        Err(e) => panic!("{:#?}", e.diagnostics),
    };
    let charts: Vec<&Chart> = loaded.lesson.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            crate::lesson::BlockKind::Chart(c) => Some(c),
            _ => None,
        })
        .collect();
    let built = [constant_speed(), speeding_up(), kink(), tangents()];
    assert_eq!(charts.len(), built.len());
    for (loaded, built) in charts.iter().zip(&built) {
        for opts in [BRAILLE, ASCII] {
            assert_eq!(
                draw(loaded, 80, opts).to_string(),
                draw(built, 80, opts).to_string()
            );
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any area, any mode, a chart sampled for another size: no panic,
        /// and nothing outside the area.
        #[test]
        fn render_stays_inside_any_area(
            w in 0u16..140, h in 0u16..40, x in 0u16..10, y in 0u16..10,
            ascii in any::<bool>(), mono in any::<bool>(),
        ) {
            let p = plotted(&tangents(), 80, 20);
            let whole = Rect::new(0, 0, 150, 50);
            let area = Rect::new(x, y, w, h);
            let buf = buffer_of(&p, area, whole, ChartOptions { ascii, monochrome: mono });
            for row in 0..whole.height {
                for col in 0..whole.width {
                    if !area.contains((col, row).into()) {
                        prop_assert_eq!(buf[(col, row)].symbol(), " ");
                    }
                }
            }
        }

        /// Odd ranges (tiny, huge, far from zero) still give ticks inside
        /// the range and a drawable chart.
        #[test]
        fn odd_ranges_still_plot(lo in -1e9f64..1e9, span_exp in -9i32..9) {
            let hi = lo + 10f64.powi(span_exp);
            prop_assume!(hi > lo);
            let s = plot(PlotData::Expr(ex("x", "x")), Some("y = x"), LineStyle::Solid, None);
            let c = chart("x", (lo, hi), None, Labels { title: "", x: "", y: "" }, vec![s]);
            let p = plotted(&c, 80, 20);
            // Ticks only go missing when the range is narrower than a
            // millionth of its distance from zero.
            prop_assert!(!p.x_ticks.is_empty() || hi - lo < lo.abs() * 1e-6);
            // A millionth of the span, or a few units of rounding where the
            // span is only a few dozen doubles wide (1e-5 at 1e9).
            let slack = ((hi - lo) * 1e-6).max(lo.abs().max(hi.abs()) * f64::EPSILON * 4.0);
            for t in &p.x_ticks {
                prop_assert!(*t >= lo - slack && *t <= hi + slack, "{t} outside [{lo}, {hi}]");
            }
            let area = Rect::new(0, 0, 80, 20);
            let _ = buffer_of(&p, area, area, BRAILLE);
        }
    }
}

/// A hole in a graph: hollow points are open dots, filled ones solid, in
/// braille mode and in plain characters.
#[test]
fn hollow_points_are_open_dots() {
    let mut hole = plot(
        PlotData::Points(vec![(1.0, 1.0)]),
        Some("hole"),
        LineStyle::Solid,
        None,
    );
    hole.hollow = true;
    let filled = plot(
        PlotData::Points(vec![(3.0, 3.0)]),
        Some("value"),
        LineStyle::Solid,
        None,
    );
    let c = chart("x", (0.0, 4.0), Some((0.0, 4.0)), TRIP, vec![hole, filled]);
    let braille = draw(&c, 60, BRAILLE).to_string();
    assert_eq!(
        braille.matches('○').count(),
        2,
        "point and legend:\n{braille}"
    );
    assert_eq!(
        braille.matches('●').count(),
        2,
        "point and legend:\n{braille}"
    );
    let ascii = draw(&c, 60, ASCII).to_string();
    assert_eq!(ascii.matches('o').count() - "hole".matches('o').count(), 2);
    assert_eq!(ascii.matches('@').count(), 2, "{ascii}");
}

/// A shade is a sparse texture drawn under lines: a horizontal line across
/// it still shows as a full row of dots, and no shaded cell has more than
/// two of its eight dots lit.
#[test]
fn a_shade_does_not_hide_the_line_over_it() {
    let mut p = crate::chart::frame(
        crate::chart::Frame {
            title: None,
            x_bounds: (0.0, 10.0),
            y_bounds: (0.0, 10.0),
            x_label: None,
            y_label: None,
            equal_aspect: false,
            axes: true,
        },
        Vec::new(),
        40,
        12,
    );
    let rows = layout(&p, 40, 12, BRAILLE_DOTS)
        .expect("fits")
        .canvas
        .height;
    let step = 2.0 * 10.0 / (f64::from(rows) * 4.0);
    let shade: Vec<Vec<(f64, f64)>> = (1..40)
        .map(|k| f64::from(k) * step)
        .take_while(|y| *y < 8.0)
        .map(|y| vec![(1.0, y), (9.0, y)])
        .collect();
    // The line first: the drawing order must not depend on the lesson's.
    p.series = vec![
        Series {
            label: Some("y = 5".into()),
            style: LineStyle::Solid,
            color: None,
            runs: vec![vec![(0.0, 5.0), (10.0, 5.0)]],
            kind: SeriesKind::Line,
        },
        Series {
            label: None,
            style: LineStyle::Solid,
            color: None,
            runs: shade,
            kind: SeriesKind::Shade,
        },
    ];
    let area = Rect::new(0, 0, 40, 12);
    let buf = buffer_of(&p, area, area, BRAILLE);
    let l = layout(&p, 40, 12, BRAILLE_DOTS).expect("fits");
    let line_row = l.canvas.y
        + crate::chart::cell_of(5.0, (0.0, 10.0), l.canvas.height, 4, true).expect("on the canvas");
    let inside = |x: u16| {
        let col = x - l.canvas.x;
        col > l.canvas.width / 5 && col < l.canvas.width * 4 / 5
    };
    let mut shaded = 0;
    for y in l.canvas.y..l.canvas.y + l.canvas.height {
        for x in (l.canvas.x..l.canvas.x + l.canvas.width).filter(|x| inside(*x)) {
            let sym = buf[(x, y)].symbol();
            let bits = sym
                .chars()
                .next()
                .map_or(0, |c| u32::from(c).saturating_sub(0x2800));
            if y == line_row {
                // Both columns of one dot row: the line passes through.
                let rows = [0x01 | 0x08, 0x02 | 0x10, 0x04 | 0x20, 0x40 | 0x80];
                assert!(
                    rows.iter().any(|r| bits & r == *r),
                    "the line is lost at {x}: {sym:?}"
                );
            } else if dots(sym) > 0 {
                shaded += 1;
                assert!(dots(sym) <= 2, "a dense shade cell at ({x}, {y}): {sym:?}");
            }
        }
    }
    assert!(shaded > 20, "the shade is drawn ({shaded} cells)");
}
