//! HTML front-end: a whole saved page or a fragment of one.
//!
//! The page is parsed with html5ever (through `scraper`) and walked once,
//! without recursion (a deeply nested page cannot overflow the stack):
//! block elements (`<p>`, `<div>`, `<h1>`…) become text blocks, inline
//! elements (`<span>`, `<font>`…) are joined (`自然`+`人`), `<br>` is a line
//! break, `&nbsp;` is a space (a cell holding only one is blank), and every
//! table without tables inside it becomes a grid with its `rowspan`/
//! `colspan` resolved. A table with tables inside is page layout: its cells
//! are read as ordinary blocks.
//!
//! The report body is the smallest element holding every section heading
//! and every report table; what lies outside it (navigation, page header
//! and footer, metadata panels) is skipped and counted in a note. The title
//! is looked for in the body first, then just before it (`<h1>`), then in
//! `<title>`.

use super::draft::{Block, Draft, Grid, Loc, SpannedCell};
use super::emit;
use super::ImportError;
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};

/// Elements whose content is never report text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "select", "option", "button", "svg",
    "iframe", "object", "textarea",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "dt",
    "dd",
    "dl",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "form",
    "hr",
    "caption",
    "figure",
    "figcaption",
    "address",
    "body",
    "html",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "ucapcontent",
];

/// A block as read, with the element it came from (for finding the body).
struct Read {
    block: Block,
    node: NodeId,
}

/// The table being read.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<SpannedCell>>,
    cell: Option<SpannedCell>,
    index: usize,
    /// `<caption>` text: read like a cell, written before the table.
    caption: Option<String>,
}

/// The deepest element nesting read. Browsers stop nesting at a few hundred
/// levels; html5ever does not, and its tree building slows down with the
/// square of the depth (a 16 MB page of nested `<div>`s would take hours).
pub const MAX_DEPTH: usize = 1000;

/// Elements that never nest (void) or that the parser closes by itself when
/// the next one opens (`<p>`, `<td>`, `<li>` …): they do not add depth.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "caption", "!doctype",
];

/// A quick estimate of how deep a page nests its elements (open tags minus
/// close tags, flat elements left out), stopping once past [`MAX_DEPTH`].
pub(crate) fn nesting_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = text[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let end = b[start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'!' || *c == b'-'))
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        let gt = b[end..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| end + e);
        i = gt.min(b.len());
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else if b.get(gt.wrapping_sub(1)) != Some(&b'/') {
            depth += 1;
            max = max.max(depth);
            if max > MAX_DEPTH {
                return max;
            }
            // Raw text: nothing inside is a tag.
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let closing = format!("</{name}");
                i = text[i..]
                    .to_ascii_lowercase()
                    .find(&closing)
                    .map_or(b.len(), |e| i + e);
            }
        }
    }
    max
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let depth = nesting_depth(text);
    if depth > MAX_DEPTH {
        return Err(ImportError::TooDeep { depth });
    }
    let html = Html::parse_document(text);
    let tree = &html.tree;
    let mut w = Walker {
        tree,
        layout: layout_tables(tree),
        reads: Vec::new(),
        notes: Vec::new(),
        buf: String::new(),
        buf_node: None,
        heading: None,
        skip_depth: 0,
        tables: Vec::new(),
        table_count: 0,
        para_count: 0,
        title_tag: None,
        in_title: false,
    };
    for edge in tree.root().traverse() {
        match edge {
            Edge::Open(node) => w.open(node),
            Edge::Close(node) => w.close(node),
        }
    }
    w.flush();
    // An unclosed table at the end of a truncated page.
    while let Some((id, t)) = w.tables.pop() {
        finish_table(&mut w.reads, t, id, &mut w.notes);
    }
    let mut draft = select_body(tree, w.reads, w.title_tag);
    draft.notes.extend(w.notes);
    Ok(draft)
}

/// Tables with tables inside are layout.
fn layout_tables(tree: &ego_tree::Tree<Node>) -> std::collections::HashSet<NodeId> {
    let mut layout = std::collections::HashSet::new();
    for node in tree.nodes() {
        if let Node::Element(e) = node.value() {
            if e.name() == "table" {
                let mut a = node.parent();
                while let Some(p) = a {
                    if p.value().as_element().is_some_and(|e| e.name() == "table") {
                        layout.insert(p.id());
                    }
                    a = p.parent();
                }
            }
        }
    }
    layout
}

/// The state of the walk over the document tree: the blocks read so far,
/// the paragraph and the tables being read.
struct Walker<'t> {
    tree: &'t ego_tree::Tree<Node>,
    layout: std::collections::HashSet<NodeId>,
    reads: Vec<Read>,
    notes: Vec<String>,
    /// The text of the paragraph being read, and its element.
    buf: String,
    buf_node: Option<NodeId>,
    /// The heading level of the paragraph being read (`<h2>`).
    heading: Option<u8>,
    /// Inside an element skipped whole (`<script>`, `<head>` …): its depth.
    skip_depth: usize,
    /// The tables being read, innermost last.
    tables: Vec<(NodeId, TableState)>,
    table_count: usize,
    para_count: usize,
    title_tag: Option<String>,
    in_title: bool,
}

impl Walker<'_> {
    /// The paragraph read so far, as a block.
    fn flush(&mut self) {
        let text = tidy(&self.buf);
        self.buf.clear();
        if !text.is_empty() {
            self.para_count += 1;
            self.reads.push(Read {
                block: Block::Text {
                    text,
                    loc: Loc::place(format!("正文第{}段", self.para_count)),
                    heading: self.heading.take(),
                },
                node: self.buf_node.unwrap_or_else(|| self.tree.root().id()),
            });
        }
    }

    fn open(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        if self.skip_depth > 0 {
            if node.value().is_element() {
                self.skip_depth += 1;
            }
            return;
        }
        match node.value() {
            Node::Element(e) => self.open_element(node, e),
            Node::Text(t) => self.text(node, t),
            _ => {}
        }
    }

    fn open_element(&mut self, node: ego_tree::NodeRef<'_, Node>, e: &scraper::node::Element) {
        let name = e.name();
        if name == "title" {
            self.in_title = true;
        }
        if SKIP.contains(&name) {
            // <title> lives in <head>: read it, skip the rest.
            if name == "head" {
                if let Some(t) = node
                    .descendants()
                    .find(|d| d.value().as_element().is_some_and(|e| e.name() == "title"))
                {
                    let s: String = t
                        .descendants()
                        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                        .collect();
                    self.title_tag = Some(tidy(&s));
                }
            }
            self.skip_depth = 1;
            return;
        }
        if name == "table" && !self.layout.contains(&node.id()) {
            self.flush();
            self.table_count += 1;
            self.tables.push((
                node.id(),
                TableState {
                    index: self.table_count,
                    ..Default::default()
                },
            ));
            return;
        }
        if let Some((_, t)) = self.tables.last_mut() {
            table_element(t, name, e);
            return;
        }
        if name == "br" {
            self.buf.push('\n');
        } else if BLOCKS.contains(&name) {
            self.flush();
            self.buf_node = Some(node.id());
            if let Some(level) = name
                .strip_prefix('h')
                .and_then(|l| l.parse::<u8>().ok())
                .filter(|l| (1..=6).contains(l))
            {
                self.heading = Some(level);
            }
        }
    }

    fn text(&mut self, node: ego_tree::NodeRef<'_, Node>, t: &scraper::node::Text) {
        if self.in_title {
            return;
        }
        match self.tables.last_mut() {
            Some((_, ts)) => {
                if let Some(cell) = ts.cell.as_mut() {
                    push_text(&mut cell.text, &t[..]);
                }
            }
            None => {
                if self.buf_node.is_none() {
                    self.buf_node = node.parent().map(|p| p.id());
                }
                push_text(&mut self.buf, &t[..]);
            }
        }
    }

    fn close(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        if self.skip_depth > 0 {
            if node.value().is_element() {
                self.skip_depth -= 1;
            }
            return;
        }
        let Node::Element(e) = node.value() else {
            return;
        };
        let name = e.name();
        if name == "title" {
            self.in_title = false;
        }
        if let Some((id, t)) = self.tables.last_mut() {
            if *id == node.id() {
                let (id, t) = self.tables.pop().expect("checked");
                finish_table(&mut self.reads, t, id, &mut self.notes);
                return;
            }
            if name == "caption" {
                if let Some(cell) = t.cell.take() {
                    t.caption = Some(tidy(&cell.text));
                }
                return;
            }
            if matches!(name, "td" | "th") {
                if let Some(mut cell) = t.cell.take() {
                    cell.text = tidy(&cell.text);
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    t.rows.last_mut().expect("pushed").push(cell);
                }
            }
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
            self.buf_node = None;
            self.heading = None;
        }
    }
}

/// An element opening inside a table: a row, a caption, a cell, or a line
/// break inside a cell. Content between cells of a table is dropped by
/// browsers too (the parser moves it before the table).
fn table_element(t: &mut TableState, name: &str, e: &scraper::node::Element) {
    match name {
        "tr" => {
            t.rows.push(Vec::new());
            return;
        }
        "caption" => {
            t.caption.get_or_insert_with(String::new);
            t.cell = Some(SpannedCell {
                text: String::new(),
                loc: Loc::place(format!("表格{} 标题", t.index)),
                rowspan: 1,
                colspan: 1,
            });
            return;
        }
        "td" | "th" => {
            let span = |a: &str| {
                e.attr(a)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
            };
            if t.rows.is_empty() {
                t.rows.push(Vec::new());
            }
            let r = t.rows.len();
            let c = t.rows.last().map_or(0, Vec::len) + 1;
            t.cell = Some(SpannedCell {
                text: String::new(),
                loc: Loc::place(format!("表格{} 第{r}行 第{c}格", t.index)),
                rowspan: span("rowspan"),
                colspan: span("colspan"),
            });
            return;
        }
        _ => {}
    }
    if let Some(cell) = t.cell.as_mut() {
        // <br>, or a block (<p>) after text: a line break.
        if name == "br"
            || BLOCKS.contains(&name) && !cell.text.ends_with('\n') && !cell.text.trim().is_empty()
        {
            cell.text.push('\n');
        }
    }
}

/// Append a text node: whitespace runs (source line breaks, `&nbsp;`) are
/// one space; the ideographic space is content and stays.
fn push_text(out: &mut String, t: &str) {
    for ch in t.chars() {
        if ch.is_whitespace() && ch != '\u{3000}' {
            if !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
}

/// Trim every line; drop a space that touches a CJK character (it was a
/// source line break or the gap between two `<span>`s, not a word gap).
fn tidy(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|line| {
            let chars: Vec<char> = line
                .trim_matches(|c: char| c.is_whitespace() && c != '\u{3000}')
                .chars()
                .collect();
            let mut out = String::with_capacity(line.len());
            for (i, &c) in chars.iter().enumerate() {
                if c == ' ' {
                    let prev = i.checked_sub(1).map(|p| chars[p]);
                    let next = chars.get(i + 1).copied();
                    let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
                    if cjk(prev) || cjk(next) || next == Some(' ') {
                        continue;
                    }
                }
                out.push(c);
            }
            out
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// A table read to its end: its `<caption>`, then its grids.
fn finish_table(reads: &mut Vec<Read>, t: TableState, node: NodeId, notes: &mut Vec<String>) {
    let loc = Loc::place(format!("表格{}", t.index));
    if Grid::too_many_spanned(&t.rows) {
        notes.push(format!(
            "{loc}的合并单元格（rowspan/colspan）展开后过大，未展开，按单元格的书写顺序读取"
        ));
    }
    if let Some(c) = t.caption.filter(|c| !c.is_empty()) {
        reads.push(Read {
            block: Block::Text {
                text: c,
                loc: loc.sub("标题"),
                heading: Some(3),
            },
            node,
        });
    }
    push_grids(reads, t.rows, loc, node);
}

/// Resolve a table's spans and split it where a caption row stands.
fn push_grids(reads: &mut Vec<Read>, rows: Vec<Vec<SpannedCell>>, loc: Loc, node: NodeId) {
    let mut part: Vec<Vec<SpannedCell>> = Vec::new();
    let flush = |reads: &mut Vec<Read>, part: &mut Vec<Vec<SpannedCell>>| {
        let rows = std::mem::take(part);
        if rows.iter().flatten().any(|c| !c.text.is_empty()) {
            reads.push(Read {
                block: Block::Table(Grid::from_spanned(rows, loc.clone())),
                node,
            });
        }
    };
    for row in rows {
        if row.len() == 1 && emit::is_caption(&row[0].text) {
            flush(reads, &mut part);
            reads.push(Read {
                block: Block::Text {
                    text: row[0].text.clone(),
                    loc: row[0].loc.clone(),
                    heading: Some(3),
                },
                node,
            });
            continue;
        }
        part.push(row);
    }
    flush(reads, &mut part);
}

/// Keep the blocks inside the report body; note what was skipped.
fn select_body(tree: &ego_tree::Tree<Node>, reads: Vec<Read>, title_tag: Option<String>) -> Draft {
    let mut draft = Draft::default();
    let evidence: Vec<NodeId> = reads
        .iter()
        .filter(|r| emit::is_evidence(&r.block))
        .map(|r| r.node)
        .collect();
    let ancestors = |id: NodeId| -> Vec<NodeId> {
        let mut chain: Vec<NodeId> = tree
            .get(id)
            .map(|n| n.ancestors().map(|a| a.id()).collect())
            .unwrap_or_default();
        chain.reverse();
        chain.push(id);
        chain
    };
    let body: Option<NodeId> = match evidence.as_slice() {
        [] => None,
        [only] => {
            let chain = ancestors(*only);
            chain.len().checked_sub(2).map(|i| chain[i]).or(Some(*only))
        }
        [first, rest @ ..] => {
            let mut common = ancestors(*first);
            for id in rest {
                let chain = ancestors(*id);
                let n = common
                    .iter()
                    .zip(&chain)
                    .take_while(|(a, b)| a == b)
                    .count();
                common.truncate(n);
            }
            common.last().copied()
        }
    };
    let Some(body) = body else {
        draft.blocks = reads.into_iter().map(|r| r.block).collect();
        draft.title = title_tag;
        return draft;
    };
    let inside: std::collections::HashSet<NodeId> = tree
        .get(body)
        .map(|b| b.descendants().map(|d| d.id()).collect())
        .unwrap_or_default();
    let inside = |id: NodeId| inside.contains(&id);
    let mut skipped = 0usize;
    let mut skipped_numbers = 0usize;
    let mut before_title: Option<String> = None;
    let mut seen_body = false;
    for r in reads {
        if inside(r.node) {
            seen_body = true;
            draft.blocks.push(r.block);
            continue;
        }
        if let Block::Text { text, .. } = &r.block {
            if !seen_body && emit::is_title(text) {
                before_title = Some(text.clone());
            }
        }
        skipped += 1;
        skipped_numbers += match &r.block {
            Block::Text { text, .. } => super::numbers(text).len(),
            Block::Table(g) => g
                .rows
                .iter()
                .flatten()
                .filter(|c| c.origin.is_none())
                .map(|c| super::numbers(&c.text).len())
                .sum(),
        };
    }
    draft.title = before_title.or(title_tag);
    if skipped > 0 {
        draft.notes.push(format!(
            "跳过了报告正文以外的页面内容（导航、页眉页脚、信息索引等）{skipped} 处，其中含数字 {skipped_numbers} 个"
        ));
    }
    draft
}
