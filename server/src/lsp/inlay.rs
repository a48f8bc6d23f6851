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

use super::hover::{
    balance_note_lines, balance_of_total_column, derivation, is_balance_note, side_name,
};
use super::types;
use super::Snapshot;
use crate::analysis::{Analysis, BoundTable};
use crate::rules::arith::{self, fmt, Evaluation, SumKind};
use crate::text::Span;

/// Hints for the visible byte range `range`.
pub fn inlay_hints(snap: &Snapshot, range: Span) -> Vec<types::InlayHint> {
    let a = snap.analysis();
    // Before 2019 nothing but NB104 is checked: no sums to show.
    if a.pre_2019() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for bt in &a.tables {
        // Skip tables wholly outside the range without evaluating them.
        if bt.table.span.end < range.start || bt.table.span.start > range.end {
            let notes_outside = balance_note_lines(&a, bt)
                .iter()
                .all(|l| l.end < range.start || l.start > range.end);
            if notes_outside {
                continue;
            }
        }
        let evs = arith::evaluate(bt);
        wrong_totals(snap, &evs, &range, &mut out);
        if let Some((at, hint)) = balance_hint(&a, bt, &evs) {
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
mod tests {}
