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
