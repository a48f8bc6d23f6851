//! The parser, the model and every rule on arbitrary bytes: no panic, and
//! every diagnostic points inside the text, on character boundaries (what
//! every output format and the editor rely on).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::{check_text, Loader};
use nianbao::config::Config;
use nianbao::text::ColumnUnit;

/// `上年报告` always resolves to the same input, so cross-year rules run.
struct Echo(String);

impl Loader for Echo {
    fn load(&self, _: &std::path::Path) -> std::io::Result<String> {
        Ok(self.0.clone())
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("/fuzz/2021.nianbao");
    let (doc, diags) = check_text(text, Some(path), &Config::default(), &Echo(text.to_string()));
    for d in &diags {
        for span in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{d:?}");
            let _ = doc.lines.position(text, span.start, ColumnUnit::Utf16);
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(e.span.end <= text.len() && text.is_char_boundary(e.span.start), "{d:?}");
            }
        }
    }
});
