//! Key–value tables: `项目总数 | 4 |`, `开展自评项目数 | 4 |`, `自评覆盖率 | 100% |` — rows of a
//! name and one value, the shape of a small summary table. In prose the words before a
//! number name it; in such a row the cell before it does, across the bar that ends a clause.
//! A bare whole number under a name that counts things (`项目数`, `人数`, `户数`) is that
//! count, as `4个` would be in prose.

use super::build::{count_word, counted_by};
use super::model::{Report, Unit};

/// Names the value of every two-cell table row after its first cell.
pub fn name_values(report: &mut Report) {
    let mut named = Vec::new();
    for table in &report.tables {
        for row in table.rows.iter().filter(|r| !r.header) {
            let cells: Vec<_> = row.cells.iter().filter(|c| !report.text[(*c).clone()].trim().is_empty()).collect();
            let [name, value] = cells.as_slice() else { continue };
            let key = report.text[(*name).clone()].trim();
            if key.is_empty() || key.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let qs = &report.quantities;
            let first = qs.partition_point(|q| q.span().start < value.start);
            let inside = qs[first..].iter().take_while(|q| q.span().start < value.end).count();
            if inside != 1 || report.text[(*value).clone()].trim() != report.text[qs[first].span()].trim() {
                continue;
            }
            let start = name.start + report.text[(*name).clone()].find(key).unwrap_or(0);
            named.push((first, start..start + key.len()));
        }
    }
    for (qi, label) in named {
        let q = &report.quantities[qi];
        let whole = q.unit == Unit::None && q.scale() == 0 && q.comparator().is_none() && !q.in_range();
        let count = whole.then(|| counted_by(&report.text[label.clone()])).flatten().map(count_word);
        report.quantities[qi].set_row_name(&label, count);
    }
}
