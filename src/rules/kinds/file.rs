//! `file`: files that cannot be read. The loader reports them; this kind only carries the
//! rule's severity, message and explanation, so they are configurable like any rule.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `file` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

struct FileRule;

impl Check for FileRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, _: &Context<'_>, _: &RuleMeta, _: &mut Vec<Diagnostic>) {}
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(FileRule))
}
