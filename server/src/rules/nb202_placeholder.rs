//! NB202: a placeholder (`/`, `-`, `—`, `无`, …) stands where a number
//! belongs. It is read as 0 in sums, so the fix writing `0` is safe.

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::value::Value;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for c in cells::data_cells(cx.analysis) {
        if c.cell.value == Value::Placeholder {
            let d = rule.diag(c.cell.span.clone(),
                format!(
                    "{}填写的是占位符“{}”，应填写数字 0",
                    c.place(),
                    c.cell.text
                ),
            );
            out.push(d.with_replacement("改为 0", "0", true));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn placeholders_are_warned_with_a_safe_fix() {
        let text = edit(VALID_2021, "| 行政处罚 | 0 |", "| 行政处罚 | — |");
        let text = edit(&text, "| 行政强制 | 0 |", "| 行政强制 | 无 |");
        let d = of(&text, "NB202");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "—");
        assert!(d[0].message.contains("行政处罚") && d[0].message.contains("占位符"));
        assert_eq!(at(&text, &d[1]), "无");
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.edits[0].new_text, "0");
        assert_eq!(fix.edits[0].span, d[0].span);
    }

    #[test]
    fn numbers_are_not_placeholders() {
        assert!(of(VALID_2021, "NB202").is_empty());
        assert!(of(VALID_2019, "NB202").is_empty());
    }
}
