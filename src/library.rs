//! Where lessons come from (STUB: replaced by the loading work).
