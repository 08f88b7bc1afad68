//! The TOML rule-file schema (`rules/default.toml` and auditors' files).
//!
//! A `[[rule]]` table holds the keys every rule has ([`COMMON_KEYS`]) and its kind's
//! parameters. The common keys are read here; the others are kept as written
//! ([`RawTable`], with spans) and deserialised by the kind into its own `Params` type
//! (`rules/kinds/<kind>.rs`), whose `deny_unknown_fields` makes a key the kind does not
//! take an error at that key, with a did-you-mean among the keys it does take.

use super::KindError;
use crate::util::toml_table::{RawTable, RawValue, TableError};
use crate::util::{did_you_mean, Spanned};
use schemars::JsonSchema;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

pub use crate::facts::FactDef;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Schema version of the rule file; only 1 exists.
    #[serde(default)]
    pub version: Option<u32>,
    #[serde(default)]
    pub fact: Vec<FactDef>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// `[[rule.example]]`: a whole report text.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Text that must trigger the rule.
    pub bad: Option<String>,
    /// The exact text of `bad` a finding must flag (its span), when given.
    pub flagged: Option<String>,
    /// Text that must not trigger the rule.
    pub good: Option<String>,
}

/// The keys of a `[[rule]]` table that are not kind parameters.
pub const COMMON_KEYS: &[&str] =
    &["id", "kind", "severity", "enabled", "summary", "message", "help", "explanation", "example"];

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub severity: Option<Spanned<String>>,
    pub enabled: bool,
    /// One line: what the rule checks.
    pub summary: String,
    /// The finding's message; `{name}` placeholders are filled by the kind.
    pub message: String,
    pub help: Option<String>,
    /// Why the rule exists (for `jxlint explain`).
    pub explanation: Option<String>,
    pub example: Vec<Example>,
    /// The kind's parameters as written; [`RuleDef::params`] reads them.
    pub params: RawTable,
    /// A required common key (`summary`, `message`) the table lacks. Reported only after
    /// the kind has read its parameters, so that a misspelt `sumary` is named as the
    /// unknown key it is rather than as a missing `summary`.
    pub missing: Option<&'static str>,
}

impl RuleDef {
    /// The kind's parameters. A key `P` does not take is an error at that key, with a
    /// did-you-mean among `P`'s keys and the common ones; a missing one points at `kind`.
    pub fn params<P: DeserializeOwned>(&self) -> Result<P, KindError> {
        self.params.deserialize(self.kind.span()).map_err(|e| table_error(e, self.kind.span(), COMMON_KEYS))
    }
}

/// A [`TableError`] in the words of the other configuration errors.
pub fn table_error(e: TableError, fallback: std::ops::Range<usize>, also: &[&str]) -> KindError {
    let span = e.span.clone().unwrap_or(fallback);
    if let Some((key, expected)) = &e.unknown {
        let mut keys: Vec<&str> = expected.to_vec();
        keys.extend(also.iter().copied().filter(|k| !expected.contains(k)));
        let help = match did_you_mean(key, &keys) {
            Some(s) => format!("是不是想写 `{s}`？"),
            None if expected.is_empty() => "这类规则没有参数".to_owned(),
            None => format!("可用的键：{}", expected.join("、")),
        };
        return KindError::new(span, format!("未知的键 `{key}`")).with_help(help);
    }
    if let Some(key) = e.missing {
        return KindError::new(span, format!("缺少必填的键 `{key}`"));
    }
    KindError::new(span, super::error::explain_message(&e.message))
}

fn need<T, E: de::Error>(v: Option<T>, key: &'static str) -> Result<T, E> {
    v.ok_or_else(|| E::missing_field(key))
}

/// A rule table as read: common keys typed, the rest kept as written. `[[rule]]` tables
/// and `[rules.ID]` changes are both read this way; a change has no `id`/`kind` of its
/// own (they stay parameters, which no kind takes) and may have `append`.
#[derive(Debug, Clone, Default)]
pub struct RuleTable {
    pub id: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub summary: Option<String>,
    pub message: Option<String>,
    pub help: Option<String>,
    pub explanation: Option<String>,
    pub example: Option<Vec<Example>>,
    /// Not spanned: a table only implied by a `[[rules.ID.append.phrase]]` header has no span.
    pub append: Option<RawTable>,
    pub params: RawTable,
}

impl RuleTable {
    pub fn read<'de, D: Deserializer<'de>>(d: D, change: bool) -> Result<RuleTable, D::Error> {
        d.deserialize_map(TableVisitor { change })
    }
}

struct TableVisitor {
    change: bool,
}

impl<'de> Visitor<'de> for TableVisitor {
    type Value = RuleTable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a rule table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleTable, A::Error> {
        let mut t = RuleTable::default();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            match key.get_ref().as_str() {
                "id" if !self.change => t.id = Some(map.next_value()?),
                "kind" if !self.change => t.kind = Some(map.next_value()?),
                "append" if self.change => t.append = Some(map.next_value()?),
                "severity" => t.severity = Some(map.next_value()?),
                "enabled" => t.enabled = Some(map.next_value()?),
                "summary" => t.summary = Some(map.next_value()?),
                "message" => t.message = Some(map.next_value()?),
                "help" => t.help = Some(map.next_value()?),
                "explanation" => t.explanation = Some(map.next_value()?),
                "example" => t.example = Some(map.next_value()?),
                _ => {
                    let v: Spanned<RawValue> = map.next_value()?;
                    t.params.entries.push((key, v));
                }
            }
        }
        Ok(t)
    }
}

impl<'de> Deserialize<'de> for RuleDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = RuleTable::read(d, false)?;
        let missing = match (&t.summary, &t.message) {
            (None, _) => Some("summary"),
            (_, None) => Some("message"),
            _ => None,
        };
        Ok(RuleDef {
            id: need(t.id, "id")?,
            kind: need(t.kind, "kind")?,
            severity: t.severity,
            enabled: t.enabled.unwrap_or(true),
            summary: t.summary.unwrap_or_default(),
            message: t.message.unwrap_or_default(),
            missing,
            help: t.help,
            explanation: t.explanation,
            example: t.example.unwrap_or_default(),
            params: t.params,
        })
    }
}
