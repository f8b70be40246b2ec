//! `math` blocks, and the TeX lint that math inside prose gets too.

use super::super::BlockKind;
use super::super::raw::{Str, Table};
use super::Validator;

impl Validator<'_, '_> {
    pub(super) fn math_block(&mut self, table: &Table<'_, '_>) -> Option<BlockKind> {
        let tex = self.sink.str_req(table, "tex")?;
        self.lint_tex(&tex, &tex.value, 0);
        Some(BlockKind::Math { tex: tex.value })
    }

    /// Warn about TeX outside the subset; `offset` is where `tex` starts in
    /// the string `s`, in characters.
    pub(super) fn lint_tex(&mut self, s: &Str, tex: &str, offset: usize) {
        for w in crate::math::lint(tex) {
            let pos = self
                .sink
                .lines
                .pos_in_string(&s.span, &s.value, offset + w.offset);
            self.sink.warn_at(pos, w.message);
        }
    }
}
