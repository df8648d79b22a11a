//! Places: recognition and resolution by `quipu-geo`, as `entity`
//! annotations with label `LOC`.
//!
//! The annotator only adapts: `quipu_geo::Recognizer` finds the mentions
//! (gazetteer names, generic heads, persons and units set aside) and
//! `quipu_geo::resolve` chooses an entry per mention with the candidates
//! it considered.

use std::sync::Arc;

use quipu_geo::{Gazetteer, Recognizer};
use quipu_text::Document;

use crate::{Annotation, Annotator, Data, Entity, Geo, GeoCandidate, Place};

pub struct PlaceAnnotator {
    gaz: Option<Arc<Gazetteer>>,
}

impl Default for PlaceAnnotator {
    fn default() -> Self {
        PlaceAnnotator::new()
    }
}

impl PlaceAnnotator {
    /// With the built-in gazetteer (loaded once per process, on first use).
    pub fn new() -> PlaceAnnotator {
        PlaceAnnotator { gaz: None }
    }

    /// With another gazetteer (the built-in one plus user files).
    pub fn with_gazetteer(gaz: Arc<Gazetteer>) -> PlaceAnnotator {
        PlaceAnnotator { gaz: Some(gaz) }
    }

    fn gazetteer(&self) -> &Gazetteer {
        match &self.gaz {
            Some(g) => g,
            None => quipu_geo::builtin(),
        }
    }
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

impl Annotator for PlaceAnnotator {
    fn name(&self) -> &'static str {
        "place"
    }

    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>) {
        let gaz = self.gazetteer();
        let mentions = Recognizer::new(gaz).recognize(doc);
        out.extend(places(gaz, doc, &mentions).0.into_iter().flatten());
    }
}

/// The `LOC` annotation of each place mention, resolved; `None` for a
/// mention set aside (a gazetteer name with nothing around it saying it is
/// a place and no reading near the document's other places).
///
/// Also returns the names set aside that the text shows to be persons (a
/// Spanish personal `a` before a name that is no place near the story).
pub fn places(
    gaz: &Gazetteer,
    doc: &Document,
    mentions: &[quipu_geo::Mention],
) -> (Vec<Option<Annotation>>, Vec<quipu_text::Span>) {
    let (out, persons, _) = places_weighed(gaz, doc, mentions);
    (out, persons)
}

/// [`places`], and for each mention whether its reading is weak: one word
/// with no head or strong preposition (`between Gasca and the Inca`),
/// read as a town of under 100,000 people more than 1,500 km from the
/// document's other places — a surname as likely as a place, for another
/// layer to weigh.
pub fn places_weighed(
    gaz: &Gazetteer,
    doc: &Document,
    mentions: &[quipu_geo::Mention],
) -> (Vec<Option<Annotation>>, Vec<quipu_text::Span>, Vec<bool>) {
    let resolutions = quipu_geo::resolve(gaz, mentions);
    let mut out = Vec::with_capacity(mentions.len());
    let mut persons = Vec::new();
    let mut weak = Vec::with_capacity(mentions.len());
    for (m, r) in mentions.iter().zip(resolutions) {
        out.push(None);
        weak.push(
            !m.key.contains(' ')
                && m.context.head.is_none()
                && !m.context.strong_prep
                && r.chosen.and_then(|i| r.candidates.get(i)).is_some_and(|s| {
                    let e = gaz.entry(s.entry);
                    e.origin == quipu_geo::Origin::GeoNames
                        && e.class == quipu_geo::Class::City
                        && e.population < 100_000
                        && r.off_cluster_km.unwrap_or(0.0) > 1500.0
                }),
        );
        // A gazetteer name with nothing around it saying it is a place,
        // whose only readings are far-off hamlets, is a word, not a place.
        let c = &m.context;
        // (A name before a capitalized word it may only be part of counts
        // as without context.)
        let no_context =
            m.found_by == "gazetteer" && (!(c.place_prep || c.head.is_some()) || c.attributive);
        if no_context && r.chosen.is_none() {
            continue;
        }
        // Spanish `a` takes persons as well as destinations (`se dirigió a
        // Sucre`, the personal `a`): alone, it does not make a far-off
        // hamlet a place — and what it names then is a person.
        let personal_a = c.place_prep
            && !c.strong_prep
            && c.head.is_none()
            && doc.lang_at(m.span.start) == quipu_text::Lang::Es
            && matches!(
                doc.text[..m.span.start]
                    .trim_end()
                    .rsplit(|ch: char| !ch.is_alphabetic())
                    .next(),
                Some("a" | "al")
            );
        // Likewise a one-word name with nothing around it whose best
        // reading is a minor place far from the document's others (a
        // surname: `Turner`, `Campbell`).
        if (no_context || personal_a)
            && !m.key.contains(' ')
            && let Some(s) = r.chosen.and_then(|i| r.candidates.get(i))
        {
            let e = gaz.entry(s.entry);
            let minor = e.origin == quipu_geo::Origin::GeoNames
                && e.class == quipu_geo::Class::City
                && e.population < 100_000;
            let far = r.off_cluster_km.unwrap_or(0.0);
            if (minor && far > 1500.0) || (e.population < 500_000 && far > 3000.0) {
                // A person only when the reading is a village: `se dirigió
                // a Toledo`, `a Inglaterra` are journeys to far places.
                let village = minor && e.population < 20_000;
                if personal_a && village {
                    persons.push(m.span);
                    continue;
                }
                if !personal_a {
                    continue;
                }
            }
        }
        // A spelling variant or an odd alternate name of a GeoNames place,
        // with nothing around it and far from the document's places, is
        // a word that happens to look like a place (`Dixon`/Dijon).
        if no_context && let Some(s) = r.chosen.and_then(|i| r.candidates.get(i)) {
            let e = gaz.entry(s.entry);
            let variant = s.rules.iter().any(|r| {
                !matches!(
                    r,
                    quipu_geo::fold::Rule::Accents | quipu_geo::fold::Rule::Spacing
                )
            }) || s.alternate;
            let near = r.off_cluster_km.is_some_and(|d| d < 500.0);
            let major = matches!(
                e.class,
                quipu_geo::Class::Country | quipu_geo::Class::Capital
            ) || e.population >= 500_000;
            if variant && e.origin == quipu_geo::Origin::GeoNames && !major && !near {
                continue;
            }
        }
        let candidates: Vec<GeoCandidate> = r
            .candidates
            .iter()
            .map(|s| {
                let e = gaz.entry(s.entry);
                GeoCandidate {
                    id: e.id(),
                    name: e.name.to_owned(),
                    lat: round(e.lat, 4),
                    lon: round(e.lon, 4),
                    country: e.country.to_string(),
                    class: e.class.name(),
                    population: e.population,
                    score: round(s.score, 3),
                }
            })
            .collect();
        let chosen = r.chosen.and_then(|i| r.candidates.get(i));
        let rule = match chosen.or(r.candidates.first()) {
            None => m.found_by.to_owned(),
            Some(s) if s.rules.is_empty() => {
                let text = doc.slice(m.span);
                let name = gaz.entry(s.entry).name;
                if s.alternate {
                    "alternate-name".to_owned()
                } else if text.to_lowercase() != name.to_lowercase()
                    && quipu_geo::fold::fold(text) == quipu_geo::fold::fold(name)
                {
                    "accents".to_owned()
                } else {
                    "exact".to_owned()
                }
            }
            Some(s) => s
                .rules
                .iter()
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join("+"),
        };
        let geo = chosen.map(|s| {
            let e = gaz.entry(s.entry);
            Geo {
                lat: round(e.lat, 4),
                lon: round(e.lon, 4),
                id: e.id(),
                country: e.country.to_string(),
                confidence: r.confidence,
            }
        });
        let Some(slot) = out.last_mut() else { continue };
        *slot = Some(Annotation {
            span: m.span,
            data: Data::Entity(Entity {
                label: "LOC",
                canonical: chosen.map(|s| gaz.entry(s.entry).name.to_owned()),
                layer: "gazetteer",
                rule,
                title: None,
                place: Some(Place {
                    geo,
                    candidates,
                    unresolved: r.reason,
                }),
            }),
        });
    }
    (out, persons, weak)
}
