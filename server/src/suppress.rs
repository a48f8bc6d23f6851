//! Suppression comments (docs/format.md §2.5):
//!
//! ```text
//! <!-- nianbao-allow NB303: 本年受理的3件申请于次年1月补正，按来文日期统计 -->
//! ```
//!
//! silence the named codes on the next table row or heading, or on the whole
//! table when the comment stands just above it.

use crate::diagnostic::Diagnostic;
use crate::model::{Block, Comment, Document};
use crate::text::Span;

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment itself.
    pub span: Span,
    pub codes: Vec<String>,
    /// The reason after the colon (trimmed; empty when none was given).
    pub reason: String,
    /// What it covers: the next row, heading or table. None when nothing follows.
    pub target: Option<Span>,
}

pub const DIRECTIVE: &str = "nianbao-allow";

/// Parse a comment body as a suppression, if it is one.
pub fn parse_comment(c: &Comment) -> Option<(Vec<String>, String)> {
    let body = c.body.trim();
    let rest = body.strip_prefix(DIRECTIVE)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) && !rest.starts_with([':', '：'])
    {
        return None;
    }
    let (codes_part, reason) = match rest.find([':', '：']) {
        Some(i) => (&rest[..i], rest[i..].trim_start_matches([':', '：']).trim()),
        None => (rest, ""),
    };
    let codes = codes_part
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase())
        .collect();
    Some((codes, reason.to_string()))
}

/// Every suppression in a document, with its target.
pub fn collect(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    let blocks = &doc.blocks;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Comment(c) => {
                if let Some((codes, reason)) = parse_comment(c) {
                    // The next block that is not another comment.
                    let target = blocks[i + 1..].iter().find_map(|nb| match nb {
                        Block::Comment(_) => None,
                        Block::Heading(h) => Some(Some(h.span.clone())),
                        Block::Table(t) => Some(Some(t.span.clone())),
                        Block::Paragraph(_) => Some(None),
                    });
                    out.push(Suppression {
                        span: c.span.clone(),
                        codes,
                        reason,
                        target: target.flatten(),
                    });
                }
            }
            Block::Table(t) => {
                for (row_idx, c) in &t.comments {
                    if let Some((codes, reason)) = parse_comment(c) {
                        let target = t.rows.get(*row_idx).map(|r| r.span.clone());
                        out.push(Suppression {
                            span: c.span.clone(),
                            codes,
                            reason,
                            target,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Remove suppressed diagnostics; returns, per suppression, whether it
/// silenced anything.
pub fn apply(sups: &[Suppression], diags: &mut Vec<Diagnostic>) -> Vec<bool> {
    let mut used = vec![false; sups.len()];
    diags.retain(|d| {
        let mut keep = true;
        for (i, s) in sups.iter().enumerate() {
            let Some(target) = &s.target else { continue };
            if s.codes.iter().any(|c| c == d.code)
                && d.span.start >= target.start
                && d.span.start <= target.end
            {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    used
}
