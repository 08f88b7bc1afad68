//! config: `jxlint.toml`, the auditor's configuration. It decides which rules run on which
//! file, with which parameters, and which findings are accepted.
//!
//! Precedence, lowest to highest (documented in `docs/config.md`):
//! 1. the built-in rules (`extends = "default"`, the default) or nothing (`extends = "none"`);
//! 2. the file's own `[[fact]]` / `[[rule]]` definitions (same id = replaces the inherited one);
//! 3. `[rules.ID]` changes, for every file;
//! 4. `[[override]]` sections whose `files` globs match the file, in file order;
//! 5. `--select` / `--ignore` on the command line (they only narrow: a rule the
//!    configuration turned off for a file stays off);
//! 6. suppressions: `[[ignore]]`, inline `jxlint-disable-next-line` comments, `--baseline`.
//!
//! Every distinct effective rule set is compiled once ([`Config::plan`]) and shared by the
//! threads that check files; configuration is never parsed per file. Only the combinations
//! of overrides that checked files actually use are compiled, and overrides with the same
//! content count as one, so memory is bounded by the distinct rule sets in use, not by the
//! number of `[[override]]` sections (1,000 of them used to compile 1,000 sets up front).

pub mod baseline;
pub mod discover;
pub mod examples;
pub mod json_schema;
pub mod lint;
pub mod schema;
pub mod source;
pub mod suppress;

use crate::rules::config::{FactDef, RuleDef, RuleFile};
use crate::rules::{ConfigError, KindError, RuleSet, DEFAULT_RULES, DEFAULT_RULES_NAME};
use crate::util::Spanned;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use schema::{ConfigFile, RuleOverride};
use source::SourceMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The configuration file name looked for in the checked folder and its parents.
pub const FILE_NAME: &str = "jxlint.toml";

/// The starting configuration written by `jxlint init`.
pub const TEMPLATE: &str = include_str!("template.toml");

type Result<T> = std::result::Result<T, Box<ConfigError>>;

/// An `[[override]]` section.
struct Override {
    rules: Vec<(String, RuleOverride)>,
    /// The first override with the same changes (itself when none before): two files
    /// whose overrides differ only by such twins get the same rule set.
    twin: usize,
}

/// An `[[ignore]]` entry, globs compiled.
#[derive(Debug)]
pub struct Ignore {
    /// `None`: every file.
    pub files: Option<GlobSet>,
    pub rule: String,
    pub line: Option<String>,
    pub reason: String,
    /// Where the entry is in `jxlint.toml` (local byte span), for `unused-suppression`.
    pub span: std::ops::Range<usize>,
}

/// A loaded, validated configuration.
pub struct Config {
    /// The configuration file, or `None` for the built-in rules alone.
    pub path: Option<PathBuf>,
    /// The folder globs are relative to (absolute).
    pub root: PathBuf,
    map: SourceMap,
    user: Option<usize>,
    facts: Vec<FactDef>,
    rules: Vec<RuleDef>,
    overrides: Vec<Override>,
    /// Every override's globs in one set, so matching a file costs one pass, not one per
    /// override; `glob_owner[g]` is the override of glob `g`.
    override_globs: GlobSet,
    glob_owner: Vec<usize>,
    /// Rules changed by `[rules.ID]` (for `jxlint rules`).
    changed: Vec<String>,
    pub ignores: Vec<Ignore>,
    /// Rules that can never match, and similar mistakes that are not errors.
    pub warnings: Vec<String>,
    /// The base set compiled while validating, handed to the first [`Config::plan`] or
    /// [`Config::base_set`] that needs it so it is not compiled twice.
    validated: std::sync::Mutex<Option<RuleSet>>,
}

/// `--select` / `--ignore` from the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// Which compiled rule set each file uses.
pub struct Plan {
    pub sets: Vec<Arc<RuleSet>>,
    /// `assignment[i]` indexes `sets` for the i-th file given to [`Config::plan`].
    pub assignment: Vec<usize>,
}

impl Config {
    /// The built-in rules with no configuration file.
    pub fn builtin(root: &Path) -> Config {
        match Config::parse(None, None, root) {
            Ok(c) => c,
            Err(e) => panic!("built-in rules do not compile: {e:?}"),
        }
    }

    /// Parses and validates a configuration. `name` is how errors name the file; globs are
    /// relative to `root`.
    pub fn from_text(path: &Path, text: &str, root: &Path) -> Result<Config> {
        Config::parse(Some(path), Some(text), root)
    }

    fn parse(path: Option<&Path>, text: Option<&str>, root: &Path) -> Result<Config> {
        let mut map = SourceMap::default();
        let builtin = map.add(DEFAULT_RULES_NAME, DEFAULT_RULES);
        let mut cfg = Config {
            path: path.map(Path::to_path_buf),
            root: root.to_path_buf(),
            map,
            user: None,
            facts: Vec::new(),
            rules: Vec::new(),
            overrides: Vec::new(),
            override_globs: GlobSet::empty(),
            glob_owner: Vec::new(),
            changed: Vec::new(),
            ignores: Vec::new(),
            warnings: Vec::new(),
            validated: Default::default(),
        };
        let file: Option<ConfigFile> = match (path, text) {
            (Some(p), Some(t)) => {
                let i = cfg.map.add(&p.display().to_string(), t);
                cfg.user = Some(i);
                Some(cfg.map.parse(i)?)
            }
            _ => None,
        };
        let extends = match file.as_ref().and_then(|f| f.extends.as_ref()) {
            None => true,
            Some(e) => match e.get_ref().as_str() {
                "default" => true,
                "none" => false,
                other => {
                    let help = crate::util::did_you_mean(other, &["default", "none"])
                        .map_or("可选：\"default\"（内置规则）或 \"none\"（不继承）".to_owned(), |s| {
                            format!("是不是想写 \"{s}\"？")
                        });
                    return Err(cfg.map.error_at(e.span(), format!("未知的 extends 值 \"{other}\""), Some(help)));
                }
            },
        };
        if extends {
            let base: RuleFile = cfg.map.parse(builtin)?;
            cfg.facts = base.fact;
            cfg.rules = base.rule;
        }
        if let Some(file) = file {
            cfg.apply_file(file)?;
        }
        // Compiling the base set validates every definition and `[rules.ID]` change; each
        // override is validated on its own too, so its errors surface before any file is
        // read: only the rules it changes are compiled (once per distinct override), and
        // dropped, so validation holds one small set at a time.
        let base = cfg.compile(&[])?;
        for (i, o) in cfg.overrides.iter().enumerate() {
            if !o.rules.is_empty() && o.twin == i {
                let changed = cfg.changed_defs(&[i]);
                RuleSet::compile(&cfg.facts, &changed, &cfg.source_label()).map_err(|e| cfg.map.error(e))?;
            }
        }
        cfg.validated = std::sync::Mutex::new(Some(base));
        let never = lint::never_matching(&cfg.effective_defs_all(), &cfg.map);
        cfg.warnings.extend(never);
        Ok(cfg)
    }

    fn apply_file(&mut self, file: ConfigFile) -> Result<()> {
        if let Some(v) = &file.version {
            if *v.get_ref() != 1 {
                return Err(self.map.error_at(
                    v.span(),
                    format!("不支持的配置版本 {}", v.get_ref()),
                    Some("目前只有 version = 1".into()),
                ));
            }
        }
        let mut seen_facts: Vec<&str> = Vec::new();
        for f in &file.fact {
            let name = f.name.get_ref();
            if seen_facts.contains(&name.as_str()) {
                return Err(self.map.error_at(f.name.span(), format!("事实 `{name}` 重复定义"), None));
            }
            seen_facts.push(name);
            match self.facts.iter_mut().find(|x| x.name.get_ref() == name) {
                Some(slot) => *slot = f.clone(),
                None => self.facts.push(f.clone()),
            }
        }
        let mut seen_rules: Vec<&str> = Vec::new();
        for r in &file.rule {
            let id = r.id.get_ref();
            if seen_rules.contains(&id.as_str()) {
                return Err(self.map.error_at(
                    r.id.span(),
                    format!("规则 id `{id}` 重复定义"),
                    Some("同一文件中每条规则的 id 必须唯一；要修改内置规则请用 [rules.ID]".into()),
                ));
            }
            seen_rules.push(id);
            if let Some(sev) = &r.severity {
                self.check_severity(sev)?;
            }
            match self.rules.iter_mut().find(|x| x.id.get_ref() == id) {
                Some(slot) => *slot = r.clone(),
                None => self.rules.push(r.clone()),
            }
        }
        for (id, o) in &file.rules {
            self.check_override(id, o)?;
            if let Some(def) = self.rules.iter_mut().find(|d| d.id.get_ref() == id.get_ref()) {
                schema::apply(def, o).map_err(|e| self.map.error(e))?;
                self.changed.push(id.get_ref().clone());
            }
        }
        let mut all_globs = GlobSetBuilder::new();
        let mut twins: HashMap<String, usize> = HashMap::new();
        for o in &file.overrides {
            // Each override's globs are checked on their own, so an error names its pattern.
            self.globs(&o.files)?;
            for g in &o.files {
                if let Ok(glob) = glob(g.get_ref()) {
                    all_globs.add(glob);
                    self.glob_owner.push(self.overrides.len());
                }
            }
            let mut rules = Vec::new();
            for (id, ro) in &o.rules {
                self.check_override(id, ro)?;
                rules.push((id.get_ref().clone(), ro.clone()));
            }
            let twin = *twins.entry(content_key(&rules)).or_insert(self.overrides.len());
            self.overrides.push(Override { rules, twin });
        }
        let at = self.user.map_or(0, |u| self.map.get(u).base);
        self.override_globs =
            all_globs.build().map_err(|e| self.map.error_at(at..at, format!("路径模式写错了：{e}"), None))?;
        let base = self.user.map_or(0, |u| self.map.get(u).base);
        for ig in &file.ignore {
            let files = if ig.files.is_empty() { None } else { Some(self.globs(&ig.files)?) };
            self.rule_exists(&ig.rule)?;
            if ig.reason.get_ref().trim().is_empty() {
                return Err(self.map.error_at(
                    ig.reason.span(),
                    "`reason` 不能为空",
                    Some("写明为什么接受这些发现，便于日后审核".into()),
                ));
            }
            let start = ig.rule.span().start.min(ig.reason.span().start) - base;
            let end = ig.rule.span().end.max(ig.reason.span().end) - base;
            self.ignores.push(Ignore {
                files,
                rule: ig.rule.get_ref().clone(),
                line: ig.line.clone(),
                reason: ig.reason.get_ref().clone(),
                span: start..end,
            });
        }
        Ok(())
    }

    fn rule_exists(&self, id: &Spanned<String>) -> Result<()> {
        if self.rules.iter().any(|d| d.id.get_ref() == id.get_ref()) {
            return Ok(());
        }
        let ids: Vec<&str> = self.rules.iter().map(|d| d.id.get_ref().as_str()).collect();
        let help = crate::util::did_you_mean(id.get_ref(), &ids)
            .map_or("`jxlint rules` 列出全部规则".to_owned(), |s| format!("是不是想写 `{s}`？"));
        Err(self.map.error_at(id.span(), format!("没有 id 为 `{}` 的规则", id.get_ref()), Some(help)))
    }

    fn check_override(&self, id: &Spanned<String>, o: &RuleOverride) -> Result<()> {
        self.rule_exists(id)?;
        o.severity().map_or(Ok(()), |s| self.check_severity(s))
    }

    fn check_severity(&self, s: &Spanned<String>) -> Result<()> {
        if s.get_ref().parse::<crate::diagnostics::Severity>().is_ok() {
            return Ok(());
        }
        let help = crate::util::did_you_mean(s.get_ref(), &["error", "warning", "info"])
            .map_or("可选：error、warning、info".to_owned(), |x| format!("是不是想写 \"{x}\"？"));
        Err(self.map.error_at(s.span(), format!("未知的严重程度 \"{}\"", s.get_ref()), Some(help)))
    }

    fn globs(&self, list: &[Spanned<String>]) -> Result<GlobSet> {
        let mut set = GlobSetBuilder::new();
        if list.is_empty() {
            let at = self.user.map_or(0, |u| self.map.get(u).base);
            return Err(self.map.error_at(at..at, "`files` 至少要有一个路径模式", None));
        }
        for g in list {
            let glob = glob(g.get_ref()).map_err(|e| {
                self.map.error_at(
                    g.span(),
                    format!("路径模式写错了：{}", glob_reason(&e)),
                    Some("`*` 匹配文件名中的任意字符，`**` 匹配任意层文件夹，如 \"区县/**\"、\"*.md\"".into()),
                )
            })?;
            set.add(glob);
        }
        set.build().map_err(|e| self.map.error_at(list[0].span(), format!("路径模式写错了：{e}"), None))
    }

    /// The definitions in effect for a file matched by the overrides `active`.
    fn effective(&self, active: &[usize]) -> std::result::Result<Vec<RuleDef>, KindError> {
        let mut defs = self.rules.clone();
        for &i in active {
            for (id, o) in &self.overrides[i].rules {
                if let Some(def) = defs.iter_mut().find(|d| d.id.get_ref() == id) {
                    schema::apply(def, o)?;
                }
            }
        }
        Ok(defs)
    }

    /// Only the definitions the overrides `active` change, with the changes applied: what
    /// validating an override needs, without copying every rule.
    fn changed_defs(&self, active: &[usize]) -> Vec<RuleDef> {
        let mut defs: Vec<RuleDef> = Vec::new();
        for &i in active {
            for (id, o) in &self.overrides[i].rules {
                let at = match defs.iter().position(|d| d.id.get_ref() == id) {
                    Some(at) => at,
                    None => match self.definition(id) {
                        Some(d) => {
                            defs.push(d.clone());
                            defs.len() - 1
                        }
                        None => continue,
                    },
                };
                // Every override applied without error when the configuration was validated.
                let _ = schema::apply(&mut defs[at], o);
            }
        }
        defs
    }

    /// Base definitions plus every distinct override's changed version, for warnings.
    fn effective_defs_all(&self) -> Vec<RuleDef> {
        let mut all = self.rules.clone();
        for (i, o) in self.overrides.iter().enumerate() {
            if o.twin == i {
                all.extend(self.changed_defs(&[i]));
            }
        }
        all
    }

    /// The set validated at load time if still unused, else a fresh compile.
    fn take_or_compile(&self, active: &[usize]) -> Result<RuleSet> {
        let cached = if active.is_empty() { self.validated.lock().ok().and_then(|mut v| v.take()) } else { None };
        match cached {
            Some(set) => Ok(set),
            None => self.compile(active),
        }
    }

    fn compile(&self, active: &[usize]) -> Result<RuleSet> {
        let defs = self.effective(active).map_err(|e| self.map.error(e))?;
        RuleSet::compile(&self.facts, &defs, &self.source_label()).map_err(|e| self.map.error(e))
    }

    /// How `jxlint rules` names where the rules come from.
    pub fn source_label(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => DEFAULT_RULES_NAME.to_owned(),
        }
    }

    /// Where each effective rule was defined, and whether `[rules.ID]` changed it
    /// (for `jxlint rules` and `jxlint explain`).
    pub fn rule_sources(&self) -> Vec<(String, String)> {
        let user = self.user.map(|u| self.map.get(u).name.clone()).unwrap_or_default();
        self.rules
            .iter()
            .map(|d| {
                let mut from = self.map.locate(&d.id.span()).map_or_else(String::new, |(s, _)| s.name.clone());
                if self.changed.contains(d.id.get_ref()) && from != user {
                    from = format!("{from}，{user} 修改");
                }
                (d.id.get_ref().clone(), from)
            })
            .collect()
    }

    /// The effective definition of a rule for files no override matches.
    pub fn definition(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|d| d.id.get_ref() == id)
    }

    /// The path of `file` relative to the configuration's folder, with `/` separators.
    pub fn relative(&self, file: &Path) -> String {
        let abs = discover::absolute(file);
        // Files outside the configuration's folder are matched by their absolute path.
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        rel.components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Indexes of the `[[override]]` sections that apply to `file`, in file order.
    pub fn overrides_for(&self, file: &Path) -> Vec<usize> {
        let rel = self.relative(file);
        let mut owners: Vec<usize> =
            self.override_globs.matches(&rel).into_iter().map(|g| self.glob_owner[g]).collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    }

    /// What decides `file`'s rule set: its overrides that change something, each named by
    /// its first twin, so files whose overrides say the same share one set.
    fn combination(&self, file: &Path) -> Vec<usize> {
        self.overrides_for(file)
            .into_iter()
            .filter(|&i| !self.overrides[i].rules.is_empty())
            .map(|i| self.overrides[i].twin)
            .collect()
    }

    /// Compiles one rule set per distinct combination of overrides among `files` (only
    /// those used, each once), applies the command-line selection to each, and assigns
    /// each file its set.
    pub fn plan(&self, files: &[&Path], sel: &Selection) -> Result<Plan> {
        self.check_selection(sel).map_err(|m| Box::new(ConfigError::plain("--select/--ignore", m)))?;
        let mut by_key: HashMap<Vec<usize>, usize> = HashMap::new();
        let mut sets = Vec::new();
        let mut assignment = Vec::with_capacity(files.len());
        for f in files {
            let key = self.combination(f);
            let index = match by_key.get(&key) {
                Some(&i) => i,
                None => {
                    let mut set = self.take_or_compile(&key)?;
                    apply_selection(&mut set, sel);
                    sets.push(Arc::new(set));
                    by_key.insert(key, sets.len() - 1);
                    sets.len() - 1
                }
            };
            assignment.push(index);
        }
        if sets.is_empty() {
            let mut set = self.take_or_compile(&[])?;
            apply_selection(&mut set, sel);
            sets.push(Arc::new(set));
        }
        Ok(Plan { sets, assignment })
    }

    /// The rule set for files no override matches (for `jxlint rules` and `explain`).
    pub fn base_set(&self) -> Result<RuleSet> {
        self.take_or_compile(&[])
    }

    /// `--select`/`--ignore` must name rules that exist; the error says which does not.
    pub fn check_selection(&self, sel: &Selection) -> std::result::Result<(), String> {
        let ids: Vec<&str> = self.rules.iter().map(|d| d.id.get_ref().as_str()).collect();
        for id in sel.select.iter().chain(&sel.ignore) {
            if !ids.contains(&id.as_str()) {
                let hint = crate::util::did_you_mean(id, &ids).map(|s| format!("，是不是 `{s}`？")).unwrap_or_default();
                return Err(format!("未知的规则 `{id}`{hint}（`jxlint rules` 列出全部规则）"));
            }
        }
        Ok(())
    }

    /// The configuration file's text (for rendering findings on it).
    pub fn text(&self) -> Option<&str> {
        self.user.map(|u| self.map.get(u).text.as_str())
    }
}

/// `--select` keeps only the listed rules, `--ignore` drops rules; both narrow what the
/// configuration enabled for each file and never turn on a rule it turned off there.
pub fn apply_selection(set: &mut RuleSet, sel: &Selection) {
    for r in &mut set.rules {
        if (!sel.select.is_empty() && !sel.select.contains(&r.meta.id)) || sel.ignore.contains(&r.meta.id) {
            r.enabled = false;
        }
    }
}

/// One `files` pattern, compiled as every glob in the configuration is.
fn glob(pattern: &str) -> std::result::Result<globset::Glob, globset::Error> {
    GlobBuilder::new(&normalize_glob(pattern)).literal_separator(true).build()
}

/// An override's changes as comparable text, without the source positions that `Debug`
/// prints for every `Spanned` value: two overrides with equal keys change rules alike.
fn content_key(rules: &[(String, RuleOverride)]) -> String {
    const OPEN: &str = "Spanned { span: ";
    let debug = format!("{rules:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    // Outside string literals (the values hold no `char`, whose `'"'` would confuse this),
    // `Spanned { span: 12..34, ` loses its digits.
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if !in_string && rest.starts_with(OPEN) {
            out.push_str(OPEN);
            rest = rest[OPEN.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            continue;
        }
        let mut len = c.len_utf8();
        if in_string && c == '\\' {
            // An escape: the next character is part of it, a quote included.
            len += rest[1..].chars().next().map_or(0, char::len_utf8);
        } else if c == '"' {
            in_string = !in_string;
        }
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// Gitignore-like: a pattern without `/` matches a file name in any folder; a trailing `/`
/// means everything below that folder.
fn normalize_glob(g: &str) -> String {
    let g = g.trim_start_matches("./");
    if g.ends_with('/') {
        format!("{g}**")
    } else if !g.contains('/') {
        format!("**/{g}")
    } else {
        g.to_owned()
    }
}

fn glob_reason(e: &globset::Error) -> String {
    use globset::ErrorKind as K;
    match e.kind() {
        K::UnclosedClass => "方括号 [ 没有闭合".to_owned(),
        K::InvalidRange(a, b) => format!("字符范围 {a}-{b} 无效"),
        K::UnopenedAlternates => "多了一个 }".to_owned(),
        K::UnclosedAlternates => "花括号 { 没有闭合".to_owned(),
        K::NestedAlternates => "花括号不能嵌套".to_owned(),
        K::DanglingEscape => "末尾的 \\ 没有转义任何字符".to_owned(),
        K::InvalidRecursive => "** 只能单独作为一层路径（如 a/**/b）".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn override_section(glob: &str, body: &str) -> String {
        format!("[[override]]\nfiles = [{glob}]\n[override.rules.typo]\n{body}\n")
    }

    fn plan_of(config: &str, files: &[String]) -> Plan {
        let root = Path::new("/报告");
        let cfg = Config::from_text(Path::new("jxlint.toml"), config, root).unwrap();
        let paths: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        cfg.plan(&refs, &Selection::default()).unwrap()
    }

    fn typo_severity(plan: &Plan, file: usize) -> Severity {
        plan.sets[plan.assignment[file]].meta("typo").unwrap().severity
    }

    #[test]
    fn overrides_with_the_same_changes_share_one_rule_set() {
        let mut config: String =
            (0..300).map(|i| override_section(&format!("\"区县{i}/**\""), "severity = \"error\"")).collect();
        config.push_str(&override_section("\"其他/**\"", "severity = \"info\""));
        let mut files: Vec<String> = (0..300).map(|i| format!("区县{i}/a.txt")).collect();
        files.extend(["b.txt".to_owned(), "其他/c.txt".to_owned()]);
        let plan = plan_of(&config, &files);
        // 300 sections saying the same thing are one set, not 300.
        assert_eq!(plan.sets.len(), 3);
        assert!(plan.assignment[..300].iter().all(|&s| s == plan.assignment[0]));
        assert_eq!(typo_severity(&plan, 0), Severity::Error);
        assert_eq!(typo_severity(&plan, 300), Severity::Warning);
        assert_eq!(typo_severity(&plan, 301), Severity::Info);
    }

    #[test]
    fn only_the_combinations_files_use_are_compiled() {
        let config: String =
            (0..50).map(|i| override_section(&format!("\"d{i}/**\""), &format!("message = \"错字{i}\""))).collect();
        let plan = plan_of(&config, &["d7/a.txt".to_owned(), "d7/b.txt".to_owned()]);
        assert_eq!(plan.sets.len(), 1);
        assert_eq!(plan.sets[0].meta("typo").unwrap().message, "错字7");
    }

    #[test]
    fn one_glob_set_finds_every_override_in_file_order() {
        let config = [
            override_section("\"*.md\", \"区县/**\"", "severity = \"info\""),
            "[[override]]\nfiles = [\"区县/**\"]\n".to_owned(),
            override_section("\"区县/乙/*\"", "severity = \"error\""),
        ]
        .concat();
        let cfg = Config::from_text(Path::new("jxlint.toml"), &config, Path::new("/r")).unwrap();
        assert_eq!(cfg.overrides_for(Path::new("/r/区县/乙/a.md")), [0, 1, 2]);
        assert_eq!(cfg.overrides_for(Path::new("/r/a.md")), [0]);
        assert!(cfg.overrides_for(Path::new("/r/a.txt")).is_empty());
        let plan = plan_of(&config, &["区县/乙/a.md".to_owned(), "区县/a.txt".to_owned()]);
        assert_eq!(typo_severity(&plan, 0), Severity::Error, "the later override wins");
        assert_eq!(typo_severity(&plan, 1), Severity::Info);
    }

    #[test]
    fn content_keys_ignore_source_positions_only() {
        let parse = |text: &str| {
            let file: ConfigFile = toml::from_str(text).unwrap();
            let o = &file.overrides[0];
            content_key(&o.rules.iter().map(|(id, r)| (id.get_ref().clone(), r.clone())).collect::<Vec<_>>())
        };
        let a = parse(&override_section("\"a/**\"", "severity = \"error\""));
        let b = parse(&format!("\n\n{}", override_section("\"bbbb/**\"", "severity = \"error\"")));
        let c = parse(&override_section("\"a/**\"", "severity = \"info\""));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(!a.contains("span: 1") && !a.contains("span: 2"), "{a}");
    }
}
