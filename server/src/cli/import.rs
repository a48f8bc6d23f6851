//! `nianbao import`: a published report (web page, copied text) to `.nianbao`;
//! many of them (files, folders) into a folder with `--out-dir`.

use crate::import::{self, Format};
use crate::review::Progress;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
批量导入：给出多个文件或文件夹，并用 --out-dir 指定写入的文件夹；文件夹中的网页、Word、PDF、文本
逐个导入为同名的 .nianbao（保持子文件夹结构），每个文件的导入审计依次列出（--audit json 时每行一个
JSON 对象）。在终端上显示进度。

退出码：0 成功；1 使用 --strict 且有导入不完整的文件（这些文件不写出）；2 有文件无法读取、无法导入
或无法写出（其他文件照常导入）。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// 要导入的文件（Word 文档 .docx、PDF、网页 .html、从网页复制的文本等），- 表示标准输入；
    /// 多个文件或文件夹须与 --out-dir 一起使用
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 写入的文件（默认写到标准输出）
    #[arg(short, long, conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// 批量导入时写入的文件夹（不存在时创建）
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
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

fn options(args: &Args) -> import::Options {
    import::Options {
        from: args.from.as_deref().and_then(Format::parse),
        encoding: args.encoding.clone(),
    }
}

pub fn run(args: Args) -> i32 {
    let batch = args.out_dir.is_some()
        || args.inputs.len() > 1
        || args.inputs.iter().any(|p| p.is_dir());
    if batch {
        return run_batch(&args);
    }
    let input = &args.inputs[0];
    let name = input.display().to_string();
    let bytes = match super::files::read_input(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：{name}：{e}");
            return super::EXIT_FAILURE;
        }
    };
    let options = options(&args);
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

/// One input of a batch: where it is read and where its report goes.
struct Job {
    input: PathBuf,
    output: PathBuf,
}

/// What became of one input of a batch.
enum Outcome {
    Imported(Box<import::Imported>, bool),
    Failed(String),
}

/// `import A B DIR/ --out-dir OUT`: each input to `OUT/<name>.nianbao`, in
/// parallel, the audits said in input order afterwards.
fn run_batch(args: &Args) -> i32 {
    let Some(out_dir) = &args.out_dir else {
        eprintln!("错误：导入多个文件或文件夹时，请用 --out-dir 指定写入的文件夹");
        return super::EXIT_FAILURE;
    };
    if args.inputs.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("错误：批量导入时不能读取标准输入（-）");
        return super::EXIT_FAILURE;
    }
    let mut failed = false;
    let mut jobs: Vec<Job> = Vec::new();
    for p in &args.inputs {
        if p.is_dir() {
            // Reports in a published form; `.nianbao` files need no import.
            let wanted = |f: &Path| {
                crate::review::Form::of_path(f, false)
                    .is_some_and(|form| form != crate::review::Form::Nianbao)
            };
            let (found, errors) = super::files::files_under(p, super::files::FileLinks::Follow, &wanted);
            for (path, message) in errors {
                eprintln!("错误：{}：{message}", path.display());
                failed = true;
            }
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).with_extension("nianbao");
                jobs.push(Job {
                    output: out_dir.join(rel),
                    input: f,
                });
            }
        } else {
            let name = p.file_name().map_or_else(|| PathBuf::from("report"), PathBuf::from);
            jobs.push(Job {
                output: out_dir.join(name.with_extension("nianbao")),
                input: p.clone(),
            });
        }
    }
    // `a.pdf` and `a.docx` would both be `a.nianbao`: the second is refused.
    let mut seen = std::collections::HashMap::new();
    let clash: Vec<Option<PathBuf>> = jobs
        .iter()
        .map(|j| seen.insert(j.output.clone(), j.input.clone()))
        .collect();

    let json = args.audit == "json";
    let bar = super::progress::Bar::new(json || jobs.len() < 2);
    bar.start("导入", jobs.len());
    let options = options(args);
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .zip(clash.par_iter())
        .map(|(job, clash)| {
            let outcome = match clash {
                Some(first) => Outcome::Failed(format!(
                    "与 {} 写入同一个文件 {}，未导入（请分开导入）",
                    first.display(),
                    job.output.display()
                )),
                None => import_one(job, &options, args),
            };
            bar.done(&job.input);
            outcome
        })
        .collect();
    bar.finish();

    let mut incomplete = false;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let name = job.input.display().to_string();
        match outcome {
            Outcome::Failed(e) => {
                failed = true;
                if json {
                    println!("{}", serde_json::json!({ "file": name, "error": e }));
                } else {
                    eprintln!("错误：{name}：{e}");
                }
            }
            Outcome::Imported(imported, written) => {
                let complete = imported.unplaced.is_empty() && imported.missing_tables.is_empty();
                incomplete |= !complete;
                if json {
                    println!(
                        "{}",
                        audit_json(&name, imported, Some(&job.output), *written)
                    );
                } else {
                    print_audit(&name, imported, args.strict);
                    if *written {
                        eprintln!("已写入 {}", job.output.display());
                    } else {
                        eprintln!("因使用了 --strict，未写出 {}。", job.output.display());
                    }
                }
            }
        }
    }
    if !json {
        let ok = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Imported(_, true)))
            .count();
        eprintln!("共 {} 个文件，已导入并写出 {ok} 个。", jobs.len());
    }
    if failed {
        super::EXIT_FAILURE
    } else if args.strict && incomplete {
        super::EXIT_PROBLEMS
    } else {
        super::EXIT_OK
    }
}

/// Read, import and write one input of a batch.
fn import_one(job: &Job, options: &import::Options, args: &Args) -> Outcome {
    let bytes = match super::files::read_input(&job.input) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(e),
    };
    let imported = match std::panic::catch_unwind(|| import::import_with(&bytes, options)) {
        Ok(Ok(i)) => i,
        Ok(Err(e)) => return Outcome::Failed(e.to_string()),
        Err(_) => {
            return Outcome::Failed(
                "内部错误：导入此文件时程序出错（这是 nianbao 的缺陷，请报告）".into(),
            )
        }
    };
    let complete = imported.unplaced.is_empty() && imported.missing_tables.is_empty();
    if args.strict && !complete {
        return Outcome::Imported(Box::new(imported), false);
    }
    if let Some(dir) = job.output.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Outcome::Failed(format!(
                "无法创建文件夹 {}：{}",
                dir.display(),
                crate::check::zh_io_error(&e)
            ));
        }
    }
    match super::files::create_file(&job.output, &imported.text, args.force) {
        Ok(()) => Outcome::Imported(Box::new(imported), true),
        Err(e) => Outcome::Failed(format!(
            "无法写入 {}：{}",
            job.output.display(),
            super::files::create_error(&e)
        )),
    }
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
        "已按{}读取 {name}，表格按 {} 版格式导入；请用 nianbao check 检查结果。",
        imported
            .format
            .said_zh(imported.encoding.map(|e| format!("{e} 编码")).as_deref()),
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
