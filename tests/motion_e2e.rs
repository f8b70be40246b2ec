//! End to end, in a pseudo-terminal: an explorer's path by recurrence
//! follows its step slider, the play key walks it to the end and stops,
//! and vector answers are judged component by component.

mod common;

use common::{Term, key};

const MOTION: &str = "tests/lessons/motion/motion.toml";

#[test]
fn the_step_slider_moves_the_readout_of_the_kth_iterate() {
    let mut t = Term::spawn(&[MOTION]);
    t.wait_for("1/2 Walking down x²");
    // The second slider: the steps. x_k = 3·0.8^k.
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.wait_for("p play");
    t.wait_for("x_k: 1.5360    steps taken: 3");
    t.keys(key::RIGHT);
    t.wait_for("x_k: 1.2288    steps taken: 4");
    t.keys(key::LEFT);
    t.keys(key::LEFT);
    t.wait_for("x_k: 1.9200    steps taken: 2");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn p_plays_the_step_slider_to_its_max_and_stops() {
    let mut t = Term::spawn(&[MOTION]);
    t.wait_for("1/2 Walking down x²");
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.wait_for("steps taken: 3");
    t.wait_for("p play");
    t.keys("p");
    t.wait_for("Playing \"steps k\"");
    // Every 0.1 s a step, up to k = 8: x_8 = 3·0.8⁸.
    t.wait_for("x_k: 0.5033    steps taken: 8");
    t.wait_for("Played to the end");
    // Stopped: nothing changes any more (and the slider is not past max).
    std::thread::sleep(std::time::Duration::from_millis(300));
    let s = t.screen();
    assert!(s.contains("steps taken: 8"), "{s}");
    // p again starts over from the minimum, and a key on the slider
    // stops it where it is.
    t.keys("p");
    t.wait_for("Playing");
    t.keys(key::LEFT);
    t.wait_gone("Playing");
    let before = t.screen();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(t.screen(), before, "stopped by the key");
    assert!(!before.contains("steps taken: 8"), "{before}");
    t.keys("q");
    assert!(t.wait_exit());
}

/// The `a` of "f(x, y) = x² + ay²" on screen (the learner's variant).
fn coefficient(screen: &str) -> u32 {
    let at = screen.find("x² + ").expect("the prompt") + "x² + ".len();
    screen[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a whole number")
}

#[test]
fn a_vector_answer_with_one_component_wrong_then_right() {
    let mut t = Term::spawn(&[MOTION]);
    t.wait_for("1/2 Walking down x²");
    t.keys("n");
    t.wait_for("2/2 A gradient");
    t.keys(key::TAB);
    t.keys(key::ENTER);
    let s = t.wait_for("typing:");
    let a = coefficient(&s);
    // The common slip: the exponent not brought down.
    t.keys(&format!("(2x, {a}y"));
    t.wait_for(&format!("read as: (2·x, {a}·y)"));
    t.keys(")");
    t.keys(key::ENTER);
    let s = t.wait_for("The first component is right; the second is not.");
    assert!(s.contains("1 attempt"), "{s}");
    assert!(s.contains("comes down: ∂"), "{s}");
    // A wrong count is not an attempt.
    for _ in 0..8 {
        t.keys(key::BACKSPACE);
    }
    t.keys("2x");
    t.keys(key::ENTER);
    let s = t.wait_for("give 2 components");
    assert!(s.contains("1 attempt"), "{s}");
    t.keys(&format!(", {}y", 2 * a));
    t.keys(key::ENTER);
    let s = t.wait_for("Right!");
    assert!(s.contains("solved 1 / attempted 1 / 1 questions"), "{s}");
    t.keys("q");
    assert!(t.wait_exit());
}
