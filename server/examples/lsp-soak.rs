//! Soak of `nianbao lsp`: 50 open reports, 100,000 one-character edits
//! spread over them, with a hover and a completion after every tenth edit;
//! the server's resident memory and the edit latency sampled every 1,000
//! edits. Writes a CSV and an SVG plot, and prints a summary.
//!
//! `cargo run --release --example lsp-soak -- [BINARY] [EDITS] [OUT_DIR]`
//! (defaults: target/release/nianbao, 100000, target/soak). scripts/soak.sh
//! runs it for docs/robustness.md.

#[path = "../benches/gen/mod.rs"]
mod gen;
mod lsp_client;

use lsp_client::{keystroke, typing_position, Server};
use serde_json::json;
use std::fmt::Write as _;
use std::time::Instant;

const SEED: u64 = 0x6e69_616e_6261_6f21;
const DOCS: usize = 50;
const EVERY: usize = 1000;

struct Sample {
    edits: usize,
    rss_mb: f64,
    median_ms: f64,
    p99_ms: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let binary = args
        .first()
        .cloned()
        .unwrap_or("target/release/nianbao".into());
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let out_dir = std::path::PathBuf::from(args.get(2).cloned().unwrap_or("target/soak".into()));
    std::fs::create_dir_all(&out_dir).unwrap();

    let mut server = Server::start(&binary);
    let mut docs = Vec::new();
    for i in 0..DOCS {
        // Reports with 表三 (where the typing happens), both editions.
        let text = (i as u64..)
            .map(|k| gen::report(SEED, k * 7 + i as u64).text)
            .find(|t| t.contains("| （七）总计 |"))
            .unwrap();
        let uri = format!("file:///soak/{i:02}.nianbao");
        server.open(&uri, &text);
        docs.push((uri, typing_position(&text), 1i64));
    }
    let start_rss = server.rss_mb();
    let mut samples = Vec::new();
    let mut window = Vec::with_capacity(EVERY);
    let started = Instant::now();
    for i in 0..edits {
        let d = i % DOCS;
        let (uri, pos, version) = &mut docs[d];
        *version += 1;
        let t0 = Instant::now();
        // Each document alternates typing and deleting its own digit.
        server.edit(uri, *version, keystroke(i / DOCS, pos));
        window.push(t0.elapsed().as_secs_f64() * 1e3);
        if i % 10 == 0 {
            let at = json!({ "textDocument": { "uri": uri }, "position": pos });
            server.request("textDocument/hover", at.clone());
            server.request("textDocument/completion", at);
        }
        if (i + 1) % EVERY == 0 {
            window.sort_by(f64::total_cmp);
            samples.push(Sample {
                edits: i + 1,
                rss_mb: server.rss_mb(),
                median_ms: window[window.len() / 2],
                p99_ms: window[(window.len() * 99) / 100],
            });
            window.clear();
        }
    }
    let wall = started.elapsed().as_secs_f64();

    let mut csv = String::from("edits,rss_mb,median_ms,p99_ms\n");
    for s in &samples {
        let _ = writeln!(
            csv,
            "{},{:.1},{:.3},{:.3}",
            s.edits, s.rss_mb, s.median_ms, s.p99_ms
        );
    }
    std::fs::write(out_dir.join("soak.csv"), &csv).unwrap();
    std::fs::write(out_dir.join("soak.svg"), plot(&samples)).unwrap();

    let rss: Vec<f64> = samples.iter().map(|s| s.rss_mb).collect();
    let max_rss = rss.iter().cloned().fold(0.0, f64::max);
    let tenth = (samples.len() / 10).max(1);
    let med = |xs: &[Sample]| {
        let mut v: Vec<f64> = xs.iter().map(|s| s.median_ms).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("| measure | result |\n| --- | --- |");
    println!("| edits (over {DOCS} open reports), with a hover and a completion every 10 | {edits} in {wall:.0} s |");
    println!("| RSS after opening the reports | {start_rss:.1} MB |");
    println!(
        "| RSS, first sample → last sample (max) | {:.1} → {:.1} MB ({max_rss:.1}) |",
        rss[0],
        rss[rss.len() - 1]
    );
    println!(
        "| edit latency median, first 10 % of samples → last 10 % | {:.3} → {:.3} ms |",
        med(&samples[..tenth]),
        med(&samples[samples.len() - tenth..])
    );
    println!("| data | {} |", out_dir.join("soak.csv").display());
}

/// Memory and median latency against edits, as a self-contained SVG.
fn plot(samples: &[Sample]) -> String {
    let (w, h, pad) = (720.0, 300.0, 50.0);
    let max_x = samples.last().map_or(1, |s| s.edits) as f64;
    let max_rss = samples.iter().map(|s| s.rss_mb).fold(1.0, f64::max) * 1.25;
    let max_ms = samples.iter().map(|s| s.median_ms).fold(0.1, f64::max) * 1.25;
    let x = |e: usize| pad + (e as f64 / max_x) * (w - 2.0 * pad);
    let y = |v: f64, max: f64| h - pad - (v / max) * (h - 2.0 * pad);
    let line = |f: &dyn Fn(&Sample) -> f64, max: f64| {
        samples
            .iter()
            .map(|s| format!("{:.1},{:.1}", x(s.edits), y(f(s), max)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{pad}\" y=\"20\">nianbao lsp soak: {} edits over {DOCS} reports</text>\n\
         <line x1=\"{pad}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"black\"/>\n\
         <line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{b}\" stroke=\"black\"/>\n\
         <line x1=\"{r}\" y1=\"{pad}\" x2=\"{r}\" y2=\"{b}\" stroke=\"black\"/>\n",
        max_x,
        b = h - pad,
        r = w - pad
    );
    let _ = writeln!(
        svg,
        "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{}\"/>",
        line(&|s| s.rss_mb, max_rss)
    );
    let _ = writeln!(
        svg,
        "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{}\"/>",
        line(&|s| s.median_ms, max_ms)
    );
    let _ = writeln!(
        svg,
        "<text x=\"{pad}\" y=\"{}\" fill=\"#1f77b4\">RSS, MB (left axis, 0–{max_rss:.0})</text>\n\
         <text x=\"{}\" y=\"{}\" fill=\"#d62728\" text-anchor=\"end\">median edit latency, ms (right axis, 0–{max_ms:.2})</text>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">edits (0–{max_x})</text>\n</svg>",
        pad - 8.0,
        w - pad,
        pad - 8.0,
        w / 2.0,
        h - 15.0
    );
    svg
}
