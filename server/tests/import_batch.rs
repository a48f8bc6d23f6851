//! `nianbao import` of many files and folders into a folder (`--out-dir`).

mod common;

use common::{nianbao, nianbao_in, on_terminal, root};
use std::path::Path;

fn real(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/real").join(name)
}

/// A folder of published reports: two PDFs (one in a subfolder), a crawled
/// text with a row it cannot split, a note that is no report, and a
/// `.nianbao` that needs no import.
fn sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("in/sub")).unwrap();
    std::fs::copy(real("hongze-2023.pdf"), p.join("in/hongze-2023.pdf")).unwrap();
    std::fs::copy(real("huaian-2024.pdf"), p.join("in/sub/huaian-2024.pdf")).unwrap();
    std::fs::copy(real("pingtan-2022.txt"), p.join("in/pingtan-2022.txt")).unwrap();
    std::fs::write(p.join("in/sub/notes.txt"), "会议纪要：研究了明年的工作。\n").unwrap();
    std::fs::copy(
        real("pingtan-2023.nianbao"),
        p.join("in/pingtan-2023.nianbao"),
    )
    .unwrap();
    dir
}

fn single(input: &Path) -> String {
    let run = nianbao(&["import", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn a_folder_is_imported_file_by_file_into_the_output_folder() {
    let dir = sources();
    let p = dir.path();
    let run = nianbao_in(p, &["import", "in", "--out-dir", "out"], None);
    // One input is no report: said, the others imported all the same.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("in/sub/notes.txt：输入中没有找到"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("共 4 个文件，已导入并写出 3 个"),
        "{}",
        run.stderr
    );
    // Each is what importing it alone gives, in the same place below out/.
    for (source, written) in [
        ("in/hongze-2023.pdf", "out/hongze-2023.nianbao"),
        ("in/sub/huaian-2024.pdf", "out/sub/huaian-2024.nianbao"),
        ("in/pingtan-2022.txt", "out/pingtan-2022.nianbao"),
    ] {
        let got =
            std::fs::read_to_string(p.join(written)).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(got, single(&p.join(source)), "{written}");
    }
    // The crawled text's row that could not be split is in its audit.
    assert!(
        run.stderr.contains("行政规范性文件8855698"),
        "{}",
        run.stderr
    );
    assert!(
        !p.join("out/pingtan-2023.nianbao").exists(),
        ".nianbao needs no import"
    );
    assert!(!p.join("out/sub/notes.nianbao").exists());

    // A second run does not overwrite without --force.
    let again = nianbao_in(
        p,
        &["import", "in/hongze-2023.pdf", "in/sub", "--out-dir", "out"],
        None,
    );
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("已存在（使用 --force 覆盖）"),
        "{}",
        again.stderr
    );
    std::fs::write(p.join("out/hongze-2023.nianbao"), "old").unwrap();
    let forced = nianbao_in(
        p,
        &[
            "import",
            "in/hongze-2023.pdf",
            "in/sub/huaian-2024.pdf",
            "--out-dir",
            "out",
            "--force",
        ],
        None,
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(
        std::fs::read_to_string(p.join("out/hongze-2023.nianbao")).unwrap(),
        "old"
    );
}

#[test]
fn strict_leaves_incomplete_imports_unwritten_and_json_is_one_object_a_line() {
    let dir = sources();
    let p = dir.path();
    let run = nianbao_in(
        p,
        &[
            "import",
            "in/hongze-2023.pdf",
            "in/pingtan-2022.txt",
            "--out-dir",
            "out",
            "--strict",
            "--audit",
            "json",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "in/hongze-2023.pdf");
    assert_eq!(lines[0]["complete"], true);
    assert_eq!(lines[0]["output"], "out/hongze-2023.nianbao");
    assert_eq!(lines[1]["complete"], false);
    assert!(lines[1]["output"].is_null());
    assert!(p.join("out/hongze-2023.nianbao").exists());
    assert!(!p.join("out/pingtan-2022.nianbao").exists());
}

#[test]
fn two_inputs_that_would_write_one_file_and_missing_out_dir_are_refused() {
    let dir = sources();
    let p = dir.path();
    std::fs::copy(real("pingtan-2022.txt"), p.join("in/sub/hongze-2023.txt")).unwrap();
    let run = nianbao_in(
        p,
        &[
            "import",
            "in/hongze-2023.pdf",
            "in/sub/hongze-2023.txt",
            "--out-dir",
            "out",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("写入同一个文件"), "{}", run.stderr);
    assert_eq!(
        single(&p.join("in/hongze-2023.pdf")),
        std::fs::read_to_string(p.join("out/hongze-2023.nianbao")).unwrap()
    );
    let run = nianbao_in(p, &["import", "in"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--out-dir"), "{}", run.stderr);
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let dir = sources();
    let shown = on_terminal(dir.path(), "import in --out-dir out");
    assert!(shown.contains("导入") && shown.contains("/4"), "{shown:?}");
    let piped = nianbao_in(dir.path(), &["import", "in", "--out-dir", "out2"], None);
    assert!(
        !piped.stderr.contains("/4") && !piped.stderr.contains('\u{1b}'),
        "{}",
        piped.stderr
    );
}
