//! Prose as the content rules NB401–NB405 read it (made once per report by
//! `Analysis::paragraphs`): a paragraph's lines joined without whitespace
//! (Chinese wraps without spaces; PDF-extracted text breaks lines
//! mid-number), full-width digits made ASCII, and a map from every byte of
//! that text back to the source, so a match can be reported at the exact
//! characters the author wrote.
//!
//! A paragraph's prose is a function of its lines' text and layout only, so
//! it is kept relative to the paragraph's first line ([`ProseText`]) and
//! shared by `Arc` between checks of successive versions of a document
//! ([`ProseCache`]): a keystroke rebuilds the prose of the paragraphs it
//! changed, not of the whole report. A paragraph moved by an edit above it
//! keeps its prose at a new offset ([`Prose::base`]).

use crate::model::{Document, Paragraph};
use crate::text::Span;
use std::sync::{Arc, Mutex, OnceLock};

/// One paragraph's prose at one place in the document.
#[derive(Debug, Clone)]
pub struct Prose {
    core: Arc<ProseText>,
    /// The source offset of the paragraph's first line: `core`'s offsets
    /// are relative to it.
    base: usize,
}

impl std::ops::Deref for Prose {
    type Target = ProseText;
    fn deref(&self) -> &ProseText {
        &self.core
    }
}

/// A paragraph's prose wherever it stands: everything in it is a function of
/// `source` and `lines`, which [`ProseText::made_from`] compares before it
/// is reused.
#[derive(Debug)]
pub struct ProseText {
    /// The normalised text.
    pub text: String,
    /// Where `text` came from, in runs (one per stretch the author wrote
    /// without whitespace, not one entry per byte: a 1 MB report's map
    /// would otherwise be 16 MB, built on every keystroke). Source offsets
    /// relative to the first line.
    segs: Vec<Seg>,
    /// The source from the first line's start to the last line's end.
    source: Box<str>,
    /// Each line's span, relative to the first line's start.
    lines: Box<[Span]>,
    /// NB404's pattern matches in `text` (a function of `text` alone),
    /// found on first use and kept with the text they were found in.
    pub(crate) nb404: OnceLock<super::nb404_prose_numbers::Found>,
    /// NB403's statistics-period phrases in `text`, likewise.
    pub(crate) nb403: OnceLock<Vec<std::ops::Range<usize>>>,
}

/// The prose of a document's paragraphs at its last check, for the next
/// check of the same document to reuse (the language server keeps one per
/// open document). Whatever it holds, a paragraph reuses an entry only if
/// its text and line layout are the entry's: an entry left by another
/// version, or by a check of a version that was never published, is as
/// good as a fresh one.
#[derive(Debug, Default)]
pub struct ProseCache(Mutex<Vec<Arc<ProseText>>>);

impl ProseCache {
    /// The prose of `paragraphs` (in block order), reusing the entries
    /// whose source is unchanged, and remembered for the next call. The
    /// unchanged paragraphs are found from both ends first (an edit changes
    /// a run of paragraphs in the middle), then what lies between is looked
    /// up by its text (a paragraph moved, or edits in several places).
    pub(crate) fn prose_of(&self, doc: &Document, paragraphs: &[&Paragraph]) -> Vec<Prose> {
        let old = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        let n = paragraphs.len();
        let same = |o: &Arc<ProseText>, p: &Paragraph| o.made_from(doc, p);
        let mut head = 0;
        while head < n.min(old.len()) && same(&old[head], paragraphs[head]) {
            head += 1;
        }
        let mut tail = 0;
        while tail < (n - head).min(old.len() - head)
            && same(&old[old.len() - 1 - tail], paragraphs[n - 1 - tail])
        {
            tail += 1;
        }
        let middle: std::collections::HashMap<&str, &Arc<ProseText>> = old[head..old.len() - tail]
            .iter()
            .map(|o| (&*o.source, o))
            .collect();
        let out: Vec<Prose> = paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let core = if i < head {
                    old[i].clone()
                } else if i >= n - tail {
                    old[old.len() - (n - i)].clone()
                } else {
                    match middle.get(source_of(doc, p)) {
                        Some(o) if o.made_from(doc, p) => Arc::clone(o),
                        _ => Arc::new(ProseText::of_paragraph(doc, p)),
                    }
                };
                Prose {
                    core,
                    base: base_of(p),
                }
            })
            .collect();
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) =
            out.iter().map(|p| p.core.clone()).collect();
        out
    }
}

/// Where a paragraph's offsets start: its first line.
fn base_of(p: &Paragraph) -> usize {
    p.lines.first().map_or(p.span.start, |l| l.start)
}

/// A paragraph's source, from its first line's start to its last line's end.
fn source_of<'d>(doc: &'d Document, p: &Paragraph) -> &'d str {
    let base = base_of(p);
    &doc.text[base..p.lines.last().map_or(base, |l| l.end)]
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
        Prose {
            core: Arc::new(ProseText::of_paragraph(doc, p)),
            base: base_of(p),
        }
    }

    /// The source offset the paragraph's first line starts at.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The source span of a byte range of `text` (which must be non-empty
    /// and on character boundaries).
    pub fn source(&self, r: std::ops::Range<usize>) -> Span {
        self.core.source(self.base, r)
    }
}

impl ProseText {
    fn of_paragraph(doc: &Document, p: &Paragraph) -> ProseText {
        let base = base_of(p);
        let mut text = String::with_capacity(p.lines.iter().map(|l| l.len()).sum());
        let mut segs = Vec::new();
        // The source offset that continues the current byte-for-byte run.
        let mut next_src = usize::MAX;
        for line in &p.lines {
            let src = doc.slice(line);
            let line_start = line.start - base;
            let mut run = 0;
            for (i, ch) in candidates(src).chain([(src.len(), ' ')]) {
                let digit = ('０'..='９').contains(&ch);
                if !(digit || ch.is_whitespace() || ch == '\u{feff}') {
                    continue;
                }
                // src[run..i] holds no whitespace and no full-width digit:
                // copied in one piece.
                if i > run {
                    let start = line_start + run;
                    if start != next_src {
                        segs.push(Seg {
                            text: text.len(),
                            src: start,
                            digit: false,
                        });
                    }
                    text.push_str(&src[run..i]);
                    next_src = line_start + i;
                }
                run = (i + ch.len_utf8()).min(src.len());
                if digit {
                    segs.push(Seg {
                        text: text.len(),
                        src: line_start + i,
                        digit: true,
                    });
                    text.push(char::from(b'0' + (ch as u32 - '０' as u32) as u8));
                    next_src = usize::MAX;
                }
            }
        }
        ProseText {
            text,
            segs,
            source: source_of(doc, p).into(),
            lines: p
                .lines
                .iter()
                .map(|l| l.start - base..l.end - base)
                .collect(),
            nb404: OnceLock::new(),
            nb403: OnceLock::new(),
        }
    }

    /// Whether this is the prose of `p`: the same source text in the same
    /// lines (wherever the paragraph now starts).
    fn made_from(&self, doc: &Document, p: &Paragraph) -> bool {
        let base = base_of(p);
        p.lines.len() == self.lines.len()
            && p.lines
                .iter()
                .zip(self.lines.iter())
                .all(|(l, r)| l.start - base == r.start && l.end - base == r.end)
            && *source_of(doc, p) == *self.source
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

    /// The source span of a byte range of `text` (non-empty, on character
    /// boundaries) for the paragraph's first line at `base`.
    fn source(&self, base: usize, r: std::ops::Range<usize>) -> Span {
        let len = self.text.len();
        let start = if r.start < len {
            base + self.char_source(r.start).0
        } else {
            0
        };
        let last = r.end.saturating_sub(1);
        let end = if last < len {
            base + self.char_source(last).1
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

    fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                crate::model::Block::Paragraph(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn unchanged_paragraphs_are_reused_at_their_new_place() {
        let cache = ProseCache::default();
        let before = "# t\n\n甲收到\n１２件。\n\n乙三件。\n\n丙。\n";
        let doc = Document::parse(before);
        let old = cache.prose_of(&doc, &paragraphs(&doc));
        // A paragraph inserted above, one changed, one moved up (two
        // places: the middle is looked up by text).
        let after = "# t\n\n新段落。\n\n丙。\n\n甲收到\n１２件。\n\n乙四件。\n";
        let doc = Document::parse(after);
        let new = cache.prose_of(&doc, &paragraphs(&doc));
        let texts: Vec<&str> = new.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["新段落。", "丙。", "甲收到12件。", "乙四件。"]);
        assert!(Arc::ptr_eq(&old[0].core, &new[2].core));
        assert!(Arc::ptr_eq(&old[2].core, &new[1].core));
        assert!(!Arc::ptr_eq(&old[1].core, &new[3].core));
        // Shifted: the spans are in the new text.
        let p = &new[2];
        let i = p.text.find("12").unwrap();
        assert_eq!(&after[p.source(i..i + 2)], "１２");
        assert_eq!(&after[p.source(0..p.text.len())], "甲收到\n１２件。");
        // The same text in other lines is another paragraph's prose.
        let relined = "# t\n\n新段落。\n\n丙。\n\n甲收\n到１２件。\n\n乙四件。\n";
        let doc = Document::parse(relined);
        let again = cache.prose_of(&doc, &paragraphs(&doc));
        assert!(!Arc::ptr_eq(&new[2].core, &again[2].core));
        assert_eq!(again[2].text, "甲收到12件。");
        assert_eq!(
            &relined[again[2].source(0..again[2].text.len())],
            "甲收\n到１２件。"
        );
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
