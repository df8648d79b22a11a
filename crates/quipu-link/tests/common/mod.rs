//! Hand-made document facts shared by the linking tests.
#![allow(dead_code)]

use quipu_link::facts::{DocFacts, EventFact, GeoRef, Mention};

/// A mention of `label` whose name is `name`, with a gazetteer point when
/// `geo` is given.
pub fn mention_named(
    start: usize,
    text: &str,
    name: &str,
    label: &str,
    geo: Option<(&str, f64, f64)>,
) -> Mention {
    Mention {
        start,
        end: start + text.len(),
        text: text.into(),
        label: label.into(),
        name: name.into(),
        geo: geo.map(|(id, lat, lon)| GeoRef {
            id: id.into(),
            lat,
            lon,
            country: None,
            class: None,
            alternate: false,
        }),
        title: None,
        rule: "test".into(),
    }
}

/// A document's facts.
pub fn doc_with(id: &str, mentions: Vec<Mention>, events: Vec<EventFact>) -> DocFacts {
    DocFacts {
        doc: id.into(),
        path: None,
        lang: "en".into(),
        title: None,
        mentions,
        events,
        sums: vec![],
    }
}
