//! Fuzz the expression parser: any bytes, read as text, must parse or fail
//! with an error inside the input, never panic, hang or overflow the stack;
//! whatever parses must evaluate (with and without an error estimate, to
//! the same value), print, and read back as the same tree; what reads as
//! an answer reads the same as a chart formula.

#![no_main]

use chalkdust::expr;
use libfuzzer_sys::fuzz_target;

const VARS: [&str; 4] = ["x", "y", "n", "p1.x"];

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match expr::parse(input, &VARS) {
        Ok(e) => {
            let at = [0.5, -2.0, 3.0, 1e-3];
            let v = e.eval(&at);
            // The error-tracking evaluation gives the same value.
            let (w, err) = e.eval_with_error(&at);
            assert!(
                v.to_bits() == w.to_bits() || (v.is_nan() && w.is_nan()),
                "{v} {w}"
            );
            assert!(err >= 0.0 || err.is_nan());
            let printed = e.pretty();
            let again = expr::parse(&printed, &VARS);
            assert_eq!(again.as_ref(), Ok(&e), "printed as {printed:?}");
        }
        Err(err) => {
            assert!(err.column >= 1 && err.column <= input.chars().count() + 1);
            assert!(!err.message.is_empty());
        }
    }
    let _ = expr::parse_constant(input);
    // Answers read a subset of what charts read.
    if let Ok(a) = expr::parse_answer(input, &VARS) {
        assert_eq!(expr::parse(input, &VARS).as_ref(), Ok(&a));
    }
});
