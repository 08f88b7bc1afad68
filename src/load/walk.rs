//! Expands command-line paths into the list of report files, sorted for stable output.

use std::path::{Path, PathBuf};

/// File extensions checked when walking a folder (explicit file arguments are always checked).
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "docx"];

/// Reports in formats that must be converted first: taken from folders too, so the loader's
/// "另存为 .docx" finding appears instead of a silent "0 files checked".
const CONVERT_FIRST_EXTENSIONS: &[&str] = &["doc", "wps"];

/// Why a symlink met while walking a folder is not followed.
pub const OUTSIDE: &str =
    "这是一个符号链接，指向所检查的文件夹之外；为免把其他文件的内容带进检查结果，未读取（如确需检查，请直接在命令行写出该文件）";

/// Why a FIFO, socket or device is not read.
pub const NOT_REGULAR: &str = "这不是普通文件（命名管道、套接字或设备），无法作为报告读取，已跳过";

/// Folders never descended into.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEntry {
    File(PathBuf),
    /// A path that could not be walked (permission denied, symlink loop…): reported on it.
    Error(PathBuf, String),
}

impl WalkEntry {
    pub fn path(&self) -> &Path {
        match self {
            WalkEntry::File(p) | WalkEntry::Error(p, _) => p,
        }
    }
}

fn is_report_file(path: &Path) -> bool {
    // `~$报告.docx` is Word's lock file for an open document, not a report.
    if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$")) {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().chain(CONVERT_FIRST_EXTENSIONS).any(|x| x.eq_ignore_ascii_case(e)))
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    if entry.depth() == 0 || !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref())
}

/// Walks each path: files are taken as given, folders recursively. The caller checks
/// that the paths exist; a path that vanishes meanwhile becomes a [`WalkEntry::Error`].
/// Symlinks are followed only to targets inside one of `paths`' folders.
pub fn collect_files(paths: &[PathBuf]) -> Vec<WalkEntry> {
    collect_files_within(paths, paths)
}

/// [`collect_files`] where a symlink met inside a folder may lead anywhere inside the
/// folders among `allowed` (all the paths of the command line, when `paths` is one of them).
/// A link leading elsewhere becomes a [`WalkEntry::Error`] with [`OUTSIDE`] and is not
/// followed: a folder of reports must not pull `/etc/passwd` into a page meant to be mailed.
pub fn collect_files_within(paths: &[PathBuf], allowed: &[PathBuf]) -> Vec<WalkEntry> {
    let roots: Vec<PathBuf> = allowed.iter().filter(|p| p.is_dir()).filter_map(|p| p.canonicalize().ok()).collect();
    let inside = |target: &Path| roots.iter().any(|r| target.starts_with(r));
    let mut out = Vec::new();
    for root in paths {
        // Anything named that is not a folder is "a file given by name": the loader says
        // why it cannot be read (FIFO, dangling link) instead of it being silently skipped.
        if !root.is_dir() {
            out.push(WalkEntry::File(root.clone()));
            continue;
        }
        let mut walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            match entry {
                Ok(e) if is_skipped_dir(&e) => walker.skip_current_dir(),
                Ok(e) if e.depth() > 0 && e.path_is_symlink() && !e.path().canonicalize().is_ok_and(|t| inside(&t)) => {
                    if e.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    if e.file_type().is_dir() || is_report_file(e.path()) {
                        out.push(WalkEntry::Error(e.into_path(), OUTSIDE.to_owned()));
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if e.file_type().is_file() && is_report_file(e.path()) => {
                    out.push(WalkEntry::File(e.into_path()))
                }
                // A FIFO, socket or device named like a report would block or stream forever
                // if read; say why it is skipped instead of hanging or ignoring it.
                Ok(e) if !e.file_type().is_symlink() && is_report_file(e.path()) => {
                    out.push(WalkEntry::Error(e.into_path(), NOT_REGULAR.to_owned()))
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let msg = if err.loop_ancestor().is_some() {
                        "符号链接形成循环，已跳过".to_owned()
                    } else if let Some(io) = err.io_error() {
                        match io.kind() {
                            std::io::ErrorKind::PermissionDenied => "没有读取权限，无法进入该文件夹".to_owned(),
                            _ => format!("无法读取：{io}"),
                        }
                    } else {
                        format!("无法读取：{err}")
                    };
                    // A symlink that does not lead to a report file is not worth an error.
                    if err.loop_ancestor().is_some()
                        || is_report_file(&path)
                        || path.is_dir()
                        || err.io_error().is_some()
                    {
                        out.push(WalkEntry::Error(path, msg));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out.dedup_by(|a, b| a.path() == b.path());
    out
}
