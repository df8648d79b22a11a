//! Data-driven temporal cases (`testdata/timex/cases.jsonl`): every timex of
//! each text with its value (and type and mod where given), through the
//! whole pipeline so that agreement with the quantity annotator is tested
//! too. `expect: []` means no temporal expression at all; `dct` gives the
//! document a creation time.

use quipu_extract::{Data, Pipeline};
use quipu_text::{Lang, ReadOptions, Reader};
use serde_json::Value;

#[test]
fn timex_cases() {
    let path = format!(
        "{}/../../testdata/timex/cases.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (reader, pipeline) = (Reader::new(), Pipeline::default());
    let mut failures = Vec::new();
    let mut n = 0;
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        n += 1;
        let c: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}: {line}"));
        let text = c["text"].as_str().unwrap();
        let opts = ReadOptions {
            lang: Some(Lang::from_code(c["lang"].as_str().unwrap())),
            dct: c["dct"].as_str().map(str::to_owned),
            ..Default::default()
        };
        let doc = reader.read_str("case", text, &opts);
        let got: Vec<Value> = pipeline
            .run(&doc)
            .into_iter()
            .filter_map(|a| match &a.data {
                Data::Timex(t) => Some(serde_json::json!({
                    "text": &text[a.span.start..a.span.end],
                    "type": t.ttype,
                    "value": t.value,
                    "mod": t.modifier,
                })),
                _ => None,
            })
            .collect();
        let expected = c["expect"].as_array().unwrap();
        let ok = expected.len() == got.len()
            && expected
                .iter()
                .zip(&got)
                .all(|(e, g)| e.as_object().unwrap().iter().all(|(k, v)| &g[k] == v));
        if !ok {
            failures.push(format!(
                "{text:?}\n    expected {expected:?}\n    got      {got:?}"
            ));
        }
    }
    println!("timex cases: {n} texts, {} failures", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
