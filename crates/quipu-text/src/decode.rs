//! Bytes to text, never failing on bad bytes.
//!
//! * Valid UTF-8 (with or without a BOM) passes through unchanged.
//! * Text whose only invalid bytes are lone high bytes, and that has no valid
//!   multi-byte UTF-8 at all, is ISO-8859-1 (old Gutenberg files are): it is
//!   transcoded, with an info diagnostic.
//! * Otherwise each invalid sequence becomes U+FFFD with a warning that gives
//!   its byte position; the rest of the text is kept.
//! * Input with NUL bytes or mostly control characters is binary and refused.
//!
//! Every change is recorded in the [`OffsetMap`] so spans still point at the
//! original bytes.

use crate::diag::{Diagnostic, Severity};
use crate::offsets::OffsetMap;

/// At most this many invalid-UTF-8 positions are reported one by one.
const MAX_REPORTED: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Latin1,
}

#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub map: OffsetMap,
    pub encoding: Encoding,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode `bytes`. Returns `Err` with a diagnostic when the input is binary.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Diagnostic> {
    if let Some(d) = looks_binary(bytes) {
        return Err(d);
    }
    let (body, base, map) = strip_bom(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Decoded {
            text: s.to_owned(),
            map,
            encoding: Encoding::Utf8,
            diagnostics: Vec::new(),
        }),
        Err(_) => Ok(repair(body, base, map)),
    }
}

/// Like [`decode`], but takes the buffer by value: valid UTF-8 (the common
/// case) becomes the text without a copy, so reading a file costs its size
/// once instead of twice.
pub fn decode_vec(mut bytes: Vec<u8>) -> Result<Decoded, Diagnostic> {
    if let Some(d) = looks_binary(&bytes) {
        return Err(d);
    }
    let (_, base, map) = strip_bom(&bytes);
    bytes.drain(..base);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            map,
            encoding: Encoding::Utf8,
            diagnostics: Vec::new(),
        }),
        Err(e) => Ok(repair(e.as_bytes(), base, map)),
    }
}

/// The bytes after a UTF-8 BOM, how many bytes were skipped, and the map
/// that records the skip.
fn strip_bom(bytes: &[u8]) -> (&[u8], usize, OffsetMap) {
    let mut map = OffsetMap::identity();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        // The BOM is dropped from the text; offsets keep counting it.
        map.push(0, 0, 0, 3);
        return (&bytes[3..], 3, map);
    }
    (bytes, 0, map)
}

/// Decode `body` (which starts at byte `base` of the input and is not valid
/// UTF-8): as Latin-1 when it looks like it, else with U+FFFD replacements.
fn repair(body: &[u8], base: usize, mut map: OffsetMap) -> Decoded {
    let mut diagnostics = Vec::new();
    if is_latin1(body) {
        let mut text = String::with_capacity(body.len() + body.len() / 16);
        for (i, &b) in body.iter().enumerate() {
            if b < 0x80 {
                text.push(b as char);
            } else {
                map.push(text.len(), 2, base + i, 1);
                text.push(char::from(b));
            }
        }
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            "latin1",
            "not UTF-8; decoded as ISO-8859-1 (Latin-1)",
        ));
        return Decoded {
            text,
            map,
            encoding: Encoding::Latin1,
            diagnostics,
        };
    }
    let mut text = String::with_capacity(body.len() + 16);
    let mut rest = body;
    let mut pos = 0; // offset of `rest` in `body`
    let mut bad = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // SAFETY-free: from_utf8 validated this prefix.
                text.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let len = e.error_len().unwrap_or(rest.len() - good);
                let at = base + pos + good;
                bad += 1;
                if bad <= MAX_REPORTED {
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            "invalid-utf8",
                            format!("invalid UTF-8 ({len} byte(s)) replaced by U+FFFD"),
                        )
                        .at(at),
                    );
                }
                map.push(text.len(), 3, at, len);
                text.push('\u{FFFD}');
                rest = &rest[good + len..];
                pos += good + len;
            }
        }
    }
    if bad > MAX_REPORTED {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "invalid-utf8",
            format!(
                "{} more invalid UTF-8 sequences not listed",
                bad - MAX_REPORTED
            ),
        ));
    }
    Decoded {
        text,
        map,
        encoding: Encoding::Utf8,
        diagnostics,
    }
}

/// Binary if the first 8 KiB hold a NUL byte or more than 10% control bytes.
fn looks_binary(bytes: &[u8]) -> Option<Diagnostic> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(i) = memchr::memchr(0, head) {
        return Some(
            Diagnostic::new(Severity::Error, "binary", "binary file (NUL byte); skipped").at(i),
        );
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Some(Diagnostic::new(
            Severity::Error,
            "binary",
            format!(
                "binary file ({controls} control bytes in the first {} bytes); skipped",
                head.len()
            ),
        ));
    }
    None
}

/// True when no byte sequence is valid multi-byte UTF-8, i.e. every byte
/// >= 0x80 stands alone: the signature of a single-byte Latin encoding.
fn is_latin1(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut high = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        high += 1;
        let width = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        if width > 1
            && i + width <= bytes.len()
            && std::str::from_utf8(&bytes[i..i + width]).is_ok()
        {
            return false;
        }
        i += 1;
    }
    high > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_utf8_is_identity() {
        let d = decode("Bolívar".as_bytes()).unwrap();
        assert_eq!(d.text, "Bolívar");
        assert!(d.map.is_identity());
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn latin1_is_transcoded_with_offsets() {
        let d = decode(b"Bol\xEDvar 1.000").unwrap();
        assert_eq!(d.text, "Bolívar 1.000");
        assert_eq!(d.encoding, Encoding::Latin1);
        let s = d.text.find("1.000").unwrap();
        assert_eq!(d.map.to_source_start(s), 8);
    }

    #[test]
    fn mixed_invalid_bytes_are_replaced_and_reported() {
        let mut v = "Sucre tenía ".as_bytes().to_vec();
        v.push(0xFF);
        v.extend_from_slice(b" 1,200 troops");
        let d = decode(&v).unwrap();
        assert!(d.text.contains('\u{FFFD}'));
        assert_eq!(d.diagnostics[0].offset, Some(13));
        let s = d.text.find("1,200").unwrap();
        assert_eq!(d.map.to_source_start(s), 15);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(decode(b"\x7FELF\x00\x00\x01").is_err());
    }

    #[test]
    fn decode_vec_agrees_with_decode() {
        let inputs: [&[u8]; 5] = [
            "Bolívar 1.000".as_bytes(),
            b"Bol\xEDvar 1.000",
            b"\xEF\xBB\xBFabc \xFF 12",
            b"\xEF\xBB\xBFabc",
            b"",
        ];
        for i in inputs {
            let a = decode(i).unwrap();
            let b = decode_vec(i.to_vec()).unwrap();
            assert_eq!((&a.text, &a.map, a.encoding), (&b.text, &b.map, b.encoding));
            assert_eq!(a.diagnostics, b.diagnostics);
        }
        assert!(decode_vec(b"\x7FELF\x00".to_vec()).is_err());
    }

    #[test]
    fn bom_is_skipped_but_counted() {
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.map.to_source_start(1), 4);
    }
}
