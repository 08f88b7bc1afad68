//! `suppression`: findings about suppressions themselves (an `[[ignore]]` or an inline
//! `jxlint-disable-next-line` comment that suppresses nothing, names an unknown rule or
//! gives no reason). `config::suppress` reports them after the other rules have run; this
//! kind only carries the rule's severity, message and explanation.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;

struct SuppressionRule;

impl Check for SuppressionRule {
    fn check(&self, _: &Context<'_>, _: &RuleMeta, _: &mut Vec<Diagnostic>) {}
}

pub fn compile(_: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    Ok(Box::new(SuppressionRule))
}
