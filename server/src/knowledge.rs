//! The knowledge base: what each rule checks and why (`knowledge/rules.toml`,
//! shown by `nianbao explain` and rendered into `docs/rules.md`), and what
//! each template label means (`knowledge/labels.toml`, for hover).
//!
//! Both files are data, embedded in the binary and parsed once, so that the
//! wording can be reviewed by people who know the law without reading Rust.
//! The tests below hold the data to the catalogue, the templates and the
//! verified statute text.

use crate::diagnostic::Severity;
use crate::template::Edition;
use serde::Deserialize;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The documentation of one diagnostic code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// `NB302`
    pub code: String,
    pub severity: Severity,
    /// Short Chinese title, one line.
    pub title: String,
    /// What the rule checks.
    pub checks: String,
    /// Why it matters to the report and its readers.
    pub why: String,
    /// Legal or template basis; statute quoted only from verified text.
    pub basis: String,
    /// A `.nianbao` snippet that triggers the rule.
    pub example: String,
    /// The 上年报告 the example names (cross-year rules only).
    #[serde(default)]
    pub example_previous: Option<String>,
    /// How to fix it.
    pub fix: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleDoc>,
}

/// Every rule doc, in catalogue order.
pub fn rule_docs() -> &'static [RuleDoc] {
    static DOCS: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        toml::from_str::<RulesFile>(include_str!("../knowledge/rules.toml"))
            .expect("embedded knowledge/rules.toml is valid (tested)")
            .rule
    })
}

/// The doc of a code, case-insensitive (`nb302` finds `NB302`).
pub fn rule_doc(code: &str) -> Option<&'static RuleDoc> {
    let code = code.trim();
    rule_docs()
        .iter()
        .find(|d| d.code.eq_ignore_ascii_case(code))
}

/// The codes most similar to an unknown `input`, best first (at most 6).
pub fn closest_codes(input: &str) -> Vec<&'static str> {
    let mut norm = input.trim().to_ascii_uppercase();
    if norm.chars().all(|c| c.is_ascii_digit()) {
        norm.insert_str(0, "NB");
    }
    let scored: Vec<(usize, &'static str)> = rule_docs()
        .iter()
        .map(|d| (strsim::levenshtein(&norm, &d.code), d.code.as_str()))
        .collect();
    let Some(best) = scored.iter().map(|(s, _)| *s).min() else {
        return Vec::new();
    };
    // Nothing is close to free text such as `hello`: suggest nothing.
    if best > 2 {
        return Vec::new();
    }
    scored
        .into_iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, c)| c)
        .take(6)
        .collect()
}

/// The anchor of a rule's section in docs/rules.md.
fn anchor(code: &str) -> String {
    code.to_ascii_lowercase()
}

impl RuleDoc {
    /// `错误（error）`
    fn severity_text(&self) -> String {
        format!("{}（{}）", self.severity.label_zh(), self.severity.as_str())
    }

    /// Plain text for `nianbao explain`.
    pub fn to_terminal(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} {}", self.code, self.title);
        let _ = writeln!(s, "级别：{}", self.severity_text());
        for (heading, body) in [
            ("检查内容", &self.checks),
            ("为什么重要", &self.why),
            ("依据", &self.basis),
        ] {
            let _ = writeln!(s, "\n{heading}\n{}", indent(body, "  "));
        }
        let _ = writeln!(s, "\n示例\n{}", indent(&self.example, "    "));
        if let Some(prev) = &self.example_previous {
            let _ = writeln!(s, "\n示例所指的上年报告\n{}", indent(prev, "    "));
        }
        let _ = writeln!(s, "\n修改方法\n{}", indent(&self.fix, "  "));
        s
    }

    /// One section of docs/rules.md: the same text as [`Self::to_terminal`].
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "<a id=\"{}\"></a>\n", anchor(&self.code));
        let _ = writeln!(s, "## {} {}\n", self.code, self.title);
        let _ = writeln!(s, "级别：{}\n", self.severity_text());
        for (heading, body) in [
            ("检查内容", &self.checks),
            ("为什么重要", &self.why),
            ("依据", &self.basis),
        ] {
            let _ = writeln!(s, "**{heading}**\n\n{}\n", body.trim());
        }
        let _ = writeln!(s, "**示例**\n\n{}", fenced(&self.example));
        if let Some(prev) = &self.example_previous {
            let _ = writeln!(s, "**示例所指的上年报告**\n\n{}", fenced(prev));
        }
        let _ = writeln!(s, "**修改方法**\n\n{}", self.fix.trim());
        s
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.trim_matches('\n')
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fenced(text: &str) -> String {
    format!("```text\n{}\n```\n", text.trim_matches('\n'))
}

/// The table of codes printed by `nianbao explain --list`.
pub fn rules_list() -> String {
    let mut s = String::new();
    for d in rule_docs() {
        let _ = writeln!(s, "{}  {}  {}", d.code, d.severity.label_zh(), d.title);
    }
    s
}

/// The whole of docs/rules.md.
pub fn rules_markdown() -> String {
    let mut s = String::new();
    s.push_str("# 规则说明\n\n");
    s.push_str(
        "<!-- 本文件由 `cargo run -q -- explain --markdown > docs/rules.md` 生成，\
         内容来自 server/knowledge/rules.toml，请勿直接修改。 -->\n\n",
    );
    s.push_str(
        "`nianbao check` 报告的每个问题都有一个固定的代码。本页逐条说明每个代码检查什么、\
         为什么重要、依据是什么，以及如何修改；`nianbao explain 代码` 在终端中显示同样的内容。\n\n",
    );
    s.push_str(
        "- 级别：错误表示报告有误；警告表示很可能有误或不规范；提示供参考。\
         各规则的级别可以在 `nianbao.toml` 中调整。\n",
    );
    s.push_str(
        "- 《条例》指《中华人民共和国政府信息公开条例》（2019年4月3日国务院令第711号修订）。\
         引号内的条文均为原文；标明“实践口径”的内容是审核实践或由表格结构推出的要求，不是法规原文。\n",
    );
    s.push_str(
        "- 示例只截取与该规则有关的片段；单独检查一个示例时，还会报告缺少的其他章节、表格或行。\n\n",
    );
    s.push_str("| 代码 | 级别 | 说明 |\n| --- | --- | --- |\n");
    for d in rule_docs() {
        let _ = writeln!(
            s,
            "| [{}](#{}) | {} | {} |",
            d.code,
            anchor(&d.code),
            d.severity.label_zh(),
            d.title.replace('|', "\\|")
        );
    }
    for d in rule_docs() {
        s.push('\n');
        s.push_str(&d.to_markdown());
    }
    s
}

// ------------------------------------------------------------ labels -----

/// What a template label means, for hover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDoc {
    /// The editions the entry applies to (`2019`, `2021`); empty = every edition
    /// (ids are meanings: an edition reusing an id reuses its doc).
    #[serde(default)]
    pub editions: Vec<String>,
    /// The template table id (`t3`), or empty for a section.
    #[serde(default)]
    pub table: String,
    pub kind: LabelKind,
    /// Row or column id of the template; the numeral for a section; empty
    /// for a caption or corner.
    #[serde(default)]
    pub id: String,
    /// The canonical label, exactly as in the template.
    pub label: String,
    /// The article (or format) the label rests on.
    pub basis: String,
    /// Exact verified statute text, or empty.
    #[serde(default)]
    pub statute: String,
    /// What it means, in plain Chinese.
    pub meaning: String,
    /// How to count it.
    #[serde(default)]
    pub counting: String,
    /// Counting guidance that is practice (实践口径), not the words of any
    /// document: shown under its own heading, never as law.
    #[serde(default)]
    pub practice: String,
    /// Exact texts of other instruments (or other articles of the 条例),
    /// each with its source: the basis for counting, or only context.
    #[serde(default)]
    pub quote: Vec<Quote>,
    /// False when the mapping to `basis` is practice or inference: show it
    /// as 实践口径, never as a quotation of law.
    pub verified: bool,
}

/// An exact quotation shown in a hover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The instrument and article, e.g. `《中华人民共和国行政诉讼法》第六十九条`.
    pub source: String,
    /// Exact VERIFIED text: a whole article or one 款/项 of it.
    pub text: String,
    pub role: QuoteRole,
}

/// Whether a quotation is the basis for counting (依据) or only context
/// (相关条款).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteRole {
    Basis,
    Context,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    Section,
    Caption,
    Corner,
    Row,
    Column,
}

/// Which label of a table. Rows and columns are separate because their ids
/// collide (`t3` has a row and a column called `total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelItem<'a> {
    Caption,
    Corner,
    Row(&'a str),
    Column(&'a str),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    label: Vec<LabelDoc>,
}

/// Every label doc.
pub fn label_docs() -> &'static [LabelDoc] {
    static DOCS: OnceLock<Vec<LabelDoc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        toml::from_str::<LabelsFile>(include_str!("../knowledge/labels.toml"))
            .expect("embedded knowledge/labels.toml is valid (tested)")
            .label
    })
}

impl LabelDoc {
    fn applies_to(&self, edition: Edition) -> bool {
        self.editions.is_empty() || self.editions.iter().any(|e| e == edition.as_str())
    }

    /// Hover text (Markdown): meaning, 统计口径, 实践口径, 依据 with its
    /// quotations, then 相关条款. An unverified mapping is labelled 实践口径
    /// and never shown with a quotation as its basis.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("**{}**\n\n{}\n", self.label, self.meaning.trim());
        if !self.counting.is_empty() {
            let _ = write!(s, "\n统计口径：{}\n", self.counting.trim());
        }
        if !self.practice.is_empty() {
            let _ = write!(
                s,
                "\n实践口径（非法规原文，供参考）：{}\n",
                self.practice.trim()
            );
        }
        if self.verified {
            let _ = write!(s, "\n依据：{}\n", self.basis);
            if !self.statute.is_empty() {
                let _ = write!(s, "\n{}\n", blockquote(&self.statute, None));
            }
            for q in self.quotes(QuoteRole::Basis) {
                let _ = write!(s, "\n{}\n", blockquote(&q.text, Some(&q.source)));
            }
        } else {
            let _ = write!(s, "\n依据（实践口径，非法规原文）：{}\n", self.basis);
        }
        let context: Vec<&Quote> = self.quotes(QuoteRole::Context).collect();
        if !context.is_empty() {
            s.push_str("\n相关条款（供理解，不是本项的统计依据）：\n");
            for q in context {
                let _ = write!(s, "\n{}\n", blockquote(&q.text, Some(&q.source)));
            }
        }
        s
    }

    fn quotes(&self, role: QuoteRole) -> impl Iterator<Item = &Quote> {
        self.quote.iter().filter(move |q| q.role == role)
    }
}

/// A Markdown blockquote of `text` (one paragraph a line), with its source
/// on a last line.
fn blockquote(text: &str, source: Option<&str>) -> String {
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| format!("> {}", l.trim()))
        .collect();
    if let Some(src) = source {
        lines.push(">".to_string());
        lines.push(format!("> ——{src}"));
    }
    lines.join("\n")
}

/// The doc of a row, column, caption or corner of a template table
/// (ids as in `templates/edition-*.toml`).
pub fn label_doc(
    edition: Edition,
    table_id: &str,
    item: LabelItem<'_>,
) -> Option<&'static LabelDoc> {
    let (kind, id) = match item {
        LabelItem::Caption => (LabelKind::Caption, ""),
        LabelItem::Corner => (LabelKind::Corner, ""),
        LabelItem::Row(id) => (LabelKind::Row, id),
        LabelItem::Column(id) => (LabelKind::Column, id),
    };
    label_docs()
        .iter()
        .find(|d| d.applies_to(edition) && d.table == table_id && d.kind == kind && d.id == id)
}

/// The doc of a section, by its numeral (`五`).
pub fn section_doc(edition: Edition, numeral: &str) -> Option<&'static LabelDoc> {
    label_docs()
        .iter()
        .find(|d| d.applies_to(edition) && d.kind == LabelKind::Section && d.id == numeral)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod verified;
