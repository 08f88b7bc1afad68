//! `github`: GitHub Actions workflow commands, one per finding, which the runner turns into
//! annotations on the pull request's changed lines:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule-id::message`.
//!
//! Escaping follows the Actions toolkit (`@actions/core` `issueCommand`): in the message
//! control characters are shown as visible stand-ins, then `%`, `\r` and `\n` are
//! percent-encoded; in property values `:` and `,` are too, since
//! they delimit the properties.

use super::Located;
use crate::diagnostics::Severity;
use std::fmt::Write;

/// Any run of findings; one file at a time when streamed (see [`super`]).
pub fn render(diags: &[Located]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\n建议：");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&d.rule),
            escape_data(&message)
        );
    }
    out
}

/// Control characters from the report (`\x1b[31m`, `\x07`) are shown, not sent: the runner
/// prints the message into the job's log, which a terminal renders
/// ([`super::terminal::escape`]); then the toolkit's own encoding.
fn escape_data(s: &str) -> String {
    super::terminal::escape(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50%\n下一行"), "50%25%0A下一行");
        // Control characters are shown, a lone \r included; none reaches the log.
        assert_eq!(escape_data("标题\x1b[31m红\x07\r"), "标题␛[31m红␇␍");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
