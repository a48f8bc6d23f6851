//! The figures reviewers compare, one row per report: the statutory tables'
//! cells and the indicators the edition templates define (`[[indicators]]`),
//! as CSV (UTF-8 with a BOM, so that Excel reads Chinese) or JSON.

use super::Review;
use crate::diagnostic::Severity;
use crate::template::{cell_ref, Edition, Indicator, IndicatorKind};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// A column of cells: `t3/new/total` and how a spreadsheet heads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellColumn {
    pub id: String,
    pub label: String,
}

/// The cell columns of every edition, in template order, each once (the
/// editions share most of 表三 and 表四).
pub fn cell_columns() -> Vec<CellColumn> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for e in Edition::all() {
        for t in &e.template().tables {
            let table = match t.caption.as_deref() {
                Some(c) => format!("{}{}", short_name(&t.name), c),
                None => short_name(&t.name).to_string(),
            };
            for r in t.rows.iter().filter(|r| !r.group) {
                for c in &t.columns {
                    let id = format!("{}/{}/{}", t.id, r.id, c.id);
                    if seen.insert(id.clone()) {
                        out.push(CellColumn {
                            label: format!("{table} {} {}", r.short_name(), c.label),
                            id,
                        });
                    }
                }
            }
        }
    }
    out
}

/// `表三 收到和处理…` → `表三`.
fn short_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The indicators of every edition, each id once.
pub fn indicators() -> Vec<&'static Indicator> {
    let mut seen = HashSet::new();
    Edition::all()
        .flat_map(|e| e.template().indicators.iter())
        .filter(|i| seen.insert(i.id.as_str()))
        .collect()
}

/// An indicator of report `i` (its edition's definition of that id).
pub fn indicator(review: &Review, i: usize, id: &str) -> Option<Decimal> {
    let r = &review.reports[i];
    let ind = r
        .edition
        .template()
        .indicators
        .iter()
        .find(|x| x.id == id)?;
    let sum = |values: &std::collections::BTreeMap<String, Decimal>, cells: &[String]| {
        cells.iter().try_fold(Decimal::ZERO, |acc, c| {
            let (t, row, col) = cell_ref(c)?;
            Some(acc + *values.get(&format!("{t}/{row}/{col}"))?)
        })
    };
    let num = sum(&r.cells, &ind.numerator)?;
    match ind.kind {
        IndicatorKind::Value => Some(num),
        IndicatorKind::Share => {
            let den = sum(&r.cells, &ind.denominator)?;
            (!den.is_zero()).then(|| num / den)
        }
        IndicatorKind::Growth => {
            // The previous year `check` compared with: its own `上年报告`,
            // else its pair in the folder.
            let before = sum(r.previous_cells(review)?, &ind.numerator)?;
            (!before.is_zero()).then(|| (num - before) / before)
        }
    }
}

/// How a value is written: an indicator that is a ratio as a percentage
/// with two decimals (Excel reads `45.67%` as a number), others as written.
fn show(kind: IndicatorKind, v: Decimal, percent: bool) -> String {
    match kind {
        IndicatorKind::Value => v.normalize().to_string(),
        _ if percent => format!("{}%", (v * Decimal::from(100)).round_dp(2).normalize()),
        _ => v.round_dp(6).normalize().to_string(),
    }
}

/// The fixed columns before the figures.
const HEAD: [&str; 11] = [
    "文件",
    "形式",
    "机关",
    "年度",
    "格式版本",
    "导入",
    "错误",
    "警告",
    "提示",
    "最严重的问题",
    "上年报告",
];

fn head_values(review: &Review, i: usize) -> Vec<String> {
    let r = &review.reports[i];
    vec![
        r.path.display().to_string(),
        r.form.label_zh().to_string(),
        r.agency.clone().unwrap_or_default(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.edition.as_str().to_string(),
        r.audit.as_ref().map_or("—".into(), |a| a.summary()),
        r.count(Severity::Error).to_string(),
        r.count(Severity::Warning).to_string(),
        r.count(Severity::Info).to_string(),
        r.worst()
            .map(|d| format!("{} {}", d.code, d.message))
            .unwrap_or_default(),
        r.previous_path(review)
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    ]
}

/// RFC 4180 quoting, and a text that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) made inert with a leading `'`.
pub(crate) fn csv_field(s: &str, text: bool) -> String {
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The figures as CSV: a BOM, one header row, one row per report, CRLF.
pub fn csv(review: &Review) -> String {
    let inds = indicators();
    let cols = cell_columns();
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = HEAD
        .iter()
        .map(|s| s.to_string())
        .chain(inds.iter().map(|i| i.name.clone()))
        .chain(cols.iter().map(|c| c.label.clone()))
        .map(|h| csv_field(&h, true))
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for i in 0..review.reports.len() {
        let r = &review.reports[i];
        let mut row: Vec<String> = head_values(review, i)
            .iter()
            .map(|v| csv_field(v, true))
            .collect();
        row.extend(inds.iter().map(|ind| {
            indicator(review, i, &ind.id).map_or(String::new(), |v| show(ind.kind, v, true))
        }));
        row.extend(cols.iter().map(|c| {
            r.cells
                .get(&c.id)
                .map_or(String::new(), |v| v.normalize().to_string())
        }));
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The figures as JSON: the columns (ids, labels, how each indicator is
/// computed) and one object per report; ratios as fractions.
pub fn json(review: &Review) -> serde_json::Value {
    use serde_json::json;
    let inds = indicators();
    let cols = cell_columns();
    let number = |v: Decimal| v.to_f64().map_or(serde_json::Value::Null, |f| json!(f));
    let reports: Vec<serde_json::Value> = (0..review.reports.len())
        .map(|i| {
            let r = &review.reports[i];
            let indicators: serde_json::Map<String, serde_json::Value> = inds
                .iter()
                .map(|ind| {
                    let v = indicator(review, i, &ind.id)
                        .map(|v| if ind.kind == IndicatorKind::Value { v } else { v.round_dp(6) });
                    (ind.id.clone(), v.map_or(serde_json::Value::Null, number))
                })
                .collect();
            let cells: serde_json::Map<String, serde_json::Value> = r
                .cells
                .iter()
                .map(|(k, v)| (k.clone(), number(*v)))
                .collect();
            json!({
                "file": r.path.display().to_string(),
                "form": r.form.id(),
                "agency": r.agency,
                "year": r.year,
                "edition": r.edition.as_str(),
                "import": r.audit.as_ref().map(|a| json!({
                    "format": a.format,
                    "complete": a.complete(),
                    "missing_tables": a.missing_tables,
                    "unplaced": a.unplaced.len(),
                })),
                "errors": r.count(Severity::Error),
                "warnings": r.count(Severity::Warning),
                "infos": r.count(Severity::Info),
                "codes": r.diagnostics.iter().map(|d| d.code).collect::<std::collections::BTreeSet<_>>(),
                "previous": r.previous_path(review).map(|p| p.display().to_string()),
                "same_as": r.same_as.map(|p| review.reports[p].path.display().to_string()),
                "indicators": indicators,
                "cells": cells,
            })
        })
        .collect();
    json!({
        "indicators": inds.iter().map(|i| json!({
            "id": i.id, "name": i.name, "note": i.note,
            "kind": match i.kind {
                IndicatorKind::Value => "value",
                IndicatorKind::Share => "share",
                IndicatorKind::Growth => "growth",
            },
        })).collect::<Vec<_>>(),
        "cells": cols.iter().map(|c| json!({"id": c.id, "label": c.label})).collect::<Vec<_>>(),
        "reports": reports,
    })
}
