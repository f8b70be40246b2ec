//! The overflow check of `chalkdust check --width N`: a fixture that
//! loads but does not fit warns about each thing with its position, and
//! the shipped lessons fit an 80-column terminal.

mod common;

fn check(args: &[&str]) -> (i32, String, String) {
    let out = common::chalkdust(&["check"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run chalkdust: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const WIDE: &str = "tests/lessons/overflow/wide.toml";

#[test]
fn a_lesson_too_wide_for_80_columns_warns_at_each_block() {
    let (code, out, err) = check(&[WIDE]);
    let f = WIDE;
    let want = [
        format!(
            "{f}:11:3: warning: at width 80, table needs 102 columns to keep its words whole, more than the 77 available; words will be cut"
        ),
        format!(
            "{f}:21:3: warning: at width 80, formula `\\frac{{{}}}{{b}}` needs 84 columns even when broken, more than the 77 available; it will be cut",
            "a".repeat(84)
        ),
        format!(
            "{f}:25:3: warning: at width 80, chart: the title \"A chart whose legend is much too long to fit on any line of an ordinary terminal screen\" does not fit"
        ),
        format!(
            "{f}:25:3: warning: at width 80, chart: the legend entry \"a label so long that the legend cannot show it whole on one line of eighty columns at all\" is cut to 72 columns"
        ),
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
    assert_eq!(err.trim(), "checked 1 lesson file: 0 errors, 4 warnings");
    // Warnings only: the lesson is usable, so the exit status stays 0.
    assert_eq!(code, 0);
}

#[test]
fn a_wider_terminal_leaves_fewer_warnings() {
    let (code, out, _) = check(&["--width", "120", WIDE]);
    assert_eq!(code, 0);
    // The text column stops at 100 columns however wide the screen: the
    // table still does not fit, the rest does.
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("table needs 102 columns"), "{out}");
}

#[test]
fn the_shipped_lessons_and_valid_fixtures_fit_80_columns() {
    let (code, out, err) = check(&["lessons", "tests/lessons/valid"]);
    assert_eq!(code, 0, "{out}{err}");
    // Nothing may be warned about in the shipped lessons.
    let others: Vec<&str> = out.lines().collect();
    assert_eq!(others, Vec::<&str>::new());
    assert!(err.contains("0 errors, "), "{err}");
}

#[test]
fn a_narrow_terminal_warns_about_the_built_in_lesson() {
    let (code, out, _) = check(&["--width", "40", "lessons/derivatives.toml"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("lessons/derivatives.toml:") && l.contains("at width 40, ")),
        "{out}"
    );
}
