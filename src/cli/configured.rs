//! The configuration side of `jxlint check`: which `jxlint.toml` each checked path uses,
//! one compiled rule set per distinct effective configuration, suppressions, and the
//! baseline file. `check.rs` calls in here; all of this module's I/O is the CLI's.

use super::args::CheckArgs;
use super::output_file::{self, AtomicFile};
use super::EXIT_ERROR;
use jxlint::config::baseline::{self, Baseline, Matcher};
use jxlint::config::{discover, suppress, Config, Selection};
use jxlint::diagnostics::Diagnostic;
use jxlint::load::WalkEntry;
use jxlint::rules::RuleSet;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// `--baseline`: per-file matchers, taken by the thread that checks the file.
struct LoadedBaseline {
    folder: PathBuf,
    matchers: Mutex<HashMap<String, Matcher>>,
}

pub struct Session {
    configs: Vec<Config>,
    /// For every entry: its configuration and its compiled rule set.
    assigned: Vec<(usize, Arc<RuleSet>)>,
    pub entries: Vec<WalkEntry>,
    /// Per configuration, the `[[ignore]]` entries that applied to a checked file, and
    /// those that suppressed something.
    applicable_ignores: Mutex<Vec<Vec<usize>>>,
    used_ignores: Mutex<Vec<Vec<usize>>>,
    baseline: Option<LoadedBaseline>,
    /// Accepted findings of checked files that no longer occur.
    baseline_left: Mutex<usize>,
    write_baseline: Option<PathBuf>,
    collected: Mutex<Vec<baseline::Entry>>,
}

/// Prints a configuration error the way every command does; returns exit code 2.
pub fn report(e: Box<jxlint::rules::ConfigError>) -> u8 {
    eprintln!("{:?}", miette::Report::new_boxed(e));
    EXIT_ERROR
}

/// Prints the configuration's warnings (rules that can never match) on stderr.
pub fn warn(config: &Config) {
    for w in &config.warnings {
        eprintln!("jxlint: {w}");
    }
}

/// The configuration for commands without paths (`rules`, `explain`): `file`, else the
/// nearest `jxlint.toml` from the current folder, else the built-in rules.
pub fn config_for_cwd(file: Option<&Path>) -> Result<Config, u8> {
    let config = discover::for_path(file, Path::new(".")).map_err(report)?;
    warn(&config);
    Ok(config)
}

/// The configuration `check` would find for `file` (`explicit`, else the nearest
/// `jxlint.toml` from the file's folder, else the built-in rules), for `dump --relations`.
pub fn config_for_file(explicit: Option<&Path>, file: &Path) -> Result<Config, u8> {
    let config = discover::for_path(explicit, &folder_of(file)).map_err(report)?;
    warn(&config);
    Ok(config)
}

impl Session {
    /// Loads every configuration the paths need, compiles the rule sets, walks the paths.
    /// On error, prints it and returns exit code 2: nothing is checked.
    pub fn open(args: &CheckArgs) -> Result<Session, u8> {
        let sel = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
        let mut configs: Vec<Config> = Vec::new();
        let mut config_paths: Vec<Option<PathBuf>> = Vec::new();
        let mut tagged: Vec<(WalkEntry, usize)> = Vec::new();
        for root in &args.paths {
            let wanted = args.config.clone().or_else(|| discover::find(root));
            let index = match config_paths.iter().position(|p| *p == wanted) {
                Some(i) => i,
                None => {
                    let config = discover::for_path(wanted.as_deref(), root).map_err(report)?;
                    warn(&config);
                    configs.push(config);
                    config_paths.push(wanted);
                    configs.len() - 1
                }
            };
            // Symlinks may lead into any folder of the command line, not only this one's.
            let found = jxlint::load::collect_files_within(std::slice::from_ref(root), &args.paths);
            tagged.extend(found.into_iter().map(|e| (e, index)));
        }
        tagged.sort_by(|a, b| a.0.path().cmp(b.0.path()));
        tagged.dedup_by(|a, b| a.0.path() == b.0.path());

        let mut assigned = Vec::with_capacity(tagged.len());
        let mut plans = Vec::new();
        for (ci, config) in configs.iter().enumerate() {
            if let Err(m) = config.check_selection(&sel) {
                eprintln!("jxlint: {m}");
                return Err(EXIT_ERROR);
            }
            let files: Vec<&Path> = tagged.iter().filter(|t| t.1 == ci).map(|t| t.0.path()).collect();
            plans.push(config.plan(&files, &sel).map_err(report)?);
        }
        let mut next = vec![0usize; configs.len()];
        for (_, ci) in &tagged {
            let plan = &plans[*ci];
            let set = plan.assignment.get(next[*ci]).map_or_else(|| plan.sets[0].clone(), |&s| plan.sets[s].clone());
            next[*ci] += 1;
            assigned.push((*ci, set));
        }

        let baseline = match &args.baseline {
            None => None,
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| {
                    eprintln!("jxlint: 无法读取基线文件 {}：{e}", p.display());
                    EXIT_ERROR
                })?;
                let b = Baseline::parse(&text).map_err(|m| {
                    eprintln!("jxlint: {}：{m}", p.display());
                    EXIT_ERROR
                })?;
                Some(LoadedBaseline { folder: folder_of(p), matchers: Mutex::new(b.by_path()) })
            }
        };
        Ok(Session {
            applicable_ignores: Mutex::new(vec![Vec::new(); configs.len()]),
            used_ignores: Mutex::new(vec![Vec::new(); configs.len()]),
            configs,
            assigned,
            entries: tagged.into_iter().map(|t| t.0).collect(),
            baseline,
            baseline_left: Mutex::new(0),
            write_baseline: args.write_baseline.clone(),
            collected: Mutex::new(Vec::new()),
        })
    }

    pub fn rules(&self, i: usize) -> &RuleSet {
        &self.assigned[i].1
    }

    /// A rule set for rule metadata in reports (SARIF, JUnit, HTML, statistics): the first
    /// file's, or the built-in rules when nothing was checked.
    pub fn meta_rules(&self) -> Arc<RuleSet> {
        self.assigned.first().map(|(_, s)| s.clone()).unwrap_or_else(|| Arc::new(RuleSet::builtin()))
    }

    /// Applies suppressions and the baseline to the findings of entry `i`.
    pub fn filter(&self, i: usize, text: &str, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let (ci, rules) = &self.assigned[i];
        let config = &self.configs[*ci];
        let path = self.entries[i].path();
        let markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        let outcome = suppress::apply(config, rules, &config.relative(path), text, markdown, diags);
        merge_into(&self.used_ignores, *ci, outcome.used_ignores);
        merge_into(&self.applicable_ignores, *ci, outcome.applicable_ignores);
        let mut kept = outcome.kept;
        if let Some(out) = &self.write_baseline {
            let key = relative_to(&folder_of(out), path);
            if let Ok(mut c) = self.collected.lock() {
                c.extend(kept.iter().map(|d| baseline::entry(&key, text, d)));
            }
        }
        if let Some(b) = &self.baseline {
            let key = relative_to(&b.folder, path);
            let matcher = b.matchers.lock().ok().and_then(|mut m| m.remove(&key));
            if let Some(mut m) = matcher {
                m.filter(&key, text, &mut kept);
                if let Ok(mut left) = self.baseline_left.lock() {
                    *left += m.remaining();
                }
            }
        }
        kept
    }

    /// Findings on the configuration files themselves (`[[ignore]]` entries that
    /// suppressed nothing), as (path, text, findings).
    pub fn config_findings(&self) -> Vec<(String, String, Vec<Diagnostic>)> {
        let used = self.used_ignores.lock().map(|u| u.clone()).unwrap_or_default();
        let applicable = self.applicable_ignores.lock().map(|u| u.clone()).unwrap_or_default();
        let mut out = Vec::new();
        for (ci, config) in self.configs.iter().enumerate() {
            let (Some(path), Some(text)) = (&config.path, config.text()) else { continue };
            // Seen through a checked file's rule set, so `--select`/`--ignore` count.
            let Some((_, rules)) = self.assigned.iter().find(|a| a.0 == ci) else { continue };
            let diags = suppress::unused_ignores(config, rules, &applicable[ci], &used[ci]);
            if !diags.is_empty() {
                out.push((path.display().to_string(), text.to_owned(), diags));
            }
        }
        out
    }

    /// Writes the baseline if asked; reports accepted findings that no longer occur.
    /// Returns `Some(exit code)` when the run should end here.
    pub fn finish(&self) -> Option<u8> {
        if self.baseline.is_some() {
            let left = self.baseline_left.lock().map(|h| *h).unwrap_or(0);
            if left > 0 {
                eprintln!(
                    "jxlint: 基线中有 {left} 条发现已不再出现（问题已改正或所在行已修改）；可用 --write-baseline 更新基线"
                );
            }
        }
        let out = self.write_baseline.as_ref()?;
        let entries = self.collected.lock().map(|c| c.clone()).unwrap_or_default();
        let b = Baseline::from_entries(entries);
        // The same atomic write as `-o`: a temporary file with a unique name (never a fixed
        // `*.json.tmp` that could be someone's file), renamed over the target once complete.
        let written = AtomicFile::create(out).and_then(|mut file| {
            file.write_all(b.to_json().as_bytes()).map_err(|e| output_file::fail(out, &e))?;
            file.persist()
        });
        match written {
            Ok(()) => {
                eprintln!("jxlint: 已将 {} 条发现写入基线 {}", b.total(), out.display());
                Some(super::EXIT_OK)
            }
            Err(e) => {
                eprintln!("jxlint: {e}");
                Some(EXIT_ERROR)
            }
        }
    }
}

fn merge_into(target: &Mutex<Vec<Vec<usize>>>, config: usize, items: Vec<usize>) {
    if items.is_empty() {
        return;
    }
    if let Ok(mut all) = target.lock() {
        for i in items {
            if !all[config].contains(&i) {
                all[config].push(i);
            }
        }
    }
}

fn folder_of(file: &Path) -> PathBuf {
    let abs = discover::absolute(file);
    abs.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn relative_to(folder: &Path, file: &Path) -> String {
    let abs = discover::absolute(file);
    let rel = abs.strip_prefix(folder).unwrap_or(&abs);
    rel.components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
