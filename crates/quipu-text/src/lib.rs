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
pub use lang::{Lang, LangDetector, LangPrior, LangSource, Votes};
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

/// Spans sorted by start, for finding those that overlap a span without
/// scanning them all (a book has tens of thousands of mentions).
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    spans: Vec<(Span, usize)>,
    max_len: usize,
}

impl SpanIndex {
    /// The index of `spans`; [`SpanIndex::overlapping`] yields positions
    /// into this slice.
    pub fn new(spans: impl IntoIterator<Item = Span>) -> SpanIndex {
        let mut spans: Vec<(Span, usize)> =
            spans.into_iter().enumerate().map(|(i, s)| (s, i)).collect();
        spans.sort();
        let max_len = spans.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        SpanIndex { spans, max_len }
    }

    /// Positions (in the order given to [`SpanIndex::new`]) of the spans
    /// that overlap `s`.
    pub fn overlapping(&self, s: Span) -> impl Iterator<Item = usize> + '_ {
        let lo = self
            .spans
            .partition_point(|(x, _)| x.start + self.max_len <= s.start);
        let hi = self.spans.partition_point(|(x, _)| x.start < s.end);
        self.spans[lo..hi.max(lo)]
            .iter()
            .filter(move |(x, _)| x.overlaps(s))
            .map(|(_, i)| *i)
    }

    /// Does any span overlap `s`?
    pub fn any_overlap(&self, s: Span) -> bool {
        self.overlapping(s).next().is_some()
    }
}
