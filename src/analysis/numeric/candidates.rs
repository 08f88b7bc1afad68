//! Candidate operands for a stated value: the quantities around it, gathered in widening
//! scopes (clause, sentence, neighbouring sentence, paragraph, section, report), nearest
//! first, with a cap per scope so the work per stated value is bounded whatever the size
//! of the report. Also the role evidence a candidate's wording gives and which units may
//! meet in one relation.
//!
//! Shared by the rate and the sum finders; the API here is kept stable for both.

use crate::parse::text::is_clause_boundary;
use crate::parse::{LineKind, Quantity, Report, Span, Unit};
use regex::Regex;

/// How far a candidate stands from the stated value. Ordered from nearest to widest; going
/// outward from a value in either direction, the scope never narrows (sentences,
/// paragraphs and sections are each contiguous).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Clause,
    Sentence,
    Neighbour,
    Paragraph,
    Section,
    Report,
}

impl Scope {
    /// The scope's name as `dump --relations` and messages show it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Clause => "同一分句",
            Scope::Sentence => "同一句",
            Scope::Neighbour => "相邻句",
            Scope::Paragraph => "同一段",
            Scope::Section => "同一节",
            Scope::Report => "全文",
        }
    }
}

/// Per-report layout the scopes need: which paragraph each line belongs to (consecutive
/// non-blank lines; a heading starts a new one), so a sentence wrapped across lines by a
/// PDF or a web page stays in one paragraph.
#[derive(Debug, Default)]
pub struct Layout {
    paragraph: Vec<usize>,
    /// The indices of the quantities that are amounts of money an operand can be
    /// ([`is_operand`], not a count), ascending.
    money: Vec<usize>,
}

impl Layout {
    pub fn new(report: &Report) -> Layout {
        let mut paragraph = Vec::with_capacity(report.lines.len());
        let mut p = 0;
        let mut open = false;
        for line in &report.lines {
            let starts = match line.kind {
                LineKind::Blank => {
                    open = false;
                    false
                }
                LineKind::Heading(_) | LineKind::Title => true,
                LineKind::Text => !open,
            };
            if starts {
                p += 1;
            }
            if line.kind != LineKind::Blank {
                open = match line.kind {
                    LineKind::Heading(h) => report.headings.get(h as usize).is_some_and(|h| h.body().is_some()),
                    LineKind::Title => false,
                    _ => true,
                };
            }
            paragraph.push(p);
        }
        let money = (0..report.quantities.len())
            .filter(|&i| is_operand(&report.quantities[i]) && !report.quantities[i].unit.is_count())
            .collect();
        Layout { paragraph, money }
    }

    pub fn paragraph(&self, line: usize) -> usize {
        self.paragraph.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The scope of quantity `o` as seen from quantity `q`.
    pub fn scope(&self, report: &Report, q: &Quantity, o: &Quantity) -> Scope {
        if o.sentence() == q.sentence() {
            if same_clause(report, q, o) {
                return Scope::Clause;
            }
            return Scope::Sentence;
        }
        if o.sentence().abs_diff(q.sentence()) == 1 && self.paragraph(o.line()) == self.paragraph(q.line()) {
            return Scope::Neighbour;
        }
        if self.paragraph(o.line()) == self.paragraph(q.line()) {
            return Scope::Paragraph;
        }
        if report.lines[o.line()].section() == report.lines[q.line()].section() {
            return Scope::Section;
        }
        Scope::Report
    }
}

/// No clause boundary between the two quantities.
fn same_clause(report: &Report, a: &Quantity, b: &Quantity) -> bool {
    let (x, y) = if a.span().start <= b.span().start { (a, b) } else { (b, a) };
    if y.span().start < x.span().end {
        return true;
    }
    !report.text[x.span().end..y.span().start].chars().any(is_clause_boundary)
}

/// One candidate operand.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Index into `Report::quantities`.
    pub index: usize,
    pub scope: Scope,
    /// How many quantities lie between it and the stated value (nearest is 1).
    pub distance: usize,
}

/// Caps that keep the gathering bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The widest scope searched.
    pub widest: Scope,
    /// At most this many accepted candidates per scope.
    pub per_scope: usize,
    /// At most this many quantities looked at in each direction.
    pub steps: usize,
    /// What the acceptor can take past the value's section: it is asked about nothing else
    /// there (on a long report most of what lies within `steps` is out of its scope).
    pub beyond_section: Beyond,
}

/// The quantities past a value's section that a gathering's acceptor can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    Any,
    /// Only amounts of money an operand can be (see [`Layout`]).
    Money,
    Nothing,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { widest: Scope::Report, per_scope: 12, steps: 240, beyond_section: Beyond::Any }
    }
}

/// The quantities around quantity `qi` that `accept` takes, nearest first (by scope, then
/// by distance). Work is bounded by `limits.steps` in each direction.
pub fn gather(
    report: &Report,
    layout: &Layout,
    qi: usize,
    limits: Limits,
    accept: &dyn Fn(usize, &Quantity, Scope) -> bool,
) -> Vec<Candidate> {
    let Some(q) = report.quantities.get(qi) else { return Vec::new() };
    let mut per_scope = [0usize; 6];
    let mut out = Vec::new();
    let n = report.quantities.len();
    for dir in [-1isize, 1] {
        let mut j = qi as isize;
        let mut widest_reached = false;
        // Past the section, the next money amount this way (an index into `layout.money`).
        let mut money: Option<usize> = None;
        loop {
            j = match (widest_reached, limits.beyond_section) {
                (true, Beyond::Nothing) => break,
                (true, Beyond::Money) => {
                    let m = *money.get_or_insert_with(|| {
                        // The last one before `j`, or the first one after it.
                        let j = j as usize;
                        if dir < 0 {
                            layout.money.partition_point(|&k| k < j).wrapping_sub(1)
                        } else {
                            layout.money.partition_point(|&k| k <= j)
                        }
                    });
                    let Some(&k) = layout.money.get(m) else { break };
                    money = Some(if dir < 0 { m.wrapping_sub(1) } else { m + 1 });
                    k as isize
                }
                _ => j + dir,
            };
            if j < 0 || j as usize >= n {
                break;
            }
            let step = j.abs_diff(qi as isize);
            if step > limits.steps {
                break;
            }
            let o = &report.quantities[j as usize];
            // Past the rate's section every quantity this way is in the report scope: its
            // lines and paragraphs need not be looked up (on a long report, cache misses).
            let scope = if widest_reached { Scope::Report } else { layout.scope(report, q, o) };
            widest_reached = scope == Scope::Report;
            if scope > limits.widest {
                break;
            }
            // Scopes only widen going outward: once this one and every wider one are full,
            // nothing further this way can be taken.
            if per_scope[scope as usize..=limits.widest as usize].iter().all(|n| *n >= limits.per_scope * 2) {
                break;
            }
            let slot = &mut per_scope[scope as usize];
            if *slot >= limits.per_scope * 2 || !accept(j as usize, o, scope) {
                continue;
            }
            *slot += 1;
            out.push(Candidate { index: j as usize, scope, distance: step });
        }
    }
    // The cap is per scope across both directions: keep the nearest.
    out.sort_by_key(|c| (c.scope, c.distance));
    let mut kept = [0usize; 6];
    out.retain(|c| {
        let k = &mut kept[c.scope as usize];
        *k += 1;
        *k <= limits.per_scope
    });
    out
}

/// A quantity that can be an operand: money or a count, a single value, not a target.
pub fn is_operand(q: &Quantity) -> bool {
    (q.unit.is_money() || q.unit.is_count() || bare_wan(q)) && !q.in_range() && q.comparator().is_none()
}

/// A number with a magnitude and no unit that ends its clause (`支出22.86万，`): money when
/// it meets money. `38.62万公顷` goes on with its own unit and is not.
pub fn bare_wan(q: &Quantity) -> bool {
    q.unit == Unit::None && q.multiplier() > rust_decimal::Decimal::ONE && q.noun().is_empty()
}

/// Money with money; counts with counts of the same measure word (人 and 名 count people
/// alike). 公里, 亩, 人次 never meet money.
pub fn compatible(a: &Quantity, b: &Quantity) -> bool {
    match (a.unit, b.unit) {
        (Unit::Yuan, Unit::Yuan) => true,
        (Unit::Yuan, Unit::None) => bare_wan(b),
        (Unit::None, Unit::Yuan) => bare_wan(a),
        (Unit::Count(x), Unit::Count(y)) => x == y || (people(x.as_str()) && people(y.as_str())),
        _ => false,
    }
}

fn people(w: &str) -> bool {
    matches!(w, "人" | "名")
}

/// How far the clause text around a quantity is read for role words, in characters each
/// way: clauses are short, and the bound keeps one huge unpunctuated line linear.
const CLAUSE_CHARS: usize = 24;

/// The text of the quantity's clause before it (its label, possibly wider than the parser's
/// label: it runs back over other numbers to the clause boundary) and after it.
pub fn clause_around(report: &Report, q: &Quantity) -> (Span, Span) {
    let text = &report.text;
    let line = &report.lines[q.line()];
    let from = line.content().start.min(q.span().start);
    let before = &text[from..q.span().start];
    let mut start = q.span().start;
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        // `年度预算安排：2280.71万元`: a number right after a colon is named before it.
        let colon_first = start == q.span().start && matches!(c, '：' | ':') && before[..i].trim_end().len() == i;
        if n >= CLAUSE_CHARS || (is_clause_boundary(c) && !colon_first) {
            break;
        }
        start = from + i;
    }
    let to = line.content().end.max(q.span().end);
    let after = &text[q.span().end..to];
    let mut end = q.span().end;
    for (n, (i, c)) in after.char_indices().enumerate() {
        if n >= CLAUSE_CHARS || is_clause_boundary(c) {
            break;
        }
        end = q.span().end + i + c.len_utf8();
    }
    // A line wrapped mid-clause (PDF text): the clause goes on at the start of the next line.
    if end == to && !ends_clause(after) {
        if let Some(next) = report.lines.get(q.line() + 1).filter(|l| l.kind == LineKind::Text) {
            let s = &text[next.content()];
            let mut e = next.content().start;
            for (n, (i, c)) in s.char_indices().enumerate() {
                if n >= CLAUSE_CHARS / 2 || is_clause_boundary(c) || c.is_ascii_digit() {
                    break;
                }
                e = next.content().start + i + c.len_utf8();
            }
            if e > next.content().start {
                end = e;
            }
        }
    }
    (start..q.span().start, q.span().end..end)
}

fn ends_clause(s: &str) -> bool {
    s.trim_end().chars().last().is_none_or(is_clause_boundary)
}

/// Text around a quantity with any line breaks removed (a wrapped clause reads whole).
pub fn joined(report: &Report, span: &Span) -> String {
    report.text[span.clone()].chars().filter(|c| *c != '\n' && *c != '\r').collect()
}

/// [`joined`] as a label: the span itself when it is on one line.
pub fn joined_label(report: &Report, span: &Span) -> crate::analysis::relations::Label {
    use crate::analysis::relations::Label;
    if report.text[span.clone()].contains(['\n', '\r']) {
        Label::owned(joined(report, span))
    } else {
        Label::text(span)
    }
}

/// Role words: one regex for the alternation of a configured word list, so the position of
/// the last matching word in a label can be found in one pass.
#[derive(Debug, Clone)]
pub struct Words {
    re: Option<Regex>,
}

impl Words {
    /// Compiles the alternation of `patterns` (each already a valid regex).
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Words, regex::Error> {
        if patterns.is_empty() {
            return Ok(Words { re: None });
        }
        let alt = patterns.iter().map(|p| format!("(?:{})", p.as_ref())).collect::<Vec<_>>().join("|");
        Ok(Words { re: Some(Regex::new(&alt)?) })
    }

    pub fn is_empty(&self) -> bool {
        self.re.is_none()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.re.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// The text with traditional characters read as simplified and line breaks dropped.
pub fn normalise(s: &str) -> String {
    s.chars().filter(|c| *c != '\n' && *c != '\r').map(crate::parse::fold::simplify_char).collect()
}
