//! Sentences, and the label and noun of every quantity.

use super::model::*;
use crate::util::pieces::ranges;

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
    split_sentences_in(report, pieces(report));
}

/// How many pieces a pass over a report's lines or quantities is cut into: one on a short
/// report ([`crate::util::pieces::for_threads`] on a long one, where a sentence's brackets
/// read again from its beginning by a piece that starts inside it stay linear).
fn pieces(report: &Report) -> usize {
    if report.text.len() >= super::PARALLEL_BYTES {
        crate::util::pieces::for_threads()
    } else {
        1
    }
}

/// [`split_sentences`] with the lines read in `pieces` pieces side by side: a sentence never
/// crosses a line, so the pieces' sentences, in order, are those of one pass.
fn split_sentences_in(report: &mut Report, pieces: usize) {
    let of_lines = |lines: std::ops::Range<usize>| {
        let mut sentences = Vec::new();
        for li in lines {
            let line = &report.lines[li];
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
        sentences
    };
    let parts = ranges(report.lines.len(), pieces);
    let mut sentences = if parts.len() <= 1 {
        of_lines(0..report.lines.len())
    } else {
        use rayon::prelude::*;
        let found: Vec<Vec<Sentence>> = parts.into_par_iter().map(of_lines).collect();
        // Sized once: no growth slack, and no doubling copies of a vector of millions.
        let mut all = Vec::with_capacity(found.iter().map(Vec::len).sum());
        for piece in found {
            all.extend(piece);
        }
        all
    };
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
    attach_labels_in(report, pieces(report));
}

/// [`attach_labels`] with the quantities read in `pieces` pieces side by side: each
/// quantity's context depends only on the text, the sentences and its neighbours' spans.
fn attach_labels_in(report: &mut Report, pieces: usize) {
    let Report { text, sentences, quantities, .. } = report;
    let (text, sentences) = (text.as_str(), sentences.as_slice());
    let parts = ranges(quantities.len(), pieces);
    if parts.len() <= 1 {
        attach_in(text, sentences, 0, (None, None), quantities);
        return;
    }
    // Each piece's neighbours outside it: the end of the quantity before it and the start
    // of the one after it, read before any piece is written.
    let edges: Vec<(Option<usize>, Option<usize>)> = parts
        .iter()
        .map(|r| {
            let before = r.start.checked_sub(1).map(|p| quantities[p].span().end);
            (before, quantities.get(r.end).map(|n| n.span().start))
        })
        .collect();
    use rayon::prelude::*;
    let mut rest = quantities.as_mut_slice();
    let mut pieces = Vec::with_capacity(parts.len());
    for (r, edges) in parts.iter().zip(edges) {
        let (piece, after) = rest.split_at_mut(r.len());
        pieces.push((r.start, edges, piece));
        rest = after;
    }
    pieces.into_par_iter().for_each(|(first, edges, piece)| attach_in(text, sentences, first, edges, piece));
}

/// Fills the context of `quantities`, which are the report's from index `first` on; `edges`
/// are the end of the quantity before them and the start of the one after them, if any.
fn attach_in(
    text: &str,
    sentences: &[Sentence],
    first: usize,
    edges: (Option<usize>, Option<usize>),
    quantities: &mut [Quantity],
) {
    // The sentence of the first quantity: the first that ends after it starts (the last
    // when none does), as one pass from the report's first quantity would find it.
    let mut si = match (first, quantities.first()) {
        (1.., Some(q)) => {
            let at = q.span().start;
            sentences.partition_point(|s| s.span().end <= at).min(sentences.len().saturating_sub(1))
        }
        _ => 0,
    };
    // Parenthesis depth is carried from one quantity to the next in the same sentence, so a
    // sentence with thousands of numbers (one huge line) is scanned once, not once per number.
    let mut depth_from = (usize::MAX, 0usize, 0i32); // (sentence start, scanned up to, depth)
    for k in 0..quantities.len() {
        let q_span = quantities[k].span();
        let at = q_span.start;
        while si + 1 < sentences.len() && sentences[si].span().end <= at {
            si += 1;
        }
        let sentence = &sentences.get(si).map_or(at..at, |s| s.span());
        let sent_start = sentence.start.min(at);
        // The label starts after the previous quantity in the same sentence, or the last
        // clause boundary, whichever is later.
        let prev = if k > 0 { Some(quantities[k - 1].span().end) } else { edges.0 };
        let prev_end = match prev {
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
        let next = quantities.get(k + 1).map(|n| n.span().start).or(edges.1);
        let next_start = next.map_or(sentence.end.max(q_span.end), |n| n).max(q_span.end);
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
        quantities[k].set_context(si, &label, &noun, depth);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences and quantity contexts read in pieces side by side are those of one pass,
    /// whatever the cut: pieces that start inside a sentence, inside brackets, after a line
    /// with no quantity or right after a quantity with no clause boundary between them, or
    /// hold a single quantity.
    #[test]
    fn sentences_and_labels_read_in_pieces_are_those_of_one_pass() {
        let text = [
            include_str!("../../fixtures/clean-agriculture.txt"),
            include_str!("../../fixtures/department-natural-resources.txt"),
            include_str!("../../fixtures/project-county-road.txt"),
            "（一）资金（其中中央1万元，省级2万元（含追加3万元），市级4万元）合计10万元。\n\n\
             完成率100%！“达到95%。”项目5个、6个、7个，共18个。支出3万元4万元5万元（6万元7万元）8万元。",
        ]
        .join("\n");
        let one = crate::parse::parse(&text);
        assert!(one.quantities.len() > 50 && one.sentences.len() > 50);
        let shown = |r: &Report| format!("{:?}\n{:?}", r.sentences, r.quantities);
        for pieces in (2..=one.quantities.len() + 1).step_by(3) {
            let mut r = one.clone();
            r.sentences.clear();
            for q in &mut r.quantities {
                q.set_context(0, &(0..0), &(0..0), 0);
            }
            split_sentences_in(&mut r, pieces);
            attach_labels_in(&mut r, pieces);
            assert_eq!(shown(&r), shown(&one), "{pieces} pieces");
        }
    }
}
