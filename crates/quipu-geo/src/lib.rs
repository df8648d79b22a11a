//! `quipu-geo`: places.
//!
//! * [`gazetteer`]: the compact built-in gazetteer (GeoNames populated
//!   places, countries, continents — built by `cargo xtask gazetteer` into
//!   `data/gazetteer.qgz`) plus the curated table of what history text
//!   names and GeoNames populated places lack, plus user TSV files.
//! * [`fold`]: folded keys and orthographic skeletons with named rules.
//! * [`build`]: the artifact builder (used by the xtask only).

pub mod build;
mod codec;
mod flat;
pub mod fold;
pub mod gazetteer;

pub use gazetteer::{Alternates, Class, Entry, Gazetteer, Hit, Origin, builtin};
pub mod recognize;
pub use recognize::{Mention, Recognized, Recognizer};
pub mod resolve;
pub use resolve::{Resolution, Scored, haversine_km, resolve};
