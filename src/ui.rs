//! Rendering: draws an `&App` into a ratatui frame. Reads state only; the
//! laid-out section is already in the app, so drawing copies the visible
//! window, marks the focus and draws overlays on top.

pub mod chart;
pub mod class;
mod end;
pub mod line;
mod overlay;
mod problems;
/// The theme now lives below the layout (`crate::theme`); this path is
/// kept for code that names it here.
pub use crate::theme;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Reading};
use crate::layout::ScreenGeometry;
use crate::layout::doc::{Row, Target};
use crate::ui::chart::ChartOptions;

pub use overlay::help_lines_len;

/// Draw the whole screen for `app`. Reads state only.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if let Some(pos) = draw(app, area, frame.buffer_mut()) {
        frame.set_cursor_position(pos);
    }
}

/// Draw `app` into `buf`; returns where the text cursor goes, if shown.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let cursor = draw_all(app, area, buf);
    // ASCII mode promises that nothing else reaches the screen: whatever
    // the layout did not spell in ASCII already is shown as `?`.
    if app.theme.ascii {
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                if let Some(cell) = buf.cell_mut((x, y))
                    && !cell.symbol().is_ascii()
                {
                    cell.set_symbol("?");
                }
            }
        }
    }
    cursor
}

fn draw_all(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    if area.width == 0 || area.height == 0 {
        return None;
    }
    if area.width < crate::app::MIN_SIZE.0 || area.height < crate::app::MIN_SIZE.1 {
        too_small(area, buf);
        return None;
    }
    let theme = app.theme;
    let (title, body, status) = ScreenGeometry::split(area);
    let mut cursor = None;
    match &app.reading {
        None => {
            bar(buf, title, " chalkdust: lessons", "? help ", theme.bar());
            overlay::catalog(app, body, buf);
        }
        Some(r) => {
            let section = r
                .lesson
                .sections
                .get(r.section)
                .map(|s| s.title.as_str())
                .unwrap_or("");
            let left = format!(
                " {} {} {}/{} {}",
                r.lesson.header.title,
                if theme.ascii { ">" } else { "›" },
                r.section + 1,
                r.lesson.sections.len(),
                section
            );
            let right = if app.not_saving {
                "progress not saved · ? help "
            } else {
                "? help "
            };
            bar(buf, title, &fold(theme, &left), right, theme.bar());
            cursor = reading(app, r, body, buf);
        }
    }
    let right = match &app.reading {
        Some(r) => position_label(r.scroll, r.doc.rows.len(), app.body_height()),
        None => String::new(),
    };
    let left = match &app.status {
        Some(s) => format!(" {}", fold(theme, s)),
        None => format!(" {}", fold(theme, &key_hints(app))),
    };
    bar(buf, status, &left, &format!("{right} "), Style::new());
    if let Some(o) = &app.overlay {
        overlay::draw(app, o, area, buf);
        cursor = None;
    }
    if !app.problems.is_empty() {
        problems::draw(app, body, buf);
        cursor = None;
    }
    cursor
}

/// Below the smallest size nothing useful fits: say so in short phrases,
/// one a line and centred, so none is broken in the middle ("needs 40x12"
/// split after "needs"), with the longest form the width allows.
fn too_small(area: Rect, buf: &mut Buffer) {
    let (min_w, min_h) = crate::app::MIN_SIZE;
    let (w, h) = (area.width, area.height);
    let long = [
        "Too small for chalkdust".to_string(),
        format!("it needs {min_w}x{min_h} at least"),
        format!("this terminal is {w}x{h}"),
    ];
    let short = [
        "Too small".to_string(),
        format!("need {min_w}x{min_h}"),
        format!("have {w}x{h}"),
    ];
    let fits = |lines: &[String]| lines.iter().all(|l| l.len() <= usize::from(w));
    let lines: &[String] = if fits(&long) { &long } else { &short };
    let top = area.y + h.saturating_sub(3) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + u16::try_from(i).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let len = u16::try_from(line.len()).unwrap_or(u16::MAX);
        let x = area.x + w.saturating_sub(len) / 2;
        buf.set_stringn(x, y, line, usize::from(w), Style::new());
    }
}

/// A one-line bar: `left` text, `right` text flush right.
fn bar(buf: &mut Buffer, area: Rect, left: &str, right: &str, style: Style) {
    buf.set_style(area, style);
    let rw = u16::try_from(right.width()).unwrap_or(u16::MAX);
    let room = area.width.saturating_sub(rw + 1);
    buf.set_stringn(area.x, area.y, left, usize::from(room), style);
    if rw < area.width {
        buf.set_string(area.x + area.width - rw, area.y, right, style);
    }
}

/// "Top", "Bot", "All" or a percentage, like a pager.
fn position_label(scroll: usize, rows: usize, height: usize) -> String {
    let max = rows.saturating_sub(height);
    if max == 0 {
        "All".into()
    } else if scroll == 0 {
        "Top".into()
    } else if scroll >= max {
        "Bot".into()
    } else {
        format!("{}%", scroll * 100 / max)
    }
}

/// `text` with arrows and middle dots spelt in ASCII when the theme asks.
fn fold(theme: crate::theme::Theme, text: &str) -> String {
    if !theme.ascii {
        return text.to_string();
    }
    let keys = text
        .replace('↑', "Up")
        .replace('↓', "Down")
        .replace('←', "Left")
        .replace('→', "Right")
        .replace('·', "|");
    theme.fold(&keys).into_owned()
}

/// Keys that matter right now, for the status bar (the texts are the
/// keymap's, checked against its table).
fn key_hints(app: &App) -> String {
    use crate::app::keymap::hints;
    let Some(r) = &app.reading else {
        return hints::CATALOG.into();
    };
    let back = if r.from_catalog { hints::BACK } else { "" };
    match (&r.focus, r.editing) {
        (Some(Target::Question(id)), true) => {
            if r.question(id)
                .is_some_and(|q| matches!(q.answer, crate::lesson::Answer::Choice { .. }))
            {
                hints::CHOOSING.into()
            } else {
                hints::TYPING.into()
            }
        }
        (Some(Target::Question(id)), false) => {
            let done = r.quiz.get(id).is_some_and(|s| s.done());
            if done {
                hints::DONE.into()
            } else {
                hints::QUESTION.into()
            }
        }
        (Some(Target::Details(_)), _) => hints::DETAILS.into(),
        (Some(Target::Footnote(..)), _) => hints::FOOTNOTE.into(),
        (Some(Target::Explore(path, i)), _) => {
            let point = r
                .explorer(path)
                .and_then(|e| e.params.get(*i))
                .is_some_and(|p| matches!(p, crate::explore::Param::Point(_)));
            let plays = r.explorer(path).is_some_and(|e| e.play_slider().is_some());
            if point {
                hints::POINT.into()
            } else if plays {
                hints::PLAY.into()
            } else {
                hints::SLIDER.into()
            }
        }
        (None, _) => {
            format!("{}{back}{}", hints::READING, hints::QUIT)
        }
    }
}

/// Make the cells `xs` of row `y` a terminal hyperlink to `url` (OSC 8).
///
/// ratatui's cells hold no link, but a cell's symbol is written verbatim,
/// so each cell carries its own opening and closing sequence around its
/// glyph, with its true width forced for the diff. Each cell is complete
/// on its own: the diff may rewrite any one of them alone without leaving
/// a link open. The `id` joins the cells (and rows) of one address, so a
/// terminal highlights them together. An address with anything but
/// printable ASCII (a control character would end the sequence early and
/// could smuggle others) stays plain text; it is shown beside the link
/// anyway.
fn hyperlink(buf: &mut Buffer, y: u16, xs: std::ops::Range<u16>, url: &str) {
    const MAX_URL: usize = 2000;
    if url.is_empty() || url.len() > MAX_URL || !url.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return;
    }
    // FNV-1a: a short, stable id per address.
    let id = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut x = xs.start;
    while x < xs.end {
        let Some(cell) = buf.cell_mut((x, y)) else {
            break;
        };
        let glyph = cell.symbol().to_string();
        let w = u16::try_from(glyph.width()).unwrap_or(1).max(1);
        if !glyph.is_empty() && !glyph.contains('\x1b') {
            cell.set_symbol(&format!(
                "\x1b]8;id={id:x};{url}\x1b\\{glyph}\x1b]8;;\x1b\\"
            ));
            if let Some(w) = std::num::NonZeroU16::new(w) {
                cell.set_diff_option(CellDiffOption::ForcedWidth(w));
            }
        }
        x = x.saturating_add(w);
    }
}

/// Draw the visible window of the section; returns the cursor position.
fn reading(app: &App, r: &Reading, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = app.theme;
    let doc = &r.doc;
    let x0 = area.x + ScreenGeometry::TEXT_LEFT;
    let width = ScreenGeometry::new(area.width, area.height).text_area_width();
    let h = usize::from(area.height);
    let mut i = 0;
    while i < h {
        let row_idx = r.scroll + i;
        let y = area.y + u16::try_from(i).unwrap_or(u16::MAX);
        match doc.rows.get(row_idx) {
            None => break,
            Some(Row::Text(line)) => {
                line::set_line(buf, x0, y, line, width);
                i += 1;
            }
            Some(Row::Chart { chart, row, prefix }) => {
                // Draw the whole chart once into a scratch buffer, then copy
                // the rows that are on screen.
                let Some(plotted) = doc.charts.get(*chart) else {
                    i += 1;
                    continue;
                };
                let pw = u16::try_from(prefix.width()).unwrap_or(0);
                let scratch_area = Rect::new(0, 0, plotted.width, plotted.height);
                let mut scratch = Buffer::empty(scratch_area);
                chart::render(
                    plotted,
                    scratch_area,
                    &mut scratch,
                    ChartOptions {
                        ascii: theme.ascii,
                        monochrome: theme.monochrome,
                    },
                );
                let mut k = *row;
                while i < h && k < plotted.height {
                    let y = area.y + u16::try_from(i).unwrap_or(u16::MAX);
                    line::set_line(buf, x0, y, prefix, width);
                    for cx in 0..plotted.width.min(width.saturating_sub(pw)) {
                        if let Some(cell) = scratch.cell((cx, k)) {
                            let (tx, ty) = (x0 + pw + cx, y);
                            if let Some(dst) = buf.cell_mut((tx, ty)) {
                                *dst = cell.clone();
                            }
                        }
                    }
                    i += 1;
                    k += 1;
                }
            }
        }
    }
    if theme.hyperlinks {
        for link in &doc.links {
            if link.row >= r.scroll && link.row < r.scroll + h {
                let y = area.y + u16::try_from(link.row - r.scroll).unwrap_or(0);
                let x = x0.saturating_add(link.col);
                let end = x.saturating_add(link.width).min(x0 + width);
                hyperlink(buf, y, x..end, &link.url);
            }
        }
    }
    // The focus: a bar in the gutter beside all its visible rows, and its
    // header drawn reversed.
    if let Some(item) = r
        .focus
        .as_ref()
        .and_then(|t| doc.find(t))
        .and_then(|i| doc.items.get(i))
    {
        for row in item.rows.clone() {
            if row >= r.scroll && row < r.scroll + h {
                let y = area.y + u16::try_from(row - r.scroll).unwrap_or(0);
                buf.set_string(
                    area.x,
                    y,
                    theme.focus_bar(),
                    Style::new().add_modifier(Modifier::BOLD),
                );
            }
        }
        let (row, col, w) = item.mark;
        if row >= r.scroll && row < r.scroll + h && !r.editing {
            let y = area.y + u16::try_from(row - r.scroll).unwrap_or(0);
            let x = x0 + col;
            let w = w.min((x0 + width).saturating_sub(x));
            buf.set_style(Rect::new(x, y, w, 1), theme.focus());
        }
    }
    let (row, col) = doc.cursor?;
    if r.editing && row >= r.scroll && row < r.scroll + h {
        let y = area.y + u16::try_from(row - r.scroll).unwrap_or(0);
        return Some(Position::new(x0 + col.min(width), y));
    }
    None
}

/// What a cell shows: its symbol without a hyperlink's escape sequences
/// (see [`hyperlink`]).
fn visible_symbol(symbol: &str) -> &str {
    let Some(rest) = symbol.strip_prefix("\x1b]8;") else {
        return symbol;
    };
    let glyph = rest.split_once("\x1b\\").map_or("", |(_, g)| g);
    glyph.split_once("\x1b]8;;").map_or(glyph, |(g, _)| g)
}

/// Plain text of a buffer, one line per row (trailing spaces trimmed), for
/// tests and captures.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.y + area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.x..area.x + area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Some(cell) = buf.cell((x, y)) {
                let s = visible_symbol(cell.symbol());
                skip = s.width().saturating_sub(1);
                line.push_str(s);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod canvas_tests;
#[cfg(test)]
mod modes_tests;
#[cfg(test)]
mod tests;
