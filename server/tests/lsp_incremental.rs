//! Property: incremental sync equals starting afresh. Random edit scripts
//! (CJK, emoji outside the BMP, CRLF and lone CR, pipes, digits; several
//! events per notification; positions in UTF-16 or UTF-8, also past the end
//! of a line or of the text, backwards ranges, whole-document changes)
//! applied through `Snapshot::apply` give the same text as a plain `String`
//! edited by an independent position conversion, the same tree as parsing
//! the final text, and the same diagnostics as `check_text`; after every
//! notification, the server's check (reusing the prose of unchanged
//! paragraphs) finds what a fresh check finds.

use nianbao::check::{self, DiskLoader};
use nianbao::config::Config;
use nianbao::lsp::types::{Position, Range, TextDocumentContentChangeEvent};
use nianbao::lsp::{Encoding, Snapshot};
use proptest::prelude::*;

const BASES: [&str; 3] = [
    include_str!("../../examples/gongnong-2021.nianbao"),
    include_str!("../../tests/fixtures/valid-2021.nianbao"),
    include_str!("../../tests/fixtures/valid-2019.nianbao"),
];

/// Pieces inserted text is made of: what reports contain, and what makes
/// position conversion hard.
const PIECES: &[&str] = &[
    "总计",
    "😀",
    "\r\n",
    "\n",
    "\r",
    "|",
    " | ",
    "0",
    "1",
    "7",
    "12",
    "（七）",
    "## ",
    "# ",
    "<!--",
    "-->",
    "---",
    "a",
    "| 1 | 2 |\n",
    "| --- | ---: |\n",
    "年度: 2021\n",
    "𠀀",
];

/// A position chosen relative to the text it will apply to (which is only
/// known once the earlier events have been applied).
#[derive(Debug, Clone)]
struct Seed {
    line: u32,
    character: u32,
    /// 0: the protocol's largest numbers; 1: far past the last line.
    far: u8,
}

#[derive(Debug, Clone)]
enum Event {
    Replace {
        start: Seed,
        /// The end: a few lines after the start (or before: backwards).
        lines: i8,
        end: Seed,
        text: Vec<usize>,
    },
    Whole {
        base: usize,
        cut: usize,
    },
}

fn seed() -> impl Strategy<Value = Seed> {
    (any::<u32>(), any::<u32>(), 0u8..24).prop_map(|(line, character, far)| Seed {
        line,
        character,
        far,
    })
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        24 => (seed(), -1i8..3, seed(), prop::collection::vec(0..PIECES.len(), 0..4))
            .prop_map(|(start, lines, end, text)| Event::Replace { start, lines, end, text }),
        1 => (0..BASES.len(), any::<usize>()).prop_map(|(base, cut)| Event::Whole { base, cut }),
    ]
}

/// Byte offsets where LSP lines start: after `\n`, `\r\n` and a lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn line_content(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    &rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())]
}

fn units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
    }
}

/// The position a seed stands for in `text`: mostly inside the text, with
/// columns up to two units past a line's end, sometimes far outside.
fn resolve(text: &str, s: &Seed, line_offset: i64, enc: Encoding) -> Position {
    let starts = line_starts(text);
    match s.far {
        0 => return Position::new(i32::MAX as u32, s.character % (i32::MAX as u32)),
        1 => return Position::new(starts.len() as u32 + s.line % 3, s.character % 5),
        _ => {}
    }
    let line = (s.line as usize % (starts.len() + 1)) as i64 + line_offset;
    let line = line.max(0) as usize;
    let len = starts
        .get(line)
        .map_or(0, |&start| units(line_content(text, start), enc));
    Position::new(line as u32, s.character % (len as u32 + 3))
}

/// The byte offset of an LSP position, written independently of
/// `lsp::position`: past a line's end → the line's end, past the last line
/// → the end of the text, inside a character → its start.
fn offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let starts = line_starts(text);
    let Some(&start) = starts.get(pos.line as usize) else {
        return text.len();
    };
    let mut used = 0;
    let mut at = start;
    for ch in line_content(text, start).chars() {
        used += units(ch.encode_utf8(&mut [0; 4]), enc);
        if used > pos.character as usize {
            break;
        }
        at += ch.len_utf8();
    }
    at
}

/// Every node's kind and byte range, in tree order: the s-expression
/// leaves out where nodes are.
fn nodes(tree: &tree_sitter::Tree) -> Vec<(u16, usize, usize, bool)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let n = cursor.node();
        out.push((n.kind_id(), n.start_byte(), n.end_byte(), n.is_missing()));
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

fn run_script(
    base: usize,
    crlf: bool,
    enc: Encoding,
    script: &[Vec<Event>],
) -> Result<(), TestCaseError> {
    let mut text = BASES[base].to_string();
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    let uri = "file:///tmp/prop.nianbao".parse().unwrap();
    let mut snap = Snapshot::open(uri, &text, 1, enc);
    let config = Config::default();
    for (n, notification) in script.iter().enumerate() {
        let mut changes = Vec::new();
        for event in notification {
            let change = match event {
                Event::Replace {
                    start,
                    lines,
                    end,
                    text: pieces,
                } => {
                    let a = resolve(&text, start, 0, enc);
                    let mut b = resolve(&text, end, 0, enc);
                    if start.far > 1 && end.far > 1 {
                        // Mostly local: the end a few lines from the start.
                        b = resolve(
                            &text,
                            &Seed {
                                line: start.line,
                                ..end.clone()
                            },
                            *lines as i64,
                            enc,
                        );
                    }
                    let new: String = pieces.iter().map(|&i| PIECES[i]).collect();
                    let (x, y) = (offset(&text, a, enc), offset(&text, b, enc));
                    text.replace_range(x.min(y)..x.max(y), &new);
                    TextDocumentContentChangeEvent {
                        range: Some(Range::new(a, b)),
                        range_length: None,
                        text: new,
                    }
                }
                Event::Whole { base, cut } => {
                    let whole = BASES[*base];
                    let mut at = cut % (whole.len() + 1);
                    while !whole.is_char_boundary(at) {
                        at -= 1;
                    }
                    text = whole[..at].to_string();
                    TextDocumentContentChangeEvent {
                        range: None,
                        range_length: None,
                        text: text.clone(),
                    }
                }
            };
            changes.push(change);
        }
        snap = snap.apply(n as i32 + 2, changes);
        prop_assert_eq!(snap.text(), text.as_str());
        prop_assert_eq!(snap.rope.to_string(), text.clone());
        let fresh = nianbao::syntax::parse(&text);
        prop_assert_eq!(snap.tree.root_node().to_sexp(), fresh.root_node().to_sexp());
        prop_assert_eq!(nodes(&snap.tree), nodes(&fresh));
        // The server's check, which reuses the prose of the paragraphs the
        // notification left unchanged, finds what a fresh check finds.
        let reused = check::check_analysis(snap.analysis(), None, None, &config, &|| false);
        prop_assert_eq!(
            reused,
            Some(check::check_document(&snap.doc, None, &config))
        );
    }
    let (_, fresh) = check::check_text(&text, snap.path.as_deref(), &config, &DiskLoader);
    let incremental = check::check_document(&snap.doc, None, &config);
    prop_assert_eq!(incremental, fresh);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn incremental_sync_equals_a_fresh_parse(
        base in 0..BASES.len(),
        crlf in any::<bool>(),
        utf8 in any::<bool>(),
        script in prop::collection::vec(prop::collection::vec(event(), 1..5), 1..5),
    ) {
        let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        run_script(base, crlf, enc, &script)?;
    }
}

/// The reference conversion agrees with the examples in the protocol's
/// terms, so the property above does not compare two copies of one bug.
#[test]
fn reference_offsets() {
    let text = "ab\r\n总😀x\rz\n";
    let p = Position::new;
    assert_eq!(
        offset(text, p(1, 3), Encoding::Utf16),
        text.find('x').unwrap()
    );
    assert_eq!(
        offset(text, p(1, 2), Encoding::Utf16),
        text.find('😀').unwrap()
    );
    assert_eq!(
        offset(text, p(1, 7), Encoding::Utf8),
        text.find('x').unwrap()
    );
    assert_eq!(offset(text, p(1, 99), Encoding::Utf8), 4 + "总😀x".len());
    assert_eq!(
        offset(text, p(2, 0), Encoding::Utf16),
        text.find('z').unwrap()
    );
    assert_eq!(offset(text, p(3, 5), Encoding::Utf16), text.len());
    assert_eq!(offset(text, p(9, 0), Encoding::Utf16), text.len());
}
