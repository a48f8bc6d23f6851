//! Text builders shared by the structure rules' quick fixes: inserted
//! headings, rows and table skeletons keep the file's line endings and the
//! blank lines that separate blocks.

use crate::diagnostic::Edit;
use crate::model::{Document, Heading};
use crate::template::TableTemplate;

/// The file's line terminator: CRLF when the file uses it, else LF.
pub fn newline(doc: &Document) -> &'static str {
    if doc.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Insert `block` (lines joined with LF, no trailing newline) at `pos`,
/// which is the start of a line or the end of the text, so that it stands
/// as its own block: a blank line before it and one after it.
pub fn insert_block(doc: &Document, pos: usize, block: &str) -> Edit {
    let nl = newline(doc);
    let pos = pos.min(doc.text.len());
    let before = doc.text.get(..pos).unwrap_or("");
    let body = block.replace('\n', nl);
    let at_end = pos >= doc.text.len();
    let lead = if before.is_empty() || before.ends_with("\n\n") || before.ends_with("\n\r\n") {
        ""
    } else if before.ends_with('\n') {
        nl
    } else {
        // Only at the end of a text without a final newline.
        if nl == "\r\n" {
            "\r\n\r\n"
        } else {
            "\n\n"
        }
    };
    let trail = if at_end {
        nl.to_string()
    } else {
        format!("{nl}{nl}")
    };
    Edit {
        span: pos..pos,
        new_text: format!("{lead}{body}{trail}"),
    }
}

/// The text after a `##` heading's numeral: `6、 其他需要报告的事项` →
/// byte range of `其他需要报告的事项`, and of the numeral prefix `6、 `.
pub fn heading_parts(h: &Heading) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let (_, title) = crate::labels::split_numeral(&h.text);
    // `split_numeral` returns a suffix of the (end-trimmed) heading text.
    let title_start = h.text_span.start + h.text.len().saturating_sub(title.len());
    (h.text_span.start..title_start, title_start..h.text_span.end)
}

/// One table row with `0` in every value cell (blank in a group row).
pub fn zero_row(label: &str, values: usize, group: bool) -> String {
    let cell = if group { " " } else { " 0 " };
    let mut s = format!("| {label} |");
    for _ in 0..values {
        s.push_str(cell);
        s.push('|');
    }
    s
}

/// A template table as `nianbao new` writes it: caption (表二 only),
/// header, delimiter and every row with zeros (group rows blank).
pub fn table_skeleton(tt: &TableTemplate) -> String {
    let mut lines = Vec::new();
    if let Some(c) = &tt.caption {
        lines.push(format!("### {c}"));
        lines.push(String::new());
    }
    lines.push(format!("| {} |", tt.header_labels().join(" | ")));
    let mut delim = "| --- |".to_string();
    for _ in &tt.columns {
        delim.push_str(" ---: |");
    }
    lines.push(delim);
    for r in &tt.rows {
        lines.push(zero_row(&r.label, tt.columns.len(), r.group));
    }
    lines.join("\n")
}

/// 1-based line number of a byte offset, for messages.
pub fn line_no(doc: &Document, offset: usize) -> usize {
    doc.lines.line_of(offset) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Edition;

    #[test]
    fn inserted_blocks_are_separated_by_blank_lines() {
        let doc = Document::parse("# 标题\n正文\n## 二、主动公开政府信息情况\n");
        let pos = doc.text.find("## 二").unwrap();
        let e = insert_block(&doc, pos, "## 一、总体情况");
        assert_eq!(e.new_text, "\n## 一、总体情况\n\n");
        let doc = Document::parse("# 标题\r\n\r\n正文");
        let e = insert_block(&doc, doc.text.len(), "## 一、总体情况");
        assert_eq!(e.new_text, "\r\n\r\n## 一、总体情况\r\n");
    }

    #[test]
    fn skeleton_parses_back_as_the_template_table() {
        let t = Edition::parse("2021").unwrap().template();
        let tt = t.tables.iter().find(|t| t.id == "t3").unwrap();
        let doc = Document::parse(&table_skeleton(tt));
        let table = doc.tables().next().unwrap();
        assert_eq!(table.rows.len(), tt.rows.len());
        assert!(table
            .rows
            .iter()
            .all(|r| r.cells.len() == tt.columns.len() + 1));
    }
}
