//! Unit tests of the import core. The corpus tests (every number of every
//! table, checked against hand-written fixtures) are in
//! `server/tests/import.rs`.

use super::draft::{Block, Draft, Grid, Loc, SpannedCell};
use super::*;

fn spanned(rows: &[&[(&str, usize, usize)]]) -> Vec<Vec<SpannedCell>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|&(t, rs, cs)| SpannedCell {
                    text: t.to_string(),
                    loc: Loc::default(),
                    rowspan: rs,
                    colspan: cs,
                })
                .collect()
        })
        .collect()
}

fn texts(g: &Grid) -> Vec<Vec<&str>> {
    g.rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

#[test]
fn rowspan_and_colspan_are_resolved_into_copies() {
    let g = Grid::from_spanned(
        spanned(&[
            &[("角", 2, 1), ("甲", 1, 2)],
            &[("乙", 1, 1), ("丙", 1, 1)],
            &[("行", 1, 1), ("1", 1, 1), ("2", 1, 1)],
        ]),
        Loc::default(),
    );
    assert_eq!(
        texts(&g),
        [
            vec!["角", "甲", "甲"],
            vec!["角", "乙", "丙"],
            vec!["行", "1", "2"]
        ]
    );
    assert_eq!(g.rows[1][0].origin, Some((0, 0)));
    assert_eq!(g.rows[0][2].origin, Some((0, 1)));
    assert_eq!(g.rows[2][1].origin, None);
}

#[test]
fn absurd_spans_are_capped() {
    let g = Grid::from_spanned(
        spanned(&[&[("a", 1, 1_000_000)], &[("b", 1_000_000, 1)]]),
        Loc::default(),
    );
    assert!(g.width() <= 1000);
    assert!(g.rows.len() <= 2);
    // Many big spans: not expanded at all (a few hundred MB otherwise).
    let row: Vec<(&str, usize, usize)> = vec![("x", 900, 900); 50];
    let rows: Vec<&[(&str, usize, usize)]> = vec![&row; 900];
    let cells = spanned(&rows);
    assert!(Grid::too_many_spanned(&cells));
    let g = Grid::from_spanned(cells, Loc::default());
    assert_eq!((g.rows.len(), g.width()), (900, 50));
}

fn raw(rows: &[&[&str]]) -> Vec<Vec<(String, Loc)>> {
    rows.iter()
        .map(|r| r.iter().map(|t| (t.to_string(), Loc::default())).collect())
        .collect()
}

#[test]
fn copied_table_header_is_aligned_bottom_up() {
    // 表三 as copied from a page: the corner once, rowspan positions empty.
    let g = Grid::from_spanless(
        raw(&[
            &["（本列数据的勾稽关系为：…）", "申请人情况"],
            &["", "自然人", "法人或其他组织", "总计"],
            &[
                "",
                "",
                "商业\n企业",
                "科研\n机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "",
            ],
            &[
                "一、本年新收政府信息公开申请数量",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ],
            &[
                "三、本年度办理结果",
                "（一）予以公开",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ],
            &[
                "",
                "（三）不予公开",
                "1.属于国家秘密",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
            &[
                "",
                "",
                "2.其他法律行政法规禁止公开",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
        ]),
        Loc::default(),
    );
    let t = texts(&g);
    assert_eq!(t[1][3], "自然人");
    assert_eq!(t[2][3], "自然人");
    assert_eq!(t[1][4..9], ["法人或其他组织"; 5]);
    assert_eq!(t[2][4], "商业\n企业");
    assert_eq!(t[2][9], "总计");
    assert_eq!(t[0][3..10], ["申请人情况"; 7]);
    // Labels: the short row's label spans, empty entries copy the cell above.
    assert_eq!(t[3][..3], ["一、本年新收政府信息公开申请数量"; 3]);
    assert_eq!(
        t[5][..3],
        ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    );
    assert_eq!(g.rows[6][0].origin, Some((4, 0)));
    assert_eq!(g.rows[6][1].origin, Some((5, 1)));
    assert_eq!(t[6][3..], ["0"; 7]);
}

#[test]
fn copied_t4_header_splits_the_litigation_columns() {
    let leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut h3: Vec<&str> = vec![""; 5];
    h3.extend(leaves);
    h3.extend(leaves);
    let mut h2: Vec<&str> = leaves.to_vec();
    h2.extend(["未经复议直接起诉", "复议后起诉"]);
    let data: Vec<&str> = (0..15).map(|i| if i == 7 { "9" } else { "0" }).collect();
    let g = Grid::from_spanless(
        raw(&[&["行政复议", "行政诉讼"], &h2, &h3, &data]),
        Loc::default(),
    );
    let t = texts(&g);
    assert_eq!(t[0][..5], ["行政复议"; 5]);
    assert_eq!(t[0][5..], ["行政诉讼"; 10]);
    assert_eq!(t[1][5..10], ["未经复议直接起诉"; 5]);
    assert_eq!(t[1][10..], ["复议后起诉"; 5]);
    assert_eq!(t[2][0], "结果维持");
    assert_eq!(t[2][12], "其他结果");
}

fn draft_of(blocks: Vec<Block>) -> Draft {
    Draft {
        blocks,
        ..Default::default()
    }
}

fn text_block(t: &str) -> Block {
    Block::Text {
        text: t.to_string(),
        loc: Loc::default(),
        heading: None,
    }
}

#[test]
fn a_15_value_t4_row_becomes_three_template_rows() {
    let leaves = ["结果维持", "结果\n纠正", "其他结果", "尚未审结", "总计"];
    let mut cells: Vec<(&str, usize, usize)> = vec![("行政复议", 1, 5), ("行政诉讼", 1, 10)];
    let mut h2: Vec<(&str, usize, usize)> = leaves.iter().map(|l| (*l, 2, 1)).collect();
    h2.extend([("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]);
    let h3: Vec<(&str, usize, usize)> = leaves.iter().chain(&leaves).map(|l| (*l, 1, 1)).collect();
    let values = [
        "1", "0", "0", "0", "1", "0", "2", "0", "3", "5", "0", "0", "0", "0", "0",
    ];
    let data: Vec<(&str, usize, usize)> = values.iter().map(|v| (*v, 1, 1)).collect();
    let rows = [std::mem::take(&mut cells), h2, h3, data];
    let rows: Vec<&[(&str, usize, usize)]> = rows.iter().map(Vec::as_slice).collect();
    let grid = Grid::from_spanned(spanned(&rows), Loc::default());
    let out = emit::emit(&draft_of(vec![
        text_block("2022年某某局政府信息公开工作年度报告"),
        text_block("四、政府信息公开行政复议、行政诉讼情况"),
        Block::Table(grid),
    ]));
    assert!(
        out.text.contains(
            "| 复议诉讼情况 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n\
         | 行政复议 | 1 | 0 | 0 | 0 | 1 |\n\
         | 行政诉讼（未经复议直接起诉） | 0 | 2 | 0 | 3 | 5 |\n\
         | 行政诉讼（复议后起诉） | 0 | 0 | 0 | 0 | 0 |"
        ),
        "{}",
        out.text
    );
    assert!(out.unplaced.is_empty());
}

#[test]
fn labels_are_canonical_only_when_the_difference_is_formatting() {
    let grid = Grid::from_spanned(
        spanned(&[
            &[
                ("信息内容", 1, 1),
                ("本年制发\n件数", 1, 1),
                ("本年废止件数", 1, 1),
                ("现行有效件数", 1, 1),
            ],
            &[("规 章", 1, 1), ("1", 1, 1), ("0", 1, 1), ("5", 1, 1)],
            &[("规范性文件", 1, 1), ("2", 1, 1), ("0", 1, 1), ("", 1, 1)],
        ]),
        Loc::default(),
    );
    let out = emit::emit(&draft_of(vec![
        text_block("2022年某某局政府信息公开工作年度报告"),
        text_block("二、主动公开政府信息情况"),
        text_block("第二十条第(一)项"),
        Block::Table(grid),
    ]));
    // Header and caption in the template's spelling; 规章 too (a space);
    // 规范性文件 is a 2019 label (NB128 in a 2021 report): kept; blank stays blank.
    assert!(
        out.text.contains(
            "### 第二十条第（一）项\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
        ),
        "{}",
        out.text
    );
    assert!(out.text.contains("| 规章 | 1 | 0 | 5 |"), "{}", out.text);
    assert!(
        out.text.contains("| 规范性文件 | 2 | 0 |  |"),
        "{}",
        out.text
    );
}

#[test]
fn headings_are_written_as_published() {
    let out = emit::emit(&draft_of(vec![
        text_block("2021年度政府信息公开工作报告"),
        text_block("现将某某区人民政府2021年信息公开工作年度报告予以公布。"),
        text_block("一、总体情况"),
        text_block("五、我区存在的不足"),
        text_block("6、 其他需要报告的事项"),
        text_block("无"),
    ]));
    assert!(
        out.text
            .starts_with("---\n机关: 某某区人民政府\n年度: 2021\n---\n"),
        "{}",
        out.text
    );
    assert!(out.text.contains("\n## 五、我区存在的不足\n"));
    let titled = emit::emit(&draft_of(vec![text_block(
        "某某市人民政府办公室关于2021年政府信息公开工作年度报告",
    )]));
    assert!(
        titled
            .text
            .starts_with("---\n机关: 某某市人民政府办公室\n年度: 2021\n---\n"),
        "{}",
        titled.text
    );
    assert!(out.text.contains("\n## 6、 其他需要报告的事项\n\n无\n"));
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    assert_eq!(
        import(b"%PDF-1.7\n%\xe2\xe3", None).unwrap_err(),
        ImportError::PdfCorrupt
    );
    // A zip is read as Word: a truncated one is a damaged .docx.
    assert!(matches!(
        import(b"PK\x03\x04\x00\x00", None).unwrap_err(),
        ImportError::BadDocx { .. }
    ));
    assert_eq!(
        import(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None).unwrap_err(),
        ImportError::Binary
    );
    // Declared UTF-8, written in GBK: refused, with what it looks like.
    assert!(matches!(
        import(b"<html><head><meta charset=\"utf-8\"></head><body><p>\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xc7\xe9\xbf\xf6</p></body></html>", None),
        Err(ImportError::Encoding { declared: Some(d), .. }) if d == "utf-8"
    ));
    assert_eq!(
        import(
            b"<html><body><p>hello</p><table><tr><td>1</td></tr></table></body></html>",
            None
        )
        .unwrap_err(),
        ImportError::NoReport {
            format: Format::Html
        }
    );
    let big = vec![b' '; MAX_INPUT + 1];
    assert!(matches!(
        import(&big, None),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn every_number_is_placed_or_reported() {
    // A row with two value cells under one header cell.
    let grid = Grid::from_spanned(
        spanned(&[
            &[("信息内容", 1, 1), ("本年处理决定数量", 1, 2)],
            &[("行政许可", 1, 1), ("7", 1, 1), ("8", 1, 1)],
        ]),
        Loc::place("表格1"),
    );
    let draft = draft_of(vec![
        text_block("2022年某某局政府信息公开工作年度报告"),
        text_block("二、主动公开政府信息情况"),
        text_block("第二十条第（五）项"),
        Block::Table(grid),
    ]);
    let out = emit::emit(&draft);
    let mut unplaced = out.unplaced.clone();
    audit::lost_numbers(&draft, &out.text, &mut unplaced);
    let all: String = unplaced.iter().map(|u| u.to_string()).collect();
    assert!(all.contains('8'), "{unplaced:?}\n{}", out.text);
    assert!(out.text.contains("| 行政许可 | 7 |"), "{}", out.text);
}

#[test]
fn short_copied_rows_are_padded() {
    // A copy cut off in the middle of a row: the grid stays rectangular.
    let g = Grid::from_spanless(
        raw(&[
            &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            &["规章", "1", "2", "3"],
            &["行政规范性文件", "4", "5", "6"],
            &["7"],
        ]),
        Loc::default(),
    );
    assert!(
        g.rows.iter().all(|r| r.len() == g.width()),
        "{:?}",
        texts(&g)
    );
    let out = emit::emit(&draft_of(vec![
        text_block("2022年某某局政府信息公开工作年度报告"),
        text_block("二、主动公开政府信息情况"),
        Block::Table(g),
    ]));
    assert!(out.text.contains('7'), "{}", out.text);
}

const HEAD: &str = "<p>2022年某某局政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>";

#[test]
fn html_caption_element_names_the_sub_table() {
    let page = format!(
        "{HEAD}<table><caption>第二十条第（五）项</caption>\
         <tr><th>信息内容</th><th>本年处理决定数量</th></tr>\
         <tr><td>行政许可</td><td>3</td></tr></table>"
    );
    let i = import(page.as_bytes(), None).unwrap();
    assert!(
        i.text.contains("### 第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | 3 |"),
        "{}",
        i.text
    );
}

#[test]
fn html_table_without_numbers_is_prose() {
    // A signature block laid out as a table is not a report table.
    let page = format!(
        "{HEAD}<p>六、其他需要报告的事项</p><p>无。</p>\
         <table><tr><td>某某局</td><td>2023年1月17日</td></tr></table>"
    );
    let i = import(page.as_bytes(), None).unwrap();
    assert!(
        i.text.ends_with("无。\n\n某某局 2023年1月17日\n"),
        "{}",
        i.text
    );
    assert!(!i.text.contains("| 某某局"));
}

#[test]
fn copied_text_heading_right_after_a_table_is_a_heading() {
    let text = "2022年某某局政府信息公开工作年度报告\n\
                二、主动公开政府信息情况\n\
                \t第二十条第（五）项\n\n\
                \t信息内容\n\t本年处理决定数量\n\n\
                \t行政许可\n\t3\n\
                三、收到和处理政府信息公开申请情况\n\
                \t正文缩进的一段话。\n\n\
                \t又一段。\n";
    let i = import(text.as_bytes(), Some(Format::Text)).unwrap();
    assert!(
        i.text.contains("| 行政许可 | 3 |\n\n## 三、收到和处理政府信息公开申请情况\n\n正文缩进的一段话。\n\n又一段。\n"),
        "{}",
        i.text
    );
}

#[test]
fn nesting_depth_estimate() {
    assert_eq!(html::nesting_depth("<div><p>a<p>b<br><img src=x></div>"), 1);
    assert_eq!(html::nesting_depth("<div><div/><span>x</span></div>"), 2);
    // Tags inside scripts and comments do not count.
    assert_eq!(
        html::nesting_depth("<script>'<div><div><div>'</script><!-- <div><div> --><b>x</b>"),
        1
    );
    let deep = "<div>".repeat(5000);
    assert!(html::nesting_depth(&deep) > html::MAX_DEPTH);
    // A real saved page is shallow.
    let page = include_str!("../../../tests/fixtures/import/shuyang-fgj-2023.html");
    assert!(
        html::nesting_depth(page) < 40,
        "{}",
        html::nesting_depth(page)
    );
}

#[test]
fn header_text_the_template_does_not_know_is_kept_as_prose() {
    let page = format!(
        "{HEAD}<table><tr><td colspan=4>第二十条第（一）项</td></tr>\
         <tr><td rowspan=2>信息内容</td><td colspan=3>2022年度（单位：件）</td></tr>\
         <tr><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\
         <tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr>\
         <tr><td>行政规范性文件</td><td>2</td><td>0</td><td>7</td></tr></table>"
    );
    let i = import(page.as_bytes(), None).unwrap();
    assert!(
        i.text.contains(
            "### 第二十条第（一）项\n\n2022年度（单位：件）\n\n| 信息内容 | 本年制发件数 |"
        ),
        "{}",
        i.text
    );
    assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
}

/// A report whose six sections are prose under the template's titles,
/// followed by `附表` and the statutory sections again (numbered as in the
/// body, or restarted at 一), each with its table.
fn appendix_report(restart: bool) -> (String, String) {
    let (s2, s3) = if restart {
        (
            "一、主动公开政府信息情况",
            "二、收到和处理政府信息公开申请情况",
        )
    } else {
        (
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
        )
    };
    let body = "2023年某某局政府信息公开工作年度报告\n一、总体情况\n某某局扎实推进政务公开工作。\n\
二、主动公开政府信息情况\n全年主动公开政府信息 120 条。\n\
三、收到和处理政府信息公开申请情况\n全年收到申请 34 件。\n\
四、政府信息公开行政复议、行政诉讼情况\n本年度无行政复议。\n\
五、存在的主要问题及改进情况\n公开的及时性有待提高。\n\
六、其他需要报告的事项\n本年度未收取任何费用。\n附表\n";
    let text = format!(
        "{body}{s2}\n第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 97 |\n\
{s3}\n| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n\
| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |\n"
    );
    let html = text
        .lines()
        .map(|l| match l.strip_prefix("| ") {
            Some(row) if !l.starts_with("|---") => format!(
                "<table><tr>{}</tr></table>",
                row.trim_end_matches(" |")
                    .split(" | ")
                    .map(|c| format!("<td>{c}</td>"))
                    .collect::<String>()
            ),
            _ if l.starts_with("|---") => String::new(),
            _ => format!("<p>{l}</p>"),
        })
        .collect::<String>()
        // One table per statutory table: rows of a table are adjacent.
        .replace("</tr></table><table><tr>", "</tr><tr>");
    (text, html)
}

#[test]
fn an_appendix_of_tables_after_the_six_sections_lands_in_its_sections() {
    for restart in [false, true] {
        let (text, html) = appendix_report(restart);
        for (input, format) in [
            (text.as_bytes(), Some(Format::PdfText)),
            (html.as_bytes(), None),
        ] {
            let i = import(input, format).unwrap();
            let t = &i.text;
            let what = format!("restart {restart}, {format:?}:\n{t}");
            // Every section once, in order; each table after its section's
            // prose, before the next section.
            for h in [
                "## 二、主动公开政府信息情况",
                "## 三、收到和处理政府信息公开申请情况",
            ] {
                assert_eq!(t.matches(h).count(), 1, "{what}");
            }
            let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} missing: {what}"));
            assert!(at("## 二、") < at("全年主动公开政府信息"), "{what}");
            assert!(
                at("全年主动公开政府信息") < at("| 行政许可 | 97 |"),
                "{what}"
            );
            assert!(at("| 行政许可 | 97 |") < at("## 三、"), "{what}");
            assert!(
                at("全年收到申请") < at("| 一、本年新收政府信息公开申请数量 | 32 |"),
                "{what}"
            );
            assert!(
                at("| 一、本年新收政府信息公开申请数量 | 32 |") < at("## 四、"),
                "{what}"
            );
            assert!(!t.contains("## 一、主动公开"), "{what}");
            assert!(
                i.notes
                    .iter()
                    .any(|n| n.contains("附表") && n.contains("正文同名一节")),
                "{:?}",
                i.notes
            );
        }
    }
}

#[test]
fn mode_says_which_of_equally_common_values_wins() {
    use super::draft::{mode, Tie};
    assert_eq!(mode([3, 7, 7, 3, 5].into_iter(), Tie::Larger), Some(7));
    assert_eq!(mode([3, 7, 7, 3, 5].into_iter(), Tie::Smaller), Some(3));
    assert_eq!(mode([3, 7, 7].into_iter(), Tie::Smaller), Some(7));
    assert_eq!(mode(std::iter::empty(), Tie::Larger), None);
}

#[test]
fn a_table_of_contents_is_no_appendix() {
    // The six titles listed first with nothing under them, then the body:
    // nothing is moved under the contents' entries.
    let toc: String = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    .iter()
    .map(|t| format!("<p>{t}</p>"))
    .collect();
    let (_, html) = appendix_report(false);
    // The body only: its six sections, no appendix.
    let html = &html[..html.find("<p>附表</p>").unwrap()];
    let page = html.replacen(
        "<p>2023年某某局政府信息公开工作年度报告</p>",
        &format!("<p>2023年某某局政府信息公开工作年度报告</p>{toc}"),
        1,
    );
    let i = import(page.as_bytes(), None).unwrap();
    assert!(
        !i.notes.iter().any(|n| n.contains("附表")),
        "{:?}\n{}",
        i.notes,
        i.text
    );
    // The body's prose stays after the body's heading, not the contents'.
    let first = i.text.find("## 二、主动公开政府信息情况").unwrap();
    let prose = i.text.find("全年主动公开政府信息").unwrap();
    assert!(
        i.text[first + 1..prose].contains("## 二、主动公开政府信息情况"),
        "{}",
        i.text
    );
}
