//! `import` on arbitrary input, detected and forced through every front-end:
//! an error or a result, never a panic (the 16 MB cap and the nesting limit
//! keep it bounded; a panic inside the PDF parser is caught and reported as
//! a damaged file); a result is a report the checker reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::import::{import, Format};

fuzz_target!(|data: &[u8]| {
    let formats = [
        None,
        Some(Format::Html),
        Some(Format::Text),
        Some(Format::PdfText),
        Some(Format::Pdf),
        Some(Format::Runs),
        Some(Format::Docx),
    ];
    for from in formats {
        if let Ok(imported) = import(data, from) {
            let _ = check_text(&imported.text, None, &Config::default(), &DiskLoader);
        }
    }
});
