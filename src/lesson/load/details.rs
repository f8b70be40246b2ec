//! `details` blocks: a title over blocks shown when opened; the blocks
//! inside are read like a section's.

use super::super::BlockKind;
use super::super::raw::Table;
use super::Validator;

impl Validator<'_, '_> {
    pub(super) fn details_block(
        &mut self,
        table: &Table<'_, '_>,
        path: &[&str],
    ) -> Option<BlockKind> {
        let title = self.sink.str_req(table, "title");
        let open = self.sink.bool_opt(table, "open").unwrap_or(false);
        let blocks = self.blocks(table, path);
        Some(BlockKind::Details {
            title: title?.value,
            open,
            blocks,
        })
    }
}
