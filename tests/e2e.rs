//! End to end: the real binary in a pseudo-terminal, keys typed as a person
//! would, the screen read with vt100.

mod common;

use common::{Term, key};

const SAMPLE: &str = "tests/lessons/app/sample.toml";

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
    t.keys("t");
    t.wait_for("Contents");
    t.keys("G");
    t.keys(key::ENTER);
    t.wait_for("3/3 Self-check");
    t.keys(key::TAB);
    t.keys(key::ENTER);
    t.wait_for("typing: Enter check");
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
    t.resize(60, 20);
    t.wait_for("chalkdust needs at least 80x24 (now 60x20)");
    t.resize(100, 30);
    let s = t.wait_for("1/3 What is a derivative");
    assert!(!s.contains("needs at least"), "{s}");
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
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chalkdust"))
        .args(["--lessons", "tests/lessons/app", "list"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run chalkdust list");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Essential Mathematics\n"), "{text}");
    assert!(
        text.contains("  2. Sample derivatives: A lesson for tests  [sample]"),
        "{text}"
    );
    assert!(text.contains("      requires: limits"), "{text}");
}

#[test]
fn with_no_arguments_the_builtin_lesson_opens() {
    let mut t = Term::spawn(&[]);
    t.wait_for("Derivatives › 1/12 What is a derivative");
    t.keys("q");
    assert!(t.wait_exit());
}
