//! Toponym recognition on the HIPE-2022 topres19th dev set (19th-century
//! English newspapers), when `../shared` is there; skipped with a reason
//! otherwise. A regression floor, not the target: the figure is printed
//! and reported by `quipu eval geo …/HIPE-2022-v2.1-topres19th-dev-en.tsv`.

use std::path::Path;

use quipu::Engine;
use quipu_eval::Scores;
use quipu_text::{Lang, ReadOptions};

#[test]
fn topres19th_dev_recognition() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ner/hipe2022_topres19th/HIPE-2022-v2.1-topres19th-dev-en.tsv");
    let Ok(src) = std::fs::read_to_string(&path) else {
        println!(
            "skipped: {} is not there (../shared absent)",
            path.display()
        );
        return;
    };
    let docs = quipu_eval::hipe::parse(&src).expect("HIPE file parses");
    let engine = Engine::new();
    let mut scores = Scores::default();
    for d in &docs {
        let text = d.text.clone().unwrap_or_default();
        let opts = ReadOptions {
            lang: Some(Lang::En),
            ..Default::default()
        };
        let out = engine.process_with(&d.id, None, text.as_bytes(), &opts);
        let other: Vec<(u64, u64)> = d
            .annotations
            .iter()
            .filter(|v| v["label"] != "LOC")
            .map(|v| (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap()))
            .collect();
        let gold: Vec<_> = d
            .annotations
            .iter()
            .filter(|v| v["label"] == "LOC")
            .cloned()
            .collect();
        let pred: Vec<_> = out
            .annotations
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .filter(|v| v["kind"] == "entity" && v["label"] == "LOC")
            .filter(|v| {
                let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
                !other.iter().any(|&(os, oe)| s < oe && os < e)
            })
            .collect();
        scores.add_doc(&quipu_eval::geo::GeoScorer, &d.id, &text, &gold, &pred);
    }
    let (p, r, f) = scores.relaxed_prf();
    println!("topres19th dev LOC relaxed P {p:.3} R {r:.3} F1 {f:.3}");
    assert!(f >= 0.75, "{}", scores.report("places", 30));
}
