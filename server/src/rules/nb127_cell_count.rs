//! NB127: a body row with more or fewer cells than the header. Such a row
//! cannot be read column by column, so its numbers are unreliable.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let want = bt.table.header.cells.len();
        if want == 0 {
            continue;
        }
        for r in &bt.table.rows {
            let got = r.cells.len();
            if got == want {
                continue;
            }
            let more = if got > want { "多" } else { "少" };
            out.push(rule.diag(r.span.clone(),
                format!(
                    "这一行有{got}个单元格，表头有{want}列（{more}了{}个）",
                    got.abs_diff(want)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn short_and_long_rows_are_reported_on_the_row() {
        let text = edit(VALID_2021, "| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 0 |");
        let d = of(&text, "NB127");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "| 规章 | 0 | 0 |");
        assert!(d[0].message.contains("3个单元格") && d[0].message.contains("4列"));

        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | 120 | 3 |");
        let d = of(&text, "NB127");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("多了1个"));
    }

    #[test]
    fn full_rows_are_fine() {
        assert!(of(VALID_2021, "NB127").is_empty());
        assert!(of(VALID_2019, "NB127").is_empty());
    }
}
