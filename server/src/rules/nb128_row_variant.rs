//! NB128: a row label in a known variant wording (e.g. `规范性文件` in the
//! 2021 edition). The row counts as the template row; the fix writes the
//! canonical label and is safe, since the variant names the same row.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::labels::MatchKind;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        for r in &bt.rows {
            let (Some(ti), Some(MatchKind::Variant)) = (r.template_row, r.label_match) else {
                continue;
            };
            let Some(cell) = r.row.label() else { continue };
            let canonical = &tt.rows[ti].label;
            out.push(
                rule.diag(cell.span.clone(),
                    format!(
                        "行名“{}”不是{}版格式的规范写法，应为“{canonical}”",
                        cell.text,
                        cx.analysis.edition.as_str()
                    ),
                )
                .with_replacement(format!("改为“{canonical}”"), canonical.clone(), true),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn variant_label_gets_a_safe_fix() {
        let text = edit(VALID_2021, "| 行政规范性文件 |", "| 规范性文件 |");
        let d = of(&text, "NB128");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "规范性文件");
        assert!(d[0].message.contains("应为“行政规范性文件”"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.edits[0].new_text, "行政规范性文件");
        // The row still counts: nothing is missing or unknown.
        assert!(of(&text, "NB123").is_empty());
        assert!(of(&text, "NB124").is_empty());
    }

    #[test]
    fn canonical_labels_are_fine() {
        assert!(of(VALID_2021, "NB128").is_empty());
        assert!(of(VALID_2019, "NB128").is_empty());
    }
}
