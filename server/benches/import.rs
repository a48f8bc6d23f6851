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

criterion_group!(benches, bench);
criterion_main!(benches);
