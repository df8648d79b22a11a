//! Inflate the committed gazetteer artifact (`data/gazetteer.qgz`,
//! deflated to keep the repository small) at build time, so that the
//! binary embeds the raw encoding and start-up does not inflate it: that
//! was a third of the instructions of a one-sentence `quipu extract`.

use std::path::PathBuf;

fn main() {
    let src = "data/gazetteer.qgz";
    println!("cargo::rerun-if-changed={src}");
    let packed = std::fs::read(src).expect("data/gazetteer.qgz");
    let raw = match packed.strip_prefix(b"QGZD") {
        Some(z) => miniz_oxide::inflate::decompress_to_vec_with_limit(z, 1 << 28)
            .expect("data/gazetteer.qgz does not inflate"),
        None => packed.clone(),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("gazetteer.raw");
    std::fs::write(&out, raw).expect("write the inflated gazetteer");
    println!(
        "cargo::rustc-env=QUIPU_GAZETTEER_PACKED_LEN={}",
        packed.len()
    );
}
