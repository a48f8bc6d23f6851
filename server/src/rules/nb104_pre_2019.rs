//! NB104: a report for a year before the first edition's (2019) used the
//! format of 2008's 条例, which nianbao does not model. The engine runs only
//! this rule then.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::Edition;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((year, span)) = &cx.analysis.year else {
        return;
    };
    if Edition::for_year(*year).is_some() {
        return;
    }
    let first = Edition::all().next().expect("an edition is built in");
    let first = first.template().first_year;
    out.push(rule.diag(span.clone(),
        format!(
            "{year}年度报告使用{first}年以前的旧格式，不支持检查：nianbao 只支持{first}年度及以后的报告（{}格式）",
            documents()
        ),
    ));
}

/// The editions' documents, oldest first, an issuer written once:
/// `国办公开办函〔2019〕60号、〔2021〕30号`.
fn documents() -> String {
    let mut out: Vec<String> = Vec::new();
    let mut issuer = "";
    for e in Edition::all() {
        let doc = e.template().document.as_str();
        let (who, number) = doc.split_at(doc.find('〔').unwrap_or(0));
        out.push(if who == issuer && !who.is_empty() {
            number.to_string()
        } else {
            doc.to_string()
        });
        issuer = who;
    }
    out.join("、")
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
        assert_eq!(
            d[0].message,
            "2018年度报告使用2019年以前的旧格式，不支持检查：nianbao 只支持2019年度及以后的报告（国办公开办函〔2019〕60号、〔2021〕30号格式）"
        );
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
