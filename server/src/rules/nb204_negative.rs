//! NB204: a negative number where the cell cannot be negative (counts and
//! amounts; only `本年增/减` of the 2019 edition may be).

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    cells::report_kind_problems(rule, cx, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn negative_counts_and_amounts_are_errors() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | -3 |");
        let text = edit(&text, "| 行政事业性收费 | 1.25 |", "| 行政事业性收费 | -1.25 |");
        let d = of(&text, "NB204");
        let got: Vec<&str> = d.iter().map(|d| at(&text, d)).collect();
        assert_eq!(got, ["-3", "-1.25"], "{d:#?}");
        assert!(d[0].message.contains("不能为负数") && d[0].message.contains("行政许可"));
    }

    #[test]
    fn signed_delta_may_be_negative() {
        let text = edit(VALID_2019, "| 行政许可 | 0 | +2 | 120 |", "| 行政许可 | 3 | -1 | 120 |");
        assert!(of(&text, "NB204").is_empty());
        assert!(of(VALID_2021, "NB204").is_empty());
    }
}
