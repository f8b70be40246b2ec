//! Raw channel bytes to app messages.
//!
//! An SSH client sends what the learner's terminal produced: keys as bytes and
//! escape sequences, mouse reports, bracketed pastes. `terminput` parses one
//! event from a byte buffer (it is crossterm's own parser, made public); this
//! module feeds it incrementally, keeps partial sequences across packets, and
//! bounds what it holds so a client cannot grow memory.

use crossterm::event::Event as CtEvent;
use terminput::Event;

use crate::app::Msg;

/// Start of a bracketed paste.
const PASTE_START: &[u8] = b"\x1b[200~";
/// End of a bracketed paste.
const PASTE_END: &[u8] = b"\x1b[201~";
/// Longest escape sequence kept while waiting for its end. Real ones are
/// under 32 bytes; anything longer is garbage and is dropped.
const MAX_SEQUENCE: usize = 64;

/// Turns raw input bytes into [`Msg`]s, keeping incomplete sequences.
#[derive(Debug)]
pub struct InputParser {
    pending: Vec<u8>,
    max_paste: usize,
    skipping_paste: bool,
}

impl InputParser {
    /// A parser that accepts bracketed pastes up to `max_paste` bytes;
    /// longer pastes are dropped whole.
    pub fn new(max_paste: usize) -> Self {
        Self {
            pending: Vec::new(),
            max_paste,
            skipping_paste: false,
        }
    }

    /// Parse one packet of input, appending the messages it completes.
    ///
    /// A lone ESC is the Esc key only when it is the last byte of a packet:
    /// inside a packet it starts a sequence (terminals send a whole sequence
    /// in one write, and SSH keeps writes together).
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Msg>) {
        for (i, &byte) in bytes.iter().enumerate() {
            self.pending.push(byte);
            if self.skipping_paste {
                self.skip_paste();
            } else if self.pending.starts_with(PASTE_START) {
                // Checked here, not by the parser, so a long paste costs one
                // pass instead of a re-parse per byte.
                self.feed_paste(out);
            } else if self.pending == [0x1b] && i + 1 < bytes.len() {
                // ESC with more bytes behind it starts a sequence.
            } else {
                self.parse_pending(out);
            }
        }
    }

    fn feed_paste(&mut self, out: &mut Vec<Msg>) {
        let markers = PASTE_START.len() + PASTE_END.len();
        if self.pending.len() >= markers && self.pending.ends_with(PASTE_END) {
            let body = &self.pending[PASTE_START.len()..self.pending.len() - PASTE_END.len()];
            out.push(Msg::Paste(String::from_utf8_lossy(body).into_owned()));
            self.pending.clear();
        } else if self.pending.len() > self.max_paste + markers {
            // Too long to be an answer: drop all of it, up to its end marker,
            // rather than replaying the tail as keystrokes.
            self.skipping_paste = true;
            self.skip_paste();
        }
    }

    fn skip_paste(&mut self) {
        if self.pending.ends_with(PASTE_END) {
            self.skipping_paste = false;
            self.pending.clear();
        } else if self.pending.len() > PASTE_END.len() {
            let keep = self.pending.len() - PASTE_END.len();
            self.pending.drain(..keep);
        }
    }

    fn parse_pending(&mut self, out: &mut Vec<Msg>) {
        match Event::parse_from(&self.pending) {
            Ok(Some(event)) => {
                if let Some(msg) = to_msg(event) {
                    out.push(msg);
                }
                self.pending.clear();
            }
            // Incomplete: keep it, unless it has grown past any real sequence.
            Ok(None) => {
                if self.pending.len() > MAX_SEQUENCE {
                    self.pending.clear();
                }
            }
            // Not a sequence we know: drop it rather than misread it.
            Err(_) => self.pending.clear(),
        }
    }
}

/// A terminput event as the app's message, if the app has a use for it.
fn to_msg(event: Event) -> Option<Msg> {
    match terminput_crossterm::to_crossterm(event).ok()? {
        CtEvent::Key(key) => Some(Msg::Key(key)),
        CtEvent::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        CtEvent::Paste(text) => Some(Msg::Paste(text)),
        // Sizes come from the SSH window-change request, not from input.
        CtEvent::Resize(..) | CtEvent::FocusGained | CtEvent::FocusLost => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};
    use proptest::prelude::*;
    use rstest::rstest;

    fn parse_packets(packets: &[&[u8]]) -> Vec<Msg> {
        let mut parser = InputParser::new(1024);
        let mut out = Vec::new();
        for packet in packets {
            parser.feed(packet, &mut out);
        }
        out
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
        Msg::Key(KeyEvent::new(code, modifiers))
    }

    #[rstest]
    #[case::letter(b"q", vec![key(KeyCode::Char('q'), KeyModifiers::NONE)])]
    #[case::upper(b"Q", vec![key(KeyCode::Char('Q'), KeyModifiers::SHIFT)])]
    #[case::enter(b"\r", vec![key(KeyCode::Enter, KeyModifiers::NONE)])]
    #[case::ctrl_c(b"\x03", vec![key(KeyCode::Char('c'), KeyModifiers::CONTROL)])]
    #[case::ctrl_z(b"\x1a", vec![key(KeyCode::Char('z'), KeyModifiers::CONTROL)])]
    #[case::backspace(b"\x7f", vec![key(KeyCode::Backspace, KeyModifiers::NONE)])]
    #[case::up(b"\x1b[A", vec![key(KeyCode::Up, KeyModifiers::NONE)])]
    #[case::page_down(b"\x1b[6~", vec![key(KeyCode::PageDown, KeyModifiers::NONE)])]
    #[case::lone_esc(b"\x1b", vec![key(KeyCode::Esc, KeyModifiers::NONE)])]
    #[case::alt_j(b"\x1bj", vec![key(KeyCode::Char('j'), KeyModifiers::ALT)])]
    #[case::utf8(
        "é".as_bytes(),
        vec![key(KeyCode::Char('é'), KeyModifiers::NONE)]
    )]
    #[case::several(
        b"ab\x1b[B",
        vec![
            key(KeyCode::Char('a'), KeyModifiers::NONE),
            key(KeyCode::Char('b'), KeyModifiers::NONE),
            key(KeyCode::Down, KeyModifiers::NONE),
        ]
    )]
    fn one_packet(#[case] bytes: &[u8], #[case] expected: Vec<Msg>) {
        assert_eq!(parse_packets(&[bytes]), expected);
    }

    #[test]
    fn sequence_split_across_packets_is_joined() {
        assert_eq!(
            parse_packets(&[b"\x1b[", b"A"]),
            vec![key(KeyCode::Up, KeyModifiers::NONE)]
        );
    }

    #[test]
    fn utf8_split_across_packets_is_joined() {
        let bytes = "ü".as_bytes();
        assert_eq!(
            parse_packets(&[&bytes[..1], &bytes[1..]]),
            vec![key(KeyCode::Char('ü'), KeyModifiers::NONE)]
        );
    }

    #[test]
    fn esc_in_its_own_packet_then_letter_is_two_keys() {
        assert_eq!(
            parse_packets(&[b"\x1b", b"j"]),
            vec![
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn bracketed_paste_is_one_message() {
        assert_eq!(
            parse_packets(&[b"\x1b[200~2x+", b"1\x1b[201~"]),
            vec![Msg::Paste("2x+1".into())]
        );
    }

    #[test]
    fn overlong_paste_is_dropped_whole_and_memory_stays_bounded() {
        let mut parser = InputParser::new(16);
        let mut out = Vec::new();
        parser.feed(b"\x1b[200~", &mut out);
        parser.feed(&[b'x'; 100], &mut out);
        assert!(parser.pending.len() <= 16 + PASTE_START.len() + PASTE_END.len() + 1);
        parser.feed(b"yy\x1b[201~q", &mut out);
        assert_eq!(out, vec![key(KeyCode::Char('q'), KeyModifiers::NONE)]);
    }

    #[test]
    fn sgr_mouse_click_is_a_mouse_message() {
        let out = parse_packets(&[b"\x1b[<0;10;5M"]);
        match out.as_slice() {
            [Msg::Mouse(m)] => {
                assert!(matches!(m.kind, MouseEventKind::Down(_)));
                assert_eq!((m.column, m.row), (9, 4));
            }
            other => panic!("expected one mouse message, got {other:?}"),
        }
    }

    #[test]
    fn garbage_sequence_is_dropped_and_parsing_recovers() {
        assert_eq!(
            parse_packets(&[b"\x1bO\x01", b"q"]),
            vec![key(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic_and_stay_bounded(
            packets in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..16)
        ) {
            let mut parser = InputParser::new(256);
            let mut out = Vec::new();
            for p in &packets {
                parser.feed(p, &mut out);
                prop_assert!(parser.pending.len() <= 256 + 16 + MAX_SEQUENCE);
            }
        }
    }
}
