//! docs/import.md carries the exact audit of every real published report in
//! tests/fixtures/real and tests/fixtures/import (each source form: page text, web page, PDF, Word):
//! how it was read, what tables it lacks, what could not be placed. This
//! test keeps it exact; `NIANBAO_UPDATE_DOCS=1 cargo test --test
//! import_audit_doc` rewrites the section after a deliberate change.

mod common;

use common::root;

const BEGIN: &str = "<!-- real-audit:begin (server/tests/import_audit_doc.rs) -->";
const END: &str = "<!-- real-audit:end -->";

fn audit_section() -> String {
    let mut files: Vec<_> = ["tests/fixtures/real", "tests/fixtures/import"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "html" | "htm" | "pdf" | "docx")
            ) && p
                .file_name()
                .and_then(|n| n.to_str())
                // seed-*: a generated report, not a published one.
                .is_some_and(|n| n != "README.md" && !n.starts_with("seed-"))
        })
        .collect();
    files.sort();
    let mut out = String::new();
    out.push_str("| source | read as | tables missing | unplaced |\n|---|---|---|---|\n");
    let mut details = String::new();
    for f in files {
        let name = f
            .strip_prefix(root().join("tests/fixtures"))
            .unwrap()
            .display()
            .to_string();
        let bytes = std::fs::read(&f).unwrap();
        match nianbao::import::import(&bytes, None) {
            Err(e) => out.push_str(&format!("| `{name}` | 错误：{e} | | |\n")),
            Ok(i) => {
                let missing: Vec<&str> = i.missing_tables.iter().map(|t| t.id.as_str()).collect();
                out.push_str(&format!(
                    "| `{name}` | {}, {}, {} 版 | {} | {} |\n",
                    i.format.name(),
                    i.encoding,
                    i.edition.as_str(),
                    if missing.is_empty() {
                        "—".to_string()
                    } else {
                        missing.join(", ")
                    },
                    i.unplaced.len()
                ));
                if !i.unplaced.is_empty() {
                    details.push_str(&format!("\n`{name}`:\n\n"));
                    for u in &i.unplaced {
                        let line = u.to_string().replace('|', "｜").replace('\n', " ");
                        details.push_str(&format!("- {line}\n"));
                    }
                }
            }
        }
    }
    if !details.is_empty() {
        out.push_str("\nWhat could not be placed, as `nianbao import` lists it:\n");
        out.push_str(&details);
    }
    out
}

#[test]
fn docs_carry_the_exact_audit_of_every_real_report() {
    let path = root().join("docs/import.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/import.md lacks the {BEGIN} … {END} section");
    };
    let current = &doc[b + BEGIN.len()..e];
    let want = format!("\n{}", audit_section());
    if current != want {
        if std::env::var_os("NIANBAO_UPDATE_DOCS").is_some() {
            let new = format!("{}{BEGIN}{want}{}", &doc[..b], &doc[e..]);
            std::fs::write(&path, new).unwrap();
            return;
        }
        panic!(
            "docs/import.md's audit of the real reports is out of date; rerun with \
             NIANBAO_UPDATE_DOCS=1 and review the diff.\n--- now:\n{want}"
        );
    }
}
