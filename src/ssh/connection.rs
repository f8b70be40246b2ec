//! One TCP connection's life, from accept to a closed socket: the login
//! grace that starts at accept and covers the whole handshake, the push-out
//! of a connection the admission table evicted, and closing the socket when
//! the session ends (a client answering keepalives cannot hold it open).
//!
//! russh runs each connection in a task of its own that owns the socket.
//! Dropping its handle does not end that task, so every way out of here
//! shuts the socket down through a second handle on it: the task's next
//! read then ends and it exits.

use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use russh::server::{Config as RusshConfig, run_stream};
use tokio::net::TcpStream;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tracing::{debug, info, warn};

use super::admission::Ticket;
use super::session::{Conn, Shared};

/// What the russh handler of a connection tells the task that watches it.
pub(crate) struct Link {
    /// The learner's session is running: the login grace no longer applies.
    pub(crate) started: Notify,
    /// The session channel has closed: the connection has nothing left to do.
    pub(crate) ended: Notify,
    /// The connection's place in the admission table; the handler marks it
    /// logged in. Freed when both the handler and the watcher are gone,
    /// that is when the socket is closed.
    pub(crate) ticket: Ticket,
}

/// How the connection ended, for the log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// The client hung up or the session closed normally.
    Client,
    LoginTimeout,
    Evicted,
    SessionOver,
    Shutdown,
}

impl Close {
    /// The reason sent in the disconnect message.
    fn reason(self) -> &'static str {
        match self {
            Close::Client => "bye",
            Close::LoginTimeout => "login grace time is over",
            Close::Evicted => "too many connections are logging in; please try again",
            Close::SessionOver => "session ended",
            Close::Shutdown => "server shutting down",
        }
    }
}

/// Drive one accepted connection to its end and close its socket. A
/// `quiet` connection (a balancer's own health check) logs its handshake
/// and close at debug level, so checks every few seconds do not fill the
/// log.
pub(crate) async fn run(
    socket: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    russh: Arc<RusshConfig>,
    mut stop: watch::Receiver<bool>,
    ticket: Ticket,
    quiet: bool,
) {
    let limits = shared.limits.clone();
    let deadline = Instant::from_std(ticket.accepted()) + limits.login_grace;
    let (socket, closer) = match split(socket) {
        Ok(pair) => pair,
        Err(e) => {
            warn!(%peer, error = ?e.to_string(), "cannot take a second handle on a socket");
            return;
        }
    };
    let link = Arc::new(Link {
        started: Notify::new(),
        ended: Notify::new(),
        ticket,
    });
    let handler = Conn::new(shared, peer, Arc::clone(&link));
    let _ = socket.set_nodelay(true);

    // The client's version line is read inside run_stream, with no limit of
    // its own but the (long) inactivity timeout: the grace covers it.
    let handshake = tokio::select! {
        result = tokio::time::timeout_at(deadline, run_stream(russh, socket, handler)) => result,
        () = link.ticket.evicted() => {
            close(&closer, peer, Close::Evicted, quiet);
            return;
        }
        _ = stop.changed() => {
            close(&closer, peer, Close::Shutdown, quiet);
            return;
        }
    };
    let session = match handshake {
        Ok(Ok(session)) => {
            link.ticket.spoke();
            session
        }
        Ok(Err(e)) => {
            if quiet {
                debug!(%peer, error = ?e.to_string(), "handshake failed");
            } else {
                info!(%peer, error = ?e.to_string(), "handshake failed");
            }
            close(&closer, peer, Close::Client, quiet);
            return;
        }
        Err(_) => {
            warn!(%peer, "refused: no session within the login grace time");
            close(&closer, peer, Close::LoginTimeout, quiet);
            return;
        }
    };
    let handle = session.handle();
    tokio::pin!(session);
    let mut running = false;
    let why = loop {
        tokio::select! {
            result = &mut session => {
                if let Err(e) = result {
                    info!(%peer, error = ?e.to_string(), "connection error");
                }
                break Close::Client;
            }
            () = link.started.notified(), if !running => running = true,
            () = tokio::time::sleep_until(deadline), if !running => {
                warn!(%peer, "refused: no session within the login grace time");
                break Close::LoginTimeout;
            }
            () = link.ticket.evicted(), if !running => {
                warn!(%peer, "dropped: too many connections logging in, this one was the oldest");
                break Close::Evicted;
            }
            () = link.ended.notified() => {
                // The goodbye, exit status and channel close are on their
                // way; a well-behaved client hangs up on reading them.
                if tokio::time::timeout(limits.linger, &mut session).await.is_ok() {
                    break Close::Client;
                }
                break Close::SessionOver;
            }
            _ = stop.changed() => {
                // Sessions were told to say goodbye; give them time to do it.
                let _ = tokio::time::timeout(limits.shutdown_grace, &mut session).await;
                break Close::Shutdown;
            }
        }
    };
    if why != Close::Client {
        // A polite goodbye first, bounded: the client may not be reading.
        let _ = tokio::time::timeout(
            Duration::from_millis(500),
            handle.disconnect(
                russh::Disconnect::ByApplication,
                why.reason().into(),
                "en".into(),
            ),
        )
        .await;
        let _ = tokio::time::timeout(Duration::from_millis(500), &mut session).await;
    }
    close(&closer, peer, why, quiet);
    // The russh task ends on its next read; wait for it so the socket is
    // really closed before this connection's ticket is given back.
    let _ = tokio::time::timeout(Duration::from_secs(2), &mut session).await;
}

/// Two handles on one socket: the async one for russh, and a plain one that
/// can shut it down from outside the task that owns it.
fn split(socket: TcpStream) -> std::io::Result<(TcpStream, std::net::TcpStream)> {
    let std = socket.into_std()?;
    let closer = std.try_clone()?;
    Ok((TcpStream::from_std(std)?, closer))
}

/// Shut the socket down both ways: the peer sees the end, and russh's next
/// read on it returns, so its task exits and the socket is freed.
fn close(closer: &std::net::TcpStream, peer: SocketAddr, why: Close, quiet: bool) {
    let _ = closer.shutdown(Shutdown::Both);
    if quiet {
        debug!(%peer, reason = why.reason(), "disconnected");
    } else {
        info!(%peer, reason = why.reason(), "disconnected");
    }
}
