//! Helpers shared by the integration tests.
#![allow(dead_code)]

use jxlint::output::{locate, Located};
use jxlint::rules::RuleSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A department report carrying one of each kind of defect the seed report has
/// (`tests/department_report.rs` pins its findings).
pub fn department_report() -> PathBuf {
    repo("fixtures/department-natural-resources.txt")
}

/// Findings of one file as (rule, line, column), in output order.
pub fn findings_of(path: &Path) -> Vec<(String, usize, usize)> {
    located(path).into_iter().map(|d| (d.rule, d.line, d.column)).collect()
}

pub fn located(path: &Path) -> Vec<Located> {
    let file = jxlint::load::load_file(path, jxlint::load::DEFAULT_MAX_FILE_SIZE).expect("fixture loads");
    let diags = jxlint::check_text(&file.text, rules());
    locate(&path.display().to_string(), &file.text, &diags)
}

/// Findings of a text as (rule, line, column).
pub fn findings_in(text: &str) -> Vec<(String, usize, usize)> {
    let diags = jxlint::check_text(text, rules());
    locate("t", text, &diags).into_iter().map(|d| (d.rule, d.line, d.column)).collect()
}

pub fn expect(list: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
    list.iter().map(|(r, l, c)| ((*r).to_owned(), *l, *c)).collect()
}

/// The one policy for tests that need a program outside the Rust toolchain (a browser, an
/// editor): `missing` names what is absent, or is `None` when everything is installed.
/// When something is missing the test prints one line naming what it skipped and the
/// command that installs it, and the caller returns; under `CI=true` a missing program is a
/// failure instead, so CI (which installs them) always runs these tests.
#[must_use = "return from the test when this is false"]
pub fn have_programs(test: &str, missing: Option<String>, install: &str) -> bool {
    let Some(what) = missing else { return true };
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{test}: {what} (CI=true, so this is a failure); install with `{install}`");
    }
    // Written to the stream itself, not through `eprintln!`, which the test harness captures
    // and hides for a passing test: the skip must be seen.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped {test}: {what}; install with `{install}`");
    false
}

/// `Some("PROGRAM not found")` when running `program args` fails to start or exits non-zero.
pub fn program_missing(program: &str, args: &[&str]) -> Option<String> {
    let ok = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    (!ok).then(|| format!("{program} not found"))
}
