//! Unit tests of validation: each check, by the message it produces.

use super::*;

const MINIMAL: &str = r#"format = 1
id = "mini"
title = "Mini"

[[section]]
id = "one"
title = "One"

  [[section.block]]
  kind = "text"
  text = "Hello."
"#;

fn errors(src: &str) -> Vec<String> {
    match load_str(src, "t.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_minimal_lesson_loads() {
    let loaded = load_str(MINIMAL, "t.toml").map_err(|e| e.diagnostics);
    let lesson = loaded.map(|l| l.lesson);
    assert!(lesson.is_ok(), "{lesson:?}");
    if let Ok(lesson) = lesson {
        assert_eq!(lesson.id, "mini");
        assert_eq!(lesson.sections.len(), 1);
        assert_eq!(lesson.sections[0].blocks[0].pos, Pos { line: 9, col: 3 });
    }
}

/// A lesson whose one section holds `block` (TOML text for one block).
fn with_block(block: &str) -> String {
    format!(
        "format = 1\nid = \"l\"\ntitle = \"L\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\n{block}"
    )
}

#[rstest::rstest]
#[case::misspelt_key(
    "format = 1\nid = \"l\"\ntitel = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &[
        "t.toml:1:1: error: missing required key `title` (a string) in the lesson",
        "t.toml:3:1: error: unknown key `titel` in the lesson, did you mean `title`?",
    ]
)]
#[case::newer_format(
    "format = 2\nid = \"l\"\nwhatever = 1\n",
    &["t.toml:1:10: error: this lesson is written for format 2; this chalkdust reads format 1 — update chalkdust"]
)]
#[case::syntax(
    "format = 1\nid = \"l\ntitle = \"L\"\n",
    &["t.toml:2:8: error: invalid TOML: invalid basic string, expected `\"`"]
)]
#[case::wrong_type_and_bad_id(
    "format = 1\nid = \"Intro 1\"\ntitle = 3\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &[
        "t.toml:2:6: error: lesson id \"Intro 1\" is not valid: use lowercase letters a-z, digits and \"-\", for example \"intro-1\"",
        "t.toml:3:9: error: `title` should be a string, found integer 3",
    ]
)]
#[case::no_sections(
    "format = 1\nid = \"l\"\ntitle = \"L\"\n",
    &["t.toml:1:1: error: a lesson needs at least one section: add a [[section]] with `id` and `title`"]
)]
fn lesson_level_problems(#[case] src: &str, #[case] expected: &[&str]) {
    assert_eq!(errors(src), expected);
}

#[rstest::rstest]
#[case::bad_kind(
    "[[section.block]]\nkind = \"chrat\"\n",
    &["t.toml:10:8: error: unknown block kind \"chrat\", did you mean \"chart\"?"]
)]
#[case::block_key_typo(
    "[[section.block]]\nkind = \"text\"\ntxet = \"hi\"\n",
    &[
        "t.toml:9:1: error: missing required key `text` (a string) in a `text` block",
        "t.toml:11:1: error: unknown key `txet` in a `text` block, did you mean `text`?",
    ]
)]
#[case::section_key_after_block(
    "[[section.block]]\nkind = \"text\"\ntext = \"hi\"\ntitle = \"x\"\n",
    &["t.toml:12:1: error: unknown key `title` in a `text` block; `title` belongs to the section: in TOML a table's own keys must come before its [[...]] sub-tables"]
)]
#[case::plot_none_and_both(
    "[[section.block]]\nkind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nlabel = \"a\"\n[[section.block.plot]]\nexpr = \"x\"\npoints = [[1, 2]]\n",
    &[
        "t.toml:12:1: error: a plot needs exactly one of `expr`, `pieces` or `points`; this one has none",
        "t.toml:14:1: error: a plot needs exactly one of `expr`, `pieces` or `points`; this one has `expr` and `points`",
    ]
)]
#[case::ranges_and_pieces(
    "[[section.block]]\nkind = \"chart\"\nx = [5, 1]\ny = [0]\n[[section.block.plot]]\npieces = [{ from = 1, to = 0.5, expr = \"t\" }]\nstyle = \"dashd\"\ncolor = \"purple\"\n",
    &[
        "t.toml:11:5: error: `x` range [5, 1]: the minimum must be less than the maximum",
        "t.toml:12:5: error: `y` should be a range [min, max] of two numbers, found an array",
        "t.toml:14:11: error: piece from 1 to 0.5: `from` must be less than `to`",
        "t.toml:15:9: error: unknown style \"dashd\", did you mean \"dashed\"?",
        "t.toml:16:9: error: unknown color \"purple\"; expected \"red\", \"green\", \"yellow\", \"blue\", \"magenta\", \"cyan\", \"orange\", \"gray\", \"grey\" or \"white\"",
    ]
)]
#[case::choice_not_among_choices(
    "[[section.block]]\nkind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"Pick\"\ntype = \"choice\"\nchoices = [\"London\", \"Paris\"]\nanswer = \"Pari\"\ntolerance = 1\n",
    &[
        "t.toml:16:10: error: \"Pari\" is not one of the choices; did you mean \"Paris\"?",
        "t.toml:17:13: error: `tolerance` applies only to `type = \"number\"` questions; this one is `type = \"choice\"`",
    ]
)]
#[case::duplicate_question_ids(
    "[[section.block]]\nkind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"a\"\ntype = \"text\"\nanswer = \"a\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"b\"\ntype = \"text\"\nanswer = [\"b\", \"B\"]\n",
    &["t.toml:17:6: error: duplicate question id \"q\" (first used at line 12); ids must be unique in a lesson"]
)]
#[case::footnotes(
    "[[section.block]]\nkind = \"text\"\ntext = \"See [^grd].\"\n",
    &["t.toml:11:13: error: footnote reference \"[^grd]\" has no definition in [footnotes]; add `grd = \"...\"` under [footnotes]"]
)]
fn block_problems(#[case] block: &str, #[case] expected: &[&str]) {
    assert_eq!(errors(&with_block(block)), expected);
}

#[test]
fn duplicate_section_ids_point_at_the_first() {
    let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section]]\nid = \"a\"\ntitle = \"B\"\n";
    assert_eq!(
        errors(src),
        [
            "t.toml:8:6: error: duplicate section id \"a\" (first used at line 5); ids must be unique in a lesson"
        ]
    );
}

#[test]
fn unused_footnotes_are_warnings_and_used_ones_load() {
    let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[footnotes]\ngrad = \"the gradient\"\nspare = \"unused\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.block]]\nkind = \"aside\"\ntext = \"Loss[^grad]\"\n";
    match load_str(src, "t.toml") {
        Ok(loaded) => {
            let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
            assert_eq!(
                warnings,
                [
                    "t.toml:6:1: warning: footnote \"spare\" is defined but never referenced (write [^spare] where it belongs)"
                ]
            );
            let ids: Vec<&str> = loaded
                .lesson
                .footnotes
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            assert_eq!(ids, ["grad", "spare"]);
        }
        Err(e) => panic!("{:?}", e.diagnostics),
    }
}

#[test]
fn details_nest_and_explore_is_kept() {
    let src = with_block(
        "[[section.block]]\nkind = \"details\"\ntitle = \"1\"\nopen = true\n[[section.block.block]]\nkind = \"details\"\ntitle = \"2\"\n[[section.block.block.block]]\nkind = \"explore\"\nslider = { name = \"h\" }\n",
    );
    let lesson = load_str(&src, "t.toml").map(|l| l.lesson);
    let Ok(lesson) = lesson else {
        panic!("{:?}", lesson.err());
    };
    let BlockKind::Details { open, blocks, .. } = &lesson.sections[0].blocks[0].kind else {
        panic!("not details");
    };
    assert!(*open);
    let BlockKind::Details { open, blocks, .. } = &blocks[0].kind else {
        panic!("not nested details");
    };
    assert!(!*open);
    assert!(matches!(blocks[0].kind, BlockKind::Explore(_)));
    assert_eq!(blocks[0].pos, Pos { line: 16, col: 1 });
}

#[test]
fn a_header_is_read_from_a_broken_lesson() {
    let h =
        read_header("format = 1\nid = \"x\"\ntitle = \"X\"\npart = 3\nseries = \"S\"\ntitel = 1\n");
    assert_eq!(h.id.as_deref(), Some("x"));
    assert_eq!(h.part, Some(3));
    assert_eq!(h.series.as_deref(), Some("S"));
}

#[rstest::rstest]
#[case("Intro 1", "intro-1")]
#[case("--A__b--", "a-b")]
#[case("ß", "")]
fn slugs(#[case] input: &str, #[case] want: &str) {
    assert_eq!(slug(input), want);
}
