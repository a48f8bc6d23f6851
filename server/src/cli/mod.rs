//! The `nianbao` command line.

use clap::{Parser, Subcommand};

pub mod check;
pub mod fmt;
pub mod new;
pub mod explain;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "政府信息公开工作年度报告的检查、格式化与语言服务工具"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查报告（文件、文件夹或 - 表示标准输入）
    Check(check::Args),
    /// 格式化报告：对齐表格、整理空白（文件、文件夹或 - 表示标准输入）
    Fmt(fmt::Args),
    /// 按年报格式生成一份完整的空白报告
    New(new::Args),
    /// 解释一条规则：检查什么、为什么、依据、示例与改法
    Explain(explain::Args),
}

/// Run the CLI; returns the process exit code (0 ok, 1 problems, 2 could not run).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::New(args) => new::run(args),
        Command::Explain(args) => explain::run(args),
    }
}
