//! load: paths → decoded report texts. The only module that reads files.

pub mod decode;
pub mod docx;
pub mod pdf;
pub mod place;
pub mod read;
pub mod walk;
pub mod xlsx;

pub use decode::{decode, Encoding, LoadError};
pub use walk::{collect_files, collect_files_within, WalkEntry};

use std::path::{Path, PathBuf};

/// Files larger than this are not read (a clear per-file finding instead); configurable.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1024 * 1024;

/// A report file read and decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub text: String,
    pub encoding: Encoding,
    /// For a .docx: which paragraph or table cell each byte range of `text` came from.
    /// `text` is then extracted, not the file's bytes: such a file is never rewritten.
    pub source_map: Option<docx::SourceMap>,
    /// For a workbook or a PDF: which cell or page line each byte range came from. Like a
    /// .docx, such a file's `text` is extracted and the file is never rewritten.
    pub places: Option<place::PlaceMap>,
}

impl LoadedFile {
    /// Whether `text` was extracted from a document format (and so cannot be written back).
    pub fn is_extracted(&self) -> bool {
        self.source_map.is_some() || self.places.is_some()
    }
}

/// Reads and decodes one file. Never panics; every failure is a [`LoadError`].
pub fn load_file(path: &Path, max_size: u64) -> Result<LoadedFile, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    if meta.is_dir() {
        return Err(LoadError::new("这是一个文件夹，不是报告文件"));
    }
    if !meta.is_file() {
        return Err(LoadError::new(walk::NOT_REGULAR));
    }
    if meta.len() > max_size {
        return Err(read::too_large(Some(meta.len()), max_size));
    }
    if let Some(msg) = unsupported_format(path) {
        return Err(LoadError::new(msg));
    }
    let bytes = read::read_bounded(path, max_size)?;
    if is_docx(path) {
        let docx::Extracted { text, map } = docx::extract_within(&bytes, max_size)?;
        return Ok(LoadedFile {
            path: path.to_path_buf(),
            text,
            encoding: Encoding::Utf8,
            source_map: Some(map),
            places: None,
        });
    }
    if let Some((text, map)) = extract_other(path, &bytes)? {
        return Ok(LoadedFile {
            path: path.to_path_buf(),
            text,
            encoding: Encoding::Utf8,
            source_map: None,
            places: Some(map),
        });
    }
    let (text, encoding) = decode::decode_owned(bytes)?;
    Ok(LoadedFile { path: path.to_path_buf(), text, encoding, source_map: None, places: None })
}

/// Workbooks and PDFs, by extension: their text and where it came from.
fn extract_other(path: &Path, bytes: &[u8]) -> Result<Option<(String, place::PlaceMap)>, LoadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    Ok(match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "et" => Some(xlsx::extract(bytes).map(|x| (x.text, x.map))?),
        "pdf" => Some(pdf::extract(bytes).map(|x| (x.text, x.map))?),
        _ => None,
    })
}

fn is_docx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Formats that look like reports but need a converter first.
fn unsupported_format(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "doc" | "wps" => Some(format!("旧版 .{ext} 格式无法直接读取，请在 Word/WPS 中另存为 .docx 或 .txt 后再检查")),
        _ => None,
    }
}

pub fn human_size(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} 字节")
    }
}
