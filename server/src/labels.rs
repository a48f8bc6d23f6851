//! Tolerant label matching (docs/format.md §1): full- and half-width punctuation,
//! `1.`/`1、`/`1．`, curly and straight quotes and whitespace do not matter
//! when a label, column header, caption or heading is compared with the
//! template. The canonical form is always the template's own text.

/// Normalize a label for comparison.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(Normalized::new(s));
    out
}

/// Whether `raw` normalizes to `normalized`, without allocating: matching
/// written labels against every template label is the hot loop of the
/// analysis, and most comparisons fail within a few characters.
pub fn eq_normalized(normalized: &str, raw: &str) -> bool {
    normalized.chars().eq(Normalized::new(raw))
}

/// The characters of a label's normalized form, produced lazily.
struct Normalized<'a> {
    chars: std::str::Chars<'a>,
    /// The last character produced, if any.
    last: Option<char>,
    /// Everything produced so far is an ASCII digit (and something was).
    all_digits: bool,
}

impl<'a> Normalized<'a> {
    fn new(s: &'a str) -> Self {
        Normalized {
            chars: s.chars(),
            last: None,
            all_digits: false,
        }
    }
}

impl Iterator for Normalized<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            let ch = self.chars.next()?;
            let last_digit = self.last.is_some_and(|c| c.is_ascii_digit());
            // `、` ends a list numeral only at the label's start (`1、`).
            let Some(mapped) = fold_char(ch, last_digit, last_digit && self.all_digits) else {
                continue;
            };
            self.all_digits = mapped.is_ascii_digit() && (self.last.is_none() || self.all_digits);
            self.last = Some(mapped);
            return Some(mapped);
        }
    }
}

/// One character folded for comparison: whitespace of every width and
/// quotes dropped (`None`), full-width brackets and punctuation to their
/// ASCII forms, `1．`/`1。` to `1.` after a digit, `、` to `.` after a list
/// numeral's digits (`after_numeral`: the caller knows where a numeral can
/// be — only at a label's start, or anywhere in running text where a
/// label can start), full-width ASCII to ASCII. Labels ([`normalize`]) and
/// import's search of labels in running text share it.
pub(crate) fn fold_char(c: char, after_digit: bool, after_numeral: bool) -> Option<char> {
    // Most of a label is CJK ideographs, which fold to themselves: skip the
    // Unicode whitespace lookup and the arms below for them.
    if CJK_IDEOGRAPHS.contains(&c) {
        return Some(c);
    }
    fold_other(c, after_digit, after_numeral)
}

/// The CJK Unified Ideographs block: no whitespace, quote or punctuation
/// [`fold_char`] maps is in it (a test walks it).
const CJK_IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4e00}'..='\u{9fff}';

fn fold_other(c: char, after_digit: bool, after_numeral: bool) -> Option<char> {
    Some(match c {
        // Whitespace of every width, including the ideographic space and nbsp.
        c if c.is_whitespace() || c == '\u{feff}' => return None,
        '（' | '〔' | '［' | '[' | '【' => '(',
        '）' | '〕' | '］' | ']' | '】' => ')',
        '：' => ':',
        '，' => ',',
        '；' => ';',
        '／' => '/',
        '“' | '”' | '„' | '‟' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' => {
            return None
        }
        '．' | '。' if after_digit => '.',
        '、' if after_numeral => '.',
        // Full-width ASCII (digits, letters, punctuation) to ASCII.
        c @ '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    })
}

/// How a written label relates to a template entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The canonical label (up to tolerated punctuation and spacing).
    Canonical,
    /// An alias accepted silently.
    Alias,
    /// A known variant: accepted, with a warning and a quick fix.
    Variant,
}

/// Match a normalized label against a canonical label and its alternatives.
pub fn match_label(
    normalized: &str,
    canonical: &str,
    aliases: &[String],
    variants: &[String],
) -> Option<MatchKind> {
    if eq_normalized(normalized, canonical) {
        return Some(MatchKind::Canonical);
    }
    if aliases.iter().any(|a| eq_normalized(normalized, a)) {
        return Some(MatchKind::Alias);
    }
    if variants.iter().any(|v| eq_normalized(normalized, v)) {
        return Some(MatchKind::Variant);
    }
    None
}

/// The annotation of a label written as `canonical（annotation）`: the
/// canonical label (normalized comparison) followed by one parenthesised,
/// non-empty annotation and nothing else. `normalized` is already
/// normalized (full-width parentheses are `(`/`)`).
pub fn annotation_of<'n>(normalized: &'n str, canonical: &str) -> Option<&'n str> {
    let canon = normalize(canonical);
    let rest = normalized.strip_prefix(canon.as_str())?;
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    (!inner.is_empty() && !inner.contains(['(', ')'])).then_some(inner)
}

/// The option most similar to `input`, if any is reasonably close.
pub fn closest<'a>(input: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = normalize(input);
    if norm.is_empty() {
        return None;
    }
    let mut best: Option<(&str, f64)> = None;
    for opt in options {
        let o = normalize(opt);
        let mut score = strsim::normalized_levenshtein(&norm, &o);
        // A label that contains the other (an abbreviation or an annotation) is close too.
        if o.contains(&norm) || norm.contains(&o) {
            score = score.max(0.6);
        }
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((opt, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.4).map(|(o, _)| o)
}

/// A section heading split into its numeral prefix and its title:
/// `6、 其他需要报告的事项` → (Some("6"), "其他需要报告的事项").
pub fn split_numeral(heading: &str) -> (Option<&str>, &str) {
    let s = heading.trim();
    let numeral_end = s
        .char_indices()
        .find(|(_, c)| !is_numeral_char(*c))
        .map_or(s.len(), |(i, _)| i);
    if numeral_end == 0 {
        return (None, s);
    }
    let rest = &s[numeral_end..];
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, c))
            if matches!(
                c,
                '、' | '.' | '．' | ',' | '，' | ' ' | '\u{3000}' | ':' | '：'
            ) =>
        {
            let after = &rest[c.len_utf8()..];
            (Some(&s[..numeral_end]), after.trim_start())
        }
        _ => (None, s),
    }
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
}

/// Chinese numeral for 1..=10, as used in section headings.
pub fn chinese_numeral(n: usize) -> &'static str {
    [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ]
    .get(n)
    .copied()
    .unwrap_or("")
}

/// The section number a numeral names (`六`, `6`, `６` → 6).
pub fn numeral_value(numeral: &str) -> Option<usize> {
    let ascii: String = normalize(numeral);
    if let Ok(n) = ascii.parse::<usize>() {
        return Some(n);
    }
    (1..=10).find(|&n| chinese_numeral(n) == numeral)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographs_fold_to_themselves_without_the_fast_path() {
        for c in CJK_IDEOGRAPHS {
            for (d, n) in [(false, false), (true, false), (true, true)] {
                assert_eq!(fold_other(c, d, n), Some(c), "{c}");
            }
        }
    }

    #[test]
    fn punctuation_width_and_numbering_are_tolerated() {
        assert_eq!(normalize("（一）予以公开"), normalize("(一)予以公开"));
        assert_eq!(normalize("1、属于国家秘密"), normalize("1.属于国家秘密"));
        assert_eq!(normalize("1．属于国家秘密"), normalize("1.属于国家秘密"));
        assert_eq!(
            normalize("3.危及\"三安全一稳定\""),
            normalize("3.危及“三安全一稳定”")
        );
        assert_eq!(
            normalize(" 本年收费金额（单位：万元） "),
            normalize("本年收费金额(单位:万元)")
        );
        assert_eq!(normalize("１２"), "12");
        // The enumeration comma inside prose is kept.
        assert_eq!(normalize("行政复议、行政诉讼"), "行政复议、行政诉讼");
    }

    #[test]
    fn lazy_comparison_agrees_with_normalize() {
        for s in [
            "（一）予以公开",
            "1、属于国家秘密",
            "12、3、属于",
            "a1、b",
            " 本年收费金额（单位：万元） ",
            "１２．５",
            "3.危及\"三安全一稳定\"",
        ] {
            assert!(eq_normalized(&normalize(s), s), "{s}");
            assert!(!eq_normalized(&normalize(s), &format!("{s}x")), "{s}");
            assert!(!eq_normalized(&format!("{}x", normalize(s)), s), "{s}");
        }
        assert_eq!(normalize("12、3、属于"), "12.3、属于");
        assert_eq!(normalize("a1、b"), "a1、b");
    }

    #[test]
    fn closest_suggests_the_nearest_label() {
        let opts = [
            "（一）予以公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（七）总计",
        ];
        assert_eq!(closest("（一）予以公布", opts), Some("（一）予以公开"));
        assert_eq!(closest("总计", opts), Some("（七）总计"));
        assert_eq!(closest("完全无关的文字内容", opts), None);
    }

    #[test]
    fn numerals_split_from_titles() {
        assert_eq!(
            split_numeral("6、 其他需要报告的事项"),
            (Some("6"), "其他需要报告的事项")
        );
        assert_eq!(
            split_numeral("五、我区存在的不足"),
            (Some("五"), "我区存在的不足")
        );
        assert_eq!(
            split_numeral("其他需要报告的事项"),
            (None, "其他需要报告的事项")
        );
        assert_eq!(numeral_value("６"), Some(6));
        assert_eq!(numeral_value("六"), Some(6));
    }

    #[test]
    fn a_list_numeral_ends_in_a_dot_only_where_a_numeral_can_be() {
        // A label: `1、` at its start is `1.`; `第1、2项` keeps its `、`.
        assert_eq!(normalize("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(normalize("第1、2项"), "第1、2项");
        // Running text (import): a label may start after any digit.
        assert_eq!(fold_char('、', true, true), Some('.'));
        assert_eq!(fold_char('、', true, false), Some('、'));
        assert_eq!(fold_char('　', false, false), None);
        assert_eq!(fold_char('（', false, false), Some('('));
    }
}
