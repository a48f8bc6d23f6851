//! NB001: syntax the grammar cannot read, at the smallest broken node.

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::SyntaxErrorKind;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &cx.analysis.doc.syntax_errors {
        let msg = match &e.kind {
            SyntaxErrorKind::Missing(tok) if tok == "|" => "表格行缺少结尾的“|”".to_string(),
            SyntaxErrorKind::Missing(tok) if tok == "front_matter_delimiter" => {
                "文件开头的元数据没有结束：缺少结尾的“---”".to_string()
            }
            SyntaxErrorKind::Missing(tok) => format!("此处缺少“{tok}”"),
            SyntaxErrorKind::UnterminatedComment => "注释没有结束：缺少“-->”".to_string(),
            SyntaxErrorKind::StrayTableRow => {
                "以“|”开头的行不在表格中：表格需要表头行和分隔行（如 | --- | ---: |）".to_string()
            }
            SyntaxErrorKind::Unexpected => "无法解析的内容".to_string(),
        };
        out.push(rule.diag(e.span.clone(), msg));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{at, check, edit, of, VALID_2021};

    #[test]
    fn unclosed_front_matter_is_one_error_and_the_report_is_still_read() {
        let text = edit(VALID_2021, "年度: 2022\n---\n", "年度: 2022\n");
        let d = check(&text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "NB001");
        assert!(d[0].message.contains("---"), "{}", d[0].message);
        // Zero-width, where the `---` belongs: just before the title.
        assert!(text[d[0].span.start..].starts_with("# 某某区"));
    }

    #[test]
    fn row_missing_its_closing_pipe_is_reported_alike_for_short_and_long_cells() {
        // Error recovery differs with the cell's length (ERROR vs MISSING).
        for cell in ["1", "二十三万四千五"] {
            let text = edit(VALID_2021, "| 行政许可 | 120 |", &format!("| 行政许可 | {cell}"));
            let d = of(&text, "NB001");
            assert_eq!(d.len(), 1, "{d:#?}");
            assert_eq!(d[0].message, "表格行缺少结尾的“|”");
            assert!(text[..d[0].span.start].ends_with(cell));
        }
    }

    #[test]
    fn row_missing_its_closing_pipe_is_reported_and_the_next_row_kept() {
        let text = edit(VALID_2021, "| 行政许可 | 120 |", "| 行政许可 | 120");
        let d = of(&text, "NB001");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "表格行缺少结尾的“|”");
        assert!(at(&text, &d[0]).is_empty());
        assert!(text[..d[0].span.start].ends_with("| 行政许可 | 120"));
        let doc = crate::model::Document::parse(&text);
        let rows: Vec<_> = doc.tables().flat_map(|t| &t.rows).collect();
        let orig = crate::model::Document::parse(VALID_2021);
        assert_eq!(rows.len(), orig.tables().flat_map(|t| &t.rows).count());
    }
}
