//! `render --format docx` and `import` are inverses: a report rendered to
//! Word and imported back is the same report — its official rendering is
//! byte for byte the source's, every table cell the same, nothing
//! unplaced. (Comments `<!-- -->` are never published, so they are not in
//! the Word file; import keeps 表三's official corner note as the paragraph
//! above the table, which the rendering folds back into the corner.)

mod common;

use common::{nianbao, root};

fn sources() -> Vec<std::path::PathBuf> {
    let mut out = vec![
        root().join("examples/gongnong-2021.nianbao"),
        root().join("tests/fixtures/valid-2019.nianbao"),
        root().join("tests/fixtures/valid-2021.nianbao"),
    ];
    let src = root().join("tests/fixtures/import-corpus/src");
    // The generated reports. The real transcriptions keep their published
    // oddities (`第二十条 第（一）项`, a 机关 other than the title's), which
    // import writes in the template's spelling by design; their tables
    // round-trip cell for cell in the layout corpus (form render-docx).
    let mut corpus: Vec<_> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("gen-"))
        })
        .collect();
    corpus.sort();
    out.extend(corpus);
    out
}

#[test]
fn word_out_and_back_is_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for src in sources() {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let docx = dir.path().join(format!("{name}.docx"));
        let back = dir.path().join(format!("{name}.nianbao"));
        let r = nianbao(&[
            "render",
            "--format",
            "docx",
            src.to_str().unwrap(),
            "-o",
            docx.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let i = nianbao(&[
            "import",
            docx.to_str().unwrap(),
            "--audit",
            "json",
            "-o",
            back.to_str().unwrap(),
        ]);
        assert_eq!(i.code, 0, "{name}: {}", i.stdout);
        let audit: serde_json::Value = serde_json::from_str(&i.stdout).unwrap();
        assert_eq!(audit["format"], "docx");
        assert_eq!(
            audit["unplaced"].as_array().unwrap().len(),
            0,
            "{name}: {audit}"
        );
        let html = |p: &std::path::Path| {
            let r = nianbao(&["render", p.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            r.stdout
        };
        if html(&src) != html(&back) {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "render → docx → import changed: {failures:?}"
    );
}
