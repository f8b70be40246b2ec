//! Explorers in the app: keys and the mouse change parameters, and the
//! canvas, readouts and tables follow. The built-in lesson's four explorers
//! are the fixtures.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::fixture;
use super::harness::Harness;
use super::{App, Msg};
use crate::layout::doc::{Row, Target};

/// The built-in lesson opened at section `id`, with the first parameter of
/// explorer number `nth` (0-based, in that section) focused.
fn at_explorer(id: &str, nth: usize) -> Harness {
    let lesson = fixture::derivatives();
    let section = lesson
        .sections
        .iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("no section {id}"));
    let mut h = Harness::lesson(lesson);
    if let Some(r) = h.app.reading.as_mut() {
        r.section = section;
    }
    h.app.relayout();
    // Focus the explorer's first parameter the way a learner would: Tab
    // until it is reached.
    let mut seen = 0;
    for _ in 0..40 {
        h = h.keys("<Tab>");
        let focus = h.app.reading.as_ref().and_then(|r| r.focus.clone());
        if let Some(Target::Explore(_, 0)) = focus {
            if seen == nth {
                return h;
            }
            seen += 1;
        }
    }
    panic!("explorer {nth} of section {id} not reached with Tab");
}

#[test]
fn the_car_slider_moves_the_line_the_table_and_the_readout() {
    let mut h = at_explorer("explore", 0);
    assert!(rows_text(&h.app).contains("s′(t) = v: 60 km/h"));
    insta::assert_snapshot!("car_start", h.screen());
    let h = h.keys("<Right><Right>");
    let after = rows_text(&h.app);
    assert!(after.contains("s′(t) = v: 70 km/h"), "{after}");
    // Shift steps ten at a time and stops at the top of the range.
    let mut h = h.keys("<S-Right><S-Right><S-Right><S-Right><S-Right><S-Right>");
    let top = h.screen();
    assert!(top.contains("120 km/h"), "{top}");
    let text = rows_text(&h.app);
    assert!(
        text.contains("│ 1.0   │ 120.0     │ 60.0                 │ 120.0 │"),
        "{text}"
    );
    insta::assert_snapshot!("car_top_speed", top);
    // `0` puts the explorer back as it started.
    let h = h.keys("0");
    assert!(rows_text(&h.app).contains("s′(t) = v: 60 km/h"));
}

#[test]
fn the_square_shows_the_difference_quotient_close_to_2x() {
    let mut h = at_explorer("square", 0);
    insta::assert_snapshot!("square_start", h.screen());
    // x = 2, Δx from 0.5 down to 0.05: ΔA/Δx goes from 4.5 to 4.05.
    let h = h.keys("<Tab><Home>");
    let text = rows_text(&h.app);
    assert!(text.contains("ΔA/Δx: 4.0500"), "{text}");
    assert!(text.contains("2x: 4.0000"), "{text}");
    assert!(text.contains("ΔA = 2x·Δx + (Δx)²: 0.2025"), "{text}");
}

#[test]
fn the_secant_slope_approaches_four() {
    let mut h = at_explorer("numeric-examples", 0);
    insta::assert_snapshot!("secant_start", h.screen());
    let mut h = h.keys("<Home>");
    let text = rows_text(&h.app);
    assert!(text.contains("(f(2+h) − f(2))/h: 4.0100"), "{text}");
    insta::assert_snapshot!("secant_small_h", h.screen());
}

#[test]
fn bezier_points_move_with_keys_and_the_mouse() {
    let mut h = at_explorer("explore", 1);
    insta::assert_snapshot!("bezier_start", h.screen());
    // The points come first, as in the file: P0 has focus and the arrows
    // move it.
    let h = h.keys("<Right><Right><Up>");
    let text = rows_text(&h.app);
    assert!(text.contains("(1.50, 1.25)"), "{text}");
    assert!(h.app.mouse_wanted(), "a focused point asks for the mouse");

    // Drag P3 (starting at (9, 2)) with the mouse to wherever the pointer
    // lets go, and see the point follow.
    let mut h = h;
    // Scroll the chart's top to the top of the screen, as a learner would
    // before reaching for the mouse.
    let first_row = first_chart_row(&h.app);
    if let Some(r) = h.app.reading.as_mut() {
        r.scroll = first_row;
    }
    let (col, row) = screen_cell_of(&h.app, (9.0, 2.0));
    for (kind, c, r) in [
        (MouseEventKind::Down(MouseButton::Left), col, row),
        (MouseEventKind::Drag(MouseButton::Left), col - 10, row - 2),
        (MouseEventKind::Up(MouseButton::Left), col - 10, row - 2),
    ] {
        h.app.update(Msg::Mouse(MouseEvent {
            kind,
            column: c,
            row: r,
            modifiers: KeyModifiers::NONE,
        }));
    }
    let text = rows_text(&h.app);
    assert!(!text.contains("(9.00, 2.00)"), "P3 moved: {text}");
    let focus = h.app.reading.as_ref().and_then(|r| r.focus.clone());
    assert!(matches!(focus, Some(Target::Explore(_, 3))), "{focus:?}");
    // `m` turns the mouse off for text selection, and on again.
    let h = h.keys("m");
    assert!(!h.app.mouse_wanted());
}

#[test]
fn explorers_redraw_only_when_a_value_changes() {
    let h = at_explorer("explore", 0);
    // Left at the bottom of the range changes nothing: the scene is not
    // recomputed (the cached state is the same).
    let mut h = h.keys("<Home>");
    let before = h.screen();
    let mut h = h.keys("<Left>");
    assert_eq!(before, h.screen());
}

/// Every laid-out text row of the current section.
fn rows_text(app: &App) -> String {
    let Some(r) = &app.reading else {
        return String::new();
    };
    r.doc
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Text(l) => Some(l.to_string()),
            Row::Chart { .. } => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The chart of the explorer that has focus.
fn focused_chart(app: &App) -> usize {
    let r = app.reading.as_ref().expect("a lesson is open");
    let Some(Target::Explore(path, _)) = &r.focus else {
        panic!("an explorer has focus");
    };
    r.doc
        .explore_charts
        .iter()
        .find(|(_, p)| p == path)
        .map(|(c, _)| *c)
        .expect("the focused explorer draws")
}

/// The screen cell where view point `at` of the focused explorer's chart
/// is drawn.
fn screen_cell_of(app: &App, at: (f64, f64)) -> (u16, u16) {
    let r = app.reading.as_ref().expect("a lesson is open");
    let chart = focused_chart(app);
    let plotted = &r.doc.charts[chart];
    let first_row = first_chart_row(app);
    let l = crate::chart::layout(plotted, plotted.width, plotted.height, (2, 4))
        .expect("room for the chart");
    let c = l.canvas;
    let fx = (at.0 - plotted.x_bounds.0) / (plotted.x_bounds.1 - plotted.x_bounds.0);
    let fy = (plotted.y_bounds.1 - at.1) / (plotted.y_bounds.1 - plotted.y_bounds.0);
    let col = c.x
        + (fx * f64::from(c.width))
            .floor()
            .min(f64::from(c.width - 1)) as u16;
    let row = c.y
        + (fy * f64::from(c.height))
            .floor()
            .min(f64::from(c.height - 1)) as u16;
    let screen_row = (first_row + usize::from(row)).saturating_sub(r.scroll) + 1;
    (col + 2, u16::try_from(screen_row).expect("on screen"))
}

/// The document row where the focused explorer's chart starts.
fn first_chart_row(app: &App) -> usize {
    let r = app.reading.as_ref().expect("a lesson is open");
    let chart = focused_chart(app);
    r.doc
        .rows
        .iter()
        .position(|row| matches!(row, Row::Chart { chart: c, .. } if *c == chart))
        .expect("the chart is laid out")
}

/// At 80x24 a focused parameter is shown with the readouts the text asks
/// the learner to watch, also after the screen is resized.
#[test]
fn a_focused_explorer_keeps_its_readouts_on_screen() {
    for (section, nth, readout, tabs) in [
        ("numeric-examples", 0, "(f(2+h) − f(2))/h:", ""),
        ("square", 0, "ΔA/Δx:", "<Tab>"),
        ("explore", 0, "s′(t) = v:", ""),
        ("explore", 1, "slope dy/dx:", "<Tab><Tab><Tab><Tab>"),
    ] {
        let mut h = at_explorer(section, nth);
        let s = h.screen();
        assert!(s.contains(readout), "{section}: {readout} hidden\n{s}");
        // The other parameters too (Tab), and after a resize.
        let mut h = h.keys(tabs);
        let s = h.screen();
        assert!(s.contains(readout), "{section}: {readout} hidden\n{s}");
        let s = h.render(100, 26);
        assert!(s.contains(readout), "{section} at 100x26\n{s}");
        let focus_row = {
            let r = h.app.reading.as_ref().expect("open");
            let i = r.focus.as_ref().and_then(|t| r.doc.find(t)).expect("focus");
            r.doc.items[i].mark.0
        };
        let r = h.app.reading.as_ref().expect("open");
        assert!(focus_row >= r.scroll && focus_row < r.scroll + h.app.body_height());
    }
}

/// The legend calls a point "selected" only while its explorer has focus.
#[test]
fn no_point_is_selected_while_nothing_has_focus() {
    let h = at_explorer("explore", 1);
    let legend = |h: &Harness| {
        let r = h.app.reading.as_ref().expect("open");
        r.doc
            .charts
            .iter()
            .flat_map(|c| c.series.iter().filter_map(|s| s.label.clone()))
            .collect::<Vec<_>>()
    };
    assert!(legend(&h).iter().any(|l| l == "P0 (selected)"));
    // Esc lets go of the focus: the point is one of the points to move.
    let h = h.keys("<Esc>");
    assert_eq!(h.app.reading.as_ref().and_then(|r| r.focus.clone()), None);
    let labels = legend(&h);
    assert!(!labels.iter().any(|l| l.contains("selected")), "{labels:?}");
    assert!(labels.iter().any(|l| l == "points to move"), "{labels:?}");
}
