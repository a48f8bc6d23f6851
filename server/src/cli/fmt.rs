//! `nianbao fmt`: align tables and tidy whitespace, in place, or check only.
//! `--to-utf8` also reads GBK and UTF-16 reports and writes them as UTF-8
//! (formatted like any other: the line ending of the first line is kept, so
//! Notepad's CRLF stays; no BOM is added).

use super::files;
use crate::check::{check_document, load_previous, zh_io_error, DiskLoader};
use crate::config::Config;
use crate::encoding::NotText;
use crate::format;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// 文件或文件夹（在其中查找 *.nianbao，跳过隐藏文件夹、target、node_modules 和符号链接）；`-` 表示从标准输入读取、向标准输出写出
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// 只检查不写入：列出需要格式化的文件，有则退出码为 1
    #[arg(long)]
    pub check: bool,
    /// 显示格式化前后的差异，不写入（隐含 --check）
    #[arg(long)]
    pub diff: bool,
    /// 同时应用安全的快速修复（规范章节标题、行标签、占位符、全角数字）
    #[arg(long)]
    pub fix: bool,
    /// 把 GBK（记事本、WPS 的“ANSI”）或 UTF-16 编码的报告无损转为 UTF-8，再格式化；
    /// 无法无损解码的文件不做改动
    #[arg(long = "to-utf8")]
    pub to_utf8: bool,
}

/// One input: a file, or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

pub fn run(args: Args) -> i32 {
    let mut failed = false;
    let mut inputs = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let cfg = match Config::discover(p) {
                Ok(c) => c.unwrap_or_default(),
                Err(e) => {
                    eprintln!("错误：{e:#}");
                    failed = true;
                    Config::default()
                }
            };
            let (found, errors) = files::reports_under(p, files::FileLinks::Skip);
            for (dir, message) in errors {
                eprintln!("错误：{}：{message}", dir.display());
                failed = true;
            }
            inputs.extend(
                found
                    .into_iter()
                    .filter(|f| !cfg.is_excluded(f))
                    .map(Input::File),
            );
        } else if p.exists() {
            inputs.push(Input::File(p.clone()));
        } else {
            eprintln!("错误：{}：文件不存在", p.display());
            failed = true;
        }
    }

    let check_only = args.check || args.diff;
    let (mut changed, mut unchanged, mut converted) = (0usize, 0usize, 0usize);
    for input in inputs {
        let (name, path) = match &input {
            Input::Stdin => ("-".to_string(), None),
            Input::File(p) => (p.display().to_string(), Some(p.as_path())),
        };
        let (text, from) = match read(&input, args.to_utf8) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("错误：{name}：{msg}");
                failed = true;
                continue;
            }
        };
        let formatted = match formatted(&text, path, args.fix) {
            Ok(f) => f,
            Err(msg) => {
                eprintln!("错误：{name}：{msg}");
                failed = true;
                continue;
            }
        };
        // A converted file changes even if its text is already tidy.
        let differs = formatted != text || from.is_some();
        if from.is_some() {
            converted += 1;
        }
        if differs {
            changed += 1;
        } else {
            unchanged += 1;
        }
        if check_only {
            if differs {
                let encoding = from.map_or(String::new(), |e| format!("（{e} 编码，需转为 UTF-8）"));
                let out = if args.diff {
                    let diff = similar::TextDiff::from_lines(&text, &formatted)
                        .unified_diff()
                        .header(&format!("{name}（原文）"), &format!("{name}（格式化后）"))
                        .to_string();
                    match from {
                        Some(_) => format!("需要转为 UTF-8：{name}{encoding}\n{diff}"),
                        None => diff,
                    }
                } else {
                    format!("需要格式化：{name}{encoding}\n")
                };
                if !write_stdout(&out) {
                    return 2;
                }
            }
        } else {
            match &input {
                Input::Stdin => {
                    if !write_stdout(&formatted) {
                        return 2;
                    }
                }
                Input::File(p) => {
                    if differs {
                        if let Err(e) = std::fs::write(p, &formatted) {
                            eprintln!("错误：{name}：无法写入：{}", zh_io_error(&e));
                            failed = true;
                        }
                    }
                }
            }
        }
    }
    let to_stdout = args.paths.iter().any(|p| p.as_os_str() == "-");
    if !to_stdout || check_only {
        if check_only {
            eprintln!("{changed} 个文件需要格式化，{unchanged} 个文件格式正确");
        } else {
            eprintln!("已格式化 {changed} 个文件，{unchanged} 个文件无需改动");
            if converted > 0 {
                eprintln!("其中 {converted} 个文件已转为 UTF-8");
            }
        }
    }
    if failed {
        2
    } else if check_only && changed > 0 {
        1
    } else {
        0
    }
}

/// The formatted text, with safe fixes first under `--fix`.
fn formatted(text: &str, path: Option<&Path>, fix: bool) -> Result<String, String> {
    if !fix {
        return Ok(format::format(text));
    }
    let start = path.unwrap_or(Path::new("."));
    let cfg = Config::discover(start)
        .map_err(|e| format!("{e:#}"))?
        .unwrap_or_default();
    let fixed = format::fix_all(text, |doc| {
        let prev = load_previous(doc, path, &DiskLoader);
        check_document(doc, prev.as_ref(), &cfg)
    });
    Ok(format::format(&fixed))
}

/// Read a report; binary or non-UTF-8 input is refused (and left untouched).
/// Under `--to-utf8`, GBK and UTF-16 are decoded instead (without loss:
/// every byte sequence must decode) and their encoding's name returned.
fn read(input: &Input, to_utf8: bool) -> Result<(String, Option<&'static str>), String> {
    let (bytes, file) = match input {
        Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("无法读取标准输入：{}", zh_io_error(&e)))?;
            (b, None)
        }
        Input::File(p) => (
            std::fs::read(p).map_err(|e| format!("无法读取：{}", zh_io_error(&e)))?,
            Some(p.to_string_lossy()),
        ),
    };
    match crate::encoding::decode(bytes) {
        Ok(text) => Ok((text, None)),
        Err(NotText::Gbk(text)) if to_utf8 => Ok((text, Some("GBK"))),
        Err(NotText::Utf16(text)) if to_utf8 => Ok((text, Some("UTF-16"))),
        Err(NotText::Invalid { line }) if to_utf8 => Err(format!(
            "无法无损地转为 UTF-8：既不是 UTF-8，也不能确定是 GBK（GB18030）或 UTF-16 文本\
             （第 {line} 行起有无法解码的字节），未做改动"
        )),
        Err(e) => Err(format!("{}，未做改动", e.message(file.as_deref()))),
    }
}

/// Write to stdout; false when it is closed (e.g. piped into `head`).
fn write_stdout(s: &str) -> bool {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .is_ok()
}
