//! The SSH front end: `chalkdust serve`, a class over SSH.
//!
//! What belongs here: accepting connections, deciding who may enter and what
//! they may ask for, and moving bytes between an SSH channel and one `App` per
//! learner. Nothing about lessons or progress: the caller passes a
//! [`SessionFactory`] that builds each learner's `App`.
//!
//! - [`keys`]: the host key on disk and the `authorized_keys` roster.
//! - [`guard`]: connection rate per address, session slots.
//! - [`input`]: raw channel bytes to `app::Msg`.
//! - `session`: the russh handler and the per-learner app thread.

pub mod guard;
pub mod input;
pub mod keys;
mod session;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use russh::MethodKind;
use russh::server::{Config as RusshConfig, run_stream};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::app::App;
use guard::RateLimiter;
use keys::Roster;
use session::{Conn, Shared};

/// Who is on the other end of a session: `id` is the SHA256 fingerprint of
/// their public key (`SHA256:...`), their identity in the progress store;
/// `name` is the SSH user name, cleaned of control characters, for display.
pub use crate::progress::Learner;

/// Builds a learner's `App` when their session starts. Runs on the session's
/// own thread, so it may open files or databases; an error is shown to the
/// learner as one line and the session closes.
pub type SessionFactory = Arc<dyn Fn(&Learner) -> anyhow::Result<App> + Send + Sync>;

/// Limits a host can set; the defaults suit a class of a few dozen on a small
/// machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Sessions open at once, in total.
    pub max_sessions: usize,
    /// Sessions open at once with the same key.
    pub max_sessions_per_key: usize,
    /// TCP connections at once, including ones still logging in.
    pub max_connections: usize,
    /// A session with no key press for this long says goodbye and closes.
    pub idle_timeout: Duration,
    /// A connection must have its session running within this time.
    pub login_timeout: Duration,
    /// Public keys a client may try on one connection.
    pub auth_attempts: usize,
    /// New connections one address may open at once...
    pub connection_burst: u32,
    /// ...and per minute after that.
    pub connections_per_minute: u32,
    /// Input bytes waiting for the app, per session; a client sending faster
    /// is disconnected.
    pub input_buffer: usize,
    /// Input packets waiting for the app, per session.
    pub input_queue: usize,
    /// Output bytes waiting for a slow client, per session; past this the
    /// session is closed (progress is already saved).
    pub output_buffer: usize,
    /// Largest terminal (columns, rows) a client may claim.
    pub max_size: (u16, u16),
    /// How long sessions get to say goodbye on shutdown.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_sessions: 200,
            max_sessions_per_key: 3,
            max_connections: 256,
            idle_timeout: Duration::from_secs(30 * 60),
            login_timeout: Duration::from_secs(30),
            auth_attempts: 6,
            // A whole class often shares one school address: allow it to
            // arrive at once, but not to hammer.
            connection_burst: 60,
            connections_per_minute: 60,
            input_buffer: 64 * 1024,
            input_queue: 256,
            output_buffer: 2 * 1024 * 1024,
            max_size: (500, 200),
            shutdown_grace: Duration::from_secs(2),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// Address to listen on; binding beyond loopback is the host's choice.
    pub listen: SocketAddr,
    /// The Ed25519 host key, created (mode 0600) if missing.
    pub host_key: PathBuf,
    /// If set, only keys in this OpenSSH `authorized_keys` file may enter;
    /// otherwise any public key may, and becomes the learner's identity.
    pub authorized_keys: Option<PathBuf>,
    /// Limits on sessions, rates and buffers.
    pub limits: Limits,
}

impl ServeConfig {
    /// The default address: loopback only, port 2222.
    pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";

    /// A configuration with default address and limits.
    pub fn new(host_key: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 2222)),
            host_key: host_key.into(),
            authorized_keys: None,
            limits: Limits::default(),
        }
    }
}

/// A bound, ready server.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    russh: Arc<RusshConfig>,
}

impl Server {
    /// Load keys, bind the address. Fails with a message naming the file or
    /// address at fault.
    pub async fn bind(config: ServeConfig, factory: SessionFactory) -> anyhow::Result<Server> {
        let (host_key, created) = keys::load_or_create_host_key(&config.host_key)?;
        let host_fp = keys::fingerprint(host_key.public_key());
        if created {
            info!(path = %config.host_key.display(), fingerprint = %host_fp, "created a new host key");
        } else {
            info!(fingerprint = %host_fp, "host key loaded");
        }
        let roster = match &config.authorized_keys {
            Some(path) => {
                let roster = Roster::load(path)?;
                info!(path = %path.display(), keys = roster.len(), "roster loaded");
                Some(roster)
            }
            None => None,
        };
        let limits = config.limits.clone();
        let russh = RusshConfig {
            methods: (&[MethodKind::PublicKey][..]).into(),
            auth_rejection_time: Duration::from_millis(500),
            // OpenSSH probes with "none" first; don't make everyone wait.
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![host_key],
            max_auth_attempts: limits.auth_attempts,
            inactivity_timeout: Some(limits.idle_timeout + Duration::from_secs(60)),
            keepalive_interval: Some(Duration::from_secs(30)),
            keepalive_max: 3,
            nodelay: true,
            ..RusshConfig::default()
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared::new(limits, factory, roster)),
            russh: Arc::new(russh),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serve until `shutdown` completes, then say goodbye to every session and
    /// return once they have closed (or the grace time has passed).
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let Server {
            listener,
            shared,
            russh,
        } = self;
        let limits = shared.limits.clone();
        let (stop_tx, stop_rx) = watch::channel(false);
        let connections = Arc::new(Semaphore::new(limits.max_connections));
        let mut limiter = RateLimiter::new(limits.connection_burst, limits.connections_per_minute);
        let mut tasks = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((socket, peer)) => {
                        if !limiter.allow(peer.ip(), Instant::now()) {
                            warn!(%peer, "refused: too many connections from this address");
                            continue;
                        }
                        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                            warn!(%peer, "refused: connection limit reached");
                            continue;
                        };
                        tasks.spawn(connection(
                            socket,
                            peer,
                            Arc::clone(&shared),
                            Arc::clone(&russh),
                            stop_rx.clone(),
                            permit,
                        ));
                    }
                    Err(e) => {
                        // Usually out of file descriptors: back off instead of spinning.
                        warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                },
                Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            }
        }
        info!(sessions = shared.slots.active(), "shutting down");
        drop(listener);
        shared.stop();
        let _ = stop_tx.send(true);
        let drained = tokio::time::timeout(limits.shutdown_grace + Duration::from_secs(1), async {
            while tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            warn!(
                left = tasks.len(),
                "connections still open after the grace time"
            );
            tasks.abort_all();
        }
        info!("stopped");
        Ok(())
    }
}

/// One TCP connection from handshake to close.
async fn connection(
    socket: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    russh: Arc<RusshConfig>,
    mut stop: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = socket.set_nodelay(true);
    let limits = shared.limits.clone();
    let started = Arc::new(Notify::new());
    let handler = Conn::new(shared, peer, Arc::clone(&started));
    info!(%peer, "connected");
    let session = match run_stream(russh, socket, handler).await {
        Ok(session) => session,
        Err(e) => {
            info!(%peer, error = %e, "handshake failed");
            return;
        }
    };
    let handle = session.handle();
    tokio::pin!(session);
    let login = tokio::time::sleep(limits.login_timeout);
    tokio::pin!(login);
    let mut running = false;
    let reason = loop {
        tokio::select! {
            result = &mut session => {
                match result {
                    Ok(()) => info!(%peer, "disconnected"),
                    Err(e) => info!(%peer, error = %e, "disconnected"),
                }
                return;
            }
            () = started.notified(), if !running => running = true,
            () = &mut login, if !running => {
                warn!(%peer, "refused: no session within the login timeout");
                break "login timeout";
            }
            _ = stop.changed() => {
                // Sessions were told to say goodbye; give them time to do it.
                let _ = tokio::time::timeout(limits.shutdown_grace, &mut session).await;
                break "server shutting down";
            }
        }
    };
    let _ = handle
        .disconnect(russh::Disconnect::ByApplication, reason.into(), "en".into())
        .await;
    let _ = tokio::time::timeout(Duration::from_secs(1), &mut session).await;
    info!(%peer, reason, "disconnected");
}

/// Run the server on its own runtime until SIGINT or SIGTERM. This is what
/// `chalkdust serve` calls.
pub fn serve(config: ServeConfig, factory: SessionFactory) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("chalkdust-ssh")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let server = Server::bind(config, factory).await?;
        info!(address = %server.local_addr()?, "serving lessons over SSH");
        server.run_until(shutdown_signal()).await
    })
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
