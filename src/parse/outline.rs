//! The section tree, built from headings by nesting rank.
//!
//! A heading written in the wrong style (the seed's `1、 部门整体概况` among `二、 三、 四、`)
//! would otherwise nest wrongly and swallow its siblings; [`effective_style`] infers the
//! style its position calls for, and the tree is built from that.

use super::model::*;

/// The style a heading's position calls for. A heading of style S with ordinal n stands in
/// for an outer style T when the T-sequence has a gap exactly at n around it: the next T
/// heading is n+1, the previous T heading is n-1 (or there is none and n = 1), and no
/// other S heading sits between that previous T heading and this one. After the last T
/// heading the gap is its end: `4、` after `三、` with no `四、` to come continues it,
/// unless it continues its own style's sequence (`3、` came before it, numbered across
/// sections).
pub fn effective_styles(headings: &[Heading]) -> Vec<NumberStyle> {
    const STYLES: [NumberStyle; 7] = [
        NumberStyle::Chapter,
        NumberStyle::CnComma,
        NumberStyle::CnParen,
        NumberStyle::ArabicComma,
        NumberStyle::Decimal,
        NumberStyle::ArabicParen,
        NumberStyle::Circled,
    ];
    // Positions of each style's headings, for binary searches instead of rescans.
    let by_style: Vec<Vec<usize>> =
        STYLES.iter().map(|s| (0..headings.len()).filter(|&i| headings[i].style == *s).collect()).collect();
    let idx = |s: NumberStyle| STYLES.iter().position(|x| *x == s).unwrap_or(0);

    // Effective styles of the headings already decided, so a heading re-styled to T
    // counts as T's previous heading for the ones after it.
    let mut effective: Vec<NumberStyle> = Vec::with_capacity(headings.len());
    let mut last_effective: Vec<Option<usize>> = vec![None; STYLES.len()];
    for (i, h) in headings.iter().enumerate() {
        let mut style = h.style;
        if h.style != NumberStyle::Decimal {
            let prev_same = last_effective[idx(h.style)];
            for t in STYLES.iter().take_while(|t| t.rank() < h.style.rank()) {
                let list = &by_style[idx(*t)];
                let pos = list.partition_point(|&j| j < i);
                let prev = last_effective[idx(*t)];
                let continues_own = prev_same.is_some_and(|s| headings[s].ordinal + 1 == h.ordinal);
                let prev_ok = match (prev, list.get(pos)) {
                    (_, Some(&next)) if headings[next].ordinal != h.ordinal + 1 => false,
                    (None, next) => next.is_some() && h.ordinal == 1,
                    (Some(p), None) => headings[p].ordinal + 1 == h.ordinal && !continues_own,
                    (Some(p), Some(_)) => headings[p].ordinal + 1 == h.ordinal,
                };
                let no_sibling_between = match (prev, prev_same) {
                    (_, None) => true,
                    (None, Some(_)) => false,
                    (Some(p), Some(s)) => s < p,
                };
                if prev_ok && no_sibling_between {
                    style = *t;
                    break;
                }
            }
        }
        last_effective[idx(style)] = Some(i);
        effective.push(style);
    }
    effective
}

/// Builds [`Report::sections`] and assigns every line and heading to its section.
pub fn build_sections(report: &mut Report) {
    let text_len = report.text.len();
    report.sections.clear();
    // The root and one section per heading.
    report.sections.reserve_exact(report.headings.len() + 1);
    report.sections.push(Section::new(None, None, &(0..text_len), 0));
    // Each section's last child so far, to append the next one (freed when the tree is built).
    let mut last_child: Vec<Option<u32>> = vec![None; report.headings.len() + 1];
    let styles = effective_styles(&report.headings);
    // Stack of (section, rank); the root is never popped.
    let mut stack: Vec<(usize, u16)> = vec![(0, 0)];
    let mut last_line_end = 0;
    for li in 0..report.lines.len() {
        if let LineKind::Heading(h) = report.lines[li].kind {
            let h = h as usize;
            let style = styles[h];
            let rank = 1 + u16::from(style.rank()) * 8 + u16::from(report.headings[h].depth);
            while stack.len() > 1 && stack.last().is_some_and(|&(_, r)| r >= rank) {
                let (done, _) = stack.pop().unwrap_or((0, 0));
                report.sections[done].set_end(last_line_end);
            }
            let parent = stack.last().map_or(0, |&(s, _)| s);
            let id = report.sections.len();
            let depth = report.sections[parent].depth.saturating_add(1);
            report.sections.push(Section::new(
                Some(h),
                Some(parent),
                &(report.lines[li].span().start..text_len),
                depth,
            ));
            report.link_child(parent, last_child[parent].map(|l| l as usize), id);
            last_child[parent] = Some(pos32(id));
            report.headings[h].set_section(id);
            report.headings[h].effective_style = style;
            stack.push((id, rank));
        }
        report.lines[li].set_section(stack.last().map_or(0, |&(s, _)| s));
        if report.lines[li].kind != LineKind::Blank {
            last_line_end = report.lines[li].span().end;
        }
    }
    for (s, _) in stack.into_iter().skip(1) {
        let end = last_line_end.max(report.sections[s].span().start);
        report.sections[s].set_end(end);
    }
}
