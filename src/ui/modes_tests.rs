//! Every section of the built-in lesson in `--ascii` and no-colour modes:
//! in ASCII mode nothing outside ASCII reaches the screen; snapshots of
//! each section (all explanations open) in both modes.

use crate::app::fixture;
use crate::app::harness::Harness;
use crate::theme::Theme;

/// The built-in lesson at `w` x `h` in `theme`, at section `i`, with every
/// explanation open.
fn section(theme: Theme, i: usize, w: u16, h: u16) -> Harness {
    let mut harness = Harness::lesson(fixture::derivatives());
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

fn sections() -> usize {
    fixture::derivatives().sections.len()
}

#[test]
fn ascii_mode_puts_nothing_but_ascii_on_screen() {
    let theme = Theme {
        ascii: true,
        monochrome: false,
        ..Theme::default()
    };
    for i in 0..sections() {
        let h = section(theme, i, 80, 400);
        // Drawn without the last resort that turns anything left into `?`:
        // the layout itself must spell everything in ASCII.
        let area = ratatui::layout::Rect::new(0, 0, 80, 400);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        let _ = super::draw_all(&h.app, area, &mut buf);
        let s = super::buffer_text(&buf);
        let bad: Vec<&str> = s.lines().filter(|l| !l.is_ascii()).collect();
        assert!(bad.is_empty(), "section {}:\n{}", i + 1, bad.join("\n"));
    }
}

/// The whole of section `i` (every explanation open), as text.
fn whole_section(theme: Theme, i: usize) -> String {
    let h = section(theme, i, 80, 24);
    let rows = h.app.reading.as_ref().map_or(0, |r| r.doc.rows.len());
    let mut h = h;
    h.render(80, u16::try_from(rows + 2).unwrap_or(u16::MAX))
}

#[test]
fn every_section_in_ascii_mode() {
    let theme = Theme {
        ascii: true,
        monochrome: false,
        ..Theme::default()
    };
    for i in 0..sections() {
        let s = whole_section(theme, i);
        assert!(s.is_ascii(), "section {}", i + 1);
        insta::assert_snapshot!(format!("ascii_section_{:02}", i + 1), s);
    }
}

#[test]
fn every_section_without_colour() {
    let theme = Theme {
        ascii: false,
        monochrome: true,
        ..Theme::default()
    };
    for i in 0..sections() {
        insta::assert_snapshot!(
            format!("no_colour_section_{:02}", i + 1),
            whole_section(theme, i)
        );
    }
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
