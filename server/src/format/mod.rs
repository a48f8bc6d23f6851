//! The formatter: aligns pipe tables and tidies whitespace, and nothing
//! else. It is content-preserving: every word and number stays as written;
//! only table padding, delimiter dashes, trailing whitespace, extra blank
//! lines and line endings change. Shared by `nianbao fmt` and the language
//! server.
//!
//! A table is reformatted only when it parsed cleanly; anything the grammar
//! could not read is left as written (apart from the line-level tidying).
//!
//! Decisions where docs/format.md is silent:
//! - Columns are at least 3 wide (so `---` fits); widths are display widths.
//! - The label column is always left-aligned. A value column marked `---:`
//!   or `:---:` aligns every cell, header included, that way; `:---` aligns
//!   left; a plain `---` column right-aligns body cells that hold a number
//!   or a placeholder (`/`, `-`, `无`: they stand for numbers) and
//!   left-aligns the rest.
//! - Blank lines: runs collapse to one, trailing ones go, a single leading
//!   one stays (it decides whether a `---` line opens front matter, so
//!   dropping it would change what the report means). In a report with a
//!   syntax error, runs are kept as written: their length can change how
//!   the parser recovers.
//! - Trailing whitespace is ASCII only: a full-width space is content.
//! - Tables are rewritten flush left (indentation before `|` is padding).

use crate::model::{Alignment, Document, Row, Table};
use crate::text::{display_width, LineIndex};
use crate::value::Value;

pub mod fix;

pub use fix::{apply_fixes, fix_all};

const BOM: char = '\u{feff}';

/// Format a text.
pub fn format(text: &str) -> String {
    format_document(&Document::parse(text))
}

/// Format an already parsed document (the language server keeps one).
///
/// One pass can change how the parser recovers from an error elsewhere in a
/// broken report (a table that was inside an error region no longer is, and
/// so is aligned by the next pass), so passes repeat until the text stops
/// changing: `fmt` is idempotent by construction. Each pass keeps every word
/// and number, so any number of them does. A report that parses cleanly
/// takes one pass.
pub fn format_document(doc: &Document) -> String {
    /// Far more than any input the fuzzer found needs (two).
    const MAX_PASSES: usize = 8;
    let mut current = format_pass(doc);
    if doc.syntax_errors.is_empty() {
        return current;
    }
    for _ in 1..MAX_PASSES {
        let next = format_pass(&Document::parse(&current));
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// One formatting pass over a parsed document.
fn format_pass(doc: &Document) -> String {
    let text = doc.text.as_str();
    let eol = if text
        .find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
    {
        "\r\n"
    } else {
        "\n"
    };
    // The grammar's lines, not the editor's: a lone \r is text inside a
    // line (and NB001), which formatting must keep, not turn into a break.
    let grammar_lines = LineIndex::grammar_lines(text);
    let line_count = grammar_lines.line_count();
    // Replacement text for the lines of cleanly parsed tables.
    let mut replaced: Vec<Option<String>> = vec![None; line_count];
    for table in doc.tables() {
        if let Some(lines) = format_table(doc, &grammar_lines, table) {
            for (line, new) in lines {
                replaced[line] = Some(new);
            }
        }
    }

    let bom = text.starts_with(BOM);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    if bom {
        out.push(BOM);
    }
    // In a report the grammar could not wholly read, blank lines are kept
    // as written: how many there are can change how the parser recovers (a
    // header, two blank lines and a delimiter row is not the table that one
    // blank line gives), and judging "near the error" is not stable from
    // one run to the next (found by fuzzing), so the rule is all or none.
    let keep_blank_runs = !doc.syntax_errors.is_empty();
    let mut blanks = 0;
    let mut wrote_any = false;
    for (line, replacement) in replaced.into_iter().enumerate() {
        let content = match replacement {
            Some(r) => r,
            None => {
                let span = grammar_lines.line_span(text, line);
                let mut s = &text[span];
                if line == 0 && bom {
                    s = &s[BOM.len_utf8()..];
                }
                s.trim_end_matches(is_trailing_space).to_string()
            }
        };
        if content.is_empty() {
            // Runs of blank lines collapse to one; a leading one is kept (it
            // decides whether `---` opens front matter), trailing ones go.
            blanks += 1;
            continue;
        }
        if blanks > 0 {
            let keep = if keep_blank_runs { blanks } else { 1 };
            for _ in 0..keep {
                out.push_str(eol);
            }
            blanks = 0;
        }
        out.push_str(&content);
        out.push_str(eol);
        wrote_any = true;
    }
    if !wrote_any {
        // Only blank lines: nothing worth keeping but the BOM.
        out.truncate(if bom { BOM.len_utf8() } else { 0 });
    }
    out
}

/// ASCII whitespace that may trail a line (a stray `\r` included: the line
/// ending is rewritten anyway). Full-width spaces are content, not padding.
fn is_trailing_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\x0b' | '\x0c')
}

/// The aligned lines of a table, by line number, or None when the table did
/// not parse cleanly (it is then left as written).
fn format_table(doc: &Document, lines: &LineIndex, table: &Table) -> Option<Vec<(usize, String)>> {
    let span = &table.span;
    let broken = doc
        .syntax_errors
        .iter()
        .any(|e| e.span.start <= span.end && e.span.end >= span.start);
    if broken || table.header.cells.is_empty() || table.delimiter.is_empty() {
        return None;
    }
    let rows: Vec<&Row> = std::iter::once(&table.header)
        .chain(table.rows.iter())
        .collect();
    if rows.iter().any(|r| !r.closed) {
        return None;
    }
    let delim_text = doc.slice(&table.delimiter);
    let delim_cells: Vec<&str> = delim_text
        .trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    if delim_cells.len() != table.alignments.len() {
        return None;
    }

    let columns = rows
        .iter()
        .map(|r| r.cells.len())
        .chain([delim_cells.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![3usize; columns];
    for r in &rows {
        for (i, c) in r.cells.iter().enumerate() {
            widths[i] = widths[i].max(display_width(&c.text));
        }
    }
    let align = |i: usize| table.alignments.get(i).copied().unwrap_or(Alignment::None);

    let mut out = Vec::with_capacity(rows.len() + 1);
    for (ri, r) in rows.iter().enumerate() {
        let mut line = String::from("|");
        for (i, c) in r.cells.iter().enumerate() {
            let how = if i == 0 {
                Alignment::Left
            } else {
                match align(i) {
                    Alignment::None if ri > 0 && holds_number(&c.text) => Alignment::Right,
                    Alignment::None => Alignment::Left,
                    a => a,
                }
            };
            line.push(' ');
            pad(&mut line, &c.text, widths[i], how);
            line.push_str(" |");
        }
        out.push((lines.line_of(r.span.start), line));
    }
    let mut line = String::from("|");
    for (i, a) in table.alignments.iter().enumerate() {
        let (left, right) = match a {
            Alignment::None => (false, false),
            Alignment::Left => (true, false),
            Alignment::Right => (false, true),
            Alignment::Center => (true, true),
        };
        let dashes = widths[i]
            .saturating_sub(usize::from(left) + usize::from(right))
            .max(1);
        line.push(' ');
        if left {
            line.push(':');
        }
        line.extend(std::iter::repeat_n('-', dashes));
        if right {
            line.push(':');
        }
        line.push_str(" |");
    }
    out.push((lines.line_of(table.delimiter.start), line));

    // Belt and braces: a rewritten row must hold exactly the non-blank
    // characters of the original (the delimiter's dashes aside). Anything
    // the model did not capture (say a stray BOM between pipes) keeps the
    // whole table as written.
    for (line, new) in &out {
        let old = &doc.text[lines.line_span(&doc.text, *line)];
        if *line == lines.line_of(table.delimiter.start) {
            if old
                .chars()
                .any(|c| !matches!(c, '|' | ':' | '-' | ' ' | '\t'))
            {
                return None;
            }
        } else if !same_ink(old, new) {
            return None;
        }
    }
    Some(out)
}

fn same_ink(a: &str, b: &str) -> bool {
    let ink = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '\t' | '\r'))
            .collect()
    };
    ink(a) == ink(b)
}

/// A value cell that reads as a number (or a placeholder standing for one).
fn holds_number(text: &str) -> bool {
    matches!(Value::parse(text), Value::Number(_) | Value::Placeholder)
}

fn pad(out: &mut String, text: &str, width: usize, how: Alignment) {
    let gap = width.saturating_sub(display_width(text));
    let (before, after) = match how {
        Alignment::Right => (gap, 0),
        Alignment::Center => (gap / 2, gap - gap / 2),
        Alignment::Left | Alignment::None => (0, gap),
    };
    out.extend(std::iter::repeat_n(' ', before));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', after));
}

/// The non-blank characters of a text outside lines shaped like table
/// delimiter rows (`| --- | ---: |`), in order: what formatting must never
/// change (the tests and the fuzzer compare it before and after). Judged by
/// the line's shape, not by a parse, because adding the final newline can
/// change how a broken table parses while changing no content.
pub fn ink_outside_delimiters(text: &str) -> String {
    let is_delimiter = |line: &str| {
        line.contains('|')
            && line.contains('-')
            && line
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':') || c.is_whitespace())
    };
    text.split('\n')
        .filter(|line| !is_delimiter(line))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests;
