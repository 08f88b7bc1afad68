//! Rules that compile but can never do their job: a section title written with its number
//! (titles are matched without the number), a pattern that matches the empty string (it
//! matches everywhere), a phrase whose year window is empty. These are warnings, not
//! errors: the configuration still works, it just does not do what the auditor meant.

use super::source::SourceMap;
use crate::diagnostics::LineIndex;
use crate::rules::config::RuleDef;
use regex::Regex;
use std::ops::Range;
use toml::Spanned;

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
        for s in &def.section {
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
        for p in &def.phrase {
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
        for (key, list) in [("labels", &def.labels), ("breakdown", &def.breakdown), ("exhaustive", &def.exhaustive)] {
            for l in list.iter().filter(|l| matches_empty(l)) {
                warn(l.span(), format!("规则 `{id}` 的 `{key}` 模式能匹配空字符串，会匹配所有标签"));
            }
        }
        for (key, list) in [("reasons", &def.reasons), ("measurable", &def.measurable), ("exclude", &def.exclude)] {
            for l in list.iter().filter(|l| matches_empty(l)) {
                warn(
                    l.span(),
                    format!("规则 `{id}` 的 `{key}` 模式能匹配空字符串，任何文本都算匹配，规则永远不会报告"),
                );
            }
        }
        if let Some(t) = &def.threshold {
            if *t.get_ref() <= 0.0 {
                warn(
                    t.span(),
                    format!("规则 `{id}` 的阈值 {} 不大于 0，比率不会低于它，规则永远不会报告", t.get_ref()),
                );
            }
        }
    }
    out
}

/// The parameters each built-in kind reads. Kinds not listed here (added later) are not
/// checked, so a new kind never gets false warnings.
const KIND_PARAMETERS: &[(&str, &[&str])] = &[
    ("outline", &["section"]),
    ("numbering", &[]),
    ("rate", &["rate"]),
    ("sum", &["breakdown", "exhaustive", "labels", "equation"]),
    ("consistency", &["facts", "parts", "subsets"]),
    ("coverage", &["labels", "evaluated", "total"]),
    ("threshold", &["labels", "threshold", "reasons"]),
    ("equation", &["expr"]),
    ("table-weights", &["profile", "tolerance"]),
    ("table-scores", &["grade", "tolerance"]),
    ("table-completion", &["qualitative", "over_completion", "measures", "non_answers", "reasons"]),
    ("table-orientation", &["indicator_category", "process_items", "process_exempt", "placeholders"]),
    ("table-prose", &["restate", "tolerance", "exclude"]),
    ("goal", &["labels", "exclude", "measurable"]),
    ("indicators", &["category"]),
    ("phrase", &["phrase", "once_per_sentence"]),
    ("artifact", &["artifacts"]),
    ("punctuation", &["chars"]),
    ("spacing", &[]),
    ("file", &[]),
    ("suppression", &[]),
];

/// Parameters set on a rule whose kind does not read them: the setting has no effect,
/// which is almost always a mistake (a key meant for another rule).
pub fn ignored_parameters(kind: &str, set: &[&'static str]) -> Vec<&'static str> {
    match KIND_PARAMETERS.iter().find(|(k, _)| *k == kind) {
        Some((_, used)) => set.iter().copied().filter(|p| !used.contains(p)).collect(),
        None => Vec::new(),
    }
}

/// The warning for [`ignored_parameters`], located at `span`.
pub fn ignored_parameters_warning(map: &SourceMap, span: Range<usize>, id: &str, kind: &str, keys: &[&str]) -> String {
    let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let used = KIND_PARAMETERS.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, u)| *u);
    let hint = if used.is_empty() {
        format!("{kind} 类规则没有参数")
    } else {
        format!("{kind} 类规则的参数为 {}", used.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join("、"))
    };
    format!(
        "{}: 警告：规则 `{id}` 是 {kind} 类，不使用 {}，这些设置不起作用（{hint}）",
        position(map, &span),
        list.join("、")
    )
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
    report.headings.first().is_some_and(|h| h.span.start == 0 && h.mark.end > h.mark.start)
}

#[cfg(test)]
mod tests {
    use super::{starts_with_number_mark, KIND_PARAMETERS};
    use crate::config::schema::ALL_PARAMETERS;

    /// A misspelt name here would warn about a parameter the kind does read; a parameter no
    /// kind lists would be warned about on every kind.
    #[test]
    fn kind_parameters_are_the_known_parameters() {
        for (kind, used) in KIND_PARAMETERS {
            for p in *used {
                assert!(ALL_PARAMETERS.contains(p), "KIND_PARAMETERS: `{kind}` lists `{p}`, which is no parameter");
            }
        }
        for p in ALL_PARAMETERS {
            assert!(KIND_PARAMETERS.iter().any(|(_, used)| used.contains(p)), "no kind reads `{p}`");
        }
    }

    #[test]
    fn number_marks_are_recognised() {
        assert!(starts_with_number_mark("一、基本情况"));
        assert!(starts_with_number_mark("^（二）预算执行"));
        assert!(!starts_with_number_mark("基本情况"));
        assert!(!starts_with_number_mark("绩效.{0,6}实现情况"));
    }
}
