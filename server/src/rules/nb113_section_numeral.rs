//! NB113: a section heading's numeral is wrong (`6、` for `六、`) or missing.
//! The fix rewrites only the numeral part, so it composes with NB114's fix
//! of the title part when both apply to one heading.

use super::{fixes, Context, Rule};
use crate::diagnostic::{Diagnostic, Edit};

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    for s in &a.sections {
        let Some(idx) = s.section else { continue };
        let st = a.section_template(idx);
        let msg = match s.numeral.as_deref() {
            Some(n) if n == st.numeral => continue,
            Some(n) => format!(
                "章节序号“{n}”不规范：应为“{}、”（{}）",
                st.numeral,
                st.heading()
            ),
            None => format!("章节标题缺少序号：应为“{}”", st.heading()),
        };
        let (prefix, _) = fixes::heading_parts(s.heading);
        let new = format!("{}、", st.numeral);
        out.push(rule.diag(s.heading.text_span.clone(), msg).with_fix(
            format!("序号改为“{new}”"),
            vec![Edit {
                span: prefix,
                new_text: new,
            }],
            true,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn apply(text: &str, d: &crate::diagnostic::Diagnostic) -> String {
        let mut t = text.to_string();
        for e in d.fix.as_ref().unwrap().edits.iter().rev() {
            t.replace_range(e.span.clone(), &e.new_text);
        }
        t
    }

    #[test]
    fn arabic_numeral_is_reported_and_fixed() {
        let text = edit(VALID_2021, "## 六、其他", "## 6、 其他");
        let d = of(&text, "NB113");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "6、 其他需要报告的事项");
        assert!(d[0].message.contains("“6”") && d[0].message.contains("六、"));
        assert!(d[0].fix.as_ref().unwrap().safe);
        assert_eq!(apply(&text, &d[0]), VALID_2021);
        assert!(of(&text, "NB114").is_empty());
    }

    #[test]
    fn missing_numeral_is_reported() {
        let text = edit(VALID_2021, "## 一、总体情况", "## 总体情况");
        let d = of(&text, "NB113");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "总体情况");
        assert!(d[0].message.contains("缺少序号"));
        assert_eq!(apply(&text, &d[0]), VALID_2021);
    }

    #[test]
    fn example_report_gets_exactly_nb113_and_nb114_from_the_structure_rules() {
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        let got: Vec<(&str, &str)> = check(text)
            .iter()
            .filter(|d| d.code < "NB200")
            .map(|d| (d.code, at(text, d)))
            .collect();
        assert_eq!(
            got,
            [
                ("NB114", "五、政务公开工作存在的主要问题"),
                ("NB113", "6、 其他需要报告的事项")
            ]
        );
    }

    #[test]
    fn canonical_numerals_are_fine() {
        assert!(of(VALID_2021, "NB113").is_empty());
        assert!(of(VALID_2019, "NB113").is_empty());
    }
}
