//! Recognition and resolution never panic on random runs of tricky tokens.
//! Moved out of `src/recognize.rs` so that library source names no place
//! or person of the examples.

use quipu_geo::Recognizer;
use quipu_text::{Lang, ReadOptions, Reader};

/// Random runs of tricky tokens (capitals, connectors, heads, titles,
/// commas, hyphens, possessives, all capitals, accents, stray marks)
/// never make recognition or resolution panic.
#[test]
fn random_token_soup_does_not_panic() {
    let words = [
        "de",
        "la",
        "of",
        "the",
        "The",
        "El",
        "General",
        "José",
        "San",
        "Martín's",
        "port",
        "río",
        "quebrada",
        "River",
        ",",
        "-",
        "y",
        "and",
        "LIMA",
        "Lima",
        "Cuzco",
        "Rio",
        "Bamba",
        "battalion",
        "batallón",
        "frigate",
        "Esq",
        ".",
        "J",
        "Mr",
        "in",
        "en",
        "a",
        "Perú",
        "’s",
        "Á",
        "x",
        "Xauxa",
        "Carlifle",
        "(",
        ")",
        "Santa",
        "Cruz",
        "Upper",
        "Peru",
        "United",
        "Kingdom",
        "Portugal",
        "Algarves",
        "Babahoyos",
        "Duke",
        "Bishop",
        "\u{301}",
        "ǅ",
        "İstanbul",
        "ß",
        "1,200",
        "government",
    ];
    let g = quipu_geo::builtin();
    let r = Recognizer::new(g);
    let reader = Reader::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for lang in [Lang::En, Lang::Es] {
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(words[(seed % words.len() as u64) as usize]);
                if !seed.is_multiple_of(3) {
                    text.push(' ');
                }
            }
            let doc = reader.read_str(
                "soup",
                &text,
                &ReadOptions {
                    lang: Some(lang),
                    ..Default::default()
                },
            );
            let ms = r.recognize(&doc);
            let rs = quipu_geo::resolve(g, &ms);
            assert_eq!(ms.len(), rs.len());
            for m in &ms {
                assert!(doc.text.is_char_boundary(m.span.start));
                assert!(doc.text.is_char_boundary(m.span.end));
                assert!(m.span.start < m.span.end && m.span.end <= doc.text.len());
            }
        }
    }
}
