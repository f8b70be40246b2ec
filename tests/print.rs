//! `chalkdust print`: the whole lesson as plain text. A snapshot of the
//! built-in lesson at 80 columns (review it as a learner would read it),
//! and the command's behaviour in pipes.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use chalkdust::authoring::print::{PrintOptions, print};
use chalkdust::library::Library;
use unicode_width::UnicodeWidthStr;

fn derivatives() -> chalkdust::lesson::Lesson {
    match Library::builtin().find("derivatives") {
        Ok(l) => l,
        Err(e) => panic!("the built-in lesson loads: {e}"),
    }
}

fn chalkdust(args: &[&str]) -> Command {
    common::chalkdust(args)
}

#[test]
fn derivatives_at_80_columns() {
    let text = print(&derivatives(), PrintOptions::default());
    insta::assert_snapshot!(text);
}

/// Every other built-in lesson of the series, printed as a reader would
/// review it (Derivatives has its own snapshot above).
#[test]
fn every_builtin_lesson_at_80_columns() {
    let library = Library::builtin();
    let mut printed = 0;
    for entry in library.entries() {
        let id = entry.header.id.as_str();
        if id == "derivatives" {
            continue;
        }
        let lesson = library
            .find(id)
            .unwrap_or_else(|e| panic!("the built-in lesson {id} loads: {e}"));
        insta::assert_snapshot!(
            format!("{id}_at_80_columns"),
            print(&lesson, PrintOptions::default())
        );
        printed += 1;
    }
    assert!(printed >= 1, "the series has lessons besides Derivatives");
}

#[test]
fn every_line_fits_the_width_and_has_no_trailing_space() {
    for width in [40u16, 60, 80] {
        let text = print(
            &derivatives(),
            PrintOptions {
                width,
                ascii: false,
            },
        );
        for line in text.lines() {
            assert!(line.width() <= usize::from(width), "{width}: {line:?}");
            assert_eq!(line, line.trim_end());
        }
    }
}

#[test]
fn sections_come_in_order_and_answers_stay_hidden() {
    let lesson = derivatives();
    let text = print(&lesson, PrintOptions::default());
    let mut at = 0;
    for (i, s) in lesson.sections.iter().enumerate() {
        let head = format!("{}/{}. {}", i + 1, lesson.sections.len(), s.title);
        let found = text[at..].find(&head);
        assert!(found.is_some(), "section {head:?} missing or out of order");
        at += found.unwrap_or(0);
    }
    // The hints are there; the explanations and "Right!" are not.
    assert!(text.contains("Hint 2 of 2: (x²)′ = 2x. Put x = 3 into it."));
    assert!(!text.contains("Right!"));
    assert!(text.contains("[chart: "));
    assert!(text.contains("[explorer: Grow the square; change side x, step Δx;"));
}

#[test]
fn ascii_prints_ascii_only() {
    let text = print(
        &derivatives(),
        PrintOptions {
            width: 80,
            ascii: true,
        },
    );
    // Text the author wrote (x², Bézier) is kept; what the layout adds
    // (frames, guides, bullets, formula bars) is ASCII.
    let drawn: Vec<char> = text
        .chars()
        .filter(|c| ('\u{2500}'..='\u{257f}').contains(c) || *c == '•')
        .collect();
    assert_eq!(drawn, Vec::<char>::new());
    assert!(text.contains("+-------+"), "tables are framed in ASCII");
}

#[test]
fn the_command_prints_and_a_closed_pipe_is_quiet() {
    let out = chalkdust(&["print", "derivatives", "--width", "60"])
        .output()
        .unwrap_or_else(|e| panic!("run chalkdust: {e}"));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Derivatives\n===========\n"), "{text}");

    // Read one line and close the pipe: no panic, no message.
    let mut child = chalkdust(&["print", "derivatives"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn chalkdust: {e}"));
    let mut first = [0u8; 11];
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_exact(&mut first);
    }
    let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert_eq!(&first, b"Derivatives");
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code().is_some_and(|c| c == 0), "{status:?} {err}");
}

#[test]
fn an_unknown_lesson_is_an_error() {
    let out = chalkdust(&["print", "derivatves"])
        .output()
        .unwrap_or_else(|e| panic!("run chalkdust: {e}"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean \"derivatives\""));
}
