use super::*;
use crate::diagnostic::{Diagnostic, Severity};
use pretty_assertions::assert_eq;

/// Every `.nianbao` file the repository ships: fixtures and examples.
fn corpus() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in ["tests/fixtures", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "nianbao") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), t));
                }
            }
        }
    }
    assert!(out.len() >= 3, "fixtures not found");
    out
}

/// Odd inputs: broken syntax, CRLF, BOM, ragged rows, CJK, tabs, emoji.
const ODD: &[&str] = &[
    "",
    "\n\n\n",
    "   \t\n",
    "\u{feff}",
    "\u{feff}| a | b |\n|---|--:|\n| 规章 | 1 |\n",
    "段落",
    "# 标题   \r\n\r\n\r\n\r\n正文\t\r\n",
    "第一行\n第二行\r\n第三行\r\n",
    "| a | b |\n| --- | --- |\n| 1 | 2\n",
    "| a | b |\n| 1 | 2 |\n",
    "|a|b|c|\n|:-|:-:|-:|\n|x|y|z|\n|很长的中文标签|1||\n|多|1|2|3|4|\n|少|\n",
    "|\n|-|\n|\n",
    "| 😀 | é́ |\n| --- | --- |\n| 😀😀 | 1 |\n",
    "  | 缩进 | 1 |\n  | --- | --- |\n  | 行 | 22 |\n",
    "<!-- 没有结束\n| a | b |\n| --- | --- |\n",
    "<!--\n\n\n多行注释  \n-->\n",
    "---\n机关: 某某\n\n\n年度: 2022   \n---\n",
    "| a | b |\n| --- | --- |\n<!-- 表内注释 -->\n| x | 1 |\n\n\n| c |\n| --- |\n",
    "| a\tb | c |\n| --- | --- |\n| 1 | 2 |\n",
    "| a | b |\n| --- | --- |\n| \u{feff}x | 1 |\n",
    "text\rwith lone cr\n",
    "| a | b |\r\n| --- | ---: |\r\n| 规章 | / |\r\n| 行政规范性文件 | １２ |",
    "## 一、总体情况\n| x | y |\n|---|---|\n|1|2|\n段落紧跟表格\n",
];

#[test]
fn aligns_tables_by_display_width() {
    let text =
        "| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政处罚 | 0 |\n| 行政强制 | 120 |\n";
    let want = "\
| 信息内容 | 本年处理决定数量 |
| -------- | ---------------: |
| 行政处罚 |                0 |
| 行政强制 |              120 |
";
    assert_eq!(format(text), want);
}

#[test]
fn alignment_follows_delimiter_and_numbers() {
    let text = "|标签|左|中|默认|\n|---|:---|:---:|---|\n|规章|1|1|1|\n|文件|文字|22|说明|\n||||\n";
    let want = "\
| 标签 | 左   | 中  | 默认 |
| ---- | :--- | :-: | ---- |
| 规章 | 1    |  1  |    1 |
| 文件 | 文字 | 22  | 说明 |
|      |      |     |
";
    assert_eq!(format(text), want);
}

#[test]
fn ragged_rows_keep_their_cells() {
    let text = "| a | b |\n| --- | --- |\n| 多 | 1 | 2 |\n| 少 |\n";
    let want = "\
| a   | b   |
| --- | --- |
| 多  |   1 |   2 |
| 少  |
";
    assert_eq!(format(text), want);
}

#[test]
fn prose_is_kept_but_whitespace_is_tidied() {
    let text = "\u{feff}# 标题  \r\n\r\n\r\n正文，数字 12 保持原样。\t\r\n\r\n\r\n";
    assert_eq!(
        format(text),
        "\u{feff}# 标题\r\n\r\n正文，数字 12 保持原样。\r\n"
    );
    // LF decided by the first line ending, applied throughout.
    assert_eq!(format("a\nb\r\nc"), "a\nb\nc\n");
    // Full-width spaces are content.
    assert_eq!(format("正文\u{3000}\n"), "正文\u{3000}\n");
}

#[test]
fn broken_tables_are_left_as_written() {
    // Missing closing pipe: that table is not touched (only trailing
    // space); the sound one before it is aligned.
    let text = "|x|y|\n|---|---|\n|1|2|\n\n## 标题\n\n| a |   b |\n| --- | --- |\n| 1 |  2  \n";
    assert_eq!(
        format(text),
        "| x   | y   |\n| --- | --- |\n| 1   |   2 |\n\n## 标题\n\n| a |   b |\n| --- | --- |\n| 1 |  2\n"
    );
    // No delimiter row: not a table at all.
    let stray = "|a|b|\n|1|2|\n";
    assert_eq!(format(stray), stray);
}

#[test]
fn fixtures_format_idempotently_and_losslessly() {
    for (name, text) in corpus() {
        let once = format(&text);
        assert_eq!(format(&once), once, "{name}: not idempotent");
        assert_eq!(
            ink_outside_delimiters(&once),
            ink_outside_delimiters(&text),
            "{name}: content changed"
        );
        // Formatting never changes what the checker sees.
        let before: Vec<_> = crate::rules::testing::check(&text)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect();
        let after: Vec<_> = crate::rules::testing::check(&once)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect();
        assert_eq!(before, after, "{name}");
    }
}

#[test]
fn odd_inputs_format_idempotently_and_losslessly() {
    for text in ODD {
        let once = format(text);
        assert_eq!(format(&once), once, "not idempotent: {text:?}");
        assert_eq!(
            ink_outside_delimiters(&once),
            ink_outside_delimiters(text),
            "content changed: {text:?}"
        );
        assert!(once.is_empty() || once.ends_with('\n') || once == "\u{feff}");
        let codes = |t: &str| -> Vec<&str> {
            crate::rules::testing::check(t)
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes(&once), codes(text), "diagnostics changed: {text:?}");
    }
}

/// A small deterministic fuzzer: random mixtures of report fragments.
#[test]
fn random_documents_format_idempotently_and_losslessly() {
    const PIECES: &[&str] = &[
        "| 信息内容 | 本年制发件数 |",
        "|---|--:|",
        "| :-: | --- |",
        "| 规章 | 12 |",
        "| 规章 | 1 | 2 | 3 |",
        "|",
        "||",
        "| 行政许可 |",
        "# 标题",
        "## 一、总体情况  ",
        "正文，共收到申请6件。",
        "",
        "   ",
        "<!-- 注释 -->",
        "<!-- 未完",
        "-->",
        "---",
        "机关: 某某",
        "\u{feff}| x |",
        "|\t全角１２\t|\t/ |",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let n = (next() % 14) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            text.push_str(if next() % 5 == 0 { "\r\n" } else { "\n" });
        }
        let once = format(&text);
        assert_eq!(format(&once), once, "not idempotent: {text:?}");
        assert_eq!(
            ink_outside_delimiters(&once),
            ink_outside_delimiters(&text),
            "content changed: {text:?}"
        );
    }
}

fn diag_with_fix(span: std::ops::Range<usize>, new: &str, safe: bool) -> Diagnostic {
    Diagnostic::new("NB999", Severity::Warning, span, "测试").with_replacement("改", new, safe)
}

#[test]
fn applies_only_safe_non_overlapping_fixes() {
    let text = "ab cd ef";
    let diags = vec![
        diag_with_fix(6..8, "EF", true),
        diag_with_fix(0..2, "AB", true),
        diag_with_fix(1..4, "X", true),   // overlaps 0..2: skipped
        diag_with_fix(3..5, "CD", false), // not safe: skipped
        diag_with_fix(5..99, "?", true),  // out of range: skipped
    ];
    assert_eq!(apply_fixes(text, &diags), ("AB cd EF".to_string(), 2));
    // An edit splitting a character is refused, not a panic.
    assert_eq!(apply_fixes("总计", &[diag_with_fix(1..2, "x", true)]).1, 0);
}

#[test]
fn fix_all_repeats_until_nothing_is_left() {
    // A stand-in rule: full-width digits to ASCII, one digit per round and
    // two overlapping proposals each round.
    let text = "| 规章 | １２ |\n|---|---:|\n";
    let fixed = fix_all(text, |doc| {
        let t = &doc.text;
        let Some((i, c)) = t.char_indices().find(|(_, c)| ('０'..='９').contains(c)) else {
            return vec![];
        };
        let ascii = char::from_u32(c as u32 - 0xfee0).unwrap().to_string();
        let end = i + c.len_utf8();
        vec![
            diag_with_fix(i..end, &ascii, true),
            diag_with_fix(i..end, "?", true),
        ]
    });
    assert_eq!(fixed, "| 规章 | 12 |\n|---|---:|\n");
    assert_eq!(format(&fixed), "| 规章 |  12 |\n| ---- | --: |\n");
}

#[test]
fn blank_lines_of_a_report_with_a_syntax_error_are_kept_as_written() {
    // Two blank lines between a header and its delimiter row: the parser
    // recovers differently with one, so collapsing them would change what
    // the report says (found by the property test in tests/properties.rs).
    let broken = "| a | b |\n\n\n| --- | --- |\n| c | 1 |\n";
    assert_eq!(format(broken), broken);
    // In a report the grammar reads wholly, runs still collapse.
    let clean = "正文\n\n\n\n正文\n";
    assert_eq!(format(clean), "正文\n\n正文\n");
}
