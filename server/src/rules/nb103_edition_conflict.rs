//! NB103: the tables are in one edition of the official format while the
//! report year (or `格式`) needs the other. Said once: on `格式` when it
//! contradicts the year (the likely root cause), else on the first table
//! label of the other edition. The tables are then checked against the
//! edition they are in, so their own errors stay meaningful.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::Edition;

/// `2021版格式（国办公开办函〔2021〕30号）`
fn edition_name(e: Edition) -> String {
    format!("{}版格式（{}）", e.as_str(), e.template().document)
}

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    let a = cx.analysis;
    let year = a.year.as_ref().map(|(y, _)| *y);
    let year_edition = year.and_then(Edition::for_year);
    let declared = a
        .front
        .edition
        .as_ref()
        .and_then(|(v, span)| Some((Edition::parse(v)?, span.clone())));

    if let (Some(y), Some(ye), Some((de, span))) = (year, year_edition, &declared) {
        if ye != *de {
            let tables = if a.edition == ye {
                format!("；表格是按{}版填写的，按{}版检查", ye.as_str(), ye.as_str())
            } else {
                format!("；表格也是按{}版填写的，按{}版检查", de.as_str(), de.as_str())
            };
            out.push(
                rule.diag(span.clone(),
                    format!(
                        "“格式: {}”与报告年度不符：{y}年度报告应使用{}{tables}",
                        de.as_str(),
                        edition_name(ye)
                    ),
                )
                .with_replacement(format!("改为 {}", ye.as_str()), ye.as_str(), false),
            );
            return;
        }
    }

    let Some(c) = &a.edition_conflict else {
        return;
    };
    let why = match year {
        Some(y) if year_edition == Some(c.expected) => format!("{y}年度报告应使用"),
        _ => "前置信息“格式”指定使用".to_string(),
    };
    out.push(rule.diag(c.span.clone(),
        format!(
            "{why}{}，但表格使用的是{}（如“{}”）；以下按表格实际所用的{}版格式检查",
            edition_name(c.expected),
            edition_name(c.found),
            c.label,
            c.found.as_str()
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn old_tables_in_a_new_year_are_reported_once_on_the_first_label() {
        let text = edit(VALID_2019, "年度: 2020", "年度: 2022");
        let d = of(&text, "NB103");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "本年新制作数量");
        assert!(d[0].message.contains("2022年度报告应使用2021版格式"));
        assert!(d[0].message.contains("按表格实际所用的2019版格式检查"));
        // Checked against 2019: the 2019 tables raise no structure errors.
        let other: Vec<_> = check(&text)
            .into_iter()
            .filter(|d| d.code.starts_with("NB12"))
            .collect();
        assert!(other.is_empty(), "{other:#?}");
    }

    #[test]
    fn edition_key_contradicting_the_year_is_reported_on_its_value() {
        let text = edit(VALID_2021, "年度: 2022", "年度: 2022\n格式: 2019");
        let d = of(&text, "NB103");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "2019");
        assert!(d[0].message.contains("2022年度报告应使用2021版格式"));
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].new_text, "2021");
    }

    #[test]
    fn matching_editions_are_fine() {
        assert!(of(VALID_2021, "NB103").is_empty());
        assert!(of(VALID_2019, "NB103").is_empty());
        let text = edit(VALID_2021, "年度: 2022", "年度: 2022\n格式: 2021");
        assert!(of(&text, "NB103").is_empty());
    }
}
