//! The CLI on .docx reports: a full 自评表 in Word (merged cells, automatic numbering)
//! gives exactly the planted findings, named by table cell; a clean one gives none; a
//! damaged .docx is a finding on that file while the rest of the folder is still checked;
//! `jxlint dump` shows the extracted text and the parsed model.

mod docx_writer;

use docx_writer::{merged, self_evaluation, tc, Docx, CN_OUTLINE};
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
