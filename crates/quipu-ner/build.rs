//! Parse the word clusters (`data/clusters.tsv`) at build time into
//! fixed-size records (`u64` hash of the word, three `u16` ids, little
//! endian, in file order), so that start-up fills the map without reading
//! the 1 MB of text: that parse was an eighth of the instructions of a
//! one-sentence `quipu extract`. `Clusters::builtin` reads them; a unit
//! test checks they give the same map as `Clusters::parse`.
//!
//! Also lays out the tagger's place-name index of the built-in gazetteer
//! (`src/places_index.rs`, `quipu-geo` as a build dependency): building it
//! when the Spanish model loaded was a third of the instructions of a
//! 305 kB Spanish book. A unit test checks it is the index made at run time.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/build_shared.rs"]
mod build_shared;
#[allow(dead_code)]
#[path = "src/places_index.rs"]
mod places_index;

fn main() {
    let src = "data/clusters.tsv";
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("data/clusters.tsv");
    let mut out = Vec::new();
    // The same lines as `Clusters::parse` keeps (one reader of a line).
    for line in text.lines() {
        let Some(Some((w, ids))) = build_shared::cluster_line(line) else {
            continue;
        };
        out.extend_from_slice(&build_shared::hash_str(w).to_le_bytes());
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("clusters.bin"), out).expect("write the cluster records");
    // The place-name index of the built-in gazetteer (`src/places.rs`).
    println!("cargo::rerun-if-changed=src/places_index.rs");
    println!("cargo::rerun-if-changed=src/build_shared.rs");
    let places = places_index::lay_out(quipu_geo::builtin());
    std::fs::write(out_dir.join("places.bin"), places).expect("write the place-name index");
}
