//! A short soak of the real server: 50 open reports, 5,000 one-character
//! edits spread over them, a hover and a completion after every tenth.
//! Resident memory must stay within a fixed bound of what it was after
//! warming up: per-edit state that is never freed shows up here. (Latency
//! is a benchmark, not a test: `examples/lsp-soak.rs` runs 100,000 edits
//! and records both, see docs/robustness.md.)

mod common;
#[path = "../benches/gen/mod.rs"]
mod gen;

use common::lsp::*;
use serde_json::json;

const SEED: u64 = 0x6e69_616e_6261_6f21;

/// Growth allowed after warm-up (allocator slack, caches filling).
const BOUND_MB: f64 = 24.0;

#[test]
fn memory_stays_bounded_over_thousands_of_edits() {
    let (mut s, _) = Server::initialized(&[], false);
    let mut docs = Vec::new();
    for i in 0..50u64 {
        let text = (i..)
            .map(|k| gen::report(SEED, k * 7 + i).text)
            .find(|t| t.contains("| （七）总计 |"))
            .unwrap();
        let uri = s.open(&format!("file:///soak/{i:02}.nianbao"), &text);
        s.diagnostics(&uri, 1);
        // Where to type: after the first digit of the （七）总计 row.
        let row = text.find("| （七）总计 |").unwrap();
        let at = row + text[row..].find(|c: char| c.is_ascii_digit()).unwrap() + 1;
        let line = text[..at].matches('\n').count() as u64;
        let col = text[..at]
            .rsplit('\n')
            .next()
            .unwrap()
            .encode_utf16()
            .count() as u64;
        docs.push((uri, line, col, 1i64));
    }
    let mut warm = 0.0;
    let mut peak: f64 = 0.0;
    for i in 0..5_000usize {
        let (uri, line, col, version) = &mut docs[i % 50];
        *version += 1;
        let change = if (i / 50) % 2 == 0 {
            edit(
                (*line as u32, *col as u32),
                (*line as u32, *col as u32),
                "1",
            )
        } else {
            edit(
                (*line as u32, *col as u32),
                (*line as u32, *col as u32 + 1),
                "",
            )
        };
        s.change(uri, *version, json!([change]));
        s.diagnostics(uri, *version);
        if i % 10 == 0 {
            let at =
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}});
            s.request("textDocument/hover", at.clone())
                .expect("hover answers");
            s.request("textDocument/completion", at)
                .expect("completion answers");
        }
        if i == 500 {
            warm = s.rss_mb();
        }
        if i > 500 && i % 250 == 0 {
            peak = peak.max(s.rss_mb());
        }
    }
    assert!(
        peak <= warm + BOUND_MB,
        "RSS grew from {warm:.1} MB after warm-up to {peak:.1} MB"
    );
}
