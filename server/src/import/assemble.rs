//! Shared by the front-ends whose input has lost the table structure (PDF
//! text, crawler text with the cells of a row run together): finding the
//! template's labels in running text, choosing the edition, and turning
//! the rows read for one template table into a [`Grid`] that
//! [`super::emit`] writes.
//!
//! These front-ends cannot see the grid, so they lean on the template: a
//! row is recognised by its label, its values go to the template table the
//! label belongs to, and where the published header cannot be read the
//! columns are taken in the official order (with a note saying so).

use super::draft::{Cell, Draft, Grid, Loc};
use super::Unplaced;
use crate::labels;
use crate::template::{Edition, TableTemplate, Template};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One character of a text folded for matching labels: the tolerance of
/// [`labels::normalize`] applied to running text, where a label can start
/// anywhere (so `、` after any digit may end a list numeral).
fn fold_char(prev: Option<char>, c: char) -> Option<char> {
    let after_digit = prev.is_some_and(|p| p.is_ascii_digit());
    labels::fold_char(c, after_digit, after_digit)
}

/// A text folded for label matching, with the byte offset in the source of
/// every folded character (and the source length at the end).
pub(super) struct Folded {
    pub chars: Vec<char>,
    pub at: Vec<usize>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut chars = Vec::with_capacity(s.len() / 2);
        let mut at = Vec::with_capacity(s.len() / 2 + 1);
        let mut prev = None;
        for (i, c) in s.char_indices() {
            if let Some(f) = fold_char(prev, c) {
                chars.push(f);
                at.push(i);
                prev = Some(f);
            }
        }
        at.push(s.len());
        Folded { chars, at }
    }

    /// The folded index of the first folded character at or after byte `b`.
    pub fn index_at(&self, b: usize) -> usize {
        self.at.partition_point(|&x| x < b)
    }
}

pub(super) fn fold(s: &str) -> Vec<char> {
    Folded::new(s).chars
}

/// What a label of the template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A section heading (`二、主动公开政府信息情况`), with the section index.
    Section(usize),
    /// A 表二 caption (`第二十条第（一）项`).
    Caption,
    /// A table corner (`信息内容`, 表三's 勾稽关系 note).
    Corner,
    /// A column label, with the template column index.
    Column(usize),
    /// A merged header over columns (`法人或其他组织`).
    Group,
    /// A row label, with the template row index.
    Row(usize),
}

#[derive(Debug)]
pub(super) struct Entry {
    pub chars: Vec<char>,
    pub role: Role,
    pub edition: Edition,
    /// Index into the edition's `tables` (None for sections).
    pub table: Option<usize>,
}

impl Entry {
    pub fn template(&self) -> Option<&'static TableTemplate> {
        self.table.map(|t| &self.edition.template().tables[t])
    }
}

/// Every label of both editions' templates, for finding them in running
/// text by longest match.
pub(super) struct Vocab {
    entries: Vec<Entry>,
    by_first: HashMap<char, Vec<usize>>,
}

impl Vocab {
    /// The vocabulary of section headings (`numeral、title`, with aliases and
    /// variants) or of table labels.
    fn build(sections: bool) -> Vocab {
        let mut entries = Vec::new();
        let mut push = |text: &str, role: Role, edition: Edition, table: Option<usize>| {
            let chars = fold(text);
            if !chars.is_empty() {
                entries.push(Entry {
                    chars,
                    role,
                    edition,
                    table,
                });
            }
        };
        for e in Edition::all() {
            let t = e.template();
            if sections {
                for (si, s) in t.sections.iter().enumerate() {
                    for title in std::iter::once(&s.title)
                        .chain(&s.aliases)
                        .chain(&s.variants)
                    {
                        push(
                            &format!("{}、{title}", s.numeral),
                            Role::Section(si),
                            e,
                            None,
                        );
                    }
                }
                continue;
            }
            for (ti, tt) in t.tables.iter().enumerate() {
                if let Some(c) = &tt.caption {
                    push(c, Role::Caption, e, Some(ti));
                }
                for c in std::iter::once(&tt.corner).chain(&tt.corner_aliases) {
                    push(c, Role::Corner, e, Some(ti));
                }
                for (ci, c) in tt.columns.iter().enumerate() {
                    for l in std::iter::once(&c.label).chain(&c.aliases) {
                        push(l, Role::Column(ci), e, Some(ti));
                    }
                    if let Some(g) = &c.group {
                        push(g, Role::Group, e, Some(ti));
                    }
                }
                for (ri, r) in tt.rows.iter().enumerate() {
                    for l in std::iter::once(&r.label)
                        .chain(&r.aliases)
                        .chain(&r.variants)
                    {
                        push(l, Role::Row(ri), e, Some(ti));
                    }
                }
            }
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, en) in entries.iter().enumerate() {
            by_first.entry(en.chars[0]).or_default().push(i);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(entries[i].chars.len()));
        }
        Vocab { entries, by_first }
    }

    pub fn sections() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::build(true))
    }

    pub fn tables() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::build(false))
    }

    /// The longest label starting at folded index `i`: its length and every
    /// entry of that length (one text can be a label of several tables).
    pub fn at(&self, f: &[char], i: usize) -> Option<(usize, Vec<&Entry>)> {
        let first = f.get(i)?;
        let mut found: Option<(usize, Vec<&Entry>)> = None;
        for &k in self.by_first.get(first)? {
            let e = &self.entries[k];
            let n = e.chars.len();
            if found.as_ref().is_some_and(|(len, _)| n < *len) {
                break;
            }
            if f.len() >= i + n && f[i..i + n] == e.chars[..] {
                found.get_or_insert_with(|| (n, Vec::new())).1.push(e);
            }
        }
        found
    }

    /// Whether every CJK character of `text` occurs in some label: a piece
    /// of a label broken by the extraction (`公益服务其他`, `年度办`).
    pub fn alphabet_covers(&self, text: &str) -> bool {
        static ALPHABET: OnceLock<std::collections::HashSet<char>> = OnceLock::new();
        let alphabet = ALPHABET.get_or_init(|| {
            Vocab::tables()
                .entries
                .iter()
                .flat_map(|e| e.chars.iter().copied())
                .collect()
        });
        text.chars()
            .filter(|c| is_cjk(*c))
            .all(|c| alphabet.contains(&c))
    }
}

pub(super) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The edition the tables are in: the edition whose marker labels occur
/// more often, else the one the year in the first lines asks for, else 2021.
pub(super) fn choose_edition(text: &str) -> Edition {
    let folded: String = fold(text).into_iter().collect();
    let count = |e: Edition| {
        e.template()
            .markers
            .iter()
            .filter(|m| folded.contains(&fold(m).into_iter().collect::<String>()))
            .count()
    };
    let counts: Vec<usize> = Edition::all().map(count).collect();
    if let Some(e) = Edition::vote(&counts) {
        return e;
    }
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = YEAR.get_or_init(|| Regex::new(r"(20[0-9]{2})\s*年").unwrap());
    let head: String = text.chars().take(600).collect();
    re.captures(&head)
        .and_then(|c| c[1].parse::<i32>().ok())
        .and_then(Edition::for_year)
        .unwrap_or_else(Edition::latest)
}

/// Levenshtein distance of two folded texts.
pub(super) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The template row a label names (canonically, by alias or variant).
pub(super) fn match_row(tt: &TableTemplate, label: &str) -> Option<usize> {
    let n = labels::normalize(label);
    tt.rows
        .iter()
        .position(|r| labels::match_label(&n, &r.label, &r.aliases, &r.variants).is_some())
}

/// The template column a header label names.
pub(super) fn match_column(tt: &TableTemplate, label: &str) -> Option<usize> {
    let n = labels::normalize(label);
    tt.columns
        .iter()
        .position(|c| labels::match_label(&n, &c.label, &c.aliases, &[]).is_some())
}

/// The template table with this id in `template`.
pub(super) fn table_by_id<'t>(template: &'t Template, id: &str) -> Option<&'t TableTemplate> {
    template.tables.iter().find(|t| t.id == id)
}

/// A row read for a template table.
#[derive(Debug, Clone)]
pub(super) struct RowDraft {
    /// The label as published (or as recovered, see the notes).
    pub label: String,
    pub loc: Loc,
    /// The cells in the table's column order; `None` writes blank cells (a
    /// group row, or a row whose numbers could not be placed).
    pub values: Option<Vec<(String, Loc)>>,
}

/// The rows read for one template table, written out as a [`Grid`].
#[derive(Debug)]
pub(super) struct TableDraft {
    pub tt: &'static TableTemplate,
    /// The published corner, when it was read.
    pub corner: Option<(String, Loc)>,
    /// The published column labels in order, when the header was read;
    /// `None` takes the template's columns in the official order.
    pub columns: Option<Vec<(String, Loc)>>,
    pub rows: Vec<RowDraft>,
    pub loc: Loc,
}

impl TableDraft {
    pub fn new(tt: &'static TableTemplate, loc: Loc) -> TableDraft {
        TableDraft {
            tt,
            corner: None,
            columns: None,
            rows: Vec::new(),
            loc,
        }
    }

    pub fn width(&self) -> usize {
        self.columns
            .as_ref()
            .map_or(self.tt.columns.len(), Vec::len)
    }

    /// Template column of each written column (`None`: a column the
    /// template does not have).
    pub fn column_map(&self) -> Vec<Option<usize>> {
        match &self.columns {
            Some(cols) => cols.iter().map(|(l, _)| match_column(self.tt, l)).collect(),
            None => (0..self.tt.columns.len()).map(Some).collect(),
        }
    }

    /// One header row (corner and column labels) and one row per read row,
    /// label first.
    pub fn grid(&self) -> Grid {
        let width = self.width();
        let mut rows = Vec::with_capacity(self.rows.len() + 1);
        let mut header = vec![match &self.corner {
            Some((t, l)) => Cell::own(t.clone(), l.clone()),
            None => Cell::own("", self.loc.clone()),
        }];
        match &self.columns {
            Some(cols) => header.extend(cols.iter().map(|(t, l)| Cell::own(t.clone(), l.clone()))),
            None => header.extend(
                self.tt
                    .columns
                    .iter()
                    .map(|c| Cell::own(c.label.clone(), self.loc.clone())),
            ),
        }
        rows.push(header);
        for r in &self.rows {
            let mut row = vec![Cell::own(r.label.clone(), r.loc.clone())];
            if let Some(v) = &r.values {
                row.extend(v.iter().map(|(t, l)| Cell::own(t.clone(), l.clone())));
            }
            row.resize_with(width + 1, || Cell::own("", Loc::default()));
            rows.push(row);
        }
        Grid {
            rows,
            loc: self.loc.clone(),
        }
    }
}

/// What a row read holds where its cells go.
#[derive(Debug, Clone)]
pub(super) enum Cells {
    /// Nothing: a group row, or a label with no numbers under it.
    None,
    /// Cells already apart (PDF text: space- or pipe-separated), in order.
    Split(Vec<(String, Loc)>),
    /// The cells run together in one run of digits (crawler text), still
    /// to be cut by [`super::split`].
    Run(String, Loc),
}

/// A row as read by a front-end without a grid.
#[derive(Debug, Clone)]
pub(super) struct RowAcc {
    /// The label as read (or as recovered).
    pub label: String,
    pub loc: Loc,
    /// The template row the label names, when it names one.
    pub template_row: Option<usize>,
    /// Pieces of the label as read, when it was not recognised.
    pub pieces: Vec<String>,
    /// The label was joined from pieces read above the row (not its own
    /// cell): (the row's own label cells, the pieces used). A position
    /// check may undo it.
    pub joined: Option<(Vec<String>, Vec<String>)>,
    /// The label was read in the row's own cells, on its line (not taken
    /// from a heading above or recovered from pieces).
    pub own_label: bool,
    /// Label pieces read on the lines just below the row, before the next
    /// row (the end of a label wrapped below its numbers), with their line.
    pub below: Vec<(String, usize)>,
    pub cells: Cells,
}

impl RowAcc {
    pub fn new(label: String, loc: Loc, template_row: Option<usize>, cells: Cells) -> RowAcc {
        RowAcc {
            label,
            loc,
            template_row,
            pieces: Vec::new(),
            joined: None,
            own_label: false,
            below: Vec::new(),
            cells,
        }
    }

    /// A group row of `tt` (`三、本年度办理结果`).
    pub fn is_group(&self, tt: &TableTemplate) -> bool {
        self.template_row
            .is_some_and(|r| tt.rows.get(r).is_some_and(|r| r.group))
    }
}

/// The rows read for one table by a front-end without a grid (PDF text,
/// crawler text), in reading order, with what was read around them. Each
/// front-end fills it its own way; [`write_rows`] writes it.
#[derive(Debug, Clone)]
pub(super) struct TableAcc {
    /// The template table, once known.
    pub tt: Option<&'static TableTemplate>,
    pub caption: Option<(String, Loc)>,
    pub corner: Option<(String, Loc)>,
    /// Whole header rows read (PDF text): the cells as read.
    pub headers: Vec<(Vec<String>, Loc)>,
    /// Column labels read one by one (crawler text), in order.
    pub columns: Vec<(String, Loc)>,
    /// Row labels read in the header of a transposed table (表四's 行政复议
    /// …): label and template row.
    pub header_rows: Vec<(String, usize)>,
    pub rows: Vec<RowAcc>,
    /// Numbers read outside any row.
    pub orphans: Vec<(String, Loc)>,
    pub loc: Loc,
}

impl TableAcc {
    pub fn new(tt: Option<&'static TableTemplate>, loc: Loc) -> TableAcc {
        TableAcc {
            tt,
            caption: None,
            corner: None,
            headers: Vec::new(),
            columns: Vec::new(),
            header_rows: Vec::new(),
            rows: Vec::new(),
            orphans: Vec::new(),
            loc,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
            && self.orphans.is_empty()
            && self.columns.is_empty()
            && self.headers.is_empty()
            && self.caption.is_none()
    }
}

/// Numbers read outside any row of `tt`: unplaced.
pub(super) fn report_orphans(tt: &TableTemplate, orphans: Vec<(String, Loc)>, draft: &mut Draft) {
    for (v, loc) in orphans {
        draft.unplaced.push(Unplaced {
            text: v,
            loc,
            reason: format!("{}的行之外的数字，无法确定属于哪一格", tt.name),
        });
    }
}

/// Group labels read where the extraction put them (a label spanning its
/// rows vertically comes out in the middle of them, `三、本年度办理结果`
/// after `1.属于国家秘密`), moved to where the template has them: before
/// the first row read that comes after them in the template. A group row
/// written with numbers stays where it is.
pub(super) fn groups_in_place(tt: &TableTemplate, rows: &mut Vec<RowAcc>) {
    // Each label moves at most once. With a table read twice over (rows
    // repeated, as in a page copied badly), labels could otherwise chase
    // each other's targets back and forth for minutes.
    let mut moved = vec![false; rows.len()];
    let mut k = 0;
    while k < rows.len() {
        let r = &rows[k];
        let Some(g) = r
            .template_row
            .filter(|_| !moved[k] && r.is_group(tt) && matches!(r.cells, Cells::None))
        else {
            k += 1;
            continue;
        };
        let target = rows
            .iter()
            .position(|x| !x.is_group(tt) && x.template_row.is_some_and(|t| t > g));
        match target {
            Some(t) if t > k + 1 => {
                let row = rows.remove(k);
                moved.remove(k);
                rows.insert(t - 1, row);
                moved.insert(t - 1, true);
                // The row now at k has not been looked at.
            }
            Some(t) if t < k => {
                let row = rows.remove(k);
                moved.remove(k);
                rows.insert(t, row);
                moved.insert(t, true);
                k += 1;
            }
            _ => k += 1,
        }
    }
}

/// The last phase of every front-end without a grid: the rows, cells
/// apart, written into `t`. A row without a label, or with a number of
/// cells other than the table's columns, is blank and reported; a group
/// label read twice is written once.
pub(super) fn write_rows(t: &mut TableDraft, rows: Vec<RowAcc>, draft: &mut Draft) {
    let tt = t.tt;
    let width = t.width();
    let mut groups_seen: Vec<usize> = Vec::new();
    for r in rows {
        let values = match r.cells {
            Cells::Split(v) if !v.is_empty() => v,
            Cells::Run(run, loc) => {
                // Every run is cut before: one that was not is reported.
                draft.unplaced.push(Unplaced {
                    text: format!("{}{run}", r.label),
                    loc,
                    reason: format!(
                        "{}“{}”一行的数字未能拆分；这一行的单元格留空",
                        tt.name, r.label
                    ),
                });
                t.rows.push(RowDraft {
                    label: r.label,
                    loc: r.loc,
                    values: None,
                });
                continue;
            }
            Cells::None | Cells::Split(_) => {
                if let Some(g) = r.template_row.filter(|&g| tt.rows[g].group) {
                    if groups_seen.contains(&g) {
                        draft.notes.push(format!(
                            "{}中重复出现的分组标签“{}”只写一次",
                            tt.name, r.label
                        ));
                        continue;
                    }
                    groups_seen.push(g);
                }
                t.rows.push(RowDraft {
                    label: r.label,
                    loc: r.loc,
                    values: None,
                });
                continue;
            }
        };
        let text = values
            .iter()
            .map(|(v, _)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if r.template_row.is_none() && r.label.is_empty() {
            draft.unplaced.push(Unplaced {
                text,
                loc: r.loc,
                reason: format!("{}中这一行没有行标签，无法确定是哪一行", tt.name),
            });
            continue;
        }
        if values.len() != width {
            draft.unplaced.push(Unplaced {
                text: format!("{} {text}", r.label),
                loc: r.loc.clone(),
                reason: format!(
                    "{}“{}”一行有 {} 个数，表格有 {width} 列，无法确定各属哪一列；这一行的单元格留空",
                    tt.name,
                    r.label,
                    values.len()
                ),
            });
            t.rows.push(RowDraft {
                label: r.label,
                loc: r.loc,
                values: None,
            });
            continue;
        }
        t.rows.push(RowDraft {
            label: r.label,
            loc: r.loc,
            values: Some(values),
        });
    }
}

/// Pieces of text for a note, quoted: at most `max` shown, then how many.
pub(super) fn list(items: &[String], max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|t| format!("“{t}”")).collect();
    let mut s = shown.join("、");
    if items.len() > max {
        s.push_str(&format!(" 等 {} 处", items.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_found_in_running_text_with_tolerance() {
        let v = Vocab::tables();
        let text = "3、危及“三安全一稳定”0000000";
        let f = fold(text);
        let (n, entries) = v.at(&f, 0).unwrap();
        assert!(entries.iter().any(|e| matches!(e.role, Role::Row(_))));
        assert_eq!(f[n..].iter().collect::<String>(), "0000000");
        // The longest label wins: the full 部分公开 label, not its variant.
        let f = fold("（二）部分公开（区分处理的，只计这一情形，不计其他情形）5");
        let (n, _) = v.at(&f, 0).unwrap();
        assert_eq!(f[n..].iter().collect::<String>(), "5");
    }

    #[test]
    fn edition_follows_the_marker_labels_then_the_year() {
        assert_eq!(
            choose_edition("信息内容本年新制作数量"),
            Edition::parse("2019").unwrap()
        );
        assert_eq!(
            choose_edition("信息内容 本年制发件数"),
            Edition::parse("2021").unwrap()
        );
        assert_eq!(
            choose_edition("2020年度报告"),
            Edition::parse("2019").unwrap()
        );
        assert_eq!(choose_edition("报告"), Edition::parse("2021").unwrap());
    }

    #[test]
    fn broken_label_pieces_are_recognised_by_their_characters() {
        let v = Vocab::tables();
        assert!(v.alphabet_covers("公益服务其他"));
        assert!(v.alphabet_covers("年度办"));
        assert!(!v.alphabet_covers("注：复议数量含上年度结转数量。今天天气晴朗"));
    }
}
