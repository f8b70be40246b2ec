//! Recursive descent over the tokens, one function per precedence level:
//! sum (`+ -`), product (`* /` and implicit), sign (`-`), power (`^`),
//! postfix (raised digits), primary (numbers, names, groups, functions).
//! Every level that can recurse counts depth, so no input overflows the
//! stack.

use super::lexer::{Bracket, Tok, Token};
use super::{BinOp, MAX_DEPTH, Node, ParseError};

/// A comma where none belongs: most often a decimal comma.
const COMMA_HERE: &str = "`,` can't be used here (write decimals with a point: 2.5)";

pub(crate) fn parse_tokens(chars: &[char], tokens: &[Token]) -> Result<Node, ParseError> {
    let mut p = Parser {
        chars,
        tokens,
        pos: 0,
        depth: 0,
        bars: 0,
    };
    if tokens.is_empty() {
        return Err(ParseError::new(1, "type an expression"));
    }
    let node = p.sum()?;
    match p.peek() {
        None => Ok(node),
        Some(t) => Err(p.leftover(t)),
    }
}

struct Parser<'a> {
    chars: &'a [char],
    tokens: &'a [Token],
    pos: usize,
    depth: usize,
    /// Absolute-value bars open inside the innermost bracket group: while one
    /// is open, a `|` closes it instead of starting a new factor.
    bars: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn text(&self, t: Token) -> String {
        self.chars
            .get(t.start..t.end)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// The column just after the last character that is not a space.
    fn end_column(&self) -> usize {
        self.tokens.last().map_or(1, |t| t.end + 1)
    }

    fn enter(&mut self, at: Token) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                at.start + 1,
                format!("the expression nests too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The error for a token left over after a complete expression.
    fn leftover(&self, t: Token) -> ParseError {
        match t.tok {
            Tok::Close(b) => ParseError::new(
                t.start + 1,
                format!("`{}` has no `{}` to match it", b.close(), b.open()),
            ),
            Tok::Comma => ParseError::new(t.start + 1, COMMA_HERE),
            _ => ParseError::new(
                t.start + 1,
                format!("`{}` was not expected here", self.text(t)),
            ),
        }
    }

    /// The error when an operand is needed but `found` (or the end) came
    /// instead; `after` is the token that needed it.
    fn missing_operand(&self, after: Option<Token>, found: Option<Token>) -> ParseError {
        let Some(found) = found else {
            return match after {
                Some(a) => ParseError::new(
                    self.end_column(),
                    format!("the input ends after `{}`", self.text(a)),
                ),
                None => ParseError::new(1, "type an expression"),
            };
        };
        let what = self.text(found);
        let message = match (after, found.tok) {
            (None, Tok::Close(_)) => return self.leftover(found),
            (Some(a), Tok::Close(_)) if matches!(a.tok, Tok::Open(_)) => {
                format!("nothing inside `{}{}`", self.text(a), what)
            }
            (Some(a), Tok::Close(_) | Tok::Bar) => {
                format!(
                    "something is missing between `{}` and `{what}`",
                    self.text(a)
                )
            }
            (Some(a), _) if !matches!(a.tok, Tok::Open(_) | Tok::Bar) => {
                format!("`{what}` can't come right after `{}`", self.text(a))
            }
            _ => format!("`{what}` needs something before it"),
        };
        ParseError::new(found.start + 1, message)
    }

    /// `a + b − c`
    fn sum(&mut self) -> Result<Node, ParseError> {
        let mut lhs = self.product()?;
        while let Some(t) = self.peek() {
            let op = match t.tok {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => break,
            };
            self.pos += 1;
            let rhs = self.product()?;
            lhs = Node::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    /// `a·b / c`, and implicit products `2x`, `2(x + 1)`, `x sin x`.
    fn product(&mut self) -> Result<Node, ParseError> {
        let mut lhs = self.signed()?;
        while let Some(t) = self.peek() {
            match t.tok {
                Tok::Star | Tok::Slash => {
                    self.pos += 1;
                    let op = if t.tok == Tok::Star {
                        BinOp::Mul
                    } else {
                        BinOp::Div
                    };
                    let rhs = self.signed()?;
                    lhs = Node::Bin(op, Box::new(lhs), Box::new(rhs));
                }
                Tok::Num(_) => {
                    let before = self.tokens.get(self.pos.wrapping_sub(1)).copied();
                    let prev = before.map(|b| self.text(b)).unwrap_or_default();
                    let num = self.text(t);
                    // Far more often a power than a product: offer the
                    // whole input with the power first, when it is short.
                    let with = |op: char| {
                        if self.chars.len() <= 24 {
                            let before: String = self.chars[..t.start].iter().collect();
                            let after: String = self.chars[t.start..].iter().collect();
                            format!("{}{op}{}", before.trim(), after.trim_end())
                        } else {
                            format!("{prev}{op}{num}")
                        }
                    };
                    return Err(ParseError::new(
                        t.start + 1,
                        format!(
                            "a number right after `{prev}`: did you mean `{}`? \
                             (for a product, write `{}`)",
                            with('^'),
                            with('*')
                        ),
                    ));
                }
                Tok::Var(_) | Tok::Const(_) | Tok::Func(_) | Tok::Open(_) | Tok::Root => {
                    let rhs = self.power()?;
                    lhs = Node::Bin(BinOp::Mul, Box::new(lhs), Box::new(rhs));
                }
                Tok::Bar if self.bars == 0 => {
                    let rhs = self.power()?;
                    lhs = Node::Bin(BinOp::Mul, Box::new(lhs), Box::new(rhs));
                }
                _ => break,
            }
        }
        Ok(lhs)
    }

    /// A leading sign: `-x^2` is −(x²).
    fn signed(&mut self) -> Result<Node, ParseError> {
        match self.peek() {
            Some(t) if matches!(t.tok, Tok::Minus | Tok::Plus) => {
                self.pos += 1;
                self.enter(t)?;
                if self.peek().is_none() {
                    return Err(self.missing_operand(Some(t), None));
                }
                let inner = self.signed()?;
                self.leave();
                Ok(if t.tok == Tok::Minus {
                    Node::Neg(Box::new(inner))
                } else {
                    inner
                })
            }
            _ => self.power(),
        }
    }

    /// `a^b`, right-associative; the exponent may carry a sign (`2^-1`).
    fn power(&mut self) -> Result<Node, ParseError> {
        let base = self.postfix()?;
        match self.peek() {
            Some(t) if t.tok == Tok::Caret => {
                self.pos += 1;
                self.enter(t)?;
                let exponent = self.signed()?;
                self.leave();
                Ok(Node::Bin(BinOp::Pow, Box::new(base), Box::new(exponent)))
            }
            _ => Ok(base),
        }
    }

    /// Raised digits after an operand: `x²`, `x⁻¹`.
    fn postfix(&mut self) -> Result<Node, ParseError> {
        let mut node = self.primary()?;
        while let Some(Token {
            tok: Tok::Sup { value, negative },
            ..
        }) = self.peek()
        {
            self.pos += 1;
            node = Node::Bin(
                BinOp::Pow,
                Box::new(node),
                Box::new(sup_node(value, negative)),
            );
        }
        Ok(node)
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let before = self.tokens.get(self.pos.wrapping_sub(1)).copied();
        let Some(t) = self.peek() else {
            return Err(self.missing_operand(before, None));
        };
        match t.tok {
            Tok::Num(v) => {
                self.pos += 1;
                Ok(Node::Num(v))
            }
            Tok::Var(i) => {
                self.pos += 1;
                Ok(Node::Var(i))
            }
            Tok::Const(c) => {
                self.pos += 1;
                Ok(Node::Const(c))
            }
            Tok::Open(b) => self.group(t, b),
            Tok::Bar => self.bars_group(t),
            Tok::Func(f) => {
                self.pos += 1;
                self.enter(t)?;
                let node = self.call(t, f)?;
                self.leave();
                Ok(node)
            }
            Tok::Root => {
                self.pos += 1;
                self.enter(t)?;
                let arg = self.argument(t)?;
                self.leave();
                Ok(Node::Call(super::Func::Sqrt, Box::new(arg)))
            }
            Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::Caret
            | Tok::Close(_)
            | Tok::Comma
            | Tok::Sup { .. } => Err(self.missing_operand(before, Some(t))),
        }
    }

    /// `( … )` or `[ … ]`.
    fn group(&mut self, open: Token, bracket: Bracket) -> Result<Node, ParseError> {
        let [inner] = self.group_items::<1>(open, bracket, None)?;
        Ok(inner)
    }

    /// A bracket group of `N` expressions separated by commas: one for a
    /// plain group, two for the arguments of `min` and `max` (`func`).
    fn group_items<const N: usize>(
        &mut self,
        open: Token,
        bracket: Bracket,
        func: Option<Token>,
    ) -> Result<[Node; N], ParseError> {
        self.pos += 1;
        self.enter(open)?;
        let saved_bars = std::mem::replace(&mut self.bars, 0);
        let mut items = Vec::with_capacity(N);
        while items.len() < N {
            if let Some(t) = self.peek()
                && matches!(t.tok, Tok::Close(_) | Tok::Comma)
            {
                let after = self.tokens.get(self.pos.wrapping_sub(1)).copied();
                return Err(self.missing_operand(after, Some(t)));
            }
            items.push(self.sum()?);
            if items.len() < N {
                match self.peek() {
                    Some(t) if t.tok == Tok::Comma => self.pos += 1,
                    found => {
                        let name = func.map(|f| self.text(f)).unwrap_or_default();
                        let col = found.map_or(self.end_column(), |t| t.start + 1);
                        return Err(ParseError::new(
                            col,
                            format!(
                                "`{name}` takes two values separated by `,`, like {name}(x, 0)"
                            ),
                        ));
                    }
                }
            }
        }
        let close = bracket.close();
        match self.peek() {
            Some(Token {
                tok: Tok::Close(b), ..
            }) if b == bracket => {
                self.pos += 1;
            }
            Some(
                t @ Token {
                    tok: Tok::Close(b), ..
                },
            ) => {
                return Err(ParseError::new(
                    t.start + 1,
                    format!(
                        "`{}` doesn't match the `{}` at column {}: close it with `{close}`",
                        b.close(),
                        bracket.open(),
                        open.start + 1
                    ),
                ));
            }
            Some(t) if t.tok == Tok::Comma && func.is_some() => {
                let name = func.map(|f| self.text(f)).unwrap_or_default();
                return Err(ParseError::new(
                    t.start + 1,
                    format!("`{name}` takes exactly two values"),
                ));
            }
            Some(t) => return Err(self.leftover(t)),
            None => {
                return Err(ParseError::new(
                    self.end_column(),
                    format!(
                        "missing `{close}` to close the `{}` at column {}",
                        bracket.open(),
                        open.start + 1
                    ),
                ));
            }
        }
        self.bars = saved_bars;
        self.leave();
        items
            .try_into()
            .map_err(|_| ParseError::new(open.start + 1, "a bracket group is incomplete"))
    }

    /// `| … |`, the absolute value.
    fn bars_group(&mut self, open: Token) -> Result<Node, ParseError> {
        self.pos += 1;
        self.enter(open)?;
        // `||x||` opens two bars; only `||` with nothing after is empty.
        if let Some(t) = self.peek()
            && t.tok == Tok::Bar
            && self
                .tokens
                .get(self.pos + 1)
                .is_none_or(|n| !starts_operand(n.tok))
        {
            return Err(ParseError::new(t.start + 1, "nothing inside `||`"));
        }
        self.bars += 1;
        let inner = self.sum()?;
        self.bars -= 1;
        match self.peek() {
            Some(t) if t.tok == Tok::Bar => self.pos += 1,
            Some(t) => return Err(self.leftover(t)),
            None => {
                return Err(ParseError::new(
                    self.end_column(),
                    format!("missing `|` to close the `|` at column {}", open.start + 1),
                ));
            }
        }
        self.leave();
        Ok(Node::Call(super::Func::Abs, Box::new(inner)))
    }

    /// A function call: `sin(x)`, `sin x`, `sin²x`, `sin^2(x)`.
    fn call(&mut self, name: Token, f: super::Func) -> Result<Node, ParseError> {
        let mut power = None;
        match self.peek() {
            Some(Token {
                tok:
                    Tok::Sup {
                        value,
                        negative: false,
                    },
                ..
            }) => {
                self.pos += 1;
                power = Some(value);
            }
            Some(t) if t.tok == Tok::Caret => {
                self.pos += 1;
                match self.peek() {
                    Some(Token {
                        tok: Tok::Num(v), ..
                    }) if v.fract() == 0.0 && v >= 1.0 => {
                        self.pos += 1;
                        power = Some(v);
                    }
                    _ => {
                        return Err(ParseError::new(
                            t.start + 1,
                            format!(
                                "write the power after the argument, like {0}(x)^2 \
                                 ({0}^-1 would be ambiguous)",
                                self.text(name)
                            ),
                        ));
                    }
                }
            }
            Some(Token {
                tok: Tok::Sup { .. },
                start,
                ..
            }) => {
                return Err(ParseError::new(
                    start + 1,
                    format!(
                        "write the power after the argument, like {0}(x)^2 \
                         ({0}⁻¹ would be ambiguous)",
                        self.text(name)
                    ),
                ));
            }
            _ => {}
        }
        let call = if f.arity() == 2 {
            match self.peek() {
                Some(
                    t @ Token {
                        tok: Tok::Open(b), ..
                    },
                ) => {
                    let [a, b] = self.group_items::<2>(t, b, Some(name))?;
                    Node::Call2(f, Box::new(a), Box::new(b))
                }
                found => {
                    let n = self.text(name);
                    let col = found.map_or(self.end_column(), |t| t.start + 1);
                    return Err(ParseError::new(
                        col,
                        format!("`{n}` takes two values in brackets, like {n}(x, 0)"),
                    ));
                }
            }
        } else {
            Node::Call(f, Box::new(self.argument(name)?))
        };
        Ok(match power {
            Some(p) => Node::Bin(BinOp::Pow, Box::new(call), Box::new(Node::Num(p))),
            None => call,
        })
    }

    /// The argument of a function or `√`: a bracket group, or without
    /// brackets the product of plain terms that follows (`sin 2x`).
    fn argument(&mut self, name: Token) -> Result<Node, ParseError> {
        match self.peek() {
            // Raised digits after the group belong to the call (`sin(x)²`),
            // so `postfix` picks them up, not the argument.
            Some(
                t @ Token {
                    tok: Tok::Open(b), ..
                },
            ) => self.group(t, b),
            Some(t) if starts_plain_term(t.tok, self.bars) => {
                let mut node = self.plain_term()?;
                while let Some(t) = self.peek() {
                    if !starts_plain_term(t.tok, self.bars) || matches!(t.tok, Tok::Num(_)) {
                        break;
                    }
                    let rhs = self.plain_term()?;
                    node = Node::Bin(BinOp::Mul, Box::new(node), Box::new(rhs));
                }
                Ok(node)
            }
            None => Err(self.missing_operand(Some(name), None)),
            Some(t) => Err(ParseError::new(
                t.start + 1,
                format!(
                    "`{0}` needs its argument right after it, like {0}(x)",
                    self.text(name)
                ),
            )),
        }
    }

    /// A number, name, constant or bar group, with its powers.
    fn plain_term(&mut self) -> Result<Node, ParseError> {
        let Some(t) = self.peek() else {
            return Err(self.missing_operand(None, None));
        };
        let mut node = match t.tok {
            Tok::Num(v) => {
                self.pos += 1;
                Node::Num(v)
            }
            Tok::Var(i) => {
                self.pos += 1;
                Node::Var(i)
            }
            Tok::Const(c) => {
                self.pos += 1;
                Node::Const(c)
            }
            Tok::Bar => self.bars_group(t)?,
            _ => return Err(self.leftover(t)),
        };
        loop {
            match self.peek() {
                Some(Token {
                    tok: Tok::Sup { value, negative },
                    ..
                }) => {
                    self.pos += 1;
                    node = Node::Bin(
                        BinOp::Pow,
                        Box::new(node),
                        Box::new(sup_node(value, negative)),
                    );
                }
                Some(c) if c.tok == Tok::Caret => {
                    self.pos += 1;
                    self.enter(c)?;
                    let exponent = self.signed()?;
                    self.leave();
                    node = Node::Bin(BinOp::Pow, Box::new(node), Box::new(exponent));
                }
                _ => break,
            }
        }
        Ok(node)
    }
}

/// Whether a token can begin an operand (so a `|` before it opens a bar).
fn starts_operand(tok: Tok) -> bool {
    !matches!(
        tok,
        Tok::Star | Tok::Slash | Tok::Caret | Tok::Close(_) | Tok::Sup { .. }
    )
}

fn starts_plain_term(tok: Tok, bars: usize) -> bool {
    match tok {
        Tok::Num(_) | Tok::Var(_) | Tok::Const(_) => true,
        Tok::Bar => bars == 0,
        _ => false,
    }
}

fn sup_node(value: f64, negative: bool) -> Node {
    if negative {
        Node::Neg(Box::new(Node::Num(value)))
    } else {
        Node::Num(value)
    }
}
