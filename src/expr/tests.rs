use super::*;
use std::collections::HashMap;

struct Facts(HashMap<&'static str, Value>, &'static str);

impl Env for Facts {
    fn fact(&self, name: &str) -> Option<Value> {
        self.0.get(name).copied()
    }
    fn count(&self, name: &str) -> usize {
        usize::from(self.0.contains_key(name))
    }
    fn mentions(&self, re: &Regex) -> bool {
        re.is_match(self.1)
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// A stated amount in 万元 with two decimals: ±0.005万元 = ±50元.
fn wan(s: &str) -> Value {
    Value { v: d(s) * Decimal::from(10_000), tol: d("50") }
}

fn env() -> Facts {
    let mut m = HashMap::new();
    m.insert("personnel_cost", wan("222.80"));
    m.insert("public_cost", wan("14.95"));
    m.insert("project_expense", wan("106.07"));
    m.insert("expenditure", wan("343.82"));
    m.insert("budget", wan("384.29"));
    m.insert("rate", Value { v: d("89.46"), tol: d("0.005") });
    m.insert("staff_quota", Value::exact(d("19")));
    m.insert("staff_actual", Value::exact(d("19")));
    m.insert("zero", Value::exact(Decimal::ZERO));
    Facts(m, "主要原因是项目验收推迟")
}

const FACTS: &[&str] = &[
    "personnel_cost",
    "public_cost",
    "project_expense",
    "expenditure",
    "budget",
    "rate",
    "staff_quota",
    "staff_actual",
    "zero",
    "missing",
];

fn known(n: &str) -> bool {
    FACTS.contains(&n)
}

fn run(src: &str) -> Outcome {
    parse(src, &known).unwrap_or_else(|e| panic!("{src}: {e:?}")).evaluate(&env())
}

#[test]
fn equations_hold_at_the_stated_precision() {
    assert_eq!(run("personnel_cost + public_cost + project_expense = expenditure"), Outcome::Holds);
    assert_eq!(run("personnel_cost + public_cost = expenditure"), Outcome::Fails);
    assert_eq!(run("sum(personnel_cost, public_cost, project_expense) ≈ expenditure"), Outcome::Holds);
    // Exact equality is exact.
    assert_eq!(run("staff_actual == staff_quota"), Outcome::Holds);
    assert_eq!(run("staff_actual <= staff_quota"), Outcome::Holds);
    assert_eq!(run("staff_actual < staff_quota"), Outcome::Fails);
}

#[test]
fn rates_round_and_truncate() {
    // 343.82 / 384.29 = 89.4689…%: 89.46 is within the operands' precision? No: the
    // rounded value is 89.47, and the uncertainty of the ratio is ~0.002 points.
    assert_eq!(run("round(pct(expenditure, budget), 2) == rate"), Outcome::Fails);
    assert_eq!(run("round(pct(expenditure, budget), 2) == 89.47%"), Outcome::Holds);
    assert_eq!(run("pct(expenditure, budget) ≈ rate ± 0.01"), Outcome::Holds);
    assert_eq!(run("rate >= 90%"), Outcome::Fails);
}

#[test]
fn conditions() {
    assert_eq!(run("rate >= 90% unless mentions(\"原因|由于\")"), Outcome::Holds);
    assert_eq!(run("rate >= 90% when mentions(\"疫情\")"), Outcome::Holds);
    assert_eq!(run("rate >= 90% when not mentions(\"疫情\")"), Outcome::Fails);
    assert_eq!(run("exists(rate) and not exists(missing)"), Outcome::Holds);
    assert_eq!(run("(rate > 95 or rate < 90) and count(rate) = 1"), Outcome::Holds);
    assert_eq!(run("-rate < 0"), Outcome::Holds);
    assert_eq!(run("abs(0 - rate) = max(rate, 1, 2) and min(1, 2) = 1"), Outcome::Holds);
    assert_eq!(run("100万元 = 1000000元 and 1亿元 / 10000 = 1万元"), Outcome::Holds);
}

#[test]
fn missing_facts_and_division_by_zero_say_nothing() {
    assert_eq!(run("missing = 1"), Outcome::Unknown);
    assert_eq!(run("pct(budget, zero) = 1"), Outcome::Unknown);
    assert_eq!(run("rate > 1 when missing > 0"), Outcome::Unknown);
}

#[test]
fn malformed_expressions_point_at_the_problem() {
    let e = parse("budget + = expenditure", &known).unwrap_err();
    assert_eq!(e.span.start, 9, "{e:?}");
    let e = parse("budget + expenditur = 1", &known).unwrap_err();
    assert_eq!((e.span.clone(), e.message.as_str()), (9..19, "未定义的事实 `expenditur`"));
    let e = parse("foo(budget) = 1", &known).unwrap_err();
    assert!(e.message.contains("未知的函数 `foo`"), "{e:?}");
    let e = parse("round(budget) = 1", &known).unwrap_err();
    assert!(e.message.contains("参数个数"), "{e:?}");
    let e = parse("mentions(\"(\")", &known).unwrap_err();
    assert!(e.message.contains("正则表达式"), "{e:?}");
    let e = parse("", &known).unwrap_err();
    assert!(e.message.contains("不完整"), "{e:?}");
    let e = parse("预算 > 1", &known).unwrap_err();
    assert_eq!(e.span, 0..3);
    // The facts an expression uses, in order.
    let r = parse("a_missing_free: ", &known);
    assert!(r.is_err());
    let r = parse("budget - expenditure >= zero", &known).unwrap();
    let names: Vec<String> = r.facts().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["budget", "expenditure", "zero"]);
}

#[test]
fn nesting_is_bounded_before_parsing() {
    let known = |_: &str| true;
    let deep = format!("{}a{} > 0", "(".repeat(10_000), ")".repeat(10_000));
    let e = parse(&deep, &known).unwrap_err();
    assert_eq!(e.span, 32..33, "{e:?}");
    assert!(e.message.contains("32"), "{}", e.message);
    let ok = format!("{}a{} > 0", "(".repeat(32), ")".repeat(32));
    assert!(parse(&ok, &known).is_ok());
    // Brackets inside a string are regex text, not nesting.
    let quoted = format!("mentions(\"{}\")", "\\(".repeat(100));
    assert!(parse(&quoted, &known).is_ok());
}
