//! Reads a report's bytes without trusting what the file system says about it. The type of
//! the target is checked after symlinks are resolved and before anything is opened, so a
//! device or FIFO is never opened (opening can block, rewind a tape or consume data). The
//! file is opened non-blocking and read through `take(limit + 1)`: the size in `metadata`
//! is only a fast first refusal, because files such as `/proc/self/pagemap` claim 0 bytes
//! and stream gigabytes, and `/proc/kmsg` claims 0 bytes and blocks when drained. Such
//! kernel files (a file claiming 0 bytes under `/proc` or `/sys`) are refused unopened:
//! reading `/proc/kmsg` would also take the messages away from the system log.

use super::decode::LoadError;
use super::walk::NOT_REGULAR;
use std::io::Read;
use std::path::Path;

/// The bytes of the regular file at `path` (symlinks followed), at most `limit` of them;
/// anything else is a [`LoadError`] that says why.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    check_kind(&meta)?;
    if meta.len() > limit {
        return Err(too_large(Some(meta.len()), limit));
    }
    if meta.len() == 0 && is_kernel_file(path) {
        return Err(LoadError::new(KERNEL_FILE));
    }
    let file = open_nonblocking(path).map_err(|e| LoadError::io(path, &e))?;
    // The path may have been replaced between the check above and the open.
    let meta = file.metadata().map_err(|e| LoadError::io(path, &e))?;
    check_kind(&meta)?;
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0).saturating_add(1);
    read_at_most(file, limit, capacity).map_err(|e| match e {
        Some(e) => LoadError::io(path, &e),
        None => too_large(None, limit),
    })
}

/// Reads `source` to its end if that is at most `limit` bytes; `Err(None)` when there are
/// more, found by reading one byte past the limit and never further.
fn read_at_most(source: impl Read, limit: u64, capacity: usize) -> Result<Vec<u8>, Option<std::io::Error>> {
    let mut bytes = Vec::with_capacity(capacity);
    match source.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => Err(None),
        Ok(_) => Ok(bytes),
        Err(e) => Err(Some(e)),
    }
}

/// Why a kernel file under `/proc` or `/sys` is not read.
pub const KERNEL_FILE: &str = "这是系统内核提供的虚拟文件（/proc、/sys），不是报告；读取它可能无休止或一直等待，已跳过";

/// A file under `/proc` or `/sys` once symlinks are resolved. Asked only of files that
/// claim 0 bytes (procfs reports every file so), so an ordinary report costs nothing.
fn is_kernel_file(path: &Path) -> bool {
    cfg!(target_os = "linux") && path.canonicalize().is_ok_and(|p| p.starts_with("/proc") || p.starts_with("/sys"))
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), LoadError> {
    if meta.is_dir() {
        Err(LoadError::new("这是一个文件夹，不是报告文件"))
    } else if !meta.is_file() {
        Err(LoadError::new(NOT_REGULAR))
    } else {
        Ok(())
    }
}

/// `size` is the size `metadata` gave, or `None` when the file only turned out too large
/// while being read (its metadata said otherwise).
pub fn too_large(size: Option<u64>, limit: u64) -> LoadError {
    let size = size.map_or_else(|| "读取时超出".to_owned(), super::human_size);
    LoadError::new(format!("文件过大（{size}），超过上限 {}；可用 --max-file-size 调整上限", super::human_size(limit)))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_one_byte_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "一二三").unwrap();
        assert_eq!(read_bounded(&path, 9).unwrap(), "一二三".as_bytes());
        assert!(read_bounded(&path, 8).unwrap_err().message.contains("文件过大（9 字节）"));
    }

    #[test]
    fn an_endless_source_is_read_one_byte_past_the_limit_and_no_further() {
        assert!(matches!(read_at_most(std::io::repeat(b'x'), 1 << 20, 0), Err(None)));
        assert_eq!(read_at_most(&b"abc"[..], 3, 0).unwrap(), b"abc");
        assert!(matches!(read_at_most(&b"abcd"[..], 3, 0), Err(None)));
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_bounded(dir.path(), 10).unwrap_err().message.contains("文件夹"));
    }
}
