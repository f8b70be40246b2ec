//! The overflow check of `chalkdust check --width N`: every section laid
//! out off-screen at N columns with every `details` open, and a warning for
//! each thing that cannot fit: a table whose words do not fit the text
//! column, a display formula too wide even when broken, an inline formula
//! wider than a line, a chart whose plotting area, title, axis labels or
//! legend do not fit.
//!
//! The widths follow the app's layout (`app::doc`): the text column of a
//! screen N wide, less two columns per open `details`, four inside an
//! aside, the label before a hint or choice. Prose goes through the app's
//! own Markdown layout, which notes what it had to cut.

use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::chart::{self, BRAILLE_DOTS};
use crate::layout::markdown::{Ctx, display_overflow, render_noting};
use crate::lesson::load::load_file;
use crate::lesson::{Answer, Block, BlockKind, Chart, Diagnostic, Lesson, Pos, Severity};
use crate::library::Report;
use crate::math::MathOptions;
use crate::theme::Theme;

/// Something that cannot fit, at the position of its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    pub pos: Pos,
    pub message: String,
}

// The same insets the app's layout uses, so the check measures what the
// learner sees.
use crate::layout::doc::{ASIDE_FRAME, CHOICE_HEAD, GUIDE_WIDTH as GUIDE};

struct Checker<'a> {
    lesson: &'a Lesson,
    theme: Theme,
    found: Vec<Overflow>,
}

impl Checker<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            theme: self.theme,
            footnotes: &self.lesson.footnotes,
        }
    }

    fn note(&mut self, pos: Pos, what: &str, message: String) {
        let message = if what.is_empty() {
            message
        } else {
            format!("{what}: {message}")
        };
        self.found.push(Overflow { pos, message });
    }

    fn markdown(&mut self, pos: Pos, what: &str, text: &str, width: usize) {
        let (_, notes) = render_noting(text, width.max(1), self.ctx());
        for n in notes {
            self.note(pos, what, n);
        }
    }

    fn blocks(&mut self, blocks: &[Block], width: usize) {
        for b in blocks {
            self.block(b, width);
        }
    }

    fn block(&mut self, block: &Block, width: usize) {
        let pos = block.pos;
        match &block.kind {
            BlockKind::Text { text } => self.markdown(pos, "", text, width),
            BlockKind::Math { tex } => {
                let opts = MathOptions {
                    ascii: self.theme.ascii,
                };
                if let Some(m) = display_overflow(tex, width, opts) {
                    self.note(pos, "", m);
                }
            }
            BlockKind::Aside { title, text } => {
                let inner = width.saturating_sub(ASIDE_FRAME);
                if title.width() + 4 > width {
                    self.note(
                        pos,
                        "aside",
                        format!(
                            "title is {} columns wide, more than the {} available; it will be cut",
                            title.width(),
                            width.saturating_sub(ASIDE_FRAME)
                        ),
                    );
                }
                self.markdown(pos, "aside", text, inner);
            }
            BlockKind::Details { blocks, .. } => {
                self.blocks(blocks, width.saturating_sub(GUIDE));
            }
            BlockKind::Chart(c) => {
                for m in chart_overflows(c, width) {
                    self.note(pos, "chart", m);
                }
            }
            BlockKind::Explore(_) => {}
            BlockKind::Quiz(q) => {
                for question in &q.questions {
                    let qpos = question.pos;
                    self.markdown(qpos, "question prompt", &question.prompt, width);
                    if let Answer::Choice { choices, .. } = &question.answer {
                        for c in choices {
                            self.markdown(qpos, "choice", c, width.saturating_sub(CHOICE_HEAD));
                        }
                    }
                    let n = question.hints.len();
                    for (i, h) in question.hints.iter().enumerate() {
                        let label = format!("Hint {} of {n}: ", i + 1).width();
                        self.markdown(qpos, "hint", h, width.saturating_sub(label));
                    }
                    if let Some(e) = &question.explain {
                        self.markdown(qpos, "explanation", e, width);
                    }
                    for f in &question.feedback {
                        // "✗ Not yet. " comes before feedback.
                        self.markdown(qpos, "feedback", &f.say, width.saturating_sub(11));
                    }
                }
            }
        }
    }
}

/// What of chart `c` cannot be shown at `width` columns: laid out the way
/// the app draws it, with braille density.
pub fn chart_overflows(c: &Chart, width: usize) -> Vec<String> {
    let w = u16::try_from(width).unwrap_or(u16::MAX);
    let h = chart::height_for(w);
    let plotted = chart::plot(c, w, h);
    let Some(layout) = chart::layout(&plotted, w, h, BRAILLE_DOTS) else {
        return vec![format!(
            "the plotting area would be narrower than {} columns at a width of {width} (the y tick labels take the room)",
            chart::MIN_CANVAS.0
        )];
    };
    let mut out = Vec::new();
    let wide = |s: &str| usize::from(chart::text_width(s)) > width;
    if let Some(t) = &plotted.title
        && (layout.title.is_none() || wide(t))
    {
        out.push(format!("the title \"{t}\" does not fit"));
    }
    if let Some(l) = &plotted.x_label
        && (layout.x_label.is_none() || wide(l))
    {
        out.push(format!("the x label \"{l}\" does not fit"));
    }
    if let Some(l) = &plotted.y_label
        && (layout.y_label.is_none() || wide(l))
    {
        out.push(format!("the y label \"{l}\" does not fit"));
    }
    for (i, s) in plotted.series.iter().enumerate() {
        let Some(label) = &s.label else { continue };
        match layout.legend.iter().find(|item| item.series == i) {
            None => out.push(format!(
                "the legend has no room for \"{label}\" (at most three lines)"
            )),
            Some(item) if item.label_width < chart::text_width(label) => out.push(format!(
                "the legend entry \"{label}\" is cut to {} columns",
                item.label_width
            )),
            Some(_) => {}
        }
    }
    out
}

/// Everything in `lesson` that cannot fit on a screen `screen_width`
/// columns wide, in file order.
pub fn check_lesson(lesson: &Lesson, screen_width: u16) -> Vec<Overflow> {
    let width = usize::from(App::text_width(screen_width));
    let mut c = Checker {
        lesson,
        theme: Theme::default(),
        found: Vec::new(),
    };
    for section in &lesson.sections {
        c.blocks(&section.blocks, width);
    }
    let notes = lesson.footnotes.len();
    for f in &lesson.footnotes {
        // "[12] " before the text.
        let marker = format!("[{notes}] ").width();
        // Footnotes carry no position: name them instead.
        let what = format!("footnote [^{}]", f.id);
        let top = Pos { line: 1, col: 1 };
        c.markdown(top, &what, &f.text, width.saturating_sub(marker));
    }
    c.found.sort_by_key(|o| o.pos);
    c.found
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
    use crate::lesson::load::load_str;

    fn lesson(blocks: &str) -> Lesson {
        let src = format!(
            "format = 1\nid = \"t\"\ntitle = \"T\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n{blocks}"
        );
        match load_str(&src, "t.toml") {
            Ok(l) => l.lesson,
            Err(e) => panic!("{:?}", e.diagnostics),
        }
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
