//! Finding and reading reports, shared by the commands (`check`, `fmt`,
//! `import`) and by `review`, so that all see the same reports in a folder
//! and refuse the same unreadable input.

use crate::check::zh_io_error;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Folders never searched: hidden ones, build output and dependencies.
pub fn skipped_dir(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != "." && name != "..")
        || name == "target"
        || name == "node_modules"
}

/// Whether a symlink to a file counts as a report. `check` only reads, so it
/// follows them; `fmt` writes, and must not rewrite a file elsewhere.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileLinks {
    Follow,
    Skip,
}

/// Every `*.nianbao` below `root`, sorted by path, and the folders that could
/// not be read (with a Chinese message). Symlinked folders are not entered.
pub fn reports_under(root: &Path, links: FileLinks) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    files_under(root, links, &|p| {
        p.extension() == Some(OsStr::new("nianbao"))
    })
}

/// Every file below `root` that `wanted` accepts, as [`reports_under`].
pub fn files_under(
    root: &Path,
    links: FileLinks,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let entries = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !(e.file_type().is_dir() && skipped_dir(e.file_name()))
        });
    for entry in entries {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_file()
                    || (links == FileLinks::Follow && e.path_is_symlink() && e.path().is_file());
                if is_file && wanted(e.path()) {
                    found.push(e.into_path());
                }
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let message = err.io_error().map_or_else(|| err.to_string(), zh_io_error);
                errors.push((path, format!("无法读取文件夹：{message}")));
            }
        }
    }
    (found, errors)
}

/// Bytes → report text, refusing binary files and anything not UTF-8, with
/// what the bytes are and the command that converts them (see
/// [`crate::encoding`]); `file` is the path as the user typed it (`None`:
/// standard input). A BOM is kept: callers decide.
pub fn decode(bytes: Vec<u8>, file: Option<&str>) -> Result<String, String> {
    crate::encoding::decode(bytes).map_err(|e| e.message(file))
}

/// `./a/b.nianbao` → `a/b.nianbao`, as the user would write it.
pub fn tidy(p: &Path) -> PathBuf {
    match p.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => p.to_path_buf(),
    }
}

/// Read an input (`-`: standard input), never more than the largest input
/// any front-end accepts (plus one byte, to tell "too large"): a huge file
/// is refused, not read whole. `Err` is the message.
pub fn read_input(input: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = crate::import::MAX_ANY_INPUT as u64 + 1;
    let read = if input.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut b)
            .map(|_| b)
    } else {
        std::fs::File::open(input).and_then(|f| {
            let mut b = Vec::new();
            f.take(limit).read_to_end(&mut b).map(|_| b)
        })
    };
    let bytes = read.map_err(|e| crate::check::zh_io_error(&e))?;
    if bytes.len() as u64 >= limit {
        return Err(format!(
            "输入超过 {} MB，不像是一份年报（网页通常不到 1 MB，Word 与 PDF 通常不到 5 MB），未读取",
            crate::import::MAX_ANY_INPUT / 1_048_576
        ));
    }
    Ok(bytes)
}

/// Create `path` with `text`: a new file, or any file with `force`, with no
/// window for a race.
pub fn create_file(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut open = std::fs::OpenOptions::new();
    open.write(true);
    if force {
        open.create(true).truncate(true);
    } else {
        open.create_new(true);
    }
    open.open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
}

/// Why [`create_file`] failed, in Chinese, with what to do.
pub fn create_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        "文件已存在（使用 --force 覆盖）".to_string()
    } else {
        zh_io_error(e)
    }
}

/// Write a generated report to `path` (standard output when None or `-`).
/// An existing file is refused unless `force`, with no window for a race;
/// errors are said on stderr in Chinese. Returns whether it was written.
pub fn write_report(path: Option<&Path>, text: &str, force: bool) -> bool {
    use std::io::Write;
    match path.filter(|p| p.as_os_str() != "-") {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
        }
        Some(path) => match create_file(path, text, force) {
            Ok(()) => {
                eprintln!("已写入 {}", path.display());
                true
            }
            Err(e) => {
                eprintln!("错误：{}：{}", path.display(), create_error(&e));
                false
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_hidden_folders_are_skipped() {
        for name in [".git", ".hidden", "target", "node_modules"] {
            assert!(skipped_dir(OsStr::new(name)), "{name}");
        }
        for name in [".", "reports", "2021"] {
            assert!(!skipped_dir(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn decode_refuses_binary_and_bad_utf8_and_keeps_bom() {
        assert!(decode(b"a\0b".to_vec(), Some("a"))
            .unwrap_err()
            .contains("二进制"));
        let gbk = b"# \xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa\n".to_vec();
        let message = decode(
            b"ok\n".iter().chain(&gbk).copied().collect(),
            Some("a.nianbao"),
        )
        .unwrap_err();
        assert!(message.contains("GBK"), "{message}");
        assert!(
            message.contains("nianbao fmt --to-utf8 a.nianbao"),
            "{message}"
        );
        assert!(decode(b"ok\n\xff\n".to_vec(), None)
            .unwrap_err()
            .contains("第 2 行"));
        assert_eq!(
            decode("\u{feff}# 题".as_bytes().to_vec(), None).unwrap(),
            "\u{feff}# 题"
        );
    }
}
