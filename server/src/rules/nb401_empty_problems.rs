//! NB401: section 五（存在的主要问题及改进情况）is empty or says only "无"
//! (`无。`, `暂无`, …): 条例第五十条第（四）项 requires it. Whitespace and
//! punctuation are ignored; `###` sub-headings alone do not count as content.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Block;

/// Texts that say nothing, after whitespace and punctuation are removed.
const NOTHING: &[&str] = &[
    "无", "暂无", "没有", "无问题", "暂无问题", "没有问题", "本年度无", "本年无", "无相关情况",
    "无此项", "不涉及", "无内容",
];

/// Section 五 in both editions.
const SECTION: usize = 4;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let Some(sec) = a.section(SECTION) else {
        return;
    };
    let doc = a.doc;
    let has_table = doc
        .blocks
        .get(sec.body.clone())
        .unwrap_or(&[])
        .iter()
        .any(|b| matches!(b, Block::Table(_)));
    if has_table {
        return;
    }
    let text: String = cx
        .analysis
        .paragraphs_in(sec.body.clone())
        .flat_map(|p| p.text.chars())
        .filter(|c| c.is_alphanumeric())
        .collect();
    let what = if text.is_empty() {
        "没有内容"
    } else if NOTHING.contains(&text.as_str()) {
        "只写了“无”"
    } else {
        return;
    };
    out.push(rule.diag(sec.heading.text_span.clone(),
        format!(
            "“{}”一节{}：应如实说明政府信息公开工作存在的主要问题及改进情况（条例第五十条第（四）项）",
            a.section_template(SECTION).title,
            what
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const BODY: &str = "一是政府信息公开的及时性有待提高。下一步将完善信息发布审核流程。\n";

    #[test]
    fn empty_or_nothing_sections() {
        for body in ["", "无。\n", "暂 无\n", "（无）\n", "<!-- 待补充 -->\n"] {
            let text = edit(VALID_2021, BODY, body);
            let d = of(&text, "NB401");
            assert_eq!(d.len(), 1, "{body:?}: {d:#?}");
            assert_eq!(at(&text, &d[0]), "五、存在的主要问题及改进情况");
            assert!(d[0].message.contains("存在的主要问题及改进情况"));
        }
        let d = of(&edit(VALID_2021, BODY, "无\n"), "NB401");
        assert!(d[0].message.contains("只写了“无”"));
        let d = of(&edit(VALID_2021, BODY, ""), "NB401");
        assert!(d[0].message.contains("没有内容"));
    }

    #[test]
    fn sections_with_content_are_fine() {
        assert!(of(VALID_2021, "NB401").is_empty());
        assert!(of(VALID_2019, "NB401").is_empty());
        // A sentence starting with 无 is content.
        let text = edit(VALID_2021, BODY, "无专职人员，信息发布滞后。\n");
        assert!(of(&text, "NB401").is_empty());
    }
}
