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

fn generated() -> serde_json::Value {
    jxlint::config::json_schema::schema()
}

/// docs/jxlint.schema.json is what `jxlint schema` writes; regenerate it with
/// `cargo run -- schema > docs/jxlint.schema.json`.
#[test]
fn the_schema_file_is_the_generated_one() {
    let on_disk = std::fs::read_to_string(root().join("docs/jxlint.schema.json")).unwrap();
    assert!(
        on_disk == jxlint::config::json_schema::render(),
        "docs/jxlint.schema.json is stale: run `cargo run -- schema > docs/jxlint.schema.json`"
    );
}

/// Every rule file in the repository validates.
#[test]
fn every_rule_file_in_the_repository_validates() {
    fn tomls(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                tomls(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let mut files = vec![root().join("rules/default.toml"), root().join("src/config/template.toml")];
    tomls(&root().join("fixtures/config"), &mut files);
    assert!(files.len() >= 3, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert_eq!(errors(&text), Vec::<String>::new(), "{}", f.display());
    }
}

/// Per kind: a `[[rule]]` of that kind rejects a key it does not take (also one another
/// kind takes), and accepts its own.
#[test]
fn the_schema_rejects_a_key_the_kind_does_not_take() {
    let schema = generated();
    for (kind, ..) in jxlint::rules::kinds::KINDS {
        let rule = format!("[[rule]]\nid = \"probe\"\nkind = \"{kind}\"\nsummary = \"s\"\nmessage = \"m\"\n");
        assert_eq!(errors(&rule), Vec::<String>::new(), "{kind}");
        assert!(!errors(&format!("{rule}not_a_key = 1\n")).is_empty(), "{kind} accepts not_a_key");
        let own = &schema["$defs"][format!("rule_{kind}")]["properties"];
        let foreign = if own.get("threshold").is_some() { "artifacts" } else { "threshold" };
        assert!(!errors(&format!("{rule}{foreign} = 1\n")).is_empty(), "{kind} accepts `{foreign}`");
    }
    assert!(!errors("[rules.typo]\nthreshold = 85\n").is_empty(), "a phrase rule has no threshold");
    assert!(errors("[rules.low-execution-rate]\nthreshold = 85\n").is_empty());
    assert!(errors("[rules.low-execution-rate.append]\nreasons = [\"因\"]\n").is_empty());
}

/// Every parameter of every kind is documented in docs/config.md, can be changed with
/// `[rules.ID]`, and a list parameter can be extended with `append`; the schema is the
/// one place that lists them, and it is generated from the kinds' `Params`.
#[test]
fn every_kind_parameter_is_documented_and_changeable() {
    let schema = generated();
    let doc = std::fs::read_to_string(root().join("docs/config.md")).unwrap();
    let mut count = 0;
    for (kind, ..) in jxlint::rules::kinds::KINDS {
        let rule = schema["$defs"][format!("rule_{kind}")]["properties"].as_object().unwrap();
        let change = &schema["$defs"][format!("change_{kind}")]["properties"];
        for (key, def) in rule.iter().filter(|(k, _)| !jxlint::rules::config::COMMON_KEYS.contains(&k.as_str())) {
            count += 1;
            let documented = doc.contains(&format!("`{key}`")) || doc.contains(&format!("`[[rule.{key}]]`"));
            assert!(documented, "docs/config.md does not document `{key}` ({kind})");
            assert!(change.get(key).is_some(), "[rules.ID] of a {kind} rule cannot change `{key}`");
            if def["type"] == "array" {
                assert!(change["append"]["properties"].get(key).is_some(), "append cannot extend `{key}` ({kind})");
            }
        }
    }
    assert!(count >= 30, "only {count} parameters found");
}

/// A change written in `[rules.ID]` reaches the compiled rule: the threshold of
/// `low-execution-rate` is what `jxlint explain` shows, and appended reasons come after
/// the built-in ones.
#[test]
fn a_change_and_an_append_reach_the_rule() {
    let text =
        "[rules.low-execution-rate]\nthreshold = 75\n[rules.low-execution-rate.append]\nreasons = [\"客观原因\"]\n";
    let c = Config::from_text(Path::new("jxlint.toml"), text, Path::new(".")).unwrap();
    let def = c.definition("low-execution-rate").unwrap();
    let p: jxlint::rules::kinds::threshold::Params = def.params().unwrap();
    assert_eq!(*p.threshold.unwrap().get_ref(), 75.0);
    let builtin = Config::builtin(Path::new("."));
    let before: jxlint::rules::kinds::threshold::Params =
        builtin.definition("low-execution-rate").unwrap().params().unwrap();
    assert_eq!(p.reasons.len(), before.reasons.len() + 1);
    assert_eq!(p.reasons.last().unwrap().get_ref(), "客观原因");
}
