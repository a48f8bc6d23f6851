//! NB206: a group row (`三、本年度办理结果`, `（三）不予公开`, …) carries
//! values. The official table has no cells there; some agencies add
//! subtotals. They are left out of every sum.
//!
//! One diagnostic per row, not per cell: a subtotal row is one decision by
//! the author, and seven warnings for it would bury everything else. The span
//! runs from the first to the last filled cell; each filled cell is a related
//! location. Placeholders (`/`, `—`) say "nothing here" and are not flagged.

use super::{cells, Context, Rule};
use crate::diagnostic::{Diagnostic, Edit};
use crate::value::Value;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    // Cells come row by row: group them by row.
    let mut rows: Vec<Vec<cells::CellRef>> = Vec::new();
    for c in cells::value_cells(cx.analysis) {
        if !c.rt.group || matches!(c.cell.value, Value::Blank | Value::Placeholder) {
            continue;
        }
        match rows.last_mut() {
            Some(r) if std::ptr::eq(r[0].row, c.row) => r.push(c),
            _ => rows.push(vec![c]),
        }
    }
    for filled in rows {
        let (first, last) = (&filled[0], &filled[filled.len() - 1]);
        let span = first.cell.span.start..last.cell.span.end;
        let values: Vec<&str> = filled.iter().map(|c| c.cell.text).collect();
        let mut d = rule.diag(span,
            format!(
                "“{}”是分组行，官方表格中没有数值单元格；这里填写的 {} 不计入任何合计，应留空",
                first.rt.short_name(),
                values.join("、")
            ),
        );
        for c in &filled {
            d = d.with_related(c.cell.span.clone(), format!("{}：{}", c.col.label, c.cell.text));
        }
        let edits = filled
            .iter()
            .map(|c| Edit {
                span: c.cell.span.clone(),
                new_text: String::new(),
            })
            .collect();
        out.push(d.with_fix("清空分组行的数值", edits, false));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn subtotals_on_group_rows_give_one_warning_per_row() {
        let text = edit(
            VALID_2021,
            "| （四）无法提供 |  |  |  |  |  |  |  |",
            "| （四）无法提供 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        );
        let text = edit(
            &text,
            "| 三、本年度办理结果 |  |  |  |  |  |  |  |",
            "| 三、本年度办理结果 |  |  |  |  |  |  | 6 |",
        );
        let d = of(&text, "NB206");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "6");
        assert!(d[0].message.contains("三、本年度办理结果"));
        assert_eq!(at(&text, &d[1]), "1 | 0 | 0 | 0 | 0 | 0 | 1");
        assert!(d[1].message.contains("（四）无法提供") && d[1].message.contains("不计入"));
        assert_eq!(d[1].related.len(), 7);
        assert_eq!(d[1].fix.as_ref().unwrap().edits.len(), 7);
        // Left out of the sums: NB302 and NB303 stay quiet.
        assert!(of(&text, "NB302").is_empty() && of(&text, "NB303").is_empty());
    }

    #[test]
    fn blank_or_placeholder_group_rows_are_fine() {
        assert!(of(VALID_2021, "NB206").is_empty());
        let text = edit(
            VALID_2021,
            "| （三）不予公开 |  |  |  |  |  |  |  |",
            "| （三）不予公开 | / | / | / | / | / | / | / |",
        );
        assert!(of(&text, "NB206").is_empty());
        // In the 2019 edition （六）其他处理 is a data row, not a group.
        assert!(of(VALID_2019, "NB206").is_empty());
    }
}
