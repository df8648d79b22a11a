//! The readers on the shared NER data sets (skipped when `../shared` is
//! absent): every file parses without a diagnostic into the expected
//! number of sentences.

use std::path::Path;

#[test]
fn shared_ner_files_parse_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner");
    if !dir.is_dir() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    for (file, min_sentences) in [
        ("conll2002_es/esp.testa", 1900),
        ("wikiann/en/val.conllu", 9000),
        ("wikiann/es/val.conllu", 9000),
        ("wikigold/wikigold.conll.txt", 1500),
        (
            "hipe2022_topres19th/HIPE-2022-v2.1-topres19th-dev-en.tsv",
            100,
        ),
    ] {
        let c = quipu_ner::iob::read_file(&dir.join(file)).expect("reads");
        assert!(
            c.diagnostics.is_empty(),
            "{file}: {:?}",
            &c.diagnostics[..c.diagnostics.len().min(5)]
        );
        assert!(
            c.sentences.len() >= min_sentences,
            "{file}: {} sentences",
            c.sentences.len()
        );
        for s in &c.sentences {
            assert_eq!(s.tokens.len(), s.tags.len());
            assert!(
                s.tags
                    .iter()
                    .all(|t| t == "O" || t.starts_with("B-") || t.starts_with("I-"))
            );
        }
    }
}
