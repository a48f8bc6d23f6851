//! Hostile input limits: a megabyte on one line, ten thousand tables, a
//! million cells, deeply nested and unterminated comments, rows of bare
//! pipes, and `上年报告` pointing at the report itself, a missing file, a
//! folder, a device and a file outside the report's folder. `check` and
//! `fmt` must finish (a watchdog kills a hang: generous, because this is a
//! hang detector, not a timing), not crash, and say clearly what is wrong.
//! Time and memory of these inputs: docs/robustness.md.

mod common;

use common::root;
use nianbao::format::ink_outside_delimiters;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const WATCHDOG_SECS: &str = "300";
const HEADER: &str =
    "---\n年度: 2021\n---\n# 某局2021年政府信息公开工作年度报告\n\n## 一、总体情况\n\n";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `nianbao args…` under `timeout`, with `stdin`.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Out {
    let mut child = Command::new("timeout")
        .arg(WATCHDOG_SECS)
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn timeout + nianbao");
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let code = out.status.code().expect("not killed by a signal");
    assert_ne!(
        code, 124,
        "nianbao {args:?} did not finish in {WATCHDOG_SECS} s"
    );
    Out {
        code,
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn hostile_inputs() -> Vec<(&'static str, String)> {
    let table = "| 甲 | 乙 |\n| --- | --- |\n| 丙 | 1 |\n\n";
    let cols = 1000;
    let mut cells = String::from(HEADER);
    cells.push_str(&format!("| {} |\n", vec!["列"; cols].join(" | ")));
    cells.push_str(&format!("|{}\n", "---|".repeat(cols)));
    let row = format!("| {} |\n", vec!["1"; cols].join(" | "));
    for _ in 0..1000 {
        cells.push_str(&row);
    }
    vec![
        (
            "a megabyte line",
            format!("{HEADER}{}\n", "字".repeat(350_000)),
        ),
        (
            "a megabyte cell",
            format!(
                "{HEADER}| 项目 | 数 |\n| --- | --- |\n| {} | 1 |\n",
                "字".repeat(350_000)
            ),
        ),
        (
            "ten thousand tables",
            format!("{HEADER}{}", table.repeat(10_000)),
        ),
        ("a million cells", cells),
        (
            "comments nested 100,000 deep",
            format!(
                "{HEADER}{}x{}\n",
                "<!-- ".repeat(100_000),
                " -->".repeat(100_000)
            ),
        ),
        (
            "an unterminated comment",
            format!("{HEADER}<!-- {}", "注释\n".repeat(200_000)),
        ),
        (
            "rows of bare pipes",
            format!("{HEADER}{}", ("|".repeat(100_000) + "\n").repeat(10)),
        ),
    ]
}

#[test]
fn check_and_fmt_finish_on_hostile_input_and_fmt_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in hostile_inputs() {
        let file = dir.path().join("hostile.nianbao");
        std::fs::write(&file, &text).unwrap();
        let check = run(
            dir.path(),
            &["check", "--format", "json", "hostile.nianbao"],
            "",
        );
        assert!(
            check.code == 0 || check.code == 1,
            "{name}: {}",
            check.stderr
        );
        serde_json::from_str::<serde_json::Value>(&check.stdout)
            .unwrap_or_else(|e| panic!("{name}: output is not JSON: {e}"));
        let fmt = run(dir.path(), &["fmt", "-"], &text);
        assert_eq!(fmt.code, 0, "{name}: {}", fmt.stderr);
        assert_eq!(
            ink_outside_delimiters(&text),
            ink_outside_delimiters(&fmt.stdout),
            "{name}: fmt changed the content"
        );
    }
}

/// The NB101 messages of checking `this.nianbao` whose 上年报告 is `previous`.
fn previous_report_problems(dir: &Path, previous: &str) -> Vec<String> {
    let valid = std::fs::read_to_string(root().join("tests/fixtures/valid-2021.nianbao")).unwrap();
    let body = &valid[valid.find("\n---\n").unwrap() + 5..];
    let this = format!("---\n机关: 某某区人民政府\n年度: 2022\n上年报告: {previous}\n---\n{body}");
    std::fs::write(dir.join("this.nianbao"), this).unwrap();
    let out = run(dir, &["check", "--format", "json", "this.nianbao"], "");
    assert!(out.code == 0 || out.code == 1, "{previous}: {}", out.stderr);
    let items: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    items
        .iter()
        .filter(|d| d["code"] == "NB101")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn previous_report_paths_that_cannot_be_a_report_are_said_clearly() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("2021");
    std::fs::create_dir(&dir).unwrap();
    std::fs::create_dir(dir.join("folder")).unwrap();
    let cases = [
        ("this.nianbao", "指向本报告自身"),
        ("missing.nianbao", "文件不存在"),
        ("folder", "文件夹"),
        ("/dev/zero", "不是普通文件"),
    ];
    for (previous, says) in cases {
        let problems = previous_report_problems(&dir, previous);
        assert!(
            problems.iter().any(|m| m.contains(says)),
            "{previous}: {problems:?}"
        );
    }
    // Outside the report's folder is allowed (reports of different years
    // often live in sibling folders) and read like any other file.
    std::fs::write(
        base.path().join("2020.nianbao"),
        std::fs::read_to_string(root().join("tests/fixtures/valid-2021.nianbao")).unwrap(),
    )
    .unwrap();
    let problems = previous_report_problems(&dir, "../2020.nianbao");
    assert!(
        !problems.iter().any(|m| m.contains("无法读取")),
        "{problems:?}"
    );
}
