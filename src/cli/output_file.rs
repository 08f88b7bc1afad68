//! `-o/--output FILE`: results go to a file, written atomically — streamed into a temporary
//! file in the same folder, renamed over the target only once complete — so a failed run
//! never leaves a half-written review page or JSON file behind.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Checked before any report is read, so a wrong `-o` fails at once rather than after a long
/// run: the folder must exist, and the file must not be one of the reports being checked (a
/// report is never written except by `--fix`) nor anything but a regular file.
pub fn preflight(path: &Path, inputs: &[jxlint::load::WalkEntry]) -> Result<(), String> {
    refusal(path, inputs).map_or(Ok(()), |why| Err(fail(path, &why)))
}

/// Why `path` must not be replaced by a file jxlint writes (`-o`, `--write-baseline`), or
/// `None`. A rename puts a regular file where the name was: over a symlink it would cut the
/// link, over a device (`/dev/null` as root) or a FIFO it would destroy it, and over a
/// report being checked it would lose the report.
pub fn refusal(path: &Path, inputs: &[jxlint::load::WalkEntry]) -> Option<&'static str> {
    if path.is_dir() {
        return Some("这是一个文件夹");
    }
    if !parent(path).is_dir() {
        return Some("所在的文件夹不存在");
    }
    if let Some(why) = not_replaceable(path) {
        return Some(why);
    }
    let target = path.canonicalize().ok()?;
    inputs
        .iter()
        .any(|e| e.path().canonicalize().is_ok_and(|p| p == target))
        .then_some("它是正在检查的报告之一，不能被覆盖")
}

/// Why the existing entry at `path` is not a regular file jxlint may replace, or `None`
/// (also when nothing is there yet).
fn not_replaceable(path: &Path) -> Option<&'static str> {
    let kind = std::fs::symlink_metadata(path).ok()?.file_type();
    if kind.is_symlink() {
        Some("这是一个符号链接；jxlint 不会用普通文件替换它，请直接写出链接指向的文件")
    } else if !kind.is_file() && !kind.is_dir() {
        Some("这不是普通文件（设备、命名管道或套接字），不能被覆盖")
    } else {
        None
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// An output file being written: a temporary file in the target's folder, renamed over the
/// target by [`AtomicFile::persist`] once complete. Until then the target is untouched; if
/// the run fails first, the temporary file is removed when this is dropped.
pub struct AtomicFile {
    path: PathBuf,
    tmp: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Creates the temporary file; the error message is Chinese and names the target.
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        if path.is_dir() {
            return Err(fail(path, &"这是一个文件夹"));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".jxlint-").suffix(".tmp");
        // A temporary file is private (0600) by default; the result is an ordinary file that
        // the umask governs, like one written by `>`.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(parent(path)).map_err(|e| fail(path, &e))?;
        Ok(AtomicFile { path: path.to_owned(), tmp: BufWriter::with_capacity(BUFFER, tmp) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn persist(self) -> Result<(), String> {
        let path = self.path;
        // On failure the temporary file is removed when it (or the error holding it) drops.
        let tmp = self.tmp.into_inner().map_err(|e| fail(&path, e.error()))?;
        tmp.as_file().sync_all().map_err(|e| fail(&path, &e))?;
        // Checked again: the name may have become a link or a device during the run.
        if let Some(why) = not_replaceable(&path) {
            return Err(fail(&path, &why));
        }
        tmp.persist(&path).map_err(|e| fail(&path, &e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.tmp.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// The write buffer of results, to stdout or to a file.
pub const BUFFER: usize = 64 * 1024;

/// Why writing the output file failed, in Chinese, naming the file.
pub fn fail(path: &Path, e: &dyn std::fmt::Display) -> String {
    format!("无法写入输出文件 {}：{e}", path.display())
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
