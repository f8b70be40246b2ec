//! The one-line form: the parsed tree written as a single line of text, for
//! inline math and for scripts and fractions inside display scripts.

use super::layout::{self, Kind, Spacing};
use super::parse::{GridKind, Node};
use super::symbols;

/// Write a list of nodes on one line.
pub(crate) fn list(nodes: &[Node], ascii: bool, spacing: Spacing) -> String {
    let items = layout::items(nodes, ascii, true);
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            let g = layout::gap(&items[i - 1], it, spacing);
            out.push_str(&" ".repeat(g));
        }
        let shown = node(it.node, ascii, spacing);
        // `a/b` written next to a letter or another fraction would run into
        // it (`a/bc/d`): parenthesise it.
        let crowded = matches!(it.node, Node::Frac(..))
            && (i > 0 && matches!(items[i - 1].kind, Kind::Ord | Kind::Close)
                || items
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kind, Kind::Ord | Kind::Open)));
        if crowded {
            out.push_str(&format!("({shown})"));
        } else {
            out.push_str(&shown);
        }
    }
    out
}

fn node(n: &Node, ascii: bool, spacing: Spacing) -> String {
    let pick = |uni: &str, asc: &str| if ascii { asc } else { uni }.to_string();
    match n {
        Node::Atom {
            uni, ascii: asc, ..
        } => pick(uni, asc),
        Node::Op(op) => pick(op.uni, op.ascii),
        Node::Group(v) => list(v, ascii, spacing),
        Node::Frac(num, den) => frac(num, den, ascii, spacing),
        Node::Sqrt { index, body } => {
            let b = list(body, ascii, spacing);
            let b = if needs_parens(body, ascii) || ascii {
                format!("({b})")
            } else {
                b
            };
            match (index, ascii) {
                (None, false) => format!("√{b}"),
                (None, true) => format!("sqrt{b}"),
                (Some(i), _) => {
                    let i = list(i, ascii, Spacing::Compact);
                    match (symbols::map_all(&i, symbols::superscript), ascii) {
                        (Some(sup), false) => format!("{sup}√{b}"),
                        (_, false) => format!("√[{i}]{b}"),
                        (_, true) => format!("sqrt[{i}]{b}"),
                    }
                }
            }
        }
        Node::Scripts { base, sup, sub } => {
            let mut s = node(base, ascii, spacing);
            // `(a/b)²`, `(x + 1)²`: a compound base keeps its grouping.
            let compound = match base.as_ref() {
                Node::Frac(..) => true,
                Node::Group(inner) => needs_parens(inner, ascii),
                _ => false,
            };
            if compound && !wrapped(&s) {
                s = format!("({s})");
            }
            if let Some(sub) = sub {
                s.push_str(&script(sub, false, ascii));
            }
            if let Some(sup) = sup {
                s.push_str(&script(sup, true, ascii));
            }
            s
        }
        Node::Delim { left, body, right } => format!(
            "{}{}{}",
            layout::flat_delim(left, ascii),
            list(body, ascii, spacing),
            layout::flat_delim(right, ascii)
        ),
        Node::Text(t) | Node::Raw(t) => t.clone(),
        Node::Space(k) => " ".repeat(*k),
        Node::Braced(v) => format!("{{{}}}", list(v, ascii, spacing)),
        Node::Grid { kind, rows } => grid(*kind, rows, ascii, spacing),
        Node::Accent { accent, body } => {
            let b = list(body, ascii, spacing);
            let mut chars = b.chars();
            match (chars.next(), chars.next(), ascii) {
                (Some(c), None, false) => format!("{c}{}", accent.combining()),
                _ => format!("{}({b})", accent.name()),
            }
        }
    }
}

/// Rows of cells on one line: `C(n, k)` for a binomial, rows joined by
/// `; ` (cells by `, ` in cases and matrices, run together in `aligned`).
pub(crate) fn grid(
    kind: GridKind,
    rows: &[Vec<Vec<Node>>],
    ascii: bool,
    spacing: Spacing,
) -> String {
    let cell = |c: &Vec<Node>| list(c, ascii, spacing);
    let joined = |sep: &str| {
        rows.iter()
            .map(|row| {
                let cells: Vec<String> = row.iter().map(cell).collect();
                match kind {
                    GridKind::Aligned => cells.join(" ").trim().to_string(),
                    _ => cells.join(", "),
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    match kind {
        GridKind::Binom => format!("C({})", joined(", ")),
        GridKind::Cases => format!("{{{}}}", joined("; ")),
        GridKind::Aligned => joined("; "),
        GridKind::Matrix { left, right } => format!(
            "{}{}{}",
            layout::flat_delim(if left == "." { "[" } else { left }, ascii),
            joined("; "),
            layout::flat_delim(if right == "." { "]" } else { right }, ascii)
        ),
    }
}

/// A script on one line: Unicode superscripts or subscripts when every
/// character has one, else `^x`, `^(n+1)`, `_(Δx→0)`.
pub(crate) fn script(nodes: &[Node], sup: bool, ascii: bool) -> String {
    let s = list(nodes, ascii, Spacing::Compact);
    if !ascii {
        let f = if sup {
            symbols::superscript
        } else {
            symbols::subscript
        };
        if let Some(mapped) = symbols::map_all(&s, f) {
            return mapped;
        }
    }
    let mark = if sup { '^' } else { '_' };
    let single = s.chars().count() == 1 || (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()));
    if single || wrapped(&s) {
        format!("{mark}{s}")
    } else {
        format!("{mark}({s})")
    }
}

/// `a/b`, with parentheses where the parts would otherwise run together.
pub(crate) fn frac(num: &[Node], den: &[Node], ascii: bool, spacing: Spacing) -> String {
    let part = |nodes: &[Node]| {
        let s = list(nodes, ascii, spacing);
        if needs_parens(nodes, ascii) && !wrapped(&s) {
            format!("({s})")
        } else {
            s
        }
    };
    format!("{}/{}", part(num), part(den))
}

/// Does a fraction part or root need parentheses on one line: does it hold
/// an operator, a relation, a comma, a space or a fraction?
fn needs_parens(nodes: &[Node], ascii: bool) -> bool {
    if let [Node::Group(inner)] = nodes {
        return needs_parens(inner, ascii);
    }
    layout::items(nodes, ascii, true).iter().any(|it| {
        matches!(
            it.kind,
            Kind::Bin | Kind::Rel | Kind::Punct | Kind::Op | Kind::Space
        ) || matches!(it.node, Node::Frac(..) | Node::Text(_))
    })
}

/// Is `s` one parenthesised whole, like `(n+1)` but not `(a)(b)`?
fn wrapped(s: &str) -> bool {
    if !(s.starts_with('(') && s.ends_with(')')) {
        return false;
    }
    let mut depth = 0i64;
    let last = s.chars().count() - 1;
    for (i, c) in s.chars().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 && i != last {
            return false;
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_checks_the_outer_pair() {
        assert!(wrapped("(n+1)"));
        assert!(wrapped("((a)(b))"));
        assert!(!wrapped("(a)(b)"));
        assert!(!wrapped("a"));
    }
}
