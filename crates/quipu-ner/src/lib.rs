//! `quipu-ner`: the statistical entity tagger quipu trains itself, and the
//! layers on top of it.
//!
//! * [`iob`] reads CoNLL-2002, WikiANN, wikigold and HIPE-2022 files;
//! * [`features`] turns a sentence into hashed features;
//! * [`model`] is the averaged perceptron (training, tagging, model file);
//! * [`memory`] holds the training data's entity strings (an opt-in feature);
//! * [`lexicon`] holds the vocabulary (`lexicons/<lang>/entities.toml`).

mod build_shared;
pub mod canonical;
pub mod clusters;
mod coordination;
pub mod features;
pub mod iob;
pub mod lexicon;
pub mod memory;
pub mod model;
pub mod places;
mod places_index;
pub mod recognize;

pub use iob::{Corpus, Sentence};
pub use lexicon::Lexicon;
pub use model::{Model, TagCache, TrainOptions};
pub use recognize::{Hints, Layer, Mention, Recognizer};

/// The shipped model (`models/quipu-ner.model`), compiled into the binary.
pub fn builtin_model() -> anyhow::Result<Model> {
    Model::from_bytes(include_bytes!("../models/quipu-ner.model"))
        .map_err(|e| e.context("loading the built-in model"))
}

/// The shipped Spanish model (`models/quipu-ner-es.model`), compiled into
/// the binary: [`Recognizer::builtin`] tags Spanish sentences with it.
pub fn builtin_model_es() -> anyhow::Result<Model> {
    Model::from_bytes(include_bytes!("../models/quipu-ner-es.model"))
        .map_err(|e| e.context("loading the built-in Spanish model"))
}
