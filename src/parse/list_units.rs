//! Units a list leaves out: `行政运行1.36万元；公共法律服务0.84；人民调解0.27万元` — an item
//! written without its unit between items of one money unit is in that unit. Writers drop a
//! repeated unit; they do not switch to bare 元 in the middle of a 万元 list.

use super::model::{Quantity, Report, Unit};

/// Gives a bare number the money unit of the list it stands in: both neighbours (or, for the
/// last item of its sentence, the two items before it) are amounts of one unit in the same
/// sentence and bracket depth, written at the same precision, and every gap between them is
/// a list separator and a label — never a table cell, a range, a target or a score.
pub fn infer(report: &mut Report) {
    let n = report.quantities.len();
    for i in 1..n {
        let q = &report.quantities[i];
        if q.unit != Unit::None || q.comparator().is_some() || q.in_range() || q.chinese() {
            continue;
        }
        if report.lines.get(q.line()).is_some_and(|l| l.table().is_some()) {
            continue;
        }
        let qs = &report.quantities;
        let prev = &qs[i - 1];
        let like = match qs.get(i + 1) {
            Some(next) if next.sentence() == q.sentence() => {
                (alike(prev, next) && prev.scale() == q.scale()).then_some(prev)
            }
            _ => (i >= 2 && alike(&qs[i - 2], prev) && prev.scale() == q.scale() && ends_sentence(report, i))
                .then_some(prev),
        };
        let Some(like) = like else { continue };
        if like.sentence() != q.sentence() || like.paren_depth != q.paren_depth || !listed(report, i) {
            continue;
        }
        let like = like.clone();
        report.quantities[i].take_unit_of(&like);
    }
}

/// Two amounts of one money unit written alike (both 万元), in one sentence and depth.
fn alike(a: &Quantity, b: &Quantity) -> bool {
    a.unit == Unit::Yuan
        && b.unit == Unit::Yuan
        && a.multiplier() == b.multiplier()
        && a.sentence() == b.sentence()
        && a.paren_depth == b.paren_depth
        && a.comparator().is_none()
        && b.comparator().is_none()
}

/// The item after quantity `i` is the end of its sentence.
fn ends_sentence(report: &Report, i: usize) -> bool {
    let q = &report.quantities[i];
    let end = report.sentences.get(q.sentence()).map_or(q.span().end, |s| s.span().end).max(q.span().end);
    report.text.get(q.span().end..end).is_some_and(|rest| rest.chars().all(|c| matches!(c, '。' | '；' | ';' | '.')))
}

/// Quantity `i` is an item of a list: a separator and a label before it, a separator (or
/// the sentence end) right after its digits.
fn listed(report: &Report, i: usize) -> bool {
    const SEPARATORS: &[char] = &['；', ';', '、', '，', ','];
    let qs = &report.quantities;
    let q = &qs[i];
    let before = report.text.get(qs[i - 1].span().end..q.span().start).unwrap_or("");
    let after = report.text.get(q.span().end..).unwrap_or("");
    let label = report.text.get(q.label().clone()).unwrap_or("");
    before.contains(SEPARATORS)
        && label.chars().count() >= 2
        && after.chars().next().is_some_and(|c| SEPARATORS.contains(&c) || matches!(c, '。' | '.'))
}
