//! The binary as users and other tools run it: walking, encodings, formats, exit codes.

mod common;
use common::{department_report, repo};
use std::path::Path;
use std::process::{Command, Output};

fn jxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint")).args(args).env("NO_COLOR", "1").output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A folder mixing every encoding we read and every kind of file we cannot: the good ones
/// are checked, each bad one gets one clear `unreadable-file` finding, nothing panics.
#[test]
fn mixed_folder_checks_good_files_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a-utf8.txt", "截止2024年底，完成。\n".as_bytes());
    write(d, "b-bom.txt", &[&[0xEF, 0xBB, 0xBF][..], "截止2024年底，完成。\n".as_bytes()].concat());
    write(d, "c-gbk.txt", &encoding_rs::GB18030.encode("截止2024年底，完成。\n").0);
    write(d, "d-empty.txt", b"");
    write(d, "e-binary.txt", b"PK\x03\x04\x00\x00binary\x00data");
    write(d, "f-invalid.txt", &[b"abc\n".as_slice(), &[0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE]].concat());
    write(d, "g-ignored.pdf", b"%PDF-1.4");
    std::fs::create_dir(d.join(".hidden")).unwrap();
    write(&d.join(".hidden"), "x.txt", "截止2024年底".as_bytes());

    let out = jxlint(&["check", "--format", "json", "--select", "typo,unreadable-file", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["files_checked"], 6);
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
            (name, d["rule"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("a-utf8.txt", "typo"),
        ("b-bom.txt", "typo"),
        ("c-gbk.txt", "typo"),
        ("d-empty.txt", "unreadable-file"),
        ("e-binary.txt", "unreadable-file"),
        ("f-invalid.txt", "unreadable-file"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(found, expected);
    let messages: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages[3].contains("文件为空"), "{}", messages[3]);
    assert!(messages[4].contains("二进制"), "{}", messages[4]);
    assert!(messages[5].contains("第2行第1列"), "{}", messages[5]);
    // The BOM is not part of the text: the typo is at column 1 in every encoding.
    for d in &json["diagnostics"].as_array().unwrap()[..3] {
        assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["byte_start"].as_u64()), (Some(1), Some(1), Some(0)));
    }
}

#[test]
fn json_has_the_fields_spec_names() {
    let out = jxlint(&["check", "--format", "json", department_report().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["files_checked"], 1);
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "typo").unwrap();
    for key in [
        "path",
        "rule",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    // `截止` on line 5: two characters, six bytes.
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(5), Some(1), Some(3)));
    assert_eq!(d["byte_end"].as_u64().unwrap() - d["byte_start"].as_u64().unwrap(), 6);
    assert_eq!(d["severity"], "warning");
}

#[test]
fn concise_is_one_line_per_finding_in_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, "一、基本情况\n截止2024年底，工作;网络建设。\n").unwrap();
    let out = jxlint(&["check", "--format", "concise", "--select", "typo,halfwidth-punctuation", f.to_str().unwrap()]);
    let p = f.display();
    assert_eq!(
        stdout(&out),
        format!(
            "{p}:2:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
             {p}:2:12: warning[halfwidth-punctuation] 中文之间使用了半角标点“;”，应为全角“；”\n"
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn exit_codes_follow_the_failing_severity() {
    let clean = repo("fixtures/clean-agriculture.txt");
    assert_eq!(jxlint(&["check", clean.to_str().unwrap()]).status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, "工作 安排。\n").unwrap();
    let args =
        |fail: &str| jxlint(&["check", "--select", "cjk-space", "--fail-on", fail, f.to_str().unwrap()]).status.code();
    // cjk-space is `info`: only `--fail-on info` turns it into a failure.
    assert_eq!(args("warning"), Some(0));
    assert_eq!(args("info"), Some(1));
}

#[test]
fn missing_path_is_a_usage_error_with_nothing_on_stdout() {
    let out = jxlint(&["check", "--format", "json", "/no/such/报告"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("路径不存在"));
}

#[test]
fn unknown_rule_in_select_is_a_usage_error() {
    let out = jxlint(&["check", "--select", "rate-mismatc", repo("fixtures").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是不是 `rate-mismatch`"));
}

#[test]
fn malformed_rule_file_points_into_the_toml_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rules.toml");
    std::fs::write(
        &cfg,
        "[[rule]]\nid = \"x\"\nkind = \"phrase\"\nsumary = \"s\"\nmessage = \"m\"\n[[rule.phrase]]\nfind = \"a\"\n",
    )
    .unwrap();
    let out = jxlint(&["check", "--config", cfg.to_str().unwrap(), repo("fixtures").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("未知的键 `sumary`"), "{err}");
    assert!(err.contains("是不是想写 `summary`"), "{err}");
    assert!(err.contains("rules.toml:4:1"), "{err}");
}

#[test]
fn folder_output_is_sorted_by_path() {
    let out = jxlint(&["check", "--format", "concise", repo("fixtures").to_str().unwrap()]);
    let paths: Vec<String> = stdout(&out).lines().map(|l| l.split(':').next().unwrap().to_owned()).collect::<Vec<_>>();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(!paths.is_empty());
}

#[test]
fn explain_prints_the_rule_in_chinese_with_examples() {
    let out = jxlint(&["explain", "rate-mismatch"]);
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    assert!(s.contains("执行率 = 实际支出 ÷ 预算数"), "{s}");
    assert!(s.contains("示例 1"), "{s}");
    assert_eq!(jxlint(&["explain", "no-such-rule"]).status.code(), Some(2));
}

/// A malformed expression in an `equation` rule is reported at the exact character inside
/// the TOML string, with the available facts as help, and nothing is checked.
#[test]
fn malformed_expression_points_at_the_character_in_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rules.toml");
    std::fs::write(
        &cfg,
        "extends = \"none\"\n\n[[fact]]\nname = \"budget\"\ndescription = \"预算数\"\nlabels = ['预算']\n\n\
         [[rule]]\nid = \"x\"\nkind = \"equation\"\nsummary = \"s\"\nmessage = \"m\"\nexpr = \"budget + budgt > 0\"\n",
    )
    .unwrap();
    let out =
        jxlint(&["check", "--config", cfg.to_str().unwrap(), repo("fixtures/clean-agriculture.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("未定义的事实 `budgt`"), "{err}");
    assert!(err.contains("是不是想写 `budget`"), "{err}");
    // `expr = "budget + budgt > 0"`: the unknown name starts at column 18 of line 13.
    assert!(err.contains("rules.toml:13:18"), "{err}");
}
