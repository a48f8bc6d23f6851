//! `nianbao render --format docx`: the report as a Word document in the
//! official layout, from the same [`layout`] model as the
//! HTML page. Written by hand (WordprocessingML strings in a zip) rather
//! than through a document-model crate: the tables need exact control of
//! `gridSpan`, `vMerge` and `tblHeader`, and the bytes must be the same on
//! every run (fixed zip timestamps, no dates in the document properties).
//!
//! What an officer gets: A4 with the margins of GB/T 9704 (the official
//! document format), the title centred in 方正小标宋简体, sections as
//! `heading 1` (黑体) and sub-sections as `heading 2`/`heading 3` so Word's
//! navigation pane lists them, prose in 仿宋_GB2312 with a two-character
//! first-line indent, page numbers at the foot, and every table a real
//! Word table (text in `w:t` runs) with ruled borders, header rows repeated
//! on every page and rows that do not break across pages. Font names have
//! stock Windows fonts as `altName`s (仿宋, 楷体, 宋体) for machines
//! without the GB2312 fonts.
//!
//! With diagnostics, each becomes a Word comment on the first element that
//! shows it (the same placement as the HTML review view); those on nothing
//! shown are listed in a summary comment on the first paragraph.

use super::grid::{Cell, Grid, Kind, Line};
use super::layout::{self, Item};
use super::{expected, Marks};
use crate::analysis::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Heading};
use crate::output::{self, Counts};
use crate::text::Span;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::path::Path;

/// Text width of an A4 page with GB/T 9704 margins (28 mm left, 26 mm
/// right), in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 1588 - 1474;
/// Width of a group-label column (三、本年度办理结果, （三）不予公开): three
/// characters of table text a line, as in the official Word template.
const GROUP_COL: usize = 760;
/// Cell margins left and right.
const CELL_MARGIN: usize = 57;

/// The Word document for `doc` (the bytes of a `.docx` file). With
/// `diagnostics`, each is a comment on what it points at.
pub fn render(doc: &Document, diagnostics: Option<&[Diagnostic]>) -> Vec<u8> {
    let analysis = Analysis::analyze(doc);
    let items = layout::items(doc, &analysis);
    let mut w = Writer {
        doc,
        marks: diagnostics.map(|d| Marks::new(doc, d)),
        commented: HashSet::new(),
        comments: Vec::new(),
        summary: None,
        body: String::new(),
    };
    if let Some(marks) = &w.marks {
        w.summary = summary(doc, marks, &items);
    }
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Heading(h) => w.heading(h),
            Item::Paragraph { text, span } => w.prose(text, span),
            Item::Table(g) => {
                w.table(g);
                // Two tables in a row would merge into one in Word; the
                // body must also end with a paragraph.
                if !matches!(
                    items.get(i + 1),
                    Some(Item::Heading(_) | Item::Paragraph { .. })
                ) {
                    w.body
                        .push_str("<w:p><w:pPr><w:pStyle w:val=\"TableGap\"/></w:pPr></w:p>");
                }
            }
        }
    }
    if w.summary.is_some() {
        // Nothing was written: the summary gets a paragraph of its own.
        let ids = w.comments_for(&[]);
        w.paragraph("BodyText", "", "", "", &ids);
    }
    let title = layout::title(doc, &analysis);
    package(&w.body, &w.comments, &title)
}

/// Read the report at `path` (for `上年报告` and `nianbao.toml`) and render
/// it; with `annotate`, with the diagnostics `nianbao check` gives.
pub fn render_text(
    text: &str,
    path: Option<&Path>,
    annotate: bool,
    config: &crate::config::Config,
) -> Vec<u8> {
    if annotate {
        let (doc, diags) = crate::check::check_text(text, path, config, &crate::check::DiskLoader);
        render(&doc, Some(&diags))
    } else {
        render(&Document::parse(text), None)
    }
}

/// The summary comment: the counts, then every diagnostic on nothing the
/// document shows (front matter, a comment), with its line and column.
fn summary(doc: &Document, marks: &Marks, items: &[Item]) -> Option<String> {
    let mut shown: Vec<&Span> = Vec::new();
    for item in items {
        match item {
            Item::Heading(h) => shown.push(&h.span),
            Item::Paragraph { span, .. } => shown.push(span),
            Item::Table(g) => {
                shown.extend(&g.spans);
                for l in g.head.iter().chain(&g.body) {
                    shown.extend(&l.spans);
                    shown.extend(l.cells.iter().flat_map(|c| &c.spans));
                }
            }
        }
    }
    let on_shown: HashSet<usize> = shown
        .iter()
        .flat_map(|s| marks.found(std::slice::from_ref(*s)))
        .collect();
    let mut out = String::new();
    match Counts::of(&[(Path::new(""), doc, marks.diags)]).phrase() {
        None => comment_paragraph(&mut out, "nianbao check 没有发现问题。"),
        Some(p) => comment_paragraph(
            &mut out,
            &format!("nianbao check 发现 {p}，已作为批注标在相应位置。"),
        ),
    }
    let off: Vec<usize> = (0..marks.diags.len())
        .filter(|i| !on_shown.contains(i))
        .collect();
    if !off.is_empty() {
        comment_paragraph(&mut out, "以下问题所在的内容不出现在文档中：");
        for i in off {
            out.push_str(&diagnostic_paragraphs(doc, &marks.diags[i]));
        }
    }
    Some(out)
}

fn comment_paragraph(out: &mut String, text: &str) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>{}</w:p>",
        run(text, "")
    );
}

/// One diagnostic as comment paragraphs: code, severity, place, message,
/// then the expected value or the suggested fix.
fn diagnostic_paragraphs(doc: &Document, d: &Diagnostic) -> String {
    let r = output::range(doc, &d.span);
    let mut text = format!(
        "{} {}（第 {} 行第 {} 列）：{}",
        d.code,
        d.severity.label_zh(),
        r.line,
        r.column,
        d.message
    );
    if let Some(v) = expected(d) {
        let _ = write!(text, " 应为 {v}");
    } else if let Some(f) = &d.fix {
        let _ = write!(text, " 建议：{}", f.title);
    }
    let mut out = String::new();
    comment_paragraph(&mut out, &text);
    out
}

struct Writer<'a> {
    doc: &'a Document,
    marks: Option<Marks<'a>>,
    /// Diagnostics already made into a comment (each is made once).
    commented: HashSet<usize>,
    /// `w:comment` contents, by comment id.
    comments: Vec<String>,
    /// The summary comment, until a paragraph takes it.
    summary: Option<String>,
    body: String,
}

impl Writer<'_> {
    /// Comments for an element showing `spans`: one holding every
    /// diagnostic on it not yet commented elsewhere.
    fn comments_for(&mut self, spans: &[Span]) -> Vec<usize> {
        let mut ids = Vec::new();
        if let Some(s) = self.summary.take() {
            ids.push(self.comments.len());
            self.comments.push(s);
        }
        let Some(marks) = &self.marks else {
            return ids;
        };
        let fresh: Vec<usize> = marks
            .found(spans)
            .into_iter()
            .filter(|i| !self.commented.contains(i))
            .collect();
        if fresh.is_empty() {
            return ids;
        }
        let mut content = String::new();
        for &i in &fresh {
            content.push_str(&diagnostic_paragraphs(self.doc, &marks.diags[i]));
        }
        self.commented.extend(fresh);
        ids.push(self.comments.len());
        self.comments.push(content);
        ids
    }

    /// A paragraph: style, extra paragraph properties, run properties, text,
    /// and the comments anchored on its text.
    fn paragraph(&mut self, style: &str, ppr: &str, rpr: &str, text: &str, comments: &[usize]) {
        let _ = write!(
            self.body,
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{ppr}</w:pPr>"
        );
        anchored(&mut self.body, &run(text, rpr), comments);
        self.body.push_str("</w:p>");
    }

    fn heading(&mut self, h: &Heading) {
        let style = match h.level {
            0 | 1 => "Title",
            2 => "Heading1",
            3 => "Heading2",
            _ => "Heading3",
        };
        let ids = self.comments_for(std::slice::from_ref(&h.span));
        self.paragraph(style, "", "", &h.text, &ids);
    }

    fn prose(&mut self, text: &str, span: &Span) {
        let ids = self.comments_for(std::slice::from_ref(span));
        self.paragraph("BodyText", "", "", text, &ids);
    }

    fn table(&mut self, g: &Grid) {
        let widths = column_widths(g);
        // 表四's fifteen columns: 小五 (9 pt) instead of 五号 (10.5 pt).
        let small = widths.len() >= 12;
        let total: usize = widths.iter().sum();
        let _ = write!(
            self.body,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"NbTable\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>\
             <w:jc w:val=\"center\"/>{BORDERS}<w:tblLayout w:type=\"fixed\"/>\
             <w:tblCellMar><w:left w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/><w:right w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/></w:tblCellMar>\
             <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
             </w:tblPr><w:tblGrid>"
        );
        for w in &widths {
            let _ = write!(self.body, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.body.push_str("</w:tblGrid>");
        // Comments on the whole table go into its first cell.
        let mut table_ids = Some(self.comments_for(&g.spans));
        // Columns still covered by a cell merged down from a line above:
        // start column → (columns, lines left).
        let mut below: Vec<Option<(usize, usize)>> = vec![None; widths.len()];
        let lines = g.head.iter().map(|l| (l, true));
        for (line, header) in lines.chain(g.body.iter().map(|l| (l, false))) {
            self.row(line, header, &widths, &mut below, small, &mut table_ids);
        }
        self.body.push_str("</w:tbl>");
    }

    /// One table row: the line's cells placed as a browser places `<td>`s
    /// (each at the next column not covered from above), with a `vMerge`
    /// continuation cell wherever a cell from above covers the row.
    fn row(
        &mut self,
        line: &Line,
        header: bool,
        widths: &[usize],
        below: &mut [Option<(usize, usize)>],
        small: bool,
        table_ids: &mut Option<Vec<usize>>,
    ) {
        self.body.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            self.body.push_str("<w:tblHeader/>");
        }
        self.body.push_str("</w:trPr>");
        let mut row_ids = Some(self.comments_for(&line.spans));
        let mut cells = line.cells.iter().enumerate();
        let mut col = 0;
        while col < widths.len() {
            if let Some((span, left)) = below[col] {
                let span = span.min(widths.len() - col);
                below[col] = (left > 1).then_some((span, left - 1));
                let w: usize = widths[col..col + span].iter().sum();
                let _ = write!(
                    self.body,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
                );
                if span > 1 {
                    let _ = write!(self.body, "<w:gridSpan w:val=\"{span}\"/>");
                }
                self.body.push_str(
                    "<w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr>\
                     <w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>",
                );
                col += span;
                continue;
            }
            let Some((i, c)) = cells.next() else {
                // A short line (never in the layouts): filled with blanks
                // so that Word sees a full row.
                let w = widths[col];
                let _ = write!(
                    self.body,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>\
                     <w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>"
                );
                col += 1;
                continue;
            };
            let span = c.colspan.clamp(1, widths.len() - col);
            if c.rowspan > 1 {
                below[col] = Some((span, c.rowspan - 1));
            }
            let mut ids = table_ids.take().unwrap_or_default();
            if i == line.own {
                ids.extend(row_ids.take().unwrap_or_default());
            }
            ids.extend(self.comments_for(&c.spans));
            let w: usize = widths[col..col + span].iter().sum();
            self.cell(c, w, span, small, &ids);
            col += span;
        }
        self.body.push_str("</w:tr>");
    }

    fn cell(&mut self, c: &Cell, width: usize, span: usize, small: bool, comments: &[usize]) {
        let _ = write!(
            self.body,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
        );
        if span > 1 {
            let _ = write!(self.body, "<w:gridSpan w:val=\"{span}\"/>");
        }
        if c.rowspan > 1 {
            self.body.push_str("<w:vMerge w:val=\"restart\"/>");
        }
        self.body.push_str(
            "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>",
        );
        if matches!(c.kind, Kind::Label | Kind::Group) {
            self.body.push_str("<w:jc w:val=\"left\"/>");
        }
        self.body.push_str("</w:pPr>");
        // 表三's corner note is a long sentence filling a block of cells:
        // smaller, and not bold like the other header cells.
        let note = c.kind == Kind::Corner && c.colspan > 1 && c.rowspan > 1;
        let bold = matches!(c.kind, Kind::Head | Kind::Caption | Kind::Corner) && !note;
        let size = (small || note).then_some(18);
        let mut rpr = String::new();
        if bold {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if let Some(s) = size {
            let _ = write!(rpr, "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>");
        }
        anchored(&mut self.body, &run(&c.text, &rpr), comments);
        self.body.push_str("</w:p></w:tc>");
    }
}

/// `inner` wrapped in the ranges of `comments`, each followed by its
/// reference mark.
fn anchored(out: &mut String, inner: &str, comments: &[usize]) {
    for id in comments {
        let _ = write!(out, "<w:commentRangeStart w:id=\"{id}\"/>");
    }
    out.push_str(inner);
    for id in comments.iter().rev() {
        let _ = write!(
            out,
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr>\
             <w:commentReference w:id=\"{id}\"/></w:r>"
        );
    }
}

/// A run of text (nothing for empty text: an empty cell stays empty).
fn run(text: &str, rpr: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    format!(
        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml_text(text)
    )
}

/// Text escaped for XML, without the characters XML 1.0 cannot carry
/// (control characters, which would make Word refuse the file); tabs and
/// line breaks become spaces.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Column widths (twips) filling the text width: label columns get room for
/// their labels (group columns three characters, the row-label column the
/// rest of its share), value columns share what is left equally; 表四's
/// columns are all equal.
fn column_widths(g: &Grid) -> Vec<usize> {
    let n = g.width().max(1);
    let k = g.label_cols.min(n);
    let values = n - k;
    let mut widths = if k == 0 || values == 0 {
        vec![TEXT_WIDTH / n; n]
    } else {
        let share = match k {
            1 => 30,
            2 => 40,
            _ => 48,
        };
        let label_area = TEXT_WIDTH * share / 100;
        let groups = (k - 1) * GROUP_COL;
        let label = label_area.saturating_sub(groups).max(GROUP_COL);
        let value = (TEXT_WIDTH - groups - label) / values;
        let mut w = vec![GROUP_COL; k - 1];
        w.push(label);
        w.extend(std::iter::repeat_n(value, values));
        w
    };
    // Rounding: the last column takes what is left, so rows fill the page.
    let sum: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH.saturating_sub(sum);
    }
    widths
}

const BORDERS: &str = "<w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
</w:tblBorders>";

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The `.docx` package: every part in a fixed order, deflated, dated
/// 1980-01-01 (the zip epoch), so the same report gives the same bytes.
fn package(body: &str, comments: &[String], title: &str) -> Vec<u8> {
    let has_comments = !comments.is_empty();
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types(has_comments)),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core(title)),
        ("docProps/app.xml", app()),
        ("word/document.xml", document(body)),
        ("word/_rels/document.xml.rels", document_rels(has_comments)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", FONT_TABLE.to_string()),
        ("word/footer1.xml", FOOTER.to_string()),
    ];
    if has_comments {
        parts.push(("word/comments.xml", comments_part(comments)));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // Every option set explicitly: the defaults depend on the zip crate's
    // features (`time` dates entries now) and on the host system.
    let options = zip::write::SimpleFileOptions::DEFAULT
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::DEFAULT)
        .system(zip::System::Dos)
        .external_attributes(0);
    for (name, content) in parts {
        // Writing into memory cannot fail.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(content.as_bytes())
            .expect("zip write in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}

fn content_types(comments: bool) -> String {
    let mut s = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
         <Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    );
    if comments {
        s.push_str(
            "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>",
        );
    }
    s.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>",
    );
    s
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

fn document_rels(comments: bool) -> String {
    let mut s = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{NS_R}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{NS_R}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{NS_R}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rId4\" Type=\"{NS_R}/footer\" Target=\"footer1.xml\"/>"
    );
    if comments {
        let _ = write!(
            s,
            "<Relationship Id=\"rId5\" Type=\"{NS_R}/comments\" Target=\"comments.xml\"/>"
        );
    }
    s.push_str("</Relationships>");
    s
}

/// Document properties: the title and the generator; no dates (they would
/// change the bytes on every run).
fn core(title: &str) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>",
        xml_text(title)
    )
}

fn app() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>nianbao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The body and the page: A4, GB/T 9704 margins (37 / 26 / 35 / 28 mm),
/// page number at the foot.
fn document(body: &str) -> String {
    format!(
        "{XML_DECL}<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>{body}\
         <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/></w:sectPr></w:body></w:document>"
    )
}

fn comments_part(comments: &[String]) -> String {
    let mut s = format!("{XML_DECL}<w:comments xmlns:w=\"{NS_W}\">");
    for (id, c) in comments.iter().enumerate() {
        let _ = write!(
            s,
            "<w:comment w:id=\"{id}\" w:author=\"nianbao check\" w:initials=\"NB\">{c}</w:comment>"
        );
    }
    s.push_str("</w:comments>");
    s
}

const FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>\
<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>\
<w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
</w:settings>";

/// The fonts, each with a stock Windows font as its alternative and the
/// GB2312 character set (86), so Word and WPS pick a Chinese font.
const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/><w:charset w:val=\"86\"/><w:family w:val=\"script\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
<w:font w:name=\"楷体_GB2312\"><w:altName w:val=\"楷体\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
</w:fonts>";

/// Styles. Sizes are in half-points: 二号 44, 三号 32, 五号 21, 小五 18.
/// Headings carry outline levels (the navigation pane), keep with the next
/// paragraph, and are indented two characters like the prose, as in
/// official documents.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:hint=\"eastAsia\"/>\
<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>\
</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:unhideWhenUsed/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"560\" w:line=\"700\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"方正小标宋简体\" w:hAnsi=\"Times New Roman\" w:hint=\"eastAsia\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"黑体\" w:hAnsi=\"Times New Roman\" w:hint=\"eastAsia\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"楷体_GB2312\" w:hAnsi=\"Times New Roman\" w:hint=\"eastAsia\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"2\"/></w:pPr>\
<w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"表格文字\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:line=\"280\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:hint=\"eastAsia\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableGap\"><w:name w:val=\"表后空行\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:spacing w:line=\"280\" w:lineRule=\"exact\"/></w:pPr><w:rPr><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"NbTable\"><w:name w:val=\"年报表格\"/><w:basedOn w:val=\"TableNormal\"/>\
<w:tblPr><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
</w:tblBorders></w:tblPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"宋体\" w:hint=\"eastAsia\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"CommentText\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"宋体\" w:hint=\"eastAsia\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>\
<w:rPr><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>\
</w:styles>";
