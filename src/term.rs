//! The local terminal front end: puts the terminal in raw mode on the
//! alternate screen, turns crossterm events into [`Msg`]s, draws after each
//! change, and restores the terminal on every way out (panics included).
//! It blocks on input: no polling loop, no redraw unless something changed.

use std::io::{self, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use crate::app::{App, Msg};
use crate::driver::settle;

/// Restores the terminal when dropped, however `run` ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
        ratatui::restore();
    }
}

/// Tells the input thread of [`run_with`] to stop when dropped.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Turn a terminal event into a message; `None` for events the app ignores.
pub fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Mouse(m) => Some(Msg::Mouse(m)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Run `app` in this process's terminal until it quits.
pub fn run(mut app: App) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // ratatui's hook restores raw mode and the screen; also switch off
    // bracketed paste, which it does not know about.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
    execute!(stdout(), EnableBracketedPaste)?;
    // crossterm starts listening for SIGWINCH when its event source is
    // first used; do that before the first frame, or a resize right after
    // it is never seen.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    settle(&mut app);
    let mut dirty = true;
    let mut mouse = false;
    loop {
        // Capture the mouse only while the app wants it (an explorer's
        // points have focus, or the learner pressed `m`), so selecting text
        // with the mouse works everywhere else.
        if app.mouse_wanted() != mouse {
            mouse = !mouse;
            if mouse {
                execute!(stdout(), EnableMouseCapture)?;
            } else {
                execute!(stdout(), DisableMouseCapture)?;
            }
        }
        if dirty {
            terminal.draw(|frame| crate::ui::render(&app, frame))?;
        }
        if app.should_quit() {
            return Ok(());
        }
        dirty = match to_msg(event::read()?) {
            Some(msg) => {
                let changed = app.update(msg);
                settle(&mut app);
                changed
            }
            None => false,
        };
    }
}

/// Run `app` like [`run`], also applying the messages that arrive on
/// `extra` (file reloads from `chalkdust watch`) as they come.
///
/// A thread reads terminal events into the same channel, so one blocking
/// receive waits for either; the app never learns where a message came
/// from.
pub fn run_with(mut app: App, extra: mpsc::Receiver<Msg>) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    execute!(stdout(), EnableBracketedPaste)?;
    event::poll(Duration::ZERO)?;
    let (tx, rx) = mpsc::channel::<io::Result<Msg>>();
    let keys = tx.clone();
    // The reader polls so it stops within a tick of the loop below ending,
    // rather than taking keys meant for the shell afterwards.
    let stop = Arc::new(AtomicBool::new(false));
    let _stop_reader = StopOnDrop(Arc::clone(&stop));
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(100)) {
                Ok(false) => {}
                Ok(true) => {
                    let msg = match event::read() {
                        Ok(ev) => match to_msg(ev) {
                            Some(m) => Ok(m),
                            None => continue,
                        },
                        Err(e) => Err(e),
                    };
                    if keys.send(msg).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = keys.send(Err(e));
                    return;
                }
            }
        }
    });
    std::thread::spawn(move || {
        for msg in extra {
            if tx.send(Ok(msg)).is_err() {
                return;
            }
        }
    });
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    settle(&mut app);
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::render(&app, frame))?;
        }
        if app.should_quit() {
            return Ok(());
        }
        dirty = match rx.recv() {
            Ok(Ok(msg)) => {
                let changed = app.update(msg);
                settle(&mut app);
                changed
            }
            Ok(Err(e)) => return Err(e),
            Err(_) => return Ok(()),
        };
    }
}
