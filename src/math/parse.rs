//! The parser: LaTeX subset source to a tree of [`Node`]s, with a warning for
//! everything it had to show as written.
//!
//! It never fails: a command it does not know, a stray `}` or a construct
//! missing an argument becomes a [`Node::Raw`] holding the source text, so the
//! learner sees what the author wrote and `check` can point at it.

use super::MathWarning;
use super::symbols::{self, BigOp, Class};

/// One piece of a formula.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A symbol with its Unicode and ASCII forms. `word` marks forms that are
    /// several letters in ASCII (`Delta`), which need a space before a letter.
    Atom {
        uni: String,
        ascii: String,
        class: Class,
        word: bool,
    },
    /// A big operator or function name (`\sum`, `\lim`, `\sin`).
    Op(BigOp),
    /// `{...}` and style commands whose look the terminal cannot change
    /// (`\mathbf`, `\mathrm`).
    Group(Vec<Node>),
    /// `\frac{num}{den}`.
    Frac(Vec<Node>, Vec<Node>),
    /// `\sqrt[index]{body}`.
    Sqrt {
        index: Option<Vec<Node>>,
        body: Vec<Node>,
    },
    /// A base with a superscript, a subscript or both.
    Scripts {
        base: Box<Node>,
        sup: Option<Vec<Node>>,
        sub: Option<Vec<Node>>,
    },
    /// `\left( ... \right)`: delimiters that grow with their content. The
    /// delimiters are keys such as `(`, `|`, `{`; `.` is none.
    Delim {
        left: String,
        body: Vec<Node>,
        right: String,
    },
    /// `\text{...}`: shown as written, spaces kept.
    Text(String),
    /// Explicit space, in terminal columns.
    Space(usize),
    /// Source text shown as written: unknown commands, malformed input.
    Raw(String),
    /// The braced argument of an unknown command, shown with its braces.
    Braced(Vec<Node>),
    /// `\hat{y}`, `\bar{x}`, `\vec{v}`: a mark over the body.
    Accent { accent: Accent, body: Vec<Node> },
    /// Rows of cells: `\binom`, and the environments `cases`, `aligned`
    /// and the matrices.
    Grid {
        kind: GridKind,
        rows: Vec<Vec<Vec<Node>>>,
    },
}

/// What a [`Node::Grid`] is, which says how its columns align and what
/// encloses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GridKind {
    /// `\binom{n}{k}`: two rows, centred, in parentheses.
    Binom,
    /// `cases`: a brace on the left, columns aligned left.
    Cases,
    /// `aligned`: columns in pairs, the first of each pair aligned right
    /// and the second left, so the `&` marks line up.
    Aligned,
    /// `matrix`, `pmatrix`, `bmatrix`: centred columns, with the brackets.
    Matrix {
        left: &'static str,
        right: &'static str,
    },
}

impl GridKind {
    fn environment(name: &str) -> Option<GridKind> {
        Some(match name {
            "cases" => GridKind::Cases,
            "aligned" | "align" | "align*" | "split" => GridKind::Aligned,
            "matrix" => GridKind::Matrix {
                left: ".",
                right: ".",
            },
            "pmatrix" => GridKind::Matrix {
                left: "(",
                right: ")",
            },
            "bmatrix" => GridKind::Matrix {
                left: "[",
                right: "]",
            },
            "vmatrix" => GridKind::Matrix {
                left: "|",
                right: "|",
            },
            _ => return None,
        })
    }
}

/// The marks `\hat`, `\bar` and friends put over their argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accent {
    Hat,
    Bar,
    Vec,
    Dot,
    Ddot,
    Tilde,
}

impl Accent {
    fn from_name(name: &str) -> Option<Accent> {
        Some(match name {
            "hat" | "widehat" => Accent::Hat,
            "bar" | "overline" => Accent::Bar,
            "vec" | "overrightarrow" => Accent::Vec,
            "dot" => Accent::Dot,
            "ddot" => Accent::Ddot,
            "tilde" | "widetilde" => Accent::Tilde,
            _ => return None,
        })
    }

    /// The combining character that puts the mark on one letter.
    pub fn combining(self) -> char {
        match self {
            Accent::Hat => '\u{0302}',
            Accent::Bar => '\u{0304}',
            Accent::Vec => '\u{20D7}',
            Accent::Dot => '\u{0307}',
            Accent::Ddot => '\u{0308}',
            Accent::Tilde => '\u{0303}',
        }
    }

    /// The mark drawn on a row of its own over a longer body.
    pub fn over(self) -> &'static str {
        match self {
            Accent::Hat => "^",
            Accent::Bar => "─",
            Accent::Vec => "→",
            Accent::Dot => "·",
            Accent::Ddot => "¨",
            Accent::Tilde => "~",
        }
    }

    /// The ASCII name, written as a function: `hat(y)`.
    pub fn name(self) -> &'static str {
        match self {
            Accent::Hat => "hat",
            Accent::Bar => "bar",
            Accent::Vec => "vec",
            Accent::Dot => "dot",
            Accent::Ddot => "ddot",
            Accent::Tilde => "tilde",
        }
    }
}

impl Node {
    fn atom(uni: &str, ascii: &str, class: Class) -> Node {
        Node::Atom {
            uni: uni.to_string(),
            ascii: ascii.to_string(),
            class,
            word: ascii.chars().count() > 1 && ascii.chars().all(|c| c.is_alphabetic()),
        }
    }
}

/// The result of parsing: the tree and what had to be shown as written.
pub(crate) struct Parsed {
    pub nodes: Vec<Node>,
    pub warnings: Vec<MathWarning>,
}

/// Parse `tex`; never fails.
pub(crate) fn parse(tex: &str) -> Parsed {
    // Control characters have no width in a terminal; tabs and newlines are
    // spaces, the rest are shown as a replacement character. The mapping is
    // one char for one char, so offsets stay true to the source.
    let chars = tex
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    let mut p = Parser {
        chars,
        pos: 0,
        group_depth: 0,
        left_depth: 0,
        depth: 0,
        env_depth: 0,
        warnings: Vec::new(),
    };
    let mut nodes = Vec::new();
    // The top level stops only at the end: stray `}` and `\right` are
    // handled inside `list`.
    p.list(&mut nodes);
    Parsed {
        nodes,
        warnings: p.warnings,
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// How many `{` groups enclose the current position.
    group_depth: usize,
    /// How many `\left` bodies enclose the current position.
    left_depth: usize,
    /// Nesting of lists and atoms being read, bounded by [`MAX_DEPTH`].
    depth: usize,
    /// How many environments enclose the current position: there `&`,
    /// `\\` and `\end` end a cell.
    env_depth: usize,
    warnings: Vec<MathWarning>,
}

/// Deeper nesting than this is shown as written: no formula needs it, and
/// unbounded recursion on hostile input would overflow the stack.
const MAX_DEPTH: usize = 48;

/// Why an argument could not be read.
enum ArgError {
    /// Nothing there (end of input, `}`, `^`).
    Missing,
    /// A `{` that is never closed (already warned about).
    Unclosed,
}

/// Commands with no visible effect in a terminal, accepted silently.
const NO_OPS: &[&str] = &[
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "limits",
    "nolimits",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
];

/// Commands that take one argument and only change the font.
const FONTS: &[&str] = &[
    "mathbf",
    "mathrm",
    "mathit",
    "mathsf",
    "mathtt",
    "mathcal",
    "boldsymbol",
    "bm",
];

/// Commands whose argument is text, not math.
const TEXTS: &[&str] = &["text", "textrm", "textbf", "textit", "mbox", "mathnormal"];

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }

    fn warn(&mut self, offset: usize, message: impl Into<String>) {
        self.warnings.push(MathWarning {
            offset,
            message: message.into(),
        });
    }

    fn source(&self, from: usize) -> String {
        self.chars[from..self.pos.min(self.chars.len())]
            .iter()
            .collect()
    }

    /// In an environment, is the input at what ends a cell: `&`, `\\` or
    /// `\end`?
    fn at_cell_end(&self) -> bool {
        let word: String = self.chars[self.pos..].iter().take(5).collect();
        word.starts_with('&')
            || word.starts_with("\\\\")
            || (word.starts_with("\\end")
                && !word.chars().nth(4).is_some_and(|c| c.is_ascii_alphabetic()))
    }

    /// Is the input at `\right` (not `\rightarrow`)?
    fn at_right(&self) -> bool {
        let word: String = self.chars[self.pos..].iter().take(7).collect();
        word.starts_with("\\right") && !word.chars().nth(6).is_some_and(|c| c.is_ascii_alphabetic())
    }

    /// Parse nodes into `out` until the end, a `}` closing an enclosing group,
    /// or a `\right` closing an enclosing `\left`. Stops before that token.
    fn list(&mut self, out: &mut Vec<Node>) {
        if self.too_deep(out) {
            return;
        }
        self.depth += 1;
        self.list_items(out);
        self.depth -= 1;
    }

    /// Past [`MAX_DEPTH`]: the rest of the input becomes source text.
    fn too_deep(&mut self, out: &mut Vec<Node>) -> bool {
        if self.depth < MAX_DEPTH {
            return false;
        }
        self.warn(self.pos, "nested too deeply: the rest is shown as written");
        let start = self.pos;
        self.pos = self.chars.len();
        out.push(Node::Raw(self.source(start)));
        true
    }

    fn list_items(&mut self, out: &mut Vec<Node>) {
        loop {
            self.skip_space();
            let Some(c) = self.peek() else { return };
            match c {
                '}' if self.group_depth > 0 => return,
                '}' => {
                    self.warn(self.pos, "unbalanced braces: this '}' has no matching '{'");
                    self.pos += 1;
                    out.push(Node::Raw("}".into()));
                }
                '\\' if self.at_right() && self.left_depth > 0 => return,
                '&' | '\\' if self.env_depth > 0 && self.at_cell_end() => return,
                '^' | '_' => self.script(c, out),
                '\'' => {
                    self.pos += 1;
                    out.push(Node::atom("′", "'", Class::Ord));
                }
                '~' => {
                    self.pos += 1;
                    out.push(Node::Space(1));
                }
                _ => {
                    if let Some(node) = self.atom() {
                        out.push(node);
                    }
                }
            }
        }
    }

    /// Attach a `^` or `_` script to the last node of `out`.
    fn script(&mut self, which: char, out: &mut Vec<Node>) {
        let start = self.pos;
        self.pos += 1;
        let arg = match self.arg() {
            Ok(arg) => arg,
            Err(e) => {
                if matches!(e, ArgError::Missing) {
                    self.warn(start, format!("'{which}' has nothing to attach"));
                }
                out.push(Node::Raw(self.source(start)));
                return;
            }
        };
        let base = out.pop().unwrap_or(Node::Group(Vec::new()));
        let is_sup = which == '^';
        let node = match base {
            Node::Scripts { base, sup, sub }
                if (is_sup && sup.is_none()) || (!is_sup && sub.is_none()) =>
            {
                if is_sup {
                    Node::Scripts {
                        base,
                        sup: Some(arg),
                        sub,
                    }
                } else {
                    Node::Scripts {
                        base,
                        sup,
                        sub: Some(arg),
                    }
                }
            }
            base @ Node::Scripts { .. } => {
                // A second superscript: TeX refuses it; show it as written
                // so `x^2^3` does not read as x to the 23rd.
                let kind = if is_sup { "superscript" } else { "subscript" };
                self.warn(start, format!("double {kind}: use braces, e.g. {{x^2}}^3"));
                out.push(base);
                Node::Raw(self.source(start))
            }
            base => {
                let (sup, sub) = if is_sup {
                    (Some(arg), None)
                } else {
                    (None, Some(arg))
                };
                Node::Scripts {
                    base: Box::new(base),
                    sup,
                    sub,
                }
            }
        };
        out.push(node);
    }

    /// Read one argument: a `{group}`, one command or one character.
    fn arg(&mut self) -> Result<Vec<Node>, ArgError> {
        self.skip_space();
        match self.peek() {
            None | Some('}' | '^' | '_') => Err(ArgError::Missing),
            Some('\\') if self.at_right() => Err(ArgError::Missing),
            Some('{') => self.group(),
            Some(_) => Ok(self.atom().into_iter().collect()),
        }
    }

    /// Read `{...}`; the input is at the `{`.
    fn group(&mut self) -> Result<Vec<Node>, ArgError> {
        let open = self.pos;
        self.pos += 1;
        self.group_depth += 1;
        let saved_left = std::mem::take(&mut self.left_depth);
        let saved_env = std::mem::take(&mut self.env_depth);
        let mut body = Vec::new();
        self.list(&mut body);
        self.left_depth = saved_left;
        self.env_depth = saved_env;
        self.group_depth -= 1;
        if self.peek() == Some('}') {
            self.pos += 1;
            Ok(body)
        } else {
            self.warn(open, "unbalanced braces: this '{' is never closed");
            Err(ArgError::Unclosed)
        }
    }

    /// Read one atom at the input: a character, a command, or a group.
    fn atom(&mut self) -> Option<Node> {
        let mut rest = Vec::new();
        if self.too_deep(&mut rest) {
            return rest.pop();
        }
        self.depth += 1;
        let node = self.atom_inner();
        self.depth -= 1;
        node
    }

    fn atom_inner(&mut self) -> Option<Node> {
        let start = self.pos;
        let c = self.peek()?;
        match c {
            '{' => match self.group() {
                Ok(body) => Some(Node::Group(body)),
                Err(_) => Some(Node::Raw(self.source(start))),
            },
            '\\' => self.command(),
            _ => {
                self.pos += 1;
                let (uni, ascii, class) = symbols::character(c);
                Some(Node::atom(&uni, &ascii, class))
            }
        }
    }

    /// Read a command; the input is at the backslash.
    fn command(&mut self) -> Option<Node> {
        let start = self.pos;
        self.pos += 1;
        let name: String = match self.peek() {
            None => {
                self.warn(start, "a lone '\\' at the end");
                return Some(Node::Raw("\\".into()));
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                self.pos += name.len();
                name
            }
            Some(c) => {
                self.pos += 1;
                c.to_string()
            }
        };
        let single = name.chars().next().filter(|_| name.chars().count() == 1);
        if let Some(c) = single.filter(|c| !c.is_ascii_alphabetic()) {
            return Some(self.short_command(start, c));
        }
        if let Some(s) = symbols::command(&name) {
            return Some(Node::atom(s.uni, s.ascii, s.class));
        }
        if let Some(op) = symbols::big_op(&name) {
            return Some(Node::Op(op));
        }
        match name.as_str() {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let num = self.arg();
                let den = match num {
                    Ok(_) => self.arg(),
                    Err(_) => Err(ArgError::Missing),
                };
                match (num, den) {
                    (Ok(num), Ok(den)) => Some(Node::Frac(num, den)),
                    (num, den) => {
                        let missing = matches!(num, Err(ArgError::Missing))
                            || matches!(den, Err(ArgError::Missing));
                        if missing {
                            self.warn(
                                start,
                                format!("\\{name} needs two arguments, e.g. \\frac{{a}}{{b}}"),
                            );
                        }
                        Some(Node::Raw(self.source(start)))
                    }
                }
            }
            "sqrt" => self.sqrt(start),
            "binom" | "dbinom" | "tbinom" => {
                let top = self.arg();
                let bottom = match top {
                    Ok(_) => self.arg(),
                    Err(_) => Err(ArgError::Missing),
                };
                match (top, bottom) {
                    (Ok(n), Ok(k)) => Some(Node::Grid {
                        kind: GridKind::Binom,
                        rows: vec![vec![n], vec![k]],
                    }),
                    (top, bottom) => {
                        if matches!(top, Err(ArgError::Missing))
                            || matches!(bottom, Err(ArgError::Missing))
                        {
                            self.warn(
                                start,
                                format!("\\{name} needs two arguments, e.g. \\binom{{n}}{{k}}"),
                            );
                        }
                        Some(Node::Raw(self.source(start)))
                    }
                }
            }
            "begin" => Some(self.environment(start)),
            "end" => {
                self.warn(start, "\\end has no matching \\begin");
                let _ = self.env_name();
                Some(Node::Raw(self.source(start)))
            }
            "left" => Some(self.left(start)),
            "right" => {
                // A `\right` with no `\left`: show its delimiter as written.
                self.warn(start, "\\right has no matching \\left");
                let _ = self.delimiter();
                Some(Node::Raw(self.source(start)))
            }
            "quad" => Some(Node::Space(2)),
            "qquad" => Some(Node::Space(4)),
            "enspace" | "thinspace" | "medspace" | "thickspace" => Some(Node::Space(1)),
            "mathbb" => self.one_arg(start, &name, |body| {
                Node::Group(body.into_iter().map(blackboard).collect())
            }),
            "operatorname" => self.one_arg(start, &name, |body| {
                Node::Group(vec![Node::Atom {
                    uni: plain_text(&body),
                    ascii: plain_text(&body),
                    class: Class::Op,
                    word: true,
                }])
            }),
            n if FONTS.contains(&n) => self.one_arg(start, &name, Node::Group),
            n if Accent::from_name(n).is_some() => {
                let accent = Accent::from_name(n)?;
                self.one_arg(start, &name, |body| Node::Accent { accent, body })
            }
            n if TEXTS.contains(&n) => Some(self.text(start, &name)),
            n if NO_OPS.contains(&n) => None,
            _ => {
                self.warn(start, format!("unknown command \\{name}: shown as written"));
                let mut node = vec![Node::Atom {
                    uni: format!("\\{name}"),
                    ascii: format!("\\{name}"),
                    class: Class::Ord,
                    word: true,
                }];
                // Its braced arguments are shown with their braces, so
                // `\foo{x}` reads `\foo{x}`, not `\foox`.
                while self.peek() == Some('{') {
                    let arg_start = self.pos;
                    match self.group() {
                        Ok(body) => node.push(Node::Braced(body)),
                        Err(_) => {
                            node.push(Node::Raw(self.source(arg_start)));
                            break;
                        }
                    }
                }
                Some(if node.len() == 1 {
                    node.remove(0)
                } else {
                    Node::Group(node)
                })
            }
        }
    }

    /// `{name}` after `\begin` or `\end`, as written.
    fn env_name(&mut self) -> Option<String> {
        self.skip_space();
        if self.peek() != Some('{') {
            return None;
        }
        let close = self.chars[self.pos..].iter().position(|c| *c == '}')?;
        let name: String = self.chars[self.pos + 1..self.pos + close].iter().collect();
        self.pos += close + 1;
        Some(name.trim().to_string())
    }

    /// `\begin{name} ... \end{name}`; the input is after `\begin`. Cells
    /// are split at `&`, rows at `\\`.
    fn environment(&mut self, start: usize) -> Node {
        let Some(name) = self.env_name() else {
            self.warn(
                start,
                "\\begin needs an environment name, e.g. \\begin{cases}",
            );
            return Node::Raw(self.source(start));
        };
        let Some(kind) = GridKind::environment(&name) else {
            self.warn(
                start,
                format!(
                    "unknown environment {{{name}}}: shown as written; the subset has cases, \
                     aligned, matrix, pmatrix, bmatrix and vmatrix"
                ),
            );
            // Shown whole, up to its `\end`, which is no stray then.
            let end: Vec<char> = format!("\\end{{{name}}}").chars().collect();
            if let Some(at) = self.chars[self.pos..]
                .windows(end.len())
                .position(|w| w == end)
            {
                self.pos += at + end.len();
            }
            return Node::Raw(self.source(start));
        };
        let mut rows: Vec<Vec<Vec<Node>>> = Vec::new();
        let mut row: Vec<Vec<Node>> = Vec::new();
        loop {
            let mut cell = Vec::new();
            self.env_depth += 1;
            self.list(&mut cell);
            self.env_depth -= 1;
            row.push(cell);
            self.skip_space();
            if self.peek() == Some('&') {
                self.pos += 1;
                continue;
            }
            let rest: String = self.chars[self.pos..].iter().take(4).collect();
            if rest.starts_with("\\\\") {
                self.pos += 2;
                rows.push(std::mem::take(&mut row));
                continue;
            }
            if rest.starts_with("\\end") {
                self.pos += 4;
                let end = self.env_name();
                if end.as_deref() != Some(name.as_str()) {
                    self.warn(
                        start,
                        format!(
                            "\\begin{{{name}}} is closed by \\end{{{}}}",
                            end.unwrap_or_default()
                        ),
                    );
                }
                // A `\\` before `\end` leaves an empty last row.
                let empty = row.len() == 1 && row[0].is_empty();
                if !empty || rows.is_empty() {
                    rows.push(row);
                }
                return Node::Grid { kind, rows };
            }
            // The end of the input, or of an enclosing group or `\left`.
            self.warn(start, format!("\\begin{{{name}}} has no \\end{{{name}}}"));
            return Node::Raw(self.source(start));
        }
    }

    /// `\,` `\%` `\{` and friends.
    fn short_command(&mut self, start: usize, c: char) -> Node {
        match c {
            ',' | ':' | ';' | ' ' | '>' => Node::Space(1),
            '!' => Node::Space(0),
            _ => match symbols::escape(c) {
                Some(s) => Node::atom(s.uni, s.ascii, s.class),
                None => {
                    self.warn(start, format!("unknown command \\{c}: shown as written"));
                    Node::Raw(format!("\\{c}"))
                }
            },
        }
    }

    /// A command with one argument; shown as written if it is missing.
    fn one_arg(
        &mut self,
        start: usize,
        name: &str,
        build: impl FnOnce(Vec<Node>) -> Node,
    ) -> Option<Node> {
        match self.arg() {
            Ok(body) => Some(build(body)),
            Err(e) => {
                if matches!(e, ArgError::Missing) {
                    self.warn(start, format!("\\{name} needs an argument in braces"));
                }
                Some(Node::Raw(self.source(start)))
            }
        }
    }

    fn sqrt(&mut self, start: usize) -> Option<Node> {
        self.skip_space();
        let mut index = None;
        if self.peek() == Some('[') {
            self.pos += 1;
            let mut body = Vec::new();
            // The index ends at the first `]` at this level.
            loop {
                self.skip_space();
                match self.peek() {
                    Some(']') => {
                        self.pos += 1;
                        break;
                    }
                    None | Some('}') => {
                        self.warn(start, "\\sqrt[ has no closing ']'");
                        return Some(Node::Raw(self.source(start)));
                    }
                    Some(_) => match self.atom() {
                        Some(n) => body.push(n),
                        None => continue,
                    },
                }
            }
            index = Some(body);
        }
        match self.arg() {
            Ok(body) => Some(Node::Sqrt { index, body }),
            Err(e) => {
                if matches!(e, ArgError::Missing) {
                    self.warn(start, "\\sqrt needs an argument, e.g. \\sqrt{x}");
                }
                Some(Node::Raw(self.source(start)))
            }
        }
    }

    /// Read the delimiter after `\left` or `\right` as a key.
    fn delimiter(&mut self) -> Option<String> {
        self.skip_space();
        let c = self.peek()?;
        if c == '\\' {
            let rest: String = self.chars[self.pos + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let (key, len) = match rest.as_str() {
                "" => match self.chars.get(self.pos + 1) {
                    Some('{') => ("{", 2),
                    Some('}') => ("}", 2),
                    Some('|') => ("‖", 2),
                    _ => return None,
                },
                "langle" => ("⟨", 7),
                "rangle" => ("⟩", 7),
                "lvert" | "rvert" | "vert" => ("|", rest.len() + 1),
                "lVert" | "rVert" | "Vert" => ("‖", rest.len() + 1),
                "lfloor" => ("⌊", 7),
                "rfloor" => ("⌋", 7),
                "lceil" => ("⌈", 6),
                "rceil" => ("⌉", 6),
                _ => return None,
            };
            self.pos += len;
            return Some(key.to_string());
        }
        if matches!(c, '(' | ')' | '[' | ']' | '|' | '.' | '/' | '<' | '>') {
            self.pos += 1;
            let key = match c {
                '<' => '⟨',
                '>' => '⟩',
                c => c,
            };
            return Some(key.to_string());
        }
        None
    }

    fn left(&mut self, start: usize) -> Node {
        let Some(left) = self.delimiter() else {
            self.warn(start, "\\left needs a delimiter such as ( [ | or .");
            return Node::Raw(self.source(start));
        };
        self.left_depth += 1;
        let mut body = Vec::new();
        self.list(&mut body);
        self.left_depth -= 1;
        let right = if self.at_right() {
            let right_start = self.pos;
            self.pos += 6;
            match self.delimiter() {
                Some(d) => d,
                None => {
                    self.warn(right_start, "\\right needs a delimiter such as ) ] | or .");
                    ".".to_string()
                }
            }
        } else {
            self.warn(start, format!("\\left{left} has no matching \\right"));
            ".".to_string()
        };
        Node::Delim { left, body, right }
    }

    /// `\text{...}`: the argument is read as text, up to the matching brace.
    fn text(&mut self, start: usize, name: &str) -> Node {
        self.skip_space();
        if self.peek() != Some('{') {
            self.warn(start, format!("\\{name} needs its text in braces"));
            return Node::Raw(self.source(start));
        }
        let open = self.pos;
        self.pos += 1;
        let mut depth = 0usize;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\\' => match self.peek() {
                    // Escapes keep their character; other commands are
                    // shown as written.
                    Some(e) if "{}%$&#_ ".contains(e) => {
                        self.pos += 1;
                        text.push(e);
                    }
                    _ => text.push('\\'),
                },
                '{' => depth += 1,
                '}' if depth == 0 => return Node::Text(text),
                '}' => depth -= 1,
                c => text.push(c),
            }
        }
        self.warn(open, "unbalanced braces: this '{' is never closed");
        Node::Raw(self.source(start))
    }
}

/// The letters of a simple argument, for `\operatorname{..}`.
fn plain_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Node::Atom { uni, .. } => uni.clone(),
            Node::Group(inner) => plain_text(inner),
            Node::Text(t) | Node::Raw(t) => t.clone(),
            _ => String::new(),
        })
        .collect()
}

/// `\mathbb`: double-struck letters where Unicode has them.
fn blackboard(node: Node) -> Node {
    match node {
        Node::Atom {
            uni,
            ascii,
            class,
            word,
        } => {
            let mut chars = uni.chars();
            let uni = match (chars.next().and_then(symbols::blackboard), chars.next()) {
                (Some(bb), None) => bb.to_string(),
                _ => uni,
            };
            Node::Atom {
                uni,
                ascii,
                class,
                word,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(tex: &str) -> Vec<(usize, String)> {
        parse(tex)
            .warnings
            .into_iter()
            .map(|w| (w.offset, w.message))
            .collect()
    }

    #[test]
    fn well_formed_input_has_no_warnings() {
        let tex = r"f'(x) = \lim_{\Delta x \to 0} \frac{f(x + \Delta x) - f(x)}{\Delta x}";
        assert_eq!(offsets(tex), vec![]);
    }

    #[test]
    fn unknown_command_is_kept_with_its_argument() {
        let p = parse(r"\foo{x}");
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].offset, 0);
        assert!(matches!(&p.nodes[0], Node::Group(v) if v.len() == 2));
    }

    #[test]
    fn unclosed_fraction_is_raw_source() {
        let p = parse(r"\frac{1}{");
        assert_eq!(p.nodes, vec![Node::Raw(r"\frac{1}{".into())]);
        assert_eq!(p.warnings[0].offset, 8);
    }

    #[test]
    fn stray_brace_is_reported_where_it_is() {
        assert_eq!(offsets("a}b")[0].0, 1);
        assert_eq!(offsets("{a")[0].0, 0);
    }

    #[test]
    fn offsets_count_chars_not_bytes() {
        assert_eq!(offsets(r"ΔΔ \foo")[0].0, 3);
    }

    #[test]
    fn rightarrow_is_not_right() {
        let p = parse(r"\left( a \rightarrow b \right)");
        assert!(p.warnings.is_empty());
        assert!(matches!(&p.nodes[0], Node::Delim { body, .. } if body.len() == 3));
    }
}
