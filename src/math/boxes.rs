//! The box model: a piece of layout is a rectangle of text with a baseline.
//!
//! Boxes are joined side by side on their baselines and stacked (centred or
//! left-aligned) for fractions, limits and broken lines. Every line of a box
//! is padded to the box's display width, so joining never misaligns.

use unicode_width::UnicodeWidthStr;

/// A rectangle of text with a baseline row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MBox {
    /// The rows, each exactly `width` columns wide.
    pub lines: Vec<String>,
    pub width: usize,
    /// The row that lines up with the text around the box.
    pub baseline: usize,
}

impl MBox {
    /// One line of text, baseline on it.
    pub fn text(s: &str) -> MBox {
        MBox {
            lines: vec![s.to_string()],
            width: s.width(),
            baseline: 0,
        }
    }

    /// `n` columns of space on one line.
    pub fn space(n: usize) -> MBox {
        MBox::text(&" ".repeat(n))
    }

    pub fn height(&self) -> usize {
        self.lines.len()
    }

    /// Rows below the baseline.
    fn depth(&self) -> usize {
        self.height() - self.baseline - 1
    }

    /// Join boxes side by side, baselines on one row.
    pub fn row(boxes: &[MBox]) -> MBox {
        let above = boxes.iter().map(|b| b.baseline).max().unwrap_or(0);
        let below = boxes.iter().map(MBox::depth).max().unwrap_or(0);
        let height = above + below + 1;
        let mut lines = vec![String::new(); height];
        for b in boxes {
            let top = above - b.baseline;
            let blank = " ".repeat(b.width);
            for (r, line) in lines.iter_mut().enumerate() {
                let src = r.checked_sub(top).and_then(|i| b.lines.get(i));
                line.push_str(src.map_or(blank.as_str(), String::as_str));
            }
        }
        MBox {
            lines,
            width: boxes.iter().map(|b| b.width).sum(),
            baseline: above,
        }
    }

    /// Stack boxes top to bottom, each centred (leaning left when the spare
    /// column is odd); the result's baseline is row `baseline` of box `on`.
    pub fn stack_centred(boxes: &[MBox], on: usize) -> MBox {
        let width = boxes.iter().map(|b| b.width).max().unwrap_or(0);
        let indents: Vec<usize> = boxes.iter().map(|b| (width - b.width) / 2).collect();
        MBox::stack(boxes, &indents, width, on)
    }

    /// Stack boxes top to bottom, each indented by `indents[i]` columns and
    /// padded to `width` (or wider, if a box needs it).
    pub fn stack(boxes: &[MBox], indents: &[usize], width: usize, on: usize) -> MBox {
        let width = boxes
            .iter()
            .zip(indents)
            .map(|(b, i)| b.width + i)
            .max()
            .unwrap_or(0)
            .max(width);
        let mut lines = Vec::new();
        let mut baseline = 0;
        for (k, (b, &indent)) in boxes.iter().zip(indents).enumerate() {
            if k == on {
                baseline = lines.len() + b.baseline;
            }
            for line in &b.lines {
                let right = width - indent - b.width;
                lines.push(format!("{}{line}{}", " ".repeat(indent), " ".repeat(right)));
            }
        }
        if lines.is_empty() {
            lines.push(" ".repeat(width));
        }
        MBox {
            lines,
            width,
            baseline,
        }
    }

    /// A column `height` rows tall and `width` wide with `pieces` placed at
    /// the given rows (for scripts beside a tall base).
    pub fn column(height: usize, baseline: usize, pieces: &[(usize, &str)]) -> MBox {
        let width = pieces.iter().map(|(_, s)| s.width()).max().unwrap_or(0);
        let mut lines = vec![" ".repeat(width); height.max(1)];
        for &(row, s) in pieces {
            if let Some(line) = lines.get_mut(row) {
                *line = format!("{s}{}", " ".repeat(width - s.width()));
            }
        }
        MBox {
            lines,
            width,
            baseline,
        }
    }

    /// Re-pad every line to the widest line's measured width. Joining pads
    /// by measured widths already; this guards against characters whose width
    /// depends on their neighbours.
    pub fn normalised(mut self) -> MBox {
        let width = self.lines.iter().map(|l| l.width()).max().unwrap_or(0);
        for line in &mut self.lines {
            let pad = width - line.width();
            line.push_str(&" ".repeat(pad));
        }
        self.width = width;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_line_on_its_baseline() {
        let b = MBox::text("Δx");
        assert_eq!((b.width, b.height(), b.baseline), (2, 1, 0));
    }

    #[test]
    fn row_aligns_baselines_and_pads() {
        let frac = MBox::stack_centred(&[MBox::text("a"), MBox::text("───"), MBox::text("bc")], 1);
        assert_eq!(frac.lines, vec![" a ", "───", "bc "]);
        assert_eq!(frac.baseline, 1);
        let r = MBox::row(&[MBox::text("x = "), frac, MBox::text("!")]);
        assert_eq!(r.lines, vec!["     a  ", "x = ───!", "    bc  "]);
        assert_eq!(r.baseline, 1);
    }

    #[test]
    fn row_of_boxes_with_different_depths() {
        let high = MBox {
            lines: vec!["2".into(), "x".into()],
            width: 1,
            baseline: 1,
        };
        let low = MBox {
            lines: vec!["y".into(), "0".into()],
            width: 1,
            baseline: 0,
        };
        let r = MBox::row(&[high, low]);
        assert_eq!(r.lines, vec!["2 ", "xy", " 0"]);
        assert_eq!(r.baseline, 1);
    }

    #[test]
    fn stack_indents_and_keeps_baseline_of_chosen_box() {
        let s = MBox::stack(&[MBox::text("a = b"), MBox::text("+ c")], &[0, 2], 0, 0);
        assert_eq!(s.lines, vec!["a = b", "  + c"]);
        assert_eq!(s.baseline, 0);
    }

    #[test]
    fn column_places_pieces_on_rows() {
        let c = MBox::column(3, 1, &[(0, "²"), (2, "₀")]);
        assert_eq!(c.lines, vec!["²", " ", "₀"]);
    }

    #[test]
    fn normalised_pads_to_widest() {
        let b = MBox {
            lines: vec!["ab".into(), "a".into()],
            width: 1,
            baseline: 0,
        }
        .normalised();
        assert_eq!(b.lines, vec!["ab", "a "]);
        assert_eq!(b.width, 2);
    }
}
