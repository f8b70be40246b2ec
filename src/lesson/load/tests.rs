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
        assert_eq!(lesson.header.id, "mini");
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
    &["t.toml:2:6: error: invalid TOML: the string opened with \" here is not closed on its line: write \" at its end (use \'\'\' or \"\"\" for text over several lines)"]
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
    "[[section.block]]\nkind = \"chart\"\nx = [5, 1]\ny = [0]\n[[section.block.plot]]\npieces = [{ from = 1, to = 0.5, expr = \"x\" }]\nstyle = \"dashd\"\ncolor = \"purple\"\n",
    &[
        "t.toml:11:5: error: `x` range [5, 1]: the minimum must be less than the maximum",
        "t.toml:12:5: error: `y` should be a range [min, max] of two numbers, found array [0]",
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
        "[[section.block]]\nkind = \"details\"\ntitle = \"1\"\nopen = true\n[[section.block.block]]\nkind = \"details\"\ntitle = \"2\"\n[[section.block.block.block]]\nkind = \"explore\"\nslider = [{ name = \"h\", min = 0, max = 1 }]\n",
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
    assert_eq!(h.known_id(), Some("x"));
    assert_eq!(h.part, Some(3));
    assert_eq!(h.series.as_deref(), Some("S"));
}

/// The header is read from the text before the first table, unless the
/// cut falls inside a string or an array: then from the whole text.
#[test]
fn a_header_is_read_before_the_sections_or_from_the_whole_text() {
    let sections = "[[section]]\nid = \"a\"\ntitle = \"A\"\n";
    let plain = format!("format = 1\nid = \"x\"\ntitle = \"X\"\n{sections}");
    assert_eq!(read_header(&plain).known_id(), Some("x"));
    // A line starting with `[` inside a multi-line string, and in an array.
    let in_string = format!(
        "format = 1\nid = \"y\"\nsubtitle = '''\n[not a table]\n'''\ntitle = \"Y\"\n{sections}"
    );
    let h = read_header(&in_string);
    assert_eq!(h.subtitle.as_deref(), Some("[not a table]\n"));
    assert_eq!((h.known_id(), h.title.as_str()), (Some("y"), "Y"));
    let in_array =
        format!("format = 1\nid = \"w\"\nextra = [\n  [1, 2],\n]\ntitle = \"W\"\n{sections}");
    let h = read_header(&in_array);
    assert_eq!((h.known_id(), h.title.as_str()), (Some("w"), "W"));
    // A table header on the first line: nothing before it to read.
    let first = format!("{sections}id = \"z\"\n");
    assert_eq!(read_header(&first).known_id(), None);
}

#[rstest::rstest]
#[case("Intro 1", "intro-1")]
#[case("--A__b--", "a-b")]
#[case("ß", "")]
fn slugs(#[case] input: &str, #[case] want: &str) {
    assert_eq!(slug(input), want);
}

/// A lesson with one quiz holding `question` (the keys after the header).
fn with_question(question: &str) -> String {
    with_block(&format!(
        "[[section.block]]\nkind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"P\"\n{question}"
    ))
}

#[rstest::rstest]
#[case::number_as_bool(
    "type = \"number\"\nanswer = true\n",
    &["t.toml:15:10: error: `answer` of a number question should be a number or a constant expression like \"1/2\", found boolean true"]
)]
#[case::negative_tolerance(
    "type = \"number\"\nanswer = 2\ntolerance = -0.5\n",
    &["t.toml:16:13: error: `tolerance` -0.5 is negative: use 0 or more"]
)]
#[case::empty_vars(
    "type = \"expression\"\nanswer = \"x\"\nvars = []\n",
    &["t.toml:16:8: error: `vars` is empty; list the variables an answer may use, e.g. vars = [\"x\"]"]
)]
#[case::repeated_var(
    "type = \"expression\"\nanswer = \"x\"\nvars = [\"x\", \"x\"]\n",
    &["t.toml:16:14: error: variable \"x\" is listed twice"]
)]
#[case::missing_choices(
    "type = \"choice\"\nanswer = \"a\"\n",
    &["t.toml:11:1: error: missing required key `choices` (a list of strings) in question \"q\""]
)]
#[case::repeated_choice_and_empty_select_all(
    "type = \"choice\"\nchoices = [\"a\", \"a\"]\nanswer = []\n",
    &[
        "t.toml:15:17: error: choice \"a\" is listed twice",
        "t.toml:16:10: error: `answer` is an empty list: a select-all question needs at least one right choice",
    ]
)]
#[case::feedback_and_samples_not_among_choices(
    "type = \"choice\"\nchoices = [\"a\", \"b\"]\nanswer = \"a\"\nwrong = [\"c\"]\n[[section.block.question.feedback]]\nanswer = \"bb\"\nsay = \"no\"\n",
    &[
        "t.toml:17:10: error: \"c\" is not one of the choices (\"a\" or \"b\")",
        "t.toml:19:10: error: \"bb\" is not one of the choices (\"a\" or \"b\")",
    ]
)]
#[case::empty_text_answer(
    "type = \"text\"\nanswer = []\n",
    &["t.toml:15:10: error: `answer` is empty: give at least one"]
)]
#[case::missing_answer_and_type(
    "hints = [1]\n",
    &[
        "t.toml:11:1: error: missing required key `type` (a string) in question \"q\"",
        "t.toml:14:10: error: each item of `hints` should be a string, found integer 1",
    ]
)]
#[case::samples_not_a_list(
    "type = \"text\"\nanswer = \"a\"\nright = \"a\"\n",
    &["t.toml:16:9: error: `right` should be a list of sample answers, found string \"a\""]
)]
#[case::two_number_modes(
    "type = \"number\"\nanswer = 2\ntolerance = 0.1\nsigfigs = 2\n",
    &["t.toml:17:11: error: give only one of `tolerance` and `sigfigs`: each says on its own how close an answer must be"]
)]
#[case::relative_out_of_range(
    "type = \"number\"\nanswer = 2\nrelative = 5\n",
    &["t.toml:16:12: error: `relative` 5 should be from 0 to below 1, like 0.01 for 1%"]
)]
#[case::sigfigs_out_of_range(
    "type = \"number\"\nanswer = 2\nsigfigs = 0\n",
    &["t.toml:16:11: error: `sigfigs` 0 should be a whole number from 1 to 15"]
)]
#[case::up_to_constant_on_a_number(
    "type = \"number\"\nanswer = 2\nup_to_constant = true\n",
    &["t.toml:16:18: error: `up_to_constant` applies only to `type = \"expression\"` questions; this one is `type = \"number\"`"]
)]
#[case::feedback_never_shown(
    "type = \"expression\"\nanswer = \"10x\"\n[[section.block.question.feedback]]\nanswer = \"x*10\"\nsay = \"no\"\n",
    &["t.toml:16:1: error: feedback 1 can never be shown: `x*10` is judged right"]
)]
#[case::chart_function_in_an_answer(
    "type = \"expression\"\nanswer = \"floor(x)\"\n",
    &["t.toml:15:11: error: answer \"floor(x)\" cannot be read: `floor` is for charts and explorers, not for answers (the functions are sin, cos, tan, sec, csc, cot, arcsin, arccos, arctan, sinh, cosh, tanh, exp, ln, log, log10, log2, sqrt, abs)"]
)]
fn question_problems(#[case] question: &str, #[case] expected: &[&str]) {
    assert_eq!(errors(&with_question(question)), expected);
}

/// The new keys load into the question.
#[test]
fn number_modes_and_up_to_constant_load() {
    let src = with_question(
        "type = \"number\"\nanswer = \"1/3\"\nsigfigs = 3\nright = [\"0.333\"]\nwrong = [\"0.3333\", \"0.334\"]\n",
    );
    assert_eq!(errors(&src), Vec::<String>::new());
    let src = with_question(
        "type = \"expression\"\nanswer = \"x^3/3\"\nup_to_constant = true\nright = [\"x^3/3 + C\", \"(x^3 + 1)/3\"]\nwrong = [\"x^2\"]\n",
    );
    assert_eq!(errors(&src), Vec::<String>::new());
    let src = with_question(
        "type = \"number\"\nanswer = 100\nrelative = 0.01\nright = [\"100.9\"]\nwrong = [\"102\"]\n",
    );
    assert_eq!(errors(&src), Vec::<String>::new());
}

#[rstest::rstest]
#[case::format_missing(
    "id = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &["t.toml:1:1: error: missing required key `format` at the top of the lesson; write `format = 1`"]
)]
#[case::format_zero_and_string_part(
    "format = 0\nid = \"l\"\ntitle = \"L\"\npart = \"two\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &[
        "t.toml:1:10: error: format 0 does not exist; write `format = 1`",
        "t.toml:4:8: error: `part` should be a whole number, found string \"two\"",
    ]
)]
#[case::negative_part_and_requires_string(
    "format = 1\nid = \"l\"\ntitle = \"L\"\npart = -1\nrequires = \"limits\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &[
        "t.toml:4:8: error: `part` should be a whole number from 0 up, found -1",
        "t.toml:5:12: error: `requires` should be a list [...], found string \"limits\"",
    ]
)]
#[case::footnotes_not_a_table(
    "format = 1\nid = \"l\"\ntitle = \"L\"\nfootnotes = \"x\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    &["t.toml:4:13: error: `footnotes` should be a table of footnote id = \"text\", found string \"x\""]
)]
#[case::key_of_the_lesson_after_a_section(
    "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\nseries = \"M\"\n",
    &["t.toml:7:1: error: unknown key `series` in section \"s\"; `series` belongs to the lesson: in TOML a table's own keys must come before its [[...]] sub-tables"]
)]
fn more_lesson_problems(#[case] src: &str, #[case] expected: &[&str]) {
    assert_eq!(errors(src), expected);
}

#[rstest::rstest]
#[case::missing_kind(
    "[[section.block]]\ntext = \"x\"\n",
    &["t.toml:9:1: error: missing required key `kind` (a string) in [[section.block]]"]
)]
#[case::details_title_and_open(
    "[[section.block]]\nkind = \"details\"\nopen = \"yes\"\n",
    &[
        "t.toml:9:1: error: missing required key `title` (a string) in a `details` block",
        "t.toml:11:8: error: `open` should be true or false, found string \"yes\"",
    ]
)]
#[case::children_of_a_text_block(
    "[[section.block]]\nkind = \"text\"\ntext = \"x\"\n[[section.block.block]]\nkind = \"text\"\ntext = \"y\"\n",
    &["t.toml:12:17: error: unknown key `block` in a `text` block; expected `kind` or `text`"]
)]
#[case::derivative_of_points_and_piece_keys(
    "[[section.block]]\nkind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\npoints = [[0, 0]]\nderivative = true\n[[section.block.plot]]\npieces = [{ from = 0, to = 1, expr = \"x\", too = 2 }]\n",
    &[
        "t.toml:14:14: error: `derivative = true` needs a function (`expr` or `pieces`), not `points`",
        "t.toml:16:43: error: unknown key `too` in a piece, did you mean `to`?",
    ]
)]
#[case::footnote_in_a_multiline_string(
    "[[section.block]]\nkind = \"text\"\ntext = \"\"\"\nfirst line\nsecond [^nope] line\"\"\"\n",
    &["t.toml:13:8: error: footnote reference \"[^nope]\" has no definition in [footnotes]; add `nope = \"...\"` under [footnotes]"]
)]
fn more_block_problems(#[case] block: &str, #[case] expected: &[&str]) {
    assert_eq!(errors(&with_block(block)), expected);
}

#[test]
fn several_errors_come_sorted_by_position() {
    let src = "format = 1\nid = \"Bad\"\ntitel = \"x\"\n[[section]]\nid = \"s\"\n";
    let lines: Vec<(usize, usize)> = match load_str(src, "t.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| (d.pos.line, d.pos.col))
            .collect(),
    };
    assert_eq!(lines, [(1, 1), (2, 6), (3, 1), (4, 1)]);
}

#[test]
fn a_chart_expression_with_a_foreign_variable_says_where_names_come_from() {
    let src = with_block(
        "[[section.block]]\nkind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nexpr = \"2t\"\n",
    );
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("t.toml:13:10: error: plot expression \"2t\" cannot be read: "));
    assert!(errs[0].ends_with("; a chart's expressions use its variable `x` (set with `var`)"));
}

#[test]
fn a_text_answer_of_the_wrong_type_says_what_would_do() {
    let errs = errors(&with_question("type = \"text\"\nanswer = 3\n"));
    assert_eq!(
        errs,
        ["t.toml:15:10: error: `answer` should be a string or a list of strings, found integer 3"]
    );
}

#[rstest::rstest]
#[case::single_brackets(
    "format = 1\nid = \"l\"\ntitle = \"L\"\n[section]\nid = \"a\"\ntitle = \"A\"\n",
    "t.toml:4:1"
)]
#[case::block_before_section(
    "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section.block]]\nkind = \"text\"\ntext = \"x\"\n",
    "t.toml:4:3"
)]
fn a_section_written_as_a_single_table_is_explained(#[case] src: &str, #[case] at: &str) {
    assert_eq!(
        errors(src),
        [format!(
            "{at}: error: `section` should be a list of tables, found a single table: write its headers with double brackets, [[section]], each above the headers of what it holds"
        )]
    );
}

#[test]
fn unknown_tex_is_a_warning_at_its_place() {
    // The text opens at column 9, so `\foo`, after "Look: $", is at 16.
    let src = with_block(
        "[[section.block]]\nkind = \"text\"\ntext = 'Look: $\\foo{x}$'\n[[section.block]]\nkind = \"math\"\ntex = '\\frac{1}{2} \\qux x'\n",
    );
    let loaded = load_str(&src, "t.toml");
    let warnings: Vec<String> = match loaded {
        Ok(l) => l
            .warnings
            .iter()
            .map(|d| format!("{}:{}", d.pos.line, d.pos.col))
            .collect(),
        Err(e) => panic!("{:?}", e.diagnostics),
    };
    assert_eq!(warnings, ["11:16", "14:20"]);
}

/// Opening a lesson file to read judges the variant shown before anyone
/// is known, not every other one; `check` (load_file) judges them all.
#[test]
fn opening_to_read_judges_the_written_variant_only() {
    // `n x` is wrong for every n but 2 (where it is the answer, 2x).
    let src = r#"format = 1
id = "p"
title = "P"

[[section]]
id = "s"
title = "S"

  [[section.block]]
  kind = "quiz"

    [[section.block.question]]
    id = "q"
    prompt = "Differentiate $x^{ {{n}} }$."
    type = "expression"
    answer = "n*x^(n-1)"
    wrong = ["{{n}}x"]

      [[section.block.question.param]]
      name = "n"
      values = [3, 4, 5, 6, 7, 8, 9, 10, 2]
"#;
    let dir = std::env::temp_dir().join(format!("chalkdust-judging-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("p.toml");
    if let Err(e) = std::fs::write(&path, src) {
        panic!("{e}");
    }
    let read = load_file_to_read(&path);
    let checked = load_file(&path);
    let _ = std::fs::remove_dir_all(&dir);
    let shown = match read {
        Ok(l) => l.lesson.questions().next().and_then(|q| q.variant.clone()),
        Err(e) => panic!("refused to read: {:#?}", e.diagnostics),
    };
    assert_ne!(
        shown.map(|v| v.values),
        Some(vec![2.0]),
        "pick another failing value"
    );
    let err = match checked {
        Ok(_) => panic!("check passed a variant whose wrong sample is right"),
        Err(e) => e,
    };
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.message.contains("(in the variant n = 2)")),
        "{:#?}",
        err.diagnostics
    );
}

/// A variant is built again from the question's kept table, not the
/// lesson's text: built with the values it was loaded with, every
/// question with parameters comes out as loaded (numbers, booleans,
/// nested tables and arrays, and where it is written, included).
#[test]
fn a_variant_built_from_the_kept_table_is_the_question_as_loaded() {
    let inline = with_block(
        r#"[[section.block]]
kind = "quiz"

  [[section.block.question]]
  id = "rel"
  prompt = "{{a}} / 3 to 1%?"
  type = "number"
  answer = "a/3"
  relative = 0.01

    [[section.block.question.param]]
    name = "a"
    values = [1, 2, 4]

  [[section.block.question]]
  id = "sig"
  prompt = "{{a}} / 7 to 3 figures?"
  type = "number"
  answer = "a/7"
  sigfigs = 0x3

    [[section.block.question.param]]
    name = "a"
    values = [1, 2]

  [[section.block.question]]
  id = "expr"
  prompt = "Integrate ${{a}}x$."
  type = "expression"
  answer = "a*x^2/2"
  up_to_constant = true
  domain = ["-a", 2.5e0]
  hints = ["{{a}} stays."]

    [[section.block.question.feedback]]
    answer = "a*x^2"
    say = "Halve it, {{a}}."

    [[section.block.question.param]]
    name = "a"
    values = [2, 3]
"#,
    );
    let texts = [
        ("inline", inline),
        (
            "lessons/derivatives.toml",
            include_str!("../../../lessons/derivatives.toml").to_string(),
        ),
        (
            "tests/lessons/valid/params.toml",
            include_str!("../../../tests/lessons/valid/params.toml").to_string(),
        ),
    ];
    let mut seen = 0;
    for (name, src) in &texts {
        let lesson = must_load(src, name);
        for q in lesson.questions() {
            let Some(v) = &q.variant else { continue };
            seen += 1;
            let again = q.with_values(&v.values);
            assert_eq!(
                again.map(|a| format!("{a:?}")),
                Some(format!("{q:?}")),
                "{name}: {}",
                q.id
            );
        }
    }
    assert!(seen >= 12, "{seen} questions with parameters");
}

#[test]
fn a_variant_that_writes_1y_is_warned_about_at_its_text() {
    let question = "hints = [\"Differentiate ${{a}}x^2 + {{b}}y$ in $y$.\"]\ntype = \"expression\"\nvars = [\"x\", \"y\"]\nanswer = \"b\"\n[[section.block.question.param]]\nname = \"a\"\nvalues = [2, 3]\n[[section.block.question.param]]\nname = \"b\"\nmin = 1\nmax = 3\n";
    let src = with_question(question);
    let warnings: Vec<String> = match load_str(&src, "t.toml") {
        Ok(loaded) => loaded.warnings.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("{:?}", e.diagnostics),
    };
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("t.toml:14:10: warning: in the variant a = ")
            && warnings[0].contains("b = 1, `{{b}}y` reads `1y`"),
        "{warnings:?}"
    );
    // Without the value 1 it reads well: no warning.
    let fine = with_question(&question.replace("min = 1", "min = 2"));
    match load_str(&fine, "t.toml") {
        Ok(loaded) => assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings),
        Err(e) => panic!("{:?}", e.diagnostics),
    }
}
