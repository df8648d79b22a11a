//! The four bundled example documents against their hand-checked gold
//! (`testdata/gold/examples.{quantities,timex,geo,entities}.jsonl`): every quantity and
//! every temporal expression found with the right span and value, and
//! nothing else (no year counted as troops, no day of the month as a
//! quantity, every date the text allows to resolve resolved).

use std::path::Path;

use quipu::Engine;
use quipu_eval::quantity::QuantityScorer;
use quipu_eval::timex::TimexScorer;
use quipu_eval::{GoldDoc, KindScorer, Scores, load_gold};
use quipu_text::Lang;
use serde_json::Value;

/// Each example document of gold `file` with its text and quipu's
/// annotations as JSON, those `keep` selects.
fn examples(file: &str, keep: impl Fn(&Value) -> bool) -> Vec<(GoldDoc, String, Vec<Value>)> {
    let gold_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/gold")
        .join(file);
    let docs = load_gold(&gold_path).expect("gold file");
    assert_eq!(docs.len(), 4);
    let engine = Engine::new();
    docs.into_iter()
        .map(|d| {
            let bytes = d
                .bytes(gold_path.parent().unwrap())
                .expect("example document");
            let lang = d.lang.as_deref().map(Lang::from_code);
            let out = engine.process(&d.id, d.path.as_deref(), &bytes, lang);
            let pred: Vec<Value> = out
                .annotations
                .iter()
                .map(|a| serde_json::to_value(a).unwrap())
                .filter(|v| keep(v))
                .collect();
            (d, String::from_utf8_lossy(&bytes).into_owned(), pred)
        })
        .collect()
}

fn check(file: &str, scorer: &dyn KindScorer) {
    let mut scores = Scores::default();
    for (d, text, pred) in examples(file, |_| true) {
        scores.add_doc(scorer, &d.id, &text, &d.annotations, &pred);
    }
    let report = scores.report(scorer.kind(), 100);
    println!("{report}");
    assert_eq!(scores.strict, scores.gold, "{report}");
    assert_eq!(scores.pred, scores.gold, "{report}");
    assert_eq!(scores.attr_ok, scores.gold, "{report}");
}

#[test]
fn example_documents_match_gold_quantities() {
    check("examples.quantities.jsonl", &QuantityScorer);
}

#[test]
fn example_documents_match_gold_timex() {
    check("examples.timex.jsonl", &TimexScorer);
}

/// Places: every place of the examples recognized (one the data lacks is
/// allowed to be missed only if listed in the gold note), nothing from
/// the negative list taken for a place, grounding within 50 km for what
/// the gazetteer knows, and nothing the data lacks pinned somewhere.
#[test]
fn example_documents_match_gold_geo() {
    let scorer = quipu_eval::geo::GeoScorer;
    let mut scores = Scores::default();
    let mut geo = quipu_eval::geo::GeoStats::default();
    for (d, text, pred) in examples("examples.geo.jsonl", |v| v["label"] == "LOC") {
        let pairs = scores.add_doc(&scorer, &d.id, &text, &d.annotations, &pred);
        geo.add(&d.id, &d.annotations, &pairs);
    }
    let report = format!("{}{}", scores.report("places", 100), geo.report(100));
    println!("{report}");
    assert!(scores.relaxed_prf().2 >= 0.99, "{report}");
    assert!(geo.within(50.0) >= 0.98, "{report}");
    assert!(geo.pinned.is_empty(), "{report}");
}

/// Persons, military units and ships: every one found with its label, and
/// every person with the document's canonical name (`Laserna` → the
/// document's `Laserna`; `el Libertador` → `Bolívar`; `Paz del Castillo`
/// → `Juan Paz del Castillo`). Places are scored by the test above.
#[test]
fn example_documents_match_gold_entities() {
    let scorer = quipu_eval::entity::EntityScorer;
    let mut scores = Scores::default();
    let scored = |v: &Value| ["PER", "MIL", "SHIP"].iter().any(|l| v["label"] == *l);
    for (d, text, pred) in examples("examples.entities.jsonl", scored) {
        scores.add_doc(&scorer, &d.id, &text, &d.annotations, &pred);
    }
    let report = scores.report("persons, units, ships", 100);
    println!("{report}");
    assert!(scores.gold >= 170, "{report}");
    assert!(scores.strict_prf().2 >= 0.99, "{report}");
    assert!(scores.value_accuracy() >= 0.999, "labels: {report}");
    assert!(scores.attr_accuracy() >= 0.99, "canonical names: {report}");
}
