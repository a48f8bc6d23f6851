//! `nianbao check`: find the reports, check them in parallel, print the
//! diagnostics in a stable order (by path, then position), and turn the
//! outcome into an exit status. The checking itself is the library's
//! [`crate::check::check_text`]; everything here is command-line plumbing.

use super::{files, EXIT_FAILURE, EXIT_OK, EXIT_PROBLEMS};
use crate::check::{check_text, zh_io_error, DiskLoader};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crate::output::{self, human, Counts, FileResult, Format};
use crate::review::Progress;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const AFTER_HELP: &str = "\
文件夹中的 *.nianbao 文件按路径排序后检查；隐藏文件夹、target 和 node_modules 会被跳过。

每个文件使用其所在文件夹或上级文件夹中最近的 nianbao.toml（规则级别与 exclude 排除模式）。
与 ruff 相同：exclude 只排除在文件夹中找到的文件；命令行上直接写出的文件总是检查，
除非同时给出 --force-exclude。

退出码：0 没有错误；1 发现错误（使用 --deny warnings 时警告也算）；
2 无法运行（参数错误、文件无法读取、不是 UTF-8 文本、二进制文件、nianbao.toml 无效），
此时其他文件照常检查，退出码 2 优先于 1。

记事本、WPS 存成 GBK（“ANSI”）或 UTF-16（“Unicode”）的报告：nianbao fmt --to-utf8 文件 无损转为 UTF-8。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// 要检查的文件或文件夹；`-` 表示从标准输入读取。默认为当前文件夹
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// 把警告也视为失败（退出码 1）
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// 只输出问题本身，不输出汇总行和提示
    #[arg(long, short)]
    pub quiet: bool,

    /// 标准输入内容对应的文件名：用于显示、查找 nianbao.toml、解析“上年报告”；只给此选项不给路径时读取标准输入
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// 对命令行上直接写出的文件（及 --stdin-filename）也应用 nianbao.toml 的 exclude
    #[arg(long)]
    pub force_exclude: bool,

    /// 何时使用颜色（auto：输出到终端且未设置 NO_COLOR 时）
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// 警告也导致退出码 1
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where a report's bytes come from.
enum Source {
    File(PathBuf),
    Stdin,
}

/// One report to check.
struct Input {
    /// The path shown to the user (and used to resolve `上年报告`).
    shown: PathBuf,
    source: Source,
    /// Named on the command line (not found in a folder).
    explicit: bool,
}

/// A report ready to check: its text source and configuration.
struct Job {
    shown: PathBuf,
    /// The path `上年报告` is resolved against (None: stdin without a name).
    path: Option<PathBuf>,
    source: Source,
    config: Arc<Config>,
}

/// A checked report: shown path, parsed document, diagnostics.
type Checked = (PathBuf, Arc<Document>, Vec<Diagnostic>);

/// Problems that stop a file (or the tool) from being checked: said on
/// stderr, and they make the exit status 2.
#[derive(Default)]
struct Failures {
    messages: Vec<String>,
    /// Reports (or named paths) that could not be checked.
    unchecked: usize,
}

impl Failures {
    /// A path that could not be checked, and why.
    fn add(&mut self, path: &Path, message: impl std::fmt::Display) {
        self.messages.push(format!("{}：{message}", path.display()));
        self.unchecked += 1;
    }
}

pub fn run(args: Args) -> i32 {
    let mut failures = Failures::default();
    let inputs = collect_inputs(&args, &mut failures);
    let mut stdin_bytes = None;
    let jobs = plan(&args, inputs, &mut failures, &mut stdin_bytes);

    // A bar only for a run long enough to want one, and never in the way
    // of the output: it is on standard error, cleared when done.
    let bar = super::progress::Bar::new(args.quiet || jobs.len() < 50);
    bar.start("检查", jobs.len());
    let results: Vec<Result<Checked, String>> = jobs
        .into_par_iter()
        .map(|job| {
            let shown = job.shown.clone();
            let r = check_one(job, stdin_bytes.as_deref());
            bar.done(&shown);
            r
        })
        .collect();
    bar.finish();
    let mut checked = Vec::new();
    for r in results {
        match r {
            Ok(c) => checked.push(c),
            Err(message) => {
                failures.messages.push(message);
                failures.unchecked += 1;
            }
        }
    }
    let files: Vec<FileResult> = checked
        .iter()
        .map(|(p, doc, d)| (p.as_path(), &**doc, d.as_slice()))
        .collect();

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let opts = human::Options { color };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Human => human::write(&mut out, &files, &opts),
        Format::Json => output::json::write(&mut out, &files),
        Format::Github => output::github::write(&mut out, &files),
        Format::Sarif => output::sarif::write(&mut out, &files),
        Format::Gitlab => output::gitlab::write(&mut out, &files),
        Format::Junit => {
            output::junit::write(&mut out, &files, args.deny == Some(Deny::Warnings))
        }
        Format::Html => {
            let failed = failures
                .messages
                .iter()
                .map(|m| crate::review::Failed {
                    path: PathBuf::new(),
                    reason: m.clone(),
                })
                .collect();
            let review = crate::review::of_checked(checked.clone(), failed);
            out.write_all(crate::review::site::one_page(&review).as_bytes())
        }
    }
    .and_then(|()| out.flush());

    for f in &failures.messages {
        eprintln!("错误：{f}");
    }
    let nothing = files.is_empty() && failures.messages.is_empty();
    if nothing && !args.quiet {
        eprintln!("警告：没有找到 .nianbao 文件");
    }
    let written = written.and_then(|()| {
        if args.format == Format::Human && !args.quiet && !nothing {
            human::write_summary(&mut out, &files, failures.unchecked, &opts)?;
        }
        out.flush()
    });
    match written {
        Ok(()) => {}
        // `nianbao check | head`: the reader left; not our failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("错误：无法写出结果：{e}");
            return EXIT_FAILURE;
        }
    }

    let counts = Counts::of(&files);
    if !failures.messages.is_empty() {
        EXIT_FAILURE
    } else if counts.errors > 0 || (args.deny == Some(Deny::Warnings) && counts.warnings > 0) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Expand the command-line paths into reports, sorted by shown path.
fn collect_inputs(args: &Args, failures: &mut Failures) -> Vec<Input> {
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else if args.stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else {
        vec![PathBuf::from(".")]
    };
    let mut inputs = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                shown: args
                    .stdin_filename
                    .as_deref()
                    .map_or_else(|| PathBuf::from("-"), files::tidy),
                source: Source::Stdin,
                explicit: true,
            });
        } else if p.is_dir() {
            walk(p, &mut inputs, failures);
        } else if p.exists() {
            inputs.push(Input {
                shown: files::tidy(p),
                source: Source::File(p.clone()),
                explicit: true,
            });
        } else {
            failures.add(p, "文件或文件夹不存在");
        }
    }
    inputs.sort_by(|a, b| a.shown.cmp(&b.shown));
    let mut seen = HashSet::new();
    inputs.retain(|i| seen.insert(i.shown.clone()));
    inputs
}

/// Every `*.nianbao` below `root` (see [`files::reports_under`]).
fn walk(root: &Path, inputs: &mut Vec<Input>, failures: &mut Failures) {
    let (found, errors) = files::reports_under(root, files::FileLinks::Follow);
    for path in found {
        inputs.push(Input {
            shown: files::tidy(&path),
            source: Source::File(path),
            explicit: false,
        });
    }
    for (path, message) in errors {
        failures.add(&path, message);
    }
}

/// Find each report's `nianbao.toml` (cached per folder), apply `exclude`,
/// and read standard input once.
fn plan(
    args: &Args,
    inputs: Vec<Input>,
    failures: &mut Failures,
    stdin_bytes: &mut Option<Vec<u8>>,
) -> Vec<Job> {
    let mut configs: HashMap<PathBuf, Option<Arc<Config>>> = HashMap::new();
    let mut jobs = Vec::new();
    for input in inputs {
        let path = match input.source {
            Source::Stdin => args.stdin_filename.clone(),
            Source::File(ref p) => Some(p.clone()),
        };
        let dir = match path.as_deref().and_then(Path::parent) {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let config = configs
            .entry(dir.clone())
            .or_insert_with(|| match Config::discover(&dir) {
                Ok(c) => Some(Arc::new(c.unwrap_or_default())),
                Err(e) => {
                    // The chain starts with the config file's path.
                    failures
                        .messages
                        .push(format!("配置文件无效，使用它的报告没有检查：{e:#}"));
                    None
                }
            })
            .clone();
        let Some(config) = config else {
            failures.unchecked += 1;
            continue;
        };
        let named = input.explicit && path.is_some();
        if let Some(p) = &path {
            if config.is_excluded(p) && (!named || args.force_exclude) {
                continue;
            }
        }
        if matches!(input.source, Source::Stdin) && stdin_bytes.is_none() {
            let mut buf = Vec::new();
            match io::stdin().lock().read_to_end(&mut buf) {
                Ok(_) => *stdin_bytes = Some(buf),
                Err(e) => {
                    failures.add(&input.shown, format!("无法读取标准输入：{}", zh_io_error(&e)));
                    continue;
                }
            }
        }
        jobs.push(Job {
            shown: input.shown,
            path,
            source: input.source,
            config,
        });
    }
    jobs
}

/// Read, decode and check one report; `Err` is the message for stderr.
fn check_one(
    job: Job,
    stdin: Option<&[u8]>,
) -> Result<Checked, String> {
    let fail = |m: String| format!("{}：{m}", job.shown.display());
    let bytes = match &job.source {
        Source::Stdin => stdin.unwrap_or_default().to_vec(),
        Source::File(p) => std::fs::read(p).map_err(|e| fail(format!("无法读取：{}", zh_io_error(&e))))?,
    };
    let file = match &job.source {
        Source::File(_) => Some(job.shown.to_string_lossy().into_owned()),
        Source::Stdin => None,
    };
    let text = decode(bytes, file.as_deref()).map_err(fail)?;
    // A bug in a rule must not take the other files down with it.
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_text(&text, job.path.as_deref(), &job.config, &DiskLoader)
    }));
    match checked {
        Ok((doc, diags)) => Ok((job.shown, Arc::new(doc), diags)),
        Err(_) => Err(fail(
            "内部错误：检查此文件时程序出错（这是 nianbao 的缺陷，请报告）".into(),
        )),
    }
}

/// Bytes → report text ([`files::decode`]), dropping a leading BOM so
/// columns are those an editor shows.
pub(crate) fn decode(bytes: Vec<u8>, file: Option<&str>) -> Result<String, String> {
    let mut text = files::decode(bytes, file)?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_refuses_binary_and_bad_utf8_and_drops_bom() {
        assert!(decode(b"a\0b".to_vec(), None).unwrap_err().contains("二进制"));
        assert!(decode(b"ok\n\xff\n".to_vec(), None)
            .unwrap_err()
            .contains("第 2 行"));
        assert_eq!(decode("\u{feff}# 题".as_bytes().to_vec(), None).unwrap(), "# 题");
    }
}
