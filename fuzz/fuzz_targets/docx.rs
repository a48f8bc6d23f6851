//! The Word front-end on arbitrary `word/document.xml`, wrapped in a zip as
//! a `.docx` holds it (the `import` target rarely gets past the zip): an
//! error or a report, never a panic, in bounded time; a report is one the
//! checker reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::import::{import, Format};
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).unwrap();
    w.write_all(data).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    if let Ok(imported) = import(&bytes, Some(Format::Docx)) {
        let _ = check_text(&imported.text, None, &Config::default(), &DiskLoader);
    }
});
