//! NB203: a value cell holds something that is not a number of its kind:
//! text (`12件`, `22（其中修订 16 件）`), or a unit in a count cell.

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::CellKind;
use crate::value::{kind_problem, Value};

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for c in cells::data_cells(cx.analysis) {
        let span = c.cell.span.clone();
        match &c.cell.value {
            Value::Invalid => {
                let lead = leading_integer(c.cell.text);
                let hint = if lead.is_some() {
                    "；说明文字请写在表格外的正文中"
                } else {
                    ""
                };
                let mut d = rule.diag(span,
                    format!(
                        "{}填写的“{}”不是数字：表格中只能填写{}{}",
                        c.place(),
                        c.cell.text,
                        kind_word(c.col.kind),
                        hint
                    ),
                );
                // `12件`, `22（其中修订 16 件）`: the leading count is very
                // likely the value, but dropping the words is the
                // author's call, so the fix is not marked safe.
                if c.col.kind == CellKind::Count {
                    if let Some(n) = lead {
                        d = d.with_replacement(format!("改为 {n}（删去其余文字）"), n, false);
                    }
                }
                out.push(d);
            }
            Value::Number(n) => {
                if let Some(("NB203", msg)) = kind_problem(c.col.kind, n) {
                    out.push(rule.diag(span,
                        format!("{}填写的“{}”有误：{}", c.place(), c.cell.text, msg),
                    ));
                }
            }
            _ => {}
        }
    }
}

fn kind_word(kind: CellKind) -> &'static str {
    match kind {
        CellKind::Count => "非负整数",
        CellKind::Signed => "整数（可带正负号，如 +2、-1）",
        CellKind::Amount => "以万元为单位的数字",
        CellKind::AmountWithUnit => "金额数字（可带“元”或“万元”）",
    }
}

/// The ASCII integer a text starts with, when more text follows it
/// (`12件` → `12`; full-width digits count).
fn leading_integer(text: &str) -> Option<String> {
    let digits: String = text
        .trim()
        .chars()
        .map_while(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - 0xfee0),
            _ => None,
        })
        .collect();
    let rest = text.trim().chars().nth(digits.chars().count());
    // `1.5件` is no integer count: leave it alone.
    match rest {
        Some(c) if !digits.is_empty() && !matches!(c, '.' | '．' | ',') => Some(digits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn annotated_cells_are_not_numbers() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | 22（其中修订 16 件） |");
        let d = of(&text, "NB203");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "22（其中修订 16 件）");
        assert!(d[0].message.contains("“22（其中修订 16 件）”不是数字"));
        assert!(d[0].message.contains("行政许可"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(!fix.safe);
        assert_eq!(fix.edits[0].new_text, "22");
    }

    #[test]
    fn units_and_words_in_count_cells() {
        let text = edit(VALID_2021, "| 行政处罚 | 0 |", "| 行政处罚 | 12件 |");
        let text = edit(&text, "| 行政强制 | 0 |", "| 行政强制 | 5元 |");
        let text = edit(&text, "| 规章 | 0 |", "| 规章 | 若干 |");
        let d = of(&text, "NB203");
        let got: Vec<&str> = d.iter().map(|d| at(&text, d)).collect();
        assert_eq!(got, ["若干", "12件", "5元"], "{d:#?}");
        assert!(d[0].fix.is_none());
        assert!(d[2].message.contains("不能带单位"));
    }

    #[test]
    fn numbers_of_every_kind_are_fine() {
        assert!(of(VALID_2021, "NB203").is_empty());
        // Signed (+2) and amount-with-unit cells of the 2019 edition.
        let text = edit(VALID_2019, "| 政府集中采购 | 0 | 0 |", "| 政府集中采购 | 3 | 251000元 |");
        assert!(of(&text, "NB203").is_empty());
    }
}
