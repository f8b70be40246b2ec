//! The screen a session last drew, kept small between frames.
//!
//! The driver diffs each new frame against what the terminal shows, so it
//! must keep that; ratatui's [`Buffer`] spends 48 bytes on each cell (92 KB
//! at 80x24), most of them blanks in the same few styles. A served class
//! is a thousand sessions that spend nearly all their time waiting for a
//! key, so the screen waits as its symbols in one string and its styles
//! as runs (a few KB), and becomes a `Buffer` again only to be drawn over
//! (docs/performance.md, issue 20).
//!
//! The cells of the buffers a frame is drawn in come from [`Spare`], one
//! small stock for the whole process: a session that drew its frame gives
//! them back for the next session's, so a key does not allocate and free
//! two 92 KB blocks (a scroll asked the allocator for 190 KB, now 6 KB;
//! `tests/memory.rs`). It was meant to cut the allocator's share of a
//! served class's CPU, about a quarter in a profile; that share did not
//! move, since the layout's many small blocks are most of it (issue 20,
//! docs/performance.md), but the churn is gone at no cost.

use std::sync::Mutex;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

/// Cell storage put back after a frame, for any session's next frame.
/// Bounded: a few frames are drawn at once on two cores, and what does not
/// fit is freed as before.
static SPARE: Mutex<Vec<Vec<Cell>>> = Mutex::new(Vec::new());

/// How many buffers' cells [`SPARE`] keeps at most.
const SPARE_MAX: usize = 8;

/// How many cells [`SPARE`] keeps at most in all: 8 screens of 80x50
/// (1.5 MB); a buffer that would take it over (a 300x120 screen is 36,000
/// cells) is freed.
const SPARE_CELLS: usize = 8 * 80 * 50;

/// The heap held by the process's stock of spare cells: the same whether
/// it serves one session or a thousand (what `tests/memory.rs` leaves out
/// of a session's share).
pub fn spare_bytes() -> usize {
    let spare = SPARE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    spare.iter().map(Vec::capacity).sum::<usize>() * std::mem::size_of::<Cell>()
}

/// Cells to build a buffer in: a spare one, emptied, or a new one.
fn spare_cells() -> Vec<Cell> {
    let found = SPARE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .pop();
    let mut cells = found.unwrap_or_default();
    cells.clear();
    cells
}

/// A blank buffer over `area`, in spare cells when there are some.
pub(super) fn blank(area: Rect) -> Buffer {
    let mut content = spare_cells();
    content.resize(
        usize::from(area.width) * usize::from(area.height),
        Cell::EMPTY,
    );
    Buffer { area, content }
}

/// A copy of `frame`, in spare cells when there are some.
pub(super) fn copy(frame: &Buffer) -> Buffer {
    let mut content = spare_cells();
    content.extend_from_slice(&frame.content);
    Buffer {
        area: frame.area,
        content,
    }
}

/// Done with `buffer`: its cells go back for the next frame (any
/// session's), unless enough are kept already.
pub(super) fn put_back(buffer: Buffer) {
    let cells = buffer.content;
    if cells.capacity() == 0 {
        return;
    }
    let mut spare = SPARE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let held: usize = spare.iter().map(Vec::capacity).sum();
    if spare.len() < SPARE_MAX && held + cells.capacity() <= SPARE_CELLS {
        spare.push(cells);
    }
}

/// A drawn frame, cell for cell, in a few KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Kept {
    area: Rect,
    /// Every cell's symbol, in order.
    text: String,
    /// The cells whose symbol is not exactly one `char` (the blank half of
    /// a wide character, a cluster of several), by index, with the symbol's
    /// length in bytes; every other cell takes one `char` of `text`.
    odd: Vec<(usize, usize)>,
    /// Runs of neighbouring cells that differ in their symbol only: how
    /// many, and their look (colours, modifiers, diff options) as a cell
    /// with a blank symbol.
    runs: Vec<(usize, Cell)>,
}

impl Kept {
    /// Keep `frame`.
    pub(super) fn of(frame: &Buffer) -> Kept {
        let mut text = String::new();
        let mut odd = Vec::new();
        let mut runs: Vec<(usize, Cell)> = Vec::new();
        for (i, cell) in frame.content.iter().enumerate() {
            let symbol = cell.symbol();
            let mut chars = symbol.chars();
            if !matches!((chars.next(), chars.next()), (Some(_), None)) {
                odd.push((i, symbol.len()));
            }
            text.push_str(symbol);
            let mut look = cell.clone();
            look.set_symbol(" ");
            match runs.last_mut() {
                Some((n, last)) if *last == look => *n += 1,
                _ => runs.push((1, look)),
            }
        }
        text.shrink_to_fit();
        odd.shrink_to_fit();
        runs.shrink_to_fit();
        Kept {
            area: frame.area,
            text,
            odd,
            runs,
        }
    }

    pub(super) fn area(&self) -> Rect {
        self.area
    }

    /// The frame again, equal cell for cell to the one kept.
    pub(super) fn to_buffer(&self) -> Buffer {
        let mut content = spare_cells();
        content.reserve(self.runs.iter().map(|(n, _)| n).sum());
        let mut rest = self.text.as_str();
        let mut odd = self.odd.iter().peekable();
        for (n, look) in &self.runs {
            for _ in 0..*n {
                let i = content.len();
                let len = match odd.next_if(|(at, _)| *at == i) {
                    Some(&(_, len)) => len,
                    None => rest.chars().next().map_or(0, char::len_utf8),
                };
                // `len` ends a symbol, so a char boundary, by construction.
                let (symbol, tail) = rest.split_at_checked(len).unwrap_or((" ", rest));
                rest = tail;
                let mut cell = look.clone();
                cell.set_symbol(symbol);
                content.push(cell);
            }
        }
        Buffer {
            area: self.area,
            content,
        }
    }

    /// Heap bytes held (for the tests' account of a session).
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.odd.capacity() * std::mem::size_of::<(usize, usize)>()
            + self.runs.capacity() * std::mem::size_of::<(usize, Cell)>()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;
    use crate::app::{App, Msg};
    use crate::library::Library;

    fn round_trip(frame: &Buffer) {
        let kept = Kept::of(frame);
        let back = kept.to_buffer();
        assert_eq!(back.area, frame.area);
        assert_eq!(back.content.len(), frame.content.len());
        for (i, (a, b)) in frame.content.iter().zip(&back.content).enumerate() {
            assert_eq!(a, b, "cell {i}");
            assert_eq!(a.symbol(), b.symbol(), "cell {i}");
        }
        assert!(frame.diff(&back).is_empty());
    }

    #[test]
    fn odd_symbols_and_styles_come_back_cell_for_cell() {
        let mut b = Buffer::empty(Rect::new(2, 1, 12, 3));
        b.set_string(2, 1, "a界b", Style::default().fg(Color::Red));
        b.set_string(3, 2, "👩‍🔬 é ∂", Style::default().bg(Color::Rgb(1, 2, 3)));
        b[(10, 3)].set_symbol("");
        b[(11, 3)]
            .set_symbol("x")
            .set_style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        b[(12, 3)].set_diff_option(ratatui::buffer::CellDiffOption::Skip);
        round_trip(&b);
        round_trip(&Buffer::empty(Rect::ZERO));
    }

    /// Every section of every built-in lesson at 80x24, in colour and in
    /// ASCII: each screen comes back as drawn, kept in under 16 KB (most in
    /// 3-8 KB; a chart's colours make the most runs) of the 92 KB drawn.
    #[test]
    fn every_built_in_screen_comes_back_as_drawn_and_small() {
        let library = Library::builtin();
        for entry in library.entries() {
            let lesson = library.find_shared(&entry.header.id).expect("opens");
            for ascii in [false, true] {
                let theme = crate::theme::Theme {
                    ascii,
                    ..Default::default()
                };
                let mut app = App::new(theme);
                app.update(Msg::Resize(80, 24));
                app.open(std::sync::Arc::clone(&lesson));
                for s in 0..lesson.sections.len() {
                    if let Some(r) = app.reading.as_mut() {
                        r.section = s;
                    }
                    app.update(Msg::Resize(80, 25));
                    app.update(Msg::Resize(80, 24));
                    let Ok(mut term) = ratatui::Terminal::new(TestBackend::new(80, 24));
                    let b = term
                        .draw(|f| crate::ui::render(&app, f))
                        .expect("drawn")
                        .buffer;
                    round_trip(b);
                    let kept = Kept::of(b).heap_bytes();
                    assert!(
                        kept < 16 * 1024,
                        "{} section {s}: {kept} bytes kept",
                        entry.header.id
                    );
                }
            }
        }
    }
}
