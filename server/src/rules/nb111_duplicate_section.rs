//! NB111: a section heading appears a second time.

use super::{fixes, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    for (i, s) in a.sections.iter().enumerate() {
        let Some(idx) = s.section else { continue };
        let Some(first) = a.sections[..i].iter().find(|f| f.section == Some(idx)) else {
            continue;
        };
        let line = fixes::line_no(a.doc, first.heading.span.start);
        out.push(
            rule.diag(s.heading.text_span.clone(),
                format!(
                    "章节“{}”重复出现（第一次在第{line}行）：每个章节只能有一个",
                    a.section_template(idx).heading()
                ),
            )
            .with_related(first.heading.text_span.clone(), "第一次出现在这里"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn second_heading_is_reported() {
        let text = format!("{VALID_2021}\n## 6、其他需要报告的事项\n\n补充。\n");
        let d = of(&text, "NB111");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "6、其他需要报告的事项");
        assert!(d[0].message.contains("重复出现"));
        assert!(d[0].message.contains("六、其他需要报告的事项"));
    }

    #[test]
    fn each_section_once_is_fine() {
        assert!(of(VALID_2021, "NB111").is_empty());
    }
}
