//! The file watcher behind `chalkdust watch`: reads the lesson again each
//! time it is saved and sends the result as a [`Msg::Reload`].
//!
//! The file's folder is watched, not the file: editors that save by
//! writing a new file and renaming it over the old one (vim, many IDEs)
//! replace the watched inode, and a watch on the file itself would go
//! quiet after the first save. Events are filtered by file name and
//! debounced, since one save is often several events (truncate, write,
//! rename) and reading between them would see a half-written file.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::app::{Msg, Reloaded};
use crate::lesson::Severity;
use crate::lesson::load::load_file;

/// Quiet time after the last event of a save before the file is read.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// A running watch; dropping it stops the watcher and its thread.
pub struct Watch {
    _watcher: RecommendedWatcher,
}

/// Whether `event` may have changed the file called `name`: any change,
/// creation, removal or rename that names it (reads do not count).
pub fn concerns(event: &Event, name: &OsStr) -> bool {
    !matches!(event.kind, EventKind::Access(_))
        && event.paths.iter().any(|p| p.file_name() == Some(name))
}

/// Read the lesson at `path` into a reload message: the lesson and its
/// warnings, or the errors that keep it from loading.
pub fn reload(path: &Path) -> Msg {
    let result = match load_file(path) {
        Ok(loaded) => Ok(loaded),
        Err(e) => Err(e
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()),
    };
    Msg::Reload(Reloaded(result))
}

/// Watch `file` and send a [`Msg::Reload`] on `tx` after every save.
pub fn watch(file: &Path, tx: Sender<Msg>) -> notify::Result<Watch> {
    let name: OsString = file
        .file_name()
        .map(OsStr::to_os_string)
        .ok_or_else(|| notify::Error::generic("not a file name"))?;
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (raw_tx, raw_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    watcher.watch(&folder, RecursiveMode::NonRecursive)?;
    let path = file.to_path_buf();
    std::thread::spawn(move || debounce(&raw_rx, &name, &path, &tx));
    Ok(Watch { _watcher: watcher })
}

/// Turn bursts of events about the file into one reload each. Ends when
/// the watcher is dropped or the app stops listening.
fn debounce(raw: &Receiver<notify::Result<Event>>, name: &OsStr, path: &Path, tx: &Sender<Msg>) {
    let relevant = |e: &notify::Result<Event>| e.as_ref().is_ok_and(|e| concerns(e, name));
    while let Ok(first) = raw.recv() {
        if !relevant(&first) {
            continue;
        }
        loop {
            match raw.recv_timeout(DEBOUNCE) {
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Between a rename-away and the new file's arrival the file may be
        // missing for a moment; the next event reloads it.
        if !path.exists() {
            continue;
        }
        if tx.send(reload(path)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_changes_to_the_file_itself_count() {
        let name = OsStr::new("lesson.toml");
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert!(concerns(&event(rename, "/d/lesson.toml"), name));
        let write = EventKind::Modify(ModifyKind::Any);
        assert!(concerns(&event(write, "/d/lesson.toml"), name));
        assert!(concerns(
            &event(EventKind::Create(CreateKind::File), "/d/lesson.toml"),
            name
        ));
        assert!(!concerns(&event(write, "/d/other.toml"), name));
        assert!(!concerns(&event(write, "/d/.lesson.toml.swp"), name));
        let read = EventKind::Access(AccessKind::Any);
        assert!(!concerns(&event(read, "/d/lesson.toml"), name));
    }

    #[test]
    fn a_saved_file_is_reloaded_and_a_broken_one_gives_its_errors() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("l.toml");
        let good =
            "format = 1\nid = \"l\"\ntitle = \"One\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n";
        std::fs::write(&file, good).unwrap_or_else(|e| panic!("{e}"));
        let (tx, rx) = mpsc::channel();
        let _w = watch(&file, tx).unwrap_or_else(|e| panic!("{e}"));
        // Saved by rename, as vim does.
        let tmp = dir.path().join("l.toml.new");
        std::fs::write(&tmp, good.replace("One", "Two")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::rename(&tmp, &file).unwrap_or_else(|e| panic!("{e}"));
        let msg = rx.recv_timeout(Duration::from_secs(5));
        match msg {
            Ok(Msg::Reload(Reloaded(Ok(l)))) => assert_eq!(l.lesson.header.title, "Two"),
            other => panic!("expected the new lesson, got {other:?}"),
        }
        std::fs::write(&file, good.replace("title = \"S\"", "titel = \"S\""))
            .unwrap_or_else(|e| panic!("{e}"));
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Msg::Reload(Reloaded(Err(d)))) => {
                assert!(
                    d.iter()
                        .any(|d| d.pos.line == 7 && d.message.contains("did you mean `title`")),
                    "{d:?}"
                );
            }
            other => panic!("expected errors, got {other:?}"),
        }
        // A lesson that loads with a warning brings the warning along.
        let warned = "title = \"S\"\n[[section.block]]\nkind = \"text\"\ntext = '$\\qaud x$'";
        std::fs::write(&file, good.replace("title = \"S\"", warned))
            .unwrap_or_else(|e| panic!("{e}"));
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Msg::Reload(Reloaded(Ok(l)))) => {
                assert!(
                    l.warnings.iter().any(|d| d.message.contains("\\qaud")),
                    "{:?}",
                    l.warnings
                );
            }
            other => panic!("expected a lesson with a warning, got {other:?}"),
        }
    }
}
