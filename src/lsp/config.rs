//! Where the server's rules come from. [`ConfigSource::load`] is the one function the server
//! calls, on start and whenever a configuration file changes; `jxlint.toml` discovery from
//! the workspace root plugs in here and nowhere else.

use crate::rules::{RuleSet, DEFAULT_RULES, DEFAULT_RULES_NAME};
use std::path::{Path, PathBuf};

/// The configuration file name the server watches in the workspace.
pub const CONFIG_FILE_NAME: &str = "jxlint.toml";

#[derive(Debug, Clone, Default)]
pub struct ConfigSource {
    /// `jxlint lsp --config FILE`: a rule file used instead of the built-in rules.
    pub explicit: Option<PathBuf>,
    /// The workspace root the client opened (where discovery of `jxlint.toml` starts).
    pub root: Option<PathBuf>,
}

impl ConfigSource {
    /// Loads the rule set: the `--config` rule file, or the built-in rules. Errors are one
    /// Chinese message for the user (shown by the client), the previous rules stay in force.
    pub fn load(&self) -> Result<RuleSet, String> {
        match &self.explicit {
            None => RuleSet::from_toml(DEFAULT_RULES_NAME, DEFAULT_RULES).map_err(|e| e.to_string()),
            Some(path) => {
                let name = path.display().to_string();
                let src = std::fs::read_to_string(path).map_err(|e| format!("无法读取规则文件 {name}：{e}"))?;
                RuleSet::from_toml(&name, &src).map_err(|e| format!("{name}：{e}"))
            }
        }
    }

    /// Whether a change to `path` may change the rules: any `jxlint.toml`, or the `--config` file.
    pub fn is_config_file(&self, path: &Path) -> bool {
        if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
            return true;
        }
        let Some(explicit) = &self.explicit else {
            return false;
        };
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        path == explicit || canonical(path) == canonical(explicit)
    }

    /// Glob patterns for the client's file watcher.
    pub fn watch_patterns(&self) -> Vec<String> {
        let mut patterns = vec![format!("**/{CONFIG_FILE_NAME}")];
        if let Some(explicit) = &self.explicit {
            let absolute = std::path::absolute(explicit).unwrap_or_else(|_| explicit.clone());
            patterns.push(absolute.display().to_string());
        }
        patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_without_config_and_clear_errors_with_a_bad_one() {
        assert!(ConfigSource::default().load().unwrap().get("typo").is_some());
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("rules.toml");
        std::fs::write(&bad, "[[rule]]\nid = \"Bad_Id\"\nkind = \"phrase\"\n").unwrap();
        let source = ConfigSource { explicit: Some(bad.clone()), root: None };
        let err = source.load().err().unwrap();
        assert!(err.starts_with(&format!("{}：规则文件有误", bad.display())), "{err}");
        let missing = ConfigSource { explicit: Some(dir.path().join("无.toml")), root: None };
        assert!(missing.load().err().unwrap().starts_with("无法读取规则文件"));
        assert!(source.is_config_file(&bad));
        assert!(source.is_config_file(Path::new("/any/where/jxlint.toml")));
        assert!(!source.is_config_file(&dir.path().join("报告.txt")));
    }
}
