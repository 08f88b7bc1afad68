//! Finding and reading `jxlint.toml`. Besides `load`, the only library code that reads
//! files: the configuration decides how reports are checked, so it is read before them.

use super::{Config, FILE_NAME};
use crate::rules::ConfigError;
use std::path::{Path, PathBuf};

/// `path` made absolute with `.` and `..` resolved lexically (symlinks are not followed,
/// so a path keeps the folder names the user sees, which is what globs are written against).
pub fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    // Called for every checked file: the working directory is read once, not per file
    // (jxlint never changes it).
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let abs = if path.is_absolute() || path.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        match CWD.get_or_init(|| std::env::current_dir().ok()) {
            Some(cwd) => cwd.join(path),
            None => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The nearest `jxlint.toml` in `start` (a folder, or a file's folder) or its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    let abs = absolute(start);
    let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            // Shown in messages: relative to the current folder when it is inside it.
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| candidate.strip_prefix(&cwd).ok().map(Path::to_path_buf))
                .unwrap_or(candidate);
            return Some(shown);
        }
        dir = d.parent();
    }
    None
}

/// Reads and validates a configuration file; globs are relative to its folder.
pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Box::new(ConfigError::plain(&name, format!("无法读取配置文件 {name}：{e}"))))?;
    let abs = absolute(path);
    let root = abs.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Config::from_text(path, &text, &root)
}

/// The configuration for checking `start`: `explicit` (`--config`) if given, else the
/// nearest `jxlint.toml`, else the built-in rules.
pub fn for_path(explicit: Option<&Path>, start: &Path) -> Result<Config, Box<ConfigError>> {
    match explicit.map(Path::to_path_buf).or_else(|| find(start)) {
        Some(p) => load(&p),
        None => {
            let root = absolute(start);
            let root = if root.is_dir() { root } else { root.parent().map_or(root.clone(), Path::to_path_buf) };
            Ok(Config::builtin(&root))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::absolute;
    use std::path::Path;

    #[test]
    fn dots_are_resolved() {
        assert_eq!(absolute(Path::new("/a/b/../c/./d.txt")), Path::new("/a/c/d.txt"));
        assert!(absolute(Path::new(".")).is_absolute());
    }
}
