//! NB208: a number written with full-width digits (`１２`). It is read
//! correctly, so the fix to ASCII digits is safe.

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::value::Value;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for c in cells::data_cells(cx.analysis) {
        let Value::Number(n) = &c.cell.value else {
            continue;
        };
        if !n.full_width {
            continue;
        }
        let ascii = to_ascii(c.cell.text);
        let d = rule.diag(c.cell.span.clone(),
            format!("{}的“{}”使用了全角数字，应写为半角数字 {}", c.place(), c.cell.text, ascii),
        );
        out.push(d.with_replacement(format!("改为 {ascii}"), ascii, true));
    }
}

/// Full-width ASCII forms (digits, `．`, `＋`, `－`, `，`) to ASCII; other
/// characters (a `元` suffix) are kept.
fn to_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn full_width_digits_get_a_safe_fix() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | １２０ |");
        let text = edit(&text, "| 行政事业性收费 | 1.25 |", "| 行政事业性收费 | １．２５ |");
        let d = of(&text, "NB208");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "１２０");
        assert!(d[0].message.contains("全角") && d[0].message.contains("120"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.edits[0].new_text, "120");
        assert_eq!(d[1].fix.as_ref().unwrap().edits[0].new_text, "1.25");
        // The values are read right: no arithmetic or type complaints.
        assert!(of(&text, "NB203").is_empty());
    }

    #[test]
    fn ascii_digits_are_fine() {
        assert!(of(VALID_2021, "NB208").is_empty());
        assert!(of(VALID_2019, "NB208").is_empty());
    }
}
