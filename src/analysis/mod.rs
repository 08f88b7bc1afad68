//! analysis: everything derived from a parsed report that more than one rule reads,
//! computed once per report and passed to every rule (`rules::Context::analysis`).
//!
//! Architecture invariant: no rule rebuilds shared state. A model that two rules need
//! (the named facts, the indicator tables, the numeric relations) is built here, once,
//! by [`Analysis::new`]; the CLI, the language server and `--fix` all reach it through
//! `RuleSet::check`.

pub mod relations;
/// The prose relation finder (`numeric/`); sums live in `numeric/sums.rs`.
#[path = "numeric/sums.rs"]
pub mod sums;
pub mod table_model;

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
}

/// The wording the relation finders read: data from the rule file's numeric kinds,
/// compiled once with the rule set (`RuleSet::vocabulary`).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// From the first enabled `sum` rule; no prose sums are looked for without one.
    pub sums: Option<sums::SumVocab>,
}

impl Analysis {
    pub fn new(report: &Report, fact_set: &FactSet, vocabulary: &Vocabulary) -> Analysis {
        let facts = fact_set.extract(report);
        let tables = table_model::indicator_tables(report);
        let mut relations = Relations::default();
        if let Some(v) = &vocabulary.sums {
            sums::relations(report, v, &mut relations.sums);
        }
        Analysis { facts, tables, relations }
    }
}
