//! `nianbao new`: write a complete, empty report to fill in.

use crate::skeleton::{self, Spec};
use crate::template::Edition;
use clap::builder::PossibleValuesParser;
use std::path::PathBuf;

/// `报告年度，如 2022（2019 年起）`
fn year_help() -> String {
    let first = Edition::all().next().map_or(0, |e| e.template().first_year);
    format!("报告年度，如 2022（{first} 年起）")
}

/// `年报格式版本（默认按年度：2019、2020 年度用 2019 版，其后用 2021 版）`
fn edition_help() -> String {
    let eds: Vec<Edition> = Edition::all().collect();
    let parts: Vec<String> = eds
        .iter()
        .enumerate()
        .map(|(i, e)| match eds.get(i + 1) {
            Some(next) => {
                let (from, to) = (e.template().first_year, next.template().first_year - 1);
                let years = if to - from < 3 {
                    (from..=to).map(|y| y.to_string()).collect::<Vec<_>>().join("、")
                } else {
                    format!("{from}—{to}")
                };
                format!("{years} 年度用 {} 版", e.as_str())
            }
            None if i == 0 => format!("均用 {} 版", e.as_str()),
            None => format!("其后用 {} 版", e.as_str()),
        })
        .collect();
    format!("年报格式版本（默认按年度：{}）", parts.join("，"))
}

#[derive(clap::Args)]
pub struct Args {
    // 报告年度，如 2022（2019 年起）: the first year from the templates.
    #[arg(long, help = year_help())]
    pub year: i32,
    /// 机关名称，如 某某区人民政府
    #[arg(long)]
    pub agency: String,
    // The editions and their years come from the templates.
    #[arg(long, help = edition_help(), value_parser = PossibleValuesParser::new(Edition::all().map(Edition::as_str)))]
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
