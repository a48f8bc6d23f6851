//! NB405: placeholder prose left from `nianbao new` (`（请在此…）`). A report
//! straight from the skeleton has all its tables and zeros, which may well be
//! the truth, but its prose is not written yet: checking it clean would be
//! false assurance. One warning per placeholder paragraph, edited or not
//! (it still starts with the template's `placeholder_prefix`).

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let template = a.template();
    for (i, p) in a.paragraphs() {
        if !template.is_placeholder(&p.text) {
            continue;
        }
        let section = a
            .section_of_block(*i)
            .map(|i| format!("“{}”一节", a.section_template(i).heading()))
            .unwrap_or_else(|| "这里".into());
        out.push(rule.diag(p.source(0..p.text.len()),
            format!("{section}还是 nianbao new 生成的占位文字：请写入本机关的实际情况后删去占位文字"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::testing::*;
    use crate::skeleton::{generate, Spec};
    use crate::template::Edition;

    fn skeleton(year: i32) -> String {
        generate(&Spec {
            agency: "某某区人民政府".into(),
            year,
            edition: None,
        })
        .unwrap()
    }

    #[test]
    fn a_fresh_skeleton_is_unfinished_and_nothing_else() {
        for (year, edition) in [(2020, Edition::parse("2019").unwrap()), (2022, Edition::parse("2021").unwrap())] {
            let text = skeleton(year);
            let d = check(&text);
            // No error, no other finding: one warning per placeholder, in
            // 一, 五 and 六.
            let got: Vec<(&str, Severity, &str)> =
                d.iter().map(|d| (d.code, d.severity, at(&text, d))).collect();
            let t = edition.template();
            let want: Vec<(&str, Severity, &str)> = ["一", "五", "六"]
                .iter()
                .map(|n| {
                    let s = t.sections.iter().find(|s| s.numeral == *n).unwrap();
                    ("NB405", Severity::Warning, s.placeholder.as_deref().unwrap())
                })
                .collect();
            assert_eq!(got, want, "{year}");
            assert!(d[2].message.contains("六、其他需要报告的事项"));
        }
    }

    #[test]
    fn new_states_no_fact_the_writer_has_not_given() {
        // The fee sentence is a placeholder asking for it, not a statement.
        let text = skeleton(2022);
        assert!(!text.contains("本年度未收取信息处理费"));
        assert!(text.contains("信息处理费的收取情况"));
    }

    #[test]
    fn a_finished_report_has_none() {
        assert!(of(VALID_2021, "NB405").is_empty());
        assert!(of(VALID_2019, "NB405").is_empty());
        // The skeleton with its prose written: nothing left.
        let text = skeleton(2022)
            .replace(
                "（请在此概述本机关政府信息公开工作总体情况，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面。）",
                "本年度共收到政府信息公开申请0件。",
            )
            .replace(
                "（请在此说明本机关政府信息公开工作存在的主要问题及改进情况。）",
                "一是公开的及时性有待提高。下一步将完善发布审核流程。",
            )
            .replace(
                "（请在此报告其他需要报告的事项，并说明本年度信息处理费的收取情况，未收取的也应写明。）",
                "本年度未收取信息处理费。",
            );
        assert!(check(&text).is_empty(), "{:#?}", check(&text));
        // Half done: the placeholder left after the writer's own text.
        let half = text.replace(
            "本年度未收取信息处理费。",
            "本年度未收取信息处理费。\n\n（请在此报告其他需要报告的事项。）",
        );
        assert_eq!(of(&half, "NB405").len(), 1);
    }
}
