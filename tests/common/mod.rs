//! A pseudo-terminal harness for end-to-end tests: runs the real
//! `chalkdust` binary (or another program, such as the OpenSSH client) at a
//! fixed size, feeds everything it writes into a `vt100` screen on a reader
//! thread, and lets a test type keys and wait for text to appear. The screen is printed when a wait times out; the child is
//! killed when the harness is dropped, so a failing test leaves nothing
//! running.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a wait lasts before the test fails: generous, because the
/// machine may be busy building; a passing wait returns as soon as it can.
pub const DEADLINE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(10);

/// The small lesson most end-to-end tests open: three sections, the last a
/// self-check whose first question asks for the slope of x² at 3.
pub const SAMPLE: &str = "tests/lessons/app/sample.toml";

/// Keys as a terminal sends them.
pub mod key {
    pub const ENTER: &str = "\r";
    pub const TAB: &str = "\t";
    pub const BACKTAB: &str = "\x1b[Z";
    pub const BACKSPACE: &str = "\x7f";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const CTRL_C: &str = "\x03";
}

/// The running program in its pseudo-terminal.
/// How many of a program's first output bytes a [`Term`] keeps.
pub const RAW_KEPT: usize = 4 << 20;

pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, up to [`RAW_KEPT`]: for what a screen
    /// cannot show (which escape sequence drew a colour).
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap_or(NonZeroU16::MIN)
}

impl Term {
    /// Start `chalkdust ARGS` at 80x24.
    pub fn spawn(args: &[&str]) -> Term {
        Term::spawn_sized(args, 80, 24)
    }

    /// Start `chalkdust ARGS` at `cols` x `rows`, in the crate folder, with
    /// progress kept in a scratch folder.
    pub fn spawn_sized(args: &[&str], cols: u16, rows: u16) -> Term {
        Term::spawn_full(args, cols, rows, &[])
    }

    /// Start `chalkdust ARGS` at 80x24 with extra environment variables.
    pub fn spawn_env(args: &[&str], env: &[(&str, &str)]) -> Term {
        Term::spawn_full(args, 80, 24, env)
    }

    fn spawn_full(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Term {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_chalkdust"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("CHALKDUST_LESSONS");
        let data = std::env::temp_dir().join(format!(
            "chalkdust-e2e-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        cmd.env("CHALKDUST_DATA", &data);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Term::spawn_command(cmd, cols, rows)
    }

    /// Start any `program` with `args` at `cols` x `rows` (the SSH tests run
    /// the OpenSSH client this way).
    pub fn spawn_program(program: &str, args: &[String], cols: u16, rows: u16) -> Term {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        Term::spawn_command(cmd, cols, rows)
    }

    fn spawn_command(cmd: CommandBuilder, cols: u16, rows: u16) -> Term {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pty.slave.spawn_command(cmd).expect("spawn the program");
        // Only the child keeps the slave open, so the reader sees the end
        // when it exits.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut p) = sink.lock() {
                            p.process(&buf[..n]);
                        }
                        if let Ok(mut r) = raw_sink.lock()
                            && r.len() < RAW_KEPT
                        {
                            r.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        Term {
            parser,
            raw,
            writer,
            master: pty.master,
            child,
            reader: Some(reader),
        }
    }

    /// The screen's text now.
    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Whether the program has the alternate screen on.
    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Wait until `pred` holds for the screen; fail with the screen if it
    /// never does.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen was:\n{s}\n---");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until `text` is on the screen; returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait until `text` is gone from the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// Type `bytes` as the terminal would send them.
    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Press Esc: a lone ESC byte in its own write, with a pause after it so
    /// the next key is not read together with it as Alt+key.
    pub fn esc(&mut self) {
        self.keys("\x1b");
        std::thread::sleep(Duration::from_millis(100));
    }

    /// Resize the terminal (the program gets SIGWINCH) and the screen model.
    /// The model first: what the program draws for the new size must be
    /// read at the new size, or a grown screen keeps a clipped frame.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(nz(rows), nz(cols));
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Wait for the program to exit and the reader to drain; returns
    /// whether it exited successfully.
    pub fn wait_exit(&mut self) -> bool {
        self.exit_code() == 0
    }

    /// Wait for the program to exit and the reader to drain; its exit code.
    pub fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    // Let the reader take the last bytes before anyone
                    // asserts on the screen.
                    if let Some(r) = self.reader.take() {
                        let _ = r.join();
                    }
                    return status.exit_code();
                }
                Ok(None) if start.elapsed() < DEADLINE => std::thread::sleep(POLL),
                _ => panic!(
                    "the program did not exit; the screen was:\n{}",
                    self.screen()
                ),
            }
        }
    }

    /// Read the vt100 screen model.
    pub fn screen_with<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self
            .parser
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .screen())
    }

    /// The screen's text now (as [`Term::screen`]).
    pub fn contents(&self) -> String {
        self.screen()
    }

    /// One row of the screen, trailing blanks trimmed.
    pub fn row(&self, row: u16) -> String {
        self.screen_with(|s| {
            let (_, cols) = s.size();
            s.rows(0, cols.get())
                .nth(usize::from(row))
                .unwrap_or_default()
                .trim_end()
                .to_owned()
        })
    }

    /// Feed bytes to the screen model as if the program had written them
    /// (to plant stale content that a redraw must clear).
    pub fn inject(&self, bytes: &[u8]) {
        self.parser
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .process(bytes);
    }

    /// Wait until `cond` holds for the screen model; fail with the screen
    /// if it never does.
    pub fn wait_for_screen(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while !self.screen_with(&cond) {
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out waiting for {what}; the screen was:\n{}\n---",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until `text` is on the screen.
    pub fn wait_for_text(&self, text: &str) {
        self.wait_for(text);
    }

    /// Send raw bytes, as a terminal would.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Term {
    /// From the start of [`SAMPLE`], through the table of contents to its
    /// self-check, focus the first question and start typing an answer.
    pub fn start_answering_sample(&mut self) {
        self.keys("t");
        self.wait_for("Contents");
        self.keys("G");
        self.keys(key::ENTER);
        self.wait_for("3/3 Self-check");
        self.keys(key::TAB);
        self.keys(key::ENTER);
        self.wait_for("typing: Enter check");
    }

    /// Whether any cell on screen has a colour other than the default.
    /// Whether the program has written `needle` (in its first
    /// [`RAW_KEPT`] bytes).
    pub fn wrote(&self, needle: &[u8]) -> bool {
        self.raw
            .lock()
            .is_ok_and(|r| r.windows(needle.len()).any(|w| w == needle))
    }

    pub fn any_colour(&self) -> bool {
        let Ok(p) = self.parser.lock() else {
            return false;
        };
        let screen = p.screen();
        let (rows, cols) = screen.size();
        (0..rows.get()).any(|r| {
            (0..cols.get()).any(|c| {
                screen.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    }
}

/// `chalkdust ARGS` as a command without a terminal, run in the crate
/// folder with the variables that would change what it reads removed: the
/// one way the tests run the binary outside a pty.
pub fn chalkdust(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chalkdust"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CHALKDUST_LESSONS")
        .env_remove("CHALKDUST_DATA");
    cmd
}

/// A child's standard error, collected on a reader thread as it is written
/// (a `chalkdust serve` log), for a test to wait on and search.
pub struct ChildLog {
    text: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl ChildLog {
    /// Take `child`'s piped standard error and collect it.
    pub fn collect(child: &mut std::process::Child) -> ChildLog {
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        let mut err = child.stderr.take().expect("stderr is piped");
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut log) = sink.lock() {
                    log.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        ChildLog {
            text,
            reader: Some(reader),
        }
    }

    /// Everything written so far.
    pub fn text(&self) -> String {
        self.text.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Wait (up to [`DEADLINE`]) for a line containing `needle`; the line.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = self.text().lines().find(|l| l.contains(needle)) {
                return line.to_owned();
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no log line with {needle:?}; the log was:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the reader to reach the end (once the child has exited, or
    /// been killed), so the text is complete.
    pub fn finish(&mut self) {
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

/// The address `chalkdust serve` listens on, from its start line (logged as
/// JSON or as `key=value` words).
pub fn serve_address(line: &str) -> std::net::SocketAddr {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v["address"].as_str().map(str::to_owned))
        .or_else(|| {
            line.split_whitespace()
                .find_map(|w| w.strip_prefix("address=").map(str::to_owned))
        })
        .and_then(|a| a.trim_matches('"').parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
}
