//! `nianbao new`: write a complete, empty report to fill in.

use crate::skeleton::{self, Spec};
use crate::template::Edition;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// 报告年度，如 2022（2019 年起）
    #[arg(long)]
    pub year: i32,
    /// 机关名称，如 某某区人民政府
    #[arg(long)]
    pub agency: String,
    /// 年报格式版本（默认按年度：2019、2020 年度用 2019 版，其后用 2021 版）
    #[arg(long, value_parser = ["2019", "2021"])]
    pub edition: Option<String>,
    /// 写入的文件（默认写到标准输出）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 覆盖已存在的文件
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> i32 {
    let spec = Spec {
        agency: args.agency,
        year: args.year,
        edition: args.edition.as_deref().and_then(Edition::parse),
    };
    if let (Some(e), Some(expected)) = (spec.edition, Edition::for_year(spec.year)) {
        if e != expected {
            // Allowed (a province may still prescribe the older tables), but
            // `check` will say NB103 on it: tell the user now.
            eprintln!(
                "注意：{}年度报告应使用{}版格式，按 --edition {} 生成的报告在检查时会报 NB103。",
                spec.year,
                expected.as_str(),
                e.as_str()
            );
        }
    }
    let text = match skeleton::generate(&spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    if !super::files::write_report(args.output.as_deref(), &text, args.force) {
        return 2;
    }
    0
}
