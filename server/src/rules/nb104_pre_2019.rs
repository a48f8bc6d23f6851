//! NB104: a report for a year before 2019 used the format of 2008's 条例,
//! which nianbao does not model. The engine runs only this rule then.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((year, span)) = &cx.analysis.year else {
        return;
    };
    if *year >= 2019 {
        return;
    }
    out.push(rule.diag(span.clone(),
        format!(
            "{year}年度报告使用2019年以前的旧格式，不支持检查：nianbao 只支持2019年度及以后的报告（国办公开办函〔2019〕60号、〔2021〕30号格式）"
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn pre_2019_report_gets_only_nb104_on_the_year() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 2018");
        // Break a sum too: it must not be reported.
        let text = edit(&text, "| 行政许可 | 120 |", "| 行政许可 | x |");
        let d = check(&text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "NB104");
        assert_eq!(at(&text, &d[0]), "2018");
        assert!(d[0].message.contains("2019年以前的旧格式"));
    }

    #[test]
    fn year_in_title_is_the_span_without_front_matter() {
        let text = "# 某某县2017年政府信息公开工作年度报告\n";
        let d = of(text, "NB104");
        assert_eq!(d.len(), 1);
        assert_eq!(at(text, &d[0]), "2017");
    }

    #[test]
    fn from_2019_on_is_supported() {
        assert!(of(VALID_2019, "NB104").is_empty());
        assert!(of(VALID_2021, "NB104").is_empty());
    }
}
