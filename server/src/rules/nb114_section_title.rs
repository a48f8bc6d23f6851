//! NB114: a section title differs from the canonical one: a known variant
//! (`政务公开工作存在的主要问题`), or an unknown title recognised only by
//! its numeral (`五、我区存在的不足`). The fix rewrites the title part only
//! (NB113 handles the numeral); it is safe for known variants, and offered
//! but not safe for unknown titles, whose words would be lost.

use super::{fixes, Context, Rule};
use crate::diagnostic::{Diagnostic, Edit};
use crate::labels::MatchKind;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    for s in &a.sections {
        let Some(idx) = s.section else { continue };
        let st = a.section_template(idx);
        let (_, title_span) = fixes::heading_parts(s.heading);
        let title = a.doc.slice(&title_span);
        let (msg, safe) = match s.title_match {
            Some(MatchKind::Canonical | MatchKind::Alias) => continue,
            Some(MatchKind::Variant) => (
                format!(
                    "章节标题“{title}”是常见的非规范写法：规范标题为“{}”",
                    st.heading()
                ),
                true,
            ),
            None => (
                format!(
                    "章节标题“{title}”与规范标题不同：按序号视为第{}节，规范标题为“{}”",
                    st.numeral,
                    st.heading()
                ),
                false,
            ),
        };
        out.push(rule.diag(s.heading.text_span.clone(), msg).with_fix(
            format!("标题改为“{}”", st.title),
            vec![Edit {
                span: title_span,
                new_text: st.title.clone(),
            }],
            safe,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const EXAMPLE: &str = include_str!("../../../examples/gongnong-2021.nianbao");

    #[test]
    fn known_variant_gets_a_safe_fix() {
        let d = of(EXAMPLE, "NB114");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(EXAMPLE, &d[0]), "五、政务公开工作存在的主要问题");
        assert!(d[0].message.contains("五、存在的主要问题及改进情况"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(at(EXAMPLE, &crate::diagnostic::Diagnostic {
            span: fix.edits[0].span.clone(),
            ..d[0].clone()
        }), "政务公开工作存在的主要问题");
        assert_eq!(fix.edits[0].new_text, "存在的主要问题及改进情况");
    }

    #[test]
    fn unknown_title_matched_by_numeral_gets_an_unsafe_fix() {
        let text = edit(VALID_2021, "## 五、存在的主要问题及改进情况", "## 五、我区存在的不足");
        let d = of(&text, "NB114");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "五、我区存在的不足");
        assert!(d[0].message.contains("我区存在的不足"));
        assert!(!d[0].fix.as_ref().unwrap().safe);
        assert!(of(&text, "NB113").is_empty());
        assert!(of(&text, "NB110").is_empty());
    }

    #[test]
    fn the_statutes_own_wordings_are_canonical() {
        // 《条例》第五十条 words the items of the report; a heading that
        // quotes it is never a deviation (real reports: Shanghai 2019,
        // 沭阳 2025, 威海文登 2022). Both editions.
        for base in [VALID_2021, VALID_2019] {
            for (canonical, statute) in [
                (
                    "## 五、存在的主要问题及改进情况",
                    "## 五、政府信息公开工作存在的主要问题及改进情况",
                ),
                (
                    "## 四、政府信息公开行政复议、行政诉讼情况",
                    "## 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                ),
                (
                    "## 四、政府信息公开行政复议、行政诉讼情况",
                    "## 四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
                ),
                (
                    "## 二、主动公开政府信息情况",
                    "## 二、行政机关主动公开政府信息的情况",
                ),
                (
                    "## 三、收到和处理政府信息公开申请情况",
                    "## 三、行政机关收到和处理政府信息公开申请的情况",
                ),
            ] {
                let text = edit(base, canonical, statute);
                assert!(of(&text, "NB114").is_empty(), "{statute}");
                assert!(of(&text, "NB110").is_empty(), "{statute}");
            }
        }
        // A slip that is not the statute's wording still gets the warning.
        let text = edit(
            VALID_2021,
            "## 四、政府信息公开行政复议、行政诉讼情况",
            "## 四、因政府信息公开工作被申请行政复议提起行政诉讼情况",
        );
        assert_eq!(of(&text, "NB114").len(), 1);
    }

    #[test]
    fn canonical_titles_are_fine() {
        assert!(of(VALID_2021, "NB114").is_empty());
        assert!(of(VALID_2019, "NB114").is_empty());
        // Half-width punctuation is tolerated.
        let text = edit(
            VALID_2021,
            "## 四、政府信息公开行政复议、行政诉讼情况",
            "## 四. 政府信息公开行政复议、行政诉讼情况",
        );
        assert!(of(&text, "NB114").is_empty());
    }
}
