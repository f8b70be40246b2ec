//! The local terminal front end (STUB).
