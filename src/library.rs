//! Where lessons come from: the built-in lessons (the files of `lessons/`,
//! embedded in the binary), a lesson library folder (`--lessons DIR` or
//! `CHALKDUST_LESSONS`), or a path to one `.toml` file; and `check`, which
//! validates files and folders for `chalkdust check`.
//!
//! Every lesson file is loaded (and so validated) when the library is
//! built, so the catalog can show a broken lesson beside its errors without
//! it breaking the others. Built-in lessons are not: their text is fixed at
//! build time and checked in full by this module's tests (and by `chalkdust
//! check lessons/`), so the library reads only their headers and loads one
//! when it is first opened ([`load::load_trusted`], which skips judging
//! the questions' samples), keeping the result for every later opening
//! (each SSH session). Start-up so costs the same however many built-in
//! lessons there are. A kept lesson is handed out shared
//! ([`Library::find_shared`]): every session reads the one copy, and a
//! learner's variants of its questions are the only part copied (see
//! `app::Reading::varied`). Reading files happens here; parsing and validation
//! are [`crate::lesson::load`]'s.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::lesson::Header;
use crate::lesson::load::{self, Loaded};
use crate::lesson::{Diagnostic, Lesson, LoadError, Severity};

/// The built-in lessons: file name and text (the *Essential Mathematics*
/// series, in its order).
const BUILTIN: &[(&str, &str)] = &[
    ("limits.toml", include_str!("../lessons/limits.toml")),
    (
        "derivatives.toml",
        include_str!("../lessons/derivatives.toml"),
    ),
    ("gradient.toml", include_str!("../lessons/gradient.toml")),
    (
        "chain-rule.toml",
        include_str!("../lessons/chain-rule.toml"),
    ),
    (
        "gradient-descent.toml",
        include_str!("../lessons/gradient-descent.toml"),
    ),
];

/// The lesson `chalkdust` opens with no lesson named, the first time: the
/// Derivatives lesson, the one the tool was made around. Later starts
/// resume the lesson last read (see `App::open_start_lesson`).
pub const START_LESSON: &str = "derivatives";

/// Where a lesson was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Embedded in the binary; the name of its file in `lessons/`.
    Builtin(&'static str),
    /// A file on disk.
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Builtin(name) => write!(f, "built-in {name}"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One lesson of the library, as listed in the catalog.
///
/// A lesson with errors is listed too (with what could be read of its
/// header) so a teacher sees it and why it cannot open.
#[derive(Debug, Clone)]
pub struct Entry {
    pub header: Header,
    pub source: Source,
    /// Everything found when loading it; any error means it cannot open.
    /// Empty for a built-in lesson, which is loaded only when opened (the
    /// tests see that it loads without a word).
    pub diagnostics: Vec<Diagnostic>,
    /// The lesson as validated, kept: a built-in lesson (filled when first
    /// opened) or a file of a kept library ([`Library::with_dir_kept`]).
    /// Opening it again (once per SSH session, and for the catalog's
    /// counts) shares this instead of parsing and checking it again; a
    /// file of any other library is read again when opened, to see its
    /// edits. Shared by the clones of the library.
    loaded: Option<Arc<OnceLock<Result<Kept, LoadError>>>>,
}

impl Entry {
    /// Whether the lesson loaded without errors.
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    fn new(source: Source, src: &str, result: &Result<Loaded, LoadError>) -> Entry {
        let (mut header, diagnostics) = match result {
            Ok(loaded) => (loaded.lesson.header.clone(), loaded.warnings.clone()),
            Err(e) => (load::read_header(src), e.diagnostics.clone()),
        };
        // A broken file may not even have an id or title: name it by file.
        let stem = match &source {
            Source::Builtin(name) => name.trim_end_matches(".toml").to_string(),
            Source::File(path) => path.file_stem().map_or_else(
                || path.display().to_string(),
                |s| s.to_string_lossy().into(),
            ),
        };
        if header.title.is_empty() {
            header.title = stem.clone();
        }
        if header.id.is_empty() {
            header.id = stem;
        }
        Entry {
            loaded: None,
            header,
            source,
            diagnostics,
        }
    }

    /// A built-in lesson, from its header alone; loaded when first opened.
    fn builtin(name: &'static str, src: &str) -> Entry {
        Entry {
            header: load::read_header(src),
            source: Source::Builtin(name),
            diagnostics: Vec::new(),
            loaded: Some(Arc::new(OnceLock::new())),
        }
    }
}

/// Lessons of one series (or of none), in order.
#[derive(Debug)]
pub struct Group<'a> {
    pub series: Option<&'a str>,
    pub entries: Vec<&'a Entry>,
}

/// Why a lesson could not be found or opened.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("no lesson \"{wanted}\"{}", suggestion_text(.suggestion.as_deref(), .known))]
    NotFound {
        wanted: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error(transparent)]
    Invalid(#[from] LoadError),
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn suggestion_text(suggestion: Option<&str>, known: &[String]) -> String {
    match suggestion {
        Some(s) => format!("; did you mean \"{s}\"?"),
        None if known.is_empty() => String::new(),
        None => format!("; known lessons: {}", known.join(", ")),
    }
}

/// The lessons chalkdust can open.
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<Entry>,
}

impl Library {
    /// The built-in lessons only.
    pub fn builtin() -> Library {
        let entries = BUILTIN
            .iter()
            .map(|(name, src)| Entry::builtin(name, src))
            .collect();
        Library { entries }
    }

    /// The built-in lessons and every `*.toml` under `dir` (recursively).
    /// A lesson in `dir` with the id of a built-in one replaces it, so a
    /// teacher can try a changed copy.
    pub fn with_dir(dir: &Path) -> Result<Library, FindError> {
        Library::read_dir(dir, false)
    }

    /// As [`Library::with_dir`], but each file is read and checked once,
    /// here, and kept: opening a lesson (every SSH login, every catalog
    /// count) clones what was checked instead of reading the file again.
    /// For `serve`, which makes a new library when told the files changed
    /// (SIGHUP); the local runner and `watch` use `with_dir` to see edits.
    pub fn with_dir_kept(dir: &Path) -> Result<Library, FindError> {
        Library::read_dir(dir, true)
    }

    fn read_dir(dir: &Path, keep: bool) -> Result<Library, FindError> {
        let mut library = Library::builtin();
        let files = toml_files(dir).map_err(|source| FindError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut added: Vec<Entry> = Vec::new();
        for path in files {
            let (src, result) = read_and_load(&path);
            let mut entry = Entry::new(Source::File(path), &src, &result);
            if keep && let Ok(loaded) = result {
                entry.loaded = Some(Arc::new(OnceLock::from(Ok(Kept::from(loaded)))));
            }
            if let Some(first) = added.iter().find(|e| e.header.id == entry.header.id) {
                entry.diagnostics.push(duplicate_id(&entry, first));
            }
            added.push(entry);
        }
        library
            .entries
            .retain(|b| !added.iter().any(|a| a.header.id == b.header.id));
        library.entries.extend(added);
        Ok(library)
    }

    /// The lesson to open when none is named: the library's only lesson, or
    /// [`START_LESSON`] when the library is the built-in series alone (a
    /// teacher's `--lessons` folder opens on its catalog instead).
    pub fn start(&self) -> Option<&Entry> {
        match self.entries.as_slice() {
            [only] => Some(only),
            all if all.iter().all(|e| matches!(e.source, Source::Builtin(_))) => {
                all.iter().find(|e| e.header.id == START_LESSON)
            }
            _ => None,
        }
    }

    /// The lesson to offer after `id`: the next part of its series (the
    /// smallest `part` above its own), if the library has one.
    pub fn next_in_series(&self, id: &str) -> Option<&Entry> {
        let this = self.entries.iter().find(|e| e.header.id == id)?;
        let (series, part) = (this.header.series.as_deref()?, this.header.part?);
        self.entries
            .iter()
            .filter(|e| e.header.series.as_deref() == Some(series))
            .filter(|e| e.header.part.is_some_and(|p| p > part))
            .min_by_key(|e| e.header.part)
    }

    /// Every lesson, in the order found.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The catalog: lessons grouped by series (named series first, by
    /// name; then lessons of no series), each group by part, then title.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut sorted: Vec<&Entry> = self.entries.iter().collect();
        sorted.sort_by(|a, b| {
            let series = |e: &Entry| (e.header.series.is_none(), e.header.series.clone());
            let part = |e: &Entry| (e.header.part.is_none(), e.header.part);
            (series(a), part(a), &a.header.title, &a.header.id).cmp(&(
                series(b),
                part(b),
                &b.header.title,
                &b.header.id,
            ))
        });
        let mut groups: Vec<Group<'_>> = Vec::new();
        for e in sorted {
            match groups.last_mut() {
                Some(g) if g.series == e.header.series.as_deref() => g.entries.push(e),
                _ => groups.push(Group {
                    series: e.header.series.as_deref(),
                    entries: vec![e],
                }),
            }
        }
        groups
    }

    /// Open a lesson by id (from this library) or by path to a `.toml`
    /// file. A lesson with errors is refused with all of them.
    pub fn find(&self, id_or_path: &str) -> Result<Lesson, FindError> {
        self.find_shared(id_or_path).map(Arc::unwrap_or_clone)
    }

    /// As [`Library::find`], without copying a kept lesson: every caller
    /// (each SSH session that opens it) gets the same one.
    pub fn find_shared(&self, id_or_path: &str) -> Result<Arc<Lesson>, FindError> {
        self.find_kept(id_or_path).map(|k| k.lesson)
    }

    /// As [`Library::find`], keeping the warnings.
    pub fn find_loaded(&self, id_or_path: &str) -> Result<Loaded, FindError> {
        self.find_kept(id_or_path).map(|k| Loaded {
            lesson: Arc::unwrap_or_clone(k.lesson),
            warnings: k.warnings,
        })
    }

    fn find_kept(&self, id_or_path: &str) -> Result<Kept, FindError> {
        if let Some(entry) = self.entries.iter().find(|e| e.header.id == id_or_path) {
            return match (&entry.loaded, &entry.source) {
                (Some(kept), source) => {
                    let kept = kept.get_or_init(|| {
                        match source {
                            Source::Builtin(name) => load_builtin(name),
                            // A kept file is filled when the library is made.
                            Source::File(path) => load::load_file_to_read(path),
                        }
                        .map(Kept::from)
                    });
                    Ok(kept.clone()?)
                }
                (None, Source::Builtin(name)) => Ok(load_builtin(name)?.into()),
                (None, Source::File(path)) => Ok(load::load_file_to_read(path)?.into()),
            };
        }
        let path = Path::new(id_or_path);
        if path.extension().is_some_and(|e| e == "toml") || path.is_file() {
            return Ok(load::load_file_to_read(path)?.into());
        }
        let known: Vec<String> = self.entries.iter().map(|e| e.header.id.clone()).collect();
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let suggestion = load::did_you_mean(id_or_path, &names).map(str::to_string);
        Err(FindError::NotFound {
            wanted: id_or_path.to_string(),
            suggestion,
            known,
        })
    }
}

/// A lesson as the library keeps it: shared, with its warnings.
#[derive(Debug, Clone)]
struct Kept {
    lesson: Arc<Lesson>,
    warnings: Vec<Diagnostic>,
}

impl From<Loaded> for Kept {
    fn from(loaded: Loaded) -> Kept {
        Kept {
            lesson: Arc::new(loaded.lesson),
            warnings: loaded.warnings,
        }
    }
}

/// The built-in lesson `name`, structure checked (its samples are judged
/// by the tests).
fn load_builtin(name: &str) -> Result<Loaded, LoadError> {
    let src = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, s)| *s);
    load::load_trusted(src, &format!("lessons/{name}"))
}

fn duplicate_id(entry: &Entry, first: &Entry) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: entry.source.to_string(),
        pos: crate::lesson::Pos { line: 1, col: 1 },
        message: format!(
            "lesson id \"{}\" is also used by {}; ids must be unique in a lesson library",
            entry.header.id, first.source
        ),
    }
}

fn read_and_load(path: &Path) -> (String, Result<Loaded, LoadError>) {
    match std::fs::read_to_string(path) {
        Ok(src) => {
            let result = load::load_str(&src, &path.display().to_string());
            (src, result)
        }
        Err(_) => (String::new(), load::load_file(path)),
    }
}

/// Every `*.toml` file under `dir`, sorted, skipping hidden entries.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// What `chalkdust check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Each lesson file checked, in order, with its diagnostics.
    pub files: Vec<FileReport>,
    /// Paths given that do not exist or cannot be listed: a usage problem.
    pub unusable: Vec<(PathBuf, String)>,
}

/// One checked file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Every diagnostic, file by file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// 0 when all is well, 1 when a lesson has errors, 2 when a path given
    /// could not be used.
    pub fn exit_code(&self) -> i32 {
        if !self.unusable.is_empty() {
            2
        } else if self.error_count() > 0 {
            1
        } else {
            0
        }
    }

    /// "checked 3 lesson files: 2 errors, 1 warning".
    pub fn summary(&self) -> String {
        let n = self.files.len();
        let plural = |k: usize, word: &str| format!("{k} {word}{}", if k == 1 { "" } else { "s" });
        format!(
            "checked {}: {}, {}",
            plural(n, "lesson file"),
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

/// Check lesson files and folders (recursing into `*.toml`): every
/// problem of every file, and lesson ids used by more than one file.
pub fn check_paths<P: AsRef<Path>>(paths: &[P]) -> Report {
    let mut report = Report::default();
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    let mut headers: Vec<(usize, Header, String)> = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let files = if path.is_dir() {
            match toml_files(path) {
                Ok(files) => files,
                Err(e) => {
                    report.unusable.push((path.to_path_buf(), e.to_string()));
                    continue;
                }
            }
        } else if path.exists() {
            vec![path.to_path_buf()]
        } else {
            report
                .unusable
                .push((path.to_path_buf(), "no such file or folder".to_string()));
            continue;
        };
        for file in files {
            let (src, result) = read_and_load(&file);
            let mut diagnostics = match result {
                Ok(loaded) => loaded.warnings,
                Err(e) => e.diagnostics,
            };
            if let Some(id) = load::read_header(&src).known_id().map(str::to_string) {
                if let Some((_, first)) = seen.iter().find(|(i, _)| *i == id) {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Error,
                        file: file.display().to_string(),
                        pos: crate::lesson::Pos { line: 1, col: 1 },
                        message: format!(
                            "lesson id \"{id}\" is also used by {}; ids must be unique in a lesson library",
                            first.display()
                        ),
                    });
                } else {
                    seen.push((id, file.clone()));
                }
            }
            headers.push((report.files.len(), load::read_header(&src), src));
            report.files.push(FileReport {
                path: file,
                diagnostics,
            });
        }
    }
    cross_check(&mut report, &headers);
    report
}

/// What only the files together (and the built-in lessons) show: a
/// `requires` naming no known lesson, two lessons of a series with one
/// `part`, an id that takes a built-in lesson's place.
fn cross_check(report: &mut Report, headers: &[(usize, Header, String)]) {
    let builtins: Vec<(Header, &str)> = BUILTIN
        .iter()
        .map(|(name, src)| (load::read_header(src), *name))
        .collect();
    let checked_ids: Vec<&str> = headers
        .iter()
        .filter_map(|(_, h, _)| h.known_id())
        .collect();
    let mut known: Vec<&str> = checked_ids.clone();
    known.extend(builtins.iter().filter_map(|(h, _)| h.known_id()));
    // Lessons as a library would list them: the checked files, and the
    // built-in lessons none of them replaces.
    let mut listed: Vec<(&Header, String)> = headers
        .iter()
        .map(|(i, h, _)| (h, report.files[*i].path.display().to_string()))
        .collect();
    for (h, name) in &builtins {
        if !h.known_id().is_some_and(|id| checked_ids.contains(&id)) {
            listed.push((h, format!("the built-in lesson {name}")));
        }
    }
    for (i, header, src) in headers {
        let file = report.files[*i].path.display().to_string();
        let mut found = Vec::new();
        let diag = |severity, key: &str, message: String| Diagnostic {
            severity,
            file: file.clone(),
            pos: key_pos(src, key),
            message,
        };
        for wanted in &header.requires {
            if !known.contains(&wanted.as_str()) {
                let hint = match load::did_you_mean(wanted, &known) {
                    Some(near) => format!("; did you mean \"{near}\"?"),
                    None => String::new(),
                };
                found.push(diag(
                    Severity::Warning,
                    "requires",
                    format!(
                        "`requires` names \"{wanted}\", which is neither a built-in lesson nor \
                         one of the files checked{hint}"
                    ),
                ));
            }
        }
        if let (Some(series), Some(part)) = (&header.series, header.part) {
            let clash = listed.iter().find(|(h, other)| {
                *other != file && h.series.as_ref() == Some(series) && h.part == Some(part)
            });
            if let Some((_, other)) = clash {
                found.push(diag(
                    Severity::Error,
                    "part",
                    format!(
                        "part {part} of the series \"{series}\" is also {other}; give each \
                         lesson of a series its own part"
                    ),
                ));
            }
        }
        if let Some(id) = header.known_id() {
            let shadowed = builtins
                .iter()
                .find(|(h, name)| h.known_id() == Some(id) && !is_builtin_text(name, src));
            if let Some((_, name)) = shadowed {
                found.push(diag(
                    Severity::Warning,
                    "id",
                    format!(
                        "lesson id \"{id}\" is the built-in lesson {name}'s: in a lessons folder \
                         this file takes its place"
                    ),
                ));
            }
        }
        let diagnostics = &mut report.files[*i].diagnostics;
        diagnostics.extend(found);
        diagnostics.sort_by_key(|d| d.pos);
    }
}

fn is_builtin_text(name: &str, src: &str) -> bool {
    BUILTIN.iter().any(|(n, s)| *n == name && *s == src)
}

/// Where a top-level `key = ...` is written (1:1 if it cannot be found):
/// the first line starting with the key, before any table header.
fn key_pos(src: &str, key: &str) -> crate::lesson::Pos {
    for (n, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        let is_key = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_key {
            return crate::lesson::Pos {
                line: n + 1,
                col: line.len() - trimmed.len() + 1,
            };
        }
    }
    crate::lesson::Pos { line: 1, col: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lessons_load_cleanly() {
        let library = Library::builtin();
        for e in library.entries() {
            assert!(e.is_ok(), "{}: {:?}", e.source, e.diagnostics);
        }
        assert!(
            library
                .entries()
                .iter()
                .any(|e| e.header.id == "derivatives")
        );
        assert!(library.find("derivatives").is_ok());
    }

    /// What start-up no longer does: every built-in lesson passes the full
    /// check, its questions' answers and samples judged, with no warning.
    #[test]
    fn the_builtin_lessons_pass_the_full_check() {
        for (name, src) in BUILTIN {
            match load::load_str(src, name) {
                Ok(loaded) => assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings),
                Err(e) => panic!("{name}: {:?}", e.diagnostics),
            }
        }
    }

    #[test]
    fn a_trusted_load_skips_judging_samples_only() {
        let src = "format = 1\nid = \"l\"\ntitle = \"L\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n\
                   [[section.block]]\nkind = \"quiz\"\n[[section.block.question]]\nid = \"q\"\n\
                   prompt = \"p\"\ntype = \"number\"\nanswer = \"2\"\nright = [\"3\"]\n";
        let judged = load::load_str(src, "l.toml")
            .map(|_| ())
            .map_err(|e| e.diagnostics);
        assert!(
            judged.is_err_and(|d| d[0].message.contains("is judged wrong")),
            "the full load judges the sample"
        );
        assert!(load::load_trusted(src, "l.toml").is_ok());
        // Structure is still checked: a question without a prompt.
        let broken = src.replace("prompt = \"p\"\n", "");
        assert!(load::load_trusted(&broken, "l.toml").is_err());
    }

    #[test]
    fn a_builtin_lesson_opens_as_validated_once() {
        let library = Library::builtin();
        let fresh = match load::load_str(BUILTIN[0].1, "fresh") {
            Ok(l) => l.lesson,
            Err(e) => panic!("{:?}", e.diagnostics),
        };
        let opened = library.find(&fresh.header.id).map_err(|e| e.to_string());
        let opened = opened.unwrap_or_else(|e| panic!("{e}"));
        let ids = |l: &Lesson| l.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&opened), ids(&fresh));
        assert_eq!(format!("{opened:?}"), format!("{fresh:?}"));
    }

    /// Making the library reads headers only; the first opening loads a
    /// built-in lesson, and the library's clones (one per SSH session)
    /// share what it loaded.
    #[test]
    fn a_builtin_lesson_is_loaded_when_first_opened_and_kept() {
        let library = Library::builtin();
        let kept = |l: &Library| {
            l.entries()
                .iter()
                .map(|e| e.loaded.as_ref().is_some_and(|c| c.get().is_some()))
                .collect::<Vec<_>>()
        };
        assert!(kept(&library).iter().all(|k| !k), "nothing loaded yet");
        let session = library.clone();
        assert!(session.find("derivatives").is_ok());
        let i = library
            .entries()
            .iter()
            .position(|e| e.header.id == "derivatives");
        assert_eq!(i.map(|i| kept(&library)[i]), Some(true), "shared by clones");
        for (e, (name, src)) in library.entries().iter().zip(BUILTIN) {
            let full = load::load_str(src, name).map(|l| l.lesson.header);
            assert_eq!(
                full.ok().as_ref(),
                Some(&e.header),
                "{name}: header as loaded"
            );
        }
    }

    #[test]
    fn a_lesson_file_is_read_again_when_opened() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("l.toml");
        let text = |title: &str| {
            format!(
                "format = 1\nid = \"l\"\ntitle = \"{title}\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n"
            )
        };
        std::fs::write(&file, text("Before")).unwrap_or_else(|e| panic!("{e}"));
        let library = Library::with_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        // Edited after the catalog was made: opening it shows the edit.
        std::fs::write(&file, text("After")).unwrap_or_else(|e| panic!("{e}"));
        let opened = library
            .find("l")
            .map(|l| l.header.title)
            .map_err(|e| e.to_string());
        assert_eq!(opened, Ok("After".to_string()));
    }

    #[test]
    fn a_kept_library_serves_what_it_checked_without_reading_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("l.toml");
        let text =
            "format = 1\nid = \"l\"\ntitle = \"Kept\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n";
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
        let library = Library::with_dir_kept(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        // Gone after the library was made: a login still opens it, so
        // nothing was read (or checked) again.
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let opened = library
            .find("l")
            .map(|l| l.header.title)
            .map_err(|e| e.to_string());
        assert_eq!(opened, Ok("Kept".to_string()));
    }

    #[test]
    fn an_unknown_id_suggests_the_nearest() {
        let library = Library::builtin();
        let err = library.find("derivatves").map(|l| l.header.id);
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("no lesson \"derivatves\"; did you mean \"derivatives\"?".to_string())
        );
    }

    fn entry(id: &str, series: Option<&str>, part: Option<u32>, title: &str) -> Entry {
        Entry {
            header: Header {
                id: id.into(),
                title: title.into(),
                series: series.map(Into::into),
                part,
                ..Header::default()
            },
            source: Source::Builtin("x.toml"),
            diagnostics: Vec::new(),
            loaded: None,
        }
    }

    #[test]
    fn groups_go_by_series_then_part_then_title() {
        let library = Library {
            entries: vec![
                entry("c", None, None, "Zeta"),
                entry("b", Some("Maths"), Some(2), "Derivatives"),
                entry("a", Some("Maths"), Some(1), "Limits"),
                entry("d", Some("Art"), None, "Colour"),
                entry("e", None, None, "Alpha"),
            ],
        };
        let listed: Vec<(Option<&str>, Vec<&str>)> = library
            .groups()
            .iter()
            .map(|g| {
                (
                    g.series,
                    g.entries.iter().map(|e| e.header.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                (Some("Art"), vec!["d"]),
                (Some("Maths"), vec!["a", "b"]),
                (None, vec!["e", "c"]),
            ]
        );
    }
}
