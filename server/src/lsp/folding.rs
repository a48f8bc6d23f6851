//! Folding ranges: the front matter, each section (heading to the end of
//! its body), each table (with its `###` caption), and multi-line comments.

use super::types::{FoldingRange, FoldingRangeKind};
use super::Snapshot;
use crate::model::Block;
use crate::text::Span;

pub fn folding_ranges(snap: &Snapshot) -> Vec<FoldingRange> {
    let a = snap.analysis();
    let doc = &snap.doc;
    let mut out = Vec::new();
    let mut push = |span: &Span, kind: Option<FoldingRangeKind>, text: Option<String>| {
        let start = snap.position(span.start).line;
        let end = snap.position(span.end).line;
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                start_character: None,
                end_line: end,
                end_character: None,
                kind,
                collapsed_text: text,
            });
        }
    };
    if let Some(fm) = &doc.front_matter {
        push(
            &fm.span,
            Some(FoldingRangeKind::Imports),
            Some("---（基本信息）".into()),
        );
    }
    for s in &a.sections {
        push(&s.span(doc), Some(FoldingRangeKind::Region), None);
    }
    for t in &a.tables {
        let start = t.caption.map_or(t.table.span.start, |c| c.span.start);
        push(
            &(start..t.table.span.end),
            Some(FoldingRangeKind::Region),
            None,
        );
    }
    for block in &doc.blocks {
        if let Block::Comment(c) = block {
            push(&c.span, Some(FoldingRangeKind::Comment), None);
        }
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;

    #[test]
    fn front_matter_sections_tables_and_comments_fold() {
        let text = "---\n机关: 某局\n年度: 2021\n---\n\n# 标题\n\n## 一、总体情况\n\n段落\n\n<!-- 一\n二 -->\n\n## 三、收到和处理政府信息公开申请情况\n\n| 甲 | 乙 |\n| --- | --- |\n| 丙 | 1 |\n";
        let s = Snapshot::scratch(text, Encoding::Utf16);
        let folds: Vec<(u32, u32, Option<FoldingRangeKind>)> = folding_ranges(&s)
            .into_iter()
            .map(|f| (f.start_line, f.end_line, f.kind))
            .collect();
        assert_eq!(
            folds,
            vec![
                (0, 3, Some(FoldingRangeKind::Imports)),
                (7, 12, Some(FoldingRangeKind::Region)),
                (11, 12, Some(FoldingRangeKind::Comment)),
                (14, 18, Some(FoldingRangeKind::Region)),
                (16, 18, Some(FoldingRangeKind::Region)),
            ]
        );
    }
}
