//! `nianbao check`.

use crate::check::{check_text, DiskLoader};
use crate::config::Config;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (searched for *.nianbao); `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let mut errors = false;
    for p in &args.paths {
        let text = std::fs::read_to_string(p).unwrap();
        let cfg = Config::discover(p).ok().flatten().unwrap_or_default();
        let (doc, diags) = check_text(&text, Some(p), &cfg, &DiskLoader);
        for d in diags {
            let pos = doc
                .lines
                .position(&doc.text, d.span.start, crate::text::ColumnUnit::Char);
            println!(
                "{}:{}:{}: {} {} {}",
                p.display(),
                pos.line + 1,
                pos.column + 1,
                d.severity.as_str(),
                d.code,
                d.message
            );
            errors |= d.severity == crate::diagnostic::Severity::Error;
        }
    }
    i32::from(errors)
}
