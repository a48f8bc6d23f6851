//! Formatting: the same formatter as `nianbao fmt`. The result is sent as
//! the changed hunks only (so the editor keeps cursors and folds); range
//! formatting keeps the hunks that touch the range, which for a table means
//! the whole table is aligned.

use super::types;
use super::Snapshot;
use crate::format;
use crate::text::Span;

/// Edits turning the snapshot's text into its formatted form; with a range,
/// only the hunks that overlap it.
pub fn format(snap: &Snapshot, range: Option<Span>) -> Vec<types::TextEdit> {
    let old = snap.text();
    let new = format::format_document(&snap.doc);
    if new == old {
        return Vec::new();
    }
    super::edits::diff(old, &new)
        .into_iter()
        .filter(|(span, _)| {
            range
                .as_ref()
                .is_none_or(|r| span.start <= r.end && r.start <= span.end)
        })
        .map(|(span, text)| types::TextEdit::new(snap.range(&span), text.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;

    fn snap(text: &str) -> Snapshot {
        Snapshot::scratch(text, Encoding::Utf16)
    }

    /// Apply LSP edits (non-overlapping, any order) to the snapshot's text.
    fn apply(s: &Snapshot, edits: &[types::TextEdit]) -> String {
        let mut spans: Vec<(Span, &str)> = edits
            .iter()
            .map(|e| (s.span(e.range), e.new_text.as_str()))
            .collect();
        spans.sort_by_key(|(sp, _)| std::cmp::Reverse(sp.start));
        let mut text = s.text().to_string();
        for (sp, t) in spans {
            text.replace_range(sp, t);
        }
        text
    }

    const MESSY: &str = "# 标题\n\n\n| 项目 | 本年 |\n|---|---|\n| 总计 | 1 |\n\n段落  \n\n| 甲 | 乙 |\n|---|---|\n| 丙 | 2 |\n";

    #[test]
    fn whole_document_edits_give_exactly_the_fmt_output() {
        let s = snap(MESSY);
        let edits = format(&s, None);
        assert!(edits.len() > 1, "hunks, not one whole-file edit: {edits:?}");
        assert_eq!(apply(&s, &edits), format::format(MESSY));
    }

    #[test]
    fn formatted_text_needs_no_edits() {
        let clean = format::format(MESSY);
        assert!(format(&snap(&clean), None).is_empty());
    }

    #[test]
    fn range_formatting_touches_only_the_table_in_range() {
        let s = snap(MESSY);
        // Line 11 is the second table's `| 丙 | 2 |`.
        let range = s.span(types::Range::new(
            types::Position::new(11, 1),
            types::Position::new(11, 2),
        ));
        let out = apply(&s, &format(&s, Some(range)));
        assert!(out.contains("| 丙  |   2 |"), "{out}");
        assert!(out.contains("| 总计 | 1 |"), "first table untouched: {out}");
        assert!(
            out.contains("\n\n\n| 项目"),
            "blank lines elsewhere untouched"
        );
    }
}
