//! Evaluation with uncertainty: every value carries the tolerance its stated precision
//! allows (`384.29万元` is exact to ±0.005万元), and arithmetic propagates it, so `=`
//! compares "at the precision the report stated" without a magic epsilon.

use super::{BinOp, CmpOp, Cond, Expr, Func, RuleExpr};
use regex::Regex;
use rust_decimal::Decimal;

/// A number and its absolute uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub v: Decimal,
    pub tol: Decimal,
}

impl Value {
    pub fn exact(v: Decimal) -> Self {
        Value { v, tol: Decimal::ZERO }
    }
}

/// What an expression is evaluated against: one report's facts and text.
pub trait Env {
    fn fact(&self, name: &str) -> Option<Value>;
    fn count(&self, name: &str) -> usize;
    fn mentions(&self, re: &Regex) -> bool;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Holds,
    Fails,
    /// A fact is missing, or a division by zero: nothing can be said.
    Unknown,
}

impl RuleExpr {
    pub fn evaluate(&self, env: &dyn Env) -> Outcome {
        if let Some(w) = &self.when {
            match cond(w, env) {
                None => return Outcome::Unknown,
                Some(false) => return Outcome::Holds,
                Some(true) => {}
            }
        }
        match cond(&self.check, env) {
            None => Outcome::Unknown,
            Some(true) => Outcome::Holds,
            Some(false) => Outcome::Fails,
        }
    }
}

fn cond(c: &Cond, env: &dyn Env) -> Option<bool> {
    match c {
        Cond::Cmp { lhs, op, rhs, tolerance } => {
            let (l, r) = (eval(lhs, env)?, eval(rhs, env)?);
            let explicit = tolerance.unwrap_or(Decimal::ZERO);
            let slack = if *op == CmpOp::Eq { explicit } else { l.tol.checked_add(r.tol)?.checked_add(explicit)? };
            let diff = l.v.checked_sub(r.v)?;
            Some(match op {
                CmpOp::Eq | CmpOp::Approx => diff.abs() <= slack,
                CmpOp::Ne => diff.abs() > slack,
                CmpOp::Ge => diff >= -slack,
                CmpOp::Le => diff <= slack,
                // Within the stated precision, `a > b` is plausible while a + slack > b.
                CmpOp::Gt => diff > -slack,
                CmpOp::Lt => diff < slack,
            })
        }
        Cond::And(v) => {
            let mut unknown = false;
            for c in v {
                match cond(c, env) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            (!unknown).then_some(true)
        }
        Cond::Or(v) => {
            let mut unknown = false;
            for c in v {
                match cond(c, env) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            (!unknown).then_some(false)
        }
        Cond::Not(c) => cond(c, env).map(|b| !b),
        Cond::Exists(n) => Some(env.fact(n).is_some()),
        Cond::Mentions(re) => Some(env.mentions(re)),
    }
}

fn eval(e: &Expr, env: &dyn Env) -> Option<Value> {
    Some(match e {
        Expr::Num(v) => Value::exact(*v),
        Expr::Fact(n, _) => env.fact(n)?,
        Expr::Count(n) => Value::exact(Decimal::from(env.count(n))),
        Expr::Neg(a) => {
            let a = eval(a, env)?;
            Value { v: -a.v, tol: a.tol }
        }
        Expr::Bin(op, a, b) => bin(*op, eval(a, env)?, eval(b, env)?)?,
        Expr::Call(f, args) => {
            let vals: Vec<Value> = args.iter().map(|a| eval(a, env)).collect::<Option<_>>()?;
            match f {
                Func::Sum => vals.iter().try_fold(Value::exact(Decimal::ZERO), |acc, v| bin(BinOp::Add, acc, *v))?,
                Func::Pct => {
                    let q = bin(BinOp::Div, vals[0], vals[1])?;
                    bin(BinOp::Mul, q, Value::exact(Decimal::ONE_HUNDRED))?
                }
                Func::Round => {
                    let dp = u32::try_from(vals[1].v.trunc().mantissa()).ok().filter(|d| *d <= 20)?;
                    let v = crate::parse::number::round_half_up(vals[0].v, dp);
                    Value { v, tol: vals[0].tol.checked_add(crate::parse::number::half_unit(dp, Decimal::ONE))? }
                }
                Func::Abs => Value { v: vals[0].v.abs(), tol: vals[0].tol },
                Func::Min | Func::Max => {
                    let pick =
                        if *f == Func::Min { vals.iter().min_by_key(|v| v.v) } else { vals.iter().max_by_key(|v| v.v) };
                    let tol = vals.iter().map(|v| v.tol).max().unwrap_or_default();
                    Value { v: pick?.v, tol }
                }
            }
        }
    })
}

fn bin(op: BinOp, a: Value, b: Value) -> Option<Value> {
    Some(match op {
        BinOp::Add => Value { v: a.v.checked_add(b.v)?, tol: a.tol.checked_add(b.tol)? },
        BinOp::Sub => Value { v: a.v.checked_sub(b.v)?, tol: a.tol.checked_add(b.tol)? },
        BinOp::Mul => Value {
            v: a.v.checked_mul(b.v)?,
            tol: a
                .v
                .abs()
                .checked_mul(b.tol)?
                .checked_add(b.v.abs().checked_mul(a.tol)?)?
                .checked_add(a.tol.checked_mul(b.tol)?)?,
        },
        BinOp::Div => {
            if b.v.is_zero() || b.v.abs() <= b.tol {
                return None;
            }
            let q = a.v.checked_div(b.v)?;
            // d(a/b) ≈ (ta + |a/b|·tb) / |b|
            let tol = a.tol.checked_add(q.abs().checked_mul(b.tol)?)?.checked_div(b.v.abs())?;
            Value { v: q, tol }
        }
    })
}
