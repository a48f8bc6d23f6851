//! NB307: an aggregate report (a county's report summing its departments')
//! declares its parts in the front matter (`汇总: [教育局.nianbao, …]` or a
//! folder `汇总: 部门/`); every count of its tables must then equal the sum
//! of that cell over the parts: 表二's counts, 表三 and 表四, cell by cell
//! (template rows and columns by id, so the parts may order or word their
//! rows differently). Amount columns (万元, 采购总金额) are not summed: units
//! and rounding differ between parts. Opt-in: without `汇总` nothing runs.
//!
//! A part that cannot be read, is of another year, or lacks a number a
//! compared cell needs is said once, on the `汇总` value: those cells are
//! not compared, and the report says so rather than passing them silently.

use super::{Context, Rule};
use crate::analysis::{Analysis, BoundCell};
use crate::diagnostic::{Diagnostic, OtherFile};
use crate::template::CellKind;
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(pcx) = &cx.parts else { return };
    let a = cx.analysis;
    let mut problems: Vec<String> = pcx.errors.to_vec();
    let year = a.year.as_ref().map(|(y, _)| *y);
    // A folder may hold other years' reports of its agencies: those are
    // no parts of this year's report. A part named by itself that is of
    // another year is a mistake, and said.
    let mut parts: Vec<(&Arc<OtherFile>, &Analysis)> = Vec::new();
    for (i, (f, pa)) in pcx.parts.iter().enumerate() {
        let py = pa.year.as_ref().map(|(y, _)| *y);
        if year.is_none() || py.is_none() || py == year {
            parts.push((*f, pa));
        } else if !pcx.listed.get(i).copied().unwrap_or(false) {
            problems.push(format!(
                "{} 是 {} 年度的报告，不是本报告（{} 年度）的组成部分",
                name(f),
                py.unwrap_or_default(),
                year.unwrap_or_default()
            ));
        }
    }
    if parts.is_empty() {
        problems.push("没有可以汇总核对的组成报告".into());
    } else if problems.is_empty() {
        // Only with every part in hand: a sum over some of them would
        // report every cell they share, with a wrong number to write.
        compare(rule, cx, &parts, &mut problems, out);
    }
    if !problems.is_empty() {
        out.push(rule.diag(pcx.span.clone(),
            format!("“汇总”所列组成报告有问题，汇总数未能核对：{}", problems.join("；")),
        ));
    }
}

fn name(f: &OtherFile) -> String {
    f.path
        .file_name()
        .map_or_else(|| f.path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Every summable cell of the aggregate against the sum of its parts.
fn compare(
    rule: &Rule,
    cx: &Context,
    parts: &[(&Arc<OtherFile>, &Analysis)],
    problems: &mut Vec<String>,
    out: &mut Vec<Diagnostic>,
) {
    let a = cx.analysis;
    // What each part lacks, said once per part and table.
    let mut lacking: Vec<(String, String)> = Vec::new();
    for bt in &a.tables {
        let Some(tt) = bt.template else { continue };
        for row in &bt.rows {
            let Some(rt) = row.template_row.map(|i| &tt.rows[i]) else {
                continue;
            };
            if rt.group {
                continue;
            }
            for (ci, col) in tt.columns.iter().enumerate() {
                if !matches!(col.kind, CellKind::Count | CellKind::Signed) {
                    continue;
                }
                let Some(cell) = &row.values[ci] else { continue };
                let Some(total) = number(cell) else { continue };
                let mut sum = Decimal::ZERO;
                let mut cells: Vec<(&Arc<OtherFile>, &BoundCell)> = Vec::new();
                let mut complete = true;
                for (f, pa) in parts {
                    match part_cell(pa, &tt.id, &rt.id, &col.id) {
                        Some((pc, v)) => {
                            sum += v;
                            cells.push((f, pc));
                        }
                        None => {
                            complete = false;
                            let key = (name(f), tt.name.clone());
                            if !lacking.contains(&key) {
                                lacking.push(key);
                            }
                        }
                    }
                }
                if !complete || sum == total {
                    continue;
                }
                let mut d = rule
                    .diag(
                        cell.span.clone(),
                        format!(
                            "汇总数应等于各组成报告之和：{}“{}”行“{}”列为 {}，{} 份组成报告之和为 {}",
                            tt.name,
                            rt.short_name(),
                            col.label,
                            total.normalize(),
                            parts.len(),
                            sum.normalize()
                        ),
                    )
                    .with_replacement(
                        format!("改为 {}", sum.normalize()),
                        sum.normalize().to_string(),
                        false,
                    );
                for (f, pc) in cells {
                    d = d.with_related_in(f, pc.span.clone(), format!("{}：{}", name(f), pc.text));
                }
                out.push(d);
            }
        }
    }
    for (part, table) in lacking {
        problems.push(format!("{part} 缺少{table}中的部分数字"));
    }
}

fn number(cell: &BoundCell) -> Option<Decimal> {
    match &cell.value {
        Value::Number(n) => Some(n.value),
        _ => None,
    }
}

/// The cell of a part at the same template table, row and column.
fn part_cell<'p>(
    pa: &'p Analysis,
    table: &str,
    row: &str,
    col: &str,
) -> Option<(&'p BoundCell<'p>, Decimal)> {
    let bt = pa.table(table)?;
    let (ci, _) = bt.template?.column(col)?;
    let cell = bt.row(row)?.values.get(ci)?.as_ref()?;
    Some((cell, number(cell)?))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::skeleton::{generate, Spec};

    /// Two departments: one with VALID_2021's numbers, one with all zeros
    /// (a fresh skeleton). Their sum is VALID_2021's numbers.
    fn loader(dir: &str) -> MemLoader {
        let zeros = generate(&Spec {
            agency: "某某区财政局".into(),
            year: 2022,
            edition: None,
        })
        .unwrap();
        let name = |f: &str| -> &'static str { Box::leak(format!("{dir}{f}").into_boxed_str()) };
        MemLoader(vec![
            (name("教育局.nianbao"), VALID_2021.replace("某某区人民政府", "某某区教育局")),
            (name("财政局.nianbao"), zeros),
        ])
    }

    fn aggregate(parts: &str) -> String {
        edit(VALID_2021, "年度: 2022", &format!("年度: 2022\n汇总: {parts}"))
    }

    fn nb307(text: &str, loader: &MemLoader) -> Vec<crate::diagnostic::Diagnostic> {
        check_with(text, loader)
            .into_iter()
            .filter(|d| d.code == "NB307")
            .collect()
    }

    #[test]
    fn a_balanced_aggregate_is_fine_and_nothing_runs_without_parts() {
        let text = aggregate("[教育局.nianbao, 财政局.nianbao]");
        assert!(nb307(&text, &loader("")).is_empty(), "{:#?}", nb307(&text, &loader("")));
        // The front matter key is known (no NB101).
        assert!(check_with(&text, &loader("")).iter().all(|d| d.code != "NB101"));
        assert!(of(VALID_2021, "NB307").is_empty());
    }

    #[test]
    fn a_cell_that_is_not_the_sum_of_its_parts() {
        let text = aggregate("[教育局.nianbao, 财政局.nianbao]");
        let text = edit(&text, "| 行政许可 | 120 |", "| 行政许可 | 121 |");
        let d = nb307(&text, &loader(""));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "121");
        assert!(d[0].message.contains("为 121，2 份组成报告之和为 120"), "{}", d[0].message);
        // The parts' cells are the related locations, in their own files.
        let related: Vec<(String, String)> = d[0]
            .related
            .iter()
            .map(|r| {
                let f = r.file.as_ref().expect("in a part");
                (f.path.display().to_string(), f.doc.text[r.span.clone()].to_string())
            })
            .collect();
        assert_eq!(
            related,
            [
                ("教育局.nianbao".to_string(), "120".to_string()),
                ("财政局.nianbao".to_string(), "0".to_string())
            ]
        );
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].new_text, "120");
    }

    #[test]
    fn every_table_is_compared_cell_by_cell() {
        let base = aggregate("[教育局.nianbao, 财政局.nianbao]");
        for (from, to) in [
            // 表二 (一), 表三, 表四.
            ("| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 0 | 1 |"),
            ("| （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |", "| （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 5 |"),
            ("| 行政复议 | 1 | 0 | 0 | 1 | 2 |", "| 行政复议 | 1 | 0 | 0 | 1 | 3 |"),
        ] {
            let text = edit(&base, from, to);
            let d = nb307(&text, &loader(""));
            assert_eq!(d.len(), 1, "{to}: {d:#?}");
        }
    }

    #[test]
    fn a_folder_of_parts() {
        let text = aggregate("部门/");
        assert!(nb307(&text, &loader("部门/")).is_empty());
        let text = edit(&text, "| 行政许可 | 120 |", "| 行政许可 | 7 |");
        assert_eq!(nb307(&text, &loader("部门/")).len(), 1);
    }

    #[test]
    fn parts_that_cannot_be_used_are_said_on_the_value() {
        let text = aggregate("[教育局.nianbao, 缺失.nianbao]");
        let d = nb307(&text, &loader(""));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "[教育局.nianbao, 缺失.nianbao]");
        assert!(d[0].message.contains("无法读取 缺失.nianbao：文件不存在"), "{}", d[0].message);
        // With a part missing, no cell is compared: a sum over the others
        // would flag every cell with a wrong number to write.
        let text = aggregate("[教育局.nianbao, 缺失.nianbao]");
        let text = edit(&text, "| 行政许可 | 120 |", "| 行政许可 | 125 |");
        assert_eq!(nb307(&text, &loader("")).len(), 1);
        // A part named by itself of another year is left out, and said.
        let mut l = loader("");
        l.0[1].1 = l.0[1].1.replace("2022", "2021");
        let text = aggregate("[教育局.nianbao, 财政局.nianbao]");
        let d = nb307(&text, &l);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("财政局.nianbao 是 2021 年度的报告"), "{}", d[0].message);
        // An empty value (being typed) names nothing.
        let text = aggregate("");
        assert!(nb307(&text, &loader("")).is_empty());
    }

    #[test]
    fn a_folder_may_hold_other_years_and_a_part_named_twice_counts_once() {
        let mut l = loader("部门/");
        l.0.push((
            "部门/教育局2021.nianbao",
            VALID_2021.replace("2022", "2021").replace("某某区人民政府", "某某区教育局"),
        ));
        let text = aggregate("部门/");
        assert!(nb307(&text, &l).is_empty(), "{:#?}", nb307(&text, &l));
        // Named in the folder and by name, or spelled two ways: one part.
        let text = aggregate("[部门/, 部门/教育局.nianbao, ./部门/../部门/财政局.nianbao]");
        assert!(nb307(&text, &l).is_empty(), "{:#?}", nb307(&text, &l));
    }
}
