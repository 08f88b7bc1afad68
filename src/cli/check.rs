//! `jxlint check`: walk, load, parse and check in parallel, then render in path order.

use super::args::{CheckArgs, ColorChoice, FailOn, Format};
use super::configured::Session;
use super::fix::{self, FixMode, FixReport};
use super::progress::Progress;
use super::{output_file, print_out, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use jxlint::diagnostics::{Diagnostic, Severity};
use jxlint::load::{self, WalkEntry};
use jxlint::output::html::{self, ReviewFile};
use jxlint::output::summary::{self, Summary};
use jxlint::output::{self, pretty::PrettyOptions, Located};
use jxlint::rules::RuleSet;
use rayon::prelude::*;
use std::io::IsTerminal;

/// What checking one file produced. The report text is dropped once rendered.
struct FileOutcome {
    path: String,
    located: Vec<Located>,
    pretty: String,
    /// Text and findings, kept only for the HTML page.
    review: Option<ReviewFile>,
    fix: Option<FixReport>,
}

pub fn run(args: &CheckArgs) -> u8 {
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            eprintln!("jxlint: 路径不存在或无法访问：{}", p.display());
            return EXIT_ERROR;
        }
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(output_file::format_for))
        .unwrap_or(if to_terminal { Format::Pretty } else { Format::Concise });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let pretty_opts = PrettyOptions { color, width: terminal_width() };
    let fix_mode = if args.diff {
        FixMode::Diff
    } else if args.fix {
        FixMode::Write
    } else {
        FixMode::Off
    };

    let session = match Session::open(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let entries = &session.entries;
    if let Some(Err(msg)) = args.output.as_deref().map(|o| output_file::preflight(o, entries)) {
        eprintln!("jxlint: {msg}");
        return EXIT_ERROR;
    }
    let progress = Progress::new(entries.len(), matches!(format, Format::Pretty | Format::Html));
    let outcomes: Vec<FileOutcome> = (0..entries.len())
        .into_par_iter()
        .map(|i| {
            let outcome = check_entry(&session, i, args.max_file_size, format, pretty_opts, fix_mode);
            progress.inc();
            outcome
        })
        .collect();
    progress.finish();
    if let Some(code) = session.finish() {
        return code;
    }
    let fix_reports: Vec<&FixReport> = outcomes.iter().filter_map(|o| o.fix.as_ref()).collect();
    let write_failed = fix_mode != FixMode::Off && fix::print_reports(&fix_reports, fix_mode);
    if fix_mode == FixMode::Diff {
        for d in
            outcomes.iter().filter(|o| o.fix.is_none()).flat_map(|o| &o.located).filter(|d| d.rule == "unreadable-file")
        {
            eprintln!("jxlint: 跳过 {}：{}", d.path, d.message);
        }
        let diff: String = fix_reports.iter().map(|r| r.diff.as_str()).collect();
        return if !print_out(&diff) {
            EXIT_ERROR
        } else if diff.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }

    let rules = session.meta_rules();
    let mut located: Vec<Located> = outcomes.iter().flat_map(|o| o.located.iter().cloned()).collect();
    let mut stats = Summary::new();
    for o in &outcomes {
        stats.add_file(&o.path, o.located.iter().map(|d| (d.rule.as_str(), d.severity)));
    }
    // Findings on the configuration itself (unused suppressions in jxlint.toml).
    let mut config_pretty = String::new();
    for (path, text, diags) in session.config_findings() {
        let found = output::locate(&path, &text, &diags);
        stats.add_file(&path, found.iter().map(|d| (d.rule.as_str(), d.severity)));
        located.extend(found);
        if format == Format::Pretty {
            config_pretty.push_str(&output::pretty::render_file(&path, &text, &diags, pretty_opts));
        }
    }
    let text = match format {
        Format::Concise => output::concise::render(&located),
        Format::Json => output::json::render(entries.len(), &located),
        Format::Html => {
            let files: Vec<ReviewFile> = outcomes.into_iter().filter_map(|o| o.review).collect();
            html::render(&files, &rules)
        }
        Format::Sarif => output::sarif::render(&rules, &located, current_dir_uri().as_deref()),
        Format::Github => output::github::render(&located),
        Format::Jsonl => output::jsonl::render(&located),
        Format::Rdjson => output::rdjson::render(&located),
        Format::Junit => {
            let paths: Vec<String> = entries.iter().map(|e| e.path().display().to_string()).collect();
            output::junit::render(&rules, &paths, &located)
        }
        Format::Pretty => {
            let mut s: String = outcomes.iter().map(|o| o.pretty.as_str()).collect();
            s.push_str(&config_pretty);
            s.push_str(&summary::render_pretty(&stats));
            if args.statistics {
                s.push('\n');
                s.push_str(&summary::render_statistics(&stats, &rules));
            }
            s
        }
    };
    let written = match &args.output {
        Some(path) => output_file::write_atomic(path, &text).map_err(|m| eprintln!("jxlint: {m}")).is_ok(),
        None => print_out(&text),
    };
    if !written || write_failed {
        return EXIT_ERROR;
    }
    // Machine formats keep stdout (or the file) parseable: statistics go to stderr.
    if args.statistics && format != Format::Pretty {
        eprint!("{}", summary::render_statistics(&stats, &rules));
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

fn check_entry(
    session: &Session,
    i: usize,
    max_size: u64,
    format: Format,
    opts: PrettyOptions,
    fix_mode: FixMode,
) -> FileOutcome {
    let (entry, rules) = (&session.entries[i], session.rules(i));
    let path = entry.path().display().to_string();
    let mut fix_report = None;
    let (text, diags): (String, Vec<Diagnostic>) = match entry {
        WalkEntry::Error(_, msg) => (String::new(), unreadable(rules, msg)),
        WalkEntry::File(p) => match load::load_file(p, max_size) {
            // A .docx is read through extraction: its text cannot be written back.
            Ok(file) if fix_mode != FixMode::Off && file.source_map.is_none() => {
                let (text, diags, report) = fix::fix_file(&path, &file, rules, fix_mode);
                fix_report = Some(report);
                (text, diags)
            }
            Ok(file) => {
                if fix_mode != FixMode::Off {
                    eprintln!("jxlint: 跳过 {path}：.docx 报告不能自动修正，请在 Word 中修改");
                }
                let mut diags = jxlint::check_text(&file.text, rules);
                if let Some(map) = &file.source_map {
                    map.annotate(&mut diags);
                }
                (file.text, diags)
            }
            Err(e) => (String::new(), unreadable(rules, &e.message)),
        },
    };
    let diags = session.filter(i, &text, diags);
    let located = output::locate(&path, &text, &diags);
    let pretty =
        if format == Format::Pretty { output::pretty::render_file(&path, &text, &diags, opts) } else { String::new() };
    let review = (format == Format::Html).then(|| ReviewFile { path: path.clone(), text, diags });
    FileOutcome { path, located, pretty, review, fix: fix_report }
}

/// The current folder as a `file://` URI, which SARIF resolves relative paths against.
fn current_dir_uri() -> Option<String> {
    let dir = std::env::current_dir().ok()?;
    Some(output::sarif::dir_uri(dir.to_str()?))
}

fn unreadable(rules: &RuleSet, msg: &str) -> Vec<Diagnostic> {
    jxlint::unreadable_file(rules, &load::LoadError::new(msg)).into_iter().collect()
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100).clamp(60, 200)
}
