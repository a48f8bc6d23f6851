//! `--format human`: rustc/ruff-style diagnostics with source snippets.
//!
//! ```text
//! error[NB302]: 自然人列的（七）总计应为 1（…），填写的是 0
//!   --> examples/gongnong-2021.nianbao:84:11
//!    |
//! 84 | | （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
//!    |              ^
//!    |
//! note: （一）予以公开：1
//!   --> examples/gongnong-2021.nianbao:70:11
//! ...
//! help: 改为 1
//! ```
//!
//! Carets are placed by display width (CJK characters take two columns, a tab
//! four), so they sit under the right characters in a terminal.

use super::{range, Counts, FileResult};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::model::Document;
use crate::text::{display_width, Span};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// Related locations shown with their own snippet; the rest are counted.
const MAX_NOTES: usize = 8;
/// Longer source lines are cut to a window around the marked span.
const MAX_LINE_WIDTH: usize = 120;
const TAB: &str = "    ";
const ELLIPSIS: &str = "...";

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Emit ANSI colours (the caller decides: terminal, `NO_COLOR`, `--color`).
    pub color: bool,
}

struct Palette {
    error: Style,
    warning: Style,
    info: Style,
    note: Style,
    help: Style,
    gutter: Style,
    bold: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        let c = |c: AnsiColor| {
            if color {
                Style::new().fg_color(Some(c.into())).bold()
            } else {
                Style::new()
            }
        };
        Palette {
            error: c(AnsiColor::Red),
            warning: c(AnsiColor::Yellow),
            info: c(AnsiColor::Cyan),
            note: c(AnsiColor::Green),
            help: c(AnsiColor::Cyan),
            gutter: c(AnsiColor::Blue),
            bold: if color {
                Style::new().bold()
            } else {
                Style::new()
            },
        }
    }

    fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// Write every diagnostic of every file (no summary; see [`write_summary`]).
pub fn write(out: &mut dyn Write, files: &[FileResult], opts: &Options) -> io::Result<()> {
    let p = Palette::new(opts.color);
    for (path, doc, diags) in files {
        let path = path.display().to_string();
        for d in diags.iter() {
            diagnostic(out, &p, &path, doc, d)?;
        }
    }
    Ok(())
}

/// The closing line, e.g. `发现 4 个错误、1 个警告（共检查 3 个文件）`.
/// `unchecked` counts files that could not be read.
pub fn summary(files: &[FileResult], unchecked: usize) -> String {
    // Nothing checked is not "no problems": say what happened.
    if files.is_empty() && unchecked > 0 {
        return format!("没有检查任何文件：{unchecked} 个文件无法检查（原因见上）");
    }
    let mut s = match Counts::of(files).phrase() {
        None if unchecked > 0 => "已检查的文件没有发现问题".to_string(),
        None => "没有发现问题".to_string(),
        Some(p) => format!("发现 {p}"),
    };
    s.push_str(&format!("（共检查 {} 个文件", files.len()));
    if unchecked > 0 {
        s.push_str(&format!("，另有 {unchecked} 个文件无法检查"));
    }
    s.push('）');
    s
}

pub fn write_summary(
    out: &mut dyn Write,
    files: &[FileResult],
    unchecked: usize,
    opts: &Options,
) -> io::Result<()> {
    let p = Palette::new(opts.color);
    let style = match Counts::of(files) {
        c if c.errors > 0 => p.error,
        c if c.warnings > 0 => p.warning,
        _ => p.bold,
    };
    writeln!(out, "{style}{}{style:#}", summary(files, unchecked))
}

fn diagnostic(
    out: &mut dyn Write,
    p: &Palette,
    path: &str,
    doc: &Document,
    d: &Diagnostic,
) -> io::Result<()> {
    let sev = p.severity(d.severity);
    let (b, g) = (p.bold, p.gutter);
    writeln!(
        out,
        "{sev}{}[{}]{sev:#}{b}: {}{b:#}",
        d.severity.as_str(),
        d.code,
        d.message
    )?;

    let line_of = |s: &Span| doc.lines.line_of(s.start);
    let primary_line = line_of(&d.span);
    // Places in other reports (an aggregate's parts) are shown after the
    // ones in this report, each with its own file.
    let (elsewhere, here): (Vec<&Related>, Vec<&Related>) =
        d.related.iter().partition(|r| r.file.is_some());
    let (same, other): (Vec<&Related>, Vec<&Related>) = here
        .into_iter()
        .partition(|r| line_of(&r.span) == primary_line);
    let shown = &other[..other.len().min(MAX_NOTES)];
    let shown_elsewhere = &elsewhere[..elsewhere.len().min(MAX_NOTES)];
    let width = shown
        .iter()
        .map(|r| line_of(&r.span))
        .chain(
            shown_elsewhere
                .iter()
                .filter_map(|r| Some(r.file.as_ref()?.doc.lines.line_of(r.span.start))),
        )
        .chain([primary_line])
        .map(|l| (l + 1).to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(width);

    let r = range(doc, &d.span);
    writeln!(out, "{pad}{g}-->{g:#} {path}:{}:{}", r.line, r.column)?;
    writeln!(out, "{pad} {g}|{g:#}")?;
    let mut marks: Vec<Mark> = same
        .iter()
        .map(|r| Mark {
            span: r.span.clone(),
            ch: '-',
            style: p.note,
        })
        .collect();
    marks.push(Mark {
        span: d.span.clone(),
        ch: '^',
        style: sev,
    });
    snippet(out, p, width, doc, primary_line, &marks)?;
    for r in &same {
        writeln!(
            out,
            "{pad} {g}={g:#} {}note{:#}: {}",
            p.note, p.note, r.message
        )?;
    }
    for r in shown {
        let rr = range(doc, &r.span);
        writeln!(out, "{pad} {g}|{g:#}")?;
        writeln!(out, "{}note{:#}: {}", p.note, p.note, r.message)?;
        writeln!(out, "{pad}{g}-->{g:#} {path}:{}:{}", rr.line, rr.column)?;
        writeln!(out, "{pad} {g}|{g:#}")?;
        let mark = Mark {
            span: r.span.clone(),
            ch: '-',
            style: p.note,
        };
        snippet(out, p, width, doc, line_of(&r.span), &[mark])?;
    }
    for r in shown_elsewhere {
        let Some(f) = &r.file else { continue };
        let rr = range(&f.doc, &r.span);
        writeln!(out, "{pad} {g}|{g:#}")?;
        writeln!(out, "{}note{:#}: {}", p.note, p.note, r.message)?;
        let other_path = super::path_text(&f.path);
        writeln!(
            out,
            "{pad}{g}-->{g:#} {other_path}:{}:{}",
            rr.line, rr.column
        )?;
        writeln!(out, "{pad} {g}|{g:#}")?;
        let mark = Mark {
            span: r.span.clone(),
            ch: '-',
            style: p.note,
        };
        snippet(
            out,
            p,
            width,
            &f.doc,
            f.doc.lines.line_of(r.span.start),
            &[mark],
        )?;
    }
    let hidden = other.len() - shown.len() + elsewhere.len() - shown_elsewhere.len();
    if hidden > 0 {
        writeln!(
            out,
            "{pad} {g}={g:#} {}note{:#}: 另有 {} 处相关位置未显示",
            p.note, p.note, hidden
        )?;
    }
    if let Some(fix) = &d.fix {
        writeln!(out, "{}help{:#}: {}", p.help, p.help, fix.title)?;
    }
    // The rule's one-line explanation, and where to read the whole of it.
    if let Some(doc) = crate::knowledge::rule_doc(d.code) {
        writeln!(
            out,
            "{}说明{:#}：{}（详见 nianbao explain {}）",
            p.note, p.note, doc.title, d.code
        )?;
    }
    writeln!(out)
}

struct Mark {
    span: Span,
    ch: char,
    style: Style,
}

/// A source line as shown: each character's text, display column and width.
struct Piece {
    text: String,
    col: usize,
    width: usize,
    offset: usize,
}

/// Print one source line with a gutter and a marker line under it. The last
/// mark is the primary one: the window of a long line is chosen around it,
/// and it is drawn over the others.
fn snippet(
    out: &mut dyn Write,
    p: &Palette,
    width: usize,
    doc: &Document,
    line: usize,
    marks: &[Mark],
) -> io::Result<()> {
    let g = p.gutter;
    let ls = doc.lines.line_span(&doc.text, line);
    let text = doc.text.get(ls.clone()).unwrap_or("");
    let mut pieces = Vec::new();
    let mut col = 0;
    for (i, c) in text.char_indices() {
        let shown = match c {
            '\t' => TAB.to_string(),
            '\u{feff}' => String::new(),
            c if c.is_control() => '\u{fffd}'.to_string(),
            c => c.to_string(),
        };
        let w = display_width(&shown);
        pieces.push(Piece {
            text: shown,
            col,
            width: w,
            offset: ls.start + i,
        });
        col += w;
    }
    let total = col;
    let col_of = |offset: usize| {
        pieces
            .iter()
            .find(|pc| pc.offset >= offset)
            .map_or(total, |pc| pc.col)
    };
    // Each mark as display columns [start, end) on this line.
    let cols: Vec<(usize, usize, &Mark)> = marks
        .iter()
        .filter(|m| {
            let end = m.span.end.max(m.span.start);
            m.span.start <= ls.end && end >= ls.start
        })
        .map(|m| {
            let s = col_of(m.span.start.max(ls.start));
            let e = col_of(m.span.end.min(ls.end)).max(s + 1);
            (s, e, m)
        })
        .collect();

    let primary_start = cols.last().map_or(0, |c| c.0);
    let (ws, we) = if total <= MAX_LINE_WIDTH {
        (0, total.max(1))
    } else {
        let ws = primary_start.saturating_sub(MAX_LINE_WIDTH / 3);
        let we = (ws + MAX_LINE_WIDTH).min(total);
        (we.saturating_sub(MAX_LINE_WIDTH).min(ws), we)
    };
    let prefix = if ws > 0 { ELLIPSIS } else { "" };
    let suffix = if we < total { ELLIPSIS } else { "" };
    let mut shown = String::from(prefix);
    for pc in &pieces {
        if pc.col >= ws && pc.col + pc.width <= we {
            shown.push_str(&pc.text);
        }
    }
    shown.push_str(suffix);

    let number = format!("{:>width$}", line + 1);
    if shown.is_empty() {
        writeln!(out, "{g}{number} |{g:#}")?;
    } else {
        writeln!(out, "{g}{number} |{g:#} {shown}")?;
    }

    // Marker line: one slot per display column of the window (+ the
    // column just past the end, for an empty span at the line end).
    let shift = display_width(prefix);
    let len = shift + (we - ws) + 2;
    let mut slots: Vec<Option<(char, Style)>> = vec![None; len];
    for (s, e, m) in &cols {
        let (s, e) = ((*s).max(ws), (*e).min(we + 1));
        for c in s..e.max(s) {
            if let Some(slot) = slots.get_mut(c - ws + shift) {
                *slot = Some((m.ch, m.style));
            }
        }
    }
    while slots.last().is_some_and(Option::is_none) {
        slots.pop();
    }
    write!(out, "{} {g}|{g:#}", " ".repeat(width))?;
    if !slots.is_empty() {
        write!(out, " ")?;
        for slot in slots {
            match slot {
                None => write!(out, " ")?,
                Some((ch, st)) => write!(out, "{st}{ch}{st:#}")?,
            }
        }
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn render(text: &str, d: &Diagnostic) -> String {
        let doc = Document::parse(text);
        let mut out = Vec::new();
        let files = [(
            std::path::Path::new("a.nianbao"),
            &doc,
            std::slice::from_ref(d),
        )];
        write(&mut out, &files, &Options::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn carets_sit_under_cjk_and_tabs() {
        let text = "# 题目\n\t总计\t12 件\n";
        let at = text.find("12").unwrap();
        let d = Diagnostic::new("NB203", Severity::Error, at..at + 2, "消息");
        let got = render(text, &d);
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines[1], " --> a.nianbao:2:5");
        // tab(4) + 总计(4) + tab(4) = 12 columns before `12`.
        assert_eq!(lines[3], "2 |     总计    12 件");
        assert_eq!(lines[4], "  |             ^^");
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let text = format!("{}总计 9\n", "| 0 ".repeat(400));
        let at = text.find('9').unwrap();
        let d = Diagnostic::new("NB203", Severity::Error, at..at + 1, "消息");
        let got = render(&text, &d);
        let lines: Vec<&str> = got.lines().collect();
        assert!(lines[3].starts_with("1 | ..."), "{}", lines[3]);
        assert!(lines[3].ends_with("总计 9"), "{}", lines[3]);
        assert_eq!(display_width(lines[3]), "1 | ...".len() + MAX_LINE_WIDTH);
        let caret = lines[4].find('^').unwrap();
        // The marker line is ASCII: its byte index is its display column.
        assert_eq!(caret, display_width(lines[3]) - 1);
    }

    #[test]
    fn empty_span_at_line_end_gets_one_caret() {
        let text = "ab\n";
        let d = Diagnostic::new("NB001", Severity::Error, 2..2, "消息");
        let got = render(text, &d);
        assert_eq!(got.lines().nth(4).unwrap(), "  |   ^");
    }

    #[test]
    fn summary_counts_in_chinese() {
        let doc = Document::parse("");
        let ds = [
            Diagnostic::new("NB302", Severity::Error, 0..0, "x"),
            Diagnostic::new("NB114", Severity::Warning, 0..0, "y"),
        ];
        let p = std::path::Path::new("a");
        let files = [(p, &doc, &ds[..]), (p, &doc, &[][..])];
        assert_eq!(
            summary(&files, 0),
            "发现 1 个错误、1 个警告（共检查 2 个文件）"
        );
        assert_eq!(
            summary(&files[1..], 1),
            "已检查的文件没有发现问题（共检查 1 个文件，另有 1 个文件无法检查）"
        );
        assert_eq!(
            summary(&[], 2),
            "没有检查任何文件：2 个文件无法检查（原因见上）"
        );
    }
}
