//! Rule explanations as Markdown: the hover text, and the pages `codeDescription.href`
//! links to. There is no website, so the pages are generated from the active rule set into
//! a cache folder (`$XDG_CACHE_HOME/jxlint/rules-<hash>/<id>.md`) and linked as `file://`
//! URIs, which editors open; custom rule files get pages for their own rules.

use crate::rules::{RuleMeta, RuleSet};
use lsp_types::Url;
use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A rule's explanation: summary, default severity, why, how to fix, examples.
pub fn rule_markdown(meta: &RuleMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# `{}`\n\n{}\n\n类型：`{}`，默认级别：`{}`\n",
        meta.id,
        meta.summary,
        meta.kind,
        meta.severity.as_str()
    );
    if let Some(e) = &meta.explanation {
        let _ = writeln!(out, "## 为什么要查\n\n{}\n", unwrap_lines(e.trim()));
    }
    // A help with `{placeholders}` only makes sense filled in for a finding (hover shows it so).
    if let Some(h) = meta.help.as_ref().filter(|h| !has_placeholder(h)) {
        let _ = writeln!(out, "## 怎么改\n\n{}\n", h.trim());
    }
    for (i, ex) in meta.examples.iter().enumerate() {
        let _ = writeln!(out, "## 示例 {}\n", i + 1);
        if let Some(b) = &ex.bad {
            let _ = writeln!(out, "有问题：\n\n```text\n{}\n```\n", b.trim_end());
        }
        if let Some(g) = &ex.good {
            let _ = writeln!(out, "正确：\n\n```text\n{}\n```\n", g.trim_end());
        }
    }
    out
}

/// Joins the hard-wrapped lines of each paragraph: Markdown would render each line break as
/// a space, which does not belong between Chinese characters.
fn unwrap_lines(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| {
            let mut joined = String::new();
            for line in p.lines().map(str::trim) {
                if joined.chars().last().is_some_and(|c| c.is_ascii()) && line.starts_with(|c: char| c.is_ascii()) {
                    joined.push(' ');
                }
                joined.push_str(line);
            }
            joined
        })
        .collect();
    paragraphs.join("\n\n")
}

/// Whether a message template still has a `{name}` placeholder.
fn has_placeholder(template: &str) -> bool {
    template.split('{').skip(1).any(|rest| {
        rest.split_once('}')
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    })
}

/// The default folder for generated pages, or `None` when no cache folder is known.
pub fn default_docs_root() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("jxlint"))
}

/// Writes one page per rule under `root/rules-<hash of the pages>/` and returns each rule's
/// `file://` URI. The folder is named by content, so servers with different rule files never
/// overwrite each other's pages; each page is written to a temporary name and renamed.
pub fn write_rule_docs(root: &Path, rules: &RuleSet) -> std::io::Result<HashMap<String, Url>> {
    let pages: Vec<(&str, String)> = rules.rules.iter().map(|r| (r.meta.id.as_str(), rule_markdown(&r.meta))).collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    pages.hash(&mut hasher);
    let dir = std::path::absolute(root.join(format!("rules-{:016x}", hasher.finish())))?;
    std::fs::create_dir_all(&dir)?;
    let mut links = HashMap::new();
    for (id, page) in &pages {
        let path = dir.join(format!("{id}.md"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            let tmp = dir.join(format!(".{id}.md.{}", std::process::id()));
            std::fs::write(&tmp, page)?;
            std::fs::rename(&tmp, &path)?;
        }
        let url = Url::from_file_path(&path)
            .map_err(|()| std::io::Error::other(format!("无法生成链接：{}", path.display())))?;
        links.insert((*id).to_owned(), url);
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_once_per_rule_and_linked() {
        let rules = RuleSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let links = write_rule_docs(dir.path(), &rules).unwrap();
        assert_eq!(links.len(), rules.rules.len());
        let typo = links["typo"].to_file_path().unwrap();
        assert!(typo.starts_with(dir.path()) && typo.ends_with("typo.md"));
        let page = std::fs::read_to_string(typo).unwrap();
        assert_eq!(page, rule_markdown(rules.meta("typo").unwrap()));
        assert!(page.starts_with("# `typo`\n\n"));
        assert!(page.contains("## 为什么要查") && page.contains("```text\n截止2024年12月底"));
        assert!(!page.contains("{found}"), "unfilled templates stay out of the page");
        assert!(rule_markdown(rules.meta("cjk-space").unwrap()).contains("## 怎么改\n\n删除汉字之间的空格"));
        assert_eq!(unwrap_lines("截至\n（2024年）\nuse --fix\nnow\n\n二段"), "截至（2024年）use --fix now\n\n二段");
        assert!(has_placeholder("将“{found}”改为") && !has_placeholder("{ 不是 }") && !has_placeholder("{}"));
        // Same rules, same folder: a second server reuses the pages.
        assert_eq!(write_rule_docs(dir.path(), &rules).unwrap(), links);
    }
}
