//! The rule-file loader on arbitrary TOML: user rule files are untrusted input too. A
//! rule set that compiles is also run on a small report, since compiled parameters
//! (regexes, thresholds) are only exercised then.
#![no_main]

use libfuzzer_sys::fuzz_target;

const REPORT: &str =
    "2024年度部门整体绩效自评报告\n一、基本情况\n预算资金384.29万元，实际支出343.82万元，预算执行率89.46%。\n";

fuzz_target!(|src: &str| {
    if let Ok(rules) = jxlint::rules::RuleSet::from_toml("fuzz.toml", src) {
        let diags = jxlint::check_text(REPORT, &rules);
        // A panic the guard caught is still a bug.
        if let Some(d) = diags.iter().find(|d| d.rule == jxlint::rules::guard::INTERNAL_ERROR) {
            panic!("{}", d.message);
        }
    }
});
