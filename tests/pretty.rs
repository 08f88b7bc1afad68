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

/// Report text went to the terminal raw: `\x1b[31m` recoloured it, `\x07` rang it, a lone
/// `\r` rewrote the line already printed. Every control character is shown as a visible
/// stand-in (␛ ␇ …) in the text, the path and the messages; columns stay the file's.
#[test]
fn pretty_passed_terminal_escapes_from_the_report_to_the_terminal() {
    use jxlint::diagnostics::{Diagnostic, Severity};
    let text = "一、基本情况\n\x1b[31m截止2024年底\x07，共有编制19人。\r\x1b]0;标题\x07\n";
    let report = jxlint::parse::parse(text);
    let mut diags: Vec<_> = rules().check(&report).into_iter().filter(|d| d.rule == "typo").collect();
    let title = text.find("\x1b]0;").unwrap();
    let echoed = format!("疑似模板文字：“{}”", &text[title..text.len() - 1]);
    diags
        .push(Diagnostic::new("template-text", Severity::Warning, title..text.len() - 1, echoed).with_label("\x1b[2J"));
    let out = render_file("报告\x1b[2J.txt", text, &diags, PrettyOptions { color: false, width: 100 });
    let raw: Vec<char> = out.chars().filter(|c| c.is_control() && *c != '\n').collect();
    assert_eq!(raw, Vec::<char>::new());
    assert!(out.contains("[报告␛[2J.txt:2:6]"), "{out}");
    insta::assert_snapshot!(out);
}

/// The folder summary printed each file's path raw.
#[test]
fn summary_passed_terminal_escapes_in_paths_to_the_terminal() {
    use jxlint::diagnostics::Severity;
    use jxlint::output::summary::{render_closing, Summary};
    let mut s = Summary::new();
    s.add_file("甲\x1b[31m.txt", [("typo", Severity::Warning)]);
    s.add_file("乙.txt", []);
    let out = render_closing(&s, Some(rules()));
    assert!(out.contains("  甲␛[31m.txt\n"), "{out}");
    assert!(!out.contains('\x1b'), "{out}");
}
