//! An auditor's scenario: a city's finance bureau adapts jxlint to its own requirements —
//! its own four-part outline (different section titles), a lower execution-rate threshold,
//! a banned phrase, and no indicator categories required of township reports — and every
//! change takes effect on a folder of reports. The configuration is
//! `fixtures/config/city.toml`; the reports are written to a tempdir (not kept under
//! `fixtures/`, so that checking `fixtures/` is not affected by them).

use std::path::Path;
use std::process::Command;

const EDUCATION_BUREAU: &str = "2024年度教育局部门整体绩效自评报告\n\
一、部门概况\n\
教育局内设科室6个。\n\
二、资金使用情况\n\
全年预算200万元，实际支出174万元，预算执行率87%。\n\
三、绩效分析\n\
产出指标：培训教师1200人次。效益指标：社会效益明显。满意度指标：满意度96%。\n\
全年圆满完成各项任务。\n\
四、问题与建议\n\
建议明年提前拨付资金。\n\
";

const TOWNSHIP: &str = "2024年度某镇部门整体绩效自评报告\n\
一、单位概况\n\
某镇政府内设机构5个。\n\
二、资金使用情况\n\
全年预算100万元，实际支出80万元，预算执行率80%。\n\
三、存在问题\n\
工作人员不足。\n\
";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "concise", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no configuration warnings");
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_citys_configuration_takes_effect_on_its_folder_of_reports() {
    let dir = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/config/city.toml");
    std::fs::copy(config, dir.path().join("jxlint.toml")).unwrap();
    write(dir.path(), "区直/教育局.txt", EDUCATION_BUREAU);
    write(dir.path(), "乡镇/某镇.txt", TOWNSHIP);

    let (code, out) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        out,
        // The city's outline: 某镇 has 单位概况 (a synonym) and 资金使用情况 but not the
        // city's 绩效分析 and 问题与建议; the built-in 绩效目标完成情况 is not required.
        "./乡镇/某镇.txt:1:1: warning[required-section] 报告缺少“绩效分析”部分\n\
         ./乡镇/某镇.txt:1:1: warning[required-section] 报告缺少“问题与建议”部分\n\
         ./乡镇/某镇.txt:5:25: warning[low-execution-rate] 预算执行率80%低于85%，但本段未说明原因\n\
         ./区直/教育局.txt:8:3: warning[template-text] 疑似照抄通知或模板中的说明文字：“圆满完成”\n"
    );
    // 教育局's 87% is above the city's 85%, and 乡镇/ has no missing-indicators finding.
    assert!(!out.contains("87%") && !out.contains("missing-indicators"));

    // The same reports under the built-in rules, for contrast.
    std::fs::remove_file(dir.path().join("jxlint.toml")).unwrap();
    let (_, out) = check(dir.path());
    assert_eq!(
        out,
        "./乡镇/某镇.txt:1:1: warning[missing-indicators] 报告没有产出指标、效益指标、满意度指标\n\
         ./乡镇/某镇.txt:1:1: warning[required-section] 报告缺少“绩效目标完成情况”部分\n\
         ./乡镇/某镇.txt:1:1: warning[required-section] 报告缺少“改进措施或建议”部分\n\
         ./乡镇/某镇.txt:5:25: warning[low-execution-rate] 预算执行率80%低于90%，但本段未说明原因\n\
         ./区直/教育局.txt:5:26: warning[low-execution-rate] 预算执行率87%低于90%，但本段未说明原因\n"
    );
}
