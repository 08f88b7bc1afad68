//! The .docx container: a zip read with limits, because reports are untrusted input.
//!
//! Only the few parts jxlint needs are decompressed, each through a byte budget that does
//! not trust the sizes declared in the zip headers (a zip bomb lies about them).
//!
//! The XML parts are parsed as they are decompressed ([`Archive::part`]), never held whole:
//! a file's memory is its extracted text (bounded by `--max-file-size`) plus fixed-size
//! buffers, however large its XML and however many threads read .docx files at once.

use crate::load::LoadError;
use std::io::{self, BufReader, Cursor, Read};

/// More entries than this is not a Word document (Word writes a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// Upper bound on the bytes decompressed from all parts read, together.
pub const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

/// The buffer a part is parsed through; it never grows.
const PART_BUFFER: usize = 64 * 1024;

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

/// Why reading a part stopped early, carried through the XML parser's I/O error so the
/// reader can say it rather than "damaged".
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The reason inside an I/O error raised by a [`Part`], if that is what it is.
pub fn refused(e: &io::Error) -> Option<&str> {
    e.get_ref().and_then(|e| e.downcast_ref::<Refused>()).map(|r| r.0.as_str())
}

/// One part, decompressed as it is read, within the archive's byte budget and with no run
/// between markup delimiters (`<`, `>`) longer than `max_run`: the XML parser buffers a
/// whole text node or tag, so that run is what bounds its buffer.
pub struct Part<'z, 'a> {
    inner: zip::read::ZipFile<'z, Cursor<&'a [u8]>>,
    budget: &'z mut u64,
    max_run: u64,
    run: u64,
}

impl Read for Part<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > *self.budget {
            return Err(io::Error::other(Refused(bomb_message())));
        }
        *self.budget -= n as u64;
        let chunk = &buf[..n];
        self.run = match chunk.iter().rposition(|&b| b == b'<' || b == b'>') {
            Some(i) => (n - i - 1) as u64,
            None => self.run + n as u64,
        };
        if self.run > self.max_run {
            return Err(io::Error::other(Refused(text_limit_message(self.max_run))));
        }
        Ok(n)
    }
}

fn bomb_message() -> String {
    format!(".docx 文件解压后超过 {} MB 上限，疑似压缩炸弹，已拒绝读取", MAX_DECOMPRESSED / 1024 / 1024)
}

/// The finding for a .docx whose text is larger than `--max-file-size` allows.
pub fn text_limit_message(limit: u64) -> String {
    format!(".docx 文件中的文字超过上限 {}，未检查；可用 --max-file-size 调整上限", crate::load::human_size(limit))
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, LoadError> {
        if !bytes.starts_with(b"PK") {
            return Err(LoadError::new(
                "不是有效的 .docx 文件（不是 zip 压缩包）；如果是旧版 .doc 或其他格式，请在 Word/WPS 中另存为 .docx",
            ));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            LoadError::new(format!(".docx 文件已损坏或不完整（zip 目录无法读取：{e}），请重新保存或重新下载后再检查"))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(LoadError::new(format!(
                ".docx 文件包含 {} 个条目，超过上限 {MAX_ENTRIES}，疑似异常文件，已拒绝读取",
                zip.len()
            )));
        }
        Ok(Archive { zip, budget: MAX_DECOMPRESSED })
    }

    #[cfg(test)]
    fn with_budget(mut self, budget: u64) -> Self {
        self.budget = budget;
        self
    }

    /// One part for streaming, or `None` when it does not exist. `max_run` bounds any run of
    /// text or markup without `<` or `>` (the extracted-text limit serves).
    pub fn part(&mut self, name: &str, max_run: u64) -> Result<Option<BufReader<Part<'_, 'a>>>, LoadError> {
        let inner = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(LoadError::new(format!(".docx 文件已损坏：无法读取 {name}（{e}）"))),
        };
        let part = Part { inner, budget: &mut self.budget, max_run, run: 0 };
        Ok(Some(BufReader::with_capacity(PART_BUFFER, part)))
    }

    /// Reads one small part whole, or `None` when it does not exist. Damage and budget
    /// overruns are errors.
    #[cfg(test)]
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, LoadError> {
        let entry = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(LoadError::new(format!(".docx 文件已损坏：无法读取 {name}（{e}）"))),
        };
        let mut out = Vec::with_capacity(entry.size().min(16 * 1024 * 1024) as usize);
        let mut limited = entry.take(self.budget + 1);
        limited
            .read_to_end(&mut out)
            .map_err(|e| LoadError::new(format!(".docx 文件已损坏：{name} 解压失败（{e}）")))?;
        if out.len() as u64 > self.budget {
            return Err(LoadError::new(bomb_message()));
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file(name, opts).unwrap();
        z.write_all(content).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn decompression_stops_at_the_budget_whatever_the_headers_say() {
        // 4 MB of zeros compress to a few KB: the shape of a zip bomb, scaled down.
        let bytes = zip_of("word/document.xml", &vec![0u8; 4 << 20]);
        assert!(bytes.len() < 64 * 1024);
        let mut a = Archive::open(&bytes).unwrap().with_budget(1 << 20);
        let err = a.read("word/document.xml").unwrap_err();
        assert!(err.message.contains("疑似压缩炸弹"), "{}", err.message);
        let mut a = Archive::open(&bytes).unwrap().with_budget(8 << 20);
        assert_eq!(a.read("word/document.xml").unwrap().map(|v| v.len()), Some(4 << 20));
        assert!(a.read("word/missing.xml").unwrap().is_none());
    }

    fn read_part(a: &mut Archive<'_>, name: &str, max_run: u64) -> Result<usize, String> {
        let mut part = a.part(name, max_run).unwrap().unwrap();
        let mut n = 0;
        let mut buf = [0u8; 4096];
        loop {
            match part.read(&mut buf) {
                Ok(0) => return Ok(n),
                Ok(k) => n += k,
                Err(e) => return Err(refused(&e).unwrap_or("other").to_owned()),
            }
        }
    }

    #[test]
    fn a_streamed_part_stops_at_the_budget_and_at_a_long_run() {
        let bytes = zip_of("word/document.xml", &vec![b'a'; 4 << 20]);
        let mut a = Archive::open(&bytes).unwrap().with_budget(1 << 20);
        assert!(read_part(&mut a, "word/document.xml", u64::MAX).unwrap_err().contains("疑似压缩炸弹"));
        let mut a = Archive::open(&bytes).unwrap();
        let err = read_part(&mut a, "word/document.xml", 1 << 20).unwrap_err();
        assert!(err.contains("文字超过上限 1.0 MB"), "{err}");
        // Markup every few bytes: the run restarts at each delimiter.
        let xml = "<w:t>短句</w:t>".repeat(200_000);
        let bytes = zip_of("word/document.xml", xml.as_bytes());
        let mut a = Archive::open(&bytes).unwrap();
        assert_eq!(read_part(&mut a, "word/document.xml", 16), Ok(xml.len()));
        assert!(a.part("word/missing.xml", 16).unwrap().is_none());
    }
}
