//! What a learner waits for when they move a slider: the app's update (the
//! explorer's scene recomputed, the section laid out again) and the next
//! frame drawn. Measured on the built-in lesson's car and Bézier explorers
//! at 80x24 and at 200x60; figures in docs/performance.md.

use chalkdust::app::{App, Msg};
use chalkdust::library::Library;
use chalkdust::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::black_box;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The app at `w` x `h`, in "Try it yourself", with the `nth` explorer
/// parameter of the section focused (0: the car's speed, 1: the Bézier's
/// first point).
fn app_at(w: u16, h: u16, nth: usize) -> App {
    let mut app = App::new(Theme::default()).with_library(Library::builtin());
    app.update(Msg::Resize(w, h));
    app.open_start_lesson();
    app.update(key(KeyCode::Char('t')));
    for _ in 0..9 {
        app.update(key(KeyCode::Char('j')));
    }
    app.update(key(KeyCode::Enter));
    for _ in 0..=nth {
        app.update(key(KeyCode::Tab));
    }
    app
}

/// One step right then one left: both change the value, so each update
/// recomputes the scene (a step that changes nothing costs nothing).
fn step_back_and_forth(bencher: divan::Bencher, w: u16, h: u16, nth: usize) {
    let mut app = app_at(w, h, nth);
    let mut right = true;
    bencher.bench_local(|| {
        let code = if right { KeyCode::Right } else { KeyCode::Left };
        right = !right;
        black_box(app.update(key(code)))
    });
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn car_slider_update(bencher: divan::Bencher, (w, h): (u16, u16)) {
    step_back_and_forth(bencher, w, h, 0);
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn bezier_point_update(bencher: divan::Bencher, (w, h): (u16, u16)) {
    step_back_and_forth(bencher, w, h, 1);
}

/// Update and draw the frame, as the terminal front end does per key.
#[divan::bench(args = [(80, 24), (200, 60)])]
fn car_slider_update_and_draw(bencher: divan::Bencher, (w, h): (u16, u16)) {
    let mut app = app_at(w, h, 0);
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let mut right = true;
    bencher.bench_local(|| {
        let code = if right { KeyCode::Right } else { KeyCode::Left };
        right = !right;
        app.update(key(code));
        let _ = black_box(term.draw(|f| chalkdust::ui::render(&app, f)));
    });
}
