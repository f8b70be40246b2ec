//! A graph's edges on a chart's canvas: the cells of a node's box, and
//! where an edge between two boxes starts and ends (just outside each
//! frame), worked out at the chart's size with the texts as they are drawn
//! (folded to ASCII or not), so an arrow's head meets its box.

use super::{Align, Area, BRAILLE_DOTS, Plotted, cell_of, layout, text_width};

/// An edge between two framed texts of a [`Plotted`]: the series drawn as
/// its arrow, the texts' indices, and its caption's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeRoute {
    pub series: usize,
    pub from: usize,
    pub to: usize,
    pub caption: Option<usize>,
}

/// Give every edge of `p` its run from box to box at `p`'s size, and its
/// caption a place; an edge with no room (boxes touching) gets no run and
/// its caption none.
pub fn route_edges(p: &mut Plotted) {
    if p.edges.is_empty() {
        return;
    }
    let Some(l) = layout(p, p.width, p.height, BRAILLE_DOTS) else {
        return;
    };
    let cells = Cells {
        x: p.x_bounds,
        y: p.y_bounds,
        canvas: l.canvas,
    };
    for e in p.edges.clone() {
        let node = |i: usize| p.texts.get(i).map(|t| (t.at, text_width(&t.text)));
        let ends = node(e.from)
            .zip(node(e.to))
            .and_then(|(a, b)| edge_ends(&cells, a, b));
        if let Some(s) = p.series.get_mut(e.series) {
            s.runs = ends.map_or_else(Vec::new, |(a, b)| vec![vec![a, b]]);
        }
        if let Some(t) = e.caption.and_then(|c| p.texts.get_mut(c)) {
            (t.at, t.align) = match ends {
                Some((a, b)) => caption_at(&cells, a, b),
                None => ((f64::NAN, f64::NAN), Align::Left),
            };
        }
    }
}

/// The cells of a node's box: its text with a space each side inside a
/// frame, centred on the anchor cell `(col, row)`; three rows tall. The
/// corner may lie off the canvas (negative).
pub fn node_box(anchor: (u16, u16), text_width: u16) -> (i32, i32, u16, u16) {
    // Saturating: a text as wide as a u16 gets a box cut at the canvas.
    let w = text_width.saturating_add(4);
    (
        i32::from(anchor.0) - i32::from(w / 2),
        i32::from(anchor.1) - 1,
        w,
        3,
    )
}

/// Canvas geometry for turning cells into view positions: the view's
/// ranges and the canvas's size in cells.
#[derive(Debug, Clone, Copy)]
pub struct Cells {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub canvas: Area,
}

impl Cells {
    /// The anchor cell of view position `at`, as texts and boxes are placed.
    pub fn cell(&self, at: (f64, f64)) -> Option<(u16, u16)> {
        let (dx, dy) = BRAILLE_DOTS;
        let col = cell_of(at.0, self.x, self.canvas.width, dx, false)?;
        let row = cell_of(at.1, self.y, self.canvas.height, dy, true)?;
        Some((col, row))
    }

    /// The view x of dot column `d` (may be off the canvas).
    fn dot_x(&self, d: f64) -> f64 {
        let n = f64::from(self.canvas.width) * f64::from(BRAILLE_DOTS.0);
        self.x.0 + d * (self.x.1 - self.x.0) / (n - 1.0).max(1.0)
    }

    /// The view y of dot row `d`, counted down from the top.
    fn dot_y(&self, d: f64) -> f64 {
        let n = f64::from(self.canvas.height) * f64::from(BRAILLE_DOTS.1);
        self.y.1 - d * (self.y.1 - self.y.0) / (n - 1.0).max(1.0)
    }

    /// The view rectangle of the dots just outside a box of cells
    /// `(left, top, w, h)`: an edge ending on it ends in the cell next to
    /// the frame. As (x low, x high, y low, y high).
    fn around(&self, (left, top, w, h): (i32, i32, u16, u16)) -> (f64, f64, f64, f64) {
        let (dx, dy) = (f64::from(BRAILLE_DOTS.0), f64::from(BRAILLE_DOTS.1));
        let x0 = self.dot_x(f64::from(left) * dx - 1.0);
        let x1 = self.dot_x(f64::from(left + i32::from(w)) * dx);
        let y_top = self.dot_y(f64::from(top) * dy - 1.0);
        let y_bottom = self.dot_y(f64::from(top + i32::from(h)) * dy);
        (x0, x1, y_bottom, y_top)
    }

    /// One cell's height in view units.
    pub fn row_height(&self) -> f64 {
        self.dot_y(0.0) - self.dot_y(f64::from(BRAILLE_DOTS.1))
    }
}

/// Where an edge between two boxes starts and ends: on the line between
/// their anchors, from just outside the first box to just outside the
/// second. `None` when the boxes touch or overlap (no room for an arrow).
pub fn edge_ends(
    cells: &Cells,
    from: ((f64, f64), u16),
    to: ((f64, f64), u16),
) -> Option<((f64, f64), (f64, f64))> {
    let (a, b) = (from.0, to.0);
    let box_a = node_box(cells.cell(a)?, from.1);
    let box_b = node_box(cells.cell(b)?, to.1);
    let ra = cells.around(box_a);
    let rb = cells.around(box_b);
    let d = (b.0 - a.0, b.1 - a.1);
    if d.0 == 0.0 && d.1 == 0.0 {
        return None;
    }
    // How far along a -> b (0..1) the line leaves rectangle r, starting at
    // p inside it and heading along dir.
    let leave = |p: (f64, f64), dir: (f64, f64), r: (f64, f64, f64, f64)| {
        let mut t = f64::INFINITY;
        if dir.0 > 0.0 {
            t = t.min((r.1 - p.0) / dir.0);
        } else if dir.0 < 0.0 {
            t = t.min((r.0 - p.0) / dir.0);
        }
        if dir.1 > 0.0 {
            t = t.min((r.3 - p.1) / dir.1);
        } else if dir.1 < 0.0 {
            t = t.min((r.2 - p.1) / dir.1);
        }
        t.max(0.0)
    };
    let t0 = leave(a, d, ra);
    let t1 = 1.0 - leave(b, (-d.0, -d.1), rb);
    if t0 >= t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * d.0, a.1 + t * d.1);
    Some((at(t0), at(t1)))
}

/// Where an edge's caption goes: centred a row above the middle of a
/// mostly level edge, else just right of the middle of a steep one.
pub fn caption_at(cells: &Cells, from: (f64, f64), to: (f64, f64)) -> ((f64, f64), Align) {
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let per_col = (cells.x.1 - cells.x.0) / f64::from(cells.canvas.width.max(1));
    let cols = ((to.0 - from.0) / per_col).abs();
    let rows = ((to.1 - from.1) / cells.row_height()).abs();
    if cols >= 2.0 * rows {
        ((mid.0, mid.1 + cells.row_height()), Align::Center)
    } else {
        ((mid.0 + 2.0 * per_col, mid.1), Align::Left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Cells {
        Cells {
            x: (0.0, 10.0),
            y: (0.0, 5.0),
            canvas: Area {
                x: 0,
                y: 0,
                width: 60,
                height: 15,
            },
        }
    }

    fn inside(cell: (u16, u16), (left, top, w, h): (i32, i32, u16, u16)) -> bool {
        let (c, r) = (i32::from(cell.0), i32::from(cell.1));
        c >= left && c < left + i32::from(w) && r >= top && r < top + i32::from(h)
    }

    fn next_to(cell: (u16, u16), b: (i32, i32, u16, u16)) -> bool {
        let (left, top, w, h) = b;
        let grown = (left - 1, top - 1, w + 2, h + 2);
        inside(cell, grown) && !inside(cell, b)
    }

    #[test]
    fn an_edge_runs_from_border_to_border() {
        let c = cells();
        for (a, b) in [
            ((1.0, 2.5), (8.0, 2.5)),
            ((8.0, 2.5), (1.0, 2.5)),
            ((5.0, 4.5), (5.0, 0.5)),
            ((1.0, 4.0), (8.0, 1.0)),
        ] {
            let (s, e) = edge_ends(&c, (a, 5), (b, 3)).expect("room between the boxes");
            let box_a = node_box(c.cell(a).unwrap(), 5);
            let box_b = node_box(c.cell(b).unwrap(), 3);
            let (cs, ce) = (c.cell(s).unwrap(), c.cell(e).unwrap());
            assert!(
                next_to(cs, box_a),
                "{a:?}->{b:?}: start {cs:?} by {box_a:?}"
            );
            assert!(next_to(ce, box_b), "{a:?}->{b:?}: end {ce:?} by {box_b:?}");
        }
    }

    #[test]
    fn boxes_that_overlap_get_no_edge() {
        let c = cells();
        assert_eq!(edge_ends(&c, ((5.0, 2.5), 5), ((5.5, 2.5), 5)), None);
    }

    #[test]
    fn a_box_is_centred_on_its_anchor() {
        assert_eq!(node_box((10, 5), 6), (5, 4, 10, 3));
        assert_eq!(node_box((1, 0), 6), (-4, -1, 10, 3));
    }
}
