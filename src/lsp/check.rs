//! Checking one document without ever taking the server down: a panic inside a rule is
//! caught, the healthy rules are run again one by one, and the crash is reported by name.

use crate::diagnostics::Diagnostic;
use crate::rules::RuleSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

#[derive(Debug, Clone, Default)]
pub struct CheckOutcome {
    pub findings: Vec<Diagnostic>,
    /// (rule id, or "解析" for the parser; panic message) of each crash while checking.
    pub crashed: Vec<(String, String)>,
}

/// How the server checks a text. Replaceable in [`super::Options`] (tests use it to prove
/// that a panicking checker does not stop the server).
pub type CheckFn = fn(&str, &RuleSet) -> CheckOutcome;

/// Checks with all enabled rules. The common case is one call to [`crate::check_text`];
/// only after a panic are rules run one at a time to keep the findings of the others.
pub fn check_isolated(text: &str, rules: &RuleSet) -> CheckOutcome {
    if let Ok(findings) = catch_unwind(AssertUnwindSafe(|| crate::check_text(text, rules))) {
        return CheckOutcome { findings, crashed: Vec::new() };
    }
    let report = match catch_unwind(AssertUnwindSafe(|| crate::parse::parse(text))) {
        Ok(report) => report,
        Err(payload) => {
            return CheckOutcome {
                findings: Vec::new(), crashed: vec![("解析".to_owned(), panic_message(&*payload))]
            }
        }
    };
    let ids: Vec<&str> = rules.rules.iter().filter(|r| r.enabled).map(|r| r.meta.id.as_str()).collect();
    run_each(&ids, |id| rules.check_one(&report, id))
}

/// Runs each rule in its own `catch_unwind`; findings come back in [`RuleSet::check`]'s order.
pub fn run_each(ids: &[&str], run: impl Fn(&str) -> Vec<Diagnostic>) -> CheckOutcome {
    let mut outcome = CheckOutcome::default();
    for id in ids {
        match catch_unwind(AssertUnwindSafe(|| run(id))) {
            Ok(found) => outcome.findings.extend(found),
            Err(payload) => outcome.crashed.push(((*id).to_owned(), panic_message(&*payload))),
        }
    }
    outcome.findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
    outcome.findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    outcome
}

pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "未知错误".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn a_panicking_rule_is_named_and_the_others_still_report() {
        let outcome = run_each(&["b-rule", "boom", "a-rule"], |id| match id {
            "boom" => panic!("index out of bounds"),
            "a-rule" => vec![Diagnostic::new(id, Severity::Warning, 5..6, "后")],
            _ => vec![Diagnostic::new(id, Severity::Error, 0..2, "前")],
        });
        let found: Vec<(&str, usize)> = outcome.findings.iter().map(|d| (d.rule.as_str(), d.span.start)).collect();
        assert_eq!(found, [("b-rule", 0), ("a-rule", 5)]);
        assert_eq!(outcome.crashed, [("boom".to_owned(), "index out of bounds".to_owned())]);
    }

    #[test]
    fn healthy_checks_match_the_library() {
        let rules = RuleSet::builtin();
        let text = "截止2024年12月底，共有编制19人。";
        let outcome = check_isolated(text, &rules);
        assert!(outcome.crashed.is_empty());
        assert_eq!(outcome.findings, crate::check_text(text, &rules));
        assert!(outcome.findings.iter().any(|d| d.rule == "typo" && d.span == (0..6)));
    }
}
