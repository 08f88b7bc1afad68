//! The per-file guard: a panic inside one rule (or the parser) must not end a folder check
//! or take the language server down. Each stage runs under `catch_unwind`; a panic becomes
//! an [`INTERNAL_ERROR`] finding on the file that names the rule, the other rules' findings
//! are kept, and the caller learns of the crash (the CLI exits 2, the server shows it).
//!
//! This is the one implementation: [`crate::check_text`], [`RuleSet::check`] and the
//! language server all go through it.

use super::RuleSet;
use crate::analysis::relations::RelationCounts;
use crate::diagnostics::{Diagnostic, Severity};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The rule id of the finding a crash becomes. Not a rule of any rule set: it cannot be
/// disabled or suppressed by rule id, and no formatter needs metadata for it.
pub const INTERNAL_ERROR: &str = "internal-error";

/// What the parser's crash is reported as, where a rule's would give its id.
pub const PARSER: &str = "解析";
/// Likewise for the per-report analysis all rules read (`crate::analysis`).
pub const ANALYSIS: &str = "分析";

/// One stage that panicked while checking a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    /// The rule id, or [`PARSER`] / [`ANALYSIS`].
    pub stage: String,
    /// The panic's message.
    pub message: String,
}

impl Crash {
    /// The finding on the file: at its start, an error, naming the stage.
    pub fn finding(&self) -> Diagnostic {
        let what = if [PARSER, ANALYSIS].contains(&self.stage.as_str()) {
            format!("{}报告时", self.stage)
        } else {
            format!("规则 {} 检查本文件时", self.stage)
        };
        Diagnostic::new(
            INTERNAL_ERROR,
            Severity::Error,
            0..0,
            format!("内部错误，请报告：{what}崩溃（{}），本文件的检查结果不完整", self.message),
        )
        .with_help("这是 jxlint 的缺陷，不是报告的问题；请把本文件和这条信息一并报告给 jxlint 的维护者")
        .with_label(format!("{} 崩溃", self.stage))
    }
}

/// Runs `f`; a panic comes back as the [`Crash`] of `stage`.
pub fn guarded<T>(stage: &str, f: impl FnOnce() -> T) -> Result<T, Crash> {
    catch_unwind(AssertUnwindSafe(f))
        .map_err(|payload| Crash { stage: stage.to_owned(), message: panic_message(&*payload) })
}

/// The text of a panic payload (`panic!` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "未知错误".to_owned()
    }
}

/// The findings of one text and the crashes behind any [`INTERNAL_ERROR`] among them.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub findings: Vec<Diagnostic>,
    pub crashes: Vec<Crash>,
    /// What the analysis linked (zero when it crashed), for `--statistics`.
    pub relations: RelationCounts,
}

/// Parses and checks one text under the guard.
pub fn check_text(text: &str, rules: &RuleSet) -> Checked {
    if let Some(checked) = check_unwrapped(&crate::parse::fold::simplified(text), rules) {
        return checked;
    }
    match guarded(PARSER, || crate::parse::parse(text)) {
        Ok(report) => rules.check_guarded(&report),
        Err(crash) => Checked { findings: vec![crash.finding()], crashes: vec![crash], ..Checked::default() },
    }
}

/// [`check_text`] on a text the caller owns, which is moved into the report rather than
/// copied (a 50 MB report is 50 MB less at the peak) and handed back with the findings,
/// also when the parser panics.
pub fn check_owned(text: String, rules: &RuleSet) -> (Checked, String) {
    // A report in traditional characters is parsed as its simplified copy (same offsets);
    // the text as loaded is what goes back, for the output to quote.
    let folded = crate::parse::fold::simplified(&text);
    if let Some(checked) = check_unwrapped(&folded, rules) {
        return (checked, text);
    }
    if let std::borrow::Cow::Owned(folded) = folded {
        return (check_folded(folded, rules).0, text);
    }
    check_folded(text, rules)
}

/// A hard-wrapped text ([`crate::parse::wrap`]) is checked with its wrapped lines joined;
/// every finding is then moved back onto the text as loaded. `None` when it is not wrapped.
fn check_unwrapped(folded: &str, rules: &RuleSet) -> Option<Checked> {
    let unwrapped = crate::parse::wrap::unwrap(folded)?;
    let joins = unwrapped.joins;
    let (mut checked, _) = check_folded(unwrapped.text, rules);
    for d in &mut checked.findings {
        d.span = joins.start(d.span.start)..joins.end(d.span.end).max(joins.start(d.span.start));
        for l in &mut d.related {
            l.span = joins.start(l.span.start)..joins.end(l.span.end).max(joins.start(l.span.start));
        }
        // An edit across a joined break would remove the break with it: not a fix.
        if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(|e| joins.crosses(e.span.start, e.span.end))) {
            d.fix = None;
        }
        if let Some(f) = &mut d.fix {
            for e in &mut f.edits {
                e.span = joins.start(e.span.start)..joins.end(e.span.end).max(joins.start(e.span.start));
            }
        }
    }
    Some(checked)
}

/// [`check_owned`] on a text already folded ([`crate::parse::fold`]).
fn check_folded(text: String, rules: &RuleSet) -> (Checked, String) {
    let crashed =
        |crash: Crash| Checked { findings: vec![crash.finding()], crashes: vec![crash], ..Checked::default() };
    let scanned = match guarded(PARSER, || crate::parse::build::scan_lines(&text)) {
        Ok(s) => s,
        Err(crash) => return (crashed(crash), text),
    };
    let mut report = scanned.into_report(text);
    if let Err(crash) = guarded(PARSER, || crate::parse::build::finish(&mut report)) {
        return (crashed(crash), report.text);
    }
    (rules.check_guarded(&report), report.text)
}

/// Runs each item under the guard: `run(item, out)` pushes its findings to `out`, and a
/// panic is the crash of `stage(item)`. An item that panics leaves none of its own findings
/// (they may be half made), only the crash's finding.
pub fn run_each<T>(
    items: impl IntoIterator<Item = T>,
    stage: impl Fn(&T) -> &str,
    mut run: impl FnMut(&T, &mut Vec<Diagnostic>),
) -> Checked {
    let mut checked = Checked::default();
    for item in items {
        let before = checked.findings.len();
        let findings = &mut checked.findings;
        if let Err(crash) = guarded(stage(&item), || run(&item, findings)) {
            checked.findings.truncate(before);
            checked.findings.push(crash.finding());
            checked.crashes.push(crash);
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_stage_becomes_a_finding_naming_it_and_the_others_still_report() {
        let checked = run_each(
            ["b-rule", "boom", "a-rule"],
            |id| id,
            |&id, out| match id {
                "boom" => {
                    out.push(Diagnostic::new(id, Severity::Error, 3..4, "半成品"));
                    panic!("attempt to divide by zero")
                }
                "a-rule" => out.push(Diagnostic::new(id, Severity::Warning, 5..6, "后")),
                _ => out.push(Diagnostic::new(id, Severity::Error, 0..2, "前")),
            },
        );
        let found: Vec<(&str, std::ops::Range<usize>)> =
            checked.findings.iter().map(|d| (d.rule.as_str(), d.span.clone())).collect();
        assert_eq!(found, [("b-rule", 0..2), (INTERNAL_ERROR, 0..0), ("a-rule", 5..6)]);
        assert_eq!(
            checked.findings[1].message,
            "内部错误，请报告：规则 boom 检查本文件时崩溃（attempt to divide by zero），本文件的检查结果不完整"
        );
        assert_eq!(checked.findings[1].severity, Severity::Error);
        assert_eq!(
            checked.crashes,
            [Crash { stage: "boom".to_owned(), message: "attempt to divide by zero".to_owned() }]
        );
    }

    #[test]
    fn a_formatted_panic_message_is_kept() {
        let crash = guarded("x", || -> () { panic!("index {} out of bounds", 7) }).unwrap_err();
        assert_eq!(crash.message, "index 7 out of bounds");
        assert_eq!(guarded("x", || 5), Ok(5));
    }

    #[test]
    fn checking_an_owned_text_finds_what_checking_a_borrowed_one_does_and_gives_the_text_back() {
        let rules = RuleSet::builtin();
        let text = "截止2024年底，共有编制19人。\n年初预算100万元，执行95万元，预算执行率为90%。\n";
        let borrowed = check_text(text, &rules);
        let (owned, back) = check_owned(text.to_owned(), &rules);
        assert_eq!(back, text);
        assert_eq!(owned.findings, borrowed.findings);
        assert!(owned.findings.iter().any(|d| d.rule == "typo"), "{:?}", owned.findings);
        assert_eq!(owned.relations, borrowed.relations);
        assert_eq!(owned.relations.rates, 1);
        // In traditional characters: checked as simplified, the original given back.
        let traditional = "年初預算100萬元，執行95萬元，預算執行率為90%。\n";
        let (owned, back) = check_owned(traditional.to_owned(), &rules);
        assert_eq!(back, traditional);
        assert_eq!(owned.findings, check_text(traditional, &rules).findings);
        assert!(owned.findings.iter().any(|d| d.rule == "rate-mismatch"), "{:?}", owned.findings);
    }
}
