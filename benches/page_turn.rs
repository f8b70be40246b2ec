//! What turning a page costs a served session, alone and with the blocks
//! another session laid out (`layout::doc::SharedBlocks`), and what
//! writing a screen's lines costs through ratatui's `Buffer::set_line` and
//! through `chalkdust::ui::line::set_line` (plain ASCII without grapheme
//! segmentation). Built-in Derivatives at 80x24; figures in
//! docs/performance.md (issue 20).

use std::sync::Arc;

use chalkdust::app::{App, Msg};
use chalkdust::layout::doc::{Row, SharedBlocks};
use chalkdust::library::Library;
use chalkdust::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::black_box;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

fn main() {
    divan::main();
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// A session of Derivatives at 80x24, sharing `shared` if given.
fn session(shared: Option<&Arc<SharedBlocks>>) -> App {
    let mut app = App::new(Theme::default()).with_library(Library::builtin());
    if let Some(s) = shared {
        app = app.with_shared_layouts(Arc::clone(s));
    }
    app.update(Msg::Resize(80, 24));
    app.open_start_lesson();
    // Opening is an effect the driver carries out.
    chalkdust::driver::settle(&mut app);
    assert!(app.reading.is_some(), "Derivatives opens");
    app
}

/// A key, and its effects carried out (no store: they only go).
fn press(app: &mut App, c: char) -> bool {
    let changed = app.update(key(c));
    chalkdust::driver::settle(app);
    changed
}

fn sections(app: &App) -> usize {
    app.reading.as_ref().map_or(0, |r| r.lesson.sections.len())
}

/// Forward through every section and back, one page turn an iteration:
/// each lays out the section it leads to.
#[divan::bench(args = ["alone", "shared"])]
fn page_turn(bencher: divan::Bencher, mode: &str) {
    let shared = (mode == "shared").then(|| Arc::new(SharedBlocks::default()));
    if let Some(s) = &shared {
        // The class's first student has been everywhere already.
        let mut first = session(Some(s));
        for _ in 0..sections(&first) {
            press(&mut first, 'n');
        }
    }
    let mut app = session(shared.as_ref());
    let last = sections(&app).saturating_sub(1);
    let mut forward = true;
    bencher.bench_local(|| {
        let at = app.reading.as_ref().map_or(0, |r| r.section);
        if at == last {
            forward = false;
        } else if at == 0 {
            forward = true;
        }
        black_box(press(&mut app, if forward { 'n' } else { 'p' }))
    });
}

/// The text rows of every section of Derivatives, as laid out at 80x24.
fn lines() -> Vec<Line<'static>> {
    let mut app = session(None);
    let mut out = Vec::new();
    for _ in 0..sections(&app) {
        if let Some(r) = &app.reading {
            out.extend(r.doc.rows.iter().filter_map(|row| match row {
                Row::Text(line) => Some(line.clone()),
                _ => None,
            }));
        }
        press(&mut app, 'n');
    }
    assert!(out.len() > 100, "Derivatives has more than 100 rows");
    out
}

/// Every text row of the lesson written into a buffer 80 wide, one
/// screen (22 rows) at a time.
#[divan::bench(args = ["ratatui", "chalkdust"])]
fn write_lines(bencher: divan::Bencher, with: &str) {
    let lines = lines();
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 22));
    bencher.bench_local(|| {
        for (i, line) in lines.iter().enumerate() {
            let y = u16::try_from(i % 22).unwrap_or(0);
            if with == "ratatui" {
                black_box(buf.set_line(2, y, line, 76));
            } else {
                black_box(chalkdust::ui::line::set_line(&mut buf, 2, y, line, 76));
            }
        }
    });
}
