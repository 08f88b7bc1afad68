//! Rule examples are tests: every built-in rule has at least one `bad` example that must
//! trigger it and one `good` example that must not, and they all pass — the same check
//! `jxlint rules --test` runs in CI.

use jxlint::config::examples::run_examples;
use jxlint::rules::RuleSet;

#[test]
fn every_builtin_rule_has_bad_and_good_examples() {
    let rules = RuleSet::builtin();
    let missing: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| {
            !r.meta.examples.iter().any(|e| e.bad.is_some()) || !r.meta.examples.iter().any(|e| e.good.is_some())
        })
        .map(|r| r.meta.id.as_str())
        .collect();
    assert!(missing.is_empty(), "rules without a bad and a good example: {missing:?}");
}

#[test]
fn every_builtin_example_passes() {
    let rules = RuleSet::builtin();
    let results = run_examples(&rules);
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| format!("{} #{} {}{}", r.rule, r.index + 1, if r.bad { "bad" } else { "good" }, r.detail))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    for rule in &rules.rules {
        assert!(results.iter().any(|r| r.rule == rule.meta.id && r.bad), "{} has no bad example run", rule.meta.id);
    }
}

#[test]
fn a_wrong_example_fails() {
    let toml = r#"
[[rule]]
id = "banned"
kind = "phrase"
summary = "s"
message = "m"
[[rule.phrase]]
find = "圆满完成"
[[rule.example]]
bad = "完成任务。"
good = "圆满完成任务。"
"#;
    let rules = RuleSet::from_toml("t.toml", toml).unwrap();
    let results = run_examples(&rules);
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| !r.passed));
    assert_eq!(results[0].detail, "：示例未触发本规则");
    assert_eq!(results[1].detail, "：示例不应触发，但报告了“m”");
}

#[test]
fn rules_test_command_passes_on_the_builtin_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["rules", "--test"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("规则"));
    assert!(stdout.ends_with(" passed, 0 failed\n"), "{stdout}");
    assert!(!stdout.contains("缺少 bad 或 good 示例"));
}

#[test]
fn custom_rules_of_every_kind_load_from_jxlint_toml_and_their_examples_pass() {
    // The built-in rule file, renamed, as an auditor's own rules with no inheritance: every
    // kind and every parameter is available to custom rules in the same schema.
    let own = jxlint::rules::DEFAULT_RULES
        .replace("\nid = \"", "\nid = \"city-")
        .replace("jxlint-disable-next-line typo", "jxlint-disable-next-line city-typo");
    let toml = format!("extends = \"none\"\n{}", own.replacen("version = 1", "", 1));
    let config =
        jxlint::config::Config::from_text(std::path::Path::new("jxlint.toml"), &toml, std::path::Path::new("."))
            .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(*e)));
    assert_eq!(config.warnings, Vec::<String>::new());
    let rules = config.base_set().unwrap();
    let kinds: std::collections::BTreeSet<&str> = rules.rules.iter().map(|r| r.meta.kind.as_str()).collect();
    let registered: std::collections::BTreeSet<&str> = jxlint::rules::kinds::KINDS.iter().map(|k| k.0).collect();
    assert_eq!(kinds, registered, "every registered kind is exercised");
    assert!(rules.rules.iter().all(|r| r.meta.id.starts_with("city-")));
    let failed: Vec<_> = run_examples(&rules).into_iter().filter(|r| !r.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(config.rule_sources().iter().all(|(_, from)| from == "jxlint.toml"));
}
