//! The four bundled example documents against their hand-checked gold
//! (`testdata/gold/examples.{quantities,timex}.jsonl`): every quantity and
//! every temporal expression found with the right span and value, and
//! nothing else (no year counted as troops, no day of the month as a
//! quantity, every date the text allows to resolve resolved).

use std::path::Path;

use quipu::Engine;
use quipu_eval::quantity::QuantityScorer;
use quipu_eval::timex::TimexScorer;
use quipu_eval::{KindScorer, Scores, load_gold};
use quipu_text::Lang;

fn check(file: &str, scorer: &dyn KindScorer) {
    let gold_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/gold")
        .join(file);
    let docs = load_gold(&gold_path).expect("gold file");
    assert_eq!(docs.len(), 4);
    let engine = Engine::new();
    let mut scores = Scores::default();
    for d in &docs {
        let bytes = d
            .bytes(gold_path.parent().unwrap())
            .expect("example document");
        let lang = d.lang.as_deref().map(Lang::from_code);
        let out = engine.process(&d.id, d.path.as_deref(), &bytes, lang);
        let pred: Vec<_> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .collect();
        scores.add_doc(
            scorer,
            &d.id,
            &String::from_utf8_lossy(&bytes),
            &d.annotations,
            &pred,
        );
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
    let gold_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/examples.geo.jsonl");
    let docs = load_gold(&gold_path).expect("gold file");
    assert_eq!(docs.len(), 4);
    let engine = Engine::new();
    let scorer = quipu_eval::geo::GeoScorer;
    let mut scores = Scores::default();
    let mut geo = quipu_eval::geo::GeoStats::default();
    for d in &docs {
        let bytes = d
            .bytes(gold_path.parent().unwrap())
            .expect("example document");
        let lang = d.lang.as_deref().map(Lang::from_code);
        let out = engine.process(&d.id, d.path.as_deref(), &bytes, lang);
        let pred: Vec<_> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| v["label"] == "LOC")
            .collect();
        let pairs = scores.add_doc(
            &scorer,
            &d.id,
            &String::from_utf8_lossy(&bytes),
            &d.annotations,
            &pred,
        );
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
    let gold_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/examples.entities.jsonl");
    let docs = load_gold(&gold_path).expect("gold file");
    assert_eq!(docs.len(), 4);
    let engine = Engine::new();
    let scorer = quipu_eval::entity::EntityScorer;
    let mut scores = Scores::default();
    for d in &docs {
        let bytes = d
            .bytes(gold_path.parent().unwrap())
            .expect("example document");
        let lang = d.lang.as_deref().map(Lang::from_code);
        let out = engine.process(&d.id, d.path.as_deref(), &bytes, lang);
        let pred: Vec<_> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| ["PER", "MIL", "SHIP"].iter().any(|l| v["label"] == *l))
            .collect();
        scores.add_doc(
            &scorer,
            &d.id,
            &String::from_utf8_lossy(&bytes),
            &d.annotations,
            &pred,
        );
    }
    let report = scores.report("persons, units, ships", 100);
    println!("{report}");
    assert!(scores.gold >= 170, "{report}");
    assert!(scores.strict_prf().2 >= 0.99, "{report}");
    assert!(scores.value_accuracy() >= 0.999, "labels: {report}");
    assert!(scores.attr_accuracy() >= 0.99, "canonical names: {report}");
}
