//! NB101: front matter nianbao cannot use: unknown or repeated keys, empty
//! or unparsable values, and a `上年报告` that cannot be read. A bad value
//! is reported and ignored; the report is still checked.

use super::{Context, Rule};
use crate::analysis::{parse_year, FRONT_KEYS};
use crate::diagnostic::Diagnostic;
use crate::labels;
use crate::template::Edition;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.analysis.doc;
    if let Some(fm) = &doc.front_matter {
        let mut seen: Vec<&str> = Vec::new();
        for e in &fm.entries {
            let key = e.key.as_str();
            if !FRONT_KEYS.contains(&key) {
                let mut d = rule.diag(e.key_span.clone(),
                    format!("未知的前置信息键“{key}”：可用的键为 {}", FRONT_KEYS.join("、")),
                );
                if let Some(best) = labels::closest(key, FRONT_KEYS) {
                    d.message = format!("未知的前置信息键“{key}”，是否应为“{best}”？");
                    d = d.with_replacement(format!("改为“{best}”"), best, false);
                }
                out.push(d);
                continue;
            }
            if seen.contains(&key) {
                out.push(rule.diag(e.key_span.clone(),
                    format!("前置信息键“{key}”重复出现：只使用第一次的值"),
                ));
                continue;
            }
            seen.push(key);
            let value = e.value.trim();
            if value.is_empty() {
                out.push(rule.diag(e.value_span.clone(),
                    format!("前置信息“{key}”没有填写值"),
                ));
                continue;
            }
            match key {
                "年度" if parse_year(value).is_none() => out.push(rule.diag(e.value_span.clone(),
                    format!("无法识别的年度“{value}”：应为四位数年份，如 2022"),
                )),
                "格式" if Edition::parse(value).is_none() => {
                    let mut d = rule.diag(e.value_span.clone(),
                        format!("无法识别的格式“{value}”：应为 {}", edition_choices()),
                    );
                    // `2021年`, `２０２１`, `2021版`: the digits say which edition.
                    let digits: String = labels::normalize(value)
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    if let Some(ed) = Edition::parse(&digits) {
                        d = d.with_replacement(format!("改为 {}", ed.as_str()), ed.as_str(), true);
                    }
                    out.push(d);
                }
                _ => {}
            }
        }
    }
    if let Some((span, msg)) = &cx.previous_error {
        out.push(rule.diag(span.clone(), msg.clone()));
    }
}

/// The editions a `格式` value may name, newest first:
/// `2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）`.
fn edition_choices() -> String {
    let names: Vec<String> = Edition::all()
        .rev()
        .map(|e| format!("{}（{}）", e.as_str(), e.template().document))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}或 {last}", rest.join("、")),
        _ => names.concat(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn unknown_key_suggests_the_closest() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 2022\n上年报表: a.nianbao");
        let d = of(&text, "NB101");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "上年报表");
        assert!(d[0].message.contains("上年报告"));
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].new_text, "上年报告");
    }

    #[test]
    fn bad_year_edition_and_empty_values() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 二〇二二\n格式: 2020");
        let d = of(&text, "NB101");
        let got: Vec<&str> = d.iter().map(|d| at(&text, d)).collect();
        assert_eq!(got, ["二〇二二", "2020"], "{d:#?}");
        assert!(d[0].message.contains("四位数年份"));
        // The editions come from the templates, newest first.
        assert_eq!(
            d[1].message,
            "无法识别的格式“2020”：应为 2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）"
        );

        let text = edit(VALID_2021, "机关: 某某区人民政府", "机关:");
        let d = of(&text, "NB101");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.len(), 0);
        assert!(d[0].message.contains("“机关”没有填写值"));
    }

    #[test]
    fn edition_with_a_suffix_gets_a_safe_fix() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 2022\n格式: 2021版");
        let d = of(&text, "NB101");
        assert_eq!(d.len(), 1, "{d:#?}");
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.edits[0].new_text, "2021");
    }

    #[test]
    fn unreadable_previous_report_is_reported_on_the_value() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 2022\n上年报告: 2021.nianbao");
        let d = check_with(&text, &MemLoader(vec![]));
        let d: Vec<_> = d.into_iter().filter(|d| d.code == "NB101").collect();
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "2021.nianbao");
        assert!(d[0].message.contains("文件不存在"));
        // Readable: nothing to say.
        let loader = MemLoader(vec![("2021.nianbao", VALID_2021.replace("2022", "2021"))]);
        assert!(check_with(&text, &loader).iter().all(|d| d.code != "NB101"));
    }

    #[test]
    fn valid_front_matter_is_fine() {
        assert!(of(VALID_2021, "NB101").is_empty());
        assert!(of(VALID_2019, "NB101").is_empty());
    }
}
