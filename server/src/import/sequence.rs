//! A table read from the order of its numbers alone, for text whose
//! extraction kept the numbers in reading order but broke the rows apart
//! (plain `pdftotext`, pdfminer.six: a row's numbers over several lines,
//! the label in pieces between them, or the first columns of two rows
//! before the other columns of both, in blocks).
//!
//! Only a table whose rows carry a row sum (表三's 总计, 表四's 总计 of each
//! block) is read this way, and only when the arithmetic leaves one
//! reading: every number of the table, in order, cut into the template's
//! rows so that every row's sum holds, in exactly one way (row after row,
//! or a block of lines holding the first columns of several rows followed
//! by blocks holding the next columns of the same rows). Rows the reader
//! did recognise by their label must get the numbers read on their line.
//! Anything else is left to the row-by-row reading, which lists what it
//! could not place.

use super::draft::Loc;
use super::split::{self, RowSum};
use crate::template::TableTemplate;
use std::collections::HashMap;

/// A number as read, in reading order.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub text: String,
    pub loc: Loc,
    /// The input line, which groups the tokens of one extracted line.
    pub line: usize,
    /// The template row whose label was read on this token's line, when
    /// this is the first number read after it.
    pub anchor: Option<usize>,
}

/// The rows of `tt` that hold numbers, in template order.
fn data_rows(tt: &TableTemplate) -> Vec<usize> {
    (0..tt.rows.len()).filter(|&r| !tt.rows[r].group).collect()
}

/// The row sums of `tt` over its columns in template order.
pub(super) fn row_sums(tt: &TableTemplate) -> Vec<RowSum> {
    let identity: Vec<Option<usize>> = (0..tt.columns.len()).map(Some).collect();
    split::row_sums(tt, &identity)
}

/// A number of a cell: digits, maybe with thousands separators.
pub(super) fn value(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|&c| c != ',' && c != '，').collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 15 {
        return None;
    }
    t.parse().ok()
}

/// The cells read for each row of a template (in template order; `None`
/// for a group row): texts and places in template column order.
pub(super) type Rows = Vec<Option<Vec<(String, Loc)>>>;

/// A reading: for each data row of the template (in order), the indices
/// of its tokens in column order.
type Reading = Vec<Vec<usize>>;

enum Outcome {
    None,
    One(Reading),
    Many,
}

struct Search<'a> {
    checks: Vec<RowSum>,
    tokens: &'a [Token],
    values: Vec<i64>,
    /// Lines as (first token, token count), in order.
    lines: Vec<(usize, usize)>,
    /// The line starting at a token, when one does.
    line_at: HashMap<usize, usize>,
    rows: usize,
    width: usize,
    memo: HashMap<(usize, usize), Option<Reading>>,
    ambiguous: bool,
    steps: usize,
}

/// Explored states before a search gives up as ambiguous. Every step
/// takes whole rows, so a table has at most (rows + 1) × (tokens + 1)
/// states and a real one far fewer; this only bounds a bug.
const MAX_STEPS: usize = 200_000;

impl Search<'_> {
    fn row_ok(&self, ix: &[usize]) -> bool {
        self.checks.iter().all(|s| {
            s.parts.iter().map(|&p| self.values[ix[p]]).sum::<i64>() == self.values[ix[s.total]]
        })
    }

    /// The readings of tokens `p..` as rows `r..`: `Some` when exactly one
    /// distinct reading exists (by values), else `None` and, when more than
    /// one did, `ambiguous` set.
    fn from(&mut self, p: usize, r: usize) -> Option<Reading> {
        if let Some(m) = self.memo.get(&(p, r)) {
            return m.clone();
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.ambiguous = true;
            return None;
        }
        let out = match self.options(p, r) {
            Outcome::One(reading) => Some(reading),
            Outcome::None => None,
            Outcome::Many => {
                self.ambiguous = true;
                None
            }
        };
        self.memo.insert((p, r), out.clone());
        out
    }

    fn options(&mut self, p: usize, r: usize) -> Outcome {
        let n = self.tokens.len();
        if r == self.rows {
            return if p == n {
                Outcome::One(Vec::new())
            } else {
                Outcome::None
            };
        }
        let mut found: Vec<Reading> = Vec::new();
        // Row after row.
        if p + self.width <= n {
            let row: Vec<usize> = (p..p + self.width).collect();
            if self.row_ok(&row) {
                if let Some(rest) = self.from(p + self.width, r + 1) {
                    let mut reading = vec![row];
                    reading.extend(rest);
                    found.push(reading);
                }
            }
        }
        // Blocks of lines: `m` lines of the first columns of `m` rows, then
        // `m` lines of the next columns of the same rows, and so on.
        if let Some(&l0) = self.line_at.get(&p) {
            for m in 2..=(self.rows - r) {
                if let Some(block) = self.blocks(l0, m) {
                    if !block.iter().all(|row| self.row_ok(row)) {
                        continue;
                    }
                    let used: usize = block.iter().map(Vec::len).sum();
                    if let Some(rest) = self.from(p + used, r + m) {
                        let mut reading = block;
                        reading.extend(rest);
                        found.push(reading);
                    }
                }
            }
        }
        let distinct = |a: &Reading, b: &Reading| {
            a.iter()
                .flatten()
                .zip(b.iter().flatten())
                .any(|(&x, &y)| self.values[x] != self.values[y])
        };
        match found.len() {
            0 => Outcome::None,
            _ if found.iter().skip(1).any(|f| distinct(&found[0], f)) => Outcome::Many,
            _ => Outcome::One(found.swap_remove(0)),
        }
    }

    /// `m` rows from the lines starting at line `l0`, when they form blocks
    /// of `m` lines each, every line of a block with the same count, the
    /// counts of the blocks adding up to the table's width (two blocks at
    /// least).
    fn blocks(&self, l0: usize, m: usize) -> Option<Vec<Vec<usize>>> {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); m];
        let mut l = l0;
        let mut blocks = 0;
        while rows[0].len() < self.width {
            let lines = self.lines.get(l..l + m)?;
            let w = lines[0].1;
            if w == 0 || lines.iter().any(|&(_, c)| c != w) || rows[0].len() + w > self.width {
                return None;
            }
            for (row, &(start, count)) in rows.iter_mut().zip(lines) {
                row.extend(start..start + count);
            }
            l += m;
            blocks += 1;
        }
        (blocks >= 2).then_some(rows)
    }
}

/// The table's rows from its numbers in reading order, when the row sums
/// leave exactly one reading that agrees with every anchor: for each
/// template row (in template order, group rows `None`), its tokens' texts
/// and places in template column order.
pub(super) fn read(tt: &TableTemplate, tokens: &[Token]) -> Option<Rows> {
    let checks = row_sums(tt);
    let rows = data_rows(tt);
    let width = tt.columns.len();
    if checks.is_empty() || rows.is_empty() || tokens.len() != rows.len() * width {
        return None;
    }
    let values: Vec<i64> = tokens
        .iter()
        .map(|t| value(&t.text))
        .collect::<Option<_>>()?;
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut line_at = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        match lines.last_mut() {
            Some((start, count)) if tokens[*start].line == t.line => *count += 1,
            _ => {
                line_at.insert(i, lines.len());
                lines.push((i, 1));
            }
        }
    }
    let mut search = Search {
        checks,
        tokens,
        values,
        lines,
        line_at,
        rows: rows.len(),
        width,
        memo: HashMap::new(),
        ambiguous: false,
        steps: 0,
    };
    let reading = search.from(0, 0)?;
    if search.ambiguous {
        return None;
    }
    // Every row recognised by its label holds the first number read on its
    // line.
    for (k, ix) in reading.iter().enumerate() {
        for &i in ix {
            if tokens[i].anchor.is_some_and(|a| a != rows[k]) {
                return None;
            }
        }
    }
    let mut out: Rows = vec![None; tt.rows.len()];
    for (k, ix) in reading.into_iter().enumerate() {
        out[rows[k]] = Some(
            ix.into_iter()
                .map(|i| (tokens[i].text.clone(), tokens[i].loc.clone()))
                .collect(),
        );
    }
    Some(out)
}

/// Rows read with fewer numbers than the table has columns, because the
/// text dropped their blank cells (`pdftotext -layout` writes nothing for
/// an empty cell): where the blanks were, when the table's sums allow only
/// one place. `full` holds the other rows read (template row, cells in
/// template column order, a blank `None`); `short` the short rows
/// (template row, the numbers read). For each short row, the positions of
/// its numbers among the columns when every placement of all short rows
/// that meets the sums involving them (blanks counted as 0) agrees on it.
pub(super) fn place_dropped_blanks(
    tt: &TableTemplate,
    full: &[(usize, Vec<Option<i64>>)],
    short: &[(usize, Vec<i64>)],
) -> Vec<Option<Vec<usize>>> {
    let width = tt.columns.len();
    let mut out = vec![None; short.len()];
    // Each short row's placements: which columns its numbers take.
    let options: Vec<Vec<Vec<usize>>> = short
        .iter()
        .map(|(_, v)| {
            if v.is_empty() || v.len() >= width || width - v.len() > 2 {
                Vec::new()
            } else {
                combinations(width, v.len())
            }
        })
        .collect();
    let combos = options
        .iter()
        .try_fold(1usize, |n, o| n.checked_mul(o.len().max(1)));
    if options.iter().any(Vec::is_empty) || combos.is_none_or(|c| c > 20_000) {
        return out;
    }
    let all: Vec<usize> = full
        .iter()
        .map(|(r, _)| *r)
        .chain(short.iter().map(|(r, _)| *r))
        .collect();
    let mut table: HashMap<usize, Vec<Option<i64>>> = full.iter().cloned().collect();
    let mut agreed: Vec<Option<Option<usize>>> = vec![None; short.len()];
    let mut pick = vec![0usize; short.len()];
    loop {
        for (k, (r, v)) in short.iter().enumerate() {
            let mut row = vec![None; width];
            for (&c, &x) in options[k][pick[k]].iter().zip(v) {
                row[c] = Some(x);
            }
            table.insert(*r, row);
        }
        // Every sum of the table, not only those through the short rows:
        // where the report's own sums are broken elsewhere, the placement
        // that "fits" may be the wrong one, so none is taken.
        if sums_hold_for(tt, &table, &all) {
            for (k, a) in agreed.iter_mut().enumerate() {
                *a = match a {
                    None => Some(Some(pick[k])),
                    Some(Some(p)) if *p == pick[k] => Some(Some(*p)),
                    _ => Some(None),
                };
            }
        }
        // The next combination.
        let mut k = 0;
        while k < pick.len() {
            pick[k] += 1;
            if pick[k] < options[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
        if k == pick.len() {
            break;
        }
    }
    for (k, a) in agreed.into_iter().enumerate() {
        if let Some(Some(p)) = a {
            out[k] = Some(options[k][p].clone());
        }
    }
    out
}

/// Every choice of `k` of `n` positions, in order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(k);
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    go(0, n, k, &mut cur, &mut out);
    out
}

/// Whether every sum of `tt` that involves one of the rows `of` holds in
/// `table` (template row → cells, `None` blank). A blank part counts as
/// 0 (what an agency leaves blank it did not count); a blank total, a
/// blank in a balance, or a row not read leaves that sum unjudged.
fn sums_hold_for(
    tt: &TableTemplate,
    table: &HashMap<usize, Vec<Option<i64>>>,
    of: &[usize],
) -> bool {
    let cell = |r: &usize, c: usize| table.get(r).map(|v| v[c]);
    // Parts: a row not read is unjudged (`None`), a blank cell 0.
    let parts_sum = |rows: &[usize], c: usize| -> Option<i64> {
        rows.iter()
            .map(|r| cell(r, c).map(|v| v.unwrap_or(0)))
            .sum()
    };
    // A total: a row not read or a blank cell is unjudged.
    let total_sum = |rows: &[usize], c: usize| -> Option<i64> {
        rows.iter().map(|r| cell(r, c).flatten()).sum()
    };
    for sum in row_sums(tt) {
        for r in of {
            if let Some(v) = table.get(r) {
                let Some(total) = v[sum.total] else {
                    continue;
                };
                if sum.parts.iter().map(|&p| v[p].unwrap_or(0)).sum::<i64>() != total {
                    return false;
                }
            }
        }
    }
    for (lhs, rhs, balance) in split::column_sums(tt) {
        if !lhs.iter().chain(&rhs).any(|r| of.contains(r)) {
            continue;
        }
        for c in 0..tt.columns.len() {
            let (a, b) = if balance {
                (total_sum(&lhs, c), total_sum(&rhs, c))
            } else {
                (total_sum(&lhs, c), parts_sum(&rhs, c))
            };
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Edition;

    fn t3() -> &'static TableTemplate {
        let t = Edition::parse("2021").unwrap().template();
        t.tables.iter().find(|t| t.id == "t3").unwrap()
    }

    fn tokens(lines: &[&str]) -> Vec<Token> {
        let mut out = Vec::new();
        for (n, l) in lines.iter().enumerate() {
            for w in l.split_whitespace() {
                out.push(Token {
                    text: w.to_string(),
                    loc: Loc::line(n + 1),
                    line: n + 1,
                    anchor: None,
                });
            }
        }
        out
    }

    /// 表三 of a report whose rows are `i+1, 0, …, 0, i+1` except the first
    /// two, written as `first` lines.
    fn t3_lines(first: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        let n = data_rows(t3()).len();
        for i in 2..n {
            let v = i + 1;
            // Each row's numbers over two lines: 3 then 4.
            lines.push(format!("{v} 0 0"));
            lines.push(format!("0 0 0 {v}"));
        }
        lines
    }

    fn rows_of(r: &[Option<Vec<(String, Loc)>>]) -> Vec<String> {
        r.iter()
            .flatten()
            .map(|v| {
                v.iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn rows_broken_over_lines_and_blocks_of_columns_are_read_by_their_sums() {
        // The first two rows as pdftotext gives them: their first two
        // columns, then the other five.
        let lines = t3_lines(&[
            "176 242",
            "13 11",
            "5661 3070 2384 686 12219",
            "12 20 20 19 95",
        ]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let got = read(t3(), &tokens(&refs)).expect("one reading");
        let rows = rows_of(&got);
        assert_eq!(rows[0], "176 242 5661 3070 2384 686 12219");
        assert_eq!(rows[1], "13 11 12 20 20 19 95");
        assert_eq!(rows[2], "3 0 0 0 0 0 3");
        assert_eq!(rows.len(), data_rows(t3()).len());
    }

    #[test]
    fn a_broken_sum_or_a_missing_number_leaves_the_table_to_the_row_reader() {
        let mut lines = t3_lines(&["1 0 0 0 0 0 1", "2 0 0 0 0 0 2"]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(read(t3(), &tokens(&refs)).is_some());
        // A row whose total is wrong: no reading.
        lines[0] = "1 0 0 0 0 0 9".into();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(read(t3(), &tokens(&refs)).is_none());
        // One number fewer: no reading.
        lines[0] = "1 0 0 0 0 1".into();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(read(t3(), &tokens(&refs)).is_none());
    }

    #[test]
    fn two_readings_that_differ_are_no_reading() {
        // Rows 1 and 2 as blocks: `1 1 / 2 2` then `0 0 0 0 2 / 0 0 0 0 4`
        // reads as blocks (1 1 0 0 0 0 2, 2 2 0 0 0 0 4); row after row the
        // first row would be 1 1 2 2 0 0 0 — its sum fails, so one reading.
        let lines = t3_lines(&["1 1", "2 2", "0 0 0 0 2", "0 0 0 0 4"]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let got = read(t3(), &tokens(&refs)).expect("one reading");
        assert_eq!(rows_of(&got)[0], "1 1 0 0 0 0 2");
        // Blocks `0 0 / 1 1` then `0 0 2 0 2 / 0 0 0 0 2` hold their sums
        // both ways (0 0 0 0 2 0 2 or 0 0 1 1 0 0 2 first): no reading.
        let lines = t3_lines(&["0 0", "1 1", "0 0 2 0 2", "0 0 0 0 2"]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(read(t3(), &tokens(&refs)).is_none());
        // All zeros but one place: `0 0 / 0 0` then `0 0 0 0 0 / 0 0 0 0 0`
        // reads the same either way, so it is one reading.
        let lines = t3_lines(&["0 0", "0 0", "0 0 0 0 0", "0 0 0 0 0"]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(read(t3(), &tokens(&refs)).is_some());
    }

    #[test]
    fn an_anchor_must_get_its_own_numbers() {
        let lines = t3_lines(&["1 0 0 0 0 0 1", "2 0 0 0 0 0 2"]);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut toks = tokens(&refs);
        toks[7].anchor = Some(data_rows(t3())[1]);
        assert!(read(t3(), &toks).is_some());
        toks[7].anchor = Some(data_rows(t3())[2]);
        assert!(read(t3(), &toks).is_none());
    }

    #[test]
    fn row_sums_follow_the_template() {
        let holds = |tt: &TableTemplate, cells: &[&str]| {
            let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            split::sums_hold(&cells, &row_sums(tt))
        };
        assert!(holds(t3(), &["1", "2", "0", "0", "0", "0", "3"]));
        assert!(!holds(t3(), &["1", "2", "0", "0", "0", "0", "4"]));
        // A blank part leaves the sum unjudged; a table without row sums
        // has nothing to say.
        assert!(holds(t3(), &["1", "2", "0", "0", "0", "", "3"]));
        let t1 = Edition::parse("2021").unwrap().template();
        assert!(row_sums(&t1.tables[0]).is_empty());
        assert!(holds(&t1.tables[0], &["1", "2", "3"]));
    }

    /// The rows of 表三 read whole, but `skip`: each data row's cells from
    /// `fill` (given the row's id).
    fn t3_read_but(
        skip: &str,
        fill: impl Fn(&str) -> Vec<Option<i64>>,
    ) -> Vec<(usize, Vec<Option<i64>>)> {
        t3().rows
            .iter()
            .enumerate()
            .filter(|(_, row)| !row.group && row.id != skip)
            .map(|(i, row)| (i, fill(&row.id)))
            .collect()
    }

    #[test]
    fn dropped_blanks_are_placed_only_where_the_sums_allow_one_place() {
        let tt = t3();
        let r = |id: &str| tt.row(id).unwrap().0;
        // 本年新收 = 总计 = 0 0 5 0 0 0 5, every other row 0.
        let full = t3_read_but("public", |id| {
            let mut v = vec![Some(0); 7];
            if ["new", "total"].contains(&id) {
                v[2] = Some(5);
                v[6] = Some(5);
            }
            v
        });
        // 予以公开 read as `0 0 5 0 5`, two blanks dropped: the sums put the
        // 5s in columns 3 and 7, but the third 0 fits columns 4, 5 or 6.
        let short = vec![(r("public"), vec![0, 0, 5, 0, 5])];
        assert_eq!(place_dropped_blanks(tt, &full, &short), vec![None]);
        // `5 5`, five blanks dropped: more than two are never guessed.
        let short = vec![(r("public"), vec![5, 5])];
        assert_eq!(place_dropped_blanks(tt, &full, &short), vec![None]);
    }

    #[test]
    fn a_dropped_blank_is_placed_when_the_column_totals_decide() {
        let tt = t3();
        let r = |id: &str| tt.row(id).unwrap().0;
        // 本年新收 = 总计 = 3 1 2 0 0 0 6; 予以公开 read as `3 2 0 0 0 6`
        // (a number lost, not a blank): no place meets the sums.
        let mut full = t3_read_but("public", |id| {
            if ["new", "total"].contains(&id) {
                vec![
                    Some(3),
                    Some(1),
                    Some(2),
                    Some(0),
                    Some(0),
                    Some(0),
                    Some(6),
                ]
            } else {
                vec![Some(0); 7]
            }
        });
        let short = vec![(r("public"), vec![3, 2, 0, 0, 0, 6])];
        assert_eq!(place_dropped_blanks(tt, &full, &short), vec![None]);
        // 总计 has a blank in column 2 as published (`3 _ 2 0 0 0 5`), and
        // so does 予以公开, read `3 2 0 0 0 5`: only column 2 fits every
        // sum (the row's total and 总计 = 予以公开 + … column by column).
        for (i, v) in &mut full {
            if [r("new"), r("total")].contains(i) {
                *v = vec![Some(3), None, Some(2), Some(0), Some(0), Some(0), Some(5)];
            }
        }
        let short = vec![(r("public"), vec![3, 2, 0, 0, 0, 5])];
        assert_eq!(
            place_dropped_blanks(tt, &full, &short),
            vec![Some(vec![0, 2, 3, 4, 5, 6])]
        );
    }

    #[test]
    fn a_blank_total_is_unknown_not_zero() {
        // 上海市科委 2024 publishes 四、结转下年度继续办理 as `1 0 0 0 0 0`
        // and a blank 总计: the blank can only be the total (anywhere among
        // the parts, the total would be 0 against parts of 1).
        let tt = t3();
        let r = |id: &str| tt.row(id).unwrap().0;
        // One application received this year, carried to the next.
        let full = t3_read_but("carry-next", |id| {
            let v = |x: i64| Some(if id == "new" { x } else { 0 });
            vec![v(1), v(0), v(0), v(0), v(0), v(0), v(1)]
        });
        let short = vec![(r("carry-next"), vec![1, 0, 0, 0, 0, 0])];
        assert_eq!(
            place_dropped_blanks(tt, &full, &short),
            vec![Some(vec![0, 1, 2, 3, 4, 5])]
        );
    }
}
