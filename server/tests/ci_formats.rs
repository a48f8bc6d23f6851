//! `check --format gitlab` and `--format junit`, read by their consumers'
//! own schemas: GitLab's Code Quality schema (`codeclimate.json`, what
//! GitLab validates each finding against) and the JUnit XSD of Jenkins'
//! xUnit plugin (`junit-10.xsd`), both vendored under
//! `tests/fixtures/schemas/` with their provenance. The validators are
//! Python's `jsonschema` and `xmlschema`; `scripts/test.sh` installs them
//! and sets `NIANBAO_SCHEMA_PYTHON`, and then a missing validator fails the
//! test instead of skipping it.

mod common;

use common::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// A Python that has both validators, or `None` (said loudly) when this
/// machine has none and the test command did not ask for them.
fn validator() -> Option<PathBuf> {
    let required = std::env::var_os("NIANBAO_SCHEMA_PYTHON");
    let python = required
        .clone()
        .map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let ok = Command::new(&python)
        .args(["-c", "import jsonschema, xmlschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    match (ok, required) {
        (true, _) => Some(python),
        (false, Some(p)) => panic!(
            "NIANBAO_SCHEMA_PYTHON={} has no jsonschema/xmlschema (scripts/test.sh installs them)",
            p.to_string_lossy()
        ),
        (false, None) => {
            eprintln!(
                "SKIPPED: schema validation needs Python with jsonschema and xmlschema \
                 (pip install jsonschema xmlschema, or run scripts/test.sh)"
            );
            None
        }
    }
}

/// Validate `document` (a file) against `schema` with the Python validator.
fn validate(python: &PathBuf, kind: &str, schema: &str, document: &std::path::Path) {
    let script = match kind {
        // GitLab validates each element of the array with this schema.
        "json" => {
            "import json,sys,jsonschema\n\
                   s=json.load(open(sys.argv[1]))\n\
                   d=json.load(open(sys.argv[2],encoding='utf-8'))\n\
                   assert isinstance(d,list), 'not an array'\n\
                   [jsonschema.validate(i,s) for i in d]\n\
                   print(len(d))"
        }
        _ => {
            "import sys,xmlschema\n\
              xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])\n\
              print('ok')"
        }
    };
    let out = Command::new(python)
        .args(["-c", script])
        .arg(root().join("tests/fixtures/schemas").join(schema))
        .arg(document)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{schema} rejects the output:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(document).unwrap_or_default()
    );
}

#[test]
fn gitlab_code_quality_report() {
    let run = nianbao(&["check", "--format", "gitlab", EXAMPLE, VALID]);
    assert_eq!(run.code, 1);
    let issues = run.json();
    let json = nianbao(&["check", "--format", "json", EXAMPLE, VALID]).json();
    assert_eq!(issues.len(), json.len());
    for (i, d) in issues.iter().zip(&json) {
        assert_eq!(i["check_name"], d["code"]);
        assert_eq!(i["location"]["path"], d["file"]);
        assert_eq!(i["location"]["lines"]["begin"], d["line"]);
        assert_eq!(i["location"]["lines"]["end"], d["end_line"]);
        let description = i["description"].as_str().unwrap();
        assert!(description.starts_with(d["code"].as_str().unwrap()));
        assert!(description.contains(d["message"].as_str().unwrap()));
        let want = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(i["severity"], want);
    }
    // Fingerprints: unique (GitLab keeps one finding per fingerprint) and
    // stable when lines move above a finding.
    let prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "{prints:#?}");

    let dir = tempfile::tempdir().unwrap();
    let text = example_text();
    let shifted = text.replacen("\n# ", "\n\n\n# ", 1);
    assert_ne!(shifted, text);
    write(dir.path(), "a.nianbao", &text);
    let before = nianbao_in(
        dir.path(),
        &["check", "--format", "gitlab", "a.nianbao"],
        None,
    )
    .json();
    write(dir.path(), "a.nianbao", &shifted);
    let after = nianbao_in(
        dir.path(),
        &["check", "--format", "gitlab", "a.nianbao"],
        None,
    )
    .json();
    let fp =
        |v: &[Value]| -> Vec<String> { v.iter().map(|i| i["fingerprint"].to_string()).collect() };
    assert_eq!(fp(&before), fp(&after));
    assert_ne!(
        before[0]["location"]["lines"]["begin"],
        after[0]["location"]["lines"]["begin"]
    );

    // A clean report: an empty array (GitLab: no findings).
    let clean = nianbao(&["check", "--format", "gitlab", VALID]);
    assert_eq!(clean.code, 0);
    assert_eq!(clean.json(), Vec::<Value>::new());

    if let Some(python) = validator() {
        let report = dir.path().join("gl-code-quality-report.json");
        std::fs::write(&report, &run.stdout).unwrap();
        validate(&python, "json", "gitlab-codeclimate.json", &report);
    }
}

#[test]
fn junit_report() {
    let run = nianbao(&["check", "--format", "junit", EXAMPLE, VALID]);
    assert_eq!(run.code, 1);
    let xml = &run.stdout;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "),
        "{xml}"
    );
    let json = nianbao(&["check", "--format", "json", EXAMPLE]).json();
    let errors = json.iter().filter(|d| d["severity"] == "error").count();
    // One suite per report; one case per finding; the clean report is one
    // passing case; only errors fail (no --deny warnings).
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(xml.matches("<testcase ").count(), json.len() + 1);
    assert_eq!(xml.matches("<failure ").count(), errors);
    assert!(xml.contains(&format!(
        "<testsuites name=\"nianbao check\" tests=\"{}\" failures=\"{errors}\"",
        json.len() + 1
    )));
    let nb302 = json.iter().find(|d| d["code"] == "NB302").unwrap();
    assert!(xml.contains(&format!(
        "name=\"NB302 第{}行：{}\" classname=\"{EXAMPLE}\"",
        nb302["line"],
        nb302["message"].as_str().unwrap(),
    )));
    assert!(xml.contains(&format!(
        "<testsuite name=\"{VALID}\" file=\"{VALID}\" tests=\"1\" failures=\"0\""
    )));

    // Under --deny warnings the warnings fail too.
    let denied = nianbao(&["check", "--format", "junit", "--deny", "warnings", EXAMPLE]);
    let warnings = json.iter().filter(|d| d["severity"] == "warning").count();
    assert!(warnings > 0);
    assert_eq!(
        denied.stdout.matches("<failure ").count(),
        errors + warnings
    );

    if let Some(python) = validator() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("all.xml", &run.stdout), ("deny.xml", &denied.stdout)] {
            let report = dir.path().join(name);
            std::fs::write(&report, text).unwrap();
            validate(&python, "xml", "junit-10.xsd", &report);
        }
        // Text XML cannot carry, and markup in messages, stay valid.
        let hostile =
            "# 标题 <b>&\u{7}\"'\n\n| 申请人情况 | 自然人 |\n| --- | --- |\n| <x>\u{1} | 1 |\n";
        write(dir.path(), "h.nianbao", hostile);
        let run = nianbao_in(
            dir.path(),
            &["check", "--format", "junit", "h.nianbao"],
            None,
        );
        let report = dir.path().join("h.xml");
        std::fs::write(&report, &run.stdout).unwrap();
        validate(&python, "xml", "junit-10.xsd", &report);
    }
}
