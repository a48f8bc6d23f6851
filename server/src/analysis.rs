//! Binding a written report to the official template: which heading is which
//! section, which table is which template table, which row and column is
//! which, and what every value cell holds. Rules read this; they never
//! re-derive it.

use crate::labels::{self, MatchKind};
use crate::model::{Block, Document, Heading, Paragraph, Row, Table};
use crate::rules::prose::{Prose, ProseCache};
use crate::template::{Edition, SectionTemplate, TableTemplate, Template};
use crate::text::Span;
use crate::value::Value;
use regex::Regex;
use std::sync::{Arc, OnceLock};

/// What an [`Analyzed`] borrows: the model, and the prose cache (the
/// language server's, per open document) the analysis reads unchanged
/// paragraphs from and leaves its own in.
pub struct AnalysisOwner {
    pub doc: Arc<Document>,
    pub prose: Option<Arc<ProseCache>>,
}

self_cell::self_cell!(
    /// A report together with its analysis, to keep: the language server
    /// keeps one per version of an open report and per report it reads
    /// from disk (`上年报告`, an aggregate's parts), so a keystroke binds
    /// the reports it reads to their templates once, not on every check.
    pub struct Analyzed {
        owner: AnalysisOwner,
        #[covariant]
        dependent: Analysis,
    }
);

impl Analyzed {
    /// The analysis of `doc` (reusing and filling `prose` when given).
    pub fn of(doc: Arc<Document>, prose: Option<Arc<ProseCache>>) -> Analyzed {
        Analyzed::new(AnalysisOwner { doc, prose }, |o| {
            Analysis::analyze_reusing(&o.doc, o.prose.as_deref())
        })
    }

    pub fn doc(&self) -> &Arc<Document> {
        &self.borrow_owner().doc
    }

    pub fn analysis(&self) -> &Analysis<'_> {
        self.borrow_dependent()
    }
}

impl std::fmt::Debug for Analyzed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Analyzed").field(self.analysis()).finish()
    }
}

#[derive(Debug)]
pub struct Analysis<'a> {
    pub doc: &'a Document,
    pub front: FrontInfo,
    /// The report year and where it was read from.
    pub year: Option<(i32, Span)>,
    /// The edition the year (or `格式`) asks for.
    pub expected_edition: Option<Edition>,
    /// The edition the tables are checked against.
    pub edition: Edition,
    /// Set when the tables are in another edition than `expected_edition`.
    pub edition_conflict: Option<EditionConflict>,
    pub sections: Vec<SectionRef<'a>>,
    pub tables: Vec<BoundTable<'a>>,
    /// Every paragraph's prose, as the content rules read it (NB401–NB405
    /// all do): made once, on first use.
    prose: OnceLock<Vec<(usize, Prose)>>,
    /// The prose of the document's previous check, to reuse where an edit
    /// left a paragraph unchanged.
    reuse: Option<&'a ProseCache>,
}

#[derive(Debug, Default)]
pub struct FrontInfo {
    pub agency: Option<(String, Span)>,
    pub year: Option<(String, Span)>,
    pub edition: Option<(String, Span)>,
    pub previous: Option<(String, Span)>,
    /// `汇总`: the reports an aggregate report sums (NB307).
    pub parts: Option<(String, Span)>,
    /// Keys nianbao does not know, with their spans.
    pub unknown: Vec<(String, Span)>,
}

#[derive(Debug, Clone)]
pub struct EditionConflict {
    /// The first table label that belongs to the other edition.
    pub span: Span,
    pub found: Edition,
    pub expected: Edition,
    pub label: String,
}

/// A `##` heading and what section it is.
#[derive(Debug)]
pub struct SectionRef<'a> {
    pub heading: &'a Heading,
    pub block: usize,
    /// Index into `template.sections`; None for a heading that is no section.
    pub section: Option<usize>,
    /// The numeral as written (`6`, `六`), if any.
    pub numeral: Option<String>,
    /// How the title matched; None when only the numeral identified it.
    pub title_match: Option<MatchKind>,
    /// Block indices of the section's body (up to the next `##`).
    pub body: std::ops::Range<usize>,
}

#[derive(Debug)]
pub struct BoundTable<'a> {
    pub table: &'a Table,
    pub block: usize,
    /// The template section the table stands in, if known.
    pub section: Option<usize>,
    /// The `###` heading just above the table, if any.
    pub caption: Option<&'a Heading>,
    pub template: Option<&'static TableTemplate>,
    /// For each header cell after the corner: the template column it is.
    pub columns: Vec<Option<usize>>,
    /// Each header cell, the corner included, as the label matcher
    /// normalizes it (for rules that look header cells up again).
    pub header_normalized: Vec<String>,
    pub rows: Vec<BoundRow<'a>>,
}

#[derive(Debug)]
pub struct BoundRow<'a> {
    pub row: &'a Row,
    /// Index into `template.rows`.
    pub template_row: Option<usize>,
    pub label_match: Option<MatchKind>,
    /// Index into `template.local_rows` for a documented local addition
    /// (NB129); such a row has no `template_row` and is never summed.
    pub local_row: Option<usize>,
    /// One entry per template column: the cell and its value, when present.
    pub values: Vec<Option<BoundCell<'a>>>,
}

#[derive(Debug, Clone)]
pub struct BoundCell<'a> {
    pub span: Span,
    /// The cell's text as written (borrowed from the document's model).
    pub text: &'a str,
    pub value: Value,
}

impl SectionRef<'_> {
    /// From the heading to the end of the section's last block.
    pub fn span(&self, doc: &Document) -> Span {
        let end = self
            .body
            .clone()
            .last()
            .and_then(|b| doc.blocks.get(b))
            .map_or(self.heading.span.end, |b| b.span().end);
        self.heading.span.start..end.max(self.heading.span.end)
    }
}

impl<'a> BoundTable<'a> {
    pub fn row(&self, id: &str) -> Option<&BoundRow<'a>> {
        let t = self.template?;
        let (idx, _) = t.row(id)?;
        self.rows.iter().find(|r| r.template_row == Some(idx))
    }
}

impl<'a> Analysis<'a> {
    pub fn template(&self) -> &'static Template {
        self.edition.template()
    }

    pub fn section_template(&self, idx: usize) -> &'static SectionTemplate {
        &self.template().sections[idx]
    }

    /// The first heading of a template section, if the report has it.
    pub fn section(&self, idx: usize) -> Option<&SectionRef<'a>> {
        self.sections.iter().find(|s| s.section == Some(idx))
    }

    /// The template section (index) whose body holds block `block`, if the
    /// block stands under a `##` heading that is a section.
    pub fn section_of_block(&self, block: usize) -> Option<usize> {
        self.sections
            .iter()
            .find(|s| s.body.contains(&block))?
            .section
    }

    pub fn table(&self, id: &str) -> Option<&BoundTable<'a>> {
        self.tables
            .iter()
            .find(|t| t.template.is_some_and(|tt| tt.id == id))
    }

    /// The year is before the first edition's (2019): no template applies,
    /// nothing but NB104 is checked.
    pub fn before_first_edition(&self) -> bool {
        self.year
            .as_ref()
            .is_some_and(|(y, _)| Edition::for_year(*y).is_none())
    }

    pub fn analyze(doc: &'a Document) -> Analysis<'a> {
        Analysis::analyze_reusing(doc, None)
    }

    /// [`Analysis::analyze`], with the paragraphs' prose taken from `reuse`
    /// where unchanged since the check that filled it, and left there for
    /// the next.
    pub fn analyze_reusing(doc: &'a Document, reuse: Option<&'a ProseCache>) -> Analysis<'a> {
        let front = front_info(doc);
        let year = report_year(doc, &front);
        let declared = front.edition.as_ref().and_then(|(v, _)| Edition::parse(v));
        let expected_edition =
            declared.or_else(|| year.as_ref().and_then(|(y, _)| Edition::for_year(*y)));
        // Every table's labels, normalized once: the edition vote, table
        // identification and row binding all read them.
        let labels: Vec<TableLabels> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(TableLabels::of(t)),
                _ => None,
            })
            .collect();
        let (found, marker) = detect_edition(doc, &labels);
        let mut edition_conflict = None;
        let edition = match (expected_edition, found) {
            (Some(exp), Some(f)) if exp != f => {
                let (label, span) = marker.expect("a found edition has a marker");
                edition_conflict = Some(EditionConflict {
                    span,
                    found: f,
                    expected: exp,
                    label,
                });
                f
            }
            (Some(exp), _) => exp,
            (None, Some(f)) => f,
            (None, None) => Edition::latest(),
        };
        let template = edition.template();
        let sections = bind_sections(doc, template);
        let tables = bind_tables(doc, template, &sections, labels);
        Analysis {
            doc,
            front,
            year,
            expected_edition,
            edition,
            edition_conflict,
            sections,
            tables,
            prose: OnceLock::new(),
            reuse,
        }
    }

    /// Every paragraph as prose, with its block index, in order.
    pub fn paragraphs(&self) -> &[(usize, Prose)] {
        self.prose.get_or_init(|| {
            let (blocks, paragraphs): (Vec<usize>, Vec<&Paragraph>) = self
                .doc
                .blocks
                .iter()
                .enumerate()
                .filter_map(|(i, b)| match b {
                    Block::Paragraph(p) => Some((i, p)),
                    _ => None,
                })
                .unzip();
            let prose = match self.reuse {
                Some(cache) => cache.prose_of(self.doc, &paragraphs),
                None => paragraphs
                    .iter()
                    .map(|p| Prose::of_paragraph(self.doc, p))
                    .collect(),
            };
            blocks.into_iter().zip(prose).collect()
        })
    }

    /// The paragraphs among `blocks` (a section's body).
    pub fn paragraphs_in(&self, blocks: std::ops::Range<usize>) -> impl Iterator<Item = &Prose> {
        self.paragraphs()
            .iter()
            .filter(move |(i, _)| blocks.contains(i))
            .map(|(_, p)| p)
    }
}

/// A key of the front matter: its name and what it means (shown by
/// completion; `格式` adds the editions, which come from the templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontKey {
    pub key: &'static str,
    pub doc: &'static str,
}

/// The front matter's keys (docs/format.md §2.1), in the order they are
/// offered: the one definition the parser, NB101 and completion use.
pub const FRONT_MATTER: [FrontKey; 5] = [
    FrontKey {
        key: "机关",
        doc: "报告机关的全称，如“鹤岗市工农区人民政府”。省略时从标题读取。",
    },
    FrontKey {
        key: "年度",
        doc: "报告年度，四位数字，如 2024。省略时取标题中的第一个“NNNN年”。",
    },
    FrontKey {
        key: "格式",
        doc: "年报格式的版本",
    },
    FrontKey {
        key: "上年报告",
        doc: "同一机关上一年度报告的相对路径（相对于本文件所在文件夹），\
              用于跨年度核对：本年“上年结转”与上年“结转下年度继续办理”等。",
    },
    FrontKey {
        key: "汇总",
        doc: "汇总报告的组成报告（相对于本文件所在文件夹）：`[教育局.nianbao, 财政局.nianbao]`，\
              或一个文件夹 `部门/`（其中所有 .nianbao 报告）。写明后，表二计数、表三、表四的\
              每个单元格都与各组成报告之和核对（NB307）。",
    },
];

/// The names of the front matter's keys, in order.
pub const FRONT_KEYS: [&str; 5] = {
    let mut keys = [""; 5];
    let mut i = 0;
    while i < FRONT_MATTER.len() {
        keys[i] = FRONT_MATTER[i].key;
        i += 1;
    }
    keys
};

/// The front matter's known keys (cheap: no template binding).
pub fn front_info(doc: &Document) -> FrontInfo {
    let mut info = FrontInfo::default();
    let Some(fm) = &doc.front_matter else {
        return info;
    };
    for e in &fm.entries {
        // In FRONT_MATTER's order.
        let slot = match FRONT_KEYS.iter().position(|k| *k == e.key) {
            Some(0) => &mut info.agency,
            Some(1) => &mut info.year,
            Some(2) => &mut info.edition,
            Some(3) => &mut info.previous,
            Some(4) => &mut info.parts,
            _ => {
                info.unknown.push((e.key.clone(), e.key_span.clone()));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some((e.value.clone(), e.value_span.clone()));
        }
    }
    info
}

fn year_in_title() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"([0-9０-９]{4})\s*年").unwrap())
}

/// `年度` from the front matter, else the first `NNNN年` in the title.
fn report_year(doc: &Document, front: &FrontInfo) -> Option<(i32, Span)> {
    if let Some((v, span)) = &front.year {
        if let Some(y) = parse_year(v) {
            return Some((y, span.clone()));
        }
    }
    let title = doc.title()?;
    let m = year_in_title().captures(&title.text)?;
    let g = m.get(1)?;
    let y = parse_year(g.as_str())?;
    let start = title.text_span.start + g.start();
    Some((y, start..start + g.len()))
}

pub fn parse_year(s: &str) -> Option<i32> {
    let n = labels::normalize(s);
    let n = n.strip_suffix('年').unwrap_or(&n);
    if n.len() == 4 && n.chars().all(|c| c.is_ascii_digit()) {
        n.parse().ok()
    } else {
        None
    }
}

/// The edition the tables are written in, from labels only one edition has,
/// with the first such label.
fn detect_edition(
    doc: &Document,
    labels: &[TableLabels],
) -> (Option<Edition>, Option<(String, Span)>) {
    let mut counts = vec![0usize; Edition::all().len()];
    let mut first: Vec<Option<(String, Span)>> = vec![None; Edition::all().len()];
    let markers: Vec<&[String]> = Edition::all()
        .map(|e| e.template().normalized_markers.as_slice())
        .collect();
    let mut see = |n: &str, text: &str, span: &Span| {
        if n.is_empty() {
            return;
        }
        for (i, ms) in markers.iter().enumerate() {
            if ms.iter().any(|m| m == n) {
                counts[i] += 1;
                if first[i].is_none() {
                    first[i] = Some((text.to_string(), span.clone()));
                }
            }
        }
    };
    let mut tables = labels.iter();
    for b in &doc.blocks {
        match b {
            Block::Heading(h) if h.level >= 3 => {
                see(&labels::normalize(&h.text), &h.text, &h.text_span)
            }
            Block::Table(t) => {
                let l = tables.next().expect("one TableLabels per table");
                for (c, n) in t.header.cells.iter().zip(&l.header) {
                    see(n, &c.text, &c.span);
                }
                for (r, n) in t.rows.iter().zip(&l.rows) {
                    if let Some(c) = r.cells.first() {
                        see(n, &c.text, &c.span);
                    }
                }
            }
            _ => {}
        }
    }
    match Edition::vote(&counts) {
        Some(e) => (Some(e), first[e.index()].take()),
        None => (None, None),
    }
}

fn bind_sections<'a>(doc: &'a Document, template: &Template) -> Vec<SectionRef<'a>> {
    let mut out: Vec<SectionRef<'a>> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Heading(h) = b else { continue };
        if h.level != 2 {
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.body.end = i;
        }
        let (numeral, title) = labels::split_numeral(&h.text);
        let title_norm = labels::normalize(title);
        let whole_norm = labels::normalize(&h.text);
        let mut section = None;
        let mut title_match = None;
        for (si, s) in template.sections.iter().enumerate() {
            let m = labels::match_label(&title_norm, &s.title, &s.aliases, &s.variants)
                .or_else(|| labels::match_label(&whole_norm, &s.title, &s.aliases, &s.variants));
            if let Some(m) = m {
                section = Some(si);
                title_match = Some(m);
                break;
            }
        }
        out.push(SectionRef {
            heading: h,
            block: i,
            section,
            numeral: numeral.map(str::to_string),
            title_match,
            body: i + 1..doc.blocks.len(),
        });
    }
    bind_by_numeral(&mut out, template);
    out
}

/// A heading whose title matches no section is that section by its numeral
/// (`五、我区存在的不足`) only where the numeral fits the order of the
/// headings matched by title around it, and no heading claims that section
/// by title. Some layouts number a narrative part of their own before the
/// official sections (上海市科委 2024: `二、工作机制保障` … `六、政府信息公开
/// 平台建设`, then `一、主动公开政府信息情况` …): those headings are no
/// section, not sections with wrong titles.
fn bind_by_numeral(out: &mut [SectionRef<'_>], template: &Template) {
    let by_title: Vec<Option<usize>> = out.iter().map(|s| s.title_match.and(s.section)).collect();
    for i in 0..out.len() {
        if by_title[i].is_some() {
            continue;
        }
        let Some(n) = out[i].numeral.as_deref().and_then(labels::numeral_value) else {
            continue;
        };
        if !(1..=template.sections.len()).contains(&n) {
            continue;
        }
        let idx = n - 1;
        let after_prev = by_title[..i]
            .iter()
            .flatten()
            .last()
            .is_none_or(|&p| p < idx);
        let before_next = by_title[i + 1..]
            .iter()
            .flatten()
            .next()
            .is_none_or(|&q| idx < q);
        if after_prev && before_next && !by_title.contains(&Some(idx)) {
            out[i].section = Some(idx);
        }
    }
}

/// A table's labels as the label matcher normalizes them: each header cell,
/// and each row's first cell (empty for a row without cells).
struct TableLabels {
    header: Vec<String>,
    rows: Vec<String>,
}

impl TableLabels {
    fn of(t: &Table) -> TableLabels {
        TableLabels {
            header: t
                .header
                .cells
                .iter()
                .map(|c| labels::normalize(&c.text))
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .first()
                        .map(|c| labels::normalize(&c.text))
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

fn bind_tables<'a>(
    doc: &'a Document,
    template: &'static Template,
    sections: &[SectionRef<'a>],
    labels: Vec<TableLabels>,
) -> Vec<BoundTable<'a>> {
    let mut labels = labels.into_iter();
    let mut out = Vec::new();
    let mut used = vec![false; template.tables.len()];
    let mut current_section: Option<usize> = None;
    let mut caption: Option<&'a Heading> = None;
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Heading(h) if h.level <= 2 => {
                caption = None;
                if h.level == 2 {
                    current_section = sections
                        .iter()
                        .find(|s| s.block == i)
                        .and_then(|s| s.section);
                }
            }
            Block::Heading(h) => caption = Some(h),
            Block::Table(t) => {
                let l = labels.next().expect("one TableLabels per table");
                let tid = identify_table(template, &l, current_section, caption, &used);
                if let Some(ti) = tid {
                    used[ti] = true;
                }
                out.push(bind_table(
                    t,
                    l,
                    i,
                    current_section,
                    caption,
                    tid.map(|ti| &template.tables[ti]),
                ));
                caption = None;
            }
            _ => {}
        }
    }
    out
}

/// Which template table a written table is: by its caption, else by how
/// many of its labels it shares with each candidate (same section first).
fn identify_table(
    template: &Template,
    labels: &TableLabels,
    section: Option<usize>,
    caption: Option<&Heading>,
    used: &[bool],
) -> Option<usize> {
    let section_numeral = section.map(|s| template.sections[s].numeral.as_str());
    if let Some(c) = caption {
        let n = labels::normalize(&c.text);
        if let Some(i) = template.tables.iter().position(|tt| {
            tt.caption
                .as_deref()
                .is_some_and(|cap| labels::eq_normalized(&n, cap))
        }) {
            return (!used[i]).then_some(i);
        }
    }
    let score = |tt: &TableTemplate| -> usize {
        let mut named_cols = vec![false; tt.columns.len()];
        for h in &labels.header {
            for &(i, _) in tt.column_index.get(h) {
                named_cols[i] = true;
            }
        }
        let mut named_rows = vec![false; tt.rows.len()];
        for l in &labels.rows {
            for &(i, _) in tt.row_index.get(l) {
                named_rows[i] = true;
            }
        }
        named_cols.iter().filter(|&&b| b).count() + named_rows.iter().filter(|&&b| b).count()
    };
    let best_in = |same_section: bool| -> Option<usize> {
        template
            .tables
            .iter()
            .enumerate()
            .filter(|(i, tt)| {
                !used[*i] && (!same_section || Some(tt.section.as_str()) == section_numeral)
            })
            .map(|(i, tt)| (i, score(tt)))
            .filter(|(_, s)| *s > 0)
            .max_by_key(|(i, s)| (*s, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    // Inside section 二 every table needs its caption: an uncaptioned table
    // there is matched by content only if its rows say which one it is.
    best_in(true).or_else(|| best_in(false))
}

fn bind_table<'a>(
    t: &'a Table,
    labels: TableLabels,
    block: usize,
    section: Option<usize>,
    caption: Option<&'a Heading>,
    tt: Option<&'static TableTemplate>,
) -> BoundTable<'a> {
    let Some(tt) = tt else {
        return BoundTable {
            table: t,
            block,
            section,
            caption,
            template: None,
            columns: vec![],
            header_normalized: labels.header,
            rows: vec![],
        };
    };
    let columns = map_columns(tt, &labels.header);
    let rows = t
        .rows
        .iter()
        .zip(&labels.rows)
        .map(|(r, label)| {
            let first = tt.row_index.first(label);
            let (template_row, label_match) = (first.map(|f| f.0), first.map(|f| f.1));
            let local_row = template_row
                .is_none()
                .then(|| tt.local_row(label))
                .flatten();
            let mut values: Vec<Option<BoundCell<'a>>> = vec![None; tt.columns.len()];
            for (ci, col) in columns.iter().enumerate() {
                let (Some(col), Some(cell)) = (col, r.cells.get(ci + 1)) else {
                    continue;
                };
                values[*col] = Some(BoundCell {
                    span: cell.span.clone(),
                    text: &cell.text,
                    value: Value::parse(&cell.text),
                });
            }
            BoundRow {
                row: r,
                template_row,
                label_match,
                local_row,
                values,
            }
        })
        .collect();
    BoundTable {
        table: t,
        block,
        section,
        caption,
        template: Some(tt),
        columns,
        header_normalized: labels.header,
        rows,
    }
}

/// Header cells (after the corner) to template columns: by label, and where
/// the header has exactly the template's width, unmatched cells by position
/// (a renamed column still holds that column's numbers).
fn map_columns(tt: &TableTemplate, header: &[String]) -> Vec<Option<usize>> {
    let mut mapped: Vec<Option<usize>> = header
        .iter()
        .skip(1)
        .map(|n| tt.column_named_normalized(n).map(|(i, _)| i))
        .collect();
    // A column label written twice maps only once.
    for i in 0..mapped.len() {
        if let Some(c) = mapped[i] {
            if mapped[..i].contains(&Some(c)) {
                mapped[i] = None;
            }
        }
    }
    if mapped.len() == tt.columns.len() {
        for i in 0..mapped.len() {
            if mapped[i].is_none() && !mapped.contains(&Some(i)) {
                mapped[i] = Some(i);
            }
        }
    }
    mapped
}
