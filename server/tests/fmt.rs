//! `nianbao fmt` as a user runs it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

const MESSY: &str =
    "# 标题  \n\n\n| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | 120 |\n";
const TIDY: &str = "# 标题\n\n| 信息内容 | 本年处理决定数量 |\n| -------- | ---------------: |\n| 行政许可 |              120 |\n";

fn run(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn rewrites_files_in_place_only_when_changed() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("a.nianbao");
    let tidy = dir.path().join("sub/b.nianbao");
    let other = dir.path().join("notes.md");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(&messy, MESSY).unwrap();
    std::fs::write(&tidy, TIDY).unwrap();
    std::fs::write(&other, MESSY).unwrap();
    let before = std::fs::metadata(&tidy).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    let o = run(&["fmt", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), TIDY);
    assert_eq!(std::fs::read_to_string(&tidy).unwrap(), TIDY);
    // Untouched: not rewritten at all, and other files are not reports.
    assert_eq!(
        std::fs::metadata(&tidy).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), MESSY);
}

#[test]
fn folders_skip_what_nianbao_toml_excludes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let draft = dir.path().join("drafts/d.nianbao");
    std::fs::write(&draft, MESSY).unwrap();
    std::fs::write(dir.path().join("a.nianbao"), MESSY).unwrap();
    let o = run(&["fmt", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), MESSY);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.nianbao")).unwrap(),
        TIDY
    );
}

#[test]
fn check_lists_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.nianbao"), MESSY).unwrap();
    std::fs::write(dir.path().join("b.nianbao"), TIDY).unwrap();

    let o = run(&["fmt", "--check", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("a.nianbao"), "{out}");
    assert!(!out.contains("b.nianbao"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.nianbao")).unwrap(),
        MESSY
    );

    let o = run(&["fmt", "--check", "b.nianbao"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.nianbao"), MESSY).unwrap();
    let o = run(&["fmt", "--diff", "a.nianbao"], dir.path(), None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("-| --- | ---: |"), "{out}");
    assert!(out.contains("+| -------- | ---------------: |"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.nianbao")).unwrap(),
        MESSY
    );
}

#[test]
fn stdin_to_stdout_for_editors() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["fmt", "-"], dir.path(), Some(MESSY.as_bytes()));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), TIDY);
    // CRLF and a BOM survive the round trip.
    let crlf = format!("\u{feff}{}", MESSY.replace('\n', "\r\n"));
    let o = run(&["fmt", "-"], dir.path(), Some(crlf.as_bytes()));
    assert_eq!(
        stdout(&o),
        format!("\u{feff}{}", TIDY.replace('\n', "\r\n"))
    );
}

#[test]
fn invalid_utf8_and_binary_are_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let latin = dir.path().join("gbk.nianbao");
    let bin = dir.path().join("bin.nianbao");
    let good = dir.path().join("good.nianbao");
    let gbk: &[u8] = b"# \xb1\xea\xcc\xe2  \n"; // GBK, not UTF-8
    let binary: &[u8] = b"| a |\0\n";
    std::fs::write(&latin, gbk).unwrap();
    std::fs::write(&bin, binary).unwrap();
    std::fs::write(&good, MESSY).unwrap();

    let o = run(&["fmt", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("gbk.nianbao") && err.contains("UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("bin.nianbao") && err.contains("二进制"),
        "{err}"
    );
    assert_eq!(std::fs::read(&latin).unwrap(), gbk);
    assert_eq!(std::fs::read(&bin).unwrap(), binary);
    // The other files are still formatted.
    assert_eq!(std::fs::read_to_string(&good).unwrap(), TIDY);

    let o = run(&["fmt", "-"], dir.path(), Some(gbk));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());

    let o = run(&["fmt", "missing.nianbao"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fix_formats_and_keeps_the_numbers_it_cannot_safely_fix() {
    // NB302/NB303 have fixes but they are not safe: `--fix` must not touch
    // the totals of the example report; it only formats.
    let text = include_str!("../../examples/gongnong-2021.nianbao");
    let dir = tempfile::tempdir().unwrap();
    let plain = run(&["fmt", "-"], dir.path(), Some(text.as_bytes()));
    let fixed = run(&["fmt", "--fix", "-"], dir.path(), Some(text.as_bytes()));
    assert_eq!(fixed.status.code(), Some(0));
    let fixed = stdout(&fixed);
    assert!(fixed.contains("| （七）总计"));
    let total_row = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("| （七）总计"))
            .unwrap()
            .split_whitespace()
            .collect::<String>()
    };
    assert_eq!(total_row(&fixed), total_row(text));
    // Heading fixes need NB113/NB114; once they exist the two differ only there.
    for (a, b) in stdout(&plain).lines().zip(fixed.lines()) {
        if a != b {
            assert!(a.starts_with("## ") && b.starts_with("## "), "{a} / {b}");
        }
    }
}

#[test]

fn fix_rewrites_non_canonical_headings() {
    let text = include_str!("../../examples/gongnong-2021.nianbao");
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["fmt", "--fix", "-"], dir.path(), Some(text.as_bytes()));
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("\n## 五、存在的主要问题及改进情况\n"), "{out}");
    assert!(out.contains("\n## 六、其他需要报告的事项\n"), "{out}");
    assert!(!out.contains("6、"), "{out}");
    // And the fixed file is stable.
    let again = run(
        &["fmt", "--fix", "--check", "-"],
        dir.path(),
        Some(out.as_bytes()),
    );
    assert_eq!(again.status.code(), Some(0));
}
