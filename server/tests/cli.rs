//! `nianbao check` as a user runs it: the real binary, its exit codes and
//! each output format.

mod common;

use common::*;
use pretty_assertions::assert_eq;
use serde_json::Value;

/// A line the grammar cannot read (NB001): gives any file a known diagnostic.
const BROKEN: &str = "| 孤立的表格行 |\n";

#[test]
fn example_arithmetic_errors_are_exact() {
    let run = nianbao(&["check", "--format", "json", EXAMPLE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items = run.json();
    let arith: Vec<&Value> = items
        .iter()
        .filter(|d| matches!(d["code"].as_str(), Some("NB302" | "NB303")))
        .collect();
    let got: Vec<Value> = arith
        .iter()
        .map(|d| {
            serde_json::json!([
                d["file"],
                d["code"],
                d["severity"],
                d["line"],
                d["column"],
                d["end_line"],
                d["end_column"]
            ])
        })
        .collect();
    // （七）总计 row: 自然人 is column 11, 总计 column 35 (characters, not bytes).
    let want: Vec<Value> = [("NB302", 11), ("NB303", 11), ("NB302", 35), ("NB303", 35)]
        .iter()
        .map(|(code, col)| serde_json::json!([EXAMPLE, code, "error", 84, col, 84, col + 1]))
        .collect();
    assert_eq!(got, want);
    // The fixed fields of docs/format.md §5 come first, in that order (checked on
    // the raw text: serde_json's map does not keep key order).
    let first = &run.stdout[..run.stdout.find('}').unwrap()];
    let at: Vec<usize> = [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
    ]
    .iter()
    .map(|k| first.find(&format!("\"{k}\":")).unwrap())
    .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    assert!(arith[0]["message"].as_str().unwrap().contains("应为 1"));
    assert_eq!(arith[0]["fix"]["title"], "改为 1");
    assert_eq!(arith[0]["related"][0]["line"], 59);
}

/// The example's complete expected result (see the task brief): exactly
/// these diagnostics and nothing else. Heading rules are placed by line only
/// (their column depends on whether they point at the heading line or its
/// text), NB402 anywhere in section 六.
#[test]
fn example_gives_exactly_its_known_defects() {
    let run = nianbao(&["check", "--format", "json", EXAMPLE]);
    let mut got = triples(&run.json());
    let expected: [(&str, std::ops::RangeInclusive<u64>, Option<u64>); 7] = [
        ("NB302", 84..=84, Some(11)),
        ("NB303", 84..=84, Some(11)),
        ("NB302", 84..=84, Some(35)),
        ("NB303", 84..=84, Some(35)),
        ("NB114", 95..=95, None),
        ("NB113", 103..=103, None),
        ("NB402", 103..=105, None),
    ];
    for (code, lines, col) in &expected {
        let at = got.iter().position(|(c, l, k)| {
            c == code && lines.contains(l) && col.is_none_or(|col| col == *k)
        });
        match at {
            Some(i) => {
                got.remove(i);
            }
            None => panic!("missing {code} at lines {lines:?} column {col:?}; got {got:?}"),
        }
    }
    assert!(got.is_empty(), "unexpected diagnostics: {got:?}");
}

#[test]
fn exit_codes() {
    assert_eq!(nianbao(&["check", VALID]).code, 0);
    assert_eq!(nianbao(&["check", EXAMPLE]).code, 1);
    let missing = nianbao(&["check", "no/such/report.nianbao"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no/such/report.nianbao"),
        "{}",
        missing.stderr
    );
    assert!(missing.stderr.contains("不存在"), "{}", missing.stderr);
    // Bad arguments.
    assert_eq!(nianbao(&["check", "--format", "xml", VALID]).code, 2);
    assert_eq!(nianbao(&["check", "--deny", "errors", VALID]).code, 2);
    assert_eq!(nianbao(&["--help"]).code, 0);
}

#[test]
fn could_not_run_wins_over_errors_and_other_files_are_still_checked() {
    let run = nianbao(&["check", "--format", "json", "no/such.nianbao", EXAMPLE]);
    assert_eq!(run.code, 2);
    assert!(run.json().iter().any(|d| d["code"] == "NB302"));
    assert!(run.stderr.contains("no/such.nianbao"));
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    // Demote the example's errors to warnings (its other findings are
    // warnings or information too).
    write(
        dir.path(),
        "nianbao.toml",
        "[rules]\nNB302 = \"warning\"\nNB303 = \"warning\"\n",
    );
    write(dir.path(), "a.nianbao", example_text());
    let plain = nianbao_in(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(plain.code, 0, "{}", plain.stdout);
    let items = plain.json();
    assert!(items
        .iter()
        .any(|d| d["code"] == "NB302" && d["severity"] == "warning"));
    let denied = nianbao_in(dir.path(), &["check", "--deny", "warnings"], None);
    assert_eq!(denied.code, 1);
}

#[test]
fn stdin_with_a_filename() {
    let text = example_text();
    let from_file = nianbao(&["check", "--format", "json", EXAMPLE]);
    let from_stdin = nianbao_in(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            EXAMPLE,
            "-",
        ],
        Some(text.as_bytes()),
    );
    assert_eq!(from_stdin.code, 1);
    assert_eq!(from_stdin.json(), from_file.json());

    // Without a name the file is `-`; with a name alone, stdin is read.
    let anon = nianbao_in(
        &root(),
        &["check", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    assert!(anon.json().iter().all(|d| d["file"] == "-"));
    let named = nianbao_in(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "x/报告.nianbao",
        ],
        Some(text.as_bytes()),
    );
    assert!(named.json().iter().all(|d| d["file"] == "x/报告.nianbao"));
}

#[test]
fn stdin_filename_finds_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sub/nianbao.toml",
        "[rules]\nNB302 = \"info\"\n",
    );
    let run = nianbao_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "sub/a.nianbao",
            "-",
        ],
        Some(example_text().as_bytes()),
    );
    let items = run.json();
    assert!(items
        .iter()
        .any(|d| d["code"] == "NB302" && d["severity"] == "info"));
}

#[test]
fn folders_are_searched_recursively_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names = [
        "z.nianbao",
        "b/2.nianbao",
        "b/10.nianbao",
        "a.nianbao",
        "b/c/d.nianbao",
        "报告/甲.nianbao",
    ];
    for n in names {
        write(d, n, format!("# {n}\n{BROKEN}"));
    }
    for skipped in [
        ".hidden/h.nianbao",
        "target/t.nianbao",
        "node_modules/n.nianbao",
        "notes.md",
        "b/readme.txt",
    ] {
        write(d, skipped, BROKEN);
    }
    let run = nianbao_in(d, &["check", "--format", "json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut files: Vec<String> = run
        .json()
        .iter()
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect();
    // Sorted by path (component-wise, as displayed); one entry per file here.
    assert!(files.windows(2).all(|w| w[0] <= w[1]), "{files:?}");
    files.dedup();
    assert_eq!(
        files,
        [
            "a.nianbao",
            "b/10.nianbao",
            "b/2.nianbao",
            "b/c/d.nianbao",
            "z.nianbao",
            "报告/甲.nianbao"
        ]
    );
    // Parallel checking does not change the output.
    let again = nianbao_in(d, &["check", "--format", "json"], None);
    assert_eq!(again.stdout, run.stdout);
    let human = nianbao_in(d, &["check", "b"], None);
    assert!(
        human.stdout.contains("（共检查 3 个文件）"),
        "{}",
        human.stdout
    );
}

#[test]
fn many_files_keep_path_then_position_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in (0..40).rev() {
        write(
            dir.path(),
            &format!("r{i:02}.nianbao"),
            format!("{BROKEN}\n{BROKEN}"),
        );
    }
    let run = nianbao_in(dir.path(), &["check", "--format", "json", "."], None);
    let keys: Vec<(String, u64, u64)> = run
        .json()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.first().unwrap().0, "r00.nianbao");
    assert_eq!(keys.last().unwrap().0, "r39.nianbao");
}

#[test]
fn exclude_skips_found_files_but_not_named_ones_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "nianbao.toml", "exclude = [\"drafts/**\"]\n");
    write(d, "drafts/a.nianbao", BROKEN);
    write(d, "b.nianbao", BROKEN);
    let files = |args: &[&str]| -> Vec<String> {
        let mut f: Vec<String> = nianbao_in(d, args, None)
            .json()
            .iter()
            .map(|x| x["file"].as_str().unwrap().to_string())
            .collect();
        f.dedup();
        f
    };
    assert_eq!(files(&["check", "--format", "json"]), ["b.nianbao"]);
    assert_eq!(
        files(&["check", "--format", "json", "drafts/a.nianbao"]),
        ["drafts/a.nianbao"]
    );
    assert!(files(&[
        "check",
        "--format",
        "json",
        "--force-exclude",
        "drafts/a.nianbao"
    ])
    .is_empty());
}

#[test]
fn a_bad_config_is_exit_2_and_other_folders_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bad/nianbao.toml", "[rules]\nNB302 = \"loud\"\n");
    write(d, "bad/a.nianbao", BROKEN);
    write(d, "good/b.nianbao", BROKEN);
    let run = nianbao_in(d, &["check", "--format", "json"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nianbao.toml"), "{}", run.stderr);
    let files: Vec<&str> = run
        .json()
        .iter()
        .map(|x| x["file"].as_str().unwrap())
        .map(|s| {
            if s.starts_with("good") {
                "good"
            } else {
                "other"
            }
        })
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| *f == "good"),
        "{files:?}"
    );
}

#[test]
fn github_annotations() {
    let run = nianbao(&["check", "--format", "github", EXAMPLE]);
    assert_eq!(run.code, 1);
    let first = run
        .stdout
        .lines()
        .find(|l| l.contains("title=NB302"))
        .unwrap();
    assert!(
        first.starts_with(
            "::error file=examples/gongnong-2021.nianbao,line=84,col=11,endLine=84,endColumn=12,title=NB302::自然人列"
        ),
        "{first}"
    );
    // One command per line: the fix hint is an escaped second line.
    assert!(first.ends_with("%0A建议：改为 1"), "{first}");
    assert!(run.stdout.lines().all(|l| l.starts_with("::")));

    // Commas and colons in a file name are escaped in the property.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a,b:c.nianbao", BROKEN);
    let run = nianbao_in(dir.path(), &["check", "--format", "github"], None);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=a%2Cb%3Ac.nianbao,line=1,col=1,")),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_log() {
    let run = nianbao(&["check", "--format", "sarif", EXAMPLE, VALID]);
    assert_eq!(run.code, 1);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "nianbao");
    let rules = driver["rules"].as_array().unwrap();
    for r in nianbao::rules::all() {
        let rule = rules
            .iter()
            .find(|x| x["id"] == r.code())
            .unwrap_or_else(|| panic!("{} missing from rules", r.code()));
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    let results = run0["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "NB302").unwrap();
    assert_eq!(r["level"], "error");
    assert!(r["message"]["text"].as_str().unwrap().contains("应为 1"));
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "NB302"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], EXAMPLE);
    assert_eq!(loc["region"]["startLine"], 84);
    assert_eq!(loc["region"]["startColumn"], 11);
    assert_eq!(loc["region"]["endColumn"], 12);
    let related = &r["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 59);
    assert!(related["message"]["text"].is_string());
    for r in results {
        for key in ["ruleId", "level", "message", "locations"] {
            assert!(!r[key].is_null(), "{key} missing in {r}");
        }
    }
}

#[test]
fn human_output_puts_carets_under_cjk_text() {
    let run = nianbao(&["check", "--color", "never", EXAMPLE]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("error[NB302]: 自然人列"))
        .unwrap();
    assert_eq!(
        lines[at + 1..at + 5],
        [
            "  --> examples/gongnong-2021.nianbao:84:11",
            "   |",
            "84 | | （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            // `| （七）总计 | ` is 15 columns wide: 5 CJK characters are 2 each.
            "   |                ^",
        ]
    );
    let help = lines[at..]
        .iter()
        .find(|l| l.starts_with("help: "))
        .unwrap();
    assert_eq!(*help, "help: 改为 1");
    // The rule's explanation follows, pointing at `explain`.
    let pos = lines[at..]
        .iter()
        .position(|l| l.starts_with("help: "))
        .unwrap();
    assert!(
        lines[at + pos + 1].starts_with("说明：")
            && lines[at + pos + 1].ends_with("（详见 nianbao explain NB302）"),
        "{}",
        lines[at + pos + 1]
    );
    assert!(lines[at..]
        .iter()
        .any(|l| l.starts_with("note: （一）予以公开：1")));
    assert!(!run.stdout.contains('\x1b'), "no colour when piped");
}

#[test]
fn human_summary_and_quiet() {
    let run = nianbao(&["check", EXAMPLE, VALID]);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("发现 4 个错误"), "{last}");
    assert!(last.ends_with("（共检查 2 个文件）"), "{last}");
    let ok = nianbao(&["check", VALID]);
    assert_eq!(ok.stdout.trim_end(), "没有发现问题（共检查 1 个文件）");
    let quiet = nianbao(&["check", "--quiet", VALID]);
    assert_eq!(quiet.stdout, "");
    let quiet = nianbao(&["check", "-q", EXAMPLE]);
    assert!(quiet.stdout.contains("error[NB302]"));
    assert!(!quiet.stdout.contains("共检查"));
}

#[test]
fn colour_only_when_asked() {
    let plain = nianbao(&["check", "--color", "never", EXAMPLE]);
    let coloured = nianbao(&["check", "--color", "always", EXAMPLE]);
    assert!(coloured.stdout.contains("\x1b["));
    // Colour changes nothing but the escape codes.
    let ansi = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    assert_eq!(ansi.replace_all(&coloured.stdout, ""), plain.stdout);
}

#[test]
fn an_empty_folder_is_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let run = nianbao_in(dir.path(), &["check"], None);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("没有找到"), "{}", run.stderr);
}
