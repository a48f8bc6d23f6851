//! Word front-end: a `.docx` (Word 2007+, WPS 文字, LibreOffice) read
//! directly from its zip container.
//!
//! Only the main document part (`word/document.xml`, found through
//! `_rels/.rels`), `word/styles.xml` (which styles are headings) and
//! `word/numbering.xml` (automatic numbering such as `一、`) are read; each
//! is decompressed through a limit ([`MAX_PART`], [`MAX_PARTS`]), so a zip
//! bomb stops at the limit instead of filling memory. The XML is read as a
//! stream (quick-xml: no DTD, no entity expansion) into a small tree of
//! paragraphs and tables, then turned into the draft:
//!
//! - a paragraph is a text block, its heading hint from its outline level
//!   or its style (`Heading 1`, `标题 1`, a style with an outline level);
//!   the text of `w:t`, `w:tab` (a space), `w:br`/`w:cr` (a line break),
//!   `w:sym`, `w:noBreakHyphen`; soft hyphens, hidden text (`w:vanish`),
//!   deleted revisions, field instructions (`w:instrText`) and the
//!   fallback copy of a text box (`mc:Fallback`) are not text; a field's
//!   result and `w:fldSimple` are. Full-width spaces at the ends of a
//!   paragraph or cell are indentation and dropped;
//! - a text box (`w:txbxContent`) is read as paragraphs after the paragraph
//!   that anchors it;
//! - a table becomes a grid: `w:gridSpan` is a colspan, `w:vMerge`
//!   restart/continue a rowspan, old files' `w:hMerge` a colspan,
//!   `w:gridBefore` an empty cell; a full-width caption row
//!   (`第二十条第（一）项`) splits the table as in HTML. A table with tables
//!   inside is page layout: its cells are read as ordinary blocks.

use super::draft::{Block, Draft, Grid, Loc, SpannedCell};
use super::{emit, ImportError, Unplaced};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest `.docx` file read. Its images are never decompressed, so it
/// may be larger than a web page.
pub const MAX_DOCX: usize = 64 * 1_048_576;
/// The most one part may decompress to. A report's `document.xml` is well
/// under 5 MB.
pub const MAX_PART: u64 = 32 * 1_048_576;
/// The most all parts read may decompress to together.
pub const MAX_PARTS: u64 = 48 * 1_048_576;
/// The most entries a zip may list (a report has a few dozen).
const MAX_ENTRIES: usize = 20_000;
/// The deepest XML element nesting read.
pub const MAX_DEPTH: usize = 1000;

const W_NS: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Whether the input is a zip archive (a `.docx`, or some other zip).
pub fn is_zip(input: &[u8]) -> bool {
    input.starts_with(b"PK\x03\x04") || input.starts_with(b"PK\x05\x06")
}

/// Whether the input is an OLE compound file: a legacy `.doc`/`.wps`/`.xls`
/// or a password-protected Office file (which is always in this container).
pub fn is_ole(input: &[u8]) -> bool {
    input.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The error for an OLE container, by the streams it names: encrypted
/// (`EncryptedPackage`), a legacy Word/WPS document (`WordDocument`), an
/// Excel or PowerPoint file (not a report document at all).
pub fn ole_error(input: &[u8]) -> ImportError {
    let has = |name: &str| {
        let name: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        input.windows(name.len()).any(|w| w == name.as_slice())
    };
    if has("EncryptedPackage") {
        ImportError::Encrypted
    } else if !has("WordDocument") && (has("Workbook") || has("PowerPoint Document")) {
        ImportError::Binary
    } else {
        ImportError::Doc
    }
}

/// Read a `.docx`.
pub fn read(input: &[u8]) -> Result<Draft, ImportError> {
    if is_ole(input) {
        return Err(ole_error(input));
    }
    if !is_zip(input) {
        return Err(bad("不是 ZIP 压缩包（.docx 文件以 PK 开头）"));
    }
    if input.len() > MAX_DOCX {
        return Err(bad(&format!(
            "文件过大（{:.1} MB，上限 {} MB；一份年报的 .docx 通常不到 10 MB），请删去或压缩其中的图片",
            input.len() as f64 / 1_048_576.0,
            MAX_DOCX / 1_048_576
        )));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(input)).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            ImportError::Encrypted
        }
        _ => bad("压缩包不完整或已损坏，读不出文件目录"),
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(&format!(
            "压缩包列了 {} 个文件，不像 Word 文档",
            zip.len()
        )));
    }
    let mut budget = MAX_PARTS;
    let main = read_part(&mut zip, "_rels/.rels", &mut budget)?
        .and_then(|rels| main_part(&rels))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(doc) = read_part(&mut zip, &main, &mut budget)? else {
        return Err(not_word(&zip));
    };
    let styles = read_part(&mut zip, "word/styles.xml", &mut budget)?
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    let numbering = read_part(&mut zip, "word/numbering.xml", &mut budget)?
        .map(|x| Numbering::parse(&x))
        .unwrap_or_default();
    let (body, unread) = parse_document(&doc, &main)?;
    let mut draft = Builder::new(styles, numbering).draft(body);
    draft.notes.extend(unread.note());
    Ok(draft)
}

fn bad(why: &str) -> ImportError {
    ImportError::BadDocx {
        why: why.to_string(),
    }
}

/// A zip that is not a Word document: say what it is when it can be told.
fn not_word<R: Read + std::io::Seek>(zip: &zip::ZipArchive<R>) -> ImportError {
    let names: Vec<String> = zip
        .file_names()
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |p: &str| names.iter().any(|n| n.starts_with(p));
    let what = if has("xl/") {
        Some("Excel 表格（.xlsx）")
    } else if has("ppt/") {
        Some("PowerPoint 演示文稿（.pptx）")
    } else if names.iter().any(|n| n == "content.xml") {
        Some("OpenDocument 文档（.odt 等）")
    } else {
        None
    };
    ImportError::NotWord { what }
}

/// Decompress one part through the limits; `None` when it is not there.
fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, ImportError> {
    // Part names are case-insensitive in OPC.
    let found = match zip.index_for_name(name) {
        Some(i) => Some(i),
        None => (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                // Zips made on Windows may write `\` in names.
                .is_some_and(|n| {
                    n.replace('\\', "/")
                        .trim_start_matches('/')
                        .eq_ignore_ascii_case(name)
                })
        }),
    };
    let Some(index) = found else {
        return Ok(None);
    };
    let mut file = match zip.by_index(index) {
        Ok(f) => f,
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            return Err(ImportError::Encrypted)
        }
        Err(zip::result::ZipError::CompressionMethodNotSupported(_)) => {
            return Err(bad(&format!("{name} 的压缩方式不是 Word 使用的 deflate")))
        }
        Err(_) => return Err(bad(&format!("读不出压缩包中的 {name}"))),
    };
    let limit = MAX_PART.min(*budget);
    let too_large = || ImportError::DocxTooLarge {
        part: name.to_string(),
        limit: MAX_PART.min(MAX_PARTS),
    };
    // The declared size may lie: the read below is limited either way.
    if file.size() > limit {
        return Err(too_large());
    }
    let mut buf = Vec::new();
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|_| bad(&format!("{name} 解压失败（数据损坏或文件被截断）")))?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    *budget -= buf.len() as u64;
    Ok(Some(decode_xml(buf, name)?))
}

/// XML parts are UTF-8, rarely UTF-16 with a byte-order mark.
fn decode_xml(buf: Vec<u8>, name: &str) -> Result<String, ImportError> {
    let utf16 = |bytes: &[u8], le: bool| {
        let units = bytes.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    };
    let text = match buf.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => String::from_utf8(buf).ok(),
    };
    text.map(|t| t.trim_start_matches('\u{feff}').to_string())
        .ok_or_else(|| bad(&format!("{name} 不是 UTF-8/UTF-16 编码的 XML")))
}

/// The main document part named by the package relationships.
fn main_part(rels: &str) -> Option<String> {
    let mut reader = NsReader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    let target = attr(&e, "Target")?;
                    return Some(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// An attribute by local name, unescaped.
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn is_w(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.as_ref()))
}

/// Whether an on/off property (`w:vanish`, `w:val="0"`) is on.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn num_attr(e: &BytesStart) -> Option<usize> {
    attr(e, "val").and_then(|v| v.trim().parse().ok())
}

// ---------------------------------------------------------------- styles

/// Paragraph styles: the heading level and the numbering each gives,
/// following `w:basedOn`.
#[derive(Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

#[derive(Default)]
struct Style {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
    /// `w:numPr` of the style: numId and level.
    num: Option<(String, u8)>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut out = Styles::default();
        let mut reader = NsReader::from_str(xml);
        let mut cur: Option<(String, Style)> = None;
        while let Ok((ns, ev)) = reader.read_resolved_event() {
            let style = cur.as_mut().map(|(_, s)| s);
            match ev {
                Event::Start(e) | Event::Empty(e) if is_w(&ns) => {
                    match (e.local_name().as_ref(), style) {
                        ("style", _) => cur = attr(&e, "styleId").map(|id| (id, Style::default())),
                        ("name", Some(s)) => s.name = attr(&e, "val").unwrap_or_default(),
                        ("outlineLvl", Some(s)) => s.outline = num_attr(&e).map(|v| v.min(9) as u8),
                        ("basedOn", Some(s)) => s.based_on = attr(&e, "val"),
                        ("numId", Some(s)) => {
                            s.num.get_or_insert_with(|| (String::new(), 0)).0 =
                                attr(&e, "val").unwrap_or_default()
                        }
                        ("ilvl", Some(s)) => {
                            s.num.get_or_insert_with(|| (String::new(), 0)).1 =
                                num_attr(&e).unwrap_or(0).min(8) as u8
                        }
                        _ => {}
                    }
                }
                Event::End(e) if is_w(&ns) && e.local_name().as_ref() == "style" => {
                    if let Some((id, s)) = cur.take() {
                        out.styles.insert(id, s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    /// The heading level (1-based) a paragraph style gives: by its outline
    /// level or its name (`heading 1`, `标题 1`, `Title`), following
    /// `w:basedOn`; a style missing from `styles.xml` by its id (`Heading1`).
    fn heading(&self, id: &str) -> Option<u8> {
        let mut id = id.to_string();
        for _ in 0..10 {
            let Some(s) = self.styles.get(&id) else {
                return name_level(&id);
            };
            if let Some(l) = s.outline {
                return (l < 9).then_some(l + 1);
            }
            if let Some(l) = name_level(&s.name) {
                return Some(l);
            }
            id = s.based_on.clone()?;
        }
        None
    }

    /// The numbering a paragraph style applies.
    fn numbering(&self, id: &str) -> Option<(String, u8)> {
        let mut id = id.to_string();
        for _ in 0..10 {
            let s = self.styles.get(&id)?;
            if s.num.is_some() {
                return s.num.clone();
            }
            id = s.based_on.clone()?;
        }
        None
    }
}

/// The heading level a style name says: `heading 1`, `Heading1`, `标题 1`,
/// `Title`, `标题`.
fn name_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    for prefix in ["heading", "标题"] {
        if let Some(n) = lower.strip_prefix(prefix) {
            let n = n.trim();
            if n.is_empty() {
                return Some(1);
            }
            return n.parse::<u8>().ok().filter(|n| (1..=9).contains(n));
        }
    }
    (lower == "title").then_some(1)
}

// ------------------------------------------------------------- numbering

/// Automatic numbering (`word/numbering.xml`): for each `numId`, per level,
/// the format (`decimal`, `chineseCounting` …), the text (`%1、`) and the
/// start value.
#[derive(Default)]
struct Numbering {
    /// numId → abstractNumId, with level start overrides.
    nums: HashMap<String, (String, HashMap<u8, usize>)>,
    /// abstractNumId → levels.
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

#[derive(Clone, Default)]
struct Level {
    start: usize,
    fmt: String,
    text: String,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut out = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abs: Option<String> = None;
        let mut num: Option<String> = None;
        let mut lvl: Option<(u8, Level)> = None;
        let mut override_lvl: Option<u8> = None;
        while let Ok((ns, ev)) = reader.read_resolved_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) if is_w(&ns) => match e.local_name().as_ref() {
                    "abstractNum" => abs = attr(&e, "abstractNumId"),
                    "num" => num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(a)) = (num.as_ref(), attr(&e, "val")) {
                            out.nums.entry(n.clone()).or_default().0 = a;
                        }
                    }
                    "lvlOverride" => {
                        override_lvl = num_attr_named(&e, "ilvl").map(|v| v.min(8) as u8)
                    }
                    "startOverride" => {
                        if let (Some(n), Some(l), Some(v)) =
                            (num.as_ref(), override_lvl, num_attr(&e))
                        {
                            out.nums.entry(n.clone()).or_default().1.insert(l, v);
                        }
                    }
                    "lvl" if abs.is_some() => {
                        let i = num_attr_named(&e, "ilvl").unwrap_or(0).min(8) as u8;
                        lvl = Some((
                            i,
                            Level {
                                start: 1,
                                ..Default::default()
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.start = num_attr(&e).unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.fmt = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    _ => {}
                },
                Event::End(e) if is_w(&ns) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((i, l))) = (abs.as_ref(), lvl.take()) {
                            out.abstracts.entry(a.clone()).or_default().insert(i, l);
                        }
                    }
                    "abstractNum" => abs = None,
                    "num" => num = None,
                    "lvlOverride" => override_lvl = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    /// A level of a numbering instance, with the list it counts in (its
    /// abstract numbering: instances of one continue each other) and
    /// whether the instance restarts the level.
    fn level(&self, num_id: &str, ilvl: u8) -> Option<(String, Level, bool)> {
        let (abs, overrides) = self.nums.get(num_id)?;
        let mut l = self.abstracts.get(abs)?.get(&ilvl)?.clone();
        let restart = overrides.get(&ilvl).copied();
        if let Some(s) = restart {
            l.start = s;
        }
        Some((abs.clone(), l, restart.is_some()))
    }
}

fn num_attr_named(e: &BytesStart, local: &str) -> Option<usize> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

/// A number in a numbering format, as Word shows it.
fn format_number(n: usize, fmt: &str) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chinese = |n: usize| -> String {
        if n < 10 {
            return DIGITS[n].to_string();
        }
        if n < 100 {
            let (t, u) = (n / 10, n % 10);
            let mut s = String::new();
            if t > 1 {
                s.push(DIGITS[t]);
            }
            s.push('十');
            if u > 0 {
                s.push(DIGITS[u]);
            }
            return s;
        }
        n.to_string()
    };
    let letters = |n: usize, base: u8| -> String {
        let n = n.max(1) - 1;
        let ch = (base + (n % 26) as u8) as char;
        std::iter::repeat_n(ch, n / 26 + 1).collect()
    };
    let roman = |mut n: usize| -> String {
        let table = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ];
        let mut s = String::new();
        for (v, r) in table {
            while n >= v {
                s.push_str(r);
                n -= v;
            }
        }
        s
    };
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

// ------------------------------------------------------------ the tree

#[derive(Debug)]
enum Node {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    /// Paragraphs and tables of text boxes anchored in this paragraph.
    boxes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Row>,
}

#[derive(Debug, Default)]
struct Row {
    grid_before: usize,
    cells: Vec<TCell>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    Restart,
    Continue,
}

#[derive(Debug)]
struct TCell {
    span: usize,
    vmerge: Option<Merge>,
    hmerge: Option<Merge>,
    content: Vec<Node>,
}

enum Frame {
    Body(Vec<Node>),
    Para(Para),
    Table(Table),
    Row(Row),
    Cell(TCell),
    TextBox(Vec<Node>),
}

/// What an open element is, as far as reading goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    TxbxContent,
    Object,
    Other,
}

/// What the document shows that is not text: its content (a table pasted
/// from Excel as an object, a scanned table, a chart) is not read.
#[derive(Default, Debug)]
struct Unread {
    pictures: usize,
    objects: usize,
    charts: usize,
}

impl Unread {
    /// Count an element; `in_object` when inside a `w:object` (whose
    /// picture is the object's, and which may be a mere form control).
    fn count(&mut self, ns: &ResolveResult, local: &str, in_object: bool) {
        let ns = match ns {
            ResolveResult::Bound(n) => n.as_ref(),
            _ => return,
        };
        match (ns, local) {
            ("http://schemas.openxmlformats.org/drawingml/2006/picture", "pic") => {
                self.pictures += 1
            }
            ("urn:schemas-microsoft-com:vml", "imagedata") if !in_object => self.pictures += 1,
            ("http://schemas.openxmlformats.org/drawingml/2006/chart", "chart") => self.charts += 1,
            // An embedded (OLE) object: an Excel sheet, a Word table, …
            ("urn:schemas-microsoft-com:office:office", "OLEObject") => self.objects += 1,
            _ => {}
        }
    }

    fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.pictures, "图片"),
            (self.objects, "嵌入对象（如从 Excel 粘贴的表格）"),
            (self.charts, "图表"),
        ] {
            if n > 0 {
                parts.push(format!("{n} 个{what}"));
            }
        }
        (!parts.is_empty()).then(|| {
            format!(
                "Word 文档中有 {}，其中的文字和数字未读取：如果表格是以图片或对象插入的，请在 Word 中改为真正的表格后再导入，或核对导入结果",
                parts.join("、")
            )
        })
    }
}

/// Parse `document.xml` into the body's nodes.
fn parse_document(xml: &str, name: &str) -> Result<(Vec<Node>, Unread), ImportError> {
    let mut unread = Unread::default();
    let mut reader = NsReader::from_str(xml);
    let mut frames: Vec<Frame> = vec![Frame::Body(Vec::new())];
    // Open elements: what each is and whether it pushed a frame.
    let mut path: Vec<(Tag, bool)> = Vec::new();
    let mut skip = 0usize;
    let mut hidden = false;
    loop {
        let pos = reader.buffer_position();
        let (ns, ev) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(_) => {
                return Err(bad(&format!(
                    "{name} 的 XML 格式错误（约第 {} 字节处）",
                    pos + 1
                )));
            }
        };
        let w = is_w(&ns);
        let mc = matches!(&ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS);
        match ev {
            Event::Start(e) => {
                if path.len() >= MAX_DEPTH {
                    return Err(bad(&format!("{name} 的元素嵌套超过 {MAX_DEPTH} 层")));
                }
                if skip > 0 {
                    skip += 1;
                    path.push((Tag::Other, false));
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                unread.count(&ns, local, path.iter().any(|(t, _)| *t == Tag::Object));
                // Content Word does not show, or shows twice.
                if (mc && local == "Fallback")
                    || (w
                        && matches!(
                            local,
                            "del" | "moveFrom" | "instrText" | "delText" | "delInstrText"
                        ))
                {
                    skip = 1;
                    path.push((Tag::Other, false));
                    continue;
                }
                let (tag, framed) = open(&e, w, &mut frames, &path, &mut hidden);
                path.push((tag, framed));
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                unread.count(
                    &ns,
                    e.local_name().as_ref(),
                    path.iter().any(|(t, _)| *t == Tag::Object),
                );
                let (tag, framed) = open(&e, w, &mut frames, &path, &mut hidden);
                close(tag, framed, &mut frames, &mut hidden);
            }
            Event::End(_) => {
                let Some((tag, framed)) = path.pop() else {
                    continue;
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                close(tag, framed, &mut frames, &mut hidden);
            }
            Event::Text(t) if in_text(skip, hidden, &path) => {
                push_text(&mut frames, &t.xml10_content());
            }
            Event::CData(t) if in_text(skip, hidden, &path) => {
                push_text(&mut frames, &t.xml10_content());
            }
            Event::GeneralRef(r) if in_text(skip, hidden, &path) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                };
                if let Some(c) = ch {
                    push_text(&mut frames, &c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated document: close what is open.
    while let Some((tag, framed)) = path.pop() {
        close(tag, framed, &mut frames, &mut hidden);
    }
    match frames.into_iter().next() {
        Some(Frame::Body(nodes)) => Ok((nodes, unread)),
        _ => Ok((Vec::new(), unread)),
    }
}

/// Whether character data is text of the document: inside a shown `w:t`.
fn in_text(skip: usize, hidden: bool, path: &[(Tag, bool)]) -> bool {
    skip == 0 && !hidden && path.last().is_some_and(|(tag, _)| *tag == Tag::T)
}

fn push_text(frames: &mut [Frame], s: &str) {
    if let Some(Frame::Para(p)) = frames.last_mut() {
        for ch in s.chars() {
            // A soft hyphen is a hint where to break a line, not text.
            if ch != '\u{ad}' {
                p.text.push(ch);
            }
        }
    }
}

/// An element opens: push a frame or record a property.
fn open(
    e: &BytesStart,
    w: bool,
    frames: &mut Vec<Frame>,
    path: &[(Tag, bool)],
    hidden: &mut bool,
) -> (Tag, bool) {
    if !w {
        return (Tag::Other, false);
    }
    let parent = path.last().map(|(t, _)| *t);
    let in_run = parent == Some(Tag::R);
    let local = e.local_name();
    match local.as_ref() {
        "p" => {
            frames.push(Frame::Para(Para::default()));
            (Tag::P, true)
        }
        "pPr" => (Tag::PPr, false),
        "r" => {
            *hidden = false;
            (Tag::R, false)
        }
        "rPr" => (Tag::RPr, false),
        "t" if in_run => (Tag::T, false),
        "tbl" => {
            frames.push(Frame::Table(Table::default()));
            (Tag::Tbl, true)
        }
        "tr" if matches!(frames.last(), Some(Frame::Table(_))) => {
            frames.push(Frame::Row(Row::default()));
            (Tag::Tr, true)
        }
        "trPr" => (Tag::TrPr, false),
        "tc" if matches!(frames.last(), Some(Frame::Row(_))) => {
            frames.push(Frame::Cell(TCell {
                span: 1,
                vmerge: None,
                hmerge: None,
                content: Vec::new(),
            }));
            (Tag::Tc, true)
        }
        "tcPr" => (Tag::TcPr, false),
        "object" => (Tag::Object, false),
        "txbxContent" => {
            frames.push(Frame::TextBox(Vec::new()));
            (Tag::TxbxContent, true)
        }
        name => {
            match (name, parent) {
                ("pStyle", Some(Tag::PPr)) => {
                    if let Some(Frame::Para(p)) = frames.last_mut() {
                        p.style = attr(e, "val");
                    }
                }
                ("outlineLvl", Some(Tag::PPr)) => {
                    if let Some(Frame::Para(p)) = frames.last_mut() {
                        p.outline = num_attr(e).map(|v| v.min(9) as u8);
                    }
                }
                ("ilvl", _) | ("numId", _) if path.iter().any(|(t, _)| *t == Tag::PPr) => {
                    if let Some(Frame::Para(p)) = frames.last_mut() {
                        let v = attr(e, "val").unwrap_or_default();
                        let num = p.num.get_or_insert_with(|| (String::new(), 0));
                        if name == "ilvl" {
                            num.1 = v.trim().parse::<u8>().unwrap_or(0).min(8);
                        } else {
                            num.0 = v;
                        }
                    }
                }
                ("vanish", Some(Tag::RPr))
                    if path.len() >= 2 && path[path.len() - 2].0 == Tag::R =>
                {
                    *hidden = on(e);
                }
                ("gridBefore", Some(Tag::TrPr)) => {
                    if let Some(Frame::Row(r)) = frames.last_mut() {
                        r.grid_before = num_attr(e).unwrap_or(0).min(1000);
                    }
                }
                ("gridSpan", Some(Tag::TcPr)) => {
                    if let Some(Frame::Cell(c)) = frames.last_mut() {
                        c.span = num_attr(e).unwrap_or(1).clamp(1, 1000);
                    }
                }
                ("vMerge" | "hMerge", Some(Tag::TcPr)) => {
                    if let Some(Frame::Cell(c)) = frames.last_mut() {
                        let m = if attr(e, "val").as_deref() == Some("restart") {
                            Merge::Restart
                        } else {
                            Merge::Continue
                        };
                        if name == "vMerge" {
                            c.vmerge = Some(m);
                        } else {
                            c.hmerge = Some(m);
                        }
                    }
                }
                ("tab", _) if in_run => push_text(frames, "\t"),
                ("br" | "cr", _) if in_run => push_text(frames, "\n"),
                ("noBreakHyphen", _) if in_run => push_text(frames, "-"),
                ("sym", _) if in_run => {
                    if let Some(c) = attr(e, "char")
                        .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                        // Symbol fonts map their glyphs to U+F0xx.
                        .map(|u| {
                            if (0xF020..=0xF0FF).contains(&u) {
                                u - 0xF000
                            } else {
                                u
                            }
                        })
                        .and_then(char::from_u32)
                    {
                        push_text(frames, &c.to_string());
                    }
                }
                _ => {}
            }
            (Tag::Other, false)
        }
    }
}

/// An element closes: pop its frame into its container.
fn close(tag: Tag, framed: bool, frames: &mut Vec<Frame>, hidden: &mut bool) {
    if tag == Tag::R {
        *hidden = false;
    }
    if !framed || frames.len() < 2 {
        return;
    }
    let frame = frames.pop().expect("checked");
    let node = match frame {
        Frame::Para(p) => Some(Node::Para(p)),
        Frame::Table(t) => Some(Node::Table(t)),
        Frame::Row(r) => {
            if let Some(Frame::Table(t)) = frames.last_mut() {
                t.rows.push(r);
            }
            None
        }
        Frame::Cell(c) => {
            if let Some(Frame::Row(r)) = frames.last_mut() {
                r.cells.push(c);
            }
            None
        }
        Frame::TextBox(nodes) => {
            match frames.last_mut() {
                Some(Frame::Para(p)) => p.boxes.extend(nodes),
                _ => {
                    for n in nodes {
                        add_node(frames, n);
                    }
                }
            }
            None
        }
        Frame::Body(_) => None,
    };
    if let Some(n) = node {
        add_node(frames, n);
    }
}

/// Put a finished paragraph or table into the innermost container.
fn add_node(frames: &mut [Frame], n: Node) {
    match frames.last_mut() {
        Some(Frame::Body(v) | Frame::TextBox(v)) => v.push(n),
        Some(Frame::Cell(c)) => c.content.push(n),
        Some(Frame::Para(p)) => p.boxes.push(n),
        // A paragraph or table straight inside a table or row (malformed):
        // keep it in the nearest container that can hold it.
        Some(Frame::Table(_) | Frame::Row(_)) | None => {
            if let Some(f) = frames.iter_mut().rev().find(|f| {
                matches!(
                    f,
                    Frame::Body(_) | Frame::TextBox(_) | Frame::Cell(_) | Frame::Para(_)
                )
            }) {
                match f {
                    Frame::Body(v) | Frame::TextBox(v) => v.push(n),
                    Frame::Cell(c) => c.content.push(n),
                    Frame::Para(p) => p.boxes.push(n),
                    _ => {}
                }
            }
        }
    }
}

// ------------------------------------------------------------ the draft

struct Builder {
    styles: Styles,
    numbering: Numbering,
    /// Counters of automatic numbering: (list, level) → current value.
    counters: HashMap<(String, u8), usize>,
    /// Numbering instances whose start override has been applied.
    restarted: std::collections::HashSet<(String, u8)>,
    draft: Draft,
    paragraphs: usize,
    tables: usize,
}

impl Builder {
    fn new(styles: Styles, numbering: Numbering) -> Builder {
        Builder {
            styles,
            numbering,
            counters: HashMap::new(),
            restarted: Default::default(),
            draft: Draft::default(),
            paragraphs: 0,
            tables: 0,
        }
    }

    fn draft(mut self, body: Vec<Node>) -> Draft {
        self.nodes(body);
        self.draft
    }

    fn nodes(&mut self, nodes: Vec<Node>) {
        for n in nodes {
            match n {
                Node::Para(p) => self.para(p),
                Node::Table(t) => self.table(t),
            }
        }
    }

    fn para(&mut self, p: Para) {
        let number = self.number(&p);
        let mut text = tidy(&p.text);
        if !text.is_empty() {
            if let Some(n) = number.filter(|n| !n.is_empty()) {
                text = format!("{n}{text}");
            }
            self.paragraphs += 1;
            let heading = p
                .outline
                .and_then(|l| (l < 9).then_some(l + 1))
                .or_else(|| p.style.as_deref().and_then(|s| self.styles.heading(s)));
            self.draft.blocks.push(Block::Text {
                text,
                loc: Loc::place(format!("正文第{}段", self.paragraphs)),
                heading,
            });
        }
        self.nodes(p.boxes);
    }

    /// The automatic number of a paragraph (`一、`), advancing the counters.
    fn number(&mut self, p: &Para) -> Option<String> {
        let (num_id, ilvl) = p
            .num
            .clone()
            .or_else(|| p.style.as_deref().and_then(|s| self.styles.numbering(s)))?;
        if num_id.is_empty() || num_id == "0" || p.text.trim().is_empty() {
            return None;
        }
        let (list, level, restart) = self.numbering.level(&num_id, ilvl)?;
        if level.fmt == "bullet" || level.fmt == "none" {
            return None;
        }
        // An instance that overrides the start restarts the level once.
        if restart && self.restarted.insert((num_id.clone(), ilvl)) {
            self.counters.remove(&(list.clone(), ilvl));
        }
        let value = {
            let c = self
                .counters
                .entry((list.clone(), ilvl))
                .or_insert(level.start.saturating_sub(1));
            *c += 1;
            *c
        };
        // The levels below restart when this one advances.
        self.counters.retain(|(l, i), _| !(l == &list && *i > ilvl));
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(d) = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
            else {
                out.push(c);
                continue;
            };
            chars.next();
            let l = (d as u8).saturating_sub(1);
            let (v, fmt) = if l == ilvl {
                (value, level.fmt.clone())
            } else {
                let other = self.numbering.level(&num_id, l);
                let v = self
                    .counters
                    .get(&(list.clone(), l))
                    .copied()
                    .unwrap_or_else(|| other.as_ref().map_or(1, |x| x.1.start));
                (v, other.map(|x| x.1.fmt).unwrap_or_default())
            };
            out.push_str(&format_number(v, &fmt));
        }
        Some(out)
    }

    fn table(&mut self, t: Table) {
        let layout = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.content.iter().any(|n| matches!(n, Node::Table(_))));
        if layout {
            // Page layout: the cells' content in reading order.
            for row in t.rows {
                for cell in row.cells {
                    self.nodes(cell.content);
                }
            }
            return;
        }
        self.tables += 1;
        let index = self.tables;
        let loc = Loc::place(format!("表格{index}"));
        let rows = self.spanned(t, index);
        if Grid::too_many_spanned(&rows) {
            self.draft.notes.push(format!(
                "{loc}的合并单元格展开后过大，未展开，按单元格的书写顺序读取"
            ));
        }
        // Split at full-width caption rows, as the HTML reader does.
        let mut part: Vec<Vec<SpannedCell>> = Vec::new();
        for row in rows {
            let written: Vec<&SpannedCell> = row.iter().filter(|c| !c.text.is_empty()).collect();
            if written.len() == 1 && row.len() == 1 && emit::is_caption(&written[0].text) {
                self.push_grid(std::mem::take(&mut part), &loc);
                self.draft.blocks.push(Block::Text {
                    text: written[0].text.clone(),
                    loc: written[0].loc.clone(),
                    heading: Some(3),
                });
                continue;
            }
            part.push(row);
        }
        self.push_grid(part, &loc);
    }

    fn push_grid(&mut self, rows: Vec<Vec<SpannedCell>>, loc: &Loc) {
        if rows.iter().flatten().any(|c| !c.text.is_empty()) {
            self.draft
                .blocks
                .push(Block::Table(Grid::from_spanned(rows, loc.clone())));
        }
    }

    /// A Word table as HTML-like rows: a `vMerge` run becomes one cell with
    /// a rowspan, an `hMerge` run one cell with a colspan, `gridBefore` an
    /// empty cell.
    fn spanned(&mut self, t: Table, index: usize) -> Vec<Vec<SpannedCell>> {
        // Each written cell with its grid column.
        struct Placed {
            col: usize,
            cell: SpannedCell,
            vmerge: Option<Merge>,
        }
        let mut rows: Vec<Vec<Placed>> = Vec::new();
        for (r, row) in t.rows.into_iter().enumerate() {
            let mut placed: Vec<Placed> = Vec::new();
            let mut col = row.grid_before;
            if row.grid_before > 0 {
                placed.push(Placed {
                    col: 0,
                    cell: SpannedCell {
                        text: String::new(),
                        loc: Loc::default(),
                        rowspan: 1,
                        colspan: row.grid_before,
                    },
                    vmerge: None,
                });
            }
            for (c, cell) in row.cells.into_iter().enumerate() {
                let loc = Loc::place(format!("表格{index} 第{}行 第{}格", r + 1, c + 1));
                let text = self.cell_text(cell.content);
                if cell.hmerge == Some(Merge::Continue) {
                    if let Some(prev) = placed.last_mut() {
                        prev.cell.colspan += cell.span;
                        col += cell.span;
                        self.hidden_text(text, loc, "横向合并");
                        continue;
                    }
                }
                placed.push(Placed {
                    col,
                    cell: SpannedCell {
                        text,
                        loc,
                        rowspan: 1,
                        colspan: cell.span,
                    },
                    vmerge: cell.vmerge,
                });
                col += cell.span;
            }
            rows.push(placed);
        }
        // Resolve vertical merges: a continuing cell extends the cell above
        // it that starts at the same grid column.
        let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut drop: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
        for r in 0..rows.len() {
            for i in 0..rows[r].len() {
                let (col, vm) = (rows[r][i].col, rows[r][i].vmerge);
                match (vm, open.get(&col).copied()) {
                    (Some(Merge::Continue), Some((or, oi)))
                        if or + rows[or][oi].cell.rowspan == r =>
                    {
                        rows[or][oi].cell.rowspan += 1;
                        drop[r][i] = true;
                        let cell = &rows[r][i].cell;
                        let (text, loc) = (cell.text.clone(), cell.loc.clone());
                        self.hidden_text(text, loc, "纵向合并");
                    }
                    _ => {
                        open.insert(col, (r, i));
                    }
                }
            }
        }
        rows.into_iter()
            .zip(drop)
            .map(|(row, d)| {
                row.into_iter()
                    .zip(d)
                    .filter(|(_, d)| !d)
                    .map(|(p, _)| p.cell)
                    .collect()
            })
            .collect()
    }

    /// Text in a cell that a merge hides: Word does not show it.
    fn hidden_text(&mut self, text: String, loc: Loc, merge: &str) {
        if !super::numbers(&text).is_empty() {
            self.draft.unplaced.push(Unplaced {
                text,
                loc,
                reason: format!("这个单元格被{merge}进了相邻的单元格，Word 不显示其中的文字"),
            });
        }
    }

    /// A cell's text: its paragraphs, one per line.
    fn cell_text(&mut self, content: Vec<Node>) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut stack: Vec<Node> = content.into_iter().rev().collect();
        while let Some(n) = stack.pop() {
            match n {
                Node::Para(p) => {
                    let number = self.number(&p);
                    let t = tidy(&p.text);
                    if !t.is_empty() {
                        lines.push(format!("{}{t}", number.unwrap_or_default()));
                    }
                    stack.extend(p.boxes.into_iter().rev());
                }
                // Not reached: a table with tables inside is layout.
                Node::Table(t) => {
                    for row in t.rows.into_iter().rev() {
                        for c in row.cells.into_iter().rev() {
                            stack.extend(c.content.into_iter().rev());
                        }
                    }
                }
            }
        }
        lines.join("\n")
    }
}

/// Whitespace a Word paragraph shows: a tab or a run of spaces is one space;
/// each line trimmed, full-width spaces at its ends included (indentation,
/// or a cell left "blank" with `　　`).
fn tidy(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in s.split('\n') {
        let mut l = String::with_capacity(line.len());
        for ch in line.chars() {
            if ch.is_whitespace() && ch != '\u{3000}' {
                if !l.ends_with(' ') {
                    l.push(' ');
                }
            } else {
                l.push(ch);
            }
        }
        let t = l.trim_matches(|c: char| c.is_whitespace());
        if !t.is_empty() {
            out.push(t.to_string());
        }
    }
    out.join("\n")
}
