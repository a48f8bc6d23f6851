//! Bytes → report text. A report is UTF-8 (a BOM allowed); what Windows
//! tools save otherwise — GBK from Notepad's or WPS's "ANSI" on a Chinese
//! system, UTF-16 from Notepad's "Unicode" — is recognised so the user is
//! told the one command that converts it (`nianbao fmt --to-utf8`), instead
//! of being left with "not UTF-8". Binary files and other bytes keep the
//! plain refusal.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE};

/// Why bytes are not a report's text, and what they are instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes (and no UTF-16 byte-order mark).
    Binary,
    /// A Chinese legacy encoding (GBK/GB2312, read as GB18030, their
    /// superset): the text, decoded without loss.
    Gbk(String),
    /// UTF-16 with a byte-order mark: the text, decoded without loss.
    Utf16(String),
    /// Neither UTF-8 nor one of the above: the line of the first bad byte.
    Invalid { line: usize },
}

/// The report text of `bytes` (a BOM kept: callers decide), or what they are.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => return Ok(text),
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    };
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            if let Some(text) = strict(enc, &bytes[bom..]) {
                return Err(NotText::Utf16(text));
            }
        }
    }
    if bytes.contains(&0) {
        return Err(NotText::Binary);
    }
    if let Some(text) = gbk(&bytes) {
        return Err(NotText::Gbk(text));
    }
    let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(NotText::Invalid { line })
}

/// GBK text decoded, when the bytes are that: every byte sequence valid in
/// GB18030 (GBK's superset, so nothing is lost), no control characters a
/// text file does not have, and the detectors agree that this is Chinese
/// in GBK rather than, say, Big5 that happens to decode: the importer's
/// (chardetng, scored by the words every report has) says GBK, or, for a
/// few words where it has too little to go on (`年度: 2022` reads as
/// EUC-JP too), chardetng asked as for a mainland page says GBK and the
/// importer's does not say Big5.
fn gbk(bytes: &[u8]) -> Option<String> {
    let text = strict(GB18030, bytes)?;
    let controls = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    if controls {
        return None;
    }
    let is_gbk = |e: &'static Encoding| e == GBK || e == GB18030;
    let detected = crate::import::charset::detect(bytes);
    if detected.is_some_and(is_gbk) {
        return Some(text);
    }
    let mut d = chardetng::EncodingDetector::new();
    d.feed(&bytes[..bytes.len().min(1 << 20)], true);
    (is_gbk(d.guess(Some(b"cn"), true)) && detected != Some(encoding_rs::BIG5)).then_some(text)
}

/// Decode without replacement: `None` if any byte sequence is invalid.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// `file` as the user types it in a shell (PowerShell, cmd and POSIX shells
/// alike): quoted when it has spaces or characters a shell would read.
pub fn shell_word(file: &str) -> String {
    let plain = !file.is_empty()
        && file
            .chars()
            .all(|c| !c.is_whitespace() && !"\"'`$&|;<>()[]{}*?!#%^,".contains(c));
    if plain {
        file.to_string()
    } else {
        format!("\"{file}\"")
    }
}

impl NotText {
    /// The Chinese message for `file` (`None`: standard input), naming the
    /// command or editor setting that fixes it.
    pub fn message(&self, file: Option<&str>) -> String {
        let command = match file {
            Some(f) => format!("nianbao fmt --to-utf8 {}", shell_word(f)),
            None => "nianbao fmt --to-utf8 - < 原文件 > 新文件".to_string(),
        };
        match self {
            NotText::Binary => "是二进制文件（含有 NUL 字节），不是文本报告".into(),
            NotText::Gbk(_) => format!(
                "是 GBK 编码（记事本、WPS 保存时选的“ANSI”），不是 UTF-8：运行 {command} 转为 UTF-8（无损）；\
                 或在编辑器中改存为 UTF-8（VS Code：点状态栏右下角的编码，“通过编码重新打开”选 GBK，\
                 再“通过编码保存”选 UTF-8；或在设置中打开 \"files.autoGuessEncoding\": true）"
            ),
            NotText::Utf16(_) => format!(
                "是 UTF-16 编码（记事本保存时选的“Unicode”），不是 UTF-8：运行 {command} 转为 UTF-8（无损）；\
                 或在编辑器中改存为 UTF-8（记事本：“另存为”，编码选 UTF-8）"
            ),
            NotText::Invalid { line } => format!(
                "不是有效的 UTF-8 文本（第 {line} 行有无法解码的字节），也不是 GBK 或 UTF-16 文本"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk_bytes(text: &str) -> Vec<u8> {
        let (bytes, _, errors) = GBK.encode(text);
        assert!(!errors);
        bytes.into_owned()
    }

    const REPORT: &str = "---\r\n机关: 某某区人民政府\r\n年度: 2022\r\n---\r\n\
        # 某某区人民政府2022年政府信息公开工作年度报告\r\n\r\n## 一、总体情况\r\n\r\n\
        本年度共收到政府信息公开申请6件，依申请公开政府信息。\r\n";

    #[test]
    fn utf8_passes_with_its_bom() {
        assert_eq!(decode("\u{feff}# 题".into()).unwrap(), "\u{feff}# 题");
        assert_eq!(decode(REPORT.into()).unwrap(), REPORT);
    }

    #[test]
    fn gbk_is_recognised_and_decoded_without_loss() {
        assert_eq!(
            decode(gbk_bytes(REPORT)),
            Err(NotText::Gbk(REPORT.to_string()))
        );
        // A title alone is enough.
        let title = "# 某某区人民政府2022年政府信息公开工作年度报告\n";
        assert_eq!(decode(gbk_bytes(title)), Err(NotText::Gbk(title.into())));
    }

    #[test]
    fn utf16_with_a_bom_is_recognised() {
        let mut le = vec![0xff, 0xfe];
        le.extend(REPORT.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(le), Err(NotText::Utf16(REPORT.into())));
        let mut be = vec![0xfe, 0xff];
        be.extend(REPORT.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be), Err(NotText::Utf16(REPORT.into())));
    }

    #[test]
    fn short_gbk_lines_and_big5() {
        for text in ["年度: 2022\n", "| 行政许可 | 120 |\r\n", "# 政府信息公开\n"] {
            assert_eq!(
                decode(gbk_bytes(text)),
                Err(NotText::Gbk(text.into())),
                "{text}"
            );
        }
        // Big5 (Taiwan, Hong Kong) decodes as GB18030 too, as nonsense: not
        // taken for GBK, so no conversion into mojibake is offered.
        let (big5, _, errors) =
            encoding_rs::BIG5.encode("本機關政府資訊公開申請案件之處理情形，依申請公開。\n");
        assert!(!errors);
        assert!(matches!(
            decode(big5.into_owned()),
            Err(NotText::Invalid { .. })
        ));
    }

    #[test]
    fn binary_and_garbage_are_not_taken_for_gbk() {
        assert_eq!(decode(b"a\0b".to_vec()), Err(NotText::Binary));
        // A PNG header: not text in any encoding.
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        assert_eq!(decode(png), Err(NotText::Binary));
        // Latin-1 text: decodes in GB18030 as nonsense, not taken for GBK.
        let latin1 = b"ok\nna\xefve caf\xe9 r\xe9sum\xe9\n".to_vec();
        assert_eq!(decode(latin1), Err(NotText::Invalid { line: 2 }));
        // A byte GB18030 cannot decode (0xFF).
        let bad = b"ok\n\xff\xff\n".to_vec();
        assert_eq!(decode(bad), Err(NotText::Invalid { line: 2 }));
    }

    #[test]
    fn the_message_names_the_command_for_that_file() {
        let gbk = NotText::Gbk(String::new());
        let m = gbk.message(Some("报告/2022.nianbao"));
        assert!(m.contains("nianbao fmt --to-utf8 报告/2022.nianbao"), "{m}");
        assert!(m.contains("files.autoGuessEncoding"), "{m}");
        let m = gbk.message(Some("我的 报告.nianbao"));
        assert!(m.contains("--to-utf8 \"我的 报告.nianbao\""), "{m}");
        assert!(gbk.message(None).contains("--to-utf8 - <"));
    }
}
