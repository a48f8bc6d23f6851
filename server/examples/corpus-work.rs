//! One pass of one stage over a generated corpus, for instruction counts
//! under `valgrind --tool=callgrind`, which are repeatable whatever else the
//! machine is doing (criterion's times are not, on a shared machine):
//! `corpus-work none|parse|model|check|keystrokes|keystrokes-1mb [N]`. The stages are those of
//! `benches/check.rs`; see docs/performance.md for how they are compared.

#[path = "../benches/gen/mod.rs"]
mod gen;

use nianbao::check::{check_analysis, check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::lsp::types::{Range, TextDocumentContentChangeEvent};
use nianbao::lsp::{Encoding, Snapshot};
use nianbao::model::Document;
use nianbao::syntax;
use std::hint::black_box;

const SEED: u64 = 0x6e69_616e_6261_6f21;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args
        .get(1)
        .map_or(200, |n| n.parse().expect("N is a number"));
    // The keystroke modes need one report, only to warm up with.
    let mode = args.first().map(String::as_str).unwrap_or("");
    let reports = if mode.starts_with("keystrokes") {
        1
    } else {
        n.max(1)
    };
    let texts: Vec<String> = gen::corpus(SEED, reports)
        .into_iter()
        .map(|r| r.text)
        .collect();
    let cfg = Config::default();
    // Warm the lazily built tables (templates, rules, regexes) first, so the
    // stage's count is the stage's.
    check_text(&texts[0], None, &cfg, &DiskLoader);
    let mark = std::time::Instant::now();
    match Some(mode) {
        // Generation and warm-up only: subtracted from the stages' counts.
        Some("none") => {}
        Some("parse") => texts.iter().for_each(|t| drop(black_box(syntax::parse(t)))),
        Some("model") => texts
            .iter()
            .for_each(|t| drop(black_box(Document::parse(t)))),
        Some("check") => texts
            .iter()
            .for_each(|t| drop(black_box(check_text(t, None, &cfg, &DiskLoader)))),
        // N keystrokes in the example report, each applied (incremental
        // reparse, model) and checked as the language server does (keeping
        // the prose of unchanged paragraphs between checks).
        // The same in a 1 MB report (`keystrokes-1mb`).
        Some(mode @ ("keystrokes" | "keystrokes-1mb")) => {
            let big;
            let text = if mode == "keystrokes" {
                include_str!("../../examples/gongnong-2021.nianbao")
            } else {
                big = gen::big_report(SEED, 1_000_000).text;
                big.as_str()
            };
            let uri = "file:///bench/report.nianbao".parse().expect("a URI");
            let mut snap = Snapshot::open(uri, text, 1, Encoding::Utf16);
            for v in 0..n {
                let at = snap
                    .text()
                    .find("| （七）总计 |")
                    .expect("the example has 表三")
                    + 20;
                // Type a digit before the first value, then delete it.
                let pos = snap.position(at);
                let mut end = pos;
                end.character += (v % 2) as u32;
                let edit = TextDocumentContentChangeEvent {
                    range: Some(Range::new(pos, end)),
                    range_length: None,
                    text: if v % 2 == 0 { "1" } else { "" }.into(),
                };
                snap = snap.apply(v as i32 + 2, vec![edit]);
                // As the language server checks: the snapshot's analysis
                // (which its requests share), reusing what the last check
                // found in the paragraphs the edit left unchanged.
                let never = || false;
                black_box(check_analysis(snap.analysis(), None, None, &cfg, &never));
            }
        }
        _ => {
            eprintln!("usage: corpus-work none|parse|model|check|keystrokes|keystrokes-1mb [N]");
            std::process::exit(2)
        }
    }
    eprintln!("{:?}", mark.elapsed());
}
