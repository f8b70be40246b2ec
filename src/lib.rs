//! chalkdust: interactive lessons in a terminal, locally or over SSH.
//!
//! A map of the crate, by the kind of change that goes where:
//!
//! - [`lesson`]: the validated lesson model; [`lesson::load`] reads TOML,
//!   validates it and reports every problem with its position.
//! - [`library`]: where lessons come from (built in, a lessons folder, a path).
//! - [`expr`]: the expression language (parse, evaluate, print) used by
//!   charts, explorers and answers.
//! - [`algebra`]: exact polynomials over the rationals and their
//!   irreducibility, the engine of the answer form tests.
//! - [`math`]: the LaTeX subset laid out as terminal text.
//! - [`chart`]: plots sampled into series with bounds and ticks.
//! - [`quiz`]: judging a learner's response to a question.
//! - [`explore`]: interactive explorers: parameters, scenes, readouts.
//! - [`progress`]: what a learner has done, stored safely.
//! - [`app`]: the application state and its pure `update`, which queues
//!   what should happen outside as effects.
//! - [`driver`]: carries the app's effects out (library, progress store).
//! - [`ui`]: rendering `&App` into a ratatui buffer; reads state only.
//! - [`term`], [`ssh`]: front ends that move bytes and events.
//! - [`authoring`]: tools for lesson authors: `print` (plain text),
//!   the overflow check of `check --width`, the watcher of `watch`.
//!
//! The pure modules (`lesson`, `expr`, `algebra`, `math`, `chart`, `quiz`,
//! `explore`, `progress`) never touch the terminal.

pub mod algebra;
pub mod answer;
pub mod app;
pub mod authoring;
pub mod chart;
pub mod driver;
pub mod explore;
pub mod expr;
pub mod layout;
pub mod lesson;
pub mod library;
pub mod math;
pub mod progress;
pub mod quiz;
pub mod ssh;
pub mod term;
pub mod theme;
pub mod ui;
