//! Load test for `chalkdust serve`: many concurrent SSH sessions over
//! loopback, each a simulated student (`ssh_load/student.rs`) reading the
//! built-in Derivatives lesson and answering one of its questions, wrong
//! then right, one key every `THINK_MS` (100 by default; `class_load.sh`
//! uses 1000, a class pace), watching its screen through a terminal model.
//!
//! Not part of CI. Run it with, for example:
//!
//! ```text
//! SESSIONS=500 STEPS=60 cargo bench --bench ssh_load
//! ```
//!
//! What it times: key -> screen, from sending a key to the first byte of
//! the screen update it causes (a key that changes nothing within 300 ms
//! is counted apart); check -> verdict, from the Enter that checks an
//! answer to the verdict's text on the student's screen. The app draws a
//! verdict only after the store's write has returned (the driver carries
//! out the check's `Effect::Save` before the next frame), so this is the
//! durable check as the student sees it.
//!
//! With `SIZE=500x200`, every session claims that terminal (80x24 when
//! not given), for what a session costs on a large screen. Each student
//! changes its window width once every `RESIZE_EVERY` keys (1200: at one
//! key a second, one student in 20 a minute), staggered so the class's
//! resizes spread over the run; `RESIZE_EVERY=1` resizes after every key.
//!
//! With `ABUSE=1`, attacks run beside the class for the whole run: 250
//! silent sockets from 127.0.0.2-6, a loop of clients offering only
//! finite-field Diffie-Hellman from 127.0.0.8, and 5 sessions flooding
//! window changes from 127.0.0.9. The class's figures are what counts.
//!
//! With `TARGET_PORT=N`, no server is started: the sessions go to
//! 127.0.0.1:N (a balancer in front of running instances, as
//! `benches/class_load.sh` sets up), and memory and CPU are read from the
//! processes listed in `SERVER_PIDS` (comma-separated), summed.
//!
//! With `CHECK_STORE=URL` as well (`class_load.sh` sets it to the shared
//! PostgreSQL store), a probe records one check every 100 ms through the
//! store the servers use, as one more learner, for the whole run (the
//! store alone, without SSH or drawing); and after the run every student's
//! attempts in that store are compared with the verdicts it saw: a verdict
//! seen and not recorded is a lost check.
//!
//! With `KILL_PID=P` (one of `SERVER_PIDS`), the instance is killed with
//! `KILL_SIGNAL` (`KILL`, the default, like a crash; or `TERM`) once every
//! student has pressed `KILL_AT_STEP` keys (half of `STEPS`). Its students
//! see their connection drop, log in again through the balancer after a
//! short backoff and carry on; each checks that its first screen shows the
//! section it was reading. Memory per session is taken before the kill.
//!
//! The run fails (non-zero exit) when a session fails, a verdict does not
//! show, a check is lost, a student cannot log in again or comes back
//! elsewhere than the section it was reading.
//!
//! Without `TARGET_PORT`, the server runs in a child process (this same
//! binary, role chosen by an environment variable, progress in memory) so
//! its memory and CPU are measured apart from the clients': memory per
//! session from the growth of its resident set, CPU from its user+system
//! time.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chalkdust::app::App;
use chalkdust::ssh::{Limits, ServeConfig, Server, SessionFactory};
use russh::client;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use student::Client;

#[path = "ssh_load/student.rs"]
mod student;

const ROLE: &str = "CHALKDUST_BENCH_ROLE";

/// The terminal each session claims: `SIZE=500x200` (default 80x24), for
/// the memory a session costs on a large screen.
fn session_size() -> (u32, u32) {
    let size = std::env::var("SIZE").unwrap_or_default();
    let parsed = size
        .split_once('x')
        .and_then(|(c, r)| Some((c.parse().ok()?, r.parse().ok()?)));
    parsed.unwrap_or((80, 24))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    if std::env::var(ROLE).as_deref() == Ok("server") {
        return serve();
    }
    // `cargo bench` passes `--bench`; anything else (like `cargo test`'s
    // harness probing) should not start a load run.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    let ok = drive(
        env_usize("SESSIONS", 100),
        env_usize("STEPS", 20),
        env_usize("THINK_MS", 100),
    )?;
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}

/// Server role: listen on a free port, print it, serve until killed.
fn serve() -> anyhow::Result<()> {
    // SERVER_LOG=info: the server's log on standard error.
    if let Ok(level) = std::env::var("SERVER_LOG") {
        chalkdust::ssh::logging::init(Some(&level), Default::default())?;
    }
    let sessions = env_usize("SESSIONS", 100);
    let dir = std::env::temp_dir().join(format!("chalkdust-bench-{}", std::process::id()));
    let mut config = ServeConfig::new(dir.join("host_key"));
    config.listen = ([127, 0, 0, 1], 0).into();
    config.limits = Limits {
        max_sessions: sessions + 10,
        max_sessions_per_key: 1,
        max_connections: env_usize("MAX_CONNECTIONS", sessions + 50),
        per_source_max_connections: sessions + 10,
        // MAX_STARTUPS: how many handshakes may be in flight at once.
        max_startups: env_usize("MAX_STARTUPS", Limits::default().max_startups),
        connection_burst: u32::try_from(sessions + 10).unwrap_or(u32::MAX),
        connections_per_minute: 100_000,
        ..Limits::default()
    };
    // The real app: the built-in lesson, progress kept in memory (the load
    // is the SSH front end and the app, not the disk).
    let store = chalkdust::progress::Store::open_in_memory()?;
    // One library for every session, as `serve` has: its lessons are
    // loaded once and shared.
    let library = chalkdust::library::Library::builtin();
    let factory: SessionFactory = Arc::new(move |learner| {
        let mut app = App::new(chalkdust::ui::theme::Theme::default())
            .with_library(library.clone())
            .with_store(store.clone(), learner.clone());
        app.open_start_lesson();
        Ok(app)
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = Server::bind(config, factory).await?;
        println!("PORT {}", server.local_addr()?.port());
        server.run_until(chalkdust::ssh::shutdown_signal()).await
    })?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// Kills the server child when the run ends, however it ends.
struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Resident set size of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// User + system CPU time of a process, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces) start after ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

/// A TCP stream to the server from the loopback address `from`.
async fn connect_from(port: u16, from: [u8; 4]) -> std::io::Result<tokio::net::TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(std::net::SocketAddr::from((from, 0)))?;
    socket
        .connect(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
        .await
}

/// What the attacks did, counted as they run.
#[derive(Default)]
struct AbuseCounts {
    silent: AtomicUsize,
    kex_tries: AtomicUsize,
    resizes: AtomicUsize,
}

/// Attacks beside the class until `stop` is notified.
async fn abuse(port: u16, counts: Arc<AbuseCounts>, stop: Arc<tokio::sync::Notify>) {
    // Silent sockets: 50 from each of five addresses, held.
    let mut silent = Vec::new();
    for last in 2..=6u8 {
        for _ in 0..50 {
            if let Ok(s) = connect_from(port, [127, 0, 0, last]).await {
                silent.push(s);
                counts.silent.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    let mut attacks = tokio::task::JoinSet::new();
    // Clients insisting on an 8192-bit finite-field group, one after another.
    let kex_counts = Arc::clone(&counts);
    attacks.spawn(async move {
        for _ in 0.. {
            let config = Arc::new(client::Config {
                preferred: russh::Preferred {
                    kex: std::borrow::Cow::Borrowed(&[russh::kex::DH_G18_SHA512]),
                    ..russh::Preferred::DEFAULT
                },
                ..client::Config::default()
            });
            if let Ok(stream) = connect_from(port, [127, 0, 0, 8]).await {
                let _ = tokio::time::timeout(
                    Duration::from_secs(2),
                    client::connect_stream(config, stream, Client),
                )
                .await;
            }
            kex_counts.kex_tries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    // Sessions that resize as fast as the connection takes it.
    for index in 0..5u64 {
        let counts = Arc::clone(&counts);
        attacks.spawn(async move {
            let run = async {
                let mut seed = [7u8; 32];
                seed[..8].copy_from_slice(&index.to_le_bytes());
                let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&seed)));
                let stream = connect_from(port, [127, 0, 0, 9]).await?;
                let config = Arc::new(client::Config::default());
                let mut handle = client::connect_stream(config, stream, Client).await?;
                let auth = handle
                    .authenticate_publickey("flood", PrivateKeyWithHashAlg::new(key, None))
                    .await?;
                anyhow::ensure!(auth.success(), "refused");
                let channel = handle.channel_open_session().await?;
                channel
                    .request_pty(false, "xterm", 80, 24, 0, 0, &[])
                    .await?;
                channel.request_shell(false).await?;
                let mut sent = 0u32;
                loop {
                    channel.window_change(60 + sent % 100, 24, 0, 0).await?;
                    sent = sent.wrapping_add(1);
                    counts.resizes.fetch_add(1, Ordering::Relaxed);
                }
            };
            let result: anyhow::Result<()> = run.await;
            if let Err(e) = result {
                eprintln!("resize flood ended: {e}");
            }
        });
    }
    stop.notified().await;
    attacks.abort_all();
    drop(silent);
}

/// Records a check every 100 ms through a store of the servers' kind,
/// timing each (see `CHECK_STORE` in the module doc).
struct CheckProbe {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<Vec<Duration>>>,
}

impl CheckProbe {
    fn start(url: Option<String>) -> CheckProbe {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = url.map(|url| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut times = Vec::new();
                let location = match chalkdust::progress::parse_store(&url, "CHECK_STORE") {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("CHECK_STORE: {e}");
                        return times;
                    }
                };
                let store = match chalkdust::progress::open_location(&location) {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("CHECK_STORE: {e}");
                        return times;
                    }
                };
                let learner = chalkdust::progress::Learner::new("probe", "Probe");
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let started = Instant::now();
                    let saved = store.record_check(
                        &learner,
                        "derivatives",
                        &format!("probe-{}", n % 20),
                        "2*x",
                        chalkdust::progress::Outcome::Wrong,
                    );
                    if saved.is_ok() {
                        times.push(started.elapsed());
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                times
            })
        });
        CheckProbe { stop, thread }
    }

    fn finish(self) -> Vec<Duration> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.and_then(|t| t.join().ok()).unwrap_or_default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The server processes measured: the child started here, or running ones.
struct Servers {
    _child: Option<ServerProcess>,
    pids: Vec<u32>,
}

/// The servers' memory and CPU, sampled while the class works. Once an
/// instance is killed, only the others count: the peak of all of them is
/// the one before the kill.
struct Sampler {
    pids: Vec<u32>,
    idle: Vec<u64>,
    cpu_start: Vec<f64>,
    cpu_last: Vec<f64>,
    peak_before_kill: u64,
    peak_after_kill: u64,
    /// The killed instance (an index into `pids`) and when.
    killed: Option<(usize, Instant)>,
}

impl Sampler {
    fn new(pids: Vec<u32>) -> Sampler {
        let idle: Vec<u64> = pids.iter().map(|&p| rss_kib(p)).collect();
        let cpu_start: Vec<f64> = pids.iter().map(|&p| cpu_seconds(p)).collect();
        Sampler {
            peak_before_kill: idle.iter().sum(),
            peak_after_kill: 0,
            cpu_last: cpu_start.clone(),
            pids,
            idle,
            cpu_start,
            killed: None,
        }
    }

    fn sample(&mut self) {
        let rss: Vec<u64> = self.pids.iter().map(|&p| rss_kib(p)).collect();
        for (last, &pid) in self.cpu_last.iter_mut().zip(&self.pids) {
            // A killed process reads as 0 once it is gone: keep its last.
            *last = last.max(cpu_seconds(pid));
        }
        match self.killed {
            None => self.peak_before_kill = self.peak_before_kill.max(rss.iter().sum()),
            Some((k, _)) => {
                let others = rss.iter().enumerate().filter(|&(i, _)| i != k);
                self.peak_after_kill = self.peak_after_kill.max(others.map(|(_, r)| r).sum());
            }
        }
    }

    fn idle(&self) -> u64 {
        self.idle.iter().sum()
    }

    /// The idle memory of the instances left after the kill.
    fn idle_after_kill(&self) -> u64 {
        let k = self.killed.map(|(k, _)| k);
        let others = self.idle.iter().enumerate().filter(|&(i, _)| Some(i) != k);
        others.map(|(_, r)| r).sum()
    }

    fn cpu(&self) -> f64 {
        self.cpu_last.iter().sum::<f64>() - self.cpu_start.iter().sum::<f64>()
    }
}

/// Which instance to kill, how, and when (see `KILL_PID` in the module doc).
struct Kill {
    pid: u32,
    signal: String,
    at_step: usize,
}

impl Kill {
    fn from_env(steps: usize) -> anyhow::Result<Option<Kill>> {
        let Ok(pid) = std::env::var("KILL_PID") else {
            return Ok(None);
        };
        let pid = pid
            .parse()
            .map_err(|_| anyhow::anyhow!("KILL_PID={pid:?} is not a process id"))?;
        let signal = std::env::var("KILL_SIGNAL").unwrap_or_else(|_| "KILL".into());
        anyhow::ensure!(
            signal == "KILL" || signal == "TERM",
            "KILL_SIGNAL={signal:?}: KILL (a crash) or TERM (a stop)"
        );
        let at_step = env_usize("KILL_AT_STEP", steps / 2).clamp(1, steps.max(1));
        Ok(Some(Kill {
            pid,
            signal,
            at_step,
        }))
    }

    fn send(&self) -> anyhow::Result<()> {
        let status = Command::new("kill")
            .arg("-s")
            .arg(&self.signal)
            .arg(self.pid.to_string())
            .status()?;
        anyhow::ensure!(
            status.success(),
            "kill -s {} {} failed",
            self.signal,
            self.pid
        );
        Ok(())
    }
}

/// Start the server child, or take the running servers `TARGET_PORT` and
/// `SERVER_PIDS` name; the port to connect to.
fn servers(sessions: usize) -> anyhow::Result<(Servers, u16)> {
    if let Ok(port) = std::env::var("TARGET_PORT") {
        let port: u16 = port
            .parse()
            .map_err(|_| anyhow::anyhow!("TARGET_PORT={port:?} is not a port"))?;
        let pids = std::env::var("SERVER_PIDS")
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        return Ok((Servers { _child: None, pids }, port));
    }
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .env(ROLE, "server")
        .env("SESSIONS", sessions.to_string())
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("SERVER_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("no server stdout"))?;
    let server = ServerProcess(child);
    let pid = server.0.id();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let port: u16 = line
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("server said {line:?}"))?;
    Ok((
        Servers {
            _child: Some(server),
            pids: vec![pid],
        },
        port,
    ))
}

/// What the store holds for one student against what it saw.
struct Tally {
    seen: usize,
    in_flight: usize,
    recorded: usize,
}

/// Every student's attempts at the question, read from the servers' store
/// after the run (see `CHECK_STORE`), against the verdicts it saw.
fn tally(url: &str, results: &[student::Measured]) -> anyhow::Result<Vec<Tally>> {
    let location = chalkdust::progress::parse_store(url, "CHECK_STORE")?;
    let store = chalkdust::progress::open_location(&location)?;
    let mut out = Vec::new();
    for m in results.iter().filter(|m| !m.learner.is_empty()) {
        let learner = chalkdust::progress::Learner::new(m.learner.clone(), "");
        let record = store.lesson_record(&learner, student::LESSON)?;
        let recorded = match record.tries.get(student::QUESTION) {
            Some(tries) => tries.iter().map(|t| t.attempts as usize).sum(),
            None => record
                .questions
                .get(student::QUESTION)
                .map_or(0, |q| q.attempts as usize),
        };
        out.push(Tally {
            seen: m.verdicts_seen(),
            in_flight: m.checks_in_flight,
            recorded,
        });
    }
    Ok(out)
}

/// Runs the class and reports; whether nothing failed.
/// The machine's load average over the last minute, as `/proc/loadavg`
/// says: the figures mean little on a busy machine.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().next().unwrap_or("?").to_string()
}

fn drive(sessions: usize, steps: usize, think_ms: usize) -> anyhow::Result<bool> {
    let load_before = load_average();
    let (server, port) = servers(sessions)?;
    std::thread::sleep(Duration::from_millis(200));
    let kill = Kill::from_env(steps)?;
    let plan = Arc::new(student::Plan {
        port,
        sessions,
        steps,
        think: Duration::from_millis(think_ms as u64),
        size: session_size(),
        resize_every: env_usize("RESIZE_EVERY", 1200),
        kill_at_step: kill.as_ref().map(|k| k.at_step),
        passed_kill_step: AtomicUsize::new(0),
        killed: std::sync::atomic::AtomicBool::new(false),
    });
    let mut sampler = Sampler::new(server.pids.clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let wall = Instant::now();
    let abusing = std::env::var("ABUSE").is_ok_and(|v| v == "1");
    let counts = Arc::new(AbuseCounts::default());
    let stop_abuse = Arc::new(tokio::sync::Notify::new());
    let probe = CheckProbe::start(std::env::var("CHECK_STORE").ok());
    let mut kill_error = None;
    let results: Vec<student::Measured> = runtime.block_on(async {
        let attacks = abusing.then(|| {
            tokio::spawn(abuse(port, Arc::clone(&counts), Arc::clone(&stop_abuse)))
        });
        if abusing {
            // Let the attacks take hold before the class arrives.
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..sessions {
            tasks.spawn(student::student(Arc::clone(&plan), index));
            // Arrive like a class: quickly, but not all in the same instant.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let mut out = Vec::new();
        let mut sample = tokio::time::interval(Duration::from_millis(250));
        loop {
            tokio::select! {
                next = tasks.join_next() => match next {
                    Some(Ok(m)) => out.push(m),
                    Some(Err(_)) => out.push(student::Measured { error: Some("task failed".into()), ..Default::default() }),
                    None => break,
                },
                _ = sample.tick() => {
                    sampler.sample();
                    if let Some(k) = &kill
                        && sampler.killed.is_none()
                        && plan.passed_kill_step.load(Ordering::Relaxed) >= sessions
                    {
                        let index = server.pids.iter().position(|&p| p == k.pid);
                        // Before the signal: students may see the drop
                        // before `kill` returns.
                        sampler.killed = Some((index.unwrap_or(usize::MAX), Instant::now()));
                        plan.killed.store(true, Ordering::Relaxed);
                        if let Err(e) = k.send() {
                            kill_error = Some(e.to_string());
                        }
                    }
                }
            }
        }
        stop_abuse.notify_one();
        if let Some(a) = attacks {
            let _ = a.await;
        }
        out
    });
    sampler.sample();
    let wall = wall.elapsed();
    let cpu = sampler.cpu();
    let mut checks_alone = probe.finish();
    checks_alone.sort();
    let tallies = match (std::env::var("CHECK_STORE"), &server._child) {
        (Ok(url), None) => Some(tally(&url, &results)),
        _ => None,
    };

    let failed: Vec<&String> = results.iter().filter_map(|m| m.error.as_ref()).collect();
    let all = |f: fn(&student::Measured) -> &Vec<Duration>| {
        let mut v: Vec<Duration> = results.iter().flat_map(|m| f(m).iter().copied()).collect();
        v.sort();
        v
    };
    let sum = |f: fn(&student::Measured) -> usize| results.iter().map(f).sum::<usize>();
    let setup = {
        let mut v: Vec<Duration> = results.iter().filter_map(|m| m.setup).collect();
        v.sort();
        v
    };
    let keys = all(|m| &m.keys);
    let checks = all(|m| &m.checks);
    let keys_after = all(|m| &m.keys_after_kill);
    let checks_after = all(|m| &m.checks_after_kill);
    let resizes = all(|m| &m.resizes);
    let mut totals: Vec<Duration> = results.iter().map(|m| m.total).collect();
    totals.sort();
    let connected = setup.len();
    let (cols, rows) = session_size();
    let per_session =
        sampler.peak_before_kill.saturating_sub(sampler.idle()) as f64 / connected.max(1) as f64;
    let line = |name: &str, v: &[Duration], extra: String| {
        println!(
            "  {name:<30} median {:>8}  p99 {:>8}  {extra}",
            ms(percentile(v, 0.5)),
            ms(percentile(v, 0.99))
        );
    };
    let mut problems: Vec<String> = Vec::new();

    println!();
    println!(
        "== chalkdust class load: {sessions} students x {steps} keys, one every {think_ms} ms, {cols}x{rows}"
    );
    println!(
        "  sessions ok / failed           {} / {}",
        sessions - failed.len(),
        failed.len()
    );
    if let Some(first) = failed.first() {
        println!("  first failure                  {first}");
        problems.push(format!("{} sessions failed", failed.len()));
    }
    if abusing {
        println!(
            "  abuse beside the class         {} silent sockets, {} DH-only key exchanges, {} resize messages",
            counts.silent.load(Ordering::Relaxed),
            counts.kex_tries.load(Ordering::Relaxed),
            counts.resizes.load(Ordering::Relaxed)
        );
    }
    line(
        "key -> screen update",
        &keys,
        format!(
            "({} keys{}; {} without a visible change in {} ms)",
            keys.len(),
            if kill.is_some() {
                " up to the kill"
            } else {
                ""
            },
            sum(|m| m.keys_unanswered),
            student::KEY_WAIT.as_millis()
        ),
    );
    let unseen = sum(|m| m.checks_unseen);
    line(
        // The server child keeps progress in memory; running instances
        // in their store (`class_load.sh`: PostgreSQL).
        if server._child.is_some() {
            "check -> verdict (in memory)"
        } else {
            "check -> verdict (durable)"
        },
        &checks,
        format!(
            "({} checks{}; {unseen} verdicts not seen in {} s)",
            checks.len(),
            if kill.is_some() {
                " up to the kill"
            } else {
                ""
            },
            student::SLOW_WAIT.as_secs()
        ),
    );
    // With a kill, the lines above are the class on every instance, up to
    // the kill; these are what was sent after it began: the reconnects,
    // then the whole class on the instances left.
    if !keys_after.is_empty() || !checks_after.is_empty() {
        line(
            "  after the kill: key",
            &keys_after,
            format!("({} keys)", keys_after.len()),
        );
        line(
            "  after the kill: check",
            &checks_after,
            format!("({} checks)", checks_after.len()),
        );
    }
    if checks.is_empty() && checks_after.is_empty() && unseen == 0 {
        println!("  (no student reached a check: the first comes at key 11 of a round)");
    }
    if let Some(screen) = results.iter().find_map(|m| m.unseen_screen.as_ref()) {
        println!("  first verdict not seen, {screen}");
    }
    if unseen > 0 {
        problems.push(format!("{unseen} verdicts not seen"));
    }
    let not_saved = sum(|m| m.not_saved);
    if not_saved > 0 {
        println!("  \"progress not saved\" shown     {not_saved} times after a check");
        problems.push(format!("\"progress not saved\" shown {not_saved} times"));
    }
    if !checks_alone.is_empty() {
        line(
            "store alone (probe)",
            &checks_alone,
            format!("({} checks, one every 100 ms)", checks_alone.len()),
        );
    }
    line(
        "resize -> redraw",
        &resizes,
        format!(
            "({} resizes: each student one every {} keys)",
            resizes.len(),
            plan.resize_every
        ),
    );
    line("connect -> first screen", &setup, String::new());
    println!(
        "  memory per session             {per_session:.0} KiB  (peak RSS growth of every instance{} / {connected} sessions: {} -> {} KiB)",
        if sampler.killed.is_some() {
            ", before the kill,"
        } else {
            ""
        },
        sampler.idle(),
        sampler.peak_before_kill
    );
    println!(
        "  server CPU                     {cpu:.1} s over {:.1} s wall = {:.0}% of one core",
        wall.as_secs_f64(),
        100.0 * cpu / wall.as_secs_f64().max(0.001)
    );
    println!(
        "  load average (1 min)           {load_before} before, {} at the end (the run's own clients count too)",
        load_average()
    );
    if let Some(k) = &kill {
        report_kill(k, &sampler, &results, kill_error, &mut problems);
    }
    match tallies {
        Some(Ok(t)) => {
            let seen: usize = t.iter().map(|t| t.seen).sum();
            let recorded: usize = t.iter().map(|t| t.recorded).sum();
            let in_flight: usize = t.iter().map(|t| t.in_flight).sum();
            let lost: usize = t.iter().map(|t| t.seen.saturating_sub(t.recorded)).sum();
            let extra: usize = t
                .iter()
                .map(|t| t.recorded.saturating_sub(t.seen + t.in_flight))
                .sum();
            println!(
                "  checks in the store            {recorded} recorded for {seen} verdicts seen ({in_flight} sent when a connection dropped); lost {lost}, unexplained {extra}"
            );
            if lost > 0 {
                problems.push(format!("{lost} checks lost"));
            }
            if extra > 0 {
                problems.push(format!("{extra} attempts recorded that no student made"));
            }
        }
        Some(Err(e)) => {
            println!("  checks in the store            could not be read: {e}");
            problems.push("the store could not be read".into());
        }
        None => println!(
            "  checks in the store            not compared (no CHECK_STORE shared with the servers)"
        ),
    }
    println!(
        "  whole session                  median {}  max {}",
        ms(percentile(&totals, 0.5)),
        ms(percentile(&totals, 1.0))
    );
    drop(server);
    if problems.is_empty() {
        println!("  RESULT                         ok");
    } else {
        println!(
            "  RESULT                         FAILED: {}",
            problems.join("; ")
        );
    }
    Ok(problems.is_empty())
}

/// The kill and the reconnects it caused.
fn report_kill(
    kill: &Kill,
    sampler: &Sampler,
    results: &[student::Measured],
    error: Option<String>,
    problems: &mut Vec<String>,
) {
    let Some((_, killed_at)) = sampler.killed else {
        println!(
            "  kill                           never sent (the students never all reached key {})",
            kill.at_step
        );
        problems.push("the kill was never sent".into());
        return;
    };
    if let Some(e) = error {
        println!("  kill                           failed: {e}");
        problems.push("the kill failed".into());
        return;
    }
    let drops: Vec<&student::Reconnect> = results.iter().flat_map(|m| &m.reconnects).collect();
    let early = drops.iter().filter(|r| r.lost_at < killed_at).count();
    let on_killed = results
        .iter()
        .filter(|m| m.reconnects.iter().any(|r| r.lost_at >= killed_at))
        .count();
    let mut took: Vec<Duration> = drops.iter().filter_map(|r| r.took).collect();
    took.sort();
    let restored = drops
        .iter()
        .filter(|r| r.took.is_some() && r.after == r.before)
        .count();
    let moved = drops
        .iter()
        .filter(|r| r.took.is_some() && r.after != r.before && r.key_in_flight)
        .count();
    // The position is kept before the frame that shows it is drawn
    // (`driver::settle`), so the section a student last saw is the one
    // the store has, unless its key was still in flight at the drop.
    let lost_place: Vec<&&student::Reconnect> = drops
        .iter()
        .filter(|r| r.took.is_some() && r.after != r.before && !r.key_in_flight)
        .collect();
    println!(
        "  kill                           SIG{} to pid {} once every student had pressed {} keys",
        kill.signal, kill.pid, kill.at_step
    );
    println!(
        "  students on the killed one     {on_killed} (their connection dropped){}",
        if early > 0 {
            format!("; {early} drops before the kill")
        } else {
            String::new()
        }
    );
    println!(
        "  reconnected                    {} of {}   time to the first screen: median {}  p99 {}  max {}",
        took.len(),
        drops.len(),
        ms(percentile(&took, 0.5)),
        ms(percentile(&took, 0.99)),
        ms(percentile(&took, 1.0))
    );
    println!(
        "  reading position restored      {restored} of {}{}",
        took.len(),
        if moved > 0 {
            format!("; {moved} at the section a key in flight led to")
        } else {
            String::new()
        },
    );
    println!(
        "  memory per session after       {:.0} KiB  (the instance left: {} -> {} KiB, for every session)",
        sampler
            .peak_after_kill
            .saturating_sub(sampler.idle_after_kill()) as f64
            / results.len().max(1) as f64,
        sampler.idle_after_kill(),
        sampler.peak_after_kill
    );
    if on_killed == 0 {
        problems.push("no student was on the killed instance".into());
    }
    if early > 0 {
        problems.push(format!("{early} connections dropped before the kill"));
    }
    if took.len() < drops.len() {
        problems.push(format!(
            "{} students could not log in again",
            drops.len() - took.len()
        ));
    }
    let notices: Vec<&str> = drops.iter().filter_map(|r| r.notice.as_deref()).collect();
    if let Some(first) = notices.first() {
        println!(
            "  a notice after logging in      {} students, the first: {first:?}",
            notices.len()
        );
    }
    if let Some(r) = lost_place.first() {
        println!(
            "  first place lost               was at {:?} (before its last key {:?}, {:?} since that key's answer), came back to {:?}{}",
            r.before,
            r.before_last_key,
            r.since_answer,
            r.after,
            r.notice
                .as_deref()
                .map(|n| format!(", saying {n:?}"))
                .unwrap_or_default()
        );
        problems.push(format!(
            "{} reading positions not restored",
            lost_place.len()
        ));
    }
}
