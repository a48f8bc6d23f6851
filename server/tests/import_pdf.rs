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

use common::import::{parse_tables, table_diff, Tables};
use common::{nianbao, root};
use nianbao::analysis::Analysis;
use nianbao::import::{import, Format, ImportError};
use nianbao::model::Document;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
                        .map(|v| v.as_ref().map_or(String::new(), |c| c.text.to_string()))
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
            failures.push(format!(
                "{slug}: tables differ\n{}",
                table_diff(&want, &got)
            ));
        }
        if !imported.unplaced.is_empty() {
            let list: Vec<String> = imported.unplaced.iter().map(|u| u.to_string()).collect();
            failures.push(format!("{slug}: unplaced:\n  {}", list.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn bad(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/pdf-bad").join(name)).unwrap()
}

/// The CLI on a bad PDF: exit 2, the message on stderr, nothing on stdout,
/// no panic.
fn cli_refuses(path: &std::path::Path, message: &str) {
    let run = nianbao(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_scan_without_a_text_layer_is_refused_with_what_to_do() {
    // A page picture printed to PDF by Chromium (scripts/import-pdf-bad.sh).
    assert!(matches!(
        import(&bad("scanned.pdf"), None),
        Err(ImportError::PdfNoText { .. })
    ));
    cli_refuses(
        &root().join("tests/fixtures/pdf-bad/scanned.pdf"),
        "扫描件，没有文字层，请先做文字识别（OCR）",
    );
}

#[test]
fn an_encrypted_pdf_is_refused_unless_it_opens_without_a_password() {
    assert_eq!(
        import(&bad("encrypted.pdf"), None).unwrap_err(),
        ImportError::PdfEncrypted
    );
    cli_refuses(
        &root().join("tests/fixtures/pdf-bad/encrypted.pdf"),
        "PDF 文件已加密，需要密码才能打开",
    );
    // Locked only against printing (empty user password): it imports, the same as the original.
    let locked = import(&bad("locked.pdf"), None).unwrap();
    let original = std::fs::read(root().join("tests/fixtures/real/hongze-2024.pdf")).unwrap();
    assert_eq!(locked.text, import(&original, None).unwrap().text);
}

#[test]
fn fonts_without_tounicode_are_refused_not_read_as_wrong_text() {
    for name in ["no-tounicode.pdf", "digits-no-tounicode.pdf"] {
        assert_eq!(
            import(&bad(name), None).unwrap_err(),
            ImportError::PdfNoUnicode,
            "{name}"
        );
        cli_refuses(
            &root().join("tests/fixtures/pdf-bad").join(name),
            "字体没有字符映射（ToUnicode）",
        );
    }
}

#[test]
fn a_damaged_pdf_is_refused_or_read_in_part_never_a_panic() {
    let pdf = std::fs::read(root().join("tests/fixtures/real/hongze-2023.pdf")).unwrap();
    // Cut short anywhere: the parser cannot find the cross-reference table.
    let started = Instant::now();
    for cut in (5..pdf.len()).step_by(pdf.len() / 9) {
        assert_eq!(
            import(&pdf[..cut], None).unwrap_err(),
            ImportError::PdfCorrupt,
            "cut at {cut}"
        );
    }
    // Bytes overwritten inside the body (streams, fonts, the page tree): an
    // error, or an import whose tables are the original's, or one that lists
    // the pages it could not read (never a silent loss, never a panic).
    let whole = bound(&import(&pdf, None).unwrap().text);
    let mut partial = 0;
    for at in (2_000..pdf.len() - 2_000).step_by(pdf.len() / 12) {
        let mut damaged = pdf.clone();
        for b in &mut damaged[at..at + 600] {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        if let Ok(i) = import(&damaged, None) {
            if i.unplaced.is_empty() {
                assert_eq!(bound(&i.text), whole, "damaged at {at}");
            } else {
                partial += 1;
                assert!(i.unplaced.iter().any(|u| u.reason.contains("无法完整解析")));
            }
        }
    }
    assert!(partial > 0, "no damage hit a page's content");
    assert!(started.elapsed() < Duration::from_secs(60));
    let dir = tempfile::tempdir().unwrap();
    let cut = common::write(dir.path(), "cut.pdf", &pdf[..pdf.len() / 2]);
    cli_refuses(&cut, "PDF 文件已损坏或不完整");
}

#[test]
fn a_50_mb_pdf_is_refused_at_once_and_a_30_mb_one_is_read_in_bounded_time() {
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(50 * 1_048_576, b'0');
    let started = Instant::now();
    assert!(matches!(
        import(&big, None),
        Err(ImportError::PdfTooLarge { size }) if size == big.len()
    ));
    assert!(started.elapsed() < Duration::from_secs(1));
    let msg = import(&big, None).unwrap_err().to_string();
    assert!(msg.contains("上限 32 MB"), "{msg}");

    // A real report carrying a 30 MB stream (a large picture), under the limit.
    let real = root().join("tests/fixtures/real/hongze-2024.pdf");
    let mut doc = lopdf::Document::load(&real).unwrap();
    let blob: Vec<u8> = (0..30 * 1_048_576u32).map(|i| (i % 251) as u8).collect();
    doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), blob));
    let mut heavy = Vec::new();
    doc.save_to(&mut heavy).unwrap();
    assert!(heavy.len() > 30 * 1_048_576 && heavy.len() < 32 * 1_048_576);
    let started = Instant::now();
    let imported = import(&heavy, None).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let original = import(&std::fs::read(&real).unwrap(), None).unwrap();
    assert_eq!(imported.text, original.text);
}

/// A PDF of `pages` pages, each with `rules` ruling lines and a line of text.
fn synthetic(pages: usize, rules: usize) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids: Vec<Object> = Vec::new();
    for p in 0..pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 800.into()]),
            Operation::new("Tj", vec![Object::string_literal(format!("page {p}"))]),
            Operation::new("ET", vec![]),
        ];
        for i in 0..rules {
            let y = 100.0 + (i % 600) as f32;
            let x = 50.0 + (i / 600) as f32 * 3.0;
            ops.push(Operation::new("m", vec![x.into(), y.into()]));
            ops.push(Operation::new("l", vec![(x + 400.0).into(), y.into()]));
            ops.push(Operation::new("S", vec![]));
            ops.push(Operation::new(
                "m",
                vec![(x + i as f32 % 400.0).into(), 90.0.into()],
            ));
            ops.push(Operation::new(
                "l",
                vec![(x + i as f32 % 400.0).into(), 750.0.into()],
            ));
            ops.push(Operation::new("S", vec![]));
        }
        let content = Content { operations: ops };
        let c = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => c,
            "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Count" => pages as i64, "Kids" => kids,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn many_pages_and_many_rules_are_read_in_bounded_time() {
    for (pages, rules) in [(150, 10), (3, 4_000), (20, 1_500)] {
        let pdf = synthetic(pages, rules);
        let started = Instant::now();
        // No report in it: refused as such, after reading within the limits.
        let r = import(&pdf, None);
        assert!(
            matches!(r, Err(ImportError::NoReport { .. })),
            "{pages}×{rules}: {r:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{pages} pages × {rules} rules: {:?}",
            started.elapsed()
        );
    }
}
