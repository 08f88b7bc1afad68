//! A real client: headless Neovim (Debian's `neovim`, installed by `.ci/run`) starts
//! `jxlint lsp`, opens a report with Chinese, astral-plane characters and emoji, waits for
//! the diagnostics, applies a quick fix and the fix-all action, and reports what it saw
//! (tests/nvim/lsp_client.lua). Without `nvim` it is skipped with a note (a failure under
//! `CI=true`): the policy of `common::have_programs`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_diagnostics_and_applies_code_actions() {
    let missing = common::program_missing("nvim", &["--version"]);
    if !common::have_programs("the Neovim language-server test", missing, "apt-get install -y neovim") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // A copy: the test edits the buffer and must never touch the fixture (nothing is saved).
    let report = dir.path().join("报告.txt");
    std::fs::copy(root.join("fixtures/lsp/report.txt"), &report).unwrap();
    let out = dir.path().join("nvim-result.txt");
    let child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", root.join("tests/nvim/lsp_client.lua").display()))
        .env("JXLINT_BIN", env!("CARGO_BIN_EXE_jxlint"))
        .env("JXLINT_REPORT", &report)
        .env("JXLINT_OUT", &out)
        // Keep the rule pages out of the user's cache.
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => panic!("cannot run nvim ({e})"),
    };
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = child.wait_with_output().unwrap();
    let seen = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        status.success(),
        "nvim failed ({status}):\n{seen}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(seen);
    assert_eq!(std::fs::read(root.join("fixtures/lsp/report.txt")).unwrap(), std::fs::read(&report).unwrap());
}
