//! The SSH front end: `chalkdust serve`, a class over SSH.
//!
//! What belongs here: accepting connections, deciding who may enter and what
//! they may ask for, and moving bytes between an SSH channel and one `App` per
//! learner. Nothing about lessons or progress: the caller passes a
//! [`SessionFactory`] that builds each learner's `App`.
//!
//! - [`limits`]: every limit a host sets, with its default.
//! - [`admission`]: open connections by source, who gets in, who is pushed
//!   out, and the refusal a turned-away client reads.
//! - `connection`: one connection from accept to a closed socket (login
//!   grace, closing when the session ends).
//! - [`keys`]: the host key on disk and the `authorized_keys` roster.
//! - [`guard`]: connection rate per source, session slots.
//! - [`input`]: raw channel bytes to `app::Msg`.
//! - [`signals`]: SIGHUP reloads, SIGINT/SIGTERM stop.
//! - [`logging`]: the log's level, format and escaping.
//! - [`proxy`]: the PROXY protocol header a TCP balancer puts before each
//!   connection, naming the client behind it.
//! - [`files`]: the data folder, store and keys kept owner-only.
//! - `session`: the russh handler and the per-learner app thread (or, for
//!   a key in `--teachers`, the teacher's view on the same machinery), and
//!   the recording of each open session for "who is connected now"
//!   ([`ClassHooks`]).

pub mod admission;
mod connection;
pub mod files;
pub mod guard;
pub mod input;
pub mod keys;
pub mod limits;
pub mod logging;
pub mod proxy;
mod session;
pub mod signals;

pub use limits::Limits;
pub use signals::shutdown as shutdown_signal;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use russh::MethodKind;
use russh::server::Config as RusshConfig;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tracing::{debug, info, warn};

use crate::app::App;
use admission::Admission;
use keys::Roster;
use proxy::ProxyProtocol;
use session::Shared;

/// Who is on the other end of a session: `id` is the SHA256 fingerprint of
/// their public key (`SHA256:...`), their identity in the progress store;
/// `name` is the SSH user name, cleaned of control characters, for display.
pub use crate::progress::Learner;

/// Builds a learner's `App` when their session starts. Runs on the session's
/// own thread, so it may open files or databases; an error is shown to the
/// learner as one line and the session closes.
pub type SessionFactory = Arc<dyn Fn(&Learner) -> anyhow::Result<App> + Send + Sync>;

/// What a server shares with the rest of the class beyond each learner's
/// app: the store its sessions are recorded in (for "who is connected
/// now", on any instance) and the teacher's view, shown to keys in
/// [`ServeConfig::teachers`].
#[derive(Clone)]
pub struct ClassHooks {
    pub store: Arc<dyn crate::progress::ProgressStore>,
    /// This server's name in the sessions it records (`--instance`).
    pub instance: String,
    pub teacher_view: crate::driver::class::Source,
    /// The look the server was started with; each teacher's terminal
    /// adapts it, as for learners.
    pub theme: crate::theme::Theme,
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
    /// Behind a balancer: only its addresses connect, each connection
    /// starting with a PROXY header that names the client.
    pub proxy: Option<ProxyProtocol>,
    /// An `authorized_keys` file of teachers: their keys get the teacher's
    /// view (see [`ClassHooks`]) instead of a lesson, roster or not.
    pub teachers: Option<PathBuf>,
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
            proxy: None,
            teachers: None,
        }
    }
}

/// A bound, ready server.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    russh: Arc<RusshConfig>,
    roster_path: Option<PathBuf>,
    teachers_path: Option<PathBuf>,
    proxy: Option<Arc<ProxyProtocol>>,
}

/// Changes a running server picks up for new logins, leaving open sessions
/// as they are (what SIGHUP does).
#[derive(Clone)]
pub struct Reloader {
    shared: Arc<Shared>,
    roster_path: Option<PathBuf>,
    teachers_path: Option<PathBuf>,
}

impl Reloader {
    /// Read the roster file again. On an error the old roster stays.
    /// Returns how many keys the new roster holds (none without a roster).
    pub fn reload_roster(&self) -> anyhow::Result<usize> {
        if let Some(path) = &self.teachers_path {
            self.shared.set_teachers(Some(Roster::load(path)?));
        }
        let Some(path) = &self.roster_path else {
            return Ok(0);
        };
        let roster = Roster::load(path)?;
        let keys = roster.len();
        self.shared.set_roster(Some(roster));
        Ok(keys)
    }

    /// Build later sessions' apps with `factory` (new lessons, for one).
    pub fn set_factory(&self, factory: SessionFactory) {
        self.shared.set_factory(factory);
    }
}

/// Key exchanges the server offers: X25519, and its hybrid with ML-KEM for
/// clients that want post-quantum secrecy. Both cost well under a
/// millisecond; the finite-field groups (up to 8192 bits, about half a
/// second of CPU each) and group exchange are left out, so no client can
/// make a handshake expensive. The last two names are protocol extensions
/// (RFC 8308 and OpenSSH's strict key exchange), not exchanges.
pub const KEX_ALGORITHMS: &[russh::kex::Name] = &[
    russh::kex::MLKEM768X25519_SHA256,
    russh::kex::CURVE25519,
    russh::kex::CURVE25519_PRE_RFC_8731,
    russh::kex::EXTENSION_SUPPORT_AS_SERVER,
    russh::kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
];

/// Clients turned away at once, each told why; past this many, further ones
/// are closed without a word so a flood of refusals costs nothing.
const MAX_REFUSALS_IN_FLIGHT: usize = 32;

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
            None => {
                warn!(
                    "open mode: no --authorized-keys roster, so any SSH key gets in (and becomes a learner)"
                );
                None
            }
        };
        let limits = config.limits.clone();
        let russh = RusshConfig {
            methods: (&[MethodKind::PublicKey][..]).into(),
            auth_rejection_time: Duration::from_millis(500),
            // OpenSSH probes with "none" first; don't make everyone wait.
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![host_key],
            max_auth_attempts: limits.auth_attempts,
            // A backstop only: sessions end on their own idle limits, and a
            // vanished client is found by the keepalives below.
            inactivity_timeout: Some(
                limits.idle_timeout.max(limits.teacher_idle_timeout) + Duration::from_secs(60),
            ),
            keepalive_interval: Some(Duration::from_secs(30)),
            keepalive_max: 3,
            nodelay: true,
            preferred: russh::Preferred {
                kex: KEX_ALGORITHMS.into(),
                ..russh::Preferred::DEFAULT
            },
            ..RusshConfig::default()
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let shared = Arc::new(Shared::new(limits, factory, roster));
        if let Some(path) = &config.teachers {
            let teachers = Roster::load(path)?;
            info!(path = %path.display(), keys = teachers.len(), "teachers loaded");
            shared.set_teachers(Some(teachers));
        }
        Ok(Server {
            listener,
            shared,
            russh: Arc::new(russh),
            roster_path: config.authorized_keys,
            teachers_path: config.teachers,
            proxy: config.proxy.map(Arc::new),
        })
    }

    /// Record sessions and show the teacher's view with `hooks` (without
    /// them, nothing is recorded and `--teachers` keys get nowhere).
    pub fn set_class(&self, hooks: ClassHooks) {
        self.shared.set_class(Some(hooks));
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle to change the roster and the app factory while serving.
    pub fn reloader(&self) -> Reloader {
        Reloader {
            shared: Arc::clone(&self.shared),
            roster_path: self.roster_path.clone(),
            teachers_path: self.teachers_path.clone(),
        }
    }

    /// Serve until `shutdown` completes, then say goodbye to every session and
    /// return once they have closed (or the grace time has passed).
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let Server {
            listener,
            shared,
            russh,
            proxy,
            ..
        } = self;
        let limits = shared.limits.clone();
        let (stop_tx, stop_rx) = watch::channel(false);
        let gate = Arc::new(Gate {
            admission: Admission::new(limits.clone()),
            refusals: Arc::new(Semaphore::new(MAX_REFUSALS_IN_FLIGHT)),
            shared: Arc::clone(&shared),
            russh,
            stop: stop_rx,
        });
        // Connections from a balancer whose header is still on its way.
        let headers = Arc::new(Semaphore::new(limits.max_startups.max(1)));
        let mut tasks = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((socket, peer)) => {
                        let now = Instant::now();
                        match &proxy {
                            None => {
                                if let Some(connection) = gate.admit(socket, peer, None, now, false) {
                                    tasks.spawn(connection);
                                }
                            }
                            Some(proxy) => {
                                if !proxy.trusts(peer.ip()) {
                                    warn!(%peer, "refused: not a listed balancer (--proxy-protocol)");
                                    continue;
                                }
                                let Ok(permit) = Arc::clone(&headers).try_acquire_owned() else {
                                    warn!(%peer, "refused: too many PROXY headers pending");
                                    continue;
                                };
                                tasks.spawn(behind_balancer(
                                    Arc::clone(&gate),
                                    socket,
                                    peer,
                                    proxy.timeout.min(limits.login_grace),
                                    now,
                                    permit,
                                ));
                            }
                        }
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
        let drained = tokio::time::timeout(limits.shutdown_grace + Duration::from_secs(3), async {
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

/// What every accepted connection goes through before its session.
struct Gate {
    admission: Arc<Admission>,
    refusals: Arc<Semaphore>,
    shared: Arc<Shared>,
    russh: Arc<RusshConfig>,
    stop: watch::Receiver<bool>,
}

impl Gate {
    /// Admit a connection from `peer` (the client; `via` the balancer that
    /// carried it, if any): the connection's life to run, or `None` when it
    /// was turned away (told why, in the background). A `quiet` one (the
    /// balancer's own health check) is logged at debug level.
    fn admit(
        &self,
        socket: tokio::net::TcpStream,
        peer: SocketAddr,
        via: Option<SocketAddr>,
        accepted: Instant,
        quiet: bool,
    ) -> Option<impl Future<Output = ()> + Send + 'static> {
        let balancer = via.map(|v| v.to_string()).unwrap_or_default();
        match self.admission.admit(peer.ip(), accepted) {
            Ok(admitted) => {
                if admitted.evicted {
                    let (open, startups) = self.admission.counts();
                    info!(%peer, open, startups, "too many connections logging in: the oldest was pushed out");
                }
                if quiet {
                    debug!(%peer, %balancer, "connected: the balancer's own (a health check)");
                } else if via.is_some() {
                    info!(%peer, %balancer, "connected");
                } else {
                    info!(%peer, "connected");
                }
                Some(connection::run(
                    socket,
                    peer,
                    Arc::clone(&self.shared),
                    Arc::clone(&self.russh),
                    self.stop.clone(),
                    admitted.ticket,
                    quiet,
                ))
            }
            Err(refusal) => {
                warn!(%peer, "refused: {}", refusal.log_reason());
                if let Ok(permit) = Arc::clone(&self.refusals).try_acquire_owned() {
                    tokio::spawn(async move {
                        admission::refuse(socket, &refusal.explain()).await;
                        drop(permit);
                    });
                }
                None
            }
        }
    }
}

/// A connection from a listed balancer: read the PROXY header naming the
/// client (within `timeout`), then admit it as that client's. A bad or
/// missing header closes the connection.
async fn behind_balancer(
    gate: Arc<Gate>,
    mut socket: tokio::net::TcpStream,
    balancer: SocketAddr,
    timeout: Duration,
    accepted: Instant,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    let mut stop = gate.stop.clone();
    let header = tokio::select! {
        header = proxy::read_header(&mut socket, timeout) => header,
        _ = stop.changed() => return,
    };
    drop(permit);
    match header {
        Ok(client) => {
            // A header naming nobody (a health check) leaves the
            // balancer's own address.
            let peer = client.unwrap_or(balancer);
            let quiet = client.is_none();
            if let Some(connection) = gate.admit(socket, peer, Some(balancer), accepted, quiet) {
                connection.await;
            }
        }
        // A balancer's plain TCP health check connects and hangs up.
        Err(proxy::ProxyError::Truncated(0)) => {
            debug!(peer = %balancer, "closed before a PROXY header (a TCP health check?)");
        }
        Err(e) => warn!(peer = %balancer, error = %e, "refused: bad PROXY header"),
    }
}

/// Run the server on its own runtime until SIGINT or SIGTERM; SIGHUP reads
/// the roster again and builds new sessions with a fresh `make_factory()`
/// (lessons read again), leaving open sessions alone. This is what
/// `chalkdust serve` calls.
pub fn serve<F>(config: ServeConfig, make_factory: F) -> anyhow::Result<()>
where
    F: Fn() -> anyhow::Result<SessionFactory> + Send + Sync + 'static,
{
    serve_class(config, make_factory, None)
}

/// [`serve`], recording sessions and showing teachers their view with
/// `hooks`.
pub fn serve_class<F>(
    config: ServeConfig,
    make_factory: F,
    hooks: Option<ClassHooks>,
) -> anyhow::Result<()>
where
    F: Fn() -> anyhow::Result<SessionFactory> + Send + Sync + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("chalkdust-ssh")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        // Before anything else: SIGHUP's default action ends the process.
        let hangups = signals::Hangups::install()?;
        let server = Server::bind(config, make_factory()?).await?;
        if let Some(hooks) = hooks {
            server.set_class(hooks);
        }
        info!(address = %server.local_addr()?, "serving lessons over SSH");
        let reloads = tokio::spawn(signals::reload_on_hangup(
            hangups,
            server.reloader(),
            make_factory,
        ));
        let served = server.run_until(signals::shutdown()).await;
        reloads.abort();
        served
    })
}
