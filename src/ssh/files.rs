//! The server's files kept private: the data folder `0700`, the progress
//! store (and SQLite's journal files beside it) and the host key `0600`,
//! whatever the umask. Learners' answers and the host's secret key are
//! nobody else's business on a shared machine.

use std::fs;
use std::io;
use std::path::Path;

/// Files in the data folder that hold learners' progress.
const STORE_FILES: &[&str] = &[
    "progress.sqlite3",
    "progress.sqlite3-wal",
    "progress.sqlite3-shm",
    "progress.sqlite3-journal",
];

/// Create the data folder owner-only (or make an existing one so), and
/// create the store file owner-only before SQLite opens it: SQLite gives
/// its journal files the mode of the database file.
pub fn prepare_data_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        let store = dir.join(STORE_FILES[0]);
        if !store.exists() {
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&store)?;
        }
        secure_store(dir)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Make the store and its journal files owner-only where they exist.
pub fn secure_store(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in STORE_FILES {
            let path = dir.join(name);
            if path.exists() {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    let _ = dir;
    Ok(())
}

/// Whether new progress can be written in `dir`: SQLite needs to write the
/// store file and create its journal beside it. An existing store on a
/// read-only disk opens fine and fails only at the first save.
pub fn writable(dir: &Path) -> Result<(), String> {
    let probe = dir.join(format!(".chalkdust-write-test-{}", std::process::id()));
    fs::write(&probe, b"")
        .and_then(|()| fs::remove_file(&probe))
        .map_err(|e| format!("cannot create files in {}: {e}", dir.display()))?;
    let store = dir.join(STORE_FILES[0]);
    if store.exists() {
        fs::OpenOptions::new()
            .append(true)
            .open(&store)
            .map_err(|e| format!("cannot write {}: {e}", store.display()))?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).map_or(0, |m| m.permissions().mode() & 0o777)
    }

    #[test]
    fn an_open_folder_and_store_are_closed_to_others() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("data");
        fs::create_dir(&dir)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))?;
        fs::write(dir.join("progress.sqlite3-wal"), b"")?;
        fs::set_permissions(
            dir.join("progress.sqlite3-wal"),
            fs::Permissions::from_mode(0o644),
        )?;
        prepare_data_dir(&dir)?;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("progress.sqlite3")), 0o600);
        assert_eq!(mode(&dir.join("progress.sqlite3-wal")), 0o600);
        assert!(writable(&dir).is_ok());
        Ok(())
    }
}
