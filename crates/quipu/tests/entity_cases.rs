//! Data-driven entity cases: `testdata/ner/entities.jsonl`, one JSON object
//! a line: `{"lang", "text", "entities": [{"label", "text", "canonical"?,
//! "rule"?}], "not": [names that must not be places], "not_persons" /
//! "not_orgs": [names that must not be persons / organizations], "not_ships": [names that must not be
//! ships], "note"?}`. Every listed entity must
//! come out of `quipu extract` with that label and exactly that text (and,
//! when given, that canonical name and rule); other entities may come out
//! too (this file pins rules, not whole outputs — the example gold files
//! do that).

mod common;

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
    let (n, failures) = common::run_cases("ner/entities.jsonl", |case, found| {
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
        for (key, label) in [
            ("not", "LOC"),
            ("not_persons", "PER"),
            ("not_ships", "SHIP"),
            ("not_orgs", "ORG"),
        ] {
            for name in names(case, key) {
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
            problems.push(format!("got: {}", got.join("; ")));
        }
        problems
    });
    assert!(n >= 10, "cases file has {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
