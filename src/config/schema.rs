//! The `jxlint.toml` schema. It is a superset of the rule-file schema (`version`, `[[fact]]`,
//! `[[rule]]` as in `rules/default.toml`), so a copy of the built-in rule file is a valid
//! configuration. Unknown keys are errors everywhere, with a did-you-mean.

use crate::rules::config::{CategoryDef, EquationDef, FactDef, PhraseDef, RateDef, RuleDef, SectionDef};
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

/// Changes to one rule. A key present here replaces the rule's value; `append` adds to its
/// lists instead (more phrases, more synonyms) without repeating the built-in ones.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    pub enabled: Option<bool>,
    pub severity: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub message: Option<String>,
    pub help: Option<String>,
    pub explanation: Option<String>,
    pub example: Option<Vec<crate::rules::config::Example>>,
    pub phrase: Option<Vec<PhraseDef>>,
    pub section: Option<Vec<SectionDef>>,
    pub rate: Option<Vec<RateDef>>,
    pub category: Option<Vec<CategoryDef>>,
    pub equation: Option<Vec<EquationDef>>,
    pub breakdown: Option<Vec<Spanned<String>>>,
    pub exhaustive: Option<Vec<Spanned<String>>>,
    pub facts: Option<Vec<Spanned<String>>>,
    pub evaluated: Option<Spanned<String>>,
    pub total: Option<Spanned<String>>,
    pub labels: Option<Vec<Spanned<String>>>,
    pub threshold: Option<Spanned<f64>>,
    pub reasons: Option<Vec<Spanned<String>>>,
    pub measurable: Option<Vec<Spanned<String>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub once_per_sentence: Option<bool>,
    pub chars: Option<Spanned<String>>,
    pub artifacts: Option<Vec<Spanned<String>>>,
    pub expr: Option<Spanned<String>>,
    pub profile: Option<Vec<crate::rules::config::WeightProfileDef>>,
    pub tolerance: Option<Spanned<f64>>,
    pub grade: Option<Vec<crate::rules::config::GradeDef>>,
    pub qualitative: Option<Vec<crate::rules::config::QualitativeDef>>,
    pub over_completion: Option<Spanned<f64>>,
    pub measures: Option<Vec<Spanned<String>>>,
    pub non_answers: Option<Vec<String>>,
    pub indicator_category: Option<Vec<crate::rules::config::IndicatorCategoryDef>>,
    pub process_items: Option<Vec<Spanned<String>>>,
    pub process_exempt: Option<Vec<Spanned<String>>>,
    pub placeholders: Option<Vec<Spanned<String>>>,
    pub restate: Option<Vec<crate::rules::config::RestateDef>>,
    pub append: Option<RuleAppend>,
}

/// Lists extended rather than replaced by `[rules.ID.append]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleAppend {
    #[serde(default)]
    pub example: Vec<crate::rules::config::Example>,
    #[serde(default)]
    pub phrase: Vec<PhraseDef>,
    #[serde(default)]
    pub section: Vec<SectionDef>,
    #[serde(default)]
    pub rate: Vec<RateDef>,
    #[serde(default)]
    pub category: Vec<CategoryDef>,
    #[serde(default)]
    pub equation: Vec<EquationDef>,
    #[serde(default)]
    pub breakdown: Vec<Spanned<String>>,
    #[serde(default)]
    pub exhaustive: Vec<Spanned<String>>,
    #[serde(default)]
    pub facts: Vec<Spanned<String>>,
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
    #[serde(default)]
    pub reasons: Vec<Spanned<String>>,
    #[serde(default)]
    pub measurable: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub artifacts: Vec<Spanned<String>>,
    #[serde(default)]
    pub profile: Vec<crate::rules::config::WeightProfileDef>,
    #[serde(default)]
    pub grade: Vec<crate::rules::config::GradeDef>,
    #[serde(default)]
    pub qualitative: Vec<crate::rules::config::QualitativeDef>,
    #[serde(default)]
    pub measures: Vec<Spanned<String>>,
    #[serde(default)]
    pub non_answers: Vec<String>,
    #[serde(default)]
    pub indicator_category: Vec<crate::rules::config::IndicatorCategoryDef>,
    #[serde(default)]
    pub process_items: Vec<Spanned<String>>,
    #[serde(default)]
    pub process_exempt: Vec<Spanned<String>>,
    #[serde(default)]
    pub placeholders: Vec<Spanned<String>>,
    #[serde(default)]
    pub restate: Vec<crate::rules::config::RestateDef>,
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

/// Applies `o` to `def`: present keys replace, `append` lists extend.
pub fn apply(def: &mut RuleDef, o: &RuleOverride) {
    macro_rules! set {
        ($($f:ident),*) => { $( if let Some(v) = &o.$f { def.$f = v.clone(); } )* };
    }
    macro_rules! set_opt {
        ($($f:ident),*) => { $( if let Some(v) = &o.$f { def.$f = Some(v.clone()); } )* };
    }
    set!(enabled, example, phrase, section, rate, category, equation, breakdown, exhaustive, facts, labels);
    set!(reasons, measurable, exclude, once_per_sentence, artifacts, summary, message);
    set_opt!(severity, help, explanation, evaluated, total, threshold, chars, expr, tolerance, over_completion);
    set!(
        profile,
        grade,
        qualitative,
        measures,
        non_answers,
        indicator_category,
        process_items,
        process_exempt,
        placeholders,
        restate
    );
    if let Some(a) = &o.append {
        macro_rules! add {
            ($($f:ident),*) => { $( def.$f.extend(a.$f.iter().cloned()); )* };
        }
        add!(example, phrase, section, rate, category, equation, breakdown, exhaustive, facts, labels);
        add!(reasons, measurable, exclude, artifacts);
        add!(
            profile,
            grade,
            qualitative,
            measures,
            non_answers,
            indicator_category,
            process_items,
            process_exempt,
            placeholders,
            restate
        );
    }
}

impl RuleOverride {
    /// The kind parameters this change sets (directly or through `append`).
    pub fn parameters(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! some {
            ($($f:ident),*) => { $( if self.$f.is_some() { out.push(stringify!($f)); } )* };
        }
        some!(phrase, section, rate, category, equation, breakdown, exhaustive, facts, evaluated, total);
        some!(labels, threshold, reasons, measurable, exclude, once_per_sentence, chars, artifacts, expr);
        some!(
            tolerance,
            over_completion,
            profile,
            grade,
            qualitative,
            measures,
            non_answers,
            indicator_category,
            process_items,
            process_exempt,
            placeholders,
            restate
        );
        if let Some(a) = &self.append {
            macro_rules! nonempty {
                ($($f:ident),*) => { $( if !a.$f.is_empty() && !out.contains(&stringify!($f)) { out.push(stringify!($f)); } )* };
            }
            nonempty!(phrase, section, rate, category, equation, breakdown, exhaustive, facts, labels, reasons);
            nonempty!(measurable, exclude, artifacts);
            nonempty!(
                profile,
                grade,
                qualitative,
                measures,
                non_answers,
                indicator_category,
                process_items,
                process_exempt,
                placeholders,
                restate
            );
        }
        out
    }
}

/// The kind parameters a custom rule sets.
pub fn parameters(def: &RuleDef) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! nonempty {
        ($($f:ident),*) => { $( if !def.$f.is_empty() { out.push(stringify!($f)); } )* };
    }
    macro_rules! some {
        ($($f:ident),*) => { $( if def.$f.is_some() { out.push(stringify!($f)); } )* };
    }
    nonempty!(phrase, section, rate, category, equation, breakdown, exhaustive, facts, labels, reasons);
    nonempty!(measurable, exclude, artifacts);
    nonempty!(
        profile,
        grade,
        qualitative,
        measures,
        non_answers,
        indicator_category,
        process_items,
        process_exempt,
        placeholders,
        restate
    );
    some!(evaluated, total, threshold, chars, expr, tolerance, over_completion);
    if def.once_per_sentence {
        out.push("once_per_sentence");
    }
    out
}
