//! The `[[fact]]` table of a rule file: the definition `FactSet::compile` reads, and the
//! error it gives (located in the TOML). `facts` owns both, so it depends on nothing above
//! `parse`; `rules` and `config` convert the error into theirs.

use crate::util::{PatternError, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;
use std::ops::Range;

/// A named fact: which quantities in a report state it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub name: Spanned<String>,
    /// What the fact is, in Chinese (for messages).
    pub description: String,
    /// `money`, `rate`, `count` or `any`.
    #[serde(default = "default_unit")]
    pub unit: Spanned<String>,
    /// Regexes; the quantity's label (text before it in its clause) must match one.
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
    /// Regexes; alternatively the text right after a count (`7个项目` → `项目`) matches one.
    #[serde(default)]
    pub nouns: Vec<Spanned<String>>,
    /// Regexes; label or noun matching one of these is a different quantity (年初, 追加 …).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Regex on the whole sentence holding the quantity, required when set.
    pub context: Option<Spanned<String>>,
    /// Regexes on a label that mark the base of a derived total (年初 7个 … 追加 1个 ⇒ 8):
    /// such a statement and the additions after it in its sentence state the fact together.
    #[serde(default)]
    pub bases: Vec<Spanned<String>>,
    /// Regexes on a label that mark an addition to the base (追加, 新增, 年中增加).
    #[serde(default)]
    pub additions: Vec<Spanned<String>>,
    /// Regexes on a label that mark a reduction from the base (调减, 减少, 取消).
    #[serde(default)]
    pub reductions: Vec<Spanned<String>>,
    /// Regex on section titles: only quantities in a matching section (or its subsections).
    #[serde(default)]
    pub section: Option<Spanned<String>>,
    /// Only quantities at this parenthesis depth or shallower (0 = not inside brackets).
    pub max_paren_depth: Option<u8>,
    /// `first`, `last` or `all` (default): which statements count.
    #[serde(default = "default_occurrence")]
    pub occurrence: Spanned<String>,
}

fn default_unit() -> Spanned<String> {
    Spanned::new(0..0, "any".to_owned())
}

fn default_occurrence() -> Spanned<String> {
    Spanned::new(0..0, "all".to_owned())
}

/// A fact definition that cannot be compiled.
#[derive(Debug, Clone)]
pub struct FactError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl FactError {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        FactError { span, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<PatternError> for FactError {
    fn from(e: PatternError) -> Self {
        FactError { span: e.span, message: e.message, help: e.help }
    }
}
