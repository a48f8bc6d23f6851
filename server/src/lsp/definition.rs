//! Go to definition: from the `上年报告` line of the front matter to the file
//! it names.

use super::types::{self, Location, Uri};
use super::Snapshot;

pub fn definition(snap: &Snapshot, offset: usize) -> Option<Location> {
    let fm = snap.doc.front_matter.as_ref()?;
    fm.entries
        .iter()
        .find(|e| e.key == "上年报告" && e.span.start <= offset && offset <= e.span.end)?;
    let path = snap.previous_path()?;
    if !path.is_file() {
        return None;
    }
    let uri = Uri::from_file_path(std::path::absolute(&path).ok()?)?;
    Some(Location::new(uri, types::Range::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;

    #[test]
    fn previous_report_line_leads_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2020.nianbao"), "# 2020年\n").unwrap();
        let this = dir.path().join("2021.nianbao");
        let text = "---\n年度: 2021\n上年报告: 2020.nianbao\n---\n# 标题\n";
        let uri = Uri::from_file_path(&this).unwrap();
        let s = Snapshot::open(uri, text, 1, Encoding::Utf16);
        let on_value = text.find("2020.nianbao").unwrap() + 3;
        let loc = definition(&s, on_value).expect("a location");
        assert_eq!(
            loc.uri.to_file_path().unwrap().as_ref(),
            dir.path().join("2020.nianbao")
        );
        // Elsewhere, or when the file is missing: nothing.
        assert!(definition(&s, text.find("年度").unwrap()).is_none());
        let missing = text.replace("2020.nianbao", "2019.nianbao");
        let s = Snapshot::open(
            Uri::from_file_path(&this).unwrap(),
            &missing,
            1,
            Encoding::Utf16,
        );
        assert!(definition(&s, on_value).is_none());
    }
}
