//! Person matching cases from `testdata/ner/canonical.jsonl`.

use quipu_ner::Lexicon;
use quipu_ner::canonical::same_person;

#[derive(serde::Deserialize)]
struct Case {
    a: String,
    b: String,
    same: bool,
    why: String,
}

/// Titles are split off before matching (by the recognizer); do the same here.
fn strip_titles(s: &str) -> String {
    let lex = Lexicon::builtin();
    let words: Vec<&str> = s.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let n = lex.phrase_at(&lower, 0, quipu_ner::lexicon::class::TITLE);
    if n > 0 && n < words.len() {
        words[n..].join(" ")
    } else {
        s.to_string()
    }
}

#[test]
fn canonical_cases() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/ner/canonical.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("case file");
    let lex = Lexicon::builtin();
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c: Case = serde_json::from_str(line).expect("case parses");
        n += 1;
        let (a, b) = (strip_titles(&c.a), strip_titles(&c.b));
        for (x, y) in [(&a, &b), (&b, &a)] {
            if same_person(x, y, &lex) != c.same {
                failures.push(format!(
                    "line {}: {x} / {y}: expected {} ({})",
                    i + 1,
                    c.same,
                    c.why
                ));
            }
        }
    }
    assert!(n >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
