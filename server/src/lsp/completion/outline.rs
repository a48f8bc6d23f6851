//! The report's outline: the title, the six sections and the sub-table
//! captions it still lacks.

use super::*;

pub(super) fn heading_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
    let hashes = prefix.bytes().take_while(|&b| b == b'#').count();
    match hashes {
        1 => title_items(cx),
        2 => section_items(cx),
        3 => caption_items(cx),
        _ => Vec::new(),
    }
}

/// `# 某某区人民政府2024年政府信息公开工作年度报告`, when the front matter
/// names the agency and the year and there is no title yet.
pub(super) fn title_items(cx: &Cx) -> Vec<CompletionItem> {
    let a = cx.a;
    if a.doc.title().is_some() {
        return Vec::new();
    }
    let (Some((agency, _)), Some((year, _))) = (&a.front.agency, &a.year) else {
        return Vec::new();
    };
    let title = skeleton::title(agency.trim(), *year);
    let new_text = format!("# {title}");
    let mut item = cx.item(
        title,
        CompletionItemKind::TEXT,
        cx.span.clone(),
        new_text.clone(),
    );
    item.detail = Some("报告标题".into());
    item.filter_text = Some(new_text);
    vec![item]
}

/// The six sections the report still lacks, in template order.
pub(super) fn section_items(cx: &Cx) -> Vec<CompletionItem> {
    let a = cx.a;
    let edition = cx.edition();
    a.template()
        .sections
        .iter()
        .enumerate()
        .filter(|(i, _)| a.section(*i).is_none())
        .map(|(i, s)| {
            let new_text = format!("## {}", s.heading());
            let mut item = cx.item(
                s.heading(),
                CompletionItemKind::MODULE,
                cx.span.clone(),
                new_text.clone(),
            );
            item.detail = Some("必备章节".into());
            item.documentation =
                knowledge::section_doc(edition, &s.numeral).map(|d| markdown(d.to_markdown()));
            item.sort_text = Some(order(i));
            item.filter_text = Some(new_text);
            item
        })
        .collect()
}

/// Whether a template table is in the report: bound, or announced by its
/// `###` caption (the table may not be written yet).
pub(super) fn table_present(a: &Analysis, tt: &TableTemplate) -> bool {
    if a.table(&tt.id).is_some() {
        return true;
    }
    let Some(caption) = &tt.caption else {
        return false;
    };
    a.doc
        .headings()
        .any(|h| h.level == 3 && labels::eq_normalized(&labels::normalize(&h.text), caption))
}

/// The sub-table captions (表二) the current section still lacks.
pub(super) fn caption_items(cx: &Cx) -> Vec<CompletionItem> {
    let Some(numeral) = cx.section_numeral() else {
        return Vec::new();
    };
    let a = cx.a;
    a.template()
        .tables
        .iter()
        .enumerate()
        .filter(|(_, tt)| tt.section == numeral && !table_present(a, tt))
        .filter_map(|(i, tt)| {
            let caption = tt.caption.as_ref()?;
            let new_text = format!("### {caption}");
            let mut item = cx.item(
                caption.clone(),
                CompletionItemKind::MODULE,
                cx.span.clone(),
                new_text.clone(),
            );
            item.detail = Some(tt.name.clone());
            item.documentation = knowledge::label_doc(cx.edition(), &tt.id, LabelItem::Caption)
                .map(|d| markdown(d.to_markdown()));
            item.sort_text = Some(order(i));
            item.filter_text = Some(new_text);
            Some(item)
        })
        .collect()
}

// ---------------------------------------------------------------- rows -----
