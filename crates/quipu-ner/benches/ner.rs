//! Tagging throughput (per core: single-threaded) and training time of the
//! shipped model. Needs `../shared/data/ner` (and `../shared/corpus` for
//! running text); skips with a message otherwise.
//!
//! `cargo bench -p quipu-ner --bench ner`

use std::path::Path;
use std::time::Instant;

use quipu_ner::{Lexicon, Recognizer, TrainOptions, features, iob, model};
use quipu_text::{ReadOptions, Reader};

const TARGET_TOKENS_PER_SEC: f64 = 1e6;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let ner = shared.join("data/ner");
    if !ner.is_dir() {
        eprintln!("skipping: {} not found", ner.display());
        return;
    }
    let lex = Lexicon::builtin().with_places();
    let rec = match Recognizer::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no model: {e:#}");
            return;
        }
    };
    // 1. The model alone on pre-tokenized words (features + decoding).
    let mut sents = Vec::new();
    for f in [
        "conll2002_es/esp.testa",
        "wikiann/en/val.conllu",
        "wikigold/wikigold.conll.txt",
    ] {
        match iob::read_file(&ner.join(f)) {
            Ok(c) => sents.extend(c.sentences),
            Err(e) => eprintln!("{f}: {e:#}"),
        }
    }
    let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let time = |lex: &Lexicon| {
        let mut best = f64::MAX;
        let mut out = Vec::new();
        for _ in 0..3 {
            let t0 = Instant::now();
            for s in &sents {
                let info = features::sentence_info(&s.tokens, lex);
                rec.model().tag_info(&info, &mut out);
                std::hint::black_box(&out);
            }
            best = best.min(t0.elapsed().as_secs_f64());
        }
        best
    };
    let best = time(&lex);
    let tps = tokens as f64 / best;
    println!(
        "model tagging: {tokens} tokens in {best:.3}s = {:.0} tokens/s per core (target {:.0}: {})",
        tps,
        TARGET_TOKENS_PER_SEC,
        if tps >= TARGET_TOKENS_PER_SEC {
            "met"
        } else {
            "not met"
        }
    );
    // The same without the gazetteer's place names (what they cost).
    let bare = time(&Lexicon::builtin().without_places());
    println!(
        "  without place names: {:.0} tokens/s (place-name look-ups take {:.0}% of the time)",
        tokens as f64 / bare,
        100.0 * (best - bare).max(0.0) / best
    );
    // 2. The whole recognizer (tokenizer, model, rules, canonical) on running text.
    let corpus = shared.join("corpus/history-en");
    if let Ok(rd) = std::fs::read_dir(&corpus) {
        let reader = Reader::new();
        let mut docs = Vec::new();
        let mut paths: Vec<_> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p)
                && let Ok(d) = reader.read_bytes("b", None, &b, &ReadOptions::default())
            {
                docs.push(d);
            }
        }
        let t0 = Instant::now();
        let mut n_tok = 0usize;
        let mut n_m = 0usize;
        let mut toks = Vec::new();
        for d in &docs {
            for s in &d.sentences {
                toks.clear();
                quipu_text::tokenize(&d.text[s.start..s.end], s.start, &mut toks);
                n_tok += toks.len();
            }
            let sents: Vec<_> = d
                .sentences
                .iter()
                .map(|s| (*s, d.lang_at(s.start)))
                .collect();
            n_m += rec.document(&d.text, &sents).len();
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "recognizer on {}: {n_tok} tokens, {n_m} mentions in {secs:.2}s = {:.0} tokens/s per core",
            corpus.display(),
            n_tok as f64 / secs
        );
    }
    // 3. Training the shipped model (same data and options as in README).
    if let Ok(c) = iob::read_file(&ner.join("wikigold/wikigold.conll.txt")) {
        let opts = TrainOptions {
            epochs: 10,
            seed: 1,
            bits: 20,
            drop_labels: vec!["MISC".into()],
            places: false,
            memory: false,
            votes: false,
            backward: false,
            ensemble: 1,
            meta: String::new(),
        };
        let t0 = Instant::now();
        match model::train(&c.sentences, &opts, &lex, |_| {}) {
            Ok(_) => println!(
                "training the shipped model (wikigold, 10 epochs, 1 thread): {:.1}s (target < 600s)",
                t0.elapsed().as_secs_f64()
            ),
            Err(e) => eprintln!("training failed: {e:#}"),
        }
        // The same with document votes (the default for new models): what
        // they cost when tagging.
        let opts = TrainOptions {
            votes: true,
            ..opts
        };
        let bare = Lexicon::builtin().without_places();
        let rate = |m: &quipu_ner::Model| {
            let mut best = f64::MAX;
            let mut out = Vec::new();
            for _ in 0..3 {
                let t0 = Instant::now();
                for s in &sents {
                    let info = features::sentence_info(&s.tokens, &bare);
                    m.tag_info(&info, &mut out);
                    std::hint::black_box(&out);
                }
                best = best.min(t0.elapsed().as_secs_f64());
            }
            tokens as f64 / best
        };
        if let Ok(m) = model::train(&c.sentences, &opts, &bare, |_| {}) {
            println!(
                "  that model with document votes: {:.0} tokens/s per core",
                rate(&m)
            );
        }
        // An ensemble of three (how the CoNLL-2002 figure is reached).
        let opts = TrainOptions {
            ensemble: 3,
            ..opts
        };
        let t0 = Instant::now();
        if let Ok(m) = model::train(&c.sentences, &opts, &bare, |_| {}) {
            let secs = t0.elapsed().as_secs_f64();
            println!(
                "  with votes, --ensemble 3: {:.0} tokens/s per core (trained in {secs:.1}s, members on their own threads)",
                rate(&m)
            );
        }
    }
}
