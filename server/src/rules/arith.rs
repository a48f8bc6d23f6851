//! The arithmetic shared by NB301–NB304: the sums the edition template
//! declares (`[[tables.checks]]`), evaluated with exact decimals. One broken
//! sum gives one diagnostic per broken column (or row), placed on the stated
//! total, with the expected value in the message, the summed cells as related
//! locations, and a quick fix that writes the expected value.
//!
//! [`evaluate`] is the single evaluation; the rules turn its broken sums into
//! diagnostics, and the language server's hover and inlay hints show the same
//! sums, so the editor and the checker can never disagree.

use super::{Context, Rule};
use crate::analysis::{BoundCell, BoundRow, BoundTable};
use crate::diagnostic::Diagnostic;
use crate::template::{SumCheck, TableTemplate};
use rust_decimal::Decimal;

/// Which kind of declared sum an [`Evaluation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SumKind {
    /// Across one row: a total column = Σ part columns.
    RowTotal,
    /// Down one column: a total row = Σ part rows.
    ColumnTotal,
    /// Down one column: Σ `parts` rows = Σ `rhs` rows.
    Balance,
}

/// One term of a sum: a row or column of the template and what the report
/// holds there.
#[derive(Debug, Clone)]
pub(crate) struct Term<'t> {
    /// The row's short name or the column's label, as messages show it.
    pub label: &'static str,
    /// The template row (for a row of a column total or balance) or column
    /// (for a column of a row total).
    pub index: usize,
    /// The written cell; None when the report lacks the row.
    pub cell: Option<&'t BoundCell<'t>>,
    /// The amount the cell contributes; None when it is blank, unreadable
    /// or missing (the sum is then unknown and not checked).
    pub value: Option<Decimal>,
}

/// A declared sum evaluated at one stated total of a bound table.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation<'t> {
    /// The rule that checks it (`NB302`).
    pub code: &'static str,
    pub kind: SumKind,
    pub table: &'static TableTemplate,
    /// Template row of the stated total (for a balance: the first
    /// right-hand row, where the diagnostic is placed).
    pub row: usize,
    /// Template column of the stated total.
    pub column: usize,
    /// The cell where the total is stated.
    pub total: &'t BoundCell<'t>,
    /// The stated amount; None when the total is blank or unreadable.
    pub stated: Option<Decimal>,
    /// The summed terms (for a balance: the left-hand side).
    pub parts: Vec<Term<'t>>,
    /// A balance's right-hand side, the stated total first; empty otherwise.
    pub rhs: Vec<Term<'t>>,
}

/// Σ terms, when every term is known.
pub(crate) fn sum_of(terms: &[Term]) -> Option<Decimal> {
    terms.iter().map(|t| t.value).sum()
}

impl Evaluation<'_> {
    /// Σ parts (for a balance: the left-hand side), when every term is known.
    pub fn sum(&self) -> Option<Decimal> {
        sum_of(&self.parts)
    }

    /// A balance's right-hand side, when every term is known.
    pub fn rhs_sum(&self) -> Option<Decimal> {
        sum_of(&self.rhs)
    }

    /// The value the stated total should have: the sum, or for a balance
    /// the left-hand side minus the other right-hand terms.
    pub fn expected(&self) -> Option<Decimal> {
        let sum = self.sum()?;
        match self.kind {
            SumKind::Balance => Some(sum - sum_of(self.rhs.get(1..)?)?),
            _ => Some(sum),
        }
    }

    /// Whether the sum is known and broken: this is exactly when a rule
    /// reports it.
    pub fn broken(&self) -> bool {
        match (self.stated, self.expected()) {
            (Some(s), Some(e)) => s != e,
            _ => false,
        }
    }
}

/// Every declared sum of a bound table, at every stated total it has (a
/// total whose parts are blank or missing is included, with unknown terms),
/// in template order: check by check, then row by row or column by column.
pub(crate) fn evaluate<'t>(bt: &'t BoundTable<'_>) -> Vec<Evaluation<'t>> {
    evaluate_where(bt, |_| true)
}

/// [`evaluate`], only the sums whose code passes `wanted` (each rule
/// evaluates its own: the others' would be computed and thrown away).
fn evaluate_where<'t>(
    bt: &'t BoundTable<'_>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Evaluation<'t>> {
    let mut out = Vec::new();
    let Some(tt) = bt.template else { return out };
    for check in &tt.checks {
        match check {
            SumCheck::RowTotal { code, total, parts } if wanted(code) => {
                row_totals(bt, tt, code.as_str(), total, parts, &mut out)
            }
            SumCheck::ColumnTotal { code, total, parts } if wanted(code) => {
                column_totals(bt, tt, code.as_str(), total, parts, &mut out)
            }
            SumCheck::Balance { code, lhs, rhs } if wanted(code) => {
                balances(bt, tt, code.as_str(), lhs, rhs, &mut out)
            }
            _ => {}
        }
    }
    out
}

fn term<'t>(label: &'static str, index: usize, cell: Option<&'t BoundCell<'t>>) -> Term<'t> {
    Term {
        label,
        index,
        cell,
        value: cell.and_then(|c| c.value.amount()),
    }
}

fn row_totals<'t>(
    bt: &'t BoundTable<'_>,
    tt: &'static TableTemplate,
    code: &'static str,
    total: &str,
    parts: &[String],
    out: &mut Vec<Evaluation<'t>>,
) {
    let Some((ti, _)) = tt.column(total) else {
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
        out.push(Evaluation {
            code,
            kind: SumKind::RowTotal,
            table: tt,
            row: ri,
            column: ti,
            total: total_cell,
            stated: total_cell.value.amount(),
            parts: pcols
                .iter()
                .map(|&c| term(&tt.columns[c].label, c, br.values[c].as_ref()))
                .collect(),
            rhs: Vec::new(),
        });
    }
}

fn column_totals<'t>(
    bt: &'t BoundTable<'_>,
    tt: &'static TableTemplate,
    code: &'static str,
    total: &str,
    parts: &[String],
    out: &mut Vec<Evaluation<'t>>,
) {
    let (Some(total_row), Some((tri, _))) = (bt.row(total), tt.row(total)) else {
        return;
    };
    let parts = row_refs(bt, tt, parts);
    for ci in 0..tt.columns.len() {
        let Some(total_cell) = &total_row.values[ci] else {
            continue;
        };
        out.push(Evaluation {
            code,
            kind: SumKind::ColumnTotal,
            table: tt,
            row: tri,
            column: ci,
            total: total_cell,
            stated: total_cell.value.amount(),
            parts: row_terms(&parts, ci),
            rhs: Vec::new(),
        });
    }
}

/// The rows `ids` name: template index, short name, and the bound row
/// when the report has it (looked up once, not once per column).
type RowRefs<'t, 'a> = Vec<(usize, &'static str, Option<&'t BoundRow<'a>>)>;

fn row_refs<'t, 'a>(
    bt: &'t BoundTable<'a>,
    tt: &'static TableTemplate,
    ids: &[String],
) -> RowRefs<'t, 'a> {
    ids.iter()
        .filter_map(|id| {
            let (ri, rt) = tt.row(id)?;
            Some((ri, rt.short_name(), bt.row(id)))
        })
        .collect()
}

/// The terms of the rows `refs` in column `ci`.
fn row_terms<'t>(refs: &RowRefs<'t, '_>, ci: usize) -> Vec<Term<'t>> {
    refs.iter()
        .map(|&(ri, name, row)| term(name, ri, row.and_then(|r| r.values[ci].as_ref())))
        .collect()
}

fn balances<'t>(
    bt: &'t BoundTable<'_>,
    tt: &'static TableTemplate,
    code: &'static str,
    lhs: &[String],
    rhs: &[String],
    out: &mut Vec<Evaluation<'t>>,
) {
    let (Some(anchor_row), Some((ari, _))) = (
        rhs.first().and_then(|id| bt.row(id)),
        rhs.first().and_then(|id| tt.row(id)),
    ) else {
        return;
    };
    let (lhs, rhs) = (row_refs(bt, tt, lhs), row_refs(bt, tt, rhs));
    for ci in 0..tt.columns.len() {
        let Some(anchor) = &anchor_row.values[ci] else {
            continue;
        };
        out.push(Evaluation {
            code,
            kind: SumKind::Balance,
            table: tt,
            row: ari,
            column: ci,
            total: anchor,
            stated: anchor.value.amount(),
            parts: row_terms(&lhs, ci),
            rhs: row_terms(&rhs, ci),
        });
    }
}

// ------------------------------------------------------------ diagnostics --

/// Run every declared sum with `rule`'s code over the report's tables.
pub fn run(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        for ev in evaluate_where(bt, |code| code == rule.code()) {
            if let Some(d) = diagnose(rule, &ev) {
                out.push(d);
            }
        }
    }
}

/// A decimal as users write it (`1.5`, not `1.50`).
pub(crate) fn fmt(d: Decimal) -> String {
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

/// The known values of terms (callers only ask for sums that are known).
fn values(terms: &[Term]) -> Vec<Decimal> {
    terms.iter().filter_map(|t| t.value).collect()
}

fn with_terms<'a>(mut d: Diagnostic, terms: impl IntoIterator<Item = &'a Term<'a>>) -> Diagnostic {
    for t in terms {
        if let Some(cell) = t.cell {
            d = d.with_related(cell.span.clone(), format!("{}：{}", t.label, cell.text));
        }
    }
    d
}

/// The diagnostic of a sum, when it is broken.
fn diagnose(rule: &Rule, ev: &Evaluation) -> Option<Diagnostic> {
    if !ev.broken() {
        return None;
    }
    let tt = ev.table;
    let (stated, sum, expected) = (ev.stated?, ev.sum()?, ev.expected()?);
    let span = ev.total.span.clone();
    let col = &tt.columns[ev.column].label;
    let row = tt.rows[ev.row].short_name();
    let d = match ev.kind {
        SumKind::RowTotal => {
            let expr = values(&ev.parts)
                .iter()
                .map(|v| fmt(*v))
                .collect::<Vec<_>>()
                .join(" + ");
            let d = rule.diag(
                span,
                format!(
                    "“{row}”行的{col}应为 {}（{expr} = {}），填写的是 {}",
                    fmt(sum),
                    fmt(sum),
                    fmt(stated)
                ),
            );
            with_terms(d, &ev.parts)
        }
        SumKind::ColumnTotal => {
            let nonzero: Vec<&Term> = ev
                .parts
                .iter()
                .filter(|t| t.value.is_some_and(|v| !v.is_zero()))
                .collect();
            let detail = if nonzero.is_empty() {
                "各项均为 0".to_string()
            } else {
                let items: Vec<String> = nonzero
                    .iter()
                    .map(|t| format!("{} {}", t.label, fmt(t.value.unwrap_or_default())))
                    .collect();
                format!("非零项：{}", items.join("，"))
            };
            let d = rule.diag(
                span,
                format!(
                    "{col}列的{row}应为 {}（办理结果各项之和，{detail}），填写的是 {}",
                    fmt(sum),
                    fmt(stated)
                ),
            );
            with_terms(d, nonzero)
        }
        SumKind::Balance => {
            let side = |terms: &[Term]| {
                let names = terms
                    .iter()
                    .map(|t| t.label)
                    .collect::<Vec<_>>()
                    .join(" + ");
                let vals = values(terms);
                let total: Decimal = vals.iter().sum();
                let expr = vals.iter().map(|v| fmt(*v)).collect::<Vec<_>>().join(" + ");
                format!("{names} = {expr} = {}", fmt(total))
            };
            let d = rule.diag(
                span,
                format!(
                    "{col}列勾稽关系不成立：{}，{}；按此{row}应为 {}",
                    side(&ev.parts),
                    side(&ev.rhs),
                    fmt(expected)
                ),
            );
            with_terms(d, ev.parts.iter().chain(&ev.rhs[1..]))
        }
    };
    Some(fix_total(d, ev.total, expected))
}
