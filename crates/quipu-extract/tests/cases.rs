//! Data-driven quantity cases: `testdata/quantities/positive.jsonl` (every
//! quantity of each sentence, with the attributes that matter) and
//! `negative.jsonl` (sentences in which nothing is a quantity: years, days,
//! ordinals, citations, references, regnal numbers…). One harness, many
//! cases; a failing case prints what was expected and what was found.

use quipu_extract::{Data, Pipeline};
use quipu_text::{Lang, ReadOptions, Reader};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/../../testdata/quantities/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

/// Run the whole pipeline (reader, segmenter, annotators) on one text.
fn quantities(reader: &Reader, pipeline: &Pipeline, text: &str, lang: &str) -> Vec<Value> {
    let opts = ReadOptions {
        lang: Some(Lang::from_code(lang)),
        ..Default::default()
    };
    let doc = reader.read_str("case", text, &opts);
    pipeline
        .run(&doc)
        .into_iter()
        .filter_map(|a| {
            let Data::Quantity(q) = &a.data else {
                return None;
            };
            let mut v = serde_json::to_value(q).unwrap();
            v["text"] = Value::from(&text[a.span.start..a.span.end]);
            Some(v)
        })
        .collect()
}

fn agrees(expected: &Value, got: &Value) -> bool {
    expected.as_object().unwrap().iter().all(|(k, e)| {
        let g = &got[k];
        match (e.as_f64(), g.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(1.0),
            _ => e == g,
        }
    })
}

#[test]
fn positive_cases() {
    let (reader, pipeline) = (Reader::new(), Pipeline::default());
    let cases = load("positive.jsonl");
    let mut failures = Vec::new();
    for c in &cases {
        let text = c["text"].as_str().unwrap();
        let got = quantities(&reader, &pipeline, text, c["lang"].as_str().unwrap());
        let expected = c["expect"].as_array().unwrap();
        let mut used = vec![false; got.len()];
        for e in expected {
            let hit = got
                .iter()
                .enumerate()
                .find(|(i, g)| !used[*i] && g["text"] == e["text"] && agrees(e, g));
            match hit {
                Some((i, _)) => used[i] = true,
                None => failures.push(format!("{text:?}\n    expected {e}\n    got {got:?}")),
            }
        }
        for (i, g) in got.iter().enumerate() {
            if !used[i] && !expected.iter().any(|e| e["text"] == g["text"]) {
                failures.push(format!("{text:?}\n    unexpected {g}"));
            }
        }
    }
    println!(
        "quantity positive cases: {} sentences, {} failures",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negative_cases() {
    let (reader, pipeline) = (Reader::new(), Pipeline::default());
    let cases = load("negative.jsonl");
    let mut failures = Vec::new();
    for c in &cases {
        let text = c["text"].as_str().unwrap();
        let got = quantities(&reader, &pipeline, text, c["lang"].as_str().unwrap());
        if !got.is_empty() {
            let texts: Vec<_> = got.iter().map(|g| g["text"].to_string()).collect();
            failures.push(format!(
                "{text:?} ({}): extracted {}",
                c["why"],
                texts.join(", ")
            ));
        }
    }
    println!(
        "quantity negative cases: {} sentences, {} false alarms",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
