//! The extracted facts of one document, as the link layer needs them.
//!
//! [`DocFacts`] is what the per-document stage produces (in parallel, one
//! document at a time) and what the cross-document stage ([`crate::link`])
//! consumes. It is plain serializable data: the Spark path writes it as JSON
//! Lines and groups it by blocking key, the single-machine ingest keeps it in
//! the database so that linking can be re-run without re-extracting.

use serde::{Deserialize, Serialize};

/// A byte span with the text it covers, in one document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cite {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoRef {
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The gazetteer class (`city`, `country`, `region`, `river`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Read by one of the entry's alternate names, not its own (`Bolívar`
    /// for the town of Calceta): weaker evidence that the name is a place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alternate: bool,
}

/// An entity mention: a person, place, unit, ship, organization or named
/// event (a war, a campaign) as the per-document layers read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: String,
    /// The document's name for the entity (the canonical name of a person,
    /// the gazetteer name of a place, the mention text otherwise).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The rule or layer that found it (`epithet` mentions are not spellings
    /// of the name).
    pub rule: String,
}

/// A time argument: a TIMEX3 value with the interval it means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeArg {
    pub value: String,
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// The timex the value comes from.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// True when the sentence names no date and the time is the narrative's
    /// (the last date of the paragraph before it).
    #[serde(default)]
    pub inherited: bool,
}

impl TimeArg {
    /// Days since 0000-03-01 of `earliest` / `latest`, when known.
    pub fn interval(&self) -> Option<(i64, i64)> {
        Some((
            day_number(self.earliest.as_deref()?)?,
            day_number(self.latest.as_deref()?)?,
        ))
    }

    /// Width of the interval in days (a day is 1).
    pub fn width(&self) -> Option<i64> {
        self.interval().map(|(a, b)| b - a + 1)
    }

    /// The month and day of a date of one day, with its year or without
    /// (`1821-07-28`, `XXXX-07-28` → `07-28`), and whether the year is
    /// unknown.
    pub fn month_day(&self) -> Option<(&str, bool)> {
        let v = self.value.as_bytes();
        let digits = |r: std::ops::Range<usize>| v[r].iter().all(u8::is_ascii_digit);
        let day = v.len() == 10 && v[4] == b'-' && v[7] == b'-' && digits(5..7) && digits(8..10);
        let yearless = v.starts_with(b"XXXX");
        (day && (yearless || digits(0..4))).then(|| (&self.value[5..10], yearless))
    }
}

/// Day number of an ISO date `YYYY-MM-DD` (proleptic Gregorian).
pub fn day_number(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(
        365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + (153 * m + 2) / 5 + d
            - 1,
    )
}

/// A number of people or things: a force, a loss, a part of a total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityFact {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Option<String>,
    pub unit: Option<String>,
    pub lemma: Option<String>,
    pub category: String,
}

impl QuantityFact {
    /// The smallest and largest value the quantity allows.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match (self.value, self.low, self.high) {
            (_, Some(l), Some(h)) => Some((l, h)),
            (Some(v), _, _) => Some((v, v)),
            _ => None,
        }
    }
}

/// A participant of an event: an index into [`DocFacts::mentions`] and its
/// role where the sentence makes it clear.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub mention: usize,
    pub role: String,
}

/// A place of an event: an index into [`DocFacts::mentions`] and its role
/// (`location`, `origin`, `destination`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceArg {
    pub mention: usize,
    pub role: String,
}

/// One event frame: a trigger in a sentence and its arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventFact {
    #[serde(rename = "type")]
    pub etype: String,
    /// The trigger word or the event's name.
    pub trigger: [usize; 2],
    pub trigger_text: String,
    /// The sentence the frame was read from.
    pub sentence: [usize; 2],
    /// A named event (`the Battle of Torata`): linked by its name's place.
    pub named: bool,
    /// The folded name of a named event's place (`torata`), also when the
    /// place layer did not find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_key: Option<String>,
    pub time: Option<TimeArg>,
    pub places: Vec<PlaceArg>,
    pub participants: Vec<Participant>,
    pub forces: Vec<QuantityFact>,
    /// Other triggers folded into this frame (`victory`, `killed` in the
    /// sentence of a battle).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The side a casualty count is of (`royalist`, `patriot`: the first
    /// side word of the clause, in the lexicon's key), where it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// A battle word with no place that only refers to a battle the
    /// document names nearby (`in this action`, `news of the disaster`):
    /// kept only when linking finds that battle.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anaphor: bool,
}

/// A stated whole and the parts listed with it, in one sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SumCheck {
    pub whole: QuantityFact,
    pub parts: Vec<QuantityFact>,
}

/// Everything the link layer needs of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocFacts {
    /// The document id (`quipu extract`'s `id`).
    pub doc: String,
    pub path: Option<String>,
    pub lang: String,
    pub title: Option<String>,
    pub mentions: Vec<Mention>,
    pub events: Vec<EventFact>,
    pub sums: Vec<SumCheck>,
}
