//! Snapshots of the screens at 80x24, and tiny sizes that must not panic.

use crate::app::fixture;
use crate::app::harness::Harness;
use crate::library::Library;
use crate::theme::Theme;

#[test]
fn tiny_screens_say_so_and_never_panic() {
    let mut h = Harness::lesson(fixture::sample());
    assert_eq!(h.render(0, 0), "");
    assert_eq!(h.render(1, 1), "T\n");
    assert_eq!(h.render(0, 5).trim(), "");
    insta::assert_snapshot!("tiny_20x5", h.render(20, 5));
    let s = h.render(39, 24);
    assert!(s.contains("it needs 40x12 at least"), "{s}");
    assert!(s.contains("this terminal is 39x24"), "{s}");
    // Narrower still: shorter phrases, each whole on its line.
    let s = h.render(12, 6);
    for phrase in ["Too small", "need 40x12", "have 12x6"] {
        assert!(s.lines().any(|l| l.trim() == phrase), "{phrase}:\n{s}");
    }
}

/// Below 80x24 a lesson still reads: reflowed text, smaller charts, an
/// explorer with its slider, at every section of the built-in lesson.
#[test]
fn small_terminals_still_show_the_lesson() {
    for (w, h) in [(79, 24), (60, 20), (40, 12)] {
        let mut harness = Harness::lesson(fixture::derivatives());
        let n = harness
            .app
            .reading
            .as_ref()
            .map_or(0, |r| r.lesson.sections.len());
        for i in 0..n {
            let s = harness.render(w, h);
            assert!(!s.contains("Too small"), "{w}x{h} section {}:\n{s}", i + 1);
            assert!(s.contains(&format!("{}/{n}", i + 1)), "{w}x{h}:\n{s}");
            let r = harness.app.reading.as_ref().expect("open");
            let limit = usize::from(crate::app::App::text_width(w));
            for row in &r.doc.rows {
                if let crate::layout::doc::Row::Text(l) = row {
                    assert!(l.width() <= limit, "{w}x{h}: row wider than {limit}: {l:?}");
                }
            }
            harness = harness.keys("n<Esc>");
        }
    }
    let mut harness = Harness::lesson(fixture::derivatives()).resize(60, 20);
    insta::assert_snapshot!("small_60x20", harness.render(60, 20));
    let mut harness = harness.keys("nnnnnnnnn<Tab>");
    insta::assert_snapshot!("small_40x12_explorer", harness.render(40, 12));
}

#[test]
fn catalog() {
    let lib = Library::with_dir(std::path::Path::new("tests/lessons/valid")).expect("fixtures");
    let mut h = Harness::catalog(lib).keys("j");
    insta::assert_snapshot!("catalog", h.screen());
}

#[test]
fn section_with_a_table() {
    let mut h = Harness::lesson(fixture::sample()).keys("n");
    insta::assert_snapshot!("section_table", h.screen());
}

#[test]
fn opened_nested_explanation() {
    let mut h = Harness::lesson(fixture::sample()).keys("<Tab><Tab><Enter><Tab><Enter>");
    insta::assert_snapshot!("nested_details", h.screen());
}

#[test]
fn question_before_during_and_after_checking() {
    let mut h = Harness::lesson(fixture::sample()).keys("nn<Tab>");
    insta::assert_snapshot!("question_before", h.screen());
    let mut h = h.keys("<Enter>3x)");
    insta::assert_snapshot!("question_preview", h.screen());
    let mut h = h.keys("<BS><BS><BS>9<Enter>");
    insta::assert_snapshot!("question_wrong", h.screen());
    let mut h = h.keys("<BS>2*3<Enter>");
    insta::assert_snapshot!("question_right", h.screen());
}

#[test]
fn help_overlay() {
    let mut h = Harness::lesson(fixture::sample()).keys("?");
    insta::assert_snapshot!("help", h.screen());
}

#[test]
fn ascii_mode_uses_no_box_drawing() {
    let mut h = Harness::lesson(fixture::sample());
    h.app.theme = Theme {
        ascii: true,
        monochrome: true,
        hyperlinks: false,
    };
    let mut h = h.resize(81, 24).keys("n");
    let s = h.screen();
    assert!(s.is_ascii(), "{s}");
    assert!(s.contains("+----------+------------+"), "{s}");
}

#[test]
fn no_color_uses_modifiers_only() {
    let mut h = Harness::lesson(fixture::sample());
    h.app.theme.monochrome = true;
    let h = h.resize(81, 24).keys("n");
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut term = ratatui::Terminal::new(backend).expect("test terminal");
    term.draw(|f| crate::ui::render(&h.app, f)).expect("draws");
    for cell in term.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn the_derivatives_lesson_lays_out_every_section_at_80_and_120() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut harness = Harness::lesson(fixture::derivatives()).resize(w, h);
        let n = harness
            .app
            .reading
            .as_ref()
            .map_or(0, |r| r.lesson.sections.len());
        for _ in 0..n {
            let r = harness.app.reading.as_ref().expect("open");
            let limit = usize::from(crate::app::App::text_width(w));
            for row in &r.doc.rows {
                if let crate::layout::doc::Row::Text(l) = row {
                    assert!(l.width() <= limit, "row wider than {limit}: {l:?}");
                }
            }
            let _ = harness.render(w, h);
            harness = harness.keys("n");
        }
    }
}

fn linked_lesson() -> crate::lesson::Lesson {
    let src = r#"format = 1
id = "links"
title = "Links"

[[section]]
id = "one"
title = "One"

  [[section.block]]
  kind = "text"
  text = "Read [the article on derivatives](https://example.org/d) first, then come back."
"#;
    crate::lesson::load::must_load(src, "links.toml")
}

/// Link text becomes a terminal hyperlink (OSC 8), cell by cell, each cell
/// complete and its width forced to the glyph's, so the screen reads and
/// lines up exactly as without hyperlinks.
#[test]
fn links_are_terminal_hyperlinks_that_cost_no_column() {
    let mut plain = Harness::lesson(linked_lesson());
    let expected = plain.screen();
    let mut h = Harness::lesson(linked_lesson());
    h.app.theme.hyperlinks = true;
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let Ok(mut term) = ratatui::Terminal::new(backend);
    h.app.update(crate::app::Msg::Resize(80, 24));
    let _ = term.draw(|f| crate::ui::render(&h.app, f));
    let buf = term.backend().buffer().clone();
    assert_eq!(crate::ui::buffer_text(&buf), expected);
    let linked: Vec<(u16, u16, String)> = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .filter_map(|(x, y)| {
            let cell = buf.cell((x, y))?;
            let s = cell.symbol();
            s.starts_with("\x1b]8;").then(|| {
                assert!(s.contains(";https://example.org/d\x1b\\"), "{s:?}");
                assert!(
                    s.ends_with("\x1b]8;;\x1b\\"),
                    "each cell closes its link: {s:?}"
                );
                assert_eq!(
                    cell.diff_option,
                    ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN)
                );
                (x, y, super::visible_symbol(s).to_string())
            })
        })
        .collect();
    let text: String = linked.iter().map(|(_, _, g)| g.as_str()).collect();
    assert_eq!(text, "thearticleonderivatives", "only the link's words");
    // Off (the default, and for `print`): no escape anywhere.
    assert!(!expected.contains('\x1b'));
}

/// An address that could end the sequence early (a control character) or
/// is absurdly long stays plain text.
#[test]
fn unsafe_addresses_are_not_linked() {
    let area = ratatui::layout::Rect::new(0, 0, 10, 1);
    for url in [
        "https://x\x1b]8;;evil",
        "https://x y",
        "",
        &"a".repeat(5000),
    ] {
        let mut buf = ratatui::buffer::Buffer::empty(area);
        buf.set_string(0, 0, "link", ratatui::style::Style::default());
        super::hyperlink(&mut buf, 0, 0..4, url);
        assert_eq!(crate::ui::buffer_text(&buf), "link\n", "{url:?}");
        assert!(
            !buf.content().iter().any(|c| c.symbol().contains('\x1b')),
            "{url:?}"
        );
    }
}
