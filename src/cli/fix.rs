//! `check --fix` and `check --diff`: fixes one loaded file through the library
//! ([`jxlint::fix`]) and writes the result back — the only place jxlint writes a report.
//!
//! A write is atomic (a temporary file in the same folder, synced, then renamed over the
//! original) and keeps the file's encoding, BOM, permissions and owner. Before writing, the
//! file is read again: if it vanished, changed since it was checked, or its bytes would not
//! survive the round trip through its encoding, it is left alone. Immediately before the
//! rename it is checked once more — same file (device and inode), same size and times, same
//! bytes — so a write by someone else while the fixed text was being saved is not lost. A
//! read-only file (no write bit) is left alone even for root, because a rename would
//! otherwise replace it silently.

use jxlint::analysis::relations::RelationCounts;
use jxlint::diagnostics::Diagnostic;
use jxlint::load::LoadedFile;
use jxlint::rules::RuleSet;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Off,
    /// `--fix`: write the fixed text back.
    Write,
    /// `--diff`: show what `--fix` would change, write nothing.
    Diff,
}

/// What fixing one file did, for the per-file line on stderr.
#[derive(Debug, Clone, Default)]
pub struct FixReport {
    pub path: String,
    pub applied: usize,
    pub diff: String,
    /// Why the fixed text was not written; the file is unchanged.
    pub error: Option<String>,
    pub converged: bool,
}

/// Fixes `file` and, in [`FixMode::Write`], writes it back. Returns the text and findings to
/// report: the fixed text's remaining findings, or the original's when nothing was written.
/// One file after `--fix`/`--diff`: the text its findings are in, the findings, what was
/// fixed, and what the analysis linked (for `--statistics`).
pub struct Fixed {
    pub text: String,
    pub diags: Vec<Diagnostic>,
    pub report: FixReport,
    pub relations: RelationCounts,
}

pub fn fix_file(path: &str, file: &LoadedFile, rules: &RuleSet, mode: FixMode) -> Fixed {
    let outcome = jxlint::fix::fix_text(&file.text, rules);
    let mut report = FixReport {
        path: path.to_owned(),
        applied: outcome.applied,
        converged: outcome.converged,
        ..Default::default()
    };
    let relations = outcome.relations;
    let fixed = |text, diags, report| Fixed { text, diags, report, relations };
    // Rules that undo each other can apply fixes and still end on the original text.
    if outcome.text == file.text {
        report.applied = 0;
        return fixed(outcome.text, outcome.remaining, report);
    }
    if mode == FixMode::Diff {
        report.diff = jxlint::fix::diff::unified(path, &file.text, &outcome.text, &outcome.origins);
        return fixed(file.text.clone(), outcome.initial, report);
    }
    let old = file.encoding.encode(&file.text);
    let new = file.encoding.encode(&outcome.text);
    match write_back(&file.path, &old, &new) {
        Ok(()) => fixed(outcome.text, outcome.remaining, report),
        Err(e) => {
            report.error = Some(e);
            fixed(file.text.clone(), outcome.initial, report)
        }
    }
}

/// Replaces the file at `path`, whose bytes must still be `old`, with `new`, atomically.
/// Every refusal and failure leaves the file as it was and says why, in Chinese.
pub fn write_back(path: &Path, old: &[u8], new: &[u8]) -> Result<(), String> {
    write_back_with(path, old, new, || {})
}

/// [`write_back`], calling `meanwhile` after the temporary file is complete and before the
/// last check: the moment a concurrent write would otherwise be lost (a seam for tests).
fn write_back_with(path: &Path, old: &[u8], new: &[u8], meanwhile: impl FnOnce()) -> Result<(), String> {
    // Write through a symlink to its target, so the link stays a link.
    let target = std::fs::canonicalize(path).map_err(|e| io_reason(&e))?;
    let meta = std::fs::metadata(&target).map_err(|e| io_reason(&e))?;
    // A FIFO or device put in the report's place would block the reads below.
    if !meta.is_file() {
        return Err("这已不是普通文件（可能在检查期间被替换）".to_owned());
    }
    if meta.permissions().readonly() {
        return Err("文件是只读的".to_owned());
    }
    // Root passes this probe; for others it catches files they may rename but not write.
    std::fs::OpenOptions::new().write(true).open(&target).map_err(|e| io_reason(&e))?;
    let (seen, current) = read_with_identity(&target, old.len()).map_err(|e| io_reason(&e))?;
    if current != old {
        return Err(if jxlint::load::decode(&current).is_ok_and(|(t, enc)| enc.encode(&t) != current) {
            "文件的编码无法原样写回（解码再编码后字节不同）".to_owned()
        } else {
            "文件在检查期间被修改".to_owned()
        });
    }
    let dir = target.parent().ok_or_else(|| "无法确定文件所在的文件夹".to_owned())?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".jxlint-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("无法在所在文件夹创建临时文件（{}）", io_reason(&e)))?;
    tmp.write_all(new).and_then(|()| tmp.as_file().sync_all()).map_err(|e| format!("写入临时文件失败：{e}"))?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| format!("无法设置文件权限：{e}"))?;
    keep_owner(tmp.path(), &meta);
    meanwhile();
    still_as_read(&target, &seen, old)?;
    tmp.persist(&target).map_err(|e| format!("无法替换原文件（{}）", io_reason(&e.error)))?;
    // Make the rename itself durable; a failure here does not undo the write.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What identifies a file and its contents without reading them: which file it is and when
/// and how it last changed.
#[derive(Debug, PartialEq, Eq)]
struct Identity {
    file: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
}

impl Identity {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            file: (meta.dev(), meta.ino()),
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    fn of(meta: &std::fs::Metadata) -> Identity {
        Identity { file: (0, 0), len: meta.len(), modified: meta.modified().ok(), changed: (0, 0) }
    }
}

/// The file's identity and bytes, both from one open handle; at most `expected + 1` bytes,
/// enough to tell that the file is not the `expected` bytes long it was.
fn read_with_identity(path: &Path, expected: usize) -> std::io::Result<(Identity, Vec<u8>)> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let identity = Identity::of(&file.metadata()?);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    file.take(expected as u64 + 1).read_to_end(&mut bytes)?;
    Ok((identity, bytes))
}

/// Refuses unless `path` is still the file `seen` describes, holding exactly `old`. The
/// bytes are compared too: a write within the file system's timestamp granularity that
/// keeps the size leaves the metadata as it was.
fn still_as_read(path: &Path, seen: &Identity, old: &[u8]) -> Result<(), String> {
    const CHANGED: &str = "文件在修正期间被修改（可能有人正在编辑它），为免覆盖这些修改未写入；请重新运行 --fix";
    let (now, bytes) = read_with_identity(path, old.len()).map_err(|e| io_reason(&e))?;
    if now.file != seen.file {
        return Err("文件在修正期间被替换为另一个文件，为免覆盖它未写入；请重新运行 --fix".to_owned());
    }
    if now != *seen || bytes != old {
        return Err(CHANGED.to_owned());
    }
    Ok(())
}

#[cfg(unix)]
fn keep_owner(tmp: &Path, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only root can give a file away; for anyone else the owner is already theirs.
    let _ = std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件已不存在（在检查期间被删除或移走）".to_owned(),
        std::io::ErrorKind::PermissionDenied => "没有写入权限".to_owned(),
        _ => e.to_string(),
    }
}

/// Prints the per-file lines on stderr; returns whether any file could not be written.
pub fn print_reports(reports: &[&FixReport], mode: FixMode) -> bool {
    let mut failed = false;
    let mut unsettled = false;
    let (mut fixes, mut files) = (0, 0);
    for r in reports {
        if let Some(e) = &r.error {
            eprintln!("jxlint: 未能写入 {}：{e}；文件保持原样（{} 处修正未应用）", r.path, r.applied);
            failed = true;
            continue;
        }
        if r.applied > 0 {
            fixes += r.applied;
            files += 1;
            match mode {
                FixMode::Diff => eprintln!("{}：可自动修正 {} 处", r.path, r.applied),
                _ => eprintln!("{}：已修正 {} 处", r.path, r.applied),
            }
        }
        if !r.converged {
            unsettled = true;
            eprintln!(
                "jxlint: {}：经过 {} 轮修正仍未稳定（可能有规则的修正互相抵消），剩余问题请手动处理",
                r.path,
                jxlint::fix::MAX_ROUNDS
            );
        }
    }
    match (mode, fixes) {
        (_, 0) if failed || unsettled => {}
        (_, 0) => eprintln!("没有可自动修正的问题。"),
        (FixMode::Diff, n) => eprintln!("共 {files} 个文件可自动修正 {n} 处（--fix 写入）。"),
        (_, n) => eprintln!("共修正 {files} 个文件中的 {n} 处问题。"),
    }
    failed
}

#[cfg(all(test, unix))]
mod tests {
    use super::{write_back, write_back_with};
    use std::os::unix::fs::PermissionsExt;

    fn setup(content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.txt");
        std::fs::write(&path, content).unwrap();
        (dir, path)
    }

    fn entries(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let (dir, path) = setup("截止");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_back(&path, "截止".as_bytes(), "截至".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "截至");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(entries(dir.path()), ["报告.txt"]);
    }

    #[test]
    fn a_file_that_vanished_is_not_recreated() {
        let (dir, path) = setup("截止");
        std::fs::remove_file(&path).unwrap();
        let e = write_back(&path, "截止".as_bytes(), "截至".as_bytes()).unwrap_err();
        assert!(e.contains("不存在"), "{e}");
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let (_dir, path) = setup("截止");
        std::fs::write(&path, "别人刚改的").unwrap();
        let e = write_back(&path, "截止".as_bytes(), "截至".as_bytes()).unwrap_err();
        assert!(e.contains("被修改"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "别人刚改的");
    }

    #[test]
    fn a_read_only_file_is_left_alone_even_for_root() {
        let (dir, path) = setup("截止");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_back(&path, "截止".as_bytes(), "截至".as_bytes()).unwrap_err();
        assert!(e.contains("只读"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "截止");
        assert_eq!(entries(dir.path()), ["报告.txt"]);
    }

    #[test]
    fn writes_through_a_symlink_and_keeps_the_link() {
        let (dir, path) = setup("截止");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_back(&link, "截止".as_bytes(), "截至".as_bytes()).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "截至");
    }

    /// `--fix` lost a concurrent write (3 in 300 runs lost an append made during the run):
    /// the file was compared with what was checked before the fixed text was saved, not
    /// right before the rename. An append made at that last moment must survive.
    #[test]
    fn an_append_during_the_fix_was_lost() {
        let (dir, path) = setup("截止2024年底。\n");
        let append = || {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
            f.write_all("同事刚补充的一行。\n".as_bytes()).unwrap();
        };
        let e =
            write_back_with(&path, "截止2024年底。\n".as_bytes(), "截至2024年底。\n".as_bytes(), append).unwrap_err();
        assert!(e.contains("修正期间被修改"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "截止2024年底。\n同事刚补充的一行。\n");
        assert_eq!(entries(dir.path()), ["报告.txt"], "no temporary file left behind");
    }

    /// An editor that saves by writing a new file and renaming it over the old one leaves
    /// the same bytes under a new inode; that file is not the one that was checked.
    #[test]
    fn a_file_replaced_during_the_fix_is_left_alone() {
        let (dir, path) = setup("截止");
        let replace = || {
            let other = dir.path().join("编辑器的临时文件");
            std::fs::write(&other, "截止").unwrap();
            std::fs::rename(&other, &path).unwrap();
        };
        let e = write_back_with(&path, "截止".as_bytes(), "截至".as_bytes(), replace).unwrap_err();
        assert!(e.contains("被替换"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "截止");
        assert_eq!(entries(dir.path()), ["报告.txt"]);
    }

    /// A same-size overwrite within one timestamp tick can leave every time unchanged;
    /// the bytes are compared too.
    #[test]
    fn same_metadata_but_other_bytes_is_a_change() {
        let (_dir, path) = setup("截止");
        let (seen, bytes) = super::read_with_identity(&path, 6).unwrap();
        assert_eq!(bytes, "截止".as_bytes());
        assert_eq!(super::still_as_read(&path, &seen, "截止".as_bytes()), Ok(()));
        let e = super::still_as_read(&path, &seen, "别的".as_bytes()).unwrap_err();
        assert!(e.contains("修正期间被修改"), "{e}");
    }
}
