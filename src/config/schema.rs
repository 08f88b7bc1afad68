//! The `jxlint.toml` schema. It is a superset of the rule-file schema (`version`, `[[fact]]`,
//! `[[rule]]` as in `rules/default.toml`), so a copy of the built-in rule file is a valid
//! configuration. Unknown keys are errors everywhere, with a did-you-mean.

use crate::rules::config::{table_error, Example, FactDef, RuleDef, RuleTable};
use crate::rules::KindError;
use crate::util::toml_table::RawValue;
use crate::util::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub version: Option<Spanned<u32>>,
    /// `"default"` (the built-in rules, also when absent) or `"none"`.
    #[serde(default)]
    pub extends: Option<Spanned<String>>,
    /// Facts added to (or, with the same name, replacing) the inherited ones.
    #[serde(default)]
    pub fact: Vec<FactDef>,
    /// Rules added to (or, with the same id, replacing) the inherited ones.
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    /// `[rules.ID]`: changes to one rule, for every file.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, RuleOverride>,
    /// `[[override]]`: changes for the files matching `files`.
    #[serde(default, rename = "override")]
    pub overrides: Vec<OverrideDef>,
    /// `[[ignore]]`: accepted findings, each with a reason.
    #[serde(default)]
    pub ignore: Vec<IgnoreDef>,
}

/// `[rules.ID]`: changes to one rule. A key present here replaces the rule's value; the
/// lists in `append` are extended instead (more phrases, more synonyms) without repeating
/// the built-in ones. Kind parameters are kept as written and applied to the rule's own
/// table ([`apply`]), then the kind reads the result into its `Params`: no key is listed
/// here, so a parameter a kind gains can be changed with no edit to this file.
#[derive(Debug, Clone, Default)]
pub struct RuleOverride(pub RuleTable);

impl<'de> Deserialize<'de> for RuleOverride {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        RuleTable::read(d, true).map(RuleOverride)
    }
}

impl RuleOverride {
    pub fn severity(&self) -> Option<&Spanned<String>> {
        self.0.severity.as_ref()
    }
}

/// Applies `o` to `def`: present keys replace, then `append` lists extend. Whether the
/// result suits the rule's kind is decided when the kind reads its parameters.
pub fn apply(def: &mut RuleDef, o: &RuleOverride) -> Result<(), KindError> {
    let o = &o.0;
    if let Some(v) = &o.severity {
        def.severity = Some(v.clone());
    }
    if let Some(v) = o.enabled {
        def.enabled = v;
    }
    if let Some(v) = &o.summary {
        def.summary = v.clone();
        def.missing = def.missing.filter(|k| *k != "summary");
    }
    if let Some(v) = &o.message {
        def.message = v.clone();
        def.missing = def.missing.filter(|k| *k != "message");
    }
    if let Some(v) = &o.help {
        def.help = Some(v.clone());
    }
    if let Some(v) = &o.explanation {
        def.explanation = Some(v.clone());
    }
    if let Some(v) = &o.example {
        def.example = v.clone();
    }
    for (k, v) in &o.params.entries {
        def.params.set(k.clone(), v.clone());
    }
    let Some(append) = &o.append else { return Ok(()) };
    for (k, v) in &append.entries {
        let RawValue::Array(items) = v.get_ref() else {
            return Err(KindError::new(v.span(), format!("`append.{}` 应为列表 [...]", k.get_ref()))
                .with_help("append 只能追加列表参数；要替换单个值，直接写在 [rules.ID] 下"));
        };
        if k.get_ref() == "example" {
            let more: Vec<Example> = RawValue::deserialize(v).map_err(|e| table_error(e, v.span(), &[]))?;
            def.example.extend(more);
            continue;
        }
        match def.params.get_mut(k.get_ref()) {
            Some(existing) => match existing.get_mut() {
                RawValue::Array(list) => list.extend(items.iter().cloned()),
                _ => return Err(KindError::new(k.span(), format!("`{}` 不是列表，不能用 append 追加", k.get_ref()))),
            },
            None => def.params.set(k.clone(), v.clone()),
        }
    }
    Ok(())
}

/// `[[override]]`: rule changes for a subset of files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideDef {
    /// Globs relative to the folder holding `jxlint.toml`.
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, RuleOverride>,
}

/// `[[ignore]]`: findings accepted on purpose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreDef {
    /// Globs of the files it applies to (default: every file).
    #[serde(default)]
    pub files: Vec<Spanned<String>>,
    /// The rule whose findings are accepted.
    pub rule: Spanned<String>,
    /// Only findings on a line containing this text.
    #[serde(default)]
    pub line: Option<String>,
    /// Why they are accepted; required so that every exception can be audited.
    pub reason: Spanned<String>,
}
