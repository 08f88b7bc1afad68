//! `file`: files that cannot be read. The loader reports them; this kind only carries the
//! rule's severity, message and explanation, so they are configurable like any rule.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;

struct FileRule;

impl Check for FileRule {
    fn check(&self, _: &Context<'_>, _: &RuleMeta, _: &mut Vec<Diagnostic>) {}
}

pub fn compile(_: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    Ok(Box::new(FileRule))
}
