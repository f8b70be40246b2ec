//! `chalkdust class` end to end: three learners answer the sample lesson's
//! first question in the real binary (two of them wrongly, in two ways the
//! question judges equal), and the teacher's view counts them.

mod common;

use std::process::Stdio;

use common::{SAMPLE, Term, key};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// `user` opens the sample and checks `answer` to its first question.
fn answer_as(user: &str, data: &str, answer: &str, verdict: &str) {
    let mut t = Term::spawn_env(&["--data", data, SAMPLE], &[("USER", user)]);
    t.wait_for("1/3 What is a derivative");
    t.start_answering_sample();
    t.keys(answer);
    t.keys(key::ENTER);
    t.wait_for(verdict);
    t.esc();
    t.keys("q");
    assert!(t.wait_exit());
}

fn class(data: &str, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let mut all = vec!["class", "--data", data];
    all.extend_from_slice(args);
    let out = common::chalkdust(&all).stdin(Stdio::null()).output()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(text)
}

#[test]
fn the_class_view_counts_every_learner_and_groups_equal_wrong_answers() -> TestResult {
    let dir = tempfile::tempdir()?;
    let data = dir.path().display().to_string();
    answer_as("ada", &data, "9", "Not yet");
    answer_as("bo", &data, "18/2", "Not yet");
    answer_as("cy", &data, "6", "Right!");

    let questions = class(
        &data,
        &["--lessons", "tests/lessons/app", "--csv", "--questions"],
    )?;
    assert!(
        questions.starts_with("lesson,question,attempted,solved,given_up,"),
        "{questions}"
    );
    assert!(
        questions.contains("\r\nsample,slope-x2-at-3,3,1,0,1,0,9 (2)\r\n"),
        "{questions}"
    );
    // Sections read: the first, and the self-check reached through the
    // contents (the one between was skipped).
    let learners = class(&data, &["--lessons", "tests/lessons/app", "--csv"])?;
    assert!(
        learners.contains("\r\ncy,cy,sample,2,3,1,0,0,3,0,1,"),
        "{learners}"
    );
    assert_eq!(learners.lines().count(), 4, "{learners}");
    let text = class(&data, &["--lessons", "tests/lessons/app"])?;
    assert!(
        text.contains("Learners") && text.contains("Questions"),
        "{text}"
    );
    assert!(text.contains("9 (2)"), "{text}");
    // A folder with no store: said, and not made.
    let empty = dir.path().join("empty");
    let out = common::chalkdust(&["class", "--data", &empty.display().to_string()])
        .stdin(Stdio::null())
        .output()?;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no progress store at"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!empty.exists());
    // One lesson nobody opened: nothing to show.
    let none = class(&data, &["--lesson", "limits", "--json"])?;
    let json: serde_json::Value = serde_json::from_str(&none)?;
    assert_eq!(json["learners"].as_array().map(Vec::len), Some(0), "{none}");
    Ok(())
}

/// The teacher's view on a terminal: keys as a person types them, and a
/// check recorded by another process appearing in the open view.
#[test]
fn on_a_terminal_the_class_view_is_interactive_and_refreshes_live() -> TestResult {
    let dir = tempfile::tempdir()?;
    let data = dir.path().display().to_string();
    answer_as("ada", &data, "9", "Not yet");
    answer_as("bo", &data, "18/2", "Not yet");

    let args = ["class", "--data", &data, "--lessons", "tests/lessons/app"];
    let mut view = Term::spawn(&args);
    view.wait_for("Lessons (1)");
    assert!(view.alternate_screen());
    let screen = view.wait_for("Connected now (0)");
    assert!(screen.contains("sample"), "{screen}");
    view.keys(key::ENTER);
    let screen = view.wait_for("slope-x2-at-3");
    // `9` and `18/2` are one answer, given by two learners.
    assert!(screen.contains("9  2 learners"), "{screen}");
    assert!(screen.contains("2 tried, 0 solved"), "{screen}");

    // Another process records a right answer; the open view shows it
    // without a key pressed (the store's change check, every 2 s).
    answer_as("cy", &data, "6", "Right!");
    view.wait_for("3 tried, 1 solved");
    view.esc();
    view.wait_for("Lessons (1)");
    view.keys("q");
    assert!(view.wait_exit());
    assert!(!view.alternate_screen(), "the terminal was restored");

    // --text on a terminal prints the tables instead.
    let mut text = Term::spawn(&[
        "class",
        "--data",
        &data,
        "--lessons",
        "tests/lessons/app",
        "--text",
    ]);
    text.wait_for("commonest wrong answers");
    assert!(text.wait_exit());
    Ok(())
}
