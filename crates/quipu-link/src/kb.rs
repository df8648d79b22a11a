//! The knowledge base the link stage produces: entities, events, links and
//! discrepancies across documents. This is the `jsonl` export contract
//! (`docs/kb.md`): field names here are that contract's.

use crate::facts::{Cite, GeoRef, QuantityFact};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kb {
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub links: Vec<Link>,
    pub discrepancies: Vec<Discrepancy>,
}

impl Kb {
    /// Put the records in the order every path writes them (a function of
    /// their content only, so that a knowledge base assembled from parts
    /// made in any order, e.g. by Spark, is byte-identical): entities by
    /// first mention, events by date (undated last) then first mention,
    /// links by kind, target and ends, discrepancies by kind then first
    /// evidence; a discrepancy id seen twice is kept once.
    pub fn canonical_order(&mut self) {
        Kb::order_entities(&mut self.entities);
        self.events.sort_by(|a, b| {
            let ka = a.date.as_ref().and_then(|d| d.earliest.as_ref());
            let kb = b.date.as_ref().and_then(|d| d.earliest.as_ref());
            let (ma, mb) = (a.mentions.first(), b.mentions.first());
            (ka.is_none(), ka, ma.map(|m| (&m.doc, m.start)), &a.id).cmp(&(
                kb.is_none(),
                kb,
                mb.map(|m| (&m.doc, m.start)),
                &b.id,
            ))
        });
        self.links.sort_by(|a, b| {
            (&a.kind, &a.target, &a.a, &a.b, &a.evidence).cmp(&(
                &b.kind,
                &b.target,
                &b.a,
                &b.b,
                &b.evidence,
            ))
        });
        let rank = |k: &str| {
            ["sum", "number", "date", "name"]
                .iter()
                .position(|x| *x == k)
                .unwrap_or(9)
        };
        self.discrepancies.sort_by(|a, b| {
            (rank(&a.kind), a.evidence.first(), &a.id).cmp(&(
                rank(&b.kind),
                b.evidence.first(),
                &b.id,
            ))
        });
        let mut seen = std::collections::HashSet::new();
        self.discrepancies.retain(|d| seen.insert(d.id.clone()));
    }

    /// The entities' part of [`Kb::canonical_order`] (by first mention,
    /// label, id), for entities handed on before the events are linked.
    pub fn order_entities(entities: &mut [Entity]) {
        entities.sort_by(|a, b| {
            (&a.mentions.first(), &a.label, &a.id).cmp(&(&b.mentions.first(), &b.label, &b.id))
        });
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub label: String,
    pub name: String,
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    pub mentions: Vec<Cite>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Date {
    pub value: String,
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// The date is the narrative's, not named in the event's sentence.
    #[serde(default)]
    pub inherited: bool,
    /// Where the date was read.
    pub source: Cite,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    pub entity: String,
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventParticipant {
    pub entity: String,
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Force {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Option<String>,
    pub unit: Option<String>,
    pub category: String,
    pub mention: Cite,
}

impl Force {
    pub fn from_fact(doc: &str, q: &QuantityFact) -> Force {
        Force {
            value: q.value,
            low: q.low,
            high: q.high,
            approx: q.approx.clone(),
            unit: q.unit.clone(),
            category: q.category.clone(),
            mention: Cite {
                doc: doc.to_string(),
                start: q.start,
                end: q.end,
                text: q.text.clone(),
            },
        }
    }
}

/// One source's telling of an event: the trigger (or name) and its sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: [usize; 2],
    #[serde(rename = "type")]
    pub etype: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub etype: String,
    /// A name when a source names the event (`Battle of Torata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub date: Option<Date>,
    pub places: Vec<EventPlace>,
    pub participants: Vec<EventParticipant>,
    pub forces: Vec<Force>,
    pub mentions: Vec<EventMention>,
    /// The lowest confidence of the links that joined its mentions (1 for
    /// an event told once).
    pub confidence: f64,
}

/// Why two mentions (of entities or events) were joined.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// `entity` or `event`.
    pub kind: String,
    /// The entity or event id the link is part of.
    pub target: String,
    pub a: Cite,
    pub b: Cite,
    pub confidence: f64,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    pub id: String,
    /// `sum`, `number`, `date` or `name`.
    pub kind: String,
    pub description: String,
    /// The entity or event it is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub evidence: Vec<Cite>,
}
