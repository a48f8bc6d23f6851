//! A PDF file read directly: the text with positions (glyphs from
//! `pdf-extract`'s [`OutputDev`] callbacks, parsed by `lopdf`) and the ruling
//! lines drawn on each page, turned into the shared draft model.
//!
//! - **Tables** are the regions of connected ruling lines (horizontal and
//!   vertical segments that touch). Their distinct x and y positions cut the
//!   region into elementary cells; neighbouring elementary cells with no
//!   line between them are one cell, so the spans (a vertical group label
//!   over many rows, a header wrapped over several lines, a header cell over
//!   several columns) come out as `rowspan`/`colspan` for
//!   [`Grid::from_spanned`]. Each glyph goes to the cell holding its centre;
//!   a cell's lines are joined without a break (a vertical label, one
//!   character per line, is one word).
//! - A table that ends a page and one that starts the next with the same
//!   column boundaries are one table; a label cell cut by the page break
//!   (the empty top of a group cell) continues the cell above it, and a
//!   header repeated on the new page is dropped.
//! - **Text** outside tables is cut into lines by baseline, and lines into
//!   paragraphs: a line ending short of the right margin, an indented line,
//!   a change of size or a wide gap starts a new one. Page numbers in the
//!   margins (`-1-`, `— 3 —`, `第 1 页`) are dropped and counted in a note.
//!
//! Bad input never panics the process: the parser runs under
//! [`std::panic::catch_unwind`] (pdf-extract calls `unwrap` and `expect` on
//! malformed objects), the input size, the pages read and the glyphs kept
//! are bounded, and every refusal is an [`ImportError`] with a Chinese
//! message.

use super::draft::{is_number, Block, Draft, Grid, Loc, SpannedCell};
use super::{ImportError, Unplaced};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The largest PDF import reads. Published report PDFs are well under 5 MB
/// (the real ones here: 0.2–0.4 MB); 32 MB leaves room for scanned seals and
/// photos while bounding the parsed object tree (a few times the file).
pub const MAX_PDF: usize = 32 * 1_048_576;

/// Pages read: a report has a handful; past this the rest is listed as not placed.
const MAX_PAGES: u32 = 100;

/// Glyphs kept: a report has a few thousand per page.
const MAX_GLYPHS: usize = 2_000_000;

/// One glyph as drawn: its origin on the baseline, advance and size, in
/// page space (points, y up).
#[derive(Debug, Clone)]
struct Glyph {
    ch: char,
    x: f64,
    y: f64,
    adv: f64,
    size: f64,
}

impl Glyph {
    fn cx(&self) -> f64 {
        self.x + self.adv / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.size * 0.35
    }
}

/// A horizontal or vertical ruling line: `pos` across, `a..b` along.
#[derive(Debug, Clone, Copy)]
struct Seg {
    horizontal: bool,
    pos: f64,
    a: f64,
    b: f64,
}

#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    segs: Vec<Seg>,
    height: f64,

    bottom: f64,
}

/// Collects glyphs and ruling lines page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    glyphs: usize,
    /// Glyphs drawn with no character (a CID font without ToUnicode).
    unmapped: usize,
    truncated: bool,
}

impl Collector {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().unwrap()
    }

    fn path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let pt = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let mut segs = Vec::new();
        let mut start = (0.0, 0.0);
        let mut cur = (0.0, 0.0);
        let mut sub: Vec<(f64, f64)> = Vec::new();
        let mut subs: Vec<Vec<(f64, f64)>> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    cur = pt(x, y);
                    start = cur;
                    if !sub.is_empty() {
                        subs.push(std::mem::take(&mut sub));
                    }
                    sub.push(cur);
                }
                PathOp::LineTo(x, y) => {
                    let p = pt(x, y);
                    segs.push((cur, p));
                    sub.push(p);
                    cur = p;
                }
                PathOp::Close => {
                    segs.push((cur, start));
                    cur = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let c = [pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)];
                    if filled {
                        subs.push(c.to_vec());
                    } else {
                        for i in 0..4 {
                            segs.push((c[i], c[(i + 1) % 4]));
                        }
                    }
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = pt(x, y);
                    sub.push(cur);
                }
            }
        }
        if !sub.is_empty() {
            subs.push(sub);
        }
        let page = self.page();
        if filled {
            // A filled shape is a rule only when thin (a border drawn as a
            // filled rectangle, as Chromium does); a background is not.
            for s in subs {
                let (x0, x1) = min_max(s.iter().map(|p| p.0));
                let (y0, y1) = min_max(s.iter().map(|p| p.1));
                if y1 - y0 <= 2.5 && x1 - x0 > 2.5 {
                    page.segs.push(Seg {
                        horizontal: true,
                        pos: (y0 + y1) / 2.0,
                        a: x0,
                        b: x1,
                    });
                } else if x1 - x0 <= 2.5 && y1 - y0 > 2.5 {
                    page.segs.push(Seg {
                        horizontal: false,
                        pos: (x0 + x1) / 2.0,
                        a: y0,
                        b: y1,
                    });
                }
            }
            return;
        }
        for ((x0, y0), (x1, y1)) in segs {
            if (y1 - y0).abs() < 1.0 && (x1 - x0).abs() > 2.0 {
                page.segs.push(Seg {
                    horizontal: true,
                    pos: (y0 + y1) / 2.0,
                    a: x0.min(x1),
                    b: x0.max(x1),
                });
            } else if (x1 - x0).abs() < 1.0 && (y1 - y0).abs() > 2.0 {
                page.segs.push(Seg {
                    horizontal: false,
                    pos: (x0 + x1) / 2.0,
                    a: y0.min(y1),
                    b: y0.max(y1),
                });
            }
        }
    }
}

fn min_max(it: impl Iterator<Item = f64>) -> (f64, f64) {
    it.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
}

/// A Kangxi or supplementary radical as its unified ideograph (`⾏` → `行`):
/// CJK fonts share one glyph between the two, and the ToUnicode maps that
/// Chromium (Skia) writes often name the radical.
fn unradical(ch: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    // The supplement's simplified radicals have no compatibility mapping:
    // their ideographs, from Unicode's CJKRadicals.txt.
    const SUPPLEMENT: [(char, char); 31] = [
        ('⺟', '母'),
        ('⺠', '民'),
        ('⺰', '纟'),
        ('⻅', '见'),
        ('⻆', '角'),
        ('⻈', '讠'),
        ('⻉', '贝'),
        ('⻋', '车'),
        ('⻌', '辶'),
        ('⻐', '钅'),
        ('⻓', '长'),
        ('⻔', '门'),
        ('⻙', '韦'),
        ('⻚', '页'),
        ('⻛', '风'),
        ('⻜', '飞'),
        ('⻠', '饣'),
        ('⻢', '马'),
        ('⻥', '鱼'),
        ('⻦', '鸟'),
        ('⻧', '卤'),
        ('⻨', '麦'),
        ('⻩', '黄'),
        ('⻪', '黾'),
        ('⻬', '齐'),
        ('⻮', '齿'),
        ('⻰', '龙'),
        ('⻳', '龟'),
        ('⻘', '青'),
        ('⻝', '食'),
        ('⻄', '西'),
    ];
    if let Some(&(_, c)) = SUPPLEMENT.iter().find(|(r, _)| *r == ch) {
        return c;
    }
    if ('\u{2f00}'..='\u{2fdf}').contains(&ch) {
        let mut n = std::iter::once(ch).nfkc();
        if let (Some(c), None) = (n.next(), n.next()) {
            return c;
        }
    }
    ch
}

fn limit_error() -> OutputError {
    OutputError::FormatError(std::fmt::Error)
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page {
            height: media_box.ury - media_box.lly,
            bottom: media_box.lly,
            ..Page::default()
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs >= MAX_GLYPHS {
            self.truncated = true;
            return Err(limit_error());
        }
        // The size in page space, as pdf-extract's own text output takes it.
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        if !size.is_finite() || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        // The advance as the font declares it, capped at one em (some
        // fonts declare nonsense widths).
        let adv = (width.clamp(0.0, 1.0) * size).max(size * 0.3);
        if text.is_empty() {
            self.unmapped += 1;
            return Ok(());
        }
        let n = text.chars().count().max(1) as f64;
        for (i, ch) in text.chars().enumerate() {
            if ch.is_whitespace() || ch.is_control() {
                continue;
            }
            let ch = unradical(ch);
            self.glyphs += 1;
            let page = self.page();
            page.glyphs.push(Glyph {
                ch,
                x: trm.m31 + adv / n * i as f64,
                y: trm.m32,
                adv: adv / n,
                size,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, false);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true);
        Ok(())
    }
}

/// Read a PDF file into a draft.
pub fn read(input: &[u8]) -> Result<Draft, ImportError> {
    if input.len() > MAX_PDF {
        return Err(ImportError::PdfTooLarge { size: input.len() });
    }
    if !input[..input.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ImportError::PdfCorrupt);
    }
    let (pages, unmapped, mut notes, lost) = extract(input)?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    // Glyphs without characters: a few are decoration, many are text that
    // cannot be read (digits among them would come out as blank cells).
    if unmapped >= 10 && unmapped * 50 > glyphs + unmapped {
        return Err(ImportError::PdfNoUnicode);
    }
    if glyphs == 0 {
        return Err(ImportError::PdfNoText { pages: pages.len() });
    }
    if unmapped > 0 {
        notes.push(format!(
            "PDF 中有 {unmapped} 个字形没有对应的文字（字体缺少 ToUnicode），已略去；请对照 PDF 核对"
        ));
    }
    if garbled(pages.iter().flat_map(|p| p.glyphs.iter().map(|g| g.ch))) {
        return Err(ImportError::PdfNoUnicode);
    }
    let mut draft = layout(&pages);
    draft.notes.splice(0..0, notes);
    draft.unplaced.extend(lost);
    Ok(draft)
}

/// Parse the file and collect every page's glyphs and rules. The parser
/// runs under `catch_unwind`: pdf-extract panics on some malformed input.
/// What was read: the pages, the glyphs without a character, notes, and
/// the pages (or their rest) that could not be read, as not placed.
type Extracted = (Vec<Page>, usize, Vec<String>, Vec<Unplaced>);

fn extract(input: &[u8]) -> Result<Extracted, ImportError> {
    let quiet = QuietPanics::new();
    let doc = catch_unwind(|| lopdf::Document::load_mem(input));
    let mut doc = match doc {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            drop(quiet);
            return Err(match e {
                lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
                    ImportError::PdfEncrypted
                }
                _ => ImportError::PdfCorrupt,
            });
        }
        Err(_) => return Err(ImportError::PdfCorrupt),
    };
    // An encrypted file with an empty user password (a permissions lock,
    // common on published reports) opens; one that needs a password does not.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ImportError::PdfEncrypted);
    }
    let page_ids: Vec<u32> = doc.get_pages().keys().copied().collect();
    let notes = Vec::new();
    let mut lost = Vec::new();
    let lose = |lost: &mut Vec<Unplaced>, page: usize, reason: String| {
        // No digits in the text: the audit counts the numbers of unplaced text.
        lost.push(Unplaced {
            text: "（此页未读取）".into(),
            loc: Loc::place(format!("PDF 第{page}页")),
            reason,
        });
    };
    let mut c = Collector::default();
    let mut failed = 0;
    for (i, &n) in page_ids.iter().enumerate() {
        if i as u32 >= MAX_PAGES {
            lose(
                &mut lost,
                i + 1,
                format!(
                    "PDF 共 {} 页，只读取了前 {MAX_PAGES} 页，此页及以后的内容未导入",
                    page_ids.len()
                ),
            );
            break;
        }
        let before = c.pages.len();
        let r = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut c, n)
        }));
        if c.truncated {
            lose(
                &mut lost,
                i + 1,
                format!("PDF 的文字过多，只读取了前 {MAX_GLYPHS} 个字，此页其余及以后的内容未导入"),
            );
            break;
        }
        if !matches!(r, Ok(Ok(()))) {
            failed += 1;
            // Keep what was read of the page; a page that never began is empty.
            if c.pages.len() == before {
                c.pages.push(Page::default());
            }
            lose(
                &mut lost,
                i + 1,
                "此页无法完整解析（PDF 已损坏），页上的内容可能没有全部导入；请对照 PDF 核对"
                    .into(),
            );
        }
    }
    drop(quiet);
    if failed > 0 && failed == page_ids.len() {
        return Err(ImportError::PdfCorrupt);
    }
    Ok((c.pages, c.unmapped, notes, lost))
}

/// Silences the panic message of a panic caught inside the parser (it is
/// reported as a corrupt file, not a crash); other panics print as before.
struct QuietPanics;

thread_local! {
    static IN_PARSER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl QuietPanics {
    fn new() -> QuietPanics {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let prev = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !IN_PARSER.with(|f| f.get()) {
                    prev(info);
                }
            }));
        });
        IN_PARSER.with(|f| f.set(true));
        QuietPanics
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        IN_PARSER.with(|f| f.set(false));
    }
}

/// Text that is not text: fonts without a ToUnicode map give glyph numbers
/// read as characters (private-use, control, replacement or scattered
/// rare characters), never the common characters every report has.
fn garbled(chars: impl Iterator<Item = char>) -> bool {
    let (mut total, mut bad, mut cjk, mut common) = (0usize, 0usize, 0usize, 0usize);
    for ch in chars {
        total += 1;
        let u = ch as u32;
        let ok = ch.is_ascii_graphic()
            || (0x4e00..=0x9fff).contains(&u)
            || (0x3000..=0x303f).contains(&u)
            || (0xff00..=0xffef).contains(&u)
            || (0x2000..=0x206f).contains(&u)
            || (0xa0..=0xff).contains(&u)
            || (0x2460..=0x24ff).contains(&u)
            || (0x2150..=0x218f).contains(&u);
        if !ok {
            bad += 1;
        }
        if (0x4e00..=0x9fff).contains(&u) {
            cjk += 1;
            if "的年政府信息公开工作申请一数量情况".contains(ch) {
                common += 1;
            }
        }
    }
    if total < 20 {
        return false;
    }
    bad * 5 > total || (cjk >= 200 && common * 100 < cjk * 3)
}

// ---------------------------------------------------------------- layout

/// A piece of a page in reading order.
enum Piece {
    Line(Line),
    Table(Table),
}

/// A line of text outside tables.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    page: usize,
}

/// A ruled table of one page: the cells by elementary row.
struct Table {
    xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    ys: Vec<f64>,
    rows: Vec<Vec<Region>>,
    top: f64,
    bottom: f64,
    page: usize,
}

#[derive(Debug, Clone)]
struct Region {
    text: String,
    c0: usize,
    c1: usize,
    rowspan: usize,
}

fn layout(pages: &[Page]) -> Draft {
    // Tables and free lines per page first: running heads are told by
    // their repetition across pages.
    let mut per_page: Vec<(Vec<Piece>, Vec<Line>)> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let tables = find_tables(page, pi);
        let mut used = vec![false; page.glyphs.len()];
        let mut mine: Vec<Piece> = Vec::new();
        for mut t in tables {
            fill_table(page, &mut t, &mut used);
            mine.push(Piece::Table(t));
        }
        let free: Vec<&Glyph> = page
            .glyphs
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(g, _)| g)
            .collect();
        per_page.push((mine, lines(&free, pi)));
    }
    let running = running_heads(pages, &per_page);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut footers = Vec::new();
    let mut heads = 0;
    for ((mut mine, ls), page) in per_page.into_iter().zip(pages) {
        for l in ls {
            if is_footer(&l, page) {
                footers.push(l.text);
                continue;
            }
            let key = head_key(&l.text);
            if in_margin(&l, page) && running.iter().any(|(k, _)| *k == key) {
                heads += 1;
                continue;
            }
            mine.push(Piece::Line(l));
        }
        // Reading order: top to bottom.
        mine.sort_by(|a, b| top(b).total_cmp(&top(a)));
        pieces.extend(mine);
    }
    let mut draft = Draft::default();
    if heads > 0 {
        draft.notes.push(format!(
            "去掉了每页重复的页眉页脚 {heads} 行（{}）",
            running
                .iter()
                .take(2)
                .map(|(_, e)| e.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if !footers.is_empty() {
        draft.notes.push(format!(
            "去掉了页眉页脚的页码 {} 处（{}）",
            footers.len(),
            footers
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    let pieces = join_tables(pieces);
    let body = body_margins(&pieces);
    let mut para: Vec<Line> = Vec::new();
    let mut n_table = 0;
    let mut n_para = 0;
    let flush = |para: &mut Vec<Line>, draft: &mut Draft, n_para: &mut usize| {
        if para.is_empty() {
            return;
        }
        *n_para += 1;
        let mut text = String::new();
        for l in para.iter() {
            push_joined(&mut text, &l.text);
        }
        draft.blocks.push(Block::Text {
            text,
            loc: Loc::place(format!("第{}页 正文第{}段", para[0].page + 1, n_para)),
            heading: None,
        });
        para.clear();
    };
    for p in pieces {
        match p {
            Piece::Line(l) => {
                if let Some(prev) = para.last() {
                    if breaks(prev, &l, &body) {
                        flush(&mut para, &mut draft, &mut n_para);
                    }
                }
                para.push(l);
            }
            Piece::Table(t) => {
                flush(&mut para, &mut draft, &mut n_para);
                n_table += 1;
                push_grids(&mut draft, t, n_table);
            }
        }
    }
    flush(&mut para, &mut draft, &mut n_para);
    draft
}

fn top(p: &Piece) -> f64 {
    match p {
        Piece::Line(l) => l.y + l.size,
        Piece::Table(t) => t.top,
    }
}

/// Join a line to the text before it: no space between CJK characters (a
/// hard wrap), one between two Latin words.
fn push_joined(out: &mut String, next: &str) {
    let a = out.chars().last();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b) {
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
            out.push(' ');
        }
    }
    out.push_str(next);
}

// ------------------------------------------------------------------ lines

/// Glyphs to lines: same baseline (within a third of the size), sorted by
/// x; a gap wider than half the size between two Latin characters is
/// a space.
fn lines(glyphs: &[&Glyph], page: usize) -> Vec<Line> {
    let mut gs: Vec<&Glyph> = glyphs.to_vec();
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        match groups.last_mut() {
            Some(l) if (l[0].y - g.y).abs() <= l[0].size.max(g.size) * 0.3 => l.push(g),
            _ => groups.push(vec![g]),
        }
    }
    groups
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = l.iter().map(|g| g.size).fold(0.0, f64::max);
            let text = glyph_text(&l);
            Line {
                text,
                x0: l[0].x,
                x1: l.last().map_or(0.0, |g| g.x + g.adv),
                y: l[0].y,
                size,
                page,
            }
        })
        .collect()
}

/// The text of glyphs in order, with a space only where a gap separates two
/// Latin characters (CJK text has no spaces; justification gaps are not
/// word gaps). Overprinted duplicates (fake bold) are dropped.
fn glyph_text(gs: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in gs {
        if let Some(p) = prev {
            if p.ch == g.ch && (g.x - p.x).abs() < p.size * 0.15 && (g.y - p.y).abs() < 1.0 {
                continue;
            }
            let gap = g.x - (p.x + p.adv);
            // Half an em: declared advances are often short (Type 3 fonts).
            if gap > p.size * 0.5 && p.ch.is_ascii() && g.ch.is_ascii() {
                out.push(' ');
            }
        }
        out.push(g.ch);
        prev = Some(g);
    }
    out
}

/// In the top 8 % or the bottom 12 % of the page.
fn in_margin(l: &Line, page: &Page) -> bool {
    let rel = (l.y - page.bottom) / page.height.max(1.0);
    !(0.12..=0.92).contains(&rel)
}

/// A margin line compared across pages: digits (page numbers, dates) and
/// spaces left out.
fn head_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect()
}

/// Margin lines that repeat on at least half the pages (two or more): a
/// running head or foot (a browser's date, title, address and `2/6`).
/// Their keys ([`head_key`]), each with the first line as written.
fn running_heads(pages: &[Page], per_page: &[(Vec<Piece>, Vec<Line>)]) -> Vec<(String, String)> {
    let mut counts: Vec<(String, usize, String)> = Vec::new();
    for ((_, ls), page) in per_page.iter().zip(pages) {
        let mut seen: Vec<String> = Vec::new();
        for l in ls.iter().filter(|l| in_margin(l, page)) {
            let k = head_key(&l.text);
            if k.chars().count() < 2 || seen.contains(&k) {
                continue;
            }
            match counts.iter_mut().find(|(x, _, _)| *x == k) {
                Some((_, n, _)) => *n += 1,
                None => counts.push((k.clone(), 1, l.text.clone())),
            }
            seen.push(k);
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n, _)| n >= 2 && n * 2 >= pages.len())
        .map(|(k, _, example)| (k, example))
        .collect()
}

/// A page number in the margin: `-1-`, `— 3 —`, `第 1 页`, `第1页 共5页`, `3/5`.
fn is_footer(l: &Line, page: &Page) -> bool {
    let h = page.height.max(1.0);
    let rel = (l.y - page.bottom) / h;
    if rel > 0.12 && rel < 0.92 {
        return false;
    }
    let t: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c: char| "-—–－_·•".contains(c));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some(rest) = core.strip_prefix('第') {
        let (n, rest) = rest.split_once('页').unwrap_or((rest, "x"));
        let rest = rest.trim_start_matches(['，', ',']);
        let total_ok = rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits);
        return digits(n) && total_ok;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    false
}

/// The body's left margin (most common line start) and right margin (the
/// right edge most full lines reach).
struct Body {
    left: f64,
    right: f64,
    /// The most common text size.
    size: f64,
}

fn body_margins(pieces: &[Piece]) -> Body {
    let ls: Vec<&Line> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let mode = |vals: Vec<f64>| -> f64 {
        let mut counts: Vec<(i64, usize)> = Vec::new();
        for v in vals {
            let k = (v / 3.0).round() as i64;
            match counts.iter_mut().find(|(x, _)| *x == k) {
                Some((_, n)) => *n += 1,
                None => counts.push((k, 1)),
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(k, n)| (n, -k))
            .map_or(0.0, |(k, _)| k as f64 * 3.0)
    };
    let left = mode(ls.iter().map(|l| l.x0).collect());
    let right = mode(ls.iter().map(|l| l.x1).collect());
    let size = mode(ls.iter().map(|l| l.size * 3.0).collect()) / 3.0;
    Body { left, right, size }
}

/// Whether `next` starts a new paragraph after `prev`.
fn breaks(prev: &Line, next: &Line, body: &Body) -> bool {
    let size = prev.size.max(next.size);
    if (prev.size - next.size).abs() > size * 0.1 {
        return true;
    }
    let centred = |l: &Line| l.x0 > body.left + 2.0 * l.size && body.right - l.x1 > 2.0 * l.size;
    // A title in large type wrapped onto a centred line is one paragraph.
    if prev.page == next.page
        && prev.size > body.size * 1.15
        && centred(next)
        && (prev.y - next.y) < size * 2.0
    {
        return false;
    }
    // A title wrapped over centred lines is one paragraph.
    if centred(prev) && centred(next) && prev.page == next.page {
        return (prev.y - next.y) > size * 2.2;
    }
    if prev.x1 < body.right - size * 1.5 {
        return true;
    }
    if next.x0 > body.left + size * 0.8 {
        return true;
    }
    prev.page == next.page && (prev.y - next.y) > size * 2.5
}

// ----------------------------------------------------------------- tables

/// Cluster coordinates closer than `tol`.
fn cluster(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<Vec<f64>> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some(c) if x - c[c.len() - 1] <= tol => c.push(x),
            _ => out.push(vec![x]),
        }
    }
    out.into_iter()
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect()
}

const TOL: f64 = 2.5;

/// Add `lo`/`hi` as outer boundaries where they lie beyond the sorted `v`.
fn extend_edges(v: &mut Vec<f64>, lo: f64, hi: f64) {
    if v.is_empty() || !lo.is_finite() || !hi.is_finite() {
        return;
    }
    if lo < v[0] - 3.0 * TOL {
        v.insert(0, lo);
    }
    if hi > v[v.len() - 1] + 3.0 * TOL {
        v.push(hi);
    }
}

/// Tables: groups of touching ruling lines with at least two of each kind.
fn find_tables(page: &Page, pi: usize) -> Vec<Table> {
    let segs = &page.segs;
    let n = segs.len();
    // Pairs are compared: a report page has a few hundred rules; a page
    // with thousands is a drawing, not a table.
    if n == 0 || n > 2_000 {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let touches = |h: &Seg, v: &Seg| {
        v.pos >= h.a - TOL && v.pos <= h.b + TOL && h.pos >= v.a - TOL && h.pos <= v.b + TOL
    };
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&segs[i], &segs[j]);
            let t = match (a.horizontal, b.horizontal) {
                (true, false) => touches(a, b),
                (false, true) => touches(b, a),
                _ => (a.pos - b.pos).abs() <= TOL && a.a <= b.b + TOL && b.a <= a.b + TOL,
            };
            if t {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Seg>> = Default::default();
    for (i, seg) in segs.iter().enumerate() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(*seg);
    }
    let mut out = Vec::new();
    for g in groups.into_values() {
        let ys = cluster(
            g.iter().filter(|s| s.horizontal).map(|s| s.pos).collect(),
            TOL,
        );
        let xs = cluster(
            g.iter().filter(|s| !s.horizontal).map(|s| s.pos).collect(),
            TOL,
        );
        let (mut ys, mut xs) = (ys, xs);
        // A table cut by a page break has no closing rule: the verticals
        // reach past the last horizontal (and likewise for the sides).
        let (va, vb) = min_max(g.iter().filter(|s| !s.horizontal).flat_map(|s| [s.a, s.b]));
        let (ha, hb) = min_max(g.iter().filter(|s| s.horizontal).flat_map(|s| [s.a, s.b]));
        extend_edges(&mut ys, va, vb);
        extend_edges(&mut xs, ha, hb);
        if ys.len() < 2 || xs.len() < 2 || ys.len() > 400 || xs.len() > 100 {
            continue;
        }
        // Rows top to bottom.
        let ys: Vec<f64> = ys.into_iter().rev().collect();
        let has_v = |x: f64, y0: f64, y1: f64| {
            let mid = (y0 + y1) / 2.0;
            g.iter().any(|s| {
                !s.horizontal && (s.pos - x).abs() <= TOL && s.a <= mid + 0.5 && s.b >= mid - 0.5
            })
        };
        let has_h = |y: f64, x0: f64, x1: f64| {
            let mid = (x0 + x1) / 2.0;
            g.iter().any(|s| {
                s.horizontal && (s.pos - y).abs() <= TOL && s.a <= mid + 0.5 && s.b >= mid - 0.5
            })
        };
        let (nr, nc) = (ys.len() - 1, xs.len() - 1);
        let mut owner = vec![vec![false; nc]; nr];
        let mut rows: Vec<Vec<Region>> = vec![Vec::new(); nr];
        for r in 0..nr {
            for c in 0..nc {
                if owner[r][c] {
                    continue;
                }
                let mut c1 = c + 1;
                while c1 < nc && !owner[r][c1] && !has_v(xs[c1], ys[r], ys[r + 1]) {
                    c1 += 1;
                }
                let mut r1 = r + 1;
                while r1 < nr
                    && (c..c1).all(|cc| !owner[r1][cc] && !has_h(ys[r1], xs[cc], xs[cc + 1]))
                {
                    r1 += 1;
                }
                for row in owner.iter_mut().take(r1).skip(r) {
                    for o in row.iter_mut().take(c1).skip(c) {
                        *o = true;
                    }
                }
                rows[r].push(Region {
                    text: String::new(),
                    c0: c,
                    c1,
                    rowspan: r1 - r,
                });
            }
        }
        out.push(Table {
            top: ys[0],
            bottom: ys[nr],
            xs,
            ys,
            rows,
            page: pi,
        });
    }
    // A table inside another (a box drawn in a cell) is page layout: keep the outer one.
    out.sort_by(|a, b| b.top.total_cmp(&a.top));
    out
}

/// Put each glyph inside the table into the cell that holds its centre.
fn fill_table(page: &Page, t: &mut Table, used: &mut [bool]) {
    let (x0, x1) = (t.xs[0], t.xs[t.xs.len() - 1]);
    let mut cell_glyphs: Vec<Vec<Vec<&Glyph>>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|_| Vec::new()).collect())
        .collect();
    let nr = t.rows.len();
    let ys = &t.ys;
    for (gi, g) in page.glyphs.iter().enumerate() {
        let (cx, cy) = (g.cx(), g.cy());
        if cx < x0 || cx > x1 || cy > t.top || cy < t.bottom {
            continue;
        }
        let Some(c) = (0..t.xs.len() - 1).find(|&c| cx >= t.xs[c] && cx <= t.xs[c + 1]) else {
            continue;
        };
        let Some(r) = (0..nr).find(|&r| cy <= ys[r] && cy >= ys[r + 1]) else {
            continue;
        };
        // The region covering (r, c): the one starting at or above r.
        let mut found = None;
        for rr in (0..=r).rev() {
            if let Some(k) = t.rows[rr]
                .iter()
                .position(|reg| reg.c0 <= c && c < reg.c1 && rr + reg.rowspan > r)
            {
                found = Some((rr, k));
                break;
            }
        }
        if let Some((rr, k)) = found {
            cell_glyphs[rr][k].push(g);
            used[gi] = true;
        }
    }
    for (r, row) in t.rows.iter_mut().enumerate() {
        for (k, reg) in row.iter_mut().enumerate() {
            let gs: Vec<&Glyph> = cell_glyphs[r][k].clone();
            let ls = lines(&gs, t.page);
            let mut text = String::new();
            for l in ls {
                push_joined(&mut text, &l.text);
            }
            reg.text = text;
        }
    }
}

/// Whether the cell `below`, at the top of a table's next page, is the rest
/// of the label cell `above` cut by the page break: empty (the cut top of a
/// group cell), or a piece that completes a template row label the piece
/// above does not make on its own (`（四）无` + `法提供`).
fn continues(above: &str, below: &str) -> bool {
    if above.is_empty() || is_number(above) {
        return false;
    }
    below.is_empty()
        || (!is_number(below) && !is_row_label(above) && is_row_label(&format!("{above}{below}")))
}

/// A row label of a template table (any edition).
fn is_row_label(text: &str) -> bool {
    let n = crate::labels::normalize(text);
    crate::template::Edition::all().any(|e| {
        e.template().tables.iter().any(|t| {
            t.rows.iter().any(|r| {
                crate::labels::match_label(&n, &r.label, &r.aliases, &r.variants).is_some()
            })
        })
    })
}

/// Join a table continued on the next page to its first part.
fn join_tables(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for p in pieces {
        if let Piece::Table(t) = p {
            if let Some(Piece::Table(prev)) = out.last_mut() {
                if prev.page + 1 == t.page && same_edges(&prev.xs, &t.xs) {
                    continue_table(prev, t);
                    continue;
                }
            }
            out.push(Piece::Table(t));
        } else {
            out.push(p);
        }
    }
    out
}

/// The same left and right edges: the same table's parts (the inner
/// columns may differ: a page whose rows never split the label column has
/// fewer of them).
fn same_edges(a: &[f64], b: &[f64]) -> bool {
    let close =
        |x: Option<&f64>, y: Option<&f64>| x.zip(y).is_some_and(|(x, y)| (x - y).abs() <= 3.0);
    close(a.first(), b.first()) && close(a.last(), b.last())
}

/// Re-express a table's cells over finer column boundaries `xs`.
fn regrid(t: &mut Table, xs: &[f64]) {
    let idx = |x: f64| {
        (0..xs.len())
            .min_by(|&i, &j| (xs[i] - x).abs().total_cmp(&(xs[j] - x).abs()))
            .unwrap_or(0)
    };
    let map: Vec<usize> = t.xs.iter().map(|&x| idx(x)).collect();
    for row in &mut t.rows {
        for reg in row.iter_mut() {
            reg.c0 = map[reg.c0];
            reg.c1 = map[reg.c1].max(reg.c0 + 1);
        }
    }
    t.xs = xs.to_vec();
}

fn continue_table(prev: &mut Table, mut next: Table) {
    let mut all = prev.xs.clone();
    all.extend_from_slice(&next.xs);
    let xs = cluster(all, 3.0);
    regrid(prev, &xs);
    regrid(&mut next, &xs);
    // A header repeated on the new page.
    let texts = |r: &Vec<Region>| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    let mut skip = 0;
    while skip < next.rows.len()
        && skip < prev.rows.len()
        && texts(&next.rows[skip]) == texts(&prev.rows[skip])
        && !next.rows[skip].iter().any(|c| is_number(&c.text))
    {
        skip += 1;
    }
    next.rows.drain(..skip);
    // The empty top of a label cell cut by the page break continues the
    // label cell above it (a group cell spanning rows on both pages).
    let n = prev.rows.len();
    if let Some(first) = next.rows.first_mut() {
        let mut keep = Vec::new();
        for reg in first.drain(..) {
            let above = (0..n).rev().find_map(|r| {
                prev.rows[r]
                    .iter()
                    .position(|c| c.c0 <= reg.c0 && reg.c0 < c.c1 && r + c.rowspan >= n)
                    .map(|k| (r, k))
            });
            match above {
                Some((r, k))
                    if prev.rows[r][k].c0 == reg.c0
                        && prev.rows[r][k].c1 == reg.c1
                        && continues(&prev.rows[r][k].text, &reg.text) =>
                {
                    let cell = &mut prev.rows[r][k];
                    cell.text.push_str(&reg.text);
                    cell.rowspan += reg.rowspan;
                }
                _ => keep.push(reg),
            }
        }
        *first = keep;
    }
    prev.rows.extend(next.rows);
    prev.bottom = next.bottom;
    prev.page = next.page;
}

/// Rows with no text that no cell above spans into (a stray box drawn
/// below a table): nothing in them, and they would read as label columns.
fn drop_empty_rows(rows: Vec<Vec<Region>>) -> Vec<Vec<Region>> {
    let mut covered_until = 0;
    let mut out = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let empty = row.iter().all(|c| c.text.is_empty() && c.rowspan == 1);
        let keep = !empty || covered_until > r;
        for c in &row {
            covered_until = covered_until.max(r + c.rowspan);
        }
        if keep {
            out.push(row);
        }
    }
    out
}

/// The table as spanned cells, split where a caption row stands (as the
/// HTML front-end does): the caption becomes a heading before its part.
fn push_grids(draft: &mut Draft, t: Table, n: usize) {
    let loc = Loc::place(format!("表格{n}"));
    let mut part: Vec<Vec<SpannedCell>> = Vec::new();
    let flush = |draft: &mut Draft, part: &mut Vec<Vec<SpannedCell>>| {
        let rows = std::mem::take(part);
        if rows.iter().flatten().any(|c| !c.text.is_empty()) {
            draft
                .blocks
                .push(Block::Table(Grid::from_spanned(rows, loc.clone())));
        }
    };
    let width = t.xs.len() - 1;
    let rows = drop_empty_rows(t.rows);
    for (r, row) in rows.into_iter().enumerate() {
        let cells: Vec<SpannedCell> = row
            .into_iter()
            .enumerate()
            .map(|(k, reg)| SpannedCell {
                text: reg.text,
                loc: loc.sub(format!("第{}行 第{}格", r + 1, k + 1)),
                rowspan: reg.rowspan,
                colspan: reg.c1 - reg.c0,
            })
            .collect();
        if cells.len() == 1
            && cells[0].colspan == width
            && cells[0].rowspan == 1
            && super::emit::is_caption(&cells[0].text)
        {
            flush(draft, &mut part);
            draft.blocks.push(Block::Text {
                text: cells[0].text.clone(),
                loc: cells[0].loc.clone(),
                heading: Some(3),
            });
            continue;
        }
        part.push(cells);
    }
    flush(draft, &mut part);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64) -> Line {
        Line {
            text: text.into(),
            x0: 280.0,
            x1: 320.0,
            y,
            size: 10.5,
            page: 0,
        }
    }

    #[test]
    fn page_numbers_in_the_margins_are_footers_and_nothing_else_is() {
        let page = Page {
            height: 842.0,
            ..Page::default()
        };
        for t in [
            "-1-",
            "- 3 -",
            "— 12 —",
            "第 1 页",
            "第1页 共5页",
            "3/5",
            "7",
        ] {
            assert!(is_footer(&line(t, 40.0), &page), "{t}");
            assert!(is_footer(&line(t, 810.0), &page), "{t} at the top");
            assert!(!is_footer(&line(t, 400.0), &page), "{t} mid-page");
        }
        for t in ["第二十条第（一）项", "2023年", "一、总体情况", "21"] {
            let l = line(t, 400.0);
            assert!(!is_footer(&l, &page), "{t}");
        }
        assert!(!is_footer(&line("2023年12月31日", 40.0), &page));
    }

    #[test]
    fn kangxi_radicals_are_read_as_the_ideograph() {
        let s: String = "⾏政规范性⽂件⼀⼆".chars().map(unradical).collect();
        assert_eq!(s, "行政规范性文件一二");
        assert_eq!(unradical('（'), '（');
    }

    #[test]
    fn glyph_numbers_read_as_text_are_garbled() {
        let report = "政府信息公开工作年度报告一、总体情况本年新收政府信息公开申请数量".repeat(10);
        assert!(!garbled(report.chars()));
        let pua: String = (0xe000u32..0xe100).filter_map(char::from_u32).collect();
        assert!(garbled(pua.chars()));
        // CJK code points that are glyph numbers: rare characters only.
        let rare: String = (0x7a00u32..0x7b00).filter_map(char::from_u32).collect();
        assert!(garbled(rare.chars()));
    }
}
