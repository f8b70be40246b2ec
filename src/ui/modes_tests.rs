//! Every section of every built-in lesson in colour, `--ascii` and
//! no-colour modes: in ASCII mode nothing outside ASCII reaches the screen;
//! snapshots of each section (all explanations open, so every chart and
//! explorer is drawn) in all three. The Derivatives lesson's snapshots keep
//! their first names (`ascii_section_01`); the others' carry the lesson id.

use crate::app::fixture;
use crate::app::harness::Harness;
use crate::lesson::Lesson;
use crate::theme::Theme;

/// The built-in Derivatives lesson at `w` x `h` in `theme`, at section
/// `i`, with every explanation open.
fn section(theme: Theme, i: usize, w: u16, h: u16) -> Harness {
    lesson_section(fixture::derivatives(), theme, i, w, h)
}

/// Every built-in lesson, in series order.
fn builtin_lessons() -> Vec<Lesson> {
    let library = crate::library::Library::builtin();
    library
        .groups()
        .into_iter()
        .flat_map(|g| g.entries)
        .map(|e| match library.find(&e.header.id) {
            Ok(l) => l,
            Err(err) => panic!("{}: {err}", e.header.id),
        })
        .collect()
}

/// A snapshot's name: `kind_section_NN`, after the lesson id except for
/// Derivatives (whose snapshots came first).
fn snapshot_name(lesson: &Lesson, kind: &str, i: usize) -> String {
    match lesson.header.id.as_str() {
        "derivatives" => format!("{kind}_section_{:02}", i + 1),
        id => format!("{id}_{kind}_section_{:02}", i + 1),
    }
}

/// `lesson` at `w` x `h` in `theme`, at section `i`, with every
/// explanation open.
fn lesson_section(lesson: Lesson, theme: Theme, i: usize, w: u16, h: u16) -> Harness {
    let mut harness = Harness::lesson(lesson);
    harness.app.theme = theme;
    let mut harness = harness.resize(w, h);
    if let Some(r) = harness.app.reading.as_mut() {
        r.section = i;
        // Open every details block of the section (outer ones first, so
        // the inner ones are laid out).
        for _ in 0..3 {
            r.focus = None;
        }
    }
    harness.app.relayout();
    for _ in 0..4 {
        let targets: Vec<_> = harness
            .app
            .reading
            .as_ref()
            .map(|r| {
                r.doc
                    .items
                    .iter()
                    .filter_map(|it| match &it.target {
                        crate::layout::doc::Target::Details(p) => Some(p.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(r) = harness.app.reading.as_mut() {
            for p in targets {
                r.toggled.insert((i, p), true);
            }
        }
        harness.app.relayout();
    }
    harness
}

#[test]
fn ascii_mode_puts_nothing_but_ascii_on_screen() {
    let theme = Theme {
        ascii: true,
        monochrome: false,
        ..Theme::default()
    };
    for lesson in builtin_lessons() {
        for i in 0..lesson.sections.len() {
            let h = lesson_section(lesson.clone(), theme, i, 80, 400);
            // Drawn without the last resort that turns anything left into
            // `?`: the layout itself must spell everything in ASCII.
            let area = ratatui::layout::Rect::new(0, 0, 80, 400);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            let _ = super::draw_all(&h.app, area, &mut buf);
            let s = super::buffer_text(&buf);
            let bad: Vec<&str> = s.lines().filter(|l| !l.is_ascii()).collect();
            assert!(
                bad.is_empty(),
                "{} section {}:\n{}",
                lesson.header.id,
                i + 1,
                bad.join("\n")
            );
        }
    }
}

/// The whole of section `i` of `lesson` (every explanation open), as text.
fn whole_section(lesson: &Lesson, theme: Theme, i: usize) -> String {
    let h = lesson_section(lesson.clone(), theme, i, 80, 24);
    let rows = h.app.reading.as_ref().map_or(0, |r| r.doc.rows.len());
    let mut h = h;
    h.render(80, u16::try_from(rows + 2).unwrap_or(u16::MAX))
}

/// Snapshots of every section of every built-in lesson in `theme`.
fn every_section(theme: Theme, kind: &str) {
    for lesson in builtin_lessons() {
        for i in 0..lesson.sections.len() {
            let s = whole_section(&lesson, theme, i);
            if theme.ascii {
                assert!(s.is_ascii(), "{} section {}", lesson.header.id, i + 1);
            }
            insta::assert_snapshot!(snapshot_name(&lesson, kind, i), s);
        }
    }
}

#[test]
fn every_section_in_ascii_mode() {
    every_section(
        Theme {
            ascii: true,
            monochrome: false,
            ..Theme::default()
        },
        "ascii",
    );
}

#[test]
fn every_section_without_colour() {
    every_section(
        Theme {
            ascii: false,
            monochrome: true,
            ..Theme::default()
        },
        "no_colour",
    );
}

/// In colour the text snapshot shows the shapes colour does not tell apart
/// (solid lines, filled points), which the other two modes draw otherwise.
#[test]
fn every_section_in_colour() {
    every_section(Theme::default(), "colour");
}

#[test]
fn the_end_screen_in_ascii_mode() {
    let mut h = Harness::lesson(fixture::derivatives());
    h.app.theme = Theme {
        ascii: true,
        monochrome: true,
        ..Theme::default()
    };
    let mut h = h.keys("nnnnnnnnnnnn");
    let s = h.screen();
    assert!(s.contains("The end"), "{s}");
    assert!(s.is_ascii(), "{s}");
    insta::assert_snapshot!("ascii_end", s);
}

/// Without colour, what colour told apart is told apart by shape: the
/// parabola's two tangents by their dash pattern, the selected point of an
/// explorer by a hollow mark.
#[test]
fn without_colour_lines_and_the_selected_point_differ_in_shape() {
    use crate::chart::{LineStyle, SeriesKind};
    let mono = Theme {
        monochrome: true,
        ..Theme::default()
    };
    let index = |id: &str| {
        fixture::derivatives()
            .sections
            .iter()
            .position(|s| s.id == id)
            .expect("section")
    };
    let h = section(mono, index("parabola"), 80, 24);
    let r = h.app.reading.as_ref().expect("open");
    let styles: Vec<LineStyle> = r.doc.charts[0]
        .series
        .iter()
        .filter(|s| s.label.as_deref().is_some_and(|l| l.starts_with("tangent")))
        .map(|s| s.style)
        .collect();
    assert_eq!(styles.len(), 2);
    assert_ne!(styles[0], styles[1], "the two tangents look alike");

    let mut h = section(mono, index("explore"), 80, 24);
    for _ in 0..40 {
        h = h.keys("<Tab>");
        let r = h.app.reading.as_ref().expect("open");
        if matches!(&r.focus, Some(crate::layout::doc::Target::Explore(p, 0)) if p.len() == 1 && r.explorer(p).is_some_and(|e| e.params.iter().any(|q| matches!(q, crate::explore::Param::Point(_)))))
        {
            break;
        }
    }
    let r = h.app.reading.as_ref().expect("open");
    let selected = r
        .doc
        .charts
        .iter()
        .flat_map(|c| &c.series)
        .find(|s| {
            s.label
                .as_deref()
                .is_some_and(|l| l.ends_with(crate::explore::SELECTED))
        })
        .expect("a selected point");
    assert_eq!(selected.kind, SeriesKind::Points { hollow: true });
    // In colour it stays a filled mark in its own colour.
    let mut h = h;
    h.app.theme = Theme::default();
    h.app.relayout();
    let r = h.app.reading.as_ref().expect("open");
    let selected = r
        .doc
        .charts
        .iter()
        .flat_map(|c| &c.series)
        .find(|s| {
            s.label
                .as_deref()
                .is_some_and(|l| l.ends_with(crate::explore::SELECTED))
        })
        .expect("a selected point");
    assert_eq!(selected.kind, SeriesKind::Points { hollow: false });
}
