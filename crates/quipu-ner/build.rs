//! Parse the word clusters (`data/clusters.tsv`) at build time into
//! fixed-size records (`u64` hash of the word, three `u16` ids, little
//! endian, in file order), so that start-up fills the map without reading
//! the 1 MB of text: that parse was an eighth of the instructions of a
//! one-sentence `quipu extract`. `Clusters::builtin` reads them; a unit
//! test checks they give the same map as `Clusters::parse`.

use std::path::PathBuf;

/// `crate::features::hash_str` (FNV-1a).
fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn main() {
    let src = "data/clusters.tsv";
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("data/clusters.tsv");
    let mut out = Vec::new();
    // The same lines as `Clusters::parse` keeps.
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut it = line.split('\t');
        let w = it.next().unwrap_or("");
        let mut ids = [0u16; 3];
        let mut k = 0;
        for x in it {
            if let Ok(v) = x.parse::<u16>() {
                if k < 3 {
                    ids[k] = v;
                }
                k += 1;
            }
        }
        if w.is_empty() || k != 3 {
            continue;
        }
        out.extend_from_slice(&hash_str(w).to_le_bytes());
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    let dst = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("clusters.bin");
    std::fs::write(dst, out).expect("write the cluster records");
}
