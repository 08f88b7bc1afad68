//! Regression tests for what jxlint reads and writes (issue 13), each named after the bug it
//! pins. Every run goes through the binary with a deadline, so a read that blocks fails
//! the test instead of hanging it.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `jxlint ARGS` in `dir`; fails the test if it takes longer than 30 s.
fn jxlint(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jxlint");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("jxlint {args:?} did not finish within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

const REPORT: &str = "2024年度项目支出绩效自评报告\n一、项目概况\n截止2024年底，共完成培训120人次。\n";

// ---- 6. reads bounded as they happen -------------------------------------------------

/// `x.txt` → `/proc/self/pagemap` claims 0 bytes and streams gigabytes: it was read until
/// the kernel killed jxlint (24 GB). Now it is refused at once as a kernel file.
#[test]
fn symlink_to_proc_pagemap_was_read_until_the_kernel_killed_it() {
    if !Path::new("/proc/self/pagemap").exists() {
        eprintln!("skipped: /proc/self/pagemap does not exist here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    symlink("/proc/self/pagemap", dir.path().join("x.txt"));
    let started = Instant::now();
    let out = jxlint(dir.path(), &["check", "--format", "concise", "x.txt"]);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("x.txt:1:1: error[unreadable-file]"), "{text}");
    assert!(text.contains("虚拟文件"), "{text}");
}

/// `x.txt` → `/proc/kmsg` blocks once the kernel log is drained: jxlint hung forever and
/// printed nothing. Now it is refused without being opened.
#[test]
fn symlink_to_proc_kmsg_hung_forever() {
    if std::fs::metadata("/proc/kmsg").is_err() {
        eprintln!("skipped: /proc/kmsg does not exist here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    symlink("/proc/kmsg", dir.path().join("x.txt"));
    let out = jxlint(dir.path(), &["check", "--format", "concise", "x.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("x.txt:1:1: error[unreadable-file]"), "{}", stdout(&out));
}

/// A link to a character device (`/dev/zero` never ends) is reported and never opened.
#[test]
fn symlink_to_a_character_device_is_reported_not_read() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: /dev/zero does not exist here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    symlink("/dev/zero", dir.path().join("zero.txt"));
    let out = jxlint(dir.path(), &["check", "--format", "concise", "zero.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("zero.txt:1:1: error[unreadable-file]"), "{}", stdout(&out));
    assert!(stdout(&out).contains(jxlint::load::walk::NOT_REGULAR), "{}", stdout(&out));
}

// ---- 7. symlinks out of the checked folders --------------------------------------------

/// `ln -s /etc/passwd d/p.md`: the walker followed the link and the HTML page meant to be
/// mailed carried the whole file. A link leading outside the folders of the command line
/// is now a finding, and its target is not read.
#[test]
fn symlink_out_of_the_folder_put_its_target_into_the_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "机密：工资表，root:x:0:0\n").unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/a.txt"), REPORT).unwrap();
    symlink(&secret, dir.path().join("d/p.md"));
    let passwd = Path::new("/etc/passwd").exists();
    if passwd {
        symlink("/etc/passwd", dir.path().join("d/passwd.md"));
    }

    let out = jxlint(dir.path(), &["check", "--format", "html", "-o", "review.html", "d"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("review.html")).unwrap();
    assert!(!page.contains("工资表") && !page.contains("root:x:0:0"), "the target's text leaked into the page");
    assert!(page.contains("指向所检查的文件夹之外"));

    let out = jxlint(dir.path(), &["check", "--format", "concise", "d"]);
    let text = stdout(&out);
    let found: Vec<&str> = text.lines().filter(|l| l.contains("[unreadable-file]")).collect();
    let mut expected =
        vec![format!("d/p.md:1:1: error[unreadable-file] 无法检查此文件：{}", jxlint::load::walk::OUTSIDE)];
    if passwd {
        expected
            .push(format!("d/passwd.md:1:1: error[unreadable-file] 无法检查此文件：{}", jxlint::load::walk::OUTSIDE));
    }
    assert_eq!(found, expected);
}

/// A link named on the command line is read (the user asked for it), and a link into
/// another folder of the same command line is followed.
#[test]
fn links_named_or_leading_into_a_checked_folder_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::create_dir(dir.path().join("e")).unwrap();
    std::fs::write(dir.path().join("e/real.txt"), REPORT).unwrap();
    symlink(dir.path().join("e/real.txt"), dir.path().join("d/link.txt"));
    symlink("../e", dir.path().join("d/sub"));

    let out = jxlint(dir.path(), &["check", "--format", "concise", "d", "e"]);
    let text = stdout(&out);
    assert!(!text.contains("unreadable-file"), "{text}");
    for path in ["d/link.txt", "d/sub/real.txt", "e/real.txt"] {
        assert!(text.contains(&format!("{path}:3:1: warning[typo]")), "{path}: {text}");
    }
    // Alone, `d` may not reach into `e` …
    let out = jxlint(dir.path(), &["check", "--format", "concise", "d"]);
    assert!(stdout(&out).contains("d/link.txt:1:1: error[unreadable-file]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("d/sub:1:1: error[unreadable-file]"), "{}", stdout(&out));
    // … but a link named explicitly is read.
    let out = jxlint(dir.path(), &["check", "--format", "concise", "d/link.txt"]);
    assert!(stdout(&out).contains("d/link.txt:3:1: warning[typo]"), "{}", stdout(&out));
}

// ---- 8. output files that must not be replaced ------------------------------------------

fn assert_refused(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(out));
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
}

/// `-o` replaced a symlink or a FIFO with a regular file (and, as root, would have replaced
/// `/dev/null`). Now it refuses, exit 2, and leaves them as they were.
#[test]
fn output_file_replaced_a_symlink_fifo_or_device() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    std::fs::write(dir.path().join("old.json"), "{}").unwrap();
    symlink("old.json", dir.path().join("link.json"));
    assert!(Command::new("mkfifo").arg(dir.path().join("fifo.json")).status().unwrap().success());

    let out = jxlint(dir.path(), &["check", "-o", "link.json", "r.txt"]);
    assert_refused(&out, "symlink");
    assert!(stderr(&out).contains("符号链接"), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(dir.path().join("link.json")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.path().join("old.json")).unwrap(), "{}");

    let out = jxlint(dir.path(), &["check", "-o", "fifo.json", "r.txt"]);
    assert_refused(&out, "FIFO");
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(dir.path().join("fifo.json")).unwrap().file_type().is_fifo());

    // A character device of our own (root only; /dev/null itself is never put at risk).
    let null = dir.path().join("null.json");
    if Command::new("mknod").arg(&null).args(["c", "1", "3"]).status().is_ok_and(|s| s.success()) {
        let out = jxlint(dir.path(), &["check", "-o", "null.json", "r.txt"]);
        assert_refused(&out, "character device");
        assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device());
    } else {
        eprintln!("skipped the character-device case: mknod needs root");
    }
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with(".jxlint")), "no temporary file left: {names:?}");
}

/// `--write-baseline r.txt r.txt` overwrote the report being checked with the baseline,
/// and `--write-baseline` replaced symlinks and FIFOs like `-o`. Both are refused now.
#[test]
fn write_baseline_overwrote_the_report_being_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    symlink("r.txt", dir.path().join("b.json"));
    assert!(Command::new("mkfifo").arg(dir.path().join("fifo.json")).status().unwrap().success());

    let out = jxlint(dir.path(), &["check", "--write-baseline", "r.txt", "r.txt"]);
    assert_refused(&out, "the report itself");
    assert!(stderr(&out).contains("无法写入基线文件 r.txt：它是正在检查的报告之一"), "{}", stderr(&out));
    for target in ["b.json", "fifo.json"] {
        let out = jxlint(dir.path(), &["check", "--write-baseline", target, "r.txt"]);
        assert_refused(&out, target);
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("r.txt")).unwrap(), REPORT);
    assert!(std::fs::symlink_metadata(dir.path().join("b.json")).unwrap().file_type().is_symlink());

    // An ordinary baseline is still written, atomically and without a stray temporary file.
    let out = jxlint(dir.path(), &["check", "--write-baseline", "base.json", "r.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(dir.path().join("base.json")).unwrap().contains("\"typo\""));
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["b.json", "base.json", "fifo.json", "r.txt"]);
}

// ---- 13. .doc / .wps in a folder ---------------------------------------------------------

/// A folder of `.doc`/`.wps` files said "检查了 0 个文件，未发现问题" and exited 0; named on
/// the command line they got the "另存为 .docx" finding. Now both get it.
#[test]
fn doc_and_wps_in_a_folder_were_silently_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/报告.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    std::fs::write(dir.path().join("d/自评.WPS"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    std::fs::write(dir.path().join("d/~$报告.doc"), b"lock").unwrap();
    let from_folder = jxlint(dir.path(), &["check", "--format", "concise", "d"]);
    assert_eq!(from_folder.status.code(), Some(1));
    let lines: Vec<String> = stdout(&from_folder).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("d/报告.doc:1:1: error[unreadable-file]") && lines[0].contains("另存为 .docx"));
    assert!(lines[1].starts_with("d/自评.WPS:1:1: error[unreadable-file]") && lines[1].contains("另存为 .docx"));
    let named = jxlint(dir.path(), &["check", "--format", "concise", "d/报告.doc", "d/自评.WPS"]);
    assert_eq!(stdout(&named), stdout(&from_folder));
}

// ---- 14. blank reports -----------------------------------------------------------------

/// A report of only white space, or only a BOM, got no finding and scored 100; it is an
/// empty report: an `unreadable-file` finding and a score of 0.
#[test]
fn a_blank_or_bom_only_report_passed_as_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), " \n\t\r\n\u{3000}\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\xEF\xBB\xBF").unwrap();
    std::fs::write(dir.path().join("c.txt"), b"\xEF\xBB\xBF\r\n\r\n").unwrap();
    let out = jxlint(dir.path(), &["check", "--format", "concise", "a.txt", "b.txt", "c.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let blank = format!("error[unreadable-file] 无法检查此文件：{}", jxlint::load::decode::BLANK);
    assert_eq!(stdout(&out), format!("a.txt:1:1: {blank}\nb.txt:1:1: {blank}\nc.txt:1:1: {blank}\n"));
    // Scored 0 like an empty file: the folder summary's mean score.
    let out = jxlint(dir.path(), &["check", "--format", "pretty", "--color", "never", "."]);
    assert!(stdout(&out).lines().any(|l| l.split_whitespace().eq(["平均得分", "0"])), "{}", stdout(&out));
}

// ---- 15. GB18030 with symbols ------------------------------------------------------------

/// A valid GB18030 table with ㎡ and ℃ was rejected as "也不是有效的 GB18030/GBK": the
/// common-character heuristic rejected text that decodes without error.
#[test]
fn gb18030_table_with_square_metres_and_degrees_was_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let text = "2024年度项目支出绩效自评报告\n|指标|单位|目标值|完成值|\n|新建库房面积|㎡|≥800㎡|820㎡|\n\
                |恒温控制|℃|18℃～22℃|20℃|\n|相对湿度|%|45%～60%|52%|\n|㎡|℃|㎡|℃|\n|㎡㎡|℃℃|㎡㎡|℃℃|\n";
    let bytes = jxlint::load::Encoding::Gb18030.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err());
    std::fs::write(dir.path().join("表.txt"), &bytes).unwrap();
    let out = jxlint(dir.path(), &["check", "--format", "json", "表.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"unreadable-file"), "{rules:?}");
    assert!(!stderr(&out).contains("GB18030"), "no doubt about a real report: {}", stderr(&out));
}

/// Text that only decodes as GB18030 by accident (here Big5) is checked, not refused, and
/// the doubt is said on stderr.
#[test]
fn doubtful_gb18030_is_checked_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    // 本單位績效自評報告：預算執行率達到百分之九十，經費使用規範。 in Big5.
    let big5 = b"\xa5\xbb\xb3\xe6\xa6\xec\xc1Z\xae\xc4\xa6\xdb\xb5\xfb\xb3\xf8\xa7i\xa1G\xb9w\xba\xe2\xb0\xf5\xa6\xe6\xb2v\xb9F\xa8\xec\xa6\xca\xa4\xc0\xa4\xa7\xa4E\xa4Q\xa1A\xb8g\xb6O\xa8\xcf\xa5\xce\xb3W\xbdd\xa1C";
    std::fs::write(dir.path().join("big5.txt"), big5).unwrap();
    let out = jxlint(dir.path(), &["check", "--format", "concise", "big5.txt"]);
    assert!(!stdout(&out).contains("unreadable-file"), "{}", stdout(&out));
    assert!(stderr(&out).contains("jxlint: 提示：big5.txt：文件按 GB18030 解码"), "{}", stderr(&out));
}
