//! Interactive explorers (STUB: replaced by the explore work).

/// A validated explorer definition.
#[derive(Debug, Clone, Default)]
pub struct Explorer {
    pub title: Option<String>,
}
