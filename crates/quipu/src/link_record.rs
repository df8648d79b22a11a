//! The link layer's view of an extract record, made in process.

/// The link layer's reading view of a record, made directly (the JSON
/// round trip `quipu extract --jsonl` output takes on Spark gives the same
/// value; a test checks it).
pub fn record_of(out: &crate::DocOutput) -> quipu_link::ExtractRecord {
    use crate::output::OutData;
    use quipu_link::record::{Ann, Block, Candidate, Geo};
    let name = |v: serde_json::Result<serde_json::Value>| {
        v.ok().and_then(|v| v.as_str().map(str::to_string))
    };
    let annotations = out
        .annotations
        .iter()
        .map(|a| {
            let mut r = Ann {
                start: a.start,
                end: a.end,
                text: a.text.clone(),
                kind: String::new(),
                label: None,
                canonical: None,
                rule: None,
                title: None,
                geo: None,
                candidates: vec![],
                ttype: None,
                modifier: None,
                earliest: None,
                latest: None,
                value: None,
                low: None,
                high: None,
                approx: None,
                unit: None,
                lemma: None,
                category: None,
            };
            match &a.data {
                OutData::Quantity { kind, q, .. } => {
                    r.kind = kind.to_string();
                    r.value = q.value.map(serde_json::Value::from);
                    r.low = q.low;
                    r.high = q.high;
                    r.approx = q.approx.and_then(|x| name(serde_json::to_value(x)));
                    r.unit = q.unit.clone();
                    r.lemma = q.lemma.clone();
                    r.category = name(serde_json::to_value(q.category));
                }
                OutData::Timex {
                    kind,
                    ttype,
                    value,
                    modifier,
                    earliest,
                    latest,
                    ..
                } => {
                    r.kind = kind.to_string();
                    r.ttype = Some(ttype.to_string());
                    r.value = Some(serde_json::Value::from(value.clone()));
                    r.modifier = modifier.clone();
                    r.earliest = earliest.clone();
                    r.latest = latest.clone();
                }
                OutData::Number { kind, value } => {
                    r.kind = kind.to_string();
                    r.value = Some(serde_json::Value::from(*value));
                }
                OutData::Entity { kind, e } => {
                    r.kind = kind.to_string();
                    r.label = Some(e.label.to_string());
                    r.canonical = e.canonical.clone();
                    r.rule = Some(e.rule.clone());
                    r.title = e.title.clone();
                    if let Some(p) = &e.place {
                        r.geo = p.geo.as_ref().map(|g| Geo {
                            lat: g.lat,
                            lon: g.lon,
                            id: g.id.clone(),
                            country: Some(g.country.clone()),
                        });
                        r.candidates = p
                            .candidates
                            .iter()
                            .map(|c| Candidate {
                                id: c.id.clone(),
                                class: Some(c.class.to_string()),
                            })
                            .collect();
                    }
                }
            }
            r
        })
        .collect();
    quipu_link::ExtractRecord {
        id: out.id.clone(),
        path: out.path.clone(),
        lang: out.lang.map(str::to_string),
        format: out.format.map(str::to_string),
        sentences: out.sentences.clone(),
        paragraphs: out
            .paragraphs
            .iter()
            .map(|b| Block {
                kind: b.kind.to_string(),
                start: b.start,
                end: b.end,
                lang: Some(b.lang.to_string()),
            })
            .collect(),
        fields: serde_json::Map::new(),
        annotations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record made in process is the one the JSON round trip gives
    /// (what `quipu extract --jsonl` output read back on Spark gives).
    #[test]
    fn same_as_json_round_trip() {
        let engine = crate::Engine::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("examples")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            let out = engine.process("x", Some("x.txt"), &bytes, None);
            let json = serde_json::to_string(&out).expect("json");
            let via_json: quipu_link::ExtractRecord = serde_json::from_str(&json).expect("parse");
            let mut direct = record_of(&out);
            direct.fields = via_json.fields.clone();
            assert_eq!(
                format!("{direct:?}"),
                format!("{via_json:?}"),
                "{}",
                f.display()
            );
        }
    }
}
