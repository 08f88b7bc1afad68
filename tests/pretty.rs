//! Snapshots of the rendered `pretty` output: labels under the exact characters in
//! Chinese text, a character column in the header, help and fix hints.

mod common;
use common::rules;
use jxlint::output::pretty::{render_file, PrettyOptions};

fn render(text: &str, select: &[&str]) -> String {
    let report = jxlint::parse::parse(text);
    let diags: Vec<_> = rules().check(&report).into_iter().filter(|d| select.contains(&d.rule.as_str())).collect();
    render_file("报告.txt", text, &diags, PrettyOptions { color: false, width: 100 })
}

#[test]
fn typo_underline_lines_up_under_chinese_text() {
    let text = "一、基本情况\n𠀀网信办截止2024年12月底，共有编制19人。\n";
    insta::assert_snapshot!(render(text, &["typo"]));
}

#[test]
fn rate_mismatch_labels_the_rate_and_both_operands() {
    let text = "二、预算执行情况\n本部门申请预算资金384.29万元，实际支出343.82万元，预算执行率89.46%。\n";
    insta::assert_snapshot!(render(text, &["rate-mismatch"]));
}

#[test]
fn heading_numbering_shows_the_expected_mark() {
    let text = "1、 部门整体概况\n（一）部门职责\n二、预算执行情况\n三、存在的问题\n";
    insta::assert_snapshot!(render(text, &["heading-numbering"]));
}

#[test]
fn long_paragraphs_are_shown_as_windows_around_the_labels() {
    let text = format!(
        "二、预算执行情况\n本部门申请预算资金384.29万元，{}实际支出343.82万元，预算执行率89.46%。{}\n",
        "其中转移支付资金按规定拨付到位，项目管理制度健全，".repeat(4),
        "各项支出均符合规定。".repeat(6)
    );
    insta::assert_snapshot!(render(&text, &["rate-mismatch"]));
}
