//! The JSON schema of `jxlint.toml` for editors (`jxlint schema`; `docs/jxlint.schema.json`
//! is its output, and `tests/config_schema.rs` fails when the two differ).
//!
//! The parameter tables come from the types themselves (schemars over each kind's
//! `Params`, `FactDef`, `Example`); this module only lays them out: a `[[rule]]` table is
//! checked against its kind's parameters (`if kind == K then rule_K`), a `[rules.ID]`
//! change against the parameters of the built-in rule `ID`'s kind, or of any kind for an
//! id the built-in rules lack.

use crate::facts::FactDef;
use crate::rules::config::{Example, COMMON_KEYS};
use crate::rules::kinds::KINDS;
use crate::rules::RuleSet;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

const KEBAB: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const GLOB_HELP: &str =
    "路径模式，相对 jxlint.toml 所在文件夹；* 不跨文件夹，** 跨任意层，不含 / 的模式匹配任意文件夹中的文件名";

/// The schema, as written to `docs/jxlint.schema.json` (pretty, with a final newline).
pub fn render() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

pub fn schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let fact = generator.subschema_for::<FactDef>();
    let example = generator.subschema_for::<Example>();
    let mut defs = Map::new();
    let kinds: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
    let common = common_properties(&kinds, &example);
    let mut rule_checks = Vec::new();
    let mut changes = Vec::new();
    for (name, summary, _, params) in KINDS {
        let params = params(&mut generator).to_value();
        let props = params.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        // The common keys are checked by `rule`; here they only need to be allowed.
        let mut allowed: Map<String, Value> = COMMON_KEYS.iter().map(|k| ((*k).to_owned(), json!(true))).collect();
        allowed.extend(props.clone());
        defs.insert(
            format!("rule_{name}"),
            json!({ "description": summary, "type": "object", "properties": allowed, "additionalProperties": false }),
        );
        rule_checks.push(json!({
            "if": { "properties": { "kind": { "const": name } }, "required": ["kind"] },
            "then": { "$ref": format!("#/$defs/rule_{name}") }
        }));
        let mut change = common.clone();
        change.remove("id");
        change.remove("kind");
        let lists: Map<String, Value> =
            props.iter().filter(|(_, v)| is_list(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
        let mut append = lists;
        append.insert("example".to_owned(), common["example"].clone());
        change.extend(props);
        change.insert(
            "append".to_owned(),
            json!({
                "description": "追加到列表参数的项（不替换原有的）",
                "type": "object",
                "properties": append,
                "additionalProperties": false
            }),
        );
        defs.insert(
            format!("change_{name}"),
            json!({
                "description": format!("修改一条 {name} 类规则：写出的键替换原值，append 中的列表追加"),
                "type": "object",
                "properties": change,
                "additionalProperties": false
            }),
        );
        changes.push(json!({ "$ref": format!("#/$defs/change_{name}") }));
    }
    defs.insert(
        "rule".to_owned(),
        json!({
            "description": "一条规则，格式同 rules/default.toml",
            "type": "object",
            "required": ["id", "kind", "summary", "message"],
            "properties": common,
            "allOf": rule_checks
        }),
    );
    defs.insert("rule_change".to_owned(), json!({ "description": "修改一条规则（其类型的参数）", "anyOf": changes }));
    defs.insert("rules".to_owned(), rules_table());
    for (k, v) in generator.take_definitions(true) {
        defs.insert(k, v);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jxlint.invalid/jxlint.schema.json",
        "title": "jxlint.toml",
        "description": "jxlint 配置文件（绩效自评报告检查工具）。由 `jxlint schema` 生成；说明见 docs/config.md。",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "version": { "const": 1, "description": "配置格式版本" },
            "extends": { "enum": ["default", "none"], "description": "继承内置规则（default，默认）或不继承（none）" },
            "fact": { "type": "array", "items": fact, "description": "事实定义；同名替换继承的事实" },
            "rule": { "type": "array", "items": { "$ref": "#/$defs/rule" }, "description": "自定义规则；同 id 替换继承的规则" },
            "rules": { "$ref": "#/$defs/rules" },
            "override": {
                "type": "array",
                "description": "按路径修改规则",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["files"],
                    "properties": {
                        "files": { "type": "array", "items": { "type": "string" }, "minItems": 1, "description": GLOB_HELP },
                        "rules": { "$ref": "#/$defs/rules" }
                    }
                }
            },
            "ignore": {
                "type": "array",
                "description": "接受的发现（必须写原因）",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rule", "reason"],
                    "properties": {
                        "files": { "type": "array", "items": { "type": "string" }, "minItems": 1, "description": GLOB_HELP },
                        "rule": { "type": "string", "description": "规则 id" },
                        "line": { "type": "string", "description": "只抑制所在行包含此文字的发现" },
                        "reason": { "type": "string", "minLength": 1, "pattern": "\\S", "description": "为什么接受" }
                    }
                }
            }
        },
        "$defs": defs
    })
}

/// The keys every rule has.
fn common_properties(kinds: &[&str], example: &schemars::Schema) -> Map<String, Value> {
    let Value::Object(m) = json!({
        "id": { "type": "string", "pattern": KEBAB, "description": "规则 id，小写英文加连字符" },
        "kind": { "enum": kinds, "description": "规则类型（见 docs/config.md）" },
        "severity": { "enum": ["error", "warning", "info"], "description": "严重程度" },
        "enabled": { "type": "boolean", "description": "是否启用（默认 true）" },
        "summary": { "type": "string", "description": "一句话说明" },
        "message": { "type": "string", "description": "发现的提示，{名称} 由规则类型填入" },
        "help": { "type": "string", "description": "怎么改" },
        "explanation": { "type": "string", "description": "为什么要查（jxlint explain 显示）" },
        "example": { "type": "array", "items": example, "description": "示例" }
    }) else {
        return Map::new();
    };
    m
}

/// `[rules.ID]`: a built-in id gets its kind's change table.
fn rules_table() -> Value {
    let builtin: Map<String, Value> = RuleSet::builtin()
        .rules
        .iter()
        .map(|r| (r.meta.id.clone(), json!({ "$ref": format!("#/$defs/change_{}", r.meta.kind) })))
        .collect();
    json!({
        "type": "object",
        "description": "[rules.规则id]：修改已有规则",
        "propertyNames": { "pattern": KEBAB },
        "properties": builtin,
        "additionalProperties": { "$ref": "#/$defs/rule_change" }
    })
}

fn is_list(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "array"),
        _ => false,
    }
}
