//! `table-unread`: a block that looks like a table (column names, or column names run
//! together with numbers) but whose rows and columns the table reader could not recover.
//! Its numbers were not checked; saying so once keeps silence from meaning "checked".

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-unread` rule: none besides the common keys.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

struct TableUnread;

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(TableUnread))
}

impl Check for TableUnread {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        for u in &cx.report.unread_tables {
            // Point at the block's first line only: the whole block would bury the text.
            let line = cx.report.line_at(u.span.start);
            let end = cx.report.lines.get(line).map_or(u.span.end, |l| l.span().end.min(u.span.end));
            out.push(rule.diag(u.span.start..end, &[("reason", u.reason)]));
        }
    }
}
