//! Regression tests, each named after the bug it pins. Inputs found by the fuzz targets in
//! `fuzz/` land here too (minimised, as literal bytes), so `cargo test` keeps them fixed.
//!
//! Fuzzing (see fuzz/README.md) found one crash, `a_27_digit_amount_before_a_magnitude_…`;
//! the other bugs below were found while writing the hostile-input tests.

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

/// Found by the `parse` fuzz target: a 27-digit number before 千 (or 万, 亿) overflowed
/// `Decimal` when scaled, and the parser panicked. Once past the parser, a derived fact
/// (年初 … 追加 …) summed such values and panicked too. Quantities beyond 10¹⁵ are now left
/// out of the model, so no sum of quantities can overflow.
#[test]
fn a_27_digit_amount_before_a_magnitude_overflowed() {
    let fuzzed =
        "=299999999999999999999999999千米99-99999999999999999999999999999\u{1}\u{0}999999999999999999999999999<7,";
    assert!(jxlint::parse::parse(fuzzed).quantities.iter().all(|q| jxlint::parse::number::plausible(q.value)));
    let m = "79228162514264337593543950335";
    let report = format!(
        "2024年度部门整体绩效自评报告\n一、预算执行情况\n年初预算{m}元，实际支出{m}亿元，预算执行率为100%。\
         支出合计{m}元，其中：人员经费{m}元，公用经费{m}元。\n二、项目情况\n年初安排{m}个项目，追加{m}个项目。\
         共实施项目1000000000000000个，追加1000000000000000个。\n"
    );
    let parsed = jxlint::parse::parse(&report);
    // Only the two quantities at the bound (10¹⁵) and the rate are kept (with the year).
    let kept: Vec<String> = parsed.quantities.iter().map(|q| q.value.to_string()).collect();
    assert_eq!(kept, ["100", "1000000000000000", "1000000000000000"]);
    let rules = jxlint::rules::RuleSet::builtin();
    let _ = jxlint::check_text(&report, &rules);
    let _ = jxlint::check_text(fuzzed, &rules);
}
