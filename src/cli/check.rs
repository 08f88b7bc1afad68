//! `jxlint check`: walk, then load, parse and check in parallel a chunk of files at a time,
//! writing each chunk's results in path order as soon as it is done.
//!
//! The streamed formats (concise, jsonl, github, json, pretty, sarif, rdjson) keep only the
//! chunk in flight, so memory is bounded by the largest files being checked, not by the
//! folder; junit collects every finding, and html every report's text, because they are
//! rendered whole at the end (see `jxlint::output`). Across the run only counts
//! are kept: the worst severity for the exit code, and per-file totals when the `pretty`
//! summary or `--statistics` needs them.

use super::args::{CheckArgs, ColorChoice, FailOn, Format};
use super::configured::Session;
use super::fix::{self, FixMode, FixReport};
use super::output_file::{self, AtomicFile};
use super::progress::Progress;
use super::{print_out, stdout_failed, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use jxlint::analysis::relations::RelationCounts;
use jxlint::diagnostics::{Diagnostic, Severity};
use jxlint::load::{self, WalkEntry};
use jxlint::output::html::{self, ReviewFile};
use jxlint::output::summary::{self, Summary};
use jxlint::output::{self, json, pretty::PrettyOptions, rdjson, sarif, Located};
use jxlint::rules::guard::INTERNAL_ERROR;
use jxlint::rules::RuleSet;
use rayon::prelude::*;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

/// Files checked per worker thread before a chunk's results are written: enough that the
/// threads rarely wait for each other at a chunk's end, few enough that the results in
/// flight stay small (a few hundred files).
const FILES_PER_THREAD: usize = 128;

/// What happens to each file's findings besides counting them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `--write-baseline`, `--diff`: no findings are printed.
    Quiet,
    /// concise, jsonl, github, json, pretty, sarif, rdjson: each file's text, written when
    /// its chunk is done.
    Stream,
    /// junit: every finding, rendered at the end.
    Collect,
    /// html: every report's text and findings, rendered at the end.
    Review,
}

/// How every file is checked and rendered; fixed for the run.
#[derive(Debug, Clone, Copy)]
struct Plan {
    mode: Mode,
    format: Format,
    pretty: PrettyOptions,
    fix_mode: FixMode,
    max_size: u64,
}

/// What checking one file produced, kept until its chunk is written.
struct FileOutcome {
    path: String,
    located: Vec<Located>,
    /// This file's part of a streamed format's output.
    text: String,
    /// Text and findings, kept only for the HTML page.
    review: Option<ReviewFile>,
    fix: Option<FixReport>,
    /// A rule or the parser panicked on this file (an `internal-error` finding says which).
    crashed: bool,
    /// Stated rates and totals the analysis linked or left unexplained, for `--statistics`.
    relations: RelationCounts,
}

/// What the run keeps across chunks.
#[derive(Default)]
struct Kept {
    worst: Option<Severity>,
    /// Files on which a rule crashed: the run exits 2 whatever the findings.
    crashed: usize,
    /// Per-file counts, for the `pretty` summary and `--statistics`.
    stats: Option<Summary>,
    /// `Mode::Collect`.
    located: Vec<Located>,
    /// `Mode::Review`.
    reviews: Vec<ReviewFile>,
    fixes: Vec<FixReport>,
    /// `--diff`: files that could not be read, so could not be fixed.
    skipped: Vec<String>,
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
    let fix_mode = if args.diff {
        FixMode::Diff
    } else if args.fix {
        FixMode::Write
    } else {
        FixMode::Off
    };
    let mode = if args.write_baseline.is_some() || fix_mode == FixMode::Diff {
        Mode::Quiet
    } else {
        match format {
            Format::Concise
            | Format::Json
            | Format::Jsonl
            | Format::Github
            | Format::Pretty
            | Format::Sarif
            | Format::Rdjson => Mode::Stream,
            Format::Junit => Mode::Collect,
            Format::Html => Mode::Review,
        }
    };
    let plan = Plan {
        mode,
        format,
        pretty: PrettyOptions { color, width: terminal_width() },
        fix_mode,
        max_size: args.max_file_size,
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
    if let Some((path, why)) = args.write_baseline.as_deref().and_then(|b| Some((b, output_file::refusal(b, entries)?)))
    {
        eprintln!("jxlint: 无法写入基线文件 {}：{why}", path.display());
        return EXIT_ERROR;
    }
    let opened = if mode == Mode::Quiet { Ok(Out::nowhere()) } else { Out::open(args.output.as_deref()) };
    let mut out = match opened {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("jxlint: {msg}");
            return EXIT_ERROR;
        }
    };
    // SARIF describes rules by the first file's set, as the other whole-run formats do.
    let rules = session.meta_rules();
    if mode == Mode::Stream {
        out.doc = match format {
            Format::Json => out.sink.put(|w| json::Stream::begin(w, entries.len())).map(Doc::Json),
            Format::Sarif => out
                .sink
                .put(|w| sarif::Stream::begin(w, &rules, current_dir_uri().as_deref()))
                .map(|s| Doc::Sarif(s, rules.clone())),
            Format::Rdjson => out.sink.put(rdjson::Stream::begin).map(Doc::Rdjson),
            _ => None,
        };
    }
    let mut kept = Kept {
        stats: (mode != Mode::Quiet && (format == Format::Pretty || args.statistics)).then(Summary::new),
        ..Kept::default()
    };
    let progress = Progress::new(entries.len(), matches!(format, Format::Pretty | Format::Html));
    let chunk = FILES_PER_THREAD * rayon::current_num_threads().max(1);
    for start in (0..entries.len()).step_by(chunk) {
        let outcomes: Vec<FileOutcome> = (start..entries.len().min(start + chunk))
            .into_par_iter()
            .map(|i| {
                let outcome = check_entry(&session, i, plan);
                progress.inc();
                outcome
            })
            .collect();
        let take = || {
            for o in outcomes {
                kept.take(o, plan, &mut out);
            }
            out.sink.flush();
        };
        // Text written while the bar is drawn would be torn by it.
        if mode == Mode::Stream {
            progress.suspend(take);
        } else {
            take();
        }
        // Nothing more can be written; without fixes to apply, the rest is wasted work.
        if out.sink.failed() && fix_mode == FixMode::Off {
            progress.finish();
            return EXIT_ERROR;
        }
    }
    progress.finish();
    if let Some(code) = session.finish() {
        return code;
    }
    let fix_reports: Vec<&FixReport> = kept.fixes.iter().collect();
    let write_failed = fix_mode != FixMode::Off && fix::print_reports(&fix_reports, fix_mode);
    if fix_mode == FixMode::Diff {
        for line in &kept.skipped {
            eprintln!("{line}");
        }
        let diff: String = fix_reports.iter().map(|r| r.diff.as_str()).collect();
        return if !print_out(&diff) || kept.crashed > 0 {
            EXIT_ERROR
        } else if diff.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }

    // Findings on the configuration itself (unused suppressions in jxlint.toml), after all
    // files: only then is it known which suppressions were used.
    for (path, text, diags) in session.config_findings() {
        let found = output::locate(&path, &text, &diags);
        let piece = (mode == Mode::Stream).then(|| piece(format, &path, &text, &diags, &found, plan.pretty));
        kept.take(
            FileOutcome {
                path,
                located: found,
                text: piece.unwrap_or_default(),
                review: None,
                fix: None,
                crashed: false,
                relations: RelationCounts::default(),
            },
            plan,
            &mut out,
        );
    }
    let statistics = args.statistics.then_some(rules.as_ref());
    let closing = match format {
        _ if mode == Mode::Quiet => String::new(),
        Format::Pretty => summary::render_closing(kept.stats.as_ref().unwrap_or(&Summary::new()), statistics),
        Format::Concise | Format::Json | Format::Jsonl | Format::Github | Format::Sarif | Format::Rdjson => {
            String::new()
        }
        Format::Html => html::render(&kept.reviews, &rules),
        // Written straight to the output below, suite by suite.
        Format::Junit => String::new(),
    };
    if let Some(doc) = out.doc.take() {
        out.sink.put(|w| doc.end(w));
    }
    if format == Format::Junit && mode != Mode::Quiet {
        let paths: Vec<String> = entries.iter().map(|e| e.path().display().to_string()).collect();
        out.sink.put(|w| output::junit::write(&rules, &paths, &kept.located, w));
    }
    out.sink.put(|w| w.write_all(closing.as_bytes()));
    if !out.sink.finish() || write_failed {
        return EXIT_ERROR;
    }
    // Machine formats keep stdout (or the file) parseable: statistics go to stderr.
    if let (Some(rules), Some(stats), false) = (statistics, &kept.stats, format == Format::Pretty) {
        eprint!("{}", summary::render_statistics(stats, rules));
    }
    if kept.crashed > 0 {
        eprintln!("jxlint: 内部错误：{} 个文件检查时有规则崩溃（见 {INTERNAL_ERROR} 结果），请报告", kept.crashed);
    }
    exit_code(kept.worst, kept.crashed, args.fail_on)
}

/// 2 when a rule crashed on any file (its results are incomplete), else 1 for findings at
/// or above `--fail-on`, else 0.
fn exit_code(worst: Option<Severity>, crashed: usize, fail_on: FailOn) -> u8 {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if crashed > 0 {
        EXIT_ERROR
    } else if worst.is_some_and(|w| w >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

impl Kept {
    /// Takes one file's outcome, in path order: counts it, writes or keeps what the format
    /// needs, and drops the rest.
    fn take(&mut self, o: FileOutcome, plan: Plan, out: &mut Out) {
        let FileOutcome { path, located, text, review, fix, crashed, relations } = o;
        self.crashed += usize::from(crashed);
        self.worst = self.worst.max(located.iter().map(|d| d.severity).max());
        if let Some(stats) = &mut self.stats {
            stats.add_file(&path, located.iter().map(|d| (d.rule.as_str(), d.severity)));
            stats.relations += relations;
        }
        if plan.fix_mode == FixMode::Diff && fix.is_none() {
            for d in located.iter().filter(|d| d.rule == summary::UNREADABLE_RULE) {
                self.skipped.push(format!("jxlint: 跳过 {}：{}", d.path, d.message));
            }
        }
        self.fixes.extend(fix);
        match plan.mode {
            Mode::Quiet => {}
            Mode::Stream => out.piece(&text, &located),
            Mode::Collect => self.located.extend(located),
            Mode::Review => self.reviews.extend(review),
        }
    }
}

/// Where results go: stdout or the `-o` file (or nowhere), and the state of a document
/// written piece by piece.
struct Out {
    sink: Sink,
    doc: Option<Doc>,
}

/// A streamed format that is one document rather than a line per finding.
enum Doc {
    Json(json::Stream),
    /// With the rules its descriptors and `ruleIndex` come from.
    Sarif(sarif::Stream, std::sync::Arc<RuleSet>),
    Rdjson(rdjson::Stream),
}

impl Doc {
    fn end(self, w: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Doc::Json(s) => s.end(w),
            Doc::Sarif(s, rules) => s.end(w, &rules),
            Doc::Rdjson(s) => s.end(w),
        }
    }
}

impl Out {
    /// Stdout, or the `-o` file (its temporary file is created now).
    fn open(file: Option<&Path>) -> Result<Out, String> {
        let dest = match file {
            None => Dest::Stdout(BufWriter::with_capacity(output_file::BUFFER, std::io::stdout().lock())),
            Some(path) => Dest::File(AtomicFile::create(path)?),
        };
        Ok(Out { sink: Sink { dest, state: State::Open }, doc: None })
    }

    /// For runs that print no findings (`--write-baseline`, `--diff`).
    fn nowhere() -> Out {
        Out { sink: Sink { dest: Dest::Nowhere, state: State::Open }, doc: None }
    }

    /// One file's part of a streamed format: its text, or for SARIF and rdjson its findings,
    /// rendered here one at a time (SARIF's `ruleIndex` also depends on the files before).
    fn piece(&mut self, text: &str, located: &[Located]) {
        match &mut self.doc {
            Some(Doc::Sarif(stream, rules)) => {
                if !located.is_empty() {
                    self.sink.put(|w| stream.items(w, rules, located));
                }
            }
            Some(Doc::Rdjson(stream)) => {
                if !located.is_empty() {
                    self.sink.put(|w| stream.items(w, located));
                }
            }
            _ if text.is_empty() => {}
            Some(Doc::Json(stream)) => {
                self.sink.put(|w| stream.items(w, text));
            }
            None => {
                self.sink.put(|w| w.write_all(text.as_bytes()));
            }
        }
    }
}

enum Dest {
    Nowhere,
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    File(AtomicFile),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    /// The reader of stdout went away (`jxlint … | head`): not an error, but nothing more
    /// is written.
    Closed,
    /// A write failed and was reported; nothing more is written.
    Failed,
}

/// A buffered destination that reports its first failed write and skips the later ones.
struct Sink {
    dest: Dest,
    state: State,
}

impl Sink {
    /// Runs `f` on the writer unless an earlier write failed.
    fn put<T>(&mut self, f: impl FnOnce(&mut dyn Write) -> std::io::Result<T>) -> Option<T> {
        if self.state != State::Open {
            return None;
        }
        let result = match &mut self.dest {
            Dest::Nowhere => f(&mut std::io::sink()),
            Dest::Stdout(w) => f(w),
            Dest::File(w) => f(w),
        };
        result.map_err(|e| self.fail(&e)).ok()
    }

    fn fail(&mut self, e: &std::io::Error) {
        self.state = match &self.dest {
            Dest::Stdout(_) if stdout_failed(e) => State::Closed,
            Dest::File(file) => {
                eprintln!("jxlint: {}", output_file::fail(file.path(), e));
                State::Failed
            }
            _ => State::Failed,
        };
    }

    fn flush(&mut self) {
        self.put(|w| w.flush());
    }

    fn failed(&self) -> bool {
        self.state == State::Failed
    }

    /// Flushes, and persists the `-o` file; whether every write succeeded (a closed stdout
    /// counts as success). On failure the `-o` file's temporary file is removed.
    fn finish(mut self) -> bool {
        self.flush();
        match self.dest {
            Dest::File(file) if self.state == State::Open => {
                file.persist().map_err(|m| eprintln!("jxlint: {m}")).is_ok()
            }
            _ => self.state != State::Failed,
        }
    }
}

fn check_entry(session: &Session, i: usize, plan: Plan) -> FileOutcome {
    let (max_size, fix_mode) = (plan.max_size, plan.fix_mode);
    let (entry, rules) = (&session.entries[i], session.rules(i));
    let path = entry.path().display().to_string();
    let mut fix_report = None;
    let mut places = None;
    let mut relations = RelationCounts::default();
    let (text, diags): (String, Vec<Diagnostic>) = match entry {
        WalkEntry::Error(_, msg) => (String::new(), unreadable(rules, msg)),
        WalkEntry::File(p) => match load::load_file(p, max_size).inspect(|f| {
            note_doubtful_encoding(&path, f);
            if f.text.len() >= jxlint::analysis::PARALLEL_BYTES {
                crate::return_freed_memory_at_once();
            }
        }) {
            // A .docx, workbook or PDF is read through extraction: its text cannot be written back.
            Ok(file) if fix_mode != FixMode::Off && !file.is_extracted() => {
                let fixed = fix::fix_file(&path, &file, rules, fix_mode);
                fix_report = Some(fixed.report);
                relations = fixed.relations;
                (fixed.text, fixed.diags)
            }
            Ok(file) => {
                if fix_mode != FixMode::Off {
                    eprintln!("jxlint: 跳过 {path}：{}", not_fixable(&file));
                }
                let (checked, text) = jxlint::rules::guard::check_owned(file.text, rules);
                relations = checked.relations;
                let mut diags = checked.findings;
                if let Some(map) = &file.source_map {
                    annotate(map, &mut diags);
                }
                if let Some(map) = &file.places {
                    if map.source == load::place::Source::Workbook {
                        jxlint::rules::workbook::retain_applicable(rules, &mut diags);
                    }
                    diags.extend(jxlint::rules::kinds::formula_cache::findings(rules, map));
                    diags.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
                    // Concise, JSON and SARIF carry the place in fields of their own.
                    if !matches!(plan.format, Format::Concise | Format::Json | Format::Sarif) {
                        annotate_places(map, &mut diags);
                    }
                }
                places = file.places;
                (text, diags)
            }
            Err(e) => (String::new(), unreadable(rules, &e.message)),
        },
    };
    // Before suppressions and the baseline, which must not hide a crash from the exit code.
    let crashed = diags.iter().any(|d| d.rule == INTERNAL_ERROR);
    let diags = session.filter(i, &text, diags);
    let mut located = output::locate(&path, &text, &diags);
    if let Some(map) = &places {
        output::place::attach(&mut located, map);
    }
    let piece = if plan.mode == Mode::Stream {
        piece(plan.format, &path, &text, &diags, &located, plan.pretty)
    } else {
        String::new()
    };
    let review = (plan.mode == Mode::Review).then(|| ReviewFile { path: path.clone(), text, diags });
    FileOutcome { path, located, text: piece, review, fix: fix_report, crashed, relations }
}

/// One file's part of a streamed format's output (empty for the formats rendered whole,
/// and for SARIF and rdjson).
fn piece(
    format: Format,
    path: &str,
    text: &str,
    diags: &[Diagnostic],
    located: &[Located],
    opts: PrettyOptions,
) -> String {
    match format {
        Format::Pretty => output::pretty::render_file(path, text, diags, opts),
        Format::Concise => output::concise::render(located),
        Format::Jsonl => output::jsonl::render(located),
        Format::Github => output::github::render(located),
        Format::Json => json::file_items(located),
        // SARIF's and rdjson's findings are rendered where they are written (`Out::piece`).
        Format::Html | Format::Sarif | Format::Rdjson | Format::Junit => String::new(),
    }
}

/// The current folder as a `file://` URI, which SARIF resolves relative paths against.
fn current_dir_uri() -> Option<String> {
    let dir = std::env::current_dir().ok()?;
    Some(output::sarif::dir_uri(dir.to_str()?))
}

/// Why `--fix` leaves an extracted file alone, naming the program to fix it in.
fn not_fixable(file: &load::LoadedFile) -> &'static str {
    match file.places.as_ref().map(|p| p.source) {
        Some(load::place::Source::Workbook) => "工作簿不能自动修正，请在 Excel/WPS 中修改",
        Some(load::place::Source::Pdf) => "PDF 不能自动修正，请修改原文档后重新导出",
        None => ".docx 报告不能自动修正，请在 Word 中修改",
    }
}

/// A file decoded on a doubtful guess is still checked; the reader is told on stderr.
fn note_doubtful_encoding(path: &str, file: &load::LoadedFile) {
    if let Some(note) = load::decode::gb18030_doubt(&file.text, file.encoding) {
        eprintln!("jxlint: 提示：{path}：{note}");
    }
}

fn unreadable(rules: &RuleSet, msg: &str) -> Vec<Diagnostic> {
    jxlint::unreadable_file(rules, &load::LoadError::new(msg)).into_iter().collect()
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100).clamp(60, 200)
}

/// Appends the place of each finding in a workbook or PDF to its message (`（项目A!F7）`),
/// for the formats that have no field of their own for it.
fn annotate_places(map: &load::place::PlaceMap, diags: &mut [jxlint::diagnostics::Diagnostic]) {
    for d in diags {
        if let Some(p) = map.place_at(d.span.start) {
            d.message.push_str(&format!("（{}）", map.describe(p)));
        }
    }
}

/// Appends where each finding is in the Word document (`（第3个表格第2行第4列）`) to its
/// message, for readers who look for it in Word rather than by line number.
fn annotate(map: &jxlint::load::docx::SourceMap, diags: &mut [jxlint::diagnostics::Diagnostic]) {
    for d in diags {
        if let Some(place) = map.describe(d.span.start) {
            d.message.push_str(&format!("（{place}）"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_on_any_file_exits_2_whatever_the_findings() {
        assert_eq!(exit_code(None, 0, FailOn::Warning), EXIT_OK);
        assert_eq!(exit_code(Some(Severity::Error), 0, FailOn::Warning), EXIT_FINDINGS);
        assert_eq!(exit_code(Some(Severity::Info), 1, FailOn::Error), EXIT_ERROR);
        assert_eq!(exit_code(None, 3, FailOn::Error), EXIT_ERROR);
    }
}
