//! The check engine: text → diagnostics, the same for the CLI and the
//! language server.

use crate::analysis::{Analysis, Analyzed};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, OtherFile};
use crate::model::Document;
use crate::rules::prose::ProseCache;
use crate::rules::{self, Context};
use crate::suppress;
use crate::text::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the text of `上年报告` comes from (disk for the CLI; open buffers
/// first for the language server).
pub trait Loader {
    fn load(&self, path: &Path) -> std::io::Result<String>;

    /// The report at `path`, parsed. The language server answers from the
    /// open buffer's model or a cache, so a check per keystroke neither
    /// copies nor reparses the reports it reads.
    fn document(&self, path: &Path) -> std::io::Result<Arc<Document>> {
        self.load(path).map(|text| Arc::new(Document::parse(&text)))
    }

    /// The report at `path` bound to its template. The language server
    /// keeps these too, so a check per keystroke does not bind the
    /// reports it reads again.
    fn analyzed(&self, path: &Path) -> std::io::Result<Arc<Analyzed>> {
        self.document(path)
            .map(|doc| Arc::new(Analyzed::of(doc, None)))
    }

    /// The `.nianbao` files directly in a folder, sorted (an aggregate's
    /// `汇总: 部门/`).
    fn list(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "nianbao") && p.is_file())
            .collect();
        out.sort();
        Ok(out)
    }
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
        // GBK or UTF-16 is said with the command that converts it.
        let shown = path.to_string_lossy();
        crate::encoding::decode(bytes).map_err(|e| std::io::Error::other(e.message(Some(&shown))))
    }
}

/// The previous year's report, resolved and parsed.
pub struct Previous {
    pub path: PathBuf,
    pub doc: Result<Arc<Analyzed>, (Span, String)>,
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
        loader.analyzed(&prev_path).map_err(|e| {
            (
                span,
                format!(
                    "无法读取上年报告 {}：{}",
                    prev_path.display(),
                    zh_io_error(&e)
                ),
            )
        })
    };
    Some(Previous {
        path: prev_path,
        doc,
    })
}

/// The reports an aggregate report declares it sums (`汇总`), read.
pub struct Parts {
    /// The `汇总` value in the front matter.
    pub span: Span,
    pub files: Vec<Arc<OtherFile>>,
    /// For each file: its analysis.
    pub analyses: Vec<Arc<Analyzed>>,
    /// For each file: it came from a folder listing (not named itself).
    pub listed: Vec<bool>,
    /// Parts that could not be used, said on the value: the reason.
    pub errors: Vec<String>,
}

/// The items of a `汇总` value: `[a.nianbao, b.nianbao]`, `a.nianbao、b.nianbao`,
/// or a folder `部门/` (every `.nianbao` directly in it).
pub fn part_names(value: &str) -> Vec<String> {
    let v = value.trim();
    let v = v.strip_prefix(['[', '［']).unwrap_or(v);
    let v = v.strip_suffix([']', '］']).unwrap_or(v);
    v.split([',', '，', '、', ';', '；'])
        .map(|s| {
            s.trim()
                .trim_matches(['"', '\'', '“', '”', '‘', '’'])
                .trim()
        })
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A path with `.` and `..` resolved lexically (without touching the disk),
/// so that `部门/../a.nianbao` and `./a.nianbao` name `a.nianbao` once and
/// show as such.
pub fn clean_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The files and folders a `汇总` value names, resolved against `base`
/// (the report's folder): what the check reads, and what the language
/// server watches.
pub fn resolve_parts(value: &str, base: &Path) -> Vec<(String, PathBuf)> {
    part_names(value)
        .into_iter()
        .map(|name| {
            let p = clean_path(&base.join(&name));
            (name, p)
        })
        .collect()
}

/// Resolve and read the reports named by `汇总`, relative to `path`'s folder.
/// An empty value names nothing (as when it is being typed).
pub fn load_parts(doc: &Document, path: Option<&Path>, loader: &dyn Loader) -> Option<Parts> {
    let (value, span) = crate::analysis::front_info(doc).parts?;
    if value.trim().is_empty() {
        return None;
    }
    let base = path.and_then(Path::parent).unwrap_or(Path::new(""));
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| clean_path(p));
    let this = path.map(canonical);
    // (path, came from a folder listing)
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut errors = Vec::new();
    let mut add = |p: PathBuf, listed: bool, paths: &mut Vec<(PathBuf, bool)>| {
        // A part named twice (in a folder and by name, or spelled two
        // ways) is one part: counting it twice would double its numbers.
        let key = canonical(&p);
        if this.as_ref() != Some(&key) && !seen.contains(&key) {
            seen.push(key);
            paths.push((p, listed));
        }
    };
    for (name, p) in resolve_parts(&value, base) {
        let folder = name.ends_with(['/', '\\']) || p.is_dir();
        if folder {
            match loader.list(&p) {
                Ok(files) => {
                    let before = paths.len();
                    for f in files {
                        add(clean_path(&f), true, &mut paths);
                    }
                    if paths.len() == before {
                        errors.push(format!("文件夹 {name} 中没有其他 .nianbao 报告"));
                    }
                }
                Err(e) => errors.push(format!("无法读取文件夹 {name}：{}", zh_io_error(&e))),
            }
        } else if this.as_ref() == Some(&canonical(&p)) {
            errors.push(format!("{name} 是本报告自身"));
        } else {
            add(p, false, &mut paths);
        }
    }
    let mut files = Vec::new();
    let mut analyses = Vec::new();
    let mut listed = Vec::new();
    for (p, from_folder) in paths {
        match loader.analyzed(&p) {
            Ok(a) => {
                files.push(Arc::new(OtherFile {
                    doc: a.doc().clone(),
                    path: p,
                }));
                analyses.push(a);
                listed.push(from_folder);
            }
            Err(e) => errors.push(format!("无法读取 {}：{}", p.display(), zh_io_error(&e))),
        }
    }
    Some(Parts {
        span,
        files,
        analyses,
        listed,
        errors,
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
    check_with_inputs(doc, previous, None, config)
}

/// Check one parsed document with everything else it reads: the 上年报告
/// and an aggregate's parts (`汇总`).
pub fn check_with_inputs(
    doc: &Document,
    previous: Option<&Previous>,
    parts: Option<&Parts>,
    config: &Config,
) -> Vec<Diagnostic> {
    check_cancellable(doc, None, previous, parts, config, &|| false)
        .expect("a check that is never cancelled finishes")
}

/// [`check_with_inputs`], giving up (`None`) as soon as `cancelled` says so
/// between two rules: the language server's check of a version that a newer
/// edit has made pointless. `reuse` holds what the previous check of the same
/// document found that an edit cannot have changed (the prose of unchanged
/// paragraphs), and receives this check's for the next.
pub fn check_cancellable(
    doc: &Document,
    reuse: Option<&ProseCache>,
    previous: Option<&Previous>,
    parts: Option<&Parts>,
    config: &Config,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let analysis = Analysis::analyze_reusing(doc, reuse);
    check_analysis(&analysis, previous, parts, config, cancelled)
}

/// [`check_cancellable`] of a report already bound to its template: the
/// language server's snapshot keeps one analysis, which its requests
/// (hovers, inlay hints, semantic tokens) read too.
pub fn check_analysis(
    analysis: &Analysis,
    previous: Option<&Previous>,
    parts: Option<&Parts>,
    config: &Config,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let doc = analysis.doc;
    let part_analyses: Vec<(&Arc<OtherFile>, &Analysis)> = parts
        .map(|p| {
            p.files
                .iter()
                .zip(&p.analyses)
                .map(|(f, a)| (f, a.analysis()))
                .collect()
        })
        .unwrap_or_default();
    let cx = Context {
        analysis,
        previous: previous.and_then(|p| Some(p.doc.as_ref().ok()?.analysis())),
        previous_error: previous.and_then(|p| p.doc.as_ref().err().cloned()),
        parts: parts.map(|p| rules::PartsCx {
            span: p.span.clone(),
            parts: &part_analyses,
            listed: &p.listed,
            errors: &p.errors,
        }),
    };
    // Binding a big report to its template takes a while: a newer version
    // may have arrived meanwhile.
    if cancelled() {
        return None;
    }
    let mut diags = Vec::new();
    if analysis.before_first_edition() {
        // Only NB104: nothing else applies to a pre-2019 report.
        if let Some(r) = rules::by_code("NB104") {
            r.check(&cx, &mut diags);
        }
    } else {
        for rule in rules::all() {
            if cancelled() {
                return None;
            }
            rule.check(&cx, &mut diags);
        }
    }
    let sups = suppress::collect(doc);
    let used = suppress::apply(&sups, &mut diags);
    rules::unused_suppressions(&sups, &used, &mut diags);
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
    Some(diags)
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
    let parts = load_parts(&doc, path, loader);
    let diags = check_with_inputs(&doc, previous.as_ref(), parts.as_ref(), config);
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
