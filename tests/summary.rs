//! The folder summary after `pretty` output, `--statistics` in every format, and `-o` files.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURES: &str = "fixtures/review";

fn jxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("run jxlint")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// The summary starts at the sentence that closes `pretty` output.
fn summary_part(out: &str) -> &str {
    let at = out.rfind("\n检查了 ").map(|i| i + 1).expect("summary sentence");
    &out[at..]
}

#[test]
fn pretty_folder_check_ends_with_summary_table() {
    let o = jxlint(&["check", "--format", "pretty", "--color", "never", FIXTURES]);
    assert_eq!(o.status.code(), Some(1));
    // Piped stderr: no progress bar, nothing at all.
    assert_eq!(stderr(&o), "");
    insta::assert_snapshot!("pretty_folder_summary", summary_part(&stdout(&o)));
}

#[test]
fn pretty_statistics_follow_the_summary() {
    let o = jxlint(&["check", "--format", "pretty", "--color", "never", "--statistics", FIXTURES]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "");
    insta::assert_snapshot!("pretty_folder_summary_with_statistics", summary_part(&stdout(&o)));
}

#[test]
fn single_file_gets_one_sentence_and_no_table() {
    let o = jxlint(&["check", "--format", "pretty", "--color", "never", "fixtures/review/区财政局.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "检查了 1 个文件，未发现问题。\n");
}

#[test]
fn statistics_go_to_stderr_in_machine_formats() {
    let json = jxlint(&["check", "--format", "json", "--statistics", FIXTURES]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("stdout stays one JSON object");
    assert_eq!(v["files_checked"], 5);
    insta::assert_snapshot!("statistics", stderr(&json));

    let concise = jxlint(&["check", "--format", "concise", "--statistics", FIXTURES]);
    assert_eq!(stderr(&concise), stderr(&json));
    for line in stdout(&concise).lines() {
        assert!(line.starts_with("fixtures/review/") && line.contains("]"), "not a concise line: {line}");
    }
}

#[test]
fn statistics_of_a_clean_folder_say_so() {
    let o = jxlint(&["check", "--format", "concise", "--statistics", "fixtures/review/区财政局.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "按规则统计：未发现问题。\n\
         数值关系：1 个比率、1 个合计找到了运算数，4 个未找到运算数（jxlint dump --relations 可查看）\n"
    );
}

#[test]
fn output_file_receives_exactly_what_stdout_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.txt");
    let o = jxlint(&["check", "--format", "concise", "-o", path.to_str().unwrap(), FIXTURES]);
    assert_eq!(o.status.code(), Some(1), "findings still set the exit code");
    assert_eq!(stdout(&o), "");
    let piped = jxlint(&["check", "--format", "concise", FIXTURES]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout(&piped));
    assert_eq!(leftovers(dir.path()), ["findings.txt"]);
}

#[test]
fn output_format_follows_the_extension_unless_given() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let o = jxlint(&["check", "-o", json.to_str().unwrap(), FIXTURES]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["files_checked"], 5);

    let html = dir.path().join("review.HTML");
    jxlint(&["check", "-o", html.to_str().unwrap(), FIXTURES]);
    assert!(std::fs::read_to_string(&html).unwrap().starts_with("<!DOCTYPE html>"));

    let forced = dir.path().join("forced.html");
    jxlint(&["check", "--format", "concise", "-o", forced.to_str().unwrap(), FIXTURES]);
    assert!(std::fs::read_to_string(&forced).unwrap().starts_with("fixtures/review/"));
}

#[test]
fn unwritable_output_exits_2_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("review.html");
    let o = jxlint(&["check", "-o", missing.to_str().unwrap(), FIXTURES]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).starts_with("jxlint: 无法写入输出文件 "), "{}", stderr(&o));
    assert!(!missing.exists());

    // A folder in the way: the error names it, and no temporary file stays.
    let o = jxlint(&["check", "-o", dir.path().to_str().unwrap(), FIXTURES]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("这是一个文件夹"), "{}", stderr(&o));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn output_never_overwrites_a_report_being_checked() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("区财政局.txt");
    std::fs::copy("fixtures/review/区财政局.txt", &report).unwrap();
    let before = std::fs::read(&report).unwrap();
    let o = jxlint(&["check", "--format", "concise", "-o", report.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("它是正在检查的报告之一"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&report).unwrap(), before);
}

#[test]
fn existing_output_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.html");
    std::fs::write(&path, "x".repeat(1_000_000)).unwrap();
    let o = jxlint(&["check", "-o", path.to_str().unwrap(), FIXTURES]);
    assert_eq!(o.status.code(), Some(1));
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert_eq!(leftovers(dir.path()), ["review.html"]);
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn long_folders_list_the_ten_worst_files() {
    use jxlint::diagnostics::Severity;
    use jxlint::output::summary::{render_pretty, Summary};
    let mut s = Summary::new();
    for i in 0..13u8 {
        let errors = vec![("rate-mismatch", Severity::Error); usize::from(i % 4)];
        let warnings = vec![("typo", Severity::Warning); usize::from(i % 3)];
        s.add_file(&format!("报告/第{i:02}区.txt"), errors.into_iter().chain(warnings));
    }
    insta::assert_snapshot!("long_folder_summary", render_pretty(&s));
}

#[test]
fn no_progress_bar_when_stderr_is_piped_even_for_long_runs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..210 {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), "一、基本情况\n本部门预算执行率100%。\n").unwrap();
    }
    let o = jxlint(&["check", "--format", "pretty", "--color", "never", dir.path().to_str().unwrap()]);
    assert_eq!(stderr(&o), "", "more than 200 files, but stderr is not a terminal");
    assert!(stdout(&o).contains("检查了 210 个文件"));
}
