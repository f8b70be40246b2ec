//! End to end: `chalkdust watch` on a scratch copy of a lesson, edited the
//! way an editor saves it, with the screen read through a pseudo-terminal.

mod common;

use std::path::Path;
use std::time::Instant;

use common::Term;

/// Replace `from` with `to` in `file`, writing it in place (nano, VS Code).
fn write_in_place(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read: {e}"));
    assert!(text.contains(from), "{from:?} not in the file");
    std::fs::write(file, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("write: {e}"));
}

/// Replace `from` with `to` in `file`, saving by rename as vim does.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read: {e}"));
    assert!(text.contains(from), "{from:?} not in the file");
    let tmp = file.with_extension("toml.tmp");
    std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("write: {e}"));
    std::fs::rename(&tmp, file).unwrap_or_else(|e| panic!("rename: {e}"));
}

#[test]
fn edits_show_at_the_same_place_and_errors_come_and_go() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("derivatives.toml");
    std::fs::copy("lessons/derivatives.toml", &file).unwrap_or_else(|e| panic!("copy: {e}"));
    let path = file.display().to_string();
    let mut t = Term::spawn(&["watch", &path]);
    t.wait_for("1/12 What is a derivative");

    // Go to the second section and scroll a little.
    t.keys("n");
    t.wait_for("2/12 When the speed changes");
    t.keys("jjj");
    let before = t.wait_until("the view to scroll", |s| {
        !s.contains("Now let the same") && s.contains("version of the trip")
    });

    // An edit in place (a plain write) shows within a second or two,
    // at the same section and scroll.
    let saved = Instant::now();
    write_in_place(&file, "A real car cannot jump", "A true car cannot jump");
    let after = t.wait_for("A true car cannot jump");
    assert!(saved.elapsed().as_secs() < 3, "took {:?}", saved.elapsed());
    let line_of = |s: &str, text: &str| s.lines().position(|l| l.contains(text));
    assert_eq!(
        line_of(&before, "version of the trip"),
        line_of(&after, "version of the trip"),
        "the scroll position moved:\n{before}\n---\n{after}"
    );

    // A typo: the error shows with its line, over the last good version.
    edit(
        &file,
        "title = \"When the speed changes\"",
        "titel = \"When the speed changes\"",
    );
    let screen = t.wait_for("The lesson file has");
    assert!(screen.contains("derivatives.toml:"), "{screen}");
    // The line of the typo, counted in the file as it is now.
    let typo_line = std::fs::read_to_string(&file)
        .expect("read the lesson back")
        .lines()
        .position(|l| l.starts_with("titel"))
        .expect("the typo is in the file")
        + 1;
    assert!(
        screen.contains(&format!(":{typo_line}:1: error: unknown key `titel`")),
        "{screen}"
    );
    assert!(screen.contains("2/12 When the speed changes"), "{screen}");

    // Fixed: the panel goes, the change is there.
    edit(
        &file,
        "titel = \"When the speed changes\"",
        "title = \"When the speed varies\"",
    );
    t.wait_for("2/12 When the speed varies");
    t.wait_gone("The lesson file has");

    t.keys("q");
    assert!(t.wait_exit());
    assert!(!t.alternate_screen(), "the terminal is restored");
}

#[test]
fn a_file_with_errors_from_the_start_opens_when_fixed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("sample.toml");
    let good =
        std::fs::read_to_string(common::SAMPLE).unwrap_or_else(|e| panic!("read the fixture: {e}"));
    std::fs::write(&file, good.replacen("title =", "titel =", 1))
        .unwrap_or_else(|e| panic!("write: {e}"));
    let path = file.display().to_string();
    let mut t = Term::spawn(&["watch", &path]);
    let s = t.wait_for("Nothing to show until the file loads");
    assert!(s.contains("unknown key `titel`"), "{s}");
    write_in_place(&file, "titel =", "title =");
    t.wait_for("1/3 What is a derivative");
    t.wait_gone("The lesson file has");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn m_turns_mouse_capture_on_and_off_in_watch_too() {
    // `watch` runs the same loop as `chalkdust run`: when `m` says "Mouse
    // on", the terminal is asked for mouse reports (it once was not).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("derivatives.toml");
    std::fs::copy("lessons/derivatives.toml", &file).unwrap_or_else(|e| panic!("copy: {e}"));
    let path = file.display().to_string();
    let mut t = Term::spawn(&["watch", &path]);
    t.wait_for("1/12 What is a derivative");
    let captured = |s: &vt100::Screen| s.mouse_protocol_mode() != vt100::MouseProtocolMode::None;
    assert!(!t.screen_with(captured), "no capture while reading");
    t.keys("m");
    t.wait_for("Mouse on");
    t.wait_for_screen("mouse capture on", captured);
    t.keys("m");
    t.wait_for("Mouse off");
    t.wait_for_screen("mouse capture off", |s| !captured(s));
    t.keys("q");
    assert!(t.wait_exit());
}
