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

/// One piece of a skeleton: text as written, or a place the writer fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// The agency's name, wherever it recurs.
    Agency,
    /// The report year, wherever it recurs.
    Year,
    /// A placeholder paragraph the writer replaces with their own text.
    Prose(String),
}

/// A new report as a structure: `nianbao new` writes it as text, completion
/// inserts it as a snippet whose tab stops are its [`Piece`]s.
#[derive(Debug, Clone)]
pub struct Skeleton {
    pub agency: String,
    pub year: i32,
    pub pieces: Vec<Piece>,
}

impl Skeleton {
    /// The report text (LF line endings, formatted).
    pub fn text(&self) -> String {
        let year = self.year.to_string();
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Prose(t) => t.as_str(),
                Piece::Agency => &self.agency,
                Piece::Year => &year,
            })
            .collect()
    }

    /// The report as an LSP snippet: `$1` the agency and `$2` the year
    /// (mirrored wherever they recur), then one tab stop per prose
    /// placeholder, in order.
    pub fn snippet(&self) -> String {
        let mut out = String::new();
        let (mut agency_seen, mut year_seen, mut stop) = (false, false, 3);
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(&escape_snippet(t)),
                Piece::Agency if std::mem::replace(&mut agency_seen, true) => out.push_str("${1}"),
                Piece::Agency => out.push_str(&format!("${{1:{}}}", escape_snippet(&self.agency))),
                Piece::Year if std::mem::replace(&mut year_seen, true) => out.push_str("${2}"),
                Piece::Year => out.push_str(&format!("${{2:{}}}", self.year)),
                Piece::Prose(t) => {
                    out.push_str(&format!("${{{stop}:{}}}", escape_snippet(t)));
                    stop += 1;
                }
            }
        }
        out
    }
}

/// Snippet syntax treats `$`, `}` and `\` specially.
fn escape_snippet(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report text (LF line endings, formatted).
pub fn generate(spec: &Spec) -> Result<String, Error> {
    build(spec).map(|s| s.text())
}

/// The report as a [`Skeleton`].
pub fn build(spec: &Spec) -> Result<Skeleton, Error> {
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

    use Piece::{Agency, Prose, Text, Year};
    let text = |s: &str| Text(s.to_string());
    let mut pieces = vec![
        text("---\n机关: "),
        Agency,
        text("\n年度: "),
        Year,
        text("\n"),
    ];
    if edition != default {
        pieces.push(Text(format!("格式: {}\n", edition.as_str())));
    }
    pieces.extend([
        text("---\n\n# "),
        Agency,
        Year,
        text("年政府信息公开工作年度报告\n\n按照《中华人民共和国政府信息公开条例》要求，现公布"),
        Agency,
        Year,
        text("年政府信息公开工作年度报告。本报告中所列数据的统计期限为"),
        Year,
        text("年1月1日至12月31日。\n"),
    ]);
    for section in &template.sections {
        let tables: Vec<_> = template
            .tables
            .iter()
            .filter(|t| t.section == section.numeral)
            .collect();
        pieces.push(Text(format!("\n## {}\n", section.heading())));
        if let Some(p) = &section.placeholder {
            pieces.push(text("\n"));
            // Where the section is prose only, the placeholder is the text
            // to write; above a table it stays as written.
            pieces.push(if tables.is_empty() {
                Prose(p.clone())
            } else {
                Text(p.clone())
            });
            pieces.push(text("\n"));
        }
        for table in tables {
            // The official layout prints the note in the corner cell; a
            // `.nianbao` table keeps its label there and the note above.
            if let Some(note) = &table.corner_note {
                pieces.push(Text(format!("\n{note}\n")));
            }
            // Caption (表二), header, delimiter, every row with zeros: the
            // same table the NB120 fix and completion insert, aligned.
            let table = crate::format::format(&crate::rules::fixes::table_skeleton(table));
            pieces.push(Text(format!("\n{table}")));
        }
    }
    Ok(Skeleton {
        agency: agency.to_string(),
        year,
        pieces,
    })
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
    fn the_snippet_is_the_text_with_tab_stops() {
        let mut s = spec(2022, None);
        s.agency = "某$局".into();
        let skel = build(&s).unwrap();
        let snippet = skel.snippet();
        assert!(
            snippet.starts_with("---\n机关: ${1:某\\$局}\n年度: ${2:2022}\n---\n\n# ${1}${2}年")
        );
        // Three prose sections (一、五、六) get stops 3, 4, 5, in order.
        let stops: Vec<usize> = (3..=6)
            .filter(|n| snippet.contains(&format!("${{{n}:")))
            .collect();
        assert_eq!(stops, [3, 4, 5]);
        // Without the tab stops and escapes, the snippet is the text.
        let mut plain = snippet.clone();
        for n in 3..=5 {
            let open = format!("${{{n}:");
            let at = plain.find(&open).unwrap();
            plain.replace_range(at..at + open.len(), "");
            let close = at + plain[at..].find('}').unwrap();
            plain.remove(close);
        }
        let plain = plain
            .replace("${1:某\\$局}", "某$局")
            .replace("${2:2022}", "2022")
            .replace("${1}", "某$局")
            .replace("${2}", "2022");
        assert_eq!(plain, skel.text());
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
