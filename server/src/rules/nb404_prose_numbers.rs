//! NB404: a number quoted in the prose about information-disclosure
//! requests, reviews or suits contradicts the tables (domain.md §5
//! TEXT-TABLE). Deliberately conservative: only phrasings whose meaning is
//! clear, only clauses about this year, and only clauses about
//! 政府信息公开 — an agency's prose also counts its other reviews and suits
//! (`区政府作为行政复议机关…受理行政复议案件15件`, `共发生行政诉讼案件3件，
//! 其中涉及政府信息公开的0件`), and those numbers are not the table's.
//!
//! - `收到/受理…政府信息公开申请N件`, `收到N件申请` ↔ 表三 一、本年新收 总计;
//!   authors differ on whether carried-over requests count, so 一 + 二 is
//!   accepted too.
//! - `上年结转N件` ↔ 表三 二 总计; `结转下年度N件` ↔ 表三 四 总计;
//!   `办结/答复N件` ↔ 表三 （七）总计.
//! - `行政复议N件` ↔ 表四 行政复议 总计; `行政诉讼N件`, `诉讼N件` ↔ the two
//!   行政诉讼 总计 summed; `…其中涉及政府信息公开的N件` after a review or
//!   suit count is the number compared.
//!
//! Request counts need a clause about disclosure requests: the phrase names
//! them (`政府信息公开申请`), or the sentence or the paragraph's sub-heading
//! says 依申请公开/信息公开, or the paragraph is in section 三. Review and
//! suit counts need the sentence to say 信息公开 before the number, or the
//! paragraph to be in section 四; a sentence that goes on to say
//! `其中…信息公开` gives a total of all cases, which is skipped, and so is a
//! clause where the agency is the 复议机关. A phrase joining both
//! (`行政复议、行政诉讼案件N件`) is a combined figure and is skipped.

use super::arith::fmt;
use super::{prose::Prose, Context, Rule};
use crate::analysis::{Analysis, BoundCell};
use crate::diagnostic::Diagnostic;
use crate::model::Block;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Topic {
    Applications,
    Carried,
    CarryNext,
    Handled,
    Review,
    Litigation,
}

impl Topic {
    fn about_requests(self) -> bool {
        !matches!(self, Topic::Review | Topic::Litigation)
    }
}

const FILL: &str = "(?:共计|总计|合计|累计|共|计|数量为|数量|为|的)?";

fn patterns() -> &'static [(Topic, Regex)] {
    static RE: OnceLock<Vec<(Topic, Regex)>> = OnceLock::new();
    RE.get_or_init(|| {
        let verb = "(?:收到|受理|接收|新收)";
        let app = "(?:政府信息公开申请|信息公开申请|公开申请|申请)";
        let req = "(?:政府信息公开申请|信息公开申请|申请)?";
        [
            (Topic::Applications, format!("{verb}(?:各类)?{app}{FILL}([0-9]+)件")),
            (
                Topic::Applications,
                format!("{verb}{FILL}([0-9]+)件(?:政府信息公开|信息公开|依申请公开)?申请"),
            ),
            (Topic::Carried, format!("上(?:一)?年(?:度)?结转{req}{FILL}([0-9]+)件")),
            (
                Topic::CarryNext,
                format!("结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?{req}{FILL}([0-9]+)件"),
            ),
            (Topic::Handled, format!("(?:办结|答复|办理完毕){req}{FILL}([0-9]+)件")),
            (Topic::Review, format!("行政复议(?:案件|申请)?{FILL}([0-9]+)件")),
            (Topic::Litigation, format!("(?:行政)?诉讼(?:案件)?{FILL}([0-9]+)件")),
        ]
        .into_iter()
        .map(|(t, p)| (t, Regex::new(&p).expect("valid regex")))
        .collect()
    })
}

/// `…行政诉讼案件3件，其中涉及政府信息公开的0件`: the disclosure share of
/// a review or suit count.
fn share_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            "(行政复议|诉讼)[^。；;复诉]*?其中(?:涉及|属于|为|是|因)?(?:政府)?信息公开(?:工作)?(?:类|的|方面的|方面)?(?:案件)?{FILL}([0-9]+)件"
        ))
        .expect("valid regex")
    })
}

fn other_year() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"([0-9]{4})年").expect("valid regex"))
}

/// Words that make a clause about something other than this year's total.
const OFF_TOPIC: &[&str] = &[
    "上年", "去年", "上一年", "上年度", "同比", "较", "相比", "比上", "结转", "其中", "以来", "累计至",
];

/// What may stand between the start of a clause and `办结`/`答复` for the
/// count to be of every request handled.
const HANDLED_LEADS: &[&str] = &[
    "", "共", "共计", "累计", "全部", "均", "已", "均已", "已全部", "全部已", "依法", "共依法",
];

/// Sentence ends, for the scope of a number.
const SENTENCE_END: [char; 6] = ['。', '；', ';', '！', '？', '!'];

/// What a paragraph is about, from where it stands.
#[derive(Default, Clone, Copy)]
struct Where {
    /// In section 三 (requests) or 四 (reviews and suits).
    section_three: bool,
    section_four: bool,
    /// The last sub-heading (a `###` or a short `（一）…` line) names
    /// 依申请公开 or 信息公开申请.
    request_heading: bool,
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let year = a.year.as_ref().map(|(y, _)| *y);
    for (p, at) in paragraphs_with_place(a) {
        let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
        // The disclosure share of a review or suit count first: its
        // number must not be read as a count of its own.
        let found = p.nb404.get_or_init(|| Found::of(&p.text));
        for m in &found.share {
            let kind_len = ["行政复议", "诉讼"]
                .into_iter()
                .find(|k| p.text[m.clone()].starts_with(k))
                .map_or(0, str::len);
            let kind = &p.text[m.start..m.start + kind_len];
            let g = number_in(&p.text, m.clone());
            let topic = if kind == "行政复议" {
                Topic::Review
            } else {
                Topic::Litigation
            };
            seen.push(g.clone());
            // The same scope as any count: this year, the agency as the
            // respondent, and one kind of case (`行政复议5件、行政诉讼3件，
            // 其中涉及政府信息公开的0件` shares both: skipped).
            let (before, _) = sentence(&p.text, m.start..m.start + kind_len);
            let other = if topic == Topic::Review { "诉讼" } else { "复议" };
            if !about_this_year(clause_before(&p.text, m.start), year)
                || before.contains("复议机关")
                || before.contains(other)
            {
                continue;
            }
            let Ok(n) = Decimal::from_str(&p.text[g.clone()]) else {
                continue;
            };
            if let Some(d) = compare(rule, a, topic, n, p.source(g)) {
                out.push(d);
            }
        }
        for ((topic, _), matches) in patterns().iter().zip(&found.patterns) {
            for m in matches {
                let g = number_in(&p.text, m.clone());
                if seen.iter().any(|r| r.start < g.end && g.start < r.end) {
                    continue;
                }
                let clause = clause_before(&p.text, m.start);
                // `同意公开答复9件`, `逾期答复0件`: a count of some of
                // the requests handled, not of all of them. Only a bare
                // `办结/答复` (or `共办结`, `已全部办结` …) counts.
                if *topic == Topic::Handled && !HANDLED_LEADS.contains(&clause) {
                    continue;
                }
                // `其中` earlier in the sentence: a part of a count.
                if topic.about_requests()
                    && after_last(&p.text[..m.start], &SENTENCE_END).contains("其中")
                {
                    continue;
                }
                if !about_this_year(clause, year)
                    || joined(*topic, &p.text[..m.start])
                    || !about_disclosure(*topic, &p.text, m.clone(), at)
                {
                    continue;
                }
                let Ok(n) = Decimal::from_str(&p.text[g.clone()]) else {
                    continue;
                };
                seen.push(g.clone());
                if let Some(d) = compare(rule, a, *topic, n, p.source(g)) {
                    out.push(d);
                }
            }
        }
    }
}

/// Where [`share_pattern`] and each of [`patterns`] match a paragraph's
/// prose. A function of the text alone, so kept with it
/// (`ProseText::nb404`): a keystroke searches only the paragraphs it
/// changed. `find_iter`, not `captures_iter`: the number is the match's
/// last digits (see `number_in`), and resolving capture groups cost more
/// than the search on a long report.
#[derive(Debug)]
pub(crate) struct Found {
    share: Vec<std::ops::Range<usize>>,
    /// One list per pattern, in the order of [`patterns`].
    patterns: Vec<Vec<std::ops::Range<usize>>>,
}

impl Found {
    fn of(text: &str) -> Found {
        let all = |re: &Regex| re.find_iter(text).map(|m| m.range()).collect();
        Found {
            share: all(share_pattern()),
            patterns: patterns().iter().map(|(_, re)| all(re)).collect(),
        }
    }
}

/// The number a match of [`patterns`] or [`share_pattern`] counts: the
/// last run of ASCII digits in it (their group `([0-9]+)`, since nothing
/// the patterns spell out is a digit, and only the share pattern's free
/// text, which comes before its group, may hold other digits).
fn number_in(text: &str, m: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let end = (m.start..m.end)
        .rev()
        .find(|&i| bytes[i].is_ascii_digit())
        .map_or(m.start, |i| i + 1);
    let start = (m.start..end)
        .rev()
        .take_while(|&i| bytes[i].is_ascii_digit())
        .last()
        .unwrap_or(end);
    start..end
}

/// Every paragraph with where it stands.
fn paragraphs_with_place<'r>(a: &'r Analysis) -> Vec<(&'r Prose, Where)> {
    let doc = a.doc;
    // One per paragraph block, in block order.
    let mut prose = a.paragraphs().iter().map(|(_, p)| p);
    let numeral_of = |block: usize| -> Option<&str> {
        Some(a.section_template(a.section_of_block(block)?).numeral.as_str())
    };
    let mut out = Vec::new();
    let mut heading_says_requests = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Heading(h) => {
                heading_says_requests = h.level >= 3 && names_requests(&h.text);
            }
            Block::Paragraph(_) => {
                let Some(p) = prose.next() else { break };
                // A short line opening with a list numeral is a sub-heading.
                // (Counting at most 25 characters: a paragraph can be long.)
                let sub_heading =
                    p.text.starts_with(['（', '(']) && p.text.chars().take(25).count() <= 24;
                if sub_heading {
                    heading_says_requests = names_requests(&p.text);
                }
                let numeral = numeral_of(i);
                let at = Where {
                    section_three: numeral == Some("三"),
                    section_four: numeral == Some("四"),
                    request_heading: heading_says_requests,
                };
                out.push((p, at));
            }
            _ => {}
        }
    }
    out
}

fn names_requests(text: &str) -> bool {
    text.contains("依申请") || text.contains("信息公开申请")
}

/// The sentence around a match: from the last sentence end before it to
/// the next one after it.
fn sentence(text: &str, m: std::ops::Range<usize>) -> (&str, &str) {
    let head = after_last(&text[..m.start], &SENTENCE_END);
    let start = m.start - head.len();
    let tail = &text[m.end..];
    let end = tail.find(SENTENCE_END).map_or(text.len(), |i| m.end + i);
    (&text[start..m.end], &text[m.end..end])
}

/// What follows the last of `ends` in `head` (all of it when none occurs).
fn after_last<'t>(head: &'t str, ends: &[char]) -> &'t str {
    head.rfind(ends)
        .map_or(head, |i| &head[i + head[i..].chars().next().map_or(1, char::len_utf8)..])
}

/// Whether the clause of a match speaks of information disclosure.
fn about_disclosure(topic: Topic, text: &str, m: std::ops::Range<usize>, at: Where) -> bool {
    let (before, after) = sentence(text, m.clone());
    if topic.about_requests() {
        let phrase = &text[m];
        return phrase.contains("公开")
            || before.contains("信息公开")
            || before.contains("依申请")
            || at.section_three
            || at.request_heading;
    }
    // The agency deciding other people's reviews is no respondent.
    if before.contains("复议机关") {
        return false;
    }
    // `共发生行政诉讼案件3件，其中涉及政府信息公开的0件`: 3 is every suit.
    if after.contains("其中") && after.contains("信息公开") {
        return false;
    }
    before.contains("信息公开") || at.section_four
}

/// The text of the clause before `at`: back to the last comma, semicolon,
/// colon or sentence end.
fn clause_before(text: &str, at: usize) -> &str {
    after_last(
        &text[..at],
        &['，', ',', '。', '；', ';', '：', ':', '！', '？'],
    )
}

fn about_this_year(clause: &str, year: Option<i32>) -> bool {
    if OFF_TOPIC.iter().any(|w| clause.contains(w)) {
        return false;
    }
    other_year().captures_iter(clause).all(|c| {
        let y = c.get(1).and_then(|g| g.as_str().parse::<i32>().ok());
        year.is_none() || y == year
    })
}

/// A review or litigation phrase joined to the other one
/// (`行政复议、行政诉讼案件…`, `复议和诉讼…`): a combined figure.
fn joined(topic: Topic, before: &str) -> bool {
    if topic.about_requests() {
        return false;
    }
    before.ends_with(['、', '和', '及', '与', '或']) || before.ends_with("以及")
}

fn total<'a>(a: &Analysis<'a>, table: &str, row: &str) -> Option<(Decimal, BoundCell<'a>)> {
    let t = a.table(table)?;
    let (ci, _) = t.template?.column("total")?;
    let cell = t.row(row)?.values.get(ci)?.clone()?;
    Some((cell.value.amount()?, cell))
}

/// A count compared with one row's 总计: `table` is `t3` (表三) or `t4`
/// (表四), `said` what the prose said it counts.
fn compare_row(
    rule: &Rule,
    a: &Analysis,
    table: &str,
    row: &str,
    said: &str,
    n: Decimal,
    span: crate::text::Span,
) -> Option<Diagnostic> {
    let (v, cell) = total(a, table, row)?;
    if n == v {
        return None;
    }
    let name = a.table(table)?.template?.row(row)?.1.short_name();
    let table_name = if table == "t4" { "表四" } else { "表三" };
    Some(
        rule.diag(span,
            format!("正文说{said} {} 件，与{table_name}不符：“{name}”总计为 {}", fmt(n), fmt(v)),
        )
        .with_related(cell.span, format!("{name} 总计：{}", cell.text)),
    )
}

fn compare(
    rule: &Rule,
    a: &Analysis,
    topic: Topic,
    n: Decimal,
    span: crate::text::Span,
) -> Option<Diagnostic> {
    match topic {
        Topic::Applications => {
            let (new, new_cell) = total(a, "t3", "new")?;
            let carried = total(a, "t3", "carried");
            if n == new || carried.as_ref().is_some_and(|(c, _)| n == new + c) {
                return None;
            }
            let mut msg = format!(
                "正文说收到政府信息公开申请 {} 件，与表三不符：“一、本年新收”总计为 {}",
                fmt(n),
                fmt(new)
            );
            if let Some((c, _)) = &carried {
                if !c.is_zero() {
                    msg.push_str(&format!("（加上“二、上年结转”为 {}）", fmt(new + c)));
                }
            }
            let mut d = rule.diag(span, msg);
            d = d.with_related(new_cell.span, format!("一、本年新收 总计：{}", new_cell.text));
            if let Some((_, c)) = carried {
                d = d.with_related(c.span, format!("二、上年结转 总计：{}", c.text));
            }
            Some(d)
        }
        Topic::Carried => compare_row(rule, a, "t3", "carried", "上年结转", n, span),
        Topic::CarryNext => compare_row(rule, a, "t3", "carry-next", "结转下年度", n, span),
        Topic::Handled => compare_row(rule, a, "t3", "total", "办结", n, span),
        Topic::Review => compare_row(rule, a, "t4", "review", "政府信息公开行政复议", n, span),
        Topic::Litigation => {
            let (d1, c1) = total(a, "t4", "lit-direct")?;
            let (d2, c2) = total(a, "t4", "lit-after")?;
            if n == d1 + d2 {
                return None;
            }
            let msg = format!(
                "正文说政府信息公开行政诉讼 {} 件，与表四不符：两类行政诉讼的总计之和为 {}（未经复议直接起诉 {} + 复议后起诉 {}）",
                fmt(n),
                fmt(d1 + d2),
                fmt(d1),
                fmt(d2)
            );
            Some(
                rule.diag(span, msg)
                    .with_related(c1.span, format!("行政诉讼（未经复议直接起诉）总计：{}", c1.text))
                    .with_related(c2.span, format!("行政诉讼（复议后起诉）总计：{}", c2.text)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    /// `number_in` reads the last digits of a match: no pattern may spell
    /// out a digit of its own.
    #[test]
    fn no_pattern_spells_out_a_digit() {
        let all = super::patterns().iter().map(|(_, re)| re).chain([super::share_pattern()]);
        for re in all {
            let spelled = re.as_str().replace("[0-9]", "");
            assert!(!spelled.contains(|c: char| c.is_ascii_digit()), "{}", re.as_str());
        }
    }

    /// The number read from a match is its capture group, for every match
    /// of every pattern in the prose of every report in the repository and
    /// of phrasings written to be awkward.
    #[test]
    fn the_number_of_a_match_is_its_group() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts = vec![
            "收到申请12件，行政复议3件、行政诉讼2件，其中涉及政府信息公开的0件；2021年行政复议5件，其中信息公开类1件。".to_string(),
            "受理各类政府信息公开申请共计1,234件，办结12件，结转下年度继续办理7件，新收10件信息公开申请。".to_string(),
        ];
        for dir in ["examples", "tests/fixtures", "tests/fixtures/real"] {
            for e in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
                if e.path().extension().is_some_and(|x| x == "nianbao" || x == "txt") {
                    texts.extend(std::fs::read_to_string(e.path()).ok());
                }
            }
        }
        let mut matches = 0;
        // As `Prose` reads them: no whitespace, full-width digits ASCII.
        let prose = |t: &String| -> String {
            t.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    c => c,
                })
                .collect()
        };
        for text in texts.iter().map(prose) {
            let all = super::patterns().iter().map(|(_, re)| (re, 1)).chain([(super::share_pattern(), 2)]);
            for (re, group) in all {
                for c in re.captures_iter(&text) {
                    let (m, g) = (c.get(0).unwrap(), c.get(group).unwrap());
                    assert_eq!(super::number_in(&text, m.range()), g.range(), "{}", m.as_str());
                    matches += 1;
                }
            }
        }
        assert!(matches >= 40, "only {matches} matches");
    }

    const SAID: &str = "2022年，本机关共收到政府信息公开申请6件，全部按期答复。";

    fn say(s: &str) -> String {
        edit(VALID_2021, SAID, s)
    }

    #[test]
    fn application_count_contradicting_table_three() {
        let text = say("2022年，本机关共收到政府信息公开申请9件，全部按期答复。");
        let d = of(&text, "NB404");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "9");
        assert!(d[0].message.contains("总计为 6") && d[0].message.contains("为 7"));
        assert_eq!(d[0].related.len(), 2);
        // A bare `申请` counts when the paragraph's sub-heading says what
        // requests these are.
        let text = say("（二）依申请公开\n\n本年度全区共收到 12 件申请。");
        let d = of(&text, "NB404");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "12");
        // Without it, `申请` may be any application: not compared.
        let text = say("本年度全区共收到 12 件申请。");
        assert!(of(&text, "NB404").is_empty());
    }

    #[test]
    fn carried_over_and_handled_counts() {
        // 表三: 二 总计 1, （七）总计 6, 四 总计 1.
        let text = say("本年度受理政府信息公开申请6件，上年结转申请3件，办结9件，结转下年度继续办理2件。");
        let mut d = of(&text, "NB404");
        d.sort_by_key(|d| d.span.start);
        let got: Vec<&str> = d.iter().map(|d| at(&text, d)).collect();
        assert_eq!(got, ["3", "9", "2"], "{d:#?}");
        assert!(d[0].message.contains("“二、上年结转”总计为 1"), "{}", d[0].message);
        assert!(d[1].message.contains("“（七）总计”总计为 6"), "{}", d[1].message);
        assert!(d[2].message.contains("“四、结转下年度”总计为 1"), "{}", d[2].message);
        assert!(d.iter().all(|d| d.related.len() == 1));
        // Counts of one outcome each (上海市科委 2024), not of all handled.
        let text = say("所有办结的信息公开申请中同意公开答复 4 件，部分公开答复 1 件，不予公开答复 0 件。");
        assert!(of(&text, "NB404").is_empty(), "{:#?}", of(&text, "NB404"));
        // The same figures agreeing with the table.
        let text = say("本年度受理政府信息公开申请6件，办结6件（含上年结转1件），结转下年度继续办理1件。");
        assert!(of(&text, "NB404").is_empty(), "{:#?}", of(&text, "NB404"));
    }

    #[test]
    fn counts_of_some_requests_are_not_the_handled_total() {
        for s in [
            "本年度共办结政府信息公开申请6件，逾期答复0件。",
            "本年度共办结政府信息公开申请6件，其中书面答复4件，网上答复2件。",
            "本年度共办结政府信息公开申请6件，延期答复2件，当场答复3件。",
        ] {
            let text = say(s);
            assert!(of(&text, "NB404").is_empty(), "{s}: {:#?}", of(&text, "NB404"));
        }
        // A bare total that contradicts the table is still found.
        let text = say("本年度共受理政府信息公开申请6件，已全部办结7件。");
        assert_eq!(of(&text, "NB404").len(), 1);
    }

    #[test]
    fn a_disclosure_share_keeps_the_scope_of_its_sentence() {
        for s in [
            // Other agencies' cases, decided by this one as 复议机关.
            "区政府作为行政复议机关，受理行政复议案件15件，其中涉及政府信息公开的2件。",
            // Another year.
            "2021年共发生行政诉讼案件3件，其中涉及政府信息公开的1件。",
            // Shared by reviews and suits: a combined figure.
            "全年行政复议案件5件、行政诉讼案件3件，其中涉及政府信息公开的7件。",
        ] {
            let text = say(s);
            assert!(of(&text, "NB404").is_empty(), "{s}: {:#?}", of(&text, "NB404"));
        }
    }

    #[test]
    fn reviews_and_suits_that_are_not_about_disclosure_are_not_compared() {
        for s in [
            // The agency as the reviewing body: other people's cases.
            "区政府作为行政复议机关，全年共受理行政复议案件15件。",
            // Every suit of the agency, then the disclosure share (0 = 表四).
            "全年共发生行政诉讼案件3件，其中涉及政府信息公开的0件。",
            // Reviews of another matter, in a paragraph not about disclosure.
            "全年办理行政执法案件120件，行政复议案件4件。",
        ] {
            let text = say(s);
            assert!(of(&text, "NB404").is_empty(), "{s}: {:#?}", of(&text, "NB404"));
        }
        // The disclosure share contradicting 表四 is found, on that number.
        let text = say("全年共发生行政诉讼案件3件，其中涉及政府信息公开的2件。");
        let d = of(&text, "NB404");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "2");
        assert!(d[0].message.contains("行政诉讼 2 件"));
        // In section 四 the topic is given by the section.
        let text = edit(
            VALID_2021,
            "| 复议诉讼情况 |",
            "本年度共发生行政复议5件。\n\n| 复议诉讼情况 |",
        );
        let d = of(&text, "NB404");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "5");
    }

    #[test]
    fn review_and_litigation_counts() {
        let text = say("信息公开类行政复议3件，诉讼9件，均获维持。");
        let d = of(&text, "NB404");
        let got: Vec<&str> = d.iter().map(|d| at(&text, d)).collect();
        assert_eq!(got, ["3", "9"], "{d:#?}");
        assert!(d[0].message.contains("行政复议") && d[0].message.contains("总计为 2"));
        assert!(d[1].message.contains("行政诉讼") && d[1].message.contains("之和为 0"));
    }

    #[test]
    fn agreeing_or_unclear_numbers_are_fine() {
        assert!(of(VALID_2021, "NB404").is_empty());
        assert!(of(VALID_2019, "NB404").is_empty());
        for s in [
            // 一 + 二 (6 + 1) is accepted.
            "本年度共受理政府信息公开申请7件，行政复议2件，行政诉讼0件。",
            // Last year, comparisons and sub-counts are not this year's total.
            "较上年收到申请9件有所下降。",
            "2021年共收到政府信息公开申请9件。",
            "其中收到申请3件为当面提交。",
            // A combined figure.
            "办理行政复议、行政诉讼案件 74 件。",
            // Not a count of its own.
            "收到申请100余件。",
        ] {
            let text = say(s);
            assert!(of(&text, "NB404").is_empty(), "{s}: {:#?}", of(&text, "NB404"));
        }
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        assert!(of(text, "NB404").is_empty());
    }
}
