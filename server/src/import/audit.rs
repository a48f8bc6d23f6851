//! What an import lost, said: every number of the input that is not in the
//! output (whatever step lost it), numbers left as prose where a statutory
//! table belongs, and the statutory tables that could not be recovered.
//! `--strict` fails on any of them; `--audit json` prints them.

use super::draft::{self, Draft};
use super::{Loc, Unplaced};
use crate::analysis::Analysis;
use crate::model::{Block, Document};
use crate::text::LineIndex;
use serde::Serialize;
use std::collections::HashMap;

/// A statutory table of the edition that is not in the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingTable {
    /// The template id (`t3`, `t2-1` …).
    pub id: String,
    /// Its name (`表三 收到和处理政府信息公开申请情况` …).
    pub name: String,
}

/// The numbers (digit runs, full-width digits folded) of a text.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        let d = match ch {
            '0'..='9' => Some(ch),
            '０'..='９' => char::from_u32(ch as u32 - 0xfee0),
            _ => None,
        };
        match d {
            Some(d) => cur.push(d),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Every number the draft holds must be in the output (as many times) or
/// already reported: report the rest, with the piece it came from.
pub(super) fn lost_numbers(draft: &Draft, output: &str, unplaced: &mut Vec<Unplaced>) {
    let mut available: HashMap<String, usize> = HashMap::new();
    for n in numbers(output) {
        *available.entry(n).or_default() += 1;
    }
    for u in unplaced.iter() {
        for n in numbers(&u.text) {
            *available.entry(n).or_default() += 1;
        }
    }
    let mut pieces: Vec<(&str, &Loc)> = Vec::new();
    for b in &draft.blocks {
        match b {
            draft::Block::Text { text, loc, .. } => pieces.push((text, loc)),
            draft::Block::Table(g) => {
                for row in &g.rows {
                    for c in row.iter().filter(|c| c.origin.is_none()) {
                        pieces.push((&c.text, &c.loc));
                    }
                }
            }
        }
    }
    let mut missing = Vec::new();
    for (text, loc) in pieces {
        let lost: Vec<String> = numbers(text)
            .into_iter()
            .filter(|n| match available.get_mut(n) {
                Some(k) if *k > 0 => {
                    *k -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        if !lost.is_empty() {
            missing.push(Unplaced {
                text: text.chars().take(80).collect(),
                loc: loc.clone(),
                reason: format!("其中的数字 {} 未写入导入结果", lost.join("、")),
            });
        }
    }
    unplaced.extend(missing);
}

/// Read the output as `check` will: the statutory tables it lacks, and the
/// paragraphs of a table's section whose numbers are table content left as
/// prose. A paragraph there counts when it reads like a table row (mostly
/// numbers), or when it has any count at all while a table of the section
/// is missing or has blank cells: the numbers the table lacks are then most
/// likely in it. Years and dates (`2023年`, `3月`) are not counts.
pub(super) fn read_output(output: &str) -> (Vec<Unplaced>, Vec<MissingTable>) {
    let doc = Document::parse(output);
    let a = Analysis::analyze(&doc);
    let t = a.template();
    let mut missing = Vec::new();
    // Sections whose tables are not all there, complete.
    let mut incomplete: Vec<usize> = Vec::new();
    for tt in &t.tables {
        let Some(si) = t.section_index(&tt.section) else {
            continue;
        };
        match a.table(&tt.id) {
            None => {
                missing.push(MissingTable {
                    id: tt.id.clone(),
                    name: tt.name.clone(),
                });
                incomplete.push(si);
            }
            Some(bt) => {
                let blank = bt.rows.iter().any(|r| {
                    !r.template_row.is_some_and(|i| tt.rows[i].group)
                        && r.values
                            .iter()
                            .any(|v| v.as_ref().is_none_or(|c| c.text.trim().is_empty()))
                });
                let rows_missing = tt
                    .rows
                    .iter()
                    .enumerate()
                    .any(|(i, _)| !bt.rows.iter().any(|r| r.template_row == Some(i)));
                if blank || rows_missing {
                    incomplete.push(si);
                }
            }
        }
    }
    let lines = LineIndex::new(output);
    let mut prose = Vec::new();
    for sec in &a.sections {
        let Some(si) = sec.section else { continue };
        let section = &t.sections[si];
        if !t.tables.iter().any(|tt| tt.section == section.numeral) {
            continue;
        }
        for i in sec.body.clone() {
            let Some(Block::Paragraph(p)) = doc.blocks.get(i) else {
                continue;
            };
            let text = &output[p.span.clone()];
            let counts = counts(text);
            if counts.is_empty() {
                continue;
            }
            let why = if table_like(text) {
                "像是表格的一行，却在正文里"
            } else if incomplete.contains(&si) {
                "本节的表格缺失或有空白单元格，这些数字可能属于表格"
            } else {
                continue;
            };
            prose.push(Unplaced {
                text: text.chars().take(80).collect(),
                loc: Loc::place(format!(
                    "导入结果第{}行（“{}”一节的正文）",
                    lines.line_of(p.span.start) + 1,
                    section.heading()
                )),
                reason: format!("数字 {} 留在了正文中，未放入表格：{why}", counts.join("、")),
            });
        }
    }
    (prose, missing)
}

/// The counts of a prose text: its numbers less years and dates.
fn counts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(is_digit(c) || c == '.'))
            .unwrap_or(tail.len());
        let next = tail[end..].chars().next();
        if !matches!(next, Some('年' | '月' | '日' | '号' | '時' | '时')) {
            out.extend(numbers(&tail[..end]));
        }
        rest = &tail[end..];
    }
    out
}

/// An ASCII or full-width digit (what [`numbers`] reads).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Mostly numbers: at least three, and digits, separators and spaces make
/// up most of the line's characters.
fn table_like(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let numeric = text
        .chars()
        .filter(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(c) || matches!(c, '.' | '|' | '｜')
        })
        .count();
    numbers(text).len() >= 3 && numeric * 2 >= chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_skip_dates() {
        assert_eq!(counts("2023年3月共收到申请21件，办结20件"), ["21", "20"]);
    }

    #[test]
    fn table_like_lines() {
        assert!(table_like("10 1 0 0 0 5 0 0 0 0"));
        assert!(!table_like("本年度共收到申请21件，办结20件，结转1件"));
    }
}
