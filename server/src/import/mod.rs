//! `nianbao import`: a published report (a web page, text copied from one,
//! text extracted from a PDF) turned into a `.nianbao` file that `check` can
//! judge.
//!
//! # Pipeline
//!
//! ```text
//! bytes ─ detect ─▶ front-end ─▶ Draft ─▶ emit ─▶ .nianbao text ─▶ audit
//!                  (html, text, …)   (draft.rs)  (emit.rs)          (every number placed?)
//! ```
//!
//! - [`import`] is the entry point: it refuses what is not a report (a PDF
//!   binary, a legacy or encrypted Office file, binary junk, an oversized
//!   input, a page with no report in it), reads a zip as a Word document
//!   ([`docx`], from the bytes), else picks the text front-end ([`detect`]
//!   or the caller's [`Format`]), emits, and audits the result.
//! - A **front-end** turns its input into a [`draft::Draft`]: a list of
//!   [`draft::Block`]s in reading order, each `Text` (a title, heading or
//!   paragraph, not yet told apart) or `Table` (a [`draft::Grid`]: a
//!   rectangular grid after span resolution, each covered position a copy
//!   that points at its origin cell). Build grids with
//!   [`draft::Grid::from_spanned`] when the input has `rowspan`/`colspan`, or
//!   [`draft::Grid::from_spanless`] when the spans were lost (one entry per
//!   written cell, empty entries where a rowspan from above covers). Split a
//!   table where a caption row (`第二十条第（一）项`) spans its whole width and
//!   push the caption as a `Text` block before the part it names. Anything
//!   the front-end reads but cannot put in a block (a number it could not
//!   attribute, an ambiguous split) goes to `Draft::unplaced` with where it
//!   was and why; things worth saying go to `Draft::notes`. A front-end
//!   never corrects what it reads.
//! - [`emit`] matches the draft against the edition templates with the same
//!   tolerant matcher the checker uses ([`crate::labels`]) and writes the
//!   report: front matter (机关, 年度), title, the six sections as `##`
//!   headings exactly as published, prose as paragraphs under its section,
//!   every table as the template table it is (captions as `###`, multi-row
//!   headers collapsed to the template's column labels, group rows of 表三,
//!   表四's 15-column row turned into its three rows).
//! - The **audit** counts the numbers (digit runs) of the draft and of the
//!   output: a number the draft had that the output lacks is reported as
//!   unplaced, whatever step lost it. So `Imported::unplaced` is complete by
//!   construction, for every front-end.
//!
//! # What import writes, and what it never changes
//!
//! Import writes the report as published so that `check` shows what the
//! agency got wrong: no number, heading or label is corrected. A label is
//! written in the template's canonical spelling only when it matches the
//! template canonically or by an alias (the difference is formatting:
//! full-width punctuation, spaces, line breaks inside a cell, `1、` for `1.`,
//! or an alias `check` accepts silently); a label that matches only a known
//! variant (`规范性文件` in a 2021 report) or nothing at all is written as
//! published, so NB128/NB123/NB122 fire on it. Section headings are always
//! written as published (NB113/NB114 depend on them). Blank cells stay
//! blank (NB201), placeholders stay placeholders (NB202).
//!
//! # Adding a front-end
//!
//! Add a variant to [`Format`], a module with `pub fn read(text: &str) ->
//! Result<Draft, ImportError>`, a branch in [`import`] and a rule in
//! [`detect`]. Nothing else needs to change: emit and the audit work on the
//! draft.
//!
//! # Front-ends without a grid
//!
//! [`docx`], [`html`] and [`text`] see the table grid. [`pdf`] (text extracted from a
//! PDF, plain or as OCR Markdown) and [`runs`] (crawler text with the cells
//! of a row run together) do not: they find the template's labels in the
//! text (`assemble.rs`), route each row to the template table its label
//! belongs to, and build the grid from the template, with the published
//! header when it can be read. [`runs`] cuts each row's digits into cells
//! with `split.rs`: the column count, the form of each column's numbers and
//! the sums the template declares decide; where more than one split fits,
//! the row's cells stay blank and the row is reported as unplaced.

mod assemble;
pub mod docx;
pub mod draft;
pub mod emit;
pub mod html;
pub mod pdf;
pub mod runs;
mod split;
pub mod text;

#[cfg(test)]
mod tests;

pub use draft::{Draft, Loc};

use crate::template::Edition;
use std::fmt;

/// The input formats import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A web page, whole or a fragment.
    Html,
    /// Text copied from a web page: one table cell per line, tab-indented.
    Text,
    /// Text extracted from a PDF (hard-wrapped lines, page footers,
    /// space-separated rows, Markdown pipe tables from OCR).
    PdfText,
    /// Text where a crawler ran the cells of each table row together
    /// (`规范性文件898989`), often the whole report on one line.
    Runs,
    /// A Word document (`.docx`, also from WPS or LibreOffice).
    Docx,
}

impl Format {
    /// The name used by `--from`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
            Format::PdfText => "pdf-text",
            Format::Runs => "runs",
            Format::Docx => "docx",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "html" => Some(Format::Html),
            "text" => Some(Format::Text),
            "pdf-text" => Some(Format::PdfText),
            "runs" => Some(Format::Runs),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// The result of an import.
#[derive(Debug)]
pub struct Imported {
    /// The `.nianbao` text (LF line endings).
    pub text: String,
    /// The edition the tables are written in (else the one the year asks for).
    pub edition: Edition,
    /// The front-end that read the input.
    pub format: Format,
    /// Everything with a number in it that is not in `text`.
    pub unplaced: Vec<Unplaced>,
    /// What the user should know about the import (Chinese).
    pub notes: Vec<String>,
}

/// A piece of the input that is not in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// The text as read.
    pub text: String,
    /// Where it was.
    pub loc: Loc,
    /// Why it could not be placed (Chinese).
    pub reason: String,
}

impl fmt::Display for Unplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：“{}”——{}", self.loc, self.text, self.reason)
    }
}

/// Why nothing could be imported. Messages are Chinese and say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A PDF file: it must be turned into text first.
    Pdf,
    /// Not text at all (an image, an archive …).
    Binary,
    /// A legacy binary Word file (`.doc`, WPS `.wps`) or another OLE
    /// compound file: it must be saved as `.docx` first.
    Doc,
    /// A password-protected Office file.
    Encrypted,
    /// A zip archive without a Word document in it; `what` it is instead,
    /// when that can be told.
    NotWord { what: Option<&'static str> },
    /// A `.docx` that cannot be read (truncated, malformed XML …).
    BadDocx { why: String },
    /// A part of a `.docx` decompressing past the limit (a zip bomb).
    DocxTooLarge { part: String, limit: u64 },
    /// Not UTF-8 (most likely GBK/GB18030).
    Encoding { charset: Option<String> },
    /// Larger than [`MAX_INPUT`].
    TooLarge { size: usize },
    /// HTML nested deeper than [`html::MAX_DEPTH`] elements.
    TooDeep { depth: usize },
    /// Nothing in the input looks like an annual report.
    NoReport { format: Format },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Pdf => f.write_str(
                "这是 PDF 文件，不能直接导入：请先转成文本（如 pdftotext -layout 报告.pdf 报告.txt），再导入文本",
            ),
            ImportError::Binary => {
                f.write_str("输入不是文本（可能是图片或其他二进制文件），无法导入：请导入网页、文本、Word（.docx）文件")
            }
            ImportError::Doc => f.write_str(
                "这是旧版 Word（.doc）或 WPS（.wps）二进制文件，不能直接导入：请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）；或运行 soffice --headless --convert-to docx 报告.doc，再导入生成的 .docx",
            ),
            ImportError::Encrypted => f.write_str(
                "这是设有打开密码的（加密的）Office 文件，不能导入：请在 Word 或 WPS 中用密码打开，取消密码后“另存为” .docx，再导入",
            ),
            ImportError::NotWord { what } => write!(
                f,
                "这是 ZIP 压缩包，但不是 Word 文档（其中没有 word/document.xml）{}：请导入报告的 .docx、网页或文本",
                what.map(|w| format!("，像是{w}")).unwrap_or_default()
            ),
            ImportError::BadDocx { why } => write!(
                f,
                "Word 文件（.docx）无法读取：{why}。请在 Word 或 WPS 中打开后重新“另存为” .docx（或运行 soffice --headless --convert-to docx 报告.docx），再导入"
            ),
            ImportError::DocxTooLarge { part, limit } => write!(
                f,
                "Word 文件中的 {part} 解压后超过 {} MB，已停止读取（可能是伪装成 .docx 的“压缩炸弹”）：一份年报的正文解压后通常不到 5 MB",
                limit / 1_048_576
            ),
            ImportError::Encoding { charset } => write!(
                f,
                "输入不是 UTF-8 编码{}：请先转换，如 iconv -f GB18030 -t UTF-8 输入 > 输出",
                charset
                    .as_ref()
                    .map(|c| format!("（网页声明为 {c}）"))
                    .unwrap_or_default()
            ),
            ImportError::TooLarge { size } => write!(
                f,
                "输入过大（{:.1} MB，上限 {} MB）：一份年报的网页通常不到 1 MB，请只保存报告所在的页面",
                *size as f64 / 1_048_576.0,
                MAX_INPUT / 1_048_576
            ),
            ImportError::TooDeep { depth } => write!(
                f,
                "网页的元素嵌套过深（至少 {depth} 层，上限 {} 层），不像是一份年报的页面，无法导入",
                html::MAX_DEPTH
            ),
            ImportError::NoReport { format } => write!(
                f,
                "输入中没有找到政府信息公开工作年度报告（按 {} 读取）：既没有“一、总体情况”等章节标题，也没有年报表格",
                format.name()
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// The largest input import reads. A saved report page is well under 1 MB;
/// 16 MB leaves room for inline images while keeping the HTML tree (about
/// ten times the input) within reason.
pub const MAX_INPUT: usize = 16 * 1_048_576;

/// Import a published report. `from` names the format; `None` detects it.
pub fn import(input: &[u8], from: Option<Format>) -> Result<Imported, ImportError> {
    if input.starts_with(b"%PDF-") {
        return Err(ImportError::Pdf);
    }
    // Binary containers first: a .docx is read, a .doc or an encrypted
    // Office file is refused with what to do.
    if docx::is_ole(input) {
        return Err(docx::ole_error(input));
    }
    if docx::is_zip(input) || from == Some(Format::Docx) {
        return finish(docx::read(input)?, Format::Docx);
    }
    if input.len() > MAX_INPUT {
        return Err(ImportError::TooLarge { size: input.len() });
    }
    let input = input.strip_prefix("\u{feff}".as_bytes()).unwrap_or(input);
    if looks_binary(input) {
        return Err(ImportError::Binary);
    }
    let text = match std::str::from_utf8(input) {
        Ok(t) => t,
        Err(_) => {
            return Err(ImportError::Encoding {
                charset: html::declared_charset(input),
            })
        }
    };
    let format = from.unwrap_or_else(|| detect(text));
    let draft = match format {
        Format::Html => html::read(text)?,
        Format::Text => text::read(text)?,
        Format::PdfText => pdf::read(text)?,
        Format::Runs => runs::read(text)?,
        Format::Docx => docx::read(input)?,
    };
    finish(draft, format)
}

/// Emit a front-end's draft and audit the result.
fn finish(draft: Draft, format: Format) -> Result<Imported, ImportError> {
    if !emit::looks_like_report(&draft) {
        return Err(ImportError::NoReport { format });
    }
    let mut out = emit::emit(&draft);
    let mut unplaced = draft.unplaced.clone();
    unplaced.append(&mut out.unplaced);
    audit(&draft, &out.text, &mut unplaced);
    let mut notes = draft.notes;
    notes.append(&mut out.notes);
    Ok(Imported {
        text: out.text,
        edition: out.edition,
        format,
        unplaced,
        notes,
    })
}

/// Guess the format of a text input.
pub fn detect(text: &str) -> Format {
    let head: String = text.chars().take(64 * 1024).collect();
    let lower = head.to_ascii_lowercase();
    let tags = [
        "<p",
        "<td",
        "<div",
        "<table",
        "<span",
        "<br",
        "<html",
        "<!doctype",
    ]
    .iter()
    .map(|t| lower.matches(t).count())
    .sum::<usize>();
    if tags >= 3 || lower.trim_start().starts_with("<!doctype") || lower.contains("<html") {
        return Format::Html;
    }
    let lines = text.lines().count().max(1);
    let tabbed = text.lines().filter(|l| l.starts_with('\t')).count();
    if tabbed >= 10 && tabbed * 5 >= lines {
        return Format::Text;
    }
    if runs::looks_like(text) {
        return Format::Runs;
    }
    Format::PdfText
}

/// NUL bytes, or many control characters in the first 8 KB.
fn looks_binary(input: &[u8]) -> bool {
    let head = &input[..input.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

/// The numbers (digit runs, full-width digits folded) of a text.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        let d = match ch {
            '0'..='9' => Some(ch),
            '０'..='９' => char::from_u32(ch as u32 - 0xfee0),
            _ => None,
        };
        match d {
            Some(d) => cur.push(d),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Every number the draft holds must be in the output (as many times) or
/// already reported: report the rest, with the piece it came from.
fn audit(draft: &Draft, output: &str, unplaced: &mut Vec<Unplaced>) {
    use std::collections::HashMap;
    let mut available: HashMap<String, usize> = HashMap::new();
    for n in numbers(output) {
        *available.entry(n).or_default() += 1;
    }
    for u in unplaced.iter() {
        for n in numbers(&u.text) {
            *available.entry(n).or_default() += 1;
        }
    }
    let mut pieces: Vec<(&str, &Loc)> = Vec::new();
    for b in &draft.blocks {
        match b {
            draft::Block::Text { text, loc, .. } => pieces.push((text, loc)),
            draft::Block::Table(g) => {
                for row in &g.rows {
                    for c in row.iter().filter(|c| c.origin.is_none()) {
                        pieces.push((&c.text, &c.loc));
                    }
                }
            }
        }
    }
    let mut missing = Vec::new();
    for (text, loc) in pieces {
        let lost: Vec<String> = numbers(text)
            .into_iter()
            .filter(|n| match available.get_mut(n) {
                Some(k) if *k > 0 => {
                    *k -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        if !lost.is_empty() {
            missing.push(Unplaced {
                text: text.chars().take(80).collect(),
                loc: loc.clone(),
                reason: format!("其中的数字 {} 未写入导入结果", lost.join("、")),
            });
        }
    }
    unplaced.extend(missing);
}
