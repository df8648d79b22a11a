//! The output contract of `quipu extract`, version 1.
//!
//! One JSON object per document:
//! `{"schema", "id", "path", "lang", "lang_confidence", "lang_source", "format", "sentences", "paragraphs",
//! "fields", "annotations", "diagnostics"}`. All offsets are UTF-8 byte
//! offsets into the original input, end exclusive. New keys may be added in
//! later versions; existing keys keep their meaning.

use quipu_extract::{Annotation, Data};
use quipu_text::{Diagnostic, Document, Severity, Span};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct DocOutput {
    pub schema: u32,
    pub id: String,
    pub path: Option<String>,
    /// `en`, `es` or `other`; `null` when the input could not be read.
    pub lang: Option<&'static str>,
    /// How sure `lang` is, `0..=1` (1 when given); `null` with `lang`.
    pub lang_confidence: Option<f32>,
    /// How `lang` was decided: `given`, `detected`, `words`, `prior` or
    /// `none`; `null` with `lang`.
    pub lang_source: Option<&'static str>,
    pub format: Option<&'static str>,
    /// The document creation time, when one was given (`--jsonl` `dct`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dct: Option<String>,
    /// Sentences as `[start, end]`.
    pub sentences: Vec<[usize; 2]>,
    pub paragraphs: Vec<OutBlock>,
    /// Infobox fields in document order: `{"Date": {"value", "start", "end"}}`.
    pub fields: Fields,
    pub annotations: Vec<OutAnnotation>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
pub struct OutBlock {
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub lang: &'static str,
}

#[derive(Serialize)]
pub struct OutField {
    pub value: String,
    pub start: usize,
    pub end: usize,
    pub key_start: usize,
    pub key_end: usize,
}

/// Fields keep document order; a repeated key gets `#2`, `#3`… appended.
#[derive(Default)]
pub struct Fields(pub Vec<(String, OutField)>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
pub struct OutAnnotation {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub data: OutData,
}

/// Kind-specific payload with its spans mapped to source offsets.
#[derive(Serialize)]
#[serde(untagged)]
pub enum OutData {
    Quantity {
        kind: &'static str,
        #[serde(flatten)]
        q: quipu_extract::Quantity,
        #[serde(skip_serializing_if = "Option::is_none")]
        unit_from: Option<[usize; 2]>,
    },
    Timex {
        kind: &'static str,
        #[serde(rename = "type")]
        ttype: &'static str,
        value: String,
        #[serde(rename = "mod")]
        modifier: Option<String>,
        /// `[start, end]` of the expression the value was resolved from.
        anchor: Option<[usize; 2]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        link: Option<OutLink>,
        earliest: Option<String>,
        latest: Option<String>,
    },
    /// A named entity (so far places: `label` `LOC`, with `canonical`,
    /// `geo`, `candidates`, `rule`).
    Entity {
        kind: &'static str,
        #[serde(flatten)]
        e: quipu_extract::Entity,
    },
    /// A number that is neither a quantity nor part of a date
    /// (`quipu extract --numbers`).
    Number { kind: &'static str, value: f64 },
}

/// The other part of a list or range of dates.
#[derive(Serialize)]
pub struct OutLink {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub with: [usize; 2],
}

fn block_kind(k: quipu_text::BlockKind) -> &'static str {
    use quipu_text::BlockKind::*;
    match k {
        Title => "title",
        Heading => "heading",
        Paragraph => "paragraph",
        ListItem => "list_item",
        Field => "field",
    }
}

fn lang_source_name(s: quipu_text::LangSource) -> &'static str {
    use quipu_text::LangSource::*;
    match s {
        Given => "given",
        Detected => "detected",
        Words => "words",
        Prior => "prior",
        None => "none",
    }
}

fn format_name(f: quipu_text::Format) -> &'static str {
    use quipu_text::Format::*;
    match f {
        Plain => "plain",
        Markdown => "markdown",
        Wiki => "wiki",
        Gutenberg => "gutenberg",
    }
}

impl DocOutput {
    pub fn new(doc: &Document, annotations: &[Annotation]) -> DocOutput {
        let src = |s: Span| doc.source_span(s);
        let pair = |s: Span| {
            let s = src(s);
            [s.start, s.end]
        };
        let mut fields = Fields::default();
        for f in &doc.fields {
            let mut key = f.key.clone();
            let mut n = 1;
            while fields.0.iter().any(|(k, _)| *k == key) {
                n += 1;
                key = format!("{}#{n}", f.key);
            }
            let (v, k) = (src(f.value_span), src(f.key_span));
            fields.0.push((
                key,
                OutField {
                    value: doc.slice(f.value_span).to_owned(),
                    start: v.start,
                    end: v.end,
                    key_start: k.start,
                    key_end: k.end,
                },
            ));
        }
        let annotations = annotations
            .iter()
            .map(|a| {
                let s = src(a.span);
                let data = match &a.data {
                    Data::Quantity(q) => OutData::Quantity {
                        kind: "quantity",
                        unit_from: q.unit_from.map(pair),
                        q: quipu_extract::Quantity {
                            unit_from: None,
                            ..q.clone()
                        },
                    },
                    Data::Timex(t) => OutData::Timex {
                        kind: "timex",
                        ttype: t.ttype,
                        value: t.value.clone(),
                        modifier: t.modifier.clone(),
                        anchor: t.anchor.map(pair),
                        link: t.link.map(|l| OutLink {
                            kind: if l.range { "range" } else { "list" },
                            with: pair(l.with),
                        }),
                        earliest: t.earliest.clone(),
                        latest: t.latest.clone(),
                    },
                    Data::Entity(e) => OutData::Entity {
                        kind: "entity",
                        e: e.clone(),
                    },
                    Data::Number(n) => OutData::Number {
                        kind: "number",
                        value: n.value,
                    },
                };
                OutAnnotation {
                    start: s.start,
                    end: s.end,
                    text: doc.slice(a.span).to_owned(),
                    data,
                }
            })
            .collect();
        DocOutput {
            schema: SCHEMA_VERSION,
            id: doc.id.clone(),
            path: doc.path.clone(),
            lang: Some(doc.lang.code()),
            lang_confidence: Some(doc.lang_confidence),
            lang_source: Some(lang_source_name(doc.lang_source)),
            format: Some(format_name(doc.format)),
            dct: doc.dct.clone(),
            sentences: doc.sentences.iter().map(|&s| pair(s)).collect(),
            paragraphs: doc
                .blocks
                .iter()
                .map(|b| {
                    let s = src(b.span);
                    OutBlock {
                        kind: block_kind(b.kind),
                        start: s.start,
                        end: s.end,
                        lang: b.lang.code(),
                    }
                })
                .collect(),
            fields,
            annotations,
            diagnostics: doc.diagnostics.clone(),
        }
    }

    pub fn failed(id: &str, path: Option<&str>, diag: Diagnostic) -> DocOutput {
        DocOutput {
            schema: SCHEMA_VERSION,
            id: id.to_owned(),
            path: path.map(str::to_owned),
            lang: None,
            lang_confidence: None,
            lang_source: None,
            format: None,
            dct: None,
            sentences: vec![],
            paragraphs: vec![],
            fields: Fields::default(),
            annotations: vec![],
            diagnostics: vec![diag],
        }
    }

    /// True when the input could not be read at all.
    pub fn is_failed(&self) -> bool {
        self.lang.is_none()
            && self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
    }
}
