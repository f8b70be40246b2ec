//! Load test for `chalkdust serve`: many concurrent SSH sessions over
//! loopback, each paging and typing, driven by russh's client.
//!
//! Not part of CI. Run it with, for example:
//!
//! ```text
//! SESSIONS=500 STEPS=20 cargo bench --bench ssh_load
//! ```
//!
//! With `SIZE=500x200`, every session claims that terminal (80x24 when
//! not given), for what a session costs on a large screen.
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
//! store the servers use, as one more learner, for the whole run: how long
//! a durable check takes while the class works (the store's share of
//! check-to-verdict; drawing the verdict is what "key -> screen" measures).
//!
//! The server runs in a child process (this same binary, role chosen by an
//! environment variable) so its memory and CPU are measured apart from the
//! clients': memory per session from the growth of its resident set, CPU from
//! its user+system time, latency from sending an input to the first byte of
//! the screen update it causes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chalkdust::app::App;
use chalkdust::ssh::{Limits, ServeConfig, Server, SessionFactory};
use russh::ChannelMsg;
use russh::client;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};

const ROLE: &str = "CHALKDUST_BENCH_ROLE";

/// Keys a learner presses while reading: page down, scroll, type an answer.
const KEYS: &[&[u8]] = &[
    b"\x1b[6~", b"j", b"j", b" ", b"2", b"x", b"\x7f", b"\x1b[5~",
];

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
    drive(
        env_usize("SESSIONS", 100),
        env_usize("STEPS", 20),
        env_usize("THINK_MS", 100),
    )
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

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What one session measured.
#[derive(Default)]
struct Measured {
    setup: Option<Duration>,
    keys: Vec<Duration>,
    keys_unanswered: usize,
    resizes: Vec<Duration>,
    total: Duration,
    error: Option<String>,
}

/// Wait for the next output bytes on the channel, up to `limit`.
async fn next_output(channel: &mut russh::Channel<client::Msg>, limit: Duration) -> Option<()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { .. })) => return Some(()),
            Ok(Some(ChannelMsg::Close | ChannelMsg::Eof)) | Ok(None) | Err(_) => return None,
            Ok(Some(_)) => {}
        }
    }
}

/// Drain output already on its way, so the next measurement starts clean.
async fn drain(channel: &mut russh::Channel<client::Msg>) {
    while next_output(channel, Duration::from_millis(2))
        .await
        .is_some()
    {}
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

async fn session(port: u16, index: usize, steps: usize, think: Duration) -> Measured {
    let mut measured = Measured::default();
    let start = Instant::now();
    if let Err(e) = run_session(port, index, steps, think, &mut measured).await {
        measured.error = Some(e.to_string());
    }
    measured.total = start.elapsed();
    measured
}

async fn run_session(
    port: u16,
    index: usize,
    steps: usize,
    think: Duration,
    measured: &mut Measured,
) -> anyhow::Result<()> {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(index as u64).to_le_bytes());
    let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&seed)));
    let config = Arc::new(client::Config {
        inactivity_timeout: None,
        nodelay: true,
        ..client::Config::default()
    });
    let start = Instant::now();
    let mut handle = client::connect(config, ("127.0.0.1", port), Client).await?;
    let auth = handle
        .authenticate_publickey(
            format!("learner{index}"),
            PrivateKeyWithHashAlg::new(key, None),
        )
        .await?;
    anyhow::ensure!(auth.success(), "authentication refused");
    let mut channel = handle.channel_open_session().await?;
    let (cols, rows) = session_size();
    channel
        .request_pty(false, "xterm-256color", cols, rows, 0, 0, &[])
        .await?;
    channel.request_shell(false).await?;
    next_output(&mut channel, Duration::from_secs(30))
        .await
        .ok_or_else(|| anyhow::anyhow!("no first screen"))?;
    measured.setup = Some(start.elapsed());
    drain(&mut channel).await;

    for step in 0..steps {
        tokio::time::sleep(think).await;
        let key = KEYS[step % KEYS.len()];
        let sent = Instant::now();
        channel.data(key).await?;
        match next_output(&mut channel, Duration::from_millis(300)).await {
            Some(()) => measured.keys.push(sent.elapsed()),
            None => measured.keys_unanswered += 1,
        }
        drain(&mut channel).await;
        // A width change always redraws, whatever the app does with keys.
        let cols = if step % 2 == 0 { cols - 1 } else { cols };
        let sent = Instant::now();
        channel.window_change(cols, rows, 0, 0).await?;
        if next_output(&mut channel, Duration::from_secs(10))
            .await
            .is_some()
        {
            measured.resizes.push(sent.elapsed());
        }
        drain(&mut channel).await;
    }
    channel.data(&b"q"[..]).await?;
    Ok(())
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

impl Servers {
    fn rss_kib(&self) -> u64 {
        self.pids.iter().map(|&p| rss_kib(p)).sum()
    }
    fn cpu_seconds(&self) -> f64 {
        self.pids.iter().map(|&p| cpu_seconds(p)).sum()
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

fn drive(sessions: usize, steps: usize, think_ms: usize) -> anyhow::Result<()> {
    let (server, port) = servers(sessions)?;
    std::thread::sleep(Duration::from_millis(200));
    let rss_idle = server.rss_kib();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let think = Duration::from_millis(think_ms as u64);
    let cpu_before = server.cpu_seconds();
    let wall = Instant::now();
    let mut peak_rss = rss_idle;
    let abusing = std::env::var("ABUSE").is_ok_and(|v| v == "1");
    let counts = Arc::new(AbuseCounts::default());
    let stop_abuse = Arc::new(tokio::sync::Notify::new());
    let probe = CheckProbe::start(std::env::var("CHECK_STORE").ok());
    let results: Vec<Measured> = runtime.block_on(async {
        let attacks = abusing.then(|| {
            tokio::spawn(abuse(port, Arc::clone(&counts), Arc::clone(&stop_abuse)))
        });
        if abusing {
            // Let the attacks take hold before the class arrives.
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..sessions {
            tasks.spawn(session(port, index, steps, think));
            // Arrive like a class: quickly, but not all in the same instant.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let mut out = Vec::new();
        let mut sample = tokio::time::interval(Duration::from_millis(250));
        loop {
            tokio::select! {
                next = tasks.join_next() => match next {
                    Some(Ok(m)) => out.push(m),
                    Some(Err(_)) => out.push(Measured { error: Some("task failed".into()), ..Measured::default() }),
                    None => break,
                },
                _ = sample.tick() => peak_rss = peak_rss.max(server.rss_kib()),
            }
        }
        stop_abuse.notify_one();
        if let Some(a) = attacks {
            let _ = a.await;
        }
        out
    });
    let wall = wall.elapsed();
    let cpu = server.cpu_seconds() - cpu_before;
    let mut checks = probe.finish();
    checks.sort();

    let failed: Vec<&String> = results.iter().filter_map(|m| m.error.as_ref()).collect();
    let mut setup: Vec<Duration> = results.iter().filter_map(|m| m.setup).collect();
    let mut keys: Vec<Duration> = results.iter().flat_map(|m| m.keys.clone()).collect();
    let mut resizes: Vec<Duration> = results.iter().flat_map(|m| m.resizes.clone()).collect();
    let unanswered: usize = results.iter().map(|m| m.keys_unanswered).sum();
    let mut totals: Vec<Duration> = results.iter().map(|m| m.total).collect();
    totals.sort();
    setup.sort();
    keys.sort();
    resizes.sort();
    let ok = sessions - failed.len();
    let per_session = (peak_rss.saturating_sub(rss_idle)) as f64 / ok.max(1) as f64;

    println!("chalkdust serve load: {sessions} sessions x {steps} steps, think {think_ms} ms");
    println!("  sessions ok / failed       {ok} / {}", failed.len());
    if abusing {
        println!(
            "  abuse beside the class     {} silent sockets, {} DH-only key exchanges, {} resize messages",
            counts.silent.load(Ordering::Relaxed),
            counts.kex_tries.load(Ordering::Relaxed),
            counts.resizes.load(Ordering::Relaxed)
        );
    }
    if let Some(first) = failed.first() {
        println!("  first failure              {first}");
    }
    println!("  server RSS idle / peak     {rss_idle} KiB / {peak_rss} KiB");
    println!("  memory per session         {per_session:.0} KiB");
    println!(
        "  server CPU                 {cpu:.1} s over {:.1} s wall = {:.0}% of one core",
        wall.as_secs_f64(),
        100.0 * cpu / wall.as_secs_f64().max(0.001)
    );
    println!(
        "  connect to first screen    median {}  p99 {}",
        ms(percentile(&setup, 0.5)),
        ms(percentile(&setup, 0.99))
    );
    println!(
        "  key -> screen update       median {}  p99 {}  ({} answered, {unanswered} without a visible change)",
        ms(percentile(&keys, 0.5)),
        ms(percentile(&keys, 0.99)),
        keys.len()
    );
    if !checks.is_empty() {
        println!(
            "  durable check (store)      median {}  p99 {}  ({} checks beside the class)",
            ms(percentile(&checks, 0.5)),
            ms(percentile(&checks, 0.99)),
            checks.len()
        );
    }
    println!(
        "  resize -> redraw           median {}  p99 {}  ({} samples)",
        ms(percentile(&resizes, 0.5)),
        ms(percentile(&resizes, 0.99)),
        resizes.len()
    );
    println!(
        "  whole session              median {}  max {}",
        ms(percentile(&totals, 0.5)),
        ms(percentile(&totals, 1.0))
    );
    drop(server);
    Ok(())
}
