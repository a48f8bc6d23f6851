//! The rendered HTML read back as a browser would lay it out: every table
//! resolved into its grid (rowspan/colspan expanded, no cell overlapping
//! another, every row the same width), then compared with the official
//! layout of domain.md §2.3 / §3.3.

use super::*;
use crate::rules::testing::{check, edit, VALID_2019, VALID_2021};
use regex::Regex;
use std::collections::BTreeSet;

const EXAMPLE: &str = include_str!("../../../examples/gongnong-2021.nianbao");

#[derive(Debug, Clone)]
struct HCell {
    tag: String,
    text: String,
    colspan: usize,
    rowspan: usize,
    class: String,
    id: Option<String>,
}

#[derive(Debug)]
struct HTable {
    attrs: String,
    /// `<thead>` rows, then `<tbody>` rows.
    head: usize,
    rows: Vec<Vec<HCell>>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let pat = format!(" {name}=\"");
    let start = attrs.find(&pat)? + pat.len();
    let len = attrs[start..].find('"')?;
    Some(attrs[start..start + len].to_string())
}

/// The tables of a page (the renderer's own output: regular enough for a
/// small reader, and no parser dependency for the crate).
fn tables(html: &str) -> Vec<HTable> {
    let table = Regex::new(r"(?s)<table([^>]*)>(.*?)</table>").unwrap();
    let tr = Regex::new(r"(?s)<tr[^>]*>(.*?)</tr>").unwrap();
    let cell = Regex::new(r"(?s)<(th|td)([^>]*)>(.*?)</(?:th|td)>").unwrap();
    table
        .captures_iter(html)
        .map(|t| {
            let inner = &t[2];
            let head = inner
                .find("</thead>")
                .map_or(0, |end| tr.find_iter(&inner[..end]).count());
            let rows = tr
                .captures_iter(inner)
                .map(|r| {
                    cell.captures_iter(&r[1])
                        .map(|c| {
                            let a = &c[2];
                            // Annotations follow the cell text.
                            let text = c[3].split("<sup").next().unwrap_or("");
                            HCell {
                                tag: c[1].to_string(),
                                text: unescape(text),
                                colspan: attr(a, "colspan").map_or(1, |v| v.parse().unwrap()),
                                rowspan: attr(a, "rowspan").map_or(1, |v| v.parse().unwrap()),
                                class: attr(a, "class").unwrap_or_default(),
                                id: attr(a, "id"),
                            }
                        })
                        .collect()
                })
                .collect();
            HTable {
                attrs: t[1].to_string(),
                head,
                rows,
            }
        })
        .collect()
}

fn table_of<'h>(tables: &'h [HTable], template: &str) -> &'h HTable {
    tables
        .iter()
        .find(|t| {
            attr(&t.attrs, "data-template").is_some_and(|v| v.split(' ').any(|id| id == template))
        })
        .unwrap_or_else(|| panic!("no table laid out as {template}"))
}

/// The grid a browser lays out: slot → (row, index) of the cell covering
/// it. Panics when cells overlap or a row is not the table's width.
fn resolve(t: &HTable) -> Vec<Vec<(usize, usize)>> {
    let mut grid: Vec<Vec<Option<(usize, usize)>>> = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        let mut col = 0;
        for (i, c) in row.iter().enumerate() {
            while grid
                .get(r)
                .and_then(|g| g.get(col))
                .is_some_and(Option::is_some)
            {
                col += 1;
            }
            for dr in 0..c.rowspan {
                for dc in 0..c.colspan {
                    let (y, x) = (r + dr, col + dc);
                    if grid.len() <= y {
                        grid.resize(y + 1, Vec::new());
                    }
                    if grid[y].len() <= x {
                        grid[y].resize(x + 1, None);
                    }
                    assert!(grid[y][x].is_none(), "cells overlap at {y},{x}: {c:?}");
                    grid[y][x] = Some((r, i));
                }
            }
            col += c.colspan;
        }
    }
    assert_eq!(grid.len(), t.rows.len(), "a rowspan runs past the table");
    let width = grid[0].len();
    grid.into_iter()
        .enumerate()
        .map(|(y, row)| {
            assert_eq!(row.len(), width, "row {y} is not {width} columns wide");
            row.into_iter()
                .enumerate()
                .map(|(x, s)| s.unwrap_or_else(|| panic!("hole at {y},{x}")))
                .collect()
        })
        .collect()
}

/// The cell whose text is `text` (exactly one).
fn cell<'h>(t: &'h HTable, text: &str) -> &'h HCell {
    let found: Vec<&HCell> = t.rows.iter().flatten().filter(|c| c.text == text).collect();
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found[0]
}

/// Slots (row, column) covered by the cell with this text.
fn slots(t: &HTable, text: &str) -> BTreeSet<(usize, usize)> {
    let g = resolve(t);
    let mut out = BTreeSet::new();
    for (y, row) in g.iter().enumerate() {
        for (x, &(r, i)) in row.iter().enumerate() {
            if t.rows[r][i].text == text {
                out.insert((y, x));
            }
        }
    }
    out
}

fn rect(rows: std::ops::Range<usize>, cols: std::ops::Range<usize>) -> BTreeSet<(usize, usize)> {
    rows.flat_map(|y| cols.clone().map(move |x| (y, x)))
        .collect()
}

fn page(text: &str) -> String {
    render(&Document::parse(text), None)
}

#[test]
fn table3_header_is_the_official_merged_block_in_both_editions() {
    for (text, edition) in [(VALID_2021, "2021"), (VALID_2019, "2019")] {
        let html = page(text);
        let ts = tables(&html);
        let t3 = table_of(&ts, "t3");
        let g = resolve(t3);
        assert_eq!(g[0].len(), 10, "{edition}: 3 label + 7 value columns");
        assert_eq!(t3.head, 3, "{edition}: three header rows");
        // The note fills the corner, 3 × 3.
        let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
        assert_eq!(slots(t3, note), rect(0..3, 0..3), "{edition}");
        assert_eq!(slots(t3, "申请人情况"), rect(0..1, 3..10), "{edition}");
        assert_eq!(slots(t3, "自然人"), rect(1..3, 3..4), "{edition}");
        assert_eq!(slots(t3, "法人或其他组织"), rect(1..2, 4..9), "{edition}");
        for (i, leaf) in [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                slots(t3, leaf),
                rect(2..3, 4 + i..5 + i),
                "{edition} {leaf}"
            );
        }
        assert_eq!(slots(t3, "总计"), rect(1..3, 9..10), "{edition}");
        // The note paragraph is not repeated above the table.
        assert_eq!(html.matches(note).count(), 1, "{edition}");
    }
}

#[test]
fn table3_groups_are_rowspans_as_in_the_official_table() {
    // 2021: 三 spans 22 rows, （六）其他处理 is a group of three.
    let html = page(VALID_2021);
    let ts = tables(&html);
    let t3 = table_of(&ts, "t3");
    let first = t3.head + 2; // after 一、二
    assert_eq!(
        slots(t3, "三、本年度办理结果"),
        rect(first..first + 22, 0..1)
    );
    let span = |label: &str| {
        let c = cell(t3, label);
        (c.rowspan, c.colspan)
    };
    assert_eq!(span("（三）不予公开"), (8, 1));
    assert_eq!(span("（四）无法提供"), (3, 1));
    assert_eq!(span("（五）不予处理"), (5, 1));
    assert_eq!(span("（六）其他处理"), (3, 1));
    assert_eq!(span("（一）予以公开"), (1, 2));
    assert_eq!(span("（七）总计"), (1, 2));
    assert_eq!(span("1.属于国家秘密"), (1, 1));
    assert_eq!(span("一、本年新收政府信息公开申请数量"), (1, 3));
    assert_eq!(span("四、结转下年度继续办理"), (1, 3));
    // 25 data rows, each with 7 values; group rows have none of their own.
    let body = &t3.rows[t3.head..];
    assert_eq!(body.len(), 25);
    for row in body {
        assert_eq!(row.iter().filter(|c| c.tag == "td").count(), 7, "{row:?}");
    }

    // 2019: （六）其他处理 is one data row; 三 spans 20.
    let html = page(VALID_2019);
    let ts = tables(&html);
    let t3 = table_of(&ts, "t3");
    let first = t3.head + 2;
    assert_eq!(
        slots(t3, "三、本年度办理结果"),
        rect(first..first + 20, 0..1)
    );
    let c = cell(t3, "（六）其他处理");
    assert_eq!((c.rowspan, c.colspan, c.tag.as_str()), (1, 2, "th"));
    assert_eq!(t3.rows.len() - t3.head, 23);
}

#[test]
fn table4_is_one_row_of_fifteen_under_three_header_levels() {
    for text in [VALID_2021, VALID_2019, EXAMPLE] {
        let html = page(text);
        let ts = tables(&html);
        let t4 = table_of(&ts, "t4");
        let g = resolve(t4);
        assert_eq!(g[0].len(), 15);
        assert_eq!(t4.head, 3);
        assert_eq!(t4.rows.len(), 4, "three header rows and one of values");
        assert_eq!(slots(t4, "行政复议"), rect(0..2, 0..5));
        assert_eq!(slots(t4, "行政诉讼"), rect(0..1, 5..15));
        assert_eq!(slots(t4, "未经复议直接起诉"), rect(1..2, 5..10));
        assert_eq!(slots(t4, "复议后起诉"), rect(1..2, 10..15));
        let leaves: Vec<&str> = t4.rows[2].iter().map(|c| c.text.as_str()).collect();
        let five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        assert_eq!(leaves, five.repeat(3));
    }
    // The values are the three written rows, in order.
    let html = page(EXAMPLE);
    let ts = tables(&html);
    let values: Vec<&str> = table_of(&ts, "t4").rows[3]
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        values,
        ["0", "0", "0", "0", "0", "0", "0", "9", "2", "11", "0", "0", "0", "0", "0"]
    );
}

#[test]
fn table2_sub_tables_share_one_grid() {
    // 2021: widths 3, 1, 1, 1 → 1 + 3 columns; single values span 3.
    let html = page(VALID_2021);
    let ts = tables(&html);
    let t2 = table_of(&ts, "t2-1");
    assert_eq!(
        attr(&t2.attrs, "data-template").unwrap(),
        "t2-1 t2-5 t2-6 t2-8"
    );
    assert_eq!(resolve(t2)[0].len(), 4);
    for caption in [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ] {
        assert_eq!(cell(t2, caption).colspan, 4, "{caption}");
    }
    assert_eq!(cell(t2, "本年收费金额（单位：万元）").colspan, 3);
    assert_eq!(cell(t2, "本年制发件数").colspan, 1);
    // The captions are table rows, not headings as well.
    assert!(!html.contains("<h3"));

    // 2019: widths 3, 3, 3, 2, 2 → 1 + 6; three columns span 2, two span 3.
    let html = page(VALID_2019);
    let ts = tables(&html);
    let t2 = table_of(&ts, "t2-9");
    assert_eq!(resolve(t2)[0].len(), 7);
    assert_eq!(cell(t2, "本年新制作数量").colspan, 2);
    assert_eq!(cell(t2, "采购总金额").colspan, 3);
    assert_eq!(cell(t2, "第二十条第（九）项").colspan, 7);
}

#[test]
fn a_sub_table_separated_from_the_others_by_prose_gets_its_own_grid() {
    let text = edit(
        VALID_2021,
        "### 第二十条第（五）项",
        "说明：本年无新增规章。\n\n### 第二十条第（五）项",
    );
    let html = page(&text);
    let ts = tables(&html);
    assert_eq!(
        attr(&table_of(&ts, "t2-1").attrs, "data-template").unwrap(),
        "t2-1"
    );
    assert_eq!(
        attr(&table_of(&ts, "t2-5").attrs, "data-template").unwrap(),
        "t2-5 t2-6 t2-8"
    );
    assert!(html.contains("说明：本年无新增规章。"));
}

#[test]
fn group_rows_left_out_of_the_text_are_still_merged_cells() {
    let mut text = VALID_2021.to_string();
    for g in [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ] {
        let line = format!("| {g} |  |  |  |  |  |  |  |\n");
        assert!(text.contains(&line), "{g}");
        text = text.replace(&line, "");
    }
    let ts = tables(&page(&text));
    let t3 = table_of(&ts, "t3");
    assert_eq!(cell(t3, "三、本年度办理结果").rowspan, 22);
    assert_eq!(cell(t3, "（三）不予公开").rowspan, 8);
    assert_eq!(cell(t3, "（六）其他处理").rowspan, 3);
}

#[test]
fn a_group_row_with_numbers_keeps_them_beside_its_label() {
    let text = edit(
        VALID_2021,
        "| （四）无法提供 |  |  |  |  |  |  |  |",
        "| （四）无法提供 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    );
    let ts = tables(&page(&text));
    let t3 = table_of(&ts, "t3");
    resolve(t3);
    // The label spans its own line and its three items.
    assert_eq!(cell(t3, "（四）无法提供").rowspan, 4);
    let own = t3
        .rows
        .iter()
        .find(|r| r.iter().any(|c| c.text == "（四）无法提供"))
        .unwrap();
    let nums: Vec<&str> = own
        .iter()
        .filter(|c| c.tag == "td" && !c.class.contains("nb-filler"))
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(nums, ["1", "0", "0", "0", "0", "0", "1"]);
}

#[test]
fn tables_that_do_not_fit_a_template_are_rendered_as_written() {
    // An extra column: the official layout would drop it.
    let text = edit(
        VALID_2021,
        "| 复议诉讼情况 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
        "| 复议诉讼情况 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 备注 |",
    )
    .replace(
        "| 行政复议 | 1 | 0 | 0 | 1 | 2 |",
        "| 行政复议 | 1 | 0 | 0 | 1 | 2 | 含1件听证 |",
    );
    let text = format!("{text}\n| 项目 | 数量 |\n| --- | --- |\n| 网站访问 | 1200 |\n");
    let html = page(&text);
    let ts = tables(&html);
    let plain: Vec<&HTable> = ts.iter().filter(|t| t.attrs.contains("nb-plain")).collect();
    assert_eq!(plain.len(), 2);
    let t4 = plain[0];
    assert_eq!(resolve(t4)[0].len(), 7);
    assert_eq!(t4.rows[1].last().unwrap().text, "含1件听证");
    assert_eq!(t4.rows.len(), 4);
    assert_eq!(cell(plain[1], "1200").tag, "td");
}

#[test]
fn every_text_is_escaped() {
    let text = edit(
        VALID_2021,
        "本年度未收取信息处理费。",
        "<script>alert('x')</script> & \"q\"",
    )
    .replace("# 某某", "# <b>某某</b>")
    .replace(
        "| 信息内容 | 本年制发件数",
        "| <i>信息内容</i> | 本年制发件数",
    );
    let text =
        format!("{text}\n| <img src=x onerror=alert(1)> | a&b |\n| --- | --- |\n| 1 | 2 |\n");
    let html = page(&text);
    for raw in ["<script>", "<b>某某", "<img", "<i>"] {
        assert!(!html.contains(raw), "{raw} left unescaped");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("a&amp;b"));
    // The title too, in <title> and <h1>.
    assert_eq!(html.matches("&lt;b&gt;某某").count(), 2, "{html}");
}

#[test]
fn page_is_standalone_chinese_with_print_css() {
    let html = page(VALID_2021);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("Noto Serif CJK SC"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert!(html.contains("break-inside: avoid"));
    // Nothing loaded from elsewhere, no script.
    for external in ["<link", "<script", "src=", "url(", "@import", "http"] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(!html.contains("nb-flag"));
    assert!(!html.contains("检查结果"));
    // Title, sections and prose.
    assert!(html.contains("<title>某某区人民政府2022年政府信息公开工作年度报告</title>"));
    assert_eq!(html.matches("<h2 class=\"nb-section\">").count(), 6);
    assert!(html.contains("本年度未收取信息处理费。"));
}

/// Element ids of the flagged cells (`td`/`th` with `nb-flag`).
fn flagged_cells(html: &str) -> Vec<(String, String)> {
    tables(html)
        .iter()
        .flat_map(|t| t.rows.iter().flatten())
        .filter(|c| c.class.contains("nb-flag"))
        .map(|c| (c.id.clone().unwrap_or_default(), c.text.clone()))
        .collect()
}

#[test]
fn annotate_marks_exactly_the_cells_check_flags() {
    let doc = Document::parse(EXAMPLE);
    let diags = check(EXAMPLE);
    let html = render(&doc, Some(&diags));
    // The cells check flags: diagnostics whose span lies in a table cell.
    let cells: BTreeSet<String> = doc
        .tables()
        .flat_map(|t| std::iter::once(&t.header).chain(&t.rows))
        .flat_map(|r| &r.cells)
        .filter(|c| {
            diags
                .iter()
                .any(|d| c.span.start <= d.span.start && d.span.end <= c.span.end)
        })
        .map(|c| format!("src-{}-{}", c.span.start, c.span.end))
        .collect();
    assert_eq!(cells.len(), 2, "（七）总计 of 自然人 and of 总计");
    let flagged = flagged_cells(&html);
    let ids: BTreeSet<String> = flagged.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(ids, cells);
    assert_eq!(flagged.len(), 2);
    assert!(flagged.iter().all(|(_, text)| text == "0"));
    // Each carries its messages and the expected value on hover.
    for id in &cells {
        let start = html.find(&format!("id=\"{id}\"")).unwrap();
        let cell = &html[start..start + html[start..].find("</td>").unwrap()];
        assert!(cell.contains("class=\"nb-tip\""));
        assert!(cell.contains("NB302 错误"));
        assert!(cell.contains("NB303 错误"));
        assert!(cell.contains("应为 1"));
    }
    // The headings NB113/NB114/NB402 point at are marked too, and every
    // diagnostic is listed, linked to its element.
    assert_eq!(html.matches("<h2 class=\"nb-section nb-flag").count(), 2);
    assert_eq!(html.matches("<li id=\"nb-d").count(), diags.len());
    assert_eq!(diags.len(), 7);
    let link = Regex::new(r##"href="#(src-\d+-\d+)""##).unwrap();
    for (i, d) in diags.iter().enumerate() {
        let li = format!("<li id=\"nb-d{}\"", i + 1);
        let at = html.find(&li).unwrap();
        let item = &html[at..at + html[at..].find("</li>").unwrap()];
        assert!(item.contains(&format!("<code>{}</code>", d.code)));
        let id = &link.captures(item).expect("linked")[1];
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("检查发现 4 个错误、2 个警告、1 个提示。"));
}

#[test]
fn annotate_marks_rows_labels_and_blank_cells() {
    // A blank cell (NB201), a wrong row total (NB301) and an unknown row
    // label (NB123).
    let text = edit(
        VALID_2021,
        "| （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
        "| （一）予以公开 | 3 |  | 0 | 0 | 0 | 0 | 5 |",
    );
    let text = edit(&text, "| 2.重复申请 |", "| 2.重复申请事项 |");
    let diags = check(&text);
    let codes: BTreeSet<&str> = diags.iter().map(|d| d.code).collect();
    for c in ["NB201", "NB123"] {
        assert!(codes.contains(c), "{codes:?}");
    }
    let html = render(&Document::parse(&text), Some(&diags));
    let flagged = flagged_cells(&html);
    let texts: Vec<&str> = flagged.iter().map(|(_, t)| t.as_str()).collect();
    assert!(texts.contains(&""), "the blank cell: {flagged:?}");
    assert!(texts.contains(&"2.重复申请事项"), "{flagged:?}");
    // Every diagnostic on the table is placed on an element of it.
    for (i, d) in diags.iter().enumerate() {
        let li = format!("<li id=\"nb-d{}\"", i + 1);
        let at = html.find(&li).unwrap();
        let item = &html[at..at + html[at..].find("</li>").unwrap()];
        assert!(item.contains("href=\"#src-"), "{} unlinked: {item}", d.code);
    }
}

#[test]
fn a_clean_report_annotated_says_so() {
    let diags = check(VALID_2021);
    assert!(diags.is_empty());
    let html = render(&Document::parse(VALID_2021), Some(&diags));
    assert!(html.contains("检查没有发现问题。"));
    assert!(!html.contains("class=\"nb-tip\""));
}

#[test]
fn broken_and_odd_documents_render_without_panicking() {
    // Cut inside 表三.
    let truncated: String = VALID_2021.lines().take(60).collect::<Vec<_>>().join("\n");
    for text in [
        "",
        "# 标题",
        "| a |\n",
        "| a | b |\n| --- |\n| 1 | 2 | 3 | 4 |\n",
        "## 三、收到和处理政府信息公开申请情况\n\n| 申请人情况 | 自然人 |\n| --- | --- |\n| （三）不予公开 | |\n",
        &truncated,
        &VALID_2019.replace("\n", "\r\n"),
    ] {
        let html = page(text);
        for t in tables(&html) {
            resolve(&t);
        }
        let diags = check(text);
        render(&Document::parse(text), Some(&diags));
    }
}

#[test]
fn rows_out_of_order_still_resolve_to_a_rectangular_table() {
    // 1.属于国家秘密 moved below （四）: its group opens again.
    let line = "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    assert!(VALID_2021.contains(line));
    let text = VALID_2021.replacen(line, "", 1).replacen(
        "| （五）不予处理 |",
        &format!("{line}| （五）不予处理 |"),
        1,
    );
    let ts = tables(&page(&text));
    let t3 = table_of(&ts, "t3");
    resolve(t3);
    let groups: Vec<&HCell> = t3
        .rows
        .iter()
        .flatten()
        .filter(|c| c.text == "（三）不予公开")
        .collect();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups.iter().map(|c| c.rowspan).sum::<usize>(), 8);
}
