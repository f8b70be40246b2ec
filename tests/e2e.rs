//! End to end: the real binary in a pseudo-terminal, keys typed as a person
//! would, the screen read with vt100.

mod common;

use common::{SAMPLE, Term, key};

#[test]
fn navigate_sections_open_details_and_quit_restores_the_terminal() {
    let mut t = Term::spawn(&[SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    assert!(t.alternate_screen());
    t.keys("n");
    t.wait_for("2/3 Rules");
    t.wait_for("│ Function │ Derivative │");
    t.keys(key::LEFT);
    t.wait_for("1/3 What is a derivative");
    // The footnote marker is focused first, then the explanation.
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.keys(key::ENTER);
    let s = t.wait_for("▾ Simple explanation");
    assert!(s.contains("A speedometer shows a derivative"), "{s}");
    t.keys(key::ENTER);
    t.wait_gone("A speedometer");
    t.keys("q");
    assert!(t.wait_exit(), "exit status");
    assert!(!t.alternate_screen(), "the terminal was restored");
}

#[test]
fn answer_a_question_wrong_then_right() {
    let mut t = Term::spawn(&[SAMPLE]);
    t.wait_for("1/3");
    t.start_answering_sample();
    t.keys("9");
    t.wait_for("read as: 9");
    t.keys(key::ENTER);
    let s = t.wait_for("Not yet. That is the value");
    assert!(s.contains("1 attempt"), "{s}");
    t.keys(key::BACKSPACE);
    t.keys("2*3");
    t.keys(key::ENTER);
    let s = t.wait_for("Right!");
    assert!(s.contains("solved 1 / attempted 1 / 3 questions"), "{s}");
    t.keys("q");
    assert!(t.wait_exit());
    assert!(!t.alternate_screen());
}

#[test]
fn q_typed_in_an_answer_is_a_letter_and_quitting_then_asks() {
    let mut t = Term::spawn(&[SAMPLE]);
    t.wait_for("1/3");
    t.keys("nn");
    t.wait_for("3/3");
    t.keys(key::TAB);
    t.keys(key::ENTER);
    t.wait_for("typing:");
    t.keys("q");
    t.wait_for("Answer: q");
    t.esc();
    t.wait_for("Enter answer · h hint");
    t.keys("q");
    t.wait_for("Are you sure?");
    t.keys("y");
    assert!(t.wait_exit());
    assert!(!t.alternate_screen());
}

#[test]
fn catalog_opens_the_builtin_lesson_and_goes_back() {
    // A lessons folder makes more than one lesson: the catalog opens.
    let mut t = Term::spawn(&["--lessons", "tests/lessons/valid"]);
    t.wait_for("chalkdust: lessons");
    t.wait_for("Derivatives");
    // The series in order: Limits first, Derivatives below it.
    t.keys("j");
    t.keys(key::ENTER);
    t.wait_for("Derivatives › 1/");
    t.keys("b");
    t.wait_for("chalkdust: lessons");
    t.keys(key::CTRL_C);
    assert!(t.wait_exit());
}

#[test]
fn follows_resizes_and_says_when_too_small() {
    let mut t = Term::spawn(&[SAMPLE]);
    t.wait_for("1/3");
    // Below 80x24 the lesson still reads; below 40x12 the screen says so.
    t.resize(60, 20);
    t.wait_for("1/3 What is a derivative");
    t.resize(30, 10);
    t.wait_for("this terminal is 30x10");
    t.resize(100, 30);
    let s = t.wait_for("1/3 What is a derivative");
    assert!(!s.contains("Too small"), "{s}");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn no_color_draws_without_colours() {
    let mut t = Term::spawn(&["--no-color", SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    assert!(!t.any_colour(), "{}", t.screen());
    t.keys("q");
    assert!(t.wait_exit());

    let mut t = Term::spawn(&[SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    assert!(t.any_colour(), "colours are on by default");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn list_prints_the_lessons_by_series() {
    let out = common::chalkdust(&["--lessons", "tests/lessons/app", "list"])
        .output()
        .expect("run chalkdust list");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Essential Mathematics\n"), "{text}");
    assert!(
        text.contains("  2. Sample derivatives: A lesson for tests  [sample]"),
        "{text}"
    );
    // Prerequisites by title, with the id to type.
    assert!(text.contains("      requires: Limits [limits]"), "{text}");
}

#[test]
fn with_no_arguments_the_builtin_lesson_opens() {
    let mut t = Term::spawn(&[]);
    t.wait_for("Derivatives › 1/12 What is a derivative");
    // The rest of the series is behind it, in the catalog.
    t.keys("b");
    t.wait_for("1. Limits");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn a_slider_changes_the_readout_and_the_table() {
    let mut t = Term::spawn(&["derivatives"]);
    open_try_it_yourself(&mut t);
    t.keys(key::TAB);
    t.wait_for("speed");
    t.keys(key::RIGHT);
    t.keys(key::RIGHT);
    // Scroll the readout and the table into view below the slider.
    t.keys("jjjjjj");
    t.wait_for("s′(t) before 0.5 h: 70 km/h");
    t.wait_for("│ 0.0   │ 0.0       │ 35.0                 │ 70.0  │");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn a_bezier_point_can_be_dragged_with_the_mouse() {
    let mut t = Term::spawn(&["derivatives"]);
    open_try_it_yourself(&mut t);
    // Tab past the car's two sliders to the Bézier explorer's first
    // point, P0.
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.wait_for("P0 (selected)");
    // The mouse is captured while a point has focus: without that, the
    // terminal would select text instead of reporting the drag below.
    t.wait_for_screen("mouse capture on", |s| {
        s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    // Where is P0 (1, 1) drawn? Find the selected marker on screen.
    let screen = t.screen();
    let (row, col) = screen
        .lines()
        .enumerate()
        .filter_map(|(r, l)| {
            let before = l.find('●')?;
            Some((r, l[..before].chars().count()))
        })
        .filter(|(r, _)| *r < 20)
        .min_by_key(|(_, c)| *c)
        .expect("a point on screen");
    // SGR mouse: press on it, drag right and up, release.
    let (x, y) = (col + 1, row + 1);
    t.keys(&format!("\x1b[<0;{x};{y}M"));
    t.keys(&format!("\x1b[<32;{};{}M", x + 20, y.saturating_sub(4)));
    t.keys(&format!("\x1b[<0;{};{}m", x + 20, y.saturating_sub(4)));
    t.wait_gone("(1.00, 1.00)");
    t.wait_for("P0 ");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn the_linux_console_gets_plain_characters() {
    let mut t = Term::spawn_env(&["derivatives"], &[("TERM", "linux")]);
    t.wait_for("Derivatives > 1/12 What is a derivative");
    let s = t.screen();
    assert!(s.is_ascii(), "{s}");
    // Colours in the 16 the console knows, never a 256-colour code.
    assert!(t.any_colour(), "colour is still used");
    assert!(
        !t.wrote(b"38;5;") && !t.wrote(b"48;5;"),
        "a 256-colour code"
    );
    t.keys("q");
    assert!(t.wait_exit());
}

/// From the start of the built-in lesson, through the table of contents, to
/// the section with the car and Bézier explorers.
fn open_try_it_yourself(t: &mut Term) {
    t.wait_for("1/12 What is a derivative");
    t.keys("t");
    t.wait_for("Contents");
    t.keys("jjjjjjjjj");
    t.keys(key::ENTER);
    t.wait_for("10/12 Try it yourself");
}

/// The body moved by whole lines is scrolled by the terminal itself (a
/// scroll region) and only the rows that came into view are drawn: what the
/// screen shows must be exactly what a full redraw shows.
#[test]
fn a_body_scrolled_line_by_line_matches_a_full_redraw() {
    let mut t = Term::spawn(&["derivatives"]);
    t.wait_for("Derivatives › 1/");
    t.keys("nnnn");
    let mut shown = t.wait_for("5/12");
    for key in ["j", "j", "j", "j", "j", "j", "j", "k", "k", "j"] {
        t.keys(key);
        let before = shown.clone();
        shown = t.wait_until("the body to move one line", |s| s != before);
    }
    // A resize clears the screen and draws every cell again.
    t.resize(81, 24);
    t.wait_until("the wider frame", |s| s != shown);
    t.resize(80, 24);
    // Blank cells the terminal scrolled in and spaces ratatui wrote look
    // alike; vt100 keeps the latter at line ends, so compare what shows.
    let visible = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let shown = visible(&shown);
    let redrawn = t.wait_until("the same frame, drawn in full", |s| visible(s) == shown);
    assert_eq!(visible(&redrawn), shown);
    t.keys("q");
    assert!(t.wait_exit());
}
