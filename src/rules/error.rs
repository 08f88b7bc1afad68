//! Errors in rule files, reported with miette pointing into the TOML.

use miette::{Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;

/// A problem found while compiling one rule's parameters.
#[derive(Debug, Clone)]
pub struct KindError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl KindError {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        KindError { span, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<crate::util::PatternError> for KindError {
    fn from(e: crate::util::PatternError) -> Self {
        KindError { span: e.span, message: e.message, help: e.help }
    }
}

impl From<crate::facts::FactError> for KindError {
    fn from(e: crate::facts::FactError) -> Self {
        KindError { span: e.span, message: e.message, help: e.help }
    }
}

/// A rule file that cannot be used. Rendered by miette with the TOML source.
#[derive(Debug, thiserror::Error)]
#[error("规则文件有误：{message}")]
pub struct ConfigError {
    pub message: String,
    pub help: Option<String>,
    pub src: TomlSource,
    pub span: Option<SourceSpan>,
    pub label: String,
}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("jxlint::config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(self.label.clone()), span))))
    }
}

impl ConfigError {
    pub fn from_toml(name: &str, src: &str, e: &toml::de::Error) -> Self {
        let raw = e.message().trim().to_owned();
        let (message, help) = translate_toml_message(&raw);
        ConfigError {
            message,
            help,
            src: TomlSource::new(name, src),
            span: e.span().map(|r| clamp(src, r).into()),
            label: "这里".to_owned(),
        }
    }

    pub fn from_kind(name: &str, src: &str, e: KindError) -> Self {
        let span = (e.span.end > e.span.start || e.span.start > 0).then(|| clamp(src, e.span.clone()).into());
        ConfigError {
            message: e.message,
            help: e.help,
            src: TomlSource::new(name, src),
            span,
            label: "这里".to_owned(),
        }
    }

    /// An error with no location in a file (e.g. the file could not be read).
    pub fn plain(name: &str, message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            help: None,
            src: TomlSource::new(name, ""),
            span: None,
            label: String::new(),
        }
    }
}

/// A rule file as miette's source. Spans stay byte ranges; the `[file:line:column]` header
/// counts characters, as findings do (miette's own sources count bytes: a Chinese string
/// before the error put the column two to three times too far right).
#[derive(Debug, Clone)]
pub struct TomlSource {
    name: String,
    text: String,
}

impl TomlSource {
    pub fn new(name: &str, text: &str) -> Self {
        TomlSource { name: name.to_owned(), text: text.to_owned() }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl SourceCode for TomlSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        // miette gives a column only when the contents start at the span (no lines before);
        // it is the byte count from the line's start.
        let start = inner.span().offset();
        let column = start
            .checked_sub(inner.column())
            .and_then(|line_start| self.text.get(line_start..start))
            .map_or(inner.column(), |before| before.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Widens a byte range to char boundaries inside `src`, so miette never slices mid-char.
pub(crate) fn clamp(src: &str, r: Range<usize>) -> Range<usize> {
    let mut start = r.start.min(src.len());
    let mut end = r.end.min(src.len()).max(start);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    while !src.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// toml's messages are English; keep them, add a Chinese gloss and a did-you-mean.
fn translate_toml_message(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|s| {
                s.split(['`', ',', ' ']).filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or").collect()
            })
            .unwrap_or_default();
        let help = crate::util::did_you_mean(field, &expected)
            .map(|s| format!("是不是想写 `{s}`？"))
            .or_else(|| (!expected.is_empty()).then(|| format!("可用的键：{}", expected.join("、"))));
        return (format!("未知的键 `{field}`"), help);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (format!("缺少必填的键 `{field}`"), None);
    }
    if raw.starts_with("invalid type") {
        return (format!("类型不对：{raw}"), None);
    }
    (format!("TOML 语法错误：{raw}"), None)
}

/// serde's "invalid type: string \"高\", expected f64" in words an auditor reads.
pub(crate) fn explain_type(raw: &str) -> Option<String> {
    let rest = raw.trim().strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let (found_kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    let shown =
        if value.is_empty() { type_word(found_kind).to_owned() } else { format!("{} {value}", type_word(found_kind)) };
    Some(format!("类型不对：这里应为{}，写的是{shown}", type_word(expected)))
}

fn type_word(t: &str) -> &str {
    let t = t.trim().trim_start_matches("a ").trim_start_matches("an ");
    match t.split_whitespace().next().unwrap_or("") {
        "string" | "char" => "字符串（加引号的文字）",
        "integer" | "i64" | "u64" | "u32" | "u8" | "i32" | "usize" => "整数",
        "floating" | "f64" | "f32" => "数字",
        "boolean" | "bool" => "true 或 false",
        "sequence" => "列表 [...]",
        "map" | "struct" => "表（键 = 值）",
        _ => t,
    }
}

/// A deserialisation message from a parameter table, in Chinese where it is a known kind.
pub(crate) fn explain_message(raw: &str) -> String {
    match explain_type(raw) {
        Some(m) => m,
        None if raw.starts_with("invalid") => format!("类型不对：{raw}"),
        None => raw.to_owned(),
    }
}
