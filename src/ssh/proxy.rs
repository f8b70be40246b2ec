//! The PROXY protocol (HAProxy's, versions 1 and 2): behind a TCP balancer
//! every connection comes from the balancer's address, so the balancer
//! prefixes each one with a header naming the client it carries. Reading
//! that header is what lets per-address limits, admission and the log see
//! the student instead of the balancer.
//!
//! What belongs here: which peers may send a header ([`ProxyProtocol`]),
//! how many bytes make one header ([`frame`], pure), what it says
//! ([`decode`], pure) and reading exactly one header off a socket within a
//! time bound ([`read_header`]).
//!
//! Decoding uses the `ppp` crate (Apache-2.0, the parser most Rust proxies
//! use; `rama` forked it). Its parsers take a buffer that already holds the
//! whole header, so finding where the header ends is done here: the bytes
//! after it are the client's SSH stream and belong to russh, so they must
//! not be read (a header is read in pieces no longer than what is still
//! missing: never past its end).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// The v2 header's fixed signature.
const V2_SIGNATURE: &[u8; 12] = b"\r\n\r\n\0\r\nQUIT\n";
/// A v1 header starts with this.
const V1_PREFIX: &[u8; 6] = b"PROXY ";
/// The longest v1 header, CRLF included (the specification's figure).
pub const V1_MAX: usize = 107;
/// The longest v2 header accepted: the fixed 16 bytes, the largest address
/// block (two UNIX paths) and room for the balancer's TLVs. The protocol
/// allows up to 64 KiB; no balancer sends that much to say who connected.
pub const V2_MAX: usize = 16 + 216 + 1024;
/// The shortest header of either version ("PROXY UNKNOWN\r\n"): read this
/// much at first, since no header is shorter.
const MIN_HEADER: usize = 15;

/// `--proxy-protocol`: which peers are balancers, and how long a header may
/// take to arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyProtocol {
    /// Balancers' addresses or networks; only these may connect, and each
    /// of their connections must start with a header.
    pub trusted: Vec<Trusted>,
    /// From accept to a whole header.
    pub timeout: Duration,
}

impl ProxyProtocol {
    /// How long a header may take by default: a balancer sends it at once.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

    pub fn new(trusted: Vec<Trusted>) -> Self {
        Self {
            trusted,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Whether `peer` is one of the listed balancers.
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.trusted.iter().any(|t| t.contains(peer))
    }
}

/// One trusted balancer: an address, or a network `ADDR/PREFIX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trusted {
    network: IpAddr,
    prefix: u8,
}

impl Trusted {
    /// Whether `ip` is this address or inside this network. IPv4 addresses
    /// seen through an IPv6 socket (`::ffff:a.b.c.d`) count as IPv4.
    pub fn contains(self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Trusted {
    type Err = String;

    /// `10.0.0.5`, `10.0.0.0/24`, `::1`, `fd00::/8`.
    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| format!("{addr:?} is not an IP address (e.g. 10.0.0.5 or fd00::/8)"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => match p.trim().parse::<u8>() {
                Ok(n) if n <= max => n,
                _ => return Err(format!("{p:?} is not a prefix length from 0 to {max}")),
            },
        };
        Ok(Trusted { network, prefix })
    }
}

impl std::fmt::Display for Trusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// What went wrong with a header; the log line says it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    #[error("no PROXY header (the connection starts with {0:?})")]
    NotProxy(String),
    #[error("PROXY header longer than {0} bytes")]
    Oversized(usize),
    #[error("malformed PROXY header: {0}")]
    Malformed(String),
    #[error("the connection closed after {0} bytes of the PROXY header")]
    Truncated(usize),
    #[error("no whole PROXY header within {0:?}")]
    Timeout(Duration),
    #[error("reading the PROXY header: {0}")]
    Io(String),
}

/// How far the bytes received so far are from one whole header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// At most this many more bytes may be read without reading past the
    /// header (always at least 1).
    More(usize),
    /// The header is the first this many bytes.
    Complete(usize),
}

/// Find where the header that `buf` starts ends, or why it cannot be one.
/// Malformed starts are refused as soon as their first wrong byte is in,
/// without waiting for more.
pub fn frame(buf: &[u8]) -> Result<Frame, ProxyError> {
    let is_prefix = |sig: &[u8]| {
        let n = buf.len().min(sig.len());
        buf[..n] == sig[..n]
    };
    if is_prefix(V2_SIGNATURE) {
        if buf.len() < 16 {
            return Ok(Frame::More(16 - buf.len()));
        }
        let total = 16 + usize::from(u16::from_be_bytes([buf[14], buf[15]]));
        if total > V2_MAX {
            return Err(ProxyError::Oversized(V2_MAX));
        }
        return Ok(if buf.len() >= total {
            Frame::Complete(total)
        } else {
            Frame::More(total - buf.len())
        });
    }
    if is_prefix(V1_PREFIX) {
        if buf.len() < MIN_HEADER {
            return Ok(Frame::More(MIN_HEADER - buf.len()));
        }
        // A line ends at the first LF, which must follow a CR; nothing
        // else in it may be a control character.
        for (i, &b) in buf.iter().enumerate() {
            match b {
                b'\n' if i > 0 && buf[i - 1] == b'\r' => return Ok(Frame::Complete(i + 1)),
                b'\r' if buf.get(i + 1).is_none_or(|&n| n == b'\n') => {}
                b' '..=b'~' => {}
                _ => {
                    return Err(ProxyError::Malformed(format!(
                        "byte {b:#04x} at offset {i} in a version 1 header"
                    )));
                }
            }
        }
        if buf.len() >= V1_MAX {
            return Err(ProxyError::Oversized(V1_MAX));
        }
        // One byte at a time from here: the line's end is not known.
        return Ok(Frame::More(1));
    }
    let start: String = String::from_utf8_lossy(&buf[..buf.len().min(16)])
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    Err(ProxyError::NotProxy(start))
}

/// The client a whole header (exactly the bytes [`frame`] measured) names:
/// `None` when it names nobody (v1 `UNKNOWN`, v2 `LOCAL` as in a balancer's
/// own health check, or an address family other than IPv4 and IPv6), and
/// the connection is then taken as the balancer's own.
pub fn decode(header: &[u8]) -> Result<Option<SocketAddr>, ProxyError> {
    use ppp::{v1, v2};
    if header.starts_with(V2_SIGNATURE) {
        let parsed = v2::Header::try_from(header)
            .map_err(|e| ProxyError::Malformed(format!("version 2: {e}")))?;
        if parsed.command == v2::Command::Local {
            return Ok(None);
        }
        return Ok(match parsed.addresses {
            v2::Addresses::IPv4(a) => Some(SocketAddr::from((a.source_address, a.source_port))),
            v2::Addresses::IPv6(a) => Some(SocketAddr::from((a.source_address, a.source_port))),
            v2::Addresses::Unspecified | v2::Addresses::Unix(_) => None,
        });
    }
    let parsed = v1::Header::try_from(header)
        .map_err(|e| ProxyError::Malformed(format!("version 1: {e}")))?;
    Ok(match parsed.addresses {
        v1::Addresses::Tcp4(a) => Some(SocketAddr::from((a.source_address, a.source_port))),
        v1::Addresses::Tcp6(a) => Some(SocketAddr::from((a.source_address, a.source_port))),
        v1::Addresses::Unknown => None,
    })
}

/// Read one header off `socket`, and not a byte more, within `timeout`.
pub async fn read_header(
    socket: &mut TcpStream,
    timeout: Duration,
) -> Result<Option<SocketAddr>, ProxyError> {
    let read = async {
        let mut buf = Vec::with_capacity(MIN_HEADER * 2);
        let mut chunk = [0u8; 256];
        loop {
            let want = match frame(&buf)? {
                Frame::Complete(n) => return decode(&buf[..n]),
                // An empty buffer frames as "the start of either": read
                // the shortest header's worth.
                Frame::More(_) if buf.is_empty() => MIN_HEADER,
                Frame::More(n) => n,
            };
            let want = want.min(chunk.len());
            match socket.read(&mut chunk[..want]).await {
                Ok(0) => return Err(ProxyError::Truncated(buf.len())),
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e) => return Err(ProxyError::Io(e.to_string())),
            }
        }
    };
    tokio::time::timeout(timeout, read)
        .await
        .unwrap_or(Err(ProxyError::Timeout(timeout)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole v2 header: `command` 0 LOCAL / 1 PROXY, `family` the
    /// address-family-and-protocol byte, then `rest`.
    fn v2(command: u8, family: u8, rest: &[u8]) -> Vec<u8> {
        let mut h = V2_SIGNATURE.to_vec();
        h.push(0x20 | command);
        h.push(family);
        h.extend_from_slice(&(rest.len() as u16).to_be_bytes());
        h.extend_from_slice(rest);
        h
    }

    fn v2_tcp4(src: [u8; 4], port: u16) -> Vec<u8> {
        let mut rest = src.to_vec();
        rest.extend_from_slice(&[10, 0, 0, 1]);
        rest.extend_from_slice(&port.to_be_bytes());
        rest.extend_from_slice(&2222u16.to_be_bytes());
        v2(1, 0x11, &rest)
    }

    fn whole(buf: &[u8]) -> Result<Option<SocketAddr>, ProxyError> {
        match frame(buf)? {
            Frame::Complete(n) => decode(&buf[..n]),
            Frame::More(n) => panic!("incomplete, {n} more wanted"),
        }
    }

    fn addr(s: &str) -> Option<SocketAddr> {
        Some(s.parse().expect("a socket address"))
    }

    #[test]
    fn v1_tcp4_and_tcp6_name_the_client() {
        assert_eq!(
            whole(b"PROXY TCP4 203.0.113.7 10.0.0.1 51234 2222\r\nSSH-2.0-x\r\n"),
            Ok(addr("203.0.113.7:51234"))
        );
        assert_eq!(
            whole(b"PROXY TCP6 2001:db8::7 2001:db8::1 40000 2222\r\n"),
            Ok(addr("[2001:db8::7]:40000"))
        );
        assert_eq!(whole(b"PROXY UNKNOWN\r\n"), Ok(None));
    }

    #[test]
    fn v1_ends_at_its_line_not_at_the_ssh_stream() {
        let buf = b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nSSH-2.0-OpenSSH\r\n";
        assert_eq!(frame(buf), Ok(Frame::Complete(32)));
    }

    #[test]
    fn v2_ipv4_ipv6_and_local() {
        assert_eq!(
            whole(&v2_tcp4([198, 51, 100, 9], 6000)),
            Ok(addr("198.51.100.9:6000"))
        );
        let mut rest = Vec::new();
        rest.extend_from_slice(
            &"2001:db8::9"
                .parse::<std::net::Ipv6Addr>()
                .unwrap()
                .octets(),
        );
        rest.extend_from_slice(&[0; 16]);
        rest.extend_from_slice(&7000u16.to_be_bytes());
        rest.extend_from_slice(&22u16.to_be_bytes());
        assert_eq!(whole(&v2(1, 0x21, &rest)), Ok(addr("[2001:db8::9]:7000")));
        // LOCAL: the balancer's own connection (a health check).
        assert_eq!(whole(&v2(0, 0x00, &[])), Ok(None));
        // LOCAL with addresses still names nobody.
        let mut local = v2_tcp4([1, 2, 3, 4], 5);
        local[12] = 0x20;
        assert_eq!(whole(&local), Ok(None));
    }

    #[test]
    fn v2_tlvs_are_part_of_the_header() {
        let mut rest = vec![192, 0, 2, 1, 10, 0, 0, 1, 0, 80, 0, 22];
        rest.extend_from_slice(&[0x04, 0x00, 0x02, 0xAA, 0xBB]); // a NOOP TLV
        let mut buf = v2(1, 0x11, &rest);
        let len = buf.len();
        buf.extend_from_slice(b"SSH-2.0-x\r\n");
        assert_eq!(frame(&buf), Ok(Frame::Complete(len)));
        assert_eq!(decode(&buf[..len]), Ok(addr("192.0.2.1:80")));
    }

    #[test]
    fn truncated_headers_ask_for_exactly_what_is_missing() {
        let full = v2_tcp4([1, 2, 3, 4], 5);
        for cut in 1..full.len() {
            match frame(&full[..cut]) {
                Ok(Frame::More(n)) => {
                    assert!(n >= 1 && cut + n <= full.len(), "cut {cut}: {n}")
                }
                other => panic!("cut {cut}: {other:?}"),
            }
        }
        let line = b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n";
        for cut in 1..line.len() {
            match frame(&line[..cut]) {
                Ok(Frame::More(n)) => assert!(cut + n <= line.len(), "cut {cut}: {n}"),
                other => panic!("cut {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn oversized_headers_are_refused() {
        let mut line = b"PROXY TCP4 ".to_vec();
        line.resize(V1_MAX, b'1');
        assert_eq!(frame(&line), Err(ProxyError::Oversized(V1_MAX)));
        let mut big = V2_SIGNATURE.to_vec();
        big.extend_from_slice(&[0x21, 0x11, 0xFF, 0xFF]);
        assert_eq!(frame(&big), Err(ProxyError::Oversized(V2_MAX)));
    }

    #[test]
    fn malformed_headers_are_refused_with_a_reason() {
        assert!(matches!(
            frame(b"SSH-2.0-OpenSSH_9.6\r\n"),
            Err(ProxyError::NotProxy(s)) if s.starts_with("SSH-2.0")
        ));
        assert!(matches!(frame(b"\r\n\r\nX"), Err(ProxyError::NotProxy(_))));
        assert!(matches!(
            frame(b"PROXY TCP4 1.2.3.4\n5.6.7.8 1 2\r\n"),
            Err(ProxyError::Malformed(m)) if m.contains("0x0a")
        ));
        assert!(matches!(
            frame(b"PROXY TCP4 1.2.3.4\r5.6.7.8 1 2\r\n"),
            Err(ProxyError::Malformed(_))
        ));
        for bad in [
            &b"PROXY TCP4 999.0.0.1 10.0.0.1 1 2\r\n"[..],
            b"PROXY TCP4 1.2.3.4 10.0.0.1 99999 2\r\n",
            b"PROXY TCP9 1.2.3.4 10.0.0.1 1 2\r\n",
            b"PROXY TCP4 2001:db8::1 10.0.0.1 1 2\r\n",
            b"PROXY TCP4 1.2.3.4\r\n",
        ] {
            assert!(
                matches!(whole(bad), Err(ProxyError::Malformed(_))),
                "{:?}: {:?}",
                String::from_utf8_lossy(bad),
                whole(bad)
            );
        }
        // Version 3, an unknown command, an address block too short for
        // its family.
        let mut v3 = v2_tcp4([1, 2, 3, 4], 5);
        v3[12] = 0x31;
        assert!(matches!(whole(&v3), Err(ProxyError::Malformed(_))));
        let mut cmd = v2_tcp4([1, 2, 3, 4], 5);
        cmd[12] = 0x2F;
        assert!(matches!(whole(&cmd), Err(ProxyError::Malformed(_))));
        assert!(matches!(
            whole(&v2(1, 0x21, &[0; 12])),
            Err(ProxyError::Malformed(_))
        ));
    }

    #[test]
    fn any_bytes_frame_and_decode_without_panicking() {
        use rand::{RngExt as _, SeedableRng as _};
        let mut rng = rand::rngs::StdRng::seed_from_u64(20);
        let starts: [&[u8]; 3] = [V2_SIGNATURE, V1_PREFIX, b""];
        for i in 0..20_000 {
            let mut buf = starts[i % 3].to_vec();
            let n = rng.random_range(0..160);
            buf.extend((0..n).map(|_| rng.random::<u8>()));
            if i % 7 == 0 && buf.len() > 15 {
                // Plausible lengths, so decoding is reached too.
                buf[14] = 0;
                buf[15] = rng.random_range(0..40);
            }
            if let Ok(Frame::Complete(n)) = frame(&buf) {
                let _ = decode(&buf[..n]);
            }
            let _ = decode(&buf);
        }
    }

    #[test]
    fn trusted_addresses_and_networks() {
        let p = ProxyProtocol::new(vec![
            "10.0.0.5".parse().unwrap(),
            "192.168.1.0/24".parse().unwrap(),
            "fd00::/8".parse().unwrap(),
        ]);
        assert!(p.trusts("10.0.0.5".parse().unwrap()));
        assert!(!p.trusts("10.0.0.6".parse().unwrap()));
        assert!(p.trusts("192.168.1.200".parse().unwrap()));
        assert!(!p.trusts("192.168.2.1".parse().unwrap()));
        assert!(p.trusts("fd12::1".parse().unwrap()));
        assert!(!p.trusts("fe80::1".parse().unwrap()));
        // An IPv4 balancer seen through an IPv6 socket.
        assert!(p.trusts("::ffff:10.0.0.5".parse().unwrap()));
        let all: Trusted = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        assert!("10.0.0.1/33".parse::<Trusted>().is_err());
        assert!("balancer".parse::<Trusted>().is_err());
        assert!("10.0.0.1/x".parse::<Trusted>().is_err());
    }
}
