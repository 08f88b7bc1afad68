//! HTML escaping. Every byte of report text, path, message and rule text that reaches the
//! page goes through [`text`]: reports are untrusted input.

/// Escapes for element content and for quoted attribute values alike.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push(&mut out, s);
    out
}

/// Appends `s` escaped.
pub fn push(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A NUL or other C0 control is a parse error in HTML; show it as a replacement
            // character rather than let the browser drop or reinterpret it.
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// A rule id as it may appear in a class name or fragment: ids are kebab-case by contract
/// (checked when rules are compiled), but a custom rule file is still untrusted.
pub fn ident(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_quotes_and_ampersands() {
        assert_eq!(
            super::text(r#"<script>alert("x&'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&amp;&#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(super::text("预算\u{0}执行率"), "预算\u{fffd}执行率");
        assert_eq!(super::ident("rate-mismatch"), "rate-mismatch");
        assert_eq!(super::ident("a\"><b"), "a___b");
    }
}
