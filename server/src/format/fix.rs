//! Applying the safe quick fixes of diagnostics (`nianbao fmt --fix`, and
//! "fix all" in the editor). The rules decide what a fix is; this only
//! applies them: whole fixes or nothing, never two that touch the same text.

use crate::diagnostic::{Diagnostic, Edit};
use crate::model::Document;

/// Apply the safe fixes among `diags` to `text`. A fix is applied whole or
/// not at all: one whose edits overlap an earlier accepted fix (in document
/// order), fall outside the text or split a character is skipped. Returns
/// the new text and how many fixes were applied.
pub fn apply_fixes(text: &str, diags: &[Diagnostic]) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.safe && !f.edits.is_empty())
        .map(|f| f.edits.as_slice())
        .filter(|edits| edits.iter().all(|e| valid(text, e)))
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let clash = edits.iter().enumerate().any(|(i, e)| {
            accepted.iter().any(|a| overlaps(a, e)) || edits[i + 1..].iter().any(|o| overlaps(o, e))
        });
        if clash {
            continue;
        }
        accepted.extend(edits.iter());
        applied += 1;
    }
    // Back to front, so earlier spans stay valid.
    accepted.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in accepted {
        out.replace_range(e.span.clone(), &e.new_text);
    }
    (out, applied)
}

fn valid(text: &str, e: &Edit) -> bool {
    e.span.start <= e.span.end
        && e.span.end <= text.len()
        && text.is_char_boundary(e.span.start)
        && text.is_char_boundary(e.span.end)
}

/// Two edits conflict when their spans intersect, or both insert at (or
/// start at) the same place: their order would be a guess.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}

/// Apply safe fixes until none is left (one fix can make room for another:
/// two fixes of one heading overlap, so the second waits for a re-check).
/// `diagnose` checks a parsed document. Stops after a few rounds in case
/// rules keep proposing fixes that undo each other.
pub fn fix_all(text: &str, mut diagnose: impl FnMut(&Document) -> Vec<Diagnostic>) -> String {
    const MAX_ROUNDS: usize = 8;
    let mut text = text.to_string();
    for _ in 0..MAX_ROUNDS {
        let doc = Document::parse(&text);
        let (next, applied) = apply_fixes(&text, &diagnose(&doc));
        if applied == 0 || next == text {
            break;
        }
        text = next;
    }
    text
}
