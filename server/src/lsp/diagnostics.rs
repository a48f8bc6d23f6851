//! Diagnostics in the protocol's shape: the checker's [`Diagnostic`]s with
//! the code, a `codeDescription` link to the rule's documentation, and the
//! summed cells as related information.

use super::types::{self, Uri};
use super::Snapshot;
use crate::diagnostic::{Diagnostic, Severity};
use std::path::PathBuf;
use std::sync::OnceLock;

/// At most this many diagnostics are sent per document: one broken table
/// should not bury the editor (the last one says how many were left out).
pub const MAX_PER_DOCUMENT: usize = 500;

pub fn severity(s: Severity) -> types::DiagnosticSeverity {
    match s {
        Severity::Error => types::DiagnosticSeverity::ERROR,
        Severity::Warning => types::DiagnosticSeverity::WARNING,
        Severity::Info => types::DiagnosticSeverity::INFORMATION,
    }
}

/// The protocol diagnostics of a snapshot, capped at [`MAX_PER_DOCUMENT`].
pub fn to_lsp(snap: &Snapshot, diags: &[Diagnostic]) -> Vec<types::Diagnostic> {
    let mut out: Vec<types::Diagnostic> = diags
        .iter()
        .take(MAX_PER_DOCUMENT)
        .map(|d| one(snap, d))
        .collect();
    if diags.len() > MAX_PER_DOCUMENT {
        let rest = diags.len() - MAX_PER_DOCUMENT;
        let last = diags[MAX_PER_DOCUMENT..]
            .first()
            .map(|d| snap.range(&d.span))
            .unwrap_or_default();
        out.push(types::Diagnostic {
            range: last,
            severity: Some(types::DiagnosticSeverity::INFORMATION),
            source: Some("nianbao".into()),
            message: format!(
                "另有 {rest} 条问题未显示（每份报告最多显示 {MAX_PER_DOCUMENT} 条）；运行 nianbao check 查看全部"
            ),
            ..Default::default()
        });
    }
    out
}

fn one(snap: &Snapshot, d: &Diagnostic) -> types::Diagnostic {
    let related: Vec<_> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.file {
                None => types::Location::new(snap.uri.clone(), snap.range(&r.span)),
                Some(f) => types::Location::new(
                    Uri::from_file_path(&f.path)?,
                    other_range(&f.doc, &r.span, snap.encoding),
                ),
            };
            Some(types::DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    types::Diagnostic {
        range: snap.range(&d.span),
        severity: Some(severity(d.severity)),
        code: Some(types::NumberOrString::String(d.code.to_string())),
        code_description: rule_doc_uri(d.code).map(|href| types::CodeDescription { href }),
        source: Some("nianbao".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A `file:` URI of the rule's documentation: the same text as
/// `nianbao explain CODE`, written once per version into the user's cache
/// folder so the link works offline and matches the binary.
pub fn rule_doc_uri(code: &str) -> Option<Uri> {
    let dir = rule_docs_dir().as_ref()?;
    Uri::from_file_path(dir.join(format!("{code}.md")))
}

fn rule_docs_dir() -> &'static Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        let dir = base
            .join("nianbao")
            .join(format!("rules-{}", env!("CARGO_PKG_VERSION")));
        std::fs::create_dir_all(&dir).ok()?;
        for doc in crate::knowledge::rule_docs() {
            let path = dir.join(format!("{}.md", doc.code));
            let text = format!("# 规则说明\n\n{}", doc.to_markdown());
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text).ok()?;
            }
        }
        Some(dir)
    })
}

/// A span of another report as an LSP range in the negotiated encoding.
fn other_range(
    doc: &crate::model::Document,
    span: &crate::text::Span,
    encoding: super::position::Encoding,
) -> types::Range {
    let unit = encoding.column_unit();
    let pos = |offset: usize| {
        let p = doc.lines.position(&doc.text, offset, unit);
        types::Position::new(p.line as u32, p.column as u32)
    };
    types::Range::new(pos(span.start), pos(span.end.max(span.start)))
}
