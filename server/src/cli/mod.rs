//! The `nianbao` command line.

use clap::{Parser, Subcommand};

pub mod check;
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
        Command::Explain(args) => explain::run(args),
    }
}
