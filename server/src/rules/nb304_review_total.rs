//! NB304: 表四：一行的总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
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
    fn review_total_that_does_not_add_up_is_reported() {
        for valid in [VALID_2021, VALID_2019] {
            let text = edit(valid, "| 行政复议 | 1 | 0 | 0 | 1 | 2 |", "| 行政复议 | 1 | 0 | 0 | 1 | 3 |");
            let d = of(&text, "NB304");
            assert_eq!(d.len(), 1, "{d:#?}");
            assert_eq!(at(&text, &d[0]), "3");
            assert!(d[0].message.contains("应为 2"), "{}", d[0].message);
            assert_eq!(d[0].fix.as_ref().unwrap().title, "改为 2");
        }
    }

    #[test]
    fn consistent_review_rows_give_nothing() {
        assert!(of(VALID_2021, "NB304").is_empty());
        // Short row labels are accepted too.
        let text = edit(VALID_2021, "| 行政诉讼（复议后起诉） |", "| 复议后起诉 |");
        assert!(of(&text, "NB304").is_empty());
        assert!(of(&text, "NB123").is_empty());
    }
}
