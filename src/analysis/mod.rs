//! analysis: everything derived from a parsed report that more than one rule reads,
//! computed once per report and passed to every rule (`rules::Context::analysis`).
//!
//! Architecture invariant: no rule rebuilds shared state. A model that two rules need
//! (the named facts, the indicator tables, the numeric relations) is built here, once,
//! by [`Analysis::new`]; the CLI, the language server and `--fix` all reach it through
//! `RuleSet::check`.

pub mod numeric;
pub mod projects;
pub mod relations;
pub mod restatements;
pub mod table_model;
pub mod table_relations;

use crate::facts::{FactSet, Facts};
use crate::parse::Report;
use relations::Relations;
use table_model::IndicatorTable;

/// The shared analysis of one report.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Statements of the named facts (`[[fact]]` in the rule file).
    pub facts: Facts,
    /// The 绩效自评表 read out of the report's tables.
    pub tables: Vec<IndicatorTable>,
    /// Stated rates and totals linked to the operands that explain them.
    pub relations: Relations,
    /// The projects of a file that holds several; statements are compared within one.
    pub projects: projects::Projects,
    /// Values stated again later under the same phrase that agree with no earlier statement.
    pub restatements: Vec<restatements::Restatement>,
}

pub use numeric::Vocabulary;

pub use crate::parse::PARALLEL_BYTES;

/// Whether `report` is long enough to be analysed and checked on all threads.
pub fn uses_threads(report: &Report) -> bool {
    report.text.len() >= PARALLEL_BYTES
}

impl Analysis {
    pub fn new(report: &Report, fact_set: &FactSet, vocabulary: &numeric::Vocabulary) -> Analysis {
        Analysis::with_threads(report, fact_set, vocabulary, uses_threads(report))
    }

    /// [`Analysis::new`], on all threads or on this one: the same analysis either way.
    pub fn with_threads(
        report: &Report,
        fact_set: &FactSet,
        vocabulary: &numeric::Vocabulary,
        threads: bool,
    ) -> Analysis {
        let relations = || {
            let tables = table_model::indicator_tables(report);
            let mut relations = Relations::default();
            numeric::relations(report, vocabulary, threads, &mut relations);
            table_relations::relations(report, &mut relations);
            (tables, relations)
        };
        let (facts, (tables, relations)) = if threads {
            rayon::join(|| fact_set.extract(report), relations)
        } else {
            (fact_set.extract(report), relations())
        };
        let projects = projects::Projects::new(report);
        let restatements = vocabulary
            .restatements
            .as_ref()
            .map(|words| restatements::find(report, words, &projects, &relations, threads))
            .unwrap_or_default();
        Analysis { facts, tables, relations, projects, restatements }
    }
}
