//! The four bundled example documents against their hand-checked gold
//! quantities (`testdata/gold/examples.quantities.jsonl`): every quantity
//! found with the right value, range, approximation, unit and category, and
//! nothing else (no year, day, ordinal or citation).

use std::path::Path;

use quipu::Engine;
use quipu_eval::quantity::QuantityScorer;
use quipu_eval::{Scores, load_gold};
use quipu_text::Lang;

#[test]
fn example_documents_match_gold_quantities() {
    let gold_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/examples.quantities.jsonl");
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
            &QuantityScorer,
            &d.id,
            &String::from_utf8_lossy(&bytes),
            &d.annotations,
            &pred,
        );
    }
    let report = scores.report("quantity", 100);
    println!("{report}");
    assert_eq!(scores.strict, scores.gold, "{report}");
    assert_eq!(scores.pred, scores.gold, "{report}");
    assert_eq!(scores.attr_ok, scores.gold, "{report}");
}
