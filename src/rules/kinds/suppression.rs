//! `suppression`: findings about suppressions themselves (an `[[ignore]]` or an inline
//! `jxlint-disable-next-line` comment that suppresses nothing, names an unknown rule or
//! gives no reason). `config::suppress` reports them after the other rules have run; this
//! kind only carries the rule's severity, message and explanation.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `suppression` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

struct SuppressionRule;

impl Check for SuppressionRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, _: &Context<'_>, _: &RuleMeta, _: &mut Vec<Diagnostic>) {}
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(SuppressionRule))
}
