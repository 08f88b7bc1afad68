//! `equation`: an auditor's own check over named facts, written in the expression language
//! (`grammar/expr.pest`): `staff_actual <= staff_quota`, `personnel_cost + public_cost +
//! project_expense = expenditure`, `execution_rate >= 90% unless mentions("原因")`.
//! Each fact takes the value most of its statements agree on; `=` compares at the
//! precision the report stated. Missing facts or a zero divisor give no finding.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use super::consistency::describe;
use super::line_no;
use crate::diagnostics::Diagnostic;
use crate::expr::{Env, Outcome, RuleExpr, Value};
use crate::facts::{FactSet, Facts, Statement};
use crate::parse::{Quantity, Report};
use crate::util::Spanned;
use regex::Regex;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `equation` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// An expression over facts that must hold (see `grammar/expr.pest`).
    pub expr: Option<Spanned<String>>,
}

struct EquationRule {
    expr: RuleExpr,
}

/// Compiles an expression from the TOML, shifting error spans into the file.
pub(crate) fn compile_expr(src: &Spanned<String>, facts: &FactSet) -> Result<RuleExpr, KindError> {
    crate::expr::parse(src.get_ref(), &|n| facts.get(n).is_some()).map_err(|e| {
        // The span covers the TOML string with its quotes; expressions rarely need escapes.
        let quote = 1;
        let start = src.span().start + quote + e.span.start;
        let end = src.span().start + quote + e.span.end.max(e.span.start);
        let names: Vec<&str> = facts.facts.iter().map(|f| f.name.as_str()).collect();
        let mut err = KindError::new(start..end, e.message.clone());
        if let Some(bad) = e.message.strip_prefix("未定义的事实 `").and_then(|r| r.strip_suffix('`')) {
            if let Some(s) = crate::rules::util::did_you_mean(bad, &names) {
                err = err.with_help(format!("是不是想写 `{s}`？"));
            } else {
                err = err.with_help(format!("已定义的事实：{}", names.join("、")));
            }
        }
        err
    })
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let Some(src) = &p.expr else {
        return Err(KindError::new(def.kind.span(), "`equation` 类规则需要 `expr` 参数"));
    };
    Ok(Box::new(EquationRule { expr: compile_expr(src, facts)? }))
}

/// Half a unit in the last written digit, in base units; counts are exact.
pub(crate) fn tolerance_of(q: &Quantity) -> Decimal {
    if q.unit.is_count() || q.chinese() {
        return Decimal::ZERO;
    }
    crate::parse::number::half_unit(q.scale(), q.multiplier())
}

/// The facts of one report as the expression language sees them.
pub(crate) struct FactEnv<'a> {
    pub report: &'a Report,
    pub facts: &'a Facts,
}

impl FactEnv<'_> {
    pub fn statement(&self, name: &str) -> Option<&Statement> {
        self.facts.consensus(name)
    }
}

impl Env for FactEnv<'_> {
    fn fact(&self, name: &str) -> Option<Value> {
        let st = self.statement(name)?;
        let tol = st.quantities.iter().map(|&i| tolerance_of(&self.report.quantities[i])).sum();
        Some(Value { v: st.value, tol })
    }
    fn count(&self, name: &str) -> usize {
        self.facts.get(name).len()
    }
    fn mentions(&self, re: &Regex) -> bool {
        re.is_match(&self.report.text)
    }
}

impl Check for EquationRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let env = FactEnv { report: cx.report, facts: &cx.analysis.facts };
        if self.expr.evaluate(&env) != Outcome::Fails {
            return;
        }
        let used: Vec<(String, &Statement)> =
            self.expr.facts().into_iter().filter_map(|(n, _)| env.statement(&n).map(|s| (n, s))).collect();
        let Some((_, first)) = used.first() else { return };
        let values = used
            .iter()
            .map(|(n, st)| {
                let desc = cx.facts_description(n);
                format!("{desc}{}（第{}行）", describe(cx.report, st), line_no(cx.report, st.span.start))
            })
            .collect::<Vec<_>>()
            .join("、");
        let mut d = rule
            .diag(first.span.clone(), &[("expr", self.expr.source.as_str()), ("values", values.as_str())])
            .with_label("不满足：".to_owned() + &self.expr.source);
        for (n, st) in used.iter().skip(1) {
            d = d.with_related(st.span.clone(), cx.facts_description(n));
        }
        out.push(d);
    }
}
