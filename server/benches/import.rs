//! `nianbao import` on the corpus of real published reports
//! (tests/fixtures/import/, copies of /work/shared/corpus/real and the
//! seed): time per report and throughput, per input layout. Results in
//! docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nianbao::import::import;
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // The corpus inputs, not the hand-written expected tables.
        .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("tables")))
        .collect();
    files.sort();
    let mut g = c.benchmark_group("import");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        if import(&bytes, None).is_err() {
            continue; // a layout no front-end reads yet
        }
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        g.bench_function(name, |b| b.iter(|| black_box(import(&bytes, None))));
    }
    g.finish();
}

/// Throughput per form of the layout corpus (tests/fixtures/import-corpus:
/// the same reports as HTML, GBK HTML, PDF, Word, extracted text …), in
/// reports per second, next to the bare library that reads that form
/// (the HTML parser, the charset decoder plus the parser, …): what import
/// adds on top of parsing.
fn forms(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import-corpus");
    let mut forms: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "src"))
        .collect();
    forms.sort();
    let mut g = c.benchmark_group("import-forms");
    for form in forms {
        let name = form.file_name().unwrap().to_string_lossy().into_owned();
        let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&form)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        inputs.sort();
        g.throughput(Throughput::Elements(inputs.len() as u64));
        g.bench_function(format!("{name}/import"), |b| {
            b.iter(|| {
                for i in &inputs {
                    black_box(import(i, None).ok());
                }
            })
        });
        if let Some(baseline) = baseline(&name) {
            g.bench_function(format!("{name}/baseline"), |b| {
                b.iter(|| {
                    for i in &inputs {
                        baseline(black_box(i));
                    }
                })
            });
        }
    }
    g.finish();
}

/// The bare library that reads a form, for comparison.
fn baseline(form: &str) -> Option<fn(&[u8])> {
    fn html(bytes: &[u8]) {
        let text = std::str::from_utf8(bytes).unwrap();
        black_box(scraper::Html::parse_document(text));
    }
    fn gbk(bytes: &[u8]) {
        let (text, _, _) = encoding_rs::GBK.decode(bytes);
        black_box(scraper::Html::parse_document(&text));
    }
    match form {
        "html" => Some(html),
        "gbk" => Some(gbk),
        _ => None,
    }
}

criterion_group!(benches, bench, forms);
criterion_main!(benches);
