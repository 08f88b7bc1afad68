//! Rule examples as tests: each `[[rule.example]]` `bad` text must trigger its rule (on the
//! `flagged` text exactly, when the example gives it) and each `good` text must not. Run by
//! `jxlint rules --test` and by `cargo test`.
//!
//! An example is a whole report file. Most kinds run on it alone; `file` rules see it go
//! through the decoder, `formula-cache` rules read it as a one-sheet workbook (`|cell|`
//! rows, a formula cell as `=FORMULA[cached value]`), and `suppression` rules see the
//! other rules' findings after inline suppression (the example is read as Markdown). That
//! is why this lives in `config`, above `load` and `rules`: rules never reach back up to
//! the decoder or the suppression pass.

use crate::diagnostics::Diagnostic;
use crate::rules::{RuleMeta, RuleSet};

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
                let found = findings(rules, &rule.meta, text);
                let flagged = |d: &Diagnostic| text.get(d.span.clone()).unwrap_or("");
                let want = ex.flagged.as_deref().filter(|_| bad);
                let passed = found.is_empty() != bad && want.is_none_or(|w| found.iter().any(|d| flagged(d) == w));
                let detail = match (passed, bad) {
                    (true, _) => String::new(),
                    (false, true) if found.is_empty() => "：示例未触发本规则".to_owned(),
                    (false, true) => format!(
                        "：示例应标出“{}”，但标出的是“{}”",
                        want.unwrap_or(""),
                        found.iter().map(flagged).collect::<Vec<_>>().join("”“")
                    ),
                    (false, false) => format!("：示例不应触发，但报告了“{}”", found[0].message),
                };
                out.push(ExampleResult { rule: rule.meta.id.clone(), index, bad, passed, detail });
            }
        }
    }
    out
}

/// The findings of one rule on an example text.
fn findings(rules: &RuleSet, meta: &RuleMeta, text: &str) -> Vec<Diagnostic> {
    let id = meta.id.as_str();
    match meta.kind.as_str() {
        "file" => match crate::load::decode(text.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(e) => vec![meta.diag(0..0, &[("reason", &e.message)])],
        },
        crate::rules::kinds::formula_cache::KIND => {
            crate::rules::kinds::formula_cache::findings_of(meta, &crate::load::xlsx::example_workbook(text))
        }
        "suppression" => {
            let diags = rules.check(&crate::parse::parse(text));
            let (_, found) = crate::config::suppress::apply_inline(rules, text, diags);
            found.into_iter().filter(|d| d.rule == id).collect()
        }
        _ => rules.check_one(&crate::parse::parse(text), id),
    }
}
