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
}
