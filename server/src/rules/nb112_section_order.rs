//! NB112: sections out of order. The headings kept in place are the
//! longest run already in template order; each of the others is reported
//! once, so one moved section gives one diagnostic, not one per section.

use super::{Context, Rule};
use crate::analysis::SectionRef;
use crate::diagnostic::Diagnostic;

/// Indices (into `items`) of a longest strictly increasing subsequence of
/// the keys; ties keep the earlier elements.
pub fn longest_increasing(keys: &[usize]) -> Vec<usize> {
    let n = keys.len();
    // O(n²) is fine: callers pass at most one entry per template item.
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if keys[j] < keys[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return vec![];
    };
    let mut out = vec![i];
    while prev[i] != usize::MAX {
        i = prev[i];
        out.push(i);
    }
    out.reverse();
    out
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    // First occurrences only: repeats are NB111.
    let mut firsts: Vec<(usize, &SectionRef)> = Vec::new();
    for s in &a.sections {
        if let Some(idx) = s.section {
            if !firsts.iter().any(|(i, _)| *i == idx) {
                firsts.push((idx, s));
            }
        }
    }
    let keys: Vec<usize> = firsts.iter().map(|(i, _)| *i).collect();
    let keep = longest_increasing(&keys);
    for (k, (idx, s)) in firsts.iter().enumerate() {
        if keep.contains(&k) {
            continue;
        }
        let kept: Vec<usize> = keep.iter().map(|&j| firsts[j].0).collect();
        let after = kept.iter().rfind(|i| *i < idx);
        let before = kept.iter().find(|i| *i > idx);
        let name = |i: &usize| format!("“{}”", a.section_template(*i).heading());
        let hint = match (after, before) {
            (Some(x), Some(y)) => format!("应在{}之后、{}之前", name(x), name(y)),
            (Some(x), None) => format!("应在{}之后", name(x)),
            (None, Some(y)) => format!("应在{}之前", name(y)),
            (None, None) => String::new(),
        };
        out.push(rule.diag(s.heading.text_span.clone(),
            format!(
                "章节顺序不对：“{}”{hint}（顺序应为一至六）",
                a.section_template(*idx).heading()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;
    use crate::rules::testing::*;

    #[test]
    fn keeps_the_longest_ordered_run() {
        assert_eq!(longest_increasing(&[0, 1, 3, 2, 4, 5]).len(), 5);
        assert_eq!(longest_increasing(&[1, 2, 3, 4, 5, 0]), [0, 1, 2, 3, 4]);
        assert!(longest_increasing(&[]).is_empty());
    }

    #[test]
    fn a_moved_section_is_reported_once() {
        // Move section 五 (with its body) in front of section 四.
        let s4 = VALID_2021.find("## 四、").unwrap();
        let s5 = VALID_2021.find("## 五、").unwrap();
        let s6 = VALID_2021.find("## 六、").unwrap();
        let text = format!(
            "{}{}{}{}",
            &VALID_2021[..s4],
            &VALID_2021[s5..s6],
            &VALID_2021[s4..s5],
            &VALID_2021[s6..]
        );
        let d = of(&text, "NB112");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(at(&text, &d[0]).starts_with("五、") || at(&text, &d[0]).starts_with("四、"));
        assert!(d[0].message.contains("章节顺序不对"));
    }

    #[test]
    fn first_section_at_the_end() {
        let s1 = VALID_2021.find("## 一、").unwrap();
        let s2 = VALID_2021.find("## 二、").unwrap();
        let text = format!(
            "{}{}\n{}",
            &VALID_2021[..s1],
            &VALID_2021[s2..],
            &VALID_2021[s1..s2]
        );
        let d = of(&text, "NB112");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "一、总体情况");
        assert!(d[0].message.contains("应在“二、主动公开政府信息情况”之前"));
    }

    #[test]
    fn ordered_sections_are_fine() {
        assert!(of(VALID_2021, "NB112").is_empty());
        assert!(of(VALID_2019, "NB112").is_empty());
    }
}
