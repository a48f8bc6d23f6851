//! `nianbao new` as a user runs it.

mod common;

use nianbao::check::check_document;
use nianbao::config::Config;
use nianbao::diagnostic::Severity;
use nianbao::model::Document;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

fn new(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(BIN)
        .arg("new")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn fmt_check_stdin(text: &str) -> i32 {
    let mut child = Command::new(BIN)
        .args(["fmt", "--check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    child.wait().unwrap().code().unwrap()
}

#[test]
fn skeletons_are_only_unfinished_and_are_already_formatted() {
    let dir = tempfile::tempdir().unwrap();
    for year in ["2019", "2020", "2021", "2022", "2026", "2030"] {
        // Implicit, and explicitly the edition the year asks for.
        let own = if year < "2021" { "2019" } else { "2021" };
        for edition in [None, Some(own)] {
            let mut args = vec!["--year", year, "--agency", "某某区人民政府"];
            if let Some(e) = edition {
                args.extend(["--edition", e]);
            }
            let o = new(&args, dir.path());
            assert_eq!(o.status.code(), Some(0), "{o:?}");
            let text = String::from_utf8(o.stdout).unwrap();
            assert!(text.contains(&format!("# 某某区人民政府{year}年政府信息公开工作年度报告")));
            // No error: only the three placeholders the writer must replace
            // (一, 五, 六), as warnings (NB405).
            let diags = check_document(&Document::parse(&text), None, &Config::default());
            let got: Vec<_> = diags.iter().map(|d| (d.code, d.severity)).collect();
            assert_eq!(got, [("NB405", Severity::Warning); 3], "{year} {edition:?}");
            assert_eq!(fmt_check_stdin(&text), 0, "{year} {edition:?}");
        }
    }
}

#[test]
fn other_edition_than_the_year_asks_for_warns_and_checks_to_nb103() {
    let dir = tempfile::tempdir().unwrap();
    let o = new(
        &["--year", "2022", "--agency", "某某局", "--edition", "2019"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NB103"));
    let text = String::from_utf8(o.stdout).unwrap();
    let codes: Vec<_> = check_document(&Document::parse(&text), None, &Config::default())
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["NB103", "NB405", "NB405", "NB405"]);
}

#[test]
fn check_passes_a_fresh_skeleton_but_not_under_deny_warnings() {
    // What CI sees: an unfinished report is no error, and `--deny warnings`
    // holds it back.
    let dir = tempfile::tempdir().unwrap();
    let o = new(
        &["--year", "2022", "--agency", "某某局", "-o", "r.nianbao"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let run = common::nianbao_in(
        dir.path(),
        &["check", "--format", "json", "r.nianbao"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let codes: Vec<String> = run
        .json()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["NB405"; 3]);
    let run = common::nianbao_in(
        dir.path(),
        &["check", "--deny", "warnings", "r.nianbao"],
        None,
    );
    assert_eq!(run.code, 1);
}

#[test]
fn writes_a_file_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--year", "2022", "--agency", "某某局", "-o", "r.nianbao"];
    let o = new(&args, dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let path = dir.path().join("r.nianbao");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("机关: 某某局"));

    std::fs::write(&path, "我的草稿\n").unwrap();
    let o = new(&args, dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "我的草稿\n");

    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(new(&forced, dir.path()).status.code(), Some(0));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("机关: 某某局"));
}

#[test]
fn refuses_years_before_2019_and_bad_editions() {
    let dir = tempfile::tempdir().unwrap();
    let o = new(&["--year", "2018", "--agency", "某某局"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2019"));
    assert!(o.stdout.is_empty());
    let o = new(
        &["--year", "2022", "--agency", "某某局", "--edition", "2020"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}
