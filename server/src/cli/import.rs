//! `nianbao import`: a published report (web page, copied text) to `.nianbao`.

use crate::import::{self, Format};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// 要导入的文件（Word 文档 .docx、PDF、网页 .html、从网页复制的文本等），- 表示标准输入
    pub input: PathBuf,
    /// 写入的文件（默认写到标准输出）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 输入格式（默认自动识别）
    #[arg(long, value_parser = ["html", "text", "pdf", "pdf-text", "runs", "docx"])]
    pub from: Option<String>,
    /// 有未能放入报告的内容时视为失败（退出码 1，不写出结果）
    #[arg(long)]
    pub strict: bool,
    /// 覆盖已存在的输出文件
    #[arg(long)]
    pub force: bool,
    /// 输入的字符编码（如 gbk、gb18030、big5、utf-16le）；默认按字节序标记、网页声明或自动检测
    #[arg(long, value_name = "编码")]
    pub encoding: Option<String>,
    /// 导入审计的输出格式：human（默认，写到标准错误）或 json（写到标准输出，供流水线读取；报告须用 -o 写入文件）
    #[arg(long, value_name = "格式", value_parser = ["human", "json"], default_value = "human")]
    pub audit: String,
}

pub fn run(args: Args) -> i32 {
    let name = args.input.display().to_string();
    // Never more than the largest input any front-end accepts (plus one
    // byte, to tell "too large"): a huge file is refused, not read whole.
    let limit = import::MAX_ANY_INPUT as u64 + 1;
    let read = if args.input.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut b)
            .map(|_| b)
    } else {
        std::fs::File::open(&args.input).and_then(|f| {
            let mut b = Vec::new();
            f.take(limit).read_to_end(&mut b).map(|_| b)
        })
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：{name}：{}", crate::check::zh_io_error(&e));
            return super::EXIT_FAILURE;
        }
    };
    if bytes.len() as u64 >= limit {
        eprintln!(
            "错误：{name}：输入超过 {} MB，不像是一份年报（网页通常不到 1 MB，Word 与 PDF 通常不到 5 MB），未读取",
            import::MAX_ANY_INPUT / 1_048_576
        );
        return super::EXIT_FAILURE;
    }
    let options = import::Options {
        from: args.from.as_deref().and_then(Format::parse),
        encoding: args.encoding.clone(),
    };
    let json = args.audit == "json";
    let imported = match import::import_with(&bytes, &options) {
        Ok(i) => i,
        Err(e) => {
            if json {
                let v = serde_json::json!({ "file": name, "error": e.to_string() });
                println!("{v}");
            } else {
                eprintln!("错误：{name}：{e}");
            }
            return super::EXIT_FAILURE;
        }
    };
    let complete = imported.unplaced.is_empty() && imported.missing_tables.is_empty();
    let write = (complete || !args.strict) && (args.output.is_some() || !json);
    if json {
        println!("{}", audit_json(&name, &imported, args.output.as_deref(), write));
    } else {
        print_audit(&name, &imported, args.strict);
    }
    if args.strict && !complete {
        if !json {
            eprintln!("因使用了 --strict，未写出导入结果。");
        }
        return super::EXIT_PROBLEMS;
    }
    if write && !super::files::write_report(args.output.as_deref(), &imported.text, args.force) {
        return super::EXIT_FAILURE;
    }
    super::EXIT_OK
}

/// The audit for people, on standard error.
fn print_audit(name: &str, imported: &import::Imported, strict: bool) {
    let mut err = std::io::stderr().lock();
    let level = if strict { "错误" } else { "警告" };
    for n in &imported.notes {
        let _ = writeln!(err, "说明：{n}");
    }
    if !imported.missing_tables.is_empty() {
        let names: Vec<&str> = imported
            .missing_tables
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        let _ = writeln!(
            err,
            "{level}：未能从输入中恢复以下法定表格：{}",
            names.join("；")
        );
    }
    if !imported.unplaced.is_empty() {
        let _ = writeln!(
            err,
            "{level}：以下 {} 处内容含数字但未能放入报告的表格：",
            imported.unplaced.len()
        );
        for u in &imported.unplaced {
            let _ = writeln!(err, "  {u}");
        }
    }
    let _ = writeln!(
        err,
        "已按 {}{}读取 {name}，表格按 {} 版格式导入；请用 nianbao check 检查结果。",
        imported.format.name(),
        imported
            .encoding
            .map_or(" ".to_string(), |e| format!("（{e} 编码）")),
        imported.edition.as_str()
    );
}

/// The audit for pipelines: one JSON object.
fn audit_json(
    name: &str,
    imported: &import::Imported,
    output: Option<&std::path::Path>,
    written: bool,
) -> serde_json::Value {
    let unplaced: Vec<serde_json::Value> = imported
        .unplaced
        .iter()
        .map(|u| {
            serde_json::json!({
                "text": u.text,
                "line": u.loc.line,
                "place": u.loc.place,
                "where": u.loc.to_string(),
                "reason": u.reason,
            })
        })
        .collect();
    serde_json::json!({
        "file": name,
        "format": imported.format.name(),
        "encoding": imported.encoding,
        "edition": imported.edition.as_str(),
        "complete": imported.unplaced.is_empty() && imported.missing_tables.is_empty(),
        "missing_tables": imported.missing_tables,
        "unplaced": unplaced,
        "notes": imported.notes,
        "output": output.filter(|_| written).map(|p| p.display().to_string()),
    })
}
