//! The command line: argument parsing, walking, parallel checking, printing, exit codes.
//! The only place that writes to stdout/stderr.

mod args;
mod check;
mod configured;
mod dump;
mod dump_relations;
mod explain;
mod fix;
mod init;
mod lsp;
mod output_file;
mod progress;

use clap::Parser;
use std::process::ExitCode;

pub use args::{Cli, Command};

/// Exit codes (SPEC.md): 0 no finding at or above the failing severity, 1 findings,
/// 2 usage, configuration or I/O error.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::rules(&args),
        Command::Explain(args) => explain::explain(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Dump(args) => dump::run(&args),
        Command::Schema => {
            if print_out(&jxlint::config::json_schema::render()) {
                EXIT_OK
            } else {
                EXIT_ERROR
            }
        }
    };
    ExitCode::from(code)
}

/// Writes to stdout; a closed pipe (`jxlint … | head`) is not an error.
pub fn print_out(s: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes()).and_then(|()| out.flush()).map_or_else(|e| stdout_failed(&e), |()| true)
}

/// A failed write to stdout: a closed pipe (`jxlint … | head`) is not an error (`true`);
/// anything else is reported on stderr (`false`).
pub fn stdout_failed(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return true;
    }
    eprintln!("jxlint: 无法写出结果：{e}");
    false
}
