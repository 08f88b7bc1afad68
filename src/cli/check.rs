//! `jxlint check`: walk, load, parse and check in parallel, then render in path order.

use super::args::{CheckArgs, ColorChoice, FailOn, Format};
use super::{load_rules, print_out, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
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
    let mut rules = match load_rules(args.config.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(msg) = apply_selection(&mut rules, &args.select, &args.ignore) {
        eprintln!("jxlint: {msg}");
        return EXIT_ERROR;
    }
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

    let entries = load::collect_files(&args.paths);
    let outcomes: Vec<FileOutcome> = entries
        .par_iter()
        .map(|entry| check_entry(entry, &rules, args.max_file_size, format == Format::Pretty, pretty_opts))
        .collect();

    let located: Vec<Located> = outcomes.iter().flat_map(|o| o.located.iter().cloned()).collect();
    let mut counts = Counts::default();
    for d in &located {
        counts.add(d.severity);
    }
    let text = match format {
        Format::Concise => output::concise::render(&located),
        Format::Json => output::json::render(entries.len(), &located),
        Format::Pretty => {
            let mut s: String = outcomes.iter().map(|o| o.pretty.as_str()).collect();
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

fn check_entry(entry: &WalkEntry, rules: &RuleSet, max_size: u64, pretty: bool, opts: PrettyOptions) -> FileOutcome {
    let path = entry.path().display().to_string();
    let (text, diags): (String, Vec<Diagnostic>) = match entry {
        WalkEntry::Error(_, msg) => (String::new(), unreadable(rules, msg)),
        WalkEntry::File(p) => match load::load_file(p, max_size) {
            Ok(file) => {
                let mut diags = jxlint::check_text(&file.text, rules);
                if let Some(map) = &file.source_map {
                    map.annotate(&mut diags);
                }
                (file.text, diags)
            }
            Err(e) => (String::new(), unreadable(rules, &e.message)),
        },
    };
    let located = output::locate(&path, &text, &diags);
    let pretty = if pretty { output::pretty::render_file(&path, &text, &diags, opts) } else { String::new() };
    FileOutcome { located, pretty }
}

fn unreadable(rules: &RuleSet, msg: &str) -> Vec<Diagnostic> {
    jxlint::unreadable_file(rules, &load::LoadError::new(msg)).into_iter().collect()
}

/// `--select` keeps only the named rules, `--ignore` drops them; unknown ids are errors.
pub fn apply_selection(rules: &mut RuleSet, select: &[String], ignore: &[String]) -> Result<(), String> {
    for id in select.iter().chain(ignore) {
        if rules.get(id).is_none() {
            let ids: Vec<&str> = rules.rules.iter().map(|r| r.meta.id.as_str()).collect();
            let hint =
                jxlint::rules::util::did_you_mean(id, &ids).map(|s| format!("，是不是 `{s}`？")).unwrap_or_default();
            return Err(format!("未知的规则 `{id}`{hint}（`jxlint rules` 列出全部规则）"));
        }
    }
    for r in &mut rules.rules {
        if !select.is_empty() && !select.contains(&r.meta.id) {
            r.enabled = false;
        }
        if ignore.contains(&r.meta.id) {
            r.enabled = false;
        }
    }
    Ok(())
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
