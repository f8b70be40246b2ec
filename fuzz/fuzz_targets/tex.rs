//! Fuzz the TeX parser and layout: any text must lay out, in display and
//! inline form, Unicode and ASCII, at any width, without panicking; every
//! warning must point inside the input.

#![no_main]

use chalkdust::math::{self, MathOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&width, rest)) = data.split_first() else {
        return;
    };
    let Ok(tex) = std::str::from_utf8(rest) else {
        return;
    };
    for ascii in [false, true] {
        let opts = MathOptions { ascii };
        let _ = math::display(tex, opts);
        let _ = math::inline(tex, opts);
        let _ = math::display_fit(tex, opts, usize::from(width));
    }
    let chars = tex.chars().count();
    for w in math::lint(tex) {
        assert!(w.offset <= chars, "warning at {} past the end", w.offset);
    }
});
