//! Inputs the fuzzers found (tests/fixtures/regressions/, one file each,
//! named after what broke), checked against the same properties the fuzz
//! targets assert: the checker neither panics nor points outside the text,
//! and the formatter keeps every word and number and is stable.

use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::format::{format, ink_outside_delimiters};
use std::path::Path;

fn regressions() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/regressions");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regressions folder exists")
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            // Fuzz inputs may hold NUL and control bytes; the language server
            // accepts any UTF-8, so the engine must too.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

#[test]
fn the_checker_survives_every_regression_input() {
    for (name, text) in regressions() {
        let (_, diags) = check_text(&text, None, &Config::default(), &DiskLoader);
        for d in diags {
            assert!(d.span.end <= text.len(), "{name}: {d:?}");
            assert!(text.is_char_boundary(d.span.start), "{name}: {d:?}");
        }
    }
}

#[test]
fn the_formatter_is_lossless_and_stable_on_every_regression_input() {
    for (name, text) in regressions() {
        let once = format(&text);
        assert_eq!(
            ink_outside_delimiters(&text),
            ink_outside_delimiters(&once),
            "{name}: content changed"
        );
        assert_eq!(format(&once), once, "{name}: not idempotent");
    }
}

/// `import` ends on every regression input, and soon: one of them (a table
/// read twice over) once kept it moving group labels for ten minutes.
#[test]
fn import_finishes_quickly_on_every_regression_input() {
    for (name, text) in regressions() {
        let (tx, rx) = std::sync::mpsc::channel();
        let bytes = text.into_bytes();
        std::thread::spawn(move || {
            let _ = nianbao::import::import_with(&bytes, &nianbao::import::Options::default());
            let _ = tx.send(());
        });
        // The slowest of these imports in well under a second, in a debug
        // build; a minute means the slow path is back.
        assert!(
            rx.recv_timeout(std::time::Duration::from_secs(60)).is_ok(),
            "{name}: import did not finish within a minute"
        );
    }
}
