//! Time the place annotator alone on files: `cargo run --release -p quipu-extract --example places_only FILE…`
use quipu_extract::{Annotator, PlaceAnnotator};
fn main() {
    let reader = quipu_text::Reader::new();
    let docs: Vec<_> = std::env::args()
        .skip(1)
        .filter_map(|p| {
            let b = std::fs::read(&p).ok()?;
            reader.read_bytes(&p, None, &b, &Default::default()).ok()
        })
        .collect();
    let total: usize = docs.iter().map(|d| d.text.len()).sum();
    let a = PlaceAnnotator::new();
    let _ = quipu_geo::builtin();
    let mut out = Vec::new();
    let t = std::time::Instant::now();
    for d in &docs {
        out.clear();
        a.annotate(d, &mut out);
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:.1} MB in {s:.2}s: {:.1} MB/s",
        total as f64 / 1e6,
        total as f64 / 1e6 / s
    );
    let g = quipu_geo::builtin();
    let r = quipu_geo::Recognizer::new(g);
    let t = std::time::Instant::now();
    let ms: Vec<_> = docs.iter().map(|d| r.recognize(d)).collect();
    let t1 = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let n: usize = ms.iter().map(|m| quipu_geo::resolve(g, m).len()).sum();
    println!(
        "recognize {t1:.2}s, resolve {:.2}s, {n} mentions",
        t.elapsed().as_secs_f64()
    );
}
