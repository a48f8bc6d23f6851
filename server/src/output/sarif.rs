//! `--format sarif`: SARIF 2.1.0 (one run), for code-scanning dashboards.
//! Columns are Unicode scalar values, declared by the run's `columnKind`.

use super::{path_text, range, FileResult};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::text::Span;
use serde_json::{json, Value};
use std::io::{self, Write};

/// The rule's one-line title from the knowledge base (`knowledge/rules.toml`,
/// what `nianbao explain` shows), next to each rule id in SARIF viewers.
fn description(code: &str) -> &str {
    crate::knowledge::rule_doc(code).map_or(code, |d| d.title.as_str())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/`-separated, percent-encoded
/// except for unreserved characters (Chinese file names are common).
fn uri(path: &std::path::Path) -> String {
    let text = path_text(path);
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn location(uri: &str, doc: &Document, span: &Span) -> Value {
    let r = range(doc, span);
    json!({
        "artifactLocation": { "uri": uri },
        "region": {
            "startLine": r.line,
            "startColumn": r.column,
            "endLine": r.end_line,
            "endColumn": r.end_column,
        }
    })
}

pub fn write(out: &mut dyn Write, files: &[FileResult]) -> io::Result<()> {
    // Every registered rule, plus any code that shows up without being one.
    let mut codes: Vec<(&str, Severity)> = crate::rules::all()
        .iter()
        .map(|r| (r.code(), r.severity()))
        .collect();
    for d in files.iter().flat_map(|f| f.2.iter()) {
        if !codes.iter().any(|(c, _)| *c == d.code) {
            codes.push((d.code, d.severity));
        }
    }
    codes.sort();
    let rules: Vec<Value> = codes
        .iter()
        .map(|(code, sev)| {
            json!({
                "id": code,
                "shortDescription": { "text": description(code) },
                "defaultConfiguration": { "level": level(*sev) },
            })
        })
        .collect();

    let mut results = Vec::new();
    for (path, doc, diags) in files {
        let uri = uri(path);
        for d in diags.iter() {
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|(c, _)| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [ { "physicalLocation": location(&uri, doc, &d.span) } ],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let physical = match &rel.file {
                            Some(f) => location(&self::uri(&f.path), &f.doc, &rel.span),
                            None => location(&uri, doc, &rel.span),
                        };
                        json!({
                            "id": i,
                            "physicalLocation": physical,
                            "message": { "text": rel.message },
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }

    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_rule_has_a_description() {
        for r in crate::rules::all() {
            assert_ne!(description(r.code()), r.code(), "{}", r.code());
        }
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri(std::path::Path::new("报告/a b.nianbao")),
            "%E6%8A%A5%E5%91%8A/a%20b.nianbao"
        );
    }
}
