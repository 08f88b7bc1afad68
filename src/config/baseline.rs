//! Baselines: the findings an audit has accepted, so that later runs show only new ones.
//!
//! A finding is keyed by file path, rule, the text of its line and the text it points at —
//! never by line number — so adding or removing other lines does not invalidate the
//! baseline; editing the line itself does, which is what an auditor wants. Identical keys
//! are counted: two accepted `;` on one line do not hide a third.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path relative to the baseline file's folder, `/`-separated.
    pub path: String,
    pub rule: String,
    /// The finding's line, trimmed (empty for findings about the whole file).
    pub line: String,
    /// The characters the finding points at; for whole-file findings, its message.
    pub text: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// The key of one finding in `text` (the file's decoded text).
pub fn entry(path: &str, text: &str, d: &Diagnostic) -> Entry {
    let (line, snippet) = if d.span.is_empty() && d.span.start == 0 {
        (String::new(), d.message.clone())
    } else {
        let line = super::suppress::line_text(text, d.span.start).trim().to_owned();
        (line, text.get(d.span.clone()).unwrap_or("").to_owned())
    };
    Entry { path: path.to_owned(), rule: d.rule.clone(), line, text: snippet, count: 1 }
}

impl Baseline {
    /// Builds a baseline from keys, merging identical ones into counts; sorted, so the file
    /// diffs well under version control.
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Baseline {
        let mut counts: BTreeMap<Entry, usize> = BTreeMap::new();
        for mut e in entries {
            let n = e.count;
            e.count = 1;
            *counts.entry(e).or_default() += n;
        }
        let findings = counts.into_iter().map(|(e, count)| Entry { count, ..e }).collect();
        Baseline { version: VERSION, findings }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses a baseline file; the error says what is wrong in Chinese.
    pub fn parse(json: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(json)
            .map_err(|e| format!("基线文件格式有误（第 {} 行第 {} 列）：{e}", e.line(), e.column()))?;
        if b.version != VERSION {
            return Err(format!("不支持的基线版本 {}（本程序支持 {VERSION}）", b.version));
        }
        Ok(b)
    }

    /// A matcher per file path, so files can be filtered in parallel.
    pub fn by_path(&self) -> HashMap<String, Matcher> {
        let mut out: HashMap<String, Matcher> = HashMap::new();
        for e in &self.findings {
            let m = out.entry(e.path.clone()).or_default();
            *m.remaining.entry((e.rule.clone(), e.line.clone(), e.text.clone())).or_default() += e.count;
        }
        out
    }

    pub fn total(&self) -> usize {
        self.findings.iter().map(|e| e.count).sum()
    }
}

/// The accepted findings of one file, consumed as they are matched.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    remaining: HashMap<(String, String, String), usize>,
}

impl Matcher {
    /// Accepted findings not matched so far.
    pub fn remaining(&self) -> usize {
        self.remaining.values().sum()
    }

    /// Drops the findings the baseline accepts; returns how many were dropped.
    pub fn filter(&mut self, path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> usize {
        let before = diags.len();
        diags.retain(|d| {
            let e = entry(path, text, d);
            match self.remaining.get_mut(&(e.rule, e.line, e.text)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diags.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn diag(rule: &str, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, span, "m")
    }

    #[test]
    fn survives_inserted_lines_but_not_edits_of_the_line() {
        let old = "一行\n截止2024年\n";
        let b = Baseline::from_entries([entry("a.txt", old, &diag("typo", 7..13))]);
        let json = b.to_json();
        let b = Baseline::parse(&json).unwrap();

        let moved = "新加的一行\n一行\n截止2024年\n";
        let at = moved.find("截止").unwrap();
        let mut diags = vec![diag("typo", at..at + 6)];
        assert_eq!(b.by_path().remove("a.txt").unwrap().filter("a.txt", moved, &mut diags), 1);
        assert!(diags.is_empty());

        let edited = "一行\n截止2025年\n";
        let mut diags = vec![diag("typo", 7..13)];
        assert_eq!(b.by_path().remove("a.txt").unwrap().filter("a.txt", edited, &mut diags), 0);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn identical_keys_are_counted() {
        let t = "甲;乙;丙;丁";
        let b = Baseline::from_entries([entry("a", t, &diag("p", 3..4)), entry("a", t, &diag("p", 3..4))]);
        assert_eq!(b.findings.len(), 1);
        assert_eq!(b.findings[0].count, 2);
        let mut diags = vec![diag("p", 3..4), diag("p", 3..4), diag("p", 3..4)];
        assert_eq!(b.by_path().remove("a").unwrap().filter("a", t, &mut diags), 2);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn bad_files_are_explained() {
        assert!(Baseline::parse("{").unwrap_err().contains("基线文件格式有误"));
        assert!(Baseline::parse(r#"{"version": 9, "findings": []}"#).unwrap_err().contains("不支持的基线版本"));
    }
}
