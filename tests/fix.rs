//! `check --fix` and `--diff`: one fixture per fixable rule with before/after snapshots,
//! encodings kept byte for byte, idempotence, and files that must be left alone.

use jxlint::diagnostics::{Diagnostic, Edit, Severity};
use jxlint::rules::RuleSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix").join(name)
}

/// Copies a fixture into a fresh folder; tests never write into the repository.
fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    (dir, path)
}

fn jxlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint")).current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs `--diff`, then `--fix` twice on a copy of `name`, checking what a fixable rule's
/// fixture must show: the diff writes nothing, `--fix` removes every finding of `rule` and
/// says how many it fixed, the second run changes nothing.
fn check_fixture(name: &str, rule: &str, fixes: usize) -> (String, String) {
    let (dir, path) = copy_fixture(name);
    let before = std::fs::read(&path).unwrap();

    let diff = jxlint(dir.path(), &["check", "--diff", name]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert_eq!(std::fs::read(&path).unwrap(), before, "--diff must not write");
    assert!(stderr(&diff).contains(&format!("{name}：可自动修正 {fixes} 处")), "{}", stderr(&diff));

    let fixed = jxlint(dir.path(), &["check", "--fix", "--format", "concise", name]);
    let remaining = stdout(&fixed);
    assert!(stderr(&fixed).contains(&format!("{name}：已修正 {fixes} 处")), "{}", stderr(&fixed));
    assert!(!remaining.contains(&format!("[{rule}]")), "{remaining}");
    let after = std::fs::read(&path).unwrap();
    assert_ne!(after, before);

    let again = jxlint(dir.path(), &["check", "--fix", "--format", "concise", name]);
    assert_eq!(std::fs::read(&path).unwrap(), after, "a second --fix must change nothing");
    assert_eq!(stdout(&again), remaining);
    assert!(stderr(&again).contains("没有可自动修正的问题"), "{}", stderr(&again));
    let diff_again = jxlint(dir.path(), &["check", "--diff", name]);
    assert_eq!((diff_again.status.code(), stdout(&diff_again)), (Some(0), String::new()));

    let text = String::from_utf8(after).unwrap();
    (stdout(&diff), format!("{text}\n---- 修正后剩余的问题 ----\n{remaining}"))
}

#[test]
fn fixes_typos() {
    let (diff, after) = check_fixture("typo.txt", "typo", 2);
    insta::assert_snapshot!("typo_diff", diff);
    insta::assert_snapshot!("typo_after", after);
}

#[test]
fn fixes_conversion_artifacts() {
    let (diff, after) = check_fixture("conversion-artifact.txt", "conversion-artifact", 3);
    insta::assert_snapshot!("conversion_artifact_diff", diff);
    insta::assert_snapshot!("conversion_artifact_after", after);
}

#[test]
fn fixes_halfwidth_punctuation_but_not_times() {
    let (diff, after) = check_fixture("halfwidth-punctuation.txt", "halfwidth-punctuation", 4);
    assert!(after.contains("10:30"), "{after}");
    assert!(after.contains("田间道路（含机耕路）等"), "{after}");
    insta::assert_snapshot!("halfwidth_punctuation_diff", diff);
    insta::assert_snapshot!("halfwidth_punctuation_after", after);
}

#[test]
fn fixes_stray_spaces() {
    let (diff, after) = check_fixture("cjk-space.txt", "cjk-space", 3);
    insta::assert_snapshot!("cjk_space_diff", diff);
    insta::assert_snapshot!("cjk_space_after", after);
}

#[test]
fn fixes_heading_number_style() {
    let (diff, after) = check_fixture("heading-numbering.txt", "heading-numbering", 1);
    assert!(after.starts_with("区文化和旅游局2024年度公共文化服务项目绩效自评报告\n一、项目概况\n"), "{after}");
    insta::assert_snapshot!("heading_numbering_diff", diff);
    insta::assert_snapshot!("heading_numbering_after", after);
}

/// The expected bytes were written by Python's codecs, not by jxlint's encoder.
fn round_trip(name: &str, expected: &str) {
    let (dir, path) = copy_fixture(name);
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", name]);
    assert!(stderr(&out).contains(&format!("{name}：已修正 2 处")), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(fixture(expected)).unwrap());
    jxlint(dir.path(), &["check", "--fix", name]);
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(fixture(expected)).unwrap());
}

#[test]
fn a_gb18030_file_stays_gb18030() {
    assert!(std::str::from_utf8(&std::fs::read(fixture("gb18030.txt")).unwrap()).is_err());
    round_trip("gb18030.txt", "gb18030.fixed.txt");
}

#[test]
fn a_utf8_file_keeps_its_bom_and_crlf_line_ends() {
    round_trip("utf8-bom-crlf.txt", "utf8-bom-crlf.fixed.txt");
}

#[cfg(unix)]
#[test]
fn keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = copy_fixture("typo.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    jxlint(dir.path(), &["check", "--fix", "typo.txt"]);
    assert!(std::fs::read_to_string(&path).unwrap().contains("截至2024年"));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o604);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_and_left_intact() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = copy_fixture("typo.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", "typo.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("jxlint: 未能写入 typo.txt：文件是只读的；文件保持原样（2 处修正未应用）"),
        "{}",
        stderr(&out)
    );
    // The findings reported are those of the file as it still is.
    assert!(stdout(&out).contains("typo.txt:3:1: warning[typo]"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
}

/// Root may write anywhere, except into an immutable folder (`chattr +i`): there the
/// temporary file cannot be created, so the write must fail cleanly.
#[cfg(target_os = "linux")]
#[test]
fn a_folder_where_the_file_cannot_be_replaced_is_reported_and_left_intact() {
    struct Immutable<'a>(&'a Path);
    impl Drop for Immutable<'_> {
        fn drop(&mut self) {
            let _ = Command::new("chattr").arg("-i").arg(self.0).status();
        }
    }
    let (dir, path) = copy_fixture("typo.txt");
    let folder = dir.path().join("只读文件夹");
    std::fs::create_dir(&folder).unwrap();
    let target = folder.join("typo.txt");
    std::fs::rename(&path, &target).unwrap();
    let before = std::fs::read(&target).unwrap();
    let set = Command::new("chattr").arg("+i").arg(&folder).status();
    if !set.is_ok_and(|s| s.success()) {
        eprintln!("skipped: chattr +i is not available here (needs root on ext4/xfs/btrfs)");
        return;
    }
    let guard = Immutable(&folder);
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", "只读文件夹/typo.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("未能写入 只读文件夹/typo.txt：无法在所在文件夹创建临时文件"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    drop(guard);

    // An immutable file in a writable folder: even root may not open it for writing.
    let guard = Immutable(&target);
    assert!(Command::new("chattr").arg("+i").arg(&target).status().unwrap().success());
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", "只读文件夹/typo.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("未能写入 只读文件夹/typo.txt：没有写入权限；文件保持原样"), "{}", stderr(&out));
    drop(guard);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "no temporary file left behind");
}

/// A file that is gone by the time it is read is reported, and not created.
#[cfg(unix)]
#[test]
fn a_vanished_file_is_reported_and_not_recreated() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("已删除.txt"), dir.path().join("报告.txt")).unwrap();
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", "报告.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("报告.txt:1:1: error[unreadable-file]"), "{}", stdout(&out));
    assert!(!dir.path().join("已删除.txt").exists());
}

#[test]
fn diff_prints_a_patch_for_every_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["typo.txt", "cjk-space.txt"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let out = jxlint(dir.path(), &["check", "--diff", "."]);
    assert_eq!(out.status.code(), Some(1));
    let patch = stdout(&out);
    assert!(patch.starts_with("--- a/cjk-space.txt\n+++ b/cjk-space.txt\n"), "{patch}");
    assert!(patch.contains("--- a/typo.txt\n+++ b/typo.txt\n"), "{patch}");
    assert!(stderr(&out).ends_with("共 2 个文件可自动修正 5 处（--fix 写入）。\n"), "{}", stderr(&out));
    for name in ["typo.txt", "cjk-space.txt"] {
        assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), std::fs::read(fixture(name)).unwrap());
    }
}

#[test]
fn numeric_findings_are_never_auto_fixed() {
    let rules = RuleSet::builtin();
    let edit = vec![Edit { span: 0..2, replacement: "90%".into() }];
    for rule in ["rate-mismatch", "sum-mismatch", "count-mismatch", "coverage-claim", "low-execution-rate"] {
        let d = Diagnostic::new(rule, Severity::Error, 0..2, "m").with_fix("改", edit.clone());
        assert!(!jxlint::fix::is_auto_fixable(&rules, &d), "{rule}");
    }
    let typo = Diagnostic::new("typo", Severity::Warning, 0..2, "m").with_fix("改", edit);
    assert!(jxlint::fix::is_auto_fixable(&rules, &typo));

    let text = "截止2024年底，年初预算200万元，实际支出180万元，预算执行率为95%。\n";
    let out = jxlint::fix::fix_text(text, &rules);
    assert_eq!(out.text, "截至2024年底，年初预算200万元，实际支出180万元，预算执行率为95%。\n");
    assert!(out.remaining.iter().any(|d| d.rule == "rate-mismatch"));
}

#[test]
fn fixes_that_uncover_other_fixes_are_applied_in_later_rounds() {
    let rules = RuleSet::builtin();
    // The half-width `;` sits between `]` and `乙` until the bookmark is gone.
    let out = jxlint::fix::fix_text("工作甲[bookmark: _GoBack];乙项工作。\n", &rules);
    assert_eq!(out.text, "工作甲；乙项工作。\n");
    assert_eq!(out.applied, 2);
    assert!(out.converged);
    let again = jxlint::fix::fix_text(&out.text, &rules);
    assert_eq!((again.applied, again.text.as_str()), (0, out.text.as_str()));
}

#[test]
fn rules_that_undo_each_other_stop_after_the_round_limit() {
    // Two custom rules that each "correct" the other's correction never settle.
    let toml = r#"
version = 1

[[rule]]
id = "one-way"
kind = "phrase"
summary = "甲乙→丙丁"
message = "“{found}”应为“{replace}”"
[[rule.phrase]]
find = "甲乙"
replace = "丙丁"

[[rule]]
id = "other-way"
kind = "phrase"
summary = "丙丁→甲乙"
message = "“{found}”应为“{replace}”"
[[rule.phrase]]
find = "丙丁"
replace = "甲乙"
"#;
    let rules = RuleSet::from_toml("loop.toml", toml).unwrap_or_else(|e| panic!("{e:?}"));
    check_unsettled_cli(toml);
    let out = jxlint::fix::fix_text("甲乙\n", &rules);
    assert!(!out.converged);
    assert_eq!(out.applied, jxlint::fix::MAX_ROUNDS);
    // An even number of rounds lands back on the input.
    assert_eq!(out.text, "甲乙\n");
    assert_eq!(out.remaining.len(), 1);
}

/// The CLI says the fixes did not settle and, since the text ended where it started, does not
/// rewrite the file (a rewrite would give it a new inode).
#[cfg(unix)]
fn check_unsettled_cli(toml: &str) {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    // Only these two rules: `--config` files inherit the built-in rules unless they say not to.
    std::fs::write(dir.path().join("loop.toml"), format!("extends = \"none\"\n{toml}")).unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "甲乙\n").unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    let out = jxlint(dir.path(), &["check", "--config", "loop.toml", "--fix", "--format", "concise", "a.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "jxlint: a.txt：经过 10 轮修正仍未稳定（可能有规则的修正互相抵消），剩余问题请手动处理\n");
    assert_eq!(stdout(&out), "a.txt:1:1: warning[one-way] “甲乙”应为“丙丁”\n");
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
}

#[cfg(not(unix))]
fn check_unsettled_cli(_: &str) {}

#[test]
fn only_the_selected_rules_are_fixed() {
    let (dir, path) = copy_fixture("utf8-bom-crlf.txt");
    let out = jxlint(dir.path(), &["check", "--fix", "--select", "typo", "--format", "concise", "utf8-bom-crlf.txt"]);
    assert!(stderr(&out).contains("utf8-bom-crlf.txt：已修正 1 处"), "{}", stderr(&out));
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(text.contains("截至2024年12月底") && text.contains("42人;其中"), "{text}");
}

/// A .docx is checked through extracted text; `--fix` must never write that text over the
/// Word file (the department report as .docx has typo, punctuation and artefact fixes to offer).
#[test]
fn fix_never_touches_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/docx/department_auto_numbered.docx")).unwrap();
    std::fs::write(dir.path().join("部门.docx"), &original).unwrap();
    let out = jxlint(dir.path(), &["check", "--fix", "--format", "concise", "部门.docx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不能自动修正"), "{}", stderr(&out));
    assert!(stdout(&out).contains("[typo]"));
    assert_eq!(std::fs::read(dir.path().join("部门.docx")).unwrap(), original);
}
