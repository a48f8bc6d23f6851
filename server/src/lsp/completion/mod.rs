//! Completion: the report skeleton, missing sections, sub-table captions,
//! missing row labels, front-matter keys and values, whole-table snippets.
//!
//! Everything offered comes from the edition templates (labels, order,
//! columns), `skeleton` (the text `nianbao new` writes) and the knowledge
//! base (documentation). What the report "still lacks" is read from the
//! report with the line being typed left out, so a half-typed heading or
//! row never counts as present and never disturbs the table it sits in.
//!
//! This file finds where completion was asked for ([`Cx`], [`Context`]) and
//! asks the module that owns that place: [`front_matter`], [`outline`]
//! (title, sections, captions), [`rows`] (row labels, whole tables),
//! [`skeleton_items`] (the whole report); [`calendar`] knows the year.

use super::types::{
    self, CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, TextEdit,
};
use super::Snapshot;
use crate::analysis::{Analysis, BoundTable, FRONT_KEYS, FRONT_MATTER};
use crate::knowledge::{self, LabelItem};
use crate::labels;
use crate::model::Document;
use crate::rules::fixes;
use crate::skeleton;
use crate::template::{Edition, TableTemplate};
use crate::text::{LineIndex, Span};

mod calendar;
mod front_matter;
mod outline;
mod rows;
mod skeleton_items;
#[cfg(test)]
mod tests;

use calendar::*;
use front_matter::*;
use outline::*;
use rows::*;
use skeleton_items::*;

/// The agency written into the skeleton until the user types theirs.
pub(super) const AGENCY_PLACEHOLDER: &str = "某某机关";

/// Completion items at byte `offset`. `snippets`: the client accepts
/// snippet syntax (tab stops); otherwise plain text is inserted.
pub fn complete(snap: &Snapshot, offset: usize, snippets: bool) -> Vec<types::CompletionItem> {
    complete_at(snap, offset, snippets, current_year())
}

/// [`complete`] with the calendar year given (tests fix it).
fn complete_at(
    snap: &Snapshot,
    offset: usize,
    snippets: bool,
    this_year: i32,
) -> Vec<CompletionItem> {
    let text = snap.text();
    let lines = &snap.doc.lines;
    let offset = offset.min(text.len());
    let line = lines.line_of(offset);
    let span = lines.line_span(text, line);
    let offset = offset.clamp(span.start, span.end);
    if text.chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
        return skeleton_items(snap, span, snippets, this_year);
    }
    let prefix = &text[span.start..offset];
    // Decided from the line alone, so typing prose (spaces and colons are
    // trigger characters) costs no parse.
    let context = if in_front_matter(text, lines, line) {
        Context::FrontMatter
    } else if prefix.starts_with('#') {
        Context::Heading
    } else if prefix.trim_start().starts_with('|') {
        Context::Row
    } else if text[span.clone()].trim().is_empty() {
        Context::EmptyLine
    } else {
        return Vec::new();
    };
    // The report without the line being typed: what it has and lacks.
    let next = if line + 1 < lines.line_count() {
        lines.line_span(text, line + 1).start
    } else {
        text.len()
    };
    let others = Document::parse(&format!("{}{}", &text[..span.start], &text[next..]));
    let analysis = Analysis::analyze(&others);
    let cx = Cx {
        snap,
        a: &analysis,
        line,
        span,
        offset,
        snippets,
        this_year,
    };
    match context {
        Context::FrontMatter => front_matter_items(&cx, prefix),
        Context::Heading => heading_items(&cx, prefix),
        Context::Row => row_items(&cx, prefix),
        Context::EmptyLine => table_items(&cx),
    }
}

enum Context {
    FrontMatter,
    Heading,
    Row,
    EmptyLine,
}

/// Where completion was asked for.
struct Cx<'a> {
    snap: &'a Snapshot,
    /// The report without the current line.
    a: &'a Analysis<'a>,
    line: usize,
    /// The current line (without its terminator).
    span: Span,
    offset: usize,
    snippets: bool,
    this_year: i32,
}

impl Cx<'_> {
    fn text(&self) -> &str {
        self.snap.text()
    }

    fn edition(&self) -> Edition {
        self.a.edition
    }

    /// The text of line `l` of the real document.
    fn line_text(&self, l: usize) -> &str {
        &self.text()[self.snap.doc.lines.line_span(self.text(), l)]
    }

    /// The template section the current line is in: the last `##` heading
    /// above it (the lines above are the same in both documents).
    fn section_numeral(&self) -> Option<&'static str> {
        let s = self
            .a
            .sections
            .iter()
            .rev()
            .find(|s| s.heading.span.start < self.span.start)?;
        Some(self.a.section_template(s.section?).numeral.as_str())
    }

    fn item(
        &self,
        label: impl Into<String>,
        kind: CompletionItemKind,
        edit: Span,
        new_text: String,
    ) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind: Some(kind),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.snap.range(&edit),
                new_text,
            ))),
            insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
            ..Default::default()
        }
    }
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// Sort keys that keep template order (`sortText` compares as strings).
fn order(i: usize) -> String {
    format!("{i:03}")
}
