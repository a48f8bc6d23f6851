//! NB306: per row of 第二十条第（一）项, 现行有效件数 should equal last year's
//! 现行有效件数 plus 本年制发件数 minus 本年废止件数. A heuristic (revisions
//! and batch clean-ups break it), hence information only. The check is the
//! `roll_forward` entry of this report's template's `[[cross_year]]` (the
//! 2021 edition has one) and needs last year's table to have the same stock
//! column: a column id is one meaning, and the 2019 columns (对外公开总数量
//! …) count something else under other ids.

use super::nb305_carry_over::{consecutive_years, tables_in_both};
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::CrossYearCheck;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = cx.previous else { return };
    if !consecutive_years(cx.analysis, prev) {
        return;
    }
    for check in &cx.analysis.template().cross_year {
        let CrossYearCheck::RollForward {
            code,
            table,
            stock,
            added,
            removed,
        } = check
        else {
            continue;
        };
        if code != rule.code() {
            continue;
        }
        let Some((bt, pbt, tt, ptt)) = tables_in_both(cx.analysis, prev, table) else {
            continue;
        };
        let (Some((si, scol)), Some((ai, acol)), Some((ri, rcol)), Some((psi, _))) = (
            tt.column(stock),
            tt.column(added),
            tt.column(removed),
            ptt.column(stock),
        ) else {
            continue;
        };
        for row in &bt.rows {
            let Some(rt) = row.template_row.and_then(|i| tt.rows.get(i)) else {
                continue;
            };
            let Some(prow) = pbt.row(&rt.id) else {
                continue;
            };
            let amount = |c: &Option<crate::analysis::BoundCell>| {
                c.as_ref().and_then(|c| c.value.amount())
            };
            let (Some(cell), Some(v), Some(a), Some(r), Some(p)) = (
                &row.values[si],
                amount(&row.values[si]),
                amount(&row.values[ai]),
                amount(&row.values[ri]),
                prow.values.get(psi).and_then(amount),
            ) else {
                continue;
            };
            let expected = p + a - r;
            if v == expected {
                continue;
            }
            out.push(rule.diag(cell.span.clone(),
                format!(
                    "“{}”的{}为 {}，按上年报告的{} {} + {} {} − {} {} 推算应为 {}（如有修订、集中清理等情况可忽略）",
                    rt.short_name(),
                    scol.label,
                    v.normalize(),
                    scol.label,
                    p.normalize(),
                    acol.label,
                    a.normalize(),
                    rcol.label,
                    r.normalize(),
                    expected.normalize()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const T21: &str = "| 行政规范性文件 | 0 | 0 | 0 |";

    /// A 2022 report naming `prev.nianbao`, with 行政规范性文件 `row`.
    fn this_year(row: &str) -> String {
        let t = edit(VALID_2021, "年度: 2022\n", "年度: 2022\n上年报告: prev.nianbao\n");
        edit(&t, T21, row)
    }

    /// The 2021 report, with 行政规范性文件 `row`.
    fn last_year(row: &str) -> String {
        edit(&VALID_2021.replace("2022", "2021"), T21, row)
    }

    fn nb306(text: &str, prev: String) -> Vec<crate::diagnostic::Diagnostic> {
        check_with(text, &MemLoader(vec![("prev.nianbao", prev)]))
            .into_iter()
            .filter(|d| d.code == "NB306")
            .collect()
    }

    #[test]
    fn stock_that_does_not_roll_forward() {
        let text = this_year("| 行政规范性文件 | 3 | 1 | 40 |");
        let d = nb306(&text, last_year("| 行政规范性文件 | 5 | 0 | 35 |"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "40");
        assert!(text[..d[0].span.start].ends_with("| 行政规范性文件 | 3 | 1 | "));
        assert!(d[0].message.contains("行政规范性文件"));
        assert!(d[0].message.contains("35 + 本年制发件数 3 − 本年废止件数 1"));
        assert!(d[0].message.contains("应为 37"));
    }

    #[test]
    fn stock_that_rolls_forward_is_fine() {
        let text = this_year("| 行政规范性文件 | 3 | 1 | 37 |");
        assert!(nb306(&text, last_year("| 行政规范性文件 | 5 | 0 | 35 |")).is_empty());
    }

    #[test]
    fn only_between_two_2021_edition_reports() {
        // 2021 report after a 2020 (2019-edition) one: the columns differ.
        let text = edit(
            &VALID_2021.replace("2022", "2021"),
            "年度: 2021\n",
            "年度: 2021\n上年报告: prev.nianbao\n",
        );
        let text = edit(&text, T21, "| 行政规范性文件 | 3 | 1 | 40 |");
        assert!(nb306(&text, VALID_2019.to_string()).is_empty());
    }
}
