//! NB124: a required row (any non-group row) is missing from a table.
//! Reported on the row after which it belongs (or the header's label cell
//! when it belongs first), with a fix inserting it with zeros. A row that an
//! unknown label most likely means is left to NB123 (one finding, not two).

use super::{fixes, nb123_unknown_row, Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Severity};

pub struct Nb124;

impl Rule for Nb124 {
    fn code(&self) -> &'static str {
        "NB124"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = cx.analysis.doc;
        let nl = fixes::newline(doc);
        for bt in &cx.analysis.tables {
            let Some(tt) = bt.template else { continue };
            let t = bt.table;
            let meant: Vec<usize> = bt
                .rows
                .iter()
                .filter(|r| r.template_row.is_none())
                .filter_map(|r| nb123_unknown_row::suggestion(tt, &r.row.label()?.text))
                .collect();
            let values = match t.header.cells.len() {
                0 | 1 => tt.columns.len(),
                n => n - 1,
            };
            for (ri, rt) in tt.rows.iter().enumerate() {
                if rt.group
                    || meant.contains(&ri)
                    || bt.rows.iter().any(|r| r.template_row == Some(ri))
                {
                    continue;
                }
                // The last written row that comes before it in the template.
                let after = bt
                    .rows
                    .iter()
                    .rfind(|r| r.template_row.is_some_and(|x| x < ri));
                let (span, pos, where_) = match after {
                    Some(r) => (
                        r.row.label().map_or(r.row.span.clone(), |c| c.span.clone()),
                        r.row.span.end,
                        format!("，应在“{}”之后", tt.rows[r.template_row.unwrap_or(0)].short_name()),
                    ),
                    None => (
                        t.header.label().map_or(t.header.span.clone(), |c| c.span.clone()),
                        t.delimiter.end,
                        "，应为第一行".to_string(),
                    ),
                };
                out.push(
                    cx.diag(
                        self,
                        span,
                        format!("{}缺少“{}”这一行{where_}", tt.name, rt.label),
                    )
                    .with_fix(
                        format!("插入“{}”行", rt.short_name()),
                        vec![Edit {
                            span: pos..pos,
                            new_text: format!("{nl}{}", fixes::zero_row(&rt.label, values, false)),
                        }],
                        false,
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn missing_row_is_reported_after_its_predecessor_with_a_fix() {
        let text = edit(VALID_2021, "| 行政强制 | 0 |\n", "");
        let d = of(&text, "NB124");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "行政处罚");
        assert!(d[0].message.contains("缺少“行政强制”"));
        let e = &d[0].fix.as_ref().unwrap().edits[0];
        let mut fixed = text.clone();
        fixed.replace_range(e.span.clone(), &e.new_text);
        assert_eq!(fixed, VALID_2021);
    }

    #[test]
    fn missing_first_row_points_at_the_header_label() {
        let text = edit(VALID_2021, "| 规章 | 0 | 0 | 0 |\n", "");
        let d = of(&text, "NB124");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "信息内容");
        assert!(d[0].message.contains("规章"));
    }

    #[test]
    fn group_rows_may_be_omitted() {
        let text = edit(VALID_2021, "| （三）不予公开 |  |  |  |  |  |  |  |\n", "");
        assert!(of(&text, "NB124").is_empty());
        assert!(of(VALID_2021, "NB124").is_empty());
        assert!(of(VALID_2019, "NB124").is_empty());
    }
}
