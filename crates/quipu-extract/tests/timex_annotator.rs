//! The timex annotator alone (`TimexAnnotator::annotate_str`): absolute,
//! partial, listed and relative dates in English and Spanish, and a
//! creation time for deictic ones. Moved out of `src/timex/mod.rs` so that
//! library source names no place or person of the examples.

use quipu_extract::{Data, TimexAnnotator};
use quipu_text::Lang;

fn vals(text: &str, lang: Lang, dct: Option<&str>) -> Vec<(String, String, Option<String>)> {
    TimexAnnotator::new()
        .annotate_str(text, lang, dct)
        .into_iter()
        .map(|a| match a.data {
            Data::Timex(t) => (
                text[a.span.start..a.span.end].to_owned(),
                t.value,
                t.modifier,
            ),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn absolute_and_partial_dates() {
    let v = vals(
        "In a letter dated 24 August 1821 he wrote; on 1 September they sailed and entered Lima on the 10th.",
        Lang::En,
        None,
    );
    let got: Vec<(&str, &str)> = v.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("24 August 1821", "1821-08-24"),
            ("1 September", "1821-09-01"),
            ("the 10th", "1821-09-10")
        ]
    );
}

#[test]
fn lists_and_modifiers() {
    let v = vals(
        "Torata and Moquegua (January 19 and 21, 1823). In mid-1823 he won.",
        Lang::En,
        None,
    );
    let got: Vec<(&str, &str)> = v.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("January 19", "1823-01-19"),
            ("21, 1823", "1823-01-21"),
            ("mid-1823", "1823")
        ]
    );
    assert_eq!(v[2].2.as_deref(), Some("MID"));
}

#[test]
fn spanish_dates_and_relative() {
    let v = vals(
        "El 5 de febrero 1824 se sublevaron; el mes siguiente llegó a fines de 1820 el siglo XIX.",
        Lang::Es,
        None,
    );
    let got: Vec<(&str, &str)> = v.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got[0], ("5 de febrero 1824", "1824-02-05"));
    assert_eq!(got[1], ("el mes siguiente", "1824-03"));
    assert_eq!(got[2], ("fines de 1820", "1820"));
    assert_eq!(got[3], ("el siglo XIX", "18"));
}

#[test]
fn no_anchor_means_underspecified() {
    let v = vals("They arrived on 1 September.", Lang::En, None);
    assert_eq!(v[0].1, "XXXX-09-01");
}

#[test]
fn deictic_uses_creation_time() {
    let v = vals("Ayer llegó el ministro.", Lang::Es, Some("2000-12-02"));
    assert_eq!(v[0].1, "2000-12-01");
}
