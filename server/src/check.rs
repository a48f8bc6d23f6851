//! The check engine: text → diagnostics, the same for the CLI and the
//! language server.

use crate::analysis::Analysis;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crate::rules::{self, Context};
use crate::suppress;
use crate::text::Span;
use std::path::{Path, PathBuf};

/// Where the text of `上年报告` comes from (disk for the CLI; open buffers
/// first for the language server).
pub trait Loader {
    fn load(&self, path: &Path) -> std::io::Result<String>;
}

/// Reads files from disk, refusing what is not a UTF-8 text file.
pub struct DiskLoader;

/// The largest `上年报告` read. A real report is 5–50 KB; a path such as
/// `/dev/zero` or a huge log must not hang or exhaust the checker.
pub const MAX_PREVIOUS_BYTES: u64 = 64 * 1024 * 1024;

impl Loader for DiskLoader {
    fn load(&self, path: &Path) -> std::io::Result<String> {
        use std::io::Read;
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(std::io::Error::other("是一个文件夹，不是报告文件"));
        }
        if !meta.is_file() {
            return Err(std::io::Error::other(
                "不是普通文件（设备、管道等），不是报告文件",
            ));
        }
        let too_big = || {
            std::io::Error::other(format!(
                "文件超过 {} MB，不像一份年报",
                MAX_PREVIOUS_BYTES / 1024 / 1024
            ))
        };
        if meta.len() > MAX_PREVIOUS_BYTES {
            return Err(too_big());
        }
        // Bounded even if the file grows between the two calls.
        let mut bytes = Vec::new();
        std::fs::File::open(path)?
            .take(MAX_PREVIOUS_BYTES + 1)
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_PREVIOUS_BYTES {
            return Err(too_big());
        }
        if bytes.contains(&0) {
            return Err(std::io::Error::other("是二进制文件，不是文本报告"));
        }
        String::from_utf8(bytes).map_err(|_| std::io::Error::other("不是有效的 UTF-8 文本"))
    }
}

/// The previous year's report, resolved and parsed.
pub struct Previous {
    pub path: PathBuf,
    pub doc: Result<Document, (Span, String)>,
}

/// Resolve and read the report named by `上年报告`, relative to `path`'s folder.
pub fn load_previous(doc: &Document, path: Option<&Path>, loader: &dyn Loader) -> Option<Previous> {
    // Only the front matter is needed here: binding the whole report to the
    // template again would double the cost of every check.
    let (value, span) = crate::analysis::front_info(doc).previous?;
    if value.trim().is_empty() {
        return None;
    }
    let base = path.and_then(Path::parent).unwrap_or(Path::new("."));
    let prev_path = base.join(value.trim());
    let same =
        path.is_some_and(
            |p| match (std::fs::canonicalize(p), std::fs::canonicalize(&prev_path)) {
                (Ok(a), Ok(b)) => a == b,
                _ => p == prev_path,
            },
        );
    let doc = if same {
        Err((span, "“上年报告”指向本报告自身".to_string()))
    } else {
        match loader.load(&prev_path) {
            Ok(text) => Ok(Document::parse(&text)),
            Err(e) => Err((
                span,
                format!(
                    "无法读取上年报告 {}：{}",
                    prev_path.display(),
                    zh_io_error(&e)
                ),
            )),
        }
    };
    Some(Previous {
        path: prev_path,
        doc,
    })
}

pub fn zh_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

/// Check one parsed document. `previous` is the 上年报告, if any.
pub fn check_document(
    doc: &Document,
    previous: Option<&Previous>,
    config: &Config,
) -> Vec<Diagnostic> {
    let analysis = Analysis::analyze(doc);
    let prev_analysis = previous
        .and_then(|p| p.doc.as_ref().ok())
        .map(Analysis::analyze);
    let cx = Context {
        analysis: &analysis,
        previous: prev_analysis.as_ref(),
        previous_error: previous.and_then(|p| p.doc.as_ref().err().cloned()),
    };
    let mut diags = Vec::new();
    if analysis.pre_2019() {
        // Only NB104: nothing else applies to a pre-2019 report.
        if let Some(r) = rules::all().iter().find(|r| r.code() == "NB104") {
            r.check(&cx, &mut diags);
        }
    } else {
        for rule in rules::all() {
            rule.check(&cx, &mut diags);
        }
    }
    let sups = suppress::collect(doc);
    let used = suppress::apply(&sups, &mut diags);
    rules::unused_suppressions(&cx, &sups, &used, &mut diags);
    // nianbao.toml severities; rules turned off disappear.
    diags.retain_mut(|d| match config.severity(d.code, d.severity) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    diags.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    diags
}

/// Check a text as the file at `path` (used to find `上年报告`).
pub fn check_text(
    text: &str,
    path: Option<&Path>,
    config: &Config,
    loader: &dyn Loader,
) -> (Document, Vec<Diagnostic>) {
    let doc = Document::parse(text);
    let previous = load_previous(&doc, path, loader);
    let diags = check_document(&doc, previous.as_ref(), config);
    (doc, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_loader_refuses_what_is_not_a_report_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = |p: &Path| DiskLoader.load(p).unwrap_err().to_string();
        assert!(err(dir.path()).contains("文件夹"));
        let missing = DiskLoader.load(&dir.path().join("missing")).unwrap_err();
        assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
        if Path::new("/dev/zero").exists() {
            assert!(err(Path::new("/dev/zero")).contains("不是普通文件"));
        }
        let bin = dir.path().join("b.nianbao");
        std::fs::write(&bin, b"# a\0b").unwrap();
        assert!(err(&bin).contains("二进制"));
        let ok = dir.path().join("ok.nianbao");
        std::fs::write(&ok, "# 标题\n").unwrap();
        assert_eq!(DiskLoader.load(&ok).unwrap(), "# 标题\n");
    }
}
