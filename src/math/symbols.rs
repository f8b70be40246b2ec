//! Symbol tables: what each command and character of the subset looks like,
//! in Unicode and in ASCII, and how it is spaced.

/// How an atom is spaced against its neighbours (a cut-down version of TeX's
/// atom classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Letters, digits, symbols: no space around.
    Ord,
    /// Binary operators (`+`, `−`, `·`): a space on each side, unless unary.
    Bin,
    /// Relations (`=`, `≈`, `→`): a space on each side.
    Rel,
    /// Opening brackets.
    Open,
    /// Closing brackets.
    Close,
    /// Commas and semicolons: a space after.
    Punct,
    /// Operator names and big operators (`sin`, `lim`, `∑`): a space before
    /// what they apply to.
    Op,
}

/// One symbol: its Unicode form, its ASCII form and its class.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Symbol {
    pub uni: &'static str,
    pub ascii: &'static str,
    pub class: Class,
}

const fn sym(uni: &'static str, ascii: &'static str, class: Class) -> Symbol {
    Symbol { uni, ascii, class }
}

use Class::{Bin, Close, Open, Ord, Punct, Rel};

/// Commands that stand for one symbol, by name (without the backslash).
const COMMANDS: &[(&str, Symbol)] = &[
    // Greek, lower case.
    ("alpha", sym("α", "alpha", Ord)),
    ("beta", sym("β", "beta", Ord)),
    ("gamma", sym("γ", "gamma", Ord)),
    ("delta", sym("δ", "delta", Ord)),
    ("epsilon", sym("ϵ", "epsilon", Ord)),
    ("varepsilon", sym("ε", "epsilon", Ord)),
    ("zeta", sym("ζ", "zeta", Ord)),
    ("eta", sym("η", "eta", Ord)),
    ("theta", sym("θ", "theta", Ord)),
    ("vartheta", sym("ϑ", "theta", Ord)),
    ("iota", sym("ι", "iota", Ord)),
    ("kappa", sym("κ", "kappa", Ord)),
    ("lambda", sym("λ", "lambda", Ord)),
    ("mu", sym("μ", "mu", Ord)),
    ("nu", sym("ν", "nu", Ord)),
    ("xi", sym("ξ", "xi", Ord)),
    ("omicron", sym("ο", "omicron", Ord)),
    ("pi", sym("π", "pi", Ord)),
    ("varpi", sym("ϖ", "pi", Ord)),
    ("rho", sym("ρ", "rho", Ord)),
    ("varrho", sym("ϱ", "rho", Ord)),
    ("sigma", sym("σ", "sigma", Ord)),
    ("varsigma", sym("ς", "sigma", Ord)),
    ("tau", sym("τ", "tau", Ord)),
    ("upsilon", sym("υ", "upsilon", Ord)),
    ("phi", sym("ϕ", "phi", Ord)),
    ("varphi", sym("φ", "phi", Ord)),
    ("chi", sym("χ", "chi", Ord)),
    ("psi", sym("ψ", "psi", Ord)),
    ("omega", sym("ω", "omega", Ord)),
    // Greek, upper case.
    ("Gamma", sym("Γ", "Gamma", Ord)),
    ("Delta", sym("Δ", "Delta", Ord)),
    ("Theta", sym("Θ", "Theta", Ord)),
    ("Lambda", sym("Λ", "Lambda", Ord)),
    ("Xi", sym("Ξ", "Xi", Ord)),
    ("Pi", sym("Π", "Pi", Ord)),
    ("Sigma", sym("Σ", "Sigma", Ord)),
    ("Upsilon", sym("Υ", "Upsilon", Ord)),
    ("Phi", sym("Φ", "Phi", Ord)),
    ("Psi", sym("Ψ", "Psi", Ord)),
    ("Omega", sym("Ω", "Omega", Ord)),
    // Other letters and ordinary symbols.
    ("nabla", sym("∇", "nabla", Ord)),
    ("partial", sym("∂", "d", Ord)),
    ("infty", sym("∞", "inf", Ord)),
    ("ell", sym("ℓ", "l", Ord)),
    ("hbar", sym("ħ", "hbar", Ord)),
    ("emptyset", sym("∅", "{}", Ord)),
    ("varnothing", sym("∅", "{}", Ord)),
    ("forall", sym("∀", "forall", Ord)),
    ("exists", sym("∃", "exists", Ord)),
    ("neg", sym("¬", "not", Ord)),
    ("angle", sym("∠", "angle", Ord)),
    ("prime", sym("′", "'", Ord)),
    ("ldots", sym("…", "...", Ord)),
    ("dots", sym("…", "...", Ord)),
    ("cdots", sym("⋯", "...", Ord)),
    ("vdots", sym("⋮", ":", Ord)),
    ("ddots", sym("⋱", "...", Ord)),
    ("degree", sym("°", "deg", Ord)),
    // Binary operators.
    ("cdot", sym("·", "*", Bin)),
    ("times", sym("×", "*", Bin)),
    ("div", sym("÷", "/", Bin)),
    ("pm", sym("±", "+-", Bin)),
    ("mp", sym("∓", "-+", Bin)),
    ("ast", sym("∗", "*", Bin)),
    ("star", sym("⋆", "*", Bin)),
    ("circ", sym("∘", "o", Bin)),
    ("bullet", sym("•", "*", Bin)),
    ("cup", sym("∪", "u", Bin)),
    ("cap", sym("∩", "n", Bin)),
    ("setminus", sym("∖", "\\", Bin)),
    ("land", sym("∧", "and", Bin)),
    ("wedge", sym("∧", "and", Bin)),
    ("lor", sym("∨", "or", Bin)),
    ("vee", sym("∨", "or", Bin)),
    ("oplus", sym("⊕", "(+)", Bin)),
    ("otimes", sym("⊗", "(x)", Bin)),
    // Relations and arrows.
    ("approx", sym("≈", "~=", Rel)),
    ("neq", sym("≠", "!=", Rel)),
    ("ne", sym("≠", "!=", Rel)),
    ("le", sym("≤", "<=", Rel)),
    ("leq", sym("≤", "<=", Rel)),
    ("ge", sym("≥", ">=", Rel)),
    ("geq", sym("≥", ">=", Rel)),
    ("lt", sym("<", "<", Rel)),
    ("gt", sym(">", ">", Rel)),
    ("ll", sym("≪", "<<", Rel)),
    ("gg", sym("≫", ">>", Rel)),
    ("equiv", sym("≡", "==", Rel)),
    ("sim", sym("∼", "~", Rel)),
    ("simeq", sym("≃", "~=", Rel)),
    ("cong", sym("≅", "~=", Rel)),
    ("propto", sym("∝", "~", Rel)),
    ("in", sym("∈", "in", Rel)),
    ("notin", sym("∉", "not in", Rel)),
    ("subset", sym("⊂", "subset", Rel)),
    ("subseteq", sym("⊆", "subseteq", Rel)),
    ("perp", sym("⊥", "perp", Rel)),
    ("parallel", sym("∥", "||", Rel)),
    ("mid", sym("∣", "|", Rel)),
    ("to", sym("→", "->", Rel)),
    ("rightarrow", sym("→", "->", Rel)),
    ("leftarrow", sym("←", "<-", Rel)),
    ("gets", sym("←", "<-", Rel)),
    ("leftrightarrow", sym("↔", "<->", Rel)),
    ("Rightarrow", sym("⇒", "=>", Rel)),
    ("implies", sym("⇒", "=>", Rel)),
    ("Leftarrow", sym("⇐", "<=", Rel)),
    ("Leftrightarrow", sym("⇔", "<=>", Rel)),
    ("iff", sym("⇔", "<=>", Rel)),
    ("mapsto", sym("↦", "|->", Rel)),
    ("uparrow", sym("↑", "^", Rel)),
    ("downarrow", sym("↓", "v", Rel)),
    ("colon", sym(":", ":", Punct)),
    // Brackets written as commands.
    ("langle", sym("⟨", "<", Open)),
    ("rangle", sym("⟩", ">", Close)),
    ("lvert", sym("|", "|", Open)),
    ("rvert", sym("|", "|", Close)),
    ("lVert", sym("‖", "||", Open)),
    ("rVert", sym("‖", "||", Close)),
    ("lfloor", sym("⌊", "floor(", Open)),
    ("rfloor", sym("⌋", ")", Close)),
    ("lceil", sym("⌈", "ceil(", Open)),
    ("rceil", sym("⌉", ")", Close)),
];

/// One-character commands: escapes of characters TeX reserves.
const ESCAPES: &[(char, Symbol)] = &[
    ('{', sym("{", "{", Open)),
    ('}', sym("}", "}", Close)),
    ('%', sym("%", "%", Ord)),
    ('#', sym("#", "#", Ord)),
    ('&', sym("&", "&", Ord)),
    ('$', sym("$", "$", Ord)),
    ('_', sym("_", "_", Ord)),
    ('|', sym("‖", "||", Ord)),
];

/// A big operator: its symbol and whether, in display, its limits go under
/// and over it (`lim`, `∑`) or beside it (`∫`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BigOp {
    pub uni: &'static str,
    pub ascii: &'static str,
    pub limits: bool,
}

const BIG_OPS: &[(&str, BigOp)] = &[
    ("sum", big("∑", "sum", true)),
    ("prod", big("∏", "prod", true)),
    ("coprod", big("∐", "coprod", true)),
    ("bigcup", big("⋃", "U", true)),
    ("bigcap", big("⋂", "n", true)),
    ("int", big("∫", "int", false)),
    ("iint", big("∬", "iint", false)),
    ("iiint", big("∭", "iiint", false)),
    ("oint", big("∮", "oint", false)),
    ("lim", big("lim", "lim", true)),
    ("liminf", big("lim inf", "lim inf", true)),
    ("limsup", big("lim sup", "lim sup", true)),
    ("max", big("max", "max", true)),
    ("min", big("min", "min", true)),
    ("sup", big("sup", "sup", true)),
    ("inf", big("inf", "inf", true)),
    ("argmax", big("arg max", "arg max", true)),
    ("argmin", big("arg min", "arg min", true)),
    ("det", big("det", "det", true)),
    ("gcd", big("gcd", "gcd", true)),
    ("Pr", big("Pr", "Pr", true)),
    // Function names: written upright, scripts beside them.
    ("sin", big("sin", "sin", false)),
    ("cos", big("cos", "cos", false)),
    ("tan", big("tan", "tan", false)),
    ("cot", big("cot", "cot", false)),
    ("sec", big("sec", "sec", false)),
    ("csc", big("csc", "csc", false)),
    ("arcsin", big("arcsin", "arcsin", false)),
    ("arccos", big("arccos", "arccos", false)),
    ("arctan", big("arctan", "arctan", false)),
    ("sinh", big("sinh", "sinh", false)),
    ("cosh", big("cosh", "cosh", false)),
    ("tanh", big("tanh", "tanh", false)),
    ("log", big("log", "log", false)),
    ("ln", big("ln", "ln", false)),
    ("lg", big("lg", "lg", false)),
    ("exp", big("exp", "exp", false)),
    ("arg", big("arg", "arg", false)),
    ("deg", big("deg", "deg", false)),
    ("dim", big("dim", "dim", false)),
    ("ker", big("ker", "ker", false)),
];

const fn big(uni: &'static str, ascii: &'static str, limits: bool) -> BigOp {
    BigOp { uni, ascii, limits }
}

/// The symbol a command names, if it names one.
pub(crate) fn command(name: &str) -> Option<Symbol> {
    COMMANDS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The symbol a one-character escape such as `\%` stands for.
pub(crate) fn escape(c: char) -> Option<Symbol> {
    ESCAPES.iter().find(|(e, _)| *e == c).map(|(_, s)| *s)
}

/// The big operator or function name a command names.
pub(crate) fn big_op(name: &str) -> Option<BigOp> {
    BIG_OPS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// How a character typed directly in the source is shown and spaced.
///
/// Unicode typed directly (an author writing `≈` instead of `\approx`) gets
/// the class and ASCII form of the command it matches.
pub(crate) fn character(c: char) -> (String, String, Class) {
    let plain = |class| (c.to_string(), c.to_string(), class);
    match c {
        '+' => plain(Bin),
        '-' | '−' => ("−".into(), "-".into(), Bin),
        '*' => ("∗".into(), "*".into(), Bin),
        '=' | '<' | '>' | ':' => plain(Rel),
        ',' | ';' => plain(Punct),
        '(' | '[' => plain(Open),
        ')' | ']' | '!' | '?' => plain(Close),
        _ => {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            match COMMANDS.iter().find(|(_, sy)| sy.uni == s) {
                Some((_, sy)) => (sy.uni.into(), sy.ascii.into(), sy.class),
                None => plain(Ord),
            }
        }
    }
}

/// The blackboard-bold letter for `\mathbb{..}`, where Unicode has one.
pub(crate) fn blackboard(c: char) -> Option<char> {
    Some(match c {
        'C' => 'ℂ',
        'H' => 'ℍ',
        'N' => 'ℕ',
        'P' => 'ℙ',
        'Q' => 'ℚ',
        'R' => 'ℝ',
        'Z' => 'ℤ',
        _ => return None,
    })
}

/// The Unicode superscript form of a character, if there is one.
pub(crate) fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'a' => 'ᵃ',
        'b' => 'ᵇ',
        'c' => 'ᶜ',
        'd' => 'ᵈ',
        'e' => 'ᵉ',
        'f' => 'ᶠ',
        'g' => 'ᵍ',
        'h' => 'ʰ',
        'i' => 'ⁱ',
        'j' => 'ʲ',
        'k' => 'ᵏ',
        'l' => 'ˡ',
        'm' => 'ᵐ',
        'n' => 'ⁿ',
        'o' => 'ᵒ',
        'p' => 'ᵖ',
        'r' => 'ʳ',
        's' => 'ˢ',
        't' => 'ᵗ',
        'u' => 'ᵘ',
        'v' => 'ᵛ',
        'w' => 'ʷ',
        'x' => 'ˣ',
        'y' => 'ʸ',
        'z' => 'ᶻ',
        'T' => 'ᵀ',
        '′' => '′',
        _ => return None,
    })
}

/// The Unicode subscript form of a character, if there is one.
pub(crate) fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '₀',
        '1' => '₁',
        '2' => '₂',
        '3' => '₃',
        '4' => '₄',
        '5' => '₅',
        '6' => '₆',
        '7' => '₇',
        '8' => '₈',
        '9' => '₉',
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'h' => 'ₕ',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'o' => 'ₒ',
        'p' => 'ₚ',
        'r' => 'ᵣ',
        's' => 'ₛ',
        't' => 'ₜ',
        'u' => 'ᵤ',
        'v' => 'ᵥ',
        'x' => 'ₓ',
        _ => return None,
    })
}

/// Map every character of `s` with `f`, or give up if one has no form.
pub(crate) fn map_all(s: &str, f: fn(char) -> Option<char>) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    s.chars().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_need_every_character() {
        assert_eq!(map_all("n-1", superscript).as_deref(), Some("ⁿ⁻¹"));
        assert_eq!(map_all("n+1", subscript).as_deref(), Some("ₙ₊₁"));
        assert_eq!(map_all("q", superscript), None);
        assert_eq!(map_all("Δx", subscript), None);
        assert_eq!(map_all("", superscript), None);
    }

    #[test]
    fn typed_unicode_gets_the_class_of_its_command() {
        assert_eq!(character('≈').2, Class::Rel);
        assert_eq!(character('≈').1, "~=");
        assert_eq!(character('Δ').1, "Delta");
        assert_eq!(character('-').0, "−");
    }
}
