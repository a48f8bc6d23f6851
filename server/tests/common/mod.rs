//! Running the real `nianbao` binary from integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (fixtures and examples are relative to it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
            .as_array()
            .expect("a JSON array")
            .clone()
    }
}

/// Run `nianbao args...` in `cwd`, feeding `stdin`.
pub fn nianbao_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    nianbao_env(cwd, args, stdin, &[])
}

/// [`nianbao_in`] with environment variables set.
pub fn nianbao_env(cwd: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &Path)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(cwd)
        // Only the editions a test asks for, whatever the shell has set.
        .env_remove("NIANBAO_EDITIONS")
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nianbao");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(bytes).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Run `nianbao args...` at the repository root.
pub fn nianbao(args: &[&str]) -> Run {
    nianbao_in(&root(), args, None)
}

/// `(code, line, column)` of each element of JSON output.
pub fn triples(items: &[serde_json::Value]) -> Vec<(String, u64, u64)> {
    items
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub const EXAMPLE: &str = "examples/gongnong-2021.nianbao";
pub const VALID: &str = "tests/fixtures/valid-2021.nianbao";

pub fn example_text() -> String {
    std::fs::read_to_string(root().join(EXAMPLE)).unwrap()
}

pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

pub mod import;
pub mod lsp;

/// Run `nianbao args` on a terminal (a pseudo-terminal made by `script`
/// from util-linux), in `dir`: what the terminal showed.
pub fn on_terminal(dir: &Path, args: &str) -> String {
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_nianbao")),
            "/dev/null",
        ])
        .current_dir(dir)
        .output()
        .expect("`script` (util-linux) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
