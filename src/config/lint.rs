//! Rules that compile but can never do their job: a section title written with its number
//! (titles are matched without the number), a pattern that matches the empty string (it
//! matches everywhere), a phrase whose year window is empty. These are warnings, not
//! errors: the configuration still works, it just does not do what the auditor meant.

use super::source::SourceMap;
use crate::diagnostics::LineIndex;
use crate::rules::config::RuleDef;
use crate::rules::kinds::{outline, phrase};
use crate::util::toml_table::RawValue;
use crate::util::Spanned;
use regex::Regex;
use std::ops::Range;

/// One warning per problem, as `file:line:col: 警告：…`.
pub fn never_matching(defs: &[RuleDef], map: &SourceMap) -> Vec<String> {
    let mut out = Vec::new();
    let mut warn = |span: Range<usize>, msg: String| {
        let line = format!("{}: 警告：{msg}", position(map, &span));
        if !out.contains(&line) {
            out.push(line);
        }
    };
    for def in defs {
        let id = def.id.get_ref();
        let sections = match def.kind.get_ref().as_str() {
            "outline" => def.params::<outline::Params>().map(|p| p.section).unwrap_or_default(),
            _ => Vec::new(),
        };
        for s in &sections {
            for t in &s.titles {
                if matches_empty(t) {
                    warn(
                        t.span(),
                        format!(
                            "规则 `{id}` 章节“{}”的标题模式能匹配空字符串，任何报告都算有此章节，规则永远不会报告",
                            s.name
                        ),
                    );
                } else if starts_with_number_mark(t.get_ref()) {
                    warn(t.span(), format!("规则 `{id}` 章节“{}”的标题模式含有编号；标题按去掉编号后的文字匹配，这个模式永远匹配不到编号标题，请去掉编号", s.name));
                }
            }
        }
        let phrases = match def.kind.get_ref().as_str() {
            "phrase" => def.params::<phrase::Params>().map(|p| p.phrase).unwrap_or_default(),
            _ => Vec::new(),
        };
        for p in &phrases {
            if p.regex && matches_empty(&p.find) {
                warn(p.find.span(), format!("规则 `{id}` 的短语正则能匹配空字符串，会在每个位置报告；请改写"));
            }
            if let (Some(f), Some(u)) = (p.from_year, p.until_year) {
                if f > u {
                    warn(
                        p.find.span(),
                        format!("规则 `{id}` 的短语 from_year = {f} 晚于 until_year = {u}，永远不会适用"),
                    );
                }
            }
        }
        // Pattern lists are read by key, whatever the kind: a key means the same thing in
        // every kind that takes it.
        for key in ["labels", "breakdown", "exhaustive"] {
            for l in patterns(def, key).iter().filter(|l| matches_empty(l)) {
                warn(l.span(), format!("规则 `{id}` 的 `{key}` 模式能匹配空字符串，会匹配所有标签"));
            }
        }
        for key in ["reasons", "measurable", "exclude"] {
            for l in patterns(def, key).iter().filter(|l| matches_empty(l)) {
                warn(
                    l.span(),
                    format!("规则 `{id}` 的 `{key}` 模式能匹配空字符串，任何文本都算匹配，规则永远不会报告"),
                );
            }
        }
        let threshold = def.params.get("threshold").and_then(|t| match t.get_ref() {
            RawValue::Float(f) => Some((t.span(), *f)),
            RawValue::Integer(i) => Some((t.span(), *i as f64)),
            _ => None,
        });
        if let Some((span, t)) = threshold {
            if t <= 0.0 {
                warn(span, format!("规则 `{id}` 的阈值 {t} 不大于 0，比率不会低于它，规则永远不会报告"));
            }
        }
    }
    out
}

/// The strings of the list parameter `key`, with their spans.
fn patterns(def: &RuleDef, key: &str) -> Vec<Spanned<String>> {
    def.params
        .strings(key)
        .into_iter()
        .filter_map(|v| v.get_ref().as_str().map(|s| Spanned::new(v.span(), s.to_owned())))
        .collect()
}

fn position(map: &SourceMap, span: &Range<usize>) -> String {
    match map.locate(span) {
        Some((s, local)) => {
            let p = LineIndex::new(&s.text).position(local.start);
            format!("{}:{}:{}", s.name, p.line, p.column)
        }
        None => String::from("jxlint.toml"),
    }
}

fn matches_empty(s: &Spanned<String>) -> bool {
    Regex::new(s.get_ref()).is_ok_and(|r| r.is_match(""))
}

/// `一、`, `（一）`, `1.`, `（1）`, `第一部分` at the start of a title pattern.
fn starts_with_number_mark(pattern: &str) -> bool {
    let p = pattern.trim_start_matches('^').replace('\\', "");
    let report = crate::parse::parse(&p);
    report.headings.first().is_some_and(|h| h.span().start == 0 && h.mark().end > h.mark().start)
}

#[cfg(test)]
mod tests {
    use super::starts_with_number_mark;

    #[test]
    fn number_marks_are_recognised() {
        assert!(starts_with_number_mark("一、基本情况"));
        assert!(starts_with_number_mark("^（二）预算执行"));
        assert!(!starts_with_number_mark("基本情况"));
        assert!(!starts_with_number_mark("绩效.{0,6}实现情况"));
    }
}
