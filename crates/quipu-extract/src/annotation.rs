//! The annotation model: what every annotator produces.

use quipu_text::Span;
use serde::Serialize;

/// One finding: a span of the document text and what it means.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    /// Byte range into the document's text (not yet mapped to source bytes).
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub data: Data,
}

/// The kind-specific payload; serialized with a `kind` tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Data {
    Quantity(Quantity),
    Timex(Timex),
    Entity(Entity),
    /// A number that is neither a quantity nor part of a date (only with
    /// [`crate::Pipeline::with_numbers`]).
    Number(Number),
}

/// A number and its value: `seven`, `two dozen` (24), `1.5`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Number {
    pub value: f64,
}

impl Data {
    pub fn kind(&self) -> &'static str {
        match self {
            Data::Quantity(_) => "quantity",
            Data::Timex(_) => "timex",
            Data::Entity(_) => "entity",
            Data::Number(_) => "number",
        }
    }
}

/// Qualifiers of a number: `about 1,200`, `more than 400`, `casi 3.000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    About,
    Almost,
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
}

impl Approx {
    pub fn from_name(s: &str) -> Option<Approx> {
        Some(match s {
            "about" => Approx::About,
            "almost" => Approx::Almost,
            "more_than" => Approx::MoreThan,
            "less_than" => Approx::LessThan,
            "at_least" => Approx::AtLeast,
            "at_most" => Approx::AtMost,
            _ => return None,
        })
    }
}

/// What kind of thing a quantity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Personnel,
    Money,
    Vessels,
    Weapons,
    Animals,
    Casualties,
    Duration,
    Distance,
    Fraction,
    Other,
}

impl Category {
    pub fn from_name(s: &str) -> Option<Category> {
        Some(match s {
            "personnel" => Category::Personnel,
            "money" => Category::Money,
            "vessels" => Category::Vessels,
            "weapons" => Category::Weapons,
            "animals" => Category::Animals,
            "casualties" => Category::Casualties,
            "duration" => Category::Duration,
            "distance" => Category::Distance,
            "fraction" => Category::Fraction,
            "other" => Category::Other,
            _ => return None,
        })
    }

    /// Things counted in whole units: a value of 1.2 here means 1,200.
    pub fn is_countable(self) -> bool {
        matches!(
            self,
            Category::Personnel
                | Category::Vessels
                | Category::Weapons
                | Category::Animals
                | Category::Casualties
        )
    }
}

/// A number or quantity: `about 1,200 troops`, `14 o 16.000 hombres`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The value; `null` for a range.
    pub value: Option<f64>,
    /// Range ends (`1,500 to 2,000`); `null` when not a range.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Option<Approx>,
    /// The counted head noun as written (`soldiers`, `hombres`, `them`).
    pub unit: Option<String>,
    /// Language-independent lemma of the unit (`soldier` for `soldados`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// Words qualifying the unit (`infantry` in `2,200 infantry soldiers`).
    pub modifiers: Vec<String>,
    pub category: Category,
    /// When the unit is not written but carried over from an earlier
    /// quantity of the same sentence (`15,000 men …: 6,000 with …`), the
    /// span of that quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_from: Option<Span>,
}

/// A temporal expression with its TIMEX3 normalization.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timex {
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    #[serde(rename = "type")]
    pub ttype: &'static str,
    /// TIMEX3 value as the evaluation data writes it: `1821-08-24`, `182`,
    /// `1819-SP`, `XXXX-09-01`, `P3W`, `BC0044`, `PRESENT_REF`.
    pub value: String,
    /// `START`, `MID`, `END`, `APPROX`…
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    /// The expression the value was resolved from; `None` when absolute.
    pub anchor: Option<Span>,
    /// The other part of a list or range (`January 19 and 21, 1823`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<TimexLink>,
    /// First and last day covered (ISO dates), when known: for overlap queries.
    pub earliest: Option<String>,
    pub latest: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimexLink {
    /// A range (`1822–1823`, `from … to …`) rather than a list.
    pub range: bool,
    pub with: Span,
}

/// A named entity: a person, place, organization, military unit, ship or
/// named event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// `PER`, `LOC`, `ORG`, `MIL`, `SHIP` or `EVENT`.
    pub label: &'static str,
    /// Places: the chosen gazetteer entry's name (`Cuzco` → `Cusco`).
    /// Persons: the document's name for the person (`La Serna` → `José de
    /// la Serna`; an epithet takes the person it stands for). `null` when
    /// nothing was chosen, and for other labels.
    pub canonical: Option<String>,
    /// Which layer produced the mention: `gazetteer` (places), `model`
    /// (the statistical tagger) or `rule`.
    pub layer: &'static str,
    /// Places: how the name matched the chosen (or best) entry: `exact`,
    /// `accents`, `alternate-name`, spelling rules joined by `+` (`c/z/s`,
    /// `split-joined`, `edit-distance`…), or for names the gazetteer does
    /// not know, what marked them as places (`head`, `preposition`).
    /// Others: the rule (`title`, `mil-after`, `ship`, `person-context`…),
    /// or `model`.
    pub rule: String,
    /// A title or rank before a person's name (`Colonel`, `sargento`), a
    /// vessel type before a ship's (`frigate`); never inside the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Places only: the grounding.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// Where a place mention was grounded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// The chosen entry; `null` when the place is recognized but not
    /// resolved.
    pub geo: Option<Geo>,
    /// The candidates considered, best first.
    pub candidates: Vec<GeoCandidate>,
    /// Why `geo` is `null`, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
    /// `geonames:<id>`, `quipu:<curated id>` or `user:<id>`.
    pub id: String,
    /// ISO 3166 alpha-2; empty for entries that span countries.
    pub country: String,
    /// The chosen candidate's share of the candidates' scores (0–1).
    pub confidence: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeoCandidate {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    /// `city`, `capital`, `country`, `river`, `polity`…
    pub class: &'static str,
    pub population: u64,
    pub score: f64,
}
