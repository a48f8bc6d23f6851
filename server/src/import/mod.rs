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
//! - [`import`] is the entry point: it sends a PDF file to [`pdfdoc`] and
//!   refuses what is not a report (binary junk, an oversized input, a page
//!   with no report in it),
//!   picks the front-end ([`detect`] or the caller's [`Format`]), emits, and
//!   audits the result.
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
//! [`html`] and [`text`] see the table grid. [`pdf`] (text extracted from a
//! PDF, plain or as OCR Markdown) and [`runs`] (crawler text with the cells
//! of a row run together) do not: they find the template's labels in the
//! text (`assemble.rs`), route each row to the template table its label
//! belongs to, and build the grid from the template, with the published
//! header when it can be read. [`runs`] cuts each row's digits into cells
//! with `split.rs`: the column count, the form of each column's numbers and
//! the sums the template declares decide; where more than one split fits,
//! the row's cells stay blank and the row is reported as unplaced.

mod assemble;
pub mod draft;
pub mod emit;
pub mod html;
pub mod pdf;
pub mod pdfdoc;
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
    /// A PDF file, read with the positions of its text and ruling lines.
    Pdf,
    /// Text where a crawler ran the cells of each table row together
    /// (`规范性文件898989`), often the whole report on one line.
    Runs,
}

impl Format {
    /// The name used by `--from`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
            Format::PdfText => "pdf-text",
            Format::Pdf => "pdf",
            Format::Runs => "runs",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "html" => Some(Format::Html),
            "text" => Some(Format::Text),
            "pdf-text" => Some(Format::PdfText),
            "pdf" => Some(Format::Pdf),
            "runs" => Some(Format::Runs),
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
    /// A PDF larger than [`pdfdoc::MAX_PDF`].
    PdfTooLarge { size: usize },
    /// A PDF that opens only with a password.
    PdfEncrypted,
    /// A PDF the parser cannot read (truncated, damaged, not a PDF).
    PdfCorrupt,
    /// A PDF with no text layer (a scan).
    PdfNoText { pages: usize },
    /// A PDF whose fonts map glyphs to no characters (no ToUnicode).
    PdfNoUnicode,
    /// Not text at all (an image, an archive, a Word file …).
    Binary,
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
            ImportError::PdfTooLarge { size } => write!(
                f,
                "PDF 文件过大（{:.1} MB，上限 {} MB）：一份年报的 PDF 通常不到 5 MB；请确认文件，或先转成文本（pdftotext -layout 报告.pdf 报告.txt）再导入文本",
                *size as f64 / 1_048_576.0,
                pdfdoc::MAX_PDF / 1_048_576
            ),
            ImportError::PdfEncrypted => f.write_str(
                "PDF 文件已加密，需要密码才能打开：请用密码打开后另存为不加密的 PDF（或用 qpdf --decrypt --password=密码 输入.pdf 输出.pdf），再导入",
            ),
            ImportError::PdfCorrupt => f.write_str(
                "PDF 文件已损坏或不完整，无法读取：请重新下载或导出该 PDF；如能用阅读器打开，可先转成文本（pdftotext -layout 报告.pdf 报告.txt）再导入文本",
            ),
            ImportError::PdfNoText { pages } => write!(
                f,
                "PDF 共 {pages} 页，都没有可读的文字：这是扫描件，没有文字层，请先做文字识别（OCR），再导入识别出的文本（或找到该报告的网页版）",
            ),
            ImportError::PdfNoUnicode => f.write_str(
                "PDF 的字体没有字符映射（ToUnicode），读出的文字是乱码，无法导入：请用制作它的软件重新导出 PDF，或做文字识别（OCR）后导入识别出的文本，或找到该报告的网页版",
            ),
            ImportError::Binary => {
                f.write_str("输入不是文本（可能是图片、压缩包或 Word 文件），无法导入")
            }
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
    if from == Some(Format::Pdf) || is_pdf(input) {
        let draft = pdfdoc::read(input)?;
        return finish(draft, Format::Pdf);
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
        Format::Pdf => pdfdoc::read(input)?,
    };
    finish(draft, format)
}

/// A PDF file (by its header).
fn is_pdf(input: &[u8]) -> bool {
    input.starts_with(b"%PDF-")
}

/// Emit and audit a draft.
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
