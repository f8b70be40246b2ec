//! Display layout: the parsed tree to a [`MBox`], and the spacing rules that
//! the one-line (inline) form shares.

use super::boxes::MBox;
use super::flat;
use super::parse::{Accent, GridKind, Node};
use super::symbols::{self, Class};

/// How a piece is spaced against its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ord,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    Op,
    /// A stacked fraction: kept apart from its neighbours so bars never touch.
    Inner,
    /// Explicit space: no automatic space beside it.
    Space,
}

/// How generous the spacing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spacing {
    /// Display and inline text: spaces around operators and relations.
    Normal,
    /// Limits and raised scripts: relations spaced, operators tight.
    Script,
    /// Unicode superscripts and subscripts: no spaces at all.
    Compact,
}

/// Rendering style of a layout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub ascii: bool,
    /// Inside a script: fractions on one line, limits beside operators.
    pub script: bool,
}

/// A node with what its neighbours need to know for spacing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub node: &'a Node,
    pub kind: Kind,
    /// The node has scripts (a `lim` with limits wants a space after it).
    scripted: bool,
    /// Shown as a multi-letter word (`Delta` in ASCII, `\foo`).
    word: bool,
    starts_alnum: bool,
    ends_alnum: bool,
}

/// Classify `nodes` for spacing. `flat_fracs`: fractions are written `a/b`,
/// so they space like letters.
pub(crate) fn items(nodes: &[Node], ascii: bool, flat_fracs: bool) -> Vec<Item<'_>> {
    let mut items: Vec<Item> = nodes
        .iter()
        .map(|node| {
            let (first, last) = ends(node, ascii);
            Item {
                node,
                kind: kind_of(node, flat_fracs),
                scripted: matches!(node, Node::Scripts { .. }),
                word: is_word(node, ascii),
                starts_alnum: first.is_some_and(char::is_alphanumeric),
                ends_alnum: last.is_some_and(char::is_alphanumeric),
            }
        })
        .collect();
    // Bars pair up left to right: the first of a pair opens, the second
    // closes, so `|x − a| < δ` and `|x| + 1` are spaced like brackets. (TeX
    // makes every bar ordinary, which would read `|−x|` as a subtraction.)
    let bars: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| is_bar(it.node))
        .map(|(i, _)| i)
        .collect();
    for pair in bars.chunks(2) {
        match pair {
            [open, close] => {
                items[*open].kind = Kind::Open;
                items[*close].kind = Kind::Close;
            }
            [single] => items[*single].kind = Kind::Ord,
            _ => {}
        }
    }
    // A binary operator with nothing to combine on its left (or right) is
    // unary: `−x`, `(−3x³)`, `= −9x²`.
    for i in 0..items.len() {
        if items[i].kind != Kind::Bin {
            continue;
        }
        let prev = items[..i].iter().rev().find(|it| it.kind != Kind::Space);
        let next = items[i + 1..].iter().find(|it| it.kind != Kind::Space);
        let lonely_left = prev.is_none_or(|p| {
            matches!(
                p.kind,
                Kind::Bin | Kind::Rel | Kind::Open | Kind::Punct | Kind::Op
            )
        });
        let lonely_right =
            next.is_none_or(|n| matches!(n.kind, Kind::Rel | Kind::Close | Kind::Punct));
        if lonely_left || lonely_right {
            items[i].kind = Kind::Ord;
        }
    }
    items
}

/// A bar typed as `|` or `‖` (or `\lvert` and friends), possibly scripted.
fn is_bar(node: &Node) -> bool {
    match node {
        Node::Atom { uni, .. } => uni == "|" || uni == "‖",
        Node::Scripts { base, .. } => is_bar(base),
        _ => false,
    }
}

fn kind_of(node: &Node, flat_fracs: bool) -> Kind {
    match node {
        Node::Atom { class, .. } => match class {
            Class::Ord => Kind::Ord,
            Class::Bin => Kind::Bin,
            Class::Rel => Kind::Rel,
            Class::Open => Kind::Open,
            Class::Close => Kind::Close,
            Class::Punct => Kind::Punct,
            Class::Op => Kind::Op,
        },
        Node::Op(_) => Kind::Op,
        Node::Frac(..) | Node::Grid { .. } if !flat_fracs => Kind::Inner,
        Node::Scripts { base, .. } => kind_of(base, flat_fracs),
        Node::Space(_) => Kind::Space,
        _ => Kind::Ord,
    }
}

fn is_word(node: &Node, ascii: bool) -> bool {
    match node {
        Node::Atom { uni, word, .. } => *word && (ascii || uni.chars().count() > 1),
        Node::Scripts { base, .. } => is_word(base, ascii),
        Node::Group(v) => v.len() == 1 && is_word(&v[0], ascii),
        _ => false,
    }
}

/// The first and last characters a node shows, where simply known.
fn ends(node: &Node, ascii: bool) -> (Option<char>, Option<char>) {
    let of = |s: &str| (s.chars().next(), s.chars().last());
    match node {
        Node::Atom { uni, ascii: a, .. } => of(if ascii { a } else { uni }),
        Node::Op(op) => of(if ascii { op.ascii } else { op.uni }),
        Node::Text(t) | Node::Raw(t) => of(t),
        Node::Scripts { base, .. } => (ends(base, ascii).0, None),
        Node::Group(v) => (
            v.first().and_then(|n| ends(n, ascii).0),
            v.last().and_then(|n| ends(n, ascii).1),
        ),
        _ => (None, None),
    }
}

/// Columns of space between two neighbours.
pub(crate) fn gap(prev: &Item, next: &Item, spacing: Spacing) -> usize {
    use Kind::*;
    let (p, n) = (prev.kind, next.kind);
    // Two words side by side would read as one (`Delta x`, `\foo x`).
    let words = usize::from(
        (prev.word && next.starts_alnum)
            || (prev.ends_alnum && next.word)
            || (prev.word && next.word),
    );
    if p == Space || n == Space {
        return 0;
    }
    if spacing == Spacing::Compact {
        return words;
    }
    let script = spacing == Spacing::Script;
    if p == Bin || n == Bin {
        return usize::from(!script);
    }
    if p == Rel || n == Rel {
        let tight = (p == Rel && n == Rel) || n == Punct || n == Close || p == Open;
        return usize::from(!tight);
    }
    if p == Punct {
        return usize::from(!script && n != Close);
    }
    if p == Op {
        return match n {
            Ord | Inner | Op => 1,
            Open => usize::from(prev.scripted),
            _ => 0,
        };
    }
    if n == Op && matches!(p, Ord | Inner | Close) {
        return 1;
    }
    if !script
        && ((p == Inner && matches!(n, Ord | Inner)) || (n == Inner && matches!(p, Ord | Close)))
    {
        return 1;
    }
    words
}

/// Lay out a list of nodes on one baseline.
pub(crate) fn list(nodes: &[Node], st: Style) -> MBox {
    let pieces = pieces(nodes, st);
    if pieces.is_empty() {
        return MBox::text("");
    }
    let mut boxes = Vec::with_capacity(pieces.len() * 2);
    for (b, _, g) in pieces {
        if g > 0 {
            boxes.push(MBox::space(g));
        }
        boxes.push(b);
    }
    MBox::row(&boxes)
}

/// Each node of a list laid out, with its kind and the space before it.
pub(crate) fn pieces(nodes: &[Node], st: Style) -> Vec<(MBox, Kind, usize)> {
    let items = items(nodes, st.ascii, st.script);
    let spacing = if st.script {
        Spacing::Script
    } else {
        Spacing::Normal
    };
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let g = if i == 0 {
                0
            } else {
                gap(&items[i - 1], it, spacing)
            };
            (node(it.node, st), it.kind, g)
        })
        .collect()
}

fn pick<'a>(st: Style, uni: &'a str, ascii: &'a str) -> &'a str {
    if st.ascii { ascii } else { uni }
}

/// Lay out one node.
pub(crate) fn node(n: &Node, st: Style) -> MBox {
    match n {
        Node::Atom { uni, ascii, .. } => MBox::text(pick(st, uni, ascii)),
        Node::Op(op) => MBox::text(pick(st, op.uni, op.ascii)),
        Node::Group(v) => list(v, st),
        Node::Frac(num, den) if st.script => {
            MBox::text(&flat::frac(num, den, st.ascii, Spacing::Script))
        }
        Node::Frac(num, den) => {
            let num = list(num, st);
            let den = list(den, st);
            let bar = pick(st, "─", "-").repeat(num.width.max(den.width));
            MBox::stack_centred(&[num, MBox::text(&bar), den], 1)
        }
        Node::Sqrt { index, body } => sqrt(index.as_deref(), body, st),
        Node::Scripts { base, sup, sub } => scripts(base, sup.as_deref(), sub.as_deref(), st),
        Node::Delim { left, body, right } => delimited(left, list(body, st), right, st.ascii),
        Node::Text(t) | Node::Raw(t) => MBox::text(t),
        Node::Space(k) => MBox::space(*k),
        Node::Braced(v) => MBox::row(&[MBox::text("{"), list(v, st), MBox::text("}")]),
        Node::Grid { kind, rows } if st.script => {
            MBox::text(&flat::grid(*kind, rows, st.ascii, Spacing::Script))
        }
        Node::Grid { kind, rows } => grid(*kind, rows, st),
        Node::Accent { accent, body } => {
            let b = list(body, st);
            if st.ascii {
                return MBox::row(&[MBox::text(accent.name()), delimited("(", b, ")", true)]);
            }
            let one_letter = b.height() == 1 && b.lines[0].chars().count() == 1;
            if one_letter {
                return MBox::text(&format!("{}{}", b.lines[0], accent.combining()));
            }
            // A longer body: the mark on a row of its own, a bar as wide as
            // the body.
            let mark = match accent {
                Accent::Bar => "─".repeat(b.width),
                _ => accent.over().to_string(),
            };
            MBox::stack_centred(&[MBox::text(&mark), b], 1)
        }
    }
}

/// Rows of cells in aligned columns, with what encloses them.
fn grid(kind: GridKind, rows: &[Vec<Vec<Node>>], st: Style) -> MBox {
    let cells: Vec<Vec<MBox>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| list(cell, st)).collect())
        .collect();
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .filter_map(|row| row.get(c))
                .map(|b| b.width)
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Space before column `c`: in `aligned` none inside a pair (the right
    // cell starts with its relation, which brings its own space) and two
    // between pairs; elsewhere two.
    let space_before = |c: usize| match kind {
        _ if c == 0 => 0,
        GridKind::Aligned if c % 2 == 1 => 1,
        _ => 2,
    };
    let mut lines: Vec<MBox> = Vec::new();
    for (r, row) in cells.iter().enumerate() {
        let mut parts = Vec::new();
        for (c, &width) in widths.iter().enumerate() {
            parts.push(MBox::space(space_before(c)));
            let cell = row.get(c).cloned().unwrap_or_else(|| MBox::space(0));
            let spare = width - cell.width.min(width);
            let left = match kind {
                GridKind::Cases => 0,
                GridKind::Aligned if c % 2 == 0 => spare,
                GridKind::Aligned => 0,
                GridKind::Binom | GridKind::Matrix { .. } => spare / 2,
            };
            parts.push(MBox::space(left));
            parts.push(cell);
            parts.push(MBox::space(spare - left));
        }
        // Tall rows (fractions) get a blank row between them, so a
        // denominator never sits on the next numerator.
        let tall = kind == GridKind::Binom
            || row.iter().any(|b| b.height() > 1)
            || cells
                .get(r + 1)
                .is_some_and(|next| next.iter().any(|b| b.height() > 1));
        lines.push(MBox::row(&parts));
        if tall && r + 1 < cells.len() {
            lines.push(MBox::space(0));
        }
    }
    let width = lines.iter().map(|b| b.width).max().unwrap_or(0);
    let indents = vec![0; lines.len()];
    let mut body = MBox::stack(&lines, &indents, width, 0);
    // Centred on the surrounding baseline, as TeX centres on the axis.
    body.baseline = body.height().saturating_sub(1) / 2;
    match kind {
        GridKind::Binom => delimited("(", body, ")", st.ascii),
        GridKind::Cases => delimited("{", MBox::row(&[MBox::space(1), body]), ".", st.ascii),
        GridKind::Aligned => body,
        GridKind::Matrix { left, right } => delimited(left, body, right, st.ascii),
    }
}

fn sqrt(index: Option<&[Node]>, body: &[Node], st: Style) -> MBox {
    let b = list(body, st);
    let index = index.map(|i| flat::list(i, st.ascii, Spacing::Compact));
    if st.ascii {
        let name = match &index {
            Some(i) => format!("sqrt[{i}]"),
            None => "sqrt".to_string(),
        };
        return MBox::row(&[MBox::text(&name), delimited("(", b, ")", true)]);
    }
    let h = b.height();
    let bar = "─".repeat(b.width);
    let mut lines = Vec::with_capacity(h + 1);
    if h == 1 {
        lines.push(format!(" {bar}"));
    } else {
        lines.push(format!("┌{bar}"));
    }
    for (r, line) in b.lines.iter().enumerate() {
        let side = if r + 1 == h { '√' } else { '│' };
        lines.push(format!("{side}{line}"));
    }
    let root = MBox {
        lines,
        width: b.width + 1,
        baseline: b.baseline + 1,
    };
    match index {
        None => root,
        Some(i) => {
            let shown = symbols::map_all(&i, symbols::superscript).unwrap_or(i);
            let col = MBox::column(root.height(), root.baseline, &[(root.height() - 2, &shown)]);
            MBox::row(&[col, root])
        }
    }
}

/// A script written on one line: Unicode superscripts or subscripts when
/// every character has one, `^2` / `_(n+1)` in ASCII, else `None`.
fn flat_script(nodes: &[Node], sup: bool, ascii: bool) -> Option<String> {
    if ascii {
        return Some(flat::script(nodes, sup, true));
    }
    let f = if sup {
        symbols::superscript
    } else {
        symbols::subscript
    };
    symbols::map_all(&flat::list(nodes, false, Spacing::Compact), f)
}

fn scripts(base: &Node, sup: Option<&[Node]>, sub: Option<&[Node]>, st: Style) -> MBox {
    let script_st = Style { script: true, ..st };
    if let Node::Op(op) = base
        && op.limits
        && !st.script
    {
        // Limits centred over and under the operator: `lim` with `h → 0`.
        let mut rows = Vec::new();
        if let Some(s) = sup {
            rows.push(list(s, script_st));
        }
        let on = rows.len();
        rows.push(MBox::text(pick(st, op.uni, op.ascii)));
        if let Some(s) = sub {
            rows.push(list(s, script_st));
        }
        return MBox::stack_centred(&rows, on);
    }
    let b = node(base, st);
    let sup_flat = sup.map(|s| flat_script(s, true, st.ascii));
    let sub_flat = sub.map(|s| flat_script(s, false, st.ascii));
    let all_flat = sup_flat.as_ref().is_none_or(Option::is_some)
        && sub_flat.as_ref().is_none_or(Option::is_some);
    if all_flat {
        let sup_s = sup_flat.flatten().unwrap_or_default();
        let sub_s = sub_flat.flatten().unwrap_or_default();
        if b.height() == 1 {
            return MBox::row(&[b, MBox::text(&format!("{sub_s}{sup_s}"))]);
        }
        // Beside a tall base: superscript at its top, subscript at its foot.
        let h = b.height();
        let col = MBox::column(h, b.baseline, &[(0, &sup_s), (h - 1, &sub_s)]);
        return MBox::row(&[b, col]);
    }
    // Raised and lowered rows: the superscript ends just above the base,
    // the subscript starts just below it.
    let mut rows = Vec::new();
    if let Some(s) = sup {
        rows.push(list(s, script_st));
    }
    let on = rows.len();
    rows.push(MBox {
        lines: vec![String::new(); b.height()],
        width: 0,
        baseline: b.baseline,
    });
    if let Some(s) = sub {
        rows.push(list(s, script_st));
    }
    let indents = vec![0; rows.len()];
    let col = MBox::stack(&rows, &indents, 0, on);
    MBox::row(&[b, col])
}

/// A delimiter shown on one line.
pub(crate) fn flat_delim(key: &str, ascii: bool) -> &str {
    match (key, ascii) {
        (".", _) => "",
        ("⟨", true) => "<",
        ("⟩", true) => ">",
        ("‖", true) => "||",
        ("⌊" | "⌋" | "⌈" | "⌉", true) => "|",
        (k, _) => k,
    }
}

/// `body` between delimiters as tall as it is.
pub(crate) fn delimited(left: &str, body: MBox, right: &str, ascii: bool) -> MBox {
    let l = tall(left, &body, ascii);
    let r = tall(right, &body, ascii);
    MBox::row(&[l, body, r])
}

fn tall(key: &str, body: &MBox, ascii: bool) -> MBox {
    let h = body.height();
    if h == 1 || key == "." {
        let s = flat_delim(key, ascii);
        return MBox::column(h, body.baseline, &[(body.baseline, s)]);
    }
    // (top, middle, bottom, centre) pieces.
    let (top, mid, bot, centre) = match (key, ascii) {
        ("(", false) => ("⎛", "⎜", "⎝", "⎜"),
        (")", false) => ("⎞", "⎟", "⎠", "⎟"),
        ("[", false) => ("⎡", "⎢", "⎣", "⎢"),
        ("]", false) => ("⎤", "⎥", "⎦", "⎥"),
        ("{", false) => ("⎧", "⎪", "⎩", "⎨"),
        ("}", false) => ("⎫", "⎪", "⎭", "⎬"),
        ("⌊", false) => ("│", "│", "└", "│"),
        ("⌋", false) => ("│", "│", "┘", "│"),
        ("⌈", false) => ("┌", "│", "│", "│"),
        ("⌉", false) => ("┐", "│", "│", "│"),
        ("⟨", false) => ("╱", "│", "╲", "⟨"),
        ("⟩", false) => ("╲", "│", "╱", "⟩"),
        ("‖", false) => ("‖", "‖", "‖", "‖"),
        (_, false) => ("│", "│", "│", "│"),
        ("(", true) => ("/", "|", "\\", "|"),
        (")", true) => ("\\", "|", "/", "|"),
        ("[", true) => ("[", "[", "[", "["),
        ("]", true) => ("]", "]", "]", "]"),
        ("{", true) => ("/", "|", "\\", "<"),
        ("}", true) => ("\\", "|", "/", ">"),
        ("⟨", true) => ("/", "|", "\\", "<"),
        ("⟩", true) => ("\\", "|", "/", ">"),
        ("‖", true) => ("||", "||", "||", "||"),
        (_, true) => ("|", "|", "|", "|"),
    };
    let pieces: Vec<(usize, &str)> = (0..h)
        .map(|r| {
            let piece = if r == 0 {
                top
            } else if r + 1 == h {
                bot
            } else if r == body.baseline {
                centre
            } else {
                mid
            };
            (r, piece)
        })
        .collect();
    MBox::column(h, body.baseline, &pieces)
}
