//! `nianbao.toml`: per-project rule severities and excluded paths, shared by
//! the CLI and the language server. Found in the report's folder or above.
//!
//! ```toml
//! exclude = ["drafts/**", "archive/2019-*.nianbao"]
//!
//! [rules]
//! NB402 = "off"       # or "error", "warning", "info"
//! NB114 = "error"
//! ```

use crate::diagnostic::Severity;
use anyhow::{bail, Context as _, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "nianbao.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The folder holding the file (exclude patterns are relative to it).
    #[serde(skip)]
    pub root: Option<PathBuf>,
    #[serde(skip)]
    excludes: Option<globset::GlobSet>,
}

impl Config {
    /// Parse a config file's text; `root` is its folder.
    pub fn parse(text: &str, root: Option<PathBuf>) -> Result<Config> {
        let mut cfg: Config = toml::from_str(text).context("nianbao.toml 格式错误")?;
        for code in cfg.rules.keys() {
            if crate::rules::by_code(code).is_none() {
                bail!("nianbao.toml: 未知的规则代码 {code}（运行 `nianbao explain --list` 查看全部规则）");
            }
        }
        let mut b = globset::GlobSetBuilder::new();
        for pat in &cfg.exclude {
            b.add(
                globset::Glob::new(pat)
                    .with_context(|| format!("nianbao.toml: 无效的排除模式 {pat}"))?,
            );
        }
        cfg.excludes = Some(b.build()?);
        cfg.root = root;
        Ok(cfg)
    }

    /// Find `nianbao.toml` in `start` or its ancestors and load it.
    pub fn discover(start: &Path) -> Result<Option<Config>> {
        let start = if start.is_file() {
            start.parent().unwrap_or(start)
        } else {
            start
        };
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                let text = std::fs::read_to_string(&candidate)
                    .with_context(|| format!("无法读取 {}", candidate.display()))?;
                return Config::parse(&text, Some(dir.to_path_buf()))
                    .with_context(|| candidate.display().to_string())
                    .map(Some);
            }
        }
        Ok(None)
    }

    /// The severity a rule has under this config (None: turned off).
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(code) {
            None => Some(default),
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Error) => Some(Severity::Error),
            Some(RuleSetting::Warning) => Some(Severity::Warning),
            Some(RuleSetting::Info) => Some(Severity::Info),
        }
    }

    /// Whether a path is excluded (patterns are relative to the config's folder).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some(set) = &self.excludes else {
            return false;
        };
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = match &self.root {
            Some(root) => abs.strip_prefix(root).unwrap_or(&abs),
            None => &abs,
        };
        set.is_match(rel) || set.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_and_excludes() {
        let cfg = Config::parse(
            "exclude = [\"drafts/**\"]\n[rules]\nNB402 = \"off\"\nNB114 = \"error\"\n",
            Some("/r".into()),
        )
        .unwrap();
        assert_eq!(cfg.severity("NB402", Severity::Info), None);
        assert_eq!(
            cfg.severity("NB114", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            cfg.severity("NB302", Severity::Error),
            Some(Severity::Error)
        );
        assert!(cfg.is_excluded(Path::new("/r/drafts/a.nianbao")));
        assert!(!cfg.is_excluded(Path::new("/r/a.nianbao")));
    }

    #[test]
    fn unknown_codes_and_keys_are_errors() {
        assert!(Config::parse("[rules]\nNB999 = \"off\"\n", None).is_err());
        assert!(Config::parse("[rules]\nNB302 = \"loud\"\n", None).is_err());
        assert!(Config::parse("colour = 1\n", None).is_err());
    }
}
