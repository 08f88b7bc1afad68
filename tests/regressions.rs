//! Regression tests, each named after the bug it pins. Inputs found by the fuzz targets in
//! `fuzz/` land here too (minimised, as literal bytes), so `cargo test` keeps them fixed.
//!
//! Fuzzing so far (see fuzz/README.md) found no crash; the bugs below were found while
//! writing the hostile-input tests.

use std::process::Command;

/// A FIFO given by name was neither checked nor reported: the walker only took regular
/// files, so `jxlint check pipe.txt` said "checked 0 files" and exited 0. Reading it would
/// have blocked forever, so it must be refused with a reason, never opened.
#[test]
fn fifo_given_by_name_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let entries = jxlint::load::collect_files(std::slice::from_ref(&fifo));
    assert_eq!(entries.len(), 1);
    let err = jxlint::load::load_file(entries[0].path(), jxlint::load::DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert_eq!(err.message, jxlint::load::walk::NOT_REGULAR);
}

/// The same FIFO inside a folder was skipped without a word, so an auditor could not tell
/// that one "report" in the folder had not been checked.
#[test]
fn fifo_in_a_folder_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let entries = jxlint::load::collect_files(&[dir.path().to_path_buf()]);
    assert_eq!(entries, vec![jxlint::load::WalkEntry::Error(fifo, jxlint::load::walk::NOT_REGULAR.to_owned())]);
}

/// A dangling link given by name was skipped silently too (`is_file()` is false for it);
/// now it is loaded and reported as missing.
#[test]
fn dangling_link_given_by_name_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("missing.txt"), &link).expect("symlink");
    let entries = jxlint::load::collect_files(std::slice::from_ref(&link));
    assert_eq!(entries, vec![jxlint::load::WalkEntry::File(link.clone())]);
    let err = jxlint::load::load_file(&link, jxlint::load::DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert_eq!(err.message, "文件不存在（可能在检查过程中被删除）");
}
