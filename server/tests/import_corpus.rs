//! The import layout corpus (tests/fixtures/import-corpus, issue 11): each
//! source report turned into the forms it travels in by real tools
//! (Chromium, LibreOffice, pdftotext, pypdf, pdfminer.six, iconv …; scripts
//! in scripts/import-corpus/). Every file of every form must import with
//! every table cell of its source, none wrong, and nothing left unplaced.
//!
//! A form folder holds `<slug>.<ext>`; its source is `src/<slug>.nianbao`.
//! `NIANBAO_IMPORT_CORPUS=DIR` judges another corpus of the same shape (the
//! whole corpus that scripts/import-corpus.sh generates).

mod common;

use common::import::{table_diff, Tables};
use common::root;
use nianbao::analysis::Analysis;
use nianbao::model::Document;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    std::env::var_os("NIANBAO_IMPORT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("tests/fixtures/import-corpus"))
}

fn forms() -> Vec<PathBuf> {
    let dir = corpus();
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "src"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_form_imports_every_cell() {
    let src = corpus().join("src");
    let mut failures = Vec::new();
    let mut seen = 0;
    for form in forms() {
        let form_name = form.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&form)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let slug = file.file_stem().unwrap().to_string_lossy().into_owned();
            let source = src.join(format!("{slug}.nianbao"));
            let Ok(expected) = std::fs::read_to_string(&source) else {
                failures.push(format!(
                    "{}: no source {}",
                    file.display(),
                    source.display()
                ));
                continue;
            };
            seen += 1;
            let bytes = std::fs::read(&file).unwrap();
            let imported = match nianbao::import::import(&bytes, None) {
                Ok(i) => i,
                Err(e) => {
                    failures.push(format!("{form_name}/{slug}: not imported: {e}"));
                    continue;
                }
            };
            let want = bound(&expected);
            let got = bound(&imported.text);
            if want != got {
                let diff = table_diff(&want, &got);
                failures.push(format!("{form_name}/{slug}: tables differ\n{diff}"));
            }
            if !imported.unplaced.is_empty() {
                let list: Vec<String> = imported.unplaced.iter().map(|u| u.to_string()).collect();
                failures.push(format!(
                    "{form_name}/{slug}: unplaced:\n  {}",
                    list.join("\n  ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {seen} corpus files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The tables of a `.nianbao` text as `check` binds them, each row named by
/// the template row it binds to (import writes a label that differs only in
/// formatting in the template's spelling) or else as written.
fn bound(text: &str) -> Tables {
    let doc = Document::parse(text);
    let a = Analysis::analyze(&doc);
    a.tables
        .iter()
        .map(|bt| {
            let id = bt.template.map_or("?".to_string(), |t| t.id.clone());
            let rows = bt
                .rows
                .iter()
                .filter(|r| {
                    !(bt.template.zip(r.template_row)).is_some_and(|(t, i)| t.rows[i].group)
                })
                .map(|r| {
                    let label = match (bt.template, r.template_row) {
                        (Some(t), Some(i)) => t.rows[i].label.clone(),
                        _ => r.row.cells.first().map_or("", |c| &c.text).to_string(),
                    };
                    let values = r
                        .values
                        .iter()
                        .map(|v| v.as_ref().map_or(String::new(), |c| c.text.clone()))
                        .collect();
                    (label, values)
                })
                .collect();
            (id, rows)
        })
        .collect()
}
