//! The number format of each numeric cell of a .xls/.et (BIFF8) workbook. calamine reduces a
//! BIFF cell's format to "date or not" and drops the code, so a cell displaying `95.00%`
//! would read as 0.95 and the table rules would see a rate of 0.95%. This reads the codes
//! itself: the compound file's `Workbook` stream, its FORMAT records (index → code) and XF
//! records (cell style → format index), then in each sheet's substream the records of the
//! cells that hold numbers (NUMBER, RK, MULRK, FORMULA) with their style index.
//!
//! Untrusted input: records are length-prefixed and read through checked slices, the stream
//! is read up to the file's own length, cells are capped; anything malformed, CONTINUE'd or
//! pre-BIFF8 leaves that part to General, which is what the cell would show without this.
//! Never an error: the workbook is still read by calamine, only less exactly.

use std::collections::HashMap;
use std::io::{Cursor, Read};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
/// BOF's version field for BIFF8; BIFF5 strings are in the code page and are not read here.
const BIFF8: u16 = 0x0600;

/// Numeric cells whose style index is recorded, all sheets together.
const MAX_CELLS: usize = super::MAX_CELLS;
/// A BIFF8 workbook has at most 4,050 XFs and format indexes are 16 bits; more is hostile.
const MAX_XFS: usize = 65_536;

#[derive(Debug, Default)]
pub struct Formats {
    /// Custom codes by format index (FORMAT records).
    codes: HashMap<u16, String>,
    /// Format index of each XF, in record order (a cell's `ixfe` indexes this).
    xfs: Vec<u16>,
    /// Per sheet, in BOUNDSHEET order: its name and the XF of each numeric cell.
    sheets: Vec<(String, CellXfs)>,
}

/// The XF index of each numeric cell of a sheet, by (row, column).
type CellXfs = HashMap<(u32, u32), u16>;

impl Formats {
    /// The format code of the cell at `pos` of the `index`th sheet, if it has one other than
    /// General. `name` must match the sheet read there, or nothing is answered.
    pub fn code(&self, index: usize, name: &str, pos: (u32, u32)) -> Option<&str> {
        let (sheet, cells) = self.sheets.get(index)?;
        if sheet != name {
            return None;
        }
        let ifmt = *self.xfs.get(usize::from(*cells.get(&pos)?))?;
        match self.codes.get(&ifmt) {
            Some(code) => Some(code.as_str()),
            None => builtin(ifmt),
        }
    }
}

/// The formats of the workbook in `bytes` (a compound file), or none.
pub fn read(bytes: &[u8]) -> Formats {
    // The `cfb` reader is not ours; whatever it or a slip here does on a hostile file must
    // cost only the formats.
    std::panic::catch_unwind(|| workbook_stream(bytes).map(|s| parse(&s)).unwrap_or_default()).unwrap_or_default()
}

fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = cf.open_stream("/Workbook").ok()?;
    let mut out = Vec::new();
    // A stream is never longer than the file that holds it.
    (&mut stream).take(bytes.len() as u64).read_to_end(&mut out).ok()?;
    Some(out)
}

/// One record: its type and body, or `None` at the end or at a record cut short.
fn record(stream: &[u8], at: usize) -> Option<(u16, &[u8], usize)> {
    let head = stream.get(at..at.checked_add(4)?)?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let body = stream.get(at + 4..at + 4 + len)?;
    Some((typ, body, at + 4 + len))
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn parse(stream: &[u8]) -> Formats {
    let mut f = Formats::default();
    let mut bounds: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    let mut first = true;
    while let Some((typ, body, next)) = record(stream, at) {
        at = next;
        match typ {
            BOF if first && u16_at(body, 0) != Some(BIFF8) => return Formats::default(),
            FORMAT => {
                if let (Some(ifmt), Some(code)) = (u16_at(body, 0), body.get(2..).and_then(unicode_string)) {
                    f.codes.insert(ifmt, code);
                }
            }
            XF if f.xfs.len() < MAX_XFS => f.xfs.push(u16_at(body, 2).unwrap_or(0)),
            BOUNDSHEET if bounds.len() < super::MAX_SHEETS => {
                let name = body.get(6..).and_then(short_string).unwrap_or_default();
                bounds.push((u32_at(body, 0).unwrap_or(u32::MAX) as usize, name));
            }
            EOF => break,
            _ => {}
        }
        first = false;
    }
    let mut budget = MAX_CELLS;
    for (offset, name) in bounds {
        let cells = sheet_cells(stream, offset, &mut budget);
        f.sheets.push((name, cells));
    }
    f
}

/// The XF index of each numeric cell of the sheet substream starting at `offset`.
fn sheet_cells(stream: &[u8], offset: usize, budget: &mut usize) -> CellXfs {
    let mut cells = HashMap::new();
    let mut at = offset;
    // An embedded chart is a substream of its own (BOF … EOF) inside the sheet's.
    let mut depth = 0usize;
    while let Some((typ, body, next)) = record(stream, at) {
        at = next;
        match typ {
            BOF => depth += 1,
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ if depth > 1 => {}
            NUMBER | RK | FORMULA => {
                if let (Some(row), Some(col), Some(xf)) = (u16_at(body, 0), u16_at(body, 2), u16_at(body, 4)) {
                    if !take(budget) {
                        break;
                    }
                    cells.insert((u32::from(row), u32::from(col)), xf);
                }
            }
            MULRK => {
                // row, first column, then (xf, rk) pairs of 6 bytes, then the last column.
                let (Some(row), Some(first)) = (u16_at(body, 0), u16_at(body, 2)) else { continue };
                let pairs = body.len().saturating_sub(6) / 6;
                for i in 0..pairs {
                    let Some(xf) = u16_at(body, 4 + 6 * i) else { break };
                    if !take(budget) {
                        return cells;
                    }
                    cells.insert((u32::from(row), u32::from(first) + i as u32), xf);
                }
            }
            _ => {}
        }
    }
    cells
}

fn take(budget: &mut usize) -> bool {
    *budget = budget.saturating_sub(1);
    *budget > 0
}

/// XLUnicodeString: a 16-bit count, a flags byte (bit 0: two bytes a character), characters.
/// A string continued in a CONTINUE record is cut short here and not read.
fn unicode_string(b: &[u8]) -> Option<String> {
    let cch = usize::from(u16_at(b, 0)?);
    chars(b.get(2..)?, cch)
}

/// ShortXLUnicodeString: an 8-bit count, a flags byte, characters.
fn short_string(b: &[u8]) -> Option<String> {
    let cch = usize::from(*b.first()?);
    chars(b.get(1..)?, cch).map(|s| s.replace('\0', ""))
}

fn chars(b: &[u8], cch: usize) -> Option<String> {
    let high = b.first()? & 1 == 1;
    let data = b.get(1..)?;
    if high {
        let units: Vec<u16> = data.get(..cch * 2)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        // "Compressed": each byte is a character's low byte, the high byte is zero.
        Some(data.get(..cch)?.iter().map(|&c| char::from(c)).collect())
    }
}

/// The built-in formats (MS-XLS 2.4.126, ECMA-376 18.8.30) a file refers to by index without
/// a FORMAT record; the locale-dependent currency ones (5–8, 41–44) are written out by
/// Excel and LibreOffice, so their en-US forms here are only a fallback.
fn builtin(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"$\"#,##0_);(\"$\"#,##0)",
        6 => "\"$\"#,##0_);[Red](\"$\"#,##0)",
        7 => "\"$\"#,##0.00_);(\"$\"#,##0.00)",
        8 => "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "m/d/yyyy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yyyy h:mm",
        37 => "#,##0_);(#,##0)",
        38 => "#,##0_);[Red](#,##0)",
        39 => "#,##0.00_);(#,##0.00)",
        40 => "#,##0.00_);[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
        42 => "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
        44 => "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(body.len() as u16).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    fn cell(row: u16, col: u16, xf: u16, rest: usize) -> Vec<u8> {
        let mut b = [row.to_le_bytes(), col.to_le_bytes(), xf.to_le_bytes()].concat();
        b.resize(6 + rest, 0);
        b
    }

    fn xf(ifmt: u16) -> Vec<u8> {
        let mut b = vec![0, 0];
        b.extend_from_slice(&ifmt.to_le_bytes());
        b.resize(20, 0);
        b
    }

    /// Globals (BOF, a custom FORMAT 164, XFs for General, 0.00%, #,##0.00 and 164, one
    /// sheet), then the sheet with a NUMBER, an RK, a MULRK and a FORMULA.
    fn workbook(sheet_name: &str) -> Vec<u8> {
        let bof = rec(BOF, &[0x00, 0x06, 0x05, 0x00]);
        let code: Vec<u16> = "0.00\"万元\"".encode_utf16().collect();
        let mut format = 164u16.to_le_bytes().to_vec();
        format.extend_from_slice(&(code.len() as u16).to_le_bytes());
        format.push(1);
        format.extend(code.iter().flat_map(|u| u.to_le_bytes()));
        let name: Vec<u16> = sheet_name.encode_utf16().collect();
        let mut globals = bof.clone();
        globals.extend(rec(FORMAT, &format));
        for ifmt in [0, 10, 4, 164] {
            globals.extend(rec(XF, &xf(ifmt)));
        }
        let bound_at = globals.len();
        let mut bound = vec![0; 6];
        bound.push(name.len() as u8);
        bound.push(1);
        bound.extend(name.iter().flat_map(|u| u.to_le_bytes()));
        globals.extend(rec(BOUNDSHEET, &bound));
        globals.extend(rec(EOF, &[]));
        let offset = globals.len() as u32;
        globals[bound_at + 4..bound_at + 8].copy_from_slice(&offset.to_le_bytes());
        let mut sheet = bof;
        sheet.extend(rec(NUMBER, &cell(0, 0, 1, 8)));
        sheet.extend(rec(RK, &cell(0, 1, 2, 4)));
        // MULRK row 1, columns 2..=3 with XFs 3 and 1.
        let mut mulrk = [1u16.to_le_bytes(), 2u16.to_le_bytes()].concat();
        mulrk.extend([3u8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
        mulrk.extend(3u16.to_le_bytes());
        sheet.extend(rec(MULRK, &mulrk));
        sheet.extend(rec(FORMULA, &cell(2, 0, 2, 16)));
        sheet.extend(rec(NUMBER, &cell(3, 0, 0, 8)));
        sheet.extend(rec(EOF, &[]));
        globals.extend(sheet);
        globals
    }

    #[test]
    fn reads_each_numeric_cells_format_code() {
        let f = parse(&workbook("项目A"));
        let code = |r, c| f.code(0, "项目A", (r, c));
        assert_eq!(code(0, 0), Some("0.00%"));
        assert_eq!(code(0, 1), Some("#,##0.00"));
        assert_eq!(code(1, 2), Some("0.00\"万元\""));
        assert_eq!(code(1, 3), Some("0.00%"));
        assert_eq!(code(2, 0), Some("#,##0.00"));
        // General, and a cell that is not there.
        assert_eq!(code(3, 0), None);
        assert_eq!(code(9, 9), None);
        // Another sheet's name at that index: not this sheet's formats.
        assert_eq!(f.code(0, "项目B", (0, 0)), None);
    }

    #[test]
    fn damaged_streams_fall_back_to_general_without_panicking() {
        let whole = workbook("Sheet1");
        for cut in 0..whole.len() {
            let f = parse(&whole[..cut]);
            let _ = f.code(0, "Sheet1", (0, 0));
        }
        // Every byte flipped in turn, lengths and offsets included.
        for i in 0..whole.len() {
            let mut bad = whole.clone();
            bad[i] ^= 0xFF;
            let _ = parse(&bad).code(0, "Sheet1", (0, 0));
        }
        // BIFF5 is left to General.
        let mut biff5 = whole.clone();
        biff5[4..6].copy_from_slice(&0x0500u16.to_le_bytes());
        assert_eq!(parse(&biff5).code(0, "Sheet1", (0, 0)), None);
        assert!(read(b"not a compound file").sheets.is_empty());
    }
}
