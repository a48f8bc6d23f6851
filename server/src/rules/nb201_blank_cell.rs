//! NB201: value cells of a data row are blank (the official tables want 0).
//! One warning per row, naming the blank columns, with each blank cell as a
//! related location: an imported report with a blank column would otherwise
//! drown its real findings in one error per cell. Only cells that exist: a
//! row short of cells is NB127. Group rows are blank by design and are never
//! checked here.

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::value::Value;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    // data_cells walks row by row, so the blank cells of one row are
    // consecutive.
    let mut rows: Vec<Vec<cells::CellRef>> = Vec::new();
    for c in cells::data_cells(cx.analysis) {
        if c.cell.value != Value::Blank {
            continue;
        }
        match rows.last_mut() {
            Some(row) if std::ptr::eq(row[0].row, c.row) => row.push(c),
            _ => rows.push(vec![c]),
        }
    }
    for blank in rows {
        let first = &blank[0];
        let columns: Vec<&str> = blank.iter().map(|c| c.col.label.as_str()).collect();
        // One blank cell: point at it. Several: at the row's label.
        let span = match (blank.len(), first.row.row.label()) {
            (1, _) | (_, None) => first.cell.span.clone(),
            (_, Some(label)) => label.span.clone(),
        };
        let mut d = rule.diag(span,
            format!(
                "“{}”行有{}个单元格没有填写数值（{}）：没有发生的情形也应填写 0",
                first.rt.short_name(),
                blank.len(),
                columns.join("、")
            ),
        );
        for c in &blank {
            d = d.with_related(c.cell.span.clone(), format!("“{}”列为空", c.col.label));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::testing::*;

    #[test]
    fn one_blank_cell_is_a_warning_on_that_cell() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 |  |");
        let d = of(&text, "NB201");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(at(&text, &d[0]).trim(), "");
        assert!(d[0].message.contains("行政许可"));
        assert!(d[0].message.contains("本年处理决定数量"));
        assert!(d[0].message.contains("0"));
        // The span is the gap between the pipes of that row.
        let row = text.find("| 行政许可 |").unwrap();
        assert!(d[0].span.start > row && d[0].span.start < row + "| 行政许可 |  |".len());
        assert_eq!(d[0].related.len(), 1);
    }

    #[test]
    fn a_blank_row_is_one_warning_naming_its_columns() {
        let text = edit(
            VALID_2021,
            "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  |",
        );
        assert!(text.contains("| 二、上年结转政府信息公开申请数量 |  |"));
        let d = of(&text, "NB201");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "二、上年结转政府信息公开申请数量");
        assert!(
            d[0].message
                .contains("7个单元格没有填写数值（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）"),
            "{}",
            d[0].message
        );
        // The related locations are the seven blank cells, in order.
        assert_eq!(d[0].related.len(), 7);
        for r in &d[0].related {
            assert_eq!(text[r.span.clone()].trim(), "");
        }
        assert!(d[0].related.windows(2).all(|w| w[0].span.start < w[1].span.start));
    }

    #[test]
    fn blank_cells_in_two_rows_give_two_warnings() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 |  |");
        let text = edit(&text, "| 行政强制 | 0 |", "| 行政强制 |  |");
        assert_eq!(of(&text, "NB201").len(), 2);
    }

    #[test]
    fn blank_group_rows_and_valid_reports_are_fine() {
        assert!(of(VALID_2021, "NB201").is_empty());
        assert!(of(VALID_2019, "NB201").is_empty());
    }
}
