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
//! - [`quiz`]: judging a learner's response to a question; [`quiz::params`]
//!   draws a question's variants and fills in `{{...}}` (the variant itself is
//!   built by the loader, `lesson/load/variants.rs`).
//! - [`explore`]: interactive explorers: parameters, scenes, readouts.
//! - [`progress`]: what a learner has done, and the [`progress::ProgressStore`]
//!   seam every store back end implements (SQLite today).
//! - [`answer`]: the learner's side of one question (typed input, choices,
//!   attempts, hints opened).
//! - [`theme`]: styles and glyphs (colour or not, Unicode or ASCII).
//! - [`layout`]: a section, the width and the question and explorer states
//!   turned into styled rows and focus targets; [`layout::ScreenGeometry`]
//!   places the bars and the text column for drawing and hit-testing alike.
//! - [`app`]: the application state and its pure `update`, which touches no
//!   file, socket or database: it queues what should happen outside as
//!   [`app::Effect`]s. Keys are bound in one table, [`app::keymap`].
//! - [`ui`]: rendering `&App` into a ratatui buffer; reads state only.
//! - [`driver`]: the loop every front end runs, and the carrying out of the
//!   app's effects (the library, the progress store).
//! - [`term`], `ssh` (the `serve` cargo feature, on by default): front
//!   ends; they say only what differs (bytes in and out, size, the
//!   terminal's name).
//! - [`class`]: the teacher's view of a class, counted from the progress
//!   store's records (per learner, per question, wrong answers grouped);
//!   [`class::screen`] is its interactive screen (state, update, layout),
//!   drawn by `ui::class` and run by [`driver::class`] for the local
//!   terminal and for `serve --teachers` alike.
//! - [`authoring`]: tools for lesson authors: `print` (plain text),
//!   the overflow check of `check --width`, the watcher of `watch`.
//!
//! The layers go one way (tests aside): `layout` knows nothing of `app`;
//! `app` nothing of `ui`, `driver` or the front ends; `ui` nothing of the
//! front ends; `lesson` composes `chart`'s and `explore`'s models, which
//! import nothing of `lesson`. The pure
//! modules (`lesson`, `expr`, `algebra`, `math`, `chart`, `quiz`, `explore`,
//! `progress`'s rules, `answer`, `layout`, `app`) never touch the terminal.

pub mod algebra;
pub mod answer;
pub mod app;
pub mod authoring;
pub mod chart;
pub mod class;
pub mod driver;
pub mod explore;
pub mod expr;
pub mod layout;
pub mod lesson;
pub mod library;
pub mod math;
pub mod progress;
pub mod quiz;
#[cfg(feature = "serve")]
pub mod ssh;
pub mod term;
pub mod theme;
pub mod ui;
