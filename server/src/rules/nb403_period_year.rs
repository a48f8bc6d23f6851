//! NB403: the statistics period stated in the prose (`本报告中所列数据的统计
//! 期限为2021年1月1日至12月31日`) names another year than the report's,
//! usually left over from last year's text. Every year inside the period
//! phrase is checked; the phrase runs from `统计期限/时限/期间…` to the next
//! comma or sentence end, so other years in the sentence are not read.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use regex::Regex;
use std::sync::OnceLock;

fn period() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"统计(?:期限|时限|期间|区间|时段|时间段|时间|周期|日期)[^。；;，,！!？?]*")
            .expect("valid regex")
    })
}

fn year() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:^|[^0-9])([0-9]{4})年").expect("valid regex"))
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((report_year, _)) = cx.analysis.year else {
        return;
    };
    for (_, p) in cx.analysis.paragraphs() {
        // Found once per paragraph text (kept with the prose between checks).
        let phrases = p
            .nb403
            .get_or_init(|| period().find_iter(&p.text).map(|m| m.range()).collect());
        for m in phrases {
            for c in year().captures_iter(&p.text[m.clone()]) {
                let Some(g) = c.get(1) else { continue };
                let Ok(y) = g.as_str().parse::<i32>() else {
                    continue;
                };
                if y == report_year {
                    continue;
                }
                let r = m.start + g.start()..m.start + g.end();
                let span = p.source(r);
                let d = rule.diag(span,
                    format!(
                        "统计期限写的是 {y} 年，但这是 {report_year} 年度的报告：是否沿用了往年的文字？"
                    ),
                );
                out.push(d.with_replacement(
                    format!("改为 {report_year}"),
                    report_year.to_string(),
                    false,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const PERIOD: &str = "统计期限为2022年1月1日至12月31日";

    #[test]
    fn period_of_another_year() {
        let text = edit(VALID_2021, PERIOD, "统计期限自2021年1月1日起至2021年12月31日止");
        let d = of(&text, "NB403");
        assert_eq!(d.len(), 2, "{d:#?}");
        for x in &d {
            assert_eq!(at(&text, x), "2021");
            assert!(x.message.contains("2021") && x.message.contains("2022"));
            assert_eq!(x.fix.as_ref().unwrap().edits[0].new_text, "2022");
        }
        assert!(text[..d[0].span.start].ends_with("统计期限自"));
    }

    #[test]
    fn full_width_and_wrapped_years() {
        let text = edit(VALID_2021, PERIOD, "统计时限为２０\n２１年1月1日至12月31日");
        let d = of(&text, "NB403");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "２０\n２１");
    }

    #[test]
    fn right_year_or_years_outside_the_phrase_are_fine() {
        assert!(of(VALID_2021, "NB403").is_empty());
        assert!(of(VALID_2019, "NB403").is_empty());
        let text = edit(
            VALID_2021,
            PERIOD,
            "统计期限为2022年1月1日至12月31日，与2021年相比申请量有所下降",
        );
        assert!(of(&text, "NB403").is_empty());
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        assert!(of(text, "NB403").is_empty());
    }
}
