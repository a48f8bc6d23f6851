//! The report as written: front matter, headings, tables, paragraphs and
//! comments, in document order, with the byte span of everything a
//! diagnostic may point at. Built from the tree-sitter tree; it knows nothing
//! about the official template (that is `analysis`).

use crate::syntax::{self, SyntaxError};
use crate::text::{LineIndex, Span};
use compact_str::CompactString;
use std::sync::OnceLock;
use tree_sitter::{Node, Tree};

/// The grammar's node kinds the model reads, as ids: comparing `u16`s
/// instead of looking up and comparing kind names for every node of a
/// table-heavy report.
struct Kinds {
    front_matter: u16,
    front_matter_entry: u16,
    heading: u16,
    table: u16,
    paragraph: u16,
    comment: u16,
    text_line: u16,
    table_header: u16,
    table_row: u16,
    table_delimiter_row: u16,
    delimiter_cell: u16,
    cell: u16,
    pipe: u16,
}

fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(|| {
        let lang: tree_sitter::Language = tree_sitter_nianbao::LANGUAGE.into();
        let id = |name: &str, named: bool| {
            let id = lang.id_for_node_kind(name, named);
            assert!(id != 0, "the grammar has a node kind {name:?}");
            id
        };
        Kinds {
            front_matter: id("front_matter", true),
            front_matter_entry: id("front_matter_entry", true),
            heading: id("heading", true),
            table: id("table", true),
            paragraph: id("paragraph", true),
            comment: id("comment", true),
            text_line: id("text_line", true),
            table_header: id("table_header", true),
            table_row: id("table_row", true),
            table_delimiter_row: id("table_delimiter_row", true),
            delimiter_cell: id("delimiter_cell", true),
            cell: id("cell", true),
            pipe: id("|", false),
        }
    })
}

/// Call `f` on each child of `node`, in order (one cursor, no allocation).
fn for_children<'t>(node: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            f(cursor.node());
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub lines: LineIndex,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
    pub syntax_errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub span: Span,
    pub entries: Vec<FrontMatterEntry>,
}

#[derive(Debug, Clone)]
pub struct FrontMatterEntry {
    pub span: Span,
    pub key: String,
    pub key_span: Span,
    pub value: String,
    /// Empty span just after the colon when the value is missing.
    pub value_span: Span,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading(Heading),
    Table(Table),
    Paragraph(Paragraph),
    Comment(Comment),
}

impl Block {
    /// The block's lines, without the last line's terminator.
    pub fn span(&self) -> &Span {
        match self {
            Block::Heading(h) => &h.span,
            Block::Table(t) => &t.span,
            Block::Paragraph(p) => &p.span,
            Block::Comment(c) => &c.span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// The whole line, without its terminator.
    pub span: Span,
    /// 1 for `#`, 2 for `##`, ...
    pub level: usize,
    pub text: String,
    /// The heading text (empty span after the marker when there is none).
    pub text_span: Span,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub header: Row,
    pub delimiter: Span,
    pub alignments: Vec<Alignment>,
    pub rows: Vec<Row>,
    /// Comments between body rows, with the index of the row that follows.
    pub comments: Vec<(usize, Comment)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    None,
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row's line, without its terminator.
    pub span: Span,
    pub cells: Vec<Cell>,
    /// False when the closing `|` is missing (a syntax error is reported too).
    pub closed: bool,
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// Trimmed text; empty for a blank cell.
    pub text: compact_str::CompactString,
    /// The trimmed text's span; for a blank cell, the space between the pipes.
    pub span: Span,
}

impl Row {
    pub fn label(&self) -> Option<&Cell> {
        self.cells.first()
    }
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub span: Span,
    /// Each line's span without its terminator.
    pub lines: Vec<Span>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Span,
    /// The text between `<!--` and `-->`, untrimmed.
    pub body: String,
    pub body_span: Span,
}

impl Document {
    /// Parse a text and build its model.
    pub fn parse(text: &str) -> Document {
        let tree = syntax::parse(text);
        Document::from_tree(text, &tree)
    }

    /// Build the model from an existing tree of `text` (the language server
    /// keeps the tree and reparses incrementally).
    pub fn from_tree(text: &str, tree: &Tree) -> Document {
        Document::from_tree_owned(text.to_string(), tree)
    }

    /// [`Document::from_tree`] taking the text by value (the language
    /// server builds it from its rope and would otherwise copy it twice).
    pub fn from_tree_owned(text: String, tree: &Tree) -> Document {
        let mut doc = Document::without_blocks(text, tree, 0);
        for_children(tree.root_node(), |node| {
            let read = top_level(&doc, node, None);
            doc.add(read);
        });
        doc
    }

    /// The text's lines and syntax errors, before any block is read.
    fn without_blocks(text: String, tree: &Tree, blocks: usize) -> Document {
        Document {
            lines: LineIndex::new(&text),
            syntax_errors: syntax::syntax_errors(tree, &text),
            text,
            front_matter: None,
            blocks: Vec::with_capacity(blocks),
        }
    }

    /// Add a top-level node's model, in document order.
    fn add(&mut self, read: Option<TopLevel>) {
        match read {
            Some(TopLevel::FrontMatter(fm)) => self.front_matter = Some(fm),
            Some(TopLevel::Block(b)) => self.blocks.push(b),
            None => {}
        }
    }

    /// The model of `text` after one edit of `old`'s text, reading from
    /// `tree` only the top-level nodes around the edit: `old`'s blocks
    /// before them are kept, and those after them kept and moved by the
    /// edit's change of length. `edited` is `old`'s tree with the edit
    /// applied (`Tree::edit`), `tree` its reparse. The result is the model
    /// [`Document::from_tree_owned`] builds (a test edits every real report
    /// at random and compares, and so does the `lsp` fuzz target).
    pub fn from_tree_reusing(
        text: String,
        tree: &Tree,
        old: &Document,
        edited: &Tree,
        edit: TextEdit,
    ) -> Document {
        let root = tree.root_node();
        // A text without syntax errors has one parse, incremental or not
        // (the `lsp` fuzz target asserts it), and the parse of a top-level
        // node depends only on its text once its neighbours' boundaries
        // are where they were (checked below). Error recovery may differ
        // between an edited tree and a fresh one, far from the edit: a
        // text with errors, before or after the edit, is read whole.
        if root.has_error() || edited.root_node().has_error() {
            return Document::from_tree_owned(text, tree);
        }
        let (lo, hi) = (edit.start, edit.new_end);
        // A cursor, not `Node`'s sibling steps: each of those climbs to
        // the parent through the grammar's hidden repetition nodes.
        let mut cursor = root.walk();
        if cursor.goto_first_child_for_byte(lo).is_none() && !cursor.goto_last_child() {
            return Document::from_tree_owned(text, tree);
        }
        // One block more on each side than the edit touches: a margin for
        // a boundary the edit moved (a table that swallowed the next line,
        // a paragraph split in two).
        while cursor.goto_previous_sibling() && !is_block(cursor.node()) {}
        let first = cursor.node();
        let mut back = cursor.clone();
        let before = std::iter::from_fn(|| back.goto_previous_sibling().then(|| back.node()))
            .find(|&n| is_block(n));
        let mut doc = Document::without_blocks(text, tree, old.blocks.len() + 2);
        let start = first.start_byte();
        let kept = old.blocks.partition_point(|b| b.span().start < start);
        let kept_fm = old.front_matter.as_ref().filter(|fm| fm.span.start < start);
        // The block just before the nodes read anew must be the last one
        // kept, where it was: else the edit moved a boundary further than
        // the tree says, and the model is built whole.
        let last_kept = old.blocks[..kept]
            .last()
            .map(Block::span)
            .or(kept_fm.map(|fm| &fm.span));
        let before = before.map(|n| line_span(&doc, n));
        if before.as_ref() != last_kept {
            return Document::from_tree_owned(doc.text, tree);
        }
        doc.blocks.extend_from_slice(&old.blocks[..kept]);
        doc.front_matter = kept_fm.cloned();
        let delta = edit.new_end as isize - edit.old_end as isize;
        let rows = OldRows { old, edit, delta };
        // The nodes from `first` up to one block past `hi`, read anew.
        let mut node = Some(first);
        let mut past = false;
        let mut end = start;
        while let Some(n) = node {
            if past && is_block(n) {
                break;
            }
            let read = top_level(&doc, n, Some(&rows));
            doc.add(read);
            past |= n.start_byte() > hi && is_block(n);
            end = n.end_byte();
            node = cursor.goto_next_sibling().then(|| cursor.node());
        }
        if node.is_none() {
            // Read to the end: nothing of the old model follows.
            return doc;
        }
        // The old blocks from where the read stopped, in the old text's
        // offsets, moved by the edit's change of length.
        let old_end = end as isize - delta;
        let from = old
            .blocks
            .partition_point(|b| (b.span().start as isize) < old_end);
        // The node the read stopped at must be the first block kept, moved.
        let next = node.map(|n| line_span(&doc, n));
        let moved = old.blocks.get(from).map(|b| {
            let mut span = b.span().clone();
            shift(&mut span, delta);
            span
        });
        if next != moved {
            return Document::from_tree_owned(doc.text, tree);
        }
        doc.blocks
            .extend(old.blocks[from..].iter().map(|b| b.shifted(delta)));
        // Front matter is the first node: it is kept before the nodes read
        // anew or read with them, never after them.
        debug_assert!(old
            .front_matter
            .as_ref()
            .is_none_or(|fm| (fm.span.start as isize) < old_end));
        doc
    }

    pub fn slice(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The first `#` heading, if any.
    pub fn title(&self) -> Option<&Heading> {
        self.headings().find(|h| h.level == 1)
    }
}

/// One edit of a text, in bytes: `start..old_end` of the old text became
/// `start..new_end` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// What a top-level node of the tree is in the model.
enum TopLevel {
    FrontMatter(FrontMatter),
    Block(Block),
}

/// The rows of the model before an edit, for the tables read anew after
/// it: a row is its line's text (in a text without syntax errors, the
/// only kind [`Document::from_tree_reusing`] reads), so a row whose line
/// the edit did not touch is the old row, moved. A table of forty rows
/// is read on every keystroke in it.
struct OldRows<'o> {
    old: &'o Document,
    edit: TextEdit,
    delta: isize,
}

impl OldRows<'_> {
    /// The old row whose line is now `span`, moved to it.
    fn get(&self, span: &Span) -> Option<Row> {
        // The line's place in the old text: before the edit, or after it.
        let delta = if span.end < self.edit.start {
            0
        } else if span.start > self.edit.new_end {
            self.delta
        } else {
            return None;
        };
        let mut was = span.clone();
        shift(&mut was, -delta);
        let blocks = &self.old.blocks;
        let i = blocks.partition_point(|b| b.span().start <= was.start);
        let Block::Table(t) = blocks.get(i.checked_sub(1)?)? else {
            return None;
        };
        let row = if t.header.span == was {
            &t.header
        } else {
            let j = t
                .rows
                .binary_search_by_key(&was.start, |r| r.span.start)
                .ok()?;
            &t.rows[j]
        };
        if row.span != was {
            return None;
        }
        let mut row = row.clone();
        row.shift(delta);
        Some(row)
    }
}

/// The model of one top-level node (None for blank lines and the ERROR
/// nodes of text the grammar could not place); a table's rows come from
/// `rows` where they can.
fn top_level(doc: &Document, node: Node, rows: Option<&OldRows>) -> Option<TopLevel> {
    let k = kinds();
    let id = node.kind_id();
    Some(if id == k.front_matter {
        TopLevel::FrontMatter(front_matter(doc, node))
    } else if id == k.heading {
        TopLevel::Block(Block::Heading(heading(doc, node)))
    } else if id == k.table {
        TopLevel::Block(Block::Table(table(doc, node, rows)))
    } else if id == k.paragraph {
        TopLevel::Block(Block::Paragraph(paragraph(doc, node)))
    } else if id == k.comment {
        TopLevel::Block(Block::Comment(comment(doc, node)))
    } else {
        return None;
    })
}

/// Whether a top-level node is a block of the model (front matter too).
fn is_block(node: Node) -> bool {
    let k = kinds();
    let id = node.kind_id();
    [k.front_matter, k.heading, k.table, k.paragraph, k.comment].contains(&id)
}

/// A span moved by `delta` bytes.
fn shift(span: &mut Span, delta: isize) {
    span.start = span.start.wrapping_add_signed(delta);
    span.end = span.end.wrapping_add_signed(delta);
}

impl Block {
    /// The same block `delta` bytes further on (an edit before it changed
    /// the text's length).
    fn shifted(&self, delta: isize) -> Block {
        let mut b = self.clone();
        if delta == 0 {
            return b;
        }
        match &mut b {
            Block::Heading(h) => {
                shift(&mut h.span, delta);
                shift(&mut h.text_span, delta);
            }
            Block::Table(t) => {
                shift(&mut t.span, delta);
                shift(&mut t.delimiter, delta);
                for row in std::iter::once(&mut t.header).chain(&mut t.rows) {
                    row.shift(delta);
                }
                for (_, c) in &mut t.comments {
                    c.shift(delta);
                }
            }
            Block::Paragraph(p) => {
                shift(&mut p.span, delta);
                p.lines.iter_mut().for_each(|l| shift(l, delta));
            }
            Block::Comment(c) => c.shift(delta),
        }
        b
    }
}

impl Row {
    fn shift(&mut self, delta: isize) {
        shift(&mut self.span, delta);
        self.cells
            .iter_mut()
            .for_each(|c| shift(&mut c.span, delta));
    }
}

impl Comment {
    fn shift(&mut self, delta: isize) {
        shift(&mut self.span, delta);
        shift(&mut self.body_span, delta);
    }
}

/// The span of a node's line(s) without the trailing line terminator.
fn line_span(doc: &Document, node: Node) -> Span {
    let start = node.start_byte();
    let mut end = node.end_byte();
    let b = doc.text.as_bytes();
    while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
        end -= 1;
    }
    start..end
}

fn node_text(doc: &Document, node: Node) -> String {
    doc.text[node.start_byte()..node.end_byte()].to_string()
}

fn front_matter(doc: &Document, node: Node) -> FrontMatter {
    let mut entries = Vec::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.kind_id() != kinds().front_matter_entry {
            continue;
        }
        let Some(key) = child.child_by_field_name("key") else {
            continue;
        };
        let key_text = node_text(doc, key).trim().to_string();
        let key_end = key.end_byte();
        let (value, value_span) = match child.child_by_field_name("value") {
            Some(v) => (node_text(doc, v).trim_end().to_string(), {
                let t = node_text(doc, v);
                v.start_byte()..v.start_byte() + t.trim_end().len()
            }),
            None => {
                // Just after the colon.
                let colon_len = doc.text[key_end..].chars().next().map_or(0, char::len_utf8);
                (String::new(), key_end + colon_len..key_end + colon_len)
            }
        };
        let ks = key.start_byte();
        entries.push(FrontMatterEntry {
            span: line_span(doc, child),
            key_span: ks..ks + node_text(doc, key).trim_end().len(),
            key: key_text,
            value,
            value_span,
        });
    }
    FrontMatter {
        span: line_span(doc, node),
        entries,
    }
}

fn heading(doc: &Document, node: Node) -> Heading {
    let marker = node.child_by_field_name("marker");
    let level = marker.map_or(1, |m| m.end_byte() - m.start_byte());
    let (text, text_span) = match node.child_by_field_name("content") {
        Some(c) => {
            let t = node_text(doc, c);
            let trimmed = t.trim_end();
            (
                trimmed.to_string(),
                c.start_byte()..c.start_byte() + trimmed.len(),
            )
        }
        None => {
            let end = marker.map_or(node.start_byte(), |m| m.end_byte());
            (String::new(), end..end)
        }
    };
    Heading {
        span: line_span(doc, node),
        level,
        text,
        text_span,
    }
}

fn paragraph(doc: &Document, node: Node) -> Paragraph {
    let mut lines = Vec::new();
    let text_line = kinds().text_line;
    for_children(node, |child| {
        if child.kind_id() == text_line {
            lines.push(line_span(doc, child));
        }
    });
    Paragraph {
        span: line_span(doc, node),
        lines,
    }
}

fn comment(doc: &Document, node: Node) -> Comment {
    let span = line_span(doc, node);
    let raw = &doc.text[span.clone()];
    let open = raw.find("<!--").map_or(0, |i| i + 4);
    let close = raw.rfind("-->").filter(|&c| c >= open).unwrap_or(raw.len());
    Comment {
        body: raw[open..close].to_string(),
        body_span: span.start + open..span.start + close,
        span,
    }
}

fn table(doc: &Document, node: Node, old: Option<&OldRows>) -> Table {
    let mut header = None;
    let mut delimiter = 0..0;
    let mut alignments = Vec::new();
    let mut rows = Vec::new();
    let mut comments = Vec::new();
    let k = kinds();
    for_children(node, |child| {
        let id = child.kind_id();
        let read = |child| {
            old.and_then(|o| o.get(&line_span(doc, child)))
                .unwrap_or_else(|| row(doc, child))
        };
        if id == k.table_header {
            header = Some(read(child));
        } else if id == k.table_row {
            rows.push(read(child));
        } else if id == k.comment {
            comments.push((rows.len(), comment(doc, child)));
        } else if id == k.table_delimiter_row {
            delimiter = line_span(doc, child);
            for_children(child, |d| {
                if d.kind_id() == k.delimiter_cell {
                    let t = &doc.text[d.start_byte()..d.end_byte()];
                    alignments.push(match (t.starts_with(':'), t.ends_with(':')) {
                        (true, true) => Alignment::Center,
                        (false, true) => Alignment::Right,
                        (true, false) => Alignment::Left,
                        _ => Alignment::None,
                    });
                }
            });
        }
    });
    let header = header.unwrap_or(Row {
        span: node.start_byte()..node.start_byte(),
        cells: vec![],
        closed: false,
    });
    Table {
        span: line_span(doc, node),
        header,
        delimiter,
        alignments,
        rows,
        comments,
    }
}

/// Read a row's cells from the sequence of `|` tokens and `cell` nodes; an
/// empty cell is the gap between two pipes. Cells inside an ERROR node (a row
/// missing its closing pipe) are still read.
fn row(doc: &Document, node: Node) -> Row {
    let span = line_span(doc, node);
    split_row(&doc.text, span.clone(), node).unwrap_or_else(|| tree_row(doc, node, span))
}

/// A row's cells read from the tree's tokens (works for any row, also one
/// the parser recovered).
fn tree_row(doc: &Document, node: Node, span: Span) -> Row {
    let mut cells = Cells {
        cells: Vec::new(),
        last_pipe: None,
        pending: None,
        closed: false,
    };
    cells.read(doc, node, kinds());
    if let Some(p) = cells.pending.take() {
        cells.cells.push(p);
        cells.closed = false;
    }
    Row {
        span,
        cells: cells.cells,
        closed: cells.closed,
    }
}

/// A well-formed row's cells read from its text: between each pair of
/// pipes, the text without the spaces and tabs the grammar skips. The same
/// cells as reading the tree's tokens ([`Cells`]), without walking the
/// hidden nodes of the grammar's repetitions, which cost more than the
/// parse on a keystroke. `None` for a row the parser had to recover (or
/// one holding U+FEFF, which the grammar skips too): the tree tells.
fn split_row(text: &str, span: Span, node: Node) -> Option<Row> {
    let line = &text[span.clone()];
    if node.has_error() || line.contains('\u{feff}') {
        return None;
    }
    let mut pipes = memchr::memchr_iter(b'|', line.as_bytes()).map(|i| span.start + i);
    let mut last = pipes.next()? + 1;
    // Sized once: a row's cells are the gaps between its pipes.
    let mut cells = Vec::with_capacity(memchr::memchr_iter(b'|', line.as_bytes()).count() - 1);
    for pipe in pipes {
        let raw = &text[last..pipe];
        let trimmed = raw.trim_start_matches([' ', '\t']);
        let start = last + (raw.len() - trimmed.len());
        let trimmed = trimmed.trim_end_matches([' ', '\t']);
        cells.push(if trimmed.is_empty() {
            Cell {
                text: CompactString::default(),
                span: last..pipe,
            }
        } else {
            Cell {
                text: CompactString::from(trimmed),
                span: start..start + trimmed.len(),
            }
        });
        last = pipe + 1;
    }
    Some(Row {
        span,
        cells,
        closed: true,
    })
}

/// A row's cells as its tokens are read.
struct Cells {
    cells: Vec<Cell>,
    /// The end of the last `|`.
    last_pipe: Option<usize>,
    /// A cell read, pushed at the next `|` or cell.
    pending: Option<Cell>,
    closed: bool,
}

impl Cells {
    fn read(&mut self, doc: &Document, node: Node, k: &Kinds) {
        for_children(node, |n| {
            if n.is_error() {
                self.read(doc, n, k);
            } else if n.is_missing() {
            } else if n.kind_id() == k.pipe {
                if let Some(start) = self.last_pipe {
                    let cell = self.pending.take().unwrap_or_else(|| Cell {
                        text: CompactString::default(),
                        span: start..n.start_byte(),
                    });
                    self.cells.push(cell);
                }
                self.last_pipe = Some(n.end_byte());
                self.closed = true;
            } else if n.kind_id() == k.cell {
                if let Some(p) = self.pending.take() {
                    self.cells.push(p);
                }
                self.pending = Some(Cell {
                    text: CompactString::from(&doc.text[n.start_byte()..n.end_byte()]),
                    span: n.start_byte()..n.end_byte(),
                });
                self.closed = false;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_cells_and_blank_cells() {
        let doc = Document::parse("---\n年度: 2021\n---\n# 标题\n\n| a |  | 总计 |\n| --- | --- | ---: |\n| 规章 | 1 |  |\n段落\n");
        let fm = doc.front_matter.as_ref().unwrap();
        assert_eq!(fm.entries[0].key, "年度");
        assert_eq!(fm.entries[0].value, "2021");
        let t = doc.tables().next().unwrap();
        assert_eq!(t.header.cells.len(), 3);
        assert_eq!(t.header.cells[1].text, "");
        assert_eq!(
            t.rows[0]
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            ["规章", "1", ""]
        );
        assert_eq!(
            t.alignments,
            [Alignment::None, Alignment::None, Alignment::Right]
        );
        assert_eq!(doc.title().unwrap().text, "标题");
    }

    /// Whether `node` (a row of `doc`) is split from its text, asserting
    /// that the split gives what the tree's tokens give.
    fn split_as_tree(doc: &Document, node: Node) -> bool {
        let span = line_span(doc, node);
        let Some(fast) = split_row(&doc.text, span.clone(), node) else {
            return false;
        };
        let slow = tree_row(doc, node, span.clone());
        let cells = |r: &Row| {
            r.cells
                .iter()
                .map(|c| (c.text.clone(), c.span.clone()))
                .collect::<Vec<_>>()
        };
        let line = &doc.text[span];
        assert_eq!(cells(&fast), cells(&slow), "{line:?}");
        assert!(fast.closed && slow.closed, "{line:?}");
        true
    }

    /// Every row of every report in the repository, and rows written to
    /// be awkward, read from the text as from the tree's tokens.
    #[test]
    fn rows_split_from_text_as_the_tree_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts = vec![
            "| a |  | 总计 |\n| --- | --- | ---: |\n|规章|1|\t|\n|  （一）  x  y |　１　|\n| a | b\n| 1 | 2 |x\n||||\n| \u{feff}a | b |\n".to_string(),
        ];
        let mut dirs = vec![root.join("examples"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "nianbao") {
                    texts.extend(std::fs::read_to_string(&path).ok());
                }
            }
        }
        assert!(texts.len() > 20, "the repository's reports were found");
        let (mut split, mut rows) = (0, 0);
        for text in &texts {
            let doc = Document::parse(text);
            let tree = syntax::parse(text);
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                let mut c = node.walk();
                stack.extend(node.children(&mut c));
                if !matches!(node.kind(), "table_row" | "table_header") {
                    continue;
                }
                rows += 1;
                if split_as_tree(&doc, node) {
                    split += 1;
                }
            }
        }
        assert!(
            split > 1000 && split < rows,
            "{split} of {rows} rows split from text"
        );
    }

    /// Rows made of the characters the grammar treats specially (its extras,
    /// other spaces, pipes, line ends) in pseudo-random order: wherever the
    /// text is split, it gives the tree's cells. Guards the split against a
    /// change of the grammar's extras or cell token.
    #[test]
    fn rows_of_awkward_characters_split_as_the_tree_reads_them() {
        const PIECES: &[&str] = &[
            " ", "\t", "\u{feff}", "|", "a", "中", "\u{3000}", "\u{b}", "\u{c}", "\r", "１", "-",
            ":", "<!--", "\u{a0}",
        ];
        let mut seed: u64 = 0x6e69_616e_6261_6f21;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        let mut split = 0;
        for _ in 0..10_000 {
            let mut row = String::from("|");
            for _ in 0..next() % 12 {
                row.push_str(PIECES[next() % PIECES.len()]);
            }
            let text = format!("| a | b |\n| --- | --- |\n{row}\n");
            let doc = Document::parse(&text);
            let tree = syntax::parse(&text);
            let Some(table) = tree.root_node().named_child(0) else {
                continue;
            };
            let mut c = table.walk();
            for node in table
                .named_children(&mut c)
                .filter(|n| n.kind() == "table_row")
            {
                if split_as_tree(&doc, node) {
                    split += 1;
                }
            }
        }
        assert!(split > 200, "only {split} rows were split from text");
    }

    /// `text` with `at..end` replaced by `new`: the model kept from `old`
    /// across the edit, and the model read whole from the same tree.
    fn reuse(text: &str, old: &Document, at: usize, end: usize, new: &str) -> (Document, Document) {
        let new_text = format!("{}{new}{}", &text[..at], &text[end..]);
        let point = |t: &str, b: usize| {
            let line_start = t[..b].rfind('\n').map_or(0, |i| i + 1);
            tree_sitter::Point::new(t[..b].matches('\n').count(), b - line_start)
        };
        let mut edited = syntax::parse(text);
        edited.edit(&tree_sitter::InputEdit {
            start_byte: at,
            old_end_byte: end,
            new_end_byte: at + new.len(),
            start_position: point(text, at),
            old_end_position: point(text, end),
            new_end_position: point(&new_text, at + new.len()),
        });
        let tree = syntax::parse_chunks(
            |b| &new_text.as_bytes()[b.min(new_text.len())..],
            Some(&edited),
        );
        let edit = TextEdit {
            start: at,
            old_end: end,
            new_end: at + new.len(),
        };
        let whole = Document::from_tree(&new_text, &tree);
        let kept = Document::from_tree_reusing(new_text, &tree, old, &edited, edit);
        (kept, whole)
    }

    /// The model after an edit keeps the old model's blocks away from the
    /// edit (here marked, so that a block read anew would lose the mark),
    /// moved by the edit's change of length, and reads the edited ones.
    #[test]
    fn an_edit_keeps_the_blocks_it_left_alone() {
        let text = "# 标题\n\n| a | b |\n| --- | --- |\n| 规章 | 1 |\n| 文件 | 3 |\n\n段落一\n\n段落二\n\n| c | d |\n| --- | --- |\n| 总计 | 2 |\n<!-- 注 -->\n| 其他 | 4 |\n";
        let mut old = Document::parse(text);
        // A row of the table the edit is in, and a row of a table after it.
        let mark = |doc: &mut Document| {
            let mut tables = doc.blocks.iter_mut().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            });
            tables.next().unwrap().rows[1].cells[1].text = "kept row".into();
            tables.next().unwrap().rows[0].cells[1].text = "kept table".into();
        };
        mark(&mut old);
        // Type "12" into the first table's first value.
        let at = text.find("| 1 |").unwrap() + 2;
        let (doc, mut whole) = reuse(text, &old, at, at, "12");
        assert_eq!(doc.tables().next().unwrap().rows[0].cells[1].text, "121");
        // The kept row and table differ from the model read whole by the
        // marks only; the rest, the table's comment too, was moved.
        assert_ne!(format!("{doc:?}"), format!("{whole:?}"));
        mark(&mut whole);
        assert_eq!(format!("{doc:?}"), format!("{whole:?}"));
        let last = doc.tables().last().unwrap();
        assert_eq!(&doc.text[last.rows[0].span.clone()], "| 总计 | 2 |");
        assert_eq!(&doc.text[last.comments[0].1.span.clone()], "<!-- 注 -->");
    }

    /// A row written over with other text of the same length is read
    /// anew, and rows that moved are the old rows, moved.
    #[test]
    fn a_row_is_kept_by_its_text_not_its_place() {
        let text = "| a | b |\n| --- | --- |\n| 规章 | 1 |\n| 文件 | 2 |\n";
        let old = Document::parse(text);
        let at = text.find("| 规章").unwrap();
        let end = at + "| 规章 | 1 |".len();
        for (from, to, new) in [
            // Other text of the same length, a row inserted before it.
            (at, end, "| 其他 | 7 |"),
            (at, end, "| 其他 | 7 |\n| 规章 | 1 |"),
            // Deleted with its line break: the next row moves up.
            (at, end + 1, ""),
            // A cell added just after its closing pipe.
            (end, end, "|"),
        ] {
            let (doc, whole) = reuse(text, &old, from, to, new);
            assert!(whole.syntax_errors.is_empty(), "{new:?}");
            assert_eq!(format!("{doc:?}"), format!("{whole:?}"), "{new:?}");
        }
    }

    #[test]
    fn row_missing_closing_pipe_keeps_its_cells() {
        let doc = Document::parse("| a | b |\n| --- | --- |\n| 1 | 2\n");
        let t = doc.tables().next().unwrap();
        assert_eq!(t.rows[0].cells.len(), 2);
        assert!(!t.rows[0].closed);
        assert!(!doc.syntax_errors.is_empty());
    }
}
