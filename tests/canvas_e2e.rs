//! End to end with the explorer draws of issue #21: the real binary in a
//! pseudo-terminal, the point of a contour map moved with the keyboard, its
//! gradient arrow, live label and readout followed on screen (vt100).

mod common;

use common::{Term, key};

const CANVAS: &str = "tests/lessons/app/canvas.toml";

/// The row of the canvas whose y tick label is `tick` ("0.0+").
fn canvas_row(screen: &str, tick: &str) -> String {
    screen
        .lines()
        .find(|l| l.trim_start().starts_with(tick))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn moving_the_point_turns_its_gradient_arrow_and_updates_the_numbers() {
    let mut t = Term::spawn(&["--ascii", CANVAS]);
    t.wait_for("1/2 A bowl and its gradient");
    // The label reads f at the point: 1² + 4·0.5² = 2.
    t.wait_for("f = 2 ");
    t.keys(key::TAB);
    t.wait_for("P (selected)");
    // At (1, 0.5) the gradient (2, 4) points up and to the right: its head
    // is a slash, and no arrow lies along the row y = 0.
    let s = t.screen();
    assert!(!canvas_row(&s, "0.0+").contains('>'), "{s}");
    // Two steps down, to (1, 0): the gradient (2, 0) points right along
    // y = 0, and its head is the `>` right of the point.
    t.keys(key::DOWN);
    t.wait_for("f = 1.25");
    t.keys(key::DOWN);
    t.wait_for("(1.00, 0.00)");
    let s = t.wait_for("f = 1 ");
    let row = canvas_row(&s, "0.0+");
    let point = row.find('@').expect("the point on the row y = 0");
    let head = row.rfind('>').expect("an arrowhead on the row y = 0");
    assert!(head > point + 4, "{row}");
    assert!(row[point..head].contains("***"), "a shaft: {row}");
    // One step left: the readout of the gradient's x part follows.
    t.wait_for("nabla f at P: 2.00");
    t.keys(key::LEFT);
    t.wait_for("nabla f at P: 1.50");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn the_graph_shows_live_numbers_in_its_boxes() {
    let mut t = Term::spawn(&[CANVAS]);
    t.wait_for("1/2 A bowl and its gradient");
    t.keys("n");
    t.wait_for("│ h = 1.50 │");
    t.wait_for("∂L/∂h = 3 ");
    // Focus w1 and raise it: h = w1·x, L = h², ∂L/∂h = 2h all follow.
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.keys(key::RIGHT);
    t.wait_for("│ h = 2 │");
    t.wait_for("│ L = 4 │");
    t.wait_for("∂L/∂h = 4 ");
    t.keys("q");
    assert!(t.wait_exit());
}
