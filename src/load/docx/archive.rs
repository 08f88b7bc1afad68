//! The .docx container: a zip read with limits, because reports are untrusted input.
//!
//! Only the few parts jxlint needs are decompressed, each through a byte budget that does
//! not trust the sizes declared in the zip headers (a zip bomb lies about them).

use crate::load::LoadError;
use std::io::{Cursor, Read};

/// More entries than this is not a Word document (Word writes a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// Upper bound on the bytes decompressed from all parts read, together.
pub const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
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

    /// Reads one part, or `None` when it does not exist. Damage and budget overruns are errors.
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
            return Err(LoadError::new(format!(
                ".docx 文件解压后超过 {} MB 上限，疑似压缩炸弹，已拒绝读取",
                MAX_DECOMPRESSED / 1024 / 1024
            )));
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
}
