//! `jxlint check` writes a folder's results chunk by chunk as they are ready (bounded memory,
//! issue 7). These tests pin that the streamed output is byte for byte what the collected
//! renderers give for the same findings, in path order, across several chunks.

mod common;

use jxlint::diagnostics::Diagnostic;
use jxlint::output::pretty::{self, PrettyOptions};
use jxlint::output::summary::{self, Summary};
use jxlint::output::{concise, github, json, jsonl, locate, rdjson, sarif, Located};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Small reports in several shapes: clean, with findings, GB18030, Markdown.
const SOURCES: [&str; 6] = [
    "fixtures/clean-agriculture.txt",
    "fixtures/project-county-road.txt",
    "fixtures/formats/报告.txt",
    "fixtures/department-education.md",
    "fixtures/fix/typo.txt",
    "fixtures/project-library-gb18030.txt",
];

/// More files than one chunk holds with one thread (128), so the run spans three chunks.
const FILES: usize = 300;

fn jxlint(args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jxlint"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NO_COLOR").env("COLUMNS", "100");
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    cmd.output().expect("run jxlint")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// A folder of [`FILES`] reports named in path order, every 50th one empty (unreadable).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..FILES {
        let source = SOURCES[i % SOURCES.len()];
        let ext = Path::new(source).extension().unwrap().to_str().unwrap();
        let bytes = if i % 50 == 49 { Vec::new() } else { std::fs::read(common::repo(source)).unwrap() };
        std::fs::write(dir.path().join(format!("r{i:03}.{ext}")), bytes).unwrap();
    }
    dir
}

/// One checked file as the CLI checks it: its path as printed, text and findings.
struct Checked {
    path: String,
    text: String,
    diags: Vec<Diagnostic>,
    located: Vec<Located>,
}

fn check_in_process(dir: &Path) -> Vec<Checked> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let path = p.display().to_string();
            let (text, diags) = match jxlint::load::load_file(p, jxlint::load::DEFAULT_MAX_FILE_SIZE) {
                Ok(file) => {
                    let diags = jxlint::check_text(&file.text, common::rules());
                    (file.text, diags)
                }
                Err(e) => (String::new(), jxlint::unreadable_file(common::rules(), &e).into_iter().collect()),
            };
            let located = locate(&path, &text, &diags);
            Checked { path, text, diags, located }
        })
        .collect()
}

/// The collected renderers on every finding at once, as `check` printed before streaming.
fn collected(format: &str, files: &[Checked]) -> String {
    let all: Vec<Located> = files.iter().flat_map(|f| f.located.iter().cloned()).collect();
    match format {
        "concise" => concise::render(&all),
        "jsonl" => jsonl::render(&all),
        "github" => github::render(&all),
        "json" => json::render(files.len(), &all),
        "sarif" => sarif::render(common::rules(), &all, Some(&sarif::dir_uri(env!("CARGO_MANIFEST_DIR")))),
        "rdjson" => rdjson::render(&all),
        "pretty" => {
            let opts = PrettyOptions { color: false, width: 100 };
            let mut stats = Summary::new();
            let mut out = String::new();
            for f in files {
                out.push_str(&pretty::render_file(&f.path, &f.text, &f.diags, opts));
                stats.add_file(&f.path, f.located.iter().map(|d| (d.rule.as_str(), d.severity)));
            }
            out + &summary::render_closing(&stats, None)
        }
        _ => unreachable!("{format}"),
    }
}

#[test]
fn streamed_pieces_put_together_equal_the_collected_renderers() {
    let dir = folder();
    let files = check_in_process(dir.path());
    assert!(files.iter().any(|f| f.located.is_empty()) && files.iter().any(|f| f.located.len() > 1));
    let all: Vec<Located> = files.iter().flat_map(|f| f.located.iter().cloned()).collect();
    let pieces = |render: fn(&[Located]) -> String| files.iter().map(|f| render(&f.located)).collect::<String>();
    assert_eq!(pieces(concise::render), concise::render(&all));
    assert_eq!(pieces(jsonl::render), jsonl::render(&all));
    assert_eq!(pieces(github::render), github::render(&all));

    let mut streamed: Vec<u8> = Vec::new();
    let mut stream = json::Stream::begin(&mut streamed, files.len()).unwrap();
    for f in &files {
        stream.items(&mut streamed, &json::file_items(&f.located)).unwrap();
    }
    stream.end(&mut streamed).unwrap();
    // serde_json on the whole object: what `json` printed before it was streamed.
    #[derive(serde::Serialize)]
    struct Whole<'a> {
        files_checked: usize,
        diagnostics: &'a [Located],
    }
    let whole = serde_json::to_string_pretty(&Whole { files_checked: files.len(), diagnostics: &all }).unwrap() + "\n";
    assert_eq!(String::from_utf8(streamed).unwrap(), whole);
    assert_eq!(json::render(files.len(), &all), whole);
    assert_eq!(
        json::render(0, &[]),
        serde_json::to_string_pretty(&Whole { files_checked: 0, diagnostics: &[] }).unwrap() + "\n"
    );
}

/// serde_json on the whole tree of `doc`: what sarif and rdjson printed before they were
/// streamed (serde_json sorts keys, so the tree's printing is one fixed text).
fn reprinted(doc: &str) -> String {
    let tree: serde_json::Value = serde_json::from_str(doc).expect("valid JSON");
    serde_json::to_string_pretty(&tree).unwrap() + "\n"
}

#[test]
fn sarif_and_rdjson_streams_equal_serde_on_the_whole_document() {
    let dir = folder();
    let files = check_in_process(dir.path());
    let rules = common::rules();
    let all: Vec<Located> = files.iter().flat_map(|f| f.located.iter().cloned()).collect();
    // A rule that fires without being enabled gets a descriptor after the enabled ones.
    let mut extra = all[0].clone();
    extra.rule = rules.rules.iter().find(|r| !r.enabled).map_or("typo".to_owned(), |r| r.meta.id.clone());
    for srcroot in [None, Some("file:///srv/报告/")] {
        for subset in [&all[..0], &all[..1], &all[..], &[extra.clone()][..]] {
            let whole = sarif::render(rules, subset, srcroot);
            assert_eq!(whole, reprinted(&whole), "sarif of {} findings", subset.len());
            let doc: serde_json::Value = serde_json::from_str(&whole).unwrap();
            let run = &doc["runs"][0];
            assert_eq!(run["results"].as_array().unwrap().len(), subset.len());
            for r in run["results"].as_array().unwrap() {
                let i = r["ruleIndex"].as_u64().unwrap() as usize;
                assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"], "ruleIndex names the rule");
            }
        }
        let mut streamed: Vec<u8> = Vec::new();
        let mut s = sarif::Stream::begin(&mut streamed, rules, srcroot).unwrap();
        for f in &files {
            s.items(&mut streamed, rules, &f.located).unwrap();
        }
        s.end(&mut streamed, rules).unwrap();
        assert!(String::from_utf8(streamed).unwrap() == sarif::render(rules, &all, srcroot), "sarif per file");
    }
    for subset in [&all[..0], &all[..1], &all[..]] {
        let whole = rdjson::render(subset);
        assert_eq!(whole, reprinted(&whole), "rdjson of {} findings", subset.len());
    }
    let mut streamed: Vec<u8> = Vec::new();
    let mut s = rdjson::Stream::begin(&mut streamed).unwrap();
    for f in &files {
        s.items(&mut streamed, &f.located).unwrap();
    }
    s.end(&mut streamed).unwrap();
    assert!(String::from_utf8(streamed).unwrap() == rdjson::render(&all), "rdjson per file");
}

#[test]
fn a_folder_of_300_reports_streams_the_collected_output_in_path_order() {
    let dir = folder();
    let folder = dir.path().to_str().unwrap();
    let files = check_in_process(dir.path());
    for format in ["concise", "jsonl", "github", "json", "pretty", "sarif", "rdjson"] {
        let expected = collected(format, &files);
        // One thread: chunks of 128 files, so three chunks; then the machine's threads.
        for threads in [Some(1), None] {
            let o = jxlint(&["check", "--format", format, "--color", "never", folder], threads);
            assert_eq!(o.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&o.stderr));
            assert!(stdout(&o) == expected, "{format} with {threads:?} threads differs from the collected renderer");
        }
    }

    let concise = stdout(&jxlint(&["check", "--format", "concise", folder], None));
    let jsonl = stdout(&jxlint(&["check", "--format", "jsonl", folder], None));
    let doc: serde_json::Value =
        serde_json::from_str(&stdout(&jxlint(&["check", "--format", "json", folder], None))).unwrap();
    assert_eq!(doc["files_checked"], FILES);
    let findings = doc["diagnostics"].as_array().unwrap();
    assert_eq!(concise.lines().count(), jsonl.lines().count());
    assert_eq!(findings.len(), jsonl.lines().count());
    let paths: Vec<&str> = findings.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(paths.windows(2).all(|w| w[0] <= w[1]), "findings in path order");
    // r000 is the clean report; r299 is empty, so unreadable.
    assert_eq!(paths.first().unwrap(), &format!("{folder}/r001.txt"));
    assert_eq!(paths.last().unwrap(), &format!("{folder}/r299.txt"));
    let unreadable = findings.iter().filter(|d| d["rule"] == "unreadable-file").count();
    assert_eq!(unreadable, FILES / 50);
}

#[test]
fn configuration_findings_come_after_every_file() {
    let dir = folder();
    let unused = "[[ignore]]\nrule = \"typo\"\nline = \"没有哪份报告有这一行\"\nreason = \"已改正，应删除\"\n";
    std::fs::write(dir.path().join("jxlint.toml"), unused).unwrap();
    let folder = dir.path().to_str().unwrap();
    let args =
        |format| ["check", "--format", format, "--color", "never", "--select", "typo,unused-suppression", folder];
    let concise = stdout(&jxlint(&args("concise"), Some(1)));
    let last = concise.lines().last().unwrap();
    assert!(last.starts_with(&format!("{folder}/jxlint.toml:")) && last.contains("[unused-suppression]"), "{last}");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&jxlint(&args("json"), Some(1)))).unwrap();
    assert_eq!(doc["files_checked"], FILES, "the configuration is not a checked file");
    let findings = doc["diagnostics"].as_array().unwrap();
    assert_eq!(findings.last().unwrap()["rule"], "unused-suppression");
    assert_eq!(findings.len(), concise.lines().count());
    let pretty = stdout(&jxlint(&args("pretty"), Some(1)));
    let config_at = pretty.find("unused-suppression").unwrap();
    let summary_at = pretty.rfind("\n检查了 ").unwrap();
    assert!(pretty[..config_at].contains(&format!("{folder}/r")), "files come first");
    assert!(config_at < summary_at, "the summary closes the output");
    assert!(!pretty[config_at..summary_at].contains(&format!("{folder}/r")), "no file after the configuration");
}

#[test]
fn output_file_is_complete_and_no_temporary_file_is_left() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    for (format, name) in
        [("json", "out.json"), ("concise", "out.txt"), ("pretty", "out.pretty"), ("sarif", "out.sarif")]
    {
        let path = out.path().join(name);
        let o = jxlint(
            &[
                "check",
                "--format",
                format,
                "--color",
                "never",
                "-o",
                path.to_str().unwrap(),
                dir.path().to_str().unwrap(),
            ],
            Some(1),
        );
        assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(stdout(&o), "");
        let piped = jxlint(&["check", "--format", format, "--color", "never", dir.path().to_str().unwrap()], Some(1));
        assert!(std::fs::read(&path).unwrap() == piped.stdout, "{format}: the file holds exactly what stdout would");
    }
    let mut left: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["out.json", "out.pretty", "out.sarif", "out.txt"], "no .jxlint-*.tmp left behind");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let dir = folder();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "json", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The output is far larger than a pipe holds (64 KB): jxlint is still writing when we go.
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(head.starts_with(b"{\n  \"files_checked\": 300,"));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "a closed pipe is not reported");
    assert_eq!(o.status.code(), Some(1), "the exit code still counts every finding");
}
