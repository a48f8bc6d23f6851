//! Splitting a run of digits back into the cells it was made of, when a
//! crawler wrote the cells of a table row with no separator
//! (`规范性文件898989` = 89, 89, 89).
//!
//! A split must give the row's number of cells, each a well-formed number
//! for its column (no leading zero, a decimal point or a unit only where
//! the column allows one); whitespace in the run is a cell boundary. When
//! more than one split fits, the row's own sum (表三's 总计 column, 表四's
//! 总计) decides, then the table's sums down the columns (表三's （七）总计
//! and the balance 一 + 二 = （七） + 四), all as the template declares them.
//! When that still leaves more than one, the row is ambiguous: the caller
//! keeps its cells blank and reports it. Nothing is ever guessed.

use crate::template::{CellKind, SumCheck, TableTemplate};
use crate::value::Value;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The most splits of one run looked at; a run with more is ambiguous.
const CAP: usize = 5000;
/// The most combinations of ambiguous rows tried against the table's sums.
const MAX_COMBINATIONS: usize = 200_000;
/// The longest cell a split makes (characters).
const MAX_CELL: usize = 24;
/// The longest run split at all (characters).
const MAX_RUN: usize = 600;

/// The ways a run splits into cells of the given kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Splits {
    pub splits: Vec<Vec<String>>,
    /// More than [`CAP`] splits (or the run is too long to try).
    pub capped: bool,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_zero(c: char) -> bool {
    c == '0' || c == '０'
}

/// Whether `s` is a well-formed cell of this kind: an integer without a
/// leading zero, a sign for a signed column, a decimal part and a unit for
/// an amount.
fn cell_ok(s: &[char], kind: CellKind) -> bool {
    let mut i = 0;
    if kind == CellKind::Signed && matches!(s.first(), Some('-' | '+' | '－' | '＋')) {
        i = 1;
    }
    let start = i;
    while i < s.len() && is_digit(s[i]) {
        i += 1;
    }
    let int_len = i - start;
    if int_len == 0 || (int_len > 1 && is_zero(s[start])) {
        return false;
    }
    let amount = matches!(kind, CellKind::Amount | CellKind::AmountWithUnit);
    if amount && i < s.len() && matches!(s[i], '.' | '．') {
        let frac = i + 1;
        i = frac;
        while i < s.len() && is_digit(s[i]) {
            i += 1;
        }
        if i == frac {
            return false;
        }
    }
    let rest: String = s[i..].iter().collect();
    rest.is_empty() || (amount && (rest == "元" || rest == "万元"))
}

/// Every split of `run` into `kinds.len()` cells (up to [`CAP`]).
pub(super) fn splits(run: &str, kinds: &[CellKind]) -> Splits {
    let chars: Vec<char> = run.trim().chars().collect();
    let n = kinds.len();
    if n == 0 || chars.len() > MAX_RUN {
        return Splits {
            splits: Vec::new(),
            capped: n > 0,
        };
    }
    let mut memo: HashMap<(usize, usize), bool> = HashMap::new();
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(n);
    let capped = walk(&chars, kinds, 0, 0, &mut memo, &mut cur, &mut out);
    Splits {
        splits: out,
        capped,
    }
}

fn skip_ws(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

/// The cell ends possible at `pos` for column `col`.
fn ends(chars: &[char], kinds: &[CellKind], pos: usize, col: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut end = pos + 1;
    while end <= chars.len() && end - pos <= MAX_CELL {
        if chars[end - 1].is_whitespace() {
            break;
        }
        // A cell ends at whitespace or at the end: it cannot run into the next.
        if cell_ok(&chars[pos..end], kinds[col]) {
            v.push(end);
        }
        end += 1;
    }
    v
}

fn feasible(
    chars: &[char],
    kinds: &[CellKind],
    pos: usize,
    col: usize,
    memo: &mut HashMap<(usize, usize), bool>,
) -> bool {
    let pos = skip_ws(chars, pos);
    if col == kinds.len() {
        return pos == chars.len();
    }
    if pos == chars.len() {
        return false;
    }
    if let Some(&r) = memo.get(&(pos, col)) {
        return r;
    }
    let r = ends(chars, kinds, pos, col)
        .into_iter()
        .any(|e| feasible(chars, kinds, e, col + 1, memo));
    memo.insert((pos, col), r);
    r
}

/// Depth-first over feasible cuts only, so every branch taken ends in a
/// split; returns true when [`CAP`] was exceeded.
fn walk(
    chars: &[char],
    kinds: &[CellKind],
    pos: usize,
    col: usize,
    memo: &mut HashMap<(usize, usize), bool>,
    cur: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> bool {
    let pos = skip_ws(chars, pos);
    if col == kinds.len() {
        if pos == chars.len() {
            out.push(cur.clone());
        }
        return out.len() > CAP;
    }
    for e in ends(chars, kinds, pos, col) {
        if !feasible(chars, kinds, e, col + 1, memo) {
            continue;
        }
        cur.push(chars[pos..e].iter().collect());
        let stop = walk(chars, kinds, e, col + 1, memo, cur, out);
        cur.pop();
        if stop {
            out.truncate(CAP);
            return true;
        }
    }
    false
}

/// A sum within one row: cell `total` = Σ cells `parts` (indices into the
/// row's cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowSum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// The row sums a template declares, for cells written in the columns
/// `map` gives (written column → template column). A sum over a column
/// the written table lacks is left out.
pub(super) fn row_sums(tt: &TableTemplate, map: &[Option<usize>]) -> Vec<RowSum> {
    let at = |id: &str| -> Option<usize> {
        let (c, _) = tt.column(id)?;
        map.iter().position(|m| *m == Some(c))
    };
    tt.checks
        .iter()
        .filter_map(|c| match c {
            SumCheck::RowTotal { total, parts, .. } => Some(RowSum {
                total: at(total)?,
                parts: parts.iter().map(|p| at(p)).collect::<Option<Vec<_>>>()?,
            }),
            _ => None,
        })
        .collect()
}

fn amounts(cells: &[String]) -> Vec<Option<Decimal>> {
    cells.iter().map(|c| Value::parse(c).amount()).collect()
}

/// Whether the cells meet the row sums (a sum over a cell that is not an
/// amount is not judged).
pub(super) fn sums_hold(cells: &[String], sums: &[RowSum]) -> bool {
    let a = amounts(cells);
    sums.iter().all(|s| {
        let parts: Option<Decimal> = s.parts.iter().map(|&p| a[p]).sum();
        match (a[s.total], parts) {
            (Some(t), Some(p)) => t == p,
            _ => true,
        }
    })
}

/// One row to split: its template row (for the table's sums down the
/// columns), its run, the kinds of its cells and its own sums.
#[derive(Debug, Clone)]
pub(super) struct RunRow {
    pub template_row: Option<usize>,
    pub run: String,
    pub kinds: Vec<CellKind>,
    pub sums: Vec<RowSum>,
}

/// How a row's run was split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resolved {
    /// The only well-formed split.
    Form(Vec<String>),
    /// The only split whose row sum holds.
    RowSum(Vec<String>),
    /// The only split consistent with the table's sums down the columns.
    TableSums(Vec<String>),
    /// No split, or more than one: why (Chinese).
    Ambiguous(String),
}

impl Resolved {
    pub fn cells(&self) -> Option<&[String]> {
        match self {
            Resolved::Form(c) | Resolved::RowSum(c) | Resolved::TableSums(c) => Some(c),
            Resolved::Ambiguous(_) => None,
        }
    }
}

fn examples(splits: &[Vec<String>]) -> String {
    let mut v: Vec<String> = splits.iter().take(3).map(|s| s.join("|")).collect();
    if splits.len() > 3 {
        v.push("…".into());
    }
    v.join("、")
}

/// Split every row of one table, using the template's sums where the form
/// alone leaves more than one split.
pub(super) fn resolve(tt: &TableTemplate, rows: &[RunRow]) -> Vec<Resolved> {
    let mut out: Vec<Option<Resolved>> = vec![None; rows.len()];
    // Rows still open after their own sums: their remaining splits.
    let mut open: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let n = r.kinds.len();
        let s = splits(&r.run, &r.kinds);
        if s.capped {
            out[i] = Some(Resolved::Ambiguous(format!(
                "按 {n} 列拆分的方法太多（超过 {CAP} 种），无法确定"
            )));
            continue;
        }
        match s.splits.len() {
            0 => out[i] = Some(Resolved::Ambiguous(format!("无法拆成 {n} 个格式正确的数"))),
            1 => out[i] = Some(Resolved::Form(s.splits[0].clone())),
            k => {
                let fit: Vec<Vec<String>> = s
                    .splits
                    .iter()
                    .filter(|c| sums_hold(c, &r.sums))
                    .cloned()
                    .collect();
                match fit.len() {
                    _ if r.sums.is_empty() => {
                        out[i] = Some(Resolved::Ambiguous(format!(
                            "按 {n} 列有 {k} 种拆法（{}），这一行没有总计可以核对，无法确定",
                            examples(&s.splits)
                        )))
                    }
                    0 => {
                        out[i] = Some(Resolved::Ambiguous(format!(
                            "按 {n} 列有 {k} 种拆法（{}），没有一种使总计等于各项之和，无法确定",
                            examples(&s.splits)
                        )))
                    }
                    1 => out[i] = Some(Resolved::RowSum(fit[0].clone())),
                    _ => open.push((i, fit)),
                }
            }
        }
    }
    if !open.is_empty() {
        for (i, why) in by_table_sums(tt, rows, &out, &open) {
            out[i] = Some(why);
        }
    }
    out.into_iter()
        .map(|r| r.expect("every row resolved"))
        .collect()
}

/// The column sums of the template (a total row = Σ rows, Σ rows = Σ rows)
/// as pairs of template-row lists whose sums must agree in every column,
/// and whether the pair is a balance (else: one total row, then its parts).
pub(super) fn column_sums(tt: &TableTemplate) -> Vec<(Vec<usize>, Vec<usize>, bool)> {
    let idx = |id: &String| tt.row(id).map(|(i, _)| i);
    tt.checks
        .iter()
        .filter_map(|c| match c {
            SumCheck::ColumnTotal { total, parts, .. } => Some((
                vec![idx(total)?],
                parts.iter().map(idx).collect::<Option<_>>()?,
                false,
            )),
            SumCheck::Balance { lhs, rhs, .. } => Some((
                lhs.iter().map(idx).collect::<Option<_>>()?,
                rhs.iter().map(idx).collect::<Option<_>>()?,
                true,
            )),
            SumCheck::RowTotal { .. } => None,
        })
        .collect()
}

fn by_table_sums(
    tt: &TableTemplate,
    rows: &[RunRow],
    done: &[Option<Resolved>],
    open: &[(usize, Vec<Vec<String>>)],
) -> Vec<(usize, Resolved)> {
    let ambiguous = |i: usize, why: &str| {
        let k = open
            .iter()
            .find(|(j, _)| *j == i)
            .map_or(0, |(_, s)| s.len());
        Resolved::Ambiguous(format!(
            "按 {} 列有 {k} 种拆法符合这一行的总计（{}），{why}",
            rows[i].kinds.len(),
            examples(&open.iter().find(|(j, _)| *j == i).unwrap().1)
        ))
    };
    // Template row → the table row that holds it (the first, if written twice).
    let mut at: HashMap<usize, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(t) = r.template_row {
            at.entry(t).or_insert(i);
        }
    }
    let width = rows[open[0].0].kinds.len();
    // The sums that involve an open row and whose every row is readable.
    let sums: Vec<(Vec<usize>, Vec<usize>)> = column_sums(tt)
        .into_iter()
        .filter_map(|(l, r, _)| {
            let l: Vec<usize> = l
                .iter()
                .map(|t| at.get(t).copied())
                .collect::<Option<_>>()?;
            let r: Vec<usize> = r
                .iter()
                .map(|t| at.get(t).copied())
                .collect::<Option<_>>()?;
            let usable = l.iter().chain(&r).all(|&i| {
                rows[i].kinds.len() == width
                    && (open.iter().any(|(j, _)| *j == i)
                        || done[i].as_ref().and_then(Resolved::cells).is_some())
            });
            let touches = l
                .iter()
                .chain(&r)
                .any(|&i| open.iter().any(|(j, _)| *j == i));
            (usable && touches).then_some((l, r))
        })
        .collect();
    let combos = open
        .iter()
        .try_fold(1usize, |acc, (_, s)| acc.checked_mul(s.len()))
        .filter(|&c| c <= MAX_COMBINATIONS);
    let Some(combos) = combos.filter(|_| !sums.is_empty()) else {
        let why = if sums.is_empty() {
            "表格中没有可用于核对的合计，无法确定"
        } else {
            "可能的组合太多，无法确定"
        };
        return open.iter().map(|(i, _)| (*i, ambiguous(*i, why))).collect();
    };
    // Amounts of the fixed rows and of every open split.
    let mut fixed: HashMap<usize, Vec<Option<Decimal>>> = HashMap::new();
    for (i, d) in done.iter().enumerate() {
        if let Some(c) = d.as_ref().and_then(Resolved::cells) {
            fixed.insert(i, amounts(c));
        }
    }
    let open_amounts: Vec<Vec<Vec<Option<Decimal>>>> = open
        .iter()
        .map(|(_, s)| s.iter().map(|c| amounts(c)).collect())
        .collect();
    let mut choice = vec![0usize; open.len()];
    // For each open row, the splits some consistent combination uses.
    let mut used: Vec<std::collections::BTreeSet<usize>> = vec![Default::default(); open.len()];
    for _ in 0..combos {
        let value = |i: usize, col: usize| -> Option<Decimal> {
            match open.iter().position(|(j, _)| *j == i) {
                Some(k) => open_amounts[k][choice[k]][col],
                None => fixed.get(&i).and_then(|a| a[col]),
            }
        };
        let holds = sums.iter().all(|(l, r)| {
            (0..width).all(|col| {
                let a: Option<Decimal> = l.iter().map(|&i| value(i, col)).sum();
                let b: Option<Decimal> = r.iter().map(|&i| value(i, col)).sum();
                match (a, b) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
            })
        });
        if holds {
            for (k, c) in choice.iter().enumerate() {
                used[k].insert(*c);
            }
        }
        // Next combination (odometer).
        for k in 0..choice.len() {
            choice[k] += 1;
            if choice[k] < open[k].1.len() {
                break;
            }
            choice[k] = 0;
        }
    }
    open.iter()
        .enumerate()
        .map(|(k, (i, s))| {
            let r = match used[k].len() {
                1 => Resolved::TableSums(s[*used[k].iter().next().unwrap()].clone()),
                0 => ambiguous(*i, "也没有一种使表格的合计关系成立，无法确定"),
                _ => ambiguous(*i, "表格的合计关系也不能确定是哪一种"),
            };
            (*i, r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Edition;

    fn counts(n: usize) -> Vec<CellKind> {
        vec![CellKind::Count; n]
    }

    fn t3() -> &'static TableTemplate {
        Edition::parse("2021")
            .unwrap()
            .template()
            .tables
            .iter()
            .find(|t| t.id == "t3")
            .unwrap()
    }

    #[test]
    fn zeros_and_whitespace_leave_one_split() {
        assert_eq!(splits("000", &counts(3)).splits, [["0", "0", "0"]]);
        // A space is a cell boundary; 00 is two cells.
        assert_eq!(
            splits("0 0 0 0 0 00", &counts(7)).splits,
            [["0", "0", "0", "0", "0", "0", "0"]]
        );
        assert_eq!(splits("7000007", &counts(7)).splits.len(), 1);
    }

    #[test]
    fn every_split_is_listed_when_the_form_does_not_decide() {
        let s = splits("898989", &counts(3));
        assert!(s
            .splits
            .contains(&vec!["89".into(), "89".into(), "89".into()]));
        assert!(s
            .splits
            .contains(&vec!["8".into(), "9".into(), "8989".into()]));
        assert_eq!(s.splits.len(), 10);
        assert!(!s.capped);
    }

    #[test]
    fn cells_follow_their_column_kind() {
        let kinds = [CellKind::Count, CellKind::AmountWithUnit];
        let s = splits("13575394432.52元", &kinds);
        assert!(s
            .splits
            .contains(&vec!["135".into(), "75394432.52元".into()]));
        // A count has no decimal point, an amount no leading zero.
        assert!(s.splits.iter().all(|c| !c[0].contains('.')));
        assert!(!s.splits.iter().any(|c| c[1].starts_with('0')));
        assert_eq!(
            splits("24252.311082", &[CellKind::Amount]).splits,
            [["24252.311082"]]
        );
        assert!(splits("12.5", &[CellKind::Count]).splits.is_empty());
    }

    #[test]
    fn the_row_total_decides_between_splits() {
        let sums = row_sums(t3(), &(0..7).map(Some).collect::<Vec<_>>());
        let rows = [RunRow {
            template_row: Some(0),
            run: "640020470".into(),
            kinds: counts(7),
            sums,
        }];
        let r = resolve(t3(), &rows);
        assert_eq!(
            r[0],
            Resolved::RowSum(
                ["64", "0", "0", "2", "0", "4", "70"]
                    .map(String::from)
                    .to_vec()
            )
        );
    }

    #[test]
    fn a_row_without_a_total_stays_ambiguous() {
        let t21 = Edition::parse("2021")
            .unwrap()
            .template()
            .tables
            .iter()
            .find(|t| t.id == "t2-1")
            .unwrap();
        let r = resolve(
            t21,
            &[RunRow {
                template_row: Some(1),
                run: "693665".into(),
                kinds: counts(3),
                sums: vec![],
            }],
        );
        let Resolved::Ambiguous(why) = &r[0] else {
            panic!("{r:?}")
        };
        assert!(why.contains("没有总计可以核对"), "{why}");
        assert!(why.contains("69|3|665") || why.contains("种拆法"), "{why}");
    }

    #[test]
    fn the_column_totals_decide_what_the_row_total_cannot() {
        // 予以公开 "110000011" is 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11: both
        // keep the row total. Every other result row is zero, and （七）总计
        // (written with spaces, so read one way only) has 11 natural
        // persons: only the first split adds up down the columns.
        let t = t3();
        let map: Vec<Option<usize>> = (0..7).map(Some).collect();
        let sums = row_sums(t, &map);
        let row = |id: &str, run: &str| RunRow {
            template_row: Some(t.row(id).unwrap().0),
            run: run.into(),
            kinds: counts(7),
            sums: sums.clone(),
        };
        let mut rows = vec![row("public", "110000011")];
        for id in [
            "partial",
            "withheld-1",
            "withheld-2",
            "withheld-3",
            "withheld-4",
            "withheld-5",
            "withheld-6",
            "withheld-7",
            "withheld-8",
            "unable-1",
            "unable-2",
            "unable-3",
            "rejected-1",
            "rejected-2",
            "rejected-3",
            "rejected-4",
            "rejected-5",
            "other-1",
            "other-2",
            "other-3",
        ] {
            rows.push(row(id, "0000000"));
        }
        rows.push(row("total", "11 0 0 0 0 0 11"));
        let r = resolve(t, &rows);
        assert!(matches!(&r[rows.len() - 1], Resolved::Form(c) if c[0] == "11"));
        assert_eq!(
            r[0],
            Resolved::TableSums(
                ["11", "0", "0", "0", "0", "0", "11"]
                    .map(String::from)
                    .to_vec()
            )
        );
        // Without the total row nothing decides: ambiguous, and said so.
        rows.pop();
        let r = resolve(t, &rows);
        assert!(
            matches!(&r[0], Resolved::Ambiguous(w) if w.contains("2 种拆法")),
            "{:?}",
            r[0]
        );
    }
}
