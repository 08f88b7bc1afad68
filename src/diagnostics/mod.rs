//! diagnostics: what a rule reports. Pure data; rendering lives in `output`.

pub mod line_index;

pub use line_index::{LineIndex, Position};

use crate::parse::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    /// Shared with the rule when its help has no placeholders: the same words under each of
    /// a long report's hundred thousand findings are held once.
    pub help: Option<Arc<str>>,
    /// Byte range into the decoded report text: the exact characters at fault.
    pub span: Span,
    /// Text of the primary label (shown under the underline).
    pub label: String,
    pub related: Vec<Label>,
    /// Boxed: few findings carry a fix, and a long report's findings are held by the
    /// hundred thousand (issue 13).
    pub fix: Option<Box<Fix>>,
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

    pub fn with_help(self, help: impl Into<String>) -> Self {
        self.with_shared_help(Arc::from(help.into()))
    }

    pub fn with_shared_help(mut self, help: Arc<str>) -> Self {
        self.help = (!help.is_empty()).then_some(help);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        // Most findings have one related location: room for one, not the four a first
        // push reserves (a tenth of a long report's findings memory).
        if self.related.capacity() == 0 {
            self.related.reserve_exact(1);
        }
        self.related.push(Label { span, message: message.into() });
        self
    }

    pub fn with_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Box::new(Fix { description: description.into(), edits }));
        self
    }
}

/// Fills `{name}` placeholders of a configured message template. Sized exactly: a long
/// report's findings hold two filled templates each (message and help), and the slack of a
/// growing string was a third of them.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut len = 0;
    filled_pieces(template, vars, |p| len += p.len());
    let mut out = String::with_capacity(len);
    filled_pieces(template, vars, |p| out.push_str(p));
    out
}

/// The pieces of `template` filled with `vars`, in order; an unknown `{name}` and an
/// unclosed `{` stand as written.
fn filled_pieces<'a>(template: &'a str, vars: &[(&str, &'a str)], mut piece: impl FnMut(&'a str)) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        piece(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            piece(&rest[open..]);
            return;
        };
        let key = &after[..close];
        match vars.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => piece(v),
            None => piece(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    piece(rest);
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_known_keys_and_keeps_unknown() {
        assert_eq!(fill("“{a}”应为“{b}”", &[("a", "截止"), ("b", "截至")]), "“截止”应为“截至”");
        assert_eq!(fill("{x} {y", &[("x", "1")]), "1 {y");
        assert_eq!(fill("{missing}", &[]), "{missing}");
        assert_eq!(fill("前{a}后{", &[("a", "中")]), "前中后{");
    }

    #[test]
    fn a_filled_template_is_sized_exactly() {
        let s = fill("标题编号有误：{detail}", &[("detail", "编号不连续")]);
        assert_eq!(s, "标题编号有误：编号不连续");
        assert_eq!(s.capacity(), s.len());
    }
}
