//! Value cells of the bound tables, for the value rules NB201–NB208: every
//! cell that exists, with the template row and column it stands for.

use crate::analysis::{Analysis, BoundCell, BoundRow, BoundTable};
use crate::template::{ColumnTemplate, RowTemplate, TableTemplate};

/// One value cell with what the template says about it.
pub struct CellRef<'r, 'a> {
    pub table: &'r BoundTable<'a>,
    pub tt: &'static TableTemplate,
    pub row: &'r BoundRow<'a>,
    pub rt: &'static RowTemplate,
    pub col: &'static ColumnTemplate,
    pub cell: &'r BoundCell<'a>,
}

impl CellRef<'_, '_> {
    /// Where the cell is, for messages: `“规章”行“本年制发件数”列`.
    pub fn place(&self) -> String {
        format!("“{}”行“{}”列", self.rt.short_name(), self.col.label)
    }
}

/// Every existing value cell of rows the template knows, group rows
/// included. Rows with an unknown label are left out: NB123 already says
/// the row is wrong, and its cells cannot be told apart from a local
/// extension the template does not describe.
pub fn value_cells<'r, 'a>(a: &'r Analysis<'a>) -> impl Iterator<Item = CellRef<'r, 'a>> + 'r {
    a.tables.iter().flat_map(|table| {
        let tt = table.template;
        table.rows.iter().flat_map(move |row| {
            let known = tt.and_then(|tt| Some((tt, tt.rows.get(row.template_row?)?)));
            known.into_iter().flat_map(move |(tt, rt)| {
                row.values
                    .iter()
                    .zip(&tt.columns)
                    .filter_map(move |(c, col)| {
                        Some(CellRef {
                            table,
                            tt,
                            row,
                            rt,
                            col,
                            cell: c.as_ref()?,
                        })
                    })
            })
        })
    })
}

/// Cells of data rows (group rows are blank by design).
pub fn data_cells<'r, 'a>(a: &'r Analysis<'a>) -> impl Iterator<Item = CellRef<'r, 'a>> + 'r {
    value_cells(a).filter(|c| !c.rt.group)
}

/// Report every data cell whose number has the kind problem `rule` stands
/// for (`value::kind_problem`): NB204 negatives and NB205 fractions share
/// this walk and differ only in the code.
pub fn report_kind_problems(
    rule: &super::Rule,
    cx: &super::Context,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    for c in data_cells(cx.analysis) {
        let crate::value::Value::Number(n) = &c.cell.value else {
            continue;
        };
        if let Some((code, msg)) = crate::value::kind_problem(c.col.kind, n) {
            if code == rule.code() {
                out.push(rule.diag(c.cell.span.clone(), format!("{}：{}", c.place(), msg)));
            }
        }
    }
}
