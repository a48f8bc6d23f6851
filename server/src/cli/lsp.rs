//! `nianbao lsp`: run the language server on stdin/stdout.

use clap::Args as ClapArgs;

#[derive(ClapArgs)]
pub struct Args {
    /// 兼容编辑器的启动参数（语言服务器总是使用标准输入输出）
    #[arg(long, hide = true)]
    stdio: bool,
}

pub fn run(_args: Args) -> i32 {
    match crate::lsp::run() {
        Ok(()) => super::EXIT_OK,
        Err(e) => {
            eprintln!("nianbao lsp: {e:#}");
            super::EXIT_FAILURE
        }
    }
}
