//! Turning characters into tokens, resolving names against the known
//! variables, functions and constants as it goes (so `xy` becomes two
//! variable tokens and `sinx` a function and a variable).

use super::{Const, Func, ParseError};

/// What kind of input is being read: which functions it may use, and the
/// wording of name errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Charts and explorers: every function.
    Expression,
    /// A learner's (or author's) expression answer: no chart-only ones.
    Answer,
    /// A number answer.
    Constant,
}

impl Context {
    fn allows(self, f: Func) -> bool {
        self == Context::Expression || !f.chart_only()
    }
}

/// A bracket kind; a closing bracket must match its opening one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bracket {
    Round,
    Square,
}

impl Bracket {
    pub(crate) fn open(self) -> char {
        match self {
            Bracket::Round => '(',
            Bracket::Square => '[',
        }
    }
    pub(crate) fn close(self) -> char {
        match self {
            Bracket::Round => ')',
            Bracket::Square => ']',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    Var(usize),
    Const(Const),
    Func(Func),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Open(Bracket),
    Close(Bracket),
    Bar,
    /// `,`, between the two values of `min` and `max`.
    Comma,
    /// A run of superscript characters: its value, and whether it had `⁻`.
    Sup {
        value: f64,
        negative: bool,
    },
    /// `√`
    Root,
}

/// A token and the characters it came from (`start..end`, 0-based).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Every name of every function. Names are matched longest first, so
/// `arcsin` is not `arc·sin` and `log10` is not `log 10`.
const FUNCS: [(&str, Func); 32] = [
    ("sin", Func::Sin),
    ("cos", Func::Cos),
    ("tan", Func::Tan),
    ("sec", Func::Sec),
    ("csc", Func::Csc),
    ("cosec", Func::Csc),
    ("cot", Func::Cot),
    ("arcsin", Func::Asin),
    ("asin", Func::Asin),
    ("arccos", Func::Acos),
    ("acos", Func::Acos),
    ("arctan", Func::Atan),
    ("atan", Func::Atan),
    ("sinh", Func::Sinh),
    ("cosh", Func::Cosh),
    ("tanh", Func::Tanh),
    ("exp", Func::Exp),
    ("ln", Func::Ln),
    ("log", Func::Ln),
    ("log10", Func::Log10),
    ("log_10", Func::Log10),
    ("log2", Func::Log2),
    ("log_2", Func::Log2),
    ("sqrt", Func::Sqrt),
    ("abs", Func::Abs),
    ("floor", Func::Floor),
    ("ceil", Func::Ceil),
    ("round", Func::Round),
    ("sign", Func::Sign),
    ("sgn", Func::Sign),
    ("min", Func::Min),
    ("max", Func::Max),
];

/// Function names as listed to a learner who typed an unknown one.
pub(crate) const FUNC_LIST: &str = "sin, cos, tan, sec, csc, cot, arcsin, arccos, arctan, \
     sinh, cosh, tanh, exp, ln, log, log10, log2, sqrt, abs";

/// The chart-only functions, listed for authors.
pub(crate) const CHART_FUNC_LIST: &str = "floor, ceil, round, sign, min, max";

fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴' => Some(4),
        '⁵' => Some(5),
        '⁶' => Some(6),
        '⁷' => Some(7),
        '⁸' => Some(8),
        '⁹' => Some(9),
        _ => None,
    }
}

/// Whether `c` may continue a name (`x0`, `p1.x`, `d_x`).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Whether `chars[at..]` starts with `name`, comparing ASCII letters
/// case-insensitively when `fold` is set.
fn starts_with(chars: &[char], at: usize, name: &str, fold: bool) -> bool {
    let mut i = at;
    for n in name.chars() {
        match chars.get(i) {
            Some(&c) if c == n || (fold && c.eq_ignore_ascii_case(&n)) => i += 1,
            _ => return false,
        }
    }
    true
}

pub(crate) fn lex(chars: &[char], vars: &[&str], ctx: Context) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        let simple = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => Some(Tok::Plus),
            '-' | '−' | '–' => Some(Tok::Minus),
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                Some(Tok::Caret)
            }
            '*' | '·' | '×' | '⋅' | '∗' | '•' => Some(Tok::Star),
            '/' | '÷' | '∕' => Some(Tok::Slash),
            '^' => Some(Tok::Caret),
            '(' => Some(Tok::Open(Bracket::Round)),
            '[' => Some(Tok::Open(Bracket::Square)),
            ')' => Some(Tok::Close(Bracket::Round)),
            ']' => Some(Tok::Close(Bracket::Square)),
            '|' => Some(Tok::Bar),
            ',' => Some(Tok::Comma),
            '√' => Some(Tok::Root),
            _ => None,
        };
        if let Some(tok) = simple {
            i += 1;
            out.push(Token { tok, start, end: i });
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let (value, end) = lex_number(chars, i)?;
            out.push(Token {
                tok: Tok::Num(value),
                start,
                end,
            });
            i = end;
            continue;
        }
        if c == '⁻' || c == '⁺' || superscript_digit(c).is_some() {
            let (tok, end) = lex_superscript(chars, i)?;
            out.push(Token { tok, start, end });
            i = end;
            continue;
        }
        if c.is_alphabetic() {
            let (tok, end) = lex_name(chars, i, vars, ctx)?;
            out.push(Token { tok, start, end });
            i = end;
            continue;
        }
        return Err(bad_char(c, i));
    }
    Ok(out)
}

fn bad_char(c: char, i: usize) -> ParseError {
    let col = i + 1;
    let message = match c {
        '=' => "`=` can't be used here: type only the expression, without `y =`".to_string(),
        '!' => "factorials (`!`) are not part of the expression language".to_string(),
        '{' | '}' => format!("`{c}` can't be used here: group with `(` and `)`"),
        '\\' => "`\\` can't be used here: type math as plain text, like sqrt(x)".to_string(),
        _ => format!("`{c}` can't be used in an expression"),
    };
    ParseError::new(col, message)
}

/// A decimal number with an optional exponent (`2.5`, `.5`, `1e-3`). An
/// `e` is an exponent only when digits follow it, so `2e` is 2·e.
fn lex_number(chars: &[char], start: usize) -> Result<(f64, usize), ParseError> {
    let mut i = start;
    let mut seen_point = false;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            i += 1;
        } else if c == '.' && !seen_point {
            seen_point = true;
            i += 1;
        } else if c == '.' {
            return Err(ParseError::new(i + 1, "this number has two decimal points"));
        } else {
            break;
        }
    }
    let mut text: String = chars[start..i].iter().collect();
    if matches!(chars.get(i), Some('e' | 'E')) {
        let sign = match chars.get(i + 1) {
            Some('-' | '−') => Some('-'),
            Some('+') => Some('+'),
            _ => None,
        };
        let digits_at = i + 1 + usize::from(sign.is_some());
        if chars.get(digits_at).is_some_and(char::is_ascii_digit) {
            let mut j = digits_at;
            while chars.get(j).is_some_and(char::is_ascii_digit) {
                j += 1;
            }
            text.push('e');
            if let Some(s) = sign {
                text.push(s);
            }
            text.extend(&chars[digits_at..j]);
            i = j;
        }
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((v, i)),
        _ => Err(ParseError::new(
            start + 1,
            format!("the number `{text}` is too large"),
        )),
    }
}

fn lex_superscript(chars: &[char], start: usize) -> Result<(Tok, usize), ParseError> {
    let mut i = start;
    let mut negative = false;
    match chars.get(i) {
        Some('⁻') => {
            negative = true;
            i += 1;
        }
        Some('⁺') => i += 1,
        _ => {}
    }
    let mut value = 0.0_f64;
    let digits_at = i;
    while let Some(d) = chars.get(i).copied().and_then(superscript_digit) {
        value = value * 10.0 + f64::from(d);
        i += 1;
    }
    if i == digits_at {
        return Err(ParseError::new(
            start + 1,
            "a raised sign must be followed by raised digits, like x⁻¹",
        ));
    }
    if !value.is_finite() {
        return Err(ParseError::new(start + 1, "this power is too large"));
    }
    Ok((Tok::Sup { value, negative }, i))
}

/// Resolve the name that starts at `start`: the longest of the variables,
/// functions and constants that the input starts with (a variable wins a
/// tie), so an unknown run of letters splits into known names.
fn lex_name(
    chars: &[char],
    start: usize,
    vars: &[&str],
    ctx: Context,
) -> Result<(Tok, usize), ParseError> {
    let mut best: Option<(Tok, usize)> = None;
    let mut consider = |tok: Tok, len: usize| {
        if len > 0 && best.is_none_or(|(_, l)| len > l) {
            best = Some((tok, len));
        }
    };
    for (index, name) in vars.iter().enumerate() {
        if starts_with(chars, start, name, false) {
            consider(Tok::Var(index), name.chars().count());
        }
    }
    for (name, f) in FUNCS {
        if ctx.allows(f) && starts_with(chars, start, name, true) {
            consider(Tok::Func(f), name.len());
        }
    }
    for (name, c, fold) in [
        ("pi", Const::Pi, true),
        ("π", Const::Pi, false),
        ("e", Const::E, false),
    ] {
        if starts_with(chars, start, name, fold) {
            consider(Tok::Const(c), name.chars().count());
        }
    }
    if let Some((tok, len)) = best {
        return Ok((tok, start + len));
    }
    Err(unknown_name(chars, start, vars, ctx))
}

fn unknown_name(chars: &[char], start: usize, vars: &[&str], ctx: Context) -> ParseError {
    // The whole run of letters this one is in: `sinc(x)` fails at `c`, but
    // the learner wrote one word, a function name we don't know.
    let mut first = start;
    while first > 0
        && chars
            .get(first - 1)
            .copied()
            .is_some_and(char::is_alphabetic)
    {
        first -= 1;
    }
    let mut end = start;
    while chars.get(end).copied().is_some_and(is_name_char) {
        end += 1;
    }
    let word: String = chars[first..end].iter().collect();
    let next = chars[end..].iter().find(|c| !c.is_whitespace());
    // A two-letter word is more often two names (`xy(x + 1)` with no `y`).
    let long = if first == start { 2 } else { 3 };
    if word.chars().count() >= long && next == Some(&'(') {
        let chart_only = FUNCS
            .iter()
            .any(|(name, f)| f.chart_only() && name.eq_ignore_ascii_case(&word));
        let why = if chart_only {
            format!("`{word}` is for charts and explorers, not for answers")
        } else {
            format!("`{word}` is not a known function")
        };
        let list = if ctx == Context::Expression {
            format!("{FUNC_LIST}, {CHART_FUNC_LIST}")
        } else {
            FUNC_LIST.to_string()
        };
        return ParseError::new(first + 1, format!("{why} (the functions are {list})"));
    }
    let letter = chars[start];
    if ctx == Context::Constant {
        return ParseError::new(
            start + 1,
            format!("`{letter}` can't be used here: the answer is a number"),
        );
    }
    let mut message = format!("`{letter}` is not a variable in this question");
    let folded = vars.iter().find(|v| {
        let mut vc = v.chars();
        vc.next().is_some_and(|f| {
            f != letter && f.to_lowercase().eq(letter.to_lowercase()) && vc.next().is_none()
        })
    });
    if let Some(v) = folded {
        message.push_str(&format!(" (did you mean `{v}`?)"));
    }
    ParseError::new(start + 1, message)
}
