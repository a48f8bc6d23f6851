//! docs/format.md is the contract other tools read: it must say what
//! `nianbao` does. These tests hold the parts that drifted while the
//! specification lived outside the repository (a front-matter key, rules and
//! JSON fields added without it) to the catalogue, the binary and its output.

mod common;

use common::*;
use pretty_assertions::assert_eq;
use regex::Regex;

fn format_md() -> String {
    std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md exists")
}

/// The lines of the part of `doc` under the heading that starts with
/// `heading`, up to the next heading of the same or a higher level.
fn part<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut lines = doc.lines().skip_while(|l| !l.starts_with(heading));
    assert!(
        lines.next().is_some(),
        "docs/format.md has no heading “{heading}”"
    );
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|&c| c == '#').count();
            !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
        })
        .collect()
}

#[test]
fn the_catalogue_has_every_code_of_rules_toml_with_its_severity() {
    let doc = format_md();
    let row = Regex::new(r"^\| (NB\d{3}) \| ([EWI]) \|").unwrap();
    let documented: Vec<(String, String)> = part(&doc, "## 4.")
        .iter()
        .filter_map(|l| row.captures(l))
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();

    let rules: toml::Table = toml::from_str(
        &std::fs::read_to_string(root().join("server/knowledge/rules.toml")).unwrap(),
    )
    .unwrap();
    let catalogue: Vec<(String, String)> = rules["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let sev = match r["severity"].as_str().unwrap() {
                "error" => "E",
                "warning" => "W",
                "info" => "I",
                other => panic!("unknown severity {other} in rules.toml"),
            };
            (r["code"].as_str().unwrap().to_string(), sev.to_string())
        })
        .collect();
    assert!(catalogue.len() >= 39, "{} rules", catalogue.len());
    assert_eq!(
        documented, catalogue,
        "docs/format.md §4 must list every code of rules.toml, in order, with its severity"
    );
}

#[test]
fn every_front_matter_key_nianbao_accepts_is_documented_and_no_other() {
    let doc = format_md();
    let key = Regex::new(r"^\| `([^`]+)` \|").unwrap();
    let documented: Vec<String> = part(&doc, "### 2.1")
        .iter()
        .filter_map(|l| key.captures(l))
        .map(|c| c[1].to_string())
        .collect();

    // The keys nianbao accepts, as it tells a user who wrote another one.
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("a.nianbao");
    std::fs::write(&report, "---\n颜色: 红\n---\n# 某某区2022年报告\n").unwrap();
    let run = nianbao_in(
        dir.path(),
        &["check", "--format", "json", "a.nianbao"],
        None,
    );
    let prefix = "：可用的键为 ";
    let message = run
        .json()
        .iter()
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .find(|m| m.contains(prefix))
        .unwrap_or_else(|| panic!("no NB101 listing the keys:\n{}", run.stdout));
    let accepted: Vec<String> = message[message.find(prefix).unwrap() + prefix.len()..]
        .split('、')
        .map(|k| k.trim().to_string())
        .collect();
    assert_eq!(
        documented, accepted,
        "docs/format.md §2.1 must document every front-matter key nianbao accepts"
    );

    // And each documented key is read as a key, not reported as unknown.
    let front: String = documented.iter().map(|k| format!("{k}: x\n")).collect();
    std::fs::write(&report, format!("---\n{front}---\n# 某某区2022年报告\n")).unwrap();
    let run = nianbao_in(
        dir.path(),
        &["check", "--format", "json", "a.nianbao"],
        None,
    );
    let unknown: Vec<String> = run
        .json()
        .iter()
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .filter(|m| m.contains("未知的前置信息键"))
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
}

/// The keys of a JSON text in the order they are written, nested ones included.
fn keys_in_order(json: &str) -> Vec<String> {
    Regex::new(r#""([a-z_]+)"\s*:"#)
        .unwrap()
        .captures_iter(json)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn the_json_example_has_the_fields_check_prints_in_their_order() {
    let doc = format_md();
    let section = part(&doc, "## 5.").join("\n");
    let start = section.find("```json").expect("a ```json example in §5") + "```json".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let documented = keys_in_order(example);

    // The example report's first diagnostic: a wrong total with one related
    // cell and a one-edit fix, so every field appears once.
    let run = nianbao(&["check", "--format", "json", EXAMPLE]);
    let first = &run.json()[0];
    assert_eq!(
        first["related"].as_array().map(Vec::len),
        Some(1),
        "{first}"
    );
    assert_eq!(
        first["fix"]["edits"].as_array().map(Vec::len),
        Some(1),
        "{first}"
    );
    // serde_json's map does not keep key order: read the raw text.
    let raw = &run.stdout[run.stdout.find('{').unwrap()..run.stdout.find("\n  }").unwrap()];
    assert_eq!(
        documented,
        keys_in_order(raw),
        "docs/format.md §5's example must have the fields of `check --format json`, in order"
    );
}

#[test]
fn the_output_formats_are_those_check_offers() {
    let doc = format_md();
    let row = Regex::new(r"^\| `([a-z]+)` \|").unwrap();
    let documented: Vec<String> = part(&doc, "## 5.")
        .iter()
        .filter_map(|l| row.captures(l))
        .map(|c| c[1].to_string())
        .collect();

    let help = nianbao(&["check", "--help"]).stdout;
    let values = help
        .split("--format <FORMAT>")
        .nth(1)
        .and_then(|s| s.split("[default").next())
        .expect("--format in check --help");
    let offered: Vec<String> = Regex::new(r"(?m)^\s*- ([a-z]+):")
        .unwrap()
        .captures_iter(values)
        .map(|c| c[1].to_string())
        .collect();
    assert!(!offered.is_empty(), "{help}");
    assert_eq!(
        documented, offered,
        "docs/format.md §5 must list every --format of check"
    );
}
