//! `nianbao import`: a published report (web page, copied text) to `.nianbao`.

use crate::import::{self, Format};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// 要导入的文件（网页 .html、PDF、从网页复制的文本等），- 表示标准输入
    pub input: PathBuf,
    /// 写入的文件（默认写到标准输出）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 输入格式（默认自动识别）
    #[arg(long, value_parser = ["html", "text", "pdf", "pdf-text", "runs"])]
    pub from: Option<String>,
    /// 有未能放入报告的内容时视为失败（退出码 1，不写出结果）
    #[arg(long)]
    pub strict: bool,
    /// 覆盖已存在的输出文件
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> i32 {
    let name = args.input.display().to_string();
    let bytes = if args.input.as_os_str() == "-" {
        let mut b = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_to_end(&mut b) {
            eprintln!("错误：读取标准输入失败：{}", crate::check::zh_io_error(&e));
            return super::EXIT_FAILURE;
        }
        b
    } else {
        match std::fs::read(&args.input) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("错误：{name}：{}", crate::check::zh_io_error(&e));
                return super::EXIT_FAILURE;
            }
        }
    };
    let from = args.from.as_deref().and_then(Format::parse);
    let imported = match import::import(&bytes, from) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("错误：{name}：{e}");
            return super::EXIT_FAILURE;
        }
    };
    let mut err = std::io::stderr().lock();
    for n in &imported.notes {
        let _ = writeln!(err, "说明：{n}");
    }
    if !imported.unplaced.is_empty() {
        let _ = writeln!(
            err,
            "{}：以下 {} 处内容含数字但未能放入报告：",
            if args.strict { "错误" } else { "警告" },
            imported.unplaced.len()
        );
        for u in &imported.unplaced {
            let _ = writeln!(err, "  {u}");
        }
    }
    if args.strict && !imported.unplaced.is_empty() {
        let _ = writeln!(err, "因使用了 --strict，未写出导入结果。");
        return super::EXIT_PROBLEMS;
    }
    let _ = writeln!(
        err,
        "已按 {} 读取 {name}，表格按 {} 版格式导入；请用 nianbao check 检查结果。",
        imported.format.name(),
        imported.edition.as_str()
    );
    drop(err);
    if !super::files::write_report(args.output.as_deref(), &imported.text, args.force) {
        return super::EXIT_FAILURE;
    }
    super::EXIT_OK
}
