//! The expression language (STUB: replaced by the expr work).
//!
//! Interface contract used by the rest of the crate:
//! - `parse(input, vars)` resolves variable names against `vars` (index order);
//! - `Expr::eval(values)` takes one value per entry of `vars`, returns NaN
//!   where the expression is undefined;
//! - `Expr::pretty()` prints it back as readable math ("10·x").

use std::fmt;

/// A parsed expression. Variables are stored as indices into the `vars`
/// slice given to [`parse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    src: String,
}

/// Why an input could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based column, in characters, of the problem.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse `input`, with `vars` the variable names it may use.
pub fn parse(input: &str, vars: &[&str]) -> Result<Expr, ParseError> {
    let _ = vars;
    Ok(Expr {
        src: input.to_string(),
    })
}

impl Expr {
    /// Evaluate with one value per variable (in the order given to `parse`).
    pub fn eval(&self, values: &[f64]) -> f64 {
        let _ = values;
        f64::NAN
    }

    /// Readable math, as shown in "read as: ...".
    pub fn pretty(&self) -> String {
        self.src.clone()
    }
}
