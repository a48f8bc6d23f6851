//! Inside tables: missing row labels (a whole row on a line being
//! started) and whole missing tables.

use super::*;

/// The bound table the current line continues: one whose body (or
/// delimiter) includes the line just above.
pub(super) fn table_above<'a>(cx: &'a Cx) -> Option<&'a BoundTable<'a>> {
    let above = cx.line.checked_sub(1)?;
    let at = cx.snap.doc.lines.line_span(cx.text(), above).start;
    cx.a.tables.iter().find(|bt| {
        let t = bt.table;
        bt.template.is_some() && t.delimiter.start <= at && at <= t.span.end
    })
}

/// Row labels the table lacks, in template order. On a line holding only
/// `| ` and the label being typed, the whole row is written with zeros.
pub(super) fn row_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
    let text = cx.text();
    let pipe = cx.span.start + prefix.find('|').unwrap_or(0);
    let typed = &text[pipe + 1..cx.offset];
    if typed.contains('|') {
        return Vec::new(); // not the first cell
    }
    let Some(bt) = table_above(cx) else {
        return Vec::new();
    };
    let Some(tt) = bt.template else {
        return Vec::new();
    };
    let values = match bt.table.header.cells.len() {
        0 | 1 => tt.columns.len(),
        n => n - 1,
    };
    let rest = &text[cx.offset..cx.span.end];
    let whole_row = rest.chars().all(|c| c == '|' || c.is_whitespace());
    let cell_start = pipe + 1 + (typed.len() - typed.trim_start().len());
    let cell_end = {
        let end = rest.find('|').map_or(cx.span.end, |i| cx.offset + i);
        (cx.offset + text[cx.offset..end].trim_end().len()).max(cx.offset)
    };
    tt.rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !bt.rows.iter().any(|r| r.template_row == Some(*i)))
        .map(|(i, rt)| {
            let (range, new_text, filter) = if whole_row {
                let row = fixes::zero_row(&rt.label, values, rt.group);
                (pipe..cx.span.end, row, format!("| {}", rt.label))
            } else {
                (cell_start..cell_end, rt.label.clone(), rt.label.clone())
            };
            let mut item = cx.item(rt.label.clone(), CompletionItemKind::FIELD, range, new_text);
            item.detail = Some(if rt.group {
                format!("{}（分组行，可省略，数值留空）", tt.name)
            } else {
                tt.name.clone()
            });
            item.documentation = knowledge::label_doc(cx.edition(), &tt.id, LabelItem::Row(&rt.id))
                .map(|d| markdown(d.to_markdown()));
            item.sort_text = Some(order(i));
            item.filter_text = Some(filter);
            item
        })
        .collect()
}

// -------------------------------------------------------------- tables -----

/// On an empty line: each table of the current section that is missing,
/// exactly as `nianbao new` writes it (caption included for 表二).
pub(super) fn table_items(cx: &Cx) -> Vec<CompletionItem> {
    let Some(numeral) = cx.section_numeral() else {
        return Vec::new();
    };
    let a = cx.a;
    let nl = fixes::newline(&cx.snap.doc);
    let blank = |l: Option<usize>| {
        l.filter(|&l| l < cx.snap.doc.lines.line_count())
            .is_none_or(|l| cx.line_text(l).trim().is_empty())
    };
    let lead = if blank(cx.line.checked_sub(1)) {
        ""
    } else {
        nl
    };
    let trail = if blank(Some(cx.line + 1)) { "" } else { nl };
    a.template()
        .tables
        .iter()
        .enumerate()
        .filter(|(_, tt)| tt.section == numeral && !table_present(a, tt))
        .map(|(i, tt)| {
            let table = table_text(tt);
            let new_text = format!("{lead}{}{trail}", table.replace('\n', nl));
            let mut item = cx.item(
                format!("{}（整表）", tt.name),
                CompletionItemKind::SNIPPET,
                cx.span.clone(),
                new_text,
            );
            item.detail = Some("插入整张表格，各项为 0".into());
            let about = knowledge::label_doc(cx.edition(), &tt.id, LabelItem::Caption)
                .map(|d| format!("{}\n", d.to_markdown()))
                .unwrap_or_default();
            item.documentation = Some(markdown(format!("{about}```text\n{table}\n```")));
            item.sort_text = Some(order(i));
            item.filter_text = Some(tt.name.clone());
            item
        })
        .collect()
}

/// A template table, formatted, without a final newline: the same lines
/// `nianbao new` writes.
pub(super) fn table_text(tt: &TableTemplate) -> String {
    let formatted = crate::format::format(&fixes::table_skeleton(tt));
    formatted.trim_end().to_string()
}
