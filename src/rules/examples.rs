//! Rule examples as tests: each `[[rule.example]]` `bad` text must trigger its rule and
//! each `good` text must not. Run by `jxlint rules --test` and by `cargo test`.

use super::RuleSet;

#[derive(Debug, Clone)]
pub struct ExampleResult {
    pub rule: String,
    pub index: usize,
    pub bad: bool,
    pub passed: bool,
    /// Why it failed (empty when it passed).
    pub detail: String,
}

pub fn run_examples(rules: &RuleSet) -> Vec<ExampleResult> {
    let mut out = Vec::new();
    for rule in &rules.rules {
        for (index, ex) in rule.meta.examples.iter().enumerate() {
            for (text, bad) in [(&ex.bad, true), (&ex.good, false)] {
                let Some(text) = text else { continue };
                let report = crate::parse::parse(text);
                let found = rules.check_one(&report, &rule.meta.id);
                let passed = found.is_empty() != bad;
                let detail = match (passed, bad) {
                    (true, _) => String::new(),
                    (false, true) => "：示例未触发本规则".to_owned(),
                    (false, false) => format!("：示例不应触发，但报告了“{}”", found[0].message),
                };
                out.push(ExampleResult { rule: rule.meta.id.clone(), index, bad, passed, detail });
            }
        }
    }
    out
}
