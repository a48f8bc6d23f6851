//! Document symbols (the outline): the title, the sections, and the tables
//! inside each section — nothing below tables (rows would drown the
//! outline in 表三's thirty lines).

use super::types::{DocumentSymbol, SymbolKind};
use super::Snapshot;
use crate::analysis::BoundTable;
use crate::text::Span;

pub fn document_symbols(snap: &Snapshot) -> Vec<DocumentSymbol> {
    let a = snap.analysis();
    let doc = &snap.doc;
    let table_symbol = |t: &BoundTable| {
        let start = t.caption.map_or(t.table.span.start, |c| c.span.start);
        let template_name = t.template.map(|tt| tt.name.clone());
        let (name, detail) = match (t.caption, template_name) {
            (Some(c), Some(n)) if !c.text.trim().is_empty() => (c.text.trim().to_string(), Some(n)),
            (_, Some(n)) => (n, None),
            (Some(c), None) if !c.text.trim().is_empty() => (c.text.trim().to_string(), None),
            _ => ("表格".to_string(), Some("未识别的表格".to_string())),
        };
        symbol(
            snap,
            name,
            detail,
            SymbolKind::STRUCT,
            start..t.table.span.end,
            t.table.header.span.clone(),
            None,
        )
    };
    let mut out = Vec::new();
    if let Some(title) = doc.title() {
        let name = non_empty(&title.text, "（无标题）");
        out.push(symbol(
            snap,
            name,
            None,
            SymbolKind::FILE,
            title.span.clone(),
            title.span.clone(),
            None,
        ));
    }
    let first_section_block = a.sections.first().map_or(doc.blocks.len(), |s| s.block);
    // Tables above the first section (no heading to hang them on).
    for t in a.tables.iter().filter(|t| t.block < first_section_block) {
        out.push(table_symbol(t));
    }
    for s in &a.sections {
        let children: Vec<_> = a
            .tables
            .iter()
            .filter(|t| s.body.contains(&t.block))
            .map(table_symbol)
            .collect();
        let detail = s.section.and_then(|i| {
            let canonical = a.section_template(i).heading();
            (canonical.trim() != s.heading.text.trim()).then_some(canonical)
        });
        out.push(symbol(
            snap,
            non_empty(&s.heading.text, "（空标题）"),
            detail,
            SymbolKind::NAMESPACE,
            s.span(doc),
            s.heading.span.clone(),
            Some(children),
        ));
    }
    out
}

fn non_empty(text: &str, fallback: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        fallback.to_string()
    } else {
        t.to_string()
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn symbol(
    snap: &Snapshot,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: snap.range(&range),
        selection_range: snap.range(&selection),
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;

    fn symbols_of(text: &str) -> Vec<DocumentSymbol> {
        let s = Snapshot::scratch(text, Encoding::Utf16);
        document_symbols(&s)
    }

    #[test]
    fn the_example_outline_is_title_sections_and_their_tables() {
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        let syms = symbols_of(text);
        let names: Vec<&str> = syms.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(syms[0].kind, SymbolKind::FILE);
        assert!(names[0].contains("政府信息公开工作报告"), "{names:?}");
        assert_eq!(names.len(), 7, "title + six sections: {names:?}");
        assert!(names[1].starts_with("一、"));
        // Section 二 holds the four 表二 sub-tables, named by their captions.
        let two = &syms[2];
        let tables: Vec<&str> = two
            .children
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(tables.len(), 4, "{tables:?}");
        assert!(tables[0].contains("第二十条第（一）项"), "{tables:?}");
        // Section 三 holds 表三, named by the template.
        let three = &syms[3].children.as_ref().unwrap()[0];
        assert!(three.name.contains("表三"), "{}", three.name);
        assert!(three.children.is_none(), "nothing below tables");
        // A non-canonical heading says what it should be.
        let five = &syms[5];
        assert_eq!(five.detail.as_deref(), Some("五、存在的主要问题及改进情况"));
        // The section range covers its body; the selection is the heading.
        assert!(three.range.start.line > two.range.end.line);
        assert_eq!(two.selection_range.start.line, two.range.start.line);
    }

    #[test]
    fn a_report_with_no_headings_has_only_its_tables() {
        let syms = symbols_of("| 甲 | 乙 |\n| --- | --- |\n| 丙 | 1 |\n");
        assert_eq!(syms.len(), 1);
        assert_eq!(syms[0].kind, SymbolKind::STRUCT);
        assert!(symbols_of("").is_empty());
    }
}
