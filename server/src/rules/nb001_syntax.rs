//! NB001: syntax the grammar cannot read, at the smallest broken node.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::SyntaxErrorKind;

pub struct Nb001;

impl Rule for Nb001 {
    fn code(&self) -> &'static str {
        "NB001"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for e in &cx.analysis.doc.syntax_errors {
            let msg = match &e.kind {
                SyntaxErrorKind::Missing(tok) if tok == "|" => "表格行缺少结尾的“|”".to_string(),
                SyntaxErrorKind::Missing(tok) => format!("此处缺少“{tok}”"),
                SyntaxErrorKind::UnterminatedComment => "注释没有结束：缺少“-->”".to_string(),
                SyntaxErrorKind::StrayTableRow => {
                    "以“|”开头的行不在表格中：表格需要表头行和分隔行（如 | --- | ---: |）".to_string()
                }
                SyntaxErrorKind::Unexpected => "无法解析的内容".to_string(),
            };
            out.push(cx.diag(self, e.span.clone(), msg));
        }
    }
}
