//! `nianbao import` on Word documents (`.docx`): the official template and
//! real pages converted by LibreOffice (tests/fixtures/docx, made by
//! scripts/import-corpus/docx-fixtures.sh), what Word writes inside a
//! paragraph or table, and bad input: a corrupt or truncated file, a zip
//! that is no Word document, a zip bomb, a legacy `.doc`, an encrypted file.
//! The layout corpus (server/tests/import_corpus.rs) holds the LibreOffice
//! and filled-template forms of its sources.

mod common;

use common::import::*;
use common::*;
use nianbao::import::draft::{Block, Draft};
use nianbao::import::{self, docx, Format, ImportError};
use pretty_assertions::assert_eq;
use std::io::Write;
use std::time::{Duration, Instant};

fn docx_fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/docx").join(name)).unwrap()
}

/// A zip of `(name, content)` entries, deflated as Word does.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

/// A `.docx` whose body is `body` (WordprocessingML), with `extra` parts.
fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
    for (n, c) in extra {
        entries.push((n, c.as_bytes()));
    }
    zip(&entries)
}

fn texts(d: &Draft) -> Vec<(String, Option<u8>)> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text { text, heading, .. } => Some((text.clone(), *heading)),
            Block::Table(_) => None,
        })
        .collect()
}

/// Each table of the draft as rows of (text, covered?) cells.
fn grids(d: &Draft) -> Vec<Vec<Vec<(String, bool)>>> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(g) => Some(
                g.rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| (c.text.clone(), c.origin.is_some()))
                            .collect()
                    })
                    .collect(),
            ),
            Block::Text { .. } => None,
        })
        .collect()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

#[test]
fn the_official_template_imports_with_every_row() {
    let i = import::import(&docx_fixture("official-template.docx"), None).unwrap();
    assert_eq!(i.format, Format::Docx);
    let tables = bound(&i.text);
    let ids: Vec<&str> = tables.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["t2-1", "t2-5", "t2-6", "t2-8", "t3"]);
    let t3 = &tables[4].1;
    // Every item row of 表三 (group rows are not in `bound`), all blank:
    // the template's `　　` cells are blank, not text.
    assert_eq!(t3.len(), 25, "{t3:?}");
    assert!(tables
        .iter()
        .flat_map(|(_, rows)| rows)
        .all(|(_, cells)| cells.iter().all(String::is_empty)));
    for heading in [
        "## 一、总体情况",
        "## 二、主动公开政府信息情况",
        "## 六、其他需要报告的事项",
    ] {
        assert!(i.text.contains(heading), "{heading}\n{}", i.text);
    }
}

#[test]
fn real_pages_saved_as_docx_by_libreoffice_import_exactly() {
    for name in ["shanghai-office-2019", "shuyang-fgj-2023"] {
        let i = import::import(&docx_fixture(&format!("{name}.docx")), None).unwrap();
        assert_eq!(i.format, Format::Docx);
        assert_eq!(
            bound(&i.text),
            expected(&format!("{name}.tables")),
            "{name}"
        );
        assert!(i.unplaced.is_empty(), "{name}: {:?}", i.unplaced);
    }
}

#[test]
fn merged_cells_resolve_like_html_spans() {
    let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
    let body = format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        // A vMerge run of three rows, a gridSpan of two.
        row(&[
            tc(r#"<w:vMerge w:val="restart"/>"#, "三、本年度办理结果"),
            tc(r#"<w:gridSpan w:val="2"/>"#, "（一）予以公开"),
            tc("", "5"),
        ]),
        row(&[
            tc("<w:vMerge/>", ""),
            tc(r#"<w:vMerge w:val="restart"/>"#, "（三）不予公开"),
            tc("", "1.属于国家秘密"),
            tc("", "6"),
        ]),
        row(&[
            tc("<w:vMerge/>", ""),
            tc("<w:vMerge/>", ""),
            tc("", "2.其他法律行政法规禁止公开"),
            tc("", "7"),
        ]),
        // An old file's hMerge, and a row starting after gridBefore.
        row(&[
            "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>".to_string(),
            tc(r#"<w:hMerge w:val="restart"/>"#, "（七）总计"),
            tc("<w:hMerge/>", ""),
            tc("", "18"),
        ]),
    );
    let d = docx::read(&docx(&body, &[])).unwrap();
    let t = |s: &str, covered: bool| (s.to_string(), covered);
    assert_eq!(
        grids(&d),
        [vec![
            vec![
                t("三、本年度办理结果", false),
                t("（一）予以公开", false),
                t("（一）予以公开", true),
                t("5", false)
            ],
            vec![
                t("三、本年度办理结果", true),
                t("（三）不予公开", false),
                t("1.属于国家秘密", false),
                t("6", false)
            ],
            vec![
                t("三、本年度办理结果", true),
                t("（三）不予公开", true),
                t("2.其他法律行政法规禁止公开", false),
                t("7", false)
            ],
            vec![
                t("", false),
                t("（七）总计", false),
                t("（七）总计", true),
                t("18", false)
            ],
        ]]
    );
    // Where a cell came from, as in HTML.
    let Block::Table(g) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(g.rows[2][3].loc.to_string(), "表格1 第3行 第4格");
}

#[test]
fn what_word_shows_is_the_text() {
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="a1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="x"><w:name w:val="标题 2"/></w:style><w:style w:type="paragraph" w:styleId="y"><w:name w:val="正文 缩进"/><w:basedOn w:val="x"/></w:style></w:styles>"#
    );
    let numbered = |text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="a1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        numbered("总体情况"),
        numbered("主动公开政府信息情况"),
        // Full-width indentation, a tab, a line break, a soft hyphen, a symbol.
        "<w:p><w:pPr><w:pStyle w:val=\"y\"/></w:pPr><w:r><w:t>　　全年收到申请</w:t></w:r><w:r><w:t>1\u{ad}2件</w:t><w:tab/><w:t>办结</w:t><w:br/><w:t>12件</w:t><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r></w:p>".to_string(),
        // Empty runs; hidden, deleted and moved-away text; a field's
        // instruction (not text) and its result (text); a simple field.
        "<w:p><w:r><w:t></w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>99</w:t></w:r><w:del><w:r><w:delText>98</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>97</w:t></w:r></w:moveFrom><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE \\* MERGEFORMAT 96 </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>第3页</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>共6页</w:t></w:r></w:fldSimple><w:ins><w:r><w:t>（新增）</w:t></w:r></w:ins></w:p>".to_string(),
        // A text box (its DrawingML copy read, its VML fallback not).
        format!("<w:p><w:r><w:t>见右侧</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>{}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>", p("文本框&amp;说明"), p("文本框&amp;说明")),
        // A table with a table inside is layout: its own cells are read as
        // paragraphs, the table inside as a table.
        format!("<w:tbl><w:tr><w:tc>{}<w:tbl><w:tr>{}</w:tr></w:tbl></w:tc></w:tr></w:tbl>", p("版式表格"), tc("", "内层")),
    ]
    .concat();
    let d = docx::read(&docx(
        &body,
        &[
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ],
    ))
    .unwrap();
    let s = |t: &str, h: Option<u8>| (t.to_string(), h);
    assert_eq!(
        texts(&d),
        [
            s("一、总体情况", Some(1)),
            s("二、主动公开政府信息情况", Some(1)),
            s("全年收到申请12件 办结\n12件\u{fc}", Some(2)),
            s("第3页共6页（新增）", None),
            s("见右侧", None),
            s("文本框&说明", None),
            s("版式表格", None),
        ]
    );
    assert_eq!(grids(&d), [vec![vec![("内层".to_string(), false)]]]);
}

#[test]
fn text_hidden_by_a_merge_is_reported() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc(r#"<w:vMerge w:val="restart"/>"#, "行政复议"),
        tc("", "1"),
        tc("<w:vMerge/>", "7"),
        tc("", "2")
    );
    let d = docx::read(&docx(&body, &[])).unwrap();
    assert_eq!(d.unplaced.len(), 1, "{:?}", d.unplaced);
    assert_eq!(d.unplaced[0].text, "7");
    assert_eq!(d.unplaced[0].loc.to_string(), "表格1 第2行 第1格");
}

// ------------------------------------------------------------- bad input

fn err(input: &[u8]) -> ImportError {
    let start = Instant::now();
    let e = import::import(input, None).expect_err("refused");
    assert!(start.elapsed() < Duration::from_secs(20), "{e}");
    e
}

#[test]
fn a_truncated_docx_is_refused_or_partial_never_a_panic() {
    let full = docx_fixture("official-template.docx");
    for len in (0..full.len()).step_by(499) {
        if let Err(e) = import::import(&full[..len], Some(Format::Docx)) {
            assert!(
                matches!(e, ImportError::BadDocx { .. } | ImportError::NotWord { .. }),
                "{len}: {e}"
            );
            assert!(e.to_string().contains("另存为"), "{e}");
        }
    }
    // Cut inside the zip: the directory at its end is gone.
    let e = err(&full[..full.len() / 2]);
    assert!(matches!(e, ImportError::BadDocx { .. }), "{e}");
    assert!(e.to_string().contains("压缩包不完整或已损坏"), "{e}");
}

#[test]
fn a_zip_without_a_word_document_says_what_it_is() {
    let xlsx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    let e = err(&xlsx);
    assert_eq!(
        e,
        ImportError::NotWord {
            what: Some("Excel 表格（.xlsx）")
        }
    );
    assert!(e.to_string().contains("没有 word/document.xml"), "{e}");
    let e = err(&zip(&[("readme.txt", b"hello")]));
    assert_eq!(e, ImportError::NotWord { what: None });
}

#[test]
fn malformed_xml_is_refused_with_where() {
    let bad = zip(&[(
        "word/document.xml",
        format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>一、总体情况</w:r></w:p></w:body></w:document>"
        )
        .as_bytes(),
    )]);
    let e = err(&bad);
    let msg = e.to_string();
    assert!(matches!(e, ImportError::BadDocx { .. }), "{msg}");
    assert!(
        msg.contains("word/document.xml 的 XML 格式错误（约第"),
        "{msg}"
    );
    // Not UTF-8 either.
    let e = err(&zip(&[("word/document.xml", b"<w:document>\xff\xfe\xfd")]));
    assert!(e.to_string().contains("不是 UTF-8"), "{e}");
    // Nested past any real document.
    let deep = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(5000),
        "</w:sdtContent></w:sdt>".repeat(5000)
    );
    let e = err(&zip(&[("word/document.xml", deep.as_bytes())]));
    assert!(e.to_string().contains("嵌套超过 1000 层"), "{e}");
}

/// A raw deflate stream of `n` × 258 + 1 bytes `a`, 13 bits per 258 bytes
/// (fixed Huffman codes: one literal, then copies of length 258 at
/// distance 1): a zip bomb without spending time compressing.
fn deflate_bomb(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut put = |value: u32, len: u32, msb_first: bool, out: &mut Vec<u8>| {
        for i in 0..len {
            let bit = if msb_first {
                (value >> (len - 1 - i)) & 1
            } else {
                (value >> i) & 1
            };
            acc |= bit << bits;
            bits += 1;
            if bits == 8 {
                out.push(acc as u8);
                acc = 0;
                bits = 0;
            }
        }
    };
    put(1, 1, false, &mut out); // BFINAL
    put(1, 2, false, &mut out); // fixed Huffman
    put(0x30 + b'a' as u32, 8, true, &mut out);
    for _ in 0..n {
        put(0xC5, 8, true, &mut out); // length 258 (code 285)
        put(0, 5, true, &mut out); // distance 1
    }
    put(0, 7, true, &mut out); // end of block
    if bits > 0 {
        out.push(acc as u8);
    }
    out
}

/// A zip holding `word/document.xml` as the given raw deflate stream, with
/// the uncompressed size it declares (a bomb may lie about it).
fn zip_raw(data: &[u8], declared: u32) -> Vec<u8> {
    let name = b"word/document.xml";
    let mut z = Vec::new();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    // Local header.
    z.extend(le32(0x0403_4b50));
    z.extend(le16(20));
    z.extend(le16(0));
    z.extend(le16(8)); // deflate
    z.extend(le32(0)); // time, date
    z.extend(le32(0)); // crc (never reached: the read stops first)
    z.extend(le32(data.len() as u32));
    z.extend(le32(declared));
    z.extend(le16(name.len() as u16));
    z.extend(le16(0));
    z.extend(name);
    z.extend(data);
    let cd = z.len();
    z.extend(le32(0x0201_4b50));
    z.extend(le16(20));
    z.extend(le16(20));
    z.extend(le16(0));
    z.extend(le16(8));
    z.extend(le32(0));
    z.extend(le32(0));
    z.extend(le32(data.len() as u32));
    z.extend(le32(declared));
    z.extend(le16(name.len() as u16));
    z.extend([0; 12]); // extra, comment, disk, attributes
    z.extend(le32(0)); // local header offset
    z.extend(name);
    let cd_len = z.len() - cd;
    z.extend(le32(0x0605_4b50));
    z.extend([0; 4]);
    z.extend(le16(1));
    z.extend(le16(1));
    z.extend(le32(cd_len as u32));
    z.extend(le32(cd as u32));
    z.extend(le16(0));
    z
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    // 1 GB of `a` in 6 MB.
    let n = 1 << 30 >> 8;
    let data = deflate_bomb(n);
    assert!(data.len() < 8 << 20);
    let size = 258 * n as u64 + 1;
    // Declaring its size: refused before anything is decompressed.
    let e = err(&zip_raw(&data, size.min(u32::MAX as u64) as u32));
    assert!(matches!(e, ImportError::DocxTooLarge { .. }), "{e}");
    // Lying about it (a size under the limit): the read stops at the size
    // declared, as zip checks the data against it (and at the limit, were
    // it not to).
    for declared in [1000, 30 << 20] {
        let e = err(&zip_raw(&data, declared));
        assert!(e.to_string().contains("解压失败"), "{e}");
    }
    let e = err(&zip_raw(&data, 40 << 20));
    assert_eq!(
        e.to_string(),
        "Word 文件中的 word/document.xml 解压后超过 32 MB，已停止读取（可能是伪装成 .docx 的“压缩炸弹”）：一份年报的正文解压后通常不到 5 MB"
    );
}

#[test]
fn legacy_and_encrypted_word_files_say_how_to_convert() {
    let e = err(&docx_fixture("gen-2022-0.doc"));
    assert_eq!(e, ImportError::Doc);
    let msg = e.to_string();
    assert!(msg.contains("另存为") && msg.contains("soffice --headless --convert-to docx"));
    let e = err(&docx_fixture("gen-2022-0-encrypted.docx"));
    assert_eq!(e, ImportError::Encrypted);
    assert!(e.to_string().contains("取消密码后“另存为” .docx"));
    // Another legacy Office file (an .xls names its Workbook stream): not
    // told to save as .docx.
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(512, 0);
    xls.extend("Workbook".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(err(&xls), ImportError::Binary);
    // Named --from docx or not, and through the command line: exit 2.
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, want) in [
        ("a.doc", docx_fixture("gen-2022-0.doc"), "旧版 Word（.doc）"),
        (
            "b.docx",
            docx_fixture("gen-2022-0-encrypted.docx"),
            "加密的",
        ),
        ("c.docx", b"not a zip".to_vec(), "不是 ZIP 压缩包"),
    ] {
        let input = write(dir.path(), name, &bytes);
        let run = nianbao(&["import", input.to_str().unwrap(), "--from", "docx"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(want), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn cli_reads_a_docx_and_says_so() {
    let input = root().join("tests/fixtures/import-corpus/docx-template/real-huaian-2024.docx");
    let run = nianbao(&["import", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("已按 Word 文档（--from docx）读取"),
        "{}",
        run.stderr
    );
    assert!(run
        .stdout
        .starts_with("---\n机关: 淮安市人民政府\n年度: 2024\n---\n"));
    assert!(run
        .stdout
        .contains("| 行政复议 | 72 | 64 | 178 | 37 | 351 |"));
}

#[test]
fn automatic_numbering_is_written_as_word_shows_it() {
    // Level 0 `一、`, level 1 `（一）`, level 2 `1.`; numId 2 continues
    // numId 1's list, numId 3 restarts level 2 at 1.
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num><w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num></w:numbering>"#
    );
    let item = |num: u8, lvl: u8, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        item(1, 0, "总体情况"),
        item(1, 1, "主动公开"),
        item(1, 2, "规章"),
        item(1, 2, "规范性文件"),
        item(1, 1, "依申请公开"),
        item(2, 0, "主动公开政府信息情况"),
        item(1, 2, "不编号的条目从 1 起"),
        item(3, 2, "重新编号"),
        item(4, 0, "项目符号不是文字"),
    ]
    .concat();
    let d = docx::read(&docx(&body, &[("word/numbering.xml", &numbering)])).unwrap();
    let got: Vec<String> = texts(&d).into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        got,
        [
            "一、总体情况",
            "（一）主动公开",
            "1.规章",
            "2.规范性文件",
            "（二）依申请公开",
            "二、主动公开政府信息情况",
            "1.不编号的条目从 1 起",
            "1.重新编号",
            "项目符号不是文字",
        ]
    );
}

#[test]
fn pictures_and_objects_are_named_in_a_note() {
    // A table pasted from Excel as an object (with its picture), a form
    // control (not content), and a picture whose VML fallback is the same
    // picture again.
    let body = format!(
        "{}<w:p><w:r><w:object><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:imagedata/></v:shape><o:OLEObject xmlns:o=\"urn:schemas-microsoft-com:office:office\" Type=\"Embed\" ProgID=\"Excel.Sheet.12\"/></w:object></w:r></w:p><w:p><w:r><w:object><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"/><w:control w:name=\"button\"/></w:object></w:r></w:p><w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"/></w:drawing></mc:Choice><mc:Fallback><w:pict><v:imagedata xmlns:v=\"urn:schemas-microsoft-com:vml\"/></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        p("三、收到和处理政府信息公开申请情况")
    );
    let d = docx::read(&docx(&body, &[])).unwrap();
    assert_eq!(
        d.notes,
        ["Word 文档中有 1 个图片、1 个嵌入对象（如从 Excel 粘贴的表格），其中的文字和数字未读取：如果表格是以图片或对象插入的，请在 Word 中改为真正的表格后再导入，或核对导入结果"]
    );
}

#[test]
fn headings_by_outline_level_or_style_even_without_styles_xml() {
    let para = |ppr: &str, text: &str| {
        format!("<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let body = [
        para(
            r#"<w:pStyle w:val="Title"/>"#,
            "某某局2023年政府信息公开工作年度报告",
        ),
        para(r#"<w:pStyle w:val="Heading2"/>"#, "一、总体情况"),
        para(r#"<w:outlineLvl w:val="2"/>"#, "（一）主动公开"),
        para(r#"<w:pStyle w:val="a5"/>"#, "正文"),
    ]
    .concat();
    let d = docx::read(&docx(&body, &[])).unwrap();
    let levels: Vec<Option<u8>> = texts(&d).into_iter().map(|(_, h)| h).collect();
    assert_eq!(levels, [Some(1), Some(2), Some(3), None]);
}
