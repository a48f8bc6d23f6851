//! End-to-end latency and memory of `nianbao lsp`, measured from the client's
//! side of a real process over stdio (so framing, JSON and scheduling are
//! included): the time from writing a one-character `didChange` to reading
//! the `publishDiagnostics` of that version, for a typical report and a 1 MB
//! report; and the server's resident memory with 1 and 200 open reports and
//! along 100,000 edits.
//!
//! `cargo run --release --example lsp-latency -- [BINARY] [EDITS] [SOAK]`
//! (BINARY defaults to target/release/nianbao, EDITS to 1000, SOAK — the
//! edits of the memory run — to 100,000). Prints a Markdown table;
//! scripts/bench.sh runs it for docs/performance.md.

#[path = "../benches/gen/mod.rs"]
mod gen;
mod lsp_client;

use lsp_client::{keystroke, typing_position, Server};
use serde_json::json;
use std::time::{Duration, Instant};

const SEED: u64 = 0x6e69_616e_6261_6f21;

/// Type and delete one digit, `edits` times; the latency of each.
fn latencies(server: &mut Server, uri: &str, text: &str, edits: usize) -> Vec<Duration> {
    server.open(uri, text);
    let pos = typing_position(text);
    let mut out = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = keystroke(i, &pos);
        let t0 = Instant::now();
        server.edit(uri, version, change);
        out.push(t0.elapsed());
    }
    out
}

/// The floor under every latency above, measured in the same run: a
/// request the main loop answers at once (an unknown method), so a round
/// trip through both pipes, the server's reader, main loop and writer
/// threads and the client's reader, with no work. A keystroke adds the
/// hand-off to a check thread and the work itself.
fn round_trips(server: &mut Server, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t0 = Instant::now();
            let answer = server.request("nianbao/ping", json!({}));
            assert_eq!(answer["error"]["code"], -32601, "{answer}");
            t0.elapsed()
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let binary = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/release/nianbao".into());
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let typical = include_str!("../../examples/gongnong-2021.nianbao");
    let big = gen::big_report(SEED, 1_000_000).text;

    println!("| measure | median | p99 | max |\n| --- | --- | --- | --- |");
    let mut server = Server::start(&binary);
    let mut l = round_trips(&mut server, edits);
    l.sort();
    println!(
        "| baseline: a request answered at once (no work), {edits} round trips | {:.3} ms | {:.3} ms | {:.3} ms |",
        percentile(&l, 0.5),
        percentile(&l, 0.99),
        percentile(&l, 1.0),
    );
    drop(server);
    for (name, text) in [("typical report", typical), ("1 MB report", big.as_str())] {
        let mut server = Server::start(&binary);
        let mut l = latencies(&mut server, "file:///bench/report.nianbao", text, edits);
        l.sort();
        println!(
            "| didChange → publishDiagnostics, {name} ({} bytes, {edits} edits) | {:.3} ms | {:.3} ms | {:.3} ms |",
            text.len(),
            percentile(&l, 0.5),
            percentile(&l, 0.99),
            percentile(&l, 1.0),
        );
    }

    println!("\n| memory (VmRSS of the server) | MB |\n| --- | --- |");
    let mut server = Server::start(&binary);
    println!("| started, no document | {:.1} |", server.rss_mb());
    server.open("file:///bench/0.nianbao", &gen::report(SEED, 0).text);
    println!("| 1 open report | {:.1} |", server.rss_mb());
    for i in 1..200 {
        server.open(
            &format!("file:///bench/{i}.nianbao"),
            &gen::report(SEED, i).text,
        );
    }
    println!("| 200 open reports | {:.1} |", server.rss_mb());
    drop(server);

    // Memory over many edits: sampled ten times along the way.
    let soak: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let mut server = Server::start(&binary);
    let uri = "file:///bench/soak.nianbao";
    let mut samples = Vec::new();
    server.open(uri, typical);
    let pos = typing_position(typical);
    for i in 0..soak {
        server.edit(uri, i as i64 + 2, keystroke(i, &pos));
        if (i + 1) % (soak / 10).max(1) == 0 {
            samples.push(format!("{:.1}", server.rss_mb()));
        }
    }
    println!(
        "| typical report, after every tenth of {soak} edits | {} |",
        samples.join(" → ")
    );
}
