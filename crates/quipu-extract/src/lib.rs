//! `quipu-extract`: the annotators.
//!
//! Each annotator is a module with the same shape: it reads a
//! [`quipu_text::Document`] and appends [`Annotation`]s whose spans index the
//! document's text. Annotators are independent; where two disagree (a year is
//! not a troop count) the conflict is settled in one place, [`agree`].
//! Vocabulary lives in `lexicons/<lang>/*.toml`, never in code.

pub mod agree;
mod annotation;
pub mod entity;
pub mod place;
pub mod quantity;
pub mod timex;
mod tokens;

pub use annotation::{
    Annotation, Approx, Category, Data, Entity, Geo, GeoCandidate, Number, Place, Quantity, Timex,
    TimexLink,
};
pub use entity::EntityAnnotator;
pub use place::PlaceAnnotator;
pub use quantity::{NumberAnnotator, QuantityAnnotator};
pub use timex::TimexAnnotator;

use quipu_text::Document;

/// The common shape of every annotator.
pub trait Annotator: Send + Sync {
    /// A short stable name, reported as the `source` of what it produces.
    fn name(&self) -> &'static str;
    /// Append this annotator's findings for `doc` to `out`.
    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>);
}

/// All annotators, run in order, then reconciled.
pub struct Pipeline {
    annotators: Vec<Box<dyn Annotator>>,
    /// Whether a [`NumberAnnotator`] is among them.
    numbers: bool,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            annotators: vec![
                Box::new(QuantityAnnotator::new()),
                Box::new(TimexAnnotator::new()),
                Box::new(EntityAnnotator::new()),
            ],
            numbers: false,
        }
    }
}

impl Pipeline {
    pub fn new(annotators: Vec<Box<dyn Annotator>>) -> Pipeline {
        Pipeline {
            annotators,
            numbers: false,
        }
    }

    /// Also give every number that is neither a quantity nor part of a
    /// date, with its value (`kind: "number"`): `seven`, `two dozen`.
    pub fn with_numbers(mut self) -> Pipeline {
        if !self.numbers {
            self.annotators.push(Box::new(NumberAnnotator::new()));
            self.numbers = true;
        }
        self
    }

    /// Whether [`Pipeline::with_numbers`] was applied.
    pub fn has_numbers(&self) -> bool {
        self.numbers
    }

    /// The default annotators, places looked up in `gaz` (the built-in
    /// gazetteer extended by user files).
    pub fn with_gazetteer(gaz: std::sync::Arc<quipu_geo::Gazetteer>) -> Pipeline {
        Pipeline {
            annotators: vec![
                Box::new(QuantityAnnotator::new()),
                Box::new(TimexAnnotator::new()),
                Box::new(EntityAnnotator::with_gazetteer(gaz)),
            ],
            numbers: false,
        }
    }

    /// Run every annotator on `doc`; the result is sorted by position.
    pub fn run(&self, doc: &Document) -> Vec<Annotation> {
        let mut out = Vec::new();
        for a in &self.annotators {
            a.annotate(doc, &mut out);
        }
        agree::settle(&mut out);
        out
    }
}
