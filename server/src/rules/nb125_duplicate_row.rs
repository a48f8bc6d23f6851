//! NB125: a template row written twice; the second one is reported (the
//! sums read the first).

use super::{fixes, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        for (i, r) in bt.rows.iter().enumerate() {
            let Some(ti) = r.template_row else { continue };
            let Some(first) = bt.rows[..i].iter().find(|f| f.template_row == Some(ti)) else {
                continue;
            };
            let (Some(cell), Some(first_cell)) = (r.row.label(), first.row.label()) else {
                continue;
            };
            let line = fixes::line_no(cx.analysis.doc, first.row.span.start);
            out.push(
                rule.diag(cell.span.clone(),
                    format!(
                        "{}中“{}”这一行重复出现（第一次在第{line}行）",
                        tt.name, tt.rows[ti].label
                    ),
                )
                .with_related(first_cell.span.clone(), "第一次出现在这里"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn second_row_is_reported() {
        let text = edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | 0 |\n| 行政处罚 | 0 |");
        let d = of(&text, "NB125");
        assert_eq!(d.len(), 1, "{d:#?}");
        let second = text.rfind("行政处罚").unwrap();
        assert_eq!(d[0].span.start, second);
        assert!(d[0].message.contains("“行政处罚”这一行重复出现"));
    }

    #[test]
    fn distinct_rows_are_fine() {
        assert!(of(VALID_2021, "NB125").is_empty());
        assert!(of(VALID_2019, "NB125").is_empty());
    }
}
