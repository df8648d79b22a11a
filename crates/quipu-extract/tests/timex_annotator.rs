//! The timex annotator alone (`TimexAnnotator::annotate_str`): absolute,
//! partial, listed and relative dates in English and Spanish, and a
//! creation time for deictic ones. Moved out of `src/timex/mod.rs` so that
//! library source names no place or person of the examples.

use quipu_extract::{Data, TimexAnnotator};
use quipu_text::Lang;

/// (text, value) pairs of [`vals`]' output.
fn texts_values(v: &[(String, String, Option<String>)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect()
}

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
    let got = texts_values(&v);
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
    let got = texts_values(&v);
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
    let got = texts_values(&v);
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

/// Regression (issue 13): `the afternoon of the 19th` came out as `the
/// afternoon` on the day the story was at (the 17th) and a separate `the
/// 19th`; the part of the day belongs to the day named after it.
#[test]
fn part_of_a_bare_day_is_that_day() {
    let v = vals(
        "The army left on March 17, 1821. On the afternoon of the 19th the enemy attacked. The same evening they fled.",
        Lang::En,
        None,
    );
    let got = texts_values(&v);
    assert_eq!(
        got,
        vec![
            ("March 17, 1821", "1821-03-17"),
            ("the afternoon of the 19th", "1821-03-19TAF"),
            ("The same evening", "1821-03-19TEV"),
        ]
    );
    let v = vals(
        "Salió el 17 de marzo de 1821. En la tarde del 19 el enemigo atacó.",
        Lang::Es,
        None,
    );
    assert_eq!(v[1].0, "la tarde del 19");
    assert_eq!(v[1].1, "1821-03-19TAF");
}

/// Regression (issue 13): `November the 8th, 1519` was read as `November`,
/// a day `the 8th` of no month and a year, so `the same day` after it took
/// the month before.
#[test]
fn month_the_day_is_one_date() {
    let v = vals(
        "In October 1519 they marched. Early on November the 8th, 1519, they entered the city. The same day the king met them.",
        Lang::En,
        None,
    );
    let got = texts_values(&v);
    assert_eq!(
        got,
        vec![
            ("October 1519", "1519-10"),
            ("November the 8th, 1519", "1519-11-08"),
            ("The same day", "1519-11-08"),
        ]
    );
}

/// Regression (issue 13): in a narrative told day by day, `On the 22nd we
/// captured…` was no date (a bare day was read only before a few words),
/// so `the same day` after it took an older day; and a letter's `the 12th
/// ultimo` was the 12th of the letter's own month.
#[test]
fn bare_day_opening_a_clause_and_letter_months() {
    let v = vals(
        "We sailed on the 3rd of May 1821. On the 22nd we captured a brig. The same day a letter of the 12th ultimo arrived.",
        Lang::En,
        None,
    );
    let got = texts_values(&v);
    assert_eq!(
        got,
        vec![
            ("the 3rd of May 1821", "1821-05-03"),
            ("the 22nd", "1821-05-22"),
            ("The same day", "1821-05-22"),
            ("the 12th ultimo", "1821-04-12"),
        ]
    );
}

/// Regression (issue 13): after a chapter heading `1821--1822.` the story
/// was put at the end year, so every bare month and day of the chapter came
/// out a year late (`the 7th December` as 1822-12-07).
#[test]
fn heading_span_of_years_starts_the_story_at_its_beginning() {
    let text = "CHAPTER XXXV.\n\n1821--1822.\n\nOn the 29th October the column marched. The 7th December it reached Pasco.";
    // Headings are blocks of a document (`annotate_str` has none).
    let doc = quipu_text::Reader::new().read_str(
        "t",
        text,
        &quipu_text::ReadOptions {
            lang: Some(Lang::En),
            ..Default::default()
        },
    );
    let mut out = Vec::new();
    quipu_extract::Annotator::annotate(&TimexAnnotator::new(), &doc, &mut out);
    let got: Vec<(String, String)> = out
        .into_iter()
        .filter_map(|a| match a.data {
            Data::Timex(t) => Some((text[a.span.start..a.span.end].to_owned(), t.value)),
            _ => None,
        })
        .collect();
    assert_eq!(
        got[2],
        ("the 29th October".to_owned(), "1821-10-29".to_owned())
    );
    assert_eq!(
        got[3],
        ("The 7th December".to_owned(), "1821-12-07".to_owned())
    );
}

/// Spanish TimeML (TempEval-2 news) counts a date's article in its extent
/// (`el 26 de mayo`, `del 2001`); history keeps the date alone. Through a
/// document, which carries the creation time.
#[test]
fn spanish_news_dates_take_their_article() {
    let text = "La reunión será el 26 de mayo del 2001, dijo este miércoles el ministro.";
    let run = |dct: Option<&str>| {
        let doc = quipu_text::Reader::new().read_str(
            "t",
            text,
            &quipu_text::ReadOptions {
                lang: Some(Lang::Es),
                dct: dct.map(str::to_owned),
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        quipu_extract::Annotator::annotate(&TimexAnnotator::new(), &doc, &mut out);
        out.into_iter()
            .map(|a| text[a.span.start..a.span.end].to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(Some("2000-06-01")),
        vec!["el 26 de mayo del 2001", "este miércoles"]
    );
    assert_eq!(run(None), vec!["26 de mayo del 2001", "miércoles"]);
}

/// Regression (issue 13): English hours in words were not read at all
/// (`at nine o'clock in the morning of the third` gave only `the morning
/// of the third`; `four o'clock in the afternoon` only `the afternoon`).
#[test]
fn english_hours_in_words() {
    let v = vals(
        "They sailed on 2 February 1820. At nine o'clock in the morning of the third they anchored, and at four o'clock in the afternoon they landed.",
        Lang::En,
        None,
    );
    let got = texts_values(&v);
    assert_eq!(
        got,
        vec![
            ("2 February 1820", "1820-02-02"),
            (
                "nine o'clock in the morning of the third",
                "1820-02-03T09:00"
            ),
            ("four o'clock in the afternoon", "1820-02-03T16:00"),
        ]
    );
}

/// Regression: `5 1/2 hours` was read as `2 hours` (the fraction's
/// denominator with the unit after it).
#[test]
fn mixed_number_durations() {
    let v = vals("The talks lasted 5 1/2 hours.", Lang::En, None);
    assert_eq!(v[0].0, "5 1/2 hours");
    assert_eq!(v[0].1, "PT5H30M");
}
