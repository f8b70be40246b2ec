//! Tools for lesson authors: the plain-text view of a whole lesson
//! ([`mod@print`]), the overflow check that `check --width` runs ([`overflow`]),
//! and the file watcher behind `chalkdust watch` ([`watch`]).
//!
//! What belongs here: anything that serves the person writing a lesson
//! rather than the learner reading it. Layout is not done here: prose,
//! tables and formulas go through the app's own Markdown and wrapping code
//! (`app::markdown`, `app::wrap`), so what `print` and the overflow check
//! see is what a learner sees.

pub mod overflow;
pub mod print;
pub mod watch;
