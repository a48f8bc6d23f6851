//! NB301: 表三：一行的总计 ≠ 各类申请人之和.
//! The sums themselves are declared in the edition templates; see [`super::arith`].

use super::{arith, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    arith::run(rule, cx, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{at, edit, of, VALID_2019, VALID_2021};

    #[test]
    fn wrong_row_total_is_reported_on_the_total_with_the_expected_value() {
        for valid in [VALID_2021, VALID_2019] {
            let text = edit(valid, "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |", "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 7 |");
            let d = of(&text, "NB301");
            assert_eq!(d.len(), 1, "{d:#?}");
            assert_eq!(at(&text, &d[0]), "7");
            assert!(d[0].message.contains("应为 6") && d[0].message.contains("5 + 1 + 0 + 0 + 0 + 0"), "{}", d[0].message);
            // The six summed cells are related locations; the fix writes 6.
            assert_eq!(d[0].related.len(), 6);
            assert_eq!(d[0].fix.as_ref().unwrap().edits[0].new_text, "6");
        }
    }

    #[test]
    fn consistent_rows_and_blank_totals_give_nothing() {
        assert!(of(VALID_2021, "NB301").is_empty());
        // A blank total is NB201's business, not a sum to check.
        let text = edit(VALID_2021, "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |", "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 |  |");
        assert!(of(&text, "NB301").is_empty());
    }
}
