//! The local terminal front end: puts the terminal in raw mode on the
//! alternate screen, turns crossterm events into [`Msg`]s and runs the
//! shared loop of [`crate::driver::run`], restoring the terminal on every
//! way out (panics included). It blocks on input: no redraw unless
//! something changed. Each frame leaves in one write: a 64 KiB buffer
//! under ratatui, flushed once per draw (stdout alone would send a frame
//! in 1 KiB pieces).

use std::io::{self, BufWriter, Stdout, Write as _, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{App, Msg};
use crate::driver::{self, Frontend};

pub(crate) mod colors16;

use colors16::Colors16;

/// This process's terminal, written through a buffer (and, on terminals
/// with 16 colours only, through [`Colors16`]).
type Out = BufWriter<Colors16<Stdout>>;
type Term = Terminal<CrosstermBackend<Out>>;

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

/// Where the local terminal's messages come from.
enum Input {
    /// Terminal events, read as they come.
    Events,
    /// Terminal events and other messages (file reloads), merged by
    /// threads into one channel.
    Merged(mpsc::Receiver<io::Result<Msg>>),
}

/// This process's terminal as a [`Frontend`].
struct Local {
    terminal: Term,
    input: Input,
}

impl Frontend for Local {
    type Backend = CrosstermBackend<Out>;
    type End = io::Result<()>;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.terminal
    }

    fn capture_mouse(&mut self, on: bool) -> Result<(), io::Result<()>> {
        let done = if on {
            execute!(stdout(), EnableMouseCapture)
        } else {
            execute!(stdout(), DisableMouseCapture)
        };
        done.map_err(Err)
    }

    fn draw_failed(&mut self, err: io::Error) -> io::Result<()> {
        Err(err)
    }

    fn wait(
        &mut self,
        msgs: &mut Vec<Msg>,
        timeout: Option<Duration>,
    ) -> Result<bool, io::Result<()>> {
        match &self.input {
            Input::Events => {
                // Without a timeout this blocks in `read`: no wake-ups.
                if let Some(t) = timeout
                    && !event::poll(t).map_err(Err)?
                {
                    return Ok(false);
                }
                let ev = event::read().map_err(Err)?;
                msgs.extend(to_msg(ev));
            }
            Input::Merged(rx) => {
                let got = match timeout {
                    Some(t) => match rx.recv_timeout(t) {
                        Err(mpsc::RecvTimeoutError::Timeout) => return Ok(false),
                        Err(mpsc::RecvTimeoutError::Disconnected) => Err(()),
                        Ok(m) => Ok(m),
                    },
                    None => rx.recv().map_err(|_| ()),
                };
                match got {
                    Ok(Ok(msg)) => msgs.push(msg),
                    Ok(Err(e)) => return Err(Err(e)),
                    Err(()) => return Err(Ok(())),
                }
            }
        }
        Ok(false)
    }

    fn quit(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// DECSTBM sets the region, SU/SD scroll it, and the region is reset;
    /// written through the backend so it goes out with the frame.
    fn scroll_rows(&mut self, top: u16, bottom: u16, by: isize) -> io::Result<bool> {
        let (n, dir) = (by.unsigned_abs(), if by > 0 { 'S' } else { 'T' });
        write!(
            self.terminal.backend_mut(),
            "\x1b[{};{}r\x1b[{n}{dir}\x1b[r",
            top + 1,
            bottom
        )?;
        Ok(true)
    }
}

/// Put the terminal in raw mode on the alternate screen, with bracketed
/// paste, and a panic hook that restores it.
fn start() -> io::Result<Term> {
    // Only the setup of `try_init` is kept (raw mode, the alternate screen,
    // its panic hook); the terminal it returns writes unbuffered. Dropping
    // it writes nothing.
    drop(ratatui::try_init()?);
    let basic = colors16::basic_only(std::env::var("TERM").ok().as_deref());
    let terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        1 << 16,
        Colors16::new(stdout(), basic),
    )))?;
    // ratatui's hook restores raw mode and the screen; also switch off
    // bracketed paste and mouse capture, which it does not know about.
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
    Ok(terminal)
}

/// Run `app` in this process's terminal until it quits.
pub fn run(app: App) -> io::Result<()> {
    let terminal = start()?;
    let _restore = Restore;
    drive(app, terminal, Input::Events)
}

/// Run the teacher's screen in this process's terminal until it quits,
/// reading the class from `source` (and again when it changes).
pub fn run_class(
    mut screen: crate::class::screen::Screen,
    source: &driver::class::Source,
) -> io::Result<()> {
    let terminal = start()?;
    let _restore = Restore;
    let size = terminal.size()?;
    screen.update(Msg::Resize(size.width, size.height));
    let mut local = Local {
        terminal,
        input: Input::Events,
    };
    driver::class::run(&mut screen, &mut local, source)
}

fn drive(mut app: App, terminal: Term, input: Input) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let mut local = Local { terminal, input };
    driver::run(&mut app, &mut local)
}

/// Run `app` like [`run`], also applying the messages that arrive on
/// `extra` (file reloads from `chalkdust watch`) as they come.
///
/// A thread reads terminal events into the same channel, so one blocking
/// receive waits for either; the app never learns where a message came
/// from.
pub fn run_with(app: App, extra: mpsc::Receiver<Msg>) -> io::Result<()> {
    let terminal = start()?;
    let _restore = Restore;
    let (tx, rx) = mpsc::channel::<io::Result<Msg>>();
    let keys = tx.clone();
    // The reader polls so it stops within a tick of the loop ending,
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
    drive(app, terminal, Input::Merged(rx))
}
