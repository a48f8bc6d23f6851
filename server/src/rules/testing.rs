//! Helpers for rule tests: check a text and look at what a rule said.

use crate::check::{DiskLoader, Loader};
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
    let path = Some(std::path::Path::new("report.nianbao"));
    let prev = crate::check::load_previous(&doc, path, loader);
    let parts = crate::check::load_parts(&doc, path, loader);
    crate::check::check_with_inputs(&doc, prev.as_ref(), parts.as_ref(), &Config::default())
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

    fn list(&self, dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
        let mut out: Vec<std::path::PathBuf> = self
            .0
            .iter()
            .map(|(p, _)| std::path::PathBuf::from(p))
            .filter(|p| p.parent() == Some(dir))
            .collect();
        out.sort();
        Ok(out)
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
fn example_report_gives_exactly_the_known_defects() {
    // issue 2: NB302 and NB303 in the 自然人 and 总计 columns of （七）总计,
    // NB114 on the 五 heading, NB113 on the `6、` heading, NB402 on 六; nothing else.
    let text = include_str!("../../../examples/gongnong-2021.nianbao");
    let doc = Document::parse(text);
    let got: Vec<(&str, usize, usize, &str)> = check(text)
        .iter()
        .map(|d| {
            let p = doc
                .lines
                .position(text, d.span.start, crate::text::ColumnUnit::Char);
            (d.code, p.line + 1, p.column + 1, at(text, d))
        })
        .collect();
    let total_row = "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let line = text.lines().position(|l| l == total_row).unwrap() + 1;
    assert_eq!(
        got,
        [
            ("NB302", line, 11, "0"),
            ("NB303", line, 11, "0"),
            ("NB302", line, 35, "0"),
            ("NB303", line, 35, "0"),
            ("NB114", 95, 4, "五、政务公开工作存在的主要问题"),
            ("NB113", 103, 4, "6、 其他需要报告的事项"),
            ("NB402", 103, 4, "6、 其他需要报告的事项"),
        ]
    );
    // The 自然人 cell is the first value cell of the row, 总计 the last.
    let row_start = text.find(total_row).unwrap();
    let d302: Vec<_> = check(text)
        .into_iter()
        .filter(|d| d.code == "NB302")
        .collect();
    assert_eq!(
        d302[0].span.start,
        row_start + total_row.find("| 0").unwrap() + 2
    );
    assert_eq!(
        d302[1].span.start,
        row_start + total_row.rfind("| 0").unwrap() + 2
    );
    assert!(d302[0].message.contains("应为 1"), "{}", d302[0].message);
}
