//! NB122: a table's header row differs from the template: columns missing,
//! extra, renamed or in another order. One diagnostic per table listing
//! every difference; on the offending cell when there is just one.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::labels;
use crate::template::TableTemplate;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        let header = &bt.table.header;
        let Some(corner) = header.cells.first() else {
            continue;
        };
        let cells = &header.cells[1..];
        // Which template column each header cell names by its label.
        let named: Vec<Option<usize>> = bt.header_normalized[1..]
            .iter()
            .map(|n| tt.column_named_normalized(n).map(|(i, _)| i))
            .collect();
        let same_width = cells.len() == tt.columns.len();
        let mut problems: Vec<String> = Vec::new();
        // Cells at fault, for the span.
        let mut at_fault: Vec<&crate::model::Cell> = Vec::new();

        if !corner_ok(tt, &corner.text) {
            problems.push(format!("第1列应为“{}”，写的是“{}”", tt.corner, corner.text));
            at_fault.push(corner);
        }
        for (i, c) in cells.iter().enumerate() {
            let dup = named[i].is_some() && named[..i].contains(&named[i]);
            match named[i] {
                Some(col) if dup => {
                    problems.push(format!("“{}”重复", tt.columns[col].label));
                    at_fault.push(c);
                }
                Some(_) => {}
                // Same width and the column at this place is not named
                // anywhere: a renamed column.
                None if same_width && !named.contains(&Some(i)) => {
                    problems.push(format!(
                        "第{}列应为“{}”，写的是“{}”",
                        i + 2,
                        tt.columns[i].label,
                        c.text
                    ));
                    at_fault.push(c);
                }
                None => {
                    problems.push(format!("多出“{}”", c.text));
                    at_fault.push(c);
                }
            }
        }
        // A renamed cell (same width, unnamed) stands for the column at its place.
        let covered = |ci: usize| {
            named.contains(&Some(ci)) || (same_width && named.get(ci) == Some(&None))
        };
        let missing: Vec<&str> = tt
            .columns
            .iter()
            .enumerate()
            .filter(|(ci, _)| !covered(*ci))
            .map(|(_, c)| c.label.as_str())
            .collect();
        if !missing.is_empty() {
            problems.push(format!("缺少“{}”", missing.join("”“")));
        }
        let order: Vec<usize> = named.iter().flatten().copied().collect();
        let reordered = order.windows(2).any(|w| w[0] >= w[1]);
        if reordered {
            problems.push(format!("列的顺序应为：{}", tt.header_labels()[1..].join("、")));
        }
        if problems.is_empty() {
            continue;
        }
        let span = match at_fault.as_slice() {
            [one] if !reordered && missing.is_empty() => one.span.clone(),
            _ => header.span.clone(),
        };
        let mut d = rule.diag(span,
            format!("{}的表头与模板不一致：{}", tt.name, problems.join("；")),
        );
        // Relabelling is only right when every column holds what the
        // template puts there: same width and no reordering.
        if same_width && !reordered {
            d = d.with_fix(
                "改为模板的表头",
                vec![crate::diagnostic::Edit {
                    span: header.span.clone(),
                    new_text: format!("| {} |", tt.header_labels().join(" | ")),
                }],
                false,
            );
        }
        out.push(d);
    }
}

fn corner_ok(tt: &TableTemplate, text: &str) -> bool {
    let n = labels::normalize(text);
    labels::match_label(&n, &tt.corner, &tt.corner_aliases, &[]).is_some()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn renamed_column_is_reported_on_its_cell_with_a_fix() {
        let text = edit(VALID_2021, "| 本年废止件数 |", "| 本年废除件数 |");
        let d = of(&text, "NB122");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "本年废除件数");
        assert!(d[0].message.contains("第3列应为“本年废止件数”"));
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.edits[0].new_text,
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
        );
    }

    #[test]
    fn missing_and_reordered_columns_are_listed_once_per_table() {
        let text = edit(
            VALID_2021,
            "| 复议诉讼情况 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            "| 复议诉讼情况 | 结果纠正 | 结果维持 | 其他结果 | 尚未审结 |",
        );
        let d = of(&text, "NB122");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(at(&text, &d[0]).starts_with("| 复议诉讼情况 |"));
        assert!(d[0].message.contains("缺少“总计”"));
        assert!(d[0].message.contains("列的顺序应为"));
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn extra_column_is_named() {
        let text = edit(
            VALID_2021,
            "| 信息内容 | 本年收费金额（单位：万元） |\n| --- | ---: |\n| 行政事业性收费 | 1.25 |",
            "| 信息内容 | 本年收费金额（单位：万元） | 备注 |\n| --- | ---: | --- |\n| 行政事业性收费 | 1.25 | 无 |",
        );
        let d = of(&text, "NB122");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "备注");
        assert!(d[0].message.contains("多出“备注”"));
    }

    #[test]
    fn canonical_and_tolerated_headers_are_fine() {
        assert!(of(VALID_2021, "NB122").is_empty());
        assert!(of(VALID_2019, "NB122").is_empty());
        let text = edit(VALID_2021, "本年收费金额（单位：万元）", "本年收费金额(单位:万元)");
        assert!(of(&text, "NB122").is_empty());
    }
}
