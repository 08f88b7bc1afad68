//! Configuration features end to end: discovery, extends, `[rules.ID]` changes, overrides
//! by glob, `--select`/`--ignore`, suppressions and baselines. Each test builds its own
//! folder in a tempdir and runs the `jxlint` binary on it.

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn jxlint(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint")).args(args).current_dir(dir).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const TYPO: &str = "截止2024年12月底，共有编制19人。\n";

#[test]
fn config_is_found_in_the_checked_folder_or_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "jxlint.toml", "[rules.typo]\nseverity = \"error\"\n");
    write(dir.path(), "报告/区县/a.txt", TYPO);
    let deep = dir.path().join("报告/区县");
    let sel = ["check", "--format", "concise", "--select", "typo"];
    let run = jxlint(&deep, &[&sel[..], &["."]].concat());
    assert!(run.stdout.starts_with("./a.txt:1:1: error[typo]"), "{}", run.stdout);
    let run = jxlint(dir.path(), &[&sel[..], &["报告/区县/a.txt"]].concat());
    assert!(run.stdout.starts_with("报告/区县/a.txt:1:1: error[typo]"), "{}", run.stdout);
    assert_eq!(
        jxlint::config::discover::find(&deep).map(|p| p.ends_with("jxlint.toml")),
        Some(true),
        "found from a nested folder"
    );

    let bare = tempfile::tempdir().unwrap();
    write(bare.path(), "a.txt", TYPO);
    let run = jxlint(bare.path(), &["check", "--format", "concise", "--select", "typo", "."]);
    assert_eq!(run.stdout, "./a.txt:1:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n");
    assert_eq!(run.code, 1);
}

#[test]
fn explicit_config_wins_over_the_discovered_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "jxlint.toml", "[rules.typo]\nenabled = false\n");
    write(dir.path(), "other.toml", "[rules.typo]\nseverity = \"error\"\n");
    write(dir.path(), "a.txt", TYPO);
    let run =
        jxlint(dir.path(), &["check", "--format", "concise", "--config", "other.toml", "--select", "typo", "a.txt"]);
    assert_eq!(run.stdout, "a.txt:1:1: error[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n");
}

const OWN_RULE: &str = r#"
[[rule]]
id = "banned-phrase"
kind = "phrase"
severity = "error"
summary = "本市禁用的表述"
message = "请勿使用“{found}”"

[[rule.phrase]]
find = "圆满完成"

[[rule.example]]
bad = "圆满完成任务。"
good = "完成任务12项。"
"#;

#[test]
fn extends_none_runs_only_the_files_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "jxlint.toml", &format!("extends = \"none\"\n{OWN_RULE}"));
    write(dir.path(), "a.txt", "截止2024年底，圆满完成任务。\n");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "a.txt"]);
    assert_eq!(run.stdout, "a.txt:1:10: error[banned-phrase] 请勿使用“圆满完成”\n");
    let list = jxlint(dir.path(), &["rules"]);
    assert_eq!(list.stdout.lines().count(), 4, "header, one rule, blank, source: {}", list.stdout);
    assert!(!list.stdout.contains("rate-mismatch"));
}

#[test]
fn extends_default_adds_own_rules_to_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "jxlint.toml", OWN_RULE);
    write(dir.path(), "a.txt", "截止2024年底，圆满完成任务。\n");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,banned-phrase", "a.txt"]);
    assert_eq!(
        run.stdout,
        "a.txt:1:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         a.txt:1:10: error[banned-phrase] 请勿使用“圆满完成”\n"
    );
    let list = jxlint(dir.path(), &["rules"]);
    let line = list.stdout.lines().find(|l| l.starts_with("banned-phrase")).unwrap();
    assert!(line.contains("phrase") && line.contains("error") && line.contains("jxlint.toml"), "{line}");
    let line = list.stdout.lines().find(|l| l.starts_with("typo")).unwrap();
    assert!(line.contains("rules/default.toml"), "{line}");
}

const RATE_88: &str = "全年预算100万元，实际支出88万元，预算执行率88%。\n";

#[test]
fn a_parameter_can_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", RATE_88);
    let args = ["check", "--format", "concise", "--select", "low-execution-rate", "a.txt"];
    let run = jxlint(dir.path(), &args);
    assert_eq!(run.stdout, "a.txt:1:25: warning[low-execution-rate] 预算执行率88%低于90%，但本段未说明原因\n");
    write(dir.path(), "jxlint.toml", "[rules.low-execution-rate]\nthreshold = 85\n");
    assert_eq!(jxlint(dir.path(), &args).stdout, "");
    let explain = jxlint(dir.path(), &["explain", "low-execution-rate"]).stdout;
    assert!(explain.contains("来源：rules/default.toml，jxlint.toml 修改\n"), "{explain}");
    assert!(explain.contains("当前设置：\n  阈值：85\n"), "{explain}");
}

#[test]
fn phrases_can_be_appended_and_sections_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let config = r#"
[[rules.typo.append.phrase]]
find = "帐号"
replace = "账号"

[[rules.required-section.section]]
name = "单位概况"
titles = ['单位概况']

[[rules.required-section.section]]
name = "绩效目标实现情况"
titles = ['目标实现']
"#;
    write(dir.path(), "jxlint.toml", config);
    write(dir.path(), "a.txt", "一、单位概况\n截止2024年底，开设帐号3个。\n二、预算执行情况\n");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,required-section", "a.txt"]);
    assert_eq!(
        run.stdout,
        "a.txt:1:1: warning[required-section] 报告缺少“绩效目标实现情况”部分\n\
         a.txt:2:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         a.txt:2:12: warning[typo] 疑似错别字：“帐号”应为“账号”\n"
    );
}

#[test]
fn overrides_apply_to_the_files_their_globs_match() {
    let dir = tempfile::tempdir().unwrap();
    let config = r#"
[[override]]
files = ["区县/*"]
[override.rules.typo]
enabled = false

[[override]]
files = ["*.md"]
[override.rules.typo]
severity = "error"
"#;
    write(dir.path(), "jxlint.toml", config);
    for f in ["区县/a.txt", "区县/乡镇/b.txt", "c.txt", "区县/d.md", "项目/e.md"] {
        write(dir.path(), f, TYPO);
    }
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo", "."]);
    let got: Vec<&str> = run.stdout.lines().map(|l| l.split(" 疑似").next().unwrap()).collect();
    assert_eq!(
        got,
        [
            "./c.txt:1:1: warning[typo]",
            // `区县/*` does not reach into 乡镇/; `*.md` matches in any folder. 区县/d.md
            // matches both: the second changes only the severity, so the first one's
            // `enabled = false` still holds there.
            "./区县/乡镇/b.txt:1:1: warning[typo]",
            "./项目/e.md:1:1: error[typo]",
        ]
    );
}

#[test]
fn each_distinct_rule_set_is_compiled_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[[override]]\nfiles = [\"区县/**\"]\n[override.rules.typo]\nenabled = false\n";
    let cfg = jxlint::config::Config::from_text(Path::new("jxlint.toml"), config, dir.path()).unwrap();
    let files: Vec<std::path::PathBuf> =
        ["a.txt", "区县/b.txt", "区县/x/c.txt", "d.txt"].iter().map(|f| dir.path().join(f)).collect();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let plan = cfg.plan(&refs, &Default::default()).unwrap();
    assert_eq!(plan.sets.len(), 2);
    assert_eq!(plan.assignment, [0, 1, 1, 0]);
    assert!(plan.sets[0].get("typo").unwrap().enabled);
    assert!(!plan.sets[1].get("typo").unwrap().enabled);
}

#[test]
fn select_and_ignore_apply_on_top_of_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "jxlint.toml", "[rules.typo]\nenabled = false\n");
    write(dir.path(), "a.txt", "截止2024年底，绩效 标准。\n");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,cjk-space", "a.txt"]);
    assert_eq!(run.stdout, "a.txt:1:12: info[cjk-space] 汉字之间有多余的空格：“效 标”\n", "--select never re-enables");
    assert_eq!(run.code, 0, "info is below --fail-on warning");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--ignore", "cjk-space", "a.txt"]);
    assert!(!run.stdout.contains("typo") && !run.stdout.contains("cjk-space"), "{}", run.stdout);
    let run = jxlint(dir.path(), &["check", "--select", "typoo", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("是不是 `typo`"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn baseline_round_trip_shows_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告/a.txt", "截止2024年底，共有编制19人。\n工作布署到位。\n");
    let sel = ["--format", "concise", "--select", "typo"];
    let run = jxlint(dir.path(), &[&["check", "--write-baseline", "baseline.json"][..], &sel, &["报告"]].concat());
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert!(run.stderr.contains("已将 2 条发现写入基线"), "{}", run.stderr);
    let json = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(json.contains("\"path\": \"报告/a.txt\"") && json.contains("\"line\": \"工作布署到位。\""), "{json}");
    assert!(!json.contains("\"line_number\""));

    let check = [&["check", "--baseline", "baseline.json"][..], &sel, &["报告"]].concat();
    let run = jxlint(dir.path(), &check);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));

    // Unrelated edits move the accepted findings; a new mistake is still reported.
    write(dir.path(), "报告/a.txt", "一、基本情况\n截止2024年底，共有编制19人。\n按排了培训。\n工作布署到位。\n");
    let run = jxlint(dir.path(), &check);
    assert_eq!(run.stdout, "报告/a.txt:3:1: warning[typo] 疑似错别字：“按排”应为“安排”\n");
    assert_eq!(run.code, 1);

    // A fixed finding is no longer needed in the baseline: said on stderr.
    write(dir.path(), "报告/a.txt", "截至2024年底，共有编制19人。\n工作布署到位。\n");
    let run = jxlint(dir.path(), &check);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("基线中有 1 条发现已不再出现"), "{}", run.stderr);

    write(dir.path(), "broken.json", "{\"version\": 1");
    let run = jxlint(dir.path(), &["check", "--baseline", "broken.json", "报告"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("基线文件格式有误"), "{}", run.stderr);
}

#[test]
fn inline_comments_suppress_in_markdown_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# 报告\n\n<!-- jxlint-disable-next-line typo 引用文件原标题 -->\n截止2024年底。\n截止2025年底。\n";
    write(dir.path(), "a.md", text);
    write(dir.path(), "b.txt", text);
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,unused-suppression", "."]);
    assert_eq!(
        run.stdout,
        "./a.md:5:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         ./b.txt:4:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         ./b.txt:5:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n"
    );
}

#[test]
fn useless_or_unexplained_inline_comments_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- jxlint-disable-next-line typo 原文如此 -->\n截至2024年底。\n\
                <!-- jxlint-disable-next-line typo -->\n截止2024年底。\n\
                <!-- jxlint-disable-next-line typos 原文如此 -->\n正文。\n";
    write(dir.path(), "a.md", text);
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,unused-suppression", "a.md"]);
    assert_eq!(
        run.stdout,
        "a.md:1:1: warning[unused-suppression] 下一行没有 `typo` 的发现，这条抑制注释已无用，可以删除\n\
         a.md:3:1: warning[unused-suppression] 抑制注释没有写原因，未生效；请在规则 id 后写明为什么接受这条发现\n\
         a.md:4:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         a.md:5:1: warning[unused-suppression] 抑制注释中的规则 `typos` 不存在，是不是 `typo`？\n"
    );
    // With the suppressed rule turned off, an unused comment is not blamed.
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "unused-suppression", "a.md"]);
    assert!(!run.stdout.contains("a.md:1:1"), "{}", run.stdout);
}

#[test]
fn ignore_entries_suppress_and_unused_ones_are_reported_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        "[[ignore]]\nfiles = [\"区县/*.txt\"]\nrule = \"typo\"\nline = \"文件原标题\"\nreason = \"引用原文\"\n\n\
                  [[ignore]]\nrule = \"cjk-space\"\nreason = \"已改正，应删除\"\n";
    write(dir.path(), "jxlint.toml", config);
    write(dir.path(), "区县/a.txt", "《截止2024年底的清查》（文件原标题）\n截止2024年底。\n");
    write(dir.path(), "b.txt", "《截止2024年底的清查》（文件原标题）\n");
    let run =
        jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,cjk-space,unused-suppression", "."]);
    assert_eq!(
        run.stdout,
        "./b.txt:1:2: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         ./区县/a.txt:2:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         jxlint.toml:8:8: warning[unused-suppression] [[ignore]] 没有抑制任何 `cjk-space` 的发现（原因：已改正，应删除），可以删除\n"
    );
    // Checking only b.txt does not blame the entry written for 区县/*.txt.
    let run =
        jxlint(dir.path(), &["check", "--format", "concise", "--select", "typo,cjk-space,unused-suppression", "b.txt"]);
    assert_eq!(
        run.stdout,
        "b.txt:1:2: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）\n\
         jxlint.toml:8:8: warning[unused-suppression] [[ignore]] 没有抑制任何 `cjk-space` 的发现（原因：已改正，应删除），可以删除\n"
    );
}

#[test]
fn rules_that_can_never_match_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[[rules.required-section.section]]\nname = \"基本情况\"\ntitles = ['一、基本情况']\n\n\
                  [[rules.typo.append.phrase]]\nfind = '(帐)?'\nregex = true\n";
    write(dir.path(), "jxlint.toml", config);
    write(dir.path(), "a.txt", "正文。\n");
    let run = jxlint(dir.path(), &["check", "--format", "concise", "--select", "heading-numbering", "a.txt"]);
    assert_eq!(run.code, 0);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(warnings[0].starts_with("jxlint: jxlint.toml:3:11: 警告：") && warnings[0].contains("含有编号"));
    assert!(warnings[1].starts_with("jxlint: jxlint.toml:6:8: 警告：") && warnings[1].contains("空字符串"));
}

#[test]
fn init_writes_a_commented_config_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let run = jxlint(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.path().join("jxlint.toml")).unwrap();
    assert_eq!(written, jxlint::config::TEMPLATE);
    assert!(written.contains("# 继承内置规则"));

    std::fs::write(dir.path().join("jxlint.toml"), "# 我的配置\n").unwrap();
    let run = jxlint(dir.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("已存在"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("jxlint.toml")).unwrap(), "# 我的配置\n");
    assert_eq!(jxlint(dir.path(), &["init", "--force"]).code, 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("jxlint.toml")).unwrap(), jxlint::config::TEMPLATE);

    // The starting configuration loads, and its example rule's examples pass.
    let run = jxlint(dir.path(), &["rules", "--test"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("banned-phrase") && run.stdout.contains(" 0 failed"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[test]
fn rules_test_runs_the_users_examples_and_fails_on_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = OWN_RULE.replace("good = \"完成任务12项。\"", "good = \"圆满完成任务12项。\"");
    write(dir.path(), "my.toml", &wrong);
    let run = jxlint(dir.path(), &["rules", "--test", "my.toml"]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().find(|l| l.starts_with("banned-phrase") && l.contains("good")).unwrap();
    assert!(line.contains("my.toml") && line.contains("失败：示例不应触发，但报告了“请勿使用“圆满完成””"), "{line}");
    assert!(run.stdout.contains("typo "), "built-in rules are tested too");
    assert!(run.stdout.ends_with(" passed, 1 failed\n"), "{}", run.stdout);
}

#[test]
fn globs_match_paths_given_with_dot_dot() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[[override]]\nfiles = [\"报告/区县/**\"]\n[override.rules.typo]\nseverity = \"error\"\n";
    write(dir.path(), "jxlint.toml", config);
    write(dir.path(), "报告/区县/a.txt", TYPO);
    write(dir.path(), "工作/说明.md", "正文。\n");
    let run = jxlint(&dir.path().join("工作"), &["check", "--format", "concise", "--select", "typo", "../报告"]);
    assert!(run.stdout.starts_with("../报告/区县/a.txt:1:1: error[typo]"), "{}", run.stdout);
}

/// A parameter the rule's kind does not take used to be a warning; since each kind reads
/// its own typed parameters it is an error at the key, like any other unknown key.
#[test]
fn parameters_a_rule_kind_does_not_read_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        "[rules.typo]\nthreshold = 85\n\n[[override]]\nfiles = [\"*.md\"]\n[override.rules.cjk-space]\nchars = \";\"\n";
    write(dir.path(), "jxlint.toml", config);
    let run = jxlint(dir.path(), &["rules"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("未知的键 `threshold`"), "{}", run.stderr);
    assert!(run.stderr.contains("jxlint.toml:2:1"), "{}", run.stderr);
    write(dir.path(), "jxlint.toml", &config.replace("[rules.typo]\nthreshold = 85\n", ""));
    let run = jxlint(dir.path(), &["rules"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("未知的键 `chars`") && run.stderr.contains("jxlint.toml:5:1"), "{}", run.stderr);
}
