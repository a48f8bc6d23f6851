//! `nianbao render`: write the report as a standalone HTML page in the
//! official layout ([`crate::render`]); `--annotate` marks what `check`
//! finds, with the same configuration and `上年报告`.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::check::zh_io_error;
use crate::config::Config;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
网页自带样式，不引用任何外部资源，可直接发布或打印（A4，表头在每页重复）。
表格按官方格式排版：表三的合并表头与分组行、表四的一行十五栏、表二的各分表合为一张表；
不能按官方格式排版的表格（没有对应模板、表头与模板不一致）按原样输出。

--annotate 按 nianbao check 的结果（同样读取 nianbao.toml 与“上年报告”）标出有问题的单元格，
鼠标悬停显示说明和应填数值，并在页首列出全部问题及其位置链接。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// 报告文件；`-` 表示从标准输入读取
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 输出 HTML 网页（默认，也是目前唯一的输出格式）
    #[arg(long)]
    pub html: bool,
    /// 写入的文件（默认写到标准输出；已存在时覆盖）
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// 标注检查结果：标出有问题的单元格，悬停显示说明与应填数值，页首列出全部问题
    #[arg(long)]
    pub annotate: bool,
}

pub fn run(args: Args) -> i32 {
    let stdin = args.file.as_os_str() == "-";
    let bytes = if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("无法读取标准输入：{}", zh_io_error(&e)))
    } else if args.file.is_dir() {
        Err(format!("{}：是一个文件夹，不是报告文件", args.file.display()))
    } else {
        std::fs::read(&args.file)
            .map_err(|e| format!("{}：无法读取：{}", args.file.display(), zh_io_error(&e)))
    };
    let text = bytes.and_then(|b| {
        super::check::decode(b).map_err(|m| format!("{}：{m}", args.file.display()))
    });
    let text = match text {
        Ok(t) => t,
        Err(m) => {
            eprintln!("错误：{m}");
            return EXIT_FAILURE;
        }
    };
    let path = (!stdin).then_some(args.file.as_path());
    let config = if args.annotate {
        let dir = match path.and_then(Path::parent) {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match Config::discover(&dir) {
            Ok(c) => c.unwrap_or_default(),
            Err(e) => {
                eprintln!("错误：配置文件无效：{e:#}");
                return EXIT_FAILURE;
            }
        }
    } else {
        Config::default()
    };
    let html = crate::render::render_text(&text, path, args.annotate, &config);
    match args.output.filter(|p| p.as_os_str() != "-") {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(html.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    eprintln!("错误：无法写出结果：{e}");
                    return EXIT_FAILURE;
                }
            }
        }
        Some(out) => {
            if let Err(e) = std::fs::write(&out, html.as_bytes()) {
                eprintln!("错误：{}：{}", out.display(), zh_io_error(&e));
                return EXIT_FAILURE;
            }
            eprintln!("已写入 {}", out.display());
        }
    }
    EXIT_OK
}
