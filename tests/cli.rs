//! The command line as a teacher or a script uses it: exit codes and output
//! of `check`, `tex`, `list`, `new`, `schema` and `print`, run as the real binary.

mod common;

use std::process::Output;

fn chalkdust(args: &[&str]) -> Output {
    common::chalkdust(args).output().expect("run chalkdust")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_exits_0_on_the_shipped_lessons() {
    let out = chalkdust(&["check", "lessons"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Nothing may be warned about in the shipped lessons.
    let warnings: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    assert!(text(&out.stderr).contains("0 errors, "));
}

#[test]
fn check_exits_1_with_every_error_positioned() {
    let out = chalkdust(&["check", "tests/lessons/invalid/explorers.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    // The fixture's messages, as its insta snapshot keeps them (after the
    // snapshot's header).
    let snap = std::fs::read_to_string("tests/lessons/invalid/explorers.snap")
        .expect("the fixture's snapshot");
    let expected = snap.splitn(3, "---\n").nth(2).unwrap_or_default();
    assert_eq!(stdout.trim_end(), expected.trim_end());
}

#[test]
fn check_exits_2_on_a_path_that_is_not_there() {
    let out = chalkdust(&["check", "no/such/lesson.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/lesson.toml"));
}

#[test]
fn check_without_paths_is_a_usage_error() {
    let out = chalkdust(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn tex_lays_the_definition_out_on_three_lines() {
    let out = chalkdust(&[
        "tex",
        r"\lim_{\Delta x \to 0} \frac{f(x+\Delta x) - f(x)}{\Delta x}",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "       f(x + Δx) − f(x)",
            " lim   ────────────────",
            "Δx → 0        Δx",
        ]
    );
}

#[test]
fn tex_inline_and_ascii_and_warnings() {
    let out = chalkdust(&["tex", "--inline", r"x^2 + \frac{1}{2}"]);
    assert_eq!(text(&out.stdout), "x² + 1/2\n");
    let out = chalkdust(&["--ascii", "tex", "--inline", r"\Delta x \to 0"]);
    assert_eq!(text(&out.stdout), "Delta x -> 0\n");
    let out = chalkdust(&["tex", r"\foo{x}"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains(r"\foo"), "{}", text(&out.stderr));
}

#[test]
fn list_names_the_builtin_lesson_and_its_series() {
    let out = chalkdust(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("Essential Mathematics"), "{s}");
    assert!(s.contains("2. Derivatives: Rate of change"), "{s}");
    assert!(s.contains("[derivatives]"), "{s}");
}

#[test]
fn new_writes_a_lesson_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let d = dir.path().to_str().expect("a UTF-8 path");
    let out = chalkdust(&["new", "my-first", "--dir", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let file = dir.path().join("my-first.toml");
    let out = chalkdust(&["check", file.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let again = chalkdust(&["new", "my-first", "--dir", d]);
    assert_ne!(again.status.code(), Some(0));
}

#[test]
fn schema_prints_the_committed_schema_and_writes_it_on_request() {
    let committed =
        std::fs::read_to_string("docs/lesson.schema.json").expect("the committed schema");
    let out = chalkdust(&["schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout) == committed,
        "`chalkdust schema` differs from docs/lesson.schema.json"
    );

    let dir = tempfile::tempdir().expect("a scratch folder");
    let target = dir.path().join("editor");
    let out = chalkdust(&["schema", "--write", target.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(target.join("lesson.schema.json")).unwrap_or_default();
    assert!(written == committed, "the written schema differs");
}

#[test]
fn print_gives_no_answers_away() {
    let out = chalkdust(&["print", "derivatives"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(
        s.contains("What is the slope of the tangent to y = x² at x = 3?"),
        "a prompt is there"
    );
    assert!(!s.contains("f′(3) = 2 · 3 = 6"), "no explanation");
}
