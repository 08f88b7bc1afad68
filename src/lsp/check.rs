//! Checking one document without ever taking the server down. The guard itself is
//! [`crate::rules::guard`], shared with the CLI: a panicking rule becomes an
//! `internal-error` diagnostic naming it, and the healthy rules still report.

use crate::rules::guard::{self, Crash};
use crate::rules::RuleSet;

/// How the server checks a text. Replaceable in [`super::Options`] (tests use it to prove
/// that a panicking checker does not stop the server).
pub type CheckFn = fn(&str, &RuleSet) -> CheckOutcome;

pub type CheckOutcome = guard::Checked;

/// Checks with all enabled rules, each under the guard.
pub fn check_isolated(text: &str, rules: &RuleSet) -> CheckOutcome {
    guard::check_text(text, rules)
}

/// The outcome of a checker that panicked outside the guard (a replaced [`CheckFn`]).
pub fn crashed(stage: &str, payload: &(dyn std::any::Any + Send)) -> CheckOutcome {
    let crash = Crash { stage: stage.to_owned(), message: guard::panic_message(payload) };
    CheckOutcome { findings: vec![crash.finding()], crashes: vec![crash], ..CheckOutcome::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn healthy_checks_match_the_library() {
        let rules = RuleSet::builtin();
        let text = "截止2024年12月底，共有编制19人。";
        let outcome = check_isolated(text, &rules);
        assert!(outcome.crashes.is_empty());
        assert_eq!(outcome.findings, crate::check_text(text, &rules));
        assert!(outcome.findings.iter().any(|d| d.rule == "typo" && d.span == (0..6)));
    }
}
