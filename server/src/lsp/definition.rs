//! Go to definition: from `上年报告` to the file it names.

use super::types;
use super::Snapshot;

pub fn definition(_snap: &Snapshot, _offset: usize) -> Option<types::Location> {
    None // TODO
}
