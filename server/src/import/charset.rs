//! The character set of a text input (a saved web page, page text, text
//! extracted from a PDF): UTF-8, or what the input declares (`<meta
//! charset>`, an XML declaration) or starts with (a byte-order mark), or,
//! when it declares nothing, what a detector finds. Chinese government sites
//! still serve many pages in GB2312/GBK; Taiwanese and Hong Kong material in
//! Big5; Windows tools write UTF-16.
//!
//! The rule: never read an input against what it says of itself. Valid UTF-8
//! is read as UTF-8 whatever the page declares (a page re-saved as UTF-8
//! keeps its old `charset=gb2312`; GBK text of any length is practically
//! never valid UTF-8); otherwise the declaration decides, and an input that
//! is not valid in the charset it declares is refused with what it looks
//! like, so the user chooses (`--encoding`). The decoding used is always
//! said.

use super::ImportError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// An input decoded to text.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The charset read (the WHATWG name: `GBK`, `Big5`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// How the charset was chosen (Chinese), for the audit; `None` for plain
    /// UTF-8 that declares nothing else.
    pub note: Option<String>,
}

/// Decode `input` (the BOM, if any, still on it). `forced` is the user's
/// `--encoding` label.
pub fn decode(input: &[u8], forced: Option<&str>) -> Result<Decoded, ImportError> {
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            ImportError::UnknownEncoding {
                label: label.to_string(),
            }
        })?;
        let (text, had_errors) = enc.decode_with_bom_removal(input);
        if had_errors {
            return Err(ImportError::Encoding {
                declared: Some(label.to_string()),
                detected: detect(input).map(|e| e.name().to_string()),
                forced: true,
            });
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            note: Some(format!("按指定的 {} 编码读取", enc.name())),
        });
    }
    if let Some((enc, bom)) = Encoding::for_bom(input) {
        return strict(enc, &input[bom..])
            .map(|text| Decoded {
                text,
                encoding: enc.name(),
                note: (enc != UTF_8).then(|| format!("按字节序标记（BOM）读取为 {}", enc.name())),
            })
            .ok_or(ImportError::Encoding {
                declared: Some(enc.name().to_string()),
                detected: None,
                forced: false,
            });
    }
    if let Some(enc) = utf16_without_bom(input) {
        if let Some(text) = strict(enc, input) {
            return Ok(Decoded {
                text,
                encoding: enc.name(),
                note: Some(format!(
                    "没有字节序标记，按内容判断为 {} 编码读取",
                    enc.name()
                )),
            });
        }
    }
    let declared = declared_charset(input);
    if let Ok(text) = std::str::from_utf8(input) {
        let note = declared
            .as_deref()
            .and_then(|d| Encoding::for_label(d.as_bytes()).map(|e| (d, e)))
            .filter(|(_, e)| *e != UTF_8 && !text.is_ascii())
            .map(|(d, _)| format!("网页声明的编码为 {d}，但内容是有效的 UTF-8，按 UTF-8 读取"));
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            note,
        });
    }
    if let Some(label) = declared {
        let Some(enc) = Encoding::for_label(label.as_bytes()) else {
            return Err(ImportError::UnknownEncoding { label });
        };
        // GBK read as Big5 (or the reverse) decodes without error into
        // nonsense: a declaration whose reading has none of a report's
        // words while the detector's has them is a lie too. (Detection
        // runs only then: it reads the whole input.)
        let declared_text = strict(enc, input);
        let detected = match &declared_text {
            Some(t) if report_words(t) > 0 => None,
            _ => detect(input).filter(|d| *d != enc),
        };
        let better = |text: &str| {
            detected
                .and_then(|d| strict(d, input))
                .is_some_and(|t| report_words(&t) > report_words(text))
        };
        return match declared_text.filter(|t| !better(t)) {
            Some(text) => Ok(Decoded {
                text,
                encoding: enc.name(),
                note: Some(format!("按网页声明的 {label} 编码（{}）读取", enc.name())),
            }),
            None => Err(ImportError::Encoding {
                declared: Some(label),
                detected: detected.map(|e| e.name().to_string()),
                forced: false,
            }),
        };
    }
    match detect(input).and_then(|enc| strict(enc, input).map(|t| (enc, t))) {
        Some((enc, text)) => Ok(Decoded {
            text,
            encoding: enc.name(),
            note: Some(format!(
                "输入不是 UTF-8，也没有声明编码，检测为 {} 编码读取；如有乱码，请用 --encoding 指定编码",
                enc.name()
            )),
        }),
        None => Err(ImportError::Encoding {
            declared: None,
            detected: None,
            forced: false,
        }),
    }
}

/// How many words every report has (simplified or traditional) a text holds.
fn report_words(text: &str) -> usize {
    ["政府信息", "公开", "申请", "政府資訊", "公開", "申請"]
        .iter()
        .map(|w| text.matches(w).count())
        .sum()
}

/// Decode without replacement: `None` if any byte sequence is invalid.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// The charset a non-UTF-8 input most likely is. chardetng (the detector
/// Firefox uses) is asked without a hint and as a Chinese (`cn`) and a
/// Taiwanese (`tw`) page would be: short inputs can decode cleanly both as
/// GBK and as Big5, and the reading with the words every report has (and no
/// private-use characters, the mark of a wrong double-byte table) wins.
pub(crate) fn detect(input: &[u8]) -> Option<&'static Encoding> {
    let head = &input[..input.len().min(1 << 20)];
    let mut d = chardetng::EncodingDetector::new();
    d.feed(head, true);
    let mut candidates: Vec<&'static Encoding> = Vec::new();
    for tld in [None, Some(&b"cn"[..]), Some(&b"tw"[..])] {
        let e = d.guess(tld, true);
        // windows-1252 is chardetng's answer when nothing fits: Latin text
        // is not a report, and GBK read as it is mojibake.
        if e != encoding_rs::WINDOWS_1252 && !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    let score = |e: &'static Encoding| {
        strict(e, input).map(|t| {
            let pua = t
                .chars()
                .filter(|c| ('\u{e000}'..='\u{f8ff}').contains(c))
                .count() as i64;
            report_words(&t) as i64 * 10 - pua
        })
    };
    let mut best: Option<(&'static Encoding, i64)> = None;
    for e in candidates {
        if let Some(s) = score(e) {
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((e, s));
            }
        }
    }
    best.map(|(e, _)| e)
}

/// Whether the input is, or is said to be, UTF-16 (whose zero bytes would
/// otherwise make it look binary).
pub fn maybe_utf16(input: &[u8], forced: Option<&str>) -> bool {
    let forced = forced
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    forced
        || Encoding::for_bom(input).is_some_and(|(e, _)| e != UTF_8)
        || utf16_without_bom(input).is_some()
}

/// UTF-16 without a byte-order mark: text in it has a zero byte in most
/// ASCII characters' high half. Looked for in the first 4 KB.
fn utf16_without_bom(input: &[u8]) -> Option<&'static Encoding> {
    if input.len() < 4 || !input.len().is_multiple_of(2) {
        return None;
    }
    let head = &input[..input.len().min(4096)];
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // CJK text has few zero bytes even in UTF-16; line breaks, digits and
    // markup give enough. Zeros on one side only: not binary junk.
    if odd * 10 >= pairs && even * 4 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= pairs && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The charset an HTML page or XML document declares in its first 4 KB
/// (`<meta charset=gbk>`, `content="text/html; charset=gb2312"`,
/// `<?xml … encoding="GBK"?>`), lower-cased.
pub fn declared_charset(input: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&input[..input.len().min(4096)]).to_ascii_lowercase();
    let value = |key: &str| {
        let i = head.find(key)?;
        let rest = head[i + key.len()..].trim_start_matches(['"', '\'', ' ']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    };
    value("charset=").or_else(|| {
        head.trim_start()
            .starts_with("<?xml")
            .then(|| value("encoding="))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GBK_REPORT: &str = "<html><head><meta charset=\"gb2312\"></head><body><p>一、总体情况</p><p>本年新收政府信息公开申请数量</p></body></html>";

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn declared_gbk_is_read_as_gbk() {
        let d = decode(&gbk(GBK_REPORT), None).unwrap();
        assert_eq!(d.text, GBK_REPORT);
        assert_eq!(d.encoding, "GBK");
        assert!(d.note.unwrap().contains("gb2312"));
    }

    #[test]
    fn undeclared_gbk_and_big5_are_detected() {
        let text = "一、总体情况\n本年度共收到政府信息公开申请12件，均已按期答复。\n二、主动公开政府信息情况\n";
        let d = decode(&gbk(text), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "GBK"));
        assert!(d.note.unwrap().contains("检测为 GBK"));
        let trad = "一、總體情況\n本年度共收到政府資訊公開申請12件，均已按期答覆。\n";
        let big5 = encoding_rs::BIG5.encode(trad).0.into_owned();
        let d = decode(&big5, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (trad, "Big5"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "一、总体情况\r\n收到申请12件\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut bom = vec![0xff, 0xfe];
        bom.extend(&le);
        for (bytes, name) in [(bom, "UTF-16LE"), (le, "UTF-16LE"), (be, "UTF-16BE")] {
            let d = decode(&bytes, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, name));
        }
    }

    #[test]
    fn utf8_wins_over_a_stale_declaration() {
        let d = decode(GBK_REPORT.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.unwrap().contains("有效的 UTF-8"));
        // Pure ASCII says nothing about the declaration: no note.
        assert!(decode(b"<meta charset=gbk>", None).unwrap().note.is_none());
    }

    #[test]
    fn a_lying_declaration_is_refused_with_what_it_looks_like() {
        let lie = GBK_REPORT.replace("gb2312", "big5");
        let Err(ImportError::Encoding {
            declared, detected, ..
        }) = decode(&gbk(&lie), None)
        else {
            panic!("GBK declared as Big5 must be refused")
        };
        assert_eq!(declared.as_deref(), Some("big5"));
        assert_eq!(detected.as_deref(), Some("GBK"));
        // The user can then say what it is.
        let d = decode(&gbk(&lie), Some("gbk")).unwrap();
        assert_eq!(d.text, lie);
    }

    #[test]
    fn unknown_labels_are_named() {
        assert!(matches!(
            decode(b"x", Some("klingon")),
            Err(ImportError::UnknownEncoding { label }) if label == "klingon"
        ));
    }
}
