//! Tools for lesson authors: the plain-text view of a whole lesson
//! ([`mod@print`]), the overflow check that `check --width` runs ([`overflow`]),
//! and the file watcher behind `chalkdust watch` ([`watch`]).
//!
//! What belongs here: anything that serves the person writing a lesson
//! rather than the learner reading it. Layout is not done here, and no
//! code here walks a lesson's blocks: `print` and the overflow check run
//! the screen's own layout ([`crate::layout::doc`]) in its `Print` and
//! `Check` modes, so what they see is what a learner sees, and a new block
//! kind needs nothing here.

pub mod overflow;
pub mod print;
pub mod watch;
