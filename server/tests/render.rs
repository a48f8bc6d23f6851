//! `nianbao render` as a user runs it: the real binary, its output file,
//! standard input, `--annotate` with the same configuration as `check`, and
//! its failures.

mod common;

use common::*;

#[test]
fn renders_the_example_to_a_file_and_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let run = nianbao(&["render", "--html", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("已写入"), "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("data-template=\"t3\""));
    // Without --annotate the page is the report only.
    assert!(!html.contains("nb-flag"));

    let run = nianbao(&["render", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, html, "stdout and -o give the same page");
}

#[test]
fn annotate_uses_the_reports_configuration_like_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "r.nianbao", example_text());
    write(d, "nianbao.toml", "[rules]\nNB303 = \"off\"\n");
    let run = nianbao_in(d, &["render", "--annotate", "r.nianbao"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = run.stdout;
    assert!(html.contains("<code>NB302</code>"));
    assert!(
        !html.contains("<code>NB303</code>"),
        "turned off in nianbao.toml"
    );
    let check = nianbao_in(d, &["check", "--format", "json", "r.nianbao"], None);
    assert_eq!(
        html.matches("<li id=\"nb-d").count(),
        check.json().len(),
        "the same diagnostics as check"
    );
}

#[test]
fn reads_standard_input() {
    let text = example_text();
    let run = nianbao_in(&root(), &["render", "-"], Some(text.as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("<title>2021年度政府信息公开工作报告</title>"));
}

#[test]
fn unreadable_input_fails_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = nianbao_in(d, &["render", "missing.nianbao"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("文件不存在"), "{}", run.stderr);
    write(d, "pdf.nianbao", b"%PDF-1.7\n\x00\x01binary");
    let run = nianbao_in(d, &["render", "pdf.nianbao"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("二进制"), "{}", run.stderr);
    let run = nianbao_in(d, &["render", "."], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("文件夹"), "{}", run.stderr);
    let run = nianbao_in(
        d,
        &["render", "pdf.nianbao", "-o", "no/such/dir/out.html"],
        None,
    );
    assert_eq!(run.code, 2);
}
