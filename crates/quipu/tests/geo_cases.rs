//! Data-driven place cases: `testdata/geo/cases.jsonl`, one JSON object a
//! line: `{"lang", "text", "places": [{"text", "country"?, "canonical"?,
//! "rule"?, "geo"?: false}], "not": [names that must not be places]}`.
//! Every listed place must be found with exactly that text (and, when
//! given, that country, canonical name and rule; `"geo": false` means it
//! must come out unresolved); nothing else may be found; no `not` name may
//! overlap a place.

mod common;

use serde_json::Value;

#[test]
fn place_cases() {
    let (n, failures) = common::run_cases("geo/cases.jsonl", |case, entities| {
        let places: Vec<&Value> = entities.iter().filter(|v| v["label"] == "LOC").collect();
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
        problems
    });
    assert!(n > 20, "too few cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
