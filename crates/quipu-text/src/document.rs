//! The [`Document`]: decoded text, offset map, structure, language, sentences.

use serde::Serialize;

use crate::Span;
use crate::decode::{Decoded, Encoding, decode, decode_vec};
use crate::diag::{Diagnostic, Severity};
use crate::lang::{Lang, LangDetector, LangSource};
use crate::offsets::OffsetMap;
use crate::segment::{Abbreviations, split_sentences};
use crate::structure;
use crate::token::{Token, tokenize};

/// What kind of source the text came from; decides which structure rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    Wiki,
    Gutenberg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    ListItem,
    /// The value of an infobox field.
    Field,
}

/// A structural unit of text; sentences never cross blocks.
#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The content, without markup such as `==`, `#` or list markers.
    pub span: Span,
    pub lang: Lang,
    /// Indices into [`Document::sentences`].
    #[serde(skip)]
    pub sentences: std::ops::Range<usize>,
    /// Heading level (1 for `= Title =` or `#`), 0 otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    pub level: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// An infobox field: `- Date: 1822–1823`.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    pub key: String,
    pub key_span: Span,
    pub value_span: Span,
}

/// Options for reading documents.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Force the document language instead of detecting it.
    pub lang: Option<Lang>,
    /// Document creation time (`YYYY-MM-DD…`), for news-style text only:
    /// history is anchored in its own narrative time, not in this.
    pub dct: Option<String>,
    /// The language of the rest of the input (e.g. the lines before this
    /// one in a JSON Lines stream, see [`crate::LangPrior`]): breaks ties
    /// when the document is too short to tell by itself.
    pub lang_prior: Option<Lang>,
}

/// Shared, immutable reading context: build once, read many documents.
#[derive(Default)]
pub struct Reader {
    pub(crate) detector: LangDetector,
    pub(crate) abbrevs: Abbreviations,
}

/// One source document, ready for annotation.
#[derive(Debug)]
pub struct Document {
    pub id: String,
    pub path: Option<String>,
    /// The decoded text. Spans index this string.
    pub text: String,
    /// Maps text offsets back to the original bytes.
    pub map: OffsetMap,
    pub encoding: Encoding,
    pub format: Format,
    /// The part of the text that holds content (Gutenberg boilerplate excluded).
    pub body: Span,
    pub blocks: Vec<Block>,
    pub fields: Vec<Field>,
    pub sentences: Vec<Span>,
    pub lang: Lang,
    /// How sure [`Document::lang`] is, `0..=1` (1 when given).
    pub lang_confidence: f32,
    /// How the language was decided.
    pub lang_source: LangSource,
    /// Document creation time, when known (news); see [`ReadOptions::dct`].
    pub dct: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The tokens of the sentences, made for the first layer that asks
    /// ([`Document::sentence_tokens`]) and shared by the others.
    tokens: std::sync::OnceLock<SentenceTokens>,
}

/// The tokens of a document's sentences, one after the other.
#[derive(Debug, Default)]
struct SentenceTokens {
    /// The sentences tokenized (a copy of [`Document::sentences`] when
    /// the tokens were made).
    spans: Vec<Span>,
    toks: Vec<Token>,
    /// Sentence `k`'s tokens are `toks[starts[k]..starts[k + 1]]`.
    starts: Vec<usize>,
}

/// A text shorter than this (bytes) that the detector gives to another
/// language, or decides with less confidence, is read by the vote of its
/// words instead, when that is strong.
const SHORT_TEXT: usize = 200;
/// The confidence of the vote that overrides the detector's `other` for a
/// short text: a margin of two words or more.
const STRONG_VOTE: f32 = 0.875;

/// Longest sentence kept whole; longer runs are cut at whitespace so that
/// per-sentence work stays bounded on pathological input.
pub const MAX_SENTENCE: usize = 64 * 1024;

impl Reader {
    pub fn new() -> Reader {
        Reader::default()
    }

    pub fn detector(&self) -> &LangDetector {
        &self.detector
    }

    /// Read a document from raw bytes. `Err` only when the bytes are not text.
    pub fn read_bytes(
        &self,
        id: impl Into<String>,
        path: Option<&str>,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> Result<Document, Diagnostic> {
        let decoded = decode(bytes)?;
        Ok(self.read_decoded(id.into(), path, decoded, opts))
    }

    /// Like [`Reader::read_bytes`], but takes the buffer by value so that
    /// valid UTF-8 becomes the document text without a copy.
    pub fn read_vec(
        &self,
        id: impl Into<String>,
        path: Option<&str>,
        bytes: Vec<u8>,
        opts: &ReadOptions,
    ) -> Result<Document, Diagnostic> {
        let decoded = decode_vec(bytes)?;
        Ok(self.read_decoded(id.into(), path, decoded, opts))
    }

    fn read_decoded(
        &self,
        id: String,
        path: Option<&str>,
        decoded: Decoded,
        opts: &ReadOptions,
    ) -> Document {
        let mut doc = Document {
            id,
            path: path.map(str::to_owned),
            text: decoded.text,
            map: decoded.map,
            encoding: decoded.encoding,
            format: Format::Plain,
            body: Span::new(0, 0),
            blocks: Vec::new(),
            fields: Vec::new(),
            sentences: Vec::new(),
            lang: Lang::Other,
            lang_confidence: 0.0,
            lang_source: LangSource::None,
            dct: opts.dct.clone(),
            diagnostics: decoded.diagnostics,
            tokens: std::sync::OnceLock::new(),
        };
        if doc.text.trim().is_empty() {
            doc.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "empty",
                "empty document",
            ));
        }
        self.analyze(&mut doc, path, opts);
        doc
    }

    /// Read a document from text that is already a string.
    pub fn read_str(&self, id: impl Into<String>, text: &str, opts: &ReadOptions) -> Document {
        match self.read_bytes(id, None, text.as_bytes(), opts) {
            Ok(d) => d,
            Err(diag) => {
                // Text with NULs or control bytes: keep it but say so.
                let mut doc = Document {
                    id: String::new(),
                    path: None,
                    text: text.to_owned(),
                    map: OffsetMap::identity(),
                    encoding: Encoding::Utf8,
                    format: Format::Plain,
                    body: Span::new(0, 0),
                    blocks: Vec::new(),
                    fields: Vec::new(),
                    sentences: Vec::new(),
                    lang: Lang::Other,
                    lang_confidence: 0.0,
                    lang_source: LangSource::None,
                    dct: opts.dct.clone(),
                    diagnostics: vec![diag],
                    tokens: std::sync::OnceLock::new(),
                };
                self.analyze(&mut doc, None, opts);
                doc
            }
        }
    }

    fn analyze(&self, doc: &mut Document, path: Option<&str>, opts: &ReadOptions) {
        let parsed = structure::parse(&doc.text, path);
        doc.format = parsed.format;
        doc.body = parsed.body;
        doc.blocks = parsed.blocks;
        doc.fields = parsed.fields;
        doc.diagnostics
            .extend(parsed.diagnostics.into_iter().map(|mut d| {
                d.offset = d.offset.map(|o| doc.map.to_source_start(o));
                d
            }));
        // Sentences.
        let mut cut = false;
        for block in &mut doc.blocks {
            let first = doc.sentences.len();
            match block.kind {
                BlockKind::Paragraph | BlockKind::ListItem => {
                    split_sentences(&doc.text, block.span, &self.abbrevs, &mut doc.sentences)
                }
                _ => doc.sentences.push(block.span),
            }
            cut |= cap_sentences(&doc.text, &mut doc.sentences, first);
            block.sentences = first..doc.sentences.len();
        }
        if cut {
            doc.diagnostics.push(Diagnostic::new(
                Severity::Info,
                "long-sentence",
                format!("sentences longer than {MAX_SENTENCE} bytes were cut at whitespace"),
            ));
        }
        // Language: per block, then the document by weight of text. Each
        // block is classified once (detection is most of the cost of
        // reading); a forced language needs no detection at all.
        if let Some(l) = opts.lang {
            doc.lang = l;
            doc.lang_confidence = 1.0;
            doc.lang_source = LangSource::Given;
            for b in &mut doc.blocks {
                b.lang = l;
            }
            return;
        }
        let found: Vec<Option<(Lang, f32)>> = doc
            .blocks
            .iter()
            .map(|b| {
                self.detector
                    .detect_scored(&doc.text[b.span.start..b.span.end])
            })
            .collect();
        let (mut en, mut es, mut other) = (0usize, 0usize, 0usize);
        for (block, l) in doc.blocks.iter().zip(&found) {
            let w = block.span.len();
            match l.map(|x| x.0) {
                Some(Lang::En) => en += w,
                Some(Lang::Es) => es += w,
                Some(Lang::Other) => other += w,
                None => {}
            }
        }
        let body = &doc.text[doc.body.start..doc.body.end];
        if en == 0 && es == 0 && other == 0 {
            // Nothing long enough: try the whole body at once, then the
            // vote of its words with the prior.
            if let Some((l, c)) = self.detector.detect_scored(body) {
                (doc.lang, doc.lang_confidence, doc.lang_source) = (l, c, LangSource::Detected);
            } else if let Some((l, c, src)) = self.detector.vote(body, opts.lang_prior) {
                (doc.lang, doc.lang_confidence, doc.lang_source) = (l, c, src);
            }
        } else {
            doc.lang = if en >= es && en >= other {
                Lang::En
            } else if es >= other {
                Lang::Es
            } else {
                Lang::Other
            };
            // The share of the detected text in that language, each block
            // weighed by the detector's confidence.
            let mut agree = 0.0f64;
            for (block, l) in doc.blocks.iter().zip(&found) {
                if let Some((l, c)) = l
                    && *l == doc.lang
                {
                    agree += block.span.len() as f64 * f64::from(*c);
                }
            }
            doc.lang_confidence =
                ((agree / (en + es + other) as f64 * 100.0).round() / 100.0) as f32;
            doc.lang_source = LangSource::Detected;
            // A short text the detector gives to another language (a
            // Spanish sentence read as Portuguese or Italian), or decides
            // with little confidence (trigrams of a few names: `Bolívar
            // and Mariño arrived in Cartagena…` read as Spanish), is read
            // by its words when they clearly say English or Spanish.
            if body.len() < SHORT_TEXT
                && let Some((l, c, src)) = self.detector.vote(body, opts.lang_prior)
                && l != Lang::Other
                && l != doc.lang
                && c >= STRONG_VOTE
                && c > doc.lang_confidence
            {
                (doc.lang, doc.lang_confidence, doc.lang_source) = (l, c, src);
            }
        }
        // Blocks too short to tell take the document's language.
        for (block, l) in doc.blocks.iter_mut().zip(found) {
            block.lang = l.map_or(doc.lang, |x| x.0);
        }
    }
}

/// Cut sentences from index `first` on that exceed [`MAX_SENTENCE`].
fn cap_sentences(text: &str, sentences: &mut Vec<Span>, first: usize) -> bool {
    if sentences[first..].iter().all(|s| s.len() <= MAX_SENTENCE) {
        return false;
    }
    let long: Vec<Span> = sentences.drain(first..).collect();
    for s in long {
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE {
            let mut cut = start + MAX_SENTENCE;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            // Prefer the last whitespace in the window.
            if let Some(ws) = text[start..cut]
                .rfind(char::is_whitespace)
                .filter(|&ws| ws > 0)
            {
                cut = start + ws;
            }
            sentences.push(Span::new(start, cut));
            start = cut;
            while start < s.end && text.as_bytes()[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        if start < s.end {
            sentences.push(Span::new(start, s.end));
        }
    }
    true
}

impl Document {
    /// The tokens of `span` when it is one of the document's sentences:
    /// [`tokenize`] of `text[span]`, spans in the text's coordinates,
    /// exactly what a layer would get tokenizing it itself. Every
    /// sentence is tokenized at the first call, once for all the layers;
    /// `None` for any other span (the caller tokenizes it).
    pub fn sentence_tokens(&self, span: Span) -> Option<&[Token]> {
        let st = self.tokens.get_or_init(|| {
            let mut st = SentenceTokens {
                spans: self.sentences.clone(),
                toks: Vec::new(),
                starts: Vec::with_capacity(self.sentences.len() + 1),
            };
            for s in &self.sentences {
                st.starts.push(st.toks.len());
                if s.start <= s.end
                    && s.end <= self.text.len()
                    && self.text.is_char_boundary(s.start)
                    && self.text.is_char_boundary(s.end)
                {
                    tokenize(&self.text[s.start..s.end], s.start, &mut st.toks);
                }
            }
            st.starts.push(st.toks.len());
            st
        });
        if !(span.start <= span.end
            && span.end <= self.text.len()
            && self.text.is_char_boundary(span.start)
            && self.text.is_char_boundary(span.end))
        {
            return None;
        }
        // (Sentences are in text order; the test below keeps any other
        // list correct, only slower.)
        let k = st.spans.partition_point(|s| s.start < span.start);
        (st.spans.get(k) == Some(&span)).then(|| &st.toks[st.starts[k]..st.starts[k + 1]])
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// A text span as a byte range of the original input.
    pub fn source_span(&self, span: Span) -> Span {
        Span::new(
            self.map.to_source_start(span.start),
            self.map.to_source_end(span.end),
        )
    }

    /// The language of the block that holds byte `offset`.
    pub fn lang_at(&self, offset: usize) -> Lang {
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        self.blocks
            .get(i)
            .filter(|b| b.span.start <= offset)
            .map_or(self.lang, |b| b.lang)
    }
}
