//! Print the place mentions of files, before resolution:
//! `cargo run --release -p quipu-geo --example dump FILE…`
fn main() {
    let g = quipu_geo::builtin();
    let r = quipu_geo::Recognizer::new(g);
    let reader = quipu_text::Reader::new();
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap_or_default();
        let Ok(doc) = reader.read_bytes(&p, None, &bytes, &Default::default()) else {
            continue;
        };
        for m in r.recognize(&doc) {
            let top: Vec<String> = m
                .matches
                .iter()
                .take(3)
                .map(|x| {
                    let e = g.entry(x.hit.entry);
                    format!(
                        "{}[{} {} {} {:?}]",
                        e.name,
                        e.country,
                        e.class.name(),
                        e.population,
                        x.rules
                    )
                })
                .collect();
            let areal = m
                .matches
                .iter()
                .filter(|x| {
                    let e = g.entry(x.hit.entry);
                    e.class.is_extent() || e.class == quipu_geo::Class::Capital
                })
                .count();
            println!(
                "{:?} {} head={:?} n={} {} {:?} areal={areal}",
                &doc.text[m.span.start..m.span.end],
                m.found_by,
                m.context.head.map(|c| c.name()),
                m.matches.len(),
                top.join(" "),
                m.context,
            );
        }
    }
}
