//! A program in a pseudo-terminal, its screen read with `vt100`.
//!
//! Minimal harness for the SSH tests (the app's own harness may replace it):
//! spawn, wait for the screen to satisfy a condition, type, resize, and
//! always kill the child on drop so a failing test leaves nothing running.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any wait lasts before the test fails with the screen printed.
pub const WAIT: Duration = Duration::from_secs(8);

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap_or(NonZeroU16::MIN)
}

/// A running program in a pty of a fixed size.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
}

impl Pty {
    /// Start `program args...` in a `cols` x `rows` pty.
    pub fn spawn(program: &str, args: &[String], cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let sink = Arc::clone(&parser);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .process(&buf[..n]),
                }
            }
        });
        Pty {
            master: pair.master,
            writer,
            child,
            parser,
            reader: Some(reader),
        }
    }

    /// Run `f` on the current screen.
    pub fn screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self
            .parser
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .screen())
    }

    /// The screen as text, one line per row.
    pub fn contents(&self) -> String {
        self.screen(|s| s.contents())
    }

    /// One row of the screen, trailing blanks trimmed.
    pub fn row(&self, row: u16) -> String {
        self.screen(|s| {
            let (_, cols) = s.size();
            s.rows(0, cols.get())
                .nth(usize::from(row))
                .unwrap_or_default()
                .trim_end()
                .to_owned()
        })
    }

    /// Feed bytes to the local screen model as if the program had written
    /// them (to plant stale content that a redraw must clear).
    pub fn inject(&self, bytes: &[u8]) {
        self.parser
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .process(bytes);
    }

    /// Poll until `cond` holds on the screen; panic with the screen if it
    /// does not within [`WAIT`].
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.screen(&cond) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "timed out waiting for {what}; screen was:\n{}",
            self.contents()
        );
    }

    /// Wait until the screen contains `text`.
    pub fn wait_for_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Type bytes as a person would (one write).
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Resize the pty (the child gets SIGWINCH) and the screen model.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.parser
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// Wait for the child to exit; its exit code, or panic after [`WAIT`].
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader take the last bytes before anyone asserts.
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("child did not exit; screen was:\n{}", self.contents());
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
