//! `--format gitlab`: a GitLab Code Quality report (a subset of the Code
//! Climate format), for `artifacts: reports: codequality`. GitLab shows
//! each finding in the merge request and compares the base and head
//! reports by `fingerprint`: new and resolved findings are those whose
//! fingerprint appears in only one of them. The fingerprint is therefore
//! built from what a finding is (file, code, message), not from where it
//! is: editing lines above a finding does not make it "new".

use super::{path_text, range, FileResult};
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// GitLab's severities are `info`, `minor`, `major`, `critical`,
/// `blocker`; as ESLint's and Ruff's reports do, an error is `major` and a
/// warning `minor` (`critical`/`blocker` would claim more than a report
/// defect is).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// 128-bit FNV-1a as 32 hex digits: stable across platforms, Rust
/// versions and runs (what GitLab's comparison needs), with no dependency.
fn fingerprint(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for part in parts {
        // The length first: ("ab", "c") and ("a", "bc") differ.
        for b in (part.len() as u64)
            .to_le_bytes()
            .iter()
            .chain(part.as_bytes())
        {
            h ^= u128::from(*b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

pub fn write(out: &mut dyn Write, files: &[FileResult]) -> io::Result<()> {
    let mut issues = Vec::new();
    for (path, doc, diags) in files {
        let file = path_text(path);
        // The same finding twice in one file (same code and message):
        // numbered in order, so each keeps a fingerprint of its own.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for d in diags.iter() {
            let r = range(doc, &d.span);
            let n = seen.entry((d.code, &d.message)).or_default();
            *n += 1;
            let occurrence = n.to_string();
            issues.push(Issue {
                description: format!("{}：{}", d.code, d.message),
                check_name: d.code,
                fingerprint: fingerprint(&[&file, d.code, &d.message, &occurrence]),
                severity: severity(d.severity),
                location: Location {
                    path: file.clone(),
                    lines: Lines {
                        begin: r.line,
                        end: r.end_line,
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fixed_values() {
        // Fixed: a change here makes every finding "new" in GitLab once.
        assert_eq!(fingerprint(&[]), "6c62272e07bb014262b821756295c58d");
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["a.nianbao", "NB302"]).len(), 32);
    }
}
