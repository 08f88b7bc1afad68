//! The pest parser generated from `grammar/report.pest`.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/report.pest"]
pub struct ReportParser;
