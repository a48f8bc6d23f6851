//! Inlay hints: beside a stated total, the computed sum when it differs;
//! beside the 勾稽关系 note, both sides of the balance.
//!
//! - A total whose written value differs from its sum gets `= 12` after the
//!   cell (the value NB301/NB302/NB304 expect), with the derivation as the
//!   tooltip. A right total gets nothing: hints are for what needs a look.
//!   When a cell is the total of two sums that expect different values (the
//!   总计 column of （七）总计), each is named: `= 1（纵向合计）`.
//! - The balance of 表三 (NB303) in its 总计 column is shown as
//!   `一+二 = 7 ｜ 七+四 = 7`, or `一+二 = 7 ≠ 七+四 = 6` when it fails. It is
//!   placed where the report states the rule: after the header's corner cell
//!   when the corner carries the 勾稽关系 note, else at the end of a line of
//!   prose in the table's section that carries it. A table without the note
//!   gets the hint after the label of its last balance row
//!   (`四、结转下年度继续办理`): the row that closes the balance, and where a
//!   reader checking it ends up.
//!
//! Every sum comes from [`arith::evaluate`], as in hover and the rules.

use super::types;
use super::Snapshot;
use crate::analysis::{Analysis, BoundTable};
use crate::rules::arith::{self, fmt, Evaluation, SumKind};
use crate::rules::explain::{
    balance_note_lines, balance_of_total_column, derivation, is_balance_note, side_name,
};
use crate::text::Span;

/// Hints for the visible byte range `range`.
pub fn inlay_hints(snap: &Snapshot, range: Span) -> Vec<types::InlayHint> {
    let a = snap.analysis();
    // Before 2019 nothing but NB104 is checked: no sums to show.
    if a.before_first_edition() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for bt in &a.tables {
        // Skip tables wholly outside the range without evaluating them.
        if bt.table.span.end < range.start || bt.table.span.start > range.end {
            let notes_outside = balance_note_lines(a, bt)
                .iter()
                .all(|l| l.end < range.start || l.start > range.end);
            if notes_outside {
                continue;
            }
        }
        let evs = arith::evaluate(bt);
        wrong_totals(snap, &evs, &range, &mut out);
        if let Some((at, hint)) = balance_hint(a, bt, &evs) {
            if range.start <= at && at <= range.end {
                out.push(make(snap, at, hint.0, hint.1));
            }
        }
    }
    out.sort_by_key(|h| (h.position.line, h.position.character));
    out
}

fn make(snap: &Snapshot, at: usize, label: String, tooltip: String) -> types::InlayHint {
    types::InlayHint {
        position: snap.position(at),
        label: types::InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: Some(types::InlayHintTooltip::MarkupContent(
            types::MarkupContent {
                kind: types::MarkupKind::Markdown,
                value: tooltip,
            },
        )),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// `= 12` after each total that differs from its sum (balances excluded:
/// they have their own hint).
fn wrong_totals(
    snap: &Snapshot,
    evs: &[Evaluation],
    range: &Span,
    out: &mut Vec<types::InlayHint>,
) {
    let broken: Vec<&Evaluation> = evs
        .iter()
        .filter(|e| e.kind != SumKind::Balance && e.broken())
        .collect();
    let mut done: Vec<&Span> = Vec::new();
    for ev in &broken {
        let span = &ev.total.span;
        if done.contains(&span) || !(range.start <= span.end && span.end <= range.end) {
            continue;
        }
        done.push(span);
        let here: Vec<&&Evaluation> = broken.iter().filter(|e| &e.total.span == span).collect();
        let mut values: Vec<_> = here.iter().filter_map(|e| e.expected()).collect();
        values.dedup();
        let label = if values.len() == 1 {
            format!("= {}", fmt(values[0]))
        } else {
            here.iter()
                .filter_map(|e| {
                    let dir = match e.kind {
                        SumKind::RowTotal => "横向合计",
                        _ => "纵向合计",
                    };
                    Some(format!("= {}（{dir}）", fmt(e.expected()?)))
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let tooltip = here
            .iter()
            .map(|e| derivation(e).trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        out.push(make(snap, span.end, label, tooltip));
    }
}

/// Where the balance hint goes, its label and its tooltip.
fn balance_hint(
    a: &Analysis,
    bt: &BoundTable,
    evs: &[Evaluation],
) -> Option<(usize, (String, String))> {
    let tt = bt.template?;
    let ev = balance_of_total_column(evs)?;
    let (l, r) = (ev.sum()?, ev.rhs_sum()?);
    let (lname, rname) = (side_name(ev, &ev.parts), side_name(ev, &ev.rhs));
    let sep = if l == r { "｜" } else { "≠" };
    let label = format!("{lname} = {} {sep} {rname} = {}", fmt(l), fmt(r));
    let mut tooltip = derivation(ev).trim_end().to_string();
    let others: Vec<String> = evs
        .iter()
        .filter(|e| e.kind == SumKind::Balance && e.column != ev.column)
        .filter_map(|e| {
            let (l, r) = (e.sum()?, e.rhs_sum()?);
            (l != r).then(|| {
                format!(
                    "{}（{lname} = {}，{rname} = {}）",
                    tt.columns[e.column].label,
                    fmt(l),
                    fmt(r)
                )
            })
        })
        .collect();
    if !others.is_empty() {
        tooltip.push_str(&format!("\n\n其他不成立的列：{}", others.join("；")));
    }
    let corner = bt.table.header.cells.first();
    let at = if let Some(c) = corner.filter(|c| is_balance_note(tt, &c.text)) {
        c.span.end
    } else if let Some(line) = balance_note_lines(a, bt).first() {
        line.end
    } else {
        let last = ev.rhs.last()?;
        let row = bt
            .rows
            .iter()
            .find(|r| r.template_row == Some(last.index))?;
        row.row.cells.first()?.span.end
    };
    Some((at, (label, tooltip)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;
    use crate::rules::testing::{edit, VALID_2019, VALID_2021};
    use types::Position;

    const EXAMPLE: &str = include_str!("../../../examples/gongnong-2021.nianbao");

    fn snap(text: &str, enc: Encoding) -> Snapshot {
        Snapshot::scratch(text, enc)
    }

    /// (position, label, tooltip) of every hint in `range`.
    fn hints_in(s: &Snapshot, range: Span) -> Vec<(Position, String, String)> {
        inlay_hints(s, range)
            .into_iter()
            .map(|h| {
                let types::InlayHintLabel::String(label) = h.label else {
                    panic!("label parts")
                };
                let Some(types::InlayHintTooltip::MarkupContent(tip)) = h.tooltip else {
                    panic!("no markdown tooltip")
                };
                (h.position, label, tip.value)
            })
            .collect()
    }

    fn hints(text: &str) -> Vec<(Position, String, String)> {
        hints_in(&snap(text, Encoding::Utf16), 0..text.len())
    }

    fn totals(text: &str) -> Vec<(Position, String, String)> {
        hints(text)
            .into_iter()
            .filter(|(_, l, _)| l.starts_with("= "))
            .collect()
    }

    #[test]
    fn a_wrong_total_gets_the_computed_value_after_it() {
        // Line 84 `| （七）总计 | 0 | … | 0 |`: 自然人 and 总计 should be 1.
        // The cells end at UTF-16 columns 11 and 35, byte columns 21 and 45.
        for (enc, cols) in [(Encoding::Utf16, [11, 35]), (Encoding::Utf8, [21, 45])] {
            let s = snap(EXAMPLE, enc);
            let got: Vec<_> = hints_in(&s, 0..EXAMPLE.len())
                .into_iter()
                .filter(|(_, l, _)| l.starts_with("= "))
                .collect();
            assert_eq!(got.len(), 2, "{got:#?}");
            for ((pos, label, tip), col) in got.iter().zip(cols) {
                assert_eq!(*pos, Position::new(83, col));
                assert_eq!(label, "= 1");
                assert!(
                    tip.contains("应为 1，填写 0，差 1") && tip.contains("（一）予以公开 1"),
                    "{tip}"
                );
            }
        }
    }

    #[test]
    fn right_totals_get_no_hint_in_either_edition() {
        for valid in [VALID_2021, VALID_2019] {
            assert!(totals(valid).is_empty(), "{:#?}", totals(valid));
        }
        // 表四's 11 in the example is right too: only 表三's two cells are hinted.
        assert!(totals(EXAMPLE).iter().all(|(p, _, _)| p.line == 83));
    }

    #[test]
    fn a_review_total_and_a_cell_two_sums_disagree_on() {
        for valid in [VALID_2021, VALID_2019] {
            let text = edit(
                valid,
                "| 行政复议 | 1 | 0 | 0 | 1 | 2 |",
                "| 行政复议 | 1 | 0 | 0 | 1 | 5 |",
            );
            let got = totals(&text);
            assert_eq!(got.len(), 1, "{got:#?}");
            assert_eq!(got[0].1, "= 2");
            assert!(got[0]
                .2
                .contains("结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 1 = 2"));
        }
        // （七）总计's 总计 cell is the sum of its row (7) and of its column (6).
        let text = edit(
            VALID_2021,
            "| （七）总计 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
            "| （七）总计 | 5 | 1 | 0 | 0 | 0 | 1 | 9 |",
        );
        let labels: Vec<String> = totals(&text).into_iter().map(|(_, l, _)| l).collect();
        assert_eq!(labels, ["= 0", "= 7（横向合计） = 6（纵向合计）"]);
    }

    #[test]
    fn the_balance_is_shown_after_the_note_above_the_table() {
        let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
        // 34 characters of the BMP: 34 UTF-16 units, 102 bytes.
        for (enc, col) in [(Encoding::Utf16, 34), (Encoding::Utf8, 102)] {
            let s = snap(EXAMPLE, enc);
            let got: Vec<_> = hints_in(&s, 0..EXAMPLE.len())
                .into_iter()
                .filter(|(_, l, _)| l.starts_with('一'))
                .collect();
            assert_eq!(got.len(), 1, "{got:#?}");
            let (pos, label, tip) = &got[0];
            assert_eq!(*pos, Position::new(51, col));
            assert_eq!(s.offset(*pos), EXAMPLE.find(note).unwrap() + note.len());
            assert_eq!(label, "一+二 = 1 ≠ 七+四 = 0");
            assert!(
                tip.contains("勾稽关系不成立") && tip.contains("其他不成立的列：自然人"),
                "{tip}"
            );
        }
    }

    #[test]
    fn without_a_note_the_balance_follows_the_carry_over_label_in_both_editions() {
        for valid in [VALID_2021, VALID_2019] {
            let s = snap(valid, Encoding::Utf16);
            let label = "四、结转下年度继续办理";
            let end = valid.find(&format!("| {label}")).unwrap() + 2 + label.len();
            let got = hints_in(&s, 0..valid.len());
            assert_eq!(got.len(), 1, "{got:#?}");
            assert_eq!(got[0].0, s.position(end));
            assert_eq!(got[0].1, "一+二 = 7 ｜ 七+四 = 7");
            assert!(got[0].2.contains("勾稽关系成立"));
        }
    }

    #[test]
    fn the_note_in_the_corner_carries_the_hint_and_a_broken_balance_is_marked() {
        let corner = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和";
        let text = edit(VALID_2021, "| 申请人情况 |", &format!("| {corner} |"));
        let text = edit(
            &text,
            "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        );
        let s = snap(&text, Encoding::Utf16);
        let got = hints_in(&s, 0..text.len());
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(
            got[0].0,
            s.position(text.find(corner).unwrap() + corner.len())
        );
        assert_eq!(got[0].1, "一+二 = 7 ≠ 七+四 = 6");
    }

    #[test]
    fn only_hints_inside_the_range_are_returned() {
        let s = snap(EXAMPLE, Encoding::Utf16);
        let row = "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let start = EXAMPLE.find(row).unwrap();
        let got = hints_in(&s, start..start + row.len());
        assert_eq!(
            got.iter().map(|(_, l, _)| l.as_str()).collect::<Vec<_>>(),
            ["= 1", "= 1"]
        );
        let note = EXAMPLE.find("（本列数据").unwrap();
        let got = hints_in(&s, note..note + 10);
        assert!(got.is_empty(), "{got:#?}");
        let got = hints_in(&s, note..start);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.starts_with("一+二"));
        assert!(hints_in(&s, 0..note).is_empty());
    }
}
