//! Encoding detection: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// Encodes text back into this encoding (used by `--fix` so a file keeps its encoding).
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le => {
                let mut v = vec![0xFF, 0xFE];
                v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                v
            }
            Encoding::Utf16Be => {
                let mut v = vec![0xFE, 0xFF];
                v.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                v
            }
            Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        }
    }
}

/// Why a file could not be read; becomes an `unreadable-file` finding on that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
}

impl LoadError {
    pub fn new(message: impl Into<String>) -> Self {
        LoadError { message: message.into() }
    }

    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在（可能在检查过程中被删除）".to_owned(),
            std::io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
            _ => format!("读取失败：{e}"),
        };
        let _ = path;
        LoadError::new(what)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Decodes a report's bytes, detecting the encoding. A file with nothing but white space
/// (or only a byte-order mark) is refused like an empty one: there is no report to check,
/// and passing it would look like a clean report.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::new(EMPTY));
    }
    not_blank(decode_text(bytes)?)
}

/// The decoded text, unless it is only white space and byte-order marks.
fn not_blank((text, encoding): (String, Encoding)) -> Result<(String, Encoding), LoadError> {
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        return Err(LoadError::new(BLANK));
    }
    Ok((text, encoding))
}

/// [`decode`] of bytes the caller gives up: UTF-8 without a byte-order mark, what most
/// reports are, becomes the text without a copy (a 50 MB report is 50 MB less to allocate,
/// copy and fault in before anything is read).
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, Encoding), LoadError> {
    if bytes.is_empty() || BOMS.iter().any(|b| bytes.starts_with(b)) || looks_binary(&bytes) {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => not_blank((text, Encoding::Utf8)),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Why an empty file is not checked.
pub const EMPTY: &str = "文件为空，没有可检查的内容";
/// Why a file of white space (spaces, line breaks, a byte-order mark) is not checked.
pub const BLANK: &str = "文件只有空白字符（空格、换行或字节序标记），没有可检查的内容";

/// The byte-order marks [`decode_text`] reads: UTF-8, UTF-16 LE, UTF-16 BE.
const BOMS: [&[u8]; 3] = [&[0xEF, 0xBB, 0xBF], &[0xFF, 0xFE], &[0xFE, 0xFF]];

fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), LoadError> {
    if let Some(rest) = bytes.strip_prefix(BOMS[0]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_owned(), Encoding::Utf8Bom)),
            Err(e) => Err(invalid_utf8(rest, e.valid_up_to())),
        };
    }
    if bytes.starts_with(BOMS[1]) || bytes.starts_with(BOMS[2]) {
        let (enc, kind) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, Encoding::Utf16Le)
        } else {
            (encoding_rs::UTF_16BE, Encoding::Utf16Be)
        };
        return match enc.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(s) => Ok((s.into_owned(), kind)),
            None => {
                Err(LoadError::new(format!("文件以 {} 字节序标记开头，但内容不是有效的 {}", kind.name(), kind.name())))
            }
        };
    }
    if looks_binary(bytes) {
        return Err(LoadError::new("这是一个二进制文件，不是文本报告"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), Encoding::Utf8)),
        Err(e) => {
            let valid_up_to = e.valid_up_to();
            // Text that decodes as GB18030 without a single error is taken as GB18030, however
            // unusual its characters: rejecting it would refuse a real report (a table of ㎡
            // and ℃) on a guess. When the guess is doubtful, `gb18030_doubt` says so.
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) => Ok((s.into_owned(), Encoding::Gb18030)),
                None => Err(invalid_utf8(bytes, valid_up_to)),
            }
        }
    }
}

fn invalid_utf8(bytes: &[u8], valid_up_to: usize) -> LoadError {
    let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = prefix.matches('\n').count() + 1;
    let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    LoadError::new(format!(
        "无法识别文件编码：第{line}行第{col}列（字节偏移 {valid_up_to}）起不是有效的 UTF-8，整个文件也不是有效的 GB18030/GBK；请另存为 UTF-8"
    ))
}

/// NUL bytes do not occur in UTF-8 or GB18030 text; a few control characters may.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) || bytes.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    controls * 20 > head.len()
}

/// A note for a text decoded as GB18030 that does not look like Chinese prose, or `None`.
/// GB18030 accepts many byte strings, so a file in another encoding (Big5, Shift-JIS,
/// Latin-1) can decode without error into rare ideographs and symbols; the text is still
/// checked, and the note tells the reader the findings may rest on mojibake.
pub fn gb18030_doubt(text: &str, encoding: Encoding) -> Option<String> {
    if encoding != Encoding::Gb18030 || plausible_chinese_text(text) {
        return None;
    }
    Some("文件按 GB18030 解码，但其中不常用的字符较多，编码可能识别有误；若检查结果中的文字是乱码，请将文件另存为 UTF-8 后再检查".to_owned())
}

/// Real Chinese text is mostly common ideographs, ASCII, CJK punctuation and the symbols
/// GB2312 carries (units such as ㎡ ℃ ‰, Roman numerals, box drawing, shapes, Greek).
/// Text in another encoding read as GB18030 turns into rare ideographs, private-use
/// characters and stray symbols.
fn plausible_chinese_text(s: &str) -> bool {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in s.chars() {
        total += 1;
        let u = c as u32;
        if c.is_ascii() && (!c.is_ascii_control() || c.is_ascii_whitespace())
            || (0x4E00..=0x9FFF).contains(&u)
            || (0x3000..=0x303F).contains(&u)
            || (0xFF00..=0xFFEF).contains(&u)
            || (0x2000..=0x206F).contains(&u)
            || (0x2460..=0x24FF).contains(&u)
            || (0x3200..=0x33FF).contains(&u)
            || (0x2100..=0x22FF).contains(&u)
            || (0x2500..=0x26FF).contains(&u)
            || (0x0391..=0x03C9).contains(&u)
            || matches!(c, '×' | '·' | '÷' | '±' | '°' | '§' | '¤')
        {
            good += 1;
        }
    }
    total > 0 && good * 100 >= total * 95
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let gbk = encoding_rs::GB18030.encode("绩效自评").0.into_owned();
        let inputs: [&[u8]; 9] = [
            b"",
            b" \n\t",
            "\u{FEFF}绩效".as_bytes(),
            "\u{FEFF}\n".as_bytes(),
            &[0xFF, 0xFE, 0x69, 0x7E],
            &gbk,
            "绩效自评报告\n".as_bytes(),
            &[0xC3, 0x28, 0x41],
            &[0, 1, 2, 3, 0, 0, 0, 7],
        ];
        for bytes in inputs {
            let (owned, borrowed) = (decode_owned(bytes.to_vec()), decode(bytes));
            assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("报告".as_bytes()).unwrap(), ("报告".to_owned(), Encoding::Utf8));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("报告".as_bytes());
        assert_eq!(decode(&b).unwrap(), ("报告".to_owned(), Encoding::Utf8Bom));
    }

    #[test]
    fn gb18030_round_trip() {
        let text = "部门整体绩效自评报告\n预算执行率89.46%。";
        let bytes = Encoding::Gb18030.encode(text);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes).unwrap(), (text.to_owned(), Encoding::Gb18030));
    }

    #[test]
    fn utf16_with_bom() {
        let bytes = Encoding::Utf16Le.encode("绩效");
        assert_eq!(decode(&bytes).unwrap(), ("绩效".to_owned(), Encoding::Utf16Le));
    }

    #[test]
    fn only_white_space_or_a_bom_is_empty() {
        for blank in [&b" \r\n\t "[..], b"\xEF\xBB\xBF", b"\xEF\xBB\xBF\n\n", "\u{3000}\n".as_bytes(), b"\xFF\xFE"] {
            assert_eq!(decode(blank).unwrap_err().message, BLANK, "{blank:?}");
        }
        assert_eq!(decode(b"").unwrap_err().message, EMPTY);
    }

    #[test]
    fn gb18030_units_and_symbols_are_not_doubted() {
        let text = "|项目|面积（㎡）|温度（℃）|\n|图书馆|1200|26|\n|档案馆|800㎡|18℃|\n";
        let bytes = Encoding::Gb18030.encode(text);
        assert_eq!(decode(&bytes).unwrap(), (text.to_owned(), Encoding::Gb18030));
        assert_eq!(gb18030_doubt(text, Encoding::Gb18030), None);
    }

    #[test]
    fn big5_read_as_gb18030_is_decoded_with_a_doubt() {
        // 本單位績效自評報告：預算執行率達到百分之九十，經費使用規範。 in Big5: valid GB18030
        // bytes that decode to kana, bopomofo and rare ideographs.
        let big5 = b"\xa5\xbb\xb3\xe6\xa6\xec\xc1Z\xae\xc4\xa6\xdb\xb5\xfb\xb3\xf8\xa7i\xa1G\xb9w\xba\xe2\xb0\xf5\xa6\xe6\xb2v\xb9F\xa8\xec\xa6\xca\xa4\xc0\xa4\xa7\xa4E\xa4Q\xa1A\xb8g\xb6O\xa8\xcf\xa5\xce\xb3W\xbdd\xa1C";
        let (text, enc) = decode(big5).unwrap();
        assert_eq!(enc, Encoding::Gb18030);
        assert!(gb18030_doubt(&text, enc).is_some_and(|m| m.contains("另存为 UTF-8")));
        assert_eq!(gb18030_doubt("部门整体绩效", Encoding::Gb18030), None);
        assert_eq!(gb18030_doubt(&text, Encoding::Utf8), None);
    }

    #[test]
    fn empty_binary_and_garbage_are_errors() {
        assert!(decode(b"").unwrap_err().message.contains("为空"));
        assert!(decode(b"\x00\x01\x02PK").unwrap_err().message.contains("二进制"));
        let mut bad = "第一行\n正常".as_bytes().to_vec();
        bad.extend_from_slice(&[0xFF, 0xFE, 0xFD, 0x80, 0x81]);
        let e = decode(&bad).unwrap_err();
        assert!(e.message.contains("第2行第3列"), "{}", e.message);
    }
}
