//! The `nianbao` command line. Each subcommand is one file `cli/<name>.rs`
//! with an `Args` struct (clap) and `run(args) -> i32`; adding one is a line
//! in `commands!` below (plus its doc line, which is its `--help` summary).

use clap::{Parser, Subcommand};

pub use crate::files;
pub mod progress;

macro_rules! commands {
    ($($(#[$doc:meta])* $module:ident => $variant:ident),* $(,)?) => {
        $(pub mod $module;)*

        #[derive(Subcommand)]
        enum Command {
            $($(#[$doc])* $variant($module::Args),)*
        }

        fn dispatch(command: Command) -> i32 {
            match command {
                $(Command::$variant(args) => $module::run(args),)*
            }
        }
    };
}

commands! {
    /// 检查报告（文件、文件夹，或 - 表示标准输入）
    check => Check,
    /// 格式化报告：对齐表格、整理空白（文件、文件夹，或 - 表示标准输入）
    fmt => Fmt,
    /// 按年报格式生成一份完整的空白报告
    new => New,
    /// 导入已发布的年报（网页、从网页复制的文本），转成 .nianbao 文件
    import => Import,
    /// 解释一条规则：检查什么、为什么、依据、示例与改法
    explain => Explain,
    /// 启动语言服务器（LSP，经标准输入输出通信），供编辑器使用
    lsp => Lsp,
    /// 把报告生成为按官方表格版式排版的独立网页（HTML）或 Word 文档（.docx），可标注检查结果
    render => Render,
    /// 审阅一批报告（文件夹中的 .nianbao、网页、Word、PDF）：生成可离线打开的审阅网页与关键数字
    review => Review,
}

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

/// Exit status: 0 no errors, 1 problems found, 2 the tool could not run.
pub const EXIT_OK: i32 = 0;
pub const EXIT_PROBLEMS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// Run the CLI; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // `--help` and `--version` go to stdout and succeed.
            let code = if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return code;
        }
    };
    dispatch(cli.command)
}
