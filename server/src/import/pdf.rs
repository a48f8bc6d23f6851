//! Text extracted from a PDF, plain or converted to Markdown
//! (`shared/corpus/real/shanghai-office-2025.md`, `shuyang-2025.md`):
//! hard-wrapped lines, page footers, headings as `#` lines, tables as
//! Markdown pipe rows or as space-separated rows, and tables broken by the
//! extraction (a table split into one table per row group under invented
//! headers, labels wrapped away from their numbers, merged-cell labels
//! leaking into the label column, a column lost).
//!
//! - Page footers (`— 3 —`) are dropped and counted in a note; Kangxi
//!   radicals a font mapped ideographs to (`⼆` for `二`, pypdf and
//!   pdfminer.six) are read as those ideographs, counted in a note.
//! - Prose lines are joined into paragraphs: a line as wide as the page
//!   continues on the next one; a shorter line, a blank line or a heading
//!   ends the paragraph.
//! - In the sections with template tables, rows are recognised by their
//!   labels and go to the template table the label belongs to, wherever the
//!   extraction put them. A row whose label was lost or broken takes the
//!   label heading just above it (`### 一、本年新收…` over `| 本年新收… |`),
//!   or the broken pieces just above it joined, or, between two recognised
//!   rows, the template row that belongs there (checked against what is
//!   left of its label). A header that does not name the template's columns
//!   with the right count (OCR's `数据1` …) is not used: the columns are then
//!   taken in the official order, and a note says so.
//! - A row with fewer or more numbers than the table has columns cannot be
//!   placed: its cells stay blank and its numbers go to the unplaced list.
//!   So do numbers standing outside any row (an annotated cell pulled out
//!   of its table: `22（其中修订 16 件）`).

use super::assemble::{self, Cells, Role, RowAcc, RowDraft, TableAcc, TableDraft, Vocab};
use super::draft::{is_number, is_value, mode, Block, Draft, Loc, Tie};
use super::{emit, sequence, split, transposed, ImportError, Unplaced};
use crate::template::{Edition, TableTemplate};
use regex::Regex;
use std::sync::OnceLock;
use unicode_width::UnicodeWidthStr;

/// A line of the input, classified.
#[derive(Debug, Clone)]
enum Item {
    Blank,
    /// `# …` to `###### …`.
    Heading(u8, String),
    /// `| a | b |`; `sep` for the `|---|` line under a header.
    Pipe {
        cells: Vec<String>,
        sep: bool,
    },
    Line(String),
}

fn footer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(?:[—–\-－]+\s*[0-9０-９]{1,4}\s*[—–\-－]+|第\s*[0-9]{1,4}\s*页(?:\s*[/，,]?\s*共\s*[0-9]{1,4}\s*页)?|[0-9]{1,4}\s*/\s*[0-9]{1,4})\s*$")
            .unwrap()
    })
}

fn classify(line: &str) -> Item {
    let t = line.trim();
    if t.is_empty() {
        return Item::Blank;
    }
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\u{3000}']) {
        return Item::Heading(hashes as u8, t[hashes..].trim().to_string());
    }
    if t.starts_with('|') && t.len() > 1 {
        let inner = t.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
        // `|---|---|`; a lone `-` is a placeholder cell (`| - | - |`).
        let sep = cells
            .iter()
            .all(|c| c.contains("--") && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
        return Item::Pipe { cells, sep };
    }
    // Cells apart without a leading pipe: tabs (a browser's page text, a
    // spreadsheet) or ` | ` (crawlers writing a table row as text).
    let raw = line.trim_matches([' ', '\r']);
    let sep = if raw.contains('\t') {
        Some("\t")
    } else if t.matches(" | ").count() >= 1 && !t.ends_with(['。', '；', '，']) {
        Some("|")
    } else {
        None
    };
    if let Some(sep) = sep {
        let inner = if sep == "\t" {
            raw
        } else {
            t.strip_suffix('|').unwrap_or(t)
        };
        let cells: Vec<String> = inner.split(sep).map(|c| c.trim().to_string()).collect();
        // A label over blank cells (`三三、本年度办理结果\t\t\t`) is a row too.
        let written = cells.iter().filter(|c| !c.is_empty()).count();
        if written >= 2 || (written == 1 && sep == "\t" && !cells[0].is_empty()) {
            return Item::Pipe { cells, sep: false };
        }
    }
    Item::Line(t.to_string())
}

/// The section a whole line names (`一、总体情况`), by title.
fn section_of(text: &str) -> Option<usize> {
    let f = assemble::fold(text);
    let (n, entries) = Vocab::sections().at(&f, 0)?;
    if n != f.len() {
        return None;
    }
    entries.iter().find_map(|e| match e.role {
        Role::Section(s) => Some(s),
        _ => None,
    })
}

/// A section heading published with a typo (`四、政府信息公开行政法复议、
/// 行政诉讼情况`): the numeral of a later section, then a title within two
/// edits of that section's title. Never a table row label (`四、结转下年度
/// 继续办理` starts with a section numeral too).
fn misspelt_section(text: &str, edition: Edition, after: Option<usize>) -> Option<usize> {
    let t = text.trim();
    if t.chars().count() > 40 || t.contains(['。', '；', '，']) {
        return None;
    }
    let (numeral, title) = crate::labels::split_numeral(t);
    let n = crate::labels::numeral_value(numeral?)?;
    let s = n.checked_sub(1)?;
    let section = edition.template().sections.get(s)?;
    if after.is_some_and(|a| s <= a)
        || section.numeral != numeral?.trim_end_matches(['、', '.', '．'])
    {
        return None;
    }
    if labels_of(t).is_some_and(|ls| {
        ls.iter()
            .any(|(_, es)| es.iter().any(|e| matches!(e.role, Role::Row(_))))
    }) {
        return None;
    }
    let title = assemble::fold(title);
    let near = std::iter::once(&section.title)
        .chain(&section.aliases)
        .any(|want| assemble::edit_distance(&title, &assemble::fold(want)) <= 2);
    near.then_some(s)
}

/// A statutory section under a numeral of its own (`一、主动公开政府信息情况`
/// after a narrative numbered 一–六, Shanghai's layout): a Chinese numeral
/// with `、`, then exactly a section's title (canonical, alias or variant).
/// The title decides, never the numeral.
fn renumbered_section(text: &str, edition: Edition) -> Option<usize> {
    let t = text.trim();
    if t.chars().count() > 40 || t.contains(['。', '；', '，']) {
        return None;
    }
    let (numeral, title) = crate::labels::split_numeral(t);
    let numeral = numeral?;
    if !numeral.chars().all(|c| "一二三四五六七八九十".contains(c))
        || !t[numeral.len()..].starts_with('、')
    {
        return None;
    }
    let title = assemble::fold(title);
    edition.template().sections.iter().position(|s| {
        std::iter::once(&s.title)
            .chain(&s.aliases)
            .chain(&s.variants)
            .any(|want| assemble::fold(want) == title)
    })
}

/// A list numeral and a title of four characters or more: a whole label,
/// not a piece of one broken by the extraction (`（三）不`).
fn is_numbered_label(text: &str) -> bool {
    static BRACKETED: OnceLock<Regex> = OnceLock::new();
    let bracketed =
        BRACKETED.get_or_init(|| Regex::new(r"^[（(][一二三四五六七八九十0-9]{1,3}[）)]").unwrap());
    let t = text.trim();
    let title = match bracketed.find(t) {
        Some(m) => &t[m.end()..],
        None => match crate::labels::split_numeral(t) {
            (Some(_), title) => title,
            _ => return false,
        },
    };
    title.chars().count() >= 4 && !title.chars().any(|c| c.is_ascii_digit())
}

/// The group row of `tt` whose title (after its numeral) is `label`'s
/// whole title, whatever numeral `label` has (`三三、本年度办理结果`).
fn group_by_title(tt: &TableTemplate, label: &str) -> Option<usize> {
    let title = |l: &str| assemble::fold(crate::labels::split_numeral(l).1);
    let t = title(label);
    tt.rows.iter().position(|g| g.group && title(&g.label) == t)
}

/// The one data row of `tt` whose label begins with `start` (folded, a
/// list numeral and at least four more characters).
fn label_start(tt: &TableTemplate, start: &str) -> Option<usize> {
    if !is_numbered_label(start) {
        return None;
    }
    let f = assemble::fold(start);
    let mut hits = tt
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.group && assemble::fold(&r.label).starts_with(&f));
    let (i, _) = hits.next()?;
    hits.next().is_none().then_some(i)
}

/// The row whose label begins with what is read (the label's start
/// joined to up to three lines above, each line's last word: the label
/// column is the rightmost text before the numbers), after any piece of a
/// group label glued before it.
fn wrapped_start(tt: &TableTemplate, pieces: &[(String, usize)], label: &str) -> Option<String> {
    for take in 0..=pieces.len().min(3) {
        let head: String = pieces[pieces.len() - take..]
            .iter()
            .filter_map(|(p, _)| p.split_whitespace().last())
            .collect();
        // The row's own label may start with a group label's piece too
        // (`公开` + `务信息` under `（三）不予 5.属于三类内部事`).
        for (k2, _) in label.char_indices().chain([(label.len(), ' ')]) {
            let (own_prefix, own) = label.split_at(k2);
            if !own_prefix.is_empty() && (take == 0 || !is_debris(own_prefix)) {
                continue;
            }
            let head = format!("{head}{own}");
            for (k, _) in head.char_indices() {
                let (prefix, rest) = head.split_at(k);
                if !prefix.is_empty() && !is_debris(prefix) {
                    continue;
                }
                if label_start(tt, rest).is_some() {
                    return Some(rest.to_string());
                }
            }
        }
    }
    None
}

/// What a whole text is in the template's vocabulary: the labels it is made
/// of, when it is nothing but labels (`信息内容本年处理决定数量`).
fn labels_of(text: &str) -> Option<Vec<(String, Vec<&'static assemble::Entry>)>> {
    let f = assemble::Folded::new(text);
    let v = Vocab::tables();
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.chars.len() {
        let (n, entries) = v.at(&f.chars, i)?;
        let start = f.at[i];
        let end = f.at[i + n - 1]
            + text[f.at[i + n - 1]..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        out.push((text[start..end].to_string(), entries));
        i += n;
    }
    (!out.is_empty()).then_some(out)
}

fn caption_of(text: &str) -> Option<&'static assemble::Entry> {
    let ls = labels_of(text)?;
    match &ls[..] {
        [(_, entries)] => entries.iter().copied().find(|e| e.role == Role::Caption),
        _ => None,
    }
}

/// `表二：主动公开政府信息情况`: a table title the converter added.
fn is_table_title(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^表[一二三四][：:\s]").unwrap())
        .is_match(text)
}

/// A piece of a broken label: short, no sentence, no number but a list
/// numeral, every character one the template's labels use.
fn is_debris(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A list numeral starts a label, also after a group label's piece in
    // the column before it (`（六）其他 2.申请人逾期未按`).
    // … or glued after it (`（四）无2.没有现成信息需要另`).
    let numeral = RE.get_or_init(|| Regex::new(r"(?:^|[^0-9])[0-9]{1,2}[.．、]").unwrap());
    let rest = numeral.replace(text, "");
    text.chars().count() <= 30
        && !text.contains(['。', '！', '？', '；'])
        && !rest
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && Vocab::tables().alphabet_covers(text)
}

/// A line read as a table row: label words, then value words.
fn space_row(text: &str) -> Option<(String, Vec<String>)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let k = words.iter().rev().take_while(|w| is_value(w)).count();
    if k == 0 || !words[words.len() - k..].iter().any(|w| is_number(w)) {
        return None;
    }
    let label = words[..words.len() - k].join("");
    Some((
        label,
        words[words.len() - k..]
            .iter()
            .map(|w| w.to_string())
            .collect(),
    ))
}

/// The state of reading one section with template tables: the events in
/// reading order, the tables being read, and what was read since the last
/// row that may belong to the next one.
struct Section<'s> {
    tables: &'s [&'static TableTemplate],
    /// The section's only table, when it has one (表三, 表四).
    default: Option<&'static TableTemplate>,
    evs: Vec<Ev>,
    accs: Vec<TableAcc>,
    /// The table being read.
    cur: Option<usize>,
    /// Label lines since the last row: (text, line).
    pieces: Vec<(String, usize)>,
    /// A heading naming a data row, waiting for the row under it.
    named: Named,
}

impl<'s> Section<'s> {
    fn new(tables: &'s [&'static TableTemplate]) -> Section<'s> {
        Section {
            tables,
            default: (tables.len() == 1).then(|| tables[0]),
            evs: Vec::new(),
            accs: Vec::new(),
            cur: None,
            pieces: Vec::new(),
            named: None,
        }
    }

    fn tt(&self, k: usize) -> &'static TableTemplate {
        self.accs[k]
            .tt
            .expect("a table of a PDF section has its template")
    }

    fn cur_tt(&self) -> Option<&'static TableTemplate> {
        self.cur.map(|k| self.tt(k))
    }

    /// The section table whose row a label names, the current one first.
    fn row_in(
        &self,
        label: &str,
        prefer: Option<&'static TableTemplate>,
    ) -> Option<(&'static TableTemplate, usize)> {
        prefer
            .into_iter()
            .chain(self.tables.iter().copied())
            .find_map(|tt| assemble::match_row(tt, label).map(|r| (tt, r)))
    }

    /// A label that is a row label of a section table with a group label
    /// or a piece of a broken label glued before it: (what is glued, the
    /// row label, its table and row). The longest row label wins.
    fn glued(
        &self,
        label: &str,
        prefer: Option<&'static TableTemplate>,
    ) -> Option<(String, String, &'static TableTemplate, usize)> {
        for (k, _) in label.char_indices().skip(1) {
            let (prefix, rest) = label.split_at(k);
            let Some((tt, r)) = self.row_in(rest, prefer) else {
                continue;
            };
            let group = assemble::match_row(tt, prefix).is_some_and(|g| tt.rows[g].group);
            if tt.rows[r].group || !(group || is_debris(prefix)) {
                continue;
            }
            return Some((prefix.trim().to_string(), rest.trim().to_string(), tt, r));
        }
        None
    }

    /// The rows read for `tt` so far, started (and placed in the reading
    /// order of the section) when its first piece is met.
    fn acc_for(&mut self, tt: &'static TableTemplate, loc: &Loc) -> usize {
        if let Some(k) = self
            .accs
            .iter()
            .position(|a| a.tt.is_some_and(|t| t.id == tt.id))
        {
            return k;
        }
        self.accs.push(TableAcc::new(Some(tt), loc.clone()));
        self.evs.push(Ev::Table(self.accs.len() - 1));
        self.accs.len() - 1
    }

    /// A heading that named a row with no numbers under it: the row, blank.
    fn blank_row(&mut self, named: Named) {
        if let Some((label, line, tt, r)) = named {
            let loc = Loc::line(line);
            let k = self.acc_for(tt, &loc);
            self.accs[k]
                .rows
                .push(RowAcc::new(label, loc, Some(r), Cells::None));
        }
    }
}

/// An event of a section in reading order.
enum Ev {
    Prose(String, Loc, Option<u8>),
    Table(usize),
}

struct Reader {
    edition: Edition,
    draft: Draft,
    /// Prose lines of the paragraph being read.
    para: Vec<(String, usize)>,
    /// The width of a full line of prose (a wrapped line is this wide).
    full_width: usize,
    debris: Vec<String>,
    table_titles: usize,
    invented_headers: Vec<String>,
}

/// The ideographs of the Kangxi Radicals block (U+2F00…U+2FD5) in order:
/// what each radical stands for (its NFKC form).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// The ideograph a radical code point stands for. pypdf and pdfminer.six
/// map the glyphs of some CJK fonts (Noto CJK as Chromium embeds it) to
/// radicals (`⼆、主动公开` for `二、主动公开`): they look the same but
/// match no label, so they are read as the ideographs they show.
fn ideograph(c: char) -> Option<char> {
    match c {
        '\u{2f00}'..='\u{2fd5}' => KANGXI.chars().nth(c as usize - 0x2f00),
        '\u{2e9f}' => Some('母'),
        '\u{2ea0}' => Some('民'),
        '\u{2ec4}' => Some('西'),
        '\u{2ec5}' => Some('见'),
        '\u{2ec6}' => Some('角'),
        '\u{2ec9}' => Some('贝'),
        '\u{2ecb}' => Some('车'),
        '\u{2ed3}' => Some('长'),
        '\u{2ed4}' => Some('门'),
        '\u{2ed8}' => Some('青'),
        '\u{2ed9}' => Some('韦'),
        '\u{2eda}' => Some('页'),
        '\u{2edb}' => Some('风'),
        '\u{2edc}' => Some('飞'),
        '\u{2ee2}' => Some('马'),
        '\u{2ee3}' => Some('骨'),
        '\u{2ee4}' => Some('鬼'),
        '\u{2ee5}' => Some('鱼'),
        '\u{2ee6}' => Some('鸟'),
        '\u{2ee7}' => Some('卤'),
        '\u{2ee8}' => Some('麦'),
        '\u{2ee9}' => Some('黄'),
        '\u{2eec}' => Some('齐'),
        '\u{2eee}' => Some('齿'),
        '\u{2ef0}' => Some('龙'),
        '\u{2ef3}' => Some('龟'),
        _ => None,
    }
}

/// `text` with every radical read as its ideograph, and how many there were.
fn ideographs(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let n = text.chars().filter(|&c| ideograph(c).is_some()).count();
    if n == 0 {
        return (std::borrow::Cow::Borrowed(text), 0);
    }
    let s = text.chars().map(|c| ideograph(c).unwrap_or(c)).collect();
    (std::borrow::Cow::Owned(s), n)
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let (text, radicals) = ideographs(text);
    let text: &str = &text;
    let mut items: Vec<(Item, usize)> = Vec::new();
    let mut footers: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if footer_re().is_match(line) {
            footers.push(line.trim().to_string());
            continue;
        }
        items.push((classify(line), i + 1));
    }
    let mut draft = Draft::default();
    if radicals > 0 {
        draft.notes.push(format!(
            "PDF 提取的文本中有 {radicals} 个部首字符（如“⼆”），已按字形相同的汉字（“二”）读取"
        ));
    }
    if !footers.is_empty() {
        draft.notes.push(format!(
            "略去了页码（页眉页脚）{} 处：{}",
            footers.len(),
            footers.join("、")
        ));
    }
    // A first line naming the part of a converted page (`正文`).
    if let Some((Item::Line(l), _)) = items.iter().find(|(it, _)| !matches!(it, Item::Blank)) {
        if matches!(l.as_str(), "正文" | "标题" | "全文") {
            draft
                .notes
                .push(format!("略去了开头的“{l}”二字（转换工具加的栏目名）"));
            let k = items
                .iter()
                .position(|(it, _)| !matches!(it, Item::Blank))
                .expect("found above");
            items.remove(k);
        }
    }
    let edition = assemble::choose_edition(text);
    // Hard-wrapped text has one most common line width: the page's. Text
    // that is not wrapped (Markdown from OCR) has none, and every line is a
    // paragraph.
    let widths: Vec<usize> = items
        .iter()
        .filter_map(|(it, _)| match it {
            Item::Line(l) if l.chars().count() >= 10 => Some(ink_width(l)),
            _ => None,
        })
        .collect();
    let full_width = match mode(widths.iter().copied(), Tie::Larger) {
        // Justified lines of `pdftotext -layout` vary by a character or two.
        Some(w)
            if widths.iter().filter(|&&x| x + 4 >= w && x <= w + 2).count() * 5
                >= widths.len().max(25) =>
        {
            w
        }
        _ => usize::MAX,
    };
    let mut r = Reader {
        edition,
        draft,
        para: Vec::new(),
        full_width,
        debris: Vec::new(),
        table_titles: 0,
        invented_headers: Vec::new(),
    };

    // Sections: a whole line that is a section heading, in template order.
    let mut bounds: Vec<(usize, usize)> = Vec::new(); // (item index, section)
    for (k, (it, _)) in items.iter().enumerate() {
        let t = match it {
            Item::Heading(_, t) | Item::Line(t) => t,
            _ => continue,
        };
        let after = bounds.last().map(|(_, s)| *s);
        if let Some(s) = section_of(t)
            .or_else(|| misspelt_section(t, edition, after))
            .or_else(|| renumbered_section(t, edition))
        {
            if after.is_none_or(|last| s > last) {
                bounds.push((k, s));
            }
        }
    }
    // An appendix after the last section: the statutory sections with
    // tables named again, in order (`附表` under 六, then `二、主动公开政府
    // 信息情况` and its tables …). Each is read with the section of the
    // same name, after its prose.
    let edition_sections = &edition.template().sections;
    let has_tables = |s: usize| {
        edition
            .template()
            .tables
            .iter()
            .any(|t| t.section == edition_sections[s].numeral)
    };
    let mut appendix: Vec<(usize, usize)> = Vec::new();
    if let Some(&(last_k, last)) = bounds.last() {
        for (k, (it, _)) in items.iter().enumerate().skip(last_k + 1) {
            let (Item::Heading(_, t) | Item::Line(t)) = it else {
                continue;
            };
            let Some(s) = section_of(t).or_else(|| renumbered_section(t, edition)) else {
                continue;
            };
            // Named before, with a body (not a table of contents).
            let named = bounds.iter().enumerate().any(|(i, (bk, b))| {
                let end = bounds.get(i + 1).map_or(k, |(e, _)| *e);
                *b == s
                    && items[bk + 1..end]
                        .iter()
                        .any(|(it, _)| !matches!(it, Item::Blank))
            });
            let after = appendix.last().map(|(_, a)| *a);
            if s < last && named && has_tables(s) && after.is_none_or(|a| s > a) {
                appendix.push((k, s));
            }
        }
    }
    let body_end = appendix.first().map_or(items.len(), |(k, _)| *k);
    if !appendix.is_empty() {
        let names: Vec<String> = appendix
            .iter()
            .map(|(k, _)| match &items[*k].0 {
                Item::Heading(_, t) | Item::Line(t) => format!("“{t}”"),
                _ => String::new(),
            })
            .collect();
        r.draft.notes.push(format!(
            "正文各部分之后又以{}列出了表格（附表），各表格已放入正文同名一节、接在该节文字之后",
            names.join("、")
        ));
    }
    let first = bounds.first().map_or(items.len(), |(k, _)| *k);
    r.preamble(&items[..first]);
    for (b, (k, s)) in bounds.iter().enumerate() {
        let end = bounds.get(b + 1).map_or(body_end, |(k, _)| *k);
        let (it, line) = &items[*k];
        let heading = match it {
            Item::Heading(_, t) | Item::Line(t) => t.clone(),
            _ => unreachable!("a section bound is a text line"),
        };
        r.draft.blocks.push(Block::Text {
            text: heading,
            loc: Loc::line(*line),
            heading: Some(2),
        });
        let numeral = &edition.template().sections[*s].numeral;
        let tables: Vec<&'static TableTemplate> = edition
            .template()
            .tables
            .iter()
            .filter(|t| &t.section == numeral)
            .collect();
        let mut body: Vec<(Item, usize)> = items[k + 1..end].to_vec();
        if let Some(a) = appendix.iter().position(|(_, x)| x == s) {
            let from = appendix[a].0 + 1;
            let to = appendix.get(a + 1).map_or(items.len(), |(k, _)| *k);
            body.push((Item::Blank, items[from - 1].1));
            body.extend_from_slice(&items[from..to]);
        }
        if tables.is_empty() {
            r.prose(&body);
        } else {
            r.tables(&body, &tables);
        }
    }
    if bounds.is_empty() {
        r.draft
            .notes
            .push("没有找到任何章节标题，全文按正文段落导入".into());
    }
    Ok(r.finish())
}

impl Reader {
    fn finish(mut self) -> Draft {
        if self.table_titles > 0 {
            self.draft.notes.push(format!(
                "略去了转换工具在表格前加的表名（“表二：……”）{} 处",
                self.table_titles
            ));
        }
        if !self.debris.is_empty() {
            self.draft.notes.push(format!(
                "略去了表格中断开的标签碎片 {} 处（行与列已按年报格式对应）：{}",
                self.debris.len(),
                assemble::list(&self.debris, 40)
            ));
        }
        if !self.invented_headers.is_empty() {
            // Each distinct header once, with how often it was repeated.
            let mut distinct: Vec<(String, usize)> = Vec::new();
            for h in &self.invented_headers {
                match distinct.iter_mut().find(|(d, _)| d == h) {
                    Some((_, n)) => *n += 1,
                    None => distinct.push((h.clone(), 1)),
                }
            }
            let listed: Vec<String> = distinct
                .iter()
                .map(|(h, n)| match n {
                    1 => format!("“{h}”"),
                    n => format!("“{h}”（{n} 处）"),
                })
                .collect();
            self.draft.notes.push(format!(
                "略去了与年报格式的列对不上的表头 {} 处（转换中断开或由转换工具生成），相应表格的各列按官方格式的顺序导入：{}",
                self.invented_headers.len(),
                listed.join("、")
            ));
        }
        self.draft
    }

    /// A line of prose: continue the paragraph, end it after a line well
    /// short of the page width, or a little short and ending a sentence (a
    /// paragraph's first line is short by its indent).
    fn prose_line(&mut self, text: &str, line: usize, out: &mut Vec<Ev>) {
        self.para.push((text.to_string(), line));
        let w = ink_width(text);
        let short = w * 5 < self.full_width.saturating_mul(4);
        let sentence = w + 2 < self.full_width && text.ends_with(['。', '！', '？', '；']);
        if short || sentence {
            self.end_para(out);
        }
    }

    fn end_para(&mut self, out: &mut Vec<Ev>) {
        if self.para.is_empty() {
            return;
        }
        let line = self.para[0].1;
        let joined = emit::join_lines(
            &self
                .para
                .drain(..)
                .map(|(t, _)| t)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        out.push(Ev::Prose(joined, Loc::line(line), None));
    }

    fn push_events(&mut self, evs: Vec<Ev>, tables: &mut [Option<TableDraftWithCaption>]) {
        for ev in evs {
            match ev {
                Ev::Prose(text, loc, heading) => {
                    self.draft.blocks.push(Block::Text { text, loc, heading })
                }
                Ev::Table(k) => {
                    if let Some((t, caption)) = tables[k].take() {
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
            }
        }
    }

    /// Before the first section: the title (a `#` heading, or the first
    /// lines while they read as one title), then prose.
    fn preamble(&mut self, items: &[(Item, usize)]) {
        let mut k = 0;
        let mut title: Option<(String, usize)> = None;
        while k < items.len() && matches!(items[k].0, Item::Blank) {
            k += 1;
        }
        if let Some((Item::Heading(1, t), line)) = items.get(k) {
            title = Some((t.clone(), *line));
            k += 1;
        } else {
            let mut acc: Vec<&str> = Vec::new();
            for (j, (it, _)) in items.iter().enumerate().skip(k).take(3) {
                let Item::Line(l) = it else { break };
                acc.push(l);
                let joined = emit::join_lines(&acc.join("\n"));
                if emit::is_title(&joined) {
                    title = Some((joined, items[k].1));
                    k = j + 1;
                    break;
                }
            }
        }
        if let Some((t, line)) = title {
            self.draft.blocks.push(Block::Text {
                text: t,
                loc: Loc::line(line),
                heading: Some(1),
            });
        }
        self.prose(&items[k..]);
    }

    fn prose(&mut self, items: &[(Item, usize)]) {
        let mut evs = Vec::new();
        for (it, line) in items {
            self.prose_item(it, *line, &mut evs);
        }
        self.end_para(&mut evs);
        self.push_events(evs, &mut []);
    }

    fn prose_item(&mut self, it: &Item, line: usize, evs: &mut Vec<Ev>) {
        match it {
            Item::Blank => self.end_para(evs),
            Item::Heading(level, t) => {
                self.end_para(evs);
                evs.push(Ev::Prose(t.clone(), Loc::line(line), Some(*level)));
            }
            Item::Line(t) => self.prose_line(t, line, evs),
            Item::Pipe { cells, sep } => {
                // A table outside the sections that have tables: its text,
                // one line per row.
                if !sep {
                    self.end_para(evs);
                    let row: Vec<&str> = cells
                        .iter()
                        .map(String::as_str)
                        .filter(|c| !c.is_empty())
                        .collect();
                    if !row.is_empty() {
                        evs.push(Ev::Prose(row.join(" "), Loc::line(line), None));
                    }
                }
            }
        }
    }

    /// A section with template tables: each line read in turn, then each
    /// table written where its first piece was.
    fn tables(&mut self, items: &[(Item, usize)], section_tables: &[&'static TableTemplate]) {
        let mut sec = Section::new(section_tables);
        let debris_from = self.debris.len();
        for (it, line) in items {
            self.section_item(&mut sec, it, *line);
        }
        self.end_para(&mut sec.evs);
        let named = sec.named.take();
        sec.blank_row(named);
        let debris = self.debris[debris_from.min(self.debris.len())..].to_vec();
        let mut out: Vec<Option<TableDraftWithCaption>> = Vec::new();
        for acc in std::mem::take(&mut sec.accs) {
            out.push(Some(self.finish_table(acc, &debris)));
        }
        self.push_events(sec.evs, &mut out);
    }

    /// One line of a section with tables.
    fn section_item(&mut self, sec: &mut Section, it: &Item, line: usize) {
        let text = match it {
            Item::Heading(_, t) | Item::Line(t) => Some(t.as_str()),
            _ => None,
        };
        if let Some(t) = text {
            if self.label_line(sec, t, line) {
                return;
            }
        }
        match it {
            Item::Blank => self.end_para(&mut sec.evs),
            Item::Pipe { sep: true, .. } => {}
            Item::Pipe { cells, .. } => self.pipe_row(sec, cells, line),
            Item::Heading(level, t) => {
                self.end_para(&mut sec.evs);
                if is_debris(t) && (sec.cur.is_some() || sec.default.is_some()) {
                    self.debris.push(t.clone());
                    sec.pieces.push((t.clone(), line));
                } else {
                    sec.evs
                        .push(Ev::Prose(t.clone(), Loc::line(line), Some(*level)));
                }
            }
            Item::Line(t) => self.text_line(sec, t, line),
        }
    }

    /// A whole line that is a caption, a converter's table title or a row
    /// label standing alone (a heading over its row, a group label): true
    /// when it was one.
    fn label_line(&mut self, sec: &mut Section, t: &str, line: usize) -> bool {
        let loc = Loc::line(line);
        if let Some(e) = caption_of(t) {
            self.end_para(&mut sec.evs);
            let tt = e
                .template()
                .and_then(|x| assemble::table_by_id(self.edition.template(), &x.id))
                .or(e.template())
                .expect("a caption belongs to a table");
            let k = sec.acc_for(tt, &loc);
            sec.accs[k].caption.get_or_insert((t.to_string(), loc));
            sec.cur = Some(k);
            sec.pieces.clear();
            let named = sec.named.take();
            sec.blank_row(named);
            return true;
        }
        if is_table_title(t) {
            self.table_titles += 1;
            return true;
        }
        let Some((tt, r)) = sec.row_in(t, sec.cur_tt()) else {
            return false;
        };
        self.end_para(&mut sec.evs);
        let k = sec.acc_for(tt, &loc);
        sec.cur = Some(k);
        let named = sec.named.take();
        sec.blank_row(named);
        if tt.rows[r].group {
            sec.accs[k]
                .rows
                .push(RowAcc::new(t.to_string(), loc, Some(r), Cells::None));
        } else {
            sec.named = Some((t.to_string(), line, tt, r));
        }
        sec.pieces.clear();
        true
    }

    /// `| a | b |`: a data row, a header row or a row of placeholders.
    fn pipe_row(&mut self, sec: &mut Section, cells: &[String], line: usize) {
        let loc = Loc::line(line);
        let mut cells: Vec<(String, Loc)> = cells
            .iter()
            .enumerate()
            .map(|(j, c)| {
                (
                    c.clone(),
                    Loc {
                        line: Some(line),
                        place: format!("第{}格", j + 1),
                    },
                )
            })
            .collect();
        // Trailing blank cells are kept: a row short of a number may say
        // which cell is blank (`| 四、结转… | 1 | … | 0 |  |`); `row` drops
        // those beyond the table's width.
        if cells.iter().all(|(c, _)| c.is_empty()) {
            cells.clear();
        }
        let nv = cells
            .iter()
            .rev()
            .take_while(|(c, _)| is_value(c) || c.is_empty())
            .count();
        let (labels, values) = cells.split_at(cells.len() - nv);
        let labels: Vec<String> = labels.iter().map(|(c, _)| c.clone()).collect();
        if values.iter().any(|(c, _)| is_number(c)) {
            self.end_para(&mut sec.evs);
            self.row(sec, labels, values.to_vec(), loc);
        } else if let [l] = &labels[..] {
            // A label over blank cells (a group row written as a row of its
            // own): the label alone.
            if !self.label_line(sec, l, line) {
                match sec
                    .cur
                    .or_else(|| sec.default.map(|tt| sec.acc_for(tt, &loc)))
                {
                    Some(k) if is_numbered_label(l) => {
                        self.end_para(&mut sec.evs);
                        sec.accs[k]
                            .rows
                            .push(RowAcc::new(l.clone(), loc, None, Cells::None));
                    }
                    _ => self.text_line(sec, l, line),
                }
            }
        } else if labels.iter().any(|l| !l.is_empty()) {
            self.end_para(&mut sec.evs);
            self.header(sec, &labels, loc);
        } else {
            // A row of placeholders under no label (`| - | - |`).
            self.debris.push(
                cells
                    .iter()
                    .map(|(c, _)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }

    /// A plain line: a space-separated row, numbers outside a row, a header
    /// of labels run together, a piece of a broken label, or prose.
    fn text_line(&mut self, sec: &mut Section, t: &str, line: usize) {
        let loc = Loc::line(line);
        if let Some((label, values)) = space_row(t) {
            let values: Vec<(String, Loc)> = values.into_iter().map(|v| (v, loc.clone())).collect();
            if label.is_empty() {
                let tt = sec.cur_tt().or(sec.default);
                let width = tt.map_or(0, |tt| tt.columns.len());
                // A row of the table's width, or 表四's one row of fifteen.
                let one_row = tt.is_some_and(|tt| values.len() == transposed::cells(tt));
                if (values.len() == width && width > 1) || one_row {
                    self.end_para(&mut sec.evs);
                    self.row(sec, vec![], values, loc);
                } else if let Some(k) = sec
                    .cur
                    .or_else(|| sec.default.map(|tt| sec.acc_for(tt, &loc)))
                {
                    self.end_para(&mut sec.evs);
                    sec.accs[k].orphans.extend(values);
                } else {
                    self.prose_line(t, line, &mut sec.evs);
                }
                return;
            }
            let known = sec.row_in(&label, sec.cur_tt()).is_some()
                || sec.glued(&label, sec.cur_tt()).is_some();
            let short = label.chars().count() <= 20 && !label.contains('。');
            if known || (short && sec.cur.is_some()) {
                self.end_para(&mut sec.evs);
                self.row(sec, vec![label], values, loc);
                return;
            }
        }
        // `（其中修订 16 件）` under a number outside a row.
        if let Some(k) = sec.cur {
            if is_annotation(t) {
                if let Some(o) = sec.accs[k].orphans.last_mut() {
                    o.0.push_str(t);
                    return;
                }
            }
        }
        if let Some(ls) = labels_of(t).filter(|ls| {
            ls.iter().all(|(_, es)| {
                es.iter()
                    .any(|e| matches!(e.role, Role::Column(_) | Role::Corner | Role::Group))
            })
        }) {
            let cells: Vec<String> = ls.into_iter().map(|(t, _)| t).collect();
            if cells.len() > 1 {
                self.end_para(&mut sec.evs);
                self.header(sec, &cells, loc);
                return;
            }
        }
        // A whole group label as published on a line of its own, unknown to
        // the template (`三三、本年度办理结果`): a blank row, which check
        // reports (a list numeral `1.` starts a wrapped label's piece instead).
        if let Some(k) = sec.cur {
            static GROUP: OnceLock<Regex> = OnceLock::new();
            let group =
                GROUP.get_or_init(|| Regex::new(r"^[一二三四五六七八九十]{1,3}、").unwrap());
            // Its title whole: the piece of a broken one (`三、本年度办` over
            // `理结果`) stays a piece.
            let whole = group_by_title(sec.tt(k), t).is_some();
            if group.is_match(t) && whole && is_debris(t) {
                self.end_para(&mut sec.evs);
                sec.pieces.clear();
                sec.accs[k]
                    .rows
                    .push(RowAcc::new(t.to_string(), loc, None, Cells::None));
                return;
            }
        }
        if is_debris(t) && (sec.cur.is_some() || sec.default.is_some()) {
            self.end_para(&mut sec.evs);
            self.debris.push(t.to_string());
            sec.pieces.push((t.to_string(), line));
            return;
        }
        // Anything else is prose (a note under a table, the text of a
        // section whose heading the extraction lost).
        self.prose_line(t, line, &mut sec.evs);
    }

    /// A header row: the table whose columns it names becomes current.
    fn header(&mut self, sec: &mut Section, cells: &[String], loc: Loc) {
        let score = |tt: &TableTemplate| {
            cells
                .iter()
                .filter(|c| assemble::match_column(tt, c).is_some())
                .count()
        };
        let cur_id = sec.cur_tt().map(|t| t.id.as_str());
        let best = sec
            .tables
            .iter()
            .copied()
            .map(|tt| (tt, score(tt)))
            .filter(|(_, s)| *s > 0)
            // Prefer the current table on a tie.
            .max_by_key(|(tt, s)| (*s, cur_id == Some(tt.id.as_str())));
        let target = match best {
            Some((tt, _)) => {
                let k = sec.acc_for(tt, &loc);
                sec.cur = Some(k);
                Some(k)
            }
            None => sec.cur,
        };
        match target {
            Some(k) => sec.accs[k].headers.push((cells.to_vec(), loc)),
            None => self.invented_headers.push(cells.join(" | ")),
        }
    }

    /// A data row: find its label (its own cells, the heading just above,
    /// the pieces wrapped above) and its table.
    fn row(
        &mut self,
        sec: &mut Section,
        labels: Vec<String>,
        values: Vec<(String, Loc)>,
        loc: Loc,
    ) {
        let prefer = sec.cur_tt();
        let labels: Vec<String> = labels.into_iter().filter(|l| !l.is_empty()).collect();
        // 1. A label cell names a row; other label cells are leaked pieces
        // of merged cells (`（三）不`).
        // A group label cell before it (`三、本年度办理结果 | （一）予以公开`,
        // a browser's text of a rowspan) is a group row of its own.
        let matched: Vec<(usize, &'static TableTemplate, usize)> = labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| sec.row_in(l, prefer).map(|(tt, r)| (i, tt, r)))
            .collect();
        let own = matched
            .iter()
            .rev()
            .find(|(_, tt, r)| !tt.rows[*r].group)
            .or(matched.last())
            .copied();
        let mut found = own.map(|(i, tt, r)| (labels[i].clone(), tt, r));
        let mut own_label = found.is_some();
        if let Some((own_i, own_tt, _)) = own {
            for (i, l) in labels.iter().enumerate() {
                if i == own_i {
                    continue;
                }
                match matched
                    .iter()
                    .find(|(j, tt, r)| *j == i && tt.id == own_tt.id && tt.rows[*r].group)
                {
                    Some((_, tt, g)) => {
                        let k = sec.acc_for(tt, &loc);
                        sec.accs[k].rows.push(RowAcc::new(
                            l.clone(),
                            loc.clone(),
                            Some(*g),
                            Cells::None,
                        ));
                    }
                    // A whole label as published (`三三、本年度办理结果`, a
                    // numeral and a title), unknown to the template: a blank
                    // row of its own, which check reports.
                    None if i < own_i && is_numbered_label(l) => {
                        let k = sec.acc_for(own_tt, &loc);
                        sec.accs[k].rows.push(RowAcc::new(
                            l.clone(),
                            loc.clone(),
                            None,
                            Cells::None,
                        ));
                    }
                    None => self.debris.push(l.clone()),
                }
            }
        }
        // 1b. A label cell is a row label with something glued before it:
        // its group label on the same line (`（四）无法提供 1.本机关…`), or a
        // character of a group label written one character per line
        // (`本2.其他法律…`). The group label is a group row of its own.
        if found.is_none() {
            for l in &labels {
                let Some((prefix, label, tt, r)) = sec.glued(l, prefer) else {
                    continue;
                };
                match assemble::match_row(tt, &prefix).filter(|&g| tt.rows[g].group) {
                    Some(g) => {
                        let k = sec.acc_for(tt, &loc);
                        sec.accs[k].rows.push(RowAcc::new(
                            prefix,
                            loc.clone(),
                            Some(g),
                            Cells::None,
                        ));
                    }
                    None => self.debris.push(prefix),
                }
                found = Some((label, tt, r));
                own_label = true;
                break;
            }
        }
        // 表四's one row of fifteen numbers under no label takes no label
        // from above: the lines above it are its broken header (`行政复议`,
        // `结果维`, `持` …), whose first cell also names a template row.
        let fifteen = labels.is_empty()
            && prefer
                .or(sec.default)
                .is_some_and(|tt| tt.transposed && values.len() == transposed::cells(tt));
        if fifteen && found.is_none() {
            if let Some((h, ..)) = sec.named.take() {
                self.debris.push(h);
            }
        }
        // 2. The heading just above names the row (OCR wrote it twice, the
        // row's own copy without its numeral).
        if found.is_none() {
            if let Some((h, _, tt, r)) = sec.named.as_ref() {
                let hf: String = assemble::fold(h).into_iter().collect();
                if labels
                    .iter()
                    .all(|l| hf.contains(&assemble::fold(l).into_iter().collect::<String>()))
                {
                    found = Some((h.clone(), tt, *r));
                }
            }
        }
        // 2b. The numbers of the row before, wrapped onto this line with
        // the rest of its label (`（二）部分公开（区分处理的，只 0 0` then
        // `计这一情形，不计其他情形） 2 1 580 95 678`): they complete it.
        if found.is_none() {
            if let Some(k) = sec.cur {
                let tt = sec.tt(k);
                let width = tt.columns.len();
                if let Some(prev) = sec.accs[k].rows.last_mut() {
                    if let Cells::Split(v) = &mut prev.cells {
                        // Only when the row's sums hold (a table without
                        // row sums has nothing to say): the next row's
                        // numbers are never taken for this row's.
                        let fits = !v.is_empty()
                            && v.len() < width
                            && v.len() + values.len() == width
                            && {
                                let cells: Vec<String> =
                                    v.iter().chain(&values).map(|(c, _)| c.clone()).collect();
                                split::sums_hold(&cells, &sequence::row_sums(tt))
                            };
                        if fits {
                            v.extend(values);
                            self.debris.extend(labels);
                            return;
                        }
                    }
                }
            }
        }
        // 3. The label wrapped onto the lines just above.
        let mut joined_from = None;
        if found.is_none() && !fifteen && !sec.pieces.is_empty() {
            for take in 1..=sec.pieces.len().min(3) {
                let from = sec.pieces.len() - take;
                let mut joined: Vec<&str> =
                    sec.pieces[from..].iter().map(|(t, _)| t.as_str()).collect();
                joined.extend(labels.iter().map(String::as_str));
                let label = joined.concat();
                if let Some((tt, r)) = sec.row_in(&label, prefer) {
                    // The pieces are the label, not debris.
                    let used = sec.pieces.len() - from;
                    self.debris.truncate(self.debris.len().saturating_sub(used));
                    joined_from = Some((
                        labels.clone(),
                        sec.pieces[from..].iter().map(|(t, _)| t.clone()).collect(),
                    ));
                    found = Some((label, tt, r));
                    break;
                }
            }
        }
        // 3b. A label matching no template row, without a numeral, under a
        // numbered piece on the line just above (`2.其他法律行政` over `止公开
        // 0 0 …`, a published typo wrapped): one label as published, which
        // check judges, not the tail of it alone.
        let mut labels = labels;
        if found.is_none() {
            if let ([l], Some((p, pl))) = (&labels[..], sec.pieces.last()) {
                // Both one cell: a list numeral (`2.`) starting the piece,
                // none in the label (`（五）不予 版物` over `处理 4.无正当…`
                // are pieces of two columns).
                let one_cell = |t: &str| !t.contains(char::is_whitespace);
                let list = |t: &str| {
                    let mut cs = t.chars().skip_while(char::is_ascii_digit);
                    t.starts_with(|c: char| c.is_ascii_digit())
                        && matches!(cs.next(), Some('.' | '．'))
                };
                if one_cell(l)
                    && one_cell(p)
                    && list(p)
                    && !l.chars().any(|c| c.is_ascii_digit())
                    && is_numbered_label(p)
                    && loc.line.is_some_and(|n| n == pl + 1)
                {
                    labels = vec![format!("{p}{l}")];
                    if self.debris.last() == Some(p) {
                        self.debris.pop();
                    }
                    sec.pieces.pop();
                }
            }
        }
        // A heading naming a row that did not come: the row, blank.
        let pending = sec.named.take();
        if !pending.as_ref().is_some_and(|(_, _, tt, r)| {
            found.as_ref().is_some_and(|f| f.2 == *r && f.1.id == tt.id)
        }) {
            sec.blank_row(pending);
        }
        let (label, tt, template_row) = match found {
            Some((l, tt, r)) => (l, Some(tt), Some(r)),
            None => (labels.concat(), None, None),
        };
        // 4. The beginning of a label wrapped below its numbers (`2.其他法律
        // 行政法 479 0 …` over `规禁止公开`): the one row of the table whose
        // label starts so, numeral included.
        // Its first part may be on the lines just above, after the piece of
        // a group label in the column to its left (`（六）其他 2.申请人逾期未按`).
        // Only a candidate: the table's end checks that the rest of the
        // template's label was read nearby ([`Self::place_by_start`]).
        let start = match (tt, prefer.or(sec.default)) {
            (None, Some(t)) => wrapped_start(t, &sec.pieces, &label),
            _ => None,
        };
        // Pieces this row did not take, on the lines right below the row
        // before it: maybe the end of that row's label.
        let own_start = match (tt, prefer.or(sec.default)) {
            (None, Some(t)) if start.is_some() => wrapped_start(t, &[], &label),
            _ => None,
        };
        if joined_from.is_none() && start == own_start {
            if let Some(prev) = sec.cur.and_then(|k| sec.accs[k].rows.last_mut()) {
                if let Some(mut next) = prev.loc.line.map(|l| l + 1) {
                    for (t, l) in sec.pieces.iter().take(2) {
                        // A header repeated under the row is no label.
                        let header = labels_of(t).is_some_and(|ls| {
                            ls.iter()
                                .any(|(_, es)| es.iter().any(|e| !matches!(e.role, Role::Row(_))))
                        });
                        if *l != next || header {
                            break;
                        }
                        prev.below.push((t.clone(), *l));
                        next += 1;
                    }
                }
            }
        }
        sec.pieces.clear();
        let Some(table) = tt.or(prefer).or(sec.default) else {
            self.draft.unplaced.push(Unplaced {
                text: format!(
                    "{} {}",
                    label,
                    values
                        .iter()
                        .map(|(v, _)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                loc,
                reason: "无法确定属于哪个表格".into(),
            });
            return;
        };
        // A label spanning two label columns leaves an empty cell before the
        // values (`（六）其他处理\t\t0\t0 …`): not a value.
        let mut values = values;
        while values.len() > table.columns.len() && values.last().is_some_and(|(v, _)| v.is_empty())
        {
            values.pop();
        }
        while values.len() > table.columns.len()
            && values.first().is_some_and(|(v, _)| v.is_empty())
        {
            values.remove(0);
        }
        // Blank cells beyond the numbers, when the row does not have
        // exactly the table's width with them, say nothing.
        if values.len() != table.columns.len() && !transposed_width(table, values.len()) {
            while values.last().is_some_and(|(v, _)| v.is_empty()) {
                values.pop();
            }
        }
        let k = sec.acc_for(table, &loc);
        sec.cur = Some(k);
        let mut row = RowAcc::new(label, loc, template_row, Cells::Split(values));
        row.joined = joined_from;
        row.own_label = own_label;
        if template_row.is_none() {
            row.pieces = match start {
                Some(start) => vec![start],
                None => labels,
            };
        }
        sec.accs[k].rows.push(row);
    }

    /// Write a table: choose its header, cut a transposed table's one row,
    /// place rows whose labels were lost by their position, then write the
    /// rows ([`assemble::write_rows`]); when numbers are left over, the
    /// order of the numbers may still read the table whole
    /// ([`Self::by_sequence`]).
    fn finish_table(&mut self, mut acc: TableAcc, debris: &[String]) -> TableDraftWithCaption {
        let tt = acc.tt.expect("a table of a PDF section has its template");
        let mut t = TableDraft::new(tt, acc.loc.clone());
        self.choose_header(&acc, &mut t);
        if let Some(rows) = self.one_row_of_fifteen(&acc) {
            t.columns = None;
            t.rows = rows;
            return (t, acc.caption);
        }
        let original = acc.clone();
        let mark = (
            self.draft.unplaced.len(),
            self.draft.notes.len(),
            self.debris.len(),
        );
        let mut debris = debris.to_vec();
        self.joined_in_place(&mut acc, &mut debris);
        self.place_by_start(&mut acc, &debris);
        self.place_by_position(&mut acc, &debris);
        self.joined_below(tt, &mut acc.rows);
        assemble::groups_in_place(tt, &mut acc.rows);
        self.dropped_blanks(&t, &mut acc.rows);
        assemble::write_rows(&mut t, acc.rows, &mut self.draft);
        assemble::report_orphans(tt, acc.orphans, &mut self.draft);
        if self.draft.unplaced.len() > mark.0 {
            // Row by row left numbers over: what it said is taken back when
            // the order of the numbers reads the table whole.
            let said = (
                self.draft.unplaced.split_off(mark.0),
                self.draft.notes.split_off(mark.1),
                // `joined_below` may have taken pieces read before the mark.
                self.debris.split_off(mark.2.min(self.debris.len())),
            );
            let read_rows: Vec<String> = t.rows.iter().map(|r| r.label.clone()).collect();
            match self.by_sequence(&original, &t, &read_rows, &debris) {
                Some(rows) => {
                    t.columns = None;
                    t.rows = rows;
                }
                None => {
                    self.draft.unplaced.extend(said.0);
                    self.draft.notes.extend(said.1);
                    self.debris.extend(said.2);
                }
            }
        }
        (t, acc.caption)
    }

    /// Rows whose label is still unknown with pieces read right below them
    /// (`2.其他法律行政 0 0 …` over `止公开`; `（六）其他处 0 0 …` over `理`):
    /// the label is the row's piece and those, as published; the template
    /// row it names, if any.
    fn joined_below(&mut self, tt: &TableTemplate, rows: &mut [RowAcc]) {
        for r in rows.iter_mut() {
            if r.template_row.is_some() || r.below.is_empty() || r.label.is_empty() {
                continue;
            }
            if !matches!(&r.cells, Cells::Split(v) if !v.is_empty()) {
                continue;
            }
            let label = std::iter::once(r.label.as_str())
                .chain(r.below.iter().map(|(t, _)| t.as_str()))
                .collect::<String>();
            for (t, _) in r.below.drain(..) {
                if let Some(i) = self.debris.iter().rposition(|d| *d == t) {
                    self.debris.remove(i);
                }
            }
            r.template_row = assemble::match_row(tt, &label).filter(|&m| !tt.rows[m].group);
            r.label = label;
        }
    }

    /// Rows short of numbers because the text dropped their blank cells:
    /// the blanks put back where the table's sums allow only one place
    /// ([`sequence::place_dropped_blanks`]), with a note; other short rows
    /// stay as read (written blank and listed).
    fn dropped_blanks(&mut self, t: &TableDraft, rows: &mut [RowAcc]) {
        let tt = t.tt;
        let width = tt.columns.len();
        let identity = t
            .column_map()
            .iter()
            .enumerate()
            .all(|(i, c)| *c == Some(i));
        if !identity || t.width() != width || tt.transposed {
            return;
        }
        let mut full = Vec::new();
        let mut short = Vec::new();
        let mut seen = Vec::new();
        for (k, r) in rows.iter().enumerate() {
            let (Some(tr), Cells::Split(v)) = (r.template_row, &r.cells) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            if tt.rows[tr].group || seen.contains(&tr) {
                return;
            }
            seen.push(tr);
            if v.len() == width {
                full.push((tr, v.iter().map(|(c, _)| sequence::value(c)).collect()));
            } else if v.len() < width {
                let Some(nums) = v.iter().map(|(c, _)| sequence::value(c)).collect() else {
                    continue;
                };
                short.push((k, (tr, nums)));
            }
        }
        if short.is_empty() {
            return;
        }
        let shorts: Vec<(usize, Vec<i64>)> = short.iter().map(|(_, s)| s.clone()).collect();
        let placed = sequence::place_dropped_blanks(tt, &full, &shorts);
        for ((k, _), cols) in short.iter().zip(placed) {
            let Some(cols) = cols else {
                continue;
            };
            let r = &mut rows[*k];
            let Cells::Split(v) = &mut r.cells else {
                continue;
            };
            let mut cells: Vec<(String, Loc)> = vec![(String::new(), r.loc.clone()); width];
            for (c, cell) in cols.iter().zip(v.drain(..)) {
                cells[*c] = cell;
            }
            let blanks: Vec<String> = (0..width)
                .filter(|c| !cols.contains(c))
                .map(|c| tt.columns[c].label.clone())
                .collect();
            *v = cells;
            self.draft.notes.push(format!(
                "{}“{}”一行只读到 {} 个数（转换时丢掉了空白单元格），按表格的合计关系空白只能在{}列，已留空",
                tt.name,
                r.label,
                cols.len(),
                blanks
                    .iter()
                    .map(|b| format!("“{b}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            ));
        }
    }

    /// A table whose rows did not come out whole, read from the order of
    /// its numbers when its row sums leave one reading ([`sequence`]), in
    /// the rows of the template or of the other edition's table of the
    /// same name (a 2021 report keeping 2019's one row of （六）其他处理).
    /// `pieces`: the label pieces read in the table's section.
    /// Labels as the row-by-row reading wrote them (`read_rows`) when it
    /// wrote one per row and none names another row, else as the template
    /// has them (group labels as published when read); the label pieces
    /// read are debris.
    fn by_sequence(
        &mut self,
        acc: &TableAcc,
        t: &TableDraft,
        read_rows: &[String],
        pieces: &[String],
    ) -> Option<Vec<RowDraft>> {
        let tt = t.tt;
        let identity = t
            .column_map()
            .iter()
            .enumerate()
            .all(|(i, c)| *c == Some(i));
        if !identity || t.width() != tt.columns.len() {
            return None;
        }
        // Every number in reading order, the first on a recognised label's
        // own line anchored to its row.
        let mut tokens: Vec<(String, Loc, usize, Option<usize>)> = Vec::new();
        for r in &acc.rows {
            match &r.cells {
                Cells::Split(v) => {
                    for (i, (text, loc)) in v.iter().enumerate() {
                        let anchor = r
                            .template_row
                            .filter(|_| i == 0 && r.own_label && loc.line == r.loc.line);
                        tokens.push((text.clone(), loc.clone(), loc.line?, anchor));
                    }
                }
                Cells::Run(..) => return None,
                Cells::None => {}
            }
        }
        for (text, loc) in &acc.orphans {
            tokens.push((text.clone(), loc.clone(), loc.line?, None));
        }
        tokens.sort_by_key(|t| t.2);
        // Numbers above the table's first header line and first row label
        // are not in it (the extraction put a line of the table before
        // into this section).
        let first_header = acc.headers.iter().filter_map(|(_, l)| l.line).min();
        let first_label = acc
            .rows
            .iter()
            .filter(|r| r.template_row.is_some())
            .filter_map(|r| r.loc.line)
            .min();
        let start = first_header.into_iter().chain(first_label).min();
        let above = start.map_or(0, |h| tokens.partition_point(|t| t.2 < h));
        // A row the agency added (`其中：…`, a local row the template knows)
        // has numbers the template has no place for: the order of the
        // numbers cannot be trusted to skip it.
        let labels_read: Vec<String> = acc
            .rows
            .iter()
            .map(|r| {
                std::iter::once(r.label.as_str())
                    .chain(r.below.iter().map(|(t, _)| t.as_str()))
                    .collect()
            })
            .chain(pieces.iter().cloned())
            .collect();
        let local = |l: &str| {
            let n = crate::labels::normalize(l);
            n.starts_with("其中") || tt.local_row(&n).is_some()
        };
        if labels_read.iter().any(|l| local(l)) {
            return None;
        }
        // The other edition's rows only when a row only it has was read
        // (at least its first four characters): never merely because two
        // blank rows make the count fit.
        let read_start_of = |label: &str| {
            let f = assemble::fold(label);
            labels_read.iter().any(|l| {
                let g = assemble::fold(l);
                g.len() >= 4 && f.starts_with(&g)
            })
        };
        let candidates = std::iter::once((None, tt)).chain(
            Edition::all()
                .flat_map(|e| e.template().tables.iter().map(move |x| (Some(e), x)))
                .filter(|(_, x)| {
                    x.id == tt.id
                        && !std::ptr::eq(*x, tt)
                        && x.columns.len() == tt.columns.len()
                        && x.rows.len() != tt.rows.len()
                        && x.rows.iter().any(|r| {
                            !r.group
                                // A data row there, none (or a group) here.
                                && assemble::match_row(tt, &r.label)
                                    .is_none_or(|m| tt.rows[m].group)
                                && read_start_of(&r.label)
                        })
                }),
        );
        let (edition, cand, read) = candidates.into_iter().find_map(|(e, cand)| {
            let toks: Option<Vec<sequence::Token>> = tokens[above..]
                .iter()
                .map(|(text, loc, line, anchor)| {
                    let anchor = match anchor {
                        Some(a) => Some(cand.row(&tt.rows[*a].id)?.0),
                        None => None,
                    };
                    Some(sequence::Token {
                        text: text.clone(),
                        loc: loc.clone(),
                        line: *line,
                        anchor,
                    })
                })
                .collect();
            sequence::read(cand, &toks?).map(|r| (e, cand, r))
        })?;
        let above: Vec<(String, Loc)> = tokens[..above]
            .iter()
            .map(|t| (t.0.clone(), t.1.clone()))
            .collect();
        assemble::report_orphans(tt, above, &mut self.draft);
        // Group labels as published: recognised, or whole with a numeral
        // the template does not have (`三三、本年度办理结果`).
        let mut published: Vec<Option<String>> = vec![None; cand.rows.len()];
        for r in &acc.rows {
            if !matches!(r.cells, Cells::None) {
                if r.template_row.is_none() && !r.label.is_empty() {
                    self.debris.push(r.label.clone());
                }
                continue;
            }
            let g = match r.template_row {
                Some(x) => cand
                    .rows
                    .iter()
                    .position(|g| g.group && tt.rows[x].id == g.id),
                None => group_by_title(cand, &r.label),
            };
            match g {
                Some(g) if published[g].is_none() => published[g] = Some(r.label.clone()),
                _ if r.template_row.is_none() => self.debris.push(r.label.clone()),
                _ => {}
            }
        }
        // The row-by-row reading's labels, one per row of the reading.
        let is_group = |l: &str| {
            assemble::match_row(cand, l).is_some_and(|g| cand.rows[g].group)
                || group_by_title(cand, l).is_some()
        };
        let data: Vec<&String> = read_rows.iter().filter(|l| !is_group(l)).collect();
        let data_rows: Vec<usize> = (0..cand.rows.len())
            .filter(|&r| !cand.rows[r].group)
            .collect();
        let as_read = data.len() == data_rows.len()
            && data
                .iter()
                .zip(&data_rows)
                .all(|(l, &r)| assemble::match_row(cand, l).is_none_or(|m| m == r));
        if as_read {
            for (l, &r) in data.iter().zip(&data_rows) {
                published[r] = Some((*l).clone());
            }
        }
        let n = read.iter().flatten().count();
        let rows_of = match edition {
            Some(e) => format!("按 {} 版格式的行", e.as_str()),
            None => "按顺序".to_string(),
        };
        self.draft.notes.push(format!(
            "{}的数字在转换中跨行断开，按各行的合计关系（总计等于各列之和）只有一种读法：{n} 行{rows_of}逐行放入，行标签按年报格式写出",
            tt.name
        ));
        Some(
            read.into_iter()
                .zip(&cand.rows)
                .zip(published)
                .map(|((values, rt), published)| RowDraft {
                    label: published.unwrap_or_else(|| rt.label.clone()),
                    loc: values
                        .as_ref()
                        .and_then(|v| v.first())
                        .map_or_else(|| acc.loc.clone(), |(_, l)| l.clone()),
                    values,
                })
                .collect(),
        )
    }

    /// The published header, when one names at least half of its columns
    /// and has the template's number of columns, or the rows' (a table the
    /// agency gave another shape). A grouped header is kept only when it
    /// does not have the template's columns (the template knows them).
    fn choose_header(&mut self, acc: &TableAcc, t: &mut TableDraft) {
        let tt = t.tt;
        let width_of_rows = mode(
            acc.rows
                .iter()
                .filter(|r| !r.is_group(tt))
                .map(|r| match &r.cells {
                    Cells::Split(v) => v.len(),
                    _ => 0,
                }),
            Tie::Larger,
        )
        .unwrap_or(tt.columns.len());
        let usable = |cells: &[String], width: usize| -> Option<(Option<String>, Vec<String>)> {
            let matched = cells
                .iter()
                .filter(|c| assemble::match_column(tt, c).is_some())
                .count();
            let (corner, cols) = if cells.len() == width + 1 {
                (Some(cells[0].clone()), cells[1..].to_vec())
            } else if cells.len() == width {
                (None, cells.to_vec())
            } else {
                return None;
            };
            (matched * 2 >= cols.len() && matched > 0).then_some((corner, cols))
        };
        let chosen = [tt.columns.len(), width_of_rows].into_iter().find_map(|w| {
            acc.headers
                .iter()
                .find_map(|(h, loc)| usable(h, w).map(|u| (u, loc.clone())))
        });
        let grouped = tt.transposed || tt.columns.iter().any(|c| c.group.is_some());
        match chosen {
            Some(((corner, cols), loc)) => {
                t.corner = corner.map(|c| (c, loc.clone()));
                if !grouped || cols.len() != tt.columns.len() {
                    t.columns = Some(cols.into_iter().map(|c| (c, loc.clone())).collect());
                }
            }
            None => {
                for (h, _) in &acc.headers {
                    self.invented_headers.push(h.join(" | "));
                }
            }
        }
    }

    /// A transposed table (表四) published as its one row of fifteen
    /// numbers with no row label: the template's rows.
    fn one_row_of_fifteen(&mut self, acc: &TableAcc) -> Option<Vec<RowDraft>> {
        let tt = acc.tt?;
        match &acc.rows[..] {
            [r] if r.template_row.is_none() => match &r.cells {
                Cells::Split(v) => transposed::from_values(tt, v, &r.loc, &mut self.draft.notes),
                _ => None,
            },
            _ => None,
        }
    }

    /// Rows whose label was joined from pieces read above them, in a run
    /// of rows without a label cell of their own between two rows that have
    /// one: when the run has exactly as many rows as the template has rows
    /// missing there, each row's place is known, and a joined label that
    /// names another row is undone (OCR leaks the labels of a block of
    /// merged cells above all its rows, not above each): the run is then
    /// placed by position.
    fn joined_in_place(&mut self, acc: &mut TableAcc, debris: &mut Vec<String>) {
        let Some(tt) = acc.tt else {
            return;
        };
        let anchor = |r: &RowAcc| r.template_row.is_some() && r.joined.is_none();
        let anchors: Vec<usize> = acc
            .rows
            .iter()
            .filter(|r| anchor(r))
            .filter_map(|r| r.template_row)
            .collect();
        let mut i = 0;
        while i < acc.rows.len() {
            if anchor(&acc.rows[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < acc.rows.len() && !anchor(&acc.rows[i]) {
                i += 1;
            }
            if acc.rows[start..i].iter().all(|r| r.joined.is_none()) {
                continue;
            }
            let before = acc.rows[..start].iter().rev().find_map(|r| r.template_row);
            let after = acc.rows[i..].iter().find_map(|r| r.template_row);
            let lo = before.map_or(0, |b| b + 1);
            let hi = after.unwrap_or(tt.rows.len());
            let slots: Vec<usize> = (lo..hi.max(lo))
                .filter(|&r| !tt.rows[r].group && !anchors.contains(&r))
                .collect();
            let run = &acc.rows[start..i];
            let wrong = slots.len() == run.len()
                && run
                    .iter()
                    .zip(&slots)
                    .any(|(r, &s)| r.joined.is_some() && r.template_row != Some(s));
            if !wrong {
                continue;
            }
            for r in &mut acc.rows[start..i] {
                if let Some((own, pieces)) = r.joined.take() {
                    r.template_row = None;
                    r.label = own.concat();
                    r.pieces = own;
                    debris.extend(pieces.iter().cloned());
                    self.debris.extend(pieces);
                }
            }
        }
    }

    /// Rows whose label was read only in its first part (a label wrapped
    /// below its numbers: `2.其他法律行政法 479 0 …` over `规禁止公开`): the
    /// one template row whose label starts so, when the rest of it was read
    /// nearby as label pieces (so a label the agency worded differently,
    /// `2.其他法律行政止公开`, is never replaced).
    fn place_by_start(&mut self, acc: &mut TableAcc, debris: &[String]) {
        let Some(tt) = acc.tt else {
            return;
        };
        let mut placed: Vec<String> = Vec::new();
        for i in 0..acc.rows.len() {
            let r = &acc.rows[i];
            let [start] = &r.pieces[..] else {
                continue;
            };
            if r.template_row.is_some() {
                continue;
            }
            let Some(t) = label_start(tt, start) else {
                continue;
            };
            let taken = acc.rows.iter().any(|x| x.template_row == Some(t));
            if taken || !made_of(&tt.rows[t].label, std::slice::from_ref(start), debris) {
                continue;
            }
            let r = &mut acc.rows[i];
            self.debris.push(r.label.clone());
            r.template_row = Some(t);
            r.label = tt.rows[t].label.clone();
            placed.push(tt.rows[t].short_name().to_string());
        }
        if !placed.is_empty() {
            self.draft.notes.push(format!(
                "{}有 {} 行的行标签在转换中折到数字的上下行，按其开头与附近的标签碎片认作：{}",
                tt.name,
                placed.len(),
                placed.join("、")
            ));
        }
    }

    /// Rows whose label was lost, between two recognised rows: the template
    /// rows missing between those two, when there are exactly as many and
    /// the template's label is made up of what is left of the row's label
    /// and pieces broken off nearby (so a label the agency wrote
    /// differently is never replaced).
    fn place_by_position(&mut self, acc: &mut TableAcc, debris: &[String]) {
        let Some(tt) = acc.tt else {
            return;
        };
        let mut placed: Vec<String> = Vec::new();
        let mut i = 0;
        while i < acc.rows.len() {
            if acc.rows[i].template_row.is_some() {
                i += 1;
                continue;
            }
            let start = i;
            while i < acc.rows.len() && acc.rows[i].template_row.is_none() {
                i += 1;
            }
            let before = acc.rows[..start].iter().rev().find_map(|r| r.template_row);
            let after = acc.rows[i..].iter().find_map(|r| r.template_row);
            let lo = before.map_or(0, |b| b + 1);
            let hi = after.unwrap_or(tt.rows.len());
            if lo > hi {
                continue;
            }
            let present: Vec<usize> = acc.rows.iter().filter_map(|r| r.template_row).collect();
            let slots: Vec<usize> = (lo..hi)
                .filter(|&r| !tt.rows[r].group && !present.contains(&r))
                .collect();
            if slots.len() != i - start {
                continue;
            }
            let fits = acc.rows[start..i]
                .iter()
                .zip(&slots)
                .all(|(r, &s)| made_of(&tt.rows[s].label, &r.pieces, debris));
            if !fits {
                continue;
            }
            for (r, &s) in acc.rows[start..i].iter_mut().zip(&slots) {
                for p in &r.pieces {
                    self.debris.push(p.clone());
                }
                r.template_row = Some(s);
                r.label = tt.rows[s].label.clone();
                placed.push(tt.rows[s].short_name().to_string());
            }
        }
        if !placed.is_empty() {
            self.draft.notes.push(format!(
                "{}有 {} 行的行标签在转换中丢失或断开，按前后各行在年报格式中的位置认作：{}",
                tt.name,
                placed.len(),
                placed.join("、")
            ));
        }
    }
}

type TableDraftWithCaption = (TableDraft, Option<(String, Loc)>);

/// A heading naming a data row, waiting for the row under it: its text,
/// line, table and template row.
type Named = Option<(String, usize, &'static TableTemplate, usize)>;

/// Whether `label` is covered by `own` (every piece of which must be part
/// of it) and pieces of `nearby` that are part of it.
fn made_of(label: &str, own: &[String], nearby: &[String]) -> bool {
    let full = assemble::fold(label);
    let mut covered = vec![false; full.len()];
    let mut cover = |p: &str| -> bool {
        let p = assemble::fold(p);
        if p.is_empty() || p.len() > full.len() {
            return false;
        }
        let mut hit = false;
        for k in 0..=full.len() - p.len() {
            if full[k..k + p.len()] == p[..] {
                covered[k..k + p.len()].iter_mut().for_each(|c| *c = true);
                hit = true;
            }
        }
        hit
    };
    if !own.iter().all(|p| cover(p)) {
        return false;
    }
    // A nearby piece may hold a group label's piece in the column before
    // it (`提供     要另行制作`): each word counts too.
    for p in nearby {
        if !cover(p) {
            for w in p.split_whitespace() {
                cover(w);
            }
            // A piece of a group label glued before it in the column to its
            // left (`（四）无2.没有现成信息需要另`, `法提供行制作`): its
            // longest tail of two characters or more that is part of it.
            let chars: Vec<(usize, char)> = p.char_indices().collect();
            for &(k, _) in chars.iter().skip(1).take(chars.len().saturating_sub(2)) {
                if cover(&p[k..]) {
                    break;
                }
            }
        }
    }
    covered.iter().all(|&c| c)
}

/// 表四's one row of fifteen (a transposed table read as one row).
fn transposed_width(tt: &TableTemplate, n: usize) -> bool {
    tt.transposed && n == transposed::cells(tt)
}

/// `（其中修订 16 件）`: a bracketed note under a number.
fn is_annotation(t: &str) -> bool {
    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
}

/// The width of a line's text without its spaces: the spaces a justified
/// line (`pdftotext -layout`) stretches vary, the text's width does not.
fn ink_width(t: &str) -> usize {
    t.split_whitespace().map(UnicodeWidthStr::width).sum()
}

#[cfg(test)]
mod tests {
    use crate::import::{import, Format};

    fn run(text: &str) -> crate::import::Imported {
        import(text.as_bytes(), Some(Format::PdfText)).unwrap()
    }

    /// A page 27 characters wide: five full lines make the width plain.
    const WRAPPED: &str = "2022年某某局政府信息公开
工作年度报告
一、总体情况
本年度，某某局认真贯彻落实政府信息公开条例，全面深入推
进政务公开工作，各项工作均取得了积极成效。现将有关情况
— 1 —
报告如下。
（一）主动公开方面
全年主动公开政府信息共计一百二十条，其中政策文件八件，
解读材料五件，政策解读均与文件同步发布，做到应解尽解，
公开内容全面准确，公开时限符合规定，公开渠道不断拓宽，
群众满意度进一步提高。
二、主动公开政府信息情况
第二十条第（五）项
信息内容本年处理决定数量
行政许可 7
";

    #[test]
    fn wrapped_lines_are_joined_and_footers_dropped() {
        let i = run(WRAPPED);
        assert!(
            i.text.contains("# 2022年某某局政府信息公开工作年度报告\n"),
            "{}",
            i.text
        );
        assert!(i.text.contains(
            "\n\n本年度，某某局认真贯彻落实政府信息公开条例，全面深入推进政务公开工作，各项工作均取得了积极成效。现将有关情况报告如下。\n\n（一）主动公开方面\n\n全年主动公开政府信息共计一百二十条，其中政策文件八件，解读材料五件，政策解读均与文件同步发布，做到应解尽解，公开内容全面准确，公开时限符合规定，公开渠道不断拓宽，群众满意度进一步提高。\n"
        ), "{}", i.text);
        assert!(!i.text.contains("— 1 —"));
        assert!(i.notes.iter().any(|n| n.contains("— 1 —")), "{:?}", i.notes);
        // A header line of labels run together, a space-separated row.
        assert!(
            i.text
                .contains("| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | 7 |"),
            "{}",
            i.text
        );
    }

    const T3_HEAD: &str = "2022年某某局政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
";

    fn t3_rows(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| {
                l.starts_with("| ") && !l.starts_with("| ---") && !l.starts_with("| 申请人")
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_label_wrapped_above_its_numbers_is_joined() {
        let i = run(&format!(
            "{T3_HEAD}| （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\n（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        ));
        assert_eq!(
            t3_rows(&i.text)[2],
            "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    #[test]
    fn a_lost_label_is_placed_between_its_neighbours_only_with_its_pieces() {
        // The row between 4. and （六）1. lost its label cell; the pieces of
        // its label float further up (the extraction moved them): it is
        // 5.要求行政机关确认或重新出具已获取信息.
        let rows = "5.要求行政机关确认或重新出具\n已获取信息\n\
                    | 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
                    | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
                    | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
        let i = run(&format!("{T3_HEAD}{rows}"));
        assert!(
            i.text
                .contains("| 5.要求行政机关确认或重新出具已获取信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"),
            "{}",
            i.text
        );
        assert!(
            i.notes.iter().any(|n| n.contains("按前后各行")),
            "{:?}",
            i.notes
        );
        // Without the pieces nothing says which row it is: reported, not guessed.
        let bare = rows.replace("5.要求行政机关确认或重新出具\n已获取信息\n", "");
        let i = run(&format!("{T3_HEAD}{bare}"));
        assert!(!i.text.contains("| 1 | 0 | 0 |"), "{}", i.text);
        assert_eq!(i.unplaced.len(), 1, "{:?}", i.unplaced);
        assert!(
            i.unplaced[0].reason.contains("没有行标签"),
            "{}",
            i.unplaced[0]
        );
        // A label the agency wrote differently keeps its wording (check
        // reports it), even where a template row is missing.
        let worded = rows.replace(
            "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 要求确认信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        );
        let i = run(&format!("{T3_HEAD}{worded}"));
        assert!(i.text.contains("| 要求确认信息 | 1 | 0 |"), "{}", i.text);
    }

    #[test]
    fn a_heading_naming_a_row_with_no_numbers_is_a_blank_row() {
        let i = run(&format!(
            "{T3_HEAD}### （一）予以公开\n| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        ));
        assert!(
            i.text
                .contains("| （一）予以公开 |  |  |  |  |  |  |  |\n| 1.属于国家秘密 | 0 |"),
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    #[test]
    fn a_row_short_of_numbers_is_blank_and_reported() {
        let i = run("2022年某某局政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 2 | 9 |
| 行政规范性文件 | 1 | 0 | 4 |
");
        assert!(
            i.text
                .contains("| 规章 |  |  |  |\n| 行政规范性文件 | 1 | 0 | 4 |"),
            "{}",
            i.text
        );
        assert_eq!(i.unplaced.len(), 1);
        assert_eq!(i.unplaced[0].text, "规章 2 9");
        assert_eq!(i.unplaced[0].loc.line, Some(6));
    }

    #[test]
    fn t4_as_one_row_of_fifteen_is_three_rows() {
        let i = run("2022年某某局政府信息公开工作年度报告
四、政府信息公开行政复议、行政诉讼情况
| 1 | 0 | 0 | 0 | 1 | 0 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 |
");
        assert!(i.text.contains(
            "| 行政复议 | 1 | 0 | 0 | 0 | 1 |\n| 行政诉讼（未经复议直接起诉） | 0 | 2 | 0 | 0 | 2 |\n| 行政诉讼（复议后起诉） | 0 | 0 | 0 | 0 | 0 |"
        ), "{}", i.text);
    }

    /// Lines of huaian-2024.txt (`pdftotext -layout` of the published PDF):
    /// 三、本年度办理结果 written one character per line beside its rows, so
    /// some characters land on a row's line, glued before its label.
    const VERTICAL: &str =
        "             1.属于国家秘密            2          0        0        0        0    0    2
三、

本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31

年
             3.危及“三安全一稳定”        5          0        0        0        0    0    5
度

办            4.保护第三方合法权益         6          0        0        0        0    0    6
      （三）不
理
      予公开
             5.属于三类内部事务信息        7          1        0        0        0    0    8
";

    #[test]
    fn a_vertical_group_label_is_never_glued_to_a_row_label() {
        let i = run(&format!("{T3_HEAD}{VERTICAL}"));
        let rows = t3_rows(&i.text);
        assert_eq!(
            rows[1..],
            [
                "| 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
                "| 2.其他法律行政法规禁止公开 | 30 | 1 | 0 | 0 | 0 | 0 | 31 |",
                "| 3.危及“三安全一稳定” | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
                "| 4.保护第三方合法权益 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |",
                "| 5.属于三类内部事务信息 | 7 | 1 | 0 | 0 | 0 | 0 | 8 |",
            ],
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
        // The scattered characters are label pieces, listed in a note.
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("标签碎片") && n.contains("“本”")),
            "{:?}",
            i.notes
        );
    }

    #[test]
    fn a_group_label_on_its_first_rows_line_is_a_group_row() {
        // hongze-2024.txt line 115: the group label shares the line of its
        // first row (it was pushed out into prose before).
        let i = run(&format!(
            "{T3_HEAD}                  （四）无法提供   1.本机关不掌握相关政府信息   31    0         0     0   0   0     31\n"
        ));
        let rows = t3_rows(&i.text);
        assert_eq!(
            rows[1], "| （四）无法提供 |  |  |  |  |  |  |  |",
            "{}",
            i.text
        );
        assert_eq!(
            rows[2],
            "| 1.本机关不掌握相关政府信息 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |"
        );
        // The same row as a browser's page text gives it (cells apart by tabs).
        let i = run(&format!(
            "{T3_HEAD}三、本年度办理结果\t（一）予以公开\t3\t9\t404\t0\t62\t3\t481\n"
        ));
        let rows = t3_rows(&i.text);
        assert_eq!(rows[1], "| 三、本年度办理结果 |  |  |  |  |  |  |  |");
        assert_eq!(
            rows[2],
            "| （一）予以公开 | 3 | 9 | 404 | 0 | 62 | 3 | 481 |"
        );
        // And with ` | ` between cells and no leading pipe.
        let i = run(&format!(
            "{T3_HEAD}三、本年度办理结果 | （一）予以公开 | 3 | 9 | 404 | 0 | 62 | 3 | 481\n"
        ));
        assert_eq!(
            t3_rows(&i.text)[2],
            "| （一）予以公开 | 3 | 9 | 404 | 0 | 62 | 3 | 481 |"
        );
    }

    #[test]
    fn t4_as_a_bare_line_of_fifteen_under_a_broken_header_is_three_rows() {
        // hongze-2023.txt, page 4: the header broken over lines, then the
        // fifteen numbers alone on a line.
        let i = run("2023年某某区政府信息公开工作年度报告
四、政府信息公开行政复议、行政诉讼情况
          行政复议                              行政诉讼
                              未经复议直接起诉                  复议后起诉
结果   结果     其他   尚未
                    总 计 结果 结果 其他       尚未     结果 结果 其他
维持   纠正     结果   审结
10    1      0   0    0   0    0   0   0    0   5   0     0   0   0
五、存在的主要问题及改进情况
");
        assert!(
            i.text.contains(
                "| 行政复议 | 10 | 1 | 0 | 0 | 0 |\n| 行政诉讼（未经复议直接起诉） | 0 | 0 | 0 | 0 | 0 |\n| 行政诉讼（复议后起诉） | 5 | 0 | 0 | 0 | 0 |"
            ),
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    #[test]
    fn t4_under_a_header_one_cell_per_line_is_three_rows_in_radicals() {
        // pypdf's text of the page Chromium prints (corpus form `pypdf`):
        // Kangxi radicals for some ideographs (`⾏` for `行`), the header
        // one cell per line, its first cell `行政复议` naming a template
        // row, then the fifteen numbers on a line of their own.
        let i = run("2022年某某区政府信息公开工作年度报告
四、政府信息公开⾏政复议、⾏政诉讼情况
⾏政复议
⾏政诉讼
未经复议直接起诉 复议后起诉
结果维
持
结果纠
正
其他结
果
尚未审
结 总计 结果维 持 结果纠 正 其他结 果 尚未审 结 总计 结果维 持 结果纠 正 其他结 果 尚未审 结 总计
5 7 0 0 12 0 1773 752 0 2525 0 0 0 5 5
五、存在的主要问题及改进情况
");
        assert!(
            i.text.contains(
                "| 行政复议 | 5 | 7 | 0 | 0 | 12 |\n| 行政诉讼（未经复议直接起诉） | 0 | 1773 | 752 | 0 | 2525 |\n| 行政诉讼（复议后起诉） | 0 | 0 | 0 | 5 | 5 |"
            ),
            "{}",
            i.text
        );
        assert!(
            i.text
                .contains("\n## 四、政府信息公开行政复议、行政诉讼情况\n"),
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    #[test]
    fn a_misspelt_section_heading_opens_its_section_but_a_row_never_does() {
        // pingtan-2022's heading (行政法复议), and 表三's last row.
        let i = run(&format!(
            "{T3_HEAD}四、结转下年度继续办理 0 0 0 0 0 0 0
四、政府信息公开行政法复议、行政诉讼情况
| 0 | 1 | 1 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |
"
        ));
        assert!(
            i.text
                .contains("| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
            "{}",
            i.text
        );
        assert!(
            i.text
                .contains("\n## 四、政府信息公开行政法复议、行政诉讼情况\n"),
            "{}",
            i.text
        );
        assert!(
            i.text.contains("| 行政复议 | 0 | 1 | 1 | 0 | 2 |"),
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    /// Shanghai's layout (shanghai-kewei-2024.md): a narrative numbered
    /// 一–六 whose titles are not the template's, then the statutory parts
    /// numbered again from 一.
    #[test]
    fn statutory_sections_numbered_again_after_a_narrative_get_their_tables() {
        let i = run("2024 年某某委政府信息公开工作年度报告
一、总体情况
某某委扎实推进本部门政务公开工作。
二、工作机制保障
某某委设立政务公开工作协调小组。
三、主动公开工作情况
全年发布政府信息 393 件。
一、主动公开政府信息情况
第二十条第（五）项
信息内容本年处理决定数量
行政许可 97
二、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |
三、政府信息公开行政复议、行政诉讼情况
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、其他需要报告的事项
本年度未收取任何费用。
");
        // The narrative's headings stay prose under 一、总体情况, the
        // statutory ones are sections as published, each with its table.
        assert!(
            i.text.contains(
                "\n## 一、总体情况\n\n某某委扎实推进本部门政务公开工作。\n\n二、工作机制保障\n"
            ),
            "{}",
            i.text
        );
        assert!(!i.text.contains("## 三、主动公开工作情况"), "{}", i.text);
        assert!(
            i.text.contains("## 一、主动公开政府信息情况\n\n### 第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | 97 |"),
            "{}",
            i.text
        );
        assert!(
            i.text
                .contains("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |"),
            "{}",
            i.text
        );
        // The row short of a number says which cell is blank.
        assert!(
            i.text
                .contains("| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |"),
            "{}",
            i.text
        );
        assert!(
            i.text.contains("| 行政复议 | 1 | 0 | 0 | 0 | 1 |"),
            "{}",
            i.text
        );
        assert!(
            i.text.contains("\n## 五、其他需要报告的事项\n"),
            "{}",
            i.text
        );
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
        assert!(
            i.missing_tables
                .iter()
                .all(|t| !t.id.starts_with("t3") && t.id != "t4" && t.id != "t2-5"),
            "{:?}",
            i.missing_tables
        );
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("另起编号") && n.contains("“二、工作机制保障”")),
            "{:?}",
            i.notes
        );
    }

    /// 表三 torn by OCR as in shanghai-kewei-2024.md: the labels of a block
    /// of merged cells leak above all its rows; the rows without a label of
    /// their own take the template's order, not the label just above.
    #[test]
    fn leaked_labels_above_a_block_of_rows_do_not_name_the_first_row() {
        let i = run(&format!(
            "{T3_HEAD}| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

（三）不
予公开
5.属于三类内部事务信
息
1.本机关不掌握相关政
府信息
| 1 | 0 | 0 | 0 | 0 | 0 | 1 |
|---|---|---|---|---|---|---|
| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4 | 0 | 0 | 0 | 0 | 0 | 4 |
|---|---|---|---|---|---|---|

（四）无2.没有现成信息需要另
法提供行制作
3.补正后申请内容仍不
明确
| 6 | 0 | 0 | 0 | 0 | 0 | 6 |
|---|---|---|---|---|---|---|
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|---|---|---|---|---|---|---|
| 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"
        ));
        let rows = t3_rows(&i.text);
        for want in [
            "| 5.属于三类内部事务信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 1.本机关不掌握相关政府信息 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "| 2.没有现成信息需要另行制作 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |",
            "| 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        ] {
            assert!(rows.iter().any(|r| r == want), "{want}\n{}", i.text);
        }
        assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    }

    mod prop {
        use crate::import::{pdf, runs};
        use proptest::prelude::*;

        /// Pieces real reports are made of, run together at random.
        fn piece() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("二、主动公开政府信息情况".to_string()),
                Just("三、收到和处理政府信息公开申请情况".to_string()),
                Just("四、政府信息公开行政复议、行政诉讼情况".to_string()),
                Just("第二十条第（一）项".to_string()),
                Just("信息内容本年制发件数".to_string()),
                Just("规章".to_string()),
                Just("1.本机关不掌握相关政府信息".to_string()),
                Just("（七）总计".to_string()),
                Just("行政复议结果维持总计".to_string()),
                Just("| ".to_string()),
                Just(" |\n".to_string()),
                Just("|---|\n".to_string()),
                Just("### ".to_string()),
                Just("— 3 —\n".to_string()),
                Just("（其中修订 16 件）".to_string()),
                "[0-9 .元万\\-]{1,30}",
                "\\PC{0,12}",
                Just("\n".to_string()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            #[test]
            fn no_input_makes_a_front_end_panic(parts in prop::collection::vec(piece(), 0..60)) {
                let text = parts.concat();
                let _ = pdf::read(&text);
                let _ = runs::read(&text);
                let _ = runs::read(&text.replace('\n', ""));
                let _ = crate::import::import(text.as_bytes(), None);
            }
        }
    }

    /// 表三 as `pdftotext -layout` gives it: cells apart by spaces, a blank
    /// cell written as nothing. `rows` replaces the numbers of some rows.
    fn t3_text(rows: &[(&str, &str)]) -> String {
        let tt = crate::template::Edition::parse("2021").unwrap().template();
        let t3 = tt.tables.iter().find(|t| t.id == "t3").unwrap();
        let mut text = String::from(
            "2022年某某局政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n",
        );
        for r in &t3.rows {
            let nums = rows
                .iter()
                .find(|(id, _)| *id == r.id)
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| {
                    if r.group {
                        String::new()
                    } else {
                        "0 0 0 0 0 0 0".into()
                    }
                });
            text.push_str(&format!("{} {nums}\n", r.label));
        }
        text
    }

    #[test]
    fn a_dropped_blank_cell_is_put_back_only_where_the_sums_allow() {
        // 予以公开 published with column 2 blank (`3  2 0 0 0 5`), read with
        // six numbers; 本年新收 and 总计 are `3 0 2 0 0 0 5`. Only column 2
        // meets every sum (总计 = 予以公开 + … column by column).
        let i = run(&t3_text(&[
            ("new", "3 0 2 0 0 0 5"),
            ("public", "3 2 0 0 0 5"),
            ("total", "3 0 2 0 0 0 5"),
        ]));
        let rows = t3_rows(&i.text);
        assert!(
            rows.iter()
                .any(|r| r == "| （一）予以公开 | 3 |  | 2 | 0 | 0 | 0 | 5 |"),
            "{rows:#?}\n{:#?}",
            i.notes
        );
        assert!(i.unplaced.is_empty(), "{:#?}", i.unplaced);
        assert!(
            i.notes.iter().any(|n| n.contains("空白只能在“商业企业”列")),
            "{:#?}",
            i.notes
        );
        // The same blank in all three rows: column 2, 4, 5 or 6 all meet
        // the sums, so none is chosen and the rows are listed.
        let i = run(&t3_text(&[
            ("new", "3 2 0 0 0 5"),
            ("public", "3 2 0 0 0 5"),
            ("total", "3 2 0 0 0 5"),
        ]));
        assert_eq!(i.unplaced.len(), 3, "{:#?}", i.unplaced);
        // A blank that could be in any of several columns (the row's other
        // numbers are zeros) stays unplaced, listed, not guessed.
        let i = run(&t3_text(&[("public", "0 0 0 0 0 0")]));
        let rows = t3_rows(&i.text);
        assert!(
            rows.iter()
                .any(|r| r == "| （一）予以公开 |  |  |  |  |  |  |  |"),
            "{rows:#?}"
        );
        assert_eq!(i.unplaced.len(), 1, "{:#?}", i.unplaced);
    }

    #[test]
    fn dropped_blanks_are_never_placed_against_broken_sums_and_many_never_overflow() {
        // 予以公开 read `3 2 0 0 0 5` (a blank dropped); 总计 published
        // `3 2 0 0 0 0 5`, but 本年新收 all 0: the table's sums do not hold
        // whatever the placement, so none is taken and the row is listed.
        let i = run(&t3_text(&[
            ("public", "3 2 0 0 0 5"),
            ("total", "3 2 0 0 0 0 5"),
        ]));
        let rows = t3_rows(&i.text);
        assert!(
            rows.iter()
                .any(|r| r == "| （一）予以公开 |  |  |  |  |  |  |  |"),
            "{rows:#?}"
        );
        assert!(i.unplaced.iter().any(|u| u.text.contains("3 2 0 0 0 5")));
        // Every row short of one cell: far too many placements to try;
        // listed, no overflow.
        let tt = crate::template::Edition::parse("2021").unwrap().template();
        let t3 = tt.tables.iter().find(|t| t.id == "t3").unwrap();
        let short: Vec<(&str, &str)> = t3
            .rows
            .iter()
            .filter(|r| !r.group)
            .map(|r| (r.id.as_str(), "0 0 0 0 0 0"))
            .collect();
        let i = run(&t3_text(&short));
        assert_eq!(i.unplaced.len(), short.len(), "{:#?}", i.unplaced);
    }

    #[test]
    fn a_label_wrapped_below_with_numbers_left_over_is_no_panic() {
        // `2.其他法律行政` over `止公开` joins as published; a row with an
        // ambiguous dropped blank leaves numbers over, and the table is
        // tried again by the order of its numbers (which gives nothing).
        let text = t3_text(&[("public", "0 0 0 0 0 0")]).replace(
            "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0\n",
            "2.其他法律行政 0 0 0 0 0 0 0\n止公开\n",
        );
        assert!(text.contains("止公开\n"));
        let i = run(&text);
        assert!(
            i.text
                .contains("| 2.其他法律行政止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
            "{}",
            i.text
        );
        assert_eq!(i.unplaced.len(), 1, "{:#?}", i.unplaced);
    }
}
