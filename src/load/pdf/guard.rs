//! Checks a PDF before its text is extracted. The extractor (pdf-extract) trusts the file:
//! it decodes streams without a limit, follows `/Parent` and form XObjects recursively
//! (a cycle overflows the stack, which no `catch_unwind` catches) and `expect`s required
//! keys. So: every stream lopdf would decode is decoded here first under one budget
//! ([`streams`]: its `/Filter` chain of Flate, LZW, ASCII85, ASCIIHex and RunLength); the page tree,
//! each page's `/Parent` chain and the form XObjects it draws are walked with cycle and
//! depth checks; pages are counted against a cap; encryption and fonts that cannot be
//! mapped to characters are found before any text is produced.

mod streams;

use crate::load::LoadError;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

pub const MAX_PAGES: usize = 2_000;
pub const MAX_OBJECTS: usize = 1_000_000;
/// All streams together, decoded (each stage of a filter chain counts).
pub const MAX_DECOMPRESSED: u64 = 512 * 1024 * 1024;
const MAX_TREE_DEPTH: usize = 64;

/// Decodes every stream lopdf could decode, into nothing, under the budget, before lopdf
/// (which decodes without one) sees the file. See [`streams`].
pub fn check_streams(bytes: &[u8]) -> Result<(), LoadError> {
    streams::check(bytes, MAX_DECOMPRESSED)
}

/// The budget again over the streams of a loaded document, for an encrypted file: its raw
/// streams were ciphertext to [`check_streams`].
pub fn check_decrypted_streams(doc: &Document) -> Result<(), LoadError> {
    streams::check_document(doc, MAX_DECOMPRESSED)
}

/// Arrays and dictionaries nested deeper than this are refused: the parser recurses on them.
pub const MAX_NESTING: usize = 256;

/// Refuses objects nested beyond [`MAX_NESTING`] before the parser, which recurses once per
/// level (200,000 `[` overflow its stack), reads them. Stream bodies, strings and comments
/// are stepped over; the depth starts again at each `endobj`, so an unbalanced bracket in
/// damaged data cannot add up across objects.
pub fn check_nesting(bytes: &[u8]) -> Result<(), LoadError> {
    let (mut i, mut depth) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'(' => {
                // A literal string: balanced parentheses, backslash escapes.
                let mut open = 1;
                i += 1;
                while i < bytes.len() && open > 0 {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => open += 1,
                        b')' => open -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                i = memchr::memmem::find(&bytes[i..], b"endstream").map_or(bytes.len(), |e| i + e + b"endstream".len());
                continue;
            }
            b'e' if bytes[i..].starts_with(b"endobj") => depth = 0,
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(broken(&format!("数组或字典嵌套超过 {MAX_NESTING} 层")));
        }
        i += 1;
    }
    Ok(())
}

/// The pages in order, after checking the tree's shape and size.
pub fn pages(doc: &Document) -> Result<Vec<ObjectId>, LoadError> {
    if doc.objects.len() > MAX_OBJECTS {
        return Err(LoadError::new(format!(
            "PDF 含 {} 个对象，超过上限 {MAX_OBJECTS}，疑似异常文件，已拒绝读取",
            doc.objects.len()
        )));
    }
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .map_err(|_| broken("缺少文档目录（Root）"))?;
    let top = root.get(b"Pages").and_then(Object::as_reference).map_err(|_| broken("缺少页面树（Pages）"))?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // Explicit stack: a deep or cyclic tree must not recurse.
    let mut stack = vec![(top, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            return Err(broken("页面树有循环引用"));
        }
        if depth > MAX_TREE_DEPTH {
            return Err(broken("页面树层级过深"));
        }
        let dict = doc.get_dictionary(id).map_err(|_| broken("页面树引用了不存在的对象"))?;
        let is_page = dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Page");
        if is_page {
            out.push(id);
            if out.len() > MAX_PAGES {
                return Err(LoadError::new(format!("PDF 超过 {MAX_PAGES} 页上限，已拒绝读取；请拆分后再检查")));
            }
            check_page(doc, id, dict)?;
            continue;
        }
        let kids = dict.get(b"Kids").and_then(Object::as_array).map_err(|_| broken("页面树节点缺少 Kids"))?;
        if kids.len() > MAX_PAGES * 4 {
            return Err(LoadError::new(format!("PDF 超过 {MAX_PAGES} 页上限，已拒绝读取；请拆分后再检查")));
        }
        for kid in kids.iter().rev() {
            let kid = kid.as_reference().map_err(|_| broken("页面树节点不是引用"))?;
            stack.push((kid, depth + 1));
        }
    }
    Ok(out)
}

/// What the extractor will follow for this page: its `/Parent` chain (for inherited
/// resources and MediaBox), its MediaBox, and the form XObjects it draws, recursively.
fn check_page(doc: &Document, id: ObjectId, page: &Dictionary) -> Result<(), LoadError> {
    let mut seen = HashSet::from([id]);
    let mut node = page;
    let mut media_box = node.get(b"MediaBox").ok();
    let mut resources = node.get(b"Resources").ok();
    while let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) {
        if !seen.insert(parent) || seen.len() > MAX_TREE_DEPTH {
            return Err(broken("页面的 Parent 链有循环"));
        }
        node = doc.get_dictionary(parent).map_err(|_| broken("页面的 Parent 不存在"))?;
        media_box = media_box.or_else(|| node.get(b"MediaBox").ok());
        resources = resources.or_else(|| node.get(b"Resources").ok());
    }
    let media_box = media_box.map(|m| deref(doc, m)).and_then(|m| m.as_array().ok());
    if !media_box.is_some_and(|m| m.len() == 4 && m.iter().all(|x| x.as_float().is_ok() || x.as_i64().is_ok())) {
        return Err(broken("页面缺少有效的 MediaBox"));
    }
    if let Some(res) = resources.map(|r| deref(doc, r)).and_then(|r| r.as_dict().ok()) {
        check_forms(doc, res, &mut Vec::new())?;
    }
    Ok(())
}

/// Form XObjects drawn from `resources`: no cycle, bounded depth.
fn check_forms(doc: &Document, resources: &Dictionary, path: &mut Vec<ObjectId>) -> Result<(), LoadError> {
    if path.len() > MAX_TREE_DEPTH {
        return Err(broken("表单对象嵌套过深"));
    }
    let Some(xobjects) = resources.get(b"XObject").ok().map(|x| deref(doc, x)).and_then(|x| x.as_dict().ok()) else {
        return Ok(());
    };
    for (_, x) in xobjects.iter() {
        let Ok(id) = x.as_reference() else { continue };
        if path.contains(&id) {
            return Err(broken("表单对象循环引用自身"));
        }
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
        let is_form = stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form");
        if !is_form {
            continue;
        }
        if let Some(res) = stream.dict.get(b"Resources").ok().map(|r| deref(doc, r)).and_then(|r| r.as_dict().ok()) {
            path.push(id);
            check_forms(doc, res, path)?;
            path.pop();
        }
    }
    Ok(())
}

/// Fonts on the pages whose codes cannot be turned into characters: a composite font with
/// the Identity encoding and no `/ToUnicode` (glyph ids only). Returns their names.
pub fn unmappable_fonts(doc: &Document, pages: &[ObjectId]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &page in pages {
        for (_, font) in doc.get_page_fonts(page).unwrap_or_default() {
            let subtype = font.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
            if subtype != b"Type0" || font.has(b"ToUnicode") {
                continue;
            }
            let identity = font.get(b"Encoding").and_then(Object::as_name).is_ok_and(|e| e.starts_with(b"Identity"));
            if identity {
                let name =
                    font.get(b"BaseFont").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).into_owned());
                let name = name.unwrap_or_else(|_| "未命名字体".to_owned());
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        o => o,
    }
}

fn broken(why: &str) -> LoadError {
    LoadError::new(format!("PDF 文件结构异常（{why}），无法提取文字；请重新导出 PDF 或提供 .docx/.txt 版本"))
}
