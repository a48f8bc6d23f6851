//! Byte offsets ↔ LSP positions. Inside nianbao everything is a byte offset
//! into the text; this is the one boundary where lines and columns are
//! counted, in the encoding negotiated with the client. Lines follow LSP
//! (`\n`, `\r\n` and a lone `\r` end a line), which is what the rope counts
//! with ropey's `cr_lines` feature.

use super::types;
use crate::text::Span;
use ropey::{Rope, RopeSlice};

/// The column unit agreed in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no counting needed), else UTF-16,
    /// the protocol's default.
    pub fn negotiate(offered: Option<&[types::PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&types::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The column unit of [`crate::text::LineIndex`] this encoding counts in.
    pub fn column_unit(self) -> crate::text::ColumnUnit {
        match self {
            Encoding::Utf8 => crate::text::ColumnUnit::Utf8,
            Encoding::Utf16 => crate::text::ColumnUnit::Utf16,
        }
    }

    pub fn kind(self) -> types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => types::PositionEncodingKind::UTF16,
        }
    }

    fn units(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
        }
    }
}

/// A line without its terminator.
fn line_content(rope: &Rope, line: usize) -> RopeSlice<'_> {
    let slice = rope.line(line);
    let mut end = slice.len_bytes();
    if end > 0 && slice.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > 0 && slice.byte(end - 1) == b'\r' {
        end -= 1;
    }
    slice.byte_slice(..end)
}

/// The byte offset of an LSP position. Past the end of a line clamps to the
/// line's end, past the last line to the end of the text, and a column in
/// the middle of a UTF-16 surrogate pair to the character's start — the
/// protocol asks servers to be lenient rather than fail.
pub fn offset(rope: &Rope, pos: types::Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let content = line_content(rope, line);
    let want = pos.character as usize;
    let mut units = 0;
    let mut bytes = 0;
    for ch in content.chars() {
        let w = enc.units(ch);
        if units + w > want {
            break;
        }
        units += w;
        bytes += ch.len_utf8();
    }
    start + bytes
}

/// The LSP position of a byte offset (clamped to the text; an offset inside
/// a character or a line terminator moves back to its start).
pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> types::Position {
    let mut byte = byte.min(rope.len_bytes());
    // Inside a multi-byte character: its start (the rope would panic).
    byte = rope.char_to_byte(rope.byte_to_char(byte));
    let line = rope.byte_to_line(byte);
    let start = rope.line_to_byte(line);
    let content = line_content(rope, line);
    byte = byte.min(start + content.len_bytes());
    let prefix = content.byte_slice(..byte - start);
    let character = match enc {
        Encoding::Utf8 => prefix.len_bytes(),
        Encoding::Utf16 => prefix.len_utf16_cu(),
    };
    types::Position::new(line as u32, character as u32)
}

pub fn range(rope: &Rope, span: &Span, enc: Encoding) -> types::Range {
    types::Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

/// A byte range from an LSP range, ordered even if the client sent it
/// backwards.
pub fn span(rope: &Rope, range: types::Range, enc: Encoding) -> Span {
    let a = offset(rope, range.start, enc);
    let b = offset(rope, range.end, enc);
    a.min(b)..a.max(b)
}

/// The tree-sitter point of a byte offset: row and byte column. Rows are
/// the rope's lines, which agree with tree-sitter's `\n` rows unless the
/// text has a lone `\r`; tree-sitter only uses points to report positions,
/// which nianbao never reads (it works on bytes).
pub fn point(rope: &Rope, byte: usize) -> tree_sitter::Point {
    let byte = byte.min(rope.len_bytes());
    let row = rope.byte_to_line(byte);
    tree_sitter::Point::new(row, byte - rope.line_to_byte(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::Position;

    #[test]
    fn cjk_emoji_and_crlf_in_both_encodings() {
        let text = "ab\r\n总计😀x\n";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap();
        assert_eq!(position(&rope, x, Encoding::Utf16), Position::new(1, 4));
        assert_eq!(position(&rope, x, Encoding::Utf8), Position::new(1, 10));
        assert_eq!(offset(&rope, Position::new(1, 4), Encoding::Utf16), x);
        assert_eq!(offset(&rope, Position::new(1, 10), Encoding::Utf8), x);
        // Column past the end of "ab" stops before the CRLF.
        assert_eq!(offset(&rope, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(position(&rope, 3, Encoding::Utf16), Position::new(0, 2));
        // Line past the end: end of text.
        assert_eq!(
            offset(&rope, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        // Inside the emoji's surrogate pair: its start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(offset(&rope, Position::new(1, 3), Encoding::Utf16), emoji);
        // Inside a multi-byte character (UTF-8 columns): its start.
        assert_eq!(offset(&rope, Position::new(1, 1), Encoding::Utf8), 4);
        assert_eq!(position(&rope, 5, Encoding::Utf16), Position::new(1, 0));
        assert_eq!(
            position(&rope, emoji + 2, Encoding::Utf16),
            Position::new(1, 2)
        );
    }

    #[test]
    fn lone_carriage_return_ends_a_line_as_in_lsp() {
        let rope = Rope::from_str("a\rb");
        assert_eq!(position(&rope, 2, Encoding::Utf16), Position::new(1, 0));
    }

    #[test]
    fn the_model_counts_the_same_lines_as_the_rope() {
        // One line rule for the CLI, the model and the editor.
        let text = "a\rb\r\n总\n\r\rc😀\r";
        let rope = Rope::from_str(text);
        let lines = crate::text::LineIndex::new(text);
        assert_eq!(lines.line_count(), rope.len_lines());
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
                continue; // inside a line break: no position names it
            }
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let p = lines.position(text, at, enc.column_unit());
                let lsp = position(&rope, at, enc);
                assert_eq!(
                    (p.line as u32, p.column as u32),
                    (lsp.line, lsp.character),
                    "at {at}"
                );
            }
        }
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        use types::PositionEncodingKind as K;
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
