//! The whole report for an empty document: `nianbao new`'s text, as plain
//! text or as a snippet with tab stops.

use super::*;

/// The whole report for an empty document: one item per year (the edition
/// follows the year, so 2019 and 2020 give the 2019 edition).
pub(super) fn skeleton_items(
    snap: &Snapshot,
    line: Span,
    snippets: bool,
    this_year: i32,
) -> Vec<CompletionItem> {
    let text = snap.text();
    // The main edit must stay on the cursor's line. Blank lines above it
    // go (`---` must be the first line to open the front matter); the
    // line's own terminator ends the skeleton's last line.
    let extra: Vec<TextEdit> = (line.start > 0)
        .then(|| TextEdit::new(snap.range(&(0..line.start)), String::new()))
        .into_iter()
        .collect();
    let has_eol = line.end < text.len();
    candidate_years(this_year)
        .into_iter()
        .enumerate()
        .filter_map(|(i, year)| {
            let edition = Edition::for_year(year)?;
            let skel = skeleton::build(&skeleton::Spec {
                agency: AGENCY_PLACEHOLDER.into(),
                year,
                edition: None,
            })
            .ok()?;
            let mut new_text = if snippets {
                skel.snippet()
            } else {
                skel.text()
            };
            if has_eol && new_text.ends_with('\n') {
                new_text.pop();
            }
            let t = edition.template();
            Some(CompletionItem {
                label: format!("{year}年度报告框架（{}版格式）", edition.as_str()),
                kind: Some(CompletionItemKind::SNIPPET),
                detail: Some(format!("年报格式：{}", t.document)),
                documentation: Some(markdown(format!(
                    "插入完整的 {year} 年度政府信息公开工作年度报告：前言、六个章节和全部表格（数值均为 0），\
                     与 `nianbao new` 生成的内容相同。{}",
                    if snippets {
                        "按 Tab 键依次填写机关名称、年度和各段文字。"
                    } else {
                        ""
                    }
                ))),
                preselect: (i == 0).then_some(true),
                sort_text: Some(order(i)),
                filter_text: Some(year.to_string()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    snap.range(&line),
                    new_text,
                ))),
                additional_text_edits: (!extra.is_empty()).then(|| extra.clone()),
                insert_text_format: Some(if snippets {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                ..Default::default()
            })
        })
        .collect()
}
