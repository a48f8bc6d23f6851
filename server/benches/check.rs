//! Throughput of the checker on a generated corpus of realistic reports:
//! the bare tree-sitter parse, the report model, and the whole check.
//! Target: whole check ≤ 3× the bare parse (docs/performance.md).
//!
//! `NIANBAO_BENCH_REPORTS` sets the corpus size (default 10 000).

#[path = "gen/mod.rs"]
mod gen;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::model::Document;
use nianbao::syntax;
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 0x6e69_616e_6261_6f21;

fn corpus() -> Vec<String> {
    let n = std::env::var("NIANBAO_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    gen::corpus(SEED, n).into_iter().map(|r| r.text).collect()
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let cfg = Config::default();
    // Say what is measured, and make sure the check does real work.
    let diags: usize = texts
        .iter()
        .map(|t| check_text(t, None, &cfg, &DiskLoader).1.len())
        .sum();
    eprintln!(
        "corpus: {} reports, {:.1} MB, {} diagnostics",
        texts.len(),
        bytes as f64 / 1e6,
        diags
    );

    let mut g = c.benchmark_group("corpus");
    // One iteration is the whole corpus (seconds): few flat samples.
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(syntax::parse(black_box(t)));
            }
        })
    });
    g.bench_function("model", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(Document::parse(black_box(t)));
            }
        })
    });
    g.bench_function("check", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(check_text(black_box(t), None, &cfg, &DiskLoader));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
