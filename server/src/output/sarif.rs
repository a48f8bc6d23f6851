//! `--format sarif`: SARIF 2.1.0 (one run), for code-scanning dashboards.
//! Columns are Unicode scalar values, declared by the run's `columnKind`.

use super::{path_text, range, FileResult};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::text::Span;
use serde_json::{json, Value};
use std::io::{self, Write};

/// One-line descriptions of the catalogue (format.md §4), shown by SARIF
/// viewers next to each rule id.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("NB001", "语法错误：无法解析的内容"),
    ("NB002", "屏蔽注释没有写明理由"),
    ("NB003", "屏蔽注释没有屏蔽任何问题"),
    ("NB101", "未知的前置信息键或无法解析的值"),
    ("NB102", "无法确定报告年度"),
    ("NB103", "表格版本与报告年度不符"),
    ("NB104", "2019 年以前的报告格式不受支持"),
    ("NB110", "缺少必需的章节"),
    ("NB111", "章节重复"),
    ("NB112", "章节顺序错误"),
    ("NB113", "章节编号错误"),
    ("NB114", "章节标题与规范标题不一致"),
    ("NB120", "缺少必需的表格"),
    ("NB121", "模板中没有的表格"),
    ("NB122", "表头与模板不符"),
    ("NB123", "未知的行标签"),
    ("NB124", "缺少必需的行"),
    ("NB125", "行重复"),
    ("NB126", "行顺序与模板不一致"),
    ("NB127", "行的单元格数量不对"),
    ("NB128", "行标签是模板措辞的已知变体"),
    ("NB201", "数值单元格为空"),
    ("NB202", "用占位符代替了数字"),
    ("NB203", "数值不是数字"),
    ("NB204", "计数不能为负数"),
    ("NB205", "计数单元格中出现小数"),
    ("NB206", "分组行填写了数值（不计入合计）"),
    ("NB207", "金额单位可能有误"),
    ("NB208", "使用了全角数字"),
    ("NB301", "表三：各行总计不等于各类申请人之和"),
    ("NB302", "表三：（七）总计不等于各办理结果之和"),
    (
        "NB303",
        "表三：勾稽关系不成立（新收 + 上年结转 ≠ 总计 + 结转下年度）",
    ),
    ("NB304", "表四：各行总计不等于各结果之和"),
    ("NB305", "跨年度：上年结转与上年报告的结转下年度不一致"),
    ("NB306", "跨年度：现行有效件数与上年数据不衔接"),
    ("NB401", "第五部分为空或只写了“无”"),
    ("NB402", "第六部分没有说明信息处理费收取情况"),
    ("NB403", "正文中的统计期限年份与报告年度不一致"),
    ("NB404", "正文中引用的数字与表格不一致"),
];

fn description(code: &str) -> &str {
    DESCRIPTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, d)| d)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/`-separated, percent-encoded
/// except for unreserved characters (Chinese file names are common).
fn uri(path: &std::path::Path) -> String {
    let text = path_text(path);
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn location(uri: &str, doc: &Document, span: &Span) -> Value {
    let r = range(doc, span);
    json!({
        "artifactLocation": { "uri": uri },
        "region": {
            "startLine": r.line,
            "startColumn": r.column,
            "endLine": r.end_line,
            "endColumn": r.end_column,
        }
    })
}

pub fn write(out: &mut dyn Write, files: &[FileResult]) -> io::Result<()> {
    // Every registered rule, plus any code that shows up without being one.
    let mut codes: Vec<(&str, Severity)> = crate::rules::all()
        .iter()
        .map(|r| (r.code(), r.severity()))
        .collect();
    for d in files.iter().flat_map(|f| f.2.iter()) {
        if !codes.iter().any(|(c, _)| *c == d.code) {
            codes.push((d.code, d.severity));
        }
    }
    codes.sort();
    let rules: Vec<Value> = codes
        .iter()
        .map(|(code, sev)| {
            json!({
                "id": code,
                "shortDescription": { "text": description(code) },
                "defaultConfiguration": { "level": level(*sev) },
            })
        })
        .collect();

    let mut results = Vec::new();
    for (path, doc, diags) in files {
        let uri = uri(path);
        for d in diags.iter() {
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|(c, _)| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [ { "physicalLocation": location(&uri, doc, &d.span) } ],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        json!({
                            "id": i,
                            "physicalLocation": location(&uri, doc, &rel.span),
                            "message": { "text": rel.message },
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }

    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_rule_has_a_description() {
        for r in crate::rules::all() {
            assert_ne!(description(r.code()), r.code(), "{}", r.code());
        }
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri(std::path::Path::new("报告/a b.nianbao")),
            "%E6%8A%A5%E5%91%8A/a%20b.nianbao"
        );
    }
}
