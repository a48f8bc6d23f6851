//! NB002: a suppression comment must say why the finding is acceptable.
//! A reason is what lets a reviewer trust a silenced error a year later.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::suppress;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for s in suppress::collect(cx.analysis.doc) {
        if !s.reason.is_empty() {
            continue;
        }
        let codes = if s.codes.is_empty() {
            "NB303".to_string()
        } else {
            s.codes.join(" ")
        };
        out.push(rule.diag(s.span.clone(),
            format!(
                "屏蔽注释没有写明原因：请在规则代码后加冒号和原因，如 <!-- {} {codes}: 原因 -->",
                suppress::DIRECTIVE
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const ROW: &str = "| （七）总计 |";

    #[test]
    fn suppression_without_reason_is_reported_on_the_comment() {
        let text = edit(
            VALID_2021,
            ROW,
            &format!("<!-- nianbao-allow NB302 -->\n{ROW}"),
        );
        let d = of(&text, "NB002");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "<!-- nianbao-allow NB302 -->");
        assert!(d[0].message.contains("没有写明原因"));
    }

    #[test]
    fn suppression_with_reason_is_fine() {
        let text = edit(
            VALID_2021,
            "| 申请人情况 |",
            "<!-- nianbao-allow NB302: 按来文日期统计 -->\n| 申请人情况 |",
        );
        assert!(of(&text, "NB002").is_empty());
        // Full-width colon works too.
        let text = edit(
            VALID_2021,
            "| 申请人情况 |",
            "<!-- nianbao-allow NB302：按来文日期统计 -->\n| 申请人情况 |",
        );
        assert!(of(&text, "NB002").is_empty());
    }
}
