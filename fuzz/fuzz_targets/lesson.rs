//! Fuzz the lesson loader with any text: it must load or report problems
//! with positions inside the text, never panic or hang. The parse stage's
//! own scan of a broken file (which bracket or string was left open) runs
//! on every input that is not TOML.

#![no_main]

use chalkdust::lesson::load::load_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = load_str(src, "fuzz.toml") {
        let lines = src.lines().count() + 1;
        for d in &e.diagnostics {
            assert!(d.pos.line >= 1 && d.pos.line <= lines, "{d}");
            assert!(d.pos.col >= 1, "{d}");
            assert!(!d.message.is_empty());
        }
    }
});
