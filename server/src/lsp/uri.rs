//! `file:` URIs → paths, the one place the server turns a client's URI into
//! a file path (to find `nianbao.toml`, `上年报告` and `汇总` parts beside a
//! report). Windows clients send `file:///c%3A/Users/…` (VS Code: lower-case
//! drive, the colon percent-encoded) or `file:///C:/Users/…`, and
//! `file://server/share/…` for network folders; other schemes (`untitled:`,
//! `vscode-notebook-cell:`) have no path. The URI itself is never rewritten:
//! diagnostics go back to the URI exactly as the client sent it.

use super::types::Uri;
use std::path::PathBuf;

/// The path of a `file:` URI on this platform; `None` for other schemes and
/// for files on another host (outside Windows).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    path_of(uri.as_str(), cfg!(windows)).map(PathBuf::from)
}

/// The path of a `file:` URI as text, spelled for Windows (`windows`) or
/// for Unix: separate from the platform so both are tested everywhere.
pub(crate) fn path_of(uri: &str, windows: bool) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = match rest.strip_prefix("//") {
        Some(r) => match r.find('/') {
            Some(i) => (decode(&r[..i]), decode(&r[i..])),
            None => (decode(r), String::new()),
        },
        None => (String::new(), decode(rest)),
    };
    let local = host.is_empty() || host.eq_ignore_ascii_case("localhost");
    if !windows {
        return (local && path.starts_with('/')).then_some(path);
    }
    if !local {
        // A network folder: \\server\share\…
        return Some(format!("\\\\{host}{}", path.replace('/', "\\")));
    }
    // `/c:/…` (or `c:/…` after `file:`): the drive, upper-cased so the two
    // spellings clients use name one file.
    let trimmed = path.strip_prefix('/').unwrap_or(&path);
    let b = trimmed.as_bytes();
    if b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && b.get(2).is_none_or(|&c| c == b'/')
    {
        let rest = trimmed[2..].replace('/', "\\");
        let rest = if rest.is_empty() {
            "\\".to_string()
        } else {
            rest
        };
        return Some(format!("{}:{rest}", b[0].to_ascii_uppercase() as char));
    }
    path.starts_with('/').then(|| path.replace('/', "\\"))
}

/// Percent-decoding; bytes that are not UTF-8 are replaced (such a path
/// names no file the server could read anyway).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_uris_as_vscode_and_others_send_them() {
        let w = |u: &str| path_of(u, true);
        assert_eq!(
            w("file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E5%B9%B4%E6%8A%A5/2022.nianbao").as_deref(),
            Some(r"C:\Users\张三\年报\2022.nianbao")
        );
        assert_eq!(
            w("file:///C:/Users/a/2022.nianbao").as_deref(),
            Some(r"C:\Users\a\2022.nianbao")
        );
        assert_eq!(
            w("FILE:///d:/x%20y.nianbao").as_deref(),
            Some(r"D:\x y.nianbao")
        );
        assert_eq!(
            w("file://localhost/C:/a.nianbao").as_deref(),
            Some(r"C:\a.nianbao")
        );
        assert_eq!(w("file:///c%3A").as_deref(), Some(r"C:\"));
        assert_eq!(
            w("file://server/share/%E6%8A%A5%E5%91%8A.nianbao").as_deref(),
            Some(r"\\server\share\报告.nianbao")
        );
        assert_eq!(w("untitled:Untitled-1"), None);
    }

    #[test]
    fn unix_uris() {
        let u = |s: &str| path_of(s, false);
        assert_eq!(
            u("file:///home/a/%E6%8A%A5%E5%91%8A%20b.nianbao?x#y").as_deref(),
            Some("/home/a/报告 b.nianbao")
        );
        // A Windows URI on Linux: a path that does not exist, not an error.
        assert_eq!(
            u("file:///c%3A/Users/a.nianbao").as_deref(),
            Some("/c:/Users/a.nianbao")
        );
        assert_eq!(u("file://server/share/a.nianbao"), None);
        assert_eq!(u("untitled:Untitled-1"), None);
        assert_eq!(u("vscode-notebook-cell:/a.nianbao#x"), None);
        // A broken escape is kept as written.
        assert_eq!(u("file:///a%2").as_deref(), Some("/a%2"));
        assert_eq!(u("file:///a%zz%").as_deref(), Some("/a%zz%"));
    }
}
