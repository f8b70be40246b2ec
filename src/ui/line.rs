//! Writing a styled line into a buffer, as ratatui's `Buffer::set_line`
//! does, without splitting plain ASCII into graphemes.
//!
//! Why by hand: `set_line` runs every span through Unicode grapheme
//! segmentation and a width lookup per grapheme. For a served class that
//! was the largest single item of a session's drawing (6.6% of a server's
//! CPU in a profile, issue 20), and nearly every row of a lesson is plain
//! ASCII, where each byte is one grapheme one cell wide. Spans with
//! anything else (or control characters) go through `set_stringn` as
//! before; a property test holds the two to the same cells.

use ratatui::buffer::Buffer;
use ratatui::text::Line;

/// [`Buffer::set_line`]: `line` at (`x`, `y`), at most `max_width` cells
/// and never past the buffer's right edge. Returns where it stopped.
pub fn set_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) -> (u16, u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let after = if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            // One cell a byte, up to the room left and the buffer's edge.
            let room = buf.area.right().saturating_sub(x).min(remaining);
            let n = u16::try_from(text.len()).unwrap_or(u16::MAX).min(room);
            for (i, ch) in text.bytes().take(usize::from(n)).enumerate() {
                let at = x + u16::try_from(i).unwrap_or(u16::MAX);
                buf[(at, y)].set_char(char::from(ch)).set_style(style);
            }
            x + n
        } else {
            buf.set_stringn(x, y, text, usize::from(remaining), style).0
        };
        remaining = remaining.saturating_sub(after.saturating_sub(x));
        x = after;
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::{Line, Span};

    use super::*;

    /// Span texts: plain ASCII mostly, with wide, combining, control and
    /// emoji characters mixed in.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                8 => "[ -~]{0,12}",
                1 => Just("漢字".to_string()),
                1 => Just("e\u{301}".to_string()),
                1 => Just("\t\n\x1b".to_string()),
                1 => Just("👍🏽 α".to_string()),
            ],
            0..4,
        )
        .prop_map(|parts| parts.concat())
    }

    fn style() -> impl Strategy<Value = Style> {
        prop_oneof![
            Just(Style::new()),
            Just(Style::new().fg(Color::Red)),
            Just(Style::new().add_modifier(Modifier::BOLD)),
        ]
    }

    proptest! {
        #[test]
        fn the_cells_are_those_ratatui_writes(
            spans in prop::collection::vec((text(), style()), 0..5),
            line_style in style(),
            x in 0u16..30,
            max_width in 0u16..40,
        ) {
            let line = Line::from(
                spans
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, s))
                    .collect::<Vec<_>>(),
            )
            .style(line_style);
            let area = Rect::new(0, 0, 24, 2);
            let (mut ours, mut theirs) = (Buffer::empty(area), Buffer::empty(area));
            let x = x.min(area.right() - 1);
            let end = set_line(&mut ours, x, 1, &line, max_width);
            let want = theirs.set_line(x, 1, &line, max_width);
            prop_assert_eq!(end, want);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn ascii_past_the_edge_is_cut_there() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        let end = set_line(&mut buf, 2, 0, &Line::from("abcdef"), 10);
        assert_eq!(end, (5, 0));
        assert_eq!(buf, Buffer::with_lines(["  abc"]));
    }
}
