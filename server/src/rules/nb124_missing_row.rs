//! NB124: a required row (any non-group row) is missing from a table.
//! Reported on the row after which it belongs (or the header's label cell
//! when it belongs first), with a fix inserting it with zeros. A row that an
//! unknown label most likely means is left to NB123 (one finding, not two).

use super::{fixes, nb123_unknown_row, Context, Rule};
use crate::diagnostic::{Diagnostic, Edit};

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
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
        // Missing rows grouped by the written row they follow, so a
        // table missing a block of rows gets one diagnostic per gap.
        let mut gaps: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
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
                .rposition(|r| r.template_row.is_some_and(|x| x < ri));
            match gaps.iter_mut().find(|(a, _)| *a == after) {
                Some((_, rows)) => rows.push(ri),
                None => gaps.push((after, vec![ri])),
            }
        }
        for (after, missing) in gaps {
            let (span, pos, where_) = match after.map(|i| &bt.rows[i]) {
                Some(r) => (
                    r.row.label().map_or(r.row.span.clone(), |c| c.span.clone()),
                    r.row.span.end,
                    format!(
                        "，应在“{}”之后",
                        tt.rows[r.template_row.unwrap_or(0)].short_name()
                    ),
                ),
                None => (
                    t.header.label().map_or(t.header.span.clone(), |c| c.span.clone()),
                    t.delimiter.end,
                    "，应在表头之后".to_string(),
                ),
            };
            let what = match missing.as_slice() {
                [one] => format!("“{}”这一行", tt.rows[*one].label),
                many => format!(
                    "{}行：“{}”",
                    many.len(),
                    many.iter()
                        .map(|&ri| tt.rows[ri].short_name())
                        .collect::<Vec<_>>()
                        .join("”“")
                ),
            };
            let title = match missing.as_slice() {
                [one] => format!("插入“{}”行", tt.rows[*one].short_name()),
                many => format!("插入缺少的{}行", many.len()),
            };
            let new_text: String = missing
                .iter()
                .map(|&ri| format!("{nl}{}", fixes::zero_row(&tt.rows[ri].label, values, false)))
                .collect();
            out.push(
                rule.diag(span, format!("{}缺少{what}{where_}", tt.name))
                    .with_fix(
                        title,
                        vec![Edit {
                            span: pos..pos,
                            new_text,
                        }],
                        false,
                    ),
            );
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
        assert!(d[0].message.contains("缺少“规章”这一行，应在表头之后"));
    }

    #[test]
    fn a_block_of_missing_rows_is_one_diagnostic() {
        let from = VALID_2021.find("| （四）无法提供 |").unwrap();
        let to = VALID_2021.find("| （七）总计 |").unwrap();
        let text = format!("{}{}", &VALID_2021[..from], &VALID_2021[to..]);
        let d = of(&text, "NB124");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "8.属于行政查询事项");
        assert!(d[0].message.contains("缺少11行"));
        assert!(d[0].message.contains("1.本机关不掌握相关政府信息"));
        assert!(d[0].message.contains("（六）2.逾期未缴费"));
        let e = &d[0].fix.as_ref().unwrap().edits[0];
        let mut fixed = text.clone();
        fixed.replace_range(e.span.clone(), &e.new_text);
        assert!(of(&fixed, "NB124").is_empty());
        assert!(of(&fixed, "NB126").is_empty());
    }

    #[test]
    fn group_rows_may_be_omitted() {
        let text = edit(VALID_2021, "| （三）不予公开 |  |  |  |  |  |  |  |\n", "");
        assert!(of(&text, "NB124").is_empty());
        assert!(of(VALID_2021, "NB124").is_empty());
        assert!(of(VALID_2019, "NB124").is_empty());
    }
}
