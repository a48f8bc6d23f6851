//! The report as it is published, shared by every writer (HTML, DOCX): the
//! blocks in order, with comments dropped, 表二's captioned sub-tables
//! merged into one grid, 表三's repeated 勾稽关系 note dropped, paragraphs
//! joined into one line of text and every table laid out as a [`Grid`].

use super::grid::{self, Grid};
use crate::analysis::{Analysis, BoundTable};
use crate::labels;
use crate::model::{Block, Document, Heading, Paragraph};
use crate::text::Span;
use std::collections::{HashMap, HashSet};

/// One published element, in document order.
pub enum Item<'a> {
    Heading(&'a Heading),
    Paragraph {
        /// The paragraph's lines joined ([`paragraph_text`]).
        text: String,
        span: Span,
    },
    Table(Grid),
}

/// The published elements of `doc`, in order.
pub fn items<'a>(doc: &'a Document, a: &Analysis) -> Vec<Item<'a>> {
    let bound: HashMap<usize, &BoundTable> = a.tables.iter().map(|t| (t.block, t)).collect();
    let (runs, covered) = caption_runs(doc, &bound);
    let skipped_notes = note_paragraphs(doc, &bound);
    let mut out = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        if let Some(parts) = runs.get(&i) {
            if let Some(g) = grid::captioned(parts) {
                out.push(Item::Table(g));
            }
            continue;
        }
        if covered.contains(&i) || skipped_notes.contains(&i) {
            continue;
        }
        match b {
            Block::Heading(h) => out.push(Item::Heading(h)),
            Block::Paragraph(p) => out.push(Item::Paragraph {
                text: paragraph_text(doc, p),
                span: p.span.clone(),
            }),
            Block::Table(t) => out.push(Item::Table(
                bound
                    .get(&i)
                    .and_then(|bt| grid::official(bt))
                    .unwrap_or_else(|| grid::plain(t)),
            )),
            // Comments (suppressions, notes to the writer) are not published.
            Block::Comment(_) => {}
        }
    }
    out
}

/// The document title: the report's title line, else one made from the
/// front matter.
pub fn title(doc: &Document, a: &Analysis) -> String {
    if let Some(h) = doc.title().filter(|h| !h.text.trim().is_empty()) {
        return h.text.clone();
    }
    let agency = a.front.agency.as_ref().map_or("", |(v, _)| v.as_str());
    let year = a
        .year
        .as_ref()
        .map(|(y, _)| format!("{y}年"))
        .unwrap_or_default();
    format!("{agency}{year}政府信息公开工作年度报告")
}

/// Runs of 表二 sub-tables, each just under its caption (only comments
/// between), that lay out as one grid: start block → (caption, table), and
/// every block such a run covers.
#[allow(clippy::type_complexity)]
fn caption_runs<'a>(
    doc: &'a Document,
    bound: &HashMap<usize, &'a BoundTable<'a>>,
) -> (
    HashMap<usize, Vec<(&'a Heading, &'a BoundTable<'a>)>>,
    HashSet<usize>,
) {
    let next = |from: usize| {
        (from..doc.blocks.len()).find(|&j| !matches!(doc.blocks[j], Block::Comment(_)))
    };
    // The table captioned by the heading at block i, if it lays out.
    let pair = |i: usize| -> Option<(&'a Heading, &'a BoundTable<'a>, usize)> {
        let Block::Heading(h) = &doc.blocks[i] else {
            return None;
        };
        let j = next(i + 1)?;
        let bt = *bound.get(&j)?;
        let is_caption = bt.caption.is_some_and(|c| std::ptr::eq(c, h));
        let laid =
            bt.template.is_some_and(|tt| tt.caption.is_some()) && grid::column_cells(bt).is_some();
        (h.level >= 3 && is_caption && laid).then_some((h, bt, j))
    };
    let mut runs = HashMap::new();
    let mut covered = HashSet::new();
    let mut i = 0;
    while i < doc.blocks.len() {
        let start = i;
        let mut parts = Vec::new();
        let mut at = i;
        while let Some((h, bt, j)) = pair(at) {
            parts.push((h, bt));
            covered.extend(at..=j);
            match next(j + 1) {
                Some(n) => at = n,
                None => {
                    at = doc.blocks.len();
                    break;
                }
            }
        }
        if parts.is_empty() {
            i += 1;
        } else {
            runs.insert(start, parts);
            covered.remove(&start);
            i = at;
        }
    }
    (runs, covered)
}

/// Paragraphs that only repeat the corner note of the table below them
/// (表三's 勾稽关系 written above the table): the official layout prints it
/// in the corner.
fn note_paragraphs(doc: &Document, bound: &HashMap<usize, &BoundTable>) -> HashSet<usize> {
    let bare = |s: &str| {
        labels::normalize(s)
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string()
    };
    let mut out = HashSet::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(p) = b else { continue };
        let Some(j) =
            (i + 1..doc.blocks.len()).find(|&j| !matches!(doc.blocks[j], Block::Comment(_)))
        else {
            continue;
        };
        let Some(bt) = bound.get(&j) else { continue };
        let Some(note) = bt.template.and_then(|tt| tt.corner_note.as_deref()) else {
            continue;
        };
        if grid::column_cells(bt).is_some() && bare(&paragraph_text(doc, p)) == bare(note) {
            out.insert(i);
        }
    }
    out
}

/// A paragraph's lines joined: without a space between Chinese text, with
/// one between Latin words.
pub fn paragraph_text(doc: &Document, p: &Paragraph) -> String {
    let mut out = String::new();
    for s in &p.lines {
        let line = doc.slice(s).trim();
        if line.is_empty() {
            continue;
        }
        let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        if !out.is_empty() && !wide(out.chars().last()) && !wide(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}
