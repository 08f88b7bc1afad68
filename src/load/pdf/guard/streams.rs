//! The decompression budget. lopdf decodes a stream's `/Filter` chain (FlateDecode with a
//! raw-deflate retry, LZWDecode, ASCII85Decode) into memory with no limit, when it loads
//! object streams and when pdf-extract asks for page contents; a chain such as
//! `[/ASCII85Decode /FlateDecode]` or `[/FlateDecode /FlateDecode]` multiplies. So every
//! `stream` keyword that follows a dictionary is taken as a stream lopdf may read (the
//! cross-reference table can point anywhere), its dictionary's `/Filter` and `/DecodeParms`
//! are read, and the chain is decoded here, every stage counted against one budget: the
//! last stage into nothing, earlier ones into memory bounded by the budget. ASCIIHex and
//! RunLength, which lopdf leaves encoded today, are decoded too, so a newer lopdf stays
//! covered; image codecs (DCT, JPX, CCITT, JBIG2) are never decoded for text and end the
//! chain.
//!
//! A stream's body ends where its `/Length` says, which may be an indirect object the
//! bytes alone do not give; the first stage therefore decodes from the body's start to the
//! end of the file (a decoder stops at its own end marker, and more input only ever means
//! more output), so the count is never below what lopdf decodes. The input the first
//! stages consume is itself capped at about twice the file, which only bodies overlapping
//! on purpose reach: time stays linear in the file.
//!
//! An encrypted file's bodies are ciphertext, which decodes to nothing here. Its ordinary
//! streams are counted after lopdf decrypts them (`check_document`); its object streams
//! lopdf inflates while it loads, before that, so each is bounded by its length times the
//! most each filter of its chain can expand (deflate 1032:1 …).

use crate::load::LoadError;
use std::io::{Read, Write};

/// How far before `stream` its object's `N G obj` may start.
const MAX_DICT_BYTES: usize = 64 * 1024;
/// `obj` keywords tried, nearest first, as the start of a stream's object.
const MAX_HEADER_TRIES: usize = 8;
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw { early_change: bool },
    Ascii85,
    AsciiHex,
    RunLength,
}

impl Filter {
    /// The most output one input byte can decode to: deflate's longest match per bit pair
    /// (1032:1), a 12-bit LZW code's longest string, a run of 128 per two bytes, `z` as four
    /// zero bytes in ASCII85.
    fn max_expansion(self) -> u64 {
        match self {
            Filter::Flate => 1032,
            Filter::Lzw { .. } => 4096,
            Filter::Ascii85 => 4,
            Filter::AsciiHex => 1,
            Filter::RunLength => 64,
        }
    }
}

pub fn check(bytes: &[u8], budget: u64) -> Result<(), LoadError> {
    let mut out_left = budget;
    // An encrypted file's streams are ciphertext here, and lopdf inflates its object streams
    // while loading, before `check_document` can count them: those are bounded by what their
    // filters could at most make of their length.
    let encrypted = memchr::memmem::find(bytes, b"/Encrypt").is_some();
    let mut objstm_left = budget;
    let mut work_left = (bytes.len() as u64).saturating_mul(2).saturating_add(1024 * 1024);
    let finder = memchr::memmem::Finder::new(b"stream");
    let mut at = 0;
    while let Some(i) = finder.find(&bytes[at..]) {
        let keyword = at + i;
        at = keyword + b"stream".len();
        // `endstream` also contains `stream`.
        if bytes[..keyword].ends_with(b"end") {
            continue;
        }
        // Spaces may stand between the keyword and its end of line.
        let eol = at + bytes[at..].iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        let start = match bytes.get(eol..eol + 2) {
            Some(b"\r\n") => eol + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => eol + 1,
            _ => continue,
        };
        // lopdf reads a stream only where a dictionary ends right before the keyword.
        let dict = dict_before(&bytes[keyword.saturating_sub(MAX_DICT_BYTES)..keyword], &mut work_left);
        if work_left == 0 {
            return Err(overlapping());
        }
        if !dict {
            continue;
        }
        let read = stream_filters(bytes, keyword, &mut work_left);
        if work_left == 0 {
            return Err(overlapping());
        }
        let Some((chain, object_stream)) = read else {
            return Err(LoadError::new(
                "PDF 文件结构异常（数据流的字典无法解析），无法确认其解压后的大小，已拒绝读取；请重新导出 PDF 或提供 .docx/.txt 版本",
            ));
        };
        if chain.is_empty() {
            continue;
        }
        if encrypted && object_stream {
            let body = memchr::memmem::find(&bytes[start..], b"endstream").unwrap_or(bytes.len() - start);
            work_left = work_left.checked_sub(body as u64).ok_or_else(overlapping)?;
            let most = chain.iter().fold(body as u64, |n, f| n.saturating_mul(f.max_expansion()));
            objstm_left = objstm_left.checked_sub(most).ok_or_else(|| encrypted_bomb(budget))?;
            continue;
        }
        let consumed = decode_chain(&bytes[start..], &chain, &mut out_left).map_err(|Over| bomb(budget))?;
        work_left = work_left.checked_sub(consumed as u64).ok_or_else(overlapping)?;
    }
    Ok(())
}

/// Streams and dictionaries laid over one another: reading each as lopdf may would cost more
/// than reading the file about twice over.
fn overlapping() -> LoadError {
    LoadError::new("PDF 的数据流相互重叠，疑似异常文件，已拒绝读取；请重新导出 PDF 或提供 .docx/.txt 版本")
}

fn encrypted_bomb(budget: u64) -> LoadError {
    LoadError::new(format!(
        "加密 PDF 的对象流解压后可能超过 {} MB 上限，无法在解密前确认其大小，已拒绝读取；请提供未加密的 PDF 或 .docx/.txt 版本",
        budget / 1024 / 1024
    ))
}

fn bomb(budget: u64) -> LoadError {
    LoadError::new(format!("PDF 解压后的数据超过 {} MB 上限，疑似压缩炸弹，已拒绝读取", budget / 1024 / 1024))
}

/// Whether `b` ends with `>>` and then only spaces and comments, as lopdf allows between a
/// stream's dictionary and its keyword. A `%` may also sit in a string on the dictionary's
/// last line or inside the comment, so the line is cut at each `%` in turn, last first, and
/// `>>` looked for before each cut. Each byte is looked at a bounded number of times; what
/// was looked at is taken from `work`.
fn dict_before(whole: &[u8], work: &mut u64) -> bool {
    let mut b = whole;
    let mut low = whole.len();
    let found = 'lines: loop {
        b = trim_end(b);
        if b.ends_with(b">>") {
            break true;
        }
        let line = b.iter().rposition(|&c| c == b'\n' || c == b'\r').map_or(0, |p| p + 1);
        low = line;
        let mut end = b.len();
        while let Some(pct) = memchr::memrchr(b'%', &b[line..end]) {
            end = line + pct;
            let before = trim_end(&b[..end]);
            if before.ends_with(b">>") {
                break 'lines true;
            }
            if before.len() < line {
                // Only spaces before this `%` on its line: the line was all comment.
                b = before;
                continue 'lines;
            }
        }
        break false;
    };
    *work = work.saturating_sub((whole.len() - low.min(b.len())) as u64 * 2 + 8);
    found
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b.iter().rposition(|c| !is_space(*c)).map_or(0, |p| p + 1);
    &b[..n]
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

// ---------------------------------------------------------------- the stream dictionary

/// The filters of the stream whose `stream` keyword is at `keyword`, in decoding order, up to
/// the first one that is not decoded; `None` when its dictionary cannot be read. The bytes
/// searched and lexed are taken from `work`.
fn stream_filters(bytes: &[u8], keyword: usize, work: &mut u64) -> Option<(Vec<Filter>, bool)> {
    let window_start = keyword.saturating_sub(MAX_DICT_BYTES);
    let window = &bytes[window_start..keyword];
    let mut end = window.len();
    for _ in 0..MAX_HEADER_TRIES {
        let found = memchr::memmem::rfind(&window[..end], b"obj");
        *work = work.saturating_sub((end - found.unwrap_or(0)) as u64);
        let obj = found?;
        end = obj;
        let before_ok = obj == 0 || is_space(window[obj - 1]);
        let after = obj + 3;
        let after_ok = window.get(after).is_some_and(|&c| is_space(c) || c == b'<' || c == b'%');
        if !before_ok || !after_ok {
            continue;
        }
        let mut lx = Lexer { b: window, i: after };
        let dict = if lx.next() == Some(Tok::DictOpen) { lx.value_after(Tok::DictOpen, 0) } else { None };
        lx.skip_space();
        *work = work.saturating_sub((lx.i - after) as u64);
        match dict {
            Some(Value::Dict(entries)) if lx.i == window.len() => {
                let object_stream =
                    entries.iter().any(|(k, v)| k == b"Type" && matches!(v, Value::Name(n) if n == b"ObjStm"));
                return Some((filters(&entries), object_stream));
            }
            _ => continue,
        }
    }
    None
}

fn filters(entries: &[(Vec<u8>, Value)]) -> Vec<Filter> {
    let get = |k: &[u8]| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let names: Vec<&[u8]> = match get(b"Filter") {
        Some(Value::Name(n)) => vec![n],
        Some(Value::Array(items)) => {
            let names: Option<Vec<&[u8]>> =
                items.iter().map(|v| if let Value::Name(n) = v { Some(n.as_slice()) } else { None }).collect();
            // lopdf decodes nothing when an entry of the array is not a name.
            names.unwrap_or_default()
        }
        _ => Vec::new(),
    };
    // lopdf reads `/EarlyChange` from a `/DecodeParms` dictionary (not an array); 1 by default.
    let early_change = match get(b"DecodeParms") {
        Some(Value::Dict(p)) => {
            !p.iter().any(|(k, v)| k == b"EarlyChange" && matches!(v, Value::Other(n) if n == b"0"))
        }
        _ => true,
    };
    chain(names, early_change)
}

/// The decoded filters among `names`, up to the first that is not.
fn chain<'a>(names: impl IntoIterator<Item = &'a [u8]>, early_change: bool) -> Vec<Filter> {
    let mut out = Vec::new();
    for n in names {
        out.push(match n {
            b"FlateDecode" | b"Fl" => Filter::Flate,
            b"LZWDecode" | b"LZW" => Filter::Lzw { early_change },
            b"ASCII85Decode" | b"A85" => Filter::Ascii85,
            b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
            b"RunLengthDecode" | b"RL" => Filter::RunLength,
            _ => break,
        });
    }
    out
}

/// The same budget over a loaded document's streams. For an encrypted file [`check`] saw
/// only ciphertext, which decodes to nothing; lopdf has decrypted the streams since, and
/// pdf-extract would decode its page contents from them.
pub fn check_document(doc: &lopdf::Document, budget: u64) -> Result<(), LoadError> {
    let mut left = budget;
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else { continue };
        let names = stream.filters().unwrap_or_default();
        let early_change = stream
            .dict
            .get(b"DecodeParms")
            .and_then(lopdf::Object::as_dict)
            .and_then(|p| p.get(b"EarlyChange"))
            .and_then(lopdf::Object::as_i64)
            .map_or(true, |v| v != 0);
        decode_chain(&stream.content, &chain(names, early_change), &mut left).map_err(|Over| bomb(budget))?;
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Tok {
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
    Name(Vec<u8>),
    /// Numbers, strings, keywords (`R`, `true`, `null`).
    Other(Vec<u8>),
}

#[derive(Debug)]
enum Value {
    Name(Vec<u8>),
    Array(Vec<Value>),
    Dict(Vec<(Vec<u8>, Value)>),
    Other(Vec<u8>),
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

impl Lexer<'_> {
    fn skip_space(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if is_space(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.b.get(self.i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Tok> {
        self.skip_space();
        let b = self.b;
        let c = *b.get(self.i)?;
        let two = b.get(self.i..self.i + 2);
        if two == Some(b"<<") {
            self.i += 2;
            return Some(Tok::DictOpen);
        }
        if two == Some(b">>") {
            self.i += 2;
            return Some(Tok::DictClose);
        }
        self.i += 1;
        match c {
            b'[' => Some(Tok::ArrayOpen),
            b']' => Some(Tok::ArrayClose),
            b'(' => {
                let mut open = 1;
                while open > 0 {
                    match *b.get(self.i)? {
                        b'\\' => self.i += 1,
                        b'(' => open += 1,
                        b')' => open -= 1,
                        _ => {}
                    }
                    self.i += 1;
                }
                Some(Tok::Other(b"()".to_vec()))
            }
            b'<' => {
                self.i += memchr::memchr(b'>', b.get(self.i..)?)? + 1;
                Some(Tok::Other(b"<>".to_vec()))
            }
            b'/' => {
                let mut name = Vec::new();
                while let Some(&c) = b.get(self.i) {
                    if is_space(c) || is_delimiter(c) {
                        break;
                    }
                    // `#xx` is a byte written in hex: `/Fl#61teDecode` is `/FlateDecode`.
                    let hex = (c == b'#').then(|| b.get(self.i + 1..self.i + 3)).flatten();
                    match hex.and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(byte) => {
                            name.push(byte);
                            self.i += 3;
                        }
                        None => {
                            name.push(c);
                            self.i += 1;
                        }
                    }
                }
                Some(Tok::Name(name))
            }
            b')' | b'>' | b'{' | b'}' => Some(Tok::Other(vec![c])),
            _ => {
                let from = self.i - 1;
                while b.get(self.i).is_some_and(|&c| !is_space(c) && !is_delimiter(c)) {
                    self.i += 1;
                }
                Some(Tok::Other(b[from..self.i].to_vec()))
            }
        }
    }

    /// The value that `first` begins (a dictionary or array is read to its end).
    fn value_after(&mut self, first: Tok, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        match first {
            Tok::DictOpen => {
                let mut entries = Vec::new();
                loop {
                    match self.next()? {
                        Tok::DictClose => return Some(Value::Dict(entries)),
                        Tok::Name(key) => {
                            let t = self.next()?;
                            let v = self.value_after(t, depth + 1)?;
                            entries.push((key, v));
                        }
                        // The `0 R` of a reference value, read as lone tokens.
                        Tok::Other(_) => {}
                        _ => return None,
                    }
                }
            }
            Tok::ArrayOpen => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        Tok::ArrayClose => return Some(Value::Array(items)),
                        t => items.push(self.value_after(t, depth + 1)?),
                    }
                }
            }
            Tok::Name(n) => Some(Value::Name(n)),
            Tok::Other(o) => Some(Value::Other(o)),
            Tok::DictClose | Tok::ArrayClose => None,
        }
    }
}

// ---------------------------------------------------------------- decoding under the budget

/// The budget ran out.
struct Over;

/// Where a stage's output goes: counted against the budget, and kept when another stage
/// reads it.
struct Sink<'a> {
    left: &'a mut u64,
    kept: Option<Vec<u8>>,
    over: bool,
}

impl<'a> Sink<'a> {
    fn new(left: &'a mut u64, keep: bool) -> Sink<'a> {
        Sink { left, kept: keep.then(Vec::new), over: false }
    }

    fn push(&mut self, data: &[u8]) -> Result<(), Over> {
        let n = data.len() as u64;
        let Some(rest) = self.left.checked_sub(n) else {
            self.over = true;
            return Err(Over);
        };
        *self.left = rest;
        if let Some(k) = &mut self.kept {
            k.extend_from_slice(data);
        }
        Ok(())
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.push(data).map_err(|Over| std::io::Error::other("budget"))?;
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Decodes `input` through `chain`; the bytes of `input` the first stage consumed.
fn decode_chain(input: &[u8], chain: &[Filter], left: &mut u64) -> Result<usize, Over> {
    let Some((&first, rest)) = chain.split_first() else { return Ok(0) };
    let mut sink = Sink::new(left, !rest.is_empty());
    let consumed = decode(first, input, &mut sink)?;
    let mut data = sink.kept.take().unwrap_or_default();
    for (i, &filter) in rest.iter().enumerate() {
        let mut sink = Sink::new(left, i + 1 < rest.len());
        decode(filter, &data, &mut sink)?;
        data = sink.kept.take().unwrap_or_default();
    }
    Ok(consumed)
}

/// Decodes one stage; the input bytes it consumed.
fn decode(filter: Filter, input: &[u8], sink: &mut Sink<'_>) -> Result<usize, Over> {
    match filter {
        Filter::Flate => flate(input, sink),
        Filter::Lzw { early_change } => {
            use weezl::{decode::Decoder, BitOrder};
            let mut d = if early_change {
                Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
            } else {
                Decoder::new(BitOrder::Msb, 8)
            };
            let r = d.into_stream(&mut *sink).decode_all(input);
            if sink.over {
                return Err(Over);
            }
            Ok(r.bytes_read)
        }
        Filter::Ascii85 => ascii85(input, sink),
        Filter::AsciiHex => ascii_hex(input, sink),
        Filter::RunLength => run_length(input, sink),
    }
}

/// zlib, and as lopdf does when that yields nothing, raw deflate after the two header bytes.
fn flate(input: &[u8], sink: &mut Sink<'_>) -> Result<usize, Over> {
    let mut buf = vec![0u8; 64 * 1024];
    let before = *sink.left;
    let mut z = flate2::read::ZlibDecoder::new(input);
    pump(&mut z, &mut buf, sink)?;
    let mut consumed = z.total_in() as usize;
    if *sink.left == before && input.len() > 2 {
        let mut raw = flate2::read::DeflateDecoder::new(&input[2..]);
        pump(&mut raw, &mut buf, sink)?;
        consumed = consumed.max(2 + raw.total_in() as usize);
    }
    Ok(consumed)
}

fn pump(r: &mut impl Read, buf: &mut [u8], sink: &mut Sink<'_>) -> Result<(), Over> {
    loop {
        match r.read(buf) {
            Ok(0) | Err(_) => return Ok(()),
            Ok(n) => sink.push(&buf[..n])?,
        }
    }
}

/// Buffers small writes for the byte-wise decoders.
struct Batch<'s, 'a> {
    sink: &'s mut Sink<'a>,
    buf: Vec<u8>,
}

impl Batch<'_, '_> {
    fn push(&mut self, data: &[u8]) -> Result<(), Over> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 64 * 1024 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Over> {
        self.sink.push(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

/// As lopdf decodes it: `z` is four zero bytes, whitespace is skipped, the first byte
/// outside `!`..=`u` ends the data (so `~>` does).
fn ascii85(input: &[u8], sink: &mut Sink<'_>) -> Result<usize, Over> {
    let mut out = Batch { sink, buf: Vec::new() };
    let (mut group, mut count, mut i) = (0u32, 0usize, 0usize);
    while i < input.len() {
        match input[i] {
            b'z' if count == 0 => out.push(&[0; 4])?,
            c if is_space(c) => {}
            c @ b'!'..=b'u' => {
                let Some(g) = group.checked_mul(85).and_then(|g| g.checked_add(u32::from(c - b'!'))) else { break };
                group = g;
                count += 1;
                if count == 5 {
                    out.push(&group.to_be_bytes())?;
                    (group, count) = (0, 0);
                }
            }
            _ => break,
        }
        i += 1;
    }
    if count > 0 {
        // A short last group is padded with `u`, as lopdf does.
        for _ in count..5 {
            let Some(g) = group.checked_mul(85).and_then(|g| g.checked_add(84)) else { break };
            group = g;
        }
        out.push(&group.to_be_bytes()[..count - 1])?;
    }
    out.flush()?;
    Ok(i)
}

fn ascii_hex(input: &[u8], sink: &mut Sink<'_>) -> Result<usize, Over> {
    let mut out = Batch { sink, buf: Vec::new() };
    let mut high: Option<u8> = None;
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        i += 1;
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            c if is_space(c) => continue,
            _ => break,
        };
        match high.take() {
            Some(h) => out.push(&[h << 4 | v])?,
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(&[h << 4])?;
    }
    out.flush()?;
    Ok(i)
}

/// A length byte: 0–127 copies the next n+1 bytes, 129–255 repeats the next byte 257−n
/// times, 128 ends the data.
fn run_length(input: &[u8], sink: &mut Sink<'_>) -> Result<usize, Over> {
    let mut out = Batch { sink, buf: Vec::new() };
    let mut i = 0;
    while let Some(&n) = input.get(i) {
        i += 1;
        match n {
            0..=127 => {
                let end = (i + usize::from(n) + 1).min(input.len());
                out.push(&input[i..end])?;
                i = end;
            }
            128 => break,
            _ => {
                let Some(&b) = input.get(i) else { break };
                i += 1;
                out.push(&[b; 128][..257 - usize::from(n)])?;
            }
        }
    }
    out.flush()?;
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1024 * 1024;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn lzw(data: &[u8]) -> Vec<u8> {
        weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8).encode(data).unwrap()
    }

    fn ascii85_encode(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut b = [0u8; 4];
            b[..chunk.len()].copy_from_slice(chunk);
            let mut n = u32::from_be_bytes(b);
            if n == 0 && chunk.len() == 4 {
                out.push(b'z');
                continue;
            }
            let mut digits = [0u8; 5];
            for d in digits.iter_mut().rev() {
                *d = (n % 85) as u8 + b'!';
                n /= 85;
            }
            out.extend_from_slice(&digits[..chunk.len() + 1]);
        }
        out.extend_from_slice(b"~>");
        out
    }

    fn hex(data: &[u8]) -> Vec<u8> {
        let mut out: Vec<u8> = data.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
        out.push(b'>');
        out
    }

    /// One stream object with `dict` (without `<<>>`) and `body`.
    fn pdf(dict: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("%PDF-1.5\n4 0 obj\n<< /Length {} {dict} >>\nstream\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out
    }

    fn refused(bytes: &[u8], budget: usize) -> bool {
        match check(bytes, budget as u64) {
            Ok(()) => false,
            Err(e) => {
                assert!(e.message.contains("压缩炸弹"), "{}", e.message);
                true
            }
        }
    }

    /// `body` decodes to `size` bytes: refused under a smaller budget, read under a larger.
    fn bomb_is_counted(dict: &str, body: &[u8], size: usize) {
        let file = pdf(dict, body);
        assert!(file.len() * 50 < size, "{dict}: not a bomb ({} bytes)", file.len());
        assert!(refused(&file, size - 1), "{dict}: not refused");
        assert!(!refused(&file, size + MB), "{dict}: refused under a budget it fits");
    }

    #[test]
    fn an_encrypted_files_object_streams_are_bounded_before_lopdf_inflates_them() {
        // Ciphertext decodes to nothing here; its length bounds what lopdf could inflate.
        let encrypted = |body: &[u8]| {
            let mut f = pdf("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", body);
            f.extend_from_slice(b"trailer\n<< /Root 1 0 R /Encrypt 9 0 R >>\n%%EOF\n");
            f
        };
        let small = vec![0xA5u8; 4 * 1024];
        assert!(check(&encrypted(&small), 8 * MB as u64).is_ok());
        let large = vec![0xA5u8; 16 * 1024];
        let err = check(&encrypted(&large), 8 * MB as u64).unwrap_err();
        assert!(err.message.contains("加密 PDF 的对象流"), "{}", err.message);
        // The same stream in a file that is not encrypted is decoded and counted as it is.
        assert!(check(&pdf("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &large), 8 * MB as u64).is_ok());
    }

    #[test]
    fn every_filter_kind_is_counted() {
        let spaces = vec![b' '; 8 * MB];
        bomb_is_counted("/Filter /FlateDecode", &zlib(&spaces), 8 * MB);
        // Double Flate: the second stage is counted too (8 MB of zeros and their deflate).
        let inner = zlib(&spaces);
        bomb_is_counted("/Filter [/FlateDecode /FlateDecode]", &zlib(&inner), 8 * MB + inner.len());
        let packed = zlib(&spaces);
        bomb_is_counted("/Filter [/ASCII85Decode /FlateDecode]", &ascii85_encode(&packed), 8 * MB + packed.len());
        bomb_is_counted("/Filter [/ASCIIHexDecode /FlateDecode]", &hex(&packed), 8 * MB + packed.len());
        bomb_is_counted("/Filter /LZWDecode", &lzw(&spaces), 8 * MB);
        // RunLength: 2 bytes make 128.
        let mut rl: Vec<u8> = [129u8, b' '].repeat(8 * MB / 128);
        rl.push(128);
        bomb_is_counted("/Filter /RunLengthDecode", &rl, 8 * MB);
        // An escaped name is the same name.
        bomb_is_counted("/Filter /Fl#61teDecode", &zlib(&spaces), 8 * MB);
    }

    #[test]
    fn raw_deflate_behind_a_broken_zlib_header_is_counted() {
        // lopdf retries a zlib failure as raw deflate after two bytes.
        let mut body = b"\0\0".to_vec();
        body.extend(deflate(&vec![b' '; 8 * MB]));
        bomb_is_counted("/Filter /FlateDecode", &body, 8 * MB);
    }

    #[test]
    fn a_body_longer_than_its_first_endstream_is_counted_whole() {
        // A stored deflate block carrying the text `endstream`, then the bomb: a reader
        // that stops at the first `endstream` would count nothing.
        let mut body = vec![0x78, 0x01];
        let decoy = b"\nendstream\n";
        body.push(0);
        body.extend((decoy.len() as u16).to_le_bytes());
        body.extend((!(decoy.len() as u16)).to_le_bytes());
        body.extend_from_slice(decoy);
        let rest = deflate(&vec![b' '; 8 * MB]);
        body.extend(rest);
        let file = pdf("/Filter /FlateDecode", &body);
        assert!(refused(&file, 8 * MB - 1));
    }

    #[test]
    fn streams_lopdf_does_not_decode_cost_nothing() {
        let packed = zlib(&vec![b' '; 8 * MB]);
        for dict in ["", "/Filter /DCTDecode", "/Filter 5 0 R", "/Filter [/DCTDecode /FlateDecode]"] {
            assert!(!refused(&pdf(dict, &packed), MB), "{dict}");
        }
        // Binary that merely contains `stream` is not a stream.
        let mut junk = b"%PDF-1.4\n(stream\n".to_vec();
        junk.extend(&packed);
        assert!(!refused(&junk, MB));
    }

    #[test]
    fn an_unreadable_stream_dictionary_is_refused() {
        let mut file = b"%PDF-1.4\n4 0 obj\n<< /Filter /FlateDecode (unclosed >>\nstream\nxx\nendstream\n".to_vec();
        file.extend(b"endobj\n");
        let e = check(&file, MB as u64).unwrap_err();
        assert!(e.message.contains("字典无法解析"), "{}", e.message);
    }

    #[test]
    fn comments_between_dictionary_and_keyword_do_not_hide_a_stream() {
        let packed = zlib(&vec![b' '; 8 * MB]);
        let mut file =
            b"%PDF-1.4\n4 0 obj % header\n<< /Filter /FlateDecode /T (50%) >> % note\n% more\nstream\n".to_vec();
        file.extend(&packed);
        file.extend(b"\nendstream\nendobj\n");
        assert!(refused(&file, 8 * MB - 1));
    }

    #[test]
    fn the_dictionary_is_read_through_nesting_strings_and_comments() {
        let spaces = vec![b' '; 8 * MB];
        let dict = "/DecodeParms << /Predictor 1 /Columns [1 2] >> /Title (a >> b) % c >>\n /Filter [ /FlateDecode ]";
        bomb_is_counted(dict, &zlib(&spaces), 8 * MB);
    }

    #[test]
    fn overlapping_bodies_are_refused_not_decoded_again_and_again() {
        // Two thousand stream headers and nothing else: RunLength copies ASCII as it is, so
        // each stream would decode to the end of the file, through all the others.
        let mut file = b"%PDF-1.4\n".to_vec();
        for i in 0..2_000 {
            file.extend(format!("{i} 0 obj << /Filter /RunLengthDecode >>\nstream\n").as_bytes());
        }
        let e = check(&file, 512 * MB as u64).unwrap_err();
        assert!(e.message.contains("重叠"), "{}", e.message);
    }

    #[test]
    fn lines_of_comments_before_stream_keywords_run_out_of_work() {
        // Each `stream` would send the search for its dictionary back through every line.
        let file = b"%PDF-1.4\n".iter().chain(b"%stream\n".repeat(200_000).iter()).copied().collect::<Vec<u8>>();
        let e = check(&file, 512 * MB as u64).unwrap_err();
        assert!(e.message.contains("重叠"), "{}", e.message);
    }

    #[test]
    fn reading_a_dictionary_is_charged_to_the_work_budget() {
        // A stream dictionary costs what is searched and lexed to read it, so dictionaries
        // read again and again for stream keywords laid inside one another run out of work.
        let file = pdf("/Filter /FlateDecode /Pad [1 2 3]", b"x");
        let keyword = memchr::memmem::find(&file, b"stream").unwrap();
        let mut work = 1_000;
        assert_eq!(stream_filters(&file, keyword, &mut work), Some((vec![Filter::Flate], false)));
        // Searched back to `obj`, then lexed forward from it: twice the dictionary.
        let from_obj = (keyword - memchr::memmem::rfind(&file[..keyword], b"obj").unwrap()) as u64;
        assert_eq!(1_000 - work, 2 * from_obj - 3);
        let mut little = 10;
        stream_filters(&file, keyword, &mut little);
        assert_eq!(little, 0);
    }

    #[test]
    fn a_loaded_documents_streams_are_counted_too() {
        let mut doc = lopdf::Document::with_version("1.5");
        let packed = zlib(&vec![b' '; 8 * MB]);
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", lopdf::Object::Array(vec!["ASCII85Decode".into(), "FlateDecode".into()]));
        doc.add_object(lopdf::Stream::new(dict, ascii85_encode(&packed)));
        let e = check_document(&doc, 8 * MB as u64).unwrap_err();
        assert!(e.message.contains("压缩炸弹"), "{}", e.message);
        assert!(check_document(&doc, 9 * MB as u64).is_ok());
    }

    #[test]
    fn damaged_files_never_panic() {
        let body = ascii85_encode(&zlib(b"BT /F1 12 Tf (text) Tj ET"));
        let whole = pdf("/Filter [/ASCII85Decode /FlateDecode] /DecodeParms << /EarlyChange 0 >>", &body);
        for cut in 0..whole.len() {
            let _ = check(&whole[..cut], MB as u64);
        }
        for i in 0..whole.len() {
            for flip in [0xFF, 0x20, b'<', b'(', b'\\', b'/', b'#', b'z'] {
                let mut bad = whole.clone();
                bad[i] = flip;
                let _ = check(&bad, MB as u64);
            }
        }
        for f in
            [Filter::Flate, Filter::Lzw { early_change: false }, Filter::Ascii85, Filter::AsciiHex, Filter::RunLength]
        {
            let mut left = MB as u64;
            let _ = decode(f, &whole, &mut Sink::new(&mut left, true));
        }
    }

    #[test]
    fn the_decoders_read_what_lopdf_reads() {
        let data = b"\x00\x00\x00\x00 jxlint \xFF";
        let decoded = |f: Filter, input: &[u8]| {
            let mut left = u64::MAX;
            let mut sink = Sink::new(&mut left, true);
            decode(f, input, &mut sink).ok().unwrap();
            sink.kept.unwrap()
        };
        assert_eq!(decoded(Filter::Ascii85, &ascii85_encode(data)), data);
        assert_eq!(decoded(Filter::AsciiHex, &hex(data)), data);
        assert_eq!(decoded(Filter::Lzw { early_change: true }, &lzw(data)), data);
        assert_eq!(decoded(Filter::Flate, &zlib(data)), data);
        assert_eq!(decoded(Filter::RunLength, &[2, b'a', b'b', b'c', 254, b'x', 128]), b"abcxxx");
    }
}
