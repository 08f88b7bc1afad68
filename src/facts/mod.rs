//! facts: labelled quantities. A fact (`budget`, `project_count` …) is defined in TOML by
//! label patterns; [`FactSet::extract`] finds the statements of it in one report.
//!
//! A statement is usually one quantity (`项目8个`). It can also be derived by the text
//! itself: `年初安排7个项目……追加1个项目` states 8 projects through a base and additions.

use crate::parse::{Quantity, Report, Span};
pub mod def;

use crate::util::pattern::{regex, regex_set};
pub use def::{FactDef, FactError};
use regex::{Regex, RegexSet};
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactUnit {
    Money,
    Rate,
    Count,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    First,
    Last,
    All,
}

#[derive(Debug)]
pub struct CompiledFact {
    pub name: String,
    pub description: String,
    pub unit: FactUnit,
    exclude: RegexSet,
    context: Option<Regex>,
    bases: RegexSet,
    additions: RegexSet,
    reductions: RegexSet,
    section: Option<Regex>,
    max_paren_depth: Option<u8>,
    occurrence: Occurrence,
}

/// One place where a report states a fact.
#[derive(Debug, Clone)]
pub struct Statement {
    pub value: Decimal,
    /// The quantities involved: one, or the base and its additions/reductions.
    pub quantities: Vec<usize>,
    /// Where to point: the quantity, or from the base to the last addition.
    pub span: Span,
    /// For derived statements, the arithmetic as written (`7+1`).
    pub derivation: Option<String>,
}

#[derive(Debug, Default)]
pub struct FactSet {
    pub facts: Vec<CompiledFact>,
    /// Every fact's `labels`, then every fact's `nouns`, as one set, with the fact each
    /// pattern belongs to: one search per quantity answers for all facts, where one search
    /// per fact and quantity was a tenth of a folder check.
    about: RegexSet,
    about_owner: Vec<Pattern>,
}

/// Whose pattern an index of [`FactSet::about`] is, and what it reads.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    Label(usize),
    Noun(usize),
}

/// The statements of each fact in one report, in document order.
#[derive(Debug, Default)]
pub struct Facts {
    by_name: HashMap<String, Vec<Statement>>,
}

impl Facts {
    pub fn get(&self, name: &str) -> &[Statement] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The value most statements agree on (ties: the one stated first), with its statement.
    ///
    /// One pass with a count per value: linear in the number of statements (a report with
    /// a hundred thousand statements of one fact must not compare each with every other).
    pub fn consensus(&self, name: &str) -> Option<&Statement> {
        let st = self.get(name);
        let mut counts: HashMap<Decimal, usize> = HashMap::new();
        for s in st {
            *counts.entry(s.value.normalize()).or_default() += 1;
        }
        let mut best: Option<(&Statement, usize)> = None;
        for s in st {
            let n = counts.get(&s.value.normalize()).copied().unwrap_or(0);
            if best.is_none_or(|(_, bn)| n > bn) {
                best = Some((s, n));
            }
        }
        best.map(|(s, _)| s)
    }
}

impl FactSet {
    pub fn compile(defs: &[FactDef]) -> Result<FactSet, FactError> {
        let mut facts: Vec<CompiledFact> = Vec::new();
        for d in defs {
            let name = d.name.get_ref();
            if facts.iter().any(|f| f.name == *name) {
                return Err(FactError::new(d.name.span(), format!("事实 `{name}` 重复定义")));
            }
            let unit = match d.unit.get_ref().as_str() {
                "money" => FactUnit::Money,
                "rate" => FactUnit::Rate,
                "count" => FactUnit::Count,
                "any" => FactUnit::Any,
                other => {
                    return Err(FactError::new(d.unit.span(), format!("未知的单位类型 `{other}`"))
                        .with_help("可选：money（金额）、rate（比率）、count（数量）、any"))
                }
            };
            let occurrence = match d.occurrence.get_ref().as_str() {
                "first" => Occurrence::First,
                "last" => Occurrence::Last,
                "all" => Occurrence::All,
                other => {
                    return Err(FactError::new(d.occurrence.span(), format!("未知的取值方式 `{other}`"))
                        .with_help("可选：first（第一次出现）、last（最后一次）、all（全部）"))
                }
            };
            if d.labels.is_empty() && d.nouns.is_empty() {
                return Err(FactError::new(d.name.span(), format!("事实 `{name}` 需要 `labels` 或 `nouns`")));
            }
            facts.push(CompiledFact {
                name: name.clone(),
                description: d.description.clone(),
                unit,
                exclude: regex_set(&d.exclude)?,
                context: d.context.as_ref().map(regex).transpose()?,
                bases: regex_set(&d.bases)?,
                additions: regex_set(&d.additions)?,
                reductions: regex_set(&d.reductions)?,
                section: d.section.as_ref().map(regex).transpose()?,
                max_paren_depth: d.max_paren_depth,
                occurrence,
            });
        }
        let mut patterns = Vec::new();
        let mut about_owner = Vec::new();
        for (i, d) in defs.iter().enumerate() {
            patterns.extend(d.labels.iter().cloned());
            about_owner.extend(d.labels.iter().map(|_| Pattern::Label(i)));
        }
        for (i, d) in defs.iter().enumerate() {
            patterns.extend(d.nouns.iter().cloned());
            about_owner.extend(d.nouns.iter().map(|_| Pattern::Noun(i)));
        }
        Ok(FactSet { facts, about: regex_set(&patterns)?, about_owner })
    }

    pub fn get(&self, name: &str) -> Option<&CompiledFact> {
        self.facts.iter().find(|f| f.name == name)
    }

    pub fn extract(&self, report: &Report) -> Facts {
        let hits = self.label_hits(report);
        let by_name = self
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), f.statements(report, &|q| hits[q * self.facts.len() + i])))
            .collect();
        Facts { by_name }
    }

    /// For each quantity and fact (row-major): whether the quantity's label matches one of
    /// the fact's `labels` or its noun one of the fact's `nouns`.
    fn label_hits(&self, report: &Report) -> Vec<bool> {
        let n = self.facts.len();
        let mut hits = vec![false; report.quantities.len() * n];
        for (q, quantity) in report.quantities.iter().enumerate() {
            if !self.facts.iter().any(|f| f.may_be_about(quantity)) {
                continue;
            }
            for (text, want_label) in [(report.slice(&quantity.label()), true), (report.slice(&quantity.noun()), false)]
            {
                for p in self.about.matches(text).iter() {
                    match self.about_owner[p] {
                        Pattern::Label(f) if want_label => hits[q * n + f] = true,
                        Pattern::Noun(f) if !want_label => hits[q * n + f] = true,
                        _ => {}
                    }
                }
            }
        }
        hits
    }
}

impl CompiledFact {
    /// Whether the quantity's unit, comparator and depth allow it to state this fact.
    fn may_be_about(&self, q: &Quantity) -> bool {
        if q.in_range() || q.comparator().is_some() {
            return false;
        }
        let unit_ok = match self.unit {
            FactUnit::Money => q.unit.is_money(),
            FactUnit::Rate => q.unit.is_rate(),
            FactUnit::Count => q.unit.is_count(),
            FactUnit::Any => true,
        };
        unit_ok && self.max_paren_depth.is_none_or(|d| q.paren_depth <= d)
    }

    /// Unit, depth, label/noun (`hit`, from [`FactSet::label_hits`]) and context match,
    /// ignoring `exclude`. `context` remembers the last sentence's context match: a
    /// sentence is matched once, not once per quantity in it, so a sentence of a million
    /// numbers stays linear.
    fn is_about(&self, report: &Report, q: &Quantity, hit: bool, context: &mut Option<(usize, bool)>) -> bool {
        if !(hit && self.may_be_about(q) && self.in_section(report, q)) {
            return false;
        }
        let Some(re) = &self.context else { return true };
        let sentence = q.sentence();
        match *context {
            Some((s, m)) if s == sentence => m,
            _ => {
                let m = report.sentences.get(sentence).is_some_and(|s| re.is_match(report.slice(&s.span())));
                *context = Some((sentence, m));
                m
            }
        }
    }

    /// The quantity's section, or one of its ancestors, has a title matching `section`.
    fn in_section(&self, report: &Report, q: &Quantity) -> bool {
        let Some(re) = &self.section else { return true };
        let mut s = Some(report.lines[q.line()].section());
        while let Some(i) = s {
            if re.is_match(report.section_title(i)) {
                return true;
            }
            s = report.sections[i].parent();
        }
        false
    }

    fn excluded(&self, report: &Report, q: &Quantity) -> bool {
        let label = report.slice(&q.label());
        let noun = report.slice(&q.noun());
        any_match(&self.exclude, label) || any_match(&self.exclude, noun)
    }

    /// The statements of this fact; `label_hit(i)` says whether quantity `i`'s label or
    /// noun matches the fact's patterns.
    fn statements(&self, report: &Report, label_hit: &dyn Fn(usize) -> bool) -> Vec<Statement> {
        let mut out = Vec::new();
        // Base quantity waiting for its additions: (statement, sentence).
        let mut pending: Option<(Statement, usize)> = None;
        let mut context = None;
        for (i, q) in report.quantities.iter().enumerate() {
            if !self.is_about(report, q, label_hit(i), &mut context) {
                continue;
            }
            let label = report.slice(&q.label());
            if let Some((base, sentence)) = pending.as_mut() {
                if *sentence == q.sentence() {
                    let add = any_match(&self.additions, label);
                    let sub = any_match(&self.reductions, label);
                    if add || sub {
                        base.value = if add { base.value + q.value } else { base.value - q.value };
                        base.quantities.push(i);
                        base.span.end = q.span().end;
                        if let Some(d) = base.derivation.as_mut() {
                            d.push(if add { '+' } else { '-' });
                            d.push_str(&q.value.normalize().to_string());
                        }
                        continue;
                    }
                } else {
                    flush(&mut pending, &mut out);
                }
            }
            if any_match(&self.bases, label) {
                flush(&mut pending, &mut out);
                let st = Statement {
                    value: q.value,
                    quantities: vec![i],
                    span: q.span(),
                    derivation: Some(q.value.normalize().to_string()),
                };
                pending = Some((st, q.sentence()));
                continue;
            }
            // A change (追加1个) without a base in its sentence is not a statement of the total.
            let is_change = any_match(&self.additions, label) || any_match(&self.reductions, label);
            if is_change || self.excluded(report, q) {
                continue;
            }
            out.push(Statement { value: q.value, quantities: vec![i], span: q.span(), derivation: None });
        }
        flush(&mut pending, &mut out);
        out.sort_by_key(|s| s.span.start);
        match self.occurrence {
            Occurrence::First => out.truncate(1),
            Occurrence::Last => out = out.pop().into_iter().collect(),
            Occurrence::All => {}
        }
        // Grown by doubling, and kept for the whole check beside every other fact's.
        out.shrink_to_fit();
        out
    }
}

/// `set.is_match(text)`, without the search an empty set still costs (most facts have no
/// bases, additions or reductions, and this runs for every quantity a fact is about).
fn any_match(set: &RegexSet, text: &str) -> bool {
    !set.is_empty() && set.is_match(text)
}

/// A base with additions becomes a derived statement; a base alone states nothing about
/// the total (年初7个 is the count at the start of the year).
fn flush(pending: &mut Option<(Statement, usize)>, out: &mut Vec<Statement>) {
    if let Some((st, _)) = pending.take() {
        if st.quantities.len() > 1 {
            out.push(st);
        }
    }
}
