//! NB120: a table of the template (or one of 表二's sub-tables) is missing
//! from a section that is present. A missing section is NB110's business,
//! so its tables are not reported again.

use super::{fixes, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let doc = a.doc;
    let t = a.template();
    for tt in &t.tables {
        if a.table(&tt.id).is_some() {
            continue;
        }
        let Some(si) = t.section_index(&tt.section) else {
            continue;
        };
        let Some(sec) = a.section(si) else { continue };
        // End of the section: the start of the block after its body.
        let pos = doc
            .blocks
            .get(sec.body.end)
            .map_or(doc.text.len(), block_start);
        let what = match &tt.caption {
            Some(c) => format!("缺少{}（小标题“### {c}”及其表格）", tt.name),
            None => format!("缺少{}", tt.name),
        };
        out.push(
            rule.diag(sec.heading.text_span.clone(),
                format!("“{}”中{what}", a.section_template(si).heading()),
            )
            .with_fix(
                format!("插入{}", tt.name),
                vec![fixes::insert_block(doc, pos, &fixes::table_skeleton(tt))],
                false,
            ),
        );
    }
}

fn block_start(b: &crate::model::Block) -> usize {
    use crate::model::Block;
    match b {
        Block::Heading(h) => h.span.start,
        Block::Table(t) => t.span.start,
        Block::Paragraph(p) => p.span.start,
        Block::Comment(c) => c.span.start,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn cut(text: &str, from: &str, to: &str) -> String {
        let s = text.find(from).unwrap();
        let e = s + text[s..].find(to).unwrap();
        format!("{}{}", &text[..s], &text[e..])
    }

    #[test]
    fn missing_sub_table_is_reported_on_the_section_heading() {
        let text = cut(VALID_2021, "### 第二十条第（五）项", "### 第二十条第（六）项");
        let d = of(&text, "NB120");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "二、主动公开政府信息情况");
        assert!(d[0].message.contains("第二十条第（五）项"));
        // The fix puts the skeleton back, and then the table is there.
        let e = &d[0].fix.as_ref().unwrap().edits[0];
        let mut fixed = text.clone();
        fixed.replace_range(e.span.clone(), &e.new_text);
        assert!(fixed.contains("### 第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | 0 |\n\n## 三、"));
        assert!(of(&fixed, "NB120").is_empty());
        assert!(of(&fixed, "NB001").is_empty());
    }

    #[test]
    fn missing_table_3_skeleton_has_blank_group_rows() {
        let text = cut(VALID_2021, "| 申请人情况 |", "## 四、");
        let d = of(&text, "NB120");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "三、收到和处理政府信息公开申请情况");
        let new = &d[0].fix.as_ref().unwrap().edits[0].new_text;
        assert!(new.contains("| 三、本年度办理结果 | | | | | | | |"));
        assert!(new.contains("| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"));
    }

    #[test]
    fn missing_section_does_not_also_report_its_table() {
        let text = cut(VALID_2021, "## 四、", "## 五、");
        assert!(of(&text, "NB120").is_empty());
        assert_eq!(of(&text, "NB110").len(), 1);
    }

    #[test]
    fn complete_reports_are_fine() {
        assert!(of(VALID_2021, "NB120").is_empty());
        assert!(of(VALID_2019, "NB120").is_empty());
    }
}
