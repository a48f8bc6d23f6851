//! Front matter: where it is, its keys with their documentation, and the
//! values each key may take.

use super::*;

/// Whether `line` is inside the front matter: after the opening `---` and
/// before the closing one (or, while that is not written yet, below lines
/// that are all `键: 值`).
pub(super) fn in_front_matter(text: &str, lines: &LineIndex, line: usize) -> bool {
    let at = |l: usize| &text[lines.line_span(text, l)];
    if line == 0 || at(0).trim_start_matches('\u{feff}').trim_end() != "---" {
        return false;
    }
    if (1..=line).any(|l| at(l).trim() == "---") {
        return false;
    }
    (line + 1..lines.line_count()).any(|l| at(l).trim() == "---")
        || (1..line).all(|l| at(l).contains([':', '：']))
}

/// What each key means (analysis::FRONT_MATTER, docs/format.md §2.1);
/// `格式` with the editions the templates define.
pub(super) fn key_doc(key: &str) -> String {
    let Some(k) = FRONT_MATTER.iter().find(|k| k.key == key) else {
        return String::new();
    };
    if key != FRONT_KEYS[2] {
        return k.doc.to_string();
    }
    let eds: Vec<String> = Edition::all()
        .map(|e| format!("`{}`（{}）", e.as_str(), e.template().document))
        .collect();
    format!(
        "{}：{}。省略时按年度确定：{}",
        k.doc,
        eds.join("或"),
        editions_by_year()
    )
}

/// `2019、2020 年度用 2019 版；2021 年度及以后用 2021 版。`
pub(super) fn editions_by_year() -> String {
    let parts: Vec<String> = Edition::all()
        .map(|e| format!("{}用 {} 版", edition_years(e), e.as_str()))
        .collect();
    format!("{}。", parts.join("；"))
}

/// The years an edition is the default for, in words.
pub(super) fn edition_years(e: Edition) -> String {
    let first = e.template().first_year;
    let next = Edition::all()
        .map(|o| o.template().first_year)
        .filter(|&y| y > first)
        .min();
    match next {
        Some(n) => {
            (first..n)
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join("、")
                + " 年度"
        }
        None => format!("{first} 年度及以后"),
    }
}

pub(super) fn front_matter_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
    match prefix.find([':', '：']) {
        None => key_items(cx),
        Some(i) => {
            let key = prefix[..i].trim();
            let colon = cx.span.start + i + prefix[i..].chars().next().map_or(1, char::len_utf8);
            let line = &cx.text()[colon..cx.span.end];
            let lead = line.len() - line.trim_start().len();
            let start = (colon + lead).min(cx.offset);
            let end = (colon + line.trim_end().len()).max(cx.offset);
            value_items(cx, key, start..end)
        }
    }
}

pub(super) fn key_items(cx: &Cx) -> Vec<CompletionItem> {
    let text = cx.text();
    // Keys written on the other lines of the front matter.
    let mut present = Vec::new();
    for l in 1..cx.snap.doc.lines.line_count() {
        let t = cx.line_text(l);
        if t.trim() == "---" {
            break;
        }
        if l != cx.line {
            if let Some(i) = t.find([':', '：']) {
                present.push(t[..i].trim().to_string());
            }
        }
    }
    let line = &text[cx.span.clone()];
    let after_cursor = &text[cx.offset..cx.span.end];
    FRONT_KEYS
        .iter()
        .enumerate()
        .filter(|(_, k)| !present.iter().any(|p| p == *k))
        .map(|(i, key)| {
            // A value already on the line stays; otherwise the whole line
            // becomes `键: ` (with the value as a tab stop).
            let (range, new_text, snippet) = match after_cursor.find([':', '：']) {
                Some(c) => {
                    let lead = line.len() - line.trim_start().len();
                    (cx.span.start + lead..cx.offset + c, key.to_string(), false)
                }
                None if cx.snippets => {
                    let value = match *key {
                        "格式" => format!(
                            "${{1|{}|}}",
                            Edition::all()
                                .rev()
                                .map(|e| e.as_str())
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        "年度" => format!("${{1:{}}}", candidate_years(cx.this_year)[0]),
                        _ => "$1".to_string(),
                    };
                    (cx.span.clone(), format!("{key}: {value}"), true)
                }
                None => (cx.span.clone(), format!("{key}: "), false),
            };
            let mut item = cx.item(*key, CompletionItemKind::PROPERTY, range, new_text);
            item.detail = Some("前置信息".into());
            item.documentation = Some(markdown(key_doc(key)));
            item.sort_text = Some(order(i));
            item.filter_text = Some(key.to_string());
            if snippet {
                item.insert_text_format = Some(InsertTextFormat::SNIPPET);
            }
            item
        })
        .collect()
}

pub(super) fn value_items(cx: &Cx, key: &str, range: Span) -> Vec<CompletionItem> {
    let value = |label: String, detail: String, doc: String, i: usize| {
        let mut item = cx.item(
            label.clone(),
            CompletionItemKind::VALUE,
            range.clone(),
            label.clone(),
        );
        item.detail = Some(detail);
        item.documentation = (!doc.is_empty()).then(|| markdown(doc));
        item.sort_text = Some(order(i));
        item.filter_text = Some(label);
        item
    };
    match key {
        "格式" => {
            let year_edition = cx.a.year.as_ref().and_then(|(y, _)| Edition::for_year(*y));
            Edition::all()
                .rev()
                .enumerate()
                .map(|(i, e)| {
                    let mut item = value(
                        e.as_str().to_string(),
                        e.template().document.clone(),
                        format!("{}的默认格式。", edition_years(e)),
                        i,
                    );
                    item.preselect = (year_edition == Some(e)).then_some(true);
                    item
                })
                .collect()
        }
        "年度" => candidate_years(cx.this_year)
            .into_iter()
            .enumerate()
            .filter_map(|(i, y)| {
                let e = Edition::for_year(y)?;
                let mut item = value(
                    y.to_string(),
                    format!("{} 版格式", e.as_str()),
                    String::new(),
                    i,
                );
                item.preselect = (i == 0).then_some(true);
                Some(item)
            })
            .collect(),
        "机关" => agency_from_title(cx.a.doc)
            .map(|agency| value(agency.to_string(), "取自标题".into(), String::new(), 0))
            .into_iter()
            .collect(),
        "上年报告" => previous_candidates(cx)
            .into_iter()
            .enumerate()
            .map(|(i, name)| value(name, "同一文件夹中的报告".into(), String::new(), i))
            .collect(),
        _ => Vec::new(),
    }
}

/// The agency a title names: the text before its year
/// (`某某区人民政府2022年…` → `某某区人民政府`).
pub(super) fn agency_from_title(doc: &Document) -> Option<&str> {
    let title = doc.title()?;
    let i = title
        .text
        .find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))?;
    let agency = title.text[..i].trim();
    (!agency.is_empty()).then_some(agency)
}

/// The other `.nianbao` files in the report's folder, those naming last
/// year first.
pub(super) fn previous_candidates(cx: &Cx) -> Vec<String> {
    let Some(path) = cx.snap.path.as_deref() else {
        return Vec::new();
    };
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let own = path.file_name();
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "nianbao"))
        .filter(|e| Some(e.file_name().as_os_str()) != own)
        .filter_map(|e| e.file_name().into_string().ok())
        .take(200)
        .collect();
    let last = cx.a.year.as_ref().map(|(y, _)| (y - 1).to_string());
    names.sort_by_key(|n| (!last.as_deref().is_some_and(|l| n.contains(l)), n.clone()));
    names
}

// ------------------------------------------------------------ headings -----
