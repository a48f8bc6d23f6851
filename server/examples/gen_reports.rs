//! Write reports of the benchmark generator (server/benches/gen) to a folder,
//! as sources for the import layout corpus (scripts/import-corpus.sh).
//!
//! `cargo run -q -p nianbao --example gen_reports -- OUT_DIR N [SEED]`
//! writes `gen-<year>-<i>.nianbao` for the first N reports of SEED (default
//! 11) that have no faults (a fault such as an unclosed row is about
//! `check`, not about layouts).

#[path = "../benches/gen/mod.rs"]
mod gen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_reports OUT_DIR N [SEED]");
        std::process::exit(2);
    };
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(11);
    std::fs::create_dir_all(out).expect("create OUT_DIR");
    let mut written = 0;
    for i in 0.. {
        if written == n {
            break;
        }
        let r = gen::report(seed, i);
        if !r.faults.is_empty() {
            continue;
        }
        let path = format!("{out}/gen-{}-{i}.nianbao", r.year);
        std::fs::write(&path, r.text.replace("\r\n", "\n")).expect("write report");
        written += 1;
    }
}
