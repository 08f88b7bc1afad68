//! Exact findings on our own fixtures, written in report styles other than the seed's.

mod common;
use common::{expect, findings_of, repo};

#[test]
fn clean_report_has_no_findings() {
    assert_eq!(findings_of(&repo("fixtures/clean-agriculture.txt")), vec![]);
}

/// 项目支出 report: 一、/（一）/1./（1） ladder, full-width digits, amounts in 元 with
/// thousands separators and in 万元.
#[test]
fn project_report_with_fullwidth_digits_and_yuan() {
    assert_eq!(
        findings_of(&repo("fixtures/project-county-road.txt")),
        expect(&[
            // 115.20 / 120.50 = 95.60%, stated 96.60%.
            ("rate-mismatch", 7, 55),
            // 800,000 + 300,000 + 205,000 = 1,305,000 > 1,205,000.
            ("sum-mismatch", 8, 6),
            ("typo", 22, 10),
            ("typo", 24, 8),
        ])
    );
}

/// Markdown department report: 第一部分 / 一、 / 1. headings behind `#` marks, 亿元 and
/// 万元 mixed, Chinese numerals (十个, 两个, 十一个).
#[test]
fn markdown_department_report_with_yi_yuan_and_chinese_numerals() {
    assert_eq!(
        findings_of(&repo("fixtures/department-education.md")),
        expect(&[
            // 6,800 + 1,200 + 3,900 万元 = 1.19亿元 ≠ 实际支出 1.18亿元.
            ("sum-mismatch", 9, 24),
            // 年初十个 + 新增两个 = 12, but 十一个 evaluated …
            ("count-mismatch", 11, 21),
            // … so 100% coverage is really 11 / 12.
            ("coverage-claim", 11, 40),
            ("cjk-space", 30, 7),
        ])
    );
}

/// GB18030-encoded project report with 1. / 1.1 / ① headings.
#[test]
fn gb18030_report_with_decimal_and_circled_headings() {
    assert_eq!(
        findings_of(&repo("fixtures/project-library-gb18030.txt")),
        expect(&[("stale-phrase", 5, 7), ("halfwidth-punctuation", 15, 11)])
    );
}

#[test]
fn gb18030_fixture_really_is_gb18030() {
    let bytes = std::fs::read(repo("fixtures/project-library-gb18030.txt")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let file =
        jxlint::load::load_file(&repo("fixtures/project-library-gb18030.txt"), jxlint::load::DEFAULT_MAX_FILE_SIZE)
            .unwrap();
    assert_eq!(file.encoding, jxlint::load::Encoding::Gb18030);
}
