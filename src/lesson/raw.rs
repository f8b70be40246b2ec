//! The serde mirror of the lesson TOML (STUB: replaced by the loading work).
