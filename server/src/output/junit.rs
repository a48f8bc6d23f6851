//! `--format junit`: JUnit XML, the test-report format GitLab
//! (`artifacts: reports: junit`), Jenkins (`junit` step) and Azure
//! Pipelines (`PublishTestResults`, `testResultsFormat: JUnit`) all read.
//!
//! The shape (docs/format.md §5 says why): one `<testsuite>` per report,
//! one `<testcase>` per finding, so each finding is a line in the CI's test
//! view with its code, line and message; a failing test case is a finding
//! that fails the check (an error, or a warning under `--deny warnings`),
//! the others pass with their message as output. A report without
//! findings is one passing test case, so clean reports are counted too.
//! Only attributes the strictest consumer schema allows (Jenkins xUnit's
//! `junit-10.xsd`: no `file` or `line` on a test case): the line is in the
//! name, the path in `classname`.

use super::{path_text, range, FileResult};
use crate::diagnostic::Severity;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Text for an XML attribute or element: escaped, and without the control
/// characters XML 1.0 cannot carry at all (a report may contain them).
fn xml(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    quick_xml::escape::escape(clean.as_str())
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// Element text: like [`xml`], but line breaks stay line breaks.
fn xml_text(s: &str) -> String {
    xml(s).replace("&#10;", "\n").replace("&#13;", "")
}

pub fn write(out: &mut dyn Write, files: &[FileResult], deny_warnings: bool) -> io::Result<()> {
    let fails = |s: Severity| s == Severity::Error || (deny_warnings && s == Severity::Warning);
    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0usize, 0usize);
    for (path, doc, diags) in files {
        let file = xml(&path_text(path));
        let tests = diags.len().max(1);
        let failures = diags.iter().filter(|d| fails(d.severity)).count();
        total_tests += tests;
        total_failures += failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{file}\" file=\"{file}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">"
        );
        if diags.is_empty() {
            let _ = writeln!(
                suites,
                "    <testcase name=\"nianbao check\" classname=\"{file}\" time=\"0\"/>"
            );
        }
        for d in diags.iter() {
            let r = range(doc, &d.span);
            let name = xml(&format!("{} 第{}行：{}", d.code, r.line, d.message));
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"{file}\" time=\"0\">"
            );
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                path_text(path),
                r.line,
                r.column,
                d.severity.label_zh(),
                d.code,
                d.message
            );
            if let Some(fix) = &d.fix {
                body.push_str(&format!("\n建议：{}", fix.title));
            }
            body.push_str(&format!("\n详见 nianbao explain {}", d.code));
            if fails(d.severity) {
                let _ = writeln!(
                    suites,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    d.severity.as_str(),
                    xml(&d.message),
                    xml_text(&body)
                );
            } else {
                let _ = writeln!(suites, "      <system-out>{}</system-out>", xml_text(&body));
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"nianbao check\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\" time=\"0\">\n\
         {suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        assert_eq!(xml("a<b & \"c\"\u{7}\n"), "a&lt;b &amp; &quot;c&quot;&#10;");
        assert_eq!(xml_text("x\r\ny>"), "x\ny&gt;");
    }
}
