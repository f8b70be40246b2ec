//! One SSH connection: the russh handler that admits or refuses each request,
//! and the learner's session (an `App` on its own thread, drawing through a
//! ratatui terminal whose output goes to the channel).
//!
//! Threads and tasks per session, and why:
//! - the russh handler (async) only forwards bytes and sizes, never waits on
//!   the app, so one slow app cannot stall the server;
//! - the app thread owns the `App` (which may touch SQLite) and the terminal;
//!   it blocks on its own event queue, not on the runtime;
//! - a pump task moves rendered bytes to the channel, awaiting the client's
//!   SSH window, so a slow reader is bounded by our output cap, not by memory.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use crossterm::event::EnableMouseCapture;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::keys::ssh_key;
use russh::server::VerifiedPublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg as ServerMsg, Session};
use russh::{Channel, ChannelId, ChannelOpenFailure, ChannelWriteHalf, Pty};
use std::sync::{PoisonError, RwLock};
use tracing::{error, info, warn};

use super::Limits;
use super::connection::Link;
use super::guard::{SessionSlots, SlotGuard};
use super::input::InputParser;
use super::keys::{Admit, Roster, fingerprint};
use super::{Learner, SessionFactory};
use crate::app::Msg;
use crate::driver::{self, Frontend};
use crate::progress::{HEARTBEAT, LiveSession};
use crate::term::colors16::Colors16;

/// Events queued for a session's app thread.
enum Event {
    Input(Vec<u8>),
    /// The terminal size changed; the latest size is in the [`Resizes`].
    Resize,
}

/// The latest terminal size a client announced, and whether the session
/// thread has been told. A flood of window changes queues one event, not
/// thousands, and the thread reads only the last size.
struct Resizes {
    size: std::sync::atomic::AtomicU32,
    pending: AtomicBool,
}

impl Resizes {
    fn new(size: (u16, u16)) -> Self {
        Self {
            size: std::sync::atomic::AtomicU32::new(pack(size)),
            pending: AtomicBool::new(false),
        }
    }

    /// Record `size`; true if the session thread needs an event for it.
    fn announce(&self, size: (u16, u16)) -> bool {
        self.size.store(pack(size), Ordering::SeqCst);
        !self.pending.swap(true, Ordering::SeqCst)
    }

    /// The size to draw at; later announcements send a new event.
    fn take(&self) -> (u16, u16) {
        self.pending.store(false, Ordering::SeqCst);
        let packed = self.size.load(Ordering::SeqCst);
        ((packed >> 16) as u16, packed as u16)
    }
}

fn pack((cols, rows): (u16, u16)) -> u32 {
    (u32::from(cols) << 16) | u32::from(rows)
}

/// Redraws for a new size are at least this far apart: a client resizing
/// in a loop costs a few redraws a second, not a core.
const RESIZE_GAP: Duration = Duration::from_millis(40);

/// How often an idle session thread looks up from its queue to check for
/// shutdown and its idle deadline. Only the connection holds the queue's
/// sender, so a vanished client wakes the thread at once; this is for the
/// rest, and 500 sessions polling twice a second cost nothing measurable.
const POLL: Duration = Duration::from_millis(500);

/// Bytes (or the end) queued for a channel by its app thread.
enum Out {
    Data(Vec<u8>),
    Exit(u32),
}

/// State shared by every connection of one server.
pub(crate) struct Shared {
    pub(crate) limits: Limits,
    /// Swapped by a reload (SIGHUP); a session keeps the app it started with.
    factory: RwLock<SessionFactory>,
    /// Swapped by a reload; checked at each login.
    roster: RwLock<Option<Arc<Roster>>>,
    /// Keys that get the teacher's view (`--teachers`); swapped by a reload.
    teachers: RwLock<Option<Arc<Roster>>>,
    /// The class as a whole: where sessions are recorded and what the
    /// teacher's view reads. Set once, before serving.
    class: RwLock<Option<super::ClassHooks>>,
    pub(crate) slots: Arc<SessionSlots>,
    stopping: AtomicBool,
    next_id: AtomicU64,
}

impl Shared {
    pub(crate) fn new(limits: Limits, factory: SessionFactory, roster: Option<Roster>) -> Self {
        let slots = SessionSlots::new(limits.max_sessions, limits.max_sessions_per_key);
        Self {
            limits,
            factory: RwLock::new(factory),
            roster: RwLock::new(roster.map(Arc::new)),
            teachers: RwLock::new(None),
            class: RwLock::new(None),
            slots,
            stopping: AtomicBool::new(false),
            next_id: AtomicU64::new(1),
        }
    }

    /// Tell every running session to say goodbye and close (they notice
    /// within [`POLL`]).
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    pub(crate) fn set_roster(&self, roster: Option<Roster>) {
        *self.roster.write().unwrap_or_else(PoisonError::into_inner) = roster.map(Arc::new);
    }

    pub(crate) fn set_factory(&self, factory: SessionFactory) {
        *self.factory.write().unwrap_or_else(PoisonError::into_inner) = factory;
    }

    pub(crate) fn set_teachers(&self, teachers: Option<Roster>) {
        *self
            .teachers
            .write()
            .unwrap_or_else(PoisonError::into_inner) = teachers.map(Arc::new);
    }

    pub(crate) fn set_class(&self, hooks: Option<super::ClassHooks>) {
        *self.class.write().unwrap_or_else(PoisonError::into_inner) = hooks;
    }

    fn teachers(&self) -> Option<Arc<Roster>> {
        self.teachers
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn class(&self) -> Option<super::ClassHooks> {
        self.class
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn roster(&self) -> Option<Arc<Roster>> {
        self.roster
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn factory(&self) -> SessionFactory {
        Arc::clone(&self.factory.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Terminal sizes a client may claim are clamped to this range; 0 means
/// "unknown" and becomes 80x24.
pub(crate) fn clamp_size(cols: u32, rows: u32, max: (u16, u16)) -> (u16, u16) {
    let pick = |value: u32, default: u16, max: u16| {
        if value == 0 {
            default.min(max)
        } else {
            u16::try_from(value)
                .unwrap_or(u16::MAX)
                .clamp(1, max.max(1))
        }
    };
    (pick(cols, 80, max.0), pick(rows, 24, max.1))
}

/// The SSH user name as a display name: printable, trimmed, at most 64 chars.
pub(crate) fn display_name(user: &str) -> String {
    let clean: String = user.chars().filter(|c| !c.is_control()).take(64).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "learner".to_owned()
    } else {
        clean.to_owned()
    }
}

/// The one session channel a connection may have, before and after it starts.
struct ChannelState {
    id: ChannelId,
    writer: Option<ChannelWriteHalf<ServerMsg>>,
    size: Option<(u16, u16)>,
    /// The `TERM` the client named in its pty request.
    term: String,
    events: Option<SyncSender<Event>>,
    input_pending: Arc<AtomicUsize>,
    resizes: Arc<Resizes>,
}

/// The russh handler for one connection.
pub(crate) struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    learner: Option<Learner>,
    /// The key is in `--teachers`: the session shows the teacher's view.
    teacher: bool,
    channel: Option<ChannelState>,
    link: Arc<Link>,
}

impl Conn {
    pub(crate) fn new(shared: Arc<Shared>, peer: SocketAddr, link: Arc<Link>) -> Self {
        Self {
            shared,
            peer,
            learner: None,
            teacher: false,
            channel: None,
            link,
        }
    }

    fn is_ours(&self, channel: ChannelId) -> bool {
        self.channel.as_ref().is_some_and(|c| c.id == channel)
    }

    /// End the session channel with one line of explanation and exit status 1.
    ///
    /// Used where a shell was asked for but cannot be given. The request is
    /// answered with success first: OpenSSH discards a channel's output once
    /// a request fails, and the learner should read why they were turned away.
    /// No shell runs either way.
    fn explain_and_close(
        &mut self,
        channel: ChannelId,
        what: &str,
        line: &str,
        session: &mut Session,
    ) -> Result<(), anyhow::Error> {
        warn!(peer = %self.peer, request = what, "refused");
        session.channel_success(channel)?;
        session.extended_data(channel, 1, format!("{line}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)?;
        if let Some(state) = self.channel.as_mut() {
            state.events = None;
        }
        self.link.ended.notify_one();
        Ok(())
    }

    fn start(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), anyhow::Error> {
        let Some(learner) = self.learner.clone() else {
            return self.explain_and_close(channel, "shell", "Not authenticated.", session);
        };
        if self.channel.as_ref().is_none_or(|c| c.size.is_none()) {
            return self.explain_and_close(
                channel,
                "shell without a terminal",
                "chalkdust is an interactive lesson: connect with a terminal (ssh -t), not with -T or a command.",
                session,
            );
        }
        if self.shared.is_stopping() {
            return self.explain_and_close(
                channel,
                "shell",
                "The server is shutting down. Please try again later.",
                session,
            );
        }
        let slot = match self.shared.slots.try_acquire(&learner.id) {
            Ok(slot) => slot,
            Err(full) => {
                warn!(peer = %self.peer, learner = %learner.id, reason = ?full, "refused: session limit");
                return self.explain_and_close(channel, "shell", &full.explain(), session);
            }
        };
        let Some(state) = self.channel.as_mut() else {
            return Ok(());
        };
        let (Some(size), Some(writer)) = (state.size, state.writer.take()) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let limits = self.shared.limits.clone();
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let (events_tx, events_rx) = mpsc::sync_channel(limits.input_queue);
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
        let out_pending = Arc::new(AtomicUsize::new(0));
        tokio::spawn(pump(
            out_rx,
            writer,
            Arc::clone(&out_pending),
            Arc::clone(&self.link),
        ));

        state.events = Some(events_tx);
        let ctx = SessionCtx {
            id,
            peer: self.peer,
            learner,
            shared: Arc::clone(&self.shared),
            events: events_rx,
            input_pending: Arc::clone(&state.input_pending),
            resizes: Arc::clone(&state.resizes),
            out: ChannelWriter {
                buf: Vec::new(),
                tx: out_tx,
                pending: out_pending,
                cap: limits.output_buffer,
                overflowed: Arc::new(AtomicBool::new(false)),
            },
            size,
            term: state.term.clone(),
            teacher: self.teacher,
            _slot: slot,
        };
        let spawned = std::thread::Builder::new()
            .name(format!("chalkdust-session-{id}"))
            .spawn(move || run_session(ctx));
        if let Err(e) = spawned {
            // The context (and its slot) was dropped with the closure.
            error!(peer = %self.peer, error = %e, "cannot start a session thread");
            return self.explain_and_close(
                channel,
                "shell",
                "The server cannot start a session right now.",
                session,
            );
        }
        session.channel_success(channel)?;
        self.link.started.notify_one();
        Ok(())
    }
}

impl Handler for Conn {
    type Error = anyhow::Error;

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let id = fingerprint(key.public_key);
        // The user name is the client's to choose: logged quoted, never
        // used as the learner's name (anyone could type a classmate's).
        let user = display_name(user);
        // A teacher's key needs no place on the learners' roster.
        if let Some(teachers) = self.shared.teachers()
            && self.shared.class().is_some()
            && let Admit::Yes(name) =
                teachers.admit(&id, self.peer.ip(), std::time::SystemTime::now())
        {
            info!(peer = %self.peer, key = %id, user = ?user, name = ?name, role = "teacher", "authenticated");
            self.link.ticket.authenticated();
            self.learner = Some(Learner { id, name });
            self.teacher = true;
            return Ok(Auth::Accept);
        }
        let name = match self.shared.roster() {
            Some(roster) => match roster.admit(&id, self.peer.ip(), std::time::SystemTime::now()) {
                Admit::Yes(name) => name,
                refused => {
                    warn!(peer = %self.peer, key = %id, user = ?user, "refused: {}", refused.log_reason());
                    return Ok(Auth::reject());
                }
            },
            // Open mode: no roster, no trustworthy name; the fingerprint is it.
            None => id.clone(),
        };
        info!(peer = %self.peer, key = %id, user = ?user, name = ?name, "authenticated");
        self.link.ticket.authenticated();
        self.learner = Some(Learner { id, name });
        Ok(Auth::Accept)
    }

    async fn auth_openssh_certificate(
        &mut self,
        _user: &str,
        _certificate: &ssh_key::Certificate,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<ServerMsg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            warn!(peer = %self.peer, "refused: a second session channel");
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        // Requests and data reach us through the handler callbacks; the read
        // half is dropped so russh never waits for someone to drain it.
        let (read, write) = channel.split();
        drop(read);
        self.channel = Some(ChannelState {
            id: write.id(),
            writer: Some(write),
            size: None,
            term: String::new(),
            events: None,
            input_pending: Arc::new(AtomicUsize::new(0)),
            resizes: Arc::new(Resizes::new((80, 24))),
        });
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<ServerMsg>,
        host: &str,
        port: u32,
        _originator: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        warn!(peer = %self.peer, target = %format!("{host}:{port}"), "refused: port forwarding");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<ServerMsg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        warn!(peer = %self.peer, "refused: socket forwarding");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<ServerMsg>,
        _originator: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<ServerMsg>,
        _host: &str,
        _port: u32,
        _originator: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let max = self.shared.limits.max_size;
        match self.channel.as_mut() {
            Some(state) if state.id == channel && state.events.is_none() => {
                state.size = Some(clamp_size(cols, rows, max));
                // Bounded and printable: it is only matched against names.
                state.term = term.chars().filter(|c| !c.is_control()).take(64).collect();
                session.channel_success(channel)?;
            }
            _ => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let running = self.channel.as_ref().is_some_and(|c| c.events.is_some());
        if !self.is_ours(channel) || running {
            session.channel_failure(channel)?;
            return Ok(());
        }
        self.start(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The command itself is not logged: it is the client's, and may hold
        // anything. A plain failure: OpenSSH then says "exec request failed".
        warn!(peer = %self.peer, request = "exec", "refused");
        session.channel_failure(channel)?;
        session.close(channel)?;
        self.link.ended.notify_one();
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let name = display_name(name);
        warn!(peer = %self.peer, subsystem = ?name, "refused: subsystem");
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Clients send LANG and friends routinely: refused quietly.
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        warn!(peer = %self.peer, "refused: X11 forwarding");
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        warn!(peer = %self.peer, "refused: agent forwarding");
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        warn!(peer = %self.peer, port = *port, "refused: remote port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        warn!(peer = %self.peer, "refused: remote socket forwarding");
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = clamp_size(cols, rows, self.shared.limits.max_size);
        let Some(state) = self.channel.as_mut().filter(|c| c.id == channel) else {
            return Ok(());
        };
        match &state.events {
            Some(events) => {
                if state.resizes.announce(size)
                    && let Err(TrySendError::Full(_)) = events.try_send(Event::Resize)
                {
                    warn!(peer = %self.peer, "closing: too many queued events");
                    state.events = None;
                    session.close(channel)?;
                }
            }
            None => state.size = Some(size),
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let cap = self.shared.limits.input_buffer;
        let peer = self.peer;
        let Some(state) = self.channel.as_mut().filter(|c| c.id == channel) else {
            return Ok(());
        };
        let Some(events) = &state.events else {
            // Typed before the session started: nothing to give it to.
            return Ok(());
        };
        let queued = state.input_pending.fetch_add(data.len(), Ordering::SeqCst) + data.len();
        let flooded = queued > cap
            || match events.try_send(Event::Input(data.to_vec())) {
                Ok(()) => false,
                Err(TrySendError::Full(_)) => true,
                // The session already ended (keys typed after quitting).
                Err(TrySendError::Disconnected(_)) => {
                    state.events = None;
                    false
                }
            };
        if flooded {
            warn!(%peer, queued, "closing: input arrives faster than the session reads it");
            state.events = None;
            session.close(channel)?;
            self.link.ended.notify_one();
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channel.as_mut().filter(|c| c.id == channel) {
            state.events = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channel.as_mut().filter(|c| c.id == channel) {
            state.events = None;
            self.link.ended.notify_one();
        }
        Ok(())
    }
}

/// Moves rendered bytes to the channel. Each send waits for the client's SSH
/// window, which is what bounds a slow reader.
async fn pump(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Out>,
    write: ChannelWriteHalf<ServerMsg>,
    pending: Arc<AtomicUsize>,
    link: Arc<Link>,
) {
    let mut status = None;
    while let Some(out) = rx.recv().await {
        match out {
            Out::Data(bytes) => {
                let n = bytes.len();
                if write.data_bytes(bytes).await.is_err() {
                    return;
                }
                pending.fetch_sub(n, Ordering::SeqCst);
            }
            Out::Exit(code) => {
                status = Some(code);
                break;
            }
        }
    }
    if let Some(code) = status {
        let _ = write.exit_status(code).await;
    }
    let _ = write.eof().await;
    let _ = write.close().await;
    // The session is over: the connection is closed soon after, whether or
    // not the client hangs up.
    link.ended.notify_one();
}

/// `io::Write` for the app thread: collects a frame, and on `flush` queues it
/// for the pump without waiting. Refuses once `cap` bytes are queued.
struct ChannelWriter {
    buf: Vec<u8>,
    tx: tokio::sync::mpsc::UnboundedSender<Out>,
    pending: Arc<AtomicUsize>,
    cap: usize,
    overflowed: Arc<AtomicBool>,
}

impl ChannelWriter {
    /// Another writer onto the same channel and budget, with its own buffer:
    /// for the bytes written around ratatui (entering and leaving the
    /// alternate screen). Flush one before writing with the other.
    fn sibling(&self) -> ChannelWriter {
        ChannelWriter {
            buf: Vec::new(),
            tx: self.tx.clone(),
            pending: Arc::clone(&self.pending),
            cap: self.cap,
            overflowed: Arc::clone(&self.overflowed),
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let len = self.buf.len();
        if self.pending.load(Ordering::SeqCst) + len > self.cap {
            self.overflowed.store(true, Ordering::SeqCst);
            self.buf.clear();
            return Err(io::Error::other("the client is not reading its output"));
        }
        self.pending.fetch_add(len, Ordering::SeqCst);
        let bytes = std::mem::take(&mut self.buf);
        self.tx
            .send(Out::Data(bytes))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

/// A crossterm backend whose size is what the client told us, not what the
/// server's own terminal (if any) is.
struct SshBackend {
    inner: CrosstermBackend<Colors16<ChannelWriter>>,
    size: Size,
    cursor: Position,
}

impl Backend for SshBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Asking the client would need a round trip; we know where we put it.
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Everything a session thread owns.
struct SessionCtx {
    id: u64,
    peer: SocketAddr,
    learner: Learner,
    shared: Arc<Shared>,
    events: Receiver<Event>,
    input_pending: Arc<AtomicUsize>,
    resizes: Arc<Resizes>,
    out: ChannelWriter,
    size: (u16, u16),
    /// The client's `TERM`, from its pty request.
    term: String,
    /// Show the teacher's view instead of a lesson.
    teacher: bool,
    _slot: SlotGuard,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Quit,
    Idle,
    Shutdown,
    ClientGone,
    TooSlow,
    Failed,
}

impl End {
    fn goodbye(self, idle: Duration) -> Option<String> {
        match self {
            End::Quit => Some("Goodbye! Your progress is saved.".into()),
            End::Idle => {
                let minutes = idle.as_secs().div_ceil(60);
                let unit = if minutes == 1 { "minute" } else { "minutes" };
                Some(format!(
                    "Closed after {minutes} {unit} without a key press. Your progress is saved."
                ))
            }
            End::Shutdown => {
                Some("The server is shutting down. Your progress is saved. Goodbye!".into())
            }
            End::Failed => Some("Sorry, this session hit an error. Your progress is saved.".into()),
            End::ClientGone | End::TooSlow => None,
        }
    }
}

fn run_session(ctx: SessionCtx) {
    let SessionCtx {
        id,
        peer,
        learner,
        shared,
        events,
        input_pending,
        resizes,
        out,
        size,
        term,
        teacher,
        _slot,
    } = ctx;
    let started = Instant::now();
    let role = if teacher { "teacher" } else { "learner" };
    info!(%peer, key = %learner.id, name = ?learner.name, session = id, role, "session started");
    let tx = out.tx.clone();
    let end = catch_unwind(AssertUnwindSafe(|| {
        let queues = Queues {
            events: &events,
            input_pending: &input_pending,
            resizes: &resizes,
        };
        let who = Who {
            id,
            learner: &learner,
            teacher,
        };
        drive(&who, &shared, &queues, out, size, &term)
    }))
    .unwrap_or_else(|_| {
        error!(%peer, session = id, "session panicked");
        End::Failed
    });
    let _ = tx.send(Out::Exit(u32::from(
        end != End::Quit && end != End::Shutdown,
    )));
    info!(
        %peer,
        key = %learner.id,
        session = id,
        reason = ?end,
        seconds = started.elapsed().as_secs(),
        "session ended"
    );
}

/// What a session thread reads from its connection.
#[derive(Clone, Copy)]
struct Queues<'a> {
    events: &'a Receiver<Event>,
    input_pending: &'a AtomicUsize,
    resizes: &'a Resizes,
}

/// Whose session it is.
struct Who<'a> {
    /// The server's number for the session.
    id: u64,
    learner: &'a Learner,
    teacher: bool,
}

/// Start the learner's app and run the shared loop of
/// [`crate::driver::run`] over the channel (or, for a teacher, the
/// teacher's view and [`crate::driver::class::run`]); return why it ended.
fn drive(
    who: &Who<'_>,
    shared: &Shared,
    queues: &Queues<'_>,
    out: ChannelWriter,
    size: (u16, u16),
    term: &str,
) -> End {
    let Queues {
        events,
        input_pending,
        resizes,
    } = *queues;
    let limits = &shared.limits;
    let mut raw = out.sibling();
    // A console that knows only the 16 basic colours gets them, as the
    // local terminal does: crossterm writes every colour as a 256-colour code.
    let basic = crate::term::colors16::basic_only(Some(term));
    let mut terminal = match open_terminal(out, &mut raw, size, basic) {
        Ok(t) => t,
        Err(_) => return End::ClientGone,
    };
    let learner = who.learner;
    let class = shared.class();
    let front = |terminal| SshFront {
        terminal,
        raw: raw.sibling(),
        shared,
        learner,
        events,
        input_pending,
        resizes,
        last_resize: Instant::now()
            .checked_sub(RESIZE_GAP)
            .unwrap_or_else(Instant::now),
        status: None,
        parser: InputParser::new(limits.input_buffer),
        last_key: Instant::now(),
        idle_limit: idle_limit(limits, who.teacher),
        presence: None,
    };
    if who.teacher
        && let Some(hooks) = &class
    {
        let mut screen = crate::class::screen::Screen::new(hooks.theme.for_term(Some(term)));
        screen.update(Msg::Resize(size.0, size.1));
        let mut front = front(terminal);
        let end = driver::class::run(&mut screen, &mut front, &hooks.teacher_view);
        if !matches!(end, End::ClientGone | End::TooSlow) {
            let _ = leave(
                &mut front.terminal,
                &mut raw,
                end.goodbye(limits.teacher_idle_timeout).as_deref(),
            );
        }
        return end;
    }
    let mut app = match (shared.factory())(learner) {
        Ok(app) => app,
        Err(e) => {
            error!(key = %learner.id, error = %e, "cannot start the app for a learner");
            let _ = leave(
                &mut terminal,
                &mut raw,
                Some("Sorry, your lesson could not be opened. Please tell your teacher."),
            );
            return End::Failed;
        }
    };
    // The learner's terminal, not the server's, decides what it can show.
    app.theme = app.theme.for_term(Some(term));
    let _ = app.update(Msg::Resize(size.0, size.1));
    let mut front = front(terminal);
    front.presence = class.map(|hooks| Presence::new(hooks, who));
    let end = driver::run(&mut app, &mut front);
    if let Some(p) = &front.presence {
        p.end();
    }
    if !matches!(end, End::ClientGone | End::TooSlow) {
        let _ = leave(
            &mut front.terminal,
            &mut front.raw,
            end.goodbye(limits.idle_timeout).as_deref(),
        );
    }
    end
}

/// How long a session may go without a key press: a teacher's view is
/// watched, not typed in, so it has its own (longer) limit.
fn idle_limit(limits: &Limits, teacher: bool) -> Duration {
    if teacher {
        limits.teacher_idle_timeout
    } else {
        limits.idle_timeout
    }
}

/// One SSH session as a [`Frontend`]: input bytes from the channel's
/// queue, frames and mouse-capture switches to the channel.
struct SshFront<'a> {
    terminal: SshTerminal,
    raw: ChannelWriter,
    shared: &'a Shared,
    learner: &'a Learner,
    events: &'a Receiver<Event>,
    input_pending: &'a AtomicUsize,
    resizes: &'a Resizes,
    /// When the last resize was applied, to coalesce a flood of them.
    last_resize: Instant,
    /// The app's status line as last seen, so a failed save is logged once.
    status: Option<String>,
    parser: InputParser,
    last_key: Instant,
    /// No key for this long ends the session (a teacher's view has its own).
    idle_limit: Duration,
    /// Where this session is recorded for the teacher's "connected now".
    presence: Option<Presence>,
}

/// A learner's session as the store lists it: recorded when the lesson
/// or section changes (seen after each batch of keys) and at least every
/// [`HEARTBEAT`] seconds while open, removed when it ends.
struct Presence {
    hooks: super::ClassHooks,
    row: LiveSession,
    beat: Instant,
}

impl Presence {
    fn new(hooks: super::ClassHooks, who: &Who<'_>) -> Presence {
        let now = unix_now();
        let row = LiveSession {
            instance: hooks.instance.clone(),
            session: who.id,
            learner: who.learner.id.clone(),
            name: who.learner.name.clone(),
            lesson: String::new(),
            section: String::new(),
            started: now,
            last_seen: now,
        };
        let presence = Presence {
            hooks,
            row,
            beat: Instant::now(),
        };
        presence.write();
        presence
    }

    /// Record where the learner is, if it changed or a heartbeat is due.
    fn at(&mut self, lesson: &str, section: &str) {
        let due = self.beat.elapsed() >= Duration::from_secs(HEARTBEAT.unsigned_abs());
        if !due && self.row.lesson == lesson && self.row.section == section {
            return;
        }
        self.row.lesson = lesson.to_string();
        self.row.section = section.to_string();
        self.row.last_seen = unix_now().max(self.row.started);
        self.beat = Instant::now();
        self.write();
    }

    fn beat(&mut self) {
        let (lesson, section) = (self.row.lesson.clone(), self.row.section.clone());
        self.at(&lesson, &section);
    }

    fn write(&self) {
        if let Err(e) = self.hooks.store.record_session(&self.row) {
            warn!(key = %self.row.learner, error = %e.0, "session not recorded");
        }
    }

    fn end(&self) {
        if let Err(e) = self
            .hooks
            .store
            .end_session(&self.row.instance, self.row.session)
        {
            warn!(key = %self.row.learner, error = %e.0, "session end not recorded");
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl SshFront<'_> {
    /// [`Frontend::wait`], giving up at `deadline` if one is given.
    /// The app's next tick (while an explorer plays) or the teacher's
    /// view's refresh ends the wait early; otherwise only input, a resize
    /// or a poll does.
    fn wait_until(&mut self, msgs: &mut Vec<Msg>, deadline: Option<Instant>) -> Result<bool, End> {
        if self.shared.is_stopping() {
            return Err(End::Shutdown);
        }
        let first = loop {
            let poll = deadline.map_or(POLL, |d| {
                POLL.min(d.saturating_duration_since(Instant::now()))
            });
            match self.events.recv_timeout(poll) {
                Ok(event) => break event,
                Err(RecvTimeoutError::Timeout) => {
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        return Ok(false);
                    }
                    if self.shared.is_stopping() {
                        return Err(End::Shutdown);
                    }
                    if self.last_key.elapsed() >= self.idle_limit {
                        return Err(End::Idle);
                    }
                    if let Some(p) = self.presence.as_mut() {
                        p.beat();
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return Err(End::ClientGone),
            }
        };
        // Take everything already queued, so a burst of keys costs one draw.
        let mut resize = false;
        for event in std::iter::once(first).chain(self.events.try_iter()) {
            match event {
                Event::Input(bytes) => {
                    self.last_key = Instant::now();
                    self.input_pending.fetch_sub(bytes.len(), Ordering::SeqCst);
                    self.parser.feed(&bytes, msgs);
                }
                Event::Resize => resize = true,
            }
        }
        if !resize {
            return Ok(false);
        }
        // Coalesce: wait out the gap since the last resize, then take the
        // latest size, whatever arrived meanwhile.
        if let Some(wait) = RESIZE_GAP.checked_sub(self.last_resize.elapsed()) {
            std::thread::sleep(wait);
        }
        self.last_resize = Instant::now();
        let (w, h) = self.resizes.take();
        self.terminal.backend_mut().size = Size::new(w, h);
        if self.terminal.resize(Rect::new(0, 0, w, h)).is_err() {
            return Err(End::ClientGone);
        }
        // The new size first, then the keys typed with it; the viewport
        // was cleared, so the screen is drawn again in any case.
        msgs.insert(0, Msg::Resize(w, h));
        Ok(true)
    }
}

impl Frontend for SshFront<'_> {
    type Backend = SshBackend;
    type End = End;

    fn terminal(&mut self) -> &mut SshTerminal {
        &mut self.terminal
    }

    fn capture_mouse(&mut self, on: bool) -> Result<(), End> {
        let sent = if on {
            crossterm::queue!(self.raw, EnableMouseCapture)
        } else {
            crossterm::queue!(self.raw, DisableMouseCapture)
        };
        sent.and_then(|()| self.raw.flush())
            .map_err(|_| End::ClientGone)
    }

    fn draw_failed(&mut self, _err: io::Error) -> End {
        if self.raw.overflowed.load(Ordering::SeqCst) {
            End::TooSlow
        } else {
            End::ClientGone
        }
    }

    fn wait(&mut self, msgs: &mut Vec<Msg>, timeout: Option<Duration>) -> Result<bool, End> {
        self.wait_until(msgs, timeout.map(|t| Instant::now() + t))
    }

    fn quit(&mut self) -> End {
        End::Quit
    }

    /// As the local terminal does: DECSTBM sets the region, SU/SD scroll
    /// it, the region is reset; queued in the frame's buffer, so it leaves
    /// in the frame's one write. A one-line scroll then sends one row, not
    /// the whole body: what a learner on a slow link feels.
    fn scroll_rows(&mut self, top: u16, bottom: u16, by: isize) -> io::Result<bool> {
        let (n, dir) = (by.unsigned_abs(), if by > 0 { 'S' } else { 'T' });
        write!(
            self.terminal.backend_mut().inner,
            "\x1b[{};{}r\x1b[{n}{dir}\x1b[r",
            top + 1,
            bottom
        )?;
        Ok(true)
    }

    fn observe(&mut self, app: &crate::app::App) {
        if let Some(p) = self.presence.as_mut() {
            let (lesson, section) = app.reading.as_ref().map_or((None, None), |r| {
                (
                    Some(r.lesson.header.id.as_str()),
                    r.lesson.sections.get(r.section).map(|s| s.id.as_str()),
                )
            });
            p.at(lesson.unwrap_or(""), section.unwrap_or(""));
        }
        log_failed_save(self.learner, self.status.as_deref(), app.status.as_deref());
        if self.status != app.status {
            self.status.clone_from(&app.status);
        }
    }
}

/// One log line when the app reports a save that failed (it shows the
/// learner "progress not saved: ..."), so the host hears of a full or
/// read-only disk.
fn log_failed_save(learner: &Learner, before: Option<&str>, after: Option<&str>) {
    if let Some(status) = after.filter(|s| s.starts_with("progress not saved"))
        && before != after
    {
        warn!(key = %learner.id, error = ?status, "progress not saved");
    }
}

type SshTerminal = Terminal<SshBackend>;

fn open_terminal(
    out: ChannelWriter,
    raw: &mut ChannelWriter,
    size: (u16, u16),
    basic: bool,
) -> io::Result<SshTerminal> {
    // No mouse capture yet: the app asks for it only while it is useful
    // (an explorer's points have focus, or the learner pressed `m`), so
    // selecting text works everywhere else. `drive` follows the app.
    crossterm::queue!(raw, EnterAlternateScreen, EnableBracketedPaste)?;
    raw.flush()?;
    let backend = SshBackend {
        inner: CrosstermBackend::new(Colors16::new(out, basic)),
        size: Size::new(size.0, size.1),
        cursor: Position::ORIGIN,
    };
    let viewport = Viewport::Fixed(Rect::new(0, 0, size.0, size.1));
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport })?;
    terminal.hide_cursor()?;
    let backend = terminal.backend_mut();
    backend.clear_region(ClearType::All)?;
    Backend::flush(backend)?;
    Ok(terminal)
}

/// Restore the learner's terminal and print a last line under it.
fn leave(
    terminal: &mut SshTerminal,
    raw: &mut ChannelWriter,
    goodbye: Option<&str>,
) -> io::Result<()> {
    terminal.show_cursor()?;
    Backend::flush(terminal.backend_mut())?;
    crossterm::queue!(
        raw,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen
    )?;
    if let Some(line) = goodbye {
        write!(raw, "\r\n{line}\r\n")?;
    }
    raw.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::normal(80, 24, (80, 24))]
    #[case::zero_is_default(0, 0, (80, 24))]
    #[case::huge_is_clamped(100_000, 70_000, (500, 200))]
    #[case::beyond_u16(u32::MAX, 5, (500, 5))]
    #[case::one_by_one(1, 1, (1, 1))]
    fn sizes_are_clamped(#[case] cols: u32, #[case] rows: u32, #[case] expected: (u16, u16)) {
        assert_eq!(clamp_size(cols, rows, (500, 200)), expected);
    }

    #[rstest]
    #[case::plain("ada", "ada")]
    #[case::controls("a\x1b[2Jb\n", "a[2Jb")]
    #[case::blank("  ", "learner")]
    #[case::empty("", "learner")]
    fn display_names_are_printable(#[case] user: &str, #[case] expected: &str) {
        assert_eq!(display_name(user), expected);
    }

    #[test]
    fn display_names_are_bounded() {
        assert_eq!(display_name(&"x".repeat(1000)).chars().count(), 64);
    }

    #[test]
    fn writer_refuses_past_its_cap_and_says_so() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut writer = ChannelWriter {
            buf: Vec::new(),
            tx,
            pending: Arc::new(AtomicUsize::new(0)),
            cap: 10,
            overflowed: Arc::new(AtomicBool::new(false)),
        };
        assert!(writer.write_all(b"12345678").is_ok());
        assert!(writer.flush().is_ok());
        assert!(matches!(rx.try_recv(), Ok(Out::Data(b)) if b == b"12345678"));
        assert!(writer.write_all(b"abc").is_ok());
        assert!(writer.flush().is_err());
        assert!(writer.overflowed.load(Ordering::SeqCst));
        assert!(writer.buf.is_empty());
    }

    #[test]
    fn a_resize_flood_queues_one_event_and_keeps_the_last_size() {
        let resizes = Resizes::new((80, 24));
        let sent = (0..1000u16)
            .filter(|i| resizes.announce((100 + i % 50, 30)))
            .count();
        assert_eq!(sent, 1, "one event for the whole flood");
        assert_eq!(resizes.take(), (149, 30));
        assert!(
            resizes.announce((90, 20)),
            "after a take, the next size is sent"
        );
        assert_eq!(resizes.take(), (90, 20));
    }

    #[test]
    fn goodbye_lines_mention_saved_progress() {
        let idle = Duration::from_secs(1800);
        for end in [End::Quit, End::Idle, End::Shutdown, End::Failed] {
            let line = end.goodbye(idle).unwrap_or_default();
            assert!(line.contains("progress is saved"), "{end:?}: {line}");
        }
        assert!(
            End::Idle
                .goodbye(idle)
                .is_some_and(|l| l.contains("30 minutes"))
        );
        let short = End::Idle.goodbye(Duration::from_secs(20));
        assert!(
            short
                .as_deref()
                .is_some_and(|l| l.contains("after 1 minute ")),
            "{short:?}"
        );
        assert_eq!(End::ClientGone.goodbye(idle), None);
    }
}
