//! `quipu-link`: events, and the sources lined up.
//!
//! Two stages, both pure functions of their input:
//! - per document, [`doc_facts`]: the `quipu extract` record of a document
//!   and its text become its [`DocFacts`]: entity mentions, event frames
//!   (`events.rs`), stated sums, and name candidates no annotator claimed
//!   (`candidates.rs`, read by the collection when linking);
//! - across documents, [`link`]: the facts of many documents become a
//!   [`Kb`]: one entity and one event across sources and languages, the
//!   links with their confidence and evidence, and the discrepancies.
//!
//! The store (`quipu-store`) keeps both; the Spark path (part 7) runs the
//! same functions on partitions and groups.

pub mod candidates;
pub mod events;
pub mod facts;
pub mod kb;
pub mod link;
pub mod names;
pub mod record;

pub use events::doc_facts;
pub use facts::{Cite, DocFacts};
pub use kb::Kb;
pub use link::{link, link_with};
pub use record::ExtractRecord;
