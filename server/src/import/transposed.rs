//! The official layout of a `transposed` template table (表四): one row of
//! values, each template row a block of the template's columns under its
//! row's `header` path (行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉 ›
//! 结果维持 …), fifteen numbers in all. Every front-end meets it in its own
//! shape: a grid row under three header levels (HTML, text), a line of
//! fifteen numbers (PDF text), a run of digits (crawler text). This module
//! turns each into the template's rows; the layout itself comes from the
//! template (`transposed`, the rows' order, the columns' count).

use super::assemble::RowDraft;
use super::draft::{Cell, Grid, Loc};
use super::emit::{self, Column, Writer};
use super::split::{self, Resolved, RunRow};
use super::Unplaced;
use crate::labels::MatchKind;
use crate::template::{CellKind, TableTemplate};

/// How many values the one-row layout of `tt` has (0 when it has none).
pub(super) fn cells(tt: &TableTemplate) -> usize {
    if tt.transposed {
        tt.rows.len() * tt.columns.len()
    } else {
        0
    }
}

/// The note saying the row was cut into the template's rows.
fn cut_note(tt: &TableTemplate) -> String {
    let names: Vec<&str> = tt.rows.iter().map(|r| r.label.as_str()).collect();
    format!(
        "{}为一行 {} 个数，按官方格式的顺序分为{}{}行",
        tt.name,
        cells(tt),
        names.join("、"),
        match tt.rows.len() {
            3 => "三",
            2 => "两",
            _ => "各",
        }
    )
}

/// Values already cut into cells (a line of fifteen numbers), in the
/// official order: the template's rows, with a note.
pub(super) fn from_values(
    tt: &TableTemplate,
    values: &[(String, Loc)],
    loc: &Loc,
    notes: &mut Vec<String>,
) -> Option<Vec<RowDraft>> {
    let n = tt.columns.len();
    if cells(tt) == 0 || values.len() != cells(tt) {
        return None;
    }
    notes.push(cut_note(tt));
    Some(
        tt.rows
            .iter()
            .enumerate()
            .map(|(g, rt)| RowDraft {
                label: rt.label.clone(),
                loc: loc.clone(),
                values: Some(values[g * n..(g + 1) * n].to_vec()),
            })
            .collect(),
    )
}

/// What cutting a run of digits gave.
pub(super) struct FromRun {
    /// The template's rows in template order (blank when ambiguous).
    pub rows: Vec<RowDraft>,
    pub notes: Vec<String>,
    pub unplaced: Option<Unplaced>,
    /// The sums decided the split.
    pub by_sums: bool,
}

/// A run of digits holding the whole row (`10203120001200000`): cut by the
/// columns' kinds and each block's row sum; the blocks in the order the
/// header named the rows (`header_rows`: label as read, template row), else
/// the official one.
pub(super) fn from_run(
    tt: &TableTemplate,
    header_rows: &[(String, usize)],
    run: &(String, Loc),
    shown: impl Fn(&str) -> String,
) -> FromRun {
    let n = tt.columns.len();
    let kinds: Vec<CellKind> = (0..tt.rows.len())
        .flat_map(|_| tt.columns.iter().map(|c| c.kind))
        .collect();
    let one = split::row_sums(tt, &(0..n).map(Some).collect::<Vec<_>>());
    let sums: Vec<split::RowSum> = (0..tt.rows.len())
        .flat_map(|g| {
            one.iter().map(move |s| split::RowSum {
                total: g * n + s.total,
                parts: s.parts.iter().map(|p| g * n + p).collect(),
            })
        })
        .collect();
    let res = split::resolve(
        tt,
        &[RunRow {
            template_row: None,
            run: run.0.clone(),
            kinds,
            sums,
        }],
    )
    .remove(0);
    let mut out = FromRun {
        rows: Vec::new(),
        notes: Vec::new(),
        unplaced: None,
        by_sums: false,
    };
    let mut order: Vec<(String, usize)> = Vec::new();
    for (l, r) in header_rows {
        if !order.iter().any(|(_, x)| x == r) {
            order.push((l.clone(), *r));
        }
    }
    if order.len() != tt.rows.len() {
        if !order.is_empty() {
            out.notes.push(format!(
                "{}的表头没有写全各栏的分组，按官方格式的顺序导入",
                tt.name
            ));
        }
        order = tt
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.label.clone(), i))
            .collect();
    }
    match &res {
        Resolved::Ambiguous(why) => {
            out.unplaced = Some(Unplaced {
                text: shown(&run.0),
                loc: run.1.clone(),
                reason: format!(
                    "{}的 {} 个数字连在一起，{why}；{}的单元格留空",
                    tt.name,
                    cells(tt),
                    tt.name
                ),
            });
        }
        Resolved::RowSum(_) | Resolved::TableSums(_) => out.by_sums = true,
        Resolved::Form(_) => {}
    }
    let values = res.cells().map(<[String]>::to_vec);
    let mut rows: Vec<(usize, RowDraft)> = order
        .iter()
        .enumerate()
        .map(|(g, (label, ri))| {
            let values = values.as_ref().map(|c| {
                c[g * n..(g + 1) * n]
                    .iter()
                    .map(|v| (v.clone(), run.1.clone()))
                    .collect()
            });
            (
                *ri,
                RowDraft {
                    label: label.clone(),
                    loc: run.1.clone(),
                    values,
                },
            )
        })
        .collect();
    rows.sort_by_key(|(ri, _)| *ri);
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    out
}

/// 表四 as published: one row of 15 numbers under three header levels
/// (行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉 › 结果维持 …). Written as
/// the template's three rows of five, each number under its own header.
pub(super) fn lines(
    w: &mut Writer,
    g: &Grid,
    tt: &TableTemplate,
    columns: &[Column],
    start: usize,
) -> Option<Vec<String>> {
    let data: Vec<&Vec<Cell>> = g.rows[start..]
        .iter()
        .filter(|r| {
            r.iter()
                .any(|c| c.origin.is_none() && !c.text.trim().is_empty())
        })
        .collect();
    if data.len() != 1 || columns.len() <= tt.columns.len() {
        return None;
    }
    let row = data[0];
    // The row each column belongs to: the deepest path element naming one.
    let mut owner: Vec<Option<(usize, MatchKind, String)>> = columns
        .iter()
        .map(|c| {
            c.path
                .iter()
                .rev()
                .find_map(|p| emit::match_row(tt, p).map(|(ri, k)| (ri, k, p.clone())))
        })
        .collect();
    if owner.iter().all(Option::is_none) && columns.len() == tt.rows.len() * tt.columns.len() {
        // No row names in the header: the official order.
        let n = tt.columns.len();
        for (i, o) in owner.iter_mut().enumerate() {
            let ri = i / n;
            *o = Some((ri, MatchKind::Canonical, tt.rows[ri].label.clone()));
        }
        w.notes.push(format!(
            "{}的表头没有写明各栏的分组，按官方格式的列序导入",
            tt.name
        ));
    }
    // Per template row: how its label matched, the label, (template column, column) pairs.
    type Group = (usize, MatchKind, String, Vec<(usize, usize)>);
    let mut groups: Vec<Group> = Vec::new();
    for (ci, o) in owner.iter().enumerate() {
        let Some((ri, k, label)) = o else {
            let text = row[columns[ci].cols.start].text.clone();
            if !text.trim().is_empty() {
                w.unplaced.push(Unplaced {
                    text,
                    loc: row[columns[ci].cols.start].loc.clone(),
                    reason: format!(
                        "表四“{}”一列不属于行政复议或行政诉讼的任何一栏",
                        columns[ci].leaf()
                    ),
                });
            }
            continue;
        };
        let Some((tc, _)) = emit::match_column(tt, &columns[ci].path) else {
            let cell = &row[columns[ci].cols.start];
            if !cell.text.trim().is_empty() {
                w.unplaced.push(Unplaced {
                    text: cell.text.clone(),
                    loc: cell.loc.clone(),
                    reason: format!("表四“{}”不是年报格式中的列", columns[ci].leaf()),
                });
            }
            continue;
        };
        match groups.iter_mut().find(|(r, ..)| r == ri) {
            Some(gr) => gr.3.push((tc, ci)),
            None => groups.push((*ri, *k, label.clone(), vec![(tc, ci)])),
        }
    }
    let mut lines = vec![
        format!(
            "| {} | {} |",
            tt.corner,
            tt.columns
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        format!("| --- |{}", " ---: |".repeat(tt.columns.len())),
    ];
    for (ri, k, label, cols) in groups {
        let mut cells: Vec<Option<&Cell>> = vec![None; tt.columns.len()];
        for (tc, ci) in cols {
            let cell = &row[columns[ci].cols.start];
            if cells[tc].is_some() {
                w.unplaced.push(Unplaced {
                    text: cell.text.clone(),
                    loc: cell.loc.clone(),
                    reason: format!("表四“{label}”一栏中“{}”列出现两次", tt.columns[tc].label),
                });
                continue;
            }
            cells[tc] = Some(cell);
        }
        let texts: Vec<String> = cells
            .iter()
            .map(|c| c.map(|c| emit::cell_text(&c.text)).unwrap_or_default())
            .collect();
        lines.push(emit::table_row(
            &emit::written_label(&tt.rows[ri].label, Some(k), &label),
            texts.iter().map(String::as_str),
        ));
    }
    Some(lines)
}
