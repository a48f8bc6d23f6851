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
//! - [`import`] is the entry point: it sends a PDF file to [`pdfdoc`] and a
//!   zip to [`docx`] (both read from the bytes), refuses what is not a
//!   report (a legacy or encrypted Office file, binary junk, an oversized
//!   input, a page with no report in it), decodes text ([`charset`]), picks
//!   the text front-end (the caller's [`Format`], else the best reading of
//!   every candidate: `choose.rs`), emits, and audits the result.
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
//! Result<Draft, ImportError>`, a branch in `read` and, for a text form, a
//! place in `choose::candidates` (without `--from`, every text front-end
//! reads the input and the reading placing the most numbers with the sums
//! holding is kept). Nothing else needs to change: emit and the audit work
//! on the draft.
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
//!
//! Both fill the same accumulator (`assemble::TableAcc` of `RowAcc`s, each
//! row's cells already apart or still a run of digits) and end with the
//! same phase (`assemble::write_rows`: blank and reported when a row has no
//! label or the wrong number of cells, a repeated group label once). What
//! a `transposed` template table (表四: one row of fifteen numbers under
//! three header levels) looks like in each input lives in `transposed.rs`.

mod assemble;
mod audit;
pub mod charset;
mod choose;
pub mod docx;
pub mod draft;
pub mod emit;
pub mod html;
pub mod pdf;
pub mod pdfdoc;
pub mod runs;
mod sequence;
mod split;
pub mod text;
mod transposed;

#[cfg(test)]
mod tests;

pub(crate) use audit::numbers;
pub use audit::MissingTable;
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
    /// A Word document (`.docx`, also from WPS or LibreOffice).
    Docx,
}

impl Format {
    /// How a message names the form to a user (Chinese).
    pub fn label_zh(self) -> &'static str {
        match self {
            Format::Html => "网页",
            Format::Text => "从网页复制的文本",
            Format::PdfText => "纯文本",
            Format::Pdf => "PDF",
            Format::Runs => "连写的文本",
            Format::Docx => "Word 文档",
        }
    }

    /// How messages name the reading: the label, then the `--from` name
    /// that asks for it (`纯文本（--from pdf-text）`), with `extra` (the
    /// charset) inside the parentheses.
    pub fn said_zh(self, extra: Option<&str>) -> String {
        let label = self.label_zh();
        let gap = if label.starts_with(|c: char| c.is_ascii()) {
            " "
        } else {
            ""
        };
        let extra = extra.map_or(String::new(), |e| format!("，{e}"));
        format!("{gap}{label}（--from {}{extra}）", self.name())
    }

    /// The name used by `--from`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
            Format::PdfText => "pdf-text",
            Format::Pdf => "pdf",
            Format::Runs => "runs",
            Format::Docx => "docx",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "html" => Some(Format::Html),
            "text" => Some(Format::Text),
            "pdf-text" => Some(Format::PdfText),
            "pdf" => Some(Format::Pdf),
            "runs" => Some(Format::Runs),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// How to read the input; the default detects everything.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The front-end (`--from`); `None` detects it.
    pub from: Option<Format>,
    /// The charset (`--encoding`, a WHATWG label); `None` follows the
    /// input's byte-order mark or declaration, else detects it.
    pub encoding: Option<String>,
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
    /// The charset a text input was read in (`UTF-8`, `GBK` …); `None`
    /// for a Word or PDF file, whose text the format itself encodes.
    pub encoding: Option<&'static str>,
    /// Everything with a number in it that is not in `text`, or that is in
    /// it as prose where a statutory table belongs.
    pub unplaced: Vec<Unplaced>,
    /// The statutory tables of the edition that are not in `text`.
    pub missing_tables: Vec<MissingTable>,
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
    /// Not valid in the charset it declares or one that was detected
    /// (`declared` is the page's declaration or the user's `--encoding`).
    Encoding {
        declared: Option<String>,
        detected: Option<String>,
        /// The charset was the user's `--encoding`.
        forced: bool,
    },
    /// `--encoding` or the page names a charset nobody knows.
    UnknownEncoding { label: String },
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
                f.write_str("输入不是文本（可能是图片或其他二进制文件），无法导入：请导入网页、文本、Word（.docx）文件")
            }
            ImportError::Encoding {
                declared,
                detected,
                forced,
            } => {
                match (declared, forced) {
                    (Some(d), true) => write!(f, "输入不是指定的 {d} 编码")?,
                    (Some(d), false) => write!(f, "输入声明的编码是 {d}，但内容不是 {d} 编码")?,
                    (None, _) => f.write_str("输入不是 UTF-8 编码，也识别不出是哪种编码")?,
                }
                match detected {
                    Some(e) => write!(
                        f,
                        "；内容像是 {e} 编码，确认后可用 --encoding {e} 导入"
                    ),
                    None => f.write_str(
                        "；请确认文件的编码后用 --encoding 指定（如 --encoding gbk），或先转换为 UTF-8",
                    ),
                }
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
            ImportError::UnknownEncoding { label } => write!(
                f,
                "不认识的编码名“{label}”：可用 utf-8、gbk、gb18030、big5、utf-16le 等"
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
                "输入中没有找到政府信息公开工作年度报告（按{}读取，即 --from {}）：既没有“一、总体情况”等章节标题，也没有年报表格",
                format.label_zh(),
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

/// The most bytes any input may have (the Word limit, the largest of the
/// per-form limits): a caller reads no more than this plus one, so a huge
/// file is refused without being read into memory.
pub const MAX_ANY_INPUT: usize = docx::MAX_DOCX;

/// Import a published report. `from` names the format; `None` detects it.
pub fn import(input: &[u8], from: Option<Format>) -> Result<Imported, ImportError> {
    import_with(
        input,
        &Options {
            from,
            ..Options::default()
        },
    )
}

/// Import a published report, read as `options` say.
pub fn import_with(input: &[u8], options: &Options) -> Result<Imported, ImportError> {
    // Binary documents first, read from the bytes: a PDF's text comes from
    // its fonts' ToUnicode maps and a .docx's from its XML, not a charset.
    if options.from == Some(Format::Pdf) || input.starts_with(b"%PDF-") {
        let reading = choose::Reading::of(Format::Pdf, pdfdoc::read(input)?)?;
        return Ok(finish(reading, None, None));
    }
    // A .doc or an encrypted Office file is refused with what to do.
    if docx::is_ole(input) {
        return Err(docx::ole_error(input));
    }
    if docx::is_zip(input) || options.from == Some(Format::Docx) {
        let reading = choose::Reading::of(Format::Docx, docx::read(input)?)?;
        return Ok(finish(reading, None, None));
    }
    if input.len() > MAX_INPUT {
        return Err(ImportError::TooLarge { size: input.len() });
    }
    // UTF-16 is full of zero bytes: judge it once decoded.
    if !charset::maybe_utf16(input, options.encoding.as_deref()) && looks_binary(input) {
        return Err(ImportError::Binary);
    }
    let decoded = charset::decode(input, options.encoding.as_deref())?;
    let text = decoded.text.as_str();
    if looks_binary(text.as_bytes()) {
        return Err(ImportError::Binary);
    }
    let reading = match options.from {
        Some(format) => choose::Reading::of(format, read(format, text)?)?,
        None => choose::best(text)?,
    };
    Ok(finish(reading, Some(decoded.encoding), decoded.note))
}

/// Audit a reading: what it lost, what tables it lacks, what to say.
fn finish(
    reading: choose::Reading,
    encoding: Option<&'static str>,
    charset_note: Option<String>,
) -> Imported {
    let choose::Reading {
        format,
        draft,
        emitted: mut out,
        note,
    } = reading;
    let mut unplaced = draft.unplaced.clone();
    unplaced.append(&mut out.unplaced);
    audit::lost_numbers(&draft, &out.text, &mut unplaced);
    let (mut prose, missing_tables) = audit::read_output(&out.text);
    unplaced.append(&mut prose);
    let mut notes: Vec<String> = charset_note.into_iter().collect();
    notes.extend(draft.notes);
    notes.append(&mut out.notes);
    notes.extend(note);
    Imported {
        text: out.text,
        edition: out.edition,
        format,
        encoding,
        missing_tables,
        unplaced,
        notes,
    }
}

fn read(format: Format, text: &str) -> Result<Draft, ImportError> {
    match format {
        Format::Html => html::read(text),
        Format::Text => text::read(text),
        Format::PdfText => pdf::read(text),
        Format::Runs => runs::read(text),
        // Read from the bytes, before any decoding (see `import_with`).
        Format::Docx => docx::read(text.as_bytes()),
        Format::Pdf => pdfdoc::read(text.as_bytes()),
    }
}

/// Guess the format of a text input from cheap signs (tags, tab-indented
/// lines, a long line of run-together labels). Without `--from`, import
/// tries every text front-end anyway (`choose.rs`); this orders them.
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
