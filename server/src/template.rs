//! The editions of the official format, as data. Every
//! `templates/edition-*.toml` is embedded in the binary (`build.rs`), the
//! templates in the folder named by `NIANBAO_EDITIONS` are added at run
//! time, and all are parsed once. No edition is named in Rust: an edition
//! is added by adding its template.

use crate::labels::MatchKind;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// An edition of the official format: a handle to one loaded template.
/// Editions are ordered by their templates' `first_year`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edition(u8);

/// The environment variable naming a folder of further edition templates
/// (`edition-*.toml`), loaded next to the built-in ones.
pub const EXTRA_EDITIONS_VAR: &str = "NIANBAO_EDITIONS";

/// The built-in templates: (file name, text).
static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/editions.rs"));

/// Every loaded template, by first year.
fn templates() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Template> = EMBEDDED
            .iter()
            .map(|(name, src)| {
                load(src).unwrap_or_else(|e| panic!("built-in template {name} is valid: {e}"))
            })
            .collect();
        if let Some(dir) = std::env::var_os(EXTRA_EDITIONS_VAR) {
            for (path, loaded) in load_dir(Path::new(&dir)) {
                // A broken extra template must not take the built-in
                // editions down with it: say so and go on without it.
                match loaded.and_then(|t| admit(&all, t)) {
                    Ok(t) => all.push(t),
                    Err(e) => eprintln!("nianbao: 未载入年报格式模板 {}：{e}", path.display()),
                }
            }
        }
        all.sort_by_key(|t| t.first_year);
        assert!(all.len() <= usize::from(u8::MAX), "too many editions");
        all
    })
}

/// An extra template, unless it names an edition or a first year already
/// loaded (the edition for a year must be one).
fn admit(loaded: &[Template], t: Template) -> Result<Template, String> {
    match loaded
        .iter()
        .find(|a| a.edition == t.edition || a.first_year == t.first_year)
    {
        Some(a) => Err(format!(
            "与已有的 {} 年版格式重复（edition 或 first_year 相同）",
            a.edition
        )),
        None => Ok(t),
    }
}

/// The `edition-*.toml` files of a folder, in name order, each parsed.
fn load_dir(dir: &Path) -> Vec<(PathBuf, Result<Template, String>)> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("edition-"))
            })
            .collect(),
        Err(e) => return vec![(dir.to_path_buf(), Err(format!("无法读取文件夹：{e}")))],
    };
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p)
                .map_err(|e| format!("无法读取：{e}"))
                .and_then(|src| load(&src));
            (p, t)
        })
        .collect()
}

impl std::fmt::Debug for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Edition({})", self.as_str())
    }
}

impl Edition {
    /// Every edition, oldest first.
    pub fn all() -> impl DoubleEndedIterator<Item = Edition> + ExactSizeIterator + Clone {
        (0..templates().len()).map(|i| Edition(i as u8))
    }

    /// The newest edition: what a report is checked against when neither
    /// its year nor its tables say which.
    pub fn latest() -> Edition {
        Edition::all()
            .last()
            .expect("at least one edition is built in")
    }

    /// The edition the official rules expect for a report year: the
    /// latest whose template's `first_year` is not after it (None before
    /// the first edition).
    pub fn for_year(year: i32) -> Option<Edition> {
        Edition::all()
            .filter(|e| e.template().first_year <= year)
            .max_by_key(|e| e.template().first_year)
    }

    /// The edition a document is written in, by a vote of the labels only
    /// one edition has: `counts[i]` is how many markers of the edition
    /// with index `i` were seen. The edition with strictly the most wins;
    /// no marker, or a tie at the top, says nothing reliable.
    pub fn vote(counts: &[usize]) -> Option<Edition> {
        let top = *counts.iter().max()?;
        let mut winners = (0..counts.len()).filter(|&i| counts[i] == top);
        match (winners.next(), winners.next()) {
            (Some(i), None) if top > 0 => Edition::all().nth(i),
            _ => None,
        }
    }

    /// The position of this edition in [`Edition::all`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The edition a `格式` value names (its template's `edition`).
    pub fn parse(s: &str) -> Option<Edition> {
        let s = s.trim();
        Edition::all().find(|e| e.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        &self.template().edition
    }

    pub fn template(self) -> &'static Template {
        &templates()[self.index()]
    }
}

fn load(src: &str) -> Result<Template, String> {
    let mut t: Template = toml::from_str(src).map_err(|e| e.to_string())?;
    t.normalized_markers = t
        .markers
        .iter()
        .map(|m| crate::labels::normalize(m))
        .collect();
    for table in &mut t.tables {
        table.row_index = LabelIndex::new(
            table
                .rows
                .iter()
                .map(|r| (r.label.as_str(), &r.aliases[..], &r.variants[..])),
        );
        table.column_index = LabelIndex::new(
            table
                .columns
                .iter()
                .map(|c| (c.label.as_str(), &c.aliases[..], &[][..])),
        );
    }
    if let Some(fee) = &mut t.fee_report {
        fee.statement_patterns = fee
            .statements
            .iter()
            .map(|p| regex::Regex::new(p).map_err(|e| format!("fee_report.statements：{e}")))
            .collect::<Result<_, _>>()?;
    }
    t.validate()?;
    Ok(t)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub edition: String,
    /// The document that fixes this edition, e.g. 国办公开办函〔2021〕30号.
    pub document: String,
    pub first_year: i32,
    /// How the placeholder prose of `nianbao new` starts (NB405).
    pub placeholder_prefix: String,
    pub markers: Vec<String>,
    /// `markers` as the label matcher normalizes them (computed once).
    #[serde(skip)]
    pub normalized_markers: Vec<String>,
    pub sections: Vec<SectionTemplate>,
    pub tables: Vec<TableTemplate>,
    #[serde(default)]
    pub cross_year: Vec<CrossYearCheck>,
    /// Where this edition wants the 信息处理费 reported (NB402), if it does.
    #[serde(default)]
    pub fee_report: Option<FeeReport>,
    /// The figures `review` computes from the tables (growth, shares).
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

impl Template {
    /// Whether a paragraph (whitespace removed) is placeholder prose left
    /// from `nianbao new`, edited or not.
    pub fn is_placeholder(&self, text: &str) -> bool {
        text.starts_with(self.placeholder_prefix.as_str())
    }

    /// The index of the section with this numeral (`五`).
    pub fn section_index(&self, numeral: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.numeral == numeral)
    }

    /// Whether every id the template names refers to something it has
    /// (the first problem, for whoever writes a template).
    fn validate(&self) -> Result<(), String> {
        let has_section = |n: &str| self.section_index(n).is_some();
        for s in &self.sections {
            if let Some(p) = &s.placeholder {
                if !self.is_placeholder(p) {
                    return Err(format!(
                        "第{}节的 placeholder 不以 placeholder_prefix 开头",
                        s.numeral
                    ));
                }
            }
        }
        if let Some(fee) = &self.fee_report {
            if !has_section(&fee.section) {
                return Err(format!("fee_report 的 section “{}”不存在", fee.section));
            }
            if let Some(n) = &fee.notices {
                let Some(t) = self.tables.iter().find(|t| t.id == n.table) else {
                    return Err(format!("fee_report.notices 的表格 “{}”不存在", n.table));
                };
                t.has_ids(&[&n.row], &[])?;
            }
        }
        for (i, t) in self.tables.iter().enumerate() {
            if self.tables[..i].iter().any(|u| u.id == t.id) {
                return Err(format!("表格 id “{}”重复", t.id));
            }
            if !has_section(&t.section) {
                return Err(format!("表格 {} 的 section “{}”不存在", t.id, t.section));
            }
            for check in &t.checks {
                let (rows, cols): (Vec<&String>, Vec<&String>) = match check {
                    SumCheck::RowTotal { total, parts, .. } => {
                        (vec![], parts.iter().chain([total]).collect())
                    }
                    SumCheck::ColumnTotal { total, parts, .. } => {
                        (parts.iter().chain([total]).collect(), vec![])
                    }
                    SumCheck::Balance { lhs, rhs, .. } => (lhs.iter().chain(rhs).collect(), vec![]),
                };
                t.has_ids(&rows, &cols)?;
            }
        }
        for ind in &self.indicators {
            if ind.numerator.is_empty() {
                return Err(format!("指标 {} 没有 numerator", ind.id));
            }
            if (ind.kind == IndicatorKind::Share) == ind.denominator.is_empty() {
                return Err(format!(
                    "指标 {}：share 须有 denominator，其他种类不得有",
                    ind.id
                ));
            }
            for cell in ind.numerator.iter().chain(&ind.denominator) {
                let Some((table, row, col)) = cell_ref(cell) else {
                    return Err(format!("指标 {} 的单元格 “{cell}”应写作 表/行/列", ind.id));
                };
                let Some(t) = self.tables.iter().find(|t| t.id == table) else {
                    return Err(format!("指标 {} 的表格 “{table}”不存在", ind.id));
                };
                t.has_ids(&[&row.to_string()], &[&col.to_string()])?;
            }
        }
        for check in &self.cross_year {
            let (table, rows, cols) = match check {
                CrossYearCheck::Carry {
                    table,
                    this_row,
                    prev_row,
                    ..
                } => (table, vec![this_row, prev_row], vec![]),
                CrossYearCheck::RollForward {
                    table,
                    stock,
                    added,
                    removed,
                    ..
                } => (table, vec![], vec![stock, added, removed]),
            };
            let Some(t) = self.tables.iter().find(|t| &t.id == table) else {
                return Err(format!("cross_year 的表格 “{table}”不存在"));
            };
            t.has_ids(&rows, &cols)?;
        }
        Ok(())
    }
}

/// A figure computed from the tables for reviewers (`review --figures`):
/// the sum of some cells, its share of others, or its growth on the
/// previous year's report. How such shares are computed is practice
/// (实践口径), not law: `note` says how, and the page shows it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    /// The column header (Chinese).
    pub name: String,
    /// How it is computed, in words (Chinese).
    pub note: String,
    pub kind: IndicatorKind,
    /// Cells `table/row/column`, summed.
    pub numerator: Vec<String>,
    /// For a share: the cells it is a share of, summed.
    #[serde(default)]
    pub denominator: Vec<String>,
    /// Drawn per agency across years on the review's pages.
    #[serde(default)]
    pub chart: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// The numerator itself.
    Value,
    /// numerator ÷ denominator.
    Share,
    /// (numerator − the previous year's numerator) ÷ the previous year's.
    Growth,
}

/// `t3/new/total` → (`t3`, `new`, `total`).
pub fn cell_ref(s: &str) -> Option<(&str, &str, &str)> {
    let mut it = s.split('/');
    let r = (it.next()?, it.next()?, it.next()?);
    it.next().is_none().then_some(r)
}

/// The edition's requirement to report the 信息处理费 in a section (NB402).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeReport {
    /// The numeral of the section that reports it.
    pub section: String,
    /// Names of the fee; a section naming one of them reports it.
    pub names: Vec<String>,
    /// Regular expressions for sentences that say whether a fee was charged
    /// without naming it (`本年度未收取任何费用`), matched on the section's
    /// prose with whitespace removed.
    pub statements: Vec<String>,
    /// `statements` compiled once, when the template loads.
    #[serde(skip)]
    pub statement_patterns: Vec<regex::Regex>,
    /// A table row whose non-zero count shows fee notices were issued.
    #[serde(default)]
    pub notices: Option<FeeNotices>,
}

/// Where a table counts requests closed for an unpaid fee notice (NB402).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeNotices {
    pub table: String,
    pub row: String,
    /// How NB402's message names the row.
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTemplate {
    /// 一 … 六
    pub numeral: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// The prose `nianbao new` writes in the section for the author to
    /// replace (starts with the template's `placeholder_prefix`).
    #[serde(default)]
    pub placeholder: Option<String>,
}

impl SectionTemplate {
    /// The canonical heading text, e.g. `一、总体情况`.
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableTemplate {
    pub id: String,
    /// Human name, e.g. `表二 第二十条第（一）项`.
    pub name: String,
    /// The numeral of the section the table belongs to.
    pub section: String,
    /// The `###` sub-heading naming the table (表二 only).
    #[serde(default)]
    pub caption: Option<String>,
    pub corner: String,
    #[serde(default)]
    pub corner_aliases: Vec<String>,
    pub columns: Vec<ColumnTemplate>,
    pub rows: Vec<RowTemplate>,
    #[serde(default)]
    pub checks: Vec<SumCheck>,
    /// Official layout (`nianbao render`): a note printed in the corner
    /// cell (表三's 勾稽关系); the corner label then heads all value columns.
    #[serde(default)]
    pub corner_note: Option<String>,
    /// Official layout: one row of values, each written row a block of
    /// columns under its row's `header` path (表四).
    #[serde(default)]
    pub transposed: bool,
    /// Rows some provinces add to the official table (NB129): accepted,
    /// never summed into an official total.
    #[serde(default)]
    pub local_rows: Vec<LocalRow>,
    /// The rows' labels, aliases and variants as the label matcher
    /// normalizes them (computed once: binding a table looks up every
    /// written label).
    #[serde(skip)]
    pub row_index: LabelIndex,
    /// The same for the columns' labels and aliases.
    #[serde(skip)]
    pub column_index: LabelIndex,
}

/// Normalized label → every entry (row or column) it names, in template
/// order, with how it names each: what [`crate::labels::match_label`]
/// gives entry by entry, in one hash lookup.
#[derive(Debug, Clone, Default)]
pub struct LabelIndex(std::collections::HashMap<String, Vec<(usize, MatchKind)>>);

impl LabelIndex {
    fn new<'a>(entries: impl Iterator<Item = (&'a str, &'a [String], &'a [String])>) -> Self {
        let mut map: std::collections::HashMap<String, Vec<(usize, MatchKind)>> =
            std::collections::HashMap::new();
        for (i, (label, aliases, variants)) in entries.enumerate() {
            let names = std::iter::once((label, MatchKind::Canonical))
                .chain(aliases.iter().map(|a| (a.as_str(), MatchKind::Alias)))
                .chain(variants.iter().map(|v| (v.as_str(), MatchKind::Variant)));
            for (name, kind) in names {
                let hits = map.entry(crate::labels::normalize(name)).or_default();
                // The first way an entry is named wins, as in `match_label`.
                if hits.last().is_none_or(|&(j, _)| j != i) {
                    hits.push((i, kind));
                }
            }
        }
        LabelIndex(map)
    }

    /// The entries a normalized label names, in template order.
    pub fn get(&self, normalized: &str) -> &[(usize, MatchKind)] {
        self.0.get(normalized).map_or(&[], Vec::as_slice)
    }

    /// The first entry a normalized label names.
    pub fn first(&self, normalized: &str) -> Option<(usize, MatchKind)> {
        self.get(normalized).first().copied()
    }
}

/// A documented local addition to an official table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRow {
    pub label: String,
    /// Who adds it and why (shown in NB129's message and on hover).
    pub note: String,
}

/// How a header cell names a template column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnMatch {
    /// The label or an alias (up to tolerated punctuation).
    Exact,
    /// The canonical label followed by a parenthesised annotation
    /// (`现行有效件数（历史累计）`, NB129).
    Annotated,
}

impl TableTemplate {
    pub fn row(&self, id: &str) -> Option<(usize, &RowTemplate)> {
        self.rows.iter().enumerate().find(|(_, r)| r.id == id)
    }
    pub fn column(&self, id: &str) -> Option<(usize, &ColumnTemplate)> {
        self.columns.iter().enumerate().find(|(_, c)| c.id == id)
    }
    /// The template column a header cell names: by its label or an alias,
    /// or, for a count column, by its canonical label followed by an
    /// annotation in parentheses. Amount columns are excluded from the
    /// latter: their parentheses carry the unit (`（单位：万元）`), and
    /// `本年收费金额（单位：元）` is another column, not an annotation.
    pub fn column_named(&self, text: &str) -> Option<(usize, ColumnMatch)> {
        self.column_named_normalized(&crate::labels::normalize(text))
    }

    /// [`Self::column_named`] for a label already normalized.
    pub fn column_named_normalized(&self, n: &str) -> Option<(usize, ColumnMatch)> {
        if let Some((i, _)) = self.column_index.first(n) {
            return Some((i, ColumnMatch::Exact));
        }
        self.columns
            .iter()
            .position(|c| {
                matches!(c.kind, CellKind::Count | CellKind::Signed)
                    && crate::labels::annotation_of(n, &c.label).is_some()
            })
            .map(|i| (i, ColumnMatch::Annotated))
    }

    /// The documented local row a label names, if any.
    pub fn local_row(&self, normalized_label: &str) -> Option<usize> {
        self.local_rows
            .iter()
            .position(|r| crate::labels::eq_normalized(normalized_label, &r.label))
    }

    fn has_ids(&self, rows: &[&String], cols: &[&String]) -> Result<(), String> {
        if let Some(r) = rows.iter().find(|r| self.row(r).is_none()) {
            return Err(format!("表格 {} 没有 id 为“{r}”的行", self.id));
        }
        if let Some(c) = cols.iter().find(|c| self.column(c).is_none()) {
            return Err(format!("表格 {} 没有 id 为“{c}”的列", self.id));
        }
        Ok(())
    }

    /// The header row as written by `nianbao new`.
    pub fn header_labels(&self) -> Vec<&str> {
        std::iter::once(self.corner.as_str())
            .chain(self.columns.iter().map(|c| c.label.as_str()))
            .collect()
    }
}

impl RowTemplate {
    /// The name used in messages: `一、本年新收`, `（七）总计`.
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.label)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Non-negative integer.
    Count,
    /// Integer with optional sign (本年增/减).
    Signed,
    /// Non-negative decimal in 万元.
    Amount,
    /// A number with an optional unit (元 or 万元), e.g. 采购总金额.
    AmountWithUnit,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnTemplate {
    pub id: String,
    pub label: String,
    pub kind: CellKind,
    /// A merged header above this column in the official layout.
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowTemplate {
    pub id: String,
    pub label: String,
    /// A group row carries no values of its own and may be omitted.
    #[serde(default)]
    pub group: bool,
    /// A short name for messages (defaults to the label).
    #[serde(default)]
    pub short: Option<String>,
    /// Indentation level in the official layout (0 top, 1, 2).
    #[serde(default)]
    pub level: u8,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// In a transposed table: the header cells above this row's block of
    /// columns in the official layout, outermost first (default: the label).
    #[serde(default)]
    pub header: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SumCheck {
    /// In every data row, column `total` = Σ columns `parts`.
    RowTotal {
        code: String,
        total: String,
        parts: Vec<String>,
    },
    /// In every column, row `total` = Σ rows `parts`.
    ColumnTotal {
        code: String,
        total: String,
        parts: Vec<String>,
    },
    /// In every column, Σ rows `lhs` = Σ rows `rhs`.
    Balance {
        code: String,
        lhs: Vec<String>,
        rhs: Vec<String>,
    },
}

impl SumCheck {
    pub fn code(&self) -> &str {
        match self {
            SumCheck::RowTotal { code, .. }
            | SumCheck::ColumnTotal { code, .. }
            | SumCheck::Balance { code, .. } => code,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CrossYearCheck {
    /// This year's `this_row` = last year's `prev_row`, column by column.
    Carry {
        code: String,
        table: String,
        this_row: String,
        prev_row: String,
    },
    /// Per row: `stock` = last year's `stock` + `added` − `removed`.
    RollForward {
        code: String,
        table: String,
        stock: String,
        added: String,
        removed: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index answers what `match_label` answers entry by entry, for
    /// every name (and a few near-misses) of every table of every edition.
    #[test]
    fn label_index_agrees_with_matching_entry_by_entry() {
        use crate::labels::{match_label, normalize};
        for e in Edition::all() {
            for t in &e.template().tables {
                let mut probes: Vec<String> = Vec::new();
                for r in &t.rows {
                    probes.extend(
                        [&r.label]
                            .into_iter()
                            .chain(&r.aliases)
                            .chain(&r.variants)
                            .cloned(),
                    );
                }
                for c in &t.columns {
                    probes.extend([&c.label].into_iter().chain(&c.aliases).cloned());
                }
                probes.extend(["总计".into(), "（七）总  计".into(), "1、本年新收".into()]);
                for p in probes {
                    let n = normalize(&p);
                    let rows: Vec<(usize, MatchKind)> = t
                        .rows
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| {
                            match_label(&n, &r.label, &r.aliases, &r.variants).map(|k| (i, k))
                        })
                        .collect();
                    assert_eq!(t.row_index.get(&n), &rows[..], "{} rows: {p}", t.id);
                    let cols: Vec<(usize, MatchKind)> = t
                        .columns
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| {
                            match_label(&n, &c.label, &c.aliases, &[]).map(|k| (i, k))
                        })
                        .collect();
                    assert_eq!(t.column_index.get(&n), &cols[..], "{} columns: {p}", t.id);
                }
            }
        }
    }

    #[test]
    fn the_built_in_editions_load_and_are_consistent() {
        assert!(Edition::all().len() >= 2);
        // One edition per name and per first year (admit() holds extra
        // templates to the same).
        for (a, b) in Edition::all().zip(Edition::all().skip(1)) {
            assert!(a.template().first_year < b.template().first_year);
        }
        let names: std::collections::HashSet<&str> = Edition::all().map(Edition::as_str).collect();
        assert_eq!(names.len(), Edition::all().len());
        for e in Edition::all() {
            let t = e.template();
            assert_eq!(Edition::parse(&t.edition), Some(e));
            assert_eq!(t.sections.len(), 6);
            assert_eq!(t.validate(), Ok(()));
        }
    }

    #[test]
    fn a_template_naming_what_it_lacks_is_refused() {
        let src = include_str!("../templates/edition-2021.toml");
        assert!(load(src).is_ok());
        let bad = src.replace("stock = \"valid\"", "stock = \"nothing\"");
        assert_eq!(load(&bad).unwrap_err(), "表格 t2-1 没有 id 为“nothing”的列");
        let bad = src.replace("section = \"六\"", "section = \"七\"");
        assert!(load(&bad).unwrap_err().contains("“七”不存在"));
        assert!(load("edition = 1").is_err());
    }

    #[test]
    fn column_total_covers_every_data_result_row() {
        // NB302's parts must be exactly the data rows between 三 and （七）总计.
        for e in Edition::all() {
            let t3 = e.template().tables.iter().find(|t| t.id == "t3").unwrap();
            let SumCheck::ColumnTotal { parts, .. } =
                t3.checks.iter().find(|c| c.code() == "NB302").unwrap()
            else {
                panic!()
            };
            let (start, _) = t3.row("results").unwrap();
            let (end, _) = t3.row("total").unwrap();
            let expected: Vec<&String> = t3.rows[start + 1..end]
                .iter()
                .filter(|r| !r.group)
                .map(|r| &r.id)
                .collect();
            assert_eq!(parts.iter().collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn layout_data_agrees_with_the_labels() {
        for e in Edition::all() {
            for t in &e.template().tables {
                // A table written with the note in its corner still binds.
                if let Some(note) = &t.corner_note {
                    let n = crate::labels::normalize(note);
                    let bare = n.trim_start_matches('(').trim_end_matches(')');
                    assert!(
                        crate::labels::match_label(bare, &t.corner, &t.corner_aliases, &[])
                            .is_some(),
                        "{}",
                        t.id
                    );
                }
                // A header path ends in the row's own label (or an alias).
                for r in &t.rows {
                    if let Some(last) = r.header.last() {
                        assert!(t.transposed, "{} {}", t.id, r.id);
                        assert!(
                            *last == r.label || r.aliases.contains(last),
                            "{} {}",
                            t.id,
                            r.id
                        );
                    }
                }
                if t.transposed {
                    assert!(t.rows.iter().all(|r| !r.group && !r.header.is_empty()));
                }
            }
        }
    }

    #[test]
    fn the_vote_needs_a_single_edition_with_the_most_markers() {
        let (a, b) = (Edition::parse("2019"), Edition::parse("2021"));
        assert_eq!(Edition::vote(&[0, 0]), None);
        assert_eq!(Edition::vote(&[3, 1]), a);
        assert_eq!(Edition::vote(&[1, 3]), b);
        assert_eq!(Edition::vote(&[2, 2]), None);
        assert_eq!(Edition::vote(&[]), None);
        // Over N editions: the single top count decides, whatever the rest.
        assert_eq!(Edition::vote(&[1, 4, 4]), None);
        assert_eq!(Edition::vote(&[4, 1, 1]), a);
    }

    #[test]
    fn editions_for_years() {
        let (e2019, e2021) = (Edition::parse("2019"), Edition::parse("2021"));
        assert_eq!(Edition::for_year(2018), None);
        assert_eq!(Edition::for_year(2020), e2019);
        assert_eq!(Edition::for_year(2021), e2021);
        assert_eq!(Some(Edition::latest()), e2021);
        assert!(e2019 < e2021);
    }
}
