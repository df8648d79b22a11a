//! What the data-driven case tests share: one JSON object a line
//! (`{"lang", "text", …}`), run through the engine.

use std::path::Path;

use quipu::Engine;
use quipu_text::Lang;
use serde_json::Value;

/// Every case of `file` (relative to `testdata/`): `check` gets the case and
/// the entity annotations found in its text, and returns the problems.
/// Returns the number of cases and, for each failing one, its line, text
/// and problems.
pub fn run_cases(
    file: &str,
    mut check: impl FnMut(&Value, &[Value]) -> Vec<String>,
) -> (usize, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(file);
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
        let entities: Vec<Value> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| v["kind"] == "entity")
            .collect();
        let problems = check(&case, &entities);
        if !problems.is_empty() {
            failures.push(format!(
                "line {}: {text}\n    {}",
                i + 1,
                problems.join("\n    ")
            ));
        }
    }
    (n, failures)
}
