//! A department report in our own words (`fixtures/department-natural-resources.txt`)
//! carrying one of each kind of defect the seed report in SPEC.md has: every finding at the
//! exact character, and nothing numeric on the lines whose numbers agree. (The seed itself
//! is checked by `.ci/run` with `../shared/tools/check_seed.py`; no test reads it.)

mod common;
use common::{department_report, expect, findings_of, located};

#[test]
fn department_report_findings_exactly() {
    assert_eq!(
        findings_of(&department_report()),
        expect(&[
            ("missing-indicators", 1, 1),
            // `1、` where the other top-level headings are 二、 三、 四、.
            ("heading-numbering", 2, 1),
            ("halfwidth-punctuation", 4, 21),
            ("halfwidth-punctuation", 4, 34),
            // 截止 before a date.
            ("typo", 5, 1),
            ("conversion-artifact", 7, 1),
            // 87.01% < 90% with no reason, and truncated (1093.66 / 1256.80 = 87.0194%).
            ("low-execution-rate", 7, 64),
            ("rate-mismatch", 7, 64),
            // 398.2 / 412.5 = 96.53%, written 96.35%.
            ("rate-mismatch", 7, 109),
            ("unquantified-goal", 9, 4),
            // 只能配置 → 职能配置.
            ("typo", 11, 37),
            // 5 projects evaluated, but 年初4个 + 追加2个 = 6 (and 实施项目6个).
            ("count-mismatch", 12, 6),
            // 疫情 as a reason in a 2024 report.
            ("stale-phrase", 14, 40),
            ("coverage-claim", 15, 38),
            ("cjk-space", 15, 46),
            ("conversion-artifact", 17, 1),
            ("template-text", 17, 19),
        ])
    );
}

#[test]
fn department_rates_are_reported_with_their_operands() {
    let rates: Vec<_> = located(&department_report()).into_iter().filter(|d| d.rule == "rate-mismatch").collect();
    assert_eq!(rates.len(), 2);
    assert!(rates[0].message.contains("1093.66万元") && rates[0].message.contains("1256.80万元"));
    assert!(rates[0].message.contains("87.02%") && rates[0].message.contains("截断而非四舍五入"));
    assert!(rates[1].message.contains("398.2万元") && rates[1].message.contains("412.5万元"));
    assert!(rates[1].message.contains("96.53%") && !rates[1].message.contains("截断"));
    // Secondary labels point at both operands: the numerator, then the denominator.
    let related: Vec<_> = rates[0].related.iter().map(|l| (l.line, l.column)).collect();
    assert_eq!(related, vec![(7, 49), (7, 35)]);
    let related: Vec<_> = rates[1].related.iter().map(|l| (l.line, l.column)).collect();
    assert_eq!(related, vec![(7, 97), (7, 85)]);
}

#[test]
fn department_numbers_that_agree_are_not_reported() {
    let numeric = ["sum-mismatch", "count-mismatch", "rate-mismatch"];
    for d in located(&department_report()) {
        // Line 5: 12 + 30 = 42 编制; line 14: 4 + 2 projects, restated nowhere else wrongly.
        let clean_line = match d.line {
            5 | 14 => numeric.contains(&d.rule.as_str()),
            _ => false,
        };
        assert!(!clean_line, "unexpected {} at line {}: {}", d.rule, d.line, d.message);
    }
}
