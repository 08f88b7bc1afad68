//! PDF input: the text layer, page by page, laid out as a reader reads it ([`layout`]),
//! with a [`PlaceMap`] from byte ranges to page and line.
//!
//! lopdf parses the file and [`guard`] checks it (decompression budget, page tree, cycles,
//! encryption, fonts); pdf-extract then decodes the text (ToUnicode CMaps, font encodings)
//! through [`PageText`], which keeps pages apart and stops at a character budget. The
//! extractor `expect`s what a well-formed file has, so it runs under `catch_unwind` on a
//! worker thread with a time limit: a malformed or hostile PDF is an `unreadable-file`
//! finding with the reason, never a crash, a hang or garbage findings.
//!
//! At the time limit the worker is told to stop (a shared flag that [`PageText`] and the
//! page loop read at every text, line and path callback and between phases) and is joined:
//! abandoned workers would pile up on a folder of hostile PDFs, each still burning a core
//! and its memory. Only a step that calls back nothing (parsing the file, decoding one
//! content stream) runs to its end; past [`STOP_GRACE`] such a worker is left to finish
//! that step alone, and it stops at its next check.

mod guard;
mod layout;

use crate::load::place::{PlaceMap, Source};
use crate::load::LoadError;
use lopdf::Document;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Characters extracted from one PDF, all pages together.
pub const MAX_CHARS: usize = 20_000_000;
/// Wall-clock time for extraction; past it the file is reported and its worker stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);
/// How long, past the limit, the caller waits for the worker to notice the stop.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// Of the non-space characters, the share that may be undecodable (private use area,
/// U+FFFD, control characters) before the text is garbage, in per mille.
const MAX_GARBAGE_PER_MILLE: usize = 20;

#[derive(Debug, Clone)]
pub struct Extracted {
    pub text: String,
    pub map: PlaceMap,
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, LoadError> {
    extract_within(bytes, TIME_LIMIT).0
}

/// How the worker thread ended, for the tests.
#[derive(Debug, PartialEq, Eq)]
enum Worker {
    /// Not started, or ran to its end.
    Finished,
    /// Saw the stop flag and returned; joined.
    Stopped,
    /// Still running past the grace period.
    Left,
}

/// What the worker answers when it saw the stop flag.
const STOPPED: &str = "PDF 提取文字已超时停止";

/// [`extract`] under `limit`.
fn extract_within(bytes: &[u8], limit: Duration) -> (Result<Extracted, LoadError>, Worker) {
    if !bytes.starts_with(b"%PDF") && !bytes[..bytes.len().min(1024)].windows(4).any(|w| w == b"%PDF") {
        return (Err(LoadError::new("不是有效的 PDF 文件（缺少 %PDF 文件头）")), Worker::Finished);
    }
    if let Err(e) = guard::check_streams(bytes).and_then(|()| guard::check_nesting(bytes)) {
        return (Err(e), Worker::Finished);
    }
    let owned = bytes.to_vec();
    let stop = Arc::new(AtomicBool::new(false));
    let worker_stop = Arc::clone(&stop);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("jxlint-pdf".into()).stack_size(64 * 1024 * 1024).spawn(move || {
        let r = std::panic::catch_unwind(AssertUnwindSafe(|| pages_of(&owned, &worker_stop)));
        let _ = tx.send(r);
    });
    let worker = match spawned {
        Ok(w) => w,
        Err(e) => return (Err(LoadError::new(format!("无法启动 PDF 读取（{e}）"))), Worker::Finished),
    };
    let (outcome, ended) = match rx.recv_timeout(limit) {
        Ok(Ok(pages)) => (Outcome::Done(pages), Worker::Finished),
        Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => (Outcome::Crashed, Worker::Finished),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            stop.store(true, Ordering::Relaxed);
            // The worker answers once it has seen the flag.
            let ended = match rx.recv_timeout(STOP_GRACE) {
                Ok(Ok(Err(e))) if e.message == STOPPED => Worker::Stopped,
                Err(mpsc::RecvTimeoutError::Timeout) => Worker::Left,
                _ => Worker::Finished,
            };
            (Outcome::TimedOut, ended)
        }
    };
    if ended != Worker::Left {
        let _ = worker.join();
    }
    let pages = match outcome {
        Outcome::Done(pages) => pages,
        Outcome::Crashed => {
            Err(LoadError::new("PDF 文件结构异常，提取文字时出错；请重新导出 PDF 或提供 .docx/.txt 版本"))
        }
        Outcome::TimedOut => Err(LoadError::new(format!(
            "PDF 提取文字超过 {} 秒仍未完成，疑似异常文件，已放弃读取",
            limit.as_secs_f64()
        ))),
    };
    let pages = match pages {
        Ok(p) => p,
        Err(e) => return (Err(e), ended),
    };
    let mut map = PlaceMap::new(Source::Pdf);
    map.pages = pages.len();
    let mut text = String::new();
    layout::lay_out(&pages, &mut text, &mut map);
    (Ok(Extracted { text, map }), ended)
}

enum Outcome {
    Done(Result<Vec<String>, LoadError>),
    /// The extractor panicked.
    Crashed,
    TimedOut,
}

/// Parses, checks and extracts: the text of each page.
/// `stop` set means the caller has given up: return at the next check.
fn pages_of(bytes: &[u8], stop: &Arc<AtomicBool>) -> Result<Vec<String>, LoadError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::UnsupportedSecurityHandler(_) => encrypted(&e.to_string()),
        e => LoadError::new(format!("PDF 文件已损坏或无法解析（{e}）；请重新导出 PDF 或提供 .docx/.txt 版本")),
    })?;
    if doc.is_encrypted() {
        // A PDF with only an owner password opens with the empty one, as in any viewer.
        if doc.decrypt("").is_err() || doc.is_encrypted() {
            return Err(encrypted("需要打开密码"));
        }
    }
    // lopdf decrypts an encrypted file's streams as it loads it (or just above), so only now
    // can they be counted against the budget.
    if memchr::memmem::find(bytes, b"/Encrypt").is_some() {
        guard::check_decrypted_streams(&doc)?;
    }
    let stopped = || LoadError::new(STOPPED);
    if stop.load(Ordering::Relaxed) {
        return Err(stopped());
    }
    let page_ids = guard::pages(&doc)?;
    let fonts = guard::unmappable_fonts(&doc, &page_ids);
    if !fonts.is_empty() {
        return Err(LoadError::new(format!(
            "PDF 的文字无法还原为字符：字体 {} 缺少字符映射（ToUnicode），提取出的只会是乱码；请用原文档重新导出 PDF（嵌入字体时保留文字信息），或提供 .docx/.txt 版本",
            fonts.join("、")
        )));
    }
    let mut out = PageText { stop: Arc::clone(stop), ..PageText::default() };
    for (i, _) in page_ids.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return Err(stopped());
        }
        match pdf_extract::output_doc_page(&doc, &mut out, i as u32 + 1) {
            Ok(()) => {}
            Err(_) if stop.load(Ordering::Relaxed) => return Err(stopped()),
            Err(_) if out.over_budget => {
                return Err(LoadError::new(format!("PDF 的文字超过 {MAX_CHARS} 个字符上限，已拒绝读取")));
            }
            Err(e) => return Err(LoadError::new(format!("PDF 第 {} 页无法提取文字（{e:?}）", i + 1))),
        }
    }
    judge(out.pages)
}

/// Whether what came out is text a reader would read.
fn judge(pages: Vec<String>) -> Result<Vec<String>, LoadError> {
    let (mut chars, mut garbage) = (0usize, 0usize);
    for c in pages.iter().flat_map(|p| p.chars()).filter(|c| !c.is_whitespace()) {
        chars += 1;
        if is_garbage(c) {
            garbage += 1;
        }
    }
    if chars == 0 {
        return Err(LoadError::new(
            "PDF 没有文字层（可能是扫描件或图片），无法检查文字内容；请提供可复制文字的 PDF，或 .docx/.txt 版本",
        ));
    }
    if garbage * 1000 > chars * MAX_GARBAGE_PER_MILLE {
        return Err(LoadError::new(format!(
            "PDF 的文字无法还原为字符（{garbage} / {chars} 个字符是无法识别的编码，字体可能缺少字符映射 ToUnicode），提取出的只会是乱码；请重新导出 PDF，或提供 .docx/.txt 版本"
        )));
    }
    Ok(pages)
}

fn is_garbage(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FFFD}') || (c.is_control() && c != '\t')
}

/// Chinese characters and full-width punctuation, which are set without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
}

fn encrypted(why: &str) -> LoadError {
    LoadError::new(format!("PDF 已加密（{why}），无法读取文字；请提供未加密的 PDF，或 .docx/.txt 版本"))
}

/// pdf-extract's plain-text layout (a new line when the baseline moves down, a space for
/// a gap wider than a tenth of the font size), one string per page, with a budget.
#[derive(Default)]
struct PageText {
    pages: Vec<String>,
    current: String,
    chars: usize,
    over_budget: bool,
    flip_y: f64,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    /// The caller's stop flag, read at every callback.
    stop: Arc<AtomicBool>,
}

impl PageText {
    fn go_on(&self) -> Result<(), pdf_extract::OutputError> {
        if self.stop.load(Ordering::Relaxed) {
            Err(pdf_extract::OutputError::FormatError(std::fmt::Error))
        } else {
            Ok(())
        }
    }
}

impl pdf_extract::OutputDev for PageText {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.flip_y = media_box.ury - media_box.lly;
        self.current.clear();
        self.last_end = 0.0;
        self.last_y = 0.0;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.pages.push(std::mem::take(&mut self.current));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        self.go_on()?;
        self.chars += ch.chars().count();
        if self.chars > MAX_CHARS {
            self.over_budget = true;
            return Err(pdf_extract::OutputError::FormatError(std::fmt::Error));
        }
        let (x, y) = (trm.m31, self.flip_y - trm.m32);
        // The font size as drawn: the side of the square with the area of the transformed
        // (size, size) vector's box.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if self.first_char {
            let moved_down = (y - self.last_y).abs() > size * 0.5;
            let gap = x - self.last_end;
            let cjk_side = self.current.chars().last().is_some_and(is_cjk) || ch.chars().next().is_some_and(is_cjk);
            if (y - self.last_y).abs() > size * 1.5 || (x < self.last_end && moved_down) {
                self.current.push('\n');
            } else if gap > size * 1.5 {
                // A column gap: table cells stay apart as a tab-separated row.
                self.current.push('\t');
            } else if gap > size * 0.1 && (!cjk_side || gap > size * 0.6) {
                // Between Chinese and digits or Latin letters a narrow gap is typesetting
                // (autospace, justification), not a space in the text.
                self.current.push(' ');
            }
        }
        self.current.push_str(ch);
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.first_char = true;
        self.go_on()
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.go_on()
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.go_on()
    }

    fn stroke(
        &mut self,
        _: &pdf_extract::Transform,
        _: &pdf_extract::ColorSpace,
        _: &[f64],
        _: &pdf_extract::Path,
    ) -> Result<(), pdf_extract::OutputError> {
        self.go_on()
    }

    fn fill(
        &mut self,
        _: &pdf_extract::Transform,
        _: &pdf_extract::ColorSpace,
        _: &[f64],
        _: &pdf_extract::Path,
    ) -> Result<(), pdf_extract::OutputError> {
        self.go_on()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A PDF of `pages` pages, each showing `shows` words in Helvetica, one a line
    /// (`p3w17`: no line repeats, so none is taken for a running header).
    fn text_pdf(pages: usize, shows: usize) -> Vec<u8> {
        let mut objs = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            String::new(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        ];
        let mut kids = Vec::new();
        for p in 0..pages {
            let words: String = (0..shows).map(|w| format!("(p{p}w{w}) Tj 0 -12 Td ")).collect();
            let content = format!("BT /F1 10 Tf 50 800 Td {words}ET");
            let page = objs.len() + 1;
            kids.push(format!("{page} 0 R"));
            objs.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                page + 1
            ));
            objs.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
        }
        objs[1] = format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" "));
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
        for off in offsets {
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
        );
        out
    }

    #[test]
    fn the_generated_pdf_reads() {
        let (r, ended) = extract_within(&text_pdf(2, 3), TIME_LIMIT);
        assert_eq!(ended, Worker::Finished);
        let text = r.unwrap().text;
        // The first lines of the pages differ only in digits: taken for a running header.
        assert_eq!(text, "p0w2\np1w2\n");
    }

    #[test]
    fn a_slow_extraction_is_stopped_and_its_worker_ends() {
        // Half a million words: seconds of work for the extractor.
        let pdf = text_pdf(100, 5_000);
        let start = Instant::now();
        let (r, ended) = extract_within(&pdf, Duration::from_millis(200));
        let e = r.unwrap_err();
        assert!(e.message.contains("仍未完成"), "{}", e.message);
        // It ended because it saw the flag, not because its work was done.
        assert_eq!(ended, Worker::Stopped);
        assert!(start.elapsed() < STOP_GRACE, "{:?}", start.elapsed());
    }
}
