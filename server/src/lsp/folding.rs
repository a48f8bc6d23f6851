//! Folding ranges: sections, tables, front matter, comments.

use super::types;
use super::Snapshot;

pub fn folding_ranges(_snap: &Snapshot) -> Vec<types::FoldingRange> {
    Vec::new() // TODO
}
