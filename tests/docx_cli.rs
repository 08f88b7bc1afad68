//! The CLI on .docx reports: a full 自评表 in Word (merged cells, automatic numbering)
//! gives exactly the planted findings, named by table cell; a clean one gives none; a
//! damaged .docx is a finding on that file while the rest of the folder is still checked;
//! `jxlint dump` shows the extracted text and the parsed model.

mod docx_writer;

use docx_writer::{tc, Docx, Tc, CN_OUTLINE};
use std::path::Path;
use std::process::Command;

const TABLE_RULES: &str =
    "indicator-weights,indicator-scores,indicator-completion,indicator-orientation,table-prose-mismatch";

fn jxlint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint")).args(args).current_dir(dir).output().expect("run jxlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn merged<'a>(text: &'a str, first: bool) -> Tc<'a> {
    Tc { text, span: 1, vmerge: Some(if first { "restart" } else { "" }) }
}

/// A 项目支出绩效自评表 as the national form lays it out, in one Word table.
/// `planted` swaps in errors; otherwise every number agrees.
fn self_evaluation(planted: bool) -> Docx {
    let mut d = Docx::new();
    let abs = d.abstract_num(CN_OUTLINE);
    let num = d.num(abs, None);
    d.heading_style("Heading1", "标题 1", 0, Some((num, 0)));
    d.para("2024年度社区养老服务补贴项目支出绩效自评报告");
    d.styled("Heading1", "项目基本情况");
    d.para(if planted {
        "本项目全年预算数为200万元，实际支出192万元，预算执行率95.00%。"
    } else {
        "本项目全年预算数为200万元，实际支出190万元，预算执行率95.00%。"
    });
    d.styled("Heading1", "绩效目标完成情况");
    d.para(if planted {
        "本项目自评总分为97.5分，等级为良。"
    } else {
        "本项目自评总分为97.5分，等级为优。"
    });
    let (quality_row_score, note) = if planted {
        ("16", "暂无")
    } else {
        ("15", "受两处助餐点装修影响，服务人数少于目标，下一步将在装修完成后恢复服务")
    };
    let process = if planted {
        ["数量指标", "资金到位率", "＝100%", "100%"]
    } else {
        ["成本指标", "人均补贴标准", "≤1600元", "1580元"]
    };
    d.table(&[
        vec![tc("项目名称"), Tc { text: "社区养老服务补贴", span: 7, vmerge: None }],
        vec![
            tc("项目资金（万元）"),
            tc("年初预算数"),
            tc("全年预算数"),
            tc("全年执行数"),
            tc("分值"),
            tc("执行率"),
            Tc { text: "得分", span: 2, vmerge: None },
        ],
        vec![
            tc("年度资金总额"),
            tc("200"),
            tc("200"),
            tc("190"),
            tc("10"),
            tc("95.00%"),
            Tc { text: "9.5", span: 2, vmerge: None },
        ],
        vec![
            tc("一级指标"),
            tc("二级指标"),
            tc("三级指标"),
            tc("年度指标值"),
            tc("实际完成值"),
            tc("分值"),
            tc("得分"),
            tc("偏差原因分析及改进措施"),
        ],
        vec![
            merged("产出指标（50分）", true),
            tc("数量指标"),
            tc("服务老人人数"),
            tc("≥1200人"),
            tc("1180人"),
            tc("20"),
            tc("19.67"),
            tc(note),
        ],
        vec![
            merged("", false),
            tc("质量指标"),
            tc("服务合格率"),
            tc("≥95%"),
            tc("98%"),
            tc("15"),
            tc(quality_row_score),
            tc(""),
        ],
        vec![
            merged("", false),
            tc("时效指标"),
            tc("补贴发放及时率"),
            tc("≥95%"),
            tc("100%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![
            merged("", false),
            tc(process[0]),
            tc(process[1]),
            tc(process[2]),
            tc(process[3]),
            tc("5"),
            tc("5"),
            tc(""),
        ],
        vec![
            merged("效益指标（30分）", true),
            tc("社会效益指标"),
            tc("老年人生活质量"),
            tc("明显改善"),
            tc("达成年度指标"),
            tc("20"),
            tc("18.33"),
            tc(""),
        ],
        vec![
            merged("", false),
            tc("可持续影响指标"),
            tc("助餐点持续运营率"),
            tc("≥90%"),
            tc("100%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![
            tc("满意度指标（10分）"),
            tc("服务对象满意度指标"),
            tc("老人满意度"),
            tc("≥90%"),
            tc("95%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![Tc { text: "总分", span: 5, vmerge: None }, tc("100"), tc("97.5"), tc("")],
    ]);
    d
}

#[test]
fn planted_self_evaluation_docx_gives_exact_findings_named_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    self_evaluation(true).save(&dir.path().join("planted.docx"));
    let (code, out, err) =
        jxlint(dir.path(), &["check", "--format", "concise", "--select", TABLE_RULES, "planted.docx"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("planted_docx_concise", out);
}

#[test]
fn clean_self_evaluation_docx_has_no_table_findings() {
    let dir = tempfile::tempdir().unwrap();
    self_evaluation(false).save(&dir.path().join("clean.docx"));
    let sel = format!("{TABLE_RULES},heading-numbering,conversion-artifact");
    let (code, out, err) = jxlint(dir.path(), &["check", "--format", "concise", "--select", &sel, "clean.docx"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn damaged_docx_is_a_finding_and_the_folder_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a_good.txt"), "报告\n截止2024年12月底，全部完成。\n").unwrap();
    std::fs::write(p.join("b_not_zip.docx"), "这其实是文本文件").unwrap();
    let bytes = self_evaluation(false).to_bytes();
    std::fs::write(p.join("c_truncated.docx"), &bytes[..bytes.len() / 3]).unwrap();
    let mut nodoc = self_evaluation(false);
    nodoc.without_document = true;
    nodoc.save(&p.join("d_no_document.docx"));
    self_evaluation(false).save(&p.join("e_ok.docx"));
    // Word's lock file of an open document is not a report.
    std::fs::write(p.join("~$e_ok.docx"), [0u8; 162]).unwrap();
    let (code, out, err) = jxlint(p, &["check", "--format", "json", "--select", "unreadable-file,typo", "."]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["files_checked"], 5);
    let got: Vec<(String, String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().trim_start_matches("./").to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let rules: Vec<(&str, &str)> = got.iter().map(|(p, r, _)| (p.as_str(), r.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("a_good.txt", "typo"),
            ("b_not_zip.docx", "unreadable-file"),
            ("c_truncated.docx", "unreadable-file"),
            ("d_no_document.docx", "unreadable-file"),
        ]
    );
    assert!(got[1].2.contains("不是 zip 压缩包"), "{}", got[1].2);
    assert!(got[2].2.contains("已损坏或不完整"), "{}", got[2].2);
    assert!(got[3].2.contains("缺少正文部分"), "{}", got[3].2);
}

#[test]
fn dump_shows_extracted_text_word_paragraphs_and_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Docx::new();
    let abs = d.abstract_num(CN_OUTLINE);
    let num = d.num(abs, None);
    d.heading_style("Heading1", "标题 1", 0, Some((num, 0)));
    d.para("2024年度培训项目绩效自评报告");
    d.styled("Heading1", "项目概况");
    d.para("全年预算数为100万元，实际支出95万元。");
    d.table(&[
        vec![tc("一级指标"), tc("三级指标"), tc("分值"), tc("得分")],
        vec![merged("产出指标", true), tc("培训人次"), tc("50"), tc("50")],
        vec![merged("", false), tc("培训合格率"), tc("40"), tc("38")],
    ]);
    d.save(&dir.path().join("r.docx"));
    let (code, out, err) = jxlint(dir.path(), &["dump", "r.docx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("dump_docx", out);
}
