//! Printing a tree as readable math: `·` for products, `−` for minus,
//! raised digits for whole powers, `√`, `π` and `|x|`. Brackets go exactly
//! where the tree needs them (so the print parses back to the same tree),
//! plus a few for reading: `(1/2)·x` and `(a/b)/c`.

use super::{BinOp, Const, Func, Node};

pub(crate) fn pretty(node: &Node, names: &[String]) -> String {
    pretty_with_depth(node, names).0
}

/// The print and how deeply it nests, counted as the parser counts:
/// brackets, bars, functions, `√`, signs and `^` exponents. Parsing checks
/// this depth, so whatever parses also prints to something that parses.
pub(crate) fn pretty_with_depth(node: &Node, names: &[String]) -> (String, usize) {
    let mut p = Printer {
        names,
        out: String::new(),
        depth: 0,
        max_depth: 0,
    };
    write(node, true, &mut p);
    (p.out, p.max_depth)
}

struct Printer<'a> {
    names: &'a [String],
    out: String,
    depth: usize,
    max_depth: usize,
}

impl Printer<'_> {
    fn enter(&mut self) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// A node that prints as one indivisible piece (safe as a power's base).
fn is_atom(node: &Node) -> bool {
    match node {
        Node::Num(v) => *v >= 0.0,
        Node::Var(_) | Node::Const(_) => true,
        Node::Call(Func::Sqrt, arg) => !bare_root_arg(arg),
        Node::Call(..) | Node::Call2(..) => true,
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
fn write(node: &Node, edge: bool, p: &mut Printer) {
    match node {
        Node::Num(v) => {
            if *v < 0.0 {
                p.out.push_str("(−");
                p.out.push_str(&number(-v));
                p.out.push(')');
            } else {
                p.out.push_str(&number(*v));
            }
        }
        Node::Var(i) => match p.names.get(*i) {
            Some(name) => p.out.push_str(name),
            None => p.out.push('?'),
        },
        Node::Const(Const::Pi) => p.out.push('π'),
        Node::Const(Const::E) => p.out.push('e'),
        Node::Neg(a) => {
            if !edge {
                p.enter();
                p.out.push('(');
            }
            p.out.push('−');
            p.enter();
            let bare = is_atom(a) || matches!(**a, Node::Bin(BinOp::Pow, ..));
            wrapped(a, !bare, p);
            p.leave();
            if !edge {
                p.out.push(')');
                p.leave();
            }
        }
        Node::Bin(op, a, b) => match op {
            BinOp::Add | BinOp::Sub => {
                write(a, edge, p);
                p.out
                    .push_str(if *op == BinOp::Add { " + " } else { " − " });
                wrapped_tail(b, is_sum(b), p);
            }
            BinOp::Mul | BinOp::Div => {
                let left_paren = is_sum(a) || is_div(a);
                if left_paren {
                    wrapped(a, true, p);
                } else {
                    write(a, edge, p);
                }
                p.out.push(if *op == BinOp::Mul { '·' } else { '/' });
                wrapped_tail(b, is_sum(b) || is_product(b), p);
            }
            BinOp::Pow => {
                let base_paren = !is_atom(a);
                wrapped(a, base_paren, p);
                if let Some(raised) = superscript(b) {
                    p.out.push_str(&raised);
                } else {
                    p.out.push('^');
                    p.enter();
                    let plain = is_atom(b) || matches!(**b, Node::Bin(BinOp::Pow, ..));
                    wrapped_tail(b, !plain, p);
                    p.leave();
                }
            }
        },
        Node::Call(f, a) => {
            p.enter();
            match f {
                Func::Abs => {
                    p.out.push('|');
                    write(a, true, p);
                    p.out.push('|');
                }
                Func::Sqrt => {
                    p.out.push('√');
                    wrapped(a, !bare_root_arg(a), p);
                }
                _ => {
                    p.out.push_str(f.name());
                    wrapped(a, true, p);
                }
            }
            p.leave();
        }
        Node::Call2(f, a, b) => {
            p.enter();
            p.out.push_str(f.name());
            p.out.push('(');
            write(a, true, p);
            p.out.push_str(", ");
            write(b, true, p);
            p.out.push(')');
            p.leave();
        }
    }
}

/// Write `node` in brackets when `paren`, else as the start of a group.
fn wrapped(node: &Node, paren: bool, p: &mut Printer) {
    if paren {
        p.enter();
        p.out.push('(');
        write(node, true, p);
        p.out.push(')');
        p.leave();
    } else {
        write(node, true, p);
    }
}

/// Write a right operand: in brackets when `paren`; otherwise not at the
/// start of a group, so a negation brackets itself.
fn wrapped_tail(node: &Node, paren: bool, p: &mut Printer) {
    if paren {
        wrapped(node, true, p);
    } else {
        write(node, false, p);
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
    // A whole number below a million: the cast is exact. Digits all have
    // superscript forms.
    s.extend(
        (value as u64)
            .to_string()
            .chars()
            .filter_map(crate::math::superscript),
    );
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
