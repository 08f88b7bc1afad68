//! parse: decoded text → [`Report`] model.
//!
//! The pest grammar (`grammar/report.pest`) recognises lines, headings and inline tokens;
//! [`scan`] finds where the grammar can match; [`number_token`] and [`heading_mark`] match
//! its commonest tokens and heading marks by hand; [`build`] turns pairs into owned model data; [`outline`] builds the section tree;
//! [`text`] splits sentences and attaches labels to quantities.

pub mod build;
pub mod comparator;
pub mod fold;
pub mod grammar;
pub mod heading_mark;
pub mod key_values;
pub mod list_units;
pub mod model;
pub mod number;
pub mod number_token;
pub mod outline;
pub mod scan;
pub mod table;
pub mod text;
pub mod wrap;

pub use model::*;

/// Texts at least this long are read and analysed on all threads (the tables in pieces, the
/// facts beside the relations, the rates in pieces, the rules side by side), their results
/// put together in the order one thread gives; below it the threads would cost more than
/// they save, and a folder check already gives each thread its own files.
pub const PARALLEL_BYTES: usize = 1 << 20;

/// Parses a report. Never fails: text the grammar does not recognise is kept as plain text.
/// Traditional characters are read as simplified ([`fold`]); offsets are unchanged.
pub fn parse(text: &str) -> Report {
    build::build(&fold::simplified(text))
}

#[cfg(test)]
mod tests;
