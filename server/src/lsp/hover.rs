//! Hover: what a section, caption, row or column means (from the knowledge
//! base), how a total is derived, and what a diagnostic's rule checks.
//!
//! Several things can apply at one place; they are shown together, most
//! specific first: a total's derivation (this cell's numbers), then the rules
//! of the diagnostics there, then what the label means in general. Totals are
//! evaluated by [`arith::evaluate`], the same code NB301–NB304 run, so a
//! hover never contradicts a diagnostic.

use super::types;
use super::Snapshot;
use crate::analysis::{Analysis, BoundTable};
use crate::diagnostic::Diagnostic;
use crate::knowledge::{self, LabelItem, RuleDoc};
use crate::labels;
use crate::model::{Block, Comment, Row};
use crate::rules::arith::{self, Evaluation};
use crate::rules::explain::{
    balance_note_lines, balance_of_total_column, derivation, is_balance_note,
};
use crate::template::{TableTemplate, Template};
use crate::text::Span;
use regex::Regex;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The hover at byte `offset`, given the document's current diagnostics.
pub fn hover(snap: &Snapshot, diags: &[Diagnostic], offset: usize) -> Option<types::Hover> {
    let a = snap.analysis();
    // (span, markdown), by specificity.
    let mut specific: Vec<(Span, String)> = Vec::new();
    let mut general: Vec<(Span, String)> = Vec::new();
    comment_codes(a, offset, &mut specific);
    // Before 2019 nothing but NB104 is checked: no template applies.
    if !a.before_first_edition() {
        section_heading(a, offset, &mut general);
        caption(a, offset, &mut general);
        balance_note_hover(a, offset, &mut general);
        for bt in &a.tables {
            if contains(&bt.table.span, offset) {
                table_cell(a, bt, offset, &mut specific, &mut general);
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for d in diags.iter().filter(|d| contains(&d.span, offset)) {
        if seen.contains(&d.code) {
            continue;
        }
        seen.push(d.code);
        if let Some(doc) = knowledge::rule_doc(d.code) {
            specific.push((d.span.clone(), rule_summary(doc, d)));
        }
    }
    let items: Vec<(Span, String)> = specific.into_iter().chain(general).collect();
    // The range is the innermost thing hovered.
    let span = items
        .iter()
        .map(|(s, _)| s.clone())
        .min_by_key(|s| s.len())?;
    let value = items
        .into_iter()
        .map(|(_, md)| md.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some(types::Hover {
        contents: types::HoverContents::Markup(types::MarkupContent {
            kind: types::MarkupKind::Markdown,
            value,
        }),
        range: Some(snap.range(&span)),
    })
}

/// Whether `offset` is on `span` (an empty span is hit at its position).
fn contains(span: &Span, offset: usize) -> bool {
    span.contains(&offset) || (span.is_empty() && span.start == offset)
}

// ------------------------------------------------------------ rule docs --

/// A diagnostic's rule: code, title, severity and what to do.
fn rule_summary(doc: &RuleDoc, d: &Diagnostic) -> String {
    format!(
        "**{} {}**（{}）\n\n修改方法：{}\n",
        doc.code,
        doc.title,
        d.severity.label_zh(),
        doc.fix.trim()
    )
}

/// A rule named in a suppression comment: what it checks and how to fix it.
fn rule_doc_text(doc: &RuleDoc) -> String {
    format!(
        "**{} {}**（{}）\n\n{}\n\n修改方法：{}\n\n完整说明：`nianbao explain {}`\n",
        doc.code,
        doc.title,
        doc.severity.label_zh(),
        doc.checks.trim(),
        doc.fix.trim(),
        doc.code
    )
}

fn code_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\bNB[0-9]{3}\b").unwrap())
}

/// An `NBxxx` code written in a suppression comment.
fn comment_codes(a: &Analysis, offset: usize, out: &mut Vec<(Span, String)>) {
    let comments = a.doc.blocks.iter().flat_map(|b| match b {
        Block::Comment(c) => vec![c],
        Block::Table(t) => t.comments.iter().map(|(_, c)| c).collect(),
        _ => vec![],
    });
    let Some(c) = comments
        .filter(|c: &&Comment| contains(&c.span, offset))
        .find(|c| crate::suppress::parse_comment(c).is_some())
    else {
        return;
    };
    for m in code_re().find_iter(&c.body) {
        let span = c.body_span.start + m.start()..c.body_span.start + m.end();
        if !contains(&span, offset) {
            continue;
        }
        let text = match knowledge::rule_doc(m.as_str()) {
            Some(doc) => rule_doc_text(doc),
            None => {
                let near = knowledge::closest_codes(m.as_str());
                let mut s = format!("没有 {} 这条规则。", m.as_str().to_ascii_uppercase());
                if !near.is_empty() {
                    let _ = write!(s, "相近的代码：{}。", near.join("、"));
                }
                s.push_str("\n\n全部代码：`nianbao explain --list`\n");
                s
            }
        };
        out.push((span, text));
    }
}

// ---------------------------------------------------------------- labels --

/// `表三 收到和处理政府信息公开申请情况 · 国办公开办函〔2021〕30号格式`
fn table_context(template: &Template, tt: &TableTemplate) -> String {
    format!("\n*{} · {}格式*\n", tt.name, template.document)
}

fn section_heading(a: &Analysis, offset: usize, out: &mut Vec<(Span, String)>) {
    let Some(s) = a
        .sections
        .iter()
        .find(|s| contains(&s.heading.span, offset))
    else {
        return;
    };
    let Some(idx) = s.section else { return };
    let st = a.section_template(idx);
    let Some(doc) = knowledge::section_doc(a.edition, &st.numeral) else {
        return;
    };
    let mut md = doc.to_markdown();
    let written = labels::normalize(&s.heading.text);
    if !labels::eq_normalized(&written, &st.heading()) {
        let _ = write!(md, "\n规范标题：{}\n", st.heading());
    }
    out.push((s.heading.span.clone(), md));
}

/// A `###` caption naming a 表二 sub-table.
fn caption(a: &Analysis, offset: usize, out: &mut Vec<(Span, String)>) {
    let Some(h) = a.doc.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level >= 3 && contains(&h.span, offset) => Some(h),
        _ => None,
    }) else {
        return;
    };
    // The table the caption names (also when no table follows it yet).
    let bound = a
        .tables
        .iter()
        .find(|bt| bt.caption.is_some_and(|c| std::ptr::eq(c, h)))
        .and_then(|bt| bt.template);
    let written = labels::normalize(&h.text);
    let Some(tt) = bound.or_else(|| {
        a.template().tables.iter().find(|tt| {
            tt.caption
                .as_deref()
                .is_some_and(|c| labels::eq_normalized(&written, c))
        })
    }) else {
        return;
    };
    if let Some(doc) = knowledge::label_doc(a.edition, &tt.id, LabelItem::Caption) {
        let md = doc.to_markdown() + &table_context(a.template(), tt);
        out.push((h.span.clone(), md));
    }
}

/// The cell of `row` whose slot (pipe to pipe) holds `offset`.
fn cell_at(text: &str, row: &Row, offset: usize) -> Option<usize> {
    if !contains(&row.span, offset) {
        return None;
    }
    row.cells.iter().position(|c| {
        let before = text.get(row.span.start..c.span.start).unwrap_or("");
        let lo = before
            .rfind('|')
            .map_or(c.span.start, |p| row.span.start + p + 1);
        let after = text.get(c.span.end..row.span.end).unwrap_or("");
        let hi = after.find('|').map_or(c.span.end, |p| c.span.end + p);
        (lo..hi).contains(&offset) || contains(&c.span, offset)
    })
}

fn table_cell(
    a: &Analysis,
    bt: &BoundTable,
    offset: usize,
    specific: &mut Vec<(Span, String)>,
    general: &mut Vec<(Span, String)>,
) {
    let Some(tt) = bt.template else { return };
    let text = &a.doc.text;
    let label = |item: LabelItem| {
        knowledge::label_doc(a.edition, &tt.id, item)
            .map(|d| d.to_markdown() + &table_context(a.template(), tt))
    };
    let header = &bt.table.header;
    if let Some(i) = cell_at(text, header, offset) {
        let cell = &header.cells[i];
        let md = if i == 0 {
            label(LabelItem::Corner).map(|md| {
                // The 勾稽关系 note written in the corner: show the balance too.
                let evs = arith::evaluate(bt);
                match balance_of_total_column(&evs).filter(|_| is_balance_note(tt, &cell.text)) {
                    Some(ev) => format!("{}\n\n---\n\n{md}", derivation(ev)),
                    None => md,
                }
            })
        } else {
            bt.columns
                .get(i - 1)
                .copied()
                .flatten()
                .and_then(|ci| label(LabelItem::Column(&tt.columns[ci].id)))
        };
        if let Some(md) = md {
            general.push((cell.span.clone(), md));
        }
        return;
    }
    for br in &bt.rows {
        let Some(i) = cell_at(text, br.row, offset) else {
            continue;
        };
        let cell = &br.row.cells[i];
        if i == 0 {
            if let Some(md) = br
                .template_row
                .and_then(|ri| label(LabelItem::Row(&tt.rows[ri].id)))
            {
                general.push((cell.span.clone(), md));
            } else if let Some(local) = br.local_row.map(|li| &tt.local_rows[li]) {
                general.push((
                    cell.span.clone(),
                    format!(
                        "**{}**\n\n{}：不是国家格式{}中的行，其数字不计入任何合计（见 NB129）。\n",
                        local.label, local.note, tt.name
                    ),
                ));
            }
            return;
        }
        let Some(ci) = bt.columns.get(i - 1).copied().flatten() else {
            return;
        };
        let mut evs: Vec<Evaluation> = arith::evaluate(bt)
            .into_iter()
            .filter(|e| e.total.span == cell.span)
            .collect();
        // Broken sums first; otherwise template order.
        evs.sort_by_key(|e| !e.broken());
        for ev in &evs {
            specific.push((cell.span.clone(), derivation(ev)));
        }
        if evs.is_empty() {
            if let Some(ri) = br.template_row {
                let rt = &tt.rows[ri];
                let note = if rt.group {
                    "\n分组行：本行不填数字，数字填在其下各项。\n"
                } else {
                    ""
                };
                let md = format!(
                    "**{}** · **{}**\n{note}{}",
                    rt.short_name(),
                    tt.columns[ci].label,
                    table_context(a.template(), tt)
                );
                general.push((cell.span.clone(), md));
            }
        }
        return;
    }
}

// -------------------------------------------------------- the 勾稽关系 --

fn balance_note_hover(a: &Analysis, offset: usize, out: &mut Vec<(Span, String)>) {
    for bt in &a.tables {
        let Some(line) = balance_note_lines(a, bt)
            .into_iter()
            .find(|l| contains(l, offset))
        else {
            continue;
        };
        let Some(tt) = bt.template else { continue };
        let mut md = String::new();
        if let Some(ev) = balance_of_total_column(&arith::evaluate(bt)) {
            md.push_str(&derivation(ev));
            md.push_str("\n\n---\n\n");
        }
        if let Some(doc) = knowledge::label_doc(a.edition, &tt.id, LabelItem::Corner) {
            md.push_str(&doc.to_markdown());
            md.push_str(&table_context(a.template(), tt));
        }
        if !md.is_empty() {
            out.push((line, md));
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;
    use crate::rules::testing::{check, edit, VALID_2019, VALID_2021};
    use types::{Position, Range};

    const EXAMPLE: &str = include_str!("../../../examples/gongnong-2021.nianbao");

    fn snap(text: &str, enc: Encoding) -> Snapshot {
        Snapshot::scratch(text, enc)
    }

    fn markdown(h: types::Hover) -> String {
        match h.contents {
            types::HoverContents::Markup(m) => m.value,
            other => panic!("not markup: {other:?}"),
        }
    }

    /// The hover `skip` characters into the first `needle`, asked the way a
    /// client asks (by UTF-16 position), with the text its range covers.
    fn hover_at(text: &str, needle: &str, skip: usize) -> Option<(String, String)> {
        let s = snap(text, Encoding::Utf16);
        let start = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
        let byte = start + text[start..].char_indices().nth(skip).unwrap().0;
        let h = hover(&s, &check(text), s.offset(s.position(byte)))?;
        let span = s.span(h.range.expect("hover has a range"));
        Some((markdown(h), text[span].to_string()))
    }

    fn hover_md(text: &str, needle: &str, skip: usize) -> String {
        hover_at(text, needle, skip)
            .unwrap_or_else(|| panic!("no hover at {needle:?}"))
            .0
    }

    fn has(md: &str, parts: &[&str]) {
        for p in parts {
            assert!(md.contains(p), "missing {p:?} in\n{md}");
        }
    }

    #[test]
    fn a_local_row_says_it_is_not_summed() {
        let text = VALID_2021.replace(
            "| 行政规范性文件 |",
            "| 其他主动公开文件 | 12 | 3 | 40 |\n| 行政规范性文件 |",
        );
        let (md, range) = hover_at(&text, "| 其他主动公开文件", 3).unwrap();
        has(&md, &["**其他主动公开文件**", "不计入任何合计", "NB129"]);
        assert_eq!(range, "其他主动公开文件");
    }

    #[test]
    fn section_headings_explain_the_section_and_quote_article_fifty() {
        for valid in [VALID_2021, VALID_2019] {
            let (md, range) = hover_at(valid, "## 三、收到", 3).unwrap();
            has(
                &md,
                &[
                    "**三、收到和处理政府信息公开申请情况**",
                    "《条例》第五十条第（二）项",
                    "> （二）行政机关收到和处理政府信息公开申请的情况；",
                ],
            );
            assert!(!md.contains("规范标题"), "{md}");
            assert_eq!(range, "## 三、收到和处理政府信息公开申请情况");
        }
    }

    #[test]
    fn a_recognised_variant_heading_names_the_canonical_title_after_its_diagnostic() {
        let md = hover_md(EXAMPLE, "## 五、政务公开", 6);
        has(
            &md,
            &[
                "**NB114 ",
                "修改方法：",
                "《条例》第五十条第（四）项",
                "规范标题：五、存在的主要问题及改进情况",
            ],
        );
        // The diagnostic at this place comes before the general meaning.
        assert!(md.find("NB114").unwrap() < md.find("**五、存在的主要问题").unwrap());
        // A heading numbered `6、` is still section 六, with both its rules.
        has(
            &hover_md(EXAMPLE, "## 6、", 3),
            &["第五十条第（五）项", "**NB113 ", "**NB402 "],
        );
    }

    #[test]
    fn captions_quote_the_item_of_article_twenty_in_both_editions() {
        for (valid, document) in [
            (VALID_2021, "国办公开办函〔2021〕30号"),
            (VALID_2019, "国办公开办函〔2019〕60号"),
        ] {
            let (md, range) = hover_at(valid, "### 第二十条第（五）项", 8).unwrap();
            has(
                &md,
                &[
                    "《条例》第二十条第（五）项",
                    "> （五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；",
                    document,
                ],
            );
            assert_eq!(range, "### 第二十条第（五）项");
        }
        has(
            &hover_md(VALID_2019, "### 第二十条第（九）项", 4),
            &["> （九）政府集中采购项目的目录、标准及实施情况；"],
        );
        // A caption written before its table exists is explained too.
        let text =
            "---\n年度: 2021\n---\n# 报告\n\n## 二、主动公开政府信息情况\n\n### 第二十条第(六)项\n";
        has(
            &hover_md(text, "### 第二十条", 5),
            &["> （六）实施行政处罚、行政强制的依据"],
        );
    }

    #[test]
    fn table_three_rows_give_meaning_statute_and_counting_in_both_editions() {
        for valid in [VALID_2021, VALID_2019] {
            let (partial, range) = hover_at(valid, "| （二）部分公开", 5).unwrap();
            has(
                &partial,
                &[
                    "《条例》第三十七条",
                    "> 申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的",
                    "区分处理的申请只在本项计一次",
                ],
            );
            assert_eq!(
                range,
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            );
            has(
                &hover_md(valid, "| （三）不予公开", 5),
                &["> （三）行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由；"],
            );
            has(
                &hover_md(valid, "| 4.保护第三方合法权益", 5),
                &["《条例》第十五条", "> 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。"],
            );
            has(&hover_md(valid, "| 四、结转下年度", 5), &["NB305"]);
            // An unverified mapping is practice, never a quotation of law.
            let query = hover_md(valid, "| 8.属于行政查询事项", 5);
            has(&query, &["依据（实践口径，非法规原文）"]);
            assert!(!query.lines().any(|l| l.starts_with('>')), "{query}");
        }
        // （六）其他处理 differs between the editions.
        has(
            &hover_md(VALID_2019, "| （六）其他处理", 5),
            &["2019年版中本项是数据行"],
        );
        has(&hover_md(VALID_2021, "| （六）其他处理", 5), &["分组行"]);
        has(
            &hover_md(VALID_2021, "| 2.申请人逾期未按收费通知", 5),
            &[
                "《条例》第四十二条",
                "> 行政机关依申请提供政府信息，不收取费用。",
            ],
        );
    }

    #[test]
    fn headers_corners_and_the_review_table_are_explained_in_both_editions() {
        for valid in [VALID_2021, VALID_2019] {
            let (corner, range) = hover_at(valid, "| 申请人情况", 4).unwrap();
            has(
                &corner,
                &["《条例》第二十七条", "> 除行政机关主动公开的政府信息外"],
            );
            assert_eq!(range, "申请人情况");
            has(&hover_md(valid, "| 商业企业", 4), &["合并表头"]);
            // 表三's 总计 column: a sum the format implies, shown as practice.
            has(
                &hover_md(valid, "| 其他 | 总计 |", 7),
                &["NB301", "依据（实践口径，非法规原文）"],
            );
            has(
                &hover_md(valid, "| 复议诉讼情况", 4),
                &["> 公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的"],
            );
            has(
                &hover_md(valid, "| 尚未审结", 4),
                &["到本年度末尚未审结的案件"],
            );
            has(
                &hover_md(valid, "| 行政诉讼（复议后起诉）", 4),
                &["经行政复议后又提起行政诉讼的案件", "《条例》第五十一条"],
            );
            // A value cell of a group row says it takes no number.
            has(
                &hover_md(valid, "| 三、本年度办理结果 |  |", 14),
                &["分组行"],
            );
        }
        has(&hover_md(VALID_2019, "| 本年增/减", 4), &["有符号整数"]);
        has(
            &hover_md(VALID_2021, "| 本年制发件数", 4),
            &["本年度制定并印发"],
        );
    }

    #[test]
    fn a_wrong_total_shows_its_derivation_the_difference_and_its_rules() {
        let row = "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let (md, range) = hover_at(EXAMPLE, row, 10).unwrap();
        assert_eq!(range, "0");
        has(
            &md,
            &[
                "**自然人列的（七）总计**",
                "（一）予以公开 1 + 其余 20 项（均为 0） = 1",
                "应为 1，填写 0，差 1。",
                "**自然人列的勾稽关系**（NB303）",
                "一、本年新收 1 + 二、上年结转 0 = 1",
                "（七）总计 0 + 四、结转下年度 0 = 0",
                "**NB302 ",
                "**NB303 ",
            ],
        );
        // Most specific first: this cell's numbers, then the rules.
        assert!(md.find("应为 1，填写 0").unwrap() < md.find("**NB302 ").unwrap());
        for valid in [VALID_2021, VALID_2019] {
            let text = edit(
                valid,
                "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
                "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 9 |",
            );
            has(
                &hover_md(&text, "| 9 |", 2),
                &[
                    "**“一、本年新收”行的总计** = 各栏之和（NB301）",
                    "自然人 5 + 商业企业 1 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 6",
                    "应为 6，填写 9，差 3。",
                    "**NB301 ",
                ],
            );
        }
    }

    #[test]
    fn a_right_total_shows_its_derivation_and_no_difference() {
        for valid in [VALID_2021, VALID_2019] {
            let (md, range) = hover_at(valid, "| 行政复议 | 1 | 0 | 0 | 1 | 2 |", 25).unwrap();
            assert_eq!(range, "2");
            has(
                &md,
                &[
                    "结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 1 = 2",
                    "与填写的 2 一致。",
                ],
            );
            assert!(!md.contains("差") && !md.contains("修改方法"), "{md}");
        }
    }

    #[test]
    fn hover_and_diagnostics_agree_on_every_table_cell() {
        let texts = [
            EXAMPLE.to_string(),
            edit(
                VALID_2021,
                "| （一）予以公开 | 3 | 1 |",
                "| （一）予以公开 | 4 | 1 |",
            ),
            edit(
                VALID_2019,
                "| 行政复议 | 1 | 0 | 0 | 1 | 2 |",
                "| 行政复议 | 1 | 0 | 0 | 1 | 3 |",
            ),
            edit(
                VALID_2021,
                "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
                "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            ),
        ];
        for text in &texts {
            let s = snap(text, Encoding::Utf8);
            let diags = check(text);
            let arith: Vec<&Diagnostic> = diags
                .iter()
                .filter(|d| ["NB301", "NB302", "NB303", "NB304"].contains(&d.code))
                .collect();
            assert!(!arith.is_empty());
            let mut cells = 0;
            for t in s.doc.tables() {
                for cell in t.rows.iter().flat_map(|r| r.cells.iter().skip(1)) {
                    let md = hover(&s, &diags, cell.span.start)
                        .map(markdown)
                        .unwrap_or_default();
                    let here: Vec<_> = arith.iter().filter(|d| d.span == cell.span).collect();
                    // A difference is shown exactly where a rule reports one,
                    // with the value the rule's fix writes.
                    assert_eq!(
                        md.contains("，差 "),
                        !here.is_empty(),
                        "{}\n{md}",
                        &text[cell.span.clone()]
                    );
                    for d in here {
                        let fix = &d.fix.as_ref().unwrap().edits[0].new_text;
                        assert!(
                            md.contains(&format!("应为 {fix}，填写 {}", &text[cell.span.clone()])),
                            "{md}"
                        );
                    }
                    cells += 1;
                }
            }
            assert!(cells > 200);
        }
    }

    #[test]
    fn the_balance_note_in_the_corner_or_above_the_table_shows_the_balance() {
        let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
        let (md, range) = hover_at(EXAMPLE, note, 6).unwrap();
        assert_eq!(range, note);
        has(
            &md,
            &[
                "**总计列的勾稽关系**",
                "勾稽关系不成立：（七）总计应为 1，填写 0，差 1。",
                "**申请人情况**",
            ],
        );
        let text = edit(
            VALID_2021,
            "| 申请人情况 |",
            "| 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 |",
        );
        has(
            &hover_md(&text, "| 本列数据", 4),
            &[
                "一、本年新收 6 + 二、上年结转 1 = 7",
                "（七）总计 6 + 四、结转下年度 1 = 7",
                "勾稽关系成立。",
                "**申请人情况**",
            ],
        );
    }

    #[test]
    fn codes_in_a_suppression_comment_show_their_rule() {
        let text = edit(
            VALID_2021,
            "| （七）总计 |",
            "<!-- nianbao-allow NB302, nb999: 按来文日期统计 -->\n| （七）总计 |",
        );
        let (md, range) = hover_at(&text, "NB302", 2).unwrap();
        assert_eq!(range, "NB302");
        let doc = knowledge::rule_doc("NB302").unwrap();
        has(
            &md,
            &[
                &format!("**NB302 {}**", doc.title),
                doc.checks.trim(),
                "nianbao explain NB302",
            ],
        );
        let (md, range) = hover_at(&text, "nb999", 1).unwrap();
        assert_eq!(range, "nb999");
        has(&md, &["没有 NB999 这条规则"]);
        // A code in an ordinary comment is just prose.
        let text = edit(
            VALID_2021,
            "## 一、总体情况",
            "<!-- 参见 NB302 -->\n\n## 一、总体情况",
        );
        assert!(hover_at(&text, "NB302", 2).is_none());
    }

    #[test]
    fn no_hover_on_blank_lines_prose_the_title_or_front_matter() {
        for (needle, skip) in [
            ("\n\n## 一", 1),
            ("2022年，本机关共收到", 9),
            ("# 某某区", 4),
            ("机关: 某某区", 0),
            ("| --- | ---: |", 3),
        ] {
            assert!(hover_at(VALID_2021, needle, skip).is_none(), "{needle:?}");
        }
    }

    #[test]
    fn crlf_and_truncated_reports_never_panic() {
        let crlf = EXAMPLE.replace('\n', "\r\n");
        let s = snap(&crlf, Encoding::Utf16);
        let h = hover(&s, &check(&crlf), s.offset(Position::new(83, 10))).unwrap();
        has(&markdown(h), &["应为 1，填写 0，差 1"]);
        let diags = check(EXAMPLE);
        let s = snap(EXAMPLE, Encoding::Utf8);
        for (i, _) in EXAMPLE.char_indices().step_by(3) {
            hover(&s, &diags, i);
        }
        for (cut, _) in EXAMPLE.match_indices(" |").step_by(7) {
            let text = &EXAMPLE[..cut];
            let s = snap(text, Encoding::Utf16);
            let diags = check(text);
            for (i, _) in text.char_indices().rev().take(40) {
                hover(&s, &diags, i);
            }
            super::super::inlay::inlay_hints(&s, 0..text.len());
        }
    }

    #[test]
    fn positions_after_cjk_text_are_read_in_utf16_and_utf8() {
        // Line 84 of the example: `| （七）总计 | 0 | …`. Its first value is
        // column 10 in UTF-16 units and column 20 in bytes.
        for (enc, col) in [(Encoding::Utf16, 10), (Encoding::Utf8, 20)] {
            let s = snap(EXAMPLE, enc);
            let diags = check(EXAMPLE);
            let h = hover(&s, &diags, s.offset(Position::new(83, col))).unwrap();
            assert_eq!(
                h.range,
                Some(Range::new(
                    Position::new(83, col),
                    Position::new(83, col + 1)
                ))
            );
            has(&markdown(h), &["应为 1，填写 0，差 1"]);
            // The space before the number is still that cell.
            let h = hover(&s, &diags, s.offset(Position::new(83, col - 1))).unwrap();
            assert_eq!(h.range.unwrap().start, Position::new(83, col));
        }
    }
}
