//! The JSON Schema in `docs/lesson.schema.json`: it is exactly what
//! [`chalkdust::lesson::format::json_schema`] generates (after a deliberate
//! change, `cargo run -- schema --write docs` rewrites it; review the diff),
//! it is a valid draft-07 schema, every shipped lesson and valid
//! fixture passes it, and the invalid fixtures with a shape problem fail it.
//!
//! Lessons are read as editors read them: TOML converted to JSON.

use std::path::{Path, PathBuf};

use chalkdust::lesson::format::{SCHEMA_PATH, json_schema};
use jsonschema::Validator;
use serde_json::Value;

fn schema() -> Value {
    match serde_json::from_str(&json_schema()) {
        Ok(v) => v,
        Err(e) => panic!("the generated schema is not JSON: {e}"),
    }
}

fn validator() -> Validator {
    match jsonschema::draft7::new(&schema()) {
        Ok(v) => v,
        Err(e) => panic!("the generated schema does not compile: {e}"),
    }
}

/// A TOML document as the JSON an editor validates.
fn toml_as_json(src: &str) -> Value {
    let doc: toml::Table = match toml::from_str(src) {
        Ok(t) => t,
        Err(e) => panic!("not TOML: {e}"),
    };
    match serde_json::to_value(doc) {
        Ok(v) => v,
        Err(e) => panic!("TOML that is not JSON: {e}"),
    }
}

fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The schema's complaints about a TOML text, one line each.
fn problems(validator: &Validator, src: &str) -> Vec<String> {
    let doc = toml_as_json(src);
    validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    // The committed file is published as it is (editors fetch it), so it
    // is compared whole rather than kept as a snapshot with a header.
    let generated = json_schema();
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is out of date: run `cargo run -- schema --write docs` and review the diff"
    );
}

#[test]
fn the_schema_is_a_valid_draft_07_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(jsonschema::meta::is_valid(&schema));
}

#[test]
fn every_shipped_lesson_and_valid_fixture_passes_the_schema() {
    let validator = validator();
    let mut files = toml_files("lessons");
    files.extend(toml_files("tests/lessons/valid"));
    assert!(files.len() >= 4, "lessons missing: {files:?}");
    for path in files {
        let src = read(&path);
        assert_eq!(
            problems(&validator, &src),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn shipped_lessons_and_valid_fixtures_name_the_schema_on_their_first_line() {
    for (dir, directive) in [
        ("lessons", "#:schema ../docs/lesson.schema.json"),
        (
            "tests/lessons/valid",
            "#:schema ../../../docs/lesson.schema.json",
        ),
    ] {
        for path in toml_files(dir) {
            let src = read(&path);
            assert_eq!(src.lines().next(), Some(directive), "{}", path.display());
            // The path the directive gives leads to the schema.
            let target = path.parent().map(|p| p.join(&directive[9..]));
            assert!(target.is_some_and(|t| t.is_file()), "{}", path.display());
        }
    }
}

/// Invalid fixtures whose problems are of shape (an unknown key, a wrong
/// type, a bad kind, a key the question type does not take), with a part
/// of the schema's complaint each must raise.
#[test]
fn invalid_fixtures_with_shape_problems_fail_the_schema() {
    let validator = validator();
    let cases = [
        // `titel`, `subtile`, kind "chrat", `txt`, style "dashd", `colour`,
        // type "numbr", `tilte`: and `title` missing.
        ("misspelt", "\"title\" is a required property"),
        ("misspelt", "\"dashd\" is not one of"),
        ("misspelt", "\"numbr\" is not one of"),
        // `prompt = 42`, `hints` a string, `tolerance` on a choice,
        // `vars` on a number question, `right` inside a feedback.
        ("questions", "42 is not of type \"string\""),
        ("questions", "\"not a list\" is not of type \"array\""),
        // `y = [0, "ten"]`, a chart with no `x`, a plot with two data.
        ("charts-and-footnotes", "\"ten\" is not of type \"number\""),
        ("charts-and-footnotes", "\"x\" is a required property"),
        // Ids out of the id alphabet.
        ("duplicates", "does not match \"^[a-z0-9-]+$\""),
        // A newer format.
        ("newer-format", "2 is greater than the maximum of 1"),
        // An unknown form (which form fits which type is the loader's).
        ("forms", "\"expandd\" is not one of"),
    ];
    for (name, expected) in cases {
        let path = Path::new("tests/lessons/invalid").join(format!("{name}.toml"));
        let found = problems(&validator, &read(&path));
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{name}: no complaint containing {expected:?} among {found:#?}"
        );
    }
}

/// Each kind of shape rule on its own, in a lesson that is otherwise right:
/// the schema rejects exactly what the loader rejects for its shape.
#[test]
fn the_schema_rejects_each_kind_of_shape_mistake() {
    let validator = validator();
    let lesson = |block: &str| {
        format!(
            "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.block]]\n{block}"
        )
    };
    let ok = [
        "kind = \"text\"\ntext = \"Hi\"",
        "kind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nexpr = \"x\"\ncolor = \"Grey\"",
        "kind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"?\"\ntype = \"choice\"\nchoices = [\"a\", \"b\"]\nanswer = [\"a\"]\nright = [[\"a\"]]",
        "kind = \"details\"\ntitle = \"T\"\n[[section.block.block]]\nkind = \"math\"\ntex = \"x\"",
    ];
    for block in ok {
        assert_eq!(
            problems(&validator, &lesson(block)),
            Vec::<String>::new(),
            "{block}"
        );
    }
    let bad = [
        "kind = \"txt\"\ntext = \"Hi\"",
        "kind = \"text\"\ntext = \"Hi\"\ntitle = \"not a text key\"",
        "kind = \"math\"",
        "kind = \"details\"\ntitle = \"T\"\nopen = \"yes\"",
        "kind = \"chart\"\nx = [0, 1, 2]",
        "kind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nexpr = \"x\"\npoints = [[0, 0]]",
        "kind = \"chart\"\nx = [0, 1]\n[[section.block.plot]]\nexpr = \"x\"\ncolor = \"mauve\"",
        "kind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"?\"\ntype = \"choice\"\nanswer = \"a\"",
        "kind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"?\"\ntype = \"number\"\nanswer = 1\nvars = [\"x\"]",
        "kind = \"quiz\"",
        "kind = \"explore\"\n[[section.block.slider]]\nname = \"a\"\nmin = 0",
        "kind = \"explore\"\nx = [0, 1]\ny = [0, 1]\n[[section.block.draw]]\nplot = \"x\"\nline = [[0, 0], [1, 1]]",
    ];
    for block in bad {
        assert!(
            !problems(&validator, &lesson(block)).is_empty(),
            "accepted:\n{block}"
        );
    }
}

/// One mistake, one precise complaint: a misspelt key in a block or a
/// question, or a key the question type does not take, gives at most two
/// errors (the unknown key, and a required key it was meant to be), all at
/// the mistake. A bare `oneOf` of the block kinds gave dozens per mistake.
#[test]
fn one_mistake_gives_a_few_errors_at_the_mistake() {
    let validator = validator();
    let lesson = |block: &str| {
        format!(
            "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.block]]\n{block}"
        )
    };
    let question = |keys: &str| {
        lesson(&format!(
            "kind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\nprompt = \"?\"\n{keys}"
        ))
    };
    let cases = [
        (
            lesson("kind = \"text\"\ntxt = \"Hi\""),
            "/section/0/block/0",
        ),
        (
            lesson("kind = \"chart\"\nx = [0, 1]\ncolour = \"red\""),
            "/section/0/block/0",
        ),
        (
            lesson("kind = \"chrat\"\nx = [0, 1]"),
            "/section/0/block/0/kind",
        ),
        (
            lesson("kind = \"text\"\ntext = 3"),
            "/section/0/block/0/text",
        ),
        (
            lesson(
                "kind = \"details\"\ntitle = \"T\"\n[[section.block.block]]\nkind = \"math\"\ntexx = \"x\"",
            ),
            "/section/0/block/0/block/0",
        ),
        (
            question("type = \"number\"\nanswer = 1\ntolerence = 0.1"),
            "/section/0/block/0/question/0",
        ),
        (
            question(
                "type = \"choice\"\nanswer = \"a\"\nchoices = [\"a\", \"b\"]\ntolerance = 0.1",
            ),
            "/section/0/block/0/question/0/tolerance",
        ),
        (
            question("type = \"nubmer\"\nanswer = 1"),
            "/section/0/block/0/question/0/type",
        ),
    ];
    for (src, at) in cases {
        let found = problems(&validator, &src);
        assert!(
            !found.is_empty() && found.len() <= 2,
            "{} errors for one mistake:\n{src}\n{found:#?}",
            found.len()
        );
        assert!(
            found.iter().all(|p| p.starts_with(at)),
            "not all at {at}: {found:#?}"
        );
    }
}

/// Over every invalid fixture that is TOML: no more than three schema
/// complaints for each problem the loader finds (most of those are
/// meaning, not shape, and raise none).
#[test]
fn invalid_fixtures_give_a_few_schema_errors_per_mistake() {
    let validator = validator();
    for path in toml_files("tests/lessons/invalid") {
        let src = read(&path);
        if toml::from_str::<toml::Table>(&src).is_err() {
            continue;
        }
        let found = problems(&validator, &src);
        let mistakes = match chalkdust::lesson::load::load_str(&src, "f") {
            Ok(l) => l.warnings.len(),
            Err(e) => e.diagnostics.len(),
        };
        eprintln!(
            "{}: {} schema errors, {mistakes} loader problems",
            path.display(),
            found.len()
        );
        assert!(
            found.len() <= 3 * mistakes.max(1),
            "{}: {} schema errors for {mistakes} problems:\n{found:#?}",
            path.display(),
            found.len()
        );
    }
}
