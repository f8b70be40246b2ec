//! A new lesson file to start from (`chalkdust new ID`): every block kind
//! once, each with a short comment teaching the author how to write it.
//!
//! [`new_lesson`] is pure (the text of the file); [`write_new_lesson`] is
//! the one function here that touches the file system. The template is
//! kept loading with no errors and no warnings by `tests/scaffold.rs`.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Why a new lesson could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("lesson id \"{id}\" is not valid: use lowercase letters a-z, digits and \"-\"{}",
        suggestion.as_ref().map(|s| format!(", for example \"{s}\"")).unwrap_or_default())]
    BadId {
        id: String,
        /// A valid id made from the bad one, when there is one.
        suggestion: Option<String>,
    },
    #[error("{} already exists; choose another id, or move the file away first", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The lesson template; `@ID@` and `@TITLE@` are filled in. Placeholders
/// rather than `format!` so the TOML's own braces stay as written.
const TEMPLATE: &str = include_str!("scaffold/template.toml");

/// The text of a new lesson file with id `id`: every block kind, with
/// comments, starting with the `#:schema` line editors read.
pub fn new_lesson(id: &str) -> Result<String, ScaffoldError> {
    check_id(id)?;
    Ok(TEMPLATE
        .replace("@ID@", id)
        .replace("@TITLE@", &title_from_id(id)))
}

/// The file name of the JSON Schema beside lessons: the template's
/// `#:schema` line names it, relative to the lesson.
pub const SCHEMA_FILE: &str = "lesson.schema.json";

/// What `chalkdust new` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub lesson: PathBuf,
    /// The schema, when there was none beside the lesson yet.
    pub schema: Option<PathBuf>,
}

/// Write a new lesson `ID.toml` into `dir` (made if missing), and the JSON
/// Schema its `#:schema` line names when `dir` has none yet. Never
/// overwrites the lesson: an existing file is [`ScaffoldError::Exists`].
pub fn write_new_lesson(id: &str, dir: &Path) -> Result<Written, ScaffoldError> {
    let lesson = write_lesson_file(id, dir)?;
    let schema = if dir.join(SCHEMA_FILE).exists() {
        None
    } else {
        Some(write_schema(dir)?)
    };
    Ok(Written { lesson, schema })
}

/// Write the lesson format's JSON Schema as `dir/lesson.schema.json`
/// (made or replaced: it is generated, nobody edits it) and return its path.
pub fn write_schema(dir: &Path) -> Result<PathBuf, ScaffoldError> {
    let path = dir.join(SCHEMA_FILE);
    let io_error = |source| ScaffoldError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io_error)?;
    std::fs::write(&path, super::format::json_schema()).map_err(io_error)?;
    Ok(path)
}

fn write_lesson_file(id: &str, dir: &Path) -> Result<PathBuf, ScaffoldError> {
    let text = new_lesson(id)?;
    let path = dir.join(format!("{id}.toml"));
    let io_error = |source| ScaffoldError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io_error)?;
    // `create_new` makes "does it exist?" and "create it" one step, so a
    // file appearing in between is never clobbered.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(ScaffoldError::Exists(path)),
        Err(e) => return Err(io_error(e)),
    };
    file.write_all(text.as_bytes()).map_err(io_error)?;
    Ok(path)
}

/// The lesson id rule the loader applies: `[a-z0-9-]+`. It also keeps the
/// id safe as a file name (no separators, no dots).
fn check_id(id: &str) -> Result<(), ScaffoldError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        return Ok(());
    }
    let suggestion = slug(id);
    Err(ScaffoldError::BadId {
        id: id.to_string(),
        suggestion: (!suggestion.is_empty()).then_some(suggestion),
    })
}

/// A valid id from an invalid one: "My Lesson!" -> "my-lesson".
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// "rates-of-change" -> "Rates of change": a title to replace.
fn title_from_id(id: &str) -> String {
    let words = id.split('-').filter(|w| !w.is_empty());
    let mut title = words.collect::<Vec<_>>().join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_ascii_uppercase() + &title[1..];
    }
    if title.is_empty() {
        id.to_string()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("derivatives", "Derivatives")]
    #[case("rates-of-change", "Rates of change")]
    #[case("part-2", "Part 2")]
    #[case("42", "42")]
    #[case("-", "-")]
    #[case("--a--b", "A b")]
    fn titles_come_from_ids(#[case] id: &str, #[case] title: &str) {
        assert_eq!(title_from_id(id), title);
    }

    #[rstest]
    #[case("My Lesson", Some("my-lesson"))]
    #[case("../etc/passwd", Some("etc-passwd"))]
    #[case("a.toml", Some("a-toml"))]
    #[case("Ünïcode", Some("n-code"))]
    #[case("", None)]
    #[case("!!!", None)]
    fn bad_ids_are_refused_with_a_suggestion(#[case] id: &str, #[case] suggestion: Option<&str>) {
        match check_id(id) {
            Err(ScaffoldError::BadId {
                id: got,
                suggestion: s,
            }) => {
                assert_eq!(got, id);
                assert_eq!(s.as_deref(), suggestion);
            }
            other => panic!("{id:?} gave {other:?}"),
        }
    }

    #[test]
    fn the_message_names_the_id_and_the_fix() {
        let e = check_id("My Lesson").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "lesson id \"My Lesson\" is not valid: use lowercase letters a-z, digits and \"-\", for example \"my-lesson\""
            )
        );
    }

    #[test]
    fn the_id_and_title_are_filled_in_everywhere() {
        let text = new_lesson("rates-of-change").unwrap_or_default();
        assert!(text.contains("id = \"rates-of-change\""));
        assert!(text.contains("title = \"Rates of change\""));
        assert!(text.contains("chalkdust check rates-of-change.toml"));
        assert!(!text.contains('@'), "a placeholder is left");
    }
}
