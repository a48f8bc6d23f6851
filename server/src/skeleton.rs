//! `nianbao new`: a complete, empty report from the edition template, every
//! table row present with `0`s, already formatted. It states no fact the
//! writer has not given: the prose is placeholders (the template's, NB405
//! until replaced), so a fresh skeleton checks to "unfinished" only.

use crate::template::Edition;

/// What the new report is for.
#[derive(Debug, Clone)]
pub struct Spec {
    pub agency: String,
    pub year: i32,
    /// None: the edition the year asks for.
    pub edition: Option<Edition>,
}

/// Why a skeleton cannot be written (messages are shown to users).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The report text (LF line endings, formatted).
pub fn generate(spec: &Spec) -> Result<String, Error> {
    let agency = spec.agency.trim();
    if agency.is_empty() {
        return Err(Error("机关名称不能为空".into()));
    }
    if agency.contains(['\n', '\r', '|', '#']) {
        return Err(Error("机关名称不能包含换行、“|”或“#”".into()));
    }
    let year = spec.year;
    let Some(default) = Edition::for_year(year) else {
        let first = Edition::all().next().expect("an edition is built in");
        return Err(Error(format!(
            "不支持 {year} 年度的报告：仅支持 {} 年度及以后的年报格式",
            first.template().first_year
        )));
    };
    if year > 9999 {
        return Err(Error(format!("年度 {year} 无效：应为四位数的年份")));
    }
    let edition = spec.edition.unwrap_or(default);
    let template = edition.template();

    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("机关: {agency}\n年度: {year}\n"));
    if edition != default {
        out.push_str(&format!("格式: {}\n", edition.as_str()));
    }
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n", title(agency, year)));
    out.push_str(&format!(
        "按照《中华人民共和国政府信息公开条例》要求，现公布{agency}{year}年政府信息公开工作年度报告。\
         本报告中所列数据的统计期限为{year}年1月1日至12月31日。\n"
    ));

    for section in &template.sections {
        out.push_str(&format!("\n## {}\n", section.heading()));
        if let Some(p) = &section.placeholder {
            out.push_str(&format!("\n{p}\n"));
        }
        for table in template
            .tables
            .iter()
            .filter(|t| t.section == section.numeral)
        {
            // The official layout prints the note in the corner cell; a
            // `.nianbao` table keeps its label there and the note above.
            if let Some(note) = &table.corner_note {
                out.push_str(&format!("\n{note}\n"));
            }
            out.push('\n');
            // Caption (表二), header, delimiter, every row with zeros: the
            // same table the NB120 fix and completion insert.
            out.push_str(&crate::rules::fixes::table_skeleton(table));
            out.push('\n');
        }
    }
    Ok(crate::format::format(&out))
}

/// The report title as `nianbao new` writes it (completion offers it too).
pub(crate) fn title(agency: &str, year: i32) -> String {
    format!("{agency}{year}年政府信息公开工作年度报告")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn spec(year: i32, edition: Option<Edition>) -> Spec {
        Spec {
            agency: "某某区人民政府".into(),
            year,
            edition,
        }
    }

    #[test]
    fn skeletons_are_only_unfinished_and_are_formatted() {
        for year in [2019, 2020, 2021, 2022, 2025, 2030] {
            // The edition the year asks for, implicit or explicit. (A year
            // with the other edition is NB103 by design: see the next test.)
            for edition in [None, Edition::for_year(year)] {
                let text = generate(&spec(year, edition)).unwrap();
                // Only the three unfinished placeholders (NB405).
                let codes: Vec<&str> = crate::rules::testing::check(&text)
                    .iter()
                    .map(|d| d.code)
                    .collect();
                assert_eq!(codes, ["NB405"; 3], "{year} {edition:?}");
                assert_eq!(crate::format::format(&text), text, "{year} {edition:?}");
            }
        }
    }

    #[test]
    fn skeleton_in_the_other_edition_is_only_nb103() {
        let text = generate(&spec(2022, Some(Edition::parse("2019").unwrap()))).unwrap();
        let codes: Vec<_> = crate::rules::testing::check(&text)
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, ["NB103", "NB405", "NB405", "NB405"]);
    }

    #[test]
    fn skeleton_binds_every_template_row() {
        for (year, edition) in [
            (2020, Edition::parse("2019").unwrap()),
            (2022, Edition::parse("2021").unwrap()),
        ] {
            let text = generate(&spec(year, None)).unwrap();
            let doc = Document::parse(&text);
            let a = crate::analysis::Analysis::analyze(&doc);
            assert_eq!(a.edition, edition);
            assert!(a.edition_conflict.is_none());
            assert_eq!(a.sections.len(), 6);
            for t in &edition.template().tables {
                let bound = a.table(&t.id).unwrap_or_else(|| panic!("{}", t.id));
                assert_eq!(bound.rows.len(), t.rows.len(), "{}", t.id);
                for (i, r) in bound.rows.iter().enumerate() {
                    assert_eq!(r.template_row, Some(i));
                    let want = if t.rows[i].group { "" } else { "0" };
                    assert!(r.row.cells[1..].iter().all(|c| c.text == want));
                }
            }
        }
    }

    #[test]
    fn front_matter_names_the_edition_only_when_not_the_default() {
        let plain = generate(&spec(2022, Some(Edition::parse("2021").unwrap()))).unwrap();
        assert!(plain.starts_with("---\n机关: 某某区人民政府\n年度: 2022\n---\n\n# 某某区人民政府2022年政府信息公开工作年度报告\n"));
        assert!(!plain.contains("格式:"));
        assert!(plain.contains("统计期限为2022年1月1日至12月31日"));
        assert!(plain.contains("信息处理费"));
        let other = generate(&spec(2022, Some(Edition::parse("2019").unwrap()))).unwrap();
        assert!(other.contains("年度: 2022\n格式: 2019\n---"));
        assert!(other.contains("### 第二十条第（九）项"));
        assert!(!other.contains("信息处理费"));
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        assert!(generate(&spec(2018, None)).unwrap_err().0.contains("2019"));
        assert!(generate(&spec(10000, None)).is_err());
        let mut s = spec(2022, None);
        s.agency = "  ".into();
        assert!(generate(&s).is_err());
        s.agency = "某|局".into();
        assert!(generate(&s).is_err());
    }
}
