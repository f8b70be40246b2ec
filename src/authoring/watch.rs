//! stub
use crate::app::Msg;
use std::path::Path;
use std::sync::mpsc::Sender;
pub fn watch(_p: &Path, _tx: Sender<Msg>) -> std::io::Result<()> {
    Ok(())
}
