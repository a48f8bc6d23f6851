//! NB102: the report year cannot be determined (no valid `年度`, no
//! `NNNN年` in the title). The year picks the edition and is compared with
//! the prose, so without it less can be checked.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    if a.year.is_some() {
        return;
    }
    let span = match a.doc.title() {
        Some(t) if !t.text.is_empty() => t.text_span.clone(),
        Some(t) => t.span.clone(),
        None => 0..0,
    };
    out.push(rule.diag(span,
        format!(
            "无法确定报告年度：前置信息中没有有效的“年度”，标题中也没有“NNNN年”；本次按{}版格式检查。请在前置信息中写明，如“年度: 2022”",
            a.edition.as_str()
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn no_year_anywhere_is_reported_on_the_title() {
        let text = edit(VALID_2021, "年度: 2022\n", "");
        let text = edit(&text, "某某区人民政府2022年政府", "某某区人民政府政府");
        let d = of(&text, "NB102");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "某某区人民政府政府信息公开工作年度报告");
        assert!(d[0].message.contains("无法确定报告年度"));
    }

    #[test]
    fn no_title_points_at_the_start() {
        let text = "## 一、总体情况\n\n正文\n";
        let d = of(text, "NB102");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, 0..0);
    }

    #[test]
    fn year_from_front_matter_or_title_is_enough() {
        assert!(of(VALID_2021, "NB102").is_empty());
        let text = edit(VALID_2021, "年度: 2022\n", "");
        assert!(of(&text, "NB102").is_empty());
    }
}
