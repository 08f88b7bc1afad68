//! Accepted findings: `[[ignore]]` entries of `jxlint.toml` and, in Markdown reports, inline
//! `<!-- jxlint-disable-next-line rule-id 原因 -->` comments. Every suppression must give a
//! reason, and one that suppresses nothing is reported (`unused-suppression`), so the list
//! of exceptions never silently outlives the problems it was written for.

use super::Config;
use crate::diagnostics::Diagnostic;
use crate::rules::RuleSet;
use std::ops::Range;

/// The rule kind that reports suppressions that do nothing (`unused-suppression`).
pub const KIND: &str = "suppression";

/// The enabled rule that reports on suppressions, if any.
fn reporter(rules: &RuleSet) -> Option<&crate::rules::RuleMeta> {
    rules.rules.iter().find(|r| r.enabled && r.meta.kind == KIND).map(|r| &r.meta)
}

const DIRECTIVE: &str = "jxlint-disable-next-line";

/// An inline suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The comment, for findings about it.
    pub span: Range<usize>,
    pub rules: Vec<String>,
    pub reason: String,
    /// The line it applies to (the next non-blank line), as a byte range.
    pub target: Option<Range<usize>>,
}

/// Finds the `jxlint-disable-next-line` comments in a Markdown text.
pub fn directives(text: &str) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    let mut offset = 0;
    let mut pending: Vec<usize> = Vec::new();
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let parsed = trimmed.strip_prefix("<!--").and_then(|s| s.strip_suffix("-->")).map(str::trim);
        if let Some(body) = parsed.and_then(|b| b.strip_prefix(DIRECTIVE)) {
            let lead = content.len() - content.trim_start().len();
            let body = body.trim();
            let (ids, reason) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            out.push(Directive {
                span: start + lead..start + lead + trimmed.len(),
                rules: ids.split([',', '，']).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                reason: reason.trim().to_owned(),
                target: None,
            });
            pending.push(out.len() - 1);
            continue;
        }
        for i in pending.drain(..) {
            out[i].target = Some(start..start + content.len());
        }
    }
    out
}

/// What suppression left of one file's findings.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Diagnostic>,
    /// Indexes into [`Config::ignores`] that suppressed something here.
    pub used_ignores: Vec<usize>,
    /// Indexes into [`Config::ignores`] whose `files` match this file.
    pub applicable_ignores: Vec<usize>,
}

/// Applies inline comments (Markdown only) and `[[ignore]]` entries to one file's findings.
/// `rel` is the file's path relative to the configuration folder.
pub fn apply(
    config: &Config,
    rules: &RuleSet,
    rel: &str,
    text: &str,
    markdown: bool,
    diags: Vec<Diagnostic>,
) -> Outcome {
    let mut diags = diags;
    let mut extra = Vec::new();
    if markdown {
        let (kept, findings) = apply_inline(rules, text, diags);
        diags = kept;
        extra = findings;
    }
    let mut used = Vec::new();
    let applicable: Vec<usize> = config
        .ignores
        .iter()
        .enumerate()
        .filter(|(_, ig)| ig.files.as_ref().is_none_or(|g| g.is_match(rel)))
        .map(|(i, _)| i)
        .collect();
    diags.retain(|d| {
        if applicable.is_empty() {
            return true;
        }
        let line = line_text(text, d.span.start);
        let hit = applicable.iter().copied().find(|&i| {
            let ig = &config.ignores[i];
            ig.rule == d.rule && ig.line.as_ref().is_none_or(|l| line.contains(l.as_str()))
        });
        if let Some(i) = hit {
            if !used.contains(&i) {
                used.push(i);
            }
        }
        hit.is_none()
    });
    diags.extend(extra);
    diags.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
    Outcome { kept: diags, used_ignores: used, applicable_ignores: applicable }
}

/// Drops the findings inline comments suppress; returns the rest and the findings about
/// comments that suppress nothing, name an unknown rule or give no reason.
pub fn apply_inline(rules: &RuleSet, text: &str, diags: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let list = directives(text);
    if list.is_empty() {
        return (diags, Vec::new());
    }
    let mut used = vec![false; list.len()];
    let kept = diags
        .into_iter()
        .filter(|d| {
            let hit = list.iter().position(|c| {
                !c.reason.is_empty()
                    && c.rules.contains(&d.rule)
                    && c.target.as_ref().is_some_and(|t| t.start <= d.span.start && d.span.start <= t.end)
            });
            if let Some(i) = hit {
                used[i] = true;
            }
            hit.is_none()
        })
        .collect();
    let mut findings = Vec::new();
    let Some(meta) = reporter(rules) else {
        return (kept, findings);
    };
    for (c, used) in list.iter().zip(used) {
        let detail = if c.rules.is_empty() {
            "抑制注释没有写规则 id，格式为 <!-- jxlint-disable-next-line 规则id 原因 -->".to_owned()
        } else if let Some(bad) = c.rules.iter().find(|r| rules.get(r).is_none()) {
            let ids: Vec<&str> = rules.rules.iter().map(|r| r.meta.id.as_str()).collect();
            let hint =
                crate::rules::util::did_you_mean(bad, &ids).map(|s| format!("，是不是 `{s}`？")).unwrap_or_default();
            format!("抑制注释中的规则 `{bad}` 不存在{hint}")
        } else if c.reason.is_empty() {
            "抑制注释没有写原因，未生效；请在规则 id 后写明为什么接受这条发现".to_owned()
        } else if used {
            continue;
        } else if c.rules.iter().any(|r| rules.get(r).is_some_and(|r| !r.enabled)) {
            // The rule is off for this run; the comment may well be needed when it is on.
            continue;
        } else if c.target.is_none() {
            "抑制注释后面没有内容行".to_owned()
        } else {
            format!("下一行没有 `{}` 的发现，这条抑制注释已无用，可以删除", c.rules.join(","))
        };
        findings.push(meta.diag(c.span.clone(), &[("detail", &detail)]));
    }
    (kept, findings)
}

/// The text of the line holding byte `offset`.
pub fn line_text(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..floor(text, offset)].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end].trim_end_matches('\r')
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Findings for `[[ignore]]` entries that applied to a checked file (`applicable`) but
/// suppressed nothing (`used`), located in the configuration file. Entries for files not
/// checked in this run are not blamed.
pub fn unused_ignores(config: &Config, rules: &RuleSet, applicable: &[usize], used: &[usize]) -> Vec<Diagnostic> {
    let Some(meta) = reporter(rules) else {
        return Vec::new();
    };
    config
        .ignores
        .iter()
        .enumerate()
        .filter(|(i, ig)| applicable.contains(i) && !used.contains(i) && rules.get(&ig.rule).is_some_and(|r| r.enabled))
        .map(|(_, ig)| {
            let detail = format!("[[ignore]] 没有抑制任何 `{}` 的发现（原因：{}），可以删除", ig.rule, ig.reason);
            meta.diag(ig.span.clone(), &[("detail", &detail)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_targets_next_non_blank_line() {
        let text = "标题\n<!-- jxlint-disable-next-line typo,cjk-space 原文如此 -->\n\n截止2024年\n";
        let d = directives(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rules, ["typo", "cjk-space"]);
        assert_eq!(d[0].reason, "原文如此");
        assert_eq!(&text[d[0].target.clone().unwrap()], "截止2024年");
        assert_eq!(&text[d[0].span.clone()], "<!-- jxlint-disable-next-line typo,cjk-space 原文如此 -->");
    }

    #[test]
    fn line_text_of_offset() {
        let t = "一\n二三\n四";
        assert_eq!(line_text(t, 5), "二三");
        assert_eq!(line_text(t, 0), "一");
        assert_eq!(line_text(t, t.len()), "四");
    }
}
