//! Report parser + every built-in rule + position resolution on arbitrary text.
//! Beyond "no panic" (nor an `internal-error` finding, a panic the guard caught): every span must lie inside the text and on char boundaries, since
//! the output layer slices the text with them.
#![no_main]

use jxlint::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RULES: OnceLock<RuleSet> = OnceLock::new();

fuzz_target!(|text: &str| {
    let rules = RULES.get_or_init(RuleSet::builtin);
    let diags = jxlint::check_text(text, rules);
    // The guard turns a panicking rule into a finding instead of a crash: still a bug.
    if let Some(d) = diags.iter().find(|d| d.rule == jxlint::rules::guard::INTERNAL_ERROR) {
        panic!("{}", d.message);
    }
    for d in &diags {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{} span {:?} outside text", d.rule, d.span);
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{} span {:?}",
            d.rule,
            d.span
        );
    }
    let located = jxlint::output::locate("fuzz.txt", text, &diags);
    let _ = jxlint::output::json::render(1, &located);
});
