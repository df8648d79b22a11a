//! Parse the word clusters (`data/clusters.tsv`) at build time into
//! fixed-size records (`u64` hash of the word, three `u16` ids, little
//! endian, in file order), so that start-up fills the map without reading
//! the 1 MB of text: that parse was an eighth of the instructions of a
//! one-sentence `quipu extract`. `Clusters::builtin` reads them; a unit
//! test checks they give the same map as `Clusters::parse`.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/build_shared.rs"]
mod build_shared;

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
    let dst = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("clusters.bin");
    std::fs::write(dst, out).expect("write the cluster records");
}
