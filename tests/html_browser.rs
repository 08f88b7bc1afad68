//! The review page in a real browser: headless Chromium, driven through chromedriver by
//! `tests/browser/review_check.py` (standard-library Python, W3C WebDriver). It checks that
//! findings are highlighted at the right text, that sorting and filtering work by scripted
//! clicks, that report text containing markup is shown literally and runs nothing, and that
//! the page prints; it saves `target/html-review.png` (overview), `target/html-review-report.png`
//! (a report) and `target/html-review.pdf`.
//!
//! Needs `python3` and Debian's `chromium` + `chromium-driver` (`.ci/run` installs them).
//! Without them it is skipped with a note (a failure under `CI=true`): the policy of
//! `common::have_programs`.

mod common;

use jxlint::rules::RuleSet;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn browser_missing() -> Option<String> {
    let chromium = std::env::var("JXLINT_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let driver_ok = common::program_missing("chromedriver", &["--version"]).is_none()
        || Path::new("/usr/bin/chromedriver").exists();
    if !Path::new(&chromium).exists() {
        Some(format!("{chromium} not found"))
    } else if !driver_ok {
        Some("chromedriver not found".into())
    } else {
        common::program_missing("python3", &["--version"])
    }
}

#[test]
fn review_page_works_in_headless_chromium() {
    if !common::have_programs("the browser test", browser_missing(), "apt-get install -y chromium chromium-driver") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    std::fs::create_dir_all(&target).unwrap();
    let page = target.join("html-review.html");
    let status = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "html", "-o"])
        .arg(&page)
        .arg("fixtures/review")
        .current_dir(root)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "the fixtures have findings");

    let expect = expectations(&root.join("fixtures/review"));
    let dir = tempfile::tempdir().unwrap();
    let expect_path = dir.path().join("expect.json");
    std::fs::write(&expect_path, serde_json::to_string_pretty(&expect).unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(root.join("tests/browser/review_check.py"))
        .arg("--page")
        .arg(&page)
        .arg("--expect")
        .arg(&expect_path)
        .arg("--screenshot")
        .arg(target.join("html-review.png"))
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "browser checks failed:\n{log}");
    assert!(log.contains("browser checks passed"), "{log}");
    // The checks and the artefact paths belong in the CI log.
    eprintln!("{log}");
}

/// What the page must show, computed from the library the CLI uses: every finding's id and
/// the exact text it covers, and what sorting and filtering must leave visible.
fn expectations(folder: &Path) -> serde_json::Value {
    let rules = RuleSet::builtin();
    let mut findings = Vec::new();
    let mut has_text = serde_json::Map::new();
    let mut names = Vec::new();
    let mut with_errors = Vec::new();
    let mut with_sum = Vec::new();
    let mut busiest = (0, String::new());
    for (i, entry) in jxlint::load::collect_files(&[folder.to_path_buf()]).into_iter().enumerate() {
        let name = entry.path().file_name().unwrap().to_string_lossy().into_owned();
        let (text, diags) = match jxlint::load::load_file(entry.path(), jxlint::load::DEFAULT_MAX_FILE_SIZE) {
            Ok(f) => {
                let d = jxlint::check_text(&f.text, &rules);
                (f.text, d)
            }
            Err(e) => (String::new(), jxlint::unreadable_file(&rules, &e).into_iter().collect()),
        };
        for (k, d) in diags.iter().enumerate() {
            let covered: String = text[d.span.clone()].chars().filter(|c| *c != '\n' && *c != '\r').collect();
            findings.push(json!({"id": format!("r{i}-f{k}"), "rule": d.rule, "text": covered}));
        }
        if diags.iter().any(|d| d.severity == jxlint::diagnostics::Severity::Error) {
            with_errors.push(name.clone());
        }
        if diags.iter().any(|d| d.rule == "sum-mismatch") {
            with_sum.push(name.clone());
        }
        if diags.len() > busiest.0 && !text.is_empty() {
            busiest = (diags.len(), format!("r{i}"));
        }
        has_text.insert(format!("r{i}"), json!(!text.is_empty()));
        names.push(name);
    }
    assert_eq!(names.len(), 5, "fixture folder changed: update the expectations below");
    json!({
        "findings": findings,
        "has_text": has_text,
        "paths": names,
        // The table sorts names the way Chinese readers expect (pinyin), not by code point.
        "paths_sorted": ["区财政局.txt", "区教育局.txt", "区卫健委.txt", "区文旅局.txt", "区住建局.txt"],
        "literals": ["<script>alert(1)</script>", "'单引号'和\"双引号\"", "“文旅&资讯”", "[bookmark: <img src=x onerror=\"alert(2)\">]"],
        "filter_text": {"query": "教育", "rows": ["区教育局.txt"]},
        "with_errors": with_errors,
        "filter_rule": {"rule": "sum-mismatch", "rows": with_sum},
        "report_view": busiest.1,
    })
}
