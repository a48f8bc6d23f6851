//! `nianbao render`: write the report in the official layout
//! ([`crate::render`]) as a standalone HTML page or a Word document;
//! `--annotate` marks what `check` finds, with the same configuration and
//! `上年报告`.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::check::zh_io_error;
use crate::config::Config;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
表格按官方格式排版：表三的合并表头与分组行、表四的三级表头与一行十五栏、表二的各分表合为一张表；
不能按官方格式排版的表格（没有对应模板、表头与模板不一致）按原样输出。

--format html（默认）：网页自带样式，不引用任何外部资源，可直接发布或打印（A4，表头在每页重复）。
--format docx：Word 文档（Word、WPS 可打开修改后发布）：A4 页面、公文页边距，标题居中（方正小标宋简体），
  章节为“标题 1/标题 2”样式（导航窗格可见），正文仿宋、首行缩进两字，表格为真正的 Word 表格
  （合并单元格、边框、跨页重复表头）。同样的输入总是得到完全相同的文件。
  未指定 --format 时，-o 的文件名以 .docx 结尾即输出 Word 文档。
  Word 文档不能输出到终端：请用 -o 指定文件，或重定向到文件（> 报告.docx）。

--annotate 按 nianbao check 的结果（同样读取 nianbao.toml 与“上年报告”）标出问题：
  网页中标出有问题的单元格，鼠标悬停显示说明和应填数值，页首列出全部问题及其位置链接；
  Word 文档中每个问题是一条批注，标在相应的单元格、行、标题或段落上，文首批注汇总问题数。

示例：
  nianbao render 报告.nianbao -o 报告.html
  nianbao render --format docx 报告.nianbao -o 报告.docx
  nianbao render --annotate 报告.nianbao -o 审阅.docx";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 独立网页（HTML）
    Html,
    /// Word 文档（.docx）
    Docx,
}

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// 报告文件；`-` 表示从标准输入读取
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 输出格式：html 网页（默认）或 docx Word 文档
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "html")]
    pub format: Option<Format>,
    /// 输出 HTML 网页（同 --format html）
    #[arg(long)]
    pub html: bool,
    /// 写入的文件（默认写到标准输出；已存在时覆盖）
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// 标注检查结果：网页中标出有问题的单元格并在页首列出全部问题；Word 文档中为批注
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
        let file = (!stdin).then(|| args.file.to_string_lossy().into_owned());
        super::check::decode(b, file.as_deref()).map_err(|m| format!("{}：{m}", args.file.display()))
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
    let output = args.output.filter(|p| p.as_os_str() != "-");
    let format = match (args.format, args.html) {
        (Some(f), _) => f,
        (None, true) => Format::Html,
        // `-o 报告.docx` says what it wants.
        (None, false) => match output.as_ref().and_then(|p| p.extension()) {
            Some(e) if e.eq_ignore_ascii_case("docx") => Format::Docx,
            _ => Format::Html,
        },
    };
    if format == Format::Docx && output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "错误：Word 文档是二进制文件，不能输出到终端。请用 -o 指定文件（例如 -o 报告.docx），\
             或把输出重定向到文件（> 报告.docx）。"
        );
        return EXIT_FAILURE;
    }
    let bytes = match format {
        Format::Html => {
            crate::render::render_text(&text, path, args.annotate, &config).into_bytes()
        }
        Format::Docx => crate::render::docx::render_text(&text, path, args.annotate, &config),
    };
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    eprintln!("错误：无法写出结果：{e}");
                    return EXIT_FAILURE;
                }
            }
        }
        Some(out) => {
            if let Err(e) = std::fs::write(&out, &bytes) {
                eprintln!("错误：{}：{}", out.display(), zh_io_error(&e));
                return EXIT_FAILURE;
            }
            eprintln!("已写入 {}", out.display());
        }
    }
    EXIT_OK
}
