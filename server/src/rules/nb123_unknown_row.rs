//! NB123: a row label the template does not have, with the closest
//! template label as the suggestion. The row's numbers are not counted.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::labels;
use crate::template::TableTemplate;

/// The template row an unknown label most likely means (also used by NB124
/// so that a mistyped row is not reported a second time as missing).
pub fn suggestion(tt: &TableTemplate, label: &str) -> Option<usize> {
    let best = labels::closest(label, tt.rows.iter().map(|r| r.label.as_str()))?;
    tt.rows.iter().position(|r| r.label == best)
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        for r in &bt.rows {
            // A documented local addition is NB129's.
            if r.template_row.is_some() || r.local_row.is_some() {
                continue;
            }
            let Some(cell) = r.row.label() else { continue };
            let label = cell.text.as_str();
            let shown = if label.is_empty() { "（空）" } else { label };
            let mut d = rule.diag(cell.span.clone(),
                format!("{}中没有“{shown}”这一行", tt.name),
            );
            if let Some(best) = suggestion(tt, label) {
                let best = &tt.rows[best].label;
                d.message = format!("{}中没有“{shown}”这一行，是否应为“{best}”？", tt.name);
                d = d.with_replacement(format!("改为“{best}”"), best.clone(), false);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn unknown_label_suggests_the_closest() {
        let text = edit(VALID_2021, "| （一）予以公开 |", "| （一）予以公布 |");
        let d = of(&text, "NB123");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "（一）予以公布");
        assert!(d[0].message.contains("是否应为“（一）予以公开”"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(!fix.safe);
        assert_eq!(fix.edits[0].new_text, "（一）予以公开");
        // Not reported again as a missing row.
        assert!(of(&text, "NB124").is_empty());
    }

    #[test]
    fn unrelated_label_has_no_suggestion() {
        let text = edit(VALID_2021, "| 行政强制 |", "| 行政强制 | 0 |\n| 完全无关的内容行 |");
        let d = of(&text, "NB123");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "完全无关的内容行");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn template_labels_are_fine() {
        assert!(of(VALID_2021, "NB123").is_empty());
        assert!(of(VALID_2019, "NB123").is_empty());
    }
}
