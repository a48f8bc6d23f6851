//! Completion: the report skeleton, missing sections, sub-table captions,
//! missing row labels, front-matter keys and values, whole-table snippets.
//!
//! Everything offered comes from the edition templates (labels, order,
//! columns), `skeleton` (the text `nianbao new` writes) and the knowledge
//! base (documentation). What the report "still lacks" is read from the
//! report with the line being typed left out, so a half-typed heading or
//! row never counts as present and never disturbs the table it sits in.

use super::types::{
    self, CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, TextEdit,
};
use super::Snapshot;
use crate::analysis::{Analysis, BoundTable, FRONT_KEYS, FRONT_MATTER};
use crate::knowledge::{self, LabelItem};
use crate::labels;
use crate::model::Document;
use crate::rules::fixes;
use crate::skeleton;
use crate::template::{Edition, TableTemplate};
use crate::text::{LineIndex, Span};

/// The agency written into the skeleton until the user types theirs.
const AGENCY_PLACEHOLDER: &str = "某某机关";

/// Completion items at byte `offset`. `snippets`: the client accepts
/// snippet syntax (tab stops); otherwise plain text is inserted.
pub fn complete(snap: &Snapshot, offset: usize, snippets: bool) -> Vec<types::CompletionItem> {
    complete_at(snap, offset, snippets, current_year())
}

/// [`complete`] with the calendar year given (tests fix it).
fn complete_at(
    snap: &Snapshot,
    offset: usize,
    snippets: bool,
    this_year: i32,
) -> Vec<CompletionItem> {
    let text = snap.text();
    let lines = &snap.doc.lines;
    let offset = offset.min(text.len());
    let line = lines.line_of(offset);
    let span = lines.line_span(text, line);
    let offset = offset.clamp(span.start, span.end);
    if text.chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
        return skeleton_items(snap, span, snippets, this_year);
    }
    let prefix = &text[span.start..offset];
    // Decided from the line alone, so typing prose (spaces and colons are
    // trigger characters) costs no parse.
    let context = if in_front_matter(text, lines, line) {
        Context::FrontMatter
    } else if prefix.starts_with('#') {
        Context::Heading
    } else if prefix.trim_start().starts_with('|') {
        Context::Row
    } else if text[span.clone()].trim().is_empty() {
        Context::EmptyLine
    } else {
        return Vec::new();
    };
    // The report without the line being typed: what it has and lacks.
    let next = if line + 1 < lines.line_count() {
        lines.line_span(text, line + 1).start
    } else {
        text.len()
    };
    let others = Document::parse(&format!("{}{}", &text[..span.start], &text[next..]));
    let analysis = Analysis::analyze(&others);
    let cx = Cx {
        snap,
        a: &analysis,
        line,
        span,
        offset,
        snippets,
        this_year,
    };
    match context {
        Context::FrontMatter => front_matter_items(&cx, prefix),
        Context::Heading => heading_items(&cx, prefix),
        Context::Row => row_items(&cx, prefix),
        Context::EmptyLine => table_items(&cx),
    }
}

enum Context {
    FrontMatter,
    Heading,
    Row,
    EmptyLine,
}

/// Where completion was asked for.
struct Cx<'a> {
    snap: &'a Snapshot,
    /// The report without the current line.
    a: &'a Analysis<'a>,
    line: usize,
    /// The current line (without its terminator).
    span: Span,
    offset: usize,
    snippets: bool,
    this_year: i32,
}

impl Cx<'_> {
    fn text(&self) -> &str {
        self.snap.text()
    }

    fn edition(&self) -> Edition {
        self.a.edition
    }

    /// The text of line `l` of the real document.
    fn line_text(&self, l: usize) -> &str {
        &self.text()[self.snap.doc.lines.line_span(self.text(), l)]
    }

    /// The template section the current line is in: the last `##` heading
    /// above it (the lines above are the same in both documents).
    fn section_numeral(&self) -> Option<&'static str> {
        let s = self
            .a
            .sections
            .iter()
            .rev()
            .find(|s| s.heading.span.start < self.span.start)?;
        Some(self.a.section_template(s.section?).numeral.as_str())
    }

    fn item(
        &self,
        label: impl Into<String>,
        kind: CompletionItemKind,
        edit: Span,
        new_text: String,
    ) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind: Some(kind),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.snap.range(&edit),
                new_text,
            ))),
            insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
            ..Default::default()
        }
    }
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// Sort keys that keep template order (`sortText` compares as strings).
fn order(i: usize) -> String {
    format!("{i:03}")
}

/// The year now, in China Standard Time (UTC+8), where reports are written.
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    year_of_day(((secs + 8 * 3600) / 86_400) as i64)
}

/// The proleptic Gregorian year of a day counted from 1970-01-01
/// (H. Hinnant's `civil_from_days`).
fn year_of_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    year as i32
}

/// The years a report may be written for, the most likely first: reports
/// are written in January about the previous year.
fn candidate_years(this_year: i32) -> Vec<i32> {
    let first = Edition::all()
        .map(|e| e.template().first_year)
        .min()
        .unwrap_or(2019);
    let default = (this_year - 1).max(first);
    std::iter::once(default)
        .chain(
            (first..=this_year.max(first))
                .rev()
                .filter(|&y| y != default),
        )
        .collect()
}

// ------------------------------------------------------------ skeleton -----

/// The whole report for an empty document: one item per year (the edition
/// follows the year, so 2019 and 2020 give the 2019 edition).
fn skeleton_items(
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
fn escape_snippet(s: &str) -> String {
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
fn skeleton_snippet(plain: &str, year: i32, edition: Edition) -> String {
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

/// Whether `line` is inside the front matter: after the opening `---` and
/// before the closing one (or, while that is not written yet, below lines
/// that are all `键: 值`).
fn in_front_matter(text: &str, lines: &LineIndex, line: usize) -> bool {
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
fn key_doc(key: &str) -> String {
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
fn editions_by_year() -> String {
    let parts: Vec<String> = Edition::all()
        .map(|e| format!("{}用 {} 版", edition_years(e), e.as_str()))
        .collect();
    format!("{}。", parts.join("；"))
}

/// The years an edition is the default for, in words.
fn edition_years(e: Edition) -> String {
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

fn front_matter_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
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

fn key_items(cx: &Cx) -> Vec<CompletionItem> {
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

fn value_items(cx: &Cx, key: &str, range: Span) -> Vec<CompletionItem> {
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
fn agency_from_title(doc: &Document) -> Option<&str> {
    let title = doc.title()?;
    let i = title
        .text
        .find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))?;
    let agency = title.text[..i].trim();
    (!agency.is_empty()).then_some(agency)
}

/// The other `.nianbao` files in the report's folder, those naming last
/// year first.
fn previous_candidates(cx: &Cx) -> Vec<String> {
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

fn heading_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
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
fn title_items(cx: &Cx) -> Vec<CompletionItem> {
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
fn section_items(cx: &Cx) -> Vec<CompletionItem> {
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
fn table_present(a: &Analysis, tt: &TableTemplate) -> bool {
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
fn caption_items(cx: &Cx) -> Vec<CompletionItem> {
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

/// The bound table the current line continues: one whose body (or
/// delimiter) includes the line just above.
fn table_above<'a>(cx: &'a Cx) -> Option<&'a BoundTable<'a>> {
    let above = cx.line.checked_sub(1)?;
    let at = cx.snap.doc.lines.line_span(cx.text(), above).start;
    cx.a.tables.iter().find(|bt| {
        let t = bt.table;
        bt.template.is_some() && t.delimiter.start <= at && at <= t.span.end
    })
}

/// Row labels the table lacks, in template order. On a line holding only
/// `| ` and the label being typed, the whole row is written with zeros.
fn row_items(cx: &Cx, prefix: &str) -> Vec<CompletionItem> {
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
fn table_items(cx: &Cx) -> Vec<CompletionItem> {
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
fn table_text(tt: &TableTemplate) -> String {
    let formatted = crate::format::format(&fixes::table_skeleton(tt));
    formatted.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_text, DiskLoader};
    use crate::config::Config;
    use crate::lsp::Encoding;
    use crate::rules::testing::{edit, VALID_2019, VALID_2021};

    const YEAR: i32 = 2025;

    fn snap_in(text: &str, encoding: Encoding) -> Snapshot {
        Snapshot::scratch(text, encoding)
    }

    /// Completion where `text` has the marker `‸` (removed first).
    fn at(text: &str, snippets: bool) -> (Snapshot, Vec<CompletionItem>) {
        at_in(text, snippets, Encoding::Utf16)
    }

    fn at_in(text: &str, snippets: bool, encoding: Encoding) -> (Snapshot, Vec<CompletionItem>) {
        let offset = text.find('‸').expect("cursor marker");
        let s = snap_in(&text.replacen('‸', "", 1), encoding);
        let items = complete_at(&s, offset, snippets, YEAR);
        (s, items)
    }

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    /// The text after accepting `item` (main edit and additional edits).
    fn accept(s: &Snapshot, item: &CompletionItem) -> String {
        let Some(CompletionTextEdit::Edit(main)) = &item.text_edit else {
            panic!("no text edit: {item:?}")
        };
        // The protocol wants the main edit on one line, around the cursor.
        assert_eq!(main.range.start.line, main.range.end.line);
        let mut edits: Vec<(Span, String)> = std::iter::once(main)
            .chain(item.additional_text_edits.iter().flatten())
            .map(|e| (s.span(e.range), e.new_text.clone()))
            .collect();
        // Ranges are in the original text: apply from the back.
        edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
        let mut out = s.text().to_string();
        for (r, t) in edits {
            out.replace_range(r, &t);
        }
        out
    }

    fn codes(text: &str) -> Vec<&'static str> {
        let (_, d) = check_text(text, None, &Config::default(), &DiskLoader);
        d.iter().map(|d| d.code).collect()
    }

    /// A snippet with every tab stop at its default: what the user gets
    /// by pressing Tab through it.
    fn resolve(snippet: &str) -> String {
        let mut out = String::new();
        let mut defaults: std::collections::HashMap<u32, String> = Default::default();
        let mut chars = snippet.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().expect("escaped char")),
                '$' if chars.peek() == Some(&'{') => {
                    chars.next();
                    let mut n = String::new();
                    while let Some(d) = chars.next_if(|c| c.is_ascii_digit()) {
                        n.push(d);
                    }
                    let n: u32 = n.parse().expect("tab stop number");
                    match chars.next() {
                        Some('}') => out.push_str(&defaults[&n]),
                        Some(':') => {
                            let mut v = String::new();
                            loop {
                                match chars.next().expect("closed placeholder") {
                                    '\\' => v.push(chars.next().unwrap()),
                                    '}' => break,
                                    '$' => panic!("nested tab stop"),
                                    c => v.push(c),
                                }
                            }
                            out.push_str(&v);
                            defaults.insert(n, v);
                        }
                        other => panic!("unexpected {other:?}"),
                    }
                }
                '$' => panic!("bare $ in snippet"),
                '}' => panic!("unescaped }}"),
                c => out.push(c),
            }
        }
        out
    }

    // ------------------------------------------------------ skeleton --

    #[test]
    fn empty_document_gets_the_skeleton_for_last_year_first() {
        let (s, items) = at("‸", false);
        assert_eq!(items[0].label, "2024年度报告框架（2021版格式）");
        assert_eq!(items[0].preselect, Some(true));
        let years: Vec<&str> = items.iter().map(|i| &i.label[..4]).collect();
        assert_eq!(
            years,
            ["2024", "2025", "2023", "2022", "2021", "2020", "2019"]
        );
        // Both editions: the year decides.
        assert!(items
            .iter()
            .any(|i| i.label == "2020年度报告框架（2019版格式）"));
        for item in &items {
            let text = accept(&s, item);
            // The skeleton's only findings are its three unfinished
            // placeholders (NB405).
            assert_eq!(codes(&text), ["NB405"; 3], "{}", item.label);
            assert_eq!(item.insert_text_format, Some(InsertTextFormat::PLAIN_TEXT));
            assert!(!text.contains("$1"));
        }
        let first = accept(&s, &items[0]);
        assert!(first.starts_with(
            "---\n机关: 某某机关\n年度: 2024\n---\n\n# 某某机关2024年政府信息公开工作年度报告\n"
        ));
    }

    #[test]
    fn skeleton_snippet_has_tab_stops_and_resolves_to_the_plain_text() {
        let (_, plain) = at("‸", false);
        let (s, snippets) = at("‸", true);
        for (p, sn) in plain.iter().zip(&snippets) {
            assert_eq!(sn.insert_text_format, Some(InsertTextFormat::SNIPPET));
            let Some(CompletionTextEdit::Edit(e)) = &sn.text_edit else {
                panic!()
            };
            let body = &e.new_text;
            // Agency and year are one tab stop each, mirrored.
            assert!(
                body.starts_with("---\n机关: ${1:某某机关}\n年度: ${2:"),
                "{body}"
            );
            assert!(
                body.contains("# ${1}${2}年政府信息公开工作年度报告"),
                "{body}"
            );
            // Each prose paragraph the user must write is a tab stop.
            assert!(body.contains("${3:（请在此概述本机关"), "{body}");
            assert!(body.contains("${4:（请在此说明"), "{body}");
            assert!(
                body.contains("${5:（请在此报告其他需要报告的事项"),
                "{body}"
            );
            assert_eq!(resolve(body), accept(&s, p));
        }
    }

    #[test]
    fn snippet_text_is_escaped() {
        assert_eq!(escape_snippet(r"a$1}\b"), r"a\$1\}\\b");
        let t = skeleton_snippet(
            "---\n机关: 某某机关\n---\n\n## 一、总体情况\n\n费用 $5 {x}\n",
            2024,
            Edition::parse("2021").unwrap(),
        );
        assert!(t.contains(r"${3:费用 \$5 {x\}}"), "{t}");
        assert_eq!(
            resolve(&t),
            "---\n机关: 某某机关\n---\n\n## 一、总体情况\n\n费用 $5 {x}\n"
        );
    }

    #[test]
    fn whitespace_only_document_is_replaced_whole() {
        let (s, items) = at("\n  \n‸\n\n", false);
        let text = accept(&s, &items[0]);
        assert!(text.starts_with("---\n"), "{text:?}");
        assert_eq!(codes(&text), ["NB405"; 3]);
        // Anything written: no skeleton.
        let (_, items) = at("段落‸\n", false);
        assert!(items.is_empty());
    }

    #[test]
    fn years_are_counted_in_china_time() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(19_722), 2023); // 2023-12-31
        assert_eq!(year_of_day(19_723), 2024); // 2024-01-01
        assert_eq!(year_of_day(20_088), 2024); // 2024-12-31 (leap year)
        assert_eq!(candidate_years(2019), [2019]);
        assert_eq!(candidate_years(2021), [2020, 2021, 2019]);
    }

    // ------------------------------------------------------ sections --

    #[test]
    fn missing_sections_follow_hashes_and_replace_the_line() {
        let heading = "## 三、收到和处理政府信息公开申请情况";
        for typed in ["## ‸", "##‸", "## 收到‸", "## 三、收‸"] {
            let text = edit(VALID_2021, heading, typed);
            let (s, items) = at(&text, true);
            assert_eq!(
                labels(&items),
                ["三、收到和处理政府信息公开申请情况"],
                "{typed}"
            );
            assert_eq!(accept(&s, &items[0]), VALID_2021, "{typed}");
            assert_eq!(items[0].filter_text.as_deref(), Some(heading));
            let doc = items[0].documentation.as_ref().unwrap();
            let Documentation::MarkupContent(m) = doc else {
                panic!()
            };
            assert!(m.value.contains("第五十条"), "{}", m.value);
        }
        // Several missing: template order.
        let cut = VALID_2021.find("## 四、").unwrap();
        let text = format!("{}## ‸\n", &VALID_2021[..cut]);
        let (_, items) = at(&text, true);
        assert_eq!(
            labels(&items),
            [
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项"
            ]
        );
        let sorted: Vec<_> = items.iter().map(|i| i.sort_text.clone()).collect();
        let mut again = sorted.clone();
        again.sort();
        assert_eq!(sorted, again);
    }

    #[test]
    fn title_is_offered_from_the_front_matter() {
        let text = edit(
            VALID_2021,
            "# 某某区人民政府2022年政府信息公开工作年度报告",
            "# ‸",
        );
        let (s, items) = at(&text, true);
        assert_eq!(
            labels(&items),
            ["某某区人民政府2022年政府信息公开工作年度报告"]
        );
        assert_eq!(accept(&s, &items[0]), VALID_2021);
        // A title is there already: nothing.
        let text = edit(VALID_2021, "## 一、总体情况", "# ‸\n\n## 一、总体情况");
        assert!(at(&text, true).1.is_empty());
    }

    #[test]
    fn captions_of_section_two_that_are_missing() {
        let s = VALID_2021.find("### 第二十条第（五）项").unwrap();
        let e = VALID_2021.find("### 第二十条第（六）项").unwrap();
        let text = format!("{}### ‸\n\n{}", &VALID_2021[..s], &VALID_2021[e..]);
        let (snap, items) = at(&text, true);
        assert_eq!(labels(&items), ["第二十条第（五）项"]);
        assert!(
            accept(&snap, &items[0]).contains("### 第二十条第（五）项\n\n### 第二十条第（六）项")
        );
        let Some(Documentation::MarkupContent(m)) = &items[0].documentation else {
            panic!()
        };
        assert!(m.value.contains("行政许可"), "{}", m.value);
        // The 2019 edition has a fifth one.
        let s = VALID_2019.find("### 第二十条第（九）项").unwrap();
        let e = VALID_2019.find("## 三、").unwrap();
        let text = format!("{}### ‸\n\n{}", &VALID_2019[..s], &VALID_2019[e..]);
        assert_eq!(labels(&at(&text, true).1), ["第二十条第（九）项"]);
        // Elsewhere `###` is free prose.
        let text = edit(
            VALID_2021,
            "## 五、存在的主要问题及改进情况\n",
            "## 五、存在的主要问题及改进情况\n\n### ‸\n",
        );
        assert!(at(&text, true).1.is_empty());
    }

    // ---------------------------------------------------------- rows --

    #[test]
    fn missing_row_label_becomes_a_whole_row_of_zeros() {
        for (row, typed) in [
            ("| 行政强制 | 0 |", "| ‸"),
            ("| 行政强制 | 0 |", "|‸"),
            ("| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 重复‸"),
            (
                "| 行政诉讼（复议后起诉） | 0 | 0 | 0 | 0 | 0 |",
                "| 复议后‸ |",
            ),
        ] {
            let text = edit(VALID_2021, row, typed);
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                let (s, items) = at_in(&text, false, enc);
                assert_eq!(items.len(), 1, "{typed}: {:?}", labels(&items));
                let fixed = accept(&s, &items[0]);
                assert_eq!(fixed, VALID_2021, "{typed}");
                assert!(codes(&fixed).is_empty());
            }
        }
    }

    #[test]
    fn row_label_alone_is_replaced_when_the_row_has_values() {
        let text = edit(VALID_2021, "| 行政强制 | 0 |", "| 强‸制 | 0 |");
        let (s, items) = at(&text, false);
        assert_eq!(labels(&items), ["行政强制"]);
        assert_eq!(accept(&s, &items[0]), VALID_2021);
    }

    #[test]
    fn row_labels_in_template_order_with_group_rows_blank() {
        // A table 3 with only its header and first row.
        let start = VALID_2021.find("| 二、上年结转").unwrap();
        let end = VALID_2021.find("\n## 四、").unwrap();
        let text = format!("{}| ‸\n{}", &VALID_2021[..start], &VALID_2021[end..]);
        let (s, items) = at(&text, false);
        let t3 = Edition::parse("2021")
            .unwrap()
            .template()
            .tables
            .iter()
            .find(|t| t.id == "t3")
            .unwrap();
        let want: Vec<&str> = t3.rows[1..].iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels(&items), want);
        let group = items
            .iter()
            .find(|i| i.label == "三、本年度办理结果")
            .unwrap();
        assert!(accept(&s, group).contains("\n| 三、本年度办理结果 | | | | | | | |\n"));
        let total = items.iter().find(|i| i.label == "（七）总计").unwrap();
        assert!(accept(&s, total).contains("\n| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"));
        let Some(Documentation::MarkupContent(m)) = &total.documentation else {
            panic!()
        };
        assert!(!m.value.is_empty());
    }

    #[test]
    fn no_row_labels_outside_the_first_cell_or_a_table() {
        for text in [
            edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | ‸"),
            edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | 0 |‸"),
            // Not right below a table.
            edit(VALID_2021, "2022年，本机关", "| ‸\n\n2022年，本机关"),
            // The header row.
            edit(VALID_2021, "| 复议诉讼情况 |", "| 复议‸诉讼情况 |"),
        ] {
            assert!(at(&text, false).1.is_empty(), "{text}");
        }
    }

    // -------------------------------------------------- front matter --

    #[test]
    fn front_matter_keys_not_yet_written() {
        let text = edit(VALID_2021, "年度: 2022\n", "年度: 2022\n‸\n");
        let (s, items) = at(&text, false);
        assert_eq!(labels(&items), ["格式", "上年报告", "汇总"]);
        assert!(accept(&s, &items[0]).contains("年度: 2022\n格式: \n---"));
        let Some(Documentation::MarkupContent(m)) = &items[0].documentation else {
            panic!()
        };
        assert!(m.value.contains("国办公开办函〔2021〕30号"), "{}", m.value);
        // With snippets, a closed set is a choice.
        let (_, items) = at(&text, true);
        let Some(CompletionTextEdit::Edit(e)) = &items[0].text_edit else {
            panic!()
        };
        assert_eq!(e.new_text, "格式: ${1|2021,2019|}");
        // Unclosed front matter while it is being written.
        let (_, items) = at("---\n机关: 某局\n‸", false);
        assert_eq!(labels(&items), ["年度", "格式", "上年报告", "汇总"]);
    }

    #[test]
    fn front_matter_values_for_closed_sets() {
        let text = edit(VALID_2021, "年度: 2022\n", "年度: 2022\n格式: ‸\n");
        let (s, items) = at(&text, false);
        assert_eq!(labels(&items), ["2021", "2019"]);
        assert_eq!(items[0].preselect, Some(true)); // the year's edition
        let fixed = accept(&s, &items[0]);
        assert!(fixed.contains("年度: 2022\n格式: 2021\n---"));
        assert!(codes(&fixed).is_empty());

        let text = edit(VALID_2021, "年度: 2022", "年度：20‸22");
        let (s, items) = at(&text, false);
        assert_eq!(items[0].label, "2024");
        let y2022 = items.iter().find(|i| i.label == "2022").unwrap();
        assert_eq!(
            accept(&s, y2022),
            edit(VALID_2021, "年度: 2022", "年度：2022")
        );
        assert_eq!(
            items
                .iter()
                .find(|i| i.label == "2020")
                .unwrap()
                .detail
                .as_deref(),
            Some("2019 版格式")
        );

        let text = edit(VALID_2021, "机关: 某某区人民政府", "机关: ‸");
        let (s, items) = at(&text, false);
        assert_eq!(labels(&items), ["某某区人民政府"]);
        assert_eq!(accept(&s, &items[0]), VALID_2021);
    }

    // -------------------------------------------------------- tables --

    #[test]
    fn whole_table_on_an_empty_line_of_its_section() {
        let start = VALID_2021.find("| 复议诉讼情况").unwrap();
        let end = VALID_2021.find("## 五、").unwrap();
        let text = format!("{}‸\n\n{}", &VALID_2021[..start], &VALID_2021[end..]);
        let (s, items) = at(&text, false);
        assert_eq!(
            labels(&items),
            ["表四 政府信息公开行政复议、行政诉讼情况（整表）"]
        );
        let fixed = accept(&s, &items[0]);
        let d = codes(&fixed);
        // Zeros everywhere; only the values the fixture had are gone.
        assert!(!d.contains(&"NB120") && !d.contains(&"NB001"), "{d:?}");
        // The same lines `nianbao new` writes.
        let Some(CompletionTextEdit::Edit(e)) = &items[0].text_edit else {
            panic!()
        };
        let new = skeleton::generate(&skeleton::Spec {
            agency: "某局".into(),
            year: 2022,
            edition: None,
        })
        .unwrap();
        assert!(
            new.contains(&format!("\n{}\n", e.new_text)),
            "{}",
            e.new_text
        );

        // Section 二 without one sub-table: caption and table, CRLF kept.
        let s2 = VALID_2021.find("### 第二十条第（八）项").unwrap();
        let e2 = VALID_2021.find("## 三、").unwrap();
        let text = format!("{}‸\n\n{}", &VALID_2021[..s2], &VALID_2021[e2..]).replace('\n', "\r\n");
        let (s, items) = at(&text, false);
        assert_eq!(labels(&items), ["表二 第二十条第（八）项（整表）"]);
        let fixed = accept(&s, &items[0]);
        assert!(fixed.contains(
            "### 第二十条第（八）项\r\n\r\n| 信息内容       | 本年收费金额（单位：万元） |\r\n"
        ));
        assert!(!fixed.replace("\r\n", "").contains('\n'));
        let d = codes(&fixed);
        assert!(!d.contains(&"NB120") && !d.contains(&"NB001"), "{d:?}");
    }

    #[test]
    fn nothing_in_prose_or_where_every_table_is_present() {
        for text in [
            edit(VALID_2021, "2022年，本机关", "2022年，‸本机关"),
            edit(VALID_2021, "一是政府信息公开", "一是‸政府信息公开"),
            // Empty lines in sections with every table, or none.
            edit(
                VALID_2021,
                "## 四、政府信息公开行政复议、行政诉讼情况\n",
                "## 四、政府信息公开行政复议、行政诉讼情况\n‸\n",
            ),
            edit(VALID_2021, "## 一、总体情况\n", "## 一、总体情况\n‸\n"),
            // The preamble.
            edit(VALID_2021, "按照《", "按照‸《"),
            // A `键: 值` line outside the front matter is prose.
            edit(
                VALID_2021,
                "一是政府信息公开",
                "格式: ‸\n\n一是政府信息公开",
            ),
        ] {
            assert!(at(&text, true).1.is_empty(), "{text}");
        }
    }
}
