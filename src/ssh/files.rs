//! The server's files kept private: the data folder `0700`, the progress
//! store (and SQLite's journal files beside it) and the host key `0600`,
//! whatever the umask. Learners' answers and the host's secret key are
//! nobody else's business on a shared machine.

use std::fs;
use std::io;
use std::path::Path;

/// What SQLite adds to a store file's name for the files beside it: its
/// write-ahead log, shared memory and rollback journal.
const SIDE_FILES: &[&str] = &["-wal", "-shm", "-journal"];

/// Create the data folder (the host key's home, and the store's unless
/// `--store` names another) owner-only, or make an existing one so.
pub fn prepare_data_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        Ok(())
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Create the SQLite store `file` owner-only before SQLite opens it (SQLite
/// gives its journal files the mode of the database file), with any
/// missing folders above it owner-only; an existing file is made
/// owner-only. The folder of an existing file is left as the host set it.
pub fn prepare_store(file: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)?;
        }
        if !file.exists() {
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(file)?;
        }
        secure_store(file)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(())
    }
}

/// Make the SQLite store `file` and its journal files owner-only where they
/// exist.
pub fn secure_store(file: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let side = SIDE_FILES.iter().map(|suffix| {
            let mut name = file.as_os_str().to_owned();
            name.push(suffix);
            std::path::PathBuf::from(name)
        });
        for path in std::iter::once(file.to_path_buf()).chain(side) {
            if path.exists() {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    let _ = file;
    Ok(())
}

/// Whether new progress can be written to the SQLite store `file`: SQLite
/// needs to write it and create its journal beside it. An existing store
/// on a read-only disk opens fine and fails only at the first save.
pub fn writable(file: &Path) -> Result<(), String> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".chalkdust-write-test-{}", std::process::id()));
    fs::write(&probe, b"")
        .and_then(|()| fs::remove_file(&probe))
        .map_err(|e| format!("cannot create files in {}: {e}", dir.display()))?;
    if file.exists() {
        fs::OpenOptions::new()
            .append(true)
            .open(file)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
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
        let store = dir.join("progress.sqlite3");
        prepare_store(&store)?;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&store), 0o600);
        assert_eq!(mode(&dir.join("progress.sqlite3-wal")), 0o600);
        assert!(writable(&store).is_ok());
        Ok(())
    }

    #[test]
    fn a_store_named_elsewhere_is_the_one_made_private() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let data = tmp.path().join("data");
        prepare_data_dir(&data)?;
        let store = tmp.path().join("class").join("term1.db");
        prepare_store(&store)?;
        fs::write(tmp.path().join("class/term1.db-wal"), b"")?;
        fs::set_permissions(
            tmp.path().join("class/term1.db-wal"),
            fs::Permissions::from_mode(0o644),
        )?;
        fs::set_permissions(&store, fs::Permissions::from_mode(0o644))?;
        secure_store(&store)?;
        assert_eq!(mode(&store), 0o600);
        assert_eq!(mode(&tmp.path().join("class/term1.db-wal")), 0o600);
        assert_eq!(mode(&tmp.path().join("class")), 0o700, "made by chalkdust");
        // Nothing is made in the data folder for a store kept elsewhere.
        assert!(!data.join("progress.sqlite3").exists());
        assert!(writable(&store).is_ok());
        Ok(())
    }
}
