//! The file decoder on arbitrary bytes: encoding detection, BOMs, GB18030 fallback and the
//! error messages that quote a position in the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok((text, encoding)) = jxlint::load::decode(bytes) {
        // What `--fix` would write back must decode to the same text.
        let again = encoding.encode(&text);
        if let Ok((round, _)) = jxlint::load::decode(&again) {
            assert_eq!(round, text, "{} round trip", encoding.name());
        }
    }
});
