//! The formatter on arbitrary text: its output parses, keeps every word and
//! number (the non-blank characters outside delimiter rows, in order), and
//! is stable under a second run. Safe fixes applied by `fmt --fix` must also
//! keep the output parseable and stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::format::{format, ink_outside_delimiters};
use nianbao::model::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = format(text);
    let _ = Document::parse(&once);
    assert_eq!(
        ink_outside_delimiters(text),
        ink_outside_delimiters(&once),
        "formatting changed the content"
    );
    let twice = format(&once);
    assert_eq!(once, twice, "formatting is not idempotent");
});
