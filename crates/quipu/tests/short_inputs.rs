//! Data-driven one-sentence inputs (`testdata/lang/short.jsonl`): a title, a
//! question or a quote given alone, with no language, must be read in its
//! language. One JSON object a line: `{"text", "lang", "prior"?, "source"?,
//! "max_confidence"?, "timex"?: [values]}`. The record must have that
//! `lang` (and `lang_source`, and a `lang_confidence` no higher than
//! `max_confidence`, when given), read with `prior` as the language of the
//! rest of the input; every listed timex value must be among its
//! annotations (the language's vocabulary applied: `diciembre de 1821` is a
//! month, not only a year).

use quipu::Engine;
use quipu_text::{Lang, ReadOptions};
use serde_json::Value;

#[test]
fn short_inputs() {
    let path = format!(
        "{}/../../testdata/lang/short.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let engine = Engine::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        n += 1;
        let c: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}: {line}"));
        let text = c["text"].as_str().unwrap();
        let opts = ReadOptions {
            lang_prior: c["prior"].as_str().map(Lang::from_code),
            ..Default::default()
        };
        let out = engine.process_with("case", None, text.as_bytes(), &opts);
        let rec = serde_json::to_value(&out).unwrap();
        let mut problems = Vec::new();
        if rec["lang"] != c["lang"] {
            problems.push(format!("lang {} (expected {})", rec["lang"], c["lang"]));
        }
        if !c["source"].is_null() && rec["lang_source"] != c["source"] {
            problems.push(format!(
                "lang_source {} (expected {})",
                rec["lang_source"], c["source"]
            ));
        }
        let conf = rec["lang_confidence"].as_f64().unwrap_or(-1.0);
        if !(0.0..=1.0).contains(&conf) {
            problems.push(format!("lang_confidence {conf} out of 0..=1"));
        }
        if let Some(max) = c["max_confidence"].as_f64()
            && conf > max + 1e-6
        {
            problems.push(format!("lang_confidence {conf} over {max}"));
        }
        let values: Vec<&Value> = rec["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "timex")
            .map(|a| &a["value"])
            .collect();
        for want in c["timex"].as_array().into_iter().flatten() {
            if !values.contains(&want) {
                problems.push(format!("no timex {want} (got {values:?})"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{text:?}: {}", problems.join("; ")));
        }
    }
    println!("short inputs: {n} texts, {} failures", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--numbers`: every number that is neither a quantity nor part of a
/// date comes out as `kind: "number"` with its value; without the option
/// there is none.
#[test]
fn numbers_option() {
    let text = "He had seven horses and half a dozen. In 1821 about 1,200 men \
                marched on 24 August; we counted one and a half and two dozen.";
    let numbers = |engine: &Engine| -> Vec<(String, f64)> {
        let rec = serde_json::to_value(engine.process_str("n", text, Some(Lang::En))).unwrap();
        rec["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "number")
            .map(|a| {
                (
                    a["text"].as_str().unwrap().to_owned(),
                    a["value"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert!(numbers(&Engine::new()).is_empty());
    assert_eq!(
        numbers(&Engine::new().with_numbers()),
        [
            ("half a dozen".to_owned(), 6.0),
            ("one and a half".to_owned(), 1.5),
            ("two dozen".to_owned(), 24.0)
        ]
    );
}
