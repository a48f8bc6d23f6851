//! `nianbao import` on the corpus of real published reports
//! (tests/fixtures/import/, copies of /work/shared/corpus/real and the
//! seed): time per report and throughput, per input layout; Word documents
//! next to the bare unzip + XML parse. Results in docs/performance.md.

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

/// Word documents: `import` of each `.docx` the tests hold (real pages saved
/// by LibreOffice, the official template filled in), next to the bare
/// parsing it starts with (unzip `word/document.xml`, run quick-xml over it).
fn docx(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut files: Vec<_> = ["docx", "import-corpus/docx-template"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .filter(|p| import(&std::fs::read(p).unwrap(), None).is_ok())
        .collect();
    files.sort();
    let mut g = c.benchmark_group("docx");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("import {name}"), |b| {
            b.iter(|| black_box(import(&bytes, None)))
        });
        g.bench_function(format!("unzip+xml {name}"), |b| {
            b.iter(|| black_box(bare_docx(&bytes)))
        });
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
    fn docx(bytes: &[u8]) {
        black_box(bare_docx(bytes));
    }
    match form {
        "html" => Some(html),
        "gbk" => Some(gbk),
        f if f.starts_with("docx") => Some(docx),
        _ => None,
    }
}

/// The libraries alone: the events of `word/document.xml`.
fn bare_docx(bytes: &[u8]) -> usize {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut r = quick_xml::NsReader::from_str(&xml);
    let mut n = 0;
    while !matches!(
        r.read_resolved_event(),
        Ok((_, quick_xml::events::Event::Eof)) | Err(_)
    ) {
        n += 1;
    }
    n
}

criterion_group!(benches, bench, forms, docx);
criterion_main!(benches);
