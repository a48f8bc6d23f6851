//! `--format json`: one JSON array. The fields of each element, their order
//! included, are those of docs/format.md §5 (a contract other tools read:
//! `server/tests/format_doc.rs` holds the two together).

use super::{path_text, range, FileResult};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Item<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
    related: Vec<Related<'a>>,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    /// Set when the place is in another report (an aggregate's part).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: &'a str,
}

pub fn write(out: &mut dyn Write, files: &[FileResult]) -> io::Result<()> {
    let mut items = Vec::new();
    for (path, doc, diags) in files {
        let file = path_text(path);
        for d in diags.iter() {
            let r = range(doc, &d.span);
            items.push(Item {
                file: file.clone(),
                line: r.line,
                column: r.column,
                end_line: r.end_line,
                end_column: r.end_column,
                severity: d.severity.as_str(),
                code: d.code,
                message: &d.message,
                related: d
                    .related
                    .iter()
                    .map(|rel| {
                        let r = range(rel.doc(doc), &rel.span);
                        Related {
                            file: rel.file.as_ref().map(|f| path_text(&f.path)),
                            line: r.line,
                            column: r.column,
                            end_line: r.end_line,
                            end_column: r.end_column,
                            message: &rel.message,
                        }
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|f| Fix {
                    title: &f.title,
                    safe: f.safe,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| {
                            let r = range(doc, &e.span);
                            Edit {
                                line: r.line,
                                column: r.column,
                                end_line: r.end_line,
                                end_column: r.end_column,
                                new_text: &e.new_text,
                            }
                        })
                        .collect(),
                }),
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &items).map_err(io::Error::from)?;
    writeln!(out)
}
