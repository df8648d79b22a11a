//! Project tools.
//!
//! `cargo xtask gazetteer [SOURCE_DIR] [CORPUS_DIR…]` builds
//! `crates/quipu-geo/data/gazetteer.qgz` from the GeoNames files in
//! `SOURCE_DIR` (default `../shared/data/gazetteer`), with the common-word
//! list counted over the `.txt` files of the corpus folders (default
//! `../shared/corpus/history-en`, `history-es`, `novels-es`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gazetteer") => match gazetteer(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask gazetteer: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo xtask gazetteer [SOURCE_DIR] [CORPUS_DIR…]");
            ExitCode::from(2)
        }
    }
}

fn gazetteer(args: &[String]) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared");
    let src = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("data/gazetteer"));
    let corpora: Vec<PathBuf> = if args.len() > 1 {
        args[1..].iter().map(PathBuf::from).collect()
    } else {
        ["history-en", "history-es", "novels-es"]
            .iter()
            .map(|d| shared.join("corpus").join(d))
            .collect()
    };
    let t = Instant::now();
    let entries = quipu_geo::build::read_geonames(&src)?;
    let dirs: Vec<&Path> = corpora.iter().map(PathBuf::as_path).collect();
    let (common, vocabulary) = quipu_geo::build::common_words(&entries, &dirs, 3.0, 5, 5);
    let n = entries.len();
    let bytes = quipu_geo::gazetteer::pack(&quipu_geo::gazetteer::write_artifact(
        entries,
        &common,
        &vocabulary,
    ));
    let out = root.join("crates/quipu-geo/data/gazetteer.qgz");
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "{}: {n} entries, {} common words, {} vocabulary words, {:.2} MB, in {:.1}s",
        out.display(),
        common.len(),
        vocabulary.len(),
        bytes.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
