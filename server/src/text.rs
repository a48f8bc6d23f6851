//! Positions in source text. Everything inside nianbao works with byte
//! offsets; this module converts them, at the boundary, into the line/column
//! pairs that users and protocols see (characters for the CLI, UTF-16 or UTF-8
//! units for the language server).

use std::ops::Range;

/// A byte range into the source text.
pub type Span = Range<usize>;

/// Line starts of a text, for offset → (line, column) conversion. Lines end
/// as the language server protocol says (`\n`, `\r\n` or a lone `\r`), the
/// rule the language server's rope follows too, so that the CLI, the model
/// and the editor count the same lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// A zero-based line and column; the column unit depends on the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values (what the CLI and JSON output count).
    Char,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Bytes.
    Utf8,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self::with_breaks(text, true)
    }

    /// Lines as the grammar reads them: only `\n` (or `\r\n`) ends one, a
    /// lone `\r` is text inside a line (NB001). For what works on the
    /// structure line by line (the formatter); positions shown to users
    /// come from [`LineIndex::new`].
    pub fn grammar_lines(text: &str) -> Self {
        Self::with_breaks(text, false)
    }

    fn with_breaks(text: &str, lone_cr: bool) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let breaks = |i: usize| bytes[i] == b'\n' || (lone_cr && bytes.get(i + 1) != Some(&b'\n'));
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| breaks(i))
                .map(|i| i + 1),
        );
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Zero-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte range of a line without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Convert a byte offset into a zero-based position. Offsets inside a
    /// multi-byte character are moved back to the character's start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let prefix = &text[start..offset];
        let column = match unit {
            ColumnUnit::Char => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.encode_utf16().count(),
            ColumnUnit::Utf8 => prefix.len(),
        };
        Position { line, column }
    }

    /// Convert a zero-based position back into a byte offset. Columns past
    /// the end of the line clamp to the line end; lines past the end clamp
    /// to the end of the text (as LSP asks of servers).
    pub fn offset(&self, text: &str, pos: Position, unit: ColumnUnit) -> usize {
        if pos.line >= self.starts.len() {
            return self.len;
        }
        let span = self.line_span(text, pos.line);
        let line = &text[span.clone()];
        let mut consumed = 0;
        for (i, ch) in line.char_indices() {
            if consumed >= pos.column {
                return span.start + i;
            }
            consumed += match unit {
                ColumnUnit::Char => 1,
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Utf8 => ch.len_utf8(),
            };
        }
        span.end
    }
}

/// Display width of a string in a terminal (CJK characters are two columns).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_utf16_and_bytes() {
        let text = "ab\r\n总计😀x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, ColumnUnit::Char),
            Position { line: 1, column: 3 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf16),
            Position { line: 1, column: 4 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf8),
            Position {
                line: 1,
                column: 10
            }
        );
        assert_eq!(
            idx.offset(text, Position { line: 1, column: 4 }, ColumnUnit::Utf16),
            x
        );
        assert_eq!(idx.line_span(text, 0), 0..2);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "总计\n";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    column: 99
                },
                ColumnUnit::Char
            ),
            6
        );
        assert_eq!(
            idx.offset(text, Position { line: 9, column: 0 }, ColumnUnit::Char),
            7
        );
        // An offset inside a multi-byte character snaps back to its start.
        assert_eq!(
            idx.position(text, 1, ColumnUnit::Char),
            Position { line: 0, column: 0 }
        );
    }

    #[test]
    fn cjk_is_two_columns_wide() {
        assert_eq!(display_width("总计 1"), 6);
    }
}
