//! A third edition defined by one TOML file and no Rust: with
//! `NIANBAO_EDITIONS` naming `tests/fixtures/editions/`, the fictitious 2030
//! edition there works in `new`, `check`, `render` and `import`, hover and
//! completion, while the built-in editions behave as without it (issue 12
//! item 1: edition knowledge only in data).

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const VAR: &str = "NIANBAO_EDITIONS";

fn editions_dir() -> PathBuf {
    root().join("tests/fixtures/editions")
}

/// `nianbao args...` with the fictitious edition loaded.
fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let editions = editions_dir();
    nianbao_env(
        dir,
        args,
        stdin.map(str::as_bytes),
        &[(VAR, editions.as_path())],
    )
}

fn check(dir: &Path, text: &str) -> Vec<Value> {
    let r = run(
        dir,
        &["check", "--format", "json", "--stdin-filename", "a.nianbao"],
        Some(text),
    );
    assert!(r.code <= 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    r.json()
}

fn codes(d: &[Value]) -> Vec<&str> {
    d.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// A blank 2030 report from `new`.
fn skeleton(dir: &Path) -> String {
    let r = run(dir, &["new", "--year", "2030", "--agency", "某局"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// The skeleton filled in, with three wrong sums and no word on the fee.
fn filled(dir: &Path) -> String {
    let mut text = skeleton(dir);
    for (placeholder, prose) in [
        (
            "（请在此概述本机关政府信息公开工作总体情况。）",
            "本年度工作有序开展。",
        ),
        (
            "（请在此说明存在的主要问题及改进措施。）",
            "问题是公开不够及时。",
        ),
        (
            "（请在此报告其他需要报告的事项，并说明本年度信息处理费的收取情况。）",
            "无其他需要报告的事项。",
        ),
    ] {
        assert!(text.contains(placeholder), "{text}");
        text = text.replace(placeholder, prose);
    }
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for (label, values) in [
        ("一、本年新收政府信息公开申请数量", "5 | 2 | 7"),
        ("二、全部予以公开", "3 | 1 | 4"),
        ("三、不予公开", "1 | 1 | 3"),
        ("行政复议", "1 | 1 | 1"),
        ("规章", "4 | 1 | 9"),
    ] {
        let line = lines
            .iter_mut()
            .find(|l| l.starts_with(&format!("| {label} ")))
            .unwrap_or_else(|| panic!("{label}"));
        *line = format!("| {label} | {values} |");
    }
    lines.join("\n") + "\n"
}

#[test]
fn new_writes_the_third_edition_and_check_finds_only_its_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let text = skeleton(dir.path());
    // The year asks for the 2030 edition: no 格式 line; its sections,
    // caption, balance note and rows are the template's.
    assert!(
        text.starts_with("---\n机关: 某局\n年度: 2030\n---\n"),
        "{text}"
    );
    for expected in [
        "## 五、存在的主要问题及改进措施",
        "### 第二十条第（十）项",
        "\n（本列数据的勾稽关系为：第一项等于第二项加第三项之和）\n",
        "| 三、不予公开 ",
        "| 行政诉讼 ",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(codes(&check(dir.path(), &text)), ["NB405"; 3]);

    // --edition offers it, and a 2022 report in it is NB103 only.
    let r = run(
        dir.path(),
        &[
            "new",
            "--year",
            "2022",
            "--agency",
            "某局",
            "--edition",
            "2030",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("格式: 2030\n"));
    assert!(
        r.stderr.contains("2022年度报告应使用2021版格式"),
        "{}",
        r.stderr
    );
    assert_eq!(
        codes(&check(dir.path(), &r.stdout)),
        ["NB103", "NB405", "NB405", "NB405"]
    );
    // Without the folder there is no such edition.
    let r = nianbao_in(
        dir.path(),
        &[
            "new",
            "--year",
            "2022",
            "--agency",
            "某局",
            "--edition",
            "2030",
        ],
        None,
    );
    assert_eq!(r.code, 2);
}

#[test]
fn check_holds_a_third_edition_report_to_its_template() {
    let dir = tempfile::tempdir().unwrap();
    // Last year's report in the same edition, 规章 现存条目数 5: this
    // year's 5 + 4 − 1 should be 8, not 9 (the template's roll-forward).
    let prev = filled(dir.path())
        .replace("年度: 2030\n", "年度: 2029\n格式: 2030\n")
        .replace("| 规章 | 4 | 1 | 9 |", "| 规章 | 1 | 0 | 5 |");
    write(dir.path(), "prev.nianbao", prev);
    let text = filled(dir.path()).replace("年度: 2030\n", "年度: 2030\n上年报告: prev.nianbao\n");
    let d = check(dir.path(), &text);
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("NB306", "“规章”的现存条目数为 9，按上年报告的现存条目数 5 + 本年新增条目数 4 − 本年删除条目数 1 推算应为 8（如有修订、集中清理等情况可忽略）"),
            ("NB303", "自然人列勾稽关系不成立：一、本年新收 = 5 = 5，二、全部予以公开 + 三、不予公开 = 3 + 1 = 4；按此二、全部予以公开应为 4"),
            ("NB301", "“三、不予公开”行的总计应为 2（1 + 1 = 2），填写的是 3"),
            ("NB304", "“行政复议”行的总计应为 2（1 + 1 = 2），填写的是 1"),
            ("NB402", "“其他需要报告的事项”一节没有说明是否收取信息处理费：2030年版年报格式下，通常在此说明本年度信息处理费的收取情况（包括未收取）。表三“三、不予公开”填写了 总计 3 件，说明本年度发出过收费通知"),
        ],
        "{d:#?}"
    );
}

#[test]
fn messages_that_list_the_editions_list_the_third() {
    let dir = tempfile::tempdir().unwrap();
    let text = skeleton(dir.path());
    let message = |text: &str, code: &str| -> String {
        let d = check(dir.path(), text);
        let d = d
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{d:#?}"));
        d["message"].as_str().unwrap().to_string()
    };
    assert_eq!(
        message(&text.replace("年度: 2030\n", "年度: 2030\n格式: 2031\n"), "NB101"),
        "无法识别的格式“2031”：应为 2030（虚构格式〔2030〕1号）、2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）"
    );
    assert_eq!(
        message(&text.replace("年度: 2030", "年度: 2018"), "NB104"),
        "2018年度报告使用2019年以前的旧格式，不支持检查：nianbao 只支持2019年度及以后的报告（国办公开办函〔2019〕60号、〔2021〕30号、虚构格式〔2030〕1号格式）"
    );
}

#[test]
fn the_built_in_editions_are_checked_as_without_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in [VALID, "tests/fixtures/valid-2019.nianbao", EXAMPLE] {
        let text = std::fs::read_to_string(root().join(fixture)).unwrap();
        let plain = nianbao_in(
            dir.path(),
            &["check", "--format", "json", "--stdin-filename", "a.nianbao"],
            Some(text.as_bytes()),
        );
        assert_eq!(check(dir.path(), &text), plain.json(), "{fixture}");
    }
}

#[test]
fn a_broken_extra_template_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "edition-2040.toml", "edition = \"2040\"\n");
    let text = std::fs::read_to_string(root().join(VALID)).unwrap();
    let r = nianbao_env(
        dir.path(),
        &["check", "--stdin-filename", "a.nianbao"],
        Some(text.as_bytes()),
        &[(VAR, dir.path())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("未载入年报格式模板"), "{}", r.stderr);
    assert!(r.stderr.contains("edition-2040.toml"), "{}", r.stderr);
}

#[test]
fn render_then_import_reads_the_third_edition_back() {
    let dir = tempfile::tempdir().unwrap();
    let text = filled(dir.path());
    let report = write(dir.path(), "a.nianbao", &text);
    let r = run(
        dir.path(),
        &["render", report.to_str().unwrap(), "-o", "a.html"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["import", "a.html"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("表格按 2030 版格式导入"), "{}", r.stderr);
    for row in [
        "| 三、不予公开 | 1 | 1 | 3 |",
        "| 规章 | 4 | 1 | 9 |",
        "| 行政复议 | 1 | 1 | 1 |",
    ] {
        assert!(r.stdout.contains(row), "{row}\n{}", r.stdout);
    }
    // The report comes back whole: formatted, the same text.
    let fmt = |text: &str| {
        let r = run(dir.path(), &["fmt", "-"], Some(text));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    assert_eq!(fmt(&r.stdout), fmt(&text));
}

/// The LSP position (UTF-16) of the `n`th char into the first `needle`.
fn pos(text: &str, needle: &str, n: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let at = at
        + needle
            .char_indices()
            .nth(n)
            .map_or(needle.len(), |(i, _)| i);
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

#[test]
fn hover_and_completion_know_the_third_edition() {
    let dir = tempfile::tempdir().unwrap();
    let text = filled(dir.path());
    let editions = editions_dir();
    let mut s = Server::start_env(&[(VAR, editions.as_path())]);
    s.initialize(&[], false);
    let uri = s.open(dir.path().join("a.nianbao").to_str().unwrap(), &text);
    // The server checks what the CLI checks.
    let published: Vec<String> = s
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(published, codes(&check(dir.path(), &text)));

    let hover = |s: &mut Server, at: Value| -> String {
        let h = s
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": at}),
            )
            .unwrap();
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // A value of a table without sums: its row, column, table and edition.
    let md = hover(&mut s, pos(&text, "| 规章 | 4 |", 7));
    assert!(md.contains("**规章** · **本年新增条目数**"), "{md}");
    assert!(
        md.contains("表二 第二十条第（十）项 · 虚构格式〔2030〕1号格式"),
        "{md}"
    );
    // A wrong total: the template's sum.
    let md = hover(&mut s, pos(&text, "| 三、不予公开 | 1 | 1 | 3 |", 20));
    assert!(md.contains("应为 2"), "{md}");

    let complete = |s: &mut Server, at: Value| -> Vec<String> {
        let r = s
            .request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": at}),
            )
            .unwrap();
        let items = r
            .as_array()
            .cloned()
            .or_else(|| r["items"].as_array().cloned());
        items
            .unwrap_or_default()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    // 格式: offers every edition.
    let with_edition = text.replace("年度: 2030\n", "年度: 2030\n格式: \n");
    s.change(&uri, 2, json!([{"text": with_edition}]));
    let labels = complete(&mut s, pos(&with_edition, "格式: \n", 4));
    assert!(labels.contains(&"2030".to_string()), "{labels:?}");
    // A row label: the template's rows.
    let typed = with_edition.replace("| 三、不予公开 | 1 | 1 | 3 |", "| 不予");
    s.change(&uri, 3, json!([{"text": typed}]));
    let labels = complete(&mut s, pos(&typed, "| 不予\n", 4));
    assert!(
        labels.iter().any(|l| l.contains("三、不予公开")),
        "{labels:?}"
    );
    s.shutdown();
}
