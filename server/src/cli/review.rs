//! `nianbao review`: a folder of published reports (any form `import`
//! reads) to a static site for reviewers, and the figures they compare.
//! The work is the library's [`crate::review`]; here: arguments, where
//! things are written, the exit status (the bar is `cli/progress.rs`).

use super::{EXIT_FAILURE, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostic::Severity;
use super::progress::Bar;
use crate::review::{self, figures, site};
use std::io::Write;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
读取文件夹中各种形式的报告：.nianbao、网页（.html）、Word（.docx）、PDF、从网页复制的文本（.txt），
需要时在内存中导入（不在原文件旁写入任何文件），逐份检查。
同一机关相邻年度的报告按机关名称与年度自动配对，当作“上年报告”比对（NB305、NB306），
名称不完全一致的不配对，列在首页；.nianbao 文件写明了“上年报告”的，以它为准。
同一份报告的几种形式（如 PDF 与其转写，各表数字一致）视为一份报告。

-o 文件夹：写出可离线打开的网页（index.html 与每份报告一页），以及 figures.csv、figures.json；
文件夹须是新的、空的，或以前的审阅结果。审阅结果的网页不会被当作报告读取。
--figures csv|json：把各报告的关键数字与指标写到标准输出（CSV 为带 BOM 的 UTF-8，Excel 可直接打开）。

退出码：0 没有错误；1 发现错误（--deny warnings 时警告也算），或同一机关同一年度有数字不同的多份报告；
2 有文件无法审阅（无法读取、不是年报、无法导入），或 -o 的文件夹不能使用、无法写出结果，其他文件照常审阅。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// 要审阅的文件或文件夹（默认为当前文件夹）
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 写出网页的文件夹（不存在时创建；须是新的、空的，或以前的审阅结果）
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// 把各报告的关键数字与指标写到标准输出
    #[arg(long, value_name = "FORMAT", value_parser = ["csv", "json"])]
    pub figures: Option<String>,

    /// 把警告也视为失败（退出码 1）
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<super::check::Deny>,

    /// 不显示进度与汇总
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> i32 {
    if args.output.is_none() && args.figures.is_none() {
        eprintln!("错误：请用 -o 文件夹 指定写出网页的位置，或用 --figures csv|json 输出数字");
        return EXIT_FAILURE;
    }
    if let Some(dir) = &args.output {
        if let Err(e) = check_output(dir) {
            eprintln!("错误：{}：{e}", dir.display());
            return EXIT_FAILURE;
        }
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (inputs, mut failed) = review::collect(&paths);
    let bar = Bar::new(args.quiet);
    let mut review = review::review(&inputs, &bar);
    bar.finish();
    failed.append(&mut review.failed);
    review.failed = failed;

    let mut code = EXIT_OK;
    if let Some(dir) = &args.output {
        if let Err(e) = site::write(&review, dir) {
            eprintln!("错误：无法写出网页到 {}：{}", dir.display(), crate::check::zh_io_error(&e));
            code = EXIT_FAILURE;
        }
    }
    if let Some(format) = &args.figures {
        let text = if format == "csv" {
            figures::csv(&review)
        } else {
            serde_json::to_string_pretty(&figures::json(&review)).expect("JSON values serialize") + "\n"
        };
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                eprintln!("错误：无法写出数字：{e}");
                code = EXIT_FAILURE;
            }
        }
    }

    for f in &review.failed {
        eprintln!("错误：{}：{}", f.path.display(), f.reason);
    }
    let count = |s: Severity| review.reports.iter().map(|r| r.count(s)).sum::<usize>();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !args.quiet {
        if review.reports.is_empty() && review.failed.is_empty() {
            eprintln!("警告：没有找到报告（.nianbao、.html、.docx、.pdf、.txt）");
        }
        for d in &review.duplicates {
            let files: Vec<String> = d
                .reports
                .iter()
                .map(|&i| review.reports[i].path.display().to_string())
                .collect();
            eprintln!(
                "警告：{} {} 年有 {} 份报告（{}），均未与其他年度配对",
                d.agency,
                d.year,
                files.len(),
                files.join("、")
            );
        }
        let mut line = format!(
            "已审阅 {} 份报告：错误 {errors}，警告 {warnings}",
            review.reports.len()
        );
        if !review.failed.is_empty() {
            line.push_str(&format!("；{} 个文件无法审阅", review.failed.len()));
        }
        if let Some(dir) = args.output.as_ref().filter(|_| code == EXIT_OK) {
            line.push_str(&format!("；请打开 {}", dir.join("index.html").display()));
        }
        eprintln!("{line}");
    }
    if code != EXIT_OK || !review.failed.is_empty() {
        EXIT_FAILURE
    } else if errors > 0
        || !review.duplicates.is_empty()
        || (args.deny.is_some() && warnings > 0)
    {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// The output folder may be new, empty, or an earlier review (its
/// `index.html` is a review's page); nothing else is written into.
fn check_output(dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err("已存在且不是文件夹".into());
    }
    let index = dir.join("index.html");
    if index.exists() {
        if !site::is_review_page(&index) {
            return Err("其中的 index.html 不是 nianbao review 生成的，未覆盖（请换一个文件夹）".into());
        }
    } else if dir.is_dir() {
        let ours = ["reports", "figures.csv", "figures.json"];
        let other = std::fs::read_dir(dir)
            .map_err(|e| crate::check::zh_io_error(&e))?
            .flatten()
            .any(|e| !ours.contains(&e.file_name().to_string_lossy().as_ref()));
        if other {
            return Err(
                "文件夹不是空的，也不是以前的审阅结果，未写入（请换一个新的或空的文件夹）".into(),
            );
        }
    }
    Ok(())
}
