//! Parsing with the tree-sitter grammar, and syntax errors (NB001).

use crate::text::Span;
use tree_sitter::{Node, Parser, Tree};

/// A new parser for the nianbao language.
pub fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_nianbao::LANGUAGE.into())
        .expect("the bundled grammar matches the tree-sitter runtime");
    parser
}

/// Parse a whole text from scratch.
pub fn parse(text: &str) -> Tree {
    thread_local! {
        static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(parser());
    }
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, None)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Parse text handed over in chunks (`read(byte)` returns the text from
/// `byte` on, or an empty slice at the end), reusing an edited old tree so
/// only the changed part is reparsed.
pub fn parse_chunks<T: AsRef<[u8]>>(mut read: impl FnMut(usize) -> T, old: Option<&Tree>) -> Tree {
    thread_local! {
        static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(parser());
    }
    PARSER.with(|p| {
        p.borrow_mut()
            .parse_with_options(&mut |byte, _| read(byte), old, None)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// What kind of syntax problem a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The parser expected a token here (e.g. the closing `|` of a row).
    Missing(String),
    /// An `<!--` with no `-->`.
    UnterminatedComment,
    /// A line starting with `|` that is not part of a table (no delimiter row).
    StrayTableRow,
    /// Anything else the grammar cannot read.
    Unexpected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub kind: SyntaxErrorKind,
}

/// Collect the smallest broken nodes of a tree. A broken node's descendants
/// are not reported again.
pub fn syntax_errors(tree: &Tree, text: &str) -> Vec<SyntaxError> {
    let mut out = Vec::new();
    let root = tree.root_node();
    if !root.has_error() {
        return out;
    }
    collect(root, text, &mut out);
    out
}

/// A row's last cell with no closing `|`. Depending on the cell's length,
/// tree-sitter's error recovery either inserts a MISSING `|` or wraps the
/// cell in an ERROR; both mean the same to the user.
fn is_unclosed_last_cell(error: Node) -> bool {
    let in_row = error
        .parent()
        .is_some_and(|p| matches!(p.kind(), "table_row" | "table_header"));
    let mut cursor = error.walk();
    let only_cells = error.named_child_count() > 0
        && error
            .named_children(&mut cursor)
            .all(|c| c.kind() == "cell");
    let at_line_end = error
        .next_sibling()
        .is_none_or(|s| matches!(s.kind(), "\n" | "\r\n"));
    in_row && only_cells && at_line_end
}

fn collect(node: Node, text: &str, out: &mut Vec<SyntaxError>) {
    if node.is_missing() {
        out.push(SyntaxError {
            span: node.start_byte()..node.end_byte(),
            kind: SyntaxErrorKind::Missing(node.kind().to_string()),
        });
        return;
    }
    if node.is_error() && is_unclosed_last_cell(node) {
        out.push(SyntaxError {
            span: node.end_byte()..node.end_byte(),
            kind: SyntaxErrorKind::Missing("|".to_string()),
        });
        return;
    }
    if node.is_error() {
        let span = node.start_byte()..node.end_byte();
        let snippet = text.get(span.clone()).unwrap_or("").trim_start();
        let kind = if snippet.starts_with("<!") {
            SyntaxErrorKind::UnterminatedComment
        } else if snippet.starts_with('|')
            && node.child(0).is_some_and(|c| c.kind() == "table_header")
        {
            SyntaxErrorKind::StrayTableRow
        } else {
            SyntaxErrorKind::Unexpected
        };
        // Point at the first line of a multi-line error: the smallest useful range.
        let first_line_end = text[span.clone()]
            .find('\n')
            .map(|i| span.start + i)
            .unwrap_or(span.end);
        let mut end = first_line_end;
        if end > span.start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        out.push(SyntaxError {
            span: span.start..end.max(span.start),
            kind,
        });
        return;
    }
    if !node.has_error() {
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, text, out);
    }
}
