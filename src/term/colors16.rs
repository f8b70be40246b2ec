//! Colours for terminals that know only the 16 basic ones (the Linux
//! console, old VTs). crossterm writes every colour, the named ones too, as
//! a 256-colour code (`ESC[38;5;12m`); such a terminal may show those wrong
//! or not at all. This writer rewrites them on the way out: indexed colours
//! 0 to 15 become the classic codes (`ESC[94m`), the rest the nearest basic
//! colour. Everything else passes through unchanged.

use std::io::{self, Write};

/// The longest escape sequence held back while waiting for its end; a
/// longer one (not a colour) is written as it is.
const MAX_PENDING: usize = 64;

/// A writer that rewrites 256-colour codes into the 16 basic ones when
/// `enabled`, and passes everything through otherwise.
pub struct Colors16<W: Write> {
    inner: W,
    enabled: bool,
    /// An escape sequence begun in one write and not yet ended.
    pending: Vec<u8>,
}

impl<W: Write> Colors16<W> {
    pub fn new(inner: W, enabled: bool) -> Colors16<W> {
        Colors16 {
            inner,
            enabled,
            pending: Vec::new(),
        }
    }
}

/// Whether a terminal named `term` knows only the 16 basic colours.
pub fn basic_only(term: Option<&str>) -> bool {
    matches!(
        term.unwrap_or(""),
        "linux" | "vt100" | "vt102" | "vt220" | "ansi" | "cons25"
    )
}

/// The basic colour (0 to 15) nearest to 256-colour index `n`.
fn nearest_basic(n: u16) -> u16 {
    match n {
        0..=15 => n,
        16..=231 => {
            let c = n - 16;
            let (r, g, b) = (c / 36, c / 6 % 6, c % 6);
            let bit = |v: u16| u16::from(v >= 2);
            let base = bit(r) | bit(g) << 1 | bit(b) << 2;
            // Bright when some channel is near full.
            if r.max(g).max(b) >= 4 && base != 0 {
                base + 8
            } else {
                base
            }
        }
        232..=243 => 8,
        _ => 7,
    }
}

/// The parameters of one SGR sequence (between `ESC[` and `m`), with the
/// 256-colour codes replaced.
fn rewrite_sgr(params: &str) -> String {
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        if (p == "38" || p == "48")
            && parts.get(i + 1) == Some(&"5")
            && let Some(n) = parts.get(i + 2).and_then(|n| n.parse::<u16>().ok())
        {
            let basic = nearest_basic(n);
            let code = match (p == "38", basic < 8) {
                (true, true) => 30 + basic,
                (true, false) => 90 + basic - 8,
                (false, true) => 40 + basic,
                (false, false) => 100 + basic - 8,
            };
            out.push(code.to_string());
            i += 3;
        } else {
            out.push(p.to_string());
            i += 1;
        }
    }
    out.join(";")
}

impl<W: Write> Write for Colors16<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.enabled {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + self.pending.len());
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
                // A CSI sequence: parameters, then a final byte 0x40..=0x7e.
                let end = bytes[i + 2..]
                    .iter()
                    .position(|b| (0x40..=0x7e).contains(b))
                    .map(|p| i + 2 + p);
                match end {
                    Some(end) => {
                        let params = &bytes[i + 2..end];
                        if bytes[end] == b'm'
                            && let Ok(text) = std::str::from_utf8(params)
                        {
                            out.extend_from_slice(b"\x1b[");
                            out.extend_from_slice(rewrite_sgr(text).as_bytes());
                            out.push(b'm');
                        } else {
                            out.extend_from_slice(&bytes[i..=end]);
                        }
                        i = end + 1;
                    }
                    None if bytes.len() - i <= MAX_PENDING => {
                        self.pending = bytes[i..].to_vec();
                        break;
                    }
                    None => {
                        out.extend_from_slice(&bytes[i..]);
                        break;
                    }
                }
            } else if bytes[i] == 0x1b && i + 1 == bytes.len() {
                // A lone ESC at the end: its sequence comes in the next write.
                self.pending = vec![0x1b];
                break;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.inner.write_all(&rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(enabled: bool, writes: &[&[u8]]) -> Vec<u8> {
        let mut w = Colors16::new(Vec::new(), enabled);
        for chunk in writes {
            w.write_all(chunk).expect("a Vec takes everything");
        }
        w.flush().expect("flushes");
        w.inner
    }

    #[test]
    fn indexed_colours_become_basic_codes() {
        let out = through(
            true,
            &[b"a\x1b[38;5;12;48;5;0mb\x1b[38;5;208;1mc\x1b[39;49m"],
        );
        assert_eq!(out, b"a\x1b[94;40mb\x1b[93;1mc\x1b[39;49m".to_vec());
    }

    #[test]
    fn a_sequence_split_between_writes_is_still_rewritten() {
        let out = through(true, &[b"x\x1b", b"[38;5", b";9my", b"\x1b[2J"]);
        assert_eq!(out, b"x\x1b[91my\x1b[2J".to_vec());
    }

    #[test]
    fn off_it_changes_nothing() {
        let raw: &[u8] = b"\x1b[38;5;12mA\xe2\x94\x80";
        assert_eq!(through(false, &[raw]), raw.to_vec());
        assert_eq!(
            through(true, &[b"\xe2\x94\x80 ok"]),
            b"\xe2\x94\x80 ok".to_vec()
        );
    }

    #[test]
    fn only_plain_terminals_are_basic() {
        assert!(basic_only(Some("linux")));
        assert!(!basic_only(Some("xterm-256color")));
        assert!(!basic_only(None));
    }
}
