//! NB205: a fraction in a count cell (counts and `本年增/减` are integers;
//! only amounts may have decimals).

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    cells::report_kind_problems(rule, cx, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fractional_counts_are_errors() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | 120.5 |");
        let d = of(&text, "NB205");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "120.5");
        assert!(d[0].message.contains("整数") && d[0].message.contains("行政许可"));
    }

    #[test]
    fn decimal_amounts_are_fine() {
        // 1.25 万元 in the fee column is a decimal by design.
        assert!(of(VALID_2021, "NB205").is_empty());
        assert!(of(VALID_2019, "NB205").is_empty());
    }
}
