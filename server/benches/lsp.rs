//! Where the language server's time goes after a one-character `didChange`:
//! applying the edit and reparsing incrementally (`Snapshot::apply`, which
//! also rebuilds the report model), running the checker (from scratch, and
//! as the server does, reusing the prose of unchanged paragraphs), and turning the
//! diagnostics into the JSON of `publishDiagnostics`. For a typical report
//! (the example) and a 1 MB report. The end-to-end latency through a real
//! process is measured by `examples/lsp-latency.rs`; see docs/performance.md.

#[path = "gen/mod.rs"]
mod gen;

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::check::{check_cancellable, check_document};
use nianbao::config::Config;
use nianbao::lsp::types::{PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent};
use nianbao::lsp::{diagnostics, Encoding, Snapshot};
use std::hint::black_box;

const SEED: u64 = 0x6e69_616e_6261_6f21;

/// The edit: type a digit right after the first value of the （七）总计 row.
fn keystroke(snap: &Snapshot) -> TextDocumentContentChangeEvent {
    let text = snap.text();
    let row = text.find("| （七）总计 |").expect("the report has 表三");
    let at = row + text[row..].find(|c: char| c.is_ascii_digit()).unwrap() + 1;
    let pos = snap.position(at);
    TextDocumentContentChangeEvent {
        range: Some(Range::new(pos, pos)),
        range_length: None,
        text: "1".into(),
    }
}

fn bench(c: &mut Criterion) {
    let reports = [
        (
            "typical",
            include_str!("../../examples/gongnong-2021.nianbao").to_string(),
        ),
        ("1mb", gen::big_report(SEED, 1_000_000).text),
    ];
    let config = Config::default();
    for (name, text) in reports {
        let uri = "file:///bench/report.nianbao".parse().unwrap();
        let base = Snapshot::open(uri, &text, 1, Encoding::Utf16);
        let edit = keystroke(&base);
        let mut g = c.benchmark_group(format!("lsp-{name}"));
        g.bench_function("reparse", |b| {
            b.iter(|| black_box(base.apply(2, vec![edit.clone()])))
        });
        let next = base.apply(2, vec![edit.clone()]);
        g.bench_function("check", |b| {
            b.iter(|| black_box(check_document(&next.doc, None, &config)))
        });
        // As the server checks: the prose of the paragraphs the edit left
        // unchanged (here all of them: it edits a table) kept from the last
        // check of the document.
        let never = || false;
        check_cancellable(&base.doc, Some(&base.prose), None, None, &config, &never);
        g.bench_function("check-reusing", |b| {
            b.iter(|| {
                let reuse = Some(&*next.prose);
                black_box(check_cancellable(
                    &next.doc, reuse, None, None, &config, &never,
                ))
            })
        });
        let diags = check_document(&next.doc, None, &config);
        g.bench_function("serialize", |b| {
            b.iter(|| {
                let params = PublishDiagnosticsParams::new(
                    next.uri.clone(),
                    diagnostics::to_lsp(&next, &diags),
                    Some(next.version),
                );
                black_box(serde_json::to_vec(&params).unwrap())
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
