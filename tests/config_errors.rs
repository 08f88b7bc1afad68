//! Malformed configuration files: each kind of mistake is reported with miette pointing at
//! the exact characters in the user's `jxlint.toml` (never at the built-in rule file), and
//! `jxlint check` exits 2 without checking anything.

use jxlint::config::Config;
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::path::Path;

/// The rendered error and the text under its span.
fn error(toml: &str) -> (String, String) {
    let e = match Config::from_text(Path::new("jxlint.toml"), toml, Path::new("/tmp")) {
        Ok(_) => panic!("configuration unexpectedly accepted:\n{toml}"),
        Err(e) => e,
    };
    assert_eq!(e.src.name(), "jxlint.toml", "error must point into the user's file");
    let span = e.span.expect("error has a location");
    let under = toml[span.offset()..span.offset() + span.len()].to_owned();
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(90)
        .render_report(&mut out, e.as_ref())
        .unwrap();
    (out, under)
}

#[test]
fn toml_syntax_error() {
    let (out, under) = error("[rules.typo\nenabled = false\n");
    assert_eq!(under, "\n");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (out, under) = error("[rules.low-execution-rate]\ntreshold = 85\n");
    assert_eq!(under, "treshold");
    assert!(out.contains("是不是想写 `threshold`"));
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_key_in_a_custom_rule() {
    let toml = "[[rule]]\nid = \"my-rule\"\nkind = \"phrase\"\nsummary = \"s\"\nmessage = \"m\"\nseverty = \"error\"\n";
    let (out, under) = error(toml);
    assert_eq!(under, "severty");
    assert!(out.contains("是不是想写 `severity`"));
    insta::assert_snapshot!(out);
}

#[test]
fn wrong_type() {
    let (out, under) = error("[rules.low-execution-rate]\nthreshold = \"八十五\"\n");
    assert_eq!(under, "\"八十五\"");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_regex_in_an_appended_phrase() {
    let toml = "[[rules.stale-phrase.append.phrase]]\nfind = '脱贫(攻坚'\nregex = true\n";
    let (out, under) = error(toml);
    assert_eq!(under, "'脱贫(攻坚'");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_rule_kind() {
    let toml = "[[rule]]\nid = \"my-rule\"\nkind = \"phrses\"\nsummary = \"s\"\nmessage = \"m\"\n";
    let (out, under) = error(toml);
    assert_eq!(under, "\"phrses\"");
    assert!(out.contains("是不是想写 `phrase`"));
    insta::assert_snapshot!(out);
}

#[test]
fn duplicate_rule_id() {
    let rule = "[[rule]]\nid = \"banned\"\nkind = \"phrase\"\nsummary = \"s\"\nmessage = \"m\"\n[[rule.phrase]]\nfind = \"x\"\n";
    let toml = format!("{rule}\n{rule}");
    let (out, under) = error(&toml);
    assert_eq!(under, "\"banned\"");
    let second = toml.rfind("\"banned\"").unwrap();
    assert!(out.contains("jxlint.toml:10:6"), "points at the second definition (byte {second}):\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_rule_id_in_rules_table() {
    let (out, under) = error("[rules.low-excution-rate]\nthreshold = 85\n");
    assert_eq!(under, "low-excution-rate");
    assert!(out.contains("是不是想写 `low-execution-rate`"));
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_rule_id_in_override() {
    let toml = "[[override]]\nfiles = [\"区县/**\"]\n[override.rules.cjk-spaces]\nenabled = false\n";
    let (out, under) = error(toml);
    assert_eq!(under, "cjk-spaces");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_glob() {
    let toml = "[[override]]\nfiles = [\"区县/{a,b\"]\n[override.rules.cjk-space]\nenabled = false\n";
    let (out, under) = error(toml);
    assert_eq!(under, "\"区县/{a,b\"");
    insta::assert_snapshot!(out);
}

#[test]
fn ignore_without_reason() {
    let (out, _) = error("[[ignore]]\nrule = \"typo\"\n");
    assert!(out.contains("缺少必填的键 `reason`"));
    let (out, under) = error("[[ignore]]\nrule = \"typo\"\nreason = \"  \"\n");
    assert_eq!(under, "\"  \"");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_severity() {
    let (out, under) = error("[rules.typo]\nseverity = \"eror\"\n");
    assert_eq!(under, "\"eror\"");
    assert!(out.contains("是不是想写 \"error\""));
    insta::assert_snapshot!(out);
}

#[test]
fn bad_severity_in_a_custom_rule() {
    let toml =
        "[[rule]]\nid = \"my-rule\"\nkind = \"spacing\"\nseverity = \"warnning\"\nsummary = \"s\"\nmessage = \"m\"\n";
    let (out, under) = error(toml);
    assert_eq!(under, "\"warnning\"");
    assert!(out.contains("未知的严重程度") && out.contains("是不是想写 \"warning\""), "{out}");
}

#[test]
fn unknown_rule_id_in_ignore() {
    let (out, under) = error("[[ignore]]\nrule = \"typ\"\nreason = \"原文\"\n");
    assert_eq!(under, "\"typ\"");
    assert!(out.contains("没有 id 为 `typ` 的规则") && out.contains("是不是想写 `typo`"), "{out}");
}

#[test]
fn unknown_extends() {
    let (out, under) = error("extends = \"defaults\"\n");
    assert_eq!(under, "\"defaults\"");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_fact_in_a_changed_parameter_points_at_the_users_file() {
    let (out, under) = error("# 本市配置\n[rules.count-mismatch]\nfacts = [\"project_cont\"]\n");
    assert_eq!(under, "\"project_cont\"");
    assert!(out.contains("是不是想写 `project_count`"));
    insta::assert_snapshot!(out);
}

#[test]
fn check_exits_2_and_checks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jxlint.toml"), "[rules.typo]\nenabled = 1\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "截止2024年底。\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "concise", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("jxlint.toml:2:11"), "{err}");
}

#[test]
fn bad_regex_in_a_fact_label_points_at_that_label() {
    // All facts' labels are compiled as one set; the error must still name the one pattern.
    let toml =
        "[[fact]]\nname = \"grants\"\ndescription = \"补助\"\nunit = \"money\"\nlabels = ['补助', '专项(资金']\n\n\
                [[fact]]\nname = \"loans\"\ndescription = \"贷款\"\nunit = \"money\"\nlabels = ['贷款']\n";
    let (out, under) = error(toml);
    assert_eq!(under, "'专项(资金'");
    assert!(out.contains("正则表达式"), "{out}");
}

/// The `[file:line:column]` of a configuration error counted bytes (miette's default), so a
/// Chinese string before the error put the column far to the right of where findings (which
/// count characters) would; `enabled` is the 19th character of line 2, its 29th byte.
#[test]
fn config_error_columns_counted_bytes_not_characters() {
    let (out, under) = error("[rules.typo]\nsummary = \"错别字检查\" enabled = false\n");
    assert!(out.contains("╭─[jxlint.toml:2:19]"), "{out}");
    assert_eq!(under, "e");
}

/// Every kind rejects a key it does not take, at that key, in a `[[rule]]` and in a
/// `[rules.ID]` change; a near miss of one of its keys gets a did-you-mean.
#[test]
fn every_kind_rejects_a_key_it_does_not_take_at_that_key() {
    for (kind, ..) in jxlint::rules::kinds::KINDS {
        let toml =
            format!("[[rule]]\nid = \"probe\"\nkind = \"{kind}\"\nsummary = \"s\"\nmessage = \"m\"\nnot_a_key = 1\n");
        let (out, under) = error(&toml);
        assert_eq!(under, "not_a_key", "{kind}: {out}");
        assert!(out.contains("未知的键 `not_a_key`"), "{kind}: {out}");
    }
    // A parameter of another kind is no parameter of this one.
    let (out, under) = error("[rules.typo]\nthreshold = 85\n");
    assert_eq!(under, "threshold");
    assert!(out.contains("未知的键 `threshold`"), "{out}");
    // The did-you-mean is among the kind's own keys.
    let (out, under) = error("[rules.low-execution-rate]\nreason = [\"因为\"]\n");
    assert_eq!(under, "reason");
    assert!(out.contains("是不是想写 `reasons`"), "{out}");
    let (out, under) = error("[[override]]\nfiles = [\"*.md\"]\n[override.rules.cjk-space]\nchars = \";\"\n");
    assert_eq!(under, "chars");
    assert!(out.contains("这类规则没有参数"), "{out}");
}

#[test]
fn appending_to_a_value_that_is_no_list_is_an_error_at_the_key() {
    let (out, under) = error("[rules.low-execution-rate.append]\nthreshold = [1]\n");
    assert_eq!(under, "threshold", "{out}");
}
