//! The SSH front end (STUB: replaced by the serve work).
