//! NB404: a number quoted in the prose contradicts the tables (domain.md §5
//! TEXT-TABLE). Deliberately conservative: only three phrasings whose meaning
//! is clear, and nothing when the clause is about another year or a
//! comparison.
//! - `收到/受理…政府信息公开申请N件`, `收到N件申请` ↔ 表三 一、本年新收 总计;
//!   authors differ on whether carried-over requests count, so 一 + 二 is
//!   accepted too.
//! - `行政复议N件` ↔ 表四 行政复议 总计.
//! - `行政诉讼N件`, `诉讼N件` ↔ the two 行政诉讼 总计 summed.
//!
//! A phrase joining both (`行政复议、行政诉讼案件N件`) is a combined figure and
//! is skipped.

use super::{prose, Context, Rule};
use crate::analysis::{Analysis, BoundCell};
use crate::diagnostic::{Diagnostic, Severity};
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

pub struct Nb404;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Applications,
    Review,
    Litigation,
}

const FILL: &str = "(?:共计|总计|合计|累计|共|计|数量为|数量|为)?";

fn patterns() -> &'static [(Topic, Regex)] {
    static RE: OnceLock<Vec<(Topic, Regex)>> = OnceLock::new();
    RE.get_or_init(|| {
        let verb = "(?:收到|受理|接收|新收)";
        let app = "(?:政府信息公开申请|信息公开申请|公开申请|申请)";
        [
            (Topic::Applications, format!("{verb}(?:各类)?{app}{FILL}([0-9]+)件")),
            (
                Topic::Applications,
                format!("{verb}{FILL}([0-9]+)件(?:政府信息公开|信息公开|依申请公开)?申请"),
            ),
            (Topic::Review, format!("行政复议(?:案件|申请)?{FILL}([0-9]+)件")),
            (Topic::Litigation, format!("(?:行政)?诉讼(?:案件)?{FILL}([0-9]+)件")),
        ]
        .into_iter()
        .map(|(t, p)| (t, Regex::new(&p).expect("valid regex")))
        .collect()
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

impl Rule for Nb404 {
    fn code(&self) -> &'static str {
        "NB404"
    }
    fn severity(&self) -> Severity {
        Severity::Info
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let a = cx.analysis;
        let year = a.year.as_ref().map(|(y, _)| *y);
        for p in prose::paragraphs(a.doc) {
            let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
            for (topic, re) in patterns() {
                for c in re.captures_iter(&p.text) {
                    let (Some(m), Some(g)) = (c.get(0), c.get(1)) else {
                        continue;
                    };
                    if seen.iter().any(|r| r.start < g.end() && g.start() < r.end) {
                        continue;
                    }
                    let clause = clause_before(&p.text, m.start());
                    if !about_this_year(clause, year) || joined(*topic, &p.text[..m.start()]) {
                        continue;
                    }
                    let Ok(n) = Decimal::from_str(g.as_str()) else {
                        continue;
                    };
                    seen.push(g.range());
                    if let Some(d) = compare(self, cx, a, *topic, n, p.source(g.range())) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// The text of the clause before `at`: back to the last comma, semicolon,
/// colon or sentence end.
fn clause_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .rfind(['，', ',', '。', '；', ';', '：', ':', '！', '？'])
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    &head[start..]
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
    if topic == Topic::Applications {
        return false;
    }
    before.ends_with(['、', '和', '及', '与', '或']) || before.ends_with("以及")
}

fn total(a: &Analysis, table: &str, row: &str) -> Option<(Decimal, BoundCell)> {
    let t = a.table(table)?;
    let (ci, _) = t.template?.column("total")?;
    let cell = t.row(row)?.values.get(ci)?.clone()?;
    Some((cell.value.amount()?, cell))
}

fn compare(
    rule: &Nb404,
    cx: &Context,
    a: &Analysis,
    topic: Topic,
    n: Decimal,
    span: crate::text::Span,
) -> Option<Diagnostic> {
    let fmt = |d: Decimal| d.normalize().to_string();
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
            let mut d = cx.diag(rule, span, msg);
            d = d.with_related(new_cell.span, format!("一、本年新收 总计：{}", new_cell.text));
            if let Some((_, c)) = carried {
                d = d.with_related(c.span, format!("二、上年结转 总计：{}", c.text));
            }
            Some(d)
        }
        Topic::Review => {
            let (v, cell) = total(a, "t4", "review")?;
            if n == v {
                return None;
            }
            let msg = format!(
                "正文说行政复议 {} 件，与表四不符：“行政复议”总计为 {}",
                fmt(n),
                fmt(v)
            );
            Some(cx.diag(rule, span, msg).with_related(cell.span, format!("行政复议 总计：{}", cell.text)))
        }
        Topic::Litigation => {
            let (d1, c1) = total(a, "t4", "lit-direct")?;
            let (d2, c2) = total(a, "t4", "lit-after")?;
            if n == d1 + d2 {
                return None;
            }
            let msg = format!(
                "正文说行政诉讼 {} 件，与表四不符：两类行政诉讼的总计之和为 {}（未经复议直接起诉 {} + 复议后起诉 {}）",
                fmt(n),
                fmt(d1 + d2),
                fmt(d1),
                fmt(d2)
            );
            Some(
                cx.diag(rule, span, msg)
                    .with_related(c1.span, format!("行政诉讼（未经复议直接起诉）总计：{}", c1.text))
                    .with_related(c2.span, format!("行政诉讼（复议后起诉）总计：{}", c2.text)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

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
        let text = say("本年度全区共收到 12 件申请。");
        let d = of(&text, "NB404");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "12");
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
