//! `jxlint dump --relations`: which stated rates and totals were linked to which operands,
//! how they compute, and which were left unexplained; and the count of them that
//! `check --statistics` adds up across files.

use std::process::{Command, Output};

/// A rate beside its amounts, a 其中 breakdown, and a 核减率 with no amounts anywhere.
const REPORT: &str = "fixtures/relations/培训项目.txt";

fn jxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run jxlint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The lines of one `== ` part of the dump, from its heading to the next blank line.
fn part<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    out.lines().skip_while(|l| !l.starts_with(heading)).take_while(|l| !l.is_empty()).collect()
}

#[test]
fn relations_show_operands_scope_evidence_and_the_arithmetic() {
    let o = jxlint(&["dump", "--relations", REPORT]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(
        part(&out, "== 数值关系"),
        [
            "== 数值关系（比率 1 个，合计 1 个，未找到运算数 1 个）",
            "比率 2:33 预算执行率“90%”：同一句，证据强（不符时为错误）",
            "  分子 实际支出“180万元”（2:22）",
            "  分母 2024年项目预算资金“200万元”（2:12）",
            "  计算 90%，写明 90%，相符",
            "合计 3:6 项目总投资“150万元”：句内，证据强（不符时为错误），分项完整",
            "  分项 设备购置“100万元”（3:19）",
            "  分项 人员培训“30万元”（3:29）",
            "  分项 其他“20万元”（3:36）",
            "  计算 150万元，写明 150万元，相符",
            "未找到运算数 5:13 项目核减率为“5%”",
        ]
    );
    assert_eq!(
        part(&out, "== 事实陈述"),
        [
            "== 事实陈述（8 个事实）",
            "budget（预算数）：1 处",
            "  2:12 “200万元” = 2000000",
            "expenditure（实际支出）：1 处",
            "  2:22 “180万元” = 1800000",
        ]
    );
}

#[test]
fn a_wrong_rate_and_a_short_breakdown_are_shown_as_disagreeing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.txt");
    std::fs::write(
        &path,
        "2024年项目预算资金200万元，实际支出180万元，预算执行率85%。\n\
         项目总投资150万元，其中：设备购置100万元，人员培训30万元，其他10万元。\n",
    )
    .unwrap();
    let o = jxlint(&["dump", "--relations", path.to_str().unwrap()]);
    let out = text(&o.stdout);
    let verdicts: Vec<&str> = out.lines().filter(|l| l.starts_with("  计算 ")).collect();
    assert_eq!(verdicts, ["  计算 90%，写明 85%，不符", "  计算 140万元，写明 150万元，不符"]);
}

#[test]
fn without_the_flag_the_dump_has_no_relations() {
    let out = text(&jxlint(&["dump", REPORT]).stdout);
    assert!(out.contains("== 数量"));
    assert!(!out.contains("== 数值关系") && !out.contains("== 事实陈述"));
}

#[test]
fn statistics_count_linked_and_unexplained_values_across_files() {
    let one = jxlint(&["check", "--format", "concise", "--statistics", REPORT]);
    let last = |o: &Output| text(&o.stderr).lines().last().unwrap_or_default().to_owned();
    assert_eq!(
        last(&one),
        "数值关系：1 个比率、1 个合计找到了运算数，1 个未找到运算数（jxlint dump --relations 可查看）"
    );

    // A second report adds its own: the counts are summed, not kept per file.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("另一份.txt");
    std::fs::write(&other, "年度预算资金50万元，实际支出40万元，预算执行率80%。经评审，核减率为3%。\n").unwrap();
    let two = jxlint(&["check", "--format", "concise", "--statistics", REPORT, other.to_str().unwrap()]);
    assert_eq!(
        last(&two),
        "数值关系：2 个比率、1 个合计找到了运算数，2 个未找到运算数（jxlint dump --relations 可查看）"
    );
}
