//! Progress end to end: the real binary in a pseudo-terminal keeps what a
//! learner did across runs in the `--data` folder, `chalkdust progress`
//! shows and resets it, and a store that cannot be used is told on screen
//! while the lesson still works.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use common::{SAMPLE, Term, key};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn data_arg(dir: &Path) -> String {
    dir.display().to_string()
}

/// `chalkdust ARGS` without a terminal (stdin empty), in the crate folder.
fn chalkdust(args: &[&str]) -> std::io::Result<Output> {
    common::chalkdust(args).stdin(Stdio::null()).output()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_survives_a_restart_and_progress_shows_and_resets_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let data = data_arg(dir.path());

    let mut t = Term::spawn(&["--data", &data, SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    t.start_answering_sample();
    t.keys("6");
    t.keys(key::ENTER);
    t.wait_for("Right!");
    // To the third question, and open its hint.
    t.keys(key::TAB);
    t.keys(key::TAB);
    t.keys("h");
    t.wait_for("It starts with d.");
    t.keys("q");
    assert!(t.wait_exit(), "first run exits cleanly");

    let mut t = Term::spawn(&["--data", &data, SAMPLE]);
    let s = t.wait_for("3/3 Self-check");
    assert!(s.contains("Answer: 6"), "the learner's answer: {s}");
    assert!(s.contains("✓ solved"), "{s}");
    assert!(
        s.contains("It starts with d."),
        "the hint is still open: {s}"
    );
    assert!(s.contains("solved 1 / attempted 1 / 3 questions"), "{s}");
    t.keys("t");
    let s = t.wait_for("Contents");
    assert!(s.contains("1. What is a derivative (read)"), "{s}");
    assert!(!s.contains("2. Rules (read)"), "skipped over: {s}");
    t.esc();
    t.keys("q");
    assert!(t.wait_exit());

    let out = chalkdust(&["progress", "--data", &data, "--csv"])?;
    assert!(out.status.success());
    let csv = stdout(&out);
    assert!(
        csv.starts_with("learner,name,lesson,question,status,"),
        "{csv}"
    );
    assert!(csv.contains(",sample,slope-x2-at-3,solved,1,0,6,"), "{csv}");
    assert!(csv.contains(",sample,name,open,0,1,,"), "{csv}");

    let table = stdout(&chalkdust(&["progress", "--data", &data])?);
    assert!(
        table.contains("slope-x2-at-3") && table.contains("solved"),
        "{table}"
    );

    // No terminal to ask on and no --yes: refused as a usage error.
    let refused = chalkdust(&["progress", "--data", &data, "reset", "sample"])?;
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    assert!(stdout(&chalkdust(&["progress", "--data", &data, "--csv"])?).contains("solved"));

    let one = chalkdust(&[
        "progress", "--data", &data, "reset", "sample", "name", "--yes",
    ])?;
    assert_eq!(one.status.code(), Some(0));
    let csv = stdout(&chalkdust(&["progress", "--data", &data, "--csv"])?);
    assert!(!csv.contains(",name,open,"), "{csv}");
    assert!(csv.contains(",slope-x2-at-3,solved,"), "{csv}");

    let all = chalkdust(&["progress", "--data", &data, "reset", "sample", "--yes"])?;
    assert_eq!(all.status.code(), Some(0));
    let csv = stdout(&chalkdust(&["progress", "--data", &data, "--csv"])?);
    assert_eq!(csv.lines().count(), 1, "only the header is left: {csv}");

    // And the lesson opens fresh, at the start.
    let mut t = Term::spawn(&["--data", &data, SAMPLE]);
    t.wait_for("1/3 What is a derivative");
    t.keys("q");
    assert!(t.wait_exit());
    Ok(())
}

/// The body rows of the screen (between the title and status bars).
fn body(t: &Term) -> Vec<String> {
    (1..23).map(|r| t.row(r)).collect()
}

/// Where the learner stopped scrolling, mid-section, is where the next run
/// opens: the restored scroll survives the start-up that lays the section
/// out only once the terminal's size is known.
#[test]
fn a_resumed_lesson_opens_scrolled_where_it_was_left() -> TestResult {
    let dir = tempfile::tempdir()?;
    let data = data_arg(dir.path());

    let mut t = Term::spawn(&["--data", &data, "derivatives"]);
    t.wait_for("1/12");
    let top = body(&t);
    t.keys("jjjjjjj");
    t.wait_until("seven lines scrolled", |_| body(&t)[0] == top[7]);
    let left = body(&t);
    t.keys("q");
    assert!(t.wait_exit(), "first run exits cleanly");

    let t = Term::spawn(&["--data", &data, "derivatives"]);
    t.wait_for("1/12");
    t.wait_until("the body as it was left", |_| body(&t) == left);
    assert_ne!(body(&t), top, "not at the top of the section");
    Ok(())
}

#[test]
fn progress_command_usage_errors_exit_2() -> TestResult {
    let out = chalkdust(&["progress", "--json", "--csv"])?;
    assert_eq!(out.status.code(), Some(2));
    let out = chalkdust(&["progress", "reset"])?;
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir()?;
    let data = data_arg(dir.path());
    let out = chalkdust(&["progress", "--data", &data, "--csv", "reset", "x", "--yes"])?;
    assert_eq!(out.status.code(), Some(2));
    Ok(())
}

#[test]
fn progress_command_reports_an_unusable_store_with_exit_1() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("progress.sqlite3"),
        b"not a database at all, not even close",
    )?;
    let out = chalkdust(&["progress", "--data", &data_arg(dir.path())])?;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a chalkdust progress file"), "{err}");
    Ok(())
}

/// A folder nothing can be written in. chmod does not stop root, so as
/// root a path under /proc/self (where no folder can be made) stands in.
fn unwritable_folder(parent: &Path) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let folder = parent.join("read-only");
    std::fs::create_dir(&folder)?;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555))?;
    if std::fs::write(folder.join("probe"), b"").is_ok() {
        return Ok(PathBuf::from("/proc/self/chalkdust-e2e"));
    }
    Ok(folder)
}

/// The warning is on screen, it goes with Enter, and the lesson works.
fn warned_then_lesson_works(data: &str, why: &str) {
    let mut t = Term::spawn(&["--data", data, SAMPLE]);
    let s = t.wait_for("Progress will not be saved");
    assert!(s.contains("nothing you do in it will be kept"), "{s}");
    assert!(s.contains(why), "the reason is given: {s}");
    t.keys(key::ENTER);
    t.wait_gone("Progress will not be saved");
    // The title bar keeps saying so after the notice is closed.
    t.wait_for("progress not saved");
    t.keys("nn");
    t.wait_for("3/3 Self-check");
    t.keys(key::TAB);
    t.keys(key::ENTER);
    t.wait_for("typing: Enter check");
    t.keys("6");
    t.keys(key::ENTER);
    t.wait_for("Right!");
    t.keys("q");
    assert!(t.wait_exit());
}

#[test]
fn a_read_only_data_folder_warns_and_the_lesson_still_works() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = unwritable_folder(dir.path())?;
    warned_then_lesson_works(&data_arg(&folder), "cannot");
    Ok(())
}

#[test]
fn a_corrupt_store_warns_is_left_alone_and_the_lesson_still_works() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("progress.sqlite3");
    let junk = b"this is not a database, whatever its name says".repeat(200);
    std::fs::write(&file, &junk)?;
    warned_then_lesson_works(&data_arg(dir.path()), "damaged");
    assert_eq!(std::fs::read(&file)?, junk, "the file is untouched");
    Ok(())
}

#[test]
fn the_export_names_choices_by_their_text() -> TestResult {
    use chalkdust::progress::{FILE_NAME, Learner, Outcome, Store};
    let dir = tempfile::tempdir()?;
    {
        let store = Store::open(&dir.path().join(FILE_NAME))?;
        let mut rec = store.recorder(&Learner::new("ada", "Ada"), "sample");
        rec.check("sign", "1", Outcome::Wrong)?;
    }
    let data = data_arg(dir.path());
    let args = [
        "progress",
        "--data",
        &data,
        "--lessons",
        "tests/lessons/app",
        "--all",
    ];
    let csv = stdout(&chalkdust(&[&args[..], &["--csv"]].concat())?);
    assert!(csv.contains(",sample,sign,open,1,0,decreasing,"), "{csv}");
    let json = stdout(&chalkdust(&[&args[..], &["--json"]].concat())?);
    assert!(json.contains("\"last_input\": \"decreasing\""), "{json}");
    Ok(())
}

#[test]
fn progress_from_a_missing_folder_is_a_clear_error_and_creates_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let missing = dir.path().join("not-there");
    let out = chalkdust(&["progress", "--data", &data_arg(&missing)])?;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no progress folder at"), "{err}");
    assert!(err.contains("not-there"), "{err}");
    assert!(!missing.exists(), "the folder was created");
    let out = chalkdust(&[
        "progress",
        "--data",
        &data_arg(&missing),
        "reset",
        "sample",
        "--yes",
    ])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists(), "the folder was created");
    Ok(())
}
