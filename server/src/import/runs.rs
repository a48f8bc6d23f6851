//! Text where a crawler ran everything together (`shared/corpus/real/
//! pingtan-*.txt`): the whole report on one line, headings glued to their
//! first sentence, and the cells of each table row written with no
//! separator (`规范性文件898989` = 89, 89, 89).
//!
//! - An optional crawler header (`标题: …`, `发布时间: …` up to a line
//!   `==== 正文 ====`) is skipped; its `标题` is the report title when the
//!   body has none.
//! - Section headings are found by their titles (`二、主动公开政府信息情况`),
//!   in order. Sections without template tables are prose, cut into
//!   paragraphs where a sentence ends before `（一）`, `1.` or `一是`.
//! - In the sections with tables, the template's labels are found by
//!   longest match: captions, corners, column labels, row labels. The digits
//!   after a row label are that row's cells; [`super::split`] cuts them
//!   using the column count and the template's sums. A row label that
//!   starts with a digit (`2.没有现成信息…`) takes that digit from the run
//!   before it. A row whose digits split more than one way keeps blank
//!   cells and goes to the unplaced list with the splits that fit.
//! - 表四 published as one row of 15 numbers under its three header levels
//!   becomes the template's three rows.

use super::assemble::{
    self, Cells, Entry, Folded, Role, RowAcc, RowDraft, TableAcc, TableDraft, Vocab,
};
use super::draft::{Block, Draft, Loc};
use super::split::{self, Resolved, RunRow};
use super::{emit, transposed, ImportError, Unplaced};
use crate::template::{CellKind, Edition, TableTemplate};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Whether a text looks like this layout: a line holding two or more
/// section headings, and a template row label followed directly by digits.
pub fn looks_like(text: &str) -> bool {
    let vs = Vocab::sections();
    let vt = Vocab::tables();
    text.lines().filter(|l| l.len() > 400).any(|line| {
        // The first 200 KB of a line tell (a report is a few tens of KB).
        let mut cut = line.len().min(200 * 1024);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        let f = Folded::new(&line[..cut]);
        let mut sections = 0;
        let mut glued = false;
        let mut i = 0;
        while i < f.chars.len() {
            if let Some((n, e)) = vs.at(&f.chars, i) {
                sections += usize::from(e.iter().any(|e| matches!(e.role, Role::Section(_))));
                i += n;
                continue;
            }
            if let Some((n, e)) = vt.at(&f.chars, i) {
                if e.iter().any(|e| matches!(e.role, Role::Row(_)))
                    && f.chars.get(i + n).is_some_and(|c| c.is_ascii_digit())
                {
                    glued = true;
                }
                i += n;
                continue;
            }
            i += 1;
        }
        sections >= 2 && glued
    })
}

/// The report body: the lines after the crawler header joined with `\n`,
/// and where each line starts (for locations).
struct Body {
    text: String,
    /// (byte offset in `text`, 1-based line in the input).
    lines: Vec<(usize, usize)>,
}

impl Body {
    fn loc(&self, byte: usize) -> Loc {
        let k = self.lines.partition_point(|(b, _)| *b <= byte).max(1) - 1;
        let (start, line) = self.lines.get(k).copied().unwrap_or((0, 1));
        let col = self.text[start..byte.min(self.text.len())].chars().count() + 1;
        Loc {
            line: Some(line),
            place: format!("第{col}字"),
        }
    }
}

fn body_marker(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*=+\s*正文\s*=+\s*$").unwrap())
        .is_match(line)
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let mut draft = Draft::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut first = 0;
    if let Some(m) = lines.iter().position(|l| body_marker(l)) {
        let mut numbers = 0;
        for l in &lines[..m] {
            let l = l.trim();
            if let Some(t) = l.strip_prefix("标题:").or_else(|| l.strip_prefix("标题：")) {
                draft.title = Some(t.trim().to_string()).filter(|t| !t.is_empty());
            }
            numbers += super::numbers(l).len();
        }
        draft.notes.push(format!(
            "跳过了抓取工具写在正文之前的信息（标题、发布时间、原文链接等）{} 行，其中含数字 {numbers} 个",
            m + 1
        ));
        first = m + 1;
    }
    let mut body = Body {
        text: String::new(),
        lines: Vec::new(),
    };
    for (i, l) in lines.iter().enumerate().skip(first) {
        if !body.text.is_empty() {
            body.text.push('\n');
        }
        body.lines.push((body.text.len(), i + 1));
        body.text.push_str(l.trim_end_matches('\r'));
    }
    let edition = assemble::choose_edition(&body.text);
    let folded = Folded::new(&body.text);
    let headings = find_sections(&body.text, &folded);

    let first_heading = headings.first().map_or(body.text.len(), |h| h.range.start);
    preamble(&mut draft, &body, 0..first_heading);
    let mut reader = Reader {
        body: &body,
        folded: &folded,
        edition,
        draft,
        split_by_sums: Vec::new(),
        rows_split: 0,
    };
    for (k, h) in headings.iter().enumerate() {
        let end = headings
            .get(k + 1)
            .map_or(body.text.len(), |n| n.range.start);
        reader.draft.blocks.push(Block::Text {
            text: body.text[h.range.clone()].to_string(),
            loc: body.loc(h.range.start),
            heading: Some(2),
        });
        let numeral = &edition.template().sections[h.section].numeral;
        let has_tables = edition
            .template()
            .tables
            .iter()
            .any(|t| &t.section == numeral);
        let region = h.range.end..end;
        if has_tables && reader.tables(region.clone(), numeral) {
            continue;
        }
        for (p, at) in paragraphs(&body.text, region) {
            reader.draft.blocks.push(Block::Text {
                text: p,
                loc: body.loc(at),
                heading: None,
            });
        }
    }
    let mut draft = reader.finish();
    if headings.is_empty() {
        draft
            .notes
            .push("没有找到任何章节标题，全文按正文段落导入".into());
    }
    Ok(draft)
}

struct Heading {
    range: Range<usize>,
    section: usize,
}

/// Section headings by title, each later in the template than the last (a
/// title quoted in a sentence is not a heading).
fn find_sections(text: &str, f: &Folded) -> Vec<Heading> {
    let v = Vocab::sections();
    let mut out: Vec<Heading> = Vec::new();
    let mut i = 0;
    while i < f.chars.len() {
        if let Some((n, entries)) = v.at(&f.chars, i) {
            let s = entries.iter().find_map(|e| match e.role {
                Role::Section(s) => Some(s),
                _ => None,
            });
            if let Some(s) = s.filter(|&s| out.last().is_none_or(|h| s > h.section)) {
                out.push(Heading {
                    range: f.at[i]..end_of(text, f, i + n),
                    section: s,
                });
                i += n;
                continue;
            }
        }
        if let Some((n, s)) = misspelt_heading(f, i, out.last().map(|h| h.section)) {
            out.push(Heading {
                range: f.at[i]..end_of(text, f, i + n),
                section: s,
            });
            i += n;
            continue;
        }
        i += 1;
    }
    out
}

/// A heading published with a typo at folded index `i`
/// (`四、政府信息公开行政法复议、行政诉讼情况`): the numeral of a later
/// section, `、`, then text within two edits (one for a short title) of
/// that section's title. Its folded length and the section.
fn misspelt_heading(f: &Folded, i: usize, after: Option<usize>) -> Option<(usize, usize)> {
    let c = f.chars.get(i)?;
    let n = "一二三四五六".chars().position(|x| x == *c)?;
    if f.chars.get(i + 1) != Some(&'、') || after.is_some_and(|a| n <= a) {
        return None;
    }
    let start = i + 2;
    let mut best: Option<(usize, usize)> = None; // (distance, length)
    for e in Edition::all() {
        let Some(sec) = e.template().sections.get(n) else {
            continue;
        };
        for title in std::iter::once(&sec.title).chain(&sec.aliases) {
            let want = assemble::fold(title);
            let max = if want.len() >= 10 { 2 } else { 1 };
            for l in want.len().saturating_sub(2)..=want.len() + 2 {
                let Some(got) = f.chars.get(start..start + l) else {
                    continue;
                };
                let d = assemble::edit_distance(got, &want);
                if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, l));
                }
            }
        }
    }
    best.map(|(_, l)| (l + 2, n))
}

/// The byte just after the source character of folded index `k - 1`.
fn end_of(text: &str, f: &Folded, k: usize) -> usize {
    let last = f.at[k - 1];
    last + text[last..].chars().next().map_or(0, char::len_utf8)
}

/// The part before the first heading: page chrome, the title, the
/// introduction. Words before the title (a breadcrumb) and short words
/// between it and the first sentence (source, date, share links) are page
/// chrome.
fn preamble(draft: &mut Draft, body: &Body, range: Range<usize>) {
    let text = &body.text[range.clone()];
    static WORD: OnceLock<Regex> = OnceLock::new();
    let words: Vec<(usize, &str)> = WORD
        .get_or_init(|| Regex::new(r"\S+").unwrap())
        .find_iter(text)
        .map(|m| (m.start(), m.as_str()))
        .collect();
    let title = words
        .iter()
        .position(|(_, w)| emit::is_title(w))
        .or_else(|| {
            let meta = assemble::fold(draft.title.as_deref()?);
            words.iter().position(|(_, w)| assemble::fold(w) == meta)
        });
    let prose_from = match title {
        Some(t) => {
            let (at, w) = words[t];
            draft.blocks.push(Block::Text {
                text: w.to_string(),
                loc: body.loc(range.start + at),
                heading: Some(1),
            });
            let from = words[t + 1..]
                .iter()
                .position(|(_, w)| w.contains('。') || w.chars().count() > 40)
                .map(|k| t + 1 + k);
            let chrome: Vec<&str> = words[..t]
                .iter()
                .chain(&words[t + 1..from.unwrap_or(words.len())])
                .map(|(_, w)| *w)
                .collect();
            if !chrome.is_empty() {
                let numbers: usize = chrome.iter().map(|w| super::numbers(w).len()).sum();
                draft.notes.push(format!(
                    "跳过了标题前后的页面内容（导航、来源、分享链接等）{} 处，其中含数字 {numbers} 个",
                    chrome.len()
                ));
            }
            from.map(|k| words[k].0)
        }
        None => words.first().map(|(at, _)| *at),
    };
    if let Some(at) = prose_from {
        for (p, b) in paragraphs(&body.text, range.start + at..range.end) {
            draft.blocks.push(Block::Text {
                text: p,
                loc: body.loc(b),
                heading: None,
            });
        }
    }
}

/// Prose cut into paragraphs where a sentence ends and a numbered item
/// starts (`。（二）`, `。2.`, `。二是`), with where each starts.
fn paragraphs(text: &str, range: Range<usize>) -> Vec<(String, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"（[一二三四五六七八九十]{1,3}）|\([一二三四五六七八九十]{1,3}\)|（[0-9]{1,2}）|[0-9]{1,2}[.．、]\p{Han}|[一二三四五六七八九十]是")
            .unwrap()
    });
    let s = &text[range.clone()];
    let mut cuts = vec![0];
    for m in re.find_iter(s) {
        let before = s[..m.start()].trim_end();
        if before.ends_with(['。', '；', '！', '？']) {
            cuts.push(m.start());
        }
    }
    cuts.push(s.len());
    cuts.windows(2)
        .filter_map(|w| {
            let p = s[w[0]..w[1]].trim();
            let lead = s[w[0]..w[1]].len() - s[w[0]..w[1]].trim_start().len();
            (!p.is_empty()).then(|| (p.to_string(), range.start + w[0] + lead))
        })
        .collect()
}

/// A token of a table region.
#[derive(Debug)]
enum Tok {
    Label {
        range: Range<usize>,
        entries: Vec<&'static Entry>,
    },
    Run(Range<usize>),
    Stray(Range<usize>),
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Labels by longest match, digit runs (with the whitespace and decimal
/// points inside them, and a closing 元/万元), and the stray text between.
fn tokenize(text: &str, f: &Folded, range: Range<usize>) -> Vec<Tok> {
    let v = Vocab::tables();
    let label_at = |b: usize| -> Option<(usize, Vec<&'static Entry>)> {
        let k = f.index_at(b);
        if f.at.get(k) != Some(&b) {
            return None;
        }
        let (n, entries) = v.at(&f.chars, k)?;
        let end = end_of(text, f, k + n);
        // Quotes closing the label (`3.危及“三安全一稳定”`) belong to it.
        let mut end2 = end;
        for c in text[end..].chars() {
            if c.is_whitespace() || !matches!(c, '”' | '"' | '’' | '」' | '』') {
                break;
            }
            end2 += c.len_utf8();
        }
        (end2 <= range.end).then_some((end2, entries))
    };
    let mut out = Vec::new();
    let mut stray: Option<usize> = None;
    let mut p = range.start;
    let flush = |out: &mut Vec<Tok>, stray: &mut Option<usize>, end: usize| {
        if let Some(s) = stray.take() {
            if !text[s..end].trim().is_empty() {
                out.push(Tok::Stray(s..end));
            }
        }
    };
    while p < range.end {
        let c = text[p..].chars().next().expect("inside the text");
        if let Some((end, entries)) = label_at(p) {
            flush(&mut out, &mut stray, p);
            out.push(Tok::Label {
                range: p..end,
                entries,
            });
            p = end;
            continue;
        }
        let signed = matches!(c, '-' | '+' | '－' | '＋')
            && text[p + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_digit);
        if is_digit(c) || signed {
            let end = scan_run(text, p, range.end, &label_at);
            // A sign before a label (`-1.属于…`) is no run: stray text.
            if end > p {
                flush(&mut out, &mut stray, p);
                out.push(Tok::Run(p..end));
                p = end;
                continue;
            }
        }
        if stray.is_none() && !c.is_whitespace() {
            stray = Some(p);
        }
        p += c.len_utf8();
    }
    flush(&mut out, &mut stray, range.end);
    out
}

/// The end of the digit run starting at `p`.
fn scan_run(
    text: &str,
    p: usize,
    limit: usize,
    label_at: &dyn Fn(usize) -> Option<(usize, Vec<&'static Entry>)>,
) -> usize {
    let mut q = p;
    let mut end = p;
    let mut prev_digit = false;
    while q < limit {
        let c = text[q..].chars().next().expect("inside the text");
        let next = text[q + c.len_utf8()..].chars().next();
        if is_digit(c) {
            if q > p && label_at(q).is_some() {
                break;
            }
            q += c.len_utf8();
            end = q;
            prev_digit = true;
        } else if matches!(c, '.' | '．') && prev_digit && next.is_some_and(is_digit) {
            q += c.len_utf8();
            prev_digit = false;
        } else if c == '元' && prev_digit {
            return q + c.len_utf8();
        } else if c == '万' && prev_digit && next == Some('元') {
            return q + c.len_utf8() + '元'.len_utf8();
        } else if (c.is_whitespace() && c != '\n')
            || (matches!(c, '-' | '+' | '－' | '＋') && next.is_some_and(is_digit))
        {
            q += c.len_utf8();
            prev_digit = false;
        } else {
            break;
        }
    }
    end
}

struct Reader<'a> {
    body: &'a Body,
    folded: &'a Folded,
    edition: Edition,
    draft: Draft,
    /// Rows whose split the sums decided (`表三 （一）予以公开`).
    split_by_sums: Vec<String>,
    rows_split: usize,
}

/// The table of the chosen edition an entry's table stands for.
fn in_edition(e: &Entry, edition: Edition) -> Option<&'static TableTemplate> {
    let tt = e.template()?;
    assemble::table_by_id(edition.template(), &tt.id)
}

impl Reader<'_> {
    fn finish(mut self) -> Draft {
        if self.rows_split > 0 {
            let mut note = format!(
                "表格每行的数字连在一起，已按各表的列数拆分（{} 行）",
                self.rows_split
            );
            if !self.split_by_sums.is_empty() {
                note.push_str(&format!(
                    "；其中 {} 行有不止一种拆法，按总计与表格的合计关系确定：{}",
                    self.split_by_sums.len(),
                    self.split_by_sums.join("、")
                ));
            }
            self.draft.notes.push(note);
        }
        self.draft
    }

    /// Read the tables of a section; false when it holds no table label
    /// (then it is prose).
    fn tables(&mut self, region: Range<usize>, numeral: &str) -> bool {
        let body = self.body;
        let text = &body.text;
        let toks = tokenize(text, self.folded, region.clone());
        if !toks.iter().any(|t| matches!(t, Tok::Label { .. })) {
            return false;
        }
        let section_tables: Vec<&'static TableTemplate> = self
            .edition
            .template()
            .tables
            .iter()
            .filter(|t| t.section == numeral)
            .collect();
        // The section's only table, when it has one (表三, 表四).
        let default = (section_tables.len() == 1).then(|| section_tables[0]);
        let mut cur = TableAcc::new(default, self.body.loc(region.start));
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                Tok::Label { range, entries } => {
                    let label = text[range.clone()].to_string();
                    let loc = self.body.loc(range.start);
                    let role = |f: fn(&Role) -> bool| entries.iter().find(|e| f(&e.role));
                    if let Some(e) = role(|r| *r == Role::Caption) {
                        self.flush(std::mem::replace(
                            &mut cur,
                            TableAcc::new(
                                in_edition(e, self.edition).or(e.template()),
                                loc.clone(),
                            ),
                        ));
                        cur.caption = Some((label, loc));
                    } else if role(|r| matches!(r, Role::Row(_))).is_some() {
                        // Which table: the current one, else the section's
                        // table that has this row.
                        let has = |tt: &TableTemplate| assemble::match_row(tt, &label);
                        let here = cur.tt.and_then(has);
                        if here.is_none() {
                            if let Some(tt) = section_tables.iter().find(|t| has(t).is_some()) {
                                if cur.tt.is_some_and(|c| c.id != tt.id) || !cur.rows.is_empty() {
                                    self.flush(std::mem::replace(
                                        &mut cur,
                                        TableAcc::new(Some(tt), loc.clone()),
                                    ));
                                }
                                cur.tt = Some(tt);
                            }
                        }
                        let template_row = cur.tt.and_then(has);
                        let run = match toks.get(i + 1) {
                            Some(Tok::Run(r)) => {
                                i += 1;
                                Some((text[r.clone()].trim().to_string(), self.body.loc(r.start)))
                            }
                            _ => None,
                        };
                        if run.is_none()
                            && cur.rows.is_empty()
                            && cur.tt.is_some_and(|t| t.transposed)
                        {
                            // A row label inside 表四's header (行政复议 …):
                            // the header of a 15-number row, else a blank row.
                            if let Some(r) = template_row {
                                cur.header_rows.push((label, r));
                                i += 1;
                                continue;
                            }
                        }
                        let cells = run.map_or(Cells::None, |(s, l)| Cells::Run(s, l));
                        cur.rows.push(RowAcc::new(label, loc, template_row, cells));
                    } else if role(|r| *r == Role::Corner).is_some() {
                        if !cur.rows.is_empty() {
                            self.flush(std::mem::replace(
                                &mut cur,
                                TableAcc::new(default, loc.clone()),
                            ));
                        }
                        if cur.tt.is_none() {
                            cur.tt = entries.iter().find_map(|e| in_edition(e, self.edition));
                        }
                        // The first corner is the cell; 申请人情况 after the
                        // 勾稽关系 note is the header over the columns.
                        if cur.corner.is_none() {
                            cur.corner = Some((with_brackets(text, range.clone()), loc));
                        }
                    } else if role(|r| matches!(r, Role::Column(_))).is_some() {
                        if !cur.rows.is_empty() {
                            self.flush(std::mem::replace(
                                &mut cur,
                                TableAcc::new(default, loc.clone()),
                            ));
                        }
                        cur.columns.push((label, loc));
                    }
                    // A group label (法人或其他组织) adds nothing: the
                    // template knows which columns it spans.
                }
                Tok::Run(r) => cur
                    .orphans
                    .push((text[r.clone()].trim().to_string(), self.body.loc(r.start))),
                Tok::Stray(r) => {
                    let s = text[r.clone()].trim();
                    let is_column = |t: Option<&Tok>| {
                        matches!(t, Some(Tok::Label { entries, .. })
                            if entries.iter().any(|e| matches!(e.role, Role::Column(_))))
                    };
                    // A header cell the template does not know between two
                    // column labels (`本年废纸件数`, a typo): a column as
                    // published, so its cells keep their places (check
                    // reports the label).
                    if cur.rows.is_empty()
                        && !cur.columns.is_empty()
                        && i > 0
                        && is_column(toks.get(i - 1))
                        && is_column(toks.get(i + 1))
                        && s.chars().count() <= 12
                        && !s.contains(['。', '，', '；'])
                    {
                        cur.columns.push((s.to_string(), self.body.loc(r.start)));
                    } else if s.contains('。') || s.chars().count() > 30 {
                        self.flush(std::mem::replace(
                            &mut cur,
                            TableAcc::new(default, self.body.loc(r.end)),
                        ));
                        for (p, at) in paragraphs(text, r.clone()) {
                            self.draft.blocks.push(Block::Text {
                                text: p,
                                loc: self.body.loc(at),
                                heading: None,
                            });
                        }
                    }
                    // Anything else is a piece of the header the template
                    // does not name (表四's 行政诉讼) or a bracket: no number
                    // can be in it (digits are runs).
                }
            }
            i += 1;
        }
        self.flush(cur);
        true
    }

    /// Write a table read from tokens: find its template table, take its
    /// columns, cut its runs into cells, then write the rows
    /// ([`assemble::write_rows`]).
    fn flush(&mut self, mut acc: TableAcc) {
        if acc.is_empty() {
            return;
        }
        let Some(tt) = self.table_of(&acc) else {
            self.not_a_table(acc);
            return;
        };
        let mut t = TableDraft::new(tt, acc.loc.clone());
        t.corner = acc.corner.take();
        self.columns(&mut acc, &mut t);
        // 表四 as one row of 15 numbers under its header.
        if transposed::cells(tt) > 0
            && acc.rows.iter().all(|r| matches!(r.cells, Cells::None))
            && acc.orphans.len() == 1
        {
            let cut = transposed::from_run(tt, &acc.header_rows, &acc.orphans[0], shown);
            self.rows_split += 1;
            if cut.by_sums {
                self.split_by_sums.push(tt.name.clone());
            }
            self.draft.notes.extend(cut.notes);
            self.draft.unplaced.extend(cut.unplaced);
            t.rows = cut.rows;
            self.push_table(t, acc.caption);
            return;
        }
        assemble::report_orphans(tt, std::mem::take(&mut acc.orphans), &mut self.draft);
        // 表四's row labels read as its header: rows without numbers.
        for (label, r) in &acc.header_rows {
            if !acc.rows.iter().any(|x| x.template_row == Some(*r)) {
                t.rows.push(RowDraft {
                    label: label.clone(),
                    loc: acc.loc.clone(),
                    values: None,
                });
            }
        }
        let rows = self.cut_runs(&t, acc.rows);
        assemble::write_rows(&mut t, rows, &mut self.draft);
        self.push_table(t, acc.caption);
    }

    /// The template table: the one named by a caption or a corner, else
    /// the one whose rows it has.
    fn table_of(&self, acc: &TableAcc) -> Option<&'static TableTemplate> {
        acc.tt.or_else(|| {
            acc.rows.iter().find_map(|r| {
                Vocab::tables()
                    .at(&assemble::fold(&r.label), 0)
                    .and_then(|(_, es)| es.iter().find_map(|e| in_edition(e, self.edition)))
            })
        })
    }

    /// Numbers of a table that is none of the template's: unplaced.
    fn not_a_table(&mut self, acc: TableAcc) {
        for (run, loc) in acc.orphans {
            self.draft.unplaced.push(Unplaced {
                text: shown(&run),
                loc,
                reason: "表格中的数字，无法确定属于哪个表格".into(),
            });
        }
        for r in acc.rows {
            if let Cells::Run(run, loc) = r.cells {
                self.draft.unplaced.push(Unplaced {
                    text: shown(&format!("{}{run}", r.label)),
                    loc,
                    reason: "不是年报格式中任何表格的行".into(),
                });
            }
        }
    }

    /// The columns as written, except a multi-level header (its levels run
    /// together: 自然人 法人或其他组织 总计 商业企业 …), which takes the
    /// template's columns.
    fn columns(&mut self, acc: &mut TableAcc, t: &mut TableDraft) {
        let tt = t.tt;
        let grouped = tt.transposed || tt.columns.iter().any(|c| c.group.is_some());
        if !grouped {
            if !acc.columns.is_empty() {
                t.columns = Some(std::mem::take(&mut acc.columns));
            }
            return;
        }
        let written: Vec<Option<usize>> = acc
            .columns
            .iter()
            .map(|(l, _)| assemble::match_column(tt, l))
            .collect();
        let complete = (0..tt.columns.len()).all(|c| written.contains(&Some(c)));
        if !complete && !acc.columns.is_empty() {
            self.draft.notes.push(format!(
                "{}的表头与官方格式不一致，各列按官方格式的顺序导入",
                tt.name
            ));
        }
    }

    /// Every run cut into the table's cells ([`split::resolve`]): a row
    /// whose run splits more than one way keeps blank cells and is
    /// reported.
    fn cut_runs(&mut self, t: &TableDraft, rows: Vec<RowAcc>) -> Vec<RowAcc> {
        let tt = t.tt;
        let map = t.column_map();
        let kinds: Vec<CellKind> = map
            .iter()
            .map(|m| m.map_or(CellKind::AmountWithUnit, |c| tt.columns[c].kind))
            .collect();
        let sums = split::row_sums(tt, &map);
        let runs: Vec<RunRow> = rows
            .iter()
            .filter_map(|r| match &r.cells {
                Cells::Run(run, _) => Some(RunRow {
                    template_row: r.template_row,
                    run: run.clone(),
                    kinds: kinds.clone(),
                    sums: sums.clone(),
                }),
                _ => None,
            })
            .collect();
        let mut resolved = split::resolve(tt, &runs).into_iter();
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let Cells::Run(run, run_loc) = std::mem::replace(&mut r.cells, Cells::None) else {
                out.push(r);
                continue;
            };
            let res = resolved.next().expect("one resolution per run");
            self.rows_split += 1;
            let short = r
                .template_row
                .map_or(r.label.as_str(), |i| tt.rows[i].short_name());
            match &res {
                Resolved::Ambiguous(why) => {
                    self.draft.unplaced.push(Unplaced {
                        text: shown(&format!("{}{run}", r.label)),
                        loc: run_loc.clone(),
                        reason: format!(
                            "{}“{short}”一行的数字连在一起，{why}；这一行的单元格留空",
                            tt.name
                        ),
                    });
                }
                Resolved::RowSum(_) | Resolved::TableSums(_) => {
                    self.split_by_sums.push(format!("{} {short}", tt.name));
                }
                Resolved::Form(_) => {}
            }
            if let Some(cells) = res.cells() {
                debug_assert_eq!(cells.len(), t.width());
                r.cells =
                    Cells::Split(cells.iter().map(|c| (c.clone(), run_loc.clone())).collect());
            }
            out.push(r);
        }
        out
    }

    fn push_table(&mut self, t: TableDraft, caption: Option<(String, Loc)>) {
        if let Some((c, loc)) = caption {
            self.draft.blocks.push(Block::Text {
                text: c,
                loc,
                heading: Some(3),
            });
        }
        if !t.rows.is_empty() {
            self.draft.blocks.push(Block::Table(t.grid()));
        }
    }
}

/// A piece of text as shown in a report: a run of thousands of digits is
/// no cell of a report, and is cut.
fn shown(s: &str) -> String {
    const MAX: usize = 400;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…（共 {} 字）", &s[..i], s.chars().count()),
        None => s.to_string(),
    }
}

/// A corner written in brackets (`（本列数据的勾稽关系为：…）`) keeps them.
fn with_brackets(text: &str, r: Range<usize>) -> String {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    match (before, after) {
        (Some(b @ ('（' | '(')), Some(a @ ('）' | ')'))) => {
            format!("{b}{}{a}", &text[r])
        }
        _ => text[r].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_rows(d: &Draft) -> Vec<Vec<Vec<String>>> {
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(
                    g.rows
                        .iter()
                        .map(|r| r.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    const HEAD: &str = "某某区2021年政府信息公开工作年度报告 现将报告公布如下。一、总体情况今年工作如常。二、主动公开政府信息情况";

    #[test]
    fn a_glued_list_label_takes_its_digit_back() {
        let t = format!(
            "{HEAD}三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他\
             （四）无法提供1.本机关不掌握相关政府信息50000052.没有现成信息需要另行制作0000000四、政府信息公开行政复议、行政诉讼情况"
        );
        let d = read(&t).unwrap();
        let rows = &table_rows(&d)[0];
        assert_eq!(rows[2][0], "1.本机关不掌握相关政府信息");
        assert_eq!(rows[2][1..], ["5", "0", "0", "0", "0", "0", "5"]);
        assert_eq!(rows[3][0], "2.没有现成信息需要另行制作");
        assert!(d.unplaced.is_empty(), "{:?}", d.unplaced);
    }

    #[test]
    fn an_ambiguous_row_is_blank_and_reported() {
        let t = format!(
            "{HEAD} 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665三、收到和处理政府信息公开申请情况"
        );
        let d = read(&t).unwrap();
        let rows = &table_rows(&d)[0];
        assert_eq!(rows[1][1..], ["0", "0", "0"]);
        assert_eq!(rows[2][0], "行政规范性文件");
        assert_eq!(rows[2][1..], ["", "", ""]);
        assert_eq!(d.unplaced.len(), 1);
        assert_eq!(d.unplaced[0].text, "行政规范性文件693665");
        assert!(d.unplaced[0].reason.contains("种拆法"), "{}", d.unplaced[0]);
        assert!(d.unplaced[0].reason.contains("留空"), "{}", d.unplaced[0]);
    }

    #[test]
    fn a_misspelt_column_label_keeps_its_column() {
        // pingtan-gaj-2021.txt: `本年废纸件数` (for 废止) between two known
        // column labels is a column as published.
        let t = format!(
            "{HEAD}第二十条第（一）项信息内容本年制发件数本年废纸件数现行有效件数规章000行政规范性文件002第二十条第（五）项信息内容本年处理决定数量行政许可0三、收到和处理政府信息公开申请情况"
        );
        let d = read(&t).unwrap();
        let rows = &table_rows(&d)[0];
        assert_eq!(rows[0][2], "本年废纸件数");
        assert_eq!(rows[1][1..], ["0", "0", "0"]);
        assert_eq!(rows[2][1..], ["0", "0", "2"]);
        assert!(d.unplaced.is_empty(), "{:?}", d.unplaced);
    }

    #[test]
    fn t4_as_fifteen_digits_becomes_three_rows() {
        let t = format!(
            "{HEAD}四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉\
             结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10203120001200000五、存在的主要问题及改进情况无。"
        );
        let d = read(&t).unwrap();
        let rows = &table_rows(&d)[0];
        assert_eq!(rows[1][0], "行政复议");
        assert_eq!(rows[1][1..], ["1", "0", "2", "0", "3"]);
        assert_eq!(rows[2][0], "未经复议直接起诉");
        assert_eq!(rows[2][1..], ["12", "0", "0", "0", "12"]);
        assert_eq!(rows[3][1..], ["0", "0", "0", "0", "0"]);
        assert!(
            d.notes.iter().any(|n| n.contains("按总计")),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn prose_is_cut_where_a_numbered_item_starts_a_sentence() {
        let s = "（一）基本情况今年公开2599条。（二）主要做法1.加强领导。2.把握重点（1）加强解读。依据第二十条第（一）项。";
        let p = paragraphs(s, 0..s.len());
        let texts: Vec<&str> = p.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "（一）基本情况今年公开2599条。",
                "（二）主要做法1.加强领导。",
                "2.把握重点（1）加强解读。依据第二十条第（一）项。"
            ]
        );
    }

    #[test]
    fn garbage_and_cut_input_never_panics() {
        for s in [
            "二、主动公开政府信息情况规章-1.属于国家秘密",
            "",
            "二、主动公开政府信息情况",
            "二、主动公开政府信息情况第二十条第（一）项规章",
            "三、收到和处理政府信息公开申请情况（七）总计99999999999999999999999999999999999999999999",
            "四、政府信息公开行政复议、行政诉讼情况行政复议1.",
            "二、主动公开政府信息情况规章1元2元3万",
        ] {
            let _ = read(s);
        }
    }
}
