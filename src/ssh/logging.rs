//! The server's log: level from `--log-level` or `RUST_LOG`, plain text
//! (colour only on a terminal) or one JSON object per line.
//!
//! Client-controlled strings (user names, subsystem names, error texts that
//! may quote the client) are logged with `?`, so they are quoted and
//! escaped: a crafted name cannot add a `peer=` or `key=` field to a line,
//! and in JSON every value is an escaped string anyway.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// `2026-01-01T10:00:00Z  INFO chalkdust::ssh: connected peer=...`
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!("{text:?} is not a log format (text or json)")),
        }
    }
}

/// The filter: `level` if given, else `RUST_LOG`, else `info`. A bad filter
/// is an error naming it, not a silent default.
pub fn filter(level: Option<&str>) -> anyhow::Result<EnvFilter> {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let (text, origin) = match (level, from_env) {
        (Some(level), _) => (level.to_owned(), "--log-level"),
        (None, Some(env)) => (env, "RUST_LOG"),
        (None, None) => ("info".to_owned(), "the default"),
    };
    EnvFilter::try_new(&text)
        .map_err(|e| anyhow::anyhow!("{origin} {text:?} is not a log filter: {e}"))
}

/// Install the server's log on standard error.
pub fn init(level: Option<&str>, format: LogFormat) -> anyhow::Result<()> {
    let filter = filter(level)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let ansi = std::io::stderr().is_terminal() && !no_color;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    // Already installed (a test harness, say): keep that one.
    let _ = result;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!("json".parse(), Ok(LogFormat::Json));
        assert_eq!("text".parse(), Ok(LogFormat::Text));
        assert!("xml".parse::<LogFormat>().is_err());
    }

    #[test]
    fn a_bad_level_is_named() {
        let err = filter(Some("loud=[")).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("--log-level")));
        assert!(filter(Some("debug")).is_ok());
    }
}
