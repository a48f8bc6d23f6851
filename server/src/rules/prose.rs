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
    /// Where `text` came from, in runs (one per stretch the author wrote
    /// without whitespace, not one entry per byte: a 1 MB report's map
    /// would otherwise be 16 MB, built on every keystroke).
    segs: Vec<Seg>,
}

/// From byte `text` of the normalised text on, the source from byte `src`
/// on: byte for byte, or (`digit`) one ASCII digit for a full-width one.
#[derive(Debug, Clone, Copy)]
struct Seg {
    text: usize,
    src: usize,
    digit: bool,
}

/// The UTF-8 length of a full-width digit (U+FF10–U+FF19).
const FULL_WIDTH_DIGIT_LEN: usize = 3;

/// The characters of `src` that may be whitespace, a byte order mark or a
/// full-width digit (what [`Prose::of_paragraph`] drops or rewrites), with
/// their offsets. The others are skipped by their bytes without decoding:
/// Chinese prose is mostly ideographs (three bytes led by E4–E9) and
/// punctuation that shares its first byte with U+3000 or U+FF10–U+FF19
/// but not its second.
fn candidates(src: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = src.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            let b = bytes[i];
            let may = match b {
                0xe4..=0xe9 => {
                    i += 3;
                    continue;
                }
                0x00..=0x7f => b.is_ascii_whitespace() || b == 0x0b,
                // U+0085, U+00A0
                0xc2 => matches!(at(i + 1), 0x85 | 0xa0),
                // U+1680
                0xe1 => at(i + 1) == 0x9a,
                // U+2000–U+207F: the spaces, U+2028, U+2029, U+202F, U+205F
                0xe2 => matches!(at(i + 1), 0x80 | 0x81),
                // U+3000
                0xe3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
                // U+FEFF, U+FF10–U+FF19
                0xef => matches!((at(i + 1), at(i + 2)), (0xbb, 0xbf) | (0xbc, 0x90..=0x99)),
                _ => false,
            };
            i += 1;
            if may {
                let c = src[start..].chars().next()?;
                i = start + c.len_utf8();
                return Some((start, c));
            }
        }
        None
    })
}

impl Prose {
    pub fn of_paragraph(doc: &Document, p: &Paragraph) -> Prose {
        let mut text = String::with_capacity(p.lines.iter().map(|l| l.len()).sum());
        let mut segs = Vec::new();
        // The source offset that continues the current byte-for-byte run.
        let mut next_src = usize::MAX;
        for line in &p.lines {
            let src = doc.slice(line);
            let mut run = 0;
            for (i, ch) in candidates(src).chain([(src.len(), ' ')]) {
                let digit = ('０'..='９').contains(&ch);
                if !(digit || ch.is_whitespace() || ch == '\u{feff}') {
                    continue;
                }
                // src[run..i] holds no whitespace and no full-width digit:
                // copied in one piece.
                if i > run {
                    let start = line.start + run;
                    if start != next_src {
                        segs.push(Seg {
                            text: text.len(),
                            src: start,
                            digit: false,
                        });
                    }
                    text.push_str(&src[run..i]);
                    next_src = line.start + i;
                }
                run = (i + ch.len_utf8()).min(src.len());
                if digit {
                    segs.push(Seg {
                        text: text.len(),
                        src: line.start + i,
                        digit: true,
                    });
                    text.push(char::from(b'0' + (ch as u32 - '０' as u32) as u8));
                    next_src = usize::MAX;
                }
            }
        }
        Prose { text, segs }
    }

    /// The source span of the character of `text` holding byte `t`
    /// (`t < text.len()`).
    fn char_source(&self, t: usize) -> (usize, usize) {
        let seg = self.segs[self.segs.partition_point(|s| s.text <= t) - 1];
        if seg.digit {
            return (seg.src, seg.src + FULL_WIDTH_DIGIT_LEN);
        }
        let mut c = t;
        while !self.text.is_char_boundary(c) {
            c -= 1;
        }
        let len = self.text[c..].chars().next().map_or(1, char::len_utf8);
        let start = seg.src + (c - seg.text);
        (start, start + len)
    }

    /// The source span of a byte range of `text` (which must be non-empty
    /// and on character boundaries).
    pub fn source(&self, r: std::ops::Range<usize>) -> Span {
        let len = self.text.len();
        let start = if r.start < len {
            self.char_source(r.start).0
        } else {
            0
        };
        let last = r.end.saturating_sub(1);
        let end = if last < len {
            self.char_source(last).1
        } else {
            start
        };
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

    /// The map as it was first written, one entry per byte: the runs must
    /// give the same span for every range.
    fn per_byte(doc: &Document, par: &Paragraph) -> Vec<(usize, usize)> {
        let mut map = Vec::new();
        for line in &par.lines {
            for (i, ch) in doc.slice(line).char_indices() {
                if ch.is_whitespace() || ch == '\u{feff}' {
                    continue;
                }
                let (start, end) = (line.start + i, line.start + i + ch.len_utf8());
                let n = if ch.is_ascii() || ('０'..='９').contains(&ch) {
                    1
                } else {
                    ch.len_utf8()
                };
                map.extend(std::iter::repeat_n((start, end), n));
            }
        }
        map
    }

    #[test]
    fn every_character_that_matters_is_a_candidate() {
        let matters = |c: char| c.is_whitespace() || c == '\u{feff}' || ('０'..='９').contains(&c);
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| matters(c))
        {
            let src = format!("甲{c}乙");
            assert_eq!(
                candidates(&src).collect::<Vec<_>>(),
                [(3, c)],
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn runs_map_every_range_as_a_byte_map_would() {
        let src = "# t\n\n\u{feff}共 收到１２件，\t其中 ３ 件\r\n已答复😀ab\n　全角空格后９。\n";
        let doc = Document::parse(src);
        let crate::model::Block::Paragraph(par) = &doc.blocks[1] else {
            panic!("a paragraph after the title")
        };
        let p = Prose::of_paragraph(&doc, par);
        assert_eq!(p.text, "共收到12件，其中3件已答复😀ab全角空格后9。");
        let map = per_byte(&doc, par);
        assert_eq!(map.len(), p.text.len());
        let bounds: Vec<usize> = (0..=p.text.len())
            .filter(|&b| p.text.is_char_boundary(b))
            .collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k + 1..] {
                assert_eq!(p.source(a..b), map[a].0..map[b - 1].1, "{a}..{b}");
            }
        }
    }
}
