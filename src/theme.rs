//! Styles and glyphs: one place that decides how things look, in colour or
//! not, with Unicode or plain ASCII. Layout and drawing ask here instead of
//! naming colours or box characters themselves.

use ratatui::style::{Color, Modifier, Style};

/// How the screen may look on this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Theme {
    /// Plain ASCII: no box drawing, arrows, braille or bullets.
    pub ascii: bool,
    /// Colours off (`--no-color`, `NO_COLOR`): styles use modifiers only.
    pub monochrome: bool,
    /// Links are terminal hyperlinks (OSC 8), clickable where the terminal
    /// supports them; terminals without support ignore the sequence, so
    /// this is on unless `CHALKDUST_HYPERLINKS=0` or the terminal is one
    /// that gets plain characters.
    pub hyperlinks: bool,
}

impl Theme {
    /// This theme on a terminal whose `TERM` is `term`: the Linux console
    /// and old terminals have no braille or box-drawing glyphs, so they get
    /// plain characters without being asked.
    /// Each session asks with its own terminal's name: over SSH the
    /// client's, from its pty request, never the server's.
    pub fn for_term(self, term: Option<&str>) -> Theme {
        let term = term.unwrap_or("");
        let plain = matches!(term, "linux" | "dumb" | "vt100" | "vt102" | "vt220");
        Theme {
            ascii: self.ascii || plain,
            monochrome: self.monochrome,
            hyperlinks: self.hyperlinks && !plain,
        }
    }

    fn fg(self, color: Color, fallback: Modifier) -> Style {
        if self.monochrome {
            Style::new().add_modifier(fallback)
        } else {
            Style::new().fg(color)
        }
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan, Modifier::empty())
            .add_modifier(Modifier::BOLD)
    }
    pub fn code(self) -> Style {
        self.fg(Color::Yellow, Modifier::empty())
    }
    pub fn math(self) -> Style {
        self.fg(Color::LightBlue, Modifier::empty())
    }
    pub fn footnote_ref(self) -> Style {
        self.fg(Color::Magenta, Modifier::empty())
            .add_modifier(Modifier::BOLD)
    }
    pub fn muted(self) -> Style {
        self.fg(Color::DarkGray, Modifier::DIM)
    }
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray, Modifier::empty())
    }
    pub fn right(self) -> Style {
        self.fg(Color::Green, Modifier::empty())
            .add_modifier(Modifier::BOLD)
    }
    pub fn wrong(self) -> Style {
        self.fg(Color::Red, Modifier::empty())
            .add_modifier(Modifier::BOLD)
    }
    pub fn hint(self) -> Style {
        self.fg(Color::Yellow, Modifier::ITALIC)
    }
    pub fn input(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    pub fn focus(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Interactive things: explorer titles and slider tracks.
    pub fn accent(self) -> Style {
        self.fg(Color::Yellow, Modifier::BOLD)
    }
    /// Values the learner reads and changes.
    pub fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The mark before an explorer's title.
    pub fn explore_mark(self) -> &'static str {
        if self.ascii { "*" } else { "◆" }
    }
    /// What moves a point, shown beside it.
    pub fn arrows(self) -> &'static str {
        if self.ascii { "arrows" } else { "←↑↓→" }
    }
    /// A slider track `width` cells wide with its knob at `fraction`
    /// (0 = min, 1 = max).
    pub fn slider_track(self, fraction: f64, width: usize) -> String {
        let width = width.max(2);
        let knob =
            ((fraction.clamp(0.0, 1.0) * (width - 1) as f64).round() as usize).min(width - 1);
        let (done, knob_c, rest) = if self.ascii {
            ("=", "O", "-")
        } else {
            ("━", "●", "─")
        };
        format!(
            "{}{knob_c}{}",
            done.repeat(knob),
            rest.repeat(width - 1 - knob)
        )
    }

    /// Collapsed / expanded markers of a `details` line.
    pub fn marker(self, open: bool) -> &'static str {
        match (self.ascii, open) {
            (false, false) => "▸",
            (false, true) => "▾",
            (true, false) => ">",
            (true, true) => "v",
        }
    }
    pub fn bullet(self) -> &'static str {
        if self.ascii { "*" } else { "•" }
    }
    pub fn check_mark(self) -> &'static str {
        if self.ascii { "OK" } else { "✓" }
    }
    pub fn cross_mark(self) -> &'static str {
        // Not "[x]": that is a chosen option of a select-all question.
        if self.ascii { "X" } else { "✗" }
    }
    /// The gutter mark beside the focused thing.
    pub fn focus_bar(self) -> &'static str {
        if self.ascii { ">" } else { "▌" }
    }
    /// Guide drawn left of an opened `details`' children.
    pub fn guide(self) -> &'static str {
        if self.ascii { "| " } else { "│ " }
    }
    pub fn rule(self) -> &'static str {
        if self.ascii { "-" } else { "─" }
    }
    /// Box pieces: [top-left, top, top-right, side, bottom-left, bottom-right,
    /// tee-down, tee-up, tee-right, tee-left, cross].
    pub fn boxes(self) -> Boxes {
        if self.ascii {
            Boxes {
                tl: "+",
                tr: "+",
                bl: "+",
                br: "+",
                h: "-",
                v: "|",
                tee_down: "+",
                tee_up: "+",
                tee_right: "+",
                tee_left: "+",
                cross: "+",
            }
        } else {
            Boxes {
                tl: "┌",
                tr: "┐",
                bl: "└",
                br: "┘",
                h: "─",
                v: "│",
                tee_down: "┬",
                tee_up: "┴",
                tee_right: "├",
                tee_left: "┤",
                cross: "┼",
            }
        }
    }
}

impl Theme {
    /// `text` as it may be shown: unchanged, or in ASCII mode with every
    /// character outside ASCII spelt in ASCII (`x²` as `x^2`, `−` as `-`,
    /// `Δx` as `Delta x`). Lesson authors write Unicode in prose, labels
    /// and tables; in ASCII mode none of it may reach the screen. What has
    /// no ASCII spelling becomes `?`.
    pub fn fold(self, text: &str) -> std::borrow::Cow<'_, str> {
        if !self.ascii || text.is_ascii() {
            return std::borrow::Cow::Borrowed(text);
        }
        std::borrow::Cow::Owned(ascii_fold(text))
    }
}

/// The digit or sign a superscript character raises, if it is one.
fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        '⁺' => '+',
        'ⁿ' => 'n',
        'ⁱ' => 'i',
        '⁽' => '(',
        '⁾' => ')',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    let digits = "₀₁₂₃₄₅₆₇₈₉";
    digits
        .chars()
        .position(|d| d == c)
        .and_then(|i| char::from_digit(u32::try_from(i).ok()?, 10))
}

/// The ASCII spelling of one character (without the superscript runs).
fn ascii_char(c: char) -> &'static str {
    match c {
        '′' | '‘' | '’' | 'ʹ' => "'",
        '″' => "''",
        '“' | '”' | '«' | '»' => "\"",
        '−' | '–' | '‐' | '‑' | '─' | '━' => "-",
        '—' => "--",
        '·' | '•' | '⋅' | '∙' => "*",
        '×' => "x",
        '÷' | '∕' => "/",
        '≈' => "~=",
        '≤' => "<=",
        '≥' => ">=",
        '≠' => "!=",
        '±' => "+/-",
        '→' | '⟶' => "->",
        '←' => "<-",
        '⇒' => "=>",
        '↑' => "^",
        '↓' => "v",
        '∞' => "inf",
        '√' => "sqrt",
        '…' => "...",
        '▸' | '›' => ">",
        '▾' => "v",
        '‹' => "<",
        '✓' | '✔' => "OK",
        '✗' | '✘' => "X",
        '●' | '○' | '◆' | '◇' => "o",
        '│' | '┃' | '▌' => "|",
        '═' => "=",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => "+",
        '°' => " deg",
        '\u{a0}' | '\u{2009}' | '\u{202f}' => " ",
        'Δ' => "Delta",
        'δ' => "delta",
        'π' => "pi",
        'θ' => "theta",
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'λ' => "lambda",
        'μ' => "mu",
        'σ' => "sigma",
        'ε' => "epsilon",
        'φ' => "phi",
        'ω' => "omega",
        '∇' => "nabla",
        '∑' => "sum",
        '∫' => "integral",
        '∂' => "d",
        'η' => "eta",
        'ρ' => "rho",
        'τ' => "tau",
        'κ' => "kappa",
        'ν' => "nu",
        'ξ' => "xi",
        'ζ' => "zeta",
        'ψ' => "psi",
        'χ' => "chi",
        'Γ' => "Gamma",
        'Θ' => "Theta",
        'Λ' => "Lambda",
        'Π' => "Pi",
        'Σ' => "Sigma",
        'Φ' => "Phi",
        'Ω' => "Omega",
        'ŷ' => "hat(y)",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'á' | 'à' | 'â' | 'ä' => "a",
        'ó' | 'ò' | 'ô' | 'ö' => "o",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ç' => "c",
        'ñ' => "n",
        '€' => "EUR",
        '£' => "GBP",
        '⟨' => "<",
        '⟩' => ">",
        '∘' => "o",
        '∈' => " in ",
        '≡' => "==",
        _ => "?",
    }
}

fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(first) = superscript(c) {
            // A run of raised characters is one exponent: xⁿ⁻¹ is x^(n-1).
            let mut run = String::from(first);
            while let Some(next) = chars.peek().and_then(|&n| superscript(n)) {
                run.push(next);
                chars.next();
            }
            out.push('^');
            if run.chars().count() > 1 && !run.starts_with('(') {
                out.push_str(&format!("({run})"));
            } else {
                out.push_str(&run);
            }
        } else if let Some(d) = subscript(c) {
            out.push('_');
            out.push(d);
        } else {
            let spelt = ascii_char(c);
            out.push_str(spelt);
            // A Greek name runs into the next letter otherwise: Δx.
            if spelt.len() > 1
                && spelt.chars().all(|l| l.is_ascii_alphabetic())
                && chars.peek().is_some_and(|n| n.is_alphanumeric())
            {
                out.push(' ');
            }
        }
    }
    out
}

/// Box-drawing pieces for tables, asides and popups.
#[derive(Debug, Clone, Copy)]
pub struct Boxes {
    pub tl: &'static str,
    pub tr: &'static str,
    pub bl: &'static str,
    pub br: &'static str,
    pub h: &'static str,
    pub v: &'static str,
    pub tee_down: &'static str,
    pub tee_up: &'static str,
    pub tee_right: &'static str,
    pub tee_left: &'static str,
    pub cross: &'static str,
}

#[cfg(test)]
mod term_tests {
    use super::Theme;

    /// Every character the shipped lessons are written with has
    /// an ASCII spelling: `?`, the last resort, never stands in for one of
    /// them (a canvas label "ŷ = 4" read "? = 4" before).
    #[test]
    fn every_character_of_the_shipped_lessons_has_an_ascii_spelling() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = std::collections::BTreeSet::new();
        for dir in ["lessons"] {
            let Ok(files) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for file in files.flatten() {
                let text = std::fs::read_to_string(file.path()).unwrap_or_default();
                for c in text.chars().filter(|c| !c.is_ascii()) {
                    if super::ascii_fold(&c.to_string()).contains('?') {
                        missing.insert(c);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no ASCII spelling for {missing:?}");
    }

    #[test]
    fn ascii_mode_spells_unicode_in_ascii() {
        let ascii = Theme {
            ascii: true,
            monochrome: false,
            ..Theme::default()
        };
        for (text, shown) in [
            ("x²", "x^2"),
            ("nxⁿ⁻¹", "nx^(n-1)"),
            ("4x − 4", "4x - 4"),
            ("strip x·Δx", "strip x*Delta x"),
            ("s′(t)", "s'(t)"),
            ("—", "--"),
            ("ΔA/Δx ≈ 2x", "Delta A/Delta x ~= 2x"),
            ("x₀", "x_0"),
            ("日", "?"),
            ("plain", "plain"),
        ] {
            assert_eq!(ascii.fold(text), shown);
            assert!(ascii.fold(text).is_ascii());
        }
        assert_eq!(Theme::default().fold("x²"), "x²");
    }

    #[test]
    fn plain_terminals_get_ascii_and_flags_are_kept() {
        let plain = Theme::default().for_term(Some("linux"));
        assert!(plain.ascii);
        assert!(!Theme::default().for_term(Some("xterm-256color")).ascii);
        assert!(!Theme::default().for_term(None).ascii);
        let flagged = Theme {
            ascii: true,
            monochrome: true,
            hyperlinks: false,
        };
        assert_eq!(flagged.for_term(Some("xterm")), flagged);
    }

    /// Hyperlinks stay on where the terminal may show them, and off on the
    /// consoles that get plain characters.
    #[test]
    fn hyperlinks_follow_the_terminal() {
        let on = Theme {
            hyperlinks: true,
            ..Theme::default()
        };
        assert!(on.for_term(Some("xterm-256color")).hyperlinks);
        assert!(on.for_term(None).hyperlinks);
        assert!(!on.for_term(Some("linux")).hyperlinks);
        assert!(!on.for_term(Some("dumb")).hyperlinks);
        assert!(!Theme::default().for_term(Some("xterm")).hyperlinks);
    }
}
