//! `nianbao render`: the report in the official layout (merged header
//! cells, group rows as rowspans, 表四 as one row, 表二's sub-tables in one
//! grid) as one standalone HTML page with print CSS for A4, or as a Word
//! document ([`docx`]). The layout comes from the template data through
//! [`grid`], the published blocks in order through [`layout`]; this module
//! writes HTML (every text escaped) and, with diagnostics, marks the cells
//! they point at and lists them all (a reviewer's view).

pub mod docx;
pub mod grid;
pub mod layout;
#[cfg(test)]
mod tests;

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Block, Document, Heading};
use crate::output::{self, Counts};
use crate::text::Span;
use crate::value::Value;
use grid::{Cell, Grid, Kind, Line};
use layout::Item;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The page for `doc`. With `diagnostics` (those `check` gives for it), the
/// cells and lines they point at are marked, with the message and the
/// expected value on hover, and listed with links at the top of the page.
pub fn render(doc: &Document, diagnostics: Option<&[Diagnostic]>) -> String {
    let parts = render_parts(doc, diagnostics, "");
    let annotate = diagnostics.is_some();
    let mut page = String::with_capacity(parts.body.len() + CSS.len() + 2048);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"nianbao {}\">\n<title>{}</title>\n<style>\n{}</style>\n\
         </head>\n<body data-edition=\"{}\">\n<main class=\"nb-report\">\n",
        env!("CARGO_PKG_VERSION"),
        esc(&parts.title),
        css(annotate),
        parts.edition,
    );
    page.push_str(&parts.diagnostics);
    page.push_str(&parts.body);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// A rendered report in pieces, for pages that hold more than the report
/// (`review`'s pages, `check --format html`).
pub struct Parts {
    /// The report's title (its `#` heading, else agency and year).
    pub title: String,
    /// The edition the tables were bound to (`2021`).
    pub edition: &'static str,
    /// The list of findings (empty without diagnostics).
    pub diagnostics: String,
    /// The report in the official layout.
    pub body: String,
}

/// The stylesheet of a rendered report (with the marks of `--annotate`).
pub fn css(annotate: bool) -> String {
    if annotate {
        format!("{CSS}{ANNOTATE_CSS}")
    } else {
        CSS.to_string()
    }
}

/// [`render`]'s pieces; every id in them starts with `prefix`, so that
/// several reports can share one page.
pub fn render_parts(doc: &Document, diagnostics: Option<&[Diagnostic]>, prefix: &str) -> Parts {
    let analysis = Analysis::analyze(doc);
    let mut w = Writer {
        doc,
        marks: diagnostics.map(|d| Marks::new(doc, d)),
        ids: HashMap::new(),
        prefix,
        out: String::new(),
    };
    w.blocks(&analysis);
    let body = std::mem::take(&mut w.out);
    Parts {
        title: layout::title(doc, &analysis),
        edition: analysis.edition.as_str(),
        diagnostics: w.diagnostic_list(),
        body,
    }
}

/// Read the report at `path` (for `上年报告` and `nianbao.toml`) and render
/// it; with `annotate`, with the diagnostics `nianbao check` gives.
pub fn render_text(
    text: &str,
    path: Option<&Path>,
    annotate: bool,
    config: &crate::config::Config,
) -> String {
    if annotate {
        let (doc, diags) = crate::check::check_text(text, path, config, &crate::check::DiskLoader);
        render(&doc, Some(&diags))
    } else {
        render(&Document::parse(text), None)
    }
}

/// HTML-escape text for element content and attribute values alike.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

type Key = (usize, usize);

fn key(s: &Span) -> Key {
    (s.start, s.end)
}

/// Which rendered element each diagnostic belongs to: the smallest written
/// thing (cell, row, heading, paragraph, table) containing its span, else
/// containing its start.
struct Marks<'d> {
    diags: &'d [Diagnostic],
    on: HashMap<Key, Vec<usize>>,
    target: Vec<Option<Key>>,
}

impl<'d> Marks<'d> {
    fn new(doc: &Document, diags: &'d [Diagnostic]) -> Marks<'d> {
        let mut candidates: Vec<Span> = Vec::new();
        for b in &doc.blocks {
            match b {
                Block::Heading(h) => candidates.push(h.span.clone()),
                Block::Paragraph(p) => candidates.push(p.span.clone()),
                Block::Table(t) => {
                    candidates.push(t.span.clone());
                    for r in std::iter::once(&t.header).chain(&t.rows) {
                        candidates.push(r.span.clone());
                        candidates.extend(r.cells.iter().map(|c| c.span.clone()));
                    }
                }
                Block::Comment(_) => {}
            }
        }
        let smallest = |pred: &dyn Fn(&Span) -> bool| {
            candidates
                .iter()
                .filter(|c| pred(c))
                .min_by_key(|c| c.end - c.start)
                .map(key)
        };
        let mut on: HashMap<Key, Vec<usize>> = HashMap::new();
        let mut target = Vec::with_capacity(diags.len());
        for (i, d) in diags.iter().enumerate() {
            let t = smallest(&|c| c.start <= d.span.start && d.span.end <= c.end)
                .or_else(|| smallest(&|c| c.start <= d.span.start && d.span.start < c.end));
            if let Some(k) = t {
                on.entry(k).or_default().push(i);
            }
            target.push(t);
        }
        Marks { diags, on, target }
    }

    /// The diagnostics (indices, in order) on an element showing `spans`.
    fn found(&self, spans: &[Span]) -> Vec<usize> {
        let mut found: Vec<usize> = spans
            .iter()
            .filter_map(|s| self.on.get(&key(s)))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The value a diagnostic asks for: its fix replacing exactly the flagged
/// cell with a number (the arithmetic rules' “应为”).
fn expected(d: &Diagnostic) -> Option<&str> {
    let fix = d.fix.as_ref()?;
    match fix.edits.as_slice() {
        [e] if e.span == d.span && matches!(Value::parse(&e.new_text), Value::Number(_)) => {
            Some(e.new_text.as_str())
        }
        _ => None,
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "nb-error",
        Severity::Warning => "nb-warning",
        Severity::Info => "nb-info",
    }
}

/// What a marked element gets: its classes, attributes and the tooltip.
struct Mark {
    classes: String,
    attrs: String,
    /// Reference links and the tooltip, written inside the element.
    inner: String,
}

struct Writer<'a> {
    doc: &'a Document,
    marks: Option<Marks<'a>>,
    /// Marked element written → its id (diagnostic list links).
    ids: HashMap<Key, String>,
    /// Starts every id written (several reports on one page).
    prefix: &'a str,
    out: String,
}

impl Writer<'_> {
    /// The mark for an element showing `spans`, if a diagnostic is on one.
    fn mark(&mut self, spans: &[Span]) -> Option<Mark> {
        let marks = self.marks.as_ref()?;
        let found = marks.found(spans);
        if found.is_empty() {
            return None;
        }
        let worst = found
            .iter()
            .map(|&i| marks.diags[i].severity)
            .min()
            .expect("non-empty");
        let mut attrs = String::from(" tabindex=\"0\"");
        // The first element showing a span carries its id.
        let fresh: Vec<Key> = spans
            .iter()
            .map(key)
            .filter(|k| marks.on.contains_key(k) && !self.ids.contains_key(k))
            .collect();
        if let Some(first) = fresh.first() {
            let id = format!("{}src-{}-{}", self.prefix, first.0, first.1);
            let _ = write!(attrs, " id=\"{id}\"");
            for k in fresh {
                self.ids.insert(k, id.clone());
            }
        }
        let mut refs = String::new();
        let mut tip = String::new();
        for &i in &found {
            let d = &marks.diags[i];
            let _ = write!(
                refs,
                "<a class=\"nb-ref\" href=\"#{p}nb-d{n}\" aria-label=\"问题 {n}\">{n}</a>",
                p = self.prefix,
                n = i + 1
            );
            let _ = write!(
                tip,
                "<span class=\"nb-tip-item {}\"><b>{} {}</b> {}",
                severity_class(d.severity),
                d.code,
                d.severity.label_zh(),
                esc(&d.message)
            );
            if let Some(v) = expected(d) {
                let _ = write!(tip, "<span class=\"nb-expect\">应为 {}</span>", esc(v));
            } else if let Some(f) = &d.fix {
                let _ = write!(
                    tip,
                    "<span class=\"nb-expect\">建议：{}</span>",
                    esc(&f.title)
                );
            }
            tip.push_str("</span>");
        }
        Some(Mark {
            classes: format!(" nb-flag {}", severity_class(worst)),
            attrs,
            inner: format!("<sup class=\"nb-refs\">{refs}</sup><span class=\"nb-tip\" role=\"tooltip\">{tip}</span>"),
        })
    }

    fn blocks(&mut self, a: &Analysis) {
        for item in layout::items(self.doc, a) {
            match item {
                Item::Heading(h) => self.heading(h),
                Item::Paragraph { text, span } => self.paragraph(&text, &span),
                Item::Table(g) => self.table(&g),
            }
        }
    }

    fn heading(&mut self, h: &Heading) {
        let level = h.level.clamp(1, 6);
        let class = match level {
            1 => "nb-title",
            2 => "nb-section",
            _ => "nb-subsection",
        };
        let m = self.mark(std::slice::from_ref(&h.span));
        let _ = writeln!(
            self.out,
            "<h{level} class=\"{class}{}\"{}>{}{}</h{level}>",
            m.as_ref().map_or("", |m| m.classes.as_str()),
            m.as_ref().map_or("", |m| m.attrs.as_str()),
            esc(&h.text),
            m.as_ref().map_or("", |m| m.inner.as_str()),
        );
    }

    fn paragraph(&mut self, text: &str, span: &Span) {
        let m = self.mark(std::slice::from_ref(span));
        let _ = writeln!(
            self.out,
            "<p class=\"nb-prose{}\"{}>{}{}</p>",
            m.as_ref().map_or("", |m| m.classes.as_str()),
            m.as_ref().map_or("", |m| m.attrs.as_str()),
            esc(text),
            m.as_ref().map_or("", |m| m.inner.as_str()),
        );
    }

    fn table(&mut self, g: &Grid) {
        let m = self.mark(&g.spans);
        let _ = writeln!(
            self.out,
            "<div class=\"nb-table-wrap{}\"{}>{}",
            m.as_ref().map_or("", |m| m.classes.as_str()),
            m.as_ref().map_or("", |m| m.attrs.as_str()),
            m.as_ref().map_or("", |m| m.inner.as_str()),
        );
        let kind = if g.templates.is_empty() {
            " nb-plain"
        } else {
            " nb-official"
        };
        let _ = write!(self.out, "<table class=\"nb-table{kind}\"");
        if !g.templates.is_empty() {
            let _ = write!(
                self.out,
                " data-template=\"{}\"",
                esc(&g.templates.join(" "))
            );
        }
        let _ = writeln!(self.out, " data-columns=\"{}\">", g.width());
        if !g.head.is_empty() {
            self.out.push_str("<thead>\n");
            for l in &g.head {
                self.line(l);
            }
            self.out.push_str("</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for l in &g.body {
            self.line(l);
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn line(&mut self, l: &Line) {
        let m = self.mark(&l.spans);
        let _ = write!(
            self.out,
            "<tr{}{}>",
            m.as_ref().map_or(String::new(), |m| format!(
                " class=\"{}\"",
                m.classes.trim()
            )),
            // A row's id goes on the row; its tooltip into its own first cell.
            m.as_ref().map_or("", |m| m
                .attrs
                .strip_prefix(" tabindex=\"0\"")
                .unwrap_or(&m.attrs)),
        );
        for (i, c) in l.cells.iter().enumerate() {
            let extra = (i == l.own)
                .then(|| m.as_ref().map(|m| m.inner.as_str()))
                .flatten();
            self.cell(c, extra);
        }
        self.out.push_str("</tr>\n");
    }

    fn cell(&mut self, c: &Cell, row_tip: Option<&str>) {
        let (tag, class, scope) = match c.kind {
            Kind::Corner => ("th", "nb-corner", None),
            Kind::Head => (
                "th",
                "nb-head",
                Some(if c.colspan > 1 { "colgroup" } else { "col" }),
            ),
            Kind::Caption => ("th", "nb-caption", Some("colgroup")),
            Kind::Label => ("th", "nb-label", Some("row")),
            Kind::Group => ("th", "nb-group", Some("rowgroup")),
            Kind::Value => ("td", "nb-num", None),
            Kind::Filler => ("td", "nb-filler", None),
        };
        debug_assert_eq!(tag == "th", c.is_header());
        let m = self.mark(&c.spans);
        let _ = write!(
            self.out,
            "<{tag} class=\"{class}{}\"",
            m.as_ref().map_or("", |m| m.classes.as_str())
        );
        if let Some(s) = scope {
            let _ = write!(self.out, " scope=\"{s}\"");
        }
        if c.colspan > 1 {
            let _ = write!(self.out, " colspan=\"{}\"", c.colspan);
        }
        if c.rowspan > 1 {
            let _ = write!(self.out, " rowspan=\"{}\"", c.rowspan);
        }
        let _ = write!(
            self.out,
            "{}>{}{}{}</{tag}>",
            m.as_ref().map_or("", |m| m.attrs.as_str()),
            esc(&c.text),
            m.as_ref().map_or("", |m| m.inner.as_str()),
            row_tip.unwrap_or(""),
        );
    }

    /// Every diagnostic, in `check`'s order, linked to where it is shown.
    fn diagnostic_list(&self) -> String {
        let Some(marks) = &self.marks else {
            return String::new();
        };
        let doc = self.doc;
        let summary = match Counts::of(&[(Path::new(""), doc, marks.diags)]).phrase() {
            None => "检查没有发现问题。".to_string(),
            Some(p) => format!("检查发现 {p}。"),
        };
        let p = self.prefix;
        let mut s = format!(
            "<section class=\"nb-diagnostics\" aria-labelledby=\"{p}nb-diagnostics-title\">\n\
             <h2 id=\"{p}nb-diagnostics-title\">检查结果</h2>\n",
        );
        let _ = writeln!(s, "<p>{summary}</p>");
        if marks.diags.is_empty() {
            s.push_str("</section>\n");
            return s;
        }
        s.push_str("<ol>\n");
        for (i, d) in marks.diags.iter().enumerate() {
            let r = output::range(doc, &d.span);
            let place = format!("第 {} 行第 {} 列", r.line, r.column);
            let place = match marks.target[i].and_then(|k| self.ids.get(&k)) {
                Some(id) => format!("<a href=\"#{id}\">{place}</a>"),
                None => format!("<span class=\"nb-pos\">{place}</span>"),
            };
            let _ = write!(
                s,
                "<li id=\"{p}nb-d{}\" class=\"{}\" data-code=\"{}\" data-line=\"{}\" data-column=\"{}\">{place} <span class=\"nb-sev\">{}</span> <code>{}</code> {}",
                i + 1,
                severity_class(d.severity),
                d.code,
                r.line,
                r.column,
                d.severity.label_zh(),
                d.code,
                esc(&d.message)
            );
            if let Some(v) = expected(d) {
                let _ = write!(s, "<span class=\"nb-expect\">应为 {}</span>", esc(v));
            } else if let Some(f) = &d.fix {
                let _ = write!(
                    s,
                    "<span class=\"nb-expect\">建议：{}</span>",
                    esc(&f.title)
                );
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ol>\n</section>\n");
        s
    }
}

/// Page CSS: A4 print, a CJK font stack, the official tables' ruled grid.
const CSS: &str = r#":root { color-scheme: light; }
html { background: #f4f4f2; }
body {
  margin: 0; color: #111; background: #f4f4f2;
  font-family: "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
    "Songti SC", "SimSun", "宋体", serif;
  font-size: 12pt; line-height: 1.8;
}
.nb-report { max-width: 190mm; margin: 0 auto; padding: 16mm 12mm; background: #fff; }
h1, h2, h3, h4, h5, h6, th {
  font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", sans-serif;
}
h1 { font-size: 18pt; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.5em; }
h3, h4, h5, h6 { font-size: 12pt; margin: 1em 0 0.4em; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p.nb-prose { text-indent: 2em; margin: 0 0 0.6em; text-align: justify; }
/* No overflow clipping here: it would cut off the annotation tooltips. */
.nb-table-wrap { margin: 0.6em 0 1.2em; }
table.nb-table {
  border-collapse: collapse; width: 100%; font-size: 10pt; line-height: 1.4;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    "SimHei", sans-serif;
}
table.nb-table th, table.nb-table td {
  border: 1px solid #222; padding: 3px 5px; vertical-align: middle; text-align: center;
}
table.nb-table th { font-weight: normal; background: #fafafa; }
table.nb-table thead th, table.nb-table .nb-caption { font-weight: bold; }
table.nb-table .nb-label, table.nb-table .nb-group { text-align: left; }
table.nb-table .nb-group { min-width: 5.5em; }
table.nb-table .nb-corner { font-size: 9pt; }
table.nb-table .nb-num { font-variant-numeric: tabular-nums; min-width: 2.5em; }
table.nb-table[data-columns="15"] { font-size: 9pt; }
table.nb-table[data-columns="15"] th, table.nb-table[data-columns="15"] td { padding: 2px 2px; }
thead { display: table-header-group; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 25mm 20mm 22mm; }
@media print {
  html, body { background: #fff; }
  .nb-report { max-width: none; margin: 0; padding: 0; }
  table.nb-table th { background: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Annotation CSS: flagged cells, their tooltips, the diagnostic list.
const ANNOTATE_CSS: &str = r#".nb-flag { position: relative; outline: 2px solid var(--nb-c); outline-offset: -2px; background: var(--nb-bg) !important; cursor: help; }
.nb-error { --nb-c: #c62828; --nb-bg: #fde4e2; }
.nb-warning { --nb-c: #d97a00; --nb-bg: #fff1d6; }
.nb-info { --nb-c: #1e6bb8; --nb-bg: #e3effb; }
tr.nb-flag > * { background: var(--nb-bg); }
.nb-refs { font-size: 7pt; margin-left: 2px; }
.nb-ref { color: var(--nb-c, #c62828); text-decoration: none; margin-left: 1px; }
.nb-tip {
  display: none; position: absolute; z-index: 10; left: 0; top: 100%; width: max-content;
  max-width: 26em; padding: 6px 8px; background: #fff; color: #111; border: 1px solid #888;
  box-shadow: 0 2px 8px rgba(0,0,0,.2); text-align: left; font-size: 9pt; line-height: 1.5;
  font-weight: normal; text-indent: 0;
}
.nb-flag:hover > .nb-tip, .nb-flag:focus > .nb-tip, .nb-flag:focus-within > .nb-tip,
tr.nb-flag:hover .nb-tip { display: block; }
.nb-tip-item { display: block; border-left: 3px solid var(--nb-c); padding-left: 6px; margin: 2px 0; }
.nb-expect { display: block; font-weight: bold; color: var(--nb-c, #c62828); }
.nb-diagnostics { border: 1px solid #bbb; background: #fbfbf8; padding: 0.5em 1em; margin: 0 0 1.5em; font-size: 10.5pt; }
.nb-diagnostics h2 { margin-top: 0.3em; }
.nb-diagnostics li { margin: 0.3em 0; border-left: 3px solid var(--nb-c); padding-left: 0.5em; }
.nb-diagnostics .nb-expect { display: inline; margin-left: 0.5em; }
.nb-sev { color: var(--nb-c); font-weight: bold; }
:target { outline: 3px solid #1e6bb8 !important; }
@media print { .nb-tip { display: none !important; } .nb-refs { font-size: 6pt; } }
"#;
