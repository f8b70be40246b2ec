//! Drawing a [`Plotted`] chart into a buffer (STUB: replaced by the chart work).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::chart::Plotted;

/// How charts are drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChartOptions {
    /// Plain characters instead of braille and box drawing.
    pub ascii: bool,
    /// No colours.
    pub monochrome: bool,
}

/// Draw `plotted` into `area`. Never draws outside `area`; in an area too
/// small to be useful it says it needs more room.
pub fn render(plotted: &Plotted, area: Rect, buf: &mut Buffer, opts: ChartOptions) {
    let _ = (plotted, opts);
    buf.set_string(area.x, area.y, "[chart]", ratatui::style::Style::default());
}
