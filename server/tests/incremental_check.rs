//! The language server's check reuses what the previous check of the same
//! document found in paragraphs an edit left unchanged (their prose and
//! NB404's matches, `rules::prose::ProseCache`). Property: after every edit
//! of a random edit sequence on every real report in the repository, the
//! check that reuses gives exactly the diagnostics of a fresh check.
//! Edits are typed where the prose rules look (counts, years, sentence
//! ends, line and paragraph breaks, full-width digits), digits and
//! characters are changed in place (text that changed, not its length), paragraphs are
//! moved, duplicated and deleted (the same prose at another offset), and
//! now and then the whole text is replaced. A seeded loop: a failure names
//! the report, the seed and the edit; `NIANBAO_REUSE_EDITS` sets the number
//! of edits per report (12 by default) for a longer run.
//!
//! The same edits, with pipes, headings, comments and fences typed too and
//! table rows written over other rows, check the model the language server
//! builds after an edit, which keeps the blocks and rows the edit left
//! unchanged (`Document::from_tree_reusing`): it is the model built whole
//! from the same tree. 300 edits per report by default (25 times
//! `NIANBAO_REUSE_EDITS`).

use nianbao::check::{check_analysis, check_document};
use nianbao::config::Config;
use nianbao::lsp::types::{Range, TextDocumentContentChangeEvent};
use nianbao::lsp::{Encoding, Snapshot};
use nianbao::model::Document;
use std::path::{Path, PathBuf};

/// What is typed: the phrasings the prose rules read, and what moves
/// paragraphs and lines around.
const PIECES: &[&str] = &[
    "收到政府信息公开申请12件",
    "上年结转3件",
    "结转下年度5件",
    "办结9件",
    "行政复议2件",
    "行政诉讼1件，其中涉及政府信息公开的0件",
    "统计期限为2020年1月1日至12月31日",
    "１２",
    "7",
    "件",
    "。",
    "，",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "　",
    "（请在此",
    "（一）依申请公开\n\n",
    "## 三、收到和处理政府信息公开申请情况\n\n",
    "### 表三\n\n",
    "| 总计 | 1 |\n",
    "",
    // Structure: rows, headings, comments, front matter fences.
    "|",
    " | ",
    "| 其他 | 2 | 3 |\n",
    "| --- | --- |\n",
    "#",
    "---\n",
    "<!--",
    "-->",
    "<!-- 注 -->\n",
    "：",
];

/// xorshift64*: the same edits on every run and every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The character boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The paragraph-sized pieces of a text: what lies between blank lines.
fn blank_separated(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = text[start..].find("\n\n") {
        let end = start + i + 2;
        out.push(start..end);
        start = end;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// One edit of `text`: the byte range replaced and the new text.
fn edit(rng: &mut Rng, text: &str) -> (std::ops::Range<usize>, String) {
    let len = text.len();
    match rng.below(12) {
        // Write one table row over another (the same text elsewhere, or
        // other text at the same place: a row must not be kept by its
        // place alone).
        10..=11 => {
            let rows: Vec<std::ops::Range<usize>> = text
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .chain([0])
                .filter_map(|start| {
                    let line = text[start..].split('\n').next()?;
                    (line.starts_with("| ") && !line.contains("---"))
                        .then(|| start..start + line.trim_end_matches('\r').len())
                })
                .collect();
            if rows.is_empty() {
                return (0..0, String::new());
            }
            let (a, b) = (&rows[rng.below(rows.len())], &rows[rng.below(rows.len())]);
            (a.clone(), text[b.clone()].to_string())
        }
        // Move, copy or delete a paragraph: unchanged prose at new offsets.
        0..=2 => {
            let parts = blank_separated(text);
            let p = parts[rng.below(parts.len())].clone();
            let moved = text[p.clone()].to_string();
            match rng.below(3) {
                0 => (p, String::new()),
                1 => {
                    let at = parts[rng.below(parts.len())].start;
                    (at..at, moved)
                }
                _ => {
                    // Swap with the next one.
                    let i = parts.iter().position(|q| *q == p).unwrap_or(0);
                    match parts.get(i + 1) {
                        Some(q) => (p.start..q.end, format!("{}{moved}", &text[q.clone()])),
                        None => (p.start..p.start, moved),
                    }
                }
            }
        }
        // Change a digit or a character into another of the same length: a
        // paragraph whose text changed but not its length or its lines
        // (the commonest edit: a number corrected).
        3..=4 => {
            let from = boundary(text, rng.below(len + 1));
            let digit = rng.below(2) == 0;
            let found = text[from..].char_indices().find(|&(_, c)| {
                if digit {
                    c.is_ascii_digit()
                } else {
                    c == '件' || c == '年'
                }
            });
            match found {
                Some((i, c)) => {
                    let at = from + i;
                    let new = match c {
                        '件' => "次".to_string(),
                        '年' => "月".to_string(),
                        d => char::from(b'0' + (d as u8 - b'0' + 1 + rng.below(9) as u8) % 10)
                            .to_string(),
                    };
                    (at..at + c.len_utf8(), new)
                }
                None => (from..from, "1".to_string()),
            }
        }
        // Type or delete a few characters anywhere.
        _ => {
            let start = boundary(text, rng.below(len + 1));
            let end = if rng.below(3) == 0 {
                boundary(text, start + rng.below(12))
            } else {
                start
            };
            (start..end, PIECES[rng.below(PIECES.len())].to_string())
        }
    }
}

fn reports() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = vec![root.join("examples/gongnong-2021.nianbao")];
    let mut real: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/real"))
        .expect("tests/fixtures/real")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "nianbao"))
        .collect();
    real.sort();
    out.extend(real);
    out
}

#[test]
fn a_check_that_reuses_equals_a_fresh_check_after_every_edit() {
    let edits: usize = std::env::var("NIANBAO_REUSE_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let cfg = Config::default();
    let reports = reports();
    assert!(reports.len() > 10, "the real reports are there");
    for (k, path) in reports.iter().enumerate() {
        let original = std::fs::read_to_string(path).expect("a report");
        let seed = 0x9e37_79b9_7f4a_7c15 ^ (k as u64 + 1);
        let mut rng = Rng(seed);
        let uri = "file:///tmp/reuse/report.nianbao".parse().expect("a URI");
        let mut snap = Snapshot::open(uri, &original, 1, Encoding::Utf16);
        for v in 0..edits {
            let change = if rng.below(25) == 0 {
                TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: original.clone(),
                }
            } else {
                let (r, text) = edit(&mut rng, snap.text());
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(snap.position(r.start), snap.position(r.end))),
                    range_length: None,
                    text,
                }
            };
            let shown = format!("{change:?}");
            snap = snap.apply(v as i32 + 2, vec![change]);
            // As the language server checks: the snapshot's analysis, which
            // its requests read too.
            let reused = check_analysis(snap.analysis(), None, None, &cfg, &|| false)
                .expect("never cancelled");
            let fresh = check_document(&snap.doc, None, &cfg);
            assert!(
                reused == fresh,
                "{} (seed {seed:#x}), edit {v}: {shown}\nreused: {reused:#?}\nfresh: {fresh:#?}",
                path.display()
            );
        }
    }
}

#[test]
fn a_model_that_keeps_unchanged_blocks_equals_one_built_whole_after_every_edit() {
    let edits: usize = std::env::var("NIANBAO_REUSE_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(300, |n: usize| n * 25);
    for (k, path) in reports().iter().enumerate() {
        let original = std::fs::read_to_string(path).expect("a report");
        let seed = 0x2545_f491_4f6c_dd1d ^ (k as u64 + 1);
        let mut rng = Rng(seed);
        let uri = "file:///tmp/reuse/report.nianbao".parse().expect("a URI");
        let mut snap = Snapshot::open(uri, &original, 1, Encoding::Utf16);
        // An edit that leaves a syntax error is mostly undone by the next
        // one (a typo, then backspace): the model is read whole while the
        // text has errors, and kept between texts without.
        // Errors that stay are left for a few edits, then the text is
        // written over with the report.
        let mut undo = None;
        let mut broken = 0;
        for v in 0..edits {
            let (r, text) = undo.take().unwrap_or_else(|| edit(&mut rng, snap.text()));
            let inverse = (
                r.start..r.start + text.len(),
                snap.text()[r.clone()].to_string(),
            );
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(snap.position(r.start), snap.position(r.end))),
                range_length: None,
                text,
            };
            let shown = format!("{change:?}");
            snap = snap.apply(v as i32 + 2, vec![change]);
            let whole = Document::from_tree(snap.text(), &snap.tree);
            let (got, want) = (format!("{:#?}", snap.doc), format!("{whole:#?}"));
            if got != want {
                let diff = pretty_assertions::StrComparison::new(&want, &got);
                panic!(
                    "{} (seed {seed:#x}), edit {v}: {shown}\nwhole (left) and kept (right):\n{diff}",
                    path.display()
                );
            }
            if snap.tree.root_node().has_error() {
                broken += 1;
                if broken > 4 {
                    undo = Some((0..snap.text().len(), original.clone()));
                } else if rng.below(8) != 0 {
                    undo = Some(inverse);
                }
            } else {
                broken = 0;
            }
        }
    }
}
