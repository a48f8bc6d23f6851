//! One diagnostic model for every output: the CLI formats, the language
//! server and the tests all read these.

use crate::text::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    /// The Chinese word shown to users.
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// A place that explains a diagnostic (e.g. a cell that was summed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// A byte range of the checked text, or of `file` when set.
    pub span: Span,
    pub message: String,
    /// Another report the place is in (an aggregate's parts, NB307).
    pub file: Option<std::sync::Arc<OtherFile>>,
}

impl Related {
    /// The report the place is in: `this` (the checked one) unless it is
    /// in another report.
    pub fn doc<'d>(&'d self, this: &'d crate::model::Document) -> &'d crate::model::Document {
        self.file.as_ref().map_or(this, |f| &f.doc)
    }
}

/// Another report a related location points into: its path and text, so
/// that every output can give the location in its own column unit.
#[derive(Debug)]
pub struct OtherFile {
    pub path: std::path::PathBuf,
    pub doc: std::sync::Arc<crate::model::Document>,
}

impl PartialEq for OtherFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.doc.text == other.doc.text
    }
}

impl Eq for OtherFile {}

/// A text replacement that fixes a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: a title and the edits that implement it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Chinese, imperative: `改为 1`.
    pub title: String,
    pub edits: Vec<Edit>,
    /// Safe to apply without looking (used by "fix all" and `fmt --fix`).
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `NB302`
    pub code: &'static str,
    pub severity: Severity,
    /// The offending cell, label or heading (byte range).
    pub span: Span,
    /// Chinese message; arithmetic messages state the expected value.
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    /// A related location in another report.
    pub fn with_related_in(
        mut self,
        file: &std::sync::Arc<OtherFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            file: Some(file.clone()),
        });
        self
    }

    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<Edit>, safe: bool) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe,
        });
        self
    }

    /// A fix replacing this diagnostic's own span.
    pub fn with_replacement(
        self,
        title: impl Into<String>,
        new_text: impl Into<String>,
        safe: bool,
    ) -> Self {
        let span = self.span.clone();
        self.with_fix(
            title,
            vec![Edit {
                span,
                new_text: new_text.into(),
            }],
            safe,
        )
    }
}
