//! The seed report (../shared/seeds): every finding SPEC.md's table requires, at the exact
//! character, and nothing numeric on the lines whose numbers agree.

mod common;
use common::{expect, findings_of, located, seed_path};

#[test]
fn seed_findings_exactly() {
    assert_eq!(
        findings_of(&seed_path()),
        expect(&[
            ("missing-indicators", 1, 2),
            ("heading-numbering", 2, 1),
            ("halfwidth-punctuation", 4, 44),
            ("halfwidth-punctuation", 4, 109),
            ("halfwidth-punctuation", 4, 147),
            ("halfwidth-punctuation", 4, 201),
            ("halfwidth-punctuation", 4, 261),
            ("typo", 5, 1),
            ("conversion-artifact", 7, 1),
            ("low-execution-rate", 7, 208),
            ("rate-mismatch", 7, 208),
            ("rate-mismatch", 7, 252),
            ("unquantified-goal", 9, 4),
            ("typo", 9, 83),
            ("count-mismatch", 12, 24),
            ("typo", 14, 78),
            ("stale-phrase", 14, 417),
            ("coverage-claim", 16, 71),
            ("cjk-space", 16, 104),
            ("conversion-artifact", 24, 1),
            ("template-text", 24, 38),
            ("conversion-artifact", 26, 1),
            ("template-text", 26, 43),
        ])
    );
}

#[test]
fn seed_rates_are_reported_as_truncation_with_their_operands() {
    let rates: Vec<_> = located(&seed_path()).into_iter().filter(|d| d.rule == "rate-mismatch").collect();
    assert_eq!(rates.len(), 2);
    assert!(rates[0].message.contains("343.82万元") && rates[0].message.contains("384.29万元"));
    assert!(rates[0].message.contains("89.47%") && rates[0].message.contains("截断而非四舍五入"));
    assert!(rates[1].message.contains("106.07万元") && rates[1].message.contains("109.6万元"));
    assert!(rates[1].message.contains("96.78%"));
    // Secondary labels point at both operands: 343.82 (column 121) and 384.29 (column 35).
    let related: Vec<_> = rates[0].related.iter().map(|l| (l.line, l.column)).collect();
    assert_eq!(related, vec![(7, 121), (7, 35)]);
}

#[test]
fn seed_numbers_that_agree_are_not_reported() {
    let numeric = ["sum-mismatch", "count-mismatch", "rate-mismatch"];
    for d in located(&seed_path()) {
        let clean_line = match d.line {
            5 | 15 => numeric.contains(&d.rule.as_str()),
            7 => d.rule != "rate-mismatch" && numeric.contains(&d.rule.as_str()),
            _ => false,
        };
        assert!(!clean_line, "unexpected {} at line {}: {}", d.rule, d.line, d.message);
    }
}
