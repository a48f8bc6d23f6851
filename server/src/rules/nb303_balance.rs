//! NB303: 表三勾稽关系：一 + 二 ≠ （七）总计 + 四.
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
    fn unbalanced_carry_over_breaks_the_balance_in_that_column() {
        for valid in [VALID_2021, VALID_2019] {
            let text = edit(valid, "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
            let d = of(&text, "NB303");
            assert_eq!(d.len(), 2, "{d:#?}");
            // Placed on the stated （七）总计 of each broken column.
            assert_eq!(at(&text, &d[0]), "5");
            assert!(d[0].message.contains("= 6") && d[0].message.contains("= 5"), "{}", d[0].message);
            assert_eq!(d[0].related.len(), 3);
            // NB302 is not involved: the results still add up.
            assert!(of(&text, "NB302").is_empty());
        }
    }

    #[test]
    fn balanced_tables_give_nothing() {
        assert!(of(VALID_2021, "NB303").is_empty());
        assert!(of(VALID_2019, "NB303").is_empty());
    }
}
