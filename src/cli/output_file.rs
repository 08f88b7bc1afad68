//! `-o/--output FILE`: results go to a file, written atomically — a temporary file in the
//! same folder, renamed over the target only once complete — so a failed run never leaves a
//! half-written review page or JSON file behind.

use std::io::Write;
use std::path::Path;

/// Checked before any report is read, so a wrong `-o` fails at once rather than after a long
/// run: the folder must exist, and the file must not be one of the reports being checked (a
/// report is never written except by `--fix`).
pub fn preflight(path: &Path, inputs: &[jxlint::load::WalkEntry]) -> Result<(), String> {
    let fail = |why: &str| format!("无法写入输出文件 {}：{why}", path.display());
    if path.is_dir() {
        return Err(fail("这是一个文件夹"));
    }
    if !parent(path).is_dir() {
        return Err(fail("所在的文件夹不存在"));
    }
    if let Ok(target) = path.canonicalize() {
        if inputs.iter().any(|e| e.path().canonicalize().is_ok_and(|p| p == target)) {
            return Err(fail("它是正在检查的报告之一，不能被覆盖"));
        }
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `text` to `path` atomically; the error message is Chinese and names the file.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("无法写入输出文件 {}：{e}", path.display());
    if path.is_dir() {
        return Err(fail(&"这是一个文件夹"));
    }
    let dir = parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jxlint-").suffix(".tmp");
    // A temporary file is private (0600) by default; the result is an ordinary file that the
    // umask governs, like one written by `>`.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(&e))?;
    tmp.write_all(text.as_bytes()).and_then(|()| tmp.as_file().sync_all()).map_err(|e| fail(&e))?;
    // On failure the temporary file is removed when `tmp` (or the error holding it) drops.
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// The format implied by the output file's extension, when `--format` is not given.
pub fn format_for(path: &Path) -> Option<super::args::Format> {
    use super::args::Format;
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some(Format::Html),
        "json" => Some(Format::Json),
        _ => None,
    }
}
