//! Entities: persons, places, organizations, military units, ships and
//! named events, as `entity` annotations.
//!
//! Two layers meet here, each run once per document:
//!
//! * the place recognizer (`quipu-geo`) finds and grounds places, and on
//!   the way sets aside the names it saw used as persons (a title, rank or
//!   given name around them, `under the command of`, a name only ever the
//!   subject of a verb);
//! * the entity recognizer (`quipu-ner`: the statistical tagger, rules for
//!   units, ships, events, titles and epithets, one canonical name per
//!   person) takes those person names as evidence
//!   ([`quipu_ner::Recognizer::document_with`]).
//!
//! Then one span gets one reading ([`merge`]):
//!
//! * places come from the gazetteer layer only: the tagger's own `LOC` and
//!   `MISC` spans are not output (its `LOC` is a weaker guess than the
//!   gazetteer's with context and grounding);
//! * a person against a place on overlapping spans: the place wins when
//!   a generic head or a strong place preposition marks it (`the city of
//!   Sucre`, `en Bolívar`) and the person has no title there; otherwise a
//!   person found by a rule (title, a fuller name in the document, person
//!   context, epithet) wins, and a person guessed by the model alone (or
//!   by the model's majority for the string in the document) loses —
//!   unless the place is one word read as a far-off village with no
//!   strong context (`between Gasca and the Inca`);
//! * an organization, unit, ship or event that contains a place keeps it
//!   inside (`the Battle of Torata`, `the First Constituent Congress of
//!   Peru`); on equal or crossing spans a rule's unit, ship or event wins
//!   (`the _Milford_` after `two heavy frigates`: the ship, not the town)
//!   and the model's organization loses — but a place the gazetteer knows
//!   by the whole name of an institution stays a place (`the Royal Audience
//!   of Quito`, the territory).

use std::sync::{Arc, OnceLock};

use quipu_geo::{Gazetteer, Recognizer as PlaceRecognizer};
use quipu_ner::{Hints, Layer, Mention, Recognizer};
use quipu_text::{Document, Lang, Span, SpanIndex};

use crate::place::places_weighed;
use crate::{Annotation, Annotator, Data, Entity};

/// Places and the other entities of a document (see the module comment).
pub struct EntityAnnotator {
    gaz: Option<Arc<Gazetteer>>,
    /// Another tagger than the shipped one (`quipu train silver --model`).
    rec: Option<Arc<Recognizer>>,
}

impl Default for EntityAnnotator {
    fn default() -> Self {
        EntityAnnotator::new()
    }
}

/// The shipped tagger and lexicons, loaded once per process; `None` if the
/// embedded model cannot be read (then only places come out, and the
/// reason is said once on stderr: a build whose lexicons changed without
/// retraining the model must not fail silently).
fn recognizer() -> Option<&'static Recognizer> {
    RECOGNIZER
        .get_or_init(|| match Recognizer::builtin() {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!(
                    "quipu: the entity model cannot be used ({e:#}); only places are extracted"
                );
                None
            }
        })
        .as_ref()
}

static RECOGNIZER: OnceLock<Option<Recognizer>> = OnceLock::new();

impl EntityAnnotator {
    /// With the built-in gazetteer.
    pub fn new() -> EntityAnnotator {
        EntityAnnotator {
            gaz: None,
            rec: None,
        }
    }

    /// With another entity recognizer than the shipped one.
    pub fn with_recognizer(mut self, rec: Arc<Recognizer>) -> EntityAnnotator {
        self.rec = Some(rec);
        self
    }

    /// With another gazetteer (the built-in one plus user files).
    pub fn with_gazetteer(gaz: Arc<Gazetteer>) -> EntityAnnotator {
        EntityAnnotator {
            gaz: Some(gaz),
            rec: None,
        }
    }

    fn gazetteer(&self) -> &Gazetteer {
        match &self.gaz {
            Some(g) => g,
            None => quipu_geo::builtin(),
        }
    }
}

/// A place annotation with what marked it as a place.
struct PlaceFound {
    ann: Annotation,
    /// A generic head or a strong place preposition (`the port of`, `en`),
    /// or a country or region.
    strong: bool,
    /// A one-word far-off village reading with no strong context
    /// ([`crate::place::places_weighed`]): the tagger's person wins there.
    weak: bool,
}

impl Annotator for EntityAnnotator {
    fn name(&self) -> &'static str {
        "entity"
    }

    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>) {
        let gaz = if RECOGNIZER.get().is_some() || self.rec.is_some() {
            self.gazetteer()
        } else {
            // The first document: the tagger loads on another thread while
            // this one loads the gazetteer (start-up time).
            std::thread::scope(|s| {
                s.spawn(recognizer);
                self.gazetteer()
            })
        };
        let mut found = PlaceRecognizer::new(gaz).recognize_all(doc);
        let (placed, persons, weak) = places_weighed(gaz, doc, &found.places);
        found.persons.extend(persons);
        found.persons.sort();
        let places: Vec<PlaceFound> = placed
            .into_iter()
            .zip(&found.places)
            .zip(weak)
            .filter_map(|((a, m), weak)| {
                a.map(|ann| {
                    // A country or region is a place wherever it stands
                    // (`Peru sent`): the tagger's persons there are places.
                    let areal = match &ann.data {
                        Data::Entity(Entity { place: Some(p), .. }) => {
                            p.geo.is_some()
                                && p.candidates.first().is_some_and(|c| {
                                    matches!(c.class, "country" | "region" | "polity" | "continent")
                                })
                        }
                        _ => false,
                    };
                    PlaceFound {
                        strong: m.context.head.is_some() || m.context.strong_prep || areal,
                        weak,
                        ann,
                    }
                })
            })
            .collect();
        let rec: Option<&Recognizer> = match &self.rec {
            Some(r) => Some(r),
            None => recognizer(),
        };
        let Some(rec) = rec else {
            out.extend(places.into_iter().map(|p| p.ann));
            return;
        };
        let sentences: Vec<(Span, Lang)> = doc
            .sentences
            .iter()
            .map(|&s| (s, doc.lang_at(s.start)))
            .collect();
        let strong: Vec<Span> = places
            .iter()
            .filter(|p| p.strong)
            .map(|p| p.ann.span)
            .collect();
        let hints = Hints {
            persons: &found.persons,
            places: &strong,
            doc: Some(doc),
        };
        let mut mentions = rec.document_with(&doc.text, &sentences, &hints);
        drop_places_as_forms(&doc.text, &places, &mut mentions);
        merge(places, mentions, out);
    }
}

/// A name the place layer reads as a place elsewhere in the document is
/// not a person just because it is also a form of a longer "person" name
/// (`person-in-document`): those longer names are mostly the tagger's
/// mistakes (`Supreme Director of Chili`, `Universidad de Lima`, a model
/// PER `Buenos Ayres`), and one of them turned a book's `Chili`s into
/// persons. A person whose surname is a place (`Sucre`, `Bolívar`) is found
/// by the place layer's own person evidence (titles, given names) instead.
fn drop_places_as_forms(text: &str, places: &[PlaceFound], mentions: &mut Vec<Mention>) {
    if !mentions
        .iter()
        .any(|m| m.rule == Some("person-in-document"))
    {
        return;
    }
    let mut as_place: rustc_hash::FxHashMap<String, usize> = Default::default();
    for p in places {
        if let Some(t) = text.get(p.ann.span.start..p.ann.span.end) {
            *as_place.entry(quipu_geo::fold::key(t)).or_default() += 1;
        }
    }
    mentions.retain(|m| {
        m.rule != Some("person-in-document")
            || as_place
                .get(&quipu_geo::fold::key(&m.text))
                .copied()
                .unwrap_or(0)
                < 2
    });
}

fn label(l: &str) -> Option<&'static str> {
    Some(match l {
        "PER" => "PER",
        "ORG" => "ORG",
        "MIL" => "MIL",
        "SHIP" => "SHIP",
        "EVENT" => "EVENT",
        _ => return None,
    })
}

/// Does `outer` strictly contain `inner`?
fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != inner
}

/// Population of a capital whose name, the subject of a verb, stays the
/// place (its government acts: `Lima resolved`).
const BIG_CAPITAL: u64 = 500_000;

/// One reading per span (the rules are in the module comment).
fn merge(places: Vec<PlaceFound>, mentions: Vec<Mention>, out: &mut Vec<Annotation>) {
    let mentions: Vec<(Mention, &'static str)> = mentions
        .into_iter()
        .filter_map(|m| label(&m.label).map(|l| (m, l)))
        .collect();
    // A person read from a verb of human agency (`person-agent`: `X
    // boarded the frigate`) is weaker than a place the document also names
    // after a head or a strong preposition (one sense per document: `in
    // Buenos Ayres` elsewhere), or a large capital (`Lima resolved` is its
    // government): it wins over small towns that share a surname.
    let strong_keys: rustc_hash::FxHashSet<String> = places
        .iter()
        .filter(|p| p.strong)
        .filter_map(|p| match &p.ann.data {
            Data::Entity(Entity {
                place: Some(pl), ..
            }) => pl.candidates.first().map(|c| quipu_geo::fold::key(&c.name)),
            _ => None,
        })
        .collect();
    let big_place = |p: &PlaceFound| match &p.ann.data {
        Data::Entity(Entity {
            place: Some(pl), ..
        }) => pl.candidates.first().is_some_and(|c| {
            (c.class == "capital" && c.population >= BIG_CAPITAL)
                || strong_keys.contains(&quipu_geo::fold::key(&c.name))
        }),
        _ => false,
    };
    let mut keep_place = vec![true; places.len()];
    let mut keep_mention = vec![true; mentions.len()];
    let index = SpanIndex::new(mentions.iter().map(|(m, _)| m.span));
    for (pi, p) in places.iter().enumerate() {
        for mi in index.overlapping(p.ann.span) {
            let (m, l) = &mentions[mi];
            // The model's majority label for a string is still the model's;
            // a form of a person named elsewhere (`person-in-document`) is
            // document-level evidence, weaker than the place layer's reading
            // of this mention (one wrong `Universidad de Lima` made every
            // `Lima` of a book a person).
            let rule = m.layer == Layer::Rule
                && !matches!(m.rule, Some("label-in-document" | "person-in-document"));
            if *l == "PER" {
                let titled = m.rule == Some("title");
                if (p.strong || (m.rule == Some("person-agent") && big_place(p))) && !titled {
                    keep_mention[mi] = false;
                } else if rule || p.weak {
                    keep_place[pi] = false;
                } else {
                    keep_mention[mi] = false;
                }
            } else if contains(m.span, p.ann.span) {
                // A place inside a unit, ship, event or organization name.
            } else if m.rule == Some("org-head")
                && p.ann.span.start <= m.span.start
                && m.span.end <= p.ann.span.end
            {
                // The gazetteer knows the whole name as a place: `the Royal
                // Audience of Quito` the territory, not its court.
                keep_mention[mi] = false;
            } else if rule {
                keep_place[pi] = false;
            } else {
                keep_mention[mi] = false;
            }
        }
    }
    out.extend(
        places
            .into_iter()
            .zip(keep_place)
            .filter(|(_, k)| *k)
            .map(|(p, _)| p.ann),
    );
    for ((m, l), k) in mentions.into_iter().zip(keep_mention) {
        if !k {
            continue;
        }
        let (layer, rule) = match m.layer {
            Layer::Model => ("model", "model".to_owned()),
            Layer::Rule => ("rule", m.rule.unwrap_or("rule").to_owned()),
        };
        out.push(Annotation {
            span: m.span,
            data: Data::Entity(Entity {
                label: l,
                canonical: if l == "PER" { m.canonical } else { None },
                layer,
                rule,
                title: m.title,
                place: None,
            }),
        });
    }
}
