//! Data-driven place cases: `testdata/geo/cases.jsonl`, one JSON object a
//! line: `{"lang", "text", "places": [{"text", "country"?, "canonical"?,
//! "rule"?, "geo"?: false}], "not": [names that must not be places]}`.
//! Every listed place must be found with exactly that text (and, when
//! given, that country, canonical name and rule; `"geo": false` means it
//! must come out unresolved); nothing else may be found; no `not` name may
//! overlap a place.

use std::path::Path;

use quipu::Engine;
use quipu_text::Lang;
use serde_json::Value;

#[test]
fn place_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/geo/cases.jsonl");
    let src = std::fs::read_to_string(&path).expect("cases file");
    let engine = Engine::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let case: Value = serde_json::from_str(line).expect("case is JSON");
        let text = case["text"].as_str().unwrap_or("");
        let lang = case["lang"].as_str().map(Lang::from_code);
        let out = engine.process_str("case", text, lang);
        let places: Vec<Value> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| v["kind"] == "entity" && v["label"] == "LOC")
            .collect();
        let found: Vec<&str> = places.iter().filter_map(|p| p["text"].as_str()).collect();
        let want: Vec<&Value> = case["places"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let mut problems = Vec::new();
        for w in &want {
            let wt = w["text"].as_str().unwrap_or("");
            let Some(p) = places.iter().find(|p| p["text"] == wt) else {
                problems.push(format!("missing {wt:?}"));
                continue;
            };
            if w["geo"] == Value::Bool(false) {
                if !p["geo"].is_null() {
                    problems.push(format!("{wt:?} should be unresolved, got {}", p["geo"]));
                }
            } else if p["geo"].is_null() {
                problems.push(format!("{wt:?} unresolved"));
            }
            if let Some(c) = w["country"].as_str()
                && p["geo"]["country"] != c
            {
                problems.push(format!("{wt:?} country {} not {c}", p["geo"]["country"]));
            }
            if let Some(c) = w["canonical"].as_str()
                && p["canonical"] != c
            {
                problems.push(format!("{wt:?} canonical {} not {c}", p["canonical"]));
            }
            if let Some(r) = w["rule"].as_str()
                && p["rule"] != r
            {
                problems.push(format!("{wt:?} rule {} not {r}", p["rule"]));
            }
        }
        for f in &found {
            if !want.iter().any(|w| w["text"] == *f) {
                problems.push(format!("unexpected place {f:?}"));
            }
        }
        for no in case["not"].as_array().into_iter().flatten() {
            let no = no.as_str().unwrap_or("");
            if found.iter().any(|f| f.contains(no) || no.contains(f)) {
                problems.push(format!("{no:?} taken for a place"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "line {}: {text}\n    {}",
                i + 1,
                problems.join("\n    ")
            ));
        }
    }
    assert!(n > 20, "too few cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
