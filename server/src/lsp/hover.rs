//! Hover: what a section, caption, row or column means (from the knowledge
//! base), how a total is derived, and what a diagnostic's rule checks.

use super::types;
use super::Snapshot;
use crate::diagnostic::Diagnostic;

/// The hover at byte `offset`, given the document's current diagnostics.
pub fn hover(_snap: &Snapshot, _diags: &[Diagnostic], _offset: usize) -> Option<types::Hover> {
    None // TODO(helper): implemented in the hover task
}
