//! The expression language of rule files (`grammar/expr.pest`): arithmetic over named
//! facts, comparisons at the precision the report stated, `sum`, `round`, `pct`, `abs`,
//! `min`, `max`, `count`, and conditions (`and`, `or`, `not`, `when`/`unless`,
//! `exists(fact)`, `mentions("regex")`). Evaluated with `rust_decimal`.
//!
//! Parse errors carry a byte span into the expression text; the rule compiler shifts it
//! into the TOML file so miette points at the exact character.

mod eval;

pub use eval::{Env, Outcome, Value};

use pest::iterators::Pair;
use pest::Parser;
use regex::Regex;
use rust_decimal::Decimal;
use std::ops::Range;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/expr.pest"]
struct ExprParser;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`: exact.
    Eq,
    /// `=` or `≈`: equal at the stated precision.
    Approx,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Approx => "=",
            CmpOp::Ne => "≠",
            CmpOp::Ge => "≥",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Lt => "<",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Expr {
    Num(Decimal),
    Fact(String, Range<usize>),
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
    /// `count(fact)`: how many times the report states the fact.
    Count(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Sum,
    Round,
    Pct,
    Abs,
    Min,
    Max,
}

#[derive(Debug, Clone)]
pub enum Cond {
    Cmp { lhs: Expr, op: CmpOp, rhs: Expr, tolerance: Option<Decimal> },
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Exists(String),
    Mentions(Regex),
}

/// A parsed rule expression: a check, and the condition under which it applies.
#[derive(Debug, Clone)]
pub struct RuleExpr {
    pub check: Cond,
    /// `when C`: the check applies only if C holds; `unless C` is stored as `not C`.
    pub when: Option<Cond>,
    /// The text as written, for messages.
    pub source: String,
}

/// An error in an expression, with a byte span into the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub span: Range<usize>,
    pub message: String,
}

impl RuleExpr {
    /// Facts the expression refers to, in order of first appearance.
    pub fn facts(&self) -> Vec<(String, Range<usize>)> {
        let mut out: Vec<(String, Range<usize>)> = Vec::new();
        let mut push = |n: &str, s: &Range<usize>| {
            if !out.iter().any(|(m, _)| m == n) {
                out.push((n.to_owned(), s.clone()));
            }
        };
        fn walk_expr(e: &Expr, f: &mut dyn FnMut(&str, &Range<usize>)) {
            match e {
                Expr::Fact(n, s) => f(n, s),
                Expr::Count(n) => f(n, &(0..0)),
                Expr::Neg(a) => walk_expr(a, f),
                Expr::Bin(_, a, b) => {
                    walk_expr(a, f);
                    walk_expr(b, f);
                }
                Expr::Call(_, args) => args.iter().for_each(|a| walk_expr(a, f)),
                Expr::Num(_) => {}
            }
        }
        fn walk_cond(c: &Cond, f: &mut dyn FnMut(&str, &Range<usize>)) {
            match c {
                Cond::Cmp { lhs, rhs, .. } => {
                    walk_expr(lhs, f);
                    walk_expr(rhs, f);
                }
                Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| walk_cond(c, f)),
                Cond::Not(c) => walk_cond(c, f),
                Cond::Exists(n) => f(n, &(0..0)),
                Cond::Mentions(_) => {}
            }
        }
        walk_cond(&self.check, &mut push);
        if let Some(w) = &self.when {
            walk_cond(w, &mut push);
        }
        out
    }
}

/// Parses an expression. `known_fact` says whether a name is a defined fact.
pub fn parse(src: &str, known_fact: &dyn Fn(&str) -> bool) -> Result<RuleExpr, ExprError> {
    check_nesting(src)?;
    let mut pairs = ExprParser::parse(Rule::rule, src).map_err(|e| pest_error(src, &e))?;
    let rule = pairs.next().ok_or_else(|| ExprError { span: 0..0, message: "空表达式".into() })?;
    let mut inner = rule.into_inner();
    let b = Builder { known_fact };
    let check = b.condition(inner.next().ok_or_else(|| err(0..src.len(), "空表达式"))?)?;
    let mut when = None;
    if let Some(kw) = inner.next() {
        if kw.as_rule() == Rule::when_kw {
            let unless = kw.as_str().starts_with("unless");
            if let Some(c) = inner.next() {
                let c = b.condition(c)?;
                when = Some(if unless { Cond::Not(Box::new(c)) } else { c });
            }
        }
    }
    Ok(RuleExpr { check, when, source: src.to_owned() })
}

fn err(span: Range<usize>, message: impl Into<String>) -> ExprError {
    ExprError { span, message: message.into() }
}

/// Deepest bracket nesting an expression may have. The grammar, the builder and the
/// evaluator recurse once per `(`, and pest is built without its stack probe (which ran on
/// every rule call of the report parser), so this bound keeps any rule file well inside
/// the stack.
const MAX_NESTING: usize = 32;

fn check_nesting(src: &str) -> Result<(), ExprError> {
    let mut depth = 0usize;
    let mut in_string = false;
    for (i, c) in src.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(err(i..i + 1, format!("括号嵌套超过 {MAX_NESTING} 层，请拆成几条规则或化简表达式")));
                }
            }
            ')' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn pest_error(src: &str, e: &pest::error::Error<Rule>) -> ExprError {
    let (start, end) = match e.location {
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, t)) => (s, t),
    };
    // Point at the character where parsing stopped (one char wide, on a char boundary).
    let start = start.min(src.len());
    let end = if end > start { end } else { src[start..].chars().next().map_or(start, |c| start + c.len_utf8()) };
    let what = match src[start..].chars().next() {
        None => "表达式不完整".to_owned(),
        Some(c) => format!("表达式在“{c}”处无法解析"),
    };
    err(start..end, format!("{what}（应为数字、事实名、函数调用或比较运算符 = ≈ == ≠ ≥ ≤ > <）"))
}

struct Builder<'f> {
    known_fact: &'f dyn Fn(&str) -> bool,
}

fn span_of(p: &Pair<'_, Rule>) -> Range<usize> {
    p.as_span().start()..p.as_span().end()
}

impl Builder<'_> {
    fn condition(&self, p: Pair<'_, Rule>) -> Result<Cond, ExprError> {
        match p.as_rule() {
            Rule::condition => {
                let parts: Vec<Cond> = p
                    .into_inner()
                    .filter(|x| x.as_rule() != Rule::or_kw)
                    .map(|x| self.condition(x))
                    .collect::<Result<_, _>>()?;
                Ok(if parts.len() == 1 {
                    parts.into_iter().next().unwrap_or(Cond::And(vec![]))
                } else {
                    Cond::Or(parts)
                })
            }
            Rule::conj => {
                let parts: Vec<Cond> = p
                    .into_inner()
                    .filter(|x| x.as_rule() != Rule::and_kw)
                    .map(|x| self.condition(x))
                    .collect::<Result<_, _>>()?;
                Ok(if parts.len() == 1 {
                    parts.into_iter().next().unwrap_or(Cond::And(vec![]))
                } else {
                    Cond::And(parts)
                })
            }
            Rule::neg => {
                let mut nots = 0;
                let mut inner = None;
                for x in p.into_inner() {
                    if x.as_rule() == Rule::not_kw {
                        nots += 1;
                    } else {
                        inner = Some(self.condition(x)?);
                    }
                }
                let mut c = inner.ok_or_else(|| err(0..0, "缺少条件"))?;
                for _ in 0..nots {
                    c = Cond::Not(Box::new(c));
                }
                Ok(c)
            }
            Rule::atom_cond => {
                let x = p.into_inner().next().ok_or_else(|| err(0..0, "缺少条件"))?;
                self.condition(x)
            }
            Rule::comparison => {
                let mut it = p.into_inner();
                let lhs = self.sum(it.next().ok_or_else(|| err(0..0, "缺少左侧"))?)?;
                let op = match it.next().map(|o| o.as_str().to_owned()).as_deref() {
                    Some("==") => CmpOp::Eq,
                    Some("=" | "≈" | "~=") => CmpOp::Approx,
                    Some("!=" | "≠") => CmpOp::Ne,
                    Some(">=" | "≥") => CmpOp::Ge,
                    Some("<=" | "≤") => CmpOp::Le,
                    Some(">") => CmpOp::Gt,
                    _ => CmpOp::Lt,
                };
                let rhs = self.sum(it.next().ok_or_else(|| err(0..0, "缺少右侧"))?)?;
                let tolerance = match it.next() {
                    Some(t) => {
                        let lit = t.into_inner().next().ok_or_else(|| err(0..0, "缺少容差"))?;
                        Some(literal(lit)?)
                    }
                    None => None,
                };
                Ok(Cond::Cmp { lhs, op, rhs, tolerance })
            }
            Rule::predicate => {
                let span = span_of(&p);
                let mut it = p.into_inner();
                let name = it.next().map(|n| n.as_str().to_owned()).unwrap_or_default();
                let args: Vec<Pair<'_, Rule>> = it.collect();
                match name.as_str() {
                    "exists" => {
                        let [a] = args.as_slice() else { return Err(err(span, "exists() 需要一个事实名")) };
                        let n = self.fact_name(a.clone())?;
                        Ok(Cond::Exists(n))
                    }
                    "mentions" => {
                        let [a] = args.as_slice() else {
                            return Err(err(span, "mentions() 需要一个正则表达式字符串"));
                        };
                        let s = a.clone().into_inner().next().filter(|x| x.as_rule() == Rule::string);
                        let Some(s) = s else {
                            return Err(err(span_of(a), "mentions() 的参数应为带引号的正则表达式"));
                        };
                        let text = s.as_str().trim_matches('"');
                        Regex::new(text)
                            .map(Cond::Mentions)
                            .map_err(|e| err(span_of(&s), format!("正则表达式写错了：{e}")))
                    }
                    other => Err(err(span, format!("未知的条件函数 `{other}`（可用：exists、mentions）"))),
                }
            }
            _ => Err(err(span_of(&p), "无法解析的条件")),
        }
    }

    fn fact_name(&self, arg: Pair<'_, Rule>) -> Result<String, ExprError> {
        let span = span_of(&arg);
        let s = arg.as_str().trim();
        if (self.known_fact)(s) {
            Ok(s.to_owned())
        } else {
            Err(err(span, format!("未定义的事实 `{s}`")))
        }
    }

    fn sum(&self, p: Pair<'_, Rule>) -> Result<Expr, ExprError> {
        match p.as_rule() {
            Rule::sum | Rule::product => {
                let mut it = p.into_inner();
                let mut acc = self.sum(it.next().ok_or_else(|| err(0..0, "缺少运算数"))?)?;
                while let Some(op) = it.next() {
                    let rhs = self.sum(it.next().ok_or_else(|| err(span_of(&op), "运算符后缺少运算数"))?)?;
                    let op = match op.as_str() {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" | "×" => BinOp::Mul,
                        _ => BinOp::Div,
                    };
                    acc = Expr::Bin(op, Box::new(acc), Box::new(rhs));
                }
                Ok(acc)
            }
            Rule::unary => {
                let mut negs = 0;
                let mut inner = None;
                for x in p.into_inner() {
                    if x.as_rule() == Rule::neg_op {
                        negs += 1;
                    } else {
                        inner = Some(self.sum(x)?);
                    }
                }
                let mut e = inner.ok_or_else(|| err(0..0, "缺少运算数"))?;
                for _ in 0..negs {
                    e = Expr::Neg(Box::new(e));
                }
                Ok(e)
            }
            Rule::primary | Rule::arg => {
                let x = p.into_inner().next().ok_or_else(|| err(0..0, "缺少运算数"))?;
                self.sum(x)
            }
            Rule::literal => Ok(Expr::Num(literal(p)?)),
            Rule::ident => {
                let span = span_of(&p);
                let name = p.as_str();
                if (self.known_fact)(name) {
                    Ok(Expr::Fact(name.to_owned(), span))
                } else {
                    Err(err(span, format!("未定义的事实 `{name}`")))
                }
            }
            Rule::call => {
                let span = span_of(&p);
                let mut it = p.into_inner();
                let name = it.next().map(|n| n.as_str().to_owned()).unwrap_or_default();
                let raw: Vec<Pair<'_, Rule>> = it.collect();
                if name == "count" {
                    let [a] = raw.as_slice() else { return Err(err(span, "count() 需要一个事实名")) };
                    return Ok(Expr::Count(self.fact_name(a.clone())?));
                }
                let func = match name.as_str() {
                    "sum" => Func::Sum,
                    "round" => Func::Round,
                    "pct" => Func::Pct,
                    "abs" => Func::Abs,
                    "min" => Func::Min,
                    "max" => Func::Max,
                    other => {
                        return Err(err(
                            span,
                            format!("未知的函数 `{other}`（可用：sum、round、pct、abs、min、max、count）"),
                        ))
                    }
                };
                let args: Vec<Expr> = raw.into_iter().map(|a| self.sum(a)).collect::<Result<_, _>>()?;
                let arity_ok = match func {
                    Func::Round | Func::Pct => args.len() == 2,
                    Func::Abs => args.len() == 1,
                    Func::Sum | Func::Min | Func::Max => !args.is_empty(),
                };
                if !arity_ok {
                    return Err(err(span, format!("函数 `{name}` 的参数个数不对")));
                }
                Ok(Expr::Call(func, args))
            }
            Rule::string => Err(err(span_of(&p), "这里需要数字，不是字符串")),
            _ => Err(err(span_of(&p), "无法解析的表达式")),
        }
    }
}

fn literal(p: Pair<'_, Rule>) -> Result<Decimal, ExprError> {
    let span = span_of(&p);
    let mut value = None;
    let mut mult = Decimal::ONE;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::number => value = Decimal::from_str_exact(x.as_str()).ok(),
            Rule::unit => {
                mult = match x.as_str() {
                    "万元" => Decimal::from(10_000),
                    "亿元" => Decimal::from(100_000_000),
                    _ => Decimal::ONE,
                }
            }
            _ => {}
        }
    }
    value.map(|v| v * mult).ok_or_else(|| err(span, "数字太大或格式不对"))
}

#[cfg(test)]
mod tests;
