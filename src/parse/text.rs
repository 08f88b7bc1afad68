//! Sentences, and the label and noun of every quantity.

use super::model::*;

/// Characters that end a sentence. A sentence never crosses a line.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Closing marks that stay with the sentence they close (`……。”`).
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'')
}

/// Characters that end a clause: the label of a quantity never reaches past them.
pub fn is_clause_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '：'
            | ':'
            | '；'
            | ';'
            | '、'
            | '（'
            | '）'
            | '('
            | ')'
            | '“'
            | '”'
            | '《'
            | '》'
            | '。'
            | '！'
            | '？'
            | '!'
            | '?'
            | '|'
            | '\t'
            | '【'
            | '】'
            | '['
            | ']'
    )
}

pub fn split_sentences(report: &mut Report) {
    let mut sentences = Vec::new();
    for (li, line) in report.lines.iter().enumerate() {
        if line.kind == LineKind::Blank {
            continue;
        }
        let s = &report.text[line.content()];
        let base = line.content().start;
        let mut start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if is_sentence_end(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if is_closer(d) || is_sentence_end(d) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                push_sentence(&mut sentences, s, base, start..end, li, line.section());
                start = end;
            }
        }
        push_sentence(&mut sentences, s, base, start..s.len(), li, line.section());
    }
    // Grown by doubling and kept for the whole check: the slack is returned.
    sentences.shrink_to_fit();
    report.sentences = sentences;
}

fn push_sentence(
    out: &mut Vec<Sentence>,
    s: &str,
    base: usize,
    r: std::ops::Range<usize>,
    line: usize,
    section: usize,
) {
    let piece = &s[r.clone()];
    let trimmed = piece.trim_start();
    let start = r.start + (piece.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if end > start {
        out.push(Sentence::new(&(base + start..base + end), line, section));
    }
}

/// Fills each quantity's sentence, label, noun and parenthesis depth.
pub fn attach_labels(report: &mut Report) {
    let text = &report.text;
    let mut si = 0;
    let n = report.quantities.len();
    // Parenthesis depth is carried from one quantity to the next in the same sentence, so a
    // sentence with thousands of numbers (one huge line) is scanned once, not once per number.
    let mut depth_from = (usize::MAX, 0usize, 0i32); // (sentence start, scanned up to, depth)
    for qi in 0..n {
        let q_span = report.quantities[qi].span();
        let at = q_span.start;
        while si + 1 < report.sentences.len() && report.sentences[si].span().end <= at {
            si += 1;
        }
        let sentence = &report.sentences.get(si).map_or(at..at, |s| s.span());
        let sent_start = sentence.start.min(at);
        // The label starts after the previous quantity in the same sentence, or the last
        // clause boundary, whichever is later.
        let prev_end = match qi.checked_sub(1).map(|p| report.quantities[p].span().end) {
            Some(end) if end > sent_start => end.min(at),
            _ => sent_start,
        };
        let before = &text[prev_end..at];
        let label_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| is_clause_boundary(*c))
            .map_or(prev_end, |(i, c)| prev_end + i + c.len_utf8());
        let label = trim(text, label_start..at);
        // The noun runs to the next clause boundary or quantity.
        let next_start =
            report.quantities.get(qi + 1).map_or(sentence.end.max(q_span.end), |n| n.span().start).max(q_span.end);
        let after_end = sentence.end.max(q_span.end).min(next_start);
        let after = &text[q_span.end..after_end];
        let noun_end =
            after.char_indices().find(|(_, c)| is_clause_boundary(*c)).map_or(after_end, |(i, _)| q_span.end + i);
        let noun = trim(text, q_span.end..noun_end);
        let (scan_from, d0) = if depth_from.0 == sent_start && depth_from.1 <= at {
            (depth_from.1, depth_from.2)
        } else {
            (sent_start, 0)
        };
        let d = paren_depth_from(d0, &text[scan_from..at]);
        depth_from = (sent_start, at, d);
        let depth = d.clamp(0, 255) as u8;
        report.quantities[qi].set_context(si, &label, &noun, depth);
    }
}

/// Depth after `s`, starting at depth `d` (closing never goes below zero).
fn paren_depth_from(mut d: i32, s: &str) -> i32 {
    for c in s.chars() {
        match c {
            '（' | '(' => d += 1,
            '）' | ')' => d = (d - 1).max(0),
            _ => {}
        }
    }
    d
}

fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    start..end.max(start)
}
