//! The layout layer: a lesson section, the text width, which details are
//! open and the state of its questions and explorers, turned into styled
//! rows and the items focus can move between. Pure: it draws nothing and
//! reads no files; `app` keeps the laid-out section in a cache, `ui` draws
//! it, and `authoring`'s `print` and overflow check read the same code.

pub mod doc;
pub mod markdown;
pub mod wrap;
