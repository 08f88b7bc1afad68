//! The JSON schema of `jxlint.toml` (docs/jxlint.schema.json) accepts every configuration we
//! ship or document — `jxlint init`'s template, the built-in rule file, the examples in
//! docs/config.md, the scenario fixture — and rejects mistakes; and it, the `[rules.ID]`
//! table and docs/config.md know every key a rule may have.

use jxlint::config::Config;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/jxlint.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn to_json(toml_text: &str) -> serde_json::Value {
    let v: toml::Value = toml::from_str(toml_text).unwrap();
    serde_json::to_value(v).unwrap()
}

fn errors(toml_text: &str) -> Vec<String> {
    let v = validator();
    let instance = to_json(toml_text);
    v.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// The ```toml blocks of docs/config.md.
fn doc_examples() -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/config.md")).unwrap();
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in doc.lines() {
        match (&mut cur, line.trim()) {
            (None, "```toml") => cur = Some(String::new()),
            (Some(block), "```") => {
                out.push(std::mem::take(block));
                cur = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_init_template_validates_and_loads() {
    assert_eq!(errors(jxlint::config::TEMPLATE), Vec::<String>::new());
    let c = Config::from_text(Path::new("jxlint.toml"), jxlint::config::TEMPLATE, Path::new(".")).unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn the_builtin_rule_file_validates() {
    assert_eq!(errors(jxlint::rules::DEFAULT_RULES), Vec::<String>::new());
}

#[test]
fn every_example_in_the_docs_validates_and_loads() {
    let examples = doc_examples();
    assert!(examples.len() >= 5, "found {} examples", examples.len());
    for ex in &examples {
        assert_eq!(errors(ex), Vec::<String>::new(), "in:\n{ex}");
        if let Err(e) = Config::from_text(Path::new("jxlint.toml"), ex, Path::new(".")) {
            panic!("{:?}\nin:\n{ex}", miette::Report::new(*e));
        }
    }
}

#[test]
fn the_scenario_fixture_validates() {
    let text = std::fs::read_to_string(root().join("fixtures/config/city.toml")).unwrap();
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn mistakes_are_rejected_by_the_schema() {
    assert!(!errors("[rules.typo]\nseverty = \"error\"\n").is_empty(), "unknown key");
    assert!(!errors("[rules.typo]\nseverity = \"fatal\"\n").is_empty(), "bad severity");
    assert!(!errors("[rules.low-execution-rate]\nthreshold = \"85\"\n").is_empty(), "wrong type");
    assert!(!errors("[[ignore]]\nrule = \"typo\"\n").is_empty(), "missing reason");
    assert!(!errors("extends = \"all\"\n").is_empty(), "bad extends");
    let rule = "[[rule]]\nid = \"My_Rule\"\nkind = \"phrase\"\nsummary = \"s\"\nmessage = \"m\"\n";
    assert!(!errors(rule).is_empty(), "id not kebab-case");
    assert!(!errors(&rule.replace("My_Rule", "my-rule").replace("phrase", "phrases")).is_empty(), "bad kind");
}

/// The field names a serde struct declares, read from its `Deserialize` impl.
fn fields<'de, T: serde::Deserialize<'de>>() -> Vec<String> {
    use serde::de::{self, Visitor};
    struct Probe;
    impl<'de> de::Deserializer<'de> for Probe {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(""))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(fields.join(",")))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
            unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    match T::deserialize(Probe) {
        Ok(_) => Vec::new(),
        Err(e) => e.to_string().split(',').map(str::to_owned).collect(),
    }
}

#[test]
fn every_rule_key_can_be_changed_validated_and_is_documented() {
    use jxlint::config::schema::{RuleAppend, RuleOverride};
    use jxlint::rules::config::RuleDef;
    let rule_keys = fields::<RuleDef>();
    assert!(rule_keys.contains(&"threshold".to_owned()), "{rule_keys:?}");
    let change_keys = fields::<RuleOverride>();
    let append_keys = fields::<RuleAppend>();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/jxlint.schema.json")).unwrap()).unwrap();
    let schema_rule = &schema["$defs"]["rule"]["properties"];
    let schema_change = &schema["$defs"]["rule_change"]["properties"];
    let doc = std::fs::read_to_string(root().join("docs/config.md")).unwrap();
    for key in &rule_keys {
        assert!(schema_rule.get(key).is_some(), "docs/jxlint.schema.json: rule key `{key}` missing");
        let documented = doc.contains(&format!("`{key}`")) || doc.contains(&format!("`[[rule.{key}]]`"));
        assert!(documented, "docs/config.md does not document `{key}`");
        if key == "id" || key == "kind" {
            continue;
        }
        assert!(change_keys.contains(key), "config::schema::RuleOverride lacks `{key}`: [rules.ID] cannot change it");
        assert!(schema_change.get(key).is_some(), "docs/jxlint.schema.json: rule_change key `{key}` missing");
    }
    for key in &append_keys {
        assert!(rule_keys.contains(key), "RuleAppend has `{key}`, which RuleDef lacks");
    }
}

/// A TOML value of each type a rule key has; `deny_unknown_fields` lets each table fit only
/// the type it is written for.
const SAMPLE_VALUES: &[&str] = &[
    "true",
    "false",
    "\"sample\"",
    "1.5",
    "[\"sample\"]",
    "[[\"a\", \"b\"]]",
    "[{ bad = \"sample\" }]",
    "[{ find = \"sample\" }]",
    "[{ name = \"sample\", titles = [\"t\"] }]",
    "[{ name = \"sample\", labels = [\"a\"], numerator = [\"b\"], denominator = [\"c\"] }]",
    "[{ name = \"sample\", patterns = [\"p\"] }]",
    "[{ parts = [\"a\"], total = \"b\" }]",
    "[{ name = \"sample\", weights = [{ category = \"c\", weight = 1.0 }] }]",
    "[{ name = \"sample\", min = 1.0 }]",
    "[{ phrase = \"sample\", min = 0.0, max = 1.0 }]",
    "[{ name = \"sample\", labels = [\"a\"], value = \"budget\" }]",
];

/// A key `[rules.ID]` accepts but `apply` ignores is a change that silently does nothing;
/// a kind parameter missing from `parameters()` is never checked against the rule's kind.
#[test]
fn every_change_is_applied_and_every_kind_parameter_reported() {
    use jxlint::config::schema::{apply, parameters, RuleAppend, RuleOverride, ALL_PARAMETERS};
    use jxlint::rules::config::RuleDef;
    let base: RuleDef =
        toml::from_str("id = \"probe\"\nkind = \"phrase\"\nsummary = \"s\"\nmessage = \"m\"\n").unwrap();
    assert_eq!(parameters(&base), Vec::<&str>::new());
    // What the change `text` does to `base`, if it is accepted and does anything (`enabled =
    // true` does not).
    let change = |text: &str| {
        let o: RuleOverride = toml::from_str(text).ok()?;
        let mut def = base.clone();
        apply(&mut def, &o);
        (format!("{def:?}") != format!("{base:?}")).then_some((o, def))
    };
    let change_keys = fields::<RuleOverride>();
    let append_keys = fields::<RuleAppend>();
    for p in ALL_PARAMETERS {
        assert!(change_keys.iter().any(|k| k == p), "parameter `{p}` cannot be changed");
    }
    for key in change_keys.iter().filter(|k| *k != "append") {
        let expected: Vec<&str> = ALL_PARAMETERS.iter().copied().filter(|p| p == key).collect();
        for prefix in ["", "append."] {
            if !prefix.is_empty() && !append_keys.contains(key) {
                continue;
            }
            let found = SAMPLE_VALUES.iter().find_map(|v| change(&format!("{prefix}{key} = {v}")).map(|c| (v, c)));
            let Some((value, (o, def))) = found else {
                panic!("no value in SAMPLE_VALUES is accepted for `{prefix}{key}` and changes the rule")
            };
            let text = format!("{prefix}{key} = {value}");
            assert_eq!(o.parameters(), expected, "RuleOverride::parameters() for `{text}`");
            assert_eq!(parameters(&def), expected, "parameters(def) after `{text}`");
            assert!(!value.starts_with('[') || append_keys.contains(key), "`append` cannot extend the list `{key}`");
        }
    }
}
