//! Write generated reports to disk, for process-level benchmarks and soak
//! runs: `cargo run --release --example gen-corpus -- OUT_DIR [N]` writes N
//! reports (default 100); `... -- --big BYTES FILE` writes one clean report
//! of about BYTES bytes.

#[path = "../benches/gen/mod.rs"]
mod gen;

use std::path::PathBuf;

const SEED: u64 = 0x6e69_616e_6261_6f21;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, bytes, file] if flag == "--big" => {
            let bytes: usize = bytes.parse().expect("BYTES is a number");
            std::fs::write(file, gen::big_report(SEED, bytes).text)
        }
        [dir, rest @ ..] => {
            let n: usize = rest
                .first()
                .map_or(100, |n| n.parse().expect("N is a number"));
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir)?;
            for (i, r) in gen::corpus(SEED, n).iter().enumerate() {
                std::fs::write(dir.join(format!("{i:05}-{}.nianbao", r.year)), &r.text)?;
            }
            Ok(())
        }
        _ => {
            eprintln!("usage: gen-corpus OUT_DIR [N] | gen-corpus --big BYTES FILE");
            std::process::exit(2)
        }
    }
}
