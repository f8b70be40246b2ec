//! The overflow check of `chalkdust check --width N`: every section laid
//! out off-screen at N columns by the app's own layout in
//! [`Mode::Check`] (every `details` open, every hint, explanation and
//! feedback message laid out), and a warning for each thing the layout
//! noted it could not fit: a table whose words do not fit the text column,
//! a display formula too wide even when broken, an inline formula wider
//! than a line, a chart whose plotting area, title, axis labels or legend
//! do not fit. The measuring is in `layout`, so a new block kind is
//! checked as soon as it is laid out.

use std::collections::HashMap;

use crate::layout::ScreenGeometry;
use crate::layout::doc::{self, Mode, View};
pub use crate::layout::fit::{Overflow, chart_overflows};
use crate::lesson::load::load_file;
use crate::lesson::{Diagnostic, Lesson, Severity};
use crate::library::Report;
use crate::theme::Theme;

/// Everything in `lesson` that cannot fit on a screen `screen_width`
/// columns wide, in file order.
pub fn check_lesson(lesson: &Lesson, screen_width: u16) -> Vec<Overflow> {
    let width = ScreenGeometry::new(screen_width, 24).text_width();
    let none = HashMap::new();
    let (quiz, explore) = (HashMap::new(), HashMap::new());
    let mut found = Vec::new();
    for section in 0..lesson.sections.len() {
        let view = View {
            theme: Theme::default(),
            lesson,
            varied: &crate::lesson::AS_WRITTEN,
            section,
            toggled: &none,
            quiz: &quiz,
            editing: None,
            explore: &explore,
            focus: None,
            mode: Mode::Check,
        };
        let laid = doc::build(view, width, &mut HashMap::new(), &mut HashMap::new());
        found.extend(laid.notes);
    }
    found.sort_by_key(|o| o.pos);
    found
}

/// Add overflow warnings at `screen_width` to every file of `report` that
/// loads (a file with errors is not laid out).
pub fn check_report(report: &mut Report, screen_width: u16) {
    for file in &mut report.files {
        if file
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            continue;
        }
        let Ok(loaded) = load_file(&file.path) else {
            continue;
        };
        let name = file.path.display().to_string();
        for o in check_lesson(&loaded.lesson, screen_width) {
            file.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                file: name.clone(),
                pos: o.pos,
                message: format!("at width {screen_width}, {}", o.message),
            });
        }
        file.diagnostics.sort_by_key(|d| d.pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::load::must_load;
    use crate::lesson::{BlockKind, Pos};

    fn lesson(blocks: &str) -> Lesson {
        let src = format!(
            "format = 1\nid = \"t\"\ntitle = \"T\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n{blocks}"
        );
        must_load(&src, "t.toml")
    }

    #[test]
    fn what_fits_gives_no_warning() {
        let l = lesson(
            "  [[section.block]]\n  kind = \"text\"\n  text = \"| a | b |\\n|---|---|\\n| 1 | 2 |\"\n",
        );
        assert_eq!(check_lesson(&l, 80), []);
    }

    #[test]
    fn details_and_asides_narrow_the_column() {
        // 74 columns of formula: fits the 77-column text column, not the
        // 71 left inside an aside's frame within a details.
        let tex = "x".repeat(74);
        let l = lesson(&format!(
            "  [[section.block]]\n  kind = \"math\"\n  tex = \"{tex}\"\n\n  [[section.block]]\n  kind = \"details\"\n  title = \"More\"\n    [[section.block.block]]\n    kind = \"aside\"\n    title = \"Note\"\n    text = \"$${tex}$$\"\n"
        ));
        let found = check_lesson(&l, 80);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pos, Pos { line: 15, col: 5 });
        assert!(
            found[0].message.starts_with("aside: formula `xxx"),
            "{found:?}"
        );
        assert!(found[0].message.contains("more than the 71 available"));
    }

    #[test]
    fn a_chart_too_narrow_for_its_plotting_area_is_reported() {
        let l = lesson(
            "  [[section.block]]\n  kind = \"chart\"\n  x = [0, 1]\n    [[section.block.plot]]\n    expr = \"x\"\n",
        );
        let BlockKind::Chart(c) = &l.sections[0].blocks[0].kind else {
            panic!("a chart block");
        };
        assert_eq!(chart_overflows(c, 77), Vec::<String>::new());
        let narrow = chart_overflows(c, 8);
        assert_eq!(narrow.len(), 1);
        assert!(narrow[0].starts_with("the plotting area would be narrower than 10 columns"));
    }
}

/// The authoring tools read the layout; they do not walk blocks. A new
/// block kind is printed and checked once `layout` lays it out.
#[cfg(test)]
mod one_layout {
    use std::collections::HashMap;

    use crate::authoring::print::{PrintOptions, print};
    use crate::layout::doc::{self, Mode, View};
    use crate::layout::wrap::plain;
    use crate::lesson::load::must_load;
    use crate::theme::Theme;

    /// A wide formula and a hint, inside a `details` that starts closed.
    const HIDDEN: &str = "format = 1\nid = \"t\"\ntitle = \"T\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\n  [[section.block]]\n  kind = \"details\"\n  title = \"More\"\n    [[section.block.block]]\n    kind = \"math\"\n    tex = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n    [[section.block.block]]\n    kind = \"quiz\"\n      [[section.block.block.question]]\n      id = \"q\"\n      type = \"number\"\n      prompt = \"How many?\"\n      answer = \"2\"\n      hints = [\"Count them.\"]\n";

    #[test]
    fn print_and_check_take_their_text_from_the_layout() {
        let lesson = must_load(HIDDEN, "t.toml");
        // Check: the formula inside the closed details is measured.
        let found = super::check_lesson(&lesson, 80);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pos.line, 12);
        // Print: every row the layout gives in print mode is in the text,
        // in order; the hint is there, the answer is not.
        let (none, quiz, explore) = (HashMap::new(), HashMap::new(), HashMap::new());
        let view = View {
            theme: Theme {
                ascii: false,
                monochrome: true,
                hyperlinks: false,
            },
            lesson: &lesson,
            varied: &crate::lesson::AS_WRITTEN,
            section: 0,
            toggled: &none,
            quiz: &quiz,
            editing: None,
            explore: &explore,
            focus: None,
            mode: Mode::Print,
        };
        let laid = doc::build(view, 80, &mut HashMap::new(), &mut HashMap::new());
        let text = print(&lesson, PrintOptions::default());
        let mut at = 0;
        for row in &laid.rows {
            if let doc::Row::Text(l) = row {
                let line = plain(l);
                let line = line.trim_end();
                let found = text[at..].find(line);
                assert!(found.is_some(), "{line:?} missing from:\n{text}");
                at += found.unwrap_or(0);
            }
        }
        assert!(text.contains("Hint 1 of 1: Count them."), "{text}");
        assert!(text.contains("Answer: a number"), "{text}");
    }

    #[test]
    fn the_authoring_tools_have_no_block_walker() {
        for (file, src) in [
            ("print.rs", include_str!("print.rs")),
            ("overflow.rs", include_str!("overflow.rs")),
        ] {
            // Split so this file's own test does not match itself.
            let walker = ["BlockKind", "::"].concat();
            let code = src.split("#[cfg(test)]").next().unwrap_or(src);
            assert!(
                !code.contains(&walker),
                "{file} matches on block kinds: lay the kind out in layout::doc instead"
            );
        }
    }
}
