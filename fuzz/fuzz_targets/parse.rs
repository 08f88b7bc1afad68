//! The report parser's fast path against its definition: `parse::parse` scans lines and
//! plain text by hand and runs the grammar only where a token or heading can begin;
//! `build_reference` runs the grammar's `report` rule alone. Both must build the same model
//! on any text, and every span in it must lie on char boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let fast = jxlint::parse::parse(text);
    let reference = jxlint::parse::build::build_reference(text).expect("the grammar accepts any text");
    assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
    let ok = |s: &std::ops::Range<usize>| s.start <= s.end && text.get(s.clone()).is_some();
    assert!(fast.lines.iter().all(|l| ok(&l.span()) && ok(&l.content())));
    assert!(fast.quantities.iter().all(|q| ok(&q.span()) && ok(&q.number_span()) && ok(&q.label()) && ok(&q.noun())));
    assert!(fast.headings.iter().all(|h| ok(&h.span()) && ok(&h.mark()) && ok(&h.title())));
    assert!(fast.sentences.iter().all(|s| ok(&s.span())));
});
