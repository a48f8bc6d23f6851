//! The arithmetic shared by NB301–NB304: the sums the edition template
//! declares (`[[tables.checks]]`), evaluated with exact decimals. One broken
//! sum gives one diagnostic per broken column (or row), placed on the stated
//! total, with the expected value in the message, the summed cells as related
//! locations, and a quick fix that writes the expected value.

use super::{Context, Rule};
use crate::analysis::{BoundCell, BoundTable};
use crate::diagnostic::Diagnostic;
use crate::template::{SumCheck, TableTemplate};
use rust_decimal::Decimal;

/// Run every declared sum with `rule`'s code over the report's tables.
pub fn run(rule: &dyn Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        for check in tt.checks.iter().filter(|c| c.code() == rule.code()) {
            match check {
                SumCheck::RowTotal { total, parts, .. } => {
                    row_total(rule, cx, bt, tt, total, parts, out)
                }
                SumCheck::ColumnTotal { total, parts, .. } => {
                    column_total(rule, cx, bt, tt, total, parts, out)
                }
                SumCheck::Balance { lhs, rhs, .. } => balance(rule, cx, bt, tt, lhs, rhs, out),
            }
        }
    }
}

fn amount(cell: &Option<BoundCell>) -> Option<Decimal> {
    cell.as_ref().and_then(|c| c.value.amount())
}

fn fmt(d: Decimal) -> String {
    d.normalize().to_string()
}

fn fix_total(d: Diagnostic, cell: &BoundCell, expected: Decimal) -> Diagnostic {
    if expected.is_sign_negative() && !expected.is_zero() {
        return d;
    }
    let text = fmt(expected);
    d.with_fix(
        format!("改为 {text}"),
        vec![crate::diagnostic::Edit {
            span: cell.span.clone(),
            new_text: text,
        }],
        false,
    )
}

fn row_total(
    rule: &dyn Rule,
    cx: &Context,
    bt: &BoundTable,
    tt: &TableTemplate,
    total: &str,
    parts: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let Some((ti, tcol)) = tt.column(total) else {
        return;
    };
    let pcols: Vec<usize> = parts
        .iter()
        .filter_map(|p| tt.column(p).map(|(i, _)| i))
        .collect();
    for br in &bt.rows {
        let Some(ri) = br.template_row else { continue };
        if tt.rows[ri].group {
            continue;
        }
        let Some(total_cell) = &br.values[ti] else {
            continue;
        };
        let Some(stated) = total_cell.value.amount() else {
            continue;
        };
        let Some(vals) = pcols
            .iter()
            .map(|&c| amount(&br.values[c]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let sum: Decimal = vals.iter().sum();
        if sum == stated {
            continue;
        }
        let expr = vals.iter().map(|v| fmt(*v)).collect::<Vec<_>>().join(" + ");
        let mut d = cx.diag(
            rule,
            total_cell.span.clone(),
            format!(
                "“{}”行的{}应为 {}（{} = {}），填写的是 {}",
                tt.rows[ri].short_name(),
                tcol.label,
                fmt(sum),
                expr,
                fmt(sum),
                fmt(stated)
            ),
        );
        for &c in &pcols {
            if let Some(cell) = &br.values[c] {
                d = d.with_related(
                    cell.span.clone(),
                    format!("{}：{}", tt.columns[c].label, cell.text),
                );
            }
        }
        out.push(fix_total(d, total_cell, sum));
    }
}

fn column_total(
    rule: &dyn Rule,
    cx: &Context,
    bt: &BoundTable,
    tt: &TableTemplate,
    total: &str,
    parts: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let Some(total_row) = bt.row(total) else {
        return;
    };
    let part_rows: Option<Vec<_>> = parts.iter().map(|p| bt.row(p)).collect();
    let Some(part_rows) = part_rows else { return };
    let total_label = tt.row(total).map_or(total, |(_, r)| r.short_name());
    for (ci, col) in tt.columns.iter().enumerate() {
        let Some(total_cell) = &total_row.values[ci] else {
            continue;
        };
        let Some(stated) = total_cell.value.amount() else {
            continue;
        };
        let Some(vals) = part_rows
            .iter()
            .map(|r| amount(&r.values[ci]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let sum: Decimal = vals.iter().sum();
        if sum == stated {
            continue;
        }
        let nonzero: Vec<String> = part_rows
            .iter()
            .zip(&vals)
            .filter(|(_, v)| !v.is_zero())
            .map(|(r, v)| {
                format!(
                    "{} {}",
                    tt.rows[r.template_row.unwrap_or(0)].short_name(),
                    fmt(*v)
                )
            })
            .collect();
        let detail = if nonzero.is_empty() {
            "各项均为 0".to_string()
        } else {
            format!("非零项：{}", nonzero.join("，"))
        };
        let mut d = cx.diag(
            rule,
            total_cell.span.clone(),
            format!(
                "{}列的{}应为 {}（办理结果各项之和，{}），填写的是 {}",
                col.label,
                total_label,
                fmt(sum),
                detail,
                fmt(stated)
            ),
        );
        for r in &part_rows {
            if let Some(cell) = &r.values[ci] {
                if cell.value.amount().is_some_and(|v| !v.is_zero()) {
                    let label = tt.rows[r.template_row.unwrap_or(0)].short_name();
                    d = d.with_related(cell.span.clone(), format!("{label}：{}", cell.text));
                }
            }
        }
        out.push(fix_total(d, total_cell, sum));
    }
}

fn balance(
    rule: &dyn Rule,
    cx: &Context,
    bt: &BoundTable,
    tt: &TableTemplate,
    lhs: &[String],
    rhs: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let rows = |ids: &[String]| -> Option<Vec<_>> { ids.iter().map(|p| bt.row(p)).collect() };
    let (Some(l), Some(r)) = (rows(lhs), rows(rhs)) else {
        return;
    };
    let name = |id: &String| {
        tt.row(id)
            .map_or(id.as_str(), |(_, r)| r.short_name())
            .to_string()
    };
    let lnames = lhs.iter().map(name).collect::<Vec<_>>().join(" + ");
    let rnames = rhs.iter().map(name).collect::<Vec<_>>().join(" + ");
    for (ci, col) in tt.columns.iter().enumerate() {
        let Some(lv) = l
            .iter()
            .map(|r| amount(&r.values[ci]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some(rv) = r
            .iter()
            .map(|r| amount(&r.values[ci]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let (ls, rs): (Decimal, Decimal) = (lv.iter().sum(), rv.iter().sum());
        if ls == rs {
            continue;
        }
        // Placed on the first right-hand row (the stated total of results).
        let Some(anchor) = &r[0].values[ci] else {
            continue;
        };
        let others: Decimal = rv[1..].iter().sum();
        let expected = ls - others;
        let mut d = cx.diag(
            rule,
            anchor.span.clone(),
            format!(
                "{}列勾稽关系不成立：{} = {}，{} = {}；按此{}应为 {}",
                col.label,
                lnames,
                lv.iter().map(|v| fmt(*v)).collect::<Vec<_>>().join(" + ")
                    + &format!(" = {}", fmt(ls)),
                rnames,
                rv.iter().map(|v| fmt(*v)).collect::<Vec<_>>().join(" + ")
                    + &format!(" = {}", fmt(rs)),
                name(&rhs[0]),
                fmt(expected)
            ),
        );
        for (ids, rs) in [(lhs, &l), (&rhs[1..], &r[1..].to_vec())] {
            for (id, row) in ids.iter().zip(rs.iter()) {
                if let Some(cell) = &row.values[ci] {
                    d = d.with_related(cell.span.clone(), format!("{}：{}", name(id), cell.text));
                }
            }
        }
        out.push(fix_total(d, anchor, expected));
    }
}
