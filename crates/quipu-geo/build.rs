//! Inflate the committed gazetteer artifact (`data/gazetteer.qgz`,
//! deflated to keep the repository small) at build time and lay it out for
//! use in place (`src/flat.rs`), so that the binary embeds the layout and
//! start-up neither inflates nor decodes: inflating was a third of the
//! instructions of a one-sentence `quipu extract`, decoding 40% of the rest.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/codec.rs"]
mod codec;
#[allow(dead_code)]
#[path = "src/flat.rs"]
mod flat;

fn main() {
    let src = "data/gazetteer.qgz";
    println!("cargo::rerun-if-changed={src}");
    println!("cargo::rerun-if-changed=src/codec.rs");
    println!("cargo::rerun-if-changed=src/flat.rs");
    let packed = std::fs::read(src).expect("data/gazetteer.qgz");
    let raw = match packed.strip_prefix(b"QGZD") {
        Some(z) => miniz_oxide::inflate::decompress_to_vec_with_limit(z, 1 << 28)
            .expect("data/gazetteer.qgz does not inflate"),
        None => packed.clone(),
    };
    let flat = flat::lay_out(&raw).expect("data/gazetteer.qgz does not decode");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("gazetteer.flat");
    std::fs::write(&out, flat).expect("write the laid-out gazetteer");
    println!(
        "cargo::rustc-env=QUIPU_GAZETTEER_PACKED_LEN={}",
        packed.len()
    );
}
