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
use common::{ChildLog, DEADLINE as WAIT, Term as Pty};

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
    app.open_start_lesson();
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
        TestServer::start_serving(roster, limits, app_for)
    }

    /// A server that records sessions and shows `teachers` the class view
    /// (progress in one SQLite file), as `serve --teachers` does.
    fn start_class(teachers: &[&ClientKey], limits: Limits) -> TestServer {
        TestServer::start_full(None, Some(teachers), limits, app_for)
    }

    /// A server whose sessions get the app `app` makes (from the learner
    /// and the data folder).
    fn start_serving(
        roster: Option<&[&ClientKey]>,
        limits: Limits,
        app: fn(&Learner, &Path) -> anyhow::Result<App>,
    ) -> TestServer {
        TestServer::start_full(roster, None, limits, app)
    }

    fn start_full(
        roster: Option<&[&ClientKey]>,
        teachers: Option<&[&ClientKey]>,
        limits: Limits,
        app: fn(&Learner, &Path) -> anyhow::Result<App>,
    ) -> TestServer {
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
        let hooks = teachers.map(|keys| {
            let path = dir.0.join("teachers");
            let lines: Vec<&str> = keys.iter().map(|k| k.public_line.as_str()).collect();
            std::fs::write(&path, lines.join("\n")).expect("write teachers");
            config.teachers = Some(path);
            let store: Arc<dyn chalkdust::progress::ProgressStore> =
                Arc::new(Store::open_in(&data).expect("the class store"));
            chalkdust::ssh::ClassHooks {
                store: Arc::clone(&store),
                instance: "test".into(),
                teacher_view: chalkdust::driver::class::Source {
                    store,
                    lessons: Arc::new(Vec::new()),
                    only: None,
                    judged: Default::default(),
                },
                theme: Theme::default(),
            }
        });
        let factory: SessionFactory = Arc::new(move |learner| app(learner, &data));
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
                if let Some(hooks) = hooks {
                    server.set_class(hooks);
                }
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
        ssh_args(self.addr.port(), key, extra)
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

/// The motion fixture: an explorer whose step slider plays every 0.1 s.
fn motion_app(learner: &Learner, data: &Path) -> anyhow::Result<App> {
    let store = Store::open_in(data)?;
    let lesson = chalkdust::lesson::load::load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/lessons/motion/motion.toml"
    )))
    .map_err(|e| anyhow::anyhow!("{e:?}"))?
    .lesson;
    let mut app = App::new(Theme::default()).with_store(store, learner.clone());
    app.update(chalkdust::app::Msg::Resize(80, 24));
    app.open(lesson);
    Ok(app)
}

/// The session wakes for the play key's ticks (its wait ends at each
/// tick's deadline, not only on input), and plays to the end.
#[test]
fn playing_advances_over_ssh_and_stops_at_the_end() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start_serving(None, Limits::default(), motion_app);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text("1/2 Walking down x²");
    pty.send(b"\t\t");
    pty.wait_for_text("steps taken: 3");
    pty.send(b"p");
    pty.wait_for_text("Playing");
    pty.wait_for_text("x_k: 0.5033    steps taken: 8");
    pty.wait_for_text("Played to the end");
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0, "screen:\n{}", pty.contents());
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
    // Colours in the 16 the console knows, never a 256-colour code.
    assert!(pty.wrote(b"\x1b["), "something was drawn");
    assert!(
        !pty.wrote(b"38;5;") && !pty.wrote(b"48;5;"),
        "a 256-colour code"
    );
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
    // Told the new width, the app says it needs a bigger screen, cut to 5
    // columns, one phrase a line; had the server drawn 80 columns wide,
    // the terminal would have wrapped its lines onto others.
    pty.wait_for_screen("a redraw 5 columns wide", |s| {
        let text = s.contents();
        !text.contains("STALE") && text.contains("Too s") && text.contains("need")
    });
    pty.resize(80, 24);
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0);
}

/// Over SSH too, the body moved by whole lines is scrolled by the
/// learner's terminal (a scroll region) and only the rows that came into
/// view are sent; the screen must be exactly what a full redraw shows.
#[test]
fn a_body_scrolled_line_by_line_matches_a_full_redraw() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"nnnn");
    let mut shown = pty.wait_for("5/12");
    for key in ["j", "j", "j", "j", "j", "j", "j", "k", "k", "j"] {
        pty.send(key.as_bytes());
        let before = shown.clone();
        shown = pty.wait_until("the body to move one line", |s| s != before);
    }
    // A resize makes the server draw every cell again.
    pty.resize(81, 24);
    pty.wait_until("the wider frame", |s| s != shown);
    pty.resize(80, 24);
    let visible = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let shown = visible(&shown);
    let redrawn = pty.wait_until("the same frame, drawn in full", |s| visible(s) == shown);
    assert_eq!(visible(&redrawn), shown);
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
    // The slot is freed once the server sees the socket close; a client
    // quick enough to log in before that (tests running in parallel on two
    // cores) is turned away with the limit's reason, and tries again.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut again = loop {
        let again = server.connect(&key, "ada");
        again.wait_for_screen("a session, or the limit's reason", |s| {
            s.contents().contains(FIRST_SCREEN) || s.contents().contains("already has")
        });
        if !again.contents().contains("already has") {
            break again;
        }
        assert!(
            Instant::now() < deadline,
            "the vanished client's slot was not freed within 10 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
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
/// Answer the first question of the self-check with what `answer` makes
/// of its prompt (its numbers are the learner's own variant); returns the
/// prompt.
fn answer_first_check(pty: &mut Pty, answer: impl Fn(&str) -> String) -> String {
    pty.send(b"t");
    pty.wait_for_text("Contents");
    // "Check yourself" is the 11th section.
    pty.send(b"jjjjjjjjjj\r");
    pty.wait_for_text("11/12 Check yourself");
    pty.send(b"\t");
    pty.send(b"\r");
    pty.wait_for_text("typing");
    let screen = pty.contents();
    let prompt = screen
        .lines()
        .find_map(|l| l.split("Find the derivative of ").nth(1))
        .map(|p| p.trim().trim_end_matches('.').to_string())
        .unwrap_or_default();
    pty.send(answer(&prompt).as_bytes());
    pty.send(b"\r");
    prompt
}

/// The derivative of a prompt like "7x³" (`a·xⁿ`), as a learner types it.
fn power_rule(prompt: &str) -> String {
    let (a, power) = prompt.split_once('x').unwrap_or(("1", "¹"));
    let a: i64 = a.parse().unwrap_or(1);
    let n = "⁰¹²³⁴⁵⁶⁷⁸⁹"
        .chars()
        .position(|c| power.starts_with(c))
        .map_or(1, |n| n as i64);
    format!("{}x^{}", a * n, n - 1)
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
    let seen = answer_first_check(&mut pty, power_rule);
    pty.wait_for_text("Right");
    leave(&mut pty);

    // The same key: back where ada left off, the question solved, on the
    // same numbers (the variant is drawn from the key).
    let mut again = server.connect(&ada, "ada");
    again.wait_for_text("11/12 Check yourself");
    again.wait_for_text("solved 1 / attempted 1");
    again.wait_for_text(&format!("Find the derivative of {seen}."));
    again.send(b"q");
    assert_eq!(again.exit_code(), 0);

    // Another key has its own, empty record.
    let mut other = server.connect(&bob, "bob");
    other.wait_for_text("1/12 What is a derivative");
    answer_first_check(&mut other, |_| "5x".to_string());
    other.wait_for_text("solved 0 / attempted 1");
    leave(&mut other);
}

// ---------------------------------------------------------------------
// Under abuse: login grace, silent sockets, key exchange, closing.
// ---------------------------------------------------------------------

/// `count` TCP connections to `addr` from the loopback address `from`,
/// opened and then left silent.
fn silent_sockets(addr: SocketAddr, from: [u8; 4], count: usize) -> Vec<TcpStream> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut held = Vec::with_capacity(count);
        for _ in 0..count {
            let socket = tokio::net::TcpSocket::new_v4().expect("socket");
            socket
                .bind(SocketAddr::from((from, 0)))
                .expect("bind a loopback source address");
            let stream = tokio::time::timeout(WAIT, socket.connect(addr))
                .await
                .expect("connect in time")
                .expect("connect");
            held.push(stream.into_std().expect("std stream"));
        }
        held
    })
}

/// Read from `stream` until the server closes it; how long that took, or
/// `None` if it was still open after `limit`.
fn time_to_close(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .expect("set read timeout");
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if started.elapsed() >= limit {
                    return None;
                }
            }
            // Reset by the server: closed too.
            Err(_) => return Some(started.elapsed()),
        }
    }
}

#[test]
fn silent_sockets_from_five_addresses_do_not_lock_out_a_student() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    // 270 silent sockets, more than the 256 connections allowed in all,
    // 54 from each address: within every per-address limit.
    let mut held = Vec::new();
    for last in 2..=6 {
        held.extend(silent_sockets(server.addr, [127, 0, 0, last], 54));
    }
    assert_eq!(held.len(), 270);
    let started = Instant::now();
    let target = "ada@127.0.0.1".to_string();
    let args = server.ssh_args(&key, &["-b", "127.0.0.7", "-tt", &target]);
    let mut pty = Pty::spawn_program("ssh", &args, 80, 24);
    pty.wait_for_text(FIRST_SCREEN);
    let took = started.elapsed();
    eprintln!("behind 270 silent sockets, the student reached the lesson in {took:?}");
    assert!(
        took < Duration::from_secs(3),
        "the student waited {took:?} behind silent sockets"
    );
    pty.send(b"q");
    assert_eq!(pty.exit_code(), 0);
    drop(held);
}

#[test]
fn the_login_grace_closes_silent_and_stalled_connections() {
    let limits = Limits {
        login_grace: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = TestServer::start_with(None, limits);
    // Silent from the start: not even a version line.
    let mut silent = TcpStream::connect(server.addr).expect("connect");
    // A version line, then nothing: stalled in the handshake.
    let mut stalled = TcpStream::connect(server.addr).expect("connect");
    std::io::Write::write_all(&mut stalled, b"SSH-2.0-stall\r\n").expect("write");
    let limit = Duration::from_secs(5);
    let silent_took = time_to_close(&mut silent, limit);
    let stalled_took = time_to_close(&mut stalled, limit);
    for (what, took) in [("silent", silent_took), ("stalled", stalled_took)] {
        assert!(
            took.is_some_and(|t| t < Duration::from_secs(4)),
            "the {what} socket was still open after {limit:?} (closed after {took:?})"
        );
    }
}

#[test]
fn a_client_without_a_session_is_closed_after_the_login_grace() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let limits = Limits {
        login_grace: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = TestServer::start_with(None, limits);
    // Logged in, but never asks for a session: `ssh -N` waits forever.
    let started = Instant::now();
    let output = server.run(&key, &["-N", "ada@127.0.0.1"]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        output.status.code(),
        Some(255),
        "stderr: {}",
        stderr(&output)
    );
}

#[test]
fn a_client_offering_only_finite_field_dh_is_refused_at_key_exchange() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let kex = "diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,\
               diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256";
    let output = server.run(
        &key,
        &["-o", &format!("KexAlgorithms={kex}"), "-T", "ada@127.0.0.1"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(255), "stderr: {err}");
    assert!(
        err.contains("no matching key exchange method"),
        "stderr: {err}"
    );
    assert!(!err.contains("diffie-hellman-group1"), "offered: {err}");
}

/// An OpenSSH control master kept after its session ends
/// (`ControlPersist`): it answers keepalives, so only the server can end it.
struct ControlMaster {
    path: PathBuf,
    args: Vec<String>,
}

impl ControlMaster {
    fn running(&self) -> bool {
        let mut args = self.args.clone();
        args.extend(["-O".into(), "check".into(), "ada@127.0.0.1".into()]);
        Command::new("ssh")
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for ControlMaster {
    fn drop(&mut self) {
        let mut args = self.args.clone();
        args.extend(["-O".into(), "exit".into(), "ada@127.0.0.1".into()]);
        let _ = Command::new("ssh")
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_file(&self.path);
    }
}

#[test]
fn a_connection_closes_within_seconds_of_its_session_ending() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let server = TestServer::start(None);
    let path = keys.0.join("cm");
    let path_arg = format!("ControlPath={}", path.display());
    let master = ControlMaster {
        path: path.clone(),
        args: server.ssh_args(&key, &["-o", &path_arg]),
    };
    let args = server.ssh_args(
        &key,
        &[
            "-o",
            "ControlMaster=yes",
            "-o",
            &path_arg,
            "-o",
            "ControlPersist=60",
            "-tt",
            "ada@127.0.0.1",
        ],
    );
    let mut pty = Pty::spawn_program("ssh", &args, 80, 24);
    pty.wait_for_text(FIRST_SCREEN);
    assert!(master.running(), "the control master is up");
    pty.send(b"q");
    pty.wait_for_text("Goodbye!");
    let ended = Instant::now();
    while master.running() {
        assert!(
            ended.elapsed() < Duration::from_secs(6),
            "the connection outlived its session by {:?}",
            ended.elapsed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!(
        "the connection closed {:?} after the goodbye",
        ended.elapsed()
    );
}

// ---------------------------------------------------------------------
// The `chalkdust serve` process: signals, logs, files.
// ---------------------------------------------------------------------

/// `ssh` arguments for a server on loopback `port` with `key`, then
/// `extra`: no configuration, agent or known hosts of the machine's.
fn ssh_args(port: u16, key: &ClientKey, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "-F",
        "/dev/null",
        "-p",
        &port.to_string(),
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

/// `chalkdust serve` as a host runs it, on a free loopback port, its log
/// collected; killed on drop.
struct ServeProcess {
    child: std::process::Child,
    log: ChildLog,
    addr: SocketAddr,
    data: PathBuf,
}

impl ServeProcess {
    /// Start with `extra` arguments, under `umask` (through `sh`, which
    /// `exec`s, so the pid is the server's).
    fn start(dir: &Path, umask: &str, extra: &[&str]) -> ServeProcess {
        let data = dir.join("data");
        let mut command =
            format!("umask {umask}; exec \"$0\" serve --listen 127.0.0.1:0 --data \"$1\"");
        for i in 0..extra.len() {
            command.push_str(&format!(" \"${}\"", i + 2));
        }
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .arg(env!("CARGO_BIN_EXE_chalkdust"))
            .arg(&data)
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("CHALKDUST_LESSONS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chalkdust serve");
        let log = ChildLog::collect(&mut child);
        let addr = common::serve_address(&log.wait_for("serving lessons over SSH"));
        ServeProcess {
            child,
            log,
            addr,
            data,
        }
    }

    fn log(&self) -> String {
        self.log.text()
    }

    /// Wait for a log line containing `text`; returns the line.
    fn wait_for_log(&self, text: &str) -> String {
        self.log.wait_for(text)
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name}");
    }

    fn ssh_args(&self, key: &ClientKey, extra: &[&str]) -> Vec<String> {
        ssh_args(self.addr.port(), key, extra)
    }

    fn connect(&self, key: &ClientKey, user: &str) -> Pty {
        let args = self.ssh_args(key, &["-tt", "-l", user, "127.0.0.1"]);
        Pty::spawn_program("ssh", &args, 80, 24)
    }

    /// Stop with SIGTERM and wait (bounded) for the process to exit.
    fn stop(&mut self) {
        self.signal("TERM");
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        self.log.finish();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sighup_admits_a_key_added_to_the_roster_without_dropping_anyone() {
    let dir = TempDir::new("hup");
    let ada = client_key(&dir.0, "ada");
    let bob = client_key(&dir.0, "bob");
    let roster = dir.0.join("authorized_keys");
    std::fs::write(&roster, format!("{}\n", ada.public_line)).expect("write roster");
    let roster_arg = roster.to_string_lossy().into_owned();
    let mut server = ServeProcess::start(&dir.0, "077", &["--authorized-keys", &roster_arg]);

    let mut first = server.connect(&ada, "ada");
    first.wait_for_text(FIRST_SCREEN);
    let refused = Command::new("ssh")
        .args(server.ssh_args(&bob, &["-T", "bob@127.0.0.1"]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map(wait_output)
        .expect("ssh");
    assert!(
        stderr(&refused).contains("Permission denied"),
        "{}",
        stderr(&refused)
    );

    std::fs::write(
        &roster,
        format!("{}\n{}\n", ada.public_line, bob.public_line),
    )
    .expect("write roster");
    server.signal("HUP");
    server.wait_for_log("roster reloaded");

    let mut second = server.connect(&bob, "bob");
    second.wait_for_text(FIRST_SCREEN);
    // The first student is still there and still answered.
    first.send(b"t");
    first.wait_for_text("Contents");
    assert!(first.screen_with(|s| s.alternate_screen()));

    server.stop();
    for pty in [&mut first, &mut second] {
        pty.exit_code();
        assert!(
            pty.contents().contains("The server is shutting down"),
            "screen:\n{}",
            pty.contents()
        );
    }
    assert!(
        server.log().contains(r#"name="bob""#),
        "the key's comment names the learner:\n{}",
        server.log()
    );
}

#[test]
fn a_crafted_user_name_cannot_add_fields_to_a_log_line() {
    let dir = TempDir::new("logs");
    let key = client_key(&dir.0, "ada");
    let mut server = ServeProcess::start(&dir.0, "077", &[]);
    let crafted = "eve peer=6.6.6.6:1 key=SHA256:forged";
    let mut pty = server.connect(&key, crafted);
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"q");
    pty.exit_code();
    let line = server.wait_for_log("authenticated");
    // The whole name is one quoted value; nothing of it stands outside.
    let quoted = format!("user={crafted:?}");
    assert!(line.contains(&quoted), "line: {line}");
    let rest = line.replace(&quoted, "");
    assert!(
        !rest.contains("6.6.6.6") && !rest.contains("forged"),
        "line: {line}"
    );
    server.stop();
    let log = server.log();
    assert!(
        !log.contains('\x1b'),
        "no colour codes when not on a terminal:\n{log}"
    );
    assert!(
        log.contains("open mode"),
        "a warning about open mode:\n{log}"
    );
}

#[test]
fn json_logs_keep_client_strings_inside_their_field() {
    let dir = TempDir::new("json");
    let key = client_key(&dir.0, "ada");
    let mut server = ServeProcess::start(&dir.0, "077", &["--log-format", "json"]);
    // OpenSSH refuses user names with quotes; spaces and `=` pass.
    let crafted = "eve peer=6.6.6.6:1 key=forged";
    let mut pty = server.connect(&key, crafted);
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"q");
    pty.exit_code();
    let line = server.wait_for_log("authenticated");
    let value: serde_json::Value = serde_json::from_str(&line).expect("one JSON object per line");
    assert_eq!(
        value["peer"].as_str().map(|p| p.starts_with("127.0.0.1:")),
        Some(true),
        "{line}"
    );
    assert!(
        value["user"]
            .as_str()
            .is_some_and(|u| u.contains("6.6.6.6")),
        "{line}"
    );
    server.stop();
}

#[cfg(unix)]
#[test]
fn the_data_folder_store_and_host_key_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("files");
    let key = client_key(&dir.0, "ada");
    let mut server = ServeProcess::start(&dir.0, "000", &[]);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"j");
    pty.send(b"q");
    pty.exit_code();
    server.stop();
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    assert_eq!(mode(&server.data), 0o700, "data folder");
    for name in ["progress.sqlite3", "ssh_host_ed25519_key"] {
        assert_eq!(mode(&server.data.join(name)), 0o600, "{name}");
    }
    for entry in std::fs::read_dir(&server.data)
        .expect("list data")
        .flatten()
    {
        assert_eq!(
            mode(&entry.path()) & 0o077,
            0,
            "{} is open to others",
            entry.path().display()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_store_named_by_store_is_the_file_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("files");
    let key = client_key(&dir.0, "ada");
    let elsewhere = dir.0.join("class");
    let url = format!("sqlite:{}", elsewhere.join("term1.db").display());
    let mut server = ServeProcess::start(&dir.0, "000", &["--store", &url]);
    let mut pty = server.connect(&key, "ada");
    pty.wait_for_text(FIRST_SCREEN);
    pty.send(b"j");
    pty.send(b"q");
    pty.exit_code();
    server.stop();
    // A session's end and the shutdown leave no panic behind.
    assert!(!server.log().contains("panicked"), "{}", server.log());
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    assert_eq!(mode(&elsewhere.join("term1.db")), 0o600);
    let mut files = 0;
    for entry in std::fs::read_dir(&elsewhere).expect("list").flatten() {
        files += 1;
        assert_eq!(
            mode(&entry.path()),
            0o600,
            "{} is open to others",
            entry.path().display()
        );
    }
    assert!(files >= 1);
    assert!(
        !server.data.join("progress.sqlite3").exists(),
        "an unused store was made in the data folder"
    );
    assert_eq!(mode(&server.data), 0o700);
}

#[test]
fn a_refused_client_reads_why() {
    let keys = TempDir::new("keys");
    let key = client_key(&keys.0, "ada");
    let limits = Limits {
        per_source_max_connections: 1,
        ..Limits::default()
    };
    let server = TestServer::start_with(None, limits);
    let held = TcpStream::connect(server.addr).expect("connect");
    // The held socket must be admitted before the client arrives.
    std::thread::sleep(Duration::from_millis(200));
    let output = server.run(&key, &["-T", "ada@127.0.0.1"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(255), "stderr: {err}");
    assert!(
        err.contains("Your network already has 1 connections open"),
        "stderr: {err}"
    );
    drop(held);
}

// ---------------------------------------------------------------------
// Behind a balancer: the PROXY protocol.
// ---------------------------------------------------------------------

/// A PROXY v2 header (as HAProxy's `send-proxy-v2` writes it) for a TCP
/// client at `src`:`port`.
fn proxy_v2(src: [u8; 4], port: u16) -> Vec<u8> {
    let mut h = b"\r\n\r\n\0\r\nQUIT\n".to_vec();
    h.extend_from_slice(&[0x21, 0x11, 0, 12]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&[127, 0, 0, 1]);
    h.extend_from_slice(&port.to_be_bytes());
    h.extend_from_slice(&2222u16.to_be_bytes());
    h
}

/// Connect to `addr`, send `first`, and read what the server says until it
/// closes, falls quiet for `settle` after saying something, or [`WAIT`]
/// passes.
fn send_and_read(addr: SocketAddr, first: &[u8], settle: Duration) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    std::io::Write::write_all(&mut stream, first).expect("write");
    stream
        .set_read_timeout(Some(settle))
        .expect("set read timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    let started = Instant::now();
    while started.elapsed() < WAIT {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            // Quiet for `settle` after saying something: that was all. A
            // busy machine may be slow to say anything at all.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if !got.is_empty() {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    (stream, String::from_utf8_lossy(&got).into_owned())
}

#[test]
fn a_listed_balancers_header_names_the_student_for_limits_and_logs() {
    let dir = TempDir::new("proxy");
    let server = ServeProcess::start(
        &dir.0,
        "077",
        &[
            "--proxy-protocol",
            "10.9.9.9,127.0.0.0/8",
            "--per-source-max-connections",
            "1",
        ],
    );
    let settle = Duration::from_millis(500);
    // Two students behind one balancer address: each has their own share.
    let (_a, first) = send_and_read(server.addr, &proxy_v2([203, 0, 113, 7], 5001), settle);
    assert!(first.starts_with("SSH-2.0-"), "{first:?}");
    let (_b, second) = send_and_read(
        server.addr,
        b"PROXY TCP4 198.51.100.2 127.0.0.1 5002 2222\r\n",
        settle,
    );
    assert!(second.starts_with("SSH-2.0-"), "{second:?}");
    // The first student again: over their own limit, whatever the balancer.
    let (_c, third) = send_and_read(server.addr, &proxy_v2([203, 0, 113, 7], 5003), settle);
    assert!(
        third.contains("Your network already has 1 connections open"),
        "{third:?}"
    );
    let line = server.wait_for_log("peer=203.0.113.7:5001");
    assert!(
        line.contains("connected") && line.contains("balancer=127.0.0.1:"),
        "{line}"
    );
    server.wait_for_log("peer=198.51.100.2:5002");
    let refused = server.wait_for_log("peer=203.0.113.7:5003");
    assert!(refused.contains("per-source connection limit"), "{refused}");
}

#[test]
fn a_header_from_an_unlisted_peer_is_refused() {
    let dir = TempDir::new("proxy");
    let server = ServeProcess::start(&dir.0, "077", &["--proxy-protocol", "10.9.9.9"]);
    let started = Instant::now();
    let (_s, said) = send_and_read(
        server.addr,
        &proxy_v2([203, 0, 113, 7], 5001),
        Duration::from_secs(5),
    );
    assert_eq!(said, "", "an unlisted peer was answered");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "not closed at once"
    );
    let line = server.wait_for_log("not a listed balancer");
    assert!(line.contains("peer=127.0.0.1:"), "{line}");
    assert!(!server.log().contains("203.0.113.7"), "{}", server.log());
}

#[test]
fn a_missing_or_bad_header_closes_the_connection_in_time() {
    let dir = TempDir::new("proxy");
    let server = ServeProcess::start(
        &dir.0,
        "077",
        &["--proxy-protocol", "127.0.0.1", "--login-grace-time", "1"],
    );
    // A client straight to the server: its version line is no header.
    let started = Instant::now();
    let (_s, said) = send_and_read(server.addr, b"SSH-2.0-direct\r\n", Duration::from_secs(5));
    assert_eq!(said, "");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    server.wait_for_log("no PROXY header");
    // Half a header, then silence: closed within the time bound.
    let mut half = TcpStream::connect(server.addr).expect("connect");
    std::io::Write::write_all(&mut half, &proxy_v2([203, 0, 113, 7], 5001)[..20]).expect("write");
    let took = time_to_close(&mut half, Duration::from_secs(5));
    assert!(
        took.is_some_and(|t| t >= Duration::from_millis(900) && t < Duration::from_secs(4)),
        "closed after {took:?}"
    );
    server.wait_for_log("no whole PROXY header within 1s");
}

// ---------------------------------------------------------------------
// The teacher's view over SSH (`--teachers`).
// ---------------------------------------------------------------------

#[test]
fn a_teacher_watching_the_view_outlasts_the_learners_idle_limit() {
    let keys = TempDir::new("keys");
    let (ada, tess) = (client_key(&keys.0, "ada"), client_key(&keys.0, "tess"));
    let limits = Limits {
        idle_timeout: Duration::from_secs(2),
        teacher_idle_timeout: Duration::from_secs(60),
        ..Limits::default()
    };
    let server = TestServer::start_class(&[&tess], limits);
    let mut view = server.connect(&tess, "tess");
    view.wait_for_text("Connected now");
    let mut student = server.connect(&ada, "ada");
    student.wait_for_text(FIRST_SCREEN);
    view.wait_for_text("Connected now (1)");
    // Neither presses a key: the learner is closed, the teacher watches on
    // and sees them go.
    assert_ne!(student.exit_code(), 0, "{}", student.contents());
    assert!(
        student.contents().contains("without a key press"),
        "{}",
        student.contents()
    );
    view.wait_for_text("Connected now (0)");
    std::thread::sleep(Duration::from_secs(2));
    view.send(b"q");
    assert_eq!(view.exit_code(), 0, "screen:\n{}", view.contents());
    assert!(
        !view.contents().contains("without a key press"),
        "{}",
        view.contents()
    );
}

#[test]
fn a_teachers_key_gets_the_class_view_with_who_is_connected() {
    let dir = TempDir::new("teachers");
    let ada = client_key(&dir.0, "ada");
    let bo = client_key(&dir.0, "bo");
    let tess = client_key(&dir.0, "tess");
    let roster = dir.0.join("authorized_keys");
    std::fs::write(
        &roster,
        format!("{}\n{}\n", ada.public_line, bo.public_line),
    )
    .expect("write roster");
    let teachers = dir.0.join("teachers");
    std::fs::write(&teachers, format!("{}\n", tess.public_line)).expect("write teachers");
    let (roster, teachers) = (
        roster.to_string_lossy().into_owned(),
        teachers.to_string_lossy().into_owned(),
    );
    let mut server = ServeProcess::start(
        &dir.0,
        "077",
        &[
            "--authorized-keys",
            &roster,
            "--teachers",
            &teachers,
            "--instance",
            "room-1",
        ],
    );

    // Two students give the same wrong answer in two forms; ada stays.
    let mut ada_pty = server.connect(&ada, "ada");
    ada_pty.wait_for_text(FIRST_SCREEN);
    answer_first_check(&mut ada_pty, |_| "5x".to_string());
    ada_pty.wait_for_text("solved 0 / attempted 1");
    let mut bo_pty = server.connect(&bo, "bo");
    bo_pty.wait_for_text(FIRST_SCREEN);
    answer_first_check(&mut bo_pty, |_| "x*5".to_string());
    bo_pty.wait_for_text("solved 0 / attempted 1");
    leave(&mut bo_pty);

    let mut view = server.connect(&tess, "tess");
    view.wait_for_text("Connected now (1)");
    let screen = view.contents();
    assert!(screen.contains("ada"), "{screen}");
    assert!(screen.contains("derivatives"), "{screen}");
    assert!(screen.contains("room-1"), "{screen}");
    assert!(
        !screen.contains(FIRST_SCREEN),
        "no lesson for a teacher:\n{screen}"
    );
    view.send(b"\r");
    view.wait_for_text("questions)");
    // Down the questions to the one answered; the two forms are one group.
    let mut found = false;
    for _ in 0..40 {
        // Shown as the shorter spelling, whoever typed first.
        if view.contents().contains("5x  2 learners") {
            found = true;
            break;
        }
        // The selected row, not the whole screen: a refresh redraws too.
        let selected = |s: &str| s.lines().find(|l| l.contains('▌')).map(str::to_owned);
        let before = selected(&view.contents());
        view.send(b"j");
        view.wait_for_screen("the selection to move", |s| {
            selected(&s.contents()) != before
        });
    }
    assert!(found, "no grouped wrong answer:\n{}", view.contents());
    // The same session machinery: a resize redraws at the new size.
    view.resize(100, 30);
    view.wait_for_screen("the status bar on row 30", |s| {
        s.contents()
            .lines()
            .nth(29)
            .is_some_and(|l| l.contains("Esc lessons"))
    });
    view.send(b"q");
    assert_eq!(view.exit_code(), 0, "screen:\n{}", view.contents());
    leave(&mut ada_pty);
    server.stop();
    let log = server.log();
    assert!(log.contains("teacher"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}
