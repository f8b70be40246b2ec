//! Printing a tree as readable math: `·` for products, `−` for minus,
//! raised digits for whole powers, `√`, `π` and `|x|`. Brackets go exactly
//! where the tree needs them (so the print parses back to the same tree),
//! plus a few for reading: `(1/2)·x` and `(a/b)/c`.

use super::{BinOp, Const, Func, Node};

pub(crate) fn pretty(node: &Node, names: &[String]) -> String {
    let mut out = String::new();
    write(node, names, true, &mut out);
    out
}

/// A node that prints as one indivisible piece (safe as a power's base).
fn is_atom(node: &Node) -> bool {
    match node {
        Node::Num(v) => *v >= 0.0,
        Node::Var(_) | Node::Const(_) => true,
        Node::Call(Func::Sqrt, arg) => !bare_root_arg(arg),
        Node::Call(..) => true,
        _ => false,
    }
}

/// `√x` prints without brackets when its argument is a single atom.
fn bare_root_arg(arg: &Node) -> bool {
    matches!(arg, Node::Var(_) | Node::Const(_)) || matches!(arg, Node::Num(v) if *v >= 0.0)
}

fn is_sum(node: &Node) -> bool {
    matches!(node, Node::Bin(BinOp::Add | BinOp::Sub, ..))
}

fn is_product(node: &Node) -> bool {
    matches!(node, Node::Bin(BinOp::Mul | BinOp::Div, ..))
}

fn is_div(node: &Node) -> bool {
    matches!(node, Node::Bin(BinOp::Div, ..))
}

/// Write `node`; `edge` says whether it starts its group, where a leading
/// minus reads naturally (elsewhere a negation gets brackets: `a + (−b)`).
fn write(node: &Node, names: &[String], edge: bool, out: &mut String) {
    match node {
        Node::Num(v) => {
            if *v < 0.0 {
                out.push_str("(−");
                out.push_str(&number(-v));
                out.push(')');
            } else {
                out.push_str(&number(*v));
            }
        }
        Node::Var(i) => match names.get(*i) {
            Some(name) => out.push_str(name),
            None => out.push('?'),
        },
        Node::Const(Const::Pi) => out.push('π'),
        Node::Const(Const::E) => out.push('e'),
        Node::Neg(a) => {
            if !edge {
                out.push('(');
            }
            out.push('−');
            let bare = is_atom(a) || matches!(**a, Node::Bin(BinOp::Pow, ..));
            wrapped(a, names, !bare, out);
            if !edge {
                out.push(')');
            }
        }
        Node::Bin(op, a, b) => match op {
            BinOp::Add | BinOp::Sub => {
                write(a, names, edge, out);
                out.push_str(if *op == BinOp::Add { " + " } else { " − " });
                wrapped_tail(b, names, is_sum(b), out);
            }
            BinOp::Mul | BinOp::Div => {
                let left_paren = is_sum(a) || is_div(a);
                if left_paren {
                    wrapped(a, names, true, out);
                } else {
                    write(a, names, edge, out);
                }
                out.push(if *op == BinOp::Mul { '·' } else { '/' });
                wrapped_tail(b, names, is_sum(b) || is_product(b), out);
            }
            BinOp::Pow => {
                let base_paren = !is_atom(a);
                wrapped(a, names, base_paren, out);
                if let Some(raised) = superscript(b) {
                    out.push_str(&raised);
                } else {
                    out.push('^');
                    let plain = is_atom(b) || matches!(**b, Node::Bin(BinOp::Pow, ..));
                    wrapped_tail(b, names, !plain, out);
                }
            }
        },
        Node::Call(f, a) => match f {
            Func::Abs => {
                out.push('|');
                write(a, names, true, out);
                out.push('|');
            }
            Func::Sqrt => {
                out.push('√');
                wrapped(a, names, !bare_root_arg(a), out);
            }
            _ => {
                out.push_str(f.name());
                wrapped(a, names, true, out);
            }
        },
    }
}

/// Write `node` in brackets when `paren`, else as the start of a group.
fn wrapped(node: &Node, names: &[String], paren: bool, out: &mut String) {
    if paren {
        out.push('(');
        write(node, names, true, out);
        out.push(')');
    } else {
        write(node, names, true, out);
    }
}

/// Write a right operand: in brackets when `paren`; otherwise not at the
/// start of a group, so a negation brackets itself.
fn wrapped_tail(node: &Node, names: &[String], paren: bool, out: &mut String) {
    if paren {
        wrapped(node, names, true, out);
    } else {
        write(node, names, false, out);
    }
}

/// Whole powers print raised (`x²`, `x⁻¹`).
fn superscript(exponent: &Node) -> Option<String> {
    let (value, negative) = match exponent {
        Node::Num(v) => (*v, false),
        Node::Neg(inner) => match **inner {
            Node::Num(v) => (v, true),
            _ => return None,
        },
        _ => return None,
    };
    if value < 0.0 || value.fract() != 0.0 || value > 999_999.0 {
        return None;
    }
    let mut s = String::new();
    if negative {
        s.push('⁻');
    }
    // A whole number below a million: the cast is exact.
    for d in (value as u64).to_string().chars() {
        s.push(match d {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        });
    }
    Some(s)
}

/// Shortest decimal that reads back as the same value; exponent form for
/// very large or small magnitudes.
fn number(v: f64) -> String {
    if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
