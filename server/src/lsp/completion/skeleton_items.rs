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
            let plain = skeleton::generate(&skeleton::Spec {
                agency: AGENCY_PLACEHOLDER.into(),
                year,
                edition: None,
            })
            .ok()?;
            let plain = match plain.strip_suffix('\n') {
                Some(p) if has_eol => p.to_string(),
                _ => plain,
            };
            let new_text = if snippets {
                skeleton_snippet(&plain, year, edition)
            } else {
                plain
            };
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

/// Snippet syntax treats `$`, `}` and `\` specially.
pub(super) fn escape_snippet(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The skeleton with tab stops: $1 the agency and $2 the year (each
/// mirrored wherever it recurs), then each prose paragraph of the sections
/// without tables (the text the user must write).
pub(super) fn skeleton_snippet(plain: &str, year: i32, edition: Edition) -> String {
    let year_text = year.to_string();
    let with_tables: Vec<&str> = edition
        .template()
        .tables
        .iter()
        .map(|t| t.section.as_str())
        .collect();
    let mut seen = [false, false];
    let mut stop = 3;
    let mut section: Option<&str> = None;
    let mut out = String::with_capacity(plain.len() + 256);
    for line in plain.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let eol = &line[body.len()..];
        if let Some(h) = body.strip_prefix("## ") {
            section = labels::split_numeral(h).0;
            out.push_str(&escape_snippet(body));
        } else if body.is_empty() || body.starts_with("##") || body.starts_with('|') {
            out.push_str(&escape_snippet(body));
        } else if section.is_some_and(|n| !with_tables.contains(&n)) {
            out.push_str(&format!("${{{stop}:{}}}", escape_snippet(body)));
            stop += 1;
        } else {
            // Front matter, title and preamble: the agency and year recur.
            // (Other lines have neither: the replacement is a no-op there.)
            let mut rest = body;
            while !rest.is_empty() {
                let next = [(AGENCY_PLACEHOLDER, 0), (year_text.as_str(), 1)]
                    .into_iter()
                    .filter_map(|(needle, n)| rest.find(needle).map(|i| (i, needle, n)))
                    .min();
                let Some((i, needle, n)) = next else {
                    out.push_str(&escape_snippet(rest));
                    break;
                };
                out.push_str(&escape_snippet(&rest[..i]));
                if std::mem::replace(&mut seen[n], true) {
                    out.push_str(&format!("${{{}}}", n + 1));
                } else {
                    out.push_str(&format!("${{{}:{needle}}}", n + 1));
                }
                rest = &rest[i + needle.len()..];
            }
        }
        out.push_str(eol);
    }
    out
}

// ------------------------------------------------------- front matter -----
