//! NB305: this year's `二、上年结转` ≠ the previous report's
//! `四、结转下年度继续办理`, column by column. The pairs of rows come from the
//! edition template's `[[cross_year]]` entries; columns are matched by id, so
//! a 2021-edition report can be checked against a 2020 (2019-edition) one.
//!
//! The previous report's spans belong to another file, so its value is in
//! the message, not in `related`.

use super::{Context, Rule};
use crate::analysis::{Analysis, BoundTable};
use crate::diagnostic::Diagnostic;
use crate::template::{CrossYearCheck, TableTemplate};

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = cx.previous else { return };
    if !consecutive_years(cx.analysis, prev) {
        return;
    }
    for check in &cx.analysis.template().cross_year {
        let CrossYearCheck::Carry {
            code,
            table,
            this_row,
            prev_row,
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
        let (Some(row), Some(prow)) = (bt.row(this_row), pbt.row(prev_row)) else {
            continue;
        };
        let name = |t: &crate::template::TableTemplate, id: &str| {
            t.row(id).map_or(id.to_string(), |(_, r)| r.short_name().to_string())
        };
        let (this_name, prev_name) = (name(tt, this_row), name(ptt, prev_row));
        for (ci, col) in tt.columns.iter().enumerate() {
            let Some((pci, _)) = ptt.column(&col.id) else {
                continue;
            };
            let (Some(cell), Some(Some(pcell))) = (&row.values[ci], prow.values.get(pci))
            else {
                continue;
            };
            let (Some(v), Some(pv)) = (cell.value.amount(), pcell.value.amount()) else {
                continue;
            };
            if v == pv {
                continue;
            }
            let pv = pv.normalize();
            let d = rule.diag(cell.span.clone(),
                format!(
                    "{}列“{}”为 {}，但上年报告的“{}”为 {}：上年结转下来的申请数应与上年报告一致",
                    col.label,
                    this_name,
                    v.normalize(),
                    prev_name,
                    pv
                ),
            );
            out.push(d.with_replacement(
                format!("改为 {pv}（与上年报告一致）"),
                pv.to_string(),
                false,
            ));
        }
    }
}

/// The previous report is the year before this one, or a year is unknown.
/// Comparing with a report two years back would only produce noise.
/// The same template table bound in this report and in the previous one,
/// with each one's template (the editions may differ).
pub(crate) fn tables_in_both<'r, 'a>(
    this: &'r Analysis<'a>,
    prev: &'r Analysis<'a>,
    table: &str,
) -> Option<(&'r BoundTable<'a>, &'r BoundTable<'a>, &'static TableTemplate, &'static TableTemplate)> {
    let (bt, pbt) = (this.table(table)?, prev.table(table)?);
    Some((bt, pbt, bt.template?, pbt.template?))
}

pub(crate) fn consecutive_years(this: &Analysis, prev: &Analysis) -> bool {
    match (&this.year, &prev.year) {
        (Some((y, _)), Some((py, _))) => *py == *y - 1,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    /// `text` naming `prev.nianbao` as its previous report.
    fn with_previous(text: &str) -> String {
        let year = if text.contains("年度: 2021") { "2021" } else { "2022" };
        edit(
            text,
            &format!("年度: {year}\n"),
            &format!("年度: {year}\n上年报告: prev.nianbao\n"),
        )
    }

    /// VALID_2021 as the report for 2021.
    fn valid_2021_for_2021() -> String {
        VALID_2021.replace("2022", "2021")
    }

    /// A 2021 report whose 四、结转下年度 is (自然人 2, 总计 2).
    fn previous_2021() -> String {
        let t = valid_2021_for_2021();
        let t = edit(
            &t,
            "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
            "| 一、本年新收政府信息公开申请数量 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |",
        );
        let t = edit(&t, "共收到政府信息公开申请6件", "共收到政府信息公开申请7件");
        edit(
            &t,
            "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        )
    }

    fn nb305(text: &str, prev: String) -> Vec<crate::diagnostic::Diagnostic> {
        check_with(text, &MemLoader(vec![("prev.nianbao", prev)]))
            .into_iter()
            .filter(|d| d.code == "NB305")
            .collect()
    }

    #[test]
    fn carry_over_differs_from_last_year() {
        let text = with_previous(VALID_2021);
        let prev = previous_2021();
        // The previous report is itself consistent.
        assert!(check(&prev).is_empty(), "{:#?}", check(&prev));
        let d = nb305(&text, prev);
        assert_eq!(d.len(), 2, "{d:#?}");
        let carried = text.find("| 二、上年结转").unwrap();
        let next_row = carried + text[carried..].find('\n').unwrap();
        assert!(d
            .iter()
            .all(|d| d.span.start > carried && d.span.end < next_row && at(&text, d) == "1"));
        assert!(d[0].message.contains("自然人") && d[0].message.contains("上年报告"));
        assert!(d[0].message.contains("结转下年度") && d[0].message.contains("为 2"));
        assert!(d[1].message.contains("总计"));
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].new_text, "2");
    }

    #[test]
    fn matching_carry_over_is_fine_across_editions() {
        // 2021 report after the 2020 one (2019 edition): both carry 1 自然人.
        let text = with_previous(&valid_2021_for_2021());
        assert!(nb305(&text, VALID_2019.to_string()).is_empty());
        // 2022 after a 2021 report that carried the same numbers.
        let text = with_previous(VALID_2021);
        assert!(nb305(&text, valid_2021_for_2021()).is_empty());
        // No previous report: nothing to compare.
        assert!(of(VALID_2021, "NB305").is_empty());
    }

    #[test]
    fn reports_that_are_not_consecutive_are_not_compared() {
        let text = with_previous(VALID_2021);
        let prev = previous_2021().replace("年度: 2021", "年度: 2020\n格式: 2021");
        assert!(nb305(&text, prev).is_empty());
    }
}
