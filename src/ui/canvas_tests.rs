//! The explorer draws of issue #21 on screen: a contour map with a point,
//! its gradient arrow and a text label, and a computation graph, each at
//! 80x24 in colour, without colour and in `--ascii`; and the drawing
//! helpers they use (arrowheads, text clipping, shade densities).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::chart::{HEIGHT_RAMP, barbs, clip_text, head_glyph, shade_glyph};
use crate::app::fixture;
use crate::app::harness::Harness;
use crate::theme::Theme;

/// The canvas lesson at section `section` with the explorer focused, in
/// `theme`, drawn at 80x24.
fn screen(theme: Theme, section: usize) -> Buffer {
    let mut h = Harness::lesson(fixture::canvas());
    h.app.theme = theme;
    let n = "n".repeat(section);
    let mut h = h.keys(&format!("{n}<Tab>"));
    h.app.update(crate::app::Msg::Resize(80, 24));
    let backend = TestBackend::new(80, 24);
    let Ok(mut term) = Terminal::new(backend);
    let _ = term.draw(|f| super::render(&h.app, f));
    term.backend().buffer().clone()
}

/// Each cell's foreground as a letter, so a snapshot shows the colours:
/// `.` the default, `d` dark grey (the shade), `c` cyan, `r` red, `y`
/// yellow, `g` green, `?` any other.
fn colours(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            let c = buf.cell((x, y)).map_or(Color::Reset, |c| c.fg);
            line.push(match c {
                Color::Reset => '.',
                Color::DarkGray => 'd',
                Color::Cyan => 'c',
                Color::Red => 'r',
                Color::Yellow => 'y',
                Color::Green => 'g',
                _ => '?',
            });
        }
        out.push_str(line.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

fn colour() -> Theme {
    Theme::default()
}

fn no_colour() -> Theme {
    Theme {
        monochrome: true,
        ..Theme::default()
    }
}

fn ascii() -> Theme {
    Theme {
        ascii: true,
        monochrome: true,
        ..Theme::default()
    }
}

#[test]
fn the_contour_map_with_its_point_arrow_and_label() {
    let buf = screen(colour(), 0);
    let text = super::buffer_text(&buf);
    assert!(text.contains("f = 2"), "{text}");
    insta::assert_snapshot!(
        "canvas_contour_colour",
        format!("{text}\n{}", colours(&buf))
    );
    insta::assert_snapshot!(
        "canvas_contour_no_colour",
        super::buffer_text(&screen(no_colour(), 0))
    );
    let ascii = super::buffer_text(&screen(ascii(), 0));
    assert!(ascii.is_ascii(), "{ascii}");
    insta::assert_snapshot!("canvas_contour_ascii", ascii);
}

#[test]
fn the_computation_graph() {
    let buf = screen(colour(), 1);
    let text = super::buffer_text(&buf);
    assert!(text.contains("│ h = 1.50 │"), "{text}");
    // `axes = false`: a graph's coordinates mean nothing to the reader,
    // so no tick is drawn on either axis (the boxes' own corners are
    // `┌┐└┘`; only axes have `┤` and `┬`).
    assert!(!text.contains('┤') && !text.contains('┬'), "{text}");
    insta::assert_snapshot!("canvas_graph_colour", format!("{text}\n{}", colours(&buf)));
    insta::assert_snapshot!(
        "canvas_graph_no_colour",
        super::buffer_text(&screen(no_colour(), 1))
    );
    let ascii = super::buffer_text(&screen(ascii(), 1));
    assert!(ascii.is_ascii(), "{ascii}");
    assert!(ascii.contains(">| h = 1.50 |"), "{ascii}");
    insta::assert_snapshot!("canvas_graph_ascii", ascii);
}

#[test]
fn an_arrowhead_points_the_way_the_arrow_goes() {
    assert_eq!(head_glyph((1.0, 0.0)), '>');
    assert_eq!(head_glyph((-1.0, 0.1)), '<');
    assert_eq!(head_glyph((0.0, 2.0)), '^');
    assert_eq!(head_glyph((0.1, -2.0)), 'v');
    assert_eq!(head_glyph((1.0, 1.0)), '/');
    assert_eq!(head_glyph((-1.0, -1.0)), '/');
    assert_eq!(head_glyph((-1.0, 1.0)), '\\');
    assert_eq!(head_glyph((1.0, -1.0)), '\\');
    // Braille barbs trail behind the tip, one either side of the shaft
    // (grid y grows downwards).
    let [a, b] = barbs((10.0, 10.0), (1.0, 0.0));
    assert!(a.0 < 10.0 && b.0 < 10.0, "{a:?} {b:?}");
    assert!((a.1 - 10.0) * (b.1 - 10.0) < 0.0, "{a:?} {b:?}");
    let [a, b] = barbs((10.0, 10.0), (0.0, -1.0));
    assert!(
        a.1 > 10.0 && b.1 > 10.0,
        "pointing up, barbs below: {a:?} {b:?}"
    );
    assert!((a.0 - 10.0) * (b.0 - 10.0) < 0.0, "{a:?} {b:?}");
    // No direction, no head.
    assert_eq!(barbs((3.0, 4.0), (0.0, 0.0)), [(3.0, 4.0); 2]);
}

#[test]
fn text_is_cut_at_the_canvas_edges() {
    assert_eq!(clip_text(2, "abc", 10), Some((2, "abc".into())));
    assert_eq!(clip_text(8, "abcd", 10), Some((8, "ab".into())));
    assert_eq!(clip_text(-2, "abcd", 10), Some((0, "cd".into())));
    assert_eq!(clip_text(-5, "abcd", 10), None);
    assert_eq!(clip_text(10, "abcd", 10), None);
    // A wide character that would straddle the edge is left out whole.
    assert_eq!(clip_text(8, "a漢", 10), Some((8, "a".into())));
}

#[test]
fn a_higher_shade_is_denser() {
    let dots = |c: Option<char>| c.map_or(0, |c| (c as u32 - 0x2800).count_ones());
    let mut last = 0;
    for k in 0..8 {
        let h = (f64::from(k) + 0.5) / 8.0;
        let n = dots(shade_glyph(h, false));
        assert!(n >= last, "level {k}: {n} dots after {last}");
        last = n;
        let c = shade_glyph(h, true).unwrap_or(' ');
        assert_eq!(c, HEIGHT_RAMP[k as usize]);
    }
    assert_eq!(last, 4);
    assert_eq!(shade_glyph(0.0, false), None);
    assert_eq!(shade_glyph(f64::NAN, true), None);
}

/// Texts and boxes far wider than the canvas, or anchored at its corners,
/// are cut, never drawn outside it, and never panic.
#[test]
fn huge_and_edge_texts_stay_inside_the_canvas() {
    use crate::chart::{Align, CanvasText, Frame};
    let mut p = crate::chart::frame(
        Frame {
            title: None,
            x_bounds: (0.0, 1.0),
            y_bounds: (0.0, 1.0),
            x_label: None,
            y_label: None,
            equal_aspect: false,
            axes: true,
        },
        Vec::new(),
        40,
        12,
    );
    let huge = "w".repeat(70_000);
    for (at, framed) in [((0.5, 0.5), true), ((0.0, 1.0), true), ((1.0, 0.0), false)] {
        for align in [Align::Left, Align::Center, Align::Right] {
            p.texts.push(CanvasText {
                at,
                text: huge.clone(),
                align,
                framed,
                color: None,
            });
        }
    }
    let area = ratatui::layout::Rect::new(0, 0, 40, 12);
    let mut buf = Buffer::empty(area);
    super::chart::render(&p, area, &mut buf, super::chart::ChartOptions::default());
    let text = super::buffer_text(&buf);
    assert!(text.contains("wwww"), "{text}");
    let layout = crate::chart::layout(&p, 40, 12, crate::chart::BRAILLE_DOTS).expect("room");
    // Nothing left of the canvas (the y axis and its labels stay).
    for line in text.lines() {
        let left: String = line.chars().take(usize::from(layout.canvas.x)).collect();
        assert!(!left.contains('w'), "{text}");
    }
}

/// In `--ascii` a node's text may fold wider ("∇" is "nabla"): the edge is
/// routed to the box as drawn, so its head still touches the frame.
#[test]
fn an_edge_meets_a_box_its_ascii_text_made_wider() {
    let lesson = crate::lesson::load::must_load(
        r#"format = 1
id = "fold"
title = "Fold"

[[section]]
id = "s"
title = "S"

  [[section.block]]
  kind = "explore"
  x = [0, 10]
  y = [0, 4]

    [[section.block.slider]]
    name = "k"
    min = 0
    max = 2
    start = 1

    [[section.block.draw]]
    node = [2, 2]
    name = "a"
    text = "∇ = {{k}}"

    [[section.block.draw]]
    node = [8, 2]
    name = "b"
    text = "b"

    [[section.block.draw]]
    edge = ["b", "a"]
"#,
        "fold.toml",
    );
    let mut h = Harness::lesson(lesson);
    h.app.theme = ascii();
    h.app.relayout();
    let s = h.render(80, 24);
    assert!(s.contains("| nabla = 1 |<**"), "{s}");
    assert!(s.contains("| b |"), "{s}");
}

/// Every size from tiny to wide, in every mode, with the point moved to
/// the canvas's corners: drawing never panics and the section stays
/// on screen.
#[test]
fn canvas_draws_at_any_size_and_position() {
    for theme in [colour(), no_colour(), ascii()] {
        for section in 0..2 {
            let mut h = Harness::lesson(fixture::canvas());
            h.app.theme = theme;
            let n = "n".repeat(section);
            let mut h = h.keys(&format!("{n}<Tab>"));
            for (w, ht) in [(12, 5), (20, 8), (40, 12), (61, 17), (80, 24), (200, 60)] {
                let s = h.render(w, ht);
                assert!(!s.trim().is_empty(), "{w}x{ht}");
            }
            // Far into each corner (the point is clamped to its area).
            for keys in ["<Up>", "<Left>", "<Down>", "<Right>"] {
                h = h.keys(&keys.repeat(20));
                let s = h.render(80, 24);
                assert!(s.contains("Canvas draws"), "{s}");
            }
        }
    }
}
