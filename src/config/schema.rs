//! The `jxlint.toml` schema. It is a superset of the rule-file schema (`version`, `[[fact]]`,
//! `[[rule]]` as in `rules/default.toml`), so a copy of the built-in rule file is a valid
//! configuration. Unknown keys are errors everywhere, with a did-you-mean.

use crate::rules::config::{
    CategoryDef, EquationDef, Example, FactDef, GradeDef, IndicatorCategoryDef, PhraseDef, QualitativeDef, RateDef,
    RestateDef, RuleDef, SectionDef, WeightProfileDef,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

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

/// Declares every key of a rule that `[rules.ID]` may change, each once, and generates
/// everything that must know them: [`RuleOverride`], [`RuleAppend`], [`apply`],
/// [`RuleOverride::parameters`], [`parameters`] and [`ALL_PARAMETERS`]. With a hand-kept
/// list in each, a key accepted by `RuleOverride` but forgotten in `apply` was a change
/// that silently did nothing.
///
/// The groups say how a change applies to `RuleDef`, and whether the key is a kind
/// parameter (one that `lint::ignored_parameters` checks against the rule's kind):
/// - `settings`: replaced; `RuleDef` holds the value itself;
/// - `optional_settings`: replaced; `RuleDef` holds an `Option`;
/// - `list_settings`: lists that are replaced, or extended by `append`;
/// - `list_parameters`, `optional_parameters`: the same two as kind parameters;
/// - `flag_parameters`: `bool` kind parameters, set when true.
macro_rules! rule_keys {
    (
        settings { $($s:ident: $st:ty),* $(,)? }
        optional_settings { $($os:ident: $ost:ty),* $(,)? }
        list_settings { $($ls:ident: $lst:ty),* $(,)? }
        list_parameters { $($l:ident: $lt:ty),* $(,)? }
        optional_parameters { $($o:ident: $ot:ty),* $(,)? }
        flag_parameters { $($f:ident),* $(,)? }
    ) => {
        /// Changes to one rule. A key present here replaces the rule's value; `append` adds to
        /// its lists instead (more phrases, more synonyms) without repeating the built-in ones.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RuleOverride {
            $(pub $s: Option<$st>,)*
            $(pub $os: Option<$ost>,)*
            $(pub $ls: Option<Vec<$lst>>,)*
            $(pub $l: Option<Vec<$lt>>,)*
            $(pub $o: Option<$ot>,)*
            $(pub $f: Option<bool>,)*
            pub append: Option<RuleAppend>,
        }

        /// Lists extended rather than replaced by `[rules.ID.append]`.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RuleAppend {
            $(#[serde(default)] pub $ls: Vec<$lst>,)*
            $(#[serde(default)] pub $l: Vec<$lt>,)*
        }

        /// The names of the kind parameters, which `lint::KIND_PARAMETERS` must use.
        pub const ALL_PARAMETERS: &[&str] = &[$(stringify!($l),)* $(stringify!($o),)* $(stringify!($f),)*];

        /// Applies `o` to `def`: present keys replace, then `append` lists extend.
        pub fn apply(def: &mut RuleDef, o: &RuleOverride) {
            $(if let Some(v) = &o.$s { def.$s = v.clone(); })*
            $(if let Some(v) = &o.$os { def.$os = Some(v.clone()); })*
            $(if let Some(v) = &o.$ls { def.$ls = v.clone(); })*
            $(if let Some(v) = &o.$l { def.$l = v.clone(); })*
            $(if let Some(v) = &o.$o { def.$o = Some(v.clone()); })*
            $(if let Some(v) = o.$f { def.$f = v; })*
            if let Some(a) = &o.append {
                $(def.$ls.extend(a.$ls.iter().cloned());)*
                $(def.$l.extend(a.$l.iter().cloned());)*
            }
        }

        impl RuleOverride {
            /// The kind parameters this change sets (directly or through `append`). A flag
            /// counts even when set to false: the key was written for a kind that reads it.
            pub fn parameters(&self) -> Vec<&'static str> {
                let appended = self.append.as_ref();
                let mut out = Vec::new();
                $(if self.$l.is_some() || appended.is_some_and(|a| !a.$l.is_empty()) { out.push(stringify!($l)); })*
                $(if self.$o.is_some() { out.push(stringify!($o)); })*
                $(if self.$f.is_some() { out.push(stringify!($f)); })*
                out
            }
        }

        /// The kind parameters a custom rule sets.
        pub fn parameters(def: &RuleDef) -> Vec<&'static str> {
            let mut out = Vec::new();
            $(if !def.$l.is_empty() { out.push(stringify!($l)); })*
            $(if def.$o.is_some() { out.push(stringify!($o)); })*
            $(if def.$f { out.push(stringify!($f)); })*
            out
        }
    };
}

rule_keys! {
    settings { enabled: bool, summary: String, message: String }
    optional_settings { severity: Spanned<String>, help: String, explanation: String }
    list_settings { example: Example }
    list_parameters {
        phrase: PhraseDef,
        section: SectionDef,
        rate: RateDef,
        category: CategoryDef,
        equation: EquationDef,
        breakdown: Spanned<String>,
        exhaustive: Spanned<String>,
        facts: Spanned<String>,
        parts: Spanned<String>,
        subsets: Spanned<String>,
        labels: Spanned<String>,
        reasons: Spanned<String>,
        measurable: Spanned<String>,
        exclude: Spanned<String>,
        artifacts: Spanned<String>,
        profile: WeightProfileDef,
        grade: GradeDef,
        qualitative: QualitativeDef,
        measures: Spanned<String>,
        non_answers: String,
        indicator_category: IndicatorCategoryDef,
        process_items: Spanned<String>,
        process_exempt: Spanned<String>,
        placeholders: Spanned<String>,
        restate: RestateDef,
    }
    optional_parameters {
        evaluated: Spanned<String>,
        total: Spanned<String>,
        threshold: Spanned<f64>,
        expr: Spanned<String>,
        chars: Spanned<String>,
        tolerance: Spanned<f64>,
        over_completion: Spanned<f64>,
    }
    flag_parameters { once_per_sentence }
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
