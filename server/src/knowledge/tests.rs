use super::*;
use crate::check::{check_text, Loader};
use crate::config::Config;
use crate::template::Edition;
use regex::Regex;
use std::path::Path;

use super::verified;

#[test]
fn docs_are_complete_chinese_and_one_line_titles() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for d in rule_docs() {
        assert!(!d.title.contains('\n') && cjk(&d.title), "{}", d.code);
        for (name, text) in [
            ("checks", &d.checks),
            ("why", &d.why),
            ("basis", &d.basis),
            ("fix", &d.fix),
        ] {
            assert!(cjk(text), "{} {name} is not Chinese", d.code);
        }
        assert!(!d.example.trim().is_empty(), "{}", d.code);
    }
}

#[test]
fn lookup_is_case_insensitive_and_closest_codes_are_near() {
    assert_eq!(rule_doc("nb302").map(|d| d.code.as_str()), Some("NB302"));
    assert_eq!(rule_doc(" NB402 ").map(|d| d.code.as_str()), Some("NB402"));
    assert!(rule_doc("NB999").is_none());
    assert_eq!(
        closest_codes("NB30"),
        vec!["NB301", "NB302", "NB303", "NB304", "NB305", "NB306"]
    );
    assert_eq!(closest_codes("402"), vec!["NB402"]);
    assert!(closest_codes("与规则无关的文字").is_empty());
}

/// `《条例》第X条[第X款][第（X）项]：“…”`: a statute quotation.
fn statute_quote_re() -> Regex {
    Regex::new(r"条例》(第[一二三四五六七八九十]+条)(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?：$")
        .unwrap()
}

/// Outermost “…” quotations, with the text before each.
fn quotes(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '“' => {
                if depth == 0 {
                    start = i + c.len_utf8();
                }
                depth += 1;
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((&s[..start - '“'.len_utf8()], &s[start..i]));
                }
            }
            _ => {}
        }
    }
    out
}

fn article(name: &str) -> &'static str {
    verified::ARTICLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("{name} has no VERIFIED text: do not quote it"))
}

/// Every label, caption, heading and column-group name of both templates.
fn template_labels() -> Vec<String> {
    let mut out = Vec::new();
    for e in Edition::all() {
        let t = e.template();
        for s in &t.sections {
            out.push(s.heading());
            out.push(s.title.clone());
        }
        for table in &t.tables {
            out.extend(table.caption.clone());
            out.push(table.corner.clone());
            for c in &table.columns {
                out.push(c.label.clone());
                out.extend(c.group.clone());
            }
            for r in &table.rows {
                out.push(r.label.clone());
                out.extend(r.variants.clone());
            }
        }
    }
    out
}

#[test]
fn statute_quotes_are_verified_text() {
    let re = statute_quote_re();
    let labels = template_labels();
    let mut statute_quotes = 0;
    for d in rule_docs() {
        for (field, text) in [
            ("checks", &d.checks),
            ("why", &d.why),
            ("basis", &d.basis),
            ("fix", &d.fix),
        ] {
            for (before, q) in quotes(text) {
                if let Some(m) = re.captures(before) {
                    statute_quotes += 1;
                    let art = article(&m[1]);
                    assert!(
                        art.contains(q),
                        "{} {field}: quotation of {} is not its VERIFIED text: “{q}”",
                        d.code,
                        &m[1]
                    );
                    if let Some(item) = m.get(3) {
                        let item = item
                            .as_str()
                            .trim_start_matches('第')
                            .trim_end_matches('项');
                        assert!(
                            q.starts_with(item),
                            "{} quotes {} but not item {item}",
                            d.code,
                            &m[1]
                        );
                    }
                } else if field == "basis" {
                    // Any other quotation in a basis must be verified format
                    // text or a template label, never paraphrase in quotes.
                    assert!(
                        verified::OTHER.iter().any(|t| t.contains(q))
                            || labels.iter().any(|l| l == q),
                        "{} basis quotes unverified text: “{q}”",
                        d.code
                    );
                }
            }
        }
    }
    assert!(
        statute_quotes >= 8,
        "the statute quote pattern found too little"
    );
}

#[test]
fn the_quote_check_rejects_a_misquotation() {
    // Guards the test above: a changed word must be caught.
    let re = statute_quote_re();
    let text = "《条例》第十四条：“依法确定为国家机密的政府信息，不予公开。”";
    let (before, q) = quotes(text)[0];
    let m = re.captures(before).expect("pattern matches");
    assert!(!article(&m[1]).contains(q));
}

#[test]
fn practice_is_labelled_as_practice() {
    // Rules whose basis is practice or inference, not the words of a
    // document, must say so (domain.md §5 and §2.4).
    for code in [
        "NB201", "NB202", "NB301", "NB302", "NB304", "NB305", "NB306", "NB402", "NB404",
    ] {
        let d = rule_doc(code).unwrap();
        assert!(d.basis.contains("实践口径"), "{code}: {}", d.basis);
    }
    // NB303 is the explicit header note of 表三.
    assert!(rule_doc("NB303")
        .unwrap()
        .basis
        .contains(verified::OTHER[0]));
}

/// Serves an example's 上年报告 from memory.
struct Previous<'a>(Option<&'a str>);

impl Loader for Previous<'_> {
    fn load(&self, _path: &Path) -> std::io::Result<String> {
        self.0
            .map(str::to_string)
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

#[test]
fn examples_trigger_their_own_code() {
    for d in rule_docs() {
        let (_, diags) = check_text(
            &d.example,
            Some(Path::new("report.nianbao")),
            &Config::default(),
            &Previous(d.example_previous.as_deref()),
        );
        assert!(
            diags.iter().any(|x| x.code == d.code),
            "the example of {} does not produce it: {diags:#?}",
            d.code
        );
    }
}

#[test]
fn committed_docs_rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.replace("\r\n", "\n") == rules_markdown(),
        "docs/rules.md is out of date with server/knowledge/rules.toml; regenerate it \
         from the repository root with:\n    cargo run -q -- explain --markdown > docs/rules.md"
    );
}

#[test]
fn markdown_and_terminal_show_the_same_text() {
    let md = rules_markdown();
    for d in rule_docs() {
        let term = d.to_terminal();
        let sec = d.to_markdown();
        assert!(md.contains(&format!("| [{}](#{}) |", d.code, d.code.to_lowercase())));
        assert!(md.contains(&format!("<a id=\"{}\"></a>", d.code.to_lowercase())));
        for text in [&d.title, &d.checks, &d.why, &d.basis, &d.fix] {
            assert!(term.contains(text.trim()), "{}", d.code);
            assert!(sec.contains(text.trim()), "{}", d.code);
        }
        for line in d.example.lines().filter(|l| !l.is_empty()) {
            assert!(term.contains(line) && sec.contains(line), "{}", d.code);
        }
    }
}

// ------------------------------------------------------------ labels -----

#[test]
fn every_template_item_has_exactly_one_label_doc_with_its_label() {
    let mut used = vec![false; label_docs().len()];
    let mut find = |e: Edition, table: &str, kind: LabelKind, id: &str, label: &str| {
        let hits: Vec<usize> = label_docs()
            .iter()
            .enumerate()
            .filter(|(_, d)| d.applies_to(e) && d.table == table && d.kind == kind && d.id == id)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{} {table} {kind:?} {id:?} {label}: {hits:?}",
            e.as_str()
        );
        let d = &label_docs()[hits[0]];
        assert_eq!(d.label, label, "{} {table} {id}", e.as_str());
        used[hits[0]] = true;
    };
    for e in Edition::all() {
        let t = e.template();
        for s in &t.sections {
            find(e, "", LabelKind::Section, &s.numeral, &s.heading());
        }
        for table in &t.tables {
            if let Some(c) = &table.caption {
                find(e, &table.id, LabelKind::Caption, "", c);
            }
            find(e, &table.id, LabelKind::Corner, "", &table.corner);
            for c in &table.columns {
                find(e, &table.id, LabelKind::Column, &c.id, &c.label);
            }
            for r in &table.rows {
                find(e, &table.id, LabelKind::Row, &r.id, &r.label);
            }
        }
    }
    // No entry for something no template has.
    for (i, u) in used.iter().enumerate() {
        assert!(
            u,
            "label doc matches no template item: {:?}",
            label_docs()[i].label
        );
    }
}

#[test]
fn label_statutes_are_verified_and_unverified_mappings_say_so() {
    let art_re = Regex::new(r"第[一二三四五六七八九十]+条").unwrap();
    for d in label_docs() {
        assert!(!d.meaning.trim().is_empty(), "{}", d.label);
        if d.statute.is_empty() {
            continue;
        }
        assert!(
            d.verified,
            "{}: an unverified mapping must not quote a statute",
            d.label
        );
        let art = art_re
            .find(&d.basis)
            .unwrap_or_else(|| panic!("{}: statute without an article in basis", d.label));
        assert!(
            article(art.as_str()).contains(d.statute.as_str()),
            "{}: statute is not the VERIFIED text of {}",
            d.label,
            art.as_str()
        );
    }
    // The UNVERIFIED mappings of domain.md §12.4 are marked as such.
    for (table, id) in [
        ("t3", "withheld-8"),
        ("t3", "unable-1"),
        ("t3", "rejected-5"),
    ] {
        let d = label_doc(Edition::parse("2021").unwrap(), table, LabelItem::Row(id)).unwrap();
        assert!(!d.verified && d.statute.is_empty(), "{id}");
        assert!(d.to_markdown().contains("实践口径"), "{id}");
    }
}

#[test]
fn label_lookup_distinguishes_rows_from_columns_and_editions() {
    let row = label_doc(
        Edition::parse("2021").unwrap(),
        "t3",
        LabelItem::Row("total"),
    )
    .unwrap();
    let col = label_doc(
        Edition::parse("2021").unwrap(),
        "t3",
        LabelItem::Column("total"),
    )
    .unwrap();
    assert_eq!(row.label, "（七）总计");
    assert_eq!(col.label, "总计");
    let n19 = label_doc(
        Edition::parse("2019").unwrap(),
        "t2-1",
        LabelItem::Row("normative"),
    )
    .unwrap();
    let n21 = label_doc(
        Edition::parse("2021").unwrap(),
        "t2-1",
        LabelItem::Row("normative"),
    )
    .unwrap();
    assert_eq!(
        (n19.label.as_str(), n21.label.as_str()),
        ("规范性文件", "行政规范性文件")
    );
    assert!(label_doc(Edition::parse("2021").unwrap(), "t2-9", LabelItem::Caption).is_none());
    assert_eq!(
        section_doc(Edition::parse("2021").unwrap(), "五")
            .unwrap()
            .label,
        "五、存在的主要问题及改进情况"
    );
    let partial = label_doc(
        Edition::parse("2021").unwrap(),
        "t3",
        LabelItem::Row("partial"),
    )
    .unwrap();
    assert!(partial.to_markdown().contains("> 申请公开的信息中含有"));
}

/// Whitespace-free text, for comparing quotations with verified text.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The VERIFIED text a quotation's `source` names: the 条例 from
/// [`verified::ARTICLES`], anything else from [`verified::INSTRUMENTS`]. The
/// 款/项 after the article is dropped (the text must still be a substring).
fn quote_source_text(source: &str) -> &'static str {
    const TIAOLI: &str = "《中华人民共和国政府信息公开条例》";
    let art_re = Regex::new(r"第[一二三四五六七八九十百零]+条").unwrap();
    let key = match art_re.find(source) {
        Some(m) => &source[..m.end()],
        None => source,
    };
    if let Some(art) = key.strip_prefix(TIAOLI) {
        return article(art);
    }
    verified::INSTRUMENTS
        .iter()
        .find(|(s, _)| *s == key)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("{source} has no VERIFIED text: do not quote it"))
}

#[test]
fn label_quotes_are_verified_text_of_their_source() {
    let mut n = 0;
    for d in label_docs() {
        for q in &d.quote {
            let verified = squash(quote_source_text(&q.source));
            assert!(
                !q.text.trim().is_empty() && verified.contains(&squash(&q.text)),
                "{}: the quotation of {} is not its VERIFIED text: “{}”",
                d.label,
                q.source,
                q.text
            );
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} quotations found");
}

#[test]
fn the_label_quote_check_rejects_a_misquotation_and_an_unknown_source() {
    // 判决维持 is exactly what the current 行政诉讼法 no longer says.
    let v = squash(quote_source_text("《中华人民共和国行政诉讼法》第六十九条"));
    assert!(!v.contains(&squash(
        "行政行为证据确凿，适用法律、法规正确，符合法定程序的，人民法院判决维持。"
    )));
    assert!(v.contains("人民法院判决驳回原告的诉讼请求。"));
    assert!(std::panic::catch_unwind(|| quote_source_text("《某某法》第一条")).is_err());
}

#[test]
fn quote_roles_are_basis_or_context_and_unverified_entries_quote_no_basis() {
    for d in label_docs() {
        for q in &d.quote {
            assert!(
                d.verified || q.role == QuoteRole::Context,
                "{}: an unverified mapping may quote only context, not {:?}",
                d.label,
                q.role
            );
        }
    }
    // Any other role is a parse error, not a silently hidden quotation.
    let bad = "[[label]]\nkind = \"row\"\nlabel = \"x\"\nbasis = \"x\"\nmeaning = \"x\"\n\
               verified = true\n[[label.quote]]\nsource = \"x\"\ntext = \"x\"\nrole = \"law\"\n";
    assert!(toml::from_str::<LabelsFile>(bad).is_err());
    let good = bad.replace("\"law\"", "\"context\"");
    assert!(toml::from_str::<LabelsFile>(&good).is_ok());
}

#[test]
fn hover_renders_meaning_counting_practice_basis_and_context_in_order() {
    let doc = LabelDoc {
        editions: vec![],
        table: "t4".into(),
        kind: LabelKind::Row,
        id: "x".into(),
        label: "标签".into(),
        basis: "依据文字".into(),
        statute: "条文原文".into(),
        meaning: "含义".into(),
        counting: "统计文字".into(),
        practice: "实践文字".into(),
        quote: vec![
            Quote {
                source: "《甲法》第一条".into(),
                text: "甲款\n乙款".into(),
                role: QuoteRole::Context,
            },
            Quote {
                source: "《乙法》第二条".into(),
                text: "乙文".into(),
                role: QuoteRole::Basis,
            },
        ],
        verified: true,
    };
    let md = doc.to_markdown();
    let order = [
        "**标签**",
        "含义",
        "统计口径：统计文字",
        "实践口径（非法规原文，供参考）：实践文字",
        "依据：依据文字",
        "> 条文原文",
        "> 乙文\n>\n> ——《乙法》第二条",
        "相关条款（供理解，不是本项的统计依据）：",
        "> 甲款\n> 乙款\n>\n> ——《甲法》第一条",
    ];
    let mut at = 0;
    for part in order {
        let i = md[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing or out of order in\n{md}"));
        at += i + part.len();
    }
    // Unverified: 依据 is practice and no basis quotation is shown, but
    // context still is.
    let doc = LabelDoc {
        verified: false,
        statute: String::new(),
        ..doc
    };
    let md = doc.to_markdown();
    assert!(
        md.contains("依据（实践口径，非法规原文）：依据文字"),
        "{md}"
    );
    assert!(!md.contains("乙文") && md.contains("> 甲款"), "{md}");
}

#[test]
fn review_results_follow_the_current_procedure_laws() {
    for e in Edition::all() {
        let col = |id| {
            label_doc(e, "t4", LabelItem::Column(id))
                .unwrap()
                .to_markdown()
        };
        let (upheld, corrected, other) = (col("upheld"), col("corrected"), col("other"));
        // A judgment rejecting the claims sides with the agency: 结果维持.
        assert!(
            upheld.contains("判决驳回原告的诉讼请求（第六十九条）"),
            "{upheld}"
        );
        assert!(upheld.contains("——《中华人民共和国行政复议法》（2023年修订）第六十八条"));
        // 驳回 is not an example of 其他结果 without saying which 驳回.
        assert!(
            other.contains("裁定驳回起诉") && other.contains("准予撤诉"),
            "{other}"
        );
        assert!(!other.contains("例如申请人撤回、驳回、终止"), "{other}");
        for art in [
            "第七十条",
            "第七十二条",
            "第七十四条",
            "第七十五条",
            "第七十七条",
        ] {
            assert!(corrected.contains(&format!("《中华人民共和国行政诉讼法》{art}")));
        }
        let after = label_doc(e, "t4", LabelItem::Row("lit-after"))
            .unwrap()
            .to_markdown();
        assert!(after.contains("只计算原行为主体的案件数量，不计算行政复议机关的案件数量。"));
        assert!(after.contains("——《中华人民共和国行政诉讼法》第二十六条第二款"));
    }
}

#[test]
fn where_the_assessment_results_go_is_stated_per_edition() {
    let one = section_doc(Edition::parse("2021").unwrap(), "一")
        .unwrap()
        .to_markdown();
    let five = section_doc(Edition::parse("2021").unwrap(), "五")
        .unwrap()
        .to_markdown();
    assert!(one.contains("监督保障（含《中华人民共和国政府信息公开条例》第五十条第四项"));
    assert!(five.contains("应在一、总体情况中报告"), "{five}");
    assert!(!five.contains("也常放在"), "{five}");
    // 2019: the format text is not verified, so placement is practice.
    let five19 = section_doc(Edition::parse("2019").unwrap(), "五").unwrap();
    assert!(five19.practice.contains("原文未能核实"));
    let one19 = section_doc(Edition::parse("2019").unwrap(), "一").unwrap();
    assert!(!one19.verified && !one19.basis.contains("2021"));
}

#[test]
fn table_three_rows_quote_the_article_that_governs_them() {
    let row = |id| label_doc(Edition::parse("2021").unwrap(), "t3", LabelItem::Row(id)).unwrap();
    // 一: the date of receipt (第三十一条) is the basis; 第二十九条 is context.
    let new = row("new");
    assert!(new
        .statute
        .starts_with("行政机关收到政府信息公开申请的时间"));
    let md = new.to_markdown();
    let ctx = md.find("相关条款").unwrap();
    assert!(
        md.find("——《中华人民共和国政府信息公开条例》第二十九条")
            .unwrap()
            > ctx
    );
    assert!(md.find("“一事一申请”").unwrap() > ctx, "{md}");
    // 二 and 四: the header note; 第三十三条 (deadlines) is only context.
    for id in ["carried", "carry-next"] {
        let d = row(id);
        assert!(d.statute.is_empty(), "{id}");
        let md = d.to_markdown();
        let ctx = md.find("相关条款").unwrap();
        assert!(md.find("——年度报告格式表三表头").unwrap() < ctx, "{id}");
        assert!(md.find("第三十三条第二款、第三款").unwrap() > ctx, "{id}");
    }
}
