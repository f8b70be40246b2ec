//! Fuzz the expression parser: any bytes, read as text, must parse or fail
//! with an error inside the input, never panic, hang or overflow the stack;
//! whatever parses must evaluate, print, and read back as the same tree.

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
            let _ = e.eval(&[0.5, -2.0, 3.0, 1e-3]);
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
});
