//! The limits a host sets on `chalkdust serve`, their defaults, and the small
//! parsers behind their command-line flags (durations, netblock sizes).
//!
//! Every limit here answers one way a client could take the server from the
//! rest of the class; `docs/serving.md` lists them with the attack each one
//! answers. Pure data: nothing here touches the network.

use std::net::IpAddr;
use std::time::Duration;

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
    /// Connections at once that have not yet authenticated (sshd's
    /// `MaxStartups`). When they are all taken, a new connection pushes out
    /// the oldest one from the source holding the most, so silent sockets
    /// cannot lock students out.
    pub max_startups: usize,
    /// TCP connections at once from one source (address or netblock).
    pub per_source_max_connections: usize,
    /// How sources are grouped: IPv4 and IPv6 prefix lengths (sshd's
    /// `PerSourceNetBlockSize`); the default groups IPv6 by /64, the block a
    /// single host usually holds.
    pub netblock: Netblock,
    /// New connections one source may open at once...
    pub connection_burst: u32,
    /// ...and per minute after that.
    pub connections_per_minute: u32,
    /// A session with no key press for this long says goodbye and closes.
    pub idle_timeout: Duration,
    /// The same for a teacher's view, which is watched more than typed in:
    /// it refreshes by itself, so a teacher following a class for an hour
    /// without a key press is not idle.
    pub teacher_idle_timeout: Duration,
    /// From accept to a running session: the whole handshake, login and
    /// session request must fit in this time (sshd's `LoginGraceTime`).
    pub login_grace: Duration,
    /// Public keys a client may try on one connection.
    pub auth_attempts: usize,
    /// Input bytes waiting for the app, per session; a client sending faster
    /// is disconnected.
    pub input_buffer: usize,
    /// Input packets waiting for the app, per session.
    pub input_queue: usize,
    /// Output bytes waiting for a slow client, per session; past this the
    /// session is closed (progress is already saved).
    pub output_buffer: usize,
    /// Largest terminal (columns, rows) a client may claim. A session keeps
    /// two screen buffers of this many cells (48 bytes each), so this bounds
    /// its memory: about 3.3 MiB at 300 x 120, where 500 x 200 took 9.6 MiB
    /// of buffers alone.
    pub max_size: (u16, u16),
    /// How long sessions get to say goodbye on shutdown.
    pub shutdown_grace: Duration,
    /// How long a connection may stay open once its session has ended,
    /// waiting for the client to hang up, before the server closes it.
    pub linger: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_sessions: 200,
            max_sessions_per_key: 3,
            max_connections: 256,
            max_startups: 64,
            per_source_max_connections: 100,
            netblock: Netblock::default(),
            // A whole class often shares one school address: allow it to
            // arrive at once, but not to hammer.
            connection_burst: 60,
            connections_per_minute: 60,
            idle_timeout: Duration::from_secs(30 * 60),
            teacher_idle_timeout: Duration::from_secs(12 * 60 * 60),
            login_grace: Duration::from_secs(30),
            auth_attempts: 6,
            input_buffer: 64 * 1024,
            input_queue: 256,
            output_buffer: 2 * 1024 * 1024,
            max_size: (300, 120),
            shutdown_grace: Duration::from_secs(2),
            linger: Duration::from_secs(2),
        }
    }
}

/// Prefix lengths that group addresses into one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Netblock {
    pub v4: u8,
    pub v6: u8,
}

impl Default for Netblock {
    fn default() -> Self {
        Self { v4: 32, v6: 64 }
    }
}

impl Netblock {
    /// The source `ip` belongs to: the address with its host bits cleared.
    /// IPv4 addresses seen through an IPv6 socket (`::ffff:a.b.c.d`) count
    /// as IPv4.
    pub fn source(self, ip: IpAddr) -> IpAddr {
        match ip.to_canonical() {
            IpAddr::V4(v4) => {
                let bits = u32::from(v4) & mask32(self.v4);
                IpAddr::V4(bits.into())
            }
            IpAddr::V6(v6) => {
                let bits = u128::from(v6) & mask128(self.v6);
                IpAddr::V6(bits.into())
            }
        }
    }
}

fn mask32(prefix: u8) -> u32 {
    match prefix {
        0 => 0,
        p if p >= 32 => u32::MAX,
        p => u32::MAX << (32 - u32::from(p)),
    }
}

fn mask128(prefix: u8) -> u128 {
    match prefix {
        0 => 0,
        p if p >= 128 => u128::MAX,
        p => u128::MAX << (128 - u32::from(p)),
    }
}

/// Parse a netblock size as sshd writes it: `32`, or `32:64` (IPv4, IPv6).
pub fn parse_netblock(text: &str) -> Result<Netblock, String> {
    let (v4, v6) = match text.split_once(':') {
        Some((a, b)) => (a, b),
        None => (text, "128"),
    };
    let v4: u8 = v4
        .trim()
        .parse()
        .ok()
        .filter(|n| *n <= 32)
        .ok_or_else(|| format!("{v4:?} is not an IPv4 prefix length (0 to 32)"))?;
    let v6: u8 = v6
        .trim()
        .parse()
        .ok()
        .filter(|n| *n <= 128)
        .ok_or_else(|| format!("{v6:?} is not an IPv6 prefix length (0 to 128)"))?;
    Ok(Netblock { v4, v6 })
}

/// Parse a duration as sshd does for `LoginGraceTime`: plain seconds (`30`)
/// or a number with a unit, `s`, `m` or `h` (`90s`, `2m`, `1h`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (like 30, 90s, 2m or 1h)"))?;
    let seconds = match unit {
        "s" | "S" => n,
        "m" | "M" => n.saturating_mul(60),
        "h" | "H" => n.saturating_mul(3600),
        _ => return Err(format!("{text:?}: the unit must be s, m or h")),
    };
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn the_largest_screen_keeps_a_session_small() {
        // ratatui keeps the current and the previous frame.
        let (cols, rows) = Limits::default().max_size;
        let cells = usize::from(cols) * usize::from(rows);
        let bytes = 2 * cells * std::mem::size_of::<ratatui::buffer::Cell>();
        assert!(
            bytes <= 4 << 20,
            "{bytes} bytes of screen buffers per session"
        );
        // Still room for a wide terminal on a large monitor.
        assert!(cols >= 300 && rows >= 100);
    }

    #[rstest]
    #[case("30", 30)]
    #[case("90s", 90)]
    #[case("2m", 120)]
    #[case("1h", 3600)]
    #[case(" 5 ", 5)]
    fn durations(#[case] text: &str, #[case] seconds: u64) {
        assert_eq!(parse_duration(text), Ok(Duration::from_secs(seconds)));
    }

    #[rstest]
    #[case("")]
    #[case("m")]
    #[case("10d")]
    #[case("-1")]
    #[case("1.5m")]
    fn bad_durations_are_refused_with_the_text(#[case] text: &str) {
        let err = parse_duration(text).err().unwrap_or_default();
        assert!(
            err.contains(&format!("{:?}", text.trim())) || err.contains("unit"),
            "{err}"
        );
    }

    #[test]
    fn netblocks_parse_like_sshd() {
        assert_eq!(parse_netblock("32:64"), Ok(Netblock { v4: 32, v6: 64 }));
        assert_eq!(parse_netblock("24"), Ok(Netblock { v4: 24, v6: 128 }));
        assert!(parse_netblock("33:64").is_err());
        assert!(parse_netblock("32:129").is_err());
        assert!(parse_netblock("a").is_err());
    }

    #[rstest]
    #[case("192.0.2.77", "192.0.2.77")]
    #[case("::ffff:192.0.2.77", "192.0.2.77")]
    #[case("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    fn sources_group_ipv6_by_64(#[case] ip: &str, #[case] source: &str) {
        let ip: IpAddr = ip.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert_eq!(Netblock::default().source(ip).to_string(), source);
    }

    #[test]
    fn wider_blocks_group_more() {
        let block = Netblock { v4: 24, v6: 48 };
        let a: IpAddr = IpAddr::from([10, 1, 2, 3]);
        let b: IpAddr = IpAddr::from([10, 1, 2, 200]);
        assert_eq!(block.source(a), block.source(b));
        let zero = Netblock { v4: 0, v6: 0 };
        assert_eq!(zero.source(a), IpAddr::from([0, 0, 0, 0]));
    }
}
