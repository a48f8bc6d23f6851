//! NB126: rows not in template order. As for sections (NB112), the rows
//! kept in place are the longest run already in order, and each other row
//! is reported once.

use super::{nb112_section_order::longest_increasing, Context, Rule};
use crate::analysis::BoundRow;
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        // First occurrences only: repeats are NB125.
        let mut firsts: Vec<(usize, &BoundRow)> = Vec::new();
        for r in &bt.rows {
            if let Some(ti) = r.template_row {
                if !firsts.iter().any(|(i, _)| *i == ti) {
                    firsts.push((ti, r));
                }
            }
        }
        let keys: Vec<usize> = firsts.iter().map(|(i, _)| *i).collect();
        let keep = longest_increasing(&keys);
        for (k, (ti, r)) in firsts.iter().enumerate() {
            if keep.contains(&k) {
                continue;
            }
            let Some(cell) = r.row.label() else { continue };
            let kept: Vec<usize> = keep.iter().map(|&j| firsts[j].0).collect();
            let name = |i: &usize| format!("“{}”", tt.rows[*i].short_name());
            let hint = match (
                kept.iter().rfind(|i| *i < ti),
                kept.iter().find(|i| *i > ti),
            ) {
                (Some(x), _) => format!("，应在{}之后", name(x)),
                (None, Some(y)) => format!("，应在{}之前", name(y)),
                (None, None) => String::new(),
            };
            out.push(rule.diag(cell.span.clone(),
                format!(
                    "{}中“{}”这一行的位置与模板顺序不符{hint}",
                    tt.name,
                    tt.rows[*ti].short_name()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn swapped_rows_give_one_warning() {
        let text = edit(
            VALID_2021,
            "| 行政处罚 | 0 |\n| 行政强制 | 0 |",
            "| 行政强制 | 0 |\n| 行政处罚 | 0 |",
        );
        let d = of(&text, "NB126");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(["行政处罚", "行政强制"].contains(&at(&text, &d[0])));
        assert!(d[0].message.contains("位置与模板顺序不符"));
    }

    #[test]
    fn ordered_rows_are_fine() {
        assert!(of(VALID_2021, "NB126").is_empty());
        assert!(of(VALID_2019, "NB126").is_empty());
    }
}
