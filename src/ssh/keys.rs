//! Keys: the server's host key on disk, and the roster of learners' keys.
//!
//! The host key is generated once (Ed25519, owner-only permissions) and reused,
//! so students' `known_hosts` entries stay valid across restarts. The roster is
//! an OpenSSH `authorized_keys` file; a learner's identity is their key's
//! SHA256 fingerprint either way.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::{self, AuthorizedKeys, LineEnding};
use russh::keys::{HashAlg, PrivateKey, PublicKey};

/// Problems with the server's key files, each naming the file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read host key {path}: {source}")]
    ReadHostKey {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("host key {path} is not an unencrypted OpenSSH private key: {reason}")]
    ParseHostKey { path: PathBuf, reason: String },
    #[error("host key {path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`")]
    HostKeyPermissions { path: PathBuf, mode: u32 },
    #[error("cannot create host key {path}: {source}")]
    WriteHostKey {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read authorized keys {path}: {source}")]
    ReadRoster {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("authorized keys {path}, line {line}: {reason}")]
    ParseRoster {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// A learner's identity: the SHA256 fingerprint of their public key, as
/// OpenSSH prints it (`SHA256:...`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Load the host key at `path`, or create a new Ed25519 key there if the file
/// does not exist. Returns the key and whether it was just created.
pub fn load_or_create_host_key(path: &Path) -> Result<(PrivateKey, bool), KeyError> {
    match fs::read_to_string(path) {
        Ok(text) => {
            check_permissions(path)?;
            let key =
                PrivateKey::from_openssh(text.as_bytes()).map_err(|e| KeyError::ParseHostKey {
                    path: path.to_owned(),
                    reason: e.to_string(),
                })?;
            if key.is_encrypted() {
                return Err(KeyError::ParseHostKey {
                    path: path.to_owned(),
                    reason: "it is encrypted with a passphrase".into(),
                });
            }
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((create_host_key(path)?, true)),
        Err(source) => Err(KeyError::ReadHostKey {
            path: path.to_owned(),
            source,
        }),
    }
}

fn create_host_key(path: &Path) -> Result<PrivateKey, KeyError> {
    let write_err = |source| KeyError::WriteHostKey {
        path: path.to_owned(),
        source,
    };
    let seed: [u8; 32] = rand::random();
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(write_err)?;
    }
    // create_new: never overwrite a key that appeared meanwhile; the mode is
    // set at creation so the secret is never readable by others, even briefly.
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(write_err)?;
    file.write_all(text.as_bytes()).map_err(write_err)?;
    file.sync_all().map_err(write_err)?;
    Ok(key)
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path).map_err(|source| KeyError::ReadHostKey {
        path: path.to_owned(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::HostKeyPermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path) -> Result<(), KeyError> {
    Ok(())
}

/// One key on the roster: the name it goes by and the `authorized_keys`
/// options that restrict it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listed {
    /// The key's comment (`ssh-keygen -C`): the learner's name in progress
    /// and exports. The host wrote it, so nobody can pick a classmate's.
    name: String,
    /// `from="..."`: the addresses this key may connect from.
    from: Option<Vec<String>>,
    /// `expiry-time="..."`: the key is refused from this time on.
    expires: Option<SystemTime>,
}

/// What the roster says about a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admit {
    /// Welcome, under this name.
    Yes(String),
    /// The key is not on the roster.
    NotListed,
    /// The key's `from=` does not match the client's address.
    WrongAddress,
    /// The key's `expiry-time=` has passed.
    Expired,
}

impl Admit {
    /// The log line's wording after `refused: `.
    pub fn log_reason(&self) -> &'static str {
        match self {
            Admit::Yes(_) => "admitted",
            Admit::NotListed => "key not on the roster",
            Admit::WrongAddress => "key not allowed from this address (from=)",
            Admit::Expired => "key expired (expiry-time=)",
        }
    }
}

/// `authorized_keys` options that restrict what a key may do, all of which
/// chalkdust never allows anyway (no forwarding, no commands, no rc files):
/// accepted, and nothing more to do.
const ALREADY_ENFORCED: &[&str] = &[
    "restrict",
    "no-port-forwarding",
    "no-agent-forwarding",
    "no-x11-forwarding",
    "no-user-rc",
];

/// The learners allowed in, by key fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    keys: HashMap<String, Listed>,
}

impl Roster {
    /// Read an OpenSSH `authorized_keys` file. `from=` and `expiry-time=`
    /// are honoured, restrictions chalkdust always applies are accepted, and
    /// any other option is an error naming the line: a roster must never
    /// mean less than the host thinks it does.
    pub fn load(path: &Path) -> Result<Roster, KeyError> {
        let text = fs::read_to_string(path).map_err(|source| KeyError::ReadRoster {
            path: path.to_owned(),
            source,
        })?;
        Roster::parse(&text).map_err(|(line, reason)| KeyError::ParseRoster {
            path: path.to_owned(),
            line,
            reason,
        })
    }

    /// Parse `authorized_keys` text; an error gives the 1-based line number.
    pub fn parse(text: &str) -> Result<Roster, (usize, String)> {
        let mut keys = HashMap::new();
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut entries = AuthorizedKeys::new(trimmed);
            match entries.next() {
                Some(Ok(entry)) => {
                    let listed = listed(&entry).map_err(|reason| (index + 1, reason))?;
                    keys.insert(fingerprint(entry.public_key()), listed);
                }
                Some(Err(e)) => return Err((index + 1, format!("not a public key ({e})"))),
                None => {}
            }
        }
        Ok(Roster { keys })
    }

    /// Whether the key with this fingerprint may enter from `ip` at `now`,
    /// and under which name.
    pub fn admit(&self, fingerprint: &str, ip: IpAddr, now: SystemTime) -> Admit {
        let Some(listed) = self.keys.get(fingerprint) else {
            return Admit::NotListed;
        };
        if listed.expires.is_some_and(|at| now >= at) {
            return Admit::Expired;
        }
        if let Some(patterns) = &listed.from
            && !from_matches(patterns, ip)
        {
            return Admit::WrongAddress;
        }
        Admit::Yes(listed.name.clone())
    }

    /// Whether the key with this fingerprint is on the roster (whatever its
    /// options say).
    pub fn admits(&self, fingerprint: &str) -> bool {
        self.keys.contains_key(fingerprint)
    }

    /// How many keys the roster holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True if no key may enter.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A roster entry from a parsed line, or why the line is refused.
fn listed(entry: &ssh_key::authorized_keys::Entry) -> Result<Listed, String> {
    let comment = entry.public_key().comment().as_str_lossy();
    let name: String = comment
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    let name = name.trim();
    let mut listed = Listed {
        name: if name.is_empty() {
            fingerprint(entry.public_key())
        } else {
            name.to_owned()
        },
        from: None,
        expires: None,
    };
    for option in entry.config_opts().iter() {
        let (key, value) = match option.split_once('=') {
            Some((k, v)) => (k, Some(unquote(v))),
            None => (option, None),
        };
        let key_lower = key.to_ascii_lowercase();
        match (key_lower.as_str(), value) {
            ("from", Some(v)) => {
                let patterns: Vec<String> = v
                    .split(',')
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect();
                for p in &patterns {
                    check_pattern(p)?;
                }
                listed.from = Some(patterns);
            }
            ("expiry-time", Some(v)) => listed.expires = Some(parse_expiry(v)?),
            (k, None) if ALREADY_ENFORCED.contains(&k) => {}
            _ => {
                return Err(format!(
                    "the option {key:?} is not supported by chalkdust (it honours from= and expiry-time=, \
                     and accepts {}); remove it or the line",
                    ALREADY_ENFORCED.join(", ")
                ));
            }
        }
    }
    Ok(listed)
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// `from=` patterns are matched against the client's address (chalkdust
/// does no DNS lookups, as sshd with `UseDNS no`): `*` and `?` wildcards,
/// `a.b.c.d/n` or `x::/n` networks, and `!` to exclude.
fn check_pattern(pattern: &str) -> Result<(), String> {
    let body = pattern.strip_prefix('!').unwrap_or(pattern);
    if let Some((net, bits)) = body.split_once('/') {
        let ip: IpAddr = net
            .parse()
            .map_err(|_| format!("from=: {pattern:?} is not an address/prefix"))?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        match bits.parse::<u8>() {
            Ok(n) if n <= max => Ok(()),
            _ => Err(format!("from=: {pattern:?} has a bad prefix length")),
        }
    } else if body.is_empty() {
        Err("from=: an empty pattern".into())
    } else {
        Ok(())
    }
}

/// OpenSSH's rule: any matching `!` pattern refuses; otherwise any
/// matching plain pattern admits; no match refuses.
fn from_matches(patterns: &[String], ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    let text = ip.to_string();
    let mut admitted = false;
    for pattern in patterns {
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, pattern.as_str()),
        };
        let matched = match body.split_once('/') {
            Some((net, bits)) => in_network(ip, net, bits),
            None => wildcard(body.as_bytes(), text.as_bytes()),
        };
        if matched && negated {
            return false;
        }
        admitted |= matched;
    }
    admitted
}

fn in_network(ip: IpAddr, net: &str, bits: &str) -> bool {
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// `*` matches any run, `?` one character; case-insensitive as in OpenSSH.
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| wildcard(rest, &text[i..])),
        Some((&p, rest)) => text.split_first().is_some_and(|(&t, tail)| {
            (p == b'?' || p.eq_ignore_ascii_case(&t)) && wildcard(rest, tail)
        }),
    }
}

/// `expiry-time="YYYYMMDD[HHMM[SS]]"`, in the server's local time, or in
/// UTC with a trailing `Z`, as OpenSSH reads it.
fn parse_expiry(text: &str) -> Result<SystemTime, String> {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
    let bad = || format!("expiry-time: {text:?} is not YYYYMMDD[HHMM[SS]][Z]");
    let (digits, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (text, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|s| s.parse::<u32>().ok());
    let year = num(0..4).ok_or_else(bad)?;
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(year).map_err(|_| bad())?,
        num(4..6).ok_or_else(bad)?,
        num(6..8).ok_or_else(bad)?,
    )
    .ok_or_else(bad)?;
    let hour = num(8..10).unwrap_or(0);
    let minute = num(10..12).unwrap_or(0);
    let second = num(12..14).unwrap_or(0);
    let time: NaiveDateTime = date.and_hms_opt(hour, minute, second).ok_or_else(bad)?;
    let at = if utc {
        Utc.from_utc_datetime(&time).into()
    } else {
        chrono::Local
            .from_local_datetime(&time)
            .earliest()
            .ok_or_else(bad)?
            .into()
    };
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A public key line in OpenSSH format, from a fixed seed.
    fn key_line(seed: u8) -> (String, String) {
        let key = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
        let line = key.public_key().to_openssh().unwrap_or_default();
        (format!("{line} a@example"), fingerprint(key.public_key()))
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "chalkdust-keys-{name}-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn host_key_is_created_private_and_then_reused() -> Result<(), KeyError> {
        let dir = temp_dir("host");
        let path = dir.join("sub").join("host_key");
        let (first, created) = load_or_create_host_key(&path)?;
        assert!(created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o600));
        }
        let (second, created) = load_or_create_host_key(&path)?;
        assert!(!created);
        assert_eq!(
            fingerprint(first.public_key()),
            fingerprint(second.public_key())
        );
        assert_eq!(first.algorithm(), russh::keys::Algorithm::Ed25519);
        let _ = fs::remove_dir_all(&dir);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn host_key_readable_by_others_is_refused() -> Result<(), KeyError> {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("perm");
        let path = dir.join("host_key");
        load_or_create_host_key(&path)?;
        let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
        let err = load_or_create_host_key(&path).err();
        assert!(
            matches!(err, Some(KeyError::HostKeyPermissions { mode: 0o644, .. })),
            "{err:?}"
        );
        let _ = fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn garbage_host_key_is_an_error_naming_the_file() {
        let dir = temp_dir("garbage");
        let _ = fs::create_dir_all(&dir);
        let path = dir.join("host_key");
        let _ = fs::write(&path, "not a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o600));
        }
        let err = load_or_create_host_key(&path).err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("host_key") && e.contains("not an unencrypted")),
            "{err:?}"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10));

    #[test]
    fn roster_admits_listed_keys_under_their_comment() {
        let (line, fp) = key_line(1);
        let (_, other) = key_line(2);
        let text = format!("# class of 2026\n\nrestrict,no-pty-forwarding-typo-free {line}\n");
        // An unknown option is refused (checked below); a plain line works.
        assert!(Roster::parse(&text).is_err());
        let text = format!("# class of 2026\n\nrestrict,no-agent-forwarding {line}\n");
        let roster = Roster::parse(&text).unwrap_or_default();
        assert_eq!(roster.len(), 1);
        assert!(fp.starts_with("SHA256:"));
        let now = SystemTime::now();
        assert_eq!(roster.admit(&fp, HOME, now), Admit::Yes("a@example".into()));
        assert_eq!(roster.admit(&other, HOME, now), Admit::NotListed);
    }

    #[test]
    fn options_that_cannot_be_honoured_are_refused_with_line_and_name() {
        let (line, _) = key_line(1);
        for option in [
            "command=\"ls\"",
            "no-pty",
            "permitopen=\"a:1\"",
            "environment=\"A=B\"",
        ] {
            let text = format!("# roster\n{option} {line}\n");
            let err = Roster::parse(&text).err();
            let name = option.split('=').next().unwrap_or_default();
            assert!(
                err.as_ref()
                    .is_some_and(|(n, why)| *n == 2 && why.contains(&format!("{name:?}"))),
                "{option}: {err:?}"
            );
        }
    }

    #[rstest::rstest]
    #[case("from=\"192.0.2.*\"", "192.0.2.10", true)]
    #[case("from=\"192.0.2.*\"", "198.51.100.1", false)]
    #[case("from=\"192.0.2.0/24,!192.0.2.10\"", "192.0.2.10", false)]
    #[case("from=\"192.0.2.0/24,!192.0.2.10\"", "192.0.2.11", true)]
    #[case("from=\"2001:db8::/32\"", "2001:db8:5::1", true)]
    #[case("from=\"10.0.0.?\"", "10.0.0.7", true)]
    #[case("from=\"10.0.0.?\"", "10.0.0.70", false)]
    #[case("from=\"192.0.2.10\"", "::ffff:192.0.2.10", true)]
    fn from_patterns_match_like_openssh(
        #[case] option: &str,
        #[case] ip: &str,
        #[case] admitted: bool,
    ) {
        let (line, fp) = key_line(1);
        let roster = Roster::parse(&format!("{option} {line}")).unwrap_or_default();
        let ip: IpAddr = ip.parse().unwrap_or(HOME);
        let got = roster.admit(&fp, ip, SystemTime::now());
        let want = if admitted {
            Admit::Yes("a@example".into())
        } else {
            Admit::WrongAddress
        };
        assert_eq!(got, want, "{option} from {ip}");
    }

    #[test]
    fn bad_from_patterns_are_refused() {
        let (line, _) = key_line(1);
        assert!(Roster::parse(&format!("from=\"10.0.0.0/40\" {line}")).is_err());
        assert!(Roster::parse(&format!("from=\"x/8\" {line}")).is_err());
    }

    #[test]
    fn expired_keys_are_refused() {
        let (line, fp) = key_line(1);
        let roster =
            Roster::parse(&format!("expiry-time=\"20260101Z\" {line}")).unwrap_or_default();
        let before = parse_expiry("20251231235959Z").unwrap_or(SystemTime::UNIX_EPOCH);
        let after = parse_expiry("202601010001Z").unwrap_or(SystemTime::UNIX_EPOCH);
        assert_eq!(
            roster.admit(&fp, HOME, before),
            Admit::Yes("a@example".into())
        );
        assert_eq!(roster.admit(&fp, HOME, after), Admit::Expired);
    }

    #[rstest::rstest]
    #[case("2026")]
    #[case("20261301")]
    #[case("20260101250000")]
    #[case("2026010112")]
    #[case("tomorrow")]
    fn bad_expiry_times_are_refused(#[case] text: &str) {
        assert!(parse_expiry(text).is_err(), "{text}");
    }

    #[test]
    fn expiry_times_are_read_in_utc_with_z() {
        let at = parse_expiry("19700101000100Z").ok();
        assert_eq!(
            at,
            Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(60))
        );
        assert!(parse_expiry("20260101").is_ok(), "local time");
    }

    #[test]
    fn roster_error_gives_the_line() {
        let (line, _) = key_line(1);
        let text = format!("{line}\nssh-ed25519 notbase64!!\n");
        assert!(matches!(Roster::parse(&text), Err((2, _))));
    }
}
