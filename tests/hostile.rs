//! Hostile inputs: each one next to a normal report in the same folder. Every case must give
//! a clear per-file finding (or a normal check), still check the good report, exit with 1
//! (findings, SPEC.md) rather than 2 or a crash, and leave every file byte-for-byte and
//! mtime-for-mtime untouched, since `--fix` is not given.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const GOOD: &str = "2024年度部门整体绩效自评报告\n一、基本情况\n截止2024年12月底，本部门共有编制19人。\n";

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

fn jxlint(args: &[&std::ffi::OsStr]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("run jxlint");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    Run { code: out.status.code().unwrap_or(-1), json, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

fn check_dir(dir: &Path) -> Run {
    jxlint(&[dir.as_os_str()])
}

/// (path, rule, message) of every finding.
fn findings(run: &Run) -> Vec<(String, String, String)> {
    run.json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Bytes and mtime of every regular file under `dir` (symlinks not followed).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if e.file_type().is_file() {
            let meta = e.metadata().expect("metadata");
            let bytes = if meta.len() > 10_000_000 { Vec::new() } else { std::fs::read(e.path()).expect("read") };
            out.insert(e.path().to_path_buf(), (bytes, meta.modified().expect("mtime")));
        }
    }
    out
}

/// A folder with one good report (`good.txt`) beside whatever the test adds.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.txt"), GOOD).expect("write good report");
    dir
}

/// The common expectations: the good report was checked, exit 1, nothing on stderr, no file touched.
fn assert_folder_checked(dir: &Path, run: &Run, before: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert!(
        findings(run).iter().any(|(p, r, _)| p.ends_with("good.txt") && r == "typo"),
        "good.txt not checked: {:?}",
        findings(run)
    );
    assert_eq!(&snapshot(dir), before, "a file was modified");
}

fn unreadable_for(run: &Run, name: &str) -> Vec<(String, String, String)> {
    findings(run).into_iter().filter(|(p, r, _)| p.ends_with(name) && r == "unreadable-file").collect()
}

#[test]
fn sparse_200_mb_file_hits_the_size_limit() {
    let dir = folder();
    let big = std::fs::File::create(dir.path().join("big.txt")).expect("create");
    big.set_len(200 * 1024 * 1024).expect("set_len");
    drop(big);
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "big.txt");
    assert_eq!(f.len(), 1, "{:?}", findings(&run));
    assert!(f[0].2.contains("文件过大（200.0 MB），超过上限 50.0 MB；可用 --max-file-size 调整上限"), "{}", f[0].2);
}

#[test]
fn max_file_size_is_configurable() {
    let dir = folder();
    let before = snapshot(dir.path());
    let run = jxlint(&["--max-file-size".as_ref(), "100".as_ref(), dir.path().as_os_str()]);
    assert_eq!(run.code, 1);
    let f = unreadable_for(&run, "good.txt");
    assert_eq!(f.len(), 1, "{:?}", findings(&run));
    assert!(f[0].2.contains("超过上限 100 字节"), "{}", f[0].2);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn one_megabyte_line_is_checked_to_its_end() {
    let dir = folder();
    let filler = "预算资金使用规范，绩效目标完成良好；".repeat(1_000_000 / 54);
    let line = format!("{filler}截止2024年底全部完成。");
    std::fs::write(dir.path().join("long.txt"), format!("2024年度绩效自评报告\n{line}\n")).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let d = run.json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with("long.txt")) && d["rule"] == "typo")
        .cloned()
        .expect("typo at the end of the long line");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], filler.chars().count() + 1);
}

#[test]
fn hundred_thousand_heading_lines() {
    let dir = folder();
    let mut text = String::from("2024年度绩效自评报告\n");
    for i in 0..100_000 {
        text.push_str(if i % 2 == 0 { "一、基本情况\n" } else { "（一）部门职责\n" });
    }
    std::fs::write(dir.path().join("headings.txt"), &text).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    // Every 一、 after the first repeats ordinal 1: the numbering rule sees each of them.
    let numbering =
        findings(&run).iter().filter(|(p, r, _)| p.ends_with("headings.txt") && r == "heading-numbering").count();
    assert!(numbering >= 49_999, "{numbering} heading-numbering findings");
}

#[test]
fn file_of_nul_bytes_is_binary() {
    let dir = folder();
    std::fs::write(dir.path().join("nul.txt"), vec![0u8; 4096]).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "nul.txt");
    assert_eq!(f.len(), 1);
    assert!(f[0].2.contains("这是一个二进制文件，不是文本报告"), "{}", f[0].2);
}

#[test]
fn invalid_utf8_in_the_middle_names_the_position() {
    let dir = folder();
    let mut bytes = "2024年度绩效自评报告\n一、基本情况\n本部门".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28, 0xFF, 0xFE, 0x80]);
    bytes.extend_from_slice("预算执行良好。\n".as_bytes());
    std::fs::write(dir.path().join("broken.txt"), &bytes).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "broken.txt");
    assert_eq!(f.len(), 1);
    assert!(f[0].2.contains("第3行第4列"), "{}", f[0].2);
}

#[test]
fn symlink_loop_is_reported_once() {
    let dir = folder();
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("sub").join("loop")).expect("symlink");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "loop");
    assert_eq!(f.len(), 1, "{:?}", findings(&run));
    assert!(f[0].2.contains("符号链接形成循环"), "{}", f[0].2);
    assert_eq!(run.json["files_checked"], 2);
}

/// Tests run as root, so permission bits cannot make a file unreadable. A FIFO named like a
/// report is a real unreadable file: opening it would block forever with no writer.
#[test]
fn fifo_named_like_a_report_is_not_read() {
    let dir = folder();
    let fifo = dir.path().join("pipe.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "pipe.txt");
    assert_eq!(f.len(), 1, "{:?}", findings(&run));
    assert!(f[0].2.contains("这不是普通文件"), "{}", f[0].2);
    // Named on the command line it is refused the same way.
    let run = jxlint(&[fifo.as_os_str()]);
    assert_eq!(run.code, 1);
    assert!(unreadable_for(&run, "pipe.txt")[0].2.contains("这不是普通文件"));
}

#[test]
fn directory_named_like_a_report_is_walked_not_read() {
    let dir = folder();
    std::fs::create_dir(dir.path().join("x.txt")).expect("mkdir");
    std::fs::write(dir.path().join("x.txt").join("inner.txt"), GOOD).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    assert_eq!(run.json["files_checked"], 2);
    assert!(findings(&run).iter().all(|(_, r, _)| r != "unreadable-file"));
}

/// The walk lists files first and reads them later; a file removed in between is reported.
#[test]
fn file_deleted_after_the_walk() {
    let dir = folder();
    std::fs::write(dir.path().join("gone.txt"), GOOD).expect("write");
    let entries = jxlint::load::collect_files(&[dir.path().to_path_buf()]);
    assert_eq!(entries.len(), 2);
    std::fs::remove_file(dir.path().join("gone.txt")).expect("remove");
    let e = jxlint::load::load_file(entries[0].path(), jxlint::load::DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert_eq!(e.message, "文件不存在（可能在检查过程中被删除）");
    assert!(jxlint::load::load_file(entries[1].path(), jxlint::load::DEFAULT_MAX_FILE_SIZE).is_ok());
}

/// The same through the CLI: a report whose target vanished (a dangling link) is reported.
#[test]
fn dangling_link_is_reported() {
    let dir = folder();
    std::os::unix::fs::symlink(dir.path().join("removed.txt"), dir.path().join("gone.txt")).expect("symlink");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    let f = unreadable_for(&run, "gone.txt");
    assert_eq!(f.len(), 1, "{:?}", findings(&run));
    assert!(f[0].2.contains("无法读取"), "{}", f[0].2);
}

#[test]
fn non_utf8_path_is_checked_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = folder();
    let name = std::ffi::OsStr::from_bytes(b"\xB1\xA8\xB8\xE6.txt"); // 报告 in GBK
    std::fs::write(dir.path().join(name), GOOD).expect("write");
    let before = snapshot(dir.path());
    let run = check_dir(dir.path());
    assert_folder_checked(dir.path(), &run, &before);
    assert_eq!(run.json["files_checked"], 2);
    let typos: Vec<_> = findings(&run).into_iter().filter(|(_, r, _)| r == "typo").collect();
    assert_eq!(typos.len(), 2, "{typos:?}");
    assert!(typos.iter().any(|(p, _, _)| p.ends_with("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.txt")), "{typos:?}");
}

/// Findings of `rule` on `name` as JSON objects.
fn rule_findings(run: &Run, name: &str, rule: &str) -> Vec<Value> {
    run.json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)) && d["rule"] == rule)
        .cloned()
        .collect()
}

#[test]
fn unmatched_halfwidth_brackets_are_checked_in_one_pass() {
    // Each unmatched `(` used to search the rest of the line for a `)`: quadratic, 50 s for
    // 200,000 of them in a release build. One pass now; here, the findings are still right.
    let dir = folder();
    let text = format!("{}\n办公经费(含差旅费)共计10万元。\n", "中(".repeat(100_000));
    std::fs::write(dir.path().join("brackets.txt"), text).expect("write");
    let run = check_dir(dir.path());
    let found = rule_findings(&run, "brackets.txt", "halfwidth-punctuation");
    assert_eq!(found.len(), 1, "only the matched pair: {found:?}");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(2), Some(5)));
}

#[test]
fn totals_in_one_sentence_add_up_their_own_group() {
    // `合计` after `合计` in one sentence: each total is compared with the parts since the
    // previous one (and that total), not with every amount before it, which made the check
    // and its messages grow with the square of the sentence.
    let dir = folder();
    let line = "甲项目1万元，乙项目2万元，合计3万元，丙项目4万元，合计7万元，丁项目5万元，合计15万元，".repeat(300);
    std::fs::write(dir.path().join("totals.txt"), format!("{line}\n")).expect("write");
    let run = check_dir(dir.path());
    let found = rule_findings(&run, "totals.txt", "sum-mismatch");
    // In each repetition only `合计15万元` is wrong (7 + 5 = 12): a closing total takes the
    // nearest run of parts before it that adds up, so the next repetition's `合计3万元`
    // (1 + 2) is right.
    assert_eq!(found.len(), 300, "{:?}", &found[..found.len().min(3)]);
    assert!(found.iter().all(|d| d["related"].as_array().is_some_and(|r| r.len() <= 3)), "bounded messages");
    assert!(
        found[0]["message"].as_str().unwrap_or_default().contains("7万元 + 丁项目5万元"),
        "{}",
        found[0]["message"]
    );
}

/// A .docx holding `paragraphs` paragraphs of text, deflated (a few KB for megabytes of text).
fn big_docx(paragraphs: usize, text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("word/document.xml", opts).expect("zip entry");
    let ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    write!(z, "<w:document xmlns:w=\"{ns}\"><w:body>").expect("write");
    for _ in 0..paragraphs {
        write!(z, "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>").expect("write");
    }
    write!(z, "</w:body></w:document>").expect("write");
    z.finish().expect("zip");
    buf.into_inner()
}

#[test]
fn docx_text_is_held_to_the_size_limit_as_it_is_read() {
    let dir = folder();
    let sentence = "本单位认真开展绩效自评工作，各项指标均已完成。".repeat(10);
    // 3 MB of text in a small file; and a single text node of 3 MB.
    std::fs::write(dir.path().join("many.docx"), big_docx(4_500, &sentence)).expect("write");
    std::fs::write(dir.path().join("one.docx"), big_docx(1, &sentence.repeat(4_500))).expect("write");
    std::fs::write(dir.path().join("small.docx"), big_docx(3, "截止2024年底，项目全部完成。")).expect("write");
    assert!(std::fs::metadata(dir.path().join("many.docx")).expect("meta").len() < 100_000);
    let before = snapshot(dir.path());
    let run = jxlint(&["--max-file-size".as_ref(), "2000000".as_ref(), dir.path().as_os_str()]);
    assert_folder_checked(dir.path(), &run, &before);
    for name in ["many.docx", "one.docx"] {
        let f = unreadable_for(&run, name);
        assert_eq!(f.len(), 1, "{name}: {:?}", findings(&run));
        assert!(f[0].2.contains(".docx 文件中的文字超过上限 1.9 MB"), "{}", f[0].2);
    }
    assert!(unreadable_for(&run, "small.docx").is_empty(), "{:?}", findings(&run));
    assert_eq!(rule_findings(&run, "small.docx", "typo").len(), 3, "small.docx is checked");
}
