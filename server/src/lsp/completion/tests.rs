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
    use skeleton::{Piece, Skeleton};
    let text = |s: &str| Piece::Text(s.into());
    let escaped = Skeleton {
        agency: String::new(),
        year: 2024,
        pieces: vec![text(r"a$1}\b")],
    };
    assert_eq!(escaped.snippet(), r"a\$1\}\\b");
    let skel = Skeleton {
        agency: "某某机关".into(),
        year: 2024,
        pieces: vec![
            text("---\n机关: "),
            Piece::Agency,
            text("\n---\n\n## 一、总体情况\n\n"),
            Piece::Prose("费用 $5 {x}".into()),
            text("\n"),
        ],
    };
    let t = skel.snippet();
    assert!(t.contains(r"${3:费用 \$5 {x\}}"), "{t}");
    assert_eq!(resolve(&t), skel.text());
    assert_eq!(
        skel.text(),
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
    assert!(accept(&snap, &items[0]).contains("### 第二十条第（五）项\n\n### 第二十条第（六）项"));
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
