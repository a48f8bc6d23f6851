//! Runs the tree-sitter corpus (`test/corpus/*.txt`) through the Rust binding,
//! so `cargo test` checks the grammar without the tree-sitter CLI, and checks
//! that the bundled queries compile and capture what editors rely on.
//!
//! The corpus format is tree-sitter's: a `===` header with the example's name
//! (and optional attribute lines such as `:skip` or `:error`), the input, a
//! `---` divider (the longest `---` line of the body, the later one on a tie),
//! and the expected S-expression. Lines starting with `;` in the expectation
//! are comments. As in `tree-sitter test`, fields are compared only when the
//! expectation writes at least one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use streaming_iterator::StreamingIterator;
use tree_sitter::{Language, Parser, Query, QueryCursor};

fn language() -> Language {
    tree_sitter_nianbao::LANGUAGE.into()
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Expect {
    #[default]
    Tree,
    /// `:error`: the tree must contain an error; the expectation is ignored.
    AnyError,
    Skip,
}

#[derive(Debug)]
struct Example {
    name: String,
    /// 1-based line of the opening `===`.
    line: usize,
    input: Vec<u8>,
    expected: String,
    expect: Expect,
}

/// `(length, suffix)` when `line` is a run of at least three `c`.
fn delimiter(line: &str, c: char) -> Option<(usize, &str)> {
    let len = line.len() - line.trim_start_matches(c).len();
    (len >= 3).then(|| (len, line[len..].trim_end_matches(['\r', '\n'])))
}

fn suffix_matches(first: Option<&str>, suffix: &str) -> bool {
    match first {
        None => suffix.is_empty(),
        Some(f) => !suffix.is_empty() && f == suffix,
    }
}

/// Split a corpus file into examples (a port of the CLI's reader).
fn parse_corpus(content: &str) -> Result<Vec<Example>, String> {
    let lines: Vec<&str> = content.split_inclusive('\n').collect();
    let first_suffix = lines.iter().find_map(|l| match delimiter(l, '=') {
        Some((_, s)) if !s.is_empty() => Some(s),
        _ => None,
    });
    // (name, header line, attributes, first body line)
    let mut headers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match read_header(&lines, first_suffix, i)? {
            Some((name, expect, body)) => {
                headers.push((name, i, expect, body));
                i = body;
            }
            None => i += 1,
        }
    }
    let mut out = Vec::new();
    for (k, (name, line, expect, body)) in headers.iter().enumerate() {
        let end = headers.get(k + 1).map_or(lines.len(), |h| h.1);
        let body_lines = &lines[*body..end];
        let divider = body_lines
            .iter()
            .enumerate()
            .filter_map(|(j, l)| {
                delimiter(l, '-')
                    .filter(|(_, s)| suffix_matches(first_suffix, s))
                    .map(|(len, s)| (len + s.len(), j))
            })
            // `max_by_key` keeps the last of equal keys: the later divider wins.
            .max_by_key(|&(len, _)| len)
            .map(|(_, j)| j)
            .ok_or_else(|| format!("line {}: example {name:?} has no `---` divider", line + 1))?;
        let mut input: Vec<u8> = body_lines[..divider].concat().into_bytes();
        if input.last() == Some(&b'\n') {
            input.pop();
        }
        if input.last() == Some(&b'\r') {
            input.pop();
        }
        out.push(Example {
            name: name.clone(),
            line: line + 1,
            input,
            expected: normalize(&body_lines[divider + 1..].concat()),
            expect: *expect,
        });
    }
    Ok(out)
}

type Header = (String, Expect, usize);

/// The header starting at `lines[start]`, if there is one: name, expectation
/// and the index of the first body line.
fn read_header(
    lines: &[&str],
    first: Option<&str>,
    start: usize,
) -> Result<Option<Header>, String> {
    match delimiter(lines[start], '=') {
        Some((_, s)) if suffix_matches(first, s) => {}
        _ => return Ok(None),
    }
    let mut name = String::new();
    let mut expect = Expect::Tree;
    let mut seen_attribute = false;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if matches!(delimiter(line, '='), Some((_, s)) if suffix_matches(first, s)) {
            let name = name.trim_end().to_string();
            return Ok(Some((name, expect, i + 1)));
        }
        let t = line.trim();
        if t.is_empty() && !seen_attribute {
            // A blank line in the name: a literal `===` inside an input.
            return Ok(None);
        }
        match t.split('(').next().unwrap_or("") {
            ":skip" => (seen_attribute, expect) = (true, Expect::Skip),
            ":error" => {
                seen_attribute = true;
                if expect != Expect::Skip {
                    expect = Expect::AnyError;
                }
            }
            ":fail-fast" => seen_attribute = true,
            ":platform" => {
                seen_attribute = true;
                let os = t.trim_start_matches(":platform(").trim_end_matches(')');
                if os.trim() != std::env::consts::OS {
                    expect = Expect::Skip;
                }
            }
            a @ (":cst" | ":language") => {
                return Err(format!(
                    "line {}: attribute {a} is not supported by this runner",
                    i + 1
                ))
            }
            _ if !seen_attribute => name.push_str(line),
            _ => {}
        }
    }
    Ok(None)
}

/// One space between tokens, none before `)`, `;` comment lines dropped.
fn normalize(sexp: &str) -> String {
    let mut out = String::new();
    for line in sexp.lines().filter(|l| !l.trim_start().starts_with(';')) {
        for word in line.split_whitespace() {
            if word.starts_with(')') || out.is_empty() {
                out.push_str(word);
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
    }
    out
}

/// Drop `field: ` prefixes, for expectations written without fields.
fn strip_fields(sexp: &str) -> String {
    sexp.split(' ')
        .filter(|w| {
            !(w.ends_with(':')
                && w.len() > 1
                && w[..w.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Indent an S-expression one node per line, as corpus files write them.
fn pretty(sexp: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for word in sexp.split(' ') {
        let field = word.ends_with(':');
        // A node starts a new line unless it follows its field name.
        if field || (word.starts_with('(') && !cur.ends_with(": ")) {
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            cur = "  ".repeat(depth);
        } else if !cur.is_empty() && !cur.ends_with(' ') {
            cur.push(' ');
        }
        cur.push_str(word);
        if field {
            cur.push(' ');
        }
        depth += word.matches('(').count();
        depth = depth.saturating_sub(word.matches(')').count());
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A line diff (longest common subsequence): `-` expected, `+` actual.
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            let _ = writeln!(out, "    {}", expected[i]);
            (i, j) = (i + 1, j + 1);
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(out, "  + {}", actual[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "  - {}", expected[i]);
            i += 1;
        }
    }
    out
}

/// `None` when the example passes, else a report of the mismatch.
fn run_example(parser: &mut Parser, ex: &Example) -> Option<String> {
    let tree = parser
        .parse(&ex.input, None)
        .expect("no timeout or cancellation is set");
    let root = tree.root_node();
    match ex.expect {
        Expect::Skip => None,
        Expect::AnyError if root.has_error() => None,
        Expect::AnyError => Some(format!(
            "  expected an error (:error), got\n{}",
            pretty(&root.to_sexp())
                .iter()
                .map(|l| format!("    {l}\n"))
                .collect::<String>()
        )),
        Expect::Tree => {
            let mut actual = normalize(&root.to_sexp());
            if !ex.expected.contains(": (") {
                actual = strip_fields(&actual);
            }
            (actual != ex.expected).then(|| {
                format!(
                    "  (- expected, + actual)\n{}",
                    diff(&pretty(&ex.expected), &pretty(&actual))
                )
            })
        }
    }
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn corpus() {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("grammar loads");
    let files = corpus_files();
    assert!(!files.is_empty(), "no corpus files in test/corpus");
    let (mut total, mut failures) = (0, String::new());
    for file in &files {
        let content = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let examples = parse_corpus(&content).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(!examples.is_empty(), "{}: no examples", file.display());
        for ex in &examples {
            total += 1;
            if let Some(report) = run_example(&mut parser, ex) {
                let _ = writeln!(
                    failures,
                    "\n{}:{}: {}\n{report}",
                    file.display(),
                    ex.line,
                    ex.name
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "corpus examples do not match ({total} run):\n{failures}"
    );
}

#[test]
fn runner_reads_the_format_and_reports_mismatches() {
    let corpus = "\
=====
front matter
=====
---
年度: 2021
---
-----

(document
  ; a comment line
  (front_matter (front_matter_delimiter)
    (front_matter_entry key: (key) value: (value))
    (front_matter_delimiter)))

=====
no fields written
:error
=====
| a
---
(document)

=====
wrong
=====
# 标题

---

(document (paragraph (text_line)))
";
    let examples = parse_corpus(corpus).unwrap();
    assert_eq!(examples.len(), 3);
    // The longest divider wins over the front matter's `---` lines.
    assert_eq!(examples[0].input, "---\n年度: 2021\n---".as_bytes());
    assert_eq!(examples[1].expect, Expect::AnyError);
    assert_eq!(examples[2].input, "# 标题\n".as_bytes());
    assert_eq!(examples[2].line, 23);

    let mut parser = Parser::new();
    parser.set_language(&language()).unwrap();
    assert_eq!(run_example(&mut parser, &examples[0]), None);
    assert_eq!(run_example(&mut parser, &examples[1]), None);
    let report = run_example(&mut parser, &examples[2]).expect("a heading is no paragraph");
    assert!(report.contains("    (document\n"), "{report}");
    assert!(report.contains("  -   (paragraph\n"), "{report}");
    assert!(report.contains("  +   (heading\n"), "{report}");
    // Written without fields, so compared without them.
    assert!(report.contains("  +     (heading_marker)\n"), "{report}");

    // Fields are ignored when the expectation has none, as in the CLI.
    let no_fields = Example {
        name: "no fields".into(),
        line: 1,
        input: b"# x\n".to_vec(),
        expected: normalize("(document (heading (heading_marker) (heading_content)))"),
        expect: Expect::Tree,
    };
    assert_eq!(run_example(&mut parser, &no_fields), None);
}

#[test]
fn queries_compile() {
    for (name, source) in [
        ("highlights.scm", tree_sitter_nianbao::HIGHLIGHTS_QUERY),
        ("folds.scm", tree_sitter_nianbao::FOLDS_QUERY),
    ] {
        if let Err(e) = Query::new(&language(), source) {
            panic!("{name} does not compile: {e}");
        }
    }
}

/// `(capture name, captured text)` for every capture of `query` in `text`.
fn captures(query_source: &str, text: &str) -> Vec<(String, String)> {
    let mut parser = Parser::new();
    parser.set_language(&language()).unwrap();
    let tree = parser.parse(text, None).unwrap();
    let query = Query::new(&language(), query_source).unwrap();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
    let mut out = Vec::new();
    while let Some(m) = matches.next() {
        for c in m.captures() {
            out.push((
                query.capture_names()[c.index as usize].to_string(),
                text[c.node.byte_range()].to_string(),
            ));
        }
    }
    out
}

#[test]
fn highlights_capture_headings_labels_numbers_and_comments() {
    let text = "\
---
年度: 2021
---
# 2021年政府信息公开工作年度报告
<!-- 本例按原文转写 -->
<!-- nianbao-allow NB303: 按来文日期统计 -->
| 信息内容 | 本年处理决定数量 |
| --- | ---: |
| 行政许可 | 1151 |
| 行政处罚 | １２ |
|  | 7 |
";
    let caps = captures(tree_sitter_nianbao::HIGHLIGHTS_QUERY, text);
    // Line-level nodes (comments) end with their line end.
    let has = |name: &str, t: &str| caps.iter().any(|(n, c)| n == name && c.trim_end() == t);
    for (name, t) in [
        ("markup.heading", "2021年政府信息公开工作年度报告"),
        ("punctuation.special", "#"),
        ("property", "年度"),
        ("string", "2021"),
        ("label", "行政许可"),
        ("label", "行政处罚"),
        ("number", "1151"),
        ("number", "１２"),
        ("number", "7"),
        ("comment", "<!-- 本例按原文转写 -->"),
        (
            "keyword.directive",
            "<!-- nianbao-allow NB303: 按来文日期统计 -->",
        ),
    ] {
        assert!(has(name, t), "no @{name} on {t:?} in {caps:#?}");
    }
    // A label is not a number, a number is not a label, and a plain comment
    // is not a directive. The value cell after an empty first cell is no label.
    for (name, t) in [
        ("number", "行政许可"),
        ("label", "1151"),
        ("label", "7"),
        ("keyword.directive", "<!-- 本例按原文转写 -->"),
    ] {
        assert!(!has(name, t), "unexpected @{name} on {t:?}");
    }
}

#[test]
fn folds_capture_front_matter_tables_and_multiline_comments() {
    let text = "---\n年度: 2021\n---\n<!--\n多行\n-->\n| a |\n| --- |\n| 1 |\n";
    let caps = captures(tree_sitter_nianbao::FOLDS_QUERY, text);
    let folded: Vec<&str> = caps.iter().map(|(_, t)| t.as_str()).collect();
    assert!(folded.contains(&"---\n年度: 2021\n---"), "{folded:?}");
    assert!(folded.contains(&"<!--\n多行\n-->\n"), "{folded:?}");
    assert!(folded.contains(&"| a |\n| --- |\n| 1 |\n"), "{folded:?}");
}
