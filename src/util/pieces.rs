//! Cutting one long pass into pieces for the threads.

use std::ops::Range;

/// How many pieces a long pass is cut into: four per thread, for balance when pieces take
/// unequal time. A fixed number, so that what each piece rereads at its start (a sentence
/// from its beginning, a table it reaches) stays linear in the input.
pub fn for_threads() -> usize {
    rayon::current_num_threads().max(1) * 4
}

/// `0..n` cut into `pieces` nearly equal ranges, in order, none empty (none when `n` is 0).
pub fn ranges(n: usize, pieces: usize) -> Vec<Range<usize>> {
    let pieces = pieces.clamp(1, n.max(1));
    (0..pieces).map(|k| n * k / pieces..n * (k + 1) / pieces).filter(|r| !r.is_empty()).collect()
}

/// `text` cut into about `n` pieces of whole lines (each but the last ends with `\n`).
pub fn lines(text: &str, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n + 1);
    let mut rest = text;
    let size = text.len() / n.max(1) + 1;
    while !rest.is_empty() {
        let cut = match rest.as_bytes().get(size..).and_then(|b| memchr::memchr(b'\n', b)) {
            Some(i) => size + i + 1,
            None => rest.len(),
        };
        let (piece, after) = rest.split_at(cut);
        out.push(piece);
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_index_once_in_order() {
        for n in [0, 1, 2, 7, 100] {
            for pieces in [1, 2, 3, 8, 200] {
                let r = ranges(n, pieces);
                assert!(r.iter().flat_map(Clone::clone).eq(0..n), "{n} in {pieces}: {r:?}");
                assert!(r.len() <= pieces.max(1) && r.iter().all(|r| !r.is_empty()));
            }
        }
    }

    #[test]
    fn lines_are_whole_lines_that_rejoin_to_the_text() {
        let t = "三、评价结果\n县财政局委托，涉\n及资金。\n".repeat(5);
        for n in [1, 2, 3, 7, 100] {
            let p = lines(&t, n);
            assert_eq!(p.concat(), t, "{n} pieces");
            assert!(p.iter().all(|x| x.ends_with('\n')), "{n}: {p:?}");
            assert!(p.len() <= n.max(1) + 1, "{n}: {}", p.len());
        }
        assert_eq!(lines("a\nb", 4).concat(), "a\nb");
        assert!(lines("", 4).is_empty());
    }
}
