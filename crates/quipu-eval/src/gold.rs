//! Gold files: JSON Lines, one document per line:
//! `{"id", "text" | "path", "lang"?, "annotations": [{"kind","start","end",…}]}`.
//! A `path` is read relative to the gold file's folder. The timex data sets'
//! form (`{"id", "text", "dct", "timex": [...]}`) is read as well.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub annotations: Vec<Value>,
    /// TempEval / WikiWars style: temporal expressions under `timex`.
    #[serde(default)]
    pub timex: Vec<Value>,
    /// Document creation time, for news-style gold data.
    #[serde(default)]
    pub dct: Option<String>,
}

impl GoldDoc {
    /// The document's bytes: its `text`, or the file at `path`.
    pub fn bytes(&self, base: &Path) -> Result<Vec<u8>> {
        match (&self.text, &self.path) {
            (Some(t), _) => Ok(t.clone().into_bytes()),
            (None, Some(p)) => std::fs::read(base.join(p))
                .with_context(|| format!("reading {p} for gold document {}", self.id)),
            (None, None) => bail!("gold document {} has neither text nor path", self.id),
        }
    }
}

pub fn load_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut d: GoldDoc = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold document", path.display(), i + 1))?;
        // `timex` items are annotations of kind `timex`.
        for mut t in std::mem::take(&mut d.timex) {
            t["kind"] = Value::from("timex");
            d.annotations.push(t);
        }
        docs.push(d);
    }
    Ok(docs)
}
