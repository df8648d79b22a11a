//! Map offsets of the decoded text back to the original bytes.
//!
//! Decoding is the only step that changes bytes (an invalid UTF-8 sequence
//! becomes U+FFFD, a Latin-1 byte becomes a two-byte character). Each such
//! change is recorded as an *edit*; between edits the two offsets differ by a
//! constant. Clean UTF-8, the common case, has no edits and maps by identity.

/// One replaced region: `text_len` bytes of text at `text_start` stand for
/// `src_len` bytes of source at `src_start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    text_start: usize,
    text_len: usize,
    src_start: usize,
    src_len: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// The identity map.
    pub fn identity() -> OffsetMap {
        OffsetMap::default()
    }

    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// Record that `text_len` bytes at `text_start` replace `src_len` source
    /// bytes at `src_start`. Edits must be pushed in increasing order.
    pub fn push(&mut self, text_start: usize, text_len: usize, src_start: usize, src_len: usize) {
        debug_assert!(
            self.edits
                .last()
                .is_none_or(|e| e.text_start + e.text_len <= text_start)
        );
        self.edits.push(Edit {
            text_start,
            text_len,
            src_start,
            src_len,
        });
    }

    /// The source offset of text offset `pos`, used as a start position.
    /// A position inside a replaced region maps to the region's start.
    pub fn to_source_start(&self, pos: usize) -> usize {
        self.map(pos, false)
    }

    /// The source offset of text offset `pos`, used as an exclusive end.
    /// A position inside a replaced region maps to the region's end.
    pub fn to_source_end(&self, pos: usize) -> usize {
        self.map(pos, true)
    }

    fn map(&self, pos: usize, as_end: bool) -> usize {
        if self.edits.is_empty() {
            return pos;
        }
        // Last edit that starts at or before `pos`.
        let i = self.edits.partition_point(|e| e.text_start <= pos);
        if i == 0 {
            return pos;
        }
        let e = self.edits[i - 1];
        if pos == e.text_start {
            return e.src_start;
        }
        if pos < e.text_start + e.text_len {
            return if as_end {
                e.src_start + e.src_len
            } else {
                e.src_start
            };
        }
        e.src_start + e.src_len + (pos - e.text_start - e.text_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity();
        assert_eq!(m.to_source_start(17), 17);
        assert_eq!(m.to_source_end(17), 17);
    }

    #[test]
    fn one_byte_replaced_by_three() {
        // source: b"ab\xFFcd" ; text: "ab\u{FFFD}cd"
        let mut m = OffsetMap::identity();
        m.push(2, 3, 2, 1);
        assert_eq!(m.to_source_start(0), 0);
        assert_eq!(m.to_source_start(2), 2);
        assert_eq!(m.to_source_start(3), 2);
        assert_eq!(m.to_source_end(3), 3);
        assert_eq!(m.to_source_start(5), 3);
        assert_eq!(m.to_source_end(7), 5);
    }
}
