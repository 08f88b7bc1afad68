//! Machine formats on a fixture folder: golden (insta) output for every format, SARIF
//! validated against the official 2.1.0 schema, and the shape each consumer relies on.

mod common;

use std::path::Path;
use std::process::Command;

const FIXTURES: &str = "fixtures/formats/";

/// Runs `jxlint check --format FORMAT fixtures/formats/` from the crate root.
fn run(format: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", format, FIXTURES])
        .output()
        .expect("run jxlint");
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).expect("utf-8 output"), out.status.code().unwrap_or(-1))
}

fn srcroot() -> String {
    jxlint::output::sarif::dir_uri(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("schema json")
}

fn schema_errors(schema: &serde_json::Value, doc: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn concise_is_exactly_path_line_col_severity_rule_message() {
    let (out, code) = run("concise");
    assert_eq!(code, 1);
    let re = regex::Regex::new(r"^[^:]+:\d+:\d+: (error|warning|info)\[[a-z]+(-[a-z]+)*\] \S.*$").unwrap();
    for line in out.lines() {
        assert!(re.is_match(line), "not concise: {line}");
    }
    insta::assert_snapshot!("concise", out);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let (out, code) = run("sarif");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("sarif is json");
    for name in ["sarif-schema-2.1.0.json", "sarif-2.1.0-multitool.json"] {
        let errors = schema_errors(&schema(name), &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    // Guards the test above: a validator that accepts everything would pass it too.
    let (out, _) = run("sarif");
    let mut doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    doc["runs"][0]["results"][1]["level"] = "fatal".into();
    let errors = schema_errors(&schema("sarif-schema-2.1.0.json"), &doc);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn sarif_describes_rules_and_uses_character_columns() {
    let (out, _) = run("sarif");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], srcroot().as_str());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let typo = rules.iter().find(|r| r["id"] == "typo").unwrap();
    assert_eq!(typo["shortDescription"]["text"], "公文常见错别字");
    assert_eq!(typo["defaultConfiguration"]["level"], "warning");
    assert!(typo["fullDescription"]["text"].as_str().unwrap().contains("截至"));
    let info = rules.iter().find(|r| r["id"] == "cjk-space").unwrap();
    assert_eq!(info["defaultConfiguration"]["level"], "note");
    // Every result points at its rule's descriptor.
    for r in run["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    // The stray space on line 9 follows 6 Chinese characters (18 bytes); the fix deletes it.
    let space = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "cjk-space").unwrap();
    let region = &space["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(9), Some(7)));
    assert_eq!(space["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["startColumn"], 7);
}

#[test]
fn sarif_snapshot() {
    let (out, _) = run("sarif");
    insta::assert_snapshot!("sarif", out.replace(&srcroot(), "file:///SRCROOT/"));
}

#[test]
fn github_workflow_commands() {
    let (out, code) = run("github");
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::warning file=fixtures/formats/报告.txt,line=1,col=1,endLine=1,endColumn=29,title=required-section::"
        ),
        "{first}"
    );
    // `%` in a message is escaped, and help follows on an escaped new line.
    let rate = out.lines().find(|l| l.contains("title=rate-mismatch")).unwrap();
    assert!(rate.starts_with("::error "), "{rate}");
    assert!(rate.contains("90.0000%25") && rate.contains("%0A建议："), "{rate}");
    assert!(out.lines().any(|l| l.starts_with("::notice ") && l.contains("title=cjk-space")));
    insta::assert_snapshot!("github", out);
}

#[test]
fn jsonl_has_one_json_object_per_finding_with_the_json_fields() {
    let (out, code) = run("jsonl");
    assert_eq!(code, 1);
    let (json, _) = run("json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let expected = json["diagnostics"].as_array().unwrap();
    let lines: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).expect("one object per line")).collect();
    assert_eq!(&lines, expected);
    insta::assert_snapshot!("jsonl", out);
}

#[test]
fn rdjson_counts_columns_in_utf8_bytes_and_carries_suggestions() {
    let (out, code) = run("rdjson");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["source"]["name"], "jxlint");
    let diags = doc["diagnostics"].as_array().unwrap();
    let space = diags.iter().find(|d| d["code"]["value"] == "cjk-space").unwrap();
    assert_eq!(space["severity"], "INFO");
    // Character column 7 on line 9 is after 6 Chinese characters: byte column 19.
    assert_eq!(space["location"]["range"]["start"], serde_json::json!({"line": 9, "column": 19}));
    assert_eq!(
        space["suggestions"][0],
        serde_json::json!({"range": {"start": {"line": 9, "column": 19}, "end": {"line": 9, "column": 20}}, "text": ""})
    );
    let rate = diags.iter().find(|d| d["code"]["value"] == "rate-mismatch").unwrap();
    assert_eq!(rate["severity"], "ERROR");
    assert!(rate.get("suggestions").is_none(), "numeric findings carry no fix");
    assert_eq!(rate["related_locations"].as_array().unwrap().len(), 2);
    insta::assert_snapshot!("rdjson", out);
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_rule() {
    let (out, code) = run("junit");
    assert_eq!(code, 1);
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jxlint\""));
    assert_eq!(out.matches("<testsuite ").count(), 2);
    // The clean file passes every rule.
    let rules = jxlint::rules::RuleSet::builtin().rules.iter().filter(|r| r.enabled).count();
    let clean = format!("<testsuite name=\"fixtures/formats/clean.txt\" tests=\"{rules}\" failures=\"0\"");
    assert!(out.contains(&clean), "{out}");
    let failures = out.matches("<failure ").count();
    let (concise, _) = run("concise");
    assert_eq!(failures, concise.lines().count());
    insta::assert_snapshot!("junit", out);
}

#[test]
fn a_clean_folder_gives_empty_or_empty_shaped_output() {
    let bin = env!("CARGO_BIN_EXE_jxlint");
    let root = env!("CARGO_MANIFEST_DIR");
    for (format, expected) in [("concise", ""), ("github", ""), ("jsonl", "")] {
        let out = Command::new(bin)
            .current_dir(root)
            .args(["check", "--format", format, "fixtures/formats/clean.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{format}");
    }
    let out = Command::new(bin)
        .current_dir(root)
        .args(["check", "--format", "sarif", "fixtures/formats/clean.txt"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["runs"][0]["results"], serde_json::json!([]));
    assert!(schema_errors(&schema("sarif-schema-2.1.0.json"), &doc).is_empty());
}

#[test]
fn an_unreadable_file_is_a_whole_file_result() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("空.txt"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "."])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "unreadable-file");
    assert_eq!(result["level"], "error");
    assert!(result["locations"][0]["physicalLocation"].get("region").is_none());
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "%E7%A9%BA.txt");
    assert!(schema_errors(&schema("sarif-schema-2.1.0.json"), &doc).is_empty());
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .current_dir(dir.path())
        .args(["check", "--format", "junit", "."])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let rules = jxlint::rules::RuleSet::builtin().rules.iter().filter(|r| r.enabled).count();
    assert!(xml.contains(&format!("failures=\"1\" errors=\"0\" skipped=\"{}\"", rules - 1)), "{xml}");
}

/// The `:Jxlint` command the README gives Neovim users: extracted from README.md and run in
/// headless Neovim, the quickfix entries must put the cursor on the reported characters of a
/// Chinese line (Vim counts bytes, jxlint counts characters). Needs `nvim` on PATH (CI
/// installs it for the language-server tests); `common::have_programs` skips it without.
#[test]
fn readme_neovim_command_lands_on_the_reported_characters() {
    let missing = common::program_missing("nvim", &["--version"]);
    if !common::have_programs("the README's Neovim command test", missing, "apt-get install -y neovim") {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let after = &readme[readme.find("plugin/jxlint.lua").expect("README names the plugin file")..];
    let start = after.find("```lua\n").unwrap() + "```lua\n".len();
    let plugin = &after[start..start + after[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jxlint.lua"), plugin).unwrap();
    let result = dir.path().join("result.txt");
    let script = format!(
        r#"vim.cmd("luafile {plugin}")
vim.cmd("Jxlint fixtures/formats/报告.txt")
local out = {{}}
for _, n in ipairs({{ 4, 7 }}) do
  vim.cmd("cc " .. n)
  local c = vim.api.nvim_win_get_cursor(0)
  table.insert(out, c[1] .. ":" .. vim.fn.strcharpart(vim.fn.getline("."):sub(c[2] + 1), 0, 1))
end
vim.fn.writefile(out, "{result}")
vim.cmd("qa!")
"#,
        plugin = dir.path().join("jxlint.lua").display(),
        result = result.display()
    );
    std::fs::write(dir.path().join("run.lua"), script).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_jxlint")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let status = Command::new("nvim")
        .current_dir(root)
        .env("PATH", path)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", dir.path().join("run.lua").display()))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let got = std::fs::read_to_string(&result)
        .unwrap_or_else(|_| panic!("nvim wrote nothing: {}", String::from_utf8_lossy(&status.stderr)));
    // Entry 4: the half-width `,` on line 4; entry 7: the stray space on line 9.
    assert_eq!(got, "4:,\n9: \n");
}

/// File names are report data too: XML and workflow-command metacharacters in them must be
/// escaped. The JUnit output is parsed by Python's XML parser (an independent reader).
#[test]
fn metacharacters_in_paths_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a&b<c>\"d',e:f.txt";
    std::fs::write(dir.path().join(name), "截止2024年底，共有项目3个;其中新建1个。\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_jxlint");
    let github =
        Command::new(bin).current_dir(dir.path()).args(["check", "--format", "github", name]).output().unwrap();
    let github = String::from_utf8(github.stdout).unwrap();
    assert!(github.lines().all(|l| l.contains("file=a&b<c>\"d'%2Ce%3Af.txt,line=")), "{github}");

    let junit = Command::new(bin).current_dir(dir.path()).args(["check", "--format", "junit", name]).output().unwrap();
    let xml = String::from_utf8(junit.stdout).unwrap();
    assert!(xml.contains("classname=\"a&amp;b&lt;c&gt;&quot;d&apos;,e:f.txt\""), "{xml}");
    let parse = "import sys, xml.dom.minidom as m; d = m.parse(sys.stdin.buffer); \
                 print(d.getElementsByTagName('testsuite')[0].getAttribute('name'), len(d.getElementsByTagName('failure')))";
    let missing = common::program_missing("python3", &["--version"]);
    if !common::have_programs("the JUnit XML parse by Python", missing, "apt-get install -y python3") {
        return;
    }
    let mut child = Command::new("python3")
        .args(["-c", parse])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(xml.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let failures = github.lines().count();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{name} {failures}\n"));
}
