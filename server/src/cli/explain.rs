//! `nianbao explain`: the documentation of a diagnostic code.

use crate::knowledge;

/// 显示规则代码的说明（--list 列出全部，--markdown 输出 docs/rules.md）
#[derive(clap::Args)]
pub struct Args {
    /// 规则代码，如 NB302（不区分大小写）
    #[arg(conflicts_with_all = ["list", "markdown"])]
    pub code: Option<String>,
    /// 列出全部规则代码
    #[arg(long, conflicts_with = "markdown")]
    pub list: bool,
    /// 输出完整的 docs/rules.md
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(args: Args) -> i32 {
    if args.markdown {
        print!("{}", knowledge::rules_markdown());
        return 0;
    }
    let Some(code) = args.code.filter(|_| !args.list) else {
        print!("{}", knowledge::rules_list());
        return 0;
    };
    match knowledge::rule_doc(&code) {
        Some(doc) => {
            print!("{}", doc.to_terminal());
            0
        }
        None => {
            eprintln!("{}", unknown_code_message(&code));
            2
        }
    }
}

fn unknown_code_message(code: &str) -> String {
    let close = knowledge::closest_codes(code);
    let mut msg = format!("没有规则代码“{}”。", code.trim());
    if !close.is_empty() {
        msg.push_str(&format!("最接近的代码：{}。", close.join("、")));
    }
    msg.push_str("用 `nianbao explain --list` 查看全部代码。");
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_code_lists_the_closest_codes() {
        let m = unknown_code_message("nb309");
        assert!(m.contains("NB301") && m.contains("NB306"), "{m}");
        assert!(!m.contains("NB401"), "{m}");
        let m = unknown_code_message("hello");
        assert!(!m.contains("最接近"), "{m}");
        assert!(m.contains("--list"), "{m}");
    }

    #[test]
    fn exit_codes() {
        let args = |code: &str| Args {
            code: Some(code.into()),
            list: false,
            markdown: false,
        };
        assert_eq!(run(args("nb302")), 0);
        assert_eq!(run(args("NB999")), 2);
    }
}
