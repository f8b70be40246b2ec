//! Breaking a display formula that is wider than the screen into rows, at
//! top-level relations and operators, the way a textbook continues a long
//! equation on the next line.

use super::boxes::MBox;
use super::layout::{self, Kind, Style};
use super::parse::Node;
use std::collections::VecDeque;

/// A run of laid-out pieces: box, kind, space before it.
type Segment = Vec<(MBox, Kind, usize)>;

fn width_of(seg: &[(MBox, Kind, usize)]) -> usize {
    seg.iter()
        .enumerate()
        .map(|(i, (b, _, g))| b.width + if i == 0 { 0 } else { *g })
        .sum()
}

/// Drop the spaces a segment starts with (a `\quad` after a break).
fn trim_leading_space(seg: Segment) -> Segment {
    let skip = seg.iter().take_while(|p| p.1 == Kind::Space).count();
    if skip == seg.len() {
        return seg;
    }
    seg.into_iter().skip(skip).collect()
}

/// Split a segment before each binary operator but its first piece.
fn split_at_operators(seg: Segment) -> Vec<Segment> {
    let mut parts: Vec<Segment> = Vec::new();
    for (i, piece) in seg.into_iter().enumerate() {
        match parts.last_mut() {
            Some(part) if !(i > 0 && piece.1 == Kind::Bin) => part.push(piece),
            _ => parts.push(vec![piece]),
        }
    }
    parts
}

/// Lay out `nodes` in rows no wider than `max_width` where possible.
///
/// Rows break before a top-level relation or binary operator. Continuation
/// rows are indented: under the first relation of the first row when that is
/// in the left half, else by two columns; rows starting with an operator sit
/// two columns further right. A piece with no break point that is still too
/// wide is left as it is, overflowing.
pub(crate) fn fit(nodes: &[Node], st: Style, max_width: usize) -> MBox {
    let whole = layout::list(nodes, st);
    if whole.width <= max_width {
        return whole;
    }
    // A formula wrapped in one group breaks like its content.
    let nodes = match nodes {
        [Node::Group(inner)] => inner.as_slice(),
        _ => nodes,
    };
    let pieces = layout::pieces(nodes, st);

    // Segments start at the preferred break points: before a relation, and
    // after a comma (what follows `,\quad` is a new formula).
    let mut segments: Vec<Segment> = Vec::new();
    let mut after_punct = false;
    for (i, piece) in pieces.into_iter().enumerate() {
        let breaks = i > 0 && (piece.1 == Kind::Rel || (after_punct && piece.1 != Kind::Space));
        if piece.1 != Kind::Space {
            after_punct = piece.1 == Kind::Punct;
        }
        match segments.last_mut() {
            Some(seg) if !breaks => seg.push(piece),
            _ => segments.push(vec![piece]),
        }
    }
    if segments.len() < 2
        && !segments
            .iter()
            .any(|s| split_at_operators(s.clone()).len() > 1)
    {
        return whole;
    }

    // Greedy filling. A segment too wide for a row of its own is split
    // before its binary operators; one that is still too wide overflows.
    let mut queue: VecDeque<(Segment, bool)> = segments.into_iter().map(|s| (s, true)).collect();
    let mut rows: Vec<Vec<Segment>> = vec![Vec::new()];
    let mut used = 0usize;
    let mut indent: Option<usize> = None;
    let mut row_indent = 0usize;
    let mut row_indents = vec![0usize];
    let mut first_rel: Option<usize> = None;
    while let Some((seg, splittable)) = queue.pop_front() {
        let row_empty = rows.last().is_none_or(Vec::is_empty);
        let gap = seg.first().map_or(0, |p| p.2);
        let w = width_of(&seg);
        if !row_empty && row_indent + used + gap + w <= max_width {
            if rows.len() == 1
                && first_rel.is_none()
                && seg.first().is_some_and(|p| p.1 == Kind::Rel)
            {
                first_rel = Some(used + gap);
            }
            used += gap + w;
            if let Some(row) = rows.last_mut() {
                row.push(seg);
            }
            continue;
        }
        // Where this segment would go on a fresh row.
        let seg = trim_leading_space(seg);
        let w = width_of(&seg);
        let fresh_indent = if rows.len() == 1 && row_empty {
            0
        } else {
            let base = *indent
                .get_or_insert_with(|| first_rel.filter(|&c| c <= max_width / 2).unwrap_or(2));
            base + if seg.first().is_some_and(|p| p.1 == Kind::Bin) {
                2
            } else {
                0
            }
        };
        if fresh_indent + w > max_width && splittable {
            let parts = split_at_operators(seg.clone());
            if parts.len() > 1 {
                for part in parts.into_iter().rev() {
                    queue.push_front((part, false));
                }
                continue;
            }
        }
        if !row_empty {
            rows.push(Vec::new());
            row_indents.push(fresh_indent);
        }
        row_indent = fresh_indent;
        if rows.len() == 1 && seg.first().is_some_and(|p| p.1 == Kind::Rel) {
            first_rel = Some(0);
        }
        used = w;
        if let Some(row) = rows.last_mut() {
            row.push(seg);
        }
    }

    let mut boxes = Vec::new();
    let mut indents = Vec::new();
    for (r, (row, ind)) in rows.into_iter().zip(row_indents).enumerate() {
        let mut parts = Vec::new();
        for (k, seg) in row.into_iter().enumerate() {
            for (i, (b, _, g)) in seg.into_iter().enumerate() {
                // No space at the start of a row.
                if (k > 0 || i > 0) && g > 0 {
                    parts.push(MBox::space(g));
                }
                parts.push(b);
            }
        }
        let row_box = MBox::row(&parts);
        // A blank line between rows of several lines, so a denominator
        // never sits on the next numerator.
        if r > 0 && (row_box.height() > 1 || boxes.last().is_some_and(|b: &MBox| b.height() > 1)) {
            boxes.push(MBox::text(""));
            indents.push(0);
        }
        boxes.push(row_box);
        indents.push(ind);
    }
    MBox::stack(&boxes, &indents, 0, 0)
}
