//! Semantic tokens: headings, captions, labels, numbers, totals and wrong
//! values, front matter and comments. Standard token types where one fits
//! (so every theme colours them); two custom modifiers, `total` and
//! `invalid`, which editor integrations map to their own styles.

use super::types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend};
use super::Snapshot;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Block;
use crate::rules::arith::{self, SumKind};
use crate::text::Span;
use crate::value::Value;

/// Token types, in legend order.
const TYPES: [&str; 7] = [
    "namespace", // section headings and the title
    "class",     // `###` captions (表二)
    "property",  // row labels, header cells
    "number",    // value cells
    "keyword",   // front matter keys
    "string",    // front matter values
    "comment",   // comments
];
const HEADING: u32 = 0;
const CAPTION: u32 = 1;
const LABEL: u32 = 2;
const NUMBER: u32 = 3;
const KEY: u32 = 4;
const VALUE: u32 = 5;
const COMMENT: u32 = 6;

/// Modifiers, in legend order (bit i = `MODIFIERS[i]`).
const MODIFIERS: [&str; 2] = ["total", "invalid"];
const TOTAL: u32 = 1;
const INVALID: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.iter().map(|t| SemanticTokenType::new(t)).collect(),
        token_modifiers: MODIFIERS
            .iter()
            .map(|m| SemanticTokenModifier::new(m))
            .collect(),
    }
}

pub fn tokens(snap: &Snapshot, diags: &[Diagnostic]) -> Vec<SemanticToken> {
    let doc = &snap.doc;
    let a = snap.analysis();
    let mut raw: Vec<(Span, u32, u32)> = Vec::new();
    if let Some(fm) = &doc.front_matter {
        for e in &fm.entries {
            raw.push((e.key_span.clone(), KEY, 0));
            raw.push((e.value_span.clone(), VALUE, 0));
        }
    }
    // Errors and warnings that point at exactly one cell mark it invalid.
    let wrong = |span: &Span| {
        diags
            .iter()
            .any(|d| d.severity != Severity::Info && d.span == *span)
    };
    // The stated totals are those the arithmetic rules check (NB301,
    // NB302, NB304), from the same evaluation, so highlighting and
    // diagnostics agree on what a total is.
    let total_cells: Vec<Span> = a
        .tables
        .iter()
        .flat_map(arith::evaluate)
        .filter(|e| e.kind != SumKind::Balance)
        .map(|e| e.total.span.clone())
        .collect();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) if h.level == 3 => raw.push((h.span.clone(), CAPTION, 0)),
            Block::Heading(h) => raw.push((h.span.clone(), HEADING, 0)),
            Block::Comment(c) => raw.push((c.span.clone(), COMMENT, 0)),
            Block::Paragraph(_) => {}
            Block::Table(t) => {
                for c in &t.header.cells {
                    if !c.text.is_empty() {
                        raw.push((c.span.clone(), LABEL, 0));
                    }
                }
                for (_, c) in &t.comments {
                    raw.push((c.span.clone(), COMMENT, 0));
                }
                for row in &t.rows {
                    for (i, c) in row.cells.iter().enumerate() {
                        if c.text.is_empty() {
                            continue;
                        }
                        if i == 0 {
                            raw.push((c.span.clone(), LABEL, 0));
                            continue;
                        }
                        let is_number = !matches!(Value::parse(&c.text), Value::Invalid);
                        let mut mods = 0;
                        if total_cells.contains(&c.span) {
                            mods |= TOTAL;
                        }
                        if wrong(&c.span) {
                            mods |= INVALID;
                        }
                        if is_number || mods != 0 {
                            raw.push((c.span.clone(), NUMBER, mods));
                        }
                    }
                }
            }
        }
    }
    encode(snap, raw)
}

/// Sort, split at line ends (tokens may not span lines), and encode as
/// the protocol's relative quintuples in the negotiated encoding.
fn encode(snap: &Snapshot, mut raw: Vec<(Span, u32, u32)>) -> Vec<SemanticToken> {
    raw.sort_by_key(|(s, _, _)| (s.start, s.end));
    let mut out = Vec::with_capacity(raw.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    let mut last_end = 0usize;
    for (span, ty, mods) in raw {
        if span.start < last_end || span.is_empty() {
            continue; // overlapping or empty: keep the first
        }
        last_end = span.end;
        let text = &snap.text()[span.clone()];
        let mut at = span.start;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let (start, end) = (snap.position(at), snap.position(at + content.len()));
            at += line.len();
            if content.is_empty() || end.line != start.line {
                continue;
            }
            let delta_line = start.line - prev_line;
            let delta_start = if delta_line == 0 {
                start.character - prev_start
            } else {
                start.character
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type: ty,
                token_modifiers_bitset: mods,
            });
            (prev_line, prev_start) = (start.line, start.character);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;

    /// Decode to (line, start, length, type name, modifiers) for reading.
    fn decode(tokens: &[SemanticToken]) -> Vec<(u32, u32, u32, &'static str, u32)> {
        let (mut line, mut start) = (0, 0);
        tokens
            .iter()
            .map(|t| {
                if t.delta_line > 0 {
                    start = 0;
                }
                line += t.delta_line;
                start += t.delta_start;
                (
                    line,
                    start,
                    t.length,
                    TYPES[t.token_type as usize],
                    t.token_modifiers_bitset,
                )
            })
            .collect()
    }

    #[test]
    fn the_wrong_total_of_the_example_is_a_total_and_invalid() {
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let s = Snapshot::scratch(text, enc);
            let (_, diags) = crate::check::check_text(
                text,
                None,
                &Default::default(),
                &crate::check::DiskLoader,
            );
            let toks = decode(&tokens(&s, &diags));
            // Line 84 (0-based 83) is （七）总计: label, then totals; the
            // 自然人 cell and the 总计 cell are wrong.
            let row: Vec<_> = toks.iter().filter(|t| t.0 == 83).collect();
            assert_eq!(row[0].3, "property");
            assert!(row[1..].iter().all(|t| t.3 == "number" && t.4 & TOTAL != 0));
            let invalid: Vec<u32> = row
                .iter()
                .filter(|t| t.4 & INVALID != 0)
                .map(|t| t.1)
                .collect();
            // The cells NB302 points at (84:11 and 84:35 in `check`'s
            // characters), in this encoding.
            let expect: Vec<u32> = diags
                .iter()
                .filter(|d| d.code == "NB302")
                .map(|d| s.position(d.span.start).character)
                .collect();
            assert_eq!(expect.len(), 2);
            assert_eq!(invalid, expect, "{enc:?}");
            // Headings and captions.
            assert!(toks.iter().any(|t| t.0 == 5 && t.3 == "namespace"));
            assert!(toks.iter().any(|t| t.0 == 23 && t.3 == "class"));
            // A plain count cell is a number without modifiers.
            assert!(toks.iter().any(|t| t.3 == "number" && t.4 == 0));
        }
    }

    #[test]
    fn multi_line_comments_are_split_per_line_and_front_matter_is_marked() {
        let text = "---\n年度: 2021\n---\n<!-- 一\n二 -->\n";
        let s = Snapshot::scratch(text, Encoding::Utf16);
        let toks = decode(&tokens(&s, &[]));
        assert_eq!(
            toks,
            vec![
                (1, 0, 2, "keyword", 0),
                (1, 4, 4, "string", 0),
                (3, 0, 6, "comment", 0),
                (4, 0, 5, "comment", 0),
            ]
        );
    }
}
