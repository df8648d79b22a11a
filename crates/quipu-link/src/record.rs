//! A reading view of the `quipu extract` record (schema 1, `docs/output.md`).
//!
//! The link layer consumes the same JSON that `quipu extract --jsonl`
//! prints, so that the single-machine ingest and the Spark path (which pipes
//! that JSON) feed it the same facts. Only the keys the link layer uses are
//! read; unknown keys are ignored, so later additions to the output contract
//! do not break it.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct ExtractRecord {
    pub id: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub sentences: Vec<[usize; 2]>,
    #[serde(default)]
    pub paragraphs: Vec<Block>,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub annotations: Vec<Ann>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Block {
    pub kind: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
    pub id: String,
    #[serde(default)]
    pub country: Option<String>,
}

/// A gazetteer candidate of a place (only its id and class are read).
#[derive(Clone, Debug, Deserialize)]
pub struct Candidate {
    pub id: String,
    #[serde(default)]
    pub class: Option<String>,
}

/// One annotation of any kind; kind-specific keys are optional.
#[derive(Clone, Debug, Deserialize)]
pub struct Ann {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    // entity
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub canonical: Option<String>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub geo: Option<Geo>,
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    // timex
    #[serde(default, rename = "type")]
    pub ttype: Option<String>,
    #[serde(default, rename = "mod")]
    pub modifier: Option<String>,
    #[serde(default)]
    pub earliest: Option<String>,
    #[serde(default)]
    pub latest: Option<String>,
    // quantity (and timex `value`, a string there)
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    #[serde(default)]
    pub approx: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub lemma: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
}

impl Ann {
    pub fn number(&self) -> Option<f64> {
        self.value.as_ref().and_then(|v| v.as_f64())
    }
    pub fn value_str(&self) -> Option<&str> {
        self.value.as_ref().and_then(|v| v.as_str())
    }
}
