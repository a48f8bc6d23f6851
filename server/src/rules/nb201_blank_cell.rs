//! NB201: a value cell of a data row is blank (the official tables want 0).
//! Only cells that exist: a row short of cells is NB127. Group rows are blank
//! by design and are never checked here.

use super::{cells, Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::value::Value;

pub struct Nb201;

impl Rule for Nb201 {
    fn code(&self) -> &'static str {
        "NB201"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for c in cells::data_cells(cx.analysis) {
            if c.cell.value == Value::Blank {
                out.push(cx.diag(
                    self,
                    c.cell.span.clone(),
                    format!(
                        "{}没有填写数值：没有发生的情形也应填写 0",
                        c.place()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn blank_data_cell_is_an_error() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 |  |");
        let d = of(&text, "NB201");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]).trim(), "");
        assert!(d[0].message.contains("行政许可"));
        assert!(d[0].message.contains("0"));
        // The span is the gap between the pipes of that row.
        let row = text.find("| 行政许可 |").unwrap();
        assert!(d[0].span.start > row && d[0].span.start < row + "| 行政许可 |  |".len());
    }

    #[test]
    fn blank_group_rows_and_valid_reports_are_fine() {
        assert!(of(VALID_2021, "NB201").is_empty());
        assert!(of(VALID_2019, "NB201").is_empty());
    }
}
