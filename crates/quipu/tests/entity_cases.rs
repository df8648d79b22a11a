//! Data-driven entity cases: `testdata/ner/entities.jsonl`, one JSON object
//! a line: `{"lang", "text", "entities": [{"label", "text", "canonical"?,
//! "rule"?}], "not": [names that must not be places], "not_persons":
//! [names that must not be persons], "note"?}`. Every listed entity must
//! come out of `quipu extract` with that label and exactly that text (and,
//! when given, that canonical name and rule); other entities may come out
//! too (this file pins rules, not whole outputs — the example gold files
//! do that).

use std::path::Path;

use quipu::Engine;
use quipu_text::Lang;
use serde_json::Value;

fn names(case: &Value, key: &str) -> Vec<String> {
    case[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn entity_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ner/entities.jsonl");
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
        let found: Vec<Value> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| v["kind"] == "entity")
            .collect();
        let mut problems = Vec::new();
        let mut used = vec![false; found.len()];
        for want in case["entities"].as_array().into_iter().flatten() {
            // In text order: the first mention not matched yet.
            let hit = (0..found.len()).find(|&k| {
                !used[k] && found[k]["text"] == want["text"] && found[k]["label"] == want["label"]
            });
            let Some(k) = hit else {
                problems.push(format!("missing {want}"));
                continue;
            };
            used[k] = true;
            let hit = &found[k];
            for key in ["canonical", "rule"] {
                if want.get(key).is_some() && hit[key] != want[key] {
                    problems.push(format!(
                        "{}: {key} {} (want {})",
                        want["text"], hit[key], want[key]
                    ));
                }
            }
        }
        for (key, label) in [("not", "LOC"), ("not_persons", "PER")] {
            for name in names(&case, key) {
                if found
                    .iter()
                    .any(|f| f["label"] == label && f["text"].as_str() == Some(name.as_str()))
                {
                    problems.push(format!("{name:?} taken for {label}"));
                }
            }
        }
        if !problems.is_empty() {
            let got: Vec<String> = found
                .iter()
                .map(|f| format!("{} {} [{}]", f["label"], f["text"], f["rule"]))
                .collect();
            failures.push(format!(
                "line {}: {text}\n    {}\n    got: {}",
                i + 1,
                problems.join("\n    "),
                got.join("; ")
            ));
        }
    }
    assert!(n >= 10, "cases file has {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
