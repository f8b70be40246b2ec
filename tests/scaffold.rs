//! `chalkdust new`: the new lesson loads with no errors and no warnings,
//! shows every block kind and question type, passes the JSON Schema, and is
//! written without ever overwriting a file.

use std::path::PathBuf;

use chalkdust::lesson::format::json_schema;
use chalkdust::lesson::load::load_str;
use chalkdust::lesson::scaffold::{ScaffoldError, new_lesson, write_new_lesson};
use chalkdust::lesson::{Answer, Block, BlockKind, Lesson, PlotData};

fn lesson(id: &str) -> (String, Lesson) {
    let text = match new_lesson(id) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    match load_str(&text, "new.toml") {
        Ok(loaded) => {
            let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
            assert_eq!(warnings, Vec::<String>::new());
            (text, loaded.lesson)
        }
        Err(e) => {
            let all: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
            panic!("the new lesson does not load:\n{}", all.join("\n"));
        }
    }
}

/// Every block of the lesson, nested ones included, with its depth.
fn blocks(lesson: &Lesson) -> Vec<(usize, &Block)> {
    fn walk<'a>(blocks: &'a [Block], depth: usize, out: &mut Vec<(usize, &'a Block)>) {
        for b in blocks {
            out.push((depth, b));
            if let BlockKind::Details { blocks, .. } = &b.kind {
                walk(blocks, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    for s in &lesson.sections {
        walk(&s.blocks, 0, &mut out);
    }
    out
}

fn kind_name(kind: &BlockKind) -> &'static str {
    match kind {
        BlockKind::Text { .. } => "text",
        BlockKind::Math { .. } => "math",
        BlockKind::Aside { .. } => "aside",
        BlockKind::Details { .. } => "details",
        BlockKind::Chart(_) => "chart",
        BlockKind::Explore(_) => "explore",
        BlockKind::Quiz(_) => "quiz",
    }
}

#[test]
fn the_new_lesson_loads_cleanly_with_its_id_and_title() {
    let (text, lesson) = lesson("rates-of-change");
    assert_eq!(text.lines().next(), Some("#:schema ./lesson.schema.json"));
    assert_eq!(lesson.header.id, "rates-of-change");
    assert_eq!(lesson.header.title, "Rates of change");
    assert_eq!(lesson.footnotes.len(), 1);
    let sections: Vec<&str> = lesson.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sections, ["prose", "pictures", "check"]);
}

#[test]
fn the_new_lesson_shows_every_block_kind_and_nests_details() {
    let (_, lesson) = lesson("tour");
    let mut kinds: Vec<&str> = blocks(&lesson)
        .iter()
        .map(|(_, b)| kind_name(&b.kind))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "aside", "chart", "details", "explore", "math", "quiz", "text"
        ]
    );
    let deepest = blocks(&lesson).iter().map(|(d, _)| *d).max();
    assert_eq!(deepest, Some(2), "details inside details");
    let text = blocks(&lesson)
        .into_iter()
        .find_map(|(_, b)| match &b.kind {
            BlockKind::Text { text } => Some(text.clone()),
            _ => None,
        });
    let text = text.unwrap_or_default();
    for part in [
        "**slope**",
        "[^slope]",
        "$y = 2x + 1$",
        "$$\\frac",
        "|-----|",
    ] {
        assert!(text.contains(part), "the first text lacks {part}");
    }
}

#[test]
fn the_new_chart_has_a_function_its_derivative_a_dashed_line_and_points() {
    let (_, lesson) = lesson("tour");
    let chart = blocks(&lesson)
        .into_iter()
        .find_map(|(_, b)| match &b.kind {
            BlockKind::Chart(c) => Some(c.clone()),
            _ => None,
        });
    let Some(chart) = chart else {
        panic!("no chart");
    };
    assert!(chart.plots.iter().any(|p| p.derivative));
    assert!(
        chart
            .plots
            .iter()
            .any(|p| p.style == chalkdust::lesson::LineStyle::Dashed)
    );
    assert!(
        chart
            .plots
            .iter()
            .any(|p| matches!(p.data, PlotData::Points(ref pts) if pts == &[(1.0, 1.0)]))
    );
}

#[test]
fn the_new_quiz_has_one_question_of_each_type_with_everything_a_question_takes() {
    let (_, lesson) = lesson("tour");
    let quiz = blocks(&lesson)
        .into_iter()
        .find_map(|(_, b)| match &b.kind {
            BlockKind::Quiz(q) => Some(q.clone()),
            _ => None,
        });
    let Some(quiz) = quiz else { panic!("no quiz") };
    let types: Vec<&str> = quiz
        .questions
        .iter()
        .map(|q| match q.answer {
            Answer::Number { .. } => "number",
            Answer::Expression { .. } => "expression",
            Answer::Choice { .. } => "choice",
            Answer::Text { .. } => "text",
            Answer::Vector { .. } => "vector",
        })
        .collect();
    assert_eq!(types, ["number", "expression", "choice", "text", "vector"]);
    for q in &quiz.questions {
        assert!(!q.hints.is_empty(), "{} has no hints", q.id);
        assert!(
            !q.right.is_empty() && !q.wrong.is_empty(),
            "{} lacks samples",
            q.id
        );
    }
    assert!(quiz.questions.iter().any(|q| !q.feedback.is_empty()));
    assert!(quiz.questions.iter().any(|q| q.explain.is_some()));
}

#[test]
fn the_new_lesson_passes_the_json_schema() {
    let schema: serde_json::Value = match serde_json::from_str(&json_schema()) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let validator = match jsonschema::draft7::new(&schema) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let text = new_lesson("tour").unwrap_or_default();
    let doc: toml::Table = match toml::from_str(&text) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let json = serde_json::to_value(doc).unwrap_or_default();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn a_bad_id_makes_no_lesson() {
    assert!(matches!(
        new_lesson("My Lesson"),
        Err(ScaffoldError::BadId { suggestion: Some(ref s), .. }) if s == "my-lesson"
    ));
    assert!(matches!(
        new_lesson("../x"),
        Err(ScaffoldError::BadId { .. })
    ));
}

/// A fresh folder under the system's temporary one, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("chalkdust-scaffold-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn writing_makes_the_folder_and_never_overwrites() {
    let tmp = TempDir::new("write");
    let dir = tmp.0.join("lessons");
    let path = match write_new_lesson("slopes", &dir) {
        Ok(w) => {
            // The schema its `#:schema` line names is written beside it.
            assert_eq!(w.schema, Some(dir.join("lesson.schema.json")));
            w.lesson
        }
        Err(e) => panic!("{e}"),
    };
    assert_eq!(path, dir.join("slopes.toml"));
    let directive = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#:schema "))
        .map(str::to_string);
    let schema_path = directive.map(|d| dir.join(d));
    assert_eq!(
        schema_path.and_then(|p| std::fs::read_to_string(p).ok()),
        Some(json_schema())
    );
    // A second lesson in the same folder leaves the schema alone.
    match write_new_lesson("curves", &dir) {
        Ok(w) => assert_eq!(w.schema, None),
        Err(e) => panic!("{e}"),
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(Some(written), new_lesson("slopes").ok());

    // A second time, after the author has edited it: refused, untouched.
    let edited = "# my own work\n";
    if let Err(e) = std::fs::write(&path, edited) {
        panic!("{e}");
    }
    match write_new_lesson("slopes", &dir) {
        Err(ScaffoldError::Exists(p)) => assert_eq!(p, path),
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(edited));
    let message = write_new_lesson("slopes", &dir)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        message,
        Some(format!(
            "{} already exists; choose another id, or move the file away first",
            path.display()
        ))
    );
}

#[test]
fn a_bad_id_writes_nothing() {
    let tmp = TempDir::new("bad");
    assert!(matches!(
        write_new_lesson("a/b", &tmp.0),
        Err(ScaffoldError::BadId { .. })
    ));
    assert!(!tmp.0.exists());
}
