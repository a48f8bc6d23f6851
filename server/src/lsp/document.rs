//! Open documents. Each change event is applied in order to the rope and to
//! the tree (`InputEdit`), then the tree is reparsed once, incrementally,
//! reading the rope's chunks. The result is an immutable [`Snapshot`] that
//! requests read while newer edits arrive.

use super::position::{self, Encoding};
use super::types::{self, TextDocumentContentChangeEvent, Uri};
use crate::analysis::{Analysis, Analyzed};
use crate::model::{Document, TextEdit};
use crate::rules::prose::ProseCache;
use crate::syntax;
use crate::text::Span;
use ropey::Rope;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tree_sitter::{InputEdit, Tree};

/// One version of an open document and everything derived from its text.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    /// The file's path, for `file:` URIs (used to find `上年报告` and
    /// `nianbao.toml`).
    pub path: Option<PathBuf>,
    pub version: i32,
    /// Unique to this snapshot in this server process: what a deferred code
    /// action names (a document reopened may reuse its version numbers).
    pub id: u64,
    pub encoding: Encoding,
    pub rope: Rope,
    pub tree: Tree,
    /// The report model; `doc.text` is the whole text. Shared: a report
    /// that names this one as `上年报告` reads it from here.
    pub doc: Arc<Document>,
    /// The prose of the paragraphs at the document's last check, shared by
    /// every version of the document: the next check rebuilds only the
    /// paragraphs an edit changed.
    pub prose: Arc<ProseCache>,
    /// [`Snapshot::analysis`], once a request asked for it.
    analysis: AnalysisSlot,
}

/// Where a snapshot keeps its analysis. A clone starts empty: whoever
/// clones a snapshot may change its model.
#[derive(Default)]
struct AnalysisSlot(OnceLock<Arc<Analyzed>>);

impl Clone for AnalysisSlot {
    fn clone(&self) -> Self {
        AnalysisSlot::default()
    }
}

impl std::fmt::Debug for AnalysisSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "AnalysisSlot(kept)"
        } else {
            "AnalysisSlot(empty)"
        })
    }
}

/// The next snapshot's [`Snapshot::id`].
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The rope's text in one `String`, sized once (`Rope::to_string` goes
/// through `Display`, growing the string chunk by chunk: 2 M instructions a
/// keystroke in a 1 MB report).
fn rope_text(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|c| text.push_str(c));
    text
}

impl Snapshot {
    /// A document as opened (parsed from scratch).
    pub fn open(uri: Uri, text: &str, version: i32, encoding: Encoding) -> Snapshot {
        let rope = Rope::from_str(text);
        let tree = syntax::parse(text);
        let path = super::uri::file_path(&uri);
        Snapshot {
            uri,
            path,
            version,
            id: next_id(),
            encoding,
            doc: Arc::new(Document::from_tree(text, &tree)),
            prose: Arc::default(),
            analysis: AnalysisSlot::default(),
            rope,
            tree,
        }
    }

    /// A snapshot of `text` as `file:///tmp/a.nianbao`, for tests.
    #[cfg(test)]
    pub fn scratch(text: &str, encoding: Encoding) -> Snapshot {
        let uri = "file:///tmp/a.nianbao".parse().expect("a valid URI");
        Snapshot::open(uri, text, 1, encoding)
    }

    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The report bound to its template: made by the check or the first
    /// request that needs it and kept with the snapshot, so the check and
    /// the requests an editor sends after each keystroke (semantic tokens,
    /// inlay hints, folding, symbols, hovers) share one. It reuses the
    /// prose of paragraphs an edit left unchanged (`ProseCache`).
    pub fn analysis(&self) -> &Analysis<'_> {
        self.analyzed_ref().analysis()
    }

    /// [`Snapshot::analysis`] with its model, to share: the check of a
    /// report that names this one (`上年报告`, `汇总`) reads it too.
    pub fn analyzed(&self) -> Arc<Analyzed> {
        self.analyzed_ref().clone()
    }

    fn analyzed_ref(&self) -> &Arc<Analyzed> {
        self.analysis
            .0
            .get_or_init(|| Arc::new(Analyzed::of(self.doc.clone(), Some(self.prose.clone()))))
    }

    /// The LSP range of a byte span.
    pub fn range(&self, span: &Span) -> types::Range {
        position::range(&self.rope, span, self.encoding)
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, byte: usize) -> types::Position {
        position::position(&self.rope, byte, self.encoding)
    }

    /// The byte offset of an LSP position (clamped into the text).
    pub fn offset(&self, pos: types::Position) -> usize {
        position::offset(&self.rope, pos, self.encoding)
    }

    /// The byte span of an LSP range (clamped into the text).
    pub fn span(&self, range: types::Range) -> Span {
        position::span(&self.rope, range, self.encoding)
    }

    /// Apply one `didChange` notification's events, in order, and return
    /// the next snapshot. Each event's range is read against the text as
    /// left by the events before it (as the protocol says).
    pub fn apply(&self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) -> Snapshot {
        let mut rope = self.rope.clone();
        let mut tree = Some(self.tree.clone());
        // The edit, when there is exactly one: the model then keeps the
        // blocks it left unchanged.
        let single = changes.len() == 1;
        let mut edit = None;
        for change in changes {
            match change.range {
                None => {
                    // A whole-document change: nothing of the old tree applies.
                    rope = Rope::from_str(&change.text);
                    tree = None;
                }
                Some(range) => {
                    let span = position::span(&rope, range, self.encoding);
                    let start_position = position::point(&rope, span.start);
                    let old_end_position = position::point(&rope, span.end);
                    let start_char = rope.byte_to_char(span.start);
                    let end_char = rope.byte_to_char(span.end);
                    rope.remove(start_char..end_char);
                    rope.insert(start_char, &change.text);
                    let new_end_byte = span.start + change.text.len();
                    if single {
                        edit = Some(TextEdit {
                            start: span.start,
                            old_end: span.end,
                            new_end: new_end_byte,
                        });
                    }
                    if let Some(tree) = tree.as_mut() {
                        tree.edit(&InputEdit {
                            start_byte: span.start,
                            old_end_byte: span.end,
                            new_end_byte,
                            start_position,
                            old_end_position,
                            new_end_position: position::point(&rope, new_end_byte),
                        });
                    }
                }
            }
        }
        let edited = tree;
        let tree = syntax::parse_chunks(
            |byte| {
                if byte >= rope.len_bytes() {
                    return &[][..];
                }
                let (chunk, start, _, _) = rope.chunk_at_byte(byte);
                &chunk.as_bytes()[byte - start..]
            },
            edited.as_ref(),
        );
        let text = rope_text(&rope);
        let doc = match (edit, &edited) {
            (Some(edit), Some(edited)) => {
                Document::from_tree_reusing(text, &tree, &self.doc, edited, edit)
            }
            _ => Document::from_tree_owned(text, &tree),
        };
        let doc = Arc::new(doc);
        Snapshot {
            uri: self.uri.clone(),
            path: self.path.clone(),
            version,
            id: next_id(),
            encoding: self.encoding,
            rope,
            tree,
            doc,
            prose: self.prose.clone(),
            analysis: AnalysisSlot::default(),
        }
    }

    /// The path `上年报告` names, resolved against this report's folder.
    pub fn previous_path(&self) -> Option<PathBuf> {
        let (value, _) = crate::analysis::front_info(&self.doc).previous?;
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let base = self.path.as_deref()?.parent()?;
        Some(base.join(value))
    }

    /// The parts an aggregate report names (`汇总`), resolved as the check
    /// resolves them: files, and folders (every report in them is a part).
    pub fn part_paths(&self) -> Vec<PathBuf> {
        let Some((value, _)) = crate::analysis::front_info(&self.doc).parts else {
            return Vec::new();
        };
        let Some(base) = self.path.as_deref().and_then(|p| p.parent()) else {
            return Vec::new();
        };
        crate::check::resolve_parts(&value, base)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::{Position, Range};

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        }
    }

    fn uri() -> Uri {
        "file:///tmp/a.nianbao".parse().unwrap()
    }

    #[test]
    fn a_snapshot_keeps_one_analysis_and_the_next_version_its_own() {
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        let snap = Snapshot::open(uri(), text, 1, Encoding::Utf16);
        let a = snap.analysis();
        assert!(std::ptr::eq(a, snap.analysis()), "asked twice, made once");
        let fresh = Analysis::analyze(&snap.doc);
        assert_eq!(format!("{:?}", a.tables), format!("{:?}", fresh.tables));
        // An edit makes a new snapshot, which analyses its own text.
        let line = text
            .lines()
            .position(|l| l.starts_with("| 规章 |"))
            .unwrap() as u32;
        let next = snap.apply(2, vec![change(line, 0, line + 1, 0, "")]);
        assert_eq!(next.analysis().tables.len(), a.tables.len());
        assert_ne!(
            format!("{:?}", next.analysis().tables),
            format!("{:?}", a.tables)
        );
        assert_eq!(
            format!("{:?}", next.analysis().tables),
            format!("{:?}", Analysis::analyze(&next.doc).tables)
        );
    }

    #[test]
    fn events_apply_in_order_against_the_text_they_follow() {
        let snap = Snapshot::open(uri(), "| 总计 | 1 |\r\n", 1, Encoding::Utf16);
        // Replace "1" (UTF-16 column 7), then insert before the new "2".
        let next = snap.apply(2, vec![change(0, 7, 0, 8, "2"), change(0, 7, 0, 7, "1")]);
        assert_eq!(next.text(), "| 总计 | 12 |\r\n");
        assert_eq!(next.version, 2);
        let fresh = syntax::parse(next.text());
        assert_eq!(next.tree.root_node().to_sexp(), fresh.root_node().to_sexp());
    }

    #[test]
    fn whole_document_change_replaces_everything() {
        let snap = Snapshot::open(uri(), "# 旧\n", 1, Encoding::Utf8);
        let next = snap.apply(
            2,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "# 新\n".into(),
            }],
        );
        assert_eq!(next.text(), "# 新\n");
    }

    #[test]
    fn out_of_range_edits_clamp_instead_of_panicking() {
        let snap = Snapshot::open(uri(), "ab\n", 1, Encoding::Utf16);
        let next = snap.apply(2, vec![change(5, 3, 9, 9, "x"), change(0, 9, 0, 1, "")]);
        assert_eq!(next.text(), "a\nx");
    }
}
