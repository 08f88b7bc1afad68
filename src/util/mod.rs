//! util: the bottom layer, below `load`. Helpers every layer may use and that know nothing
//! of reports or rules: configured regexes with errors that point into the TOML, a
//! did-you-mean, spanned values, the TOML table kept as written, and the cut of a long pass
//! into pieces for the threads.

pub mod pattern;
pub mod pieces;
pub mod spanned;
pub mod toml_table;

pub use pattern::{did_you_mean, PatternError};
pub use spanned::Spanned;
