//! `--format github`: GitHub Actions workflow commands, one per diagnostic,
//! which GitHub shows as annotations on the pull request's diff.

use super::{path_text, range, FileResult};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Escape a command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (GitHub's `escapeProperty`): also `:` and `,`,
/// which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, files: &[FileResult]) -> io::Result<()> {
    for (path, doc, diags) in files {
        let file = escape_property(&path_text(path));
        for d in diags.iter() {
            let r = range(doc, &d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(fix) = &d.fix {
                message.push_str("\n建议：");
                message.push_str(&fix.title);
            }
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                r.line,
                r.column,
                r.end_line,
                r.end_column,
                escape_property(d.code),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_github_rules() {
        assert_eq!(escape_data("50% a\r\nb: c,d"), "50%25 a%0D%0Ab: c,d");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
