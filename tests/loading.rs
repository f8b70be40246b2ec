//! Loading the fixture lessons end to end: every valid fixture loads with no
//! diagnostics, and every invalid fixture produces exactly the messages in
//! the insta snapshot beside it (`<name>.snap`; after a deliberate change,
//! review the `.snap.new` and move it over).

use std::path::{Path, PathBuf};

use chalkdust::chart::SeriesKind;
use chalkdust::lesson::load::{load_file, load_str};
use chalkdust::lesson::{Answer, BlockKind, PlotData, Severity};
use chalkdust::library::{FindError, Library, Source, check_paths};
use proptest::prelude::*;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new("tests/lessons").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn render(path: &Path) -> String {
    match load_file(path) {
        Ok(loaded) => {
            loaded
                .warnings
                .iter()
                .map(|d| format!("{d}\n"))
                .collect::<String>()
                + "(loaded)\n"
        }
        Err(e) => e.diagnostics.iter().map(|d| format!("{d}\n")).collect(),
    }
}

#[test]
fn every_valid_fixture_loads_without_diagnostics() {
    let files = fixtures("valid");
    assert!(files.len() >= 3, "fixtures missing: {files:?}");
    for path in files {
        assert_eq!(render(&path), "(loaded)\n", "{}", path.display());
    }
}

#[test]
fn every_invalid_fixture_reports_exactly_its_expected_errors() {
    let files = fixtures("invalid");
    assert!(files.len() >= 6, "fixtures missing: {files:?}");
    for path in files {
        let got = render(&path);
        assert!(
            !got.ends_with("(loaded)\n"),
            "{} loaded but should not",
            path.display()
        );
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Each fixture's messages sit beside it, as `<name>.snap`.
        insta::with_settings!({
            snapshot_path => "lessons/invalid",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            input_file => &path,
        }, {
            insta::assert_snapshot!(name, got);
        });
    }
}

#[test]
fn invalid_fixtures_report_several_errors_each() {
    for path in fixtures("invalid") {
        let Err(e) = load_file(&path) else {
            panic!("{} loaded", path.display());
        };
        let count = e.errors().count();
        let single = [
            "newer-format.toml",
            "unclosed-header.toml",
            "unclosed-inline-table.toml",
            "unclosed-list.toml",
            "unclosed-string.toml",
        ];
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        if single.iter().any(|s| Some(s.to_string()) == name) {
            assert_eq!(count, 1, "{}", path.display());
        } else {
            assert!(count >= 2, "{}: only {count} error(s)", path.display());
        }
    }
}

/// A file that is not TOML gets one message at the slip, though the
/// parser itself reports many (it reads on and trips over what follows).
#[test]
fn a_syntax_slip_gives_one_error_where_the_parser_gives_many() {
    for (name, line, parser_alone) in [
        ("unclosed-header", 18, 1),
        ("unclosed-inline-table", 33, 2),
        ("unclosed-list", 29, 2),
        ("unclosed-string", 17, 2),
    ] {
        let path = Path::new("tests/lessons/invalid").join(format!("{name}.toml"));
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        let (_, raw) = toml::de::DeTable::parse_recoverable(&src);
        let Err(e) = load_str(&src, name) else {
            panic!("{name} loaded");
        };
        let got: Vec<_> = e.diagnostics.iter().map(|d| d.pos.line).collect();
        assert_eq!(got, [line], "{name}: {:#?}", e.diagnostics);
        assert!(
            raw.len() >= parser_alone,
            "{name}: the parser alone reports {} error(s)",
            raw.len()
        );
        eprintln!("{name}: toml reports {}, chalkdust 1", raw.len());
    }
}

#[test]
fn the_every_block_fixture_keeps_what_it_says() {
    let loaded = load_file(Path::new("tests/lessons/valid/every-block.toml"));
    let lesson = match loaded {
        Ok(l) => l.lesson,
        Err(e) => panic!("{:#?}", e.diagnostics),
    };
    assert_eq!(lesson.header.series.as_deref(), Some("Fixtures"));
    assert_eq!(lesson.header.part, Some(1));
    assert_eq!(lesson.header.requires, ["minimal"]);
    let kinds: Vec<&str> = lesson
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .map(|b| match &b.kind {
            BlockKind::Text { .. } => "text",
            BlockKind::Math { .. } => "math",
            BlockKind::Aside { .. } => "aside",
            BlockKind::Details { .. } => "details",
            BlockKind::Chart(_) => "chart",
            BlockKind::Explore(_) => "explore",
            BlockKind::Quiz(_) => "quiz",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "text", "math", "aside", "aside", "details", "chart", "chart", "explore", "explore",
            "explore", "quiz"
        ]
    );
    let BlockKind::Chart(pieces) = &lesson.sections[1].blocks[1].kind else {
        panic!("second chart missing");
    };
    assert_eq!(pieces.var, "t");
    assert!(pieces.equal_aspect, "aspect = \"equal\"");
    let BlockKind::Chart(first) = &lesson.sections[1].blocks[0].kind else {
        panic!("first chart missing");
    };
    assert_eq!(
        first.plots.iter().map(|p| p.hollow).collect::<Vec<_>>(),
        [false, true]
    );
    let BlockKind::Explore(explorer) = &lesson.sections[1].blocks[2].kind else {
        panic!("explorer missing");
    };
    let (plotted, _) = explorer.plotted(&explorer.start(), 60, 20);
    let kinds: Vec<SeriesKind> = plotted.series.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SeriesKind::Line,
            SeriesKind::Line,
            SeriesKind::Line,
            SeriesKind::Points { hollow: true }
        ]
    );
    // Gradient descent drawn as a path: segments, open marks before the
    // last iterate, the last one filled; k plays every 0.25 s.
    let BlockKind::Explore(descent) = &lesson.sections[1].blocks[4].kind else {
        panic!("path explorer missing");
    };
    assert_eq!(descent.play_slider(), Some((1, 0.25)));
    let (drawn, scene) = descent.plotted(&descent.start(), 60, 20);
    let kinds: Vec<SeriesKind> = drawn.series.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SeriesKind::Points { hollow: false },
            SeriesKind::Line,
            SeriesKind::Points { hollow: true },
            SeriesKind::Points { hollow: false }
        ],
        "k = 0: gd is its start alone; bowl takes 5 steps"
    );
    assert_eq!(scene.readouts[0].value, "2.5000");
    // The two pieces: x from 0 to 2, then the constant 2h + 1 = 3.
    let runs = &plotted.series[2].runs;
    assert_eq!(runs.len(), 2, "one run per piece");
    assert_eq!(runs[1].last(), Some(&(4.5, 3.0)));
    match &pieces.plots[0].data {
        PlotData::Pieces(p) => assert_eq!((p[1].from, p[1].to), (0.5, 1.0)),
        other => panic!("{other:?}"),
    }
    let BlockKind::Quiz(quiz) = &lesson.sections[2].blocks[0].kind else {
        panic!("quiz missing");
    };
    match &quiz.questions[5].answer {
        Answer::Choice {
            correct, multiple, ..
        } => assert_eq!((correct.as_slice(), *multiple), ([0, 2].as_slice(), true)),
        other => panic!("{other:?}"),
    }
    match &quiz.questions.last().map(|q| (&q.answer, &q.feedback)) {
        Some((Answer::Vector { components, .. }, feedback)) => {
            assert_eq!(components.len(), 2);
            let parts: Vec<Option<usize>> = feedback.iter().map(|f| f.component).collect();
            assert_eq!(parts, [None, Some(1)], "component = 2 is the second");
        }
        other => panic!("{other:?}"),
    }
    match &quiz.questions[2].answer {
        Answer::Number {
            value, tolerance, ..
        } => assert_eq!((*value, *tolerance), (4.0, Some(0.01))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn check_exits_by_what_it_finds() {
    let valid = check_paths(&["tests/lessons/valid"]);
    assert_eq!(valid.files.len(), fixtures("valid").len());
    assert_eq!((valid.error_count(), valid.exit_code()), (0, 0));
    let invalid = check_paths(&["tests/lessons/invalid"]);
    assert!(invalid.error_count() >= 20, "{}", invalid.summary());
    assert_eq!(invalid.exit_code(), 1);
    let missing = check_paths(&["tests/lessons/no-such-folder"]);
    assert_eq!(missing.exit_code(), 2);
}

#[test]
fn check_reports_a_lesson_id_used_twice() {
    let file = "tests/lessons/valid/minimal.toml";
    let report = check_paths(&[file, file]);
    let messages: Vec<String> = report.diagnostics().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [format!(
            "{file}:1:1: error: lesson id \"minimal\" is also used by {file}; ids must be unique in a lesson library"
        )]
    );
}

#[test]
fn a_broken_lesson_in_the_library_is_listed_with_its_errors() {
    let library = match Library::with_dir(Path::new("tests/lessons")) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let broken = library
        .entries()
        .iter()
        .find(|e| e.header.id == "misspelt")
        .map(|e| (e.is_ok(), e.header.title.clone(), e.errors().count() > 0));
    // `titel` is misspelt, so the title falls back to the file name.
    assert_eq!(broken, Some((false, "misspelt".to_string(), true)));
    let builtin = library
        .entries()
        .iter()
        .find(|e| e.header.id == "derivatives");
    assert!(builtin.is_some_and(|e| e.is_ok() && matches!(e.source, Source::Builtin(_))));
    assert!(library.find("nested-details").is_ok());
    assert!(library.find("misspelt").is_err());
    assert!(
        library
            .find("tests/lessons/valid/minimal.toml")
            .is_ok_and(|l| l.header.id == "minimal")
    );
    let fixtures = library
        .groups()
        .into_iter()
        .find(|g| g.series == Some("Fixtures"))
        .map(|g| g.entries.len());
    assert_eq!(fixtures, Some(1));
}

#[test]
fn a_broken_lesson_is_refused_with_all_its_errors() {
    let library = Library::builtin();
    let err = library.find("tests/lessons/invalid/misspelt.toml");
    match err {
        Err(FindError::Invalid(e)) => assert_eq!(e.errors().count(), 11),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Library::with_dir(Path::new("tests/lessons/no-such-folder")),
        Err(FindError::Io { .. })
    ));
}

#[test]
fn expression_errors_point_inside_the_string() {
    let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.block]]\nkind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nexpr = \"2x + )\"\n";
    let Err(e) = load_str(src, "t.toml") else {
        panic!("an unreadable plot expression loaded");
    };
    let first = e.errors().next().map(|d| (d.pos.line, d.pos.col));
    // The string opens at column 8, so its 6th character, `)`, is at 14.
    assert_eq!(first, Some((11, 14)));
    assert!(e.diagnostics.iter().all(|d| d.severity == Severity::Error));
}

/// A valid lesson to mutate.
const SEED: &str = include_str!("lessons/valid/every-block.toml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_toml_ish_text_never_panics(src in "[a-z\\[\\]=\"'{}.,0-9 \n\\\\$^_-]{0,200}") {
        let _ = load_str(&src, "random.toml");
    }

    #[test]
    fn any_text_at_all_never_panics(src in any::<String>()) {
        let _ = load_str(&src, "any.toml");
    }

    #[test]
    fn mutated_lessons_never_panic(cuts in proptest::collection::vec((0usize..SEED.len(), 0usize..8, "[a-z\\[\\]=\"'{}.,0-9 \n$^-]{0,6}"), 1..4)) {
        let mut src: Vec<char> = SEED.chars().collect();
        for (at, len, insert) in cuts {
            let at = at.min(src.len());
            let end = (at + len).min(src.len());
            src.splice(at..end, insert.chars());
        }
        let src: String = src.into_iter().collect();
        let result = load_str(&src, "mutated.toml");
        // Whatever happens, errors carry positions inside the text.
        if let Err(e) = result {
            let lines = src.lines().count() + 1;
            for d in &e.diagnostics {
                prop_assert!(d.pos.line >= 1 && d.pos.line <= lines, "{d}");
                prop_assert!(d.pos.col >= 1, "{d}");
            }
        }
    }
}

#[test]
fn a_folder_lesson_replaces_the_builtin_of_the_same_id_and_ids_stay_unique() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("library-override");
    let _ = std::fs::remove_dir_all(&dir);
    let nested = dir.join("more");
    let draft = "format = 1\nid = \"derivatives\"\ntitle = \"Derivatives (draft)\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n";
    let written = std::fs::create_dir_all(&nested)
        .and_then(|()| std::fs::write(dir.join("a.toml"), draft))
        .and_then(|()| std::fs::write(nested.join("b.toml"), draft))
        .and_then(|()| std::fs::write(dir.join("notes.txt"), "not a lesson"));
    assert!(written.is_ok(), "{written:?}");
    let library = match Library::with_dir(&dir) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    // The other built-in lessons (Limits, ...) stay as they are.
    let found: Vec<(String, bool, usize)> = library
        .entries()
        .iter()
        .filter(|e| e.header.id == "derivatives")
        .map(|e| {
            (
                e.header.title.clone(),
                matches!(e.source, Source::File(_)),
                e.errors().count(),
            )
        })
        .collect();
    // The built-in one is replaced; the second copy is listed with an error.
    assert_eq!(
        found,
        [
            ("Derivatives (draft)".to_string(), true, 0),
            ("Derivatives (draft)".to_string(), true, 1),
        ]
    );
    assert!(
        library
            .find("derivatives")
            .is_ok_and(|l| l.header.title == "Derivatives (draft)")
    );
}

/// What only the files together show: a `requires` naming no known
/// lesson, two lessons of a series with one `part`, a built-in lesson's id.
#[test]
fn check_cross_checks_requires_parts_and_builtin_ids() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let lesson = |id: &str, extra: &str| {
        format!(
            "format = 1\nid = \"{id}\"\ntitle = \"T\"\nseries = \"S\"\npart = 1\n{extra}\n[[section]]\nid = \"s\"\ntitle = \"S\"\n"
        )
    };
    let write = |name: &str, text: String| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"))
    };
    write(
        "a.toml",
        lesson("derivatives", "requires = [\"nosuch\", \"b-lesson\"]"),
    );
    write("b.toml", lesson("b-lesson", ""));
    let report = check_paths(&[dir.path()]);
    let lines: Vec<String> = report
        .diagnostics()
        .map(|d| {
            let file = Path::new(&d.file)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            format!("{file}:{}: {:?}: {}", d.pos.line, d.severity, d.message)
        })
        .collect();
    let has = |start: &str, text: &str| {
        lines
            .iter()
            .any(|l| l.starts_with(start) && l.contains(text))
    };
    assert!(
        has("a.toml:6: Warning", "`requires` names \"nosuch\""),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("names \"b-lesson\"")),
        "{lines:#?}"
    );
    assert!(
        has("a.toml:5: Error", "part 1 of the series \"S\" is also"),
        "{lines:#?}"
    );
    assert!(
        has("b.toml:5: Error", "part 1 of the series \"S\" is also"),
        "{lines:#?}"
    );
    assert!(
        has(
            "a.toml:2: Warning",
            "is the built-in lesson derivatives.toml's"
        ),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 4, "{lines:#?}");
}

/// An explorer `rect` is drawn in its `style`; `style` on a point, which
/// has no line, is warned about.
#[test]
fn explorer_rects_keep_their_style_and_points_warn_about_one() {
    let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\
        [[section.block]]\nkind = \"explore\"\nx = [0, 4]\ny = [0, 4]\n\
        [[section.block.slider]]\nname = \"a\"\nmin = 0\nmax = 1\n\
        [[section.block.draw]]\nrect = [[1, 1], [2, 2]]\nstyle = \"dashed\"\nlabel = \"box\"\n\
        [[section.block.draw]]\npoint = [3, 3]\nstyle = \"dots\"\n";
    let loaded = load_str(src, "l.toml").unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    let warned: Vec<String> = loaded.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        warned,
        [
            "l.toml:21:9: warning: `style` has no effect on a `point`, which is drawn as a dot; remove it"
        ]
    );
    let BlockKind::Explore(e) = &loaded.lesson.sections[0].blocks[0].kind else {
        panic!("not an explorer");
    };
    let (plotted, _) = e.plotted(&e.start(), 40, 12);
    let rect = plotted
        .series
        .iter()
        .find(|s| s.label.as_deref() == Some("box"));
    assert_eq!(
        rect.map(|s| s.style),
        Some(chalkdust::lesson::LineStyle::Dashed)
    );
}

/// A `$` that opens math and is never closed is warned about, where it is.
#[test]
fn an_unclosed_dollar_is_warned_about() {
    let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\
        [[section.block]]\nkind = \"text\"\ntext = \"Let $x = 2 be given.\"\n";
    let loaded = load_str(src, "l.toml").unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    let warned: Vec<String> = loaded.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        warned,
        [
            "l.toml:9:13: warning: this `$` opens math that is never closed: add the closing `$`, or write `\\$` for a dollar sign"
        ]
    );
}

/// The tutorial of docs/lesson-format.md, its TOML snippets put together
/// in order as the reader does, is a lesson that checks clean.
#[test]
fn the_tutorial_builds_a_lesson_that_checks_clean() {
    let doc = std::fs::read_to_string("docs/lesson-format.md").unwrap_or_default();
    let start = doc.find("## Tutorial: a first lesson").unwrap_or(0);
    let end = doc.find("## Reference").unwrap_or(doc.len());
    let mut src = String::new();
    for part in doc[start..end].split("```toml\n").skip(1) {
        src.push_str(part.split("```").next().unwrap_or(""));
        src.push('\n');
    }
    assert!(src.contains("[[section]]"), "no snippets found");
    match load_str(&src, "lines.toml") {
        Ok(l) => assert!(l.warnings.is_empty(), "{:#?}", l.warnings),
        Err(e) => panic!("{:#?}", e.diagnostics),
    }
}

/// The worked example of parameters in docs/lesson-format.md loads and
/// passes its own check in every variant.
#[test]
fn the_documented_parameters_example_checks() {
    let doc = std::fs::read_to_string("docs/lesson-format.md").unwrap_or_default();
    let at = doc
        .find("#### Parameters: a variant")
        .expect("the parameters section");
    let start = doc[at..].find("```toml").map(|i| at + i + "```toml".len());
    let start = start.expect("its example");
    let end = start + doc[start..].find("```").expect("closed");
    let lesson = format!(
        "format = 1\nid = \"doc\"\ntitle = \"Doc\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\
         [[section.block]]\nkind = \"quiz\"\n{}",
        &doc[start..end]
    );
    match load_str(&lesson, "docs example") {
        Ok(loaded) => {
            let q = loaded.lesson.questions().next().expect("a question");
            assert_eq!(q.variant.as_ref().map(|v| v.params.len()), Some(2));
        }
        Err(e) => panic!("{:#?}", e.diagnostics),
    }
}
