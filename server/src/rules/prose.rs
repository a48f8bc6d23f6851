//! Prose as the content rules NB401–NB405 read it (made once per report by
//! `Analysis::paragraphs`): a paragraph's lines joined without whitespace
//! (Chinese wraps without spaces; PDF-extracted text breaks lines
//! mid-number), full-width digits made ASCII, and a map from every byte of
//! that text back to the source, so a match can be reported at the exact
//! characters the author wrote.

use crate::model::{Document, Paragraph};
use crate::text::Span;

#[derive(Debug)]
pub struct Prose {
    /// The normalised text.
    pub text: String,
    /// For every byte of `text`: the source span of the character it came from.
    map: Vec<(usize, usize)>,
}

impl Prose {
    pub fn of_paragraph(doc: &Document, p: &Paragraph) -> Prose {
        let mut text = String::new();
        let mut map = Vec::new();
        for line in &p.lines {
            let src = doc.slice(line);
            for (i, ch) in src.char_indices() {
                if ch.is_whitespace() || ch == '\u{feff}' {
                    continue;
                }
                let start = line.start + i;
                let end = start + ch.len_utf8();
                let c = match ch {
                    '０'..='９' => char::from_u32(ch as u32 - 0xfee0).unwrap_or(ch),
                    c => c,
                };
                let before = text.len();
                text.push(c);
                map.extend(std::iter::repeat_n((start, end), text.len() - before));
            }
        }
        Prose { text, map }
    }

    /// The source span of a byte range of `text` (which must be non-empty
    /// and on character boundaries).
    pub fn source(&self, r: std::ops::Range<usize>) -> Span {
        let start = self.map.get(r.start).map_or(0, |m| m.0);
        let end = self.map.get(r.end.saturating_sub(1)).map_or(start, |m| m.1);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_joined_text_back_to_the_source() {
        let src = "# t\n\n共收到申请 １\n2件。\n";
        let doc = Document::parse(src);
        let crate::model::Block::Paragraph(par) = &doc.blocks[1] else {
            panic!("a paragraph after the title")
        };
        let p = Prose::of_paragraph(&doc, par);
        assert_eq!(p.text, "共收到申请12件。");
        let i = p.text.find("12").unwrap();
        assert_eq!(&src[p.source(i..i + 2)], "１\n2");
    }
}
