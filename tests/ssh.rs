//! End to end: `chalkdust serve` reached with the real OpenSSH client.
//!
//! Each test starts its own server on a free loopback port with a temporary
//! host key, generates client keys with `ssh-keygen`, and drives `ssh` in a
//! pseudo-terminal whose screen is read with `vt100`.

mod common;

use std::io::Read;
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chalkdust::app::App;
use chalkdust::library::Library;
use chalkdust::progress::Store;
use chalkdust::ssh::{Learner, Limits, ServeConfig, Server, SessionFactory};
use chalkdust::ui::theme::Theme;
use common::{DEADLINE as WAIT, Term as Pty};

/// Text that proves the app's first screen is up: the built-in lesson's
/// title bar.
const FIRST_SCREEN: &str = "Derivatives";

/// The app each learner gets, as `chalkdust serve` makes it: the built-in
/// lesson, with the learner's progress kept in a store under `data`.
fn app_for(learner: &Learner, data: &Path) -> anyhow::Result<App> {
    let store = Store::open_in(data)?;
    let mut app = App::new(Theme::default())
        .with_library(Library::builtin())
        .with_store(store, learner.clone());
    app.open_only_lesson();
    Ok(app)
}

/// A scratch directory removed at the end of the test.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "chalkdust-ssh-{name}-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A client key pair made with `ssh-keygen`.
struct ClientKey {
    private: PathBuf,
    public_line: String,
}

fn client_key(dir: &Path, name: &str) -> ClientKey {
    let private = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&private)
        .stdin(Stdio::null())
        .status()
        .expect("run ssh-keygen");
    assert!(status.success(), "ssh-keygen failed");
    let public_line = std::fs::read_to_string(private.with_extension("pub"))
        .expect("read the public key")
        .trim()
        .to_owned();
    ClientKey {
        private,
        public_line,
    }
}

/// A server on its own runtime thread; stopped (gracefully) on drop.
struct TestServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    dir: TempDir,
}

impl TestServer {
    fn start(roster: Option<&[&ClientKey]>) -> TestServer {
        TestServer::start_with(roster, Limits::default())
    }

    fn start_with(roster: Option<&[&ClientKey]>, limits: Limits) -> TestServer {
        let dir = TempDir::new("server");
        let mut config = ServeConfig::new(dir.0.join("host_key"));
        config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        config.limits = limits;
        if let Some(keys) = roster {
            let path = dir.0.join("authorized_keys");
            let lines: Vec<&str> = keys.iter().map(|k| k.public_line.as_str()).collect();
            std::fs::write(&path, lines.join("\n")).expect("write roster");
            config.authorized_keys = Some(path);
        }
        let data = dir.0.join("data");
        let factory: SessionFactory = Arc::new(move |learner| app_for(learner, &data));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let server = Server::bind(config, factory).await.expect("bind");
                addr_tx.send(server.local_addr().expect("addr")).ok();
                server
                    .run_until(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let addr = addr_rx
            .recv_timeout(WAIT)
            .expect("server did not start in time");
        TestServer {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
            dir,
        }
    }

    /// `ssh` arguments for this server with `key`, then `extra`.
    fn ssh_args(&self, key: &ClientKey, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-p",
            &self.addr.port().to_string(),
            "-i",
            &key.private.to_string_lossy(),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "ConnectTimeout=5",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    /// Connect interactively (`ssh -tt`) in an 80x24 pty as `user`.
    fn connect(&self, key: &ClientKey, user: &str) -> Pty {
        let target = format!("{user}@127.0.0.1");
        Pty::spawn_program("ssh", &self.ssh_args(key, &["-tt", &target]), 80, 24)
    }

    /// Run `ssh` without a pty to completion (killed after [`WAIT`]).
    fn run(&self, key: &ClientKey, extra: &[&str]) -> Output {
        let child = Command::new("ssh")
            .args(self.ssh_args(key, extra))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ssh");
        wait_output(child)
    }
}

impl TestServer {
    /// Stop the server as SIGINT would, and wait for it to finish.
    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shut_down();
        let _ = &self.dir;
    }
}

/// Wait for a child with a deadline, killing it if it overruns.
fn wait_output(mut child: std::process::Child) -> Output {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return child.wait_with_output().expect("collect output");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let output = child.wait_with_output().expect("collect output");
    panic!(
        "ssh did not finish; stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn learner_sees_first_screen_and_q_quits_with_goodbye() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_screen("the first screen", |s| {
        s.alternate_screen() && s.contents().contains(FIRST_SCREEN)
    });
    pty.send(b"q");
    let code = pty.exit_code();
    assert_eq!(code, 0, "screen:\n{}", pty.contents());
    assert!(
        !pty.screen_with(|s| s.alternate_screen()),
        "terminal restored"
    );
    assert!(pty.contents().contains("Goodbye! Your progress is saved."));
}

#[test]
fn the_learners_terminal_not_the_servers_decides_plain_characters() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    // The client runs with TERM=linux (the Linux console), so its pty
    // request names it; the server's own TERM plays no part.
    let target = "ada@127.0.0.1";
    let mut args = vec!["TERM=linux".to_string(), "ssh".to_string()];
    args.extend(server.ssh_args(&key, &["-tt", target]));
    let mut pty = Pty::spawn_program("env", &args, 80, 24);
    pty.wait_for_screen("the first screen", |s| {
        s.alternate_screen() && s.contents().contains("Derivatives > 1/12")
    });
    let screen = pty.contents();
    assert!(screen.is_ascii(), "{screen}");
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0, "screen:\n{}", pty.contents());
    // The same server gives an xterm its box drawing.
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_screen("the first screen", |s| {
        s.alternate_screen() && s.contents().contains("Derivatives › 1/12")
    });
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0, "screen:\n{}", pty.contents());
}

#[test]
fn resize_redraws_at_the_new_width() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    // Stale text that only a redraw of the whole viewport removes.
    pty.inject(b"\x1b[10;1HSTALE");
    pty.resize(5, 24);
    // Told the new width, the app says it needs a bigger screen, laid out
    // 5 columns wide; had the server drawn 80 columns wide, the terminal
    // would have wrapped it in other places.
    pty.wait_for_screen("a redraw 5 columns wide", |s| {
        !s.contents().contains("STALE") && s.contents().starts_with("chalk\ndust\nneeds")
    });
    pty.resize(80, 24);
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0);
}

#[test]
fn exec_is_refused() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let output = server.run(&key, &["ada@127.0.0.1", "echo", "pwned"]);
    assert!(!output.status.success());
    assert!(!String::from_utf8_lossy(&output.stdout).contains("pwned"));
    assert!(
        stderr(&output).contains("exec request failed"),
        "stderr: {}",
        stderr(&output)
    );
}

#[test]
fn shell_without_a_terminal_is_refused_with_an_explanation() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let output = server.run(&key, &["-T", "ada@127.0.0.1"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("connect with a terminal"),
        "stderr: {}",
        stderr(&output)
    );
}

#[test]
fn remote_port_forwarding_is_refused() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let output = server.run(
        &key,
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
            "ada@127.0.0.1",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("remote port forwarding failed"),
        "stderr: {}",
        stderr(&output)
    );
}

#[test]
fn local_port_forwarding_is_refused() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let local_port = StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let forward = format!("{local_port}:127.0.0.1:{}", server.addr.port());
    let child = Command::new("ssh")
        .args(server.ssh_args(&key, &["-N", "-L", &forward, "ada@127.0.0.1"]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ssh");
    let mut guard = KillOnDrop(Some(child));
    // Wait for the client's local listener, then try the tunnel: the server
    // must refuse the channel, so the tunnel closes without carrying a byte
    // (through it we would otherwise read the server's own SSH banner).
    let deadline = Instant::now() + WAIT;
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", local_port)) {
            Ok(s) => break s,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("ssh -L never listened: {e}"),
        }
    };
    stream
        .set_read_timeout(Some(WAIT))
        .expect("set read timeout");
    let mut buf = [0u8; 64];
    let n = stream.read(&mut buf).unwrap_or(0);
    assert_eq!(
        n,
        0,
        "tunnel carried {:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    let mut child = guard.0.take().expect("child");
    let _ = child.kill();
    let output = child.wait_with_output().expect("collect output");
    assert!(
        stderr(&output).contains("administratively prohibited"),
        "stderr: {}",
        stderr(&output)
    );
}

/// Kills a plain child process if the test ends early.
struct KillOnDrop(Option<std::process::Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn only_keys_on_the_roster_get_in() {
    let keys = TempDir::new("keys");
    let listed = client_key(&keys.0, "listed");
    let stranger = client_key(&keys.0, "stranger");
    let server = TestServer::start(Some(&[&listed]));

    let refused = server.run(&stranger, &["-T", "eve@127.0.0.1"]);
    assert_eq!(refused.status.code(), Some(255));
    assert!(
        stderr(&refused).contains("Permission denied"),
        "stderr: {}",
        stderr(&refused)
    );

    let mut pty = server.connect(&listed, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0);
}

#[test]
fn subsystems_are_refused() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let output = server.run(&key, &["-s", "ada@127.0.0.1", "sftp"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("subsystem request failed"),
        "stderr: {}",
        stderr(&output)
    );
}

#[test]
fn shutdown_says_goodbye_to_open_sessions() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let mut server = TestServer::start(None);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    let started = Instant::now();
    server.shut_down();
    assert!(
        started.elapsed() < WAIT,
        "shutdown took {:?}",
        started.elapsed()
    );
    pty.exit_code();
    assert!(
        !pty.screen_with(|s| s.alternate_screen()),
        "terminal restored"
    );
    assert!(
        pty.contents().contains("The server is shutting down"),
        "screen:\n{}",
        pty.contents()
    );
}

#[test]
fn a_vanished_client_frees_its_session_slot() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let limits = Limits {
        max_sessions_per_key: 1,
        ..Limits::default()
    };
    let server = TestServer::start_with(None, limits);
    let pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    // Killing the client without a goodbye, as a closed laptop would.
    drop(pty);
    let mut again = server.connect(&key, "ada");
    again.wait_for_screen(
        "a second session for the same key once the first is gone",
        |s| s.contents().contains(FIRST_SCREEN) && !s.contents().contains("already has"),
    );
    again.send(b"q");
    assert_eq!(again.exit_code(), 0, "screen:\n{}", again.contents());
}

#[test]
fn per_key_limit_turns_away_a_second_session_with_a_reason() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let limits = Limits {
        max_sessions_per_key: 1,
        ..Limits::default()
    };
    let server = TestServer::start_with(None, limits);
    let mut first = server.connect(&key, "ada");
    first.wait_for_text(FIRST_SCREEN);
    let mut second = server.connect(&key, "ada");
    assert_eq!(second.exit_code(), 1);
    assert!(
        second.contents().contains("already has 1 open session"),
        "screen:\n{}",
        second.contents()
    );
    first.send(b"q");
    assert_eq!(first.exit_code(), 0);
}

/// Open the self-check section of the built-in lesson, answer its first
/// question with `answer`, and leave.
fn answer_first_check(pty: &mut Pty, answer: &str) {
    pty.send(b"t");
    pty.wait_for_text("Contents");
    // "Check yourself" is the 11th section.
    pty.send(b"jjjjjjjjjj\r");
    pty.wait_for_text("11/12 Check yourself");
    pty.send(b"\t");
    pty.send(b"\r");
    pty.wait_for_text("typing");
    pty.send(answer.as_bytes());
    pty.send(b"\r");
}

/// Stop typing, then quit. Esc is only Esc when it arrives alone, so wait
/// for it to take effect before the `q` (else the two read as Alt+q).
fn leave(pty: &mut Pty) {
    pty.send(b"\x1b");
    pty.wait_for_screen("typing to stop", |s| !s.contents().contains("typing:"));
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0, "screen:\n{}", pty.contents());
}

#[test]
fn progress_is_kept_per_key_across_reconnects() {
    let keys = TempDir::new("keys");
    let ada = client_key(&keys.0, "ada");
    let bob = client_key(&keys.0, "bob");
    let server = TestServer::start(None);

    let mut pty = server.connect(&ada, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    answer_first_check(&mut pty, "10x");
    pty.wait_for_text("Right");
    leave(&mut pty);

    // The same key: back where ada left off, the question solved.
    let mut again = server.connect(&ada, "ada");
    again.wait_for_text("11/12 Check yourself");
    again.wait_for_text("solved 1 / attempted 1");
    again.send(b"q");
    assert_eq!(again.exit_code(), 0);

    // Another key has its own, empty record.
    let mut other = server.connect(&bob, "bob");
    other.wait_for_text("1/12 What is a derivative");
    answer_first_check(&mut other, "5x");
    other.wait_for_text("solved 0 / attempted 1");
    leave(&mut other);
}
