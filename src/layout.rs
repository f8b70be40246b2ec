//! The layout layer: a lesson section, the text width, which details are
//! open and the state of its questions and explorers, turned into styled
//! rows and the items focus can move between. Pure: it draws nothing and
//! reads no files; `app` keeps the laid-out section in a cache, `ui` draws
//! it, and `authoring`'s `print` and overflow check run the same code in
//! their own [`doc::Mode`], so a block kind laid out here needs nothing in
//! `authoring`.

pub mod describe;
pub mod doc;
pub mod fit;
pub mod markdown;
pub mod wrap;

use ratatui::layout::Rect;

/// Where things are on a screen: the title bar on the top row, the status
/// bar on the bottom row, the body between; in the body, a gutter for the
/// focus mark, then the text column (one spare column on the right). The
/// drawing (`ui`) and the hit-testing of the mouse (`app`) both ask here, so
/// a point is dragged where it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenGeometry {
    pub width: u16,
    pub height: u16,
}

impl ScreenGeometry {
    /// Rows above the body (the title bar).
    pub const BODY_TOP: u16 = 1;
    /// The column where the text starts: a two-column gutter holds the
    /// focus mark.
    pub const TEXT_LEFT: u16 = 2;
    /// Prose is not spread wider than this, for readability.
    pub const MAX_TEXT_WIDTH: u16 = 100;

    pub fn new(width: u16, height: u16) -> ScreenGeometry {
        ScreenGeometry { width, height }
    }

    /// Rows of the body (title and status bars excluded).
    pub fn body_height(self) -> u16 {
        self.height.saturating_sub(2)
    }

    /// Columns the body's text may use: the gutter and one spare column
    /// taken off.
    pub fn text_area_width(self) -> u16 {
        self.width.saturating_sub(Self::TEXT_LEFT + 1)
    }

    /// The width the text is laid out at.
    pub fn text_width(self) -> u16 {
        self.text_area_width().clamp(1, Self::MAX_TEXT_WIDTH)
    }

    /// The title bar, the body and the status bar of `area` (at least two
    /// rows high).
    pub fn split(area: Rect) -> (Rect, Rect, Rect) {
        let title = Rect::new(area.x, area.y, area.width, 1);
        let body = Rect::new(
            area.x,
            area.y + Self::BODY_TOP,
            area.width,
            area.height.saturating_sub(2),
        );
        let status = Rect::new(
            area.x,
            (area.y + area.height).saturating_sub(1),
            area.width,
            1,
        );
        (title, body, status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bars_and_the_text_column_sit_where_drawing_and_the_mouse_expect() {
        let g = ScreenGeometry::new(80, 24);
        assert_eq!(
            (g.body_height(), g.text_width(), g.text_area_width()),
            (22, 77, 77)
        );
        assert_eq!(ScreenGeometry::new(200, 50).text_width(), 100);
        assert_eq!(ScreenGeometry::new(2, 1).text_width(), 1);
        let (title, body, status) = ScreenGeometry::split(Rect::new(0, 0, 80, 24));
        assert_eq!((title.y, body.y, body.height, status.y), (0, 1, 22, 23));
    }
}
