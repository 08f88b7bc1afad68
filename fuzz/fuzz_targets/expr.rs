//! The rule-file expression language (`grammar/expr.pest`, `src/expr/`) on arbitrary text:
//! parsing never panics, an error's span lies inside the expression on char boundaries (it
//! is shown under the TOML string), and an expression that parses evaluates without panic
//! (division by zero, overflow and missing facts are `Unknown`, not crashes).
#![no_main]

use jxlint::expr::{Env, Value};
use libfuzzer_sys::fuzz_target;
use regex::Regex;
use rust_decimal::Decimal;

struct Facts;

impl Env for Facts {
    fn fact(&self, name: &str) -> Option<Value> {
        let v = match name {
            "budget" => Decimal::new(38429, 2),
            "expenditure" => Decimal::new(34382, 2),
            "zero" => Decimal::ZERO,
            "huge" => Decimal::MAX,
            "tiny" => Decimal::new(1, 28),
            _ => return None,
        };
        Some(Value { v, tol: Decimal::new(5, 3) })
    }
    fn count(&self, name: &str) -> usize {
        name.len() % 3
    }
    fn mentions(&self, re: &Regex) -> bool {
        re.is_match("预算执行率89.46%，主要原因是项目验收推迟")
    }
}

fuzz_target!(|src: &str| {
    let known = |n: &str| matches!(n, "budget" | "expenditure" | "zero" | "huge" | "tiny");
    match jxlint::expr::parse(src, &known) {
        Ok(e) => {
            let _ = e.evaluate(&Facts);
            let _ = e.facts();
        }
        Err(e) => {
            assert!(e.span.start <= e.span.end && src.get(e.span.clone()).is_some(), "{e:?} in {src:?}");
        }
    }
});
