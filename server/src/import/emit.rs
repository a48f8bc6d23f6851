//! A [`Draft`] written as `.nianbao` text, matched to the edition template
//! with the checker's own label matcher. See the module doc of
//! [`super`] for what is written canonically and what as published.

use super::draft::{is_number, is_value, mode, Block, Cell, Draft, Grid, Tie};
use super::{transposed, Unplaced};
use crate::analysis::parse_year;
use crate::labels::{self, MatchKind};
use crate::template::{Edition, TableTemplate, Template};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// What [`emit`] produced.
#[derive(Debug)]
pub struct Emitted {
    pub text: String,
    pub edition: Edition,
    pub unplaced: Vec<Unplaced>,
    pub notes: Vec<String>,
}

/// Whether the draft holds a report at all: a section heading of the
/// official format, or a table whose labels are the template's.
pub fn looks_like_report(draft: &Draft) -> bool {
    draft.blocks.iter().any(is_evidence)
}

/// Whether a block is evidence of a report: a section heading (by title) or
/// a table with at least three template labels.
pub(crate) fn is_evidence(b: &Block) -> bool {
    match b {
        Block::Text { text, .. } => {
            Edition::all().any(|e| section_by_title(text, e.template()).is_some())
        }
        Block::Table(g) => label_hits(g) >= 3,
    }
}

/// How many cells of a grid are template labels (any edition).
fn label_hits(g: &Grid) -> usize {
    g.rows
        .iter()
        .flatten()
        .filter(|c| c.origin.is_none() && !c.text.trim().is_empty())
        .filter(|c| {
            let n = labels::normalize(&c.text);
            Edition::all().any(|e| {
                e.template().tables.iter().any(|t| {
                    t.rows.iter().any(|r| {
                        labels::match_label(&n, &r.label, &r.aliases, &r.variants).is_some()
                    }) || t
                        .columns
                        .iter()
                        .any(|c| labels::match_label(&n, &c.label, &c.aliases, &[]).is_some())
                })
            })
        })
        .count()
}

/// Join the lines of a cell or paragraph the way the page showed them:
/// a break between two CJK characters is only a wrap (`商业\n企业`), a
/// break between ASCII words is a space.
pub fn join_lines(text: &str) -> String {
    let mut out = String::new();
    for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

/// A cell's text for a pipe table: one line, no `|` (the grammar has no
/// escape for it; the full-width bar reads the same).
pub(super) fn cell_text(text: &str) -> String {
    join_lines(text).replace('|', "｜")
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"([0-9０-９]{4})\s*年").unwrap())
}

/// Whether a line is a section heading of either edition, by its title.
pub(crate) fn is_section_title(text: &str) -> bool {
    Edition::all().any(|e| section_by_title(text, e.template()).is_some())
}

/// The section a heading's title names (canonical, alias or variant).
fn section_by_title(text: &str, template: &Template) -> Option<usize> {
    let t = text.trim();
    if t.contains('\n') || t.chars().count() > 40 {
        return None;
    }
    let (_, title) = labels::split_numeral(t);
    let title_norm = labels::normalize(title);
    let whole = labels::normalize(t);
    template.sections.iter().position(|s| {
        labels::match_label(&title_norm, &s.title, &s.aliases, &s.variants).is_some()
            || labels::match_label(&whole, &s.title, &s.aliases, &s.variants).is_some()
    })
}

/// The section a text block opens, if it is a heading: by its title, or by
/// its numeral when it is the next section and reads like a heading.
fn section_heading(
    text: &str,
    template: &Template,
    next: usize,
    by_numeral: bool,
) -> Option<usize> {
    if let Some(s) = section_by_title(text, template) {
        return Some(s);
    }
    if !by_numeral {
        return None;
    }
    let t = text.trim();
    if t.contains('\n') || t.chars().count() > 30 || t.ends_with(['。', '；', '，', '：', ':'])
    {
        return None;
    }
    let (numeral, title) = labels::split_numeral(t);
    let numeral = numeral?;
    let n = labels::numeral_value(numeral)?;
    // A Chinese numeral may skip a missing section; an Arabic one (`3、`
    // is as likely a list item) must be the very next.
    let chinese = !numeral
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let fits = if chinese { n > next } else { n == next + 1 };
    (fits && n >= 1 && n <= template.sections.len() && !title.is_empty()).then(|| n - 1)
}

/// A heading that names a section by its title under another section's
/// Chinese numeral (`一、主动公开政府信息情况`): the report numbers its
/// statutory sections on its own.
fn renumbered_heading(text: &str, template: &Template) -> bool {
    let t = text.trim();
    let Some(s) = section_by_title(t, template) else {
        return false;
    };
    let (Some(numeral), _) = labels::split_numeral(t) else {
        return false;
    };
    numeral.chars().all(|c| "一二三四五六七八九十".contains(c))
        && t[numeral.len()..].starts_with('、')
        && labels::numeral_value(numeral) != Some(s + 1)
}

/// The template table a caption names, in the given edition.
fn caption_table(text: &str, template: &'static Template) -> Option<&'static TableTemplate> {
    let n = labels::normalize(text);
    template.tables.iter().find(|t| {
        t.caption
            .as_deref()
            .is_some_and(|c| labels::eq_normalized(&n, c))
    })
}

pub(crate) fn is_caption(text: &str) -> bool {
    Edition::all().any(|e| caption_table(text, e.template()).is_some())
}

/// The edition the tables are written in, from the labels only one edition
/// has (as the checker decides it).
fn tables_edition(draft: &Draft) -> Option<Edition> {
    let mut counts = vec![0usize; Edition::all().len()];
    let markers: Vec<&[String]> = Edition::all()
        .map(|e| e.template().normalized_markers.as_slice())
        .collect();
    let mut see = |t: &str| {
        let n = labels::normalize(&join_lines(t));
        for (i, ms) in markers.iter().enumerate() {
            if ms.contains(&n) {
                counts[i] += 1;
            }
        }
    };
    for b in &draft.blocks {
        match b {
            Block::Text { text, .. } if text.chars().count() < 40 => see(text),
            Block::Table(g) => g
                .rows
                .iter()
                .flatten()
                .filter(|c| c.origin.is_none())
                .for_each(|c| see(&c.text)),
            _ => {}
        }
    }
    Edition::vote(&counts)
}

/// Is a text block the report's title?
pub(crate) fn is_title(text: &str) -> bool {
    let t = text.trim();
    !t.contains('\n')
        && t.chars().count() <= 80
        && t.contains("报告")
        && !t.ends_with('。')
        && (t.contains("年度") || year_re().is_match(t))
}

/// The agency a title or the preamble names.
pub fn agency_from(title: Option<&str>, preamble: &[&str]) -> Option<String> {
    static PRE: OnceLock<Regex> = OnceLock::new();
    let pre = PRE.get_or_init(|| {
        Regex::new(r"(?:现将|现向社会公布|现公布|特向社会公布)([^，。,；;《》“”]{2,40}?)[0-9０-９]{4}\s*年").unwrap()
    });
    let clean = |s: &str| -> Option<String> {
        let s = s
            .trim()
            .trim_matches(|c: char| c.is_whitespace() || c == '　');
        // `某某局关于2021年…报告`, `某某局的2021年…`
        let s = s
            .strip_suffix("关于")
            .or_else(|| s.strip_suffix('的'))
            .unwrap_or(s);
        (s.chars().count() >= 2 && !s.contains(['。', '，'])).then(|| s.to_string())
    };
    if let Some(t) = title {
        if let Some(m) = year_re().find(t) {
            let before = &t[..m.start()];
            if let Some(a) = clean(before) {
                return Some(a);
            }
            let after = t[m.end()..].trim_start_matches('度');
            let cut = [
                "政府信息公开",
                "政务公开",
                "信息公开",
                "年度报告",
                "工作报告",
            ]
            .iter()
            .filter_map(|k| after.find(k))
            .min()
            .unwrap_or(after.len());
            if let Some(a) = clean(&after[..cut]) {
                return Some(a);
            }
        }
    }
    preamble
        .iter()
        .find_map(|p| pre.captures(p).and_then(|c| clean(c.get(1)?.as_str())))
}

/// A prose line that the grammar would read as something else (a heading,
/// a table row, a comment, a front-matter fence) gets a leading full-width
/// space, which keeps it prose and reads the same.
fn prose_line(line: &str) -> String {
    let t = line.trim();
    if t.starts_with(['#', '|']) || t.starts_with("<!--") || t.starts_with("---") {
        format!("\u{3000}{t}")
    } else {
        t.to_string()
    }
}

pub(super) struct Writer {
    /// The text written, in parts: where each part goes and its lines.
    parts: Vec<(Part, Vec<String>)>,
    pub unplaced: Vec<Unplaced>,
    pub notes: Vec<String>,
}

/// Where a part of the written text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Where it is written (front matter, title, a section and what
    /// follows it).
    InPlace(Option<usize>),
    /// At the end of the section of this index as first written: the
    /// tables of an appendix after the six sections.
    Appendix(usize),
}

impl Writer {
    fn new() -> Writer {
        Writer {
            parts: vec![(Part::InPlace(None), Vec::new())],
            unplaced: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn block(&mut self, lines: impl IntoIterator<Item = String>) {
        let out = &mut self.parts.last_mut().expect("a part to write to").1;
        if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
        out.extend(lines);
    }

    /// What is written from here on goes to `part`.
    fn part(&mut self, part: Part) {
        self.parts.push((part, Vec::new()));
    }

    /// The lines, each appendix part after the section it belongs to (and
    /// after what that section had written in place).
    fn lines(self) -> Vec<String> {
        let mut order: Vec<(Part, Vec<String>)> = Vec::new();
        for (part, lines) in self.parts {
            match part {
                Part::InPlace(_) => order.push((part, lines)),
                Part::Appendix(s) => {
                    let at = order
                        .iter()
                        .rposition(|(p, _)| *p == Part::InPlace(Some(s)))
                        .map_or(order.len(), |i| {
                            i + 1
                                + order[i + 1..]
                                    .iter()
                                    .take_while(|(p, _)| *p == Part::Appendix(s))
                                    .count()
                        });
                    order.insert(at, (part, lines));
                }
            }
        }
        let mut out: Vec<String> = Vec::new();
        for (_, lines) in order {
            if out.last().is_some_and(|l| !l.is_empty())
                && lines.first().is_some_and(|l| !l.is_empty())
            {
                out.push(String::new());
            }
            out.extend(lines);
        }
        out
    }
}

/// Write the draft as `.nianbao` text.
pub fn emit(draft: &Draft) -> Emitted {
    // Title, year, agency, edition.
    let first_section = draft
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Text { text, .. } if Edition::all().any(|e| section_by_title(text, e.template()).is_some())))
        .unwrap_or(draft.blocks.len());
    let title_idx = draft.blocks[..first_section]
        .iter()
        .position(|b| matches!(b, Block::Text { text, .. } if is_title(text)));
    let title: Option<String> = match title_idx {
        Some(i) => match &draft.blocks[i] {
            Block::Text { text, .. } => Some(join_lines(text)),
            Block::Table(_) => None,
        },
        None => draft
            .title
            .as_deref()
            .filter(|t| is_title(t))
            .map(join_lines),
    };
    let preamble: Vec<&str> = draft.blocks[..first_section]
        .iter()
        .filter_map(|b| match b {
            Block::Text { text, .. } => Some(text.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    let year = title
        .as_deref()
        .and_then(|t| year_re().captures(t))
        .and_then(|c| parse_year(c.get(1)?.as_str()))
        .or_else(|| {
            static STAT: OnceLock<Regex> = OnceLock::new();
            let re = STAT.get_or_init(|| Regex::new(r"([0-9]{4})\s*年\s*1\s*月\s*1\s*日").unwrap());
            preamble
                .iter()
                .find_map(|p| re.captures(p).and_then(|c| parse_year(c.get(1)?.as_str())))
        });
    let agency = agency_from(title.as_deref(), &preamble);
    let edition = tables_edition(draft)
        .or_else(|| year.and_then(Edition::for_year))
        .unwrap_or_else(Edition::latest);
    let template = edition.template();

    let mut w = Writer::new();
    let mut front = Vec::new();
    if let Some(a) = &agency {
        front.push(format!("机关: {a}"));
    } else {
        w.notes
            .push("未能从标题或导语中读出机关名称，请在文件开头补写“机关: ……”".into());
    }
    if let Some(y) = year {
        front.push(format!("年度: {y}"));
    } else {
        w.notes
            .push("未能读出报告年度，请在文件开头补写“年度: ……”".into());
    }
    if !front.is_empty() {
        w.block(
            std::iter::once("---".to_string())
                .chain(front)
                .chain(std::iter::once("---".to_string())),
        );
    }
    match &title {
        Some(t) => w.block([format!("# {t}")]),
        None => w.notes.push("没有找到报告标题".into()),
    }

    // Statutory sections numbered on their own (Shanghai: a narrative
    // 一–六, then `一、主动公开政府信息情况`…): numerals do not say which
    // section a heading opens, titles do; the narrative's headings stay prose.
    let renumbered = draft.blocks.iter().any(|b| match b {
        Block::Text { text, .. } => renumbered_heading(text, template),
        Block::Table(_) => false,
    });
    let mut narrative: Vec<String> = Vec::new();
    let mut next_section = 0usize;
    let mut current_section: Option<usize> = None;
    let mut caption: Option<&'static TableTemplate> = None;
    let mut used_tables: HashSet<&'static str> = HashSet::new();
    let mut opened: Vec<usize> = Vec::new();
    let mut appendix: Vec<String> = Vec::new();
    // Sections with something under their heading.
    let mut bodied: Vec<usize> = Vec::new();
    for (bi, b) in draft.blocks.iter().enumerate() {
        if let Some(s) = current_section {
            let heading =
                matches!(b, Block::Text { text, .. } if section_by_title(text, template).is_some());
            if !heading && !bodied.contains(&s) {
                bodied.push(s);
            }
        }
        match b {
            Block::Text { text, heading, .. } => {
                if Some(bi) == title_idx {
                    continue;
                }
                let t = join_lines_keep(text);
                if t.is_empty() {
                    continue;
                }
                if renumbered
                    && section_heading(&t, template, next_section, false).is_none()
                    && section_heading(&t, template, next_section, true).is_some()
                {
                    narrative.push(t.trim().to_string());
                }
                // A section with tables named again after the last one
                // (an appendix: `附表` under 六, then `二、主动公开政府信息
                // 情况` or `一、主动公开政府信息情况` and its tables): what
                // follows goes to the end of that section.
                // (Not a table of contents: the section named must have had
                // a body.)
                if let Some(s) = section_by_title(&t, template).filter(|&s| {
                    opened.contains(&s)
                        && bodied.contains(&s)
                        && s + 1 < next_section
                        && template
                            .tables
                            .iter()
                            .any(|tt| tt.section == template.sections[s].numeral)
                }) {
                    w.part(Part::Appendix(s));
                    appendix.push(t.trim().to_string());
                    current_section = Some(s);
                    caption = None;
                    continue;
                }
                if let Some(s) = section_heading(&t, template, next_section, !renumbered) {
                    w.part(Part::InPlace(Some(s)));
                    opened.push(s);
                    w.block([format!("## {}", t.trim())]);
                    next_section = next_section.max(s + 1);
                    current_section = Some(s);
                    caption = None;
                } else if is_caption(&t) {
                    caption = caption_table(&t, template);
                    let written = match caption {
                        Some(tt) => tt.caption.clone().unwrap_or_default(),
                        None => join_lines(&t),
                    };
                    w.block([format!("### {written}")]);
                } else if current_section.is_some()
                    && heading.is_some_and(|h| h >= 2)
                    && !t.contains('\n')
                    && t.chars().count() <= 60
                {
                    // A sub-heading the markup says is one (`<h3>`, Word's
                    // 标题 2): a heading under its section, as published.
                    w.block([format!("### {}", t.trim())]);
                } else {
                    w.block(t.lines().map(prose_line));
                }
            }
            Block::Table(g) => {
                let section = current_section.map(|s| template.sections[s].numeral.as_str());
                emit_table(
                    &mut w,
                    g,
                    template,
                    section,
                    caption.take(),
                    &mut used_tables,
                );
            }
        }
    }
    if !narrative.is_empty() {
        w.notes.push(format!(
            "法定各部分另起编号（如“一、主动公开政府信息情况”），章节按标题认定、表格放入其所属章节；前面叙述部分的 {} 个标题按正文保留：{}",
            narrative.len(),
            narrative
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if !appendix.is_empty() {
        w.notes.push(format!(
            "正文各部分之后又以{}列出了表格（附表），各表格已放入正文同名一节、接在该节文字之后",
            appendix
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if next_section == 0 {
        w.notes
            .push("没有识别出任何章节标题（“一、总体情况”等）".into());
    }
    let unplaced = std::mem::take(&mut w.unplaced);
    let notes = std::mem::take(&mut w.notes);
    let mut text = w.lines().join("\n");
    text.push('\n');
    Emitted {
        text,
        edition,
        unplaced,
        notes,
    }
}

/// Prose keeps its line breaks (each line trimmed, empty lines dropped).
fn join_lines_keep(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A logical value column: the grid columns under one lowest header cell.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub cols: std::ops::Range<usize>,
    /// Header texts from top to bottom (distinct cells, non-empty).
    pub path: Vec<String>,
}

impl Column {
    pub fn leaf(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// Which template column a header path names, and how.
pub(super) fn match_column(tt: &TableTemplate, path: &[String]) -> Option<(usize, MatchKind)> {
    path.iter().rev().find_map(|p| {
        let n = labels::normalize(p);
        tt.columns
            .iter()
            .enumerate()
            .find_map(|(i, c)| labels::match_label(&n, &c.label, &c.aliases, &[]).map(|k| (i, k)))
    })
}

pub(super) fn match_row(tt: &TableTemplate, label: &str) -> Option<(usize, MatchKind)> {
    let n = labels::normalize(label);
    tt.rows.iter().enumerate().find_map(|(i, r)| {
        labels::match_label(&n, &r.label, &r.aliases, &r.variants).map(|k| (i, k))
    })
}

/// The label to write: the template's when the match is only formatting.
pub(super) fn written_label(canonical: &str, kind: Option<MatchKind>, published: &str) -> String {
    match kind {
        Some(MatchKind::Canonical | MatchKind::Alias) => canonical.to_string(),
        _ => cell_text(published),
    }
}

/// `| label | a | b |`, an empty cell as `|  |`.
pub(super) fn table_row<'a>(label: &str, cells: impl Iterator<Item = &'a str>) -> String {
    let mut line = format!("| {label} |");
    for c in cells {
        line.push(' ');
        line.push_str(c);
        line.push_str(" |");
    }
    line
}

/// Whether a row's first label names a row of a template table (header
/// rows of 表四 name its rows too, so 表四 is left out).
fn names_template_row(row: &[Cell], template: &Template) -> bool {
    let Some(first) = row.iter().find(|c| !c.text.trim().is_empty()) else {
        return false;
    };
    let n = labels::normalize(&join_lines(&first.text));
    template.tables.iter().filter(|t| !t.transposed).any(|t| {
        t.rows
            .iter()
            .any(|r| labels::match_label(&n, &r.label, &r.aliases, &r.variants).is_some())
    })
}

/// The shape of a grid read as a table: where its data rows start, how
/// many label columns lead them, and its logical value columns.
struct Shape {
    /// The first data row (the rows above are header rows).
    start: usize,
    /// Label columns: the usual number of leading label cells of a data row.
    lw: usize,
    columns: Vec<Column>,
}

fn emit_table(
    w: &mut Writer,
    g: &Grid,
    template: &'static Template,
    section: Option<&str>,
    caption: Option<&'static TableTemplate>,
    used: &mut HashSet<&'static str>,
) {
    if g.rows.is_empty() || g.width() == 0 {
        return;
    }
    let Some(shape) = shape_of(g, template) else {
        grid_as_prose(w, g);
        return;
    };
    let tt = choose_table(g, &shape, template, section, caption, used);
    if let Some(tt) = tt {
        used.insert(tt.id.as_str());
    }
    let corner = header_prose(w, g, &shape, tt);
    if let Some(tt) = tt.filter(|t| t.transposed) {
        if let Some(lines) = transposed::lines(w, g, tt, &shape.columns, shape.start) {
            w.block(lines);
            return;
        }
    }
    let mut lines = header_lines(&shape, tt, corner);
    data_lines(w, g, &shape, tt, &mut lines);
    if tt.is_none() {
        w.notes
            .push(format!("{}的表格不是年报格式中的表格，按原样写出", g.loc));
    }
    w.block(lines);
}

/// Header rows, label columns and value columns of a grid; `None` when no
/// row holds a number and none is a template row (a layout box, a
/// signature block: not a table of the report).
fn shape_of(g: &Grid, template: &Template) -> Option<Shape> {
    let rows = &g.rows;
    let width = g.width();
    // Header rows: those before the first row with a number, less the
    // trailing ones that are template rows (a first data row may be blank).
    let mut start = rows
        .iter()
        .position(|r| r.iter().any(|c| c.origin.is_none() && is_number(&c.text)))
        .unwrap_or(rows.len());
    while start > 0 && names_template_row(&rows[start - 1], template) {
        start -= 1;
    }
    let data = &rows[start..];
    if data.is_empty() {
        return None;
    }
    // Label columns: the usual number of leading label cells of a data row.
    // On a tie the fewer: a row whose label wraps into a second cell is
    // no wider a label.
    let lw = mode(
        data.iter().map(|r| {
            r.iter()
                .take_while(|c| !c.text.trim().is_empty() && !is_value(&c.text))
                .count()
        }),
        Tie::Smaller,
    )
    .unwrap_or(1)
    .min(width);

    // Logical value columns under the lowest header cells.
    let mut columns: Vec<Column> = Vec::new();
    #[allow(clippy::needless_range_loop)] // `j` is a grid column, used with `g.source`.
    for j in lw..width {
        let key = start.checked_sub(1).map(|h| g.source(h, j));
        let same = columns.last().is_some_and(|c| {
            key.is_some() && start.checked_sub(1).map(|h| g.source(h, c.cols.start)) == key
        });
        if same {
            columns.last_mut().unwrap().cols.end = j + 1;
            continue;
        }
        let mut path: Vec<String> = Vec::new();
        let mut last_src = None;
        for (h, row) in rows[..start].iter().enumerate() {
            let src = g.source(h, j);
            let t = join_lines(&row[j].text);
            if Some(src) != last_src && !t.is_empty() {
                path.push(t);
            }
            last_src = Some(src);
        }
        columns.push(Column {
            cols: j..j + 1,
            path,
        });
    }
    if start == 0 {
        // No header: one column per grid column that holds a value anywhere.
        columns.retain(|c| data.iter().any(|r| r[c.cols.start].origin.is_none()));
    }

    Some(Shape { start, lw, columns })
}

/// A grid that is no table of the report: its text as prose, each
/// written cell once (spanned positions are copies).
fn grid_as_prose(w: &mut Writer, g: &Grid) {
    for row in &g.rows {
        let line: Vec<String> = row
            .iter()
            .filter(|c| c.origin.is_none() && !c.text.trim().is_empty())
            .map(|c| join_lines(&c.text))
            .collect();
        if !line.is_empty() {
            w.block([prose_line(&line.join(" "))]);
        }
    }
}

/// Which template table a grid is: the caption's, else the one of the
/// section (then of any section) whose columns and rows it names most.
fn choose_table(
    g: &Grid,
    shape: &Shape,
    template: &'static Template,
    section: Option<&str>,
    caption: Option<&'static TableTemplate>,
    used: &HashSet<&'static str>,
) -> Option<&'static TableTemplate> {
    let Shape { start, lw, columns } = shape;
    let (start, lw) = (*start, *lw);
    let data = &g.rows[start..];
    let row_labels: Vec<String> = data
        .iter()
        .flat_map(|r| r[..lw].iter().map(|c| join_lines(&c.text)))
        .filter(|t| !t.is_empty())
        .collect();
    caption
        .filter(|t| !used.contains(t.id.as_str()))
        .or_else(|| {
            let score = |tt: &TableTemplate| {
                let cols = tt
                    .columns
                    .iter()
                    .filter(|c| {
                        columns.iter().any(|col| {
                            col.path.iter().any(|p| {
                                labels::match_label(
                                    &labels::normalize(p),
                                    &c.label,
                                    &c.aliases,
                                    &[],
                                )
                                .is_some()
                            })
                        })
                    })
                    .count();
                let rows = tt
                    .rows
                    .iter()
                    .filter(|r| {
                        row_labels.iter().any(|l| {
                            labels::match_label(
                                &labels::normalize(l),
                                &r.label,
                                &r.aliases,
                                &r.variants,
                            )
                            .is_some()
                        })
                    })
                    .count();
                cols + rows
            };
            let best = |same_section: bool| {
                template
                    .tables
                    .iter()
                    .filter(|t| !used.contains(t.id.as_str()))
                    .filter(|t| !same_section || Some(t.section.as_str()) == section)
                    .map(|t| (t, score(t)))
                    .filter(|(_, s)| *s > 0)
                    .max_by_key(|(t, s)| (*s, std::cmp::Reverse(t.id.clone())))
                    .map(|(t, _)| t)
            };
            best(true).or_else(|| best(false))
        })
}

/// The published corner, when it says more than the template's corner
/// (表三's 勾稽关系 note), and header cells the template does not know (a
/// title row `表三：…`, an annotation): paragraphs before the table, so
/// nothing published is dropped. Returns the corner to write.
fn header_prose(w: &mut Writer, g: &Grid, shape: &Shape, tt: Option<&TableTemplate>) -> String {
    let (start, lw, columns) = (shape.start, shape.lw, &shape.columns);
    let rows = &g.rows;
    let corner_text = if start > 0 && lw > 0 {
        join_lines(&rows[0][0].text)
    } else {
        String::new()
    };
    let corner = match tt {
        Some(tt) => {
            if !corner_text.is_empty()
                && !labels::eq_normalized(&labels::normalize(&corner_text), &tt.corner)
            {
                w.block([prose_line(&corner_text)]);
            }
            tt.corner.clone()
        }
        None if !corner_text.is_empty() => cell_text(&corner_text),
        None => "项目".to_string(),
    };
    // Header cells above the column labels that the template does not know
    // (a title row `表三：…`, an annotation): paragraphs before the table, so
    // nothing published is dropped. Known ones (申请人情况, 法人或其他组织,
    // 行政诉讼 …) are part of some template label.
    if let Some(tt) = tt {
        let known: Vec<String> = std::iter::once(&tt.corner)
            .chain(&tt.corner_aliases)
            .chain(
                tt.columns
                    .iter()
                    .flat_map(|c| c.group.iter().chain([&c.label])),
            )
            .chain(
                tt.rows
                    .iter()
                    .flat_map(|r| std::iter::once(&r.label).chain(&r.aliases)),
            )
            .map(|l| labels::normalize(l))
            .collect();
        let mut extra: Vec<String> = Vec::new();
        for col in columns {
            for p in col.path.iter().rev().skip(1) {
                let n = labels::normalize(p);
                if !n.is_empty() && !known.iter().any(|k| k.contains(&n)) && !extra.contains(p) {
                    extra.push(p.clone());
                }
            }
        }
        for p in extra {
            w.block([prose_line(&p)]);
        }
    }

    corner
}

/// The header line and the separator: the template's column labels where
/// the published ones match them.
fn header_lines(shape: &Shape, tt: Option<&TableTemplate>, corner: String) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let columns = &shape.columns;
    // Header.
    let mut taken: HashSet<usize> = HashSet::new();
    let mut header = vec![corner];
    for col in columns {
        let m = tt.and_then(|tt| match_column(tt, &col.path));
        let label = match (tt, m) {
            (Some(tt), Some((ci, k))) if taken.insert(ci) => {
                written_label(&tt.columns[ci].label, Some(k), col.leaf())
            }
            _ => cell_text(col.leaf()),
        };
        header.push(label);
    }
    lines.push(format!("| {} |", header.join(" | ")));
    lines.push(format!("| --- |{}", " ---: |".repeat(columns.len())));

    lines
}

/// The data rows: group labels (a label cell spanning down) once as
/// group rows, then each row's own label and its values under their
/// columns; what fits no column is unplaced.
fn data_lines(
    w: &mut Writer,
    g: &Grid,
    shape: &Shape,
    tt: Option<&TableTemplate>,
    lines: &mut Vec<String>,
) {
    let (start, lw, columns) = (shape.start, shape.lw, &shape.columns);
    let data = &g.rows[start..];
    let mut emitted_groups: HashSet<(usize, usize)> = HashSet::new();
    for (i, r) in data.iter().enumerate() {
        let ri = start + i;
        // Distinct label cells, in order.
        let mut label_cells: Vec<((usize, usize), &Cell)> = Vec::new();
        for (j, c) in r[..lw].iter().enumerate() {
            let src = g.source(ri, j);
            if label_cells.last().is_some_and(|(s, _)| *s == src) || c.text.trim().is_empty() {
                continue;
            }
            if label_cells.iter().any(|(s, _)| *s == src) {
                continue;
            }
            label_cells.push((src, c));
        }
        // A number where a label should be cannot be placed.
        for c in r[..lw]
            .iter()
            .filter(|c| c.origin.is_none() && is_number(&c.text))
        {
            w.unplaced.push(Unplaced {
                text: c.text.clone(),
                loc: c.loc.clone(),
                reason: "数字出现在行标签的位置，无法对应到表格的列".into(),
            });
        }
        label_cells.retain(|(_, c)| !is_number(&c.text));
        let values: Vec<(usize, &Cell)> = r[lw..]
            .iter()
            .enumerate()
            .filter(|(_, c)| c.origin.is_none())
            .map(|(j, c)| (lw + j, c))
            .collect();
        let has_values = values.iter().any(|(_, c)| !c.text.trim().is_empty());
        if label_cells.is_empty() && !has_values {
            continue;
        }
        // Group labels: written in an earlier label column and spanning
        // down (a rowspan), shown once as a group row.
        let (own, groups) = match label_cells.split_last() {
            Some((own, groups)) => (Some(own), groups),
            None => (None, &[][..]),
        };
        for (src, c) in groups {
            if emitted_groups.insert(*src) {
                let label = join_lines(&c.text);
                let m = tt.and_then(|tt| match_row(tt, &label));
                let written = match (tt, m) {
                    (Some(tt), Some((ri, k))) => written_label(&tt.rows[ri].label, Some(k), &label),
                    _ => cell_text(&label),
                };
                lines.push(table_row(&written, std::iter::repeat_n("", columns.len())));
            }
        }
        let label = own.map(|(_, c)| join_lines(&c.text)).unwrap_or_default();
        let written = match tt.and_then(|tt| match_row(tt, &label).map(|m| (tt, m))) {
            Some((tt, (ri, k))) => written_label(&tt.rows[ri].label, Some(k), &label),
            None => cell_text(&label),
        };
        // Values: in order when every column has its own cell, else by position.
        let mut cells: Vec<Option<String>> = vec![None; columns.len()];
        if values.len() == columns.len() {
            for (slot, (_, c)) in cells.iter_mut().zip(&values) {
                *slot = Some(cell_text(&c.text));
            }
        } else {
            for (j, c) in &values {
                let k = columns.iter().position(|col| col.cols.contains(j));
                match k {
                    Some(k) if cells[k].is_none() => cells[k] = Some(cell_text(&c.text)),
                    _ if c.text.trim().is_empty() => {}
                    _ => w.unplaced.push(Unplaced {
                        text: c.text.clone(),
                        loc: c.loc.clone(),
                        reason: format!("“{label}”一行的单元格多于表头的列，无法确定属于哪一列"),
                    }),
                }
            }
        }
        lines.push(table_row(
            &written,
            cells.iter().map(|c| c.as_deref().unwrap_or("")),
        ));
    }
}
