//! Completion: the report skeleton, missing sections, sub-table captions,
//! missing row labels, front-matter keys and values, whole-table snippets.

use super::types;
use super::Snapshot;

/// Completion items at byte `offset`. `snippets`: the client accepts
/// snippet syntax (tab stops); otherwise plain text is inserted.
pub fn complete(_snap: &Snapshot, _offset: usize, _snippets: bool) -> Vec<types::CompletionItem> {
    Vec::new() // TODO(helper)
}
