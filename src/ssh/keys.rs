//! Keys: the server's host key on disk, and the roster of learners' keys.
//!
//! The host key is generated once (Ed25519, owner-only permissions) and reused,
//! so students' `known_hosts` entries stay valid across restarts. The roster is
//! an OpenSSH `authorized_keys` file; a learner's identity is their key's
//! SHA256 fingerprint either way.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::{AuthorizedKeys, LineEnding};
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

/// The learners allowed in, by key fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    fingerprints: HashSet<String>,
}

impl Roster {
    /// Read an OpenSSH `authorized_keys` file. Options on a line are allowed
    /// and ignored (there is no shell for them to restrict).
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
        let mut fingerprints = HashSet::new();
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut entries = AuthorizedKeys::new(trimmed);
            match entries.next() {
                Some(Ok(entry)) => {
                    fingerprints.insert(fingerprint(entry.public_key()));
                }
                Some(Err(e)) => return Err((index + 1, format!("not a public key ({e})"))),
                None => {}
            }
        }
        Ok(Roster { fingerprints })
    }

    /// Whether the key with this fingerprint may enter.
    pub fn admits(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    /// How many keys the roster holds.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// True if no key may enter.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
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

    #[test]
    fn roster_admits_listed_keys_with_options_and_comments() {
        let (line, fp) = key_line(1);
        let (_, other) = key_line(2);
        let text = format!("# class of 2026\n\nno-pty,command=\"x\" {line}\n");
        let roster = Roster::parse(&text);
        assert_eq!(roster.as_ref().map(Roster::len), Ok(1));
        assert!(fp.starts_with("SHA256:"));
        assert!(roster.is_ok_and(|r| r.admits(&fp) && !r.admits(&other)));
    }

    #[test]
    fn roster_error_gives_the_line() {
        let (line, _) = key_line(1);
        let text = format!("{line}\nssh-ed25519 notbase64!!\n");
        assert!(matches!(Roster::parse(&text), Err((2, _))));
    }
}
