//! Where progress is kept: `--store URL` or `CHALKDUST_STORE`, read into a
//! [`StoreLocation`] by pure functions (no file or network is touched here).
//!
//! - `sqlite:PATH`: the SQLite file at PATH (`sqlite:///abs/path` and
//!   `sqlite://rel/path` are read as PATH too, as other tools write them);
//! - `postgres://...` or `postgresql://...`: a PostgreSQL database, the URL
//!   passed on as given (it is checked when the store is opened);
//! - nothing (or an empty value): the SQLite file in the data folder, as
//!   before `--store` existed.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use super::{FILE_NAME, ProgressError};

/// The environment variable that picks the store.
pub const STORE_ENV: &str = "CHALKDUST_STORE";

/// A progress store to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL, as given (it may hold a password: show it with
    /// [`StoreLocation`]'s `Display`, which hides it).
    Postgres(String),
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            StoreLocation::Postgres(url) => f.write_str(&hide_password(url)),
        }
    }
}

/// Reads one `--store` value. `origin` names where it came from (`--store`
/// or `CHALKDUST_STORE`) for the error message.
pub fn parse_store(text: &str, origin: &str) -> Result<StoreLocation, ProgressError> {
    let trimmed = text.trim();
    let scheme_end = trimmed.find(':');
    let scheme = scheme_end.map(|end| trimmed[..end].to_ascii_lowercase());
    match scheme.as_deref() {
        Some("sqlite") => {
            let rest = &trimmed["sqlite:".len()..];
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(ProgressError(format!(
                    "{origin} \"{text}\" names no file: write sqlite:PATH, for example sqlite:/var/lib/chalkdust/progress.sqlite3"
                )));
            }
            Ok(StoreLocation::Sqlite(PathBuf::from(path)))
        }
        Some("postgres" | "postgresql") => {
            let rest = &trimmed[scheme_end.map_or(0, |end| end + 1)..];
            if !rest.starts_with("//") {
                return Err(ProgressError(format!(
                    "{origin} \"{}\" is not a PostgreSQL URL: write postgres://USER@HOST:PORT/DATABASE",
                    hide_password(text)
                )));
            }
            Ok(StoreLocation::Postgres(trimmed.to_string()))
        }
        _ => {
            let hint = if scheme.is_none() || trimmed.starts_with('/') || trimmed.starts_with('.') {
                format!("; for a SQLite file write sqlite:{trimmed}")
            } else {
                String::new()
            };
            Err(ProgressError(format!(
                "{origin} \"{}\" is not a store chalkdust knows: use sqlite:PATH or postgres://USER@HOST/DATABASE{hint}",
                hide_password(text)
            )))
        }
    }
}

/// The store to open: `explicit` (from `--store`) if given, else the
/// `CHALKDUST_STORE` value `env` if set and not empty, else the SQLite file in
/// the data folder `data_dir` returns.
pub fn resolve_store(
    explicit: Option<&str>,
    env: Option<OsString>,
    data_dir: impl FnOnce() -> Result<PathBuf, ProgressError>,
) -> Result<StoreLocation, ProgressError> {
    if let Some(text) = explicit.filter(|t| !t.trim().is_empty()) {
        return parse_store(text, "--store");
    }
    if let Some(value) = env.filter(|v| !v.is_empty()) {
        let text = value.into_string().map_err(|raw| {
            ProgressError(format!(
                "{STORE_ENV} is not valid UTF-8 ({}): write sqlite:PATH or postgres://...",
                raw.to_string_lossy()
            ))
        })?;
        if !text.trim().is_empty() {
            return parse_store(&text, STORE_ENV);
        }
    }
    Ok(StoreLocation::Sqlite(data_dir()?.join(FILE_NAME)))
}

/// `url` with the password (in `user:password@` or a `password=` parameter)
/// replaced by `***`, for messages and logs.
pub fn hide_password(url: &str) -> String {
    let mut shown = url.to_string();
    // After `scheme://`, or after `scheme:` in a malformed URL being quoted
    // back in an error.
    let start = shown
        .find("://")
        .map(|i| i + 3)
        .or_else(|| shown.find(':').map(|i| i + 1));
    if let Some(start) = start {
        let authority_end = shown[start..]
            .find(['/', '?'])
            .map_or(shown.len(), |i| start + i);
        if let Some(at) = shown[start..authority_end].rfind('@').map(|i| start + i)
            && let Some(colon) = shown[start..at].find(':').map(|i| start + i)
        {
            shown.replace_range(colon + 1..at, "***");
        }
    }
    let lower = shown.to_ascii_lowercase();
    if let Some(key) = lower
        .match_indices("password=")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || matches!(lower.as_bytes()[i - 1], b'?' | b'&' | b' '))
    {
        let value_start = key + "password=".len();
        let value_end = shown[value_start..]
            .find(['&', ' '])
            .map_or(shown.len(), |i| value_start + i);
        shown.replace_range(value_start..value_end, "***");
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn ok(text: &str) -> StoreLocation {
        match parse_store(text, "--store") {
            Ok(location) => location,
            Err(err) => panic!("{text}: {err}"),
        }
    }

    fn refused(text: &str) -> String {
        match parse_store(text, "--store") {
            Ok(location) => panic!("{text} was read as {location:?}"),
            Err(err) => err.to_string(),
        }
    }

    #[rstest]
    #[case("sqlite:progress.sqlite3", "progress.sqlite3")]
    #[case("sqlite:/var/lib/chalkdust/p.db", "/var/lib/chalkdust/p.db")]
    #[case("sqlite:///var/lib/chalkdust/p.db", "/var/lib/chalkdust/p.db")]
    #[case("sqlite://rel/p.db", "rel/p.db")]
    #[case("SQLite:p.db", "p.db")]
    #[case("  sqlite:p.db ", "p.db")]
    fn sqlite_paths(#[case] text: &str, #[case] path: &str) {
        assert_eq!(ok(text), StoreLocation::Sqlite(PathBuf::from(path)));
    }

    #[rstest]
    #[case("postgres://chalkdust@db.example:5432/class")]
    #[case("postgresql://chalkdust:pw@127.0.0.1/class?connect_timeout=2")]
    #[case("postgres:///class?host=/run/postgresql")]
    fn postgres_urls_are_kept_as_given(#[case] text: &str) {
        assert_eq!(ok(text), StoreLocation::Postgres(text.to_string()));
    }

    #[rstest]
    #[case("sqlite:", "names no file")]
    #[case("sqlite://", "names no file")]
    #[case("postgres:class", "not a PostgreSQL URL")]
    #[case("mysql://root@db/class", "not a store chalkdust knows")]
    #[case("/tmp/progress.sqlite3", "write sqlite:/tmp/progress.sqlite3")]
    #[case("progress.sqlite3", "write sqlite:progress.sqlite3")]
    #[case("", "not a store chalkdust knows")]
    fn refusals_say_what_to_write(#[case] text: &str, #[case] expected: &str) {
        let message = refused(text);
        assert!(message.contains(expected), "{message}");
        assert!(message.contains("--store"), "{message}");
    }

    #[test]
    fn a_refused_url_never_shows_its_password() {
        let message = refused("postgres:ada:hunter2@db/class");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[rstest]
    #[case(
        "postgres://ada:hunter2@db:5432/class",
        "postgres://ada:***@db:5432/class"
    )]
    #[case("postgres://ada@db/class", "postgres://ada@db/class")]
    #[case(
        "postgres://db/class?user=ada&password=hunter2&x=1",
        "postgres://db/class?user=ada&password=***&x=1"
    )]
    #[case("postgres://a:b@c@db/class", "postgres://a:***@db/class")]
    #[case("postgres://db/class?a=1#x@y:z", "postgres://db/class?a=1#x@y:z")]
    #[case("postgres://db/mypassword=x", "postgres://db/mypassword=x")]
    fn passwords_are_hidden(#[case] url: &str, #[case] shown: &str) {
        assert_eq!(hide_password(url), shown);
        assert!(
            !StoreLocation::Postgres(url.into())
                .to_string()
                .contains("hunter2")
        );
    }

    fn data_dir() -> Result<PathBuf, ProgressError> {
        Ok(PathBuf::from("/data"))
    }

    #[test]
    fn default_is_the_file_in_the_data_folder() {
        let location = resolve_store(None, None, data_dir).ok();
        assert_eq!(
            location,
            Some(StoreLocation::Sqlite(
                PathBuf::from("/data").join(FILE_NAME)
            ))
        );
    }

    #[test]
    fn empty_values_mean_not_set() {
        let location = resolve_store(Some(" "), Some(OsString::new()), data_dir).ok();
        assert_eq!(
            location,
            Some(StoreLocation::Sqlite(
                PathBuf::from("/data").join(FILE_NAME)
            ))
        );
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let location = resolve_store(
            Some("sqlite:a.db"),
            Some(OsString::from("postgres://db/class")),
            data_dir,
        )
        .ok();
        assert_eq!(location, Some(StoreLocation::Sqlite(PathBuf::from("a.db"))));
    }

    #[test]
    fn the_environment_wins_over_the_data_folder_and_is_named_in_errors() {
        let location = resolve_store(None, Some(OsString::from("postgres://db/class")), data_dir);
        assert_eq!(
            location.ok(),
            Some(StoreLocation::Postgres("postgres://db/class".into()))
        );
        let message = resolve_store(None, Some(OsString::from("redis://x")), data_dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains(STORE_ENV), "{message}");
    }

    #[test]
    fn the_data_folder_is_not_looked_up_when_a_store_is_given() {
        let location = resolve_store(Some("sqlite:a.db"), None, || {
            Err(ProgressError("no home".into()))
        });
        assert!(location.is_ok());
    }
}
