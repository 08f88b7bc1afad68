//! `jxlint check`: walk, load, parse and check in parallel, then render in path order.

use super::args::{CheckArgs, ColorChoice, FailOn, Format};
use super::configured::Session;
use super::{print_out, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use jxlint::diagnostics::{Diagnostic, Severity};
use jxlint::load::{self, WalkEntry};
use jxlint::output::{self, pretty::PrettyOptions, Counts, Located};
use jxlint::rules::RuleSet;
use rayon::prelude::*;
use std::io::IsTerminal;

/// What checking one file produced. The report text is dropped once rendered.
struct FileOutcome {
    located: Vec<Located>,
    pretty: String,
}

pub fn run(args: &CheckArgs) -> u8 {
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            eprintln!("jxlint: 路径不存在或无法访问：{}", p.display());
            return EXIT_ERROR;
        }
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Pretty } else { Format::Concise });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let pretty_opts = PrettyOptions { color, width: terminal_width() };

    let session = match Session::open(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let entries = &session.entries;
    let outcomes: Vec<FileOutcome> = (0..entries.len())
        .into_par_iter()
        .map(|i| check_entry(&session, i, args.max_file_size, format == Format::Pretty, pretty_opts))
        .collect();
    if let Some(code) = session.finish() {
        return code;
    }

    let mut located: Vec<Located> = outcomes.iter().flat_map(|o| o.located.iter().cloned()).collect();
    let mut config_pretty = String::new();
    for (path, text, diags) in session.config_findings() {
        located.extend(output::locate(&path, &text, &diags));
        if format == Format::Pretty {
            config_pretty.push_str(&output::pretty::render_file(&path, &text, &diags, pretty_opts));
        }
    }
    let mut counts = Counts::default();
    for d in &located {
        counts.add(d.severity);
    }
    let text = match format {
        Format::Concise => output::concise::render(&located),
        Format::Json => output::json::render(entries.len(), &located),
        Format::Pretty => {
            let mut s: String = outcomes.iter().map(|o| o.pretty.as_str()).collect();
            s.push_str(&config_pretty);
            s.push_str(&summary(entries.len(), &counts));
            s
        }
    };
    if !print_out(&text) {
        return EXIT_ERROR;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if located.iter().any(|d| d.severity >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn check_entry(session: &Session, i: usize, max_size: u64, pretty: bool, opts: PrettyOptions) -> FileOutcome {
    let (entry, rules) = (&session.entries[i], session.rules(i));
    let path = entry.path().display().to_string();
    let (text, diags): (String, Vec<Diagnostic>) = match entry {
        WalkEntry::Error(_, msg) => (String::new(), unreadable(rules, msg)),
        WalkEntry::File(p) => match load::load_file(p, max_size) {
            Ok(file) => {
                let diags = jxlint::check_text(&file.text, rules);
                (file.text, diags)
            }
            Err(e) => (String::new(), unreadable(rules, &e.message)),
        },
    };
    let diags = session.filter(i, &text, diags);
    let located = output::locate(&path, &text, &diags);
    let pretty = if pretty { output::pretty::render_file(&path, &text, &diags, opts) } else { String::new() };
    FileOutcome { located, pretty }
}

fn unreadable(rules: &RuleSet, msg: &str) -> Vec<Diagnostic> {
    jxlint::unreadable_file(rules, &load::LoadError::new(msg)).into_iter().collect()
}

fn summary(files: usize, c: &Counts) -> String {
    if c.total() == 0 {
        format!("检查了 {files} 个文件，未发现问题。\n")
    } else {
        format!(
            "检查了 {files} 个文件，发现 {} 个问题：{} 个错误，{} 个警告，{} 个提示。\n",
            c.total(),
            c.errors,
            c.warnings,
            c.infos
        )
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100).clamp(60, 200)
}
