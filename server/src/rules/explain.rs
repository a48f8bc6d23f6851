//! Sums explained in words: how a stated total is derived from the cells
//! that make it (`derivation`), the 勾稽关系 of 表三 and where its note is
//! written. Domain logic shared by the language server's hover and inlay
//! hints (which only present it); every number comes from
//! [`arith::evaluate`], the code NB301–NB304 run, so an explanation never
//! contradicts a diagnostic.

use crate::analysis::{Analysis, BoundTable};
use crate::labels;
use crate::model::Block;
use crate::rules::arith::{self, fmt, Evaluation, SumKind, Term};
use crate::template::{SumCheck, TableTemplate};
use crate::text::Span;

// -------------------------------------------------------- the 勾稽关系 --

/// Whether `text` is (or contains) the table's 勾稽关系 note, which the
/// template lists among the corner's aliases.
pub(crate) fn is_balance_note(tt: &TableTemplate, text: &str) -> bool {
    let n = labels::normalize(text);
    tt.checks
        .iter()
        .any(|c| matches!(c, SumCheck::Balance { .. }))
        && tt
            .corner_aliases
            .iter()
            .any(|al| !al.is_empty() && n.contains(&labels::normalize(al)))
}

/// Lines of prose near a table (in its section) that carry its 勾稽关系
/// note, e.g. `（本列数据的勾稽关系为：……）` written above 表三.
pub(crate) fn balance_note_lines(a: &Analysis, bt: &BoundTable) -> Vec<Span> {
    let Some(tt) = bt.template else {
        return Vec::new();
    };
    let blocks = &a.doc.blocks;
    let top = |b: &Block| matches!(b, Block::Heading(h) if h.level <= 2);
    let start = blocks[..bt.block]
        .iter()
        .rposition(top)
        .map_or(0, |i| i + 1);
    let end = blocks[bt.block + 1..]
        .iter()
        .position(top)
        .map_or(blocks.len(), |i| bt.block + 1 + i);
    blocks[start..end]
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .flat_map(|p| p.lines.iter())
        .filter(|l| is_balance_note(tt, a.doc.slice(l)))
        .cloned()
        .collect()
}

/// Among a table's evaluations, the balance in the column that a row total
/// sums into (表三's 总计 column).
pub(crate) fn balance_of_total_column<'e, 't>(
    evs: &'e [Evaluation<'t>],
) -> Option<&'e Evaluation<'t>> {
    let tt = evs.first()?.table;
    let total_col = tt.checks.iter().find_map(|c| match c {
        SumCheck::RowTotal { total, .. } => tt.column(total).map(|(i, _)| i),
        _ => None,
    })?;
    evs.iter()
        .find(|e| e.kind == SumKind::Balance && e.column == total_col)
}

// ----------------------------------------------------------- derivation --

/// The ordinal a row label starts with: `一` of `一、本年新收…`, `七` of
/// `（七）总计`.
fn ordinal(label: &str) -> Option<&str> {
    if let Some(rest) = label.strip_prefix('（') {
        return rest.split_once('）').map(|(n, _)| n);
    }
    labels::split_numeral(label).0
}

/// A term's name: a sub-item row is prefixed with its group (`（三）1.属于国家秘密`).
fn term_name(ev: &Evaluation, t: &Term) -> String {
    let tt = ev.table;
    if ev.kind == SumKind::RowTotal || t.label.starts_with('（') {
        return t.label.to_string();
    }
    let row = &tt.rows[t.index];
    if row.level < 2 {
        return t.label.to_string();
    }
    let group = tt.rows[..t.index]
        .iter()
        .rev()
        .find(|r| r.level < row.level)
        .and_then(|g| g.label.split_once('）').map(|(p, _)| format!("{p}）")));
    match group {
        Some(g) => format!("{g}{}", t.label),
        None => t.label.to_string(),
    }
}

fn term_value(t: &Term) -> String {
    match (t.value, t.cell) {
        (Some(v), _) => fmt(v),
        (None, None) => "（缺少此行）".into(),
        (None, Some(c)) if c.text.trim().is_empty() => "（空白）".into(),
        (None, Some(c)) => format!("（“{}”不是数字）", c.text),
    }
}

/// `a 1 + b 0 + c 2 = 3`; long sums list only their non-zero terms.
fn expression(ev: &Evaluation, terms: &[Term]) -> String {
    const LIST_ALL: usize = 6;
    let shown: Vec<&Term> = if terms.len() <= LIST_ALL {
        terms.iter().collect()
    } else {
        terms
            .iter()
            .filter(|t| t.value.is_none_or(|v| !v.is_zero()))
            .collect()
    };
    let zeros = terms.len() - shown.len();
    let mut items: Vec<String> = shown
        .iter()
        .map(|t| format!("{} {}", term_name(ev, t), term_value(t)))
        .collect();
    if zeros > 0 {
        let rest = if shown.is_empty() { "各" } else { "其余 " };
        items.push(format!("{rest}{zeros} 项（均为 0）"));
    }
    let s = items.join(" + ");
    match arith::sum_of(terms) {
        Some(v) => format!("{s} = {}", fmt(v)),
        None => s,
    }
}

/// The outcome line: agrees, or `应为 12，填写 10，差 2`.
fn verdict(ev: &Evaluation, what: &str) -> String {
    match (ev.stated, ev.expected()) {
        (Some(s), Some(e)) if s == e => format!("与填写的 {} 一致。", fmt(s)),
        (Some(s), Some(e)) => format!(
            "{what}应为 {}，填写 {}，差 {}。",
            fmt(e),
            fmt(s),
            fmt((e - s).abs())
        ),
        (None, Some(e)) => format!("{what}未填写数字；按上式应为 {}。", fmt(e)),
        (_, None) => "有的项不是数字，无法核对。".into(),
    }
}

/// How a stated total is derived: the cells added, their sum, and the
/// difference from what is written.
pub(crate) fn derivation(ev: &Evaluation) -> String {
    let tt = ev.table;
    let col = &tt.columns[ev.column].label;
    let row = tt.rows[ev.row].short_name();
    match ev.kind {
        SumKind::RowTotal => format!(
            "**“{row}”行的{col}** = 各栏之和（{}）\n\n{}\n\n{}\n",
            ev.code,
            expression(ev, &ev.parts),
            verdict(ev, "")
        ),
        SumKind::ColumnTotal => format!(
            "**{col}列的{row}** = 各项办理结果之和（{}）\n\n{}\n\n{}\n",
            ev.code,
            expression(ev, &ev.parts),
            verdict(ev, "")
        ),
        SumKind::Balance => {
            let holds = match (ev.sum(), ev.rhs_sum()) {
                (Some(l), Some(r)) if l == r => "勾稽关系成立。".to_string(),
                (Some(_), Some(_)) => format!("勾稽关系不成立：{}", verdict(ev, row)),
                _ => verdict(ev, row),
            };
            format!(
                "**{col}列的勾稽关系**（{}）：{} = {}\n\n- 左边：{}\n- 右边：{}\n\n{holds}\n",
                ev.code,
                side_name(ev, &ev.parts),
                side_name(ev, &ev.rhs),
                expression(ev, &ev.parts),
                expression(ev, &ev.rhs),
            )
        }
    }
}

/// `一+二`: a balance side by its rows' ordinals.
pub(crate) fn side_name(ev: &Evaluation, terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| {
            let label = &ev.table.rows[t.index].label;
            ordinal(label).unwrap_or(t.label)
        })
        .collect::<Vec<_>>()
        .join("+")
}
