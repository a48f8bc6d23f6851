//! NB003: a suppression that silences nothing. Whether a suppression was
//! used is only known after every other rule has run and the engine has
//! applied the suppressions, so `check` does nothing: the engine calls
//! [`report`] (through `rules::unused_suppressions`) at that point.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::suppress::Suppression;

pub fn check(_rule: &Rule, _cx: &Context, _out: &mut Vec<Diagnostic>) {
    // Runs from the engine after suppressions are applied; see `report`.
}

/// One NB003 per suppression that `used` says silenced nothing.
pub fn report(
    rule: &Rule,
    sups: &[Suppression],
    used: &[bool],
    out: &mut Vec<Diagnostic>,
) {
    for (s, u) in sups.iter().zip(used) {
        if *u {
            continue;
        }
        let unknown: Vec<&str> = s
            .codes
            .iter()
            .filter(|c| super::by_code(c).is_none())
            .map(String::as_str)
            .collect();
        let what = if s.codes.is_empty() {
            "没有写明规则代码".to_string()
        } else if !unknown.is_empty() {
            format!("{} 不是 nianbao 的规则代码", unknown.join("、"))
        } else if s.target.is_none() {
            "其后没有可屏蔽的表格行、表格或标题".to_string()
        } else {
            format!("{} 在其作用范围内没有可屏蔽的问题", s.codes.join("、"))
        };
        out.push(rule.diag(s.span.clone(),
            format!("这条屏蔽注释没有屏蔽任何问题：{what}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const EXAMPLE: &str = include_str!("../../../examples/gongnong-2021.nianbao");
    const TOTAL_ROW: &str = "| （七）总计 |";

    #[test]
    fn suppression_above_a_row_silences_that_row_only() {
        assert!(!of(EXAMPLE, "NB302").is_empty());
        let text = edit(
            EXAMPLE,
            TOTAL_ROW,
            &format!("<!-- nianbao-allow NB302: 原文如此 -->\n{TOTAL_ROW}"),
        );
        assert!(of(&text, "NB302").is_empty());
        // NB303 also sits on that row but was not named.
        assert!(!of(&text, "NB303").is_empty());
        assert!(of(&text, "NB003").is_empty());
    }

    #[test]
    fn suppression_above_a_table_silences_the_whole_table() {
        let header = "| 申请人情况 |";
        let text = edit(
            EXAMPLE,
            header,
            &format!("<!-- nianbao-allow NB302 NB303: 原文如此 -->\n{header}"),
        );
        assert!(of(&text, "NB302").is_empty());
        assert!(of(&text, "NB303").is_empty());
        assert!(of(&text, "NB003").is_empty());
    }

    #[test]
    fn suppression_before_a_heading_silences_that_heading() {
        let h = "## 6、 其他需要报告的事项";
        let text = edit(EXAMPLE, h, &format!("<!-- nianbao-allow NB113: 原文如此 -->\n{h}"));
        assert!(of(&text, "NB113").is_empty());
        assert_eq!(of(&text, "NB114").len(), 1);
        assert!(of(&text, "NB003").is_empty());
    }

    #[test]
    fn suppression_that_silences_nothing_is_reported() {
        let text = edit(
            VALID_2021,
            TOTAL_ROW,
            &format!("<!-- nianbao-allow NB302: 以防万一 -->\n{TOTAL_ROW}"),
        );
        let d = of(&text, "NB003");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "<!-- nianbao-allow NB302: 以防万一 -->");
        assert!(d[0].message.contains("NB302"));
        assert!(d[0].message.contains("没有屏蔽任何问题"));
    }

    #[test]
    fn unknown_codes_are_named() {
        let text = edit(
            VALID_2021,
            TOTAL_ROW,
            &format!("<!-- nianbao-allow NB999: 原因 -->\n{TOTAL_ROW}"),
        );
        let d = of(&text, "NB003");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("NB999 不是 nianbao 的规则代码"));
    }
}
