//! NB129: a documented local addition to an official table. Some provinces
//! annotate a column header (`现行有效件数（历史累计）`) or add a row
//! (`其他主动公开文件`, the templates' `local_rows`). Such a report is not
//! wrong: the column is checked as the official column it annotates, and the
//! extra row is accepted but never summed into an official total. Said once
//! as information, so that a reviewer comparing reports knows.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::ColumnMatch;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for bt in &cx.analysis.tables {
        let Some(tt) = bt.template else { continue };
        for (cell, n) in bt.table.header.cells.iter().zip(&bt.header_normalized).skip(1) {
            let Some((ci, ColumnMatch::Annotated)) = tt.column_named_normalized(n) else {
                continue;
            };
            let label = &tt.columns[ci].label;
            out.push(
                rule.diag(cell.span.clone(),
                    format!(
                        "表头“{}”是在“{label}”后加了注释：按“{label}”一栏检查；国家格式的表头为“{label}”",
                        cell.text
                    ),
                )
                .with_replacement(format!("改为“{label}”"), label.clone(), false),
            );
        }
        for row in &bt.rows {
            let (Some(li), Some(cell)) = (row.local_row, row.row.label()) else {
                continue;
            };
            let local = &tt.local_rows[li];
            out.push(rule.diag(cell.span.clone(),
                format!(
                    "“{}”不是国家格式{}中的行，是{}：可以保留，其数字不计入任何合计",
                    cell.text, tt.name, local.note
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::testing::*;

    const HEADER: &str = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |";

    #[test]
    fn an_annotated_header_is_information_and_checked_as_its_column() {
        let text = edit(
            VALID_2021,
            HEADER,
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数（历史累计） |",
        );
        let d = of(&text, "NB129");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(at(&text, &d[0]), "现行有效件数（历史累计）");
        assert!(d[0].message.contains("按“现行有效件数”一栏检查"));
        // Nothing else: the header is not NB122, and the column's cells are
        // still checked (a blank cell there is NB201).
        assert_eq!(check(&text).len(), 1, "{:#?}", check(&text));
        let blank = edit(&text, "| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 0 |  |");
        assert_eq!(of(&blank, "NB201").len(), 1);
    }

    #[test]
    fn an_extra_local_row_is_information_and_never_summed() {
        let text = edit(
            VALID_2021,
            "| 行政规范性文件 |",
            "| 其他主动公开文件 | 12 | 3 | 40 |\n| 行政规范性文件 |",
        );
        let d = of(&text, "NB129");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "其他主动公开文件");
        assert!(d[0].message.contains("不计入任何合计"));
        // Not an unknown row (NB123), nothing else either.
        assert_eq!(check(&text).len(), 1, "{:#?}", check(&text));
    }

    #[test]
    fn the_unit_of_an_amount_column_is_no_annotation() {
        // `本年收费金额（单位：元）` names another unit, not a note on the
        // 万元 column: still a wrong header.
        let text = edit(VALID_2021, "本年收费金额（单位：万元）", "本年收费金额（单位：元）");
        assert!(of(&text, "NB129").is_empty());
        assert_eq!(of(&text, "NB122").len(), 1);
    }

    #[test]
    fn official_tables_are_fine() {
        assert!(of(VALID_2021, "NB129").is_empty());
        assert!(of(VALID_2019, "NB129").is_empty());
        // An unknown row stays NB123, not a local addition.
        let text = edit(VALID_2021, "| 行政规范性文件 |", "| 其他文件 | 1 | 0 | 1 |\n| 行政规范性文件 |");
        assert!(of(&text, "NB129").is_empty());
        assert_eq!(of(&text, "NB123").len(), 1);
    }
}
