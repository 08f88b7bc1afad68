//! Every built-in rule's examples are tests: `bad` triggers the rule, `good` does not.

mod common;
use common::rules;

#[test]
fn every_builtin_example_passes() {
    let results = jxlint::config::examples::run_examples(rules());
    let failed: Vec<String> =
        results.iter().filter(|r| !r.passed).map(|r| format!("{} #{}{}", r.rule, r.index + 1, r.detail)).collect();
    assert!(failed.is_empty(), "failing examples:\n{}", failed.join("\n"));
}

#[test]
fn every_text_rule_has_a_bad_and_a_good_example() {
    for rule in &rules().rules {
        if rule.meta.kind == "file" {
            continue; // unreadable-file is about bytes, not text: covered by tests/cli.rs
        }
        let bad = rule.meta.examples.iter().any(|e| e.bad.is_some());
        let good = rule.meta.examples.iter().any(|e| e.good.is_some());
        assert!(bad && good, "{} needs a bad and a good example", rule.meta.id);
    }
}
