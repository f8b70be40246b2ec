//! Rendering (STUB: replaced by the app work).
