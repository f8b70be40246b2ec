//! Fuzz the lesson loader with mutations of a real lesson: the input
//! bytes say where to cut the seed lesson and what to splice in, so most
//! inputs are nearly valid lessons, which reach the validator's every
//! check (not only the TOML parser, as random text mostly does).

#![no_main]

use chalkdust::lesson::load::load_str;
use libfuzzer_sys::fuzz_target;

const SEED: &str = include_str!("../../tests/lessons/valid/every-block.toml");

fuzz_target!(|data: &[u8]| {
    // Two bytes of position, one of length, then the text to splice in.
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let (a, b, len) = (head[0], head[1], head[2]);
    let Ok(insert) = std::str::from_utf8(rest) else {
        return;
    };
    let chars: Vec<char> = SEED.chars().collect();
    let at = (usize::from(a) << 8 | usize::from(b)) % (chars.len() + 1);
    let end = (at + usize::from(len % 16)).min(chars.len());
    let mut src: String = chars[..at].iter().collect();
    src.push_str(insert);
    src.extend(&chars[end..]);
    if let Err(e) = load_str(&src, "mutated.toml") {
        let lines = src.lines().count() + 1;
        for d in &e.diagnostics {
            assert!(d.pos.line >= 1 && d.pos.line <= lines, "{d}");
            assert!(d.pos.col >= 1, "{d}");
        }
    }
});
