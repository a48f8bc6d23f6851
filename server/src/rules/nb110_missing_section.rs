//! NB110: one of the six required sections is missing. Reported where it
//! belongs: on the heading of the next section present (or the title, or
//! the end of the file), with a fix inserting the canonical heading there.

use super::{fixes, Context, Rule};
use crate::diagnostic::Diagnostic;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let doc = a.doc;
    let n = a.template().sections.len();
    let mut idx = 0;
    while idx < n {
        if a.section(idx).is_some() {
            idx += 1;
            continue;
        }
        // The first later section present: the missing ones go before it.
        // Consecutive missing sections share that place and are said
        // together (an empty file gets one diagnostic, not six).
        let next_idx = (idx + 1..n).find(|&i| a.section(i).is_some());
        let run = idx..next_idx.unwrap_or(n);
        idx = run.end;
        let next = next_idx.and_then(|i| a.section(i));
        let headings: Vec<String> = run
            .clone()
            .map(|i| a.section_template(i).heading())
            .collect();
        let (span, pos) = match next {
            Some(s) => (s.heading.text_span.clone(), s.heading.span.start),
            None => {
                let end = doc.text.len();
                let span = match doc.title() {
                    Some(t) if a.sections.is_empty() => t.text_span.clone(),
                    // The report's last line of text, where the missing
                    // sections should follow: a position past the last
                    // line would point at a line the editor does not show.
                    _ => last_line(&doc.text),
                };
                (span, end)
            }
        };
        let where_ = match next {
            Some(s) => format!("，应在“{}”之前", s.heading.text),
            None => String::new(),
        };
        let names = format!("“{}”", headings.join("”“"));
        let block: Vec<String> = headings.iter().map(|h| format!("## {h}")).collect();
        out.push(
            rule.diag(span, format!("缺少必备章节{names}{where_}"))
                .with_fix(
                    format!("插入{names}"),
                    vec![fixes::insert_block(doc, pos, &block.join("\n\n"))],
                    false,
                ),
        );
    }
}

/// The span of the last non-blank line's text (empty at the end of an
/// empty text).
fn last_line(text: &str) -> std::ops::Range<usize> {
    let end = text.trim_end().len();
    let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    let start = start + (text[start..end].len() - text[start..end].trim_start().len());
    start..end
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn missing_section_is_reported_on_the_next_heading_with_an_insert_fix() {
        let text = edit(
            VALID_2021,
            "## 一、总体情况\n\n2022年，本机关共收到政府信息公开申请6件，全部按期答复。\n\n",
            "",
        );
        let d = of(&text, "NB110");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "二、主动公开政府信息情况");
        assert!(d[0].message.contains("缺少必备章节“一、总体情况”"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(!fix.safe);
        let e = &fix.edits[0];
        let mut fixed = text.clone();
        fixed.replace_range(e.span.clone(), &e.new_text);
        assert!(fixed.contains("\n\n## 一、总体情况\n\n## 二、主动公开政府信息情况"));
        assert!(of(&fixed, "NB110").is_empty());
    }

    #[test]
    fn a_narrative_numbered_on_its_own_is_no_section() {
        // 上海市科委 2024: the overview numbers its own parts 一–六, then
        // the official sections follow. `五、政府信息管理` is not section 五
        // (its numeral does not fit between the headings matched by title),
        // so the missing 五 is reported, and the fee sentence of the real
        // 六 is found.
        let text = edit(
            VALID_2021,
            "## 二、主动公开政府信息情况",
            "## 五、政府信息管理\n\n加强政府信息管理。\n\n## 六、政府信息公开平台建设\n\n建设平台。\n\n## 二、主动公开政府信息情况",
        );
        let text = edit(&text, "## 五、存在的主要问题及改进情况", "### 存在的不足");
        let d = of(&text, "NB110");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("五、存在的主要问题及改进情况"), "{}", d[0].message);
        let codes: Vec<&str> = check(&text).iter().map(|d| d.code).collect();
        assert!(!codes.contains(&"NB114") && !codes.contains(&"NB111"), "{codes:?}");
        assert!(!codes.contains(&"NB402"), "{codes:?}");
        // A heading whose numeral fits the order still stands for its
        // section (NB114 on its title, no NB110).
        let text = edit(VALID_2021, "## 五、存在的主要问题及改进情况", "## 五、我区存在的不足");
        assert!(of(&text, "NB110").is_empty());
        assert_eq!(of(&text, "NB114").len(), 1);
    }

    #[test]
    fn missing_last_section_points_at_the_end() {
        let cut = VALID_2021.find("## 六、").unwrap();
        let text = &VALID_2021[..cut];
        let d = of(text, "NB110");
        assert_eq!(d.len(), 1, "{d:#?}");
        // On the report's last line of text, not on a line past the end.
        assert_eq!(at(text, &d[0]), "一是政府信息公开的及时性有待提高。下一步将完善信息发布审核流程。");
        assert!(d[0].message.contains("六、其他需要报告的事项"));
        // The fix still appends the heading at the end.
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].span, text.len()..text.len());
    }

    #[test]
    fn consecutive_missing_sections_are_said_once() {
        let text = "# 某某县2022年政府信息公开工作年度报告\n";
        let d = of(text, "NB110");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(text, &d[0]), "某某县2022年政府信息公开工作年度报告");
        assert!(d[0].message.contains("“一、总体情况”“二、主动公开政府信息情况”"));
        assert!(d[0].message.contains("六、其他需要报告的事项"));
        let e = &d[0].fix.as_ref().unwrap().edits[0];
        let mut fixed = text.to_string();
        fixed.replace_range(e.span.clone(), &e.new_text);
        assert!(of(&fixed, "NB110").is_empty());
    }

    #[test]
    fn truncated_and_crlf_reports_never_panic() {
        for base in [VALID_2021.to_string(), VALID_2019.replace('\n', "\r\n")] {
            let cuts: Vec<usize> = (0..base.len())
                .filter(|i| base.is_char_boundary(*i))
                .step_by(13)
                .collect();
            for c in cuts {
                let _ = check(&base[..c]);
                let _ = check(&base[c..]);
            }
        }
    }

    #[test]
    fn complete_reports_are_fine() {
        assert!(of(VALID_2021, "NB110").is_empty());
        assert!(of(VALID_2019, "NB110").is_empty());
    }
}
