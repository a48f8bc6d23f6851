//! NB121: a table that is none of the template's tables (e.g. a 表二
//! sub-table under a caption the format does not have). It is not checked.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    for bt in &a.tables {
        if bt.template.is_some() {
            continue;
        }
        let caption = bt
            .caption
            .map(|c| format!("（小标题“{}”）", c.text))
            .unwrap_or_default();
        // On the header row: a suppression just above the table covers it.
        out.push(rule.diag(bt.table.header.span.clone(),
            format!(
                "这张表格{caption}不是{}版年报格式中的表格，不做检查",
                a.edition.as_str()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn extra_table_is_reported_on_its_header() {
        let text = edit(
            VALID_2021,
            "## 五、",
            "| 项目 | 数量 |\n| --- | ---: |\n| 培训 | 3 |\n\n## 五、",
        );
        let d = of(&text, "NB121");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "| 项目 | 数量 |");
        assert!(d[0].message.contains("不是2021版年报格式中的表格"));
    }

    #[test]
    fn template_tables_are_fine() {
        assert!(of(VALID_2021, "NB121").is_empty());
        assert!(of(VALID_2019, "NB121").is_empty());
    }
}
