//! `quipu-text`: the text layer of quipu.
//!
//! Everything downstream works on a [`Document`]: the decoded text of one
//! source, an [`OffsetMap`] back to the original bytes, its structure
//! (title, headings, paragraphs, list items, infobox fields), its language and
//! its sentences. Nothing here knows about dates, numbers or names.
//!
//! The invariant this crate guards: every span handed out is a byte range
//! into [`Document::text`], and [`Document::source_span`] turns it into a byte
//! range of the original input, even when decoding had to repair or
//! transcode bytes.

mod decode;
mod diag;
mod document;
mod lang;
mod offsets;
mod segment;
mod structure;
pub mod token;

pub use decode::{Decoded, Encoding, decode, decode_vec};
pub use diag::{Diagnostic, Severity};
pub use document::{Block, BlockKind, Document, Field, Format, MAX_SENTENCE, ReadOptions, Reader};
pub use lang::{Lang, LangDetector};
pub use offsets::OffsetMap;
pub use segment::{Abbreviations, split_sentences};
pub use token::{Token, TokenKind, tokenize};

/// A half-open byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn shift(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}
