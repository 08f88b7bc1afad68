//! Time bound: the fuzz input, repeated to 1 MB as one report, through every built-in rule.
//! Small inputs explore shapes; repetition turns any scan that is quadratic in some
//! construct (`中(` in `halfwidth-punctuation`, numbers in one paragraph) into a run that
//! libFuzzer's `-timeout` reports as a crash. Run with `-timeout=10` (README): a linear
//! check of 1 MB takes well under a second in a release build.
#![no_main]

use jxlint::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RULES: OnceLock<RuleSet> = OnceLock::new();

/// The size every input is grown to.
const SIZE: usize = 1 << 20;

fuzz_target!(|unit: &str| {
    if unit.is_empty() {
        return;
    }
    let text = unit.repeat(SIZE.div_ceil(unit.len()));
    let rules = RULES.get_or_init(RuleSet::builtin);
    let diags = jxlint::check_text(&text, rules);
    let located = jxlint::output::locate("fuzz.txt", &text, &diags);
    let _ = jxlint::output::json::render(1, &located);
});
