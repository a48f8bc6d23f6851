//! Code actions: the quick fixes the rules attach to their diagnostics,
//! a suppression comment with a reason placeholder, and a source action
//! applying every safe fix at once.

use super::types;
use super::Snapshot;
use crate::diagnostic::Diagnostic;
use crate::text::Span;

/// The kind of the "apply every safe fix" source action.
pub const FIX_ALL: &str = "source.fixAll.nianbao";

/// Actions for the byte range `range`; `diags` are the document's current
/// diagnostics (same version as `snap`), `only` the kinds the client asked
/// for.
pub fn code_actions(
    _snap: &Snapshot,
    _diags: &[Diagnostic],
    _range: Span,
    _only: Option<&[types::CodeActionKind]>,
) -> Vec<types::CodeActionOrCommand> {
    Vec::new() // TODO(helper)
}
