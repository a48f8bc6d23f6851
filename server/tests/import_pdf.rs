//! `nianbao import report.pdf`: PDF files read directly, with the positions
//! of their text and ruling lines (server/src/import/pdfdoc.rs).
//!
//! - Every real published PDF of tests/fixtures/real imports with exactly
//!   the hand-written tables of its report (`<slug>.tables`), nothing left
//!   unplaced.
//! - Bad PDFs (a scan, an encrypted file, a truncated or damaged file, an
//!   oversized file, fonts without ToUnicode) are refused with a Chinese
//!   message saying what to do, exit 2, no panic, in bounded time.

mod common;

use common::import::{parse_tables, Tables};
use common::root;
use nianbao::analysis::Analysis;
use nianbao::import::{import, Format};
use nianbao::model::Document;
use std::path::PathBuf;

fn real_pdfs() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/real");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    out.sort();
    out
}

/// The tables of a `.nianbao` text as `check` binds them: labels
/// normalized (import writes `1、` as the template's `1.`), group rows only
/// where they hold values (a 2019-style `（六）其他处理` data row).
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
                .map(|r| {
                    let label = r.row.cells.first().map_or("", |c| &c.text);
                    let values: Vec<String> = r
                        .values
                        .iter()
                        .map(|v| v.as_ref().map_or(String::new(), |c| c.text.clone()))
                        .collect();
                    let group = bt
                        .template
                        .zip(r.template_row)
                        .is_some_and(|(t, i)| t.rows[i].group);
                    (nianbao::labels::normalize(label), values, group)
                })
                .filter(|(_, v, group)| !group || v.iter().any(|c| !c.is_empty()))
                .map(|(l, v, _)| (l, v))
                .collect();
            (id, rows)
        })
        .collect()
}

fn normalized(t: Tables) -> Tables {
    t.into_iter()
        .map(|(id, rows)| {
            let rows = rows
                .into_iter()
                .map(|(l, v)| (nianbao::labels::normalize(&l), v))
                .collect();
            (id, rows)
        })
        .collect()
}

fn diff(want: &Tables, got: &Tables) -> String {
    let show = |t: &Tables| {
        t.iter()
            .flat_map(|(id, rows)| {
                rows.iter()
                    .map(move |(label, cells)| format!("[{id}] {label} | {}", cells.join(" | ")))
            })
            .collect::<Vec<_>>()
    };
    let (w, g) = (show(want), show(got));
    let mut out = String::new();
    for l in w.iter().filter(|l| !g.contains(l)) {
        out.push_str(&format!("  - {l}\n"));
    }
    for l in g.iter().filter(|l| !w.contains(l)) {
        out.push_str(&format!("  + {l}\n"));
    }
    out
}

#[test]
fn real_pdfs_import_with_every_cell_of_their_hand_written_tables() {
    let pdfs = real_pdfs();
    assert!(pdfs.len() >= 3, "{pdfs:?}");
    let mut failures = Vec::new();
    for pdf in &pdfs {
        let slug = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let want = normalized(parse_tables(
            &std::fs::read_to_string(pdf.with_extension("tables")).unwrap(),
        ));
        let imported = match import(&std::fs::read(pdf).unwrap(), None) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{slug}: not imported: {e}"));
                continue;
            }
        };
        assert_eq!(imported.format, Format::Pdf, "{slug}");
        let got = bound(&imported.text);
        if got != want {
            failures.push(format!("{slug}: tables differ\n{}", diff(&want, &got)));
        }
        if !imported.unplaced.is_empty() {
            let list: Vec<String> = imported.unplaced.iter().map(|u| u.to_string()).collect();
            failures.push(format!("{slug}: unplaced:\n  {}", list.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
