//! diagnostics: what a rule reports. Pure data; rendering lives in `output`.

pub mod line_index;

pub use line_index::{LineIndex, Position};

use crate::parse::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity `{s}` (expected error, warning or info)")),
        }
    }
}

/// A secondary location: an operand of a numeric finding, a related earlier statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A text edit: replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix that is certain to be right (only such fixes are ever attached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    /// One line, Chinese, says what is wrong here.
    pub message: String,
    /// What to do about it, Chinese.
    pub help: Option<String>,
    /// Byte range into the decoded report text: the exact characters at fault.
    pub span: Span,
    /// Text of the primary label (shown under the underline).
    pub label: String,
    pub related: Vec<Label>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.to_owned(),
            severity,
            message: message.into(),
            help: None,
            span,
            label: String::new(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        let h = help.into();
        self.help = (!h.is_empty()).then_some(h);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label { span, message: message.into() });
        self
    }

    pub fn with_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { description: description.into(), edits });
        self
    }
}

/// Fills `{name}` placeholders of a configured message template.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match vars.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_known_keys_and_keeps_unknown() {
        assert_eq!(fill("“{a}”应为“{b}”", &[("a", "截止"), ("b", "截至")]), "“截止”应为“截至”");
        assert_eq!(fill("{x} {y", &[("x", "1")]), "1 {y");
        assert_eq!(fill("{missing}", &[]), "{missing}");
    }
}
