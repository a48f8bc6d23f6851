//! Helpers for rule tests: check a text and look at what a rule said.

use crate::check::{check_document, DiskLoader, Loader};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Document;

/// A complete, valid 2021-edition report (year 2022) with non-zero,
/// consistent numbers. Tests break one thing in it at a time.
pub const VALID_2021: &str = include_str!("../../../tests/fixtures/valid-2021.nianbao");
/// A complete, valid 2019-edition report (year 2020).
pub const VALID_2019: &str = include_str!("../../../tests/fixtures/valid-2019.nianbao");

/// All diagnostics for a text (no config, no file path).
pub fn check(text: &str) -> Vec<Diagnostic> {
    check_with(text, &DiskLoader)
}

/// All diagnostics, with `上年报告` read through `loader`.
pub fn check_with(text: &str, loader: &dyn Loader) -> Vec<Diagnostic> {
    let doc = Document::parse(text);
    let prev =
        crate::check::load_previous(&doc, Some(std::path::Path::new("report.nianbao")), loader);
    check_document(&doc, prev.as_ref(), &Config::default())
}

/// The diagnostics of one code.
pub fn of(text: &str, code: &str) -> Vec<Diagnostic> {
    check(text).into_iter().filter(|d| d.code == code).collect()
}

/// The text a diagnostic points at.
pub fn at<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    &text[d.span.clone()]
}

/// Replace the first occurrence of `from` (which must exist) with `to`.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}

/// A loader over an in-memory set of files, for cross-year tests.
pub struct MemLoader(pub Vec<(&'static str, String)>);

impl Loader for MemLoader {
    fn load(&self, path: &std::path::Path) -> std::io::Result<String> {
        self.0
            .iter()
            .find(|(p, _)| std::path::Path::new(p) == path)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

#[test]
fn valid_fixtures_have_no_diagnostics() {
    for text in [VALID_2021, VALID_2019] {
        let d = check(text);
        assert!(d.is_empty(), "{d:#?}");
    }
}

#[test]
fn example_report_gives_exactly_the_known_defects_so_far() {
    let text = include_str!("../../../examples/gongnong-2021.nianbao");
    let got: Vec<(&str, &str)> = check(text).iter().map(|d| (d.code, at(text, d))).collect();
    assert!(got.contains(&("NB302", "0")));
}
