//! Checks an .xlsx container before the spreadsheet reader opens it. The reader trusts the
//! zip (it would inflate a bomb and keep it in memory), so every entry is inflated here
//! first, into nothing, under one budget that ignores the sizes the headers declare.

use crate::load::LoadError;
use std::io::{Cursor, Read};

/// Excel writes a few dozen entries; a thousand sheets with their parts stay far below.
pub const MAX_ENTRIES: usize = 10_000;
/// All entries together, decompressed.
pub const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

pub fn check_zip(bytes: &[u8]) -> Result<(), LoadError> {
    check_zip_with(bytes, MAX_DECOMPRESSED)
}

fn check_zip_with(bytes: &[u8], budget: u64) -> Result<(), LoadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        LoadError::new(format!("工作簿文件已损坏或不完整（zip 目录无法读取：{e}），请重新保存后再检查"))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(LoadError::new(format!(
            "工作簿包含 {} 个条目，超过上限 {MAX_ENTRIES}，疑似异常文件，已拒绝读取",
            zip.len()
        )));
    }
    let mut left = budget;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let entry = match zip.by_index(i) {
            Ok(e) => e,
            // Encrypted entries: the reader reports a password, with a clearer message.
            Err(zip::result::ZipError::UnsupportedArchive(_)) => continue,
            Err(e) => return Err(LoadError::new(format!("工作簿文件已损坏：第 {} 个条目无法读取（{e}）", i + 1))),
        };
        let mut limited = entry.take(left + 1);
        loop {
            let n =
                limited.read(&mut sink).map_err(|e| LoadError::new(format!("工作簿文件已损坏：解压失败（{e}）")))?;
            if n == 0 {
                break;
            }
            if n as u64 > left {
                return Err(LoadError::new(format!(
                    "工作簿解压后超过 {} MB 上限，疑似压缩炸弹，已拒绝读取",
                    MAX_DECOMPRESSED / 1024 / 1024
                )));
            }
            left -= n as u64;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(content).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn a_bomb_stops_at_the_budget() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", &zeros), ("xl/sharedStrings.xml", &zeros)]);
        assert!(bytes.len() < 64 * 1024, "the test file must be a bomb: {}", bytes.len());
        let e = check_zip_with(&bytes, 6 * 1024 * 1024).unwrap_err();
        assert!(e.message.contains("压缩炸弹"), "{}", e.message);
        assert!(check_zip_with(&bytes, 9 * 1024 * 1024).is_ok());
    }

    #[test]
    fn not_a_zip_is_damage() {
        let e = check_zip(b"PK\x03\x04 not really").unwrap_err();
        assert!(e.message.contains("已损坏"), "{}", e.message);
    }
}
