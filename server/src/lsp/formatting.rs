//! Formatting: the same formatter as `nianbao fmt`, for the whole document
//! or the tables a range touches.

use super::types;
use super::Snapshot;
use crate::text::Span;

pub fn format(_snap: &Snapshot, _range: Option<Span>) -> Vec<types::TextEdit> {
    Vec::new() // TODO
}
