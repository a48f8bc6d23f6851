//! NB402: in a report whose edition has a `fee_report` (the 2021 edition),
//! the section it names (六) does not say whether a
//! 信息处理费 was charged: it neither names the fee nor says in another
//! ordinary wording that no fee was charged (`本年度未收取任何费用`; the
//! names and wordings are data in the template's `fee_report`).
//! Reports and templates built on 国办公开办函〔2021〕30号 report the fee
//! (国办函〔2020〕109号) there; the format's own sentence is unverified, so the
//! message does not quote it. The only table evidence used is the row
//! `fee_report.notices` names, 表三 `（六）2.申请人逾期未按收费通知要求缴纳费用…`
//! (fee notices were issued);
//! 表二 第二十条第（八）项 counts all 行政事业性收费 and says nothing about this
//! fee (domain.md FEE-NOT-TABLE2).

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Block;
use crate::template::{FeeNotices, FeeReport};

/// Whether `text` (whitespace removed) names the fee or says whether any
/// fee was charged.
fn reports_the_fee(fee: &FeeReport, text: &str) -> bool {
    fee.names.iter().any(|name| text.contains(name.as_str()))
        || fee.statement_patterns.iter().any(|re| re.is_match(text))
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    // The edition the tables are in, or the one the year asks for,
    // wants the fee reported (the 2021 edition).
    let Some((fee_edition, fee)) = std::iter::once(a.edition)
        .chain(a.expected_edition)
        .find_map(|e| Some((e, e.template().fee_report.as_ref()?)))
    else {
        return;
    };
    let Some(idx) = a.template().section_index(&fee.section) else {
        return;
    };
    let Some(sec) = a.section(idx) else {
        return;
    };
    let doc = a.doc;
    let paragraphs: Vec<_> = a.paragraphs_in(sec.body.clone()).collect();
    // Placeholder prose from `nianbao new` is no statement, and the
    // section is NB405's until it is written.
    if paragraphs.iter().any(|p| a.template().is_placeholder(&p.text)) {
        return;
    }
    let mentions = paragraphs
        .iter()
        .any(|p| reports_the_fee(fee, &strip_ws(&p.text)))
        || doc
            .blocks
            .get(sec.body.clone())
            .unwrap_or(&[])
            .iter()
            .any(|b| match b {
                Block::Heading(h) => reports_the_fee(fee, &strip_ws(&h.text)),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .chain([&t.header])
                    .flat_map(|r| &r.cells)
                    .any(|c| reports_the_fee(fee, &strip_ws(&c.text))),
                _ => false,
            });
    if mentions {
        return;
    }
    let mut msg = format!(
        "“{}”一节没有说明是否收取信息处理费：{}年版年报格式下，通常在此说明本年度信息处理费的收取情况（包括未收取）",
        a.section_template(idx).title,
        fee_edition.as_str()
    );
    if let Some((name, n)) = fee.notices.as_ref().and_then(|f| Some((&f.name, fee_notices(cx, f)?))) {
        msg.push_str(&format!("。{name}填写了 {n}，说明本年度发出过收费通知"));
    }
    out.push(rule.diag(sec.heading.text_span.clone(), msg));
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The 总计 (or else the first non-zero value) of the fee notice row
/// (表三 （六）2), when non-zero.
fn fee_notices(cx: &Context, notices: &FeeNotices) -> Option<String> {
    let t3 = cx.analysis.table(&notices.table)?;
    let tt = t3.template?;
    let row = t3.row(&notices.row)?;
    let nonzero = |ci: usize| {
        row.values
            .get(ci)?
            .as_ref()?
            .value
            .amount()
            .filter(|v| !v.is_zero())
    };
    if let Some((ti, _)) = tt.column("total") {
        if let Some(v) = nonzero(ti) {
            return Some(format!("总计 {} 件", v.normalize()));
        }
    }
    (0..tt.columns.len())
        .find_map(|ci| nonzero(ci).map(|v| format!("{} {} 件", tt.columns[ci].label, v.normalize())))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const SIX: &str = "本年度未收取信息处理费。";

    #[test]
    fn section_six_without_the_fee() {
        let text = edit(VALID_2021, SIX, "无。");
        let d = of(&text, "NB402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "六、其他需要报告的事项");
        assert!(d[0].message.contains("信息处理费"));
        assert!(!d[0].message.contains("收费通知"));
    }

    #[test]
    fn fee_notices_in_table_three_are_mentioned() {
        let text = edit(VALID_2021, SIX, "无。");
        let text = edit(
            &text,
            "| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 2 | 0 | 0 | 0 | 0 | 2 |",
        );
        let d = of(&text, "NB402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("总计 2 件") && d[0].message.contains("收费通知"));
        // Edition and row name come from the template's fee_report.
        assert_eq!(
            d[0].message,
            "“其他需要报告的事项”一节没有说明是否收取信息处理费：2021年版年报格式下，通常在此说明本年度信息处理费的收取情况（包括未收取）。表三“（六）2.申请人逾期未按收费通知要求缴纳费用”填写了 总计 2 件，说明本年度发出过收费通知"
        );
    }

    #[test]
    fn the_fee_in_table_two_does_not_count() {
        // 1.25 万元 of 行政事业性收费 is not the information-processing fee.
        let text = edit(VALID_2021, SIX, "无。");
        assert!(!of(&text, "NB402")[0].message.contains("万元"));
    }

    #[test]
    fn mentioned_or_2019_edition_is_fine() {
        assert!(of(VALID_2021, "NB402").is_empty());
        // Wrapped over two lines.
        let text = edit(VALID_2021, SIX, "本年度未收取信息\n处理费。");
        assert!(of(&text, "NB402").is_empty());
        // The longer name some agencies use.
        let text = edit(VALID_2021, SIX, "本年度未收取信息公开处理费。");
        assert!(of(&text, "NB402").is_empty());
        // A fee that is not this one still does not count.
        let text = edit(VALID_2021, SIX, "本年度未收取复印费。");
        assert_eq!(of(&text, "NB402").len(), 1);
        // Ordinary wordings that say no fee was charged, seen in real
        // reports, without naming the fee.
        for said in [
            "本年度未收取任何费用。",
            "2022年未发生收费情况。",
            "本机关未收取费用。",
            "本年度不存在收费情况。",
            "依申请公开政府信息收费金额为0元。",
            "收费金额为0.00元。",
            "本年度未发生信息处理费收取情况。",
        ] {
            let text = edit(VALID_2021, SIX, said);
            assert!(of(&text, "NB402").is_empty(), "{said}");
        }
        // A statement about another matter is not one about fees.
        let text = edit(VALID_2021, SIX, "本年度未发生需要报告的其他事项。");
        assert_eq!(of(&text, "NB402").len(), 1);
        // The 2019 edition had no such fee.
        assert!(of(VALID_2019, "NB402").is_empty());
    }

    #[test]
    fn the_example_report() {
        let text = include_str!("../../../examples/gongnong-2021.nianbao");
        let d = of(text, "NB402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(text, &d[0]), "6、 其他需要报告的事项");
        // Of the value, cross-year and content rules, only NB402 fires there.
        let mine: Vec<&str> = check(text)
            .iter()
            .map(|d| d.code)
            .filter(|c| c.starts_with("NB2") || c.starts_with("NB4") || ["NB305", "NB306"].contains(c))
            .collect();
        assert_eq!(mine, ["NB402"]);
    }
}
