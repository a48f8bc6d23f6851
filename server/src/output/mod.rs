//! Output formats of `nianbao check` (docs/format.md §5), one file per format.
//! Each formats a list of checked files; positions are converted here, at the
//! boundary, from byte spans into 1-based line/column pairs.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Document;
use crate::text::{ColumnUnit, Span};
use std::path::Path;

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

/// One checked file: its path as shown to the user, the parsed document and
/// its diagnostics (sorted by position).
pub type FileResult<'a> = (&'a Path, &'a Document, &'a [Diagnostic]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 带源码片段的可读输出
    Human,
    /// JSON 数组（字段见 docs/format.md §5）
    Json,
    /// GitHub Actions 工作流注释
    Github,
    /// SARIF 2.1.0
    Sarif,
    /// GitLab 代码质量报告（Code Quality，artifacts:reports:codequality）
    Gitlab,
    /// JUnit XML（GitLab、Jenkins、Azure Pipelines 的测试报告）
    Junit,
    /// 一个可离线打开的审阅网页（各报告按官方版式排版并标注问题），可作为 CI 产物发布
    Html,
}

/// A 1-based range; columns count Unicode scalar values, the end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range1 {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Convert a byte span of `doc` into a 1-based character range.
pub fn range(doc: &Document, span: &Span) -> Range1 {
    let start = doc.lines.position(&doc.text, span.start, ColumnUnit::Char);
    let end = doc
        .lines
        .position(&doc.text, span.end.max(span.start), ColumnUnit::Char);
    Range1 {
        line: start.line + 1,
        column: start.column + 1,
        end_line: end.line + 1,
        end_column: end.column + 1,
    }
}

/// How many diagnostics of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(files: &[FileResult]) -> Counts {
        let mut c = Counts::default();
        for d in files.iter().flat_map(|f| f.2.iter()) {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// The counts in words, `4 个错误、1 个警告` (kinds with none left
    /// out); `None` when there is nothing.
    pub fn phrase(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.errors, "错误"),
            (self.warnings, "警告"),
            (self.infos, "提示"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} 个{word}"))
        .collect();
        (!parts.is_empty()).then(|| parts.join("、"))
    }
}

/// A path as text with `/` separators (what JSON, GitHub and SARIF consumers expect).
pub fn path_text(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}
