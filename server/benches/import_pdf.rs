//! `nianbao import` of PDF files (server/src/import/pdfdoc.rs) next to the
//! bare crates' own text extraction on the same files
//! (`pdf_extract::extract_text_from_mem`: lopdf parsing plus pdf-extract's
//! plain-text output), so the cost of rebuilding tables from positions is
//! visible. Files: the real published PDFs (WPS) and the Chromium prints of
//! the layout corpus. Results in docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nianbao::import::import;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests/fixtures/real", "tests/fixtures/import-corpus/pdf"] {
        let mut these: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        these.sort();
        files.extend(these);
    }
    let mut g = c.benchmark_group("import_pdf");
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("import/{name}"), |b| {
            b.iter(|| black_box(import(&bytes, None).unwrap()))
        });
        g.bench_function(format!("pdf-extract/{name}"), |b| {
            b.iter(|| black_box(pdf_extract::extract_text_from_mem(&bytes).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
