//! Connection accounting: which TCP connections are open, from which source,
//! and which of them have not yet authenticated; who gets in when the server
//! is full, who is pushed out, and the one-packet refusal a turned-away
//! client reads.
//!
//! Every open socket holds a [`Ticket`] until it is closed, so the counts are
//! the sockets really open. The rules are tested here without a network; the
//! accept loop in `ssh.rs` applies them.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::guard::RateLimiter;
use super::limits::Limits;

/// Why a new connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The source opened too many connections too quickly.
    Rate,
    /// The source already holds its share of connections.
    PerSource(usize),
    /// Every connection slot holds a logged-in learner.
    Full(usize),
}

impl Refusal {
    /// The reason a learner reads (OpenSSH prints it after
    /// "Received disconnect from ...").
    pub fn explain(self) -> String {
        match self {
            Refusal::Rate => {
                "Too many connections from your network in a short time. Please wait a minute and try again.".into()
            }
            Refusal::PerSource(n) => format!(
                "Your network already has {n} connections open to this server. Close one, then try again."
            ),
            Refusal::Full(n) => {
                format!("The server is full ({n} connections). Please try again in a minute.")
            }
        }
    }

    /// The log line's wording (after `refused: `).
    pub fn log_reason(self) -> &'static str {
        match self {
            Refusal::Rate => "too many connections from this source",
            Refusal::PerSource(_) => "per-source connection limit reached",
            Refusal::Full(_) => "connection limit reached",
        }
    }
}

struct Entry {
    source: IpAddr,
    accepted: Instant,
    /// The client sent its version line: a real client does at once, a
    /// silent socket never does.
    spoke: bool,
    authenticated: bool,
    kill: Arc<Notify>,
}

struct Table {
    next: u64,
    entries: HashMap<u64, Entry>,
    per_source: HashMap<IpAddr, usize>,
    startups: usize,
    rate: RateLimiter,
}

/// The server's open connections and the rules for admitting more.
pub struct Admission {
    limits: Limits,
    table: Mutex<Table>,
}

/// What [`Admission::admit`] decided about a connection it let in.
pub struct Admitted {
    /// The new connection's place in the table.
    pub ticket: Ticket,
    /// A connection pushed out to make room (not yet logged in, from the
    /// source holding the most such connections, the oldest of them).
    pub evicted: bool,
}

impl Admission {
    pub fn new(limits: Limits) -> Arc<Self> {
        let rate = RateLimiter::new(limits.connection_burst, limits.connections_per_minute);
        Arc::new(Self {
            limits,
            table: Mutex::new(Table {
                next: 1,
                entries: HashMap::new(),
                per_source: HashMap::new(),
                startups: 0,
                rate,
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Decide about a connection from `ip` accepted at `now`.
    pub fn admit(self: &Arc<Self>, ip: IpAddr, now: Instant) -> Result<Admitted, Refusal> {
        let source = self.limits.netblock.source(ip);
        let mut table = self.lock();
        let mine = table.per_source.get(&source).copied().unwrap_or(0);
        if mine >= self.limits.per_source_max_connections {
            return Err(Refusal::PerSource(self.limits.per_source_max_connections));
        }
        if !table.rate.allow(source, now) {
            return Err(Refusal::Rate);
        }
        let full = table.entries.len() >= self.limits.max_connections;
        let mut evicted = false;
        if full || table.startups >= self.limits.max_startups.max(1) {
            match table.victim() {
                Some(id) => {
                    table.remove(id);
                    evicted = true;
                }
                None => return Err(Refusal::Full(self.limits.max_connections)),
            }
        }
        let id = table.next;
        table.next += 1;
        let kill = Arc::new(Notify::new());
        table.entries.insert(
            id,
            Entry {
                source,
                accepted: now,
                spoke: false,
                authenticated: false,
                kill: Arc::clone(&kill),
            },
        );
        *table.per_source.entry(source).or_insert(0) += 1;
        table.startups += 1;
        Ok(Admitted {
            ticket: Ticket {
                admission: Arc::clone(self),
                id,
                accepted: now,
                kill,
            },
            evicted,
        })
    }

    /// Connections open now, and how many of them are not logged in.
    pub fn counts(&self) -> (usize, usize) {
        let table = self.lock();
        (table.entries.len(), table.startups)
    }
}

impl Table {
    /// The connection to push out: among those not logged in, silent ones
    /// (no version line yet) before those in the middle of a handshake;
    /// among those, the oldest from the source that holds the most. One
    /// source flooding silent sockets pays before anyone else, and a class
    /// arriving at once is not pushed out by silent sockets.
    fn victim(&self) -> Option<u64> {
        let silent_left = self.entries.values().any(|e| !e.authenticated && !e.spoke);
        let candidate = |e: &Entry| !e.authenticated && (!silent_left || !e.spoke);
        let mut by_source: HashMap<IpAddr, usize> = HashMap::new();
        for entry in self.entries.values().filter(|e| candidate(e)) {
            *by_source.entry(entry.source).or_insert(0) += 1;
        }
        let (&source, _) = by_source.iter().max_by_key(|(_, n)| **n)?;
        self.entries
            .iter()
            .filter(|(_, e)| candidate(e) && e.source == source)
            .min_by_key(|(id, e)| (e.accepted, **id))
            .map(|(id, _)| *id)
    }

    /// Forget a connection, telling its task to close the socket.
    fn remove(&mut self, id: u64) {
        let Some(entry) = self.entries.remove(&id) else {
            return;
        };
        if !entry.authenticated {
            self.startups = self.startups.saturating_sub(1);
        }
        if let Some(n) = self.per_source.get_mut(&entry.source) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.per_source.remove(&entry.source);
            }
        }
        entry.kill.notify_one();
    }
}

/// One admitted connection's place in the table; dropping it frees the
/// place. The connection's task holds it until its socket is closed.
pub struct Ticket {
    admission: Arc<Admission>,
    id: u64,
    accepted: Instant,
    kill: Arc<Notify>,
}

impl Ticket {
    /// When the connection was accepted: the login grace counts from here.
    pub fn accepted(&self) -> Instant {
        self.accepted
    }

    /// The client sent its version line: pushed out only after every
    /// silent connection.
    pub fn spoke(&self) {
        if let Some(entry) = self.admission.lock().entries.get_mut(&self.id) {
            entry.spoke = true;
        }
    }

    /// The connection has logged in: it no longer counts as a startup and
    /// can no longer be pushed out.
    pub fn authenticated(&self) {
        let mut table = self.admission.lock();
        let mut changed = false;
        if let Some(entry) = table.entries.get_mut(&self.id)
            && !entry.authenticated
        {
            entry.authenticated = true;
            changed = true;
        }
        if changed {
            table.startups = table.startups.saturating_sub(1);
        }
    }

    /// Completes when the connection was pushed out to make room.
    pub async fn evicted(&self) {
        self.kill.notified().await;
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admission.lock().remove(self.id);
    }
}

/// Tell a turned-away client why, in the one form every SSH client shows
/// before key exchange: our version line, then a clear-text
/// `SSH_MSG_DISCONNECT` packet. Bounded in time; the socket is closed after.
pub async fn refuse(mut socket: TcpStream, reason: &str) {
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let mut bytes = Vec::with_capacity(256);
        bytes.extend_from_slice(b"SSH-2.0-chalkdust\r\n");
        bytes.extend_from_slice(&disconnect_packet(reason));
        if socket.write_all(&bytes).await.is_err() {
            return;
        }
        let _ = socket.shutdown().await;
        // Read what the client already sent (its version line and key
        // exchange offer) until it hangs up: closing with unread bytes
        // would reset the connection and could discard our message before
        // the client reads it.
        let mut sink = [0u8; 2048];
        while let Ok(n) = socket.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}

/// A clear-text binary packet (RFC 4253 section 6) holding
/// `SSH_MSG_DISCONNECT` with reason "too many connections" and `text`.
fn disconnect_packet(text: &str) -> Vec<u8> {
    const SSH_MSG_DISCONNECT: u8 = 1;
    const TOO_MANY_CONNECTIONS: u32 = 12;
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    let mut payload = vec![SSH_MSG_DISCONNECT];
    payload.extend_from_slice(&TOO_MANY_CONNECTIONS.to_be_bytes());
    payload.extend_from_slice(&(text.len() as u32).to_be_bytes());
    payload.extend_from_slice(text.as_bytes());
    payload.extend_from_slice(&0u32.to_be_bytes()); // language tag: empty
    // The packet length, padding length, payload and padding together are a
    // multiple of 8, with at least 4 bytes of padding.
    let unpadded = 4 + 1 + payload.len();
    let mut padding = 8 - unpadded % 8;
    if padding < 4 {
        padding += 8;
    }
    let packet_length = (1 + payload.len() + padding) as u32;
    let mut packet = Vec::with_capacity(unpadded + padding);
    packet.extend_from_slice(&packet_length.to_be_bytes());
    packet.push(padding as u8);
    packet.extend_from_slice(&payload);
    packet.extend(std::iter::repeat_n(0u8, padding));
    packet
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, last))
    }

    fn limits() -> Limits {
        Limits {
            max_connections: 6,
            max_startups: 3,
            per_source_max_connections: 4,
            connection_burst: 100,
            connections_per_minute: 100,
            ..Limits::default()
        }
    }

    #[test]
    fn a_full_startup_pool_pushes_out_the_oldest_of_the_busiest_source() {
        let admission = Admission::new(limits());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let a1 = admission.admit(ip(1), at(0)).map(|a| a.ticket);
        let a2 = admission.admit(ip(1), at(1)).map(|a| a.ticket);
        let b1 = admission.admit(ip(2), at(2)).map(|a| a.ticket);
        assert_eq!(admission.counts(), (3, 3));
        let c1 = admission.admit(ip(3), at(3));
        assert!(c1.as_ref().is_ok_and(|a| a.evicted));
        assert_eq!(admission.counts(), (3, 3));
        // a1 was pushed out: its task hears about it at once.
        let a1 = a1.ok();
        let waker = was_told(a1.as_ref().map(|t| t.kill.clone()));
        assert!(waker, "the evicted connection is told");
        drop((a2, b1, c1));
        drop(a1);
        assert_eq!(admission.counts(), (0, 0));
    }

    /// Whether a stored notification is waiting on `kill`.
    fn was_told(kill: Option<Arc<Notify>>) -> bool {
        let Some(kill) = kill else { return false };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build();
        runtime.is_ok_and(|rt| {
            rt.block_on(async {
                tokio::time::timeout(Duration::from_millis(10), kill.notified())
                    .await
                    .is_ok()
            })
        })
    }

    #[test]
    fn silent_connections_are_pushed_out_before_handshakes() {
        let admission = Admission::new(limits());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        // Two early handshakes from one busy source, one later silent socket.
        let a1 = admission.admit(ip(1), at(0)).map(|a| a.ticket);
        let a2 = admission.admit(ip(1), at(1)).map(|a| a.ticket);
        for t in [&a1, &a2].into_iter().flatten() {
            t.spoke();
        }
        let silent = admission.admit(ip(2), at(2)).map(|a| a.ticket);
        let newcomer = admission.admit(ip(3), at(3));
        assert!(newcomer.as_ref().is_ok_and(|a| a.evicted));
        assert!(
            was_told(silent.as_ref().ok().map(|t| t.kill.clone())),
            "the silent one goes"
        );
        assert!(
            !was_told(a1.as_ref().ok().map(|t| t.kill.clone())),
            "the handshake stays"
        );
    }

    #[test]
    fn logged_in_connections_are_never_pushed_out() {
        let admission = Admission::new(limits());
        let now = Instant::now();
        let mut held = Vec::new();
        for i in 0..6 {
            let admitted = admission.admit(ip(10 + i), now);
            assert!(admitted.is_ok(), "connection {i}");
            if let Ok(a) = admitted {
                a.ticket.authenticated();
                held.push(a.ticket);
            }
        }
        assert_eq!(admission.counts(), (6, 0));
        assert_eq!(admission.admit(ip(99), now).err(), Some(Refusal::Full(6)));
        drop(held.pop());
        assert!(admission.admit(ip(99), now).is_ok());
    }

    #[test]
    fn one_source_is_held_to_its_share() {
        let admission = Admission::new(Limits {
            max_startups: 10,
            ..limits()
        });
        let now = Instant::now();
        let held: Vec<_> = (0..4)
            .filter_map(|_| admission.admit(ip(1), now).ok())
            .collect();
        assert_eq!(held.len(), 4);
        assert_eq!(
            admission.admit(ip(1), now).err(),
            Some(Refusal::PerSource(4))
        );
        assert!(admission.admit(ip(2), now).is_ok());
    }

    #[test]
    fn the_rate_is_per_source() {
        let admission = Admission::new(Limits {
            connection_burst: 2,
            connections_per_minute: 1,
            ..limits()
        });
        let now = Instant::now();
        let first: Vec<bool> = (0..3)
            .map(|_| admission.admit(ip(1), now).is_ok())
            .collect();
        assert_eq!(first, [true, true, false]);
        assert!(admission.admit(ip(2), now).is_ok());
    }

    #[test]
    fn ipv6_neighbours_in_one_64_share_a_source() {
        let admission = Admission::new(Limits {
            per_source_max_connections: 1,
            ..limits()
        });
        let now = Instant::now();
        let a: IpAddr = "2001:db8::1".parse().unwrap_or(ip(0));
        let b: IpAddr = "2001:db8::2".parse().unwrap_or(ip(0));
        let held = admission.admit(a, now);
        assert!(held.is_ok());
        assert_eq!(admission.admit(b, now).err(), Some(Refusal::PerSource(1)));
    }

    #[test]
    fn the_disconnect_packet_is_well_formed() {
        let packet = disconnect_packet("full\r\n");
        assert_eq!(packet.len() % 8, 0);
        let length = u32::from_be_bytes([packet[0], packet[1], packet[2], packet[3]]) as usize;
        assert_eq!(length + 4, packet.len());
        let padding = usize::from(packet[4]);
        assert!(padding >= 4);
        assert_eq!(packet[5], 1, "SSH_MSG_DISCONNECT");
        let text_len = u32::from_be_bytes([packet[10], packet[11], packet[12], packet[13]]);
        assert_eq!(text_len, 4, "control characters are dropped");
        assert_eq!(&packet[14..18], b"full");
    }

    #[test]
    fn refusals_explain_themselves() {
        assert!(Refusal::Full(256).explain().contains("256 connections"));
        assert!(
            Refusal::PerSource(100)
                .explain()
                .contains("100 connections")
        );
        assert!(Refusal::Rate.explain().contains("wait a minute"));
    }
}
