//! `jxlint lsp`: hands stdin/stdout to the language server in `jxlint::lsp`.

use super::args::LspArgs;
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use jxlint::lsp::{ConfigSource, Options};

pub fn run(args: &LspArgs) -> u8 {
    let options = Options { config: ConfigSource { explicit: args.config.clone(), root: None }, ..Options::default() };
    match jxlint::lsp::run_stdio(options) {
        Ok(true) => EXIT_OK,
        // The protocol asks for exit code 1 when the client exits without `shutdown`.
        Ok(false) => EXIT_FINDINGS,
        Err(message) => {
            eprintln!("jxlint: {message}");
            EXIT_ERROR
        }
    }
}
