//! NB302: 表三：（七）总计 ≠ 各办理结果之和.
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
    fn results_total_that_misses_an_item_is_reported_per_broken_column() {
        for valid in [VALID_2021, VALID_2019] {
            // One more 予以公开 for 自然人 (and in the row's 总计): 自然人 and 总计 columns break.
            let text = edit(valid, "| （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |", "| （一）予以公开 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |");
            let d = of(&text, "NB302");
            assert_eq!(d.len(), 2, "{d:#?}");
            assert!(d.iter().all(|d| at(&text, d) == "5" || at(&text, d) == "6"));
            assert!(d[0].message.starts_with("自然人列的（七）总计应为 6"), "{}", d[0].message);
            assert!(d[1].message.starts_with("总计列的（七）总计应为 7"), "{}", d[1].message);
        }
    }

    #[test]
    fn exact_decimal_sums_and_valid_reports_give_nothing() {
        assert!(of(VALID_2021, "NB302").is_empty());
        assert!(of(VALID_2019, "NB302").is_empty());
    }
}
