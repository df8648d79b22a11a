//! `quipu serve` under load: p50/p99 latency of the timeline, entity and
//! search endpoints at 50 concurrent clients on loopback, over a knowledge
//! base of the whole shared corpus (history-en, history-es, novels-es).
//!
//! `cargo bench -p quipu --bench web` (needs `../shared/corpus`; builds the
//! knowledge base first, or reuses `QUIPU_BENCH_DB` when that file exists).
//! Bounded: 50 clients × 40 requests per endpoint, 60 s at most each; the
//! same URL repeated (answers are cached per database generation), then
//! cold: every request a different entity or search term.
//! Prints figures; asserts nothing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;
const PER_CLIENT: usize = 40;

/// One client thread per list of URLs, all at once (60 s at most); prints
/// throughput and latency percentiles.
fn load(addr: &str, name: &str, clients: Vec<Vec<String>>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let start = Instant::now();
    let handles: Vec<_> = clients
        .into_iter()
        .map(|urls| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut lat = vec![];
                for u in urls {
                    if Instant::now() > deadline {
                        break;
                    }
                    let t = Instant::now();
                    let (code, _) = http::get(&addr, &u);
                    assert_eq!(code, 200, "{u}");
                    lat.push(t.elapsed().as_secs_f64() * 1e3);
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<f64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client"))
        .collect();
    let wall = start.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "{name:28} {:5} requests  {:7.0} req/s  p50 {:6.1} ms  p99 {:6.1} ms  max {:6.1} ms",
        all.len(),
        all.len() as f64 / wall,
        pct(0.5),
        pct(0.99),
        all[all.len() - 1]
    );
}

#[path = "../tests/http/mod.rs"]
mod http;

fn main() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let dirs: Vec<PathBuf> = ["history-en", "history-es", "novels-es"]
        .iter()
        .map(|d| base.join(d))
        .collect();
    if !dirs.iter().all(|d| d.is_dir()) {
        println!("web bench: ../shared/corpus not found; skipped");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_quipu");
    let db = std::env::var_os("QUIPU_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("quipu-web-bench.db"));
    if !db.exists() {
        let t = Instant::now();
        let mut args = vec![
            "ingest".to_string(),
            "--db".into(),
            db.display().to_string(),
        ];
        args.extend(dirs.iter().map(|d| d.display().to_string()));
        let ok = Command::new(bin)
            .args(&args)
            .status()
            .expect("ingest")
            .success();
        assert!(ok, "ingest failed");
        println!("ingested the corpus in {:.1} s", t.elapsed().as_secs_f64());
    }
    let (mut server, addr, _) = http::serve(&["--db", db.to_str().expect("path")]);
    // A popular entity for the entity endpoint.
    let (_, body) = http::get(&addr, "/api/entities?label=PER&limit=1");
    let id = body
        .split("\"id\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("none")
        .to_string();
    let docs = http::get(&addr, "/api/documents").1.len();
    println!(
        "serving {} ({docs} bytes of document list); {CLIENTS} clients x {PER_CLIENT} requests per endpoint",
        db.display()
    );
    let endpoints = [
        ("timeline, first page", "/api/timeline?limit=50".to_string()),
        (
            "timeline, 1821-1822",
            "/api/timeline?from=1821&to=1822&limit=50".to_string(),
        ),
        (
            "timeline of an entity",
            "/api/timeline?entity=Bol%C3%ADvar&limit=50".to_string(),
        ),
        ("entity", format!("/api/entities/{id}")),
        ("search", "/api/search?q=callao".to_string()),
    ];
    for (name, path) in endpoints {
        load(&addr, name, vec![vec![path; PER_CLIENT]; CLIENTS]);
    }
    // Cold: every request a different URL (no cached answer to reuse).
    let (_, body) = http::get(&addr, "/api/entities?limit=4000");
    let ids: Vec<String> = body
        .split("\"id\":\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .filter(|i| i.starts_with('e') && !i.contains(':'))
        .map(str::to_string)
        .collect();
    let names: Vec<String> = body
        .split("\"name\":\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .map(|n| n.split_whitespace().last().unwrap_or("x").to_string())
        .collect();
    let cold: Vec<(&str, Vec<String>)> = vec![
        (
            "timeline of an entity, cold",
            ids.iter()
                .map(|i| format!("/api/timeline?entity={i}&limit=50"))
                .collect(),
        ),
        (
            "entity, cold",
            ids.iter().map(|i| format!("/api/entities/{i}")).collect(),
        ),
        (
            "search, cold",
            names
                .iter()
                .map(|n| {
                    format!(
                        "/api/search?q={}",
                        n.bytes()
                            .filter(|b| b.is_ascii_alphanumeric())
                            .map(|b| b as char)
                            .collect::<String>()
                    )
                })
                .collect(),
        ),
    ];
    for (name, urls) in cold {
        let urls: Vec<String> = urls.into_iter().filter(|u| !u.ends_with("q=")).collect();
        if urls.len() < CLIENTS {
            continue;
        }
        let per = (urls.len() / CLIENTS).min(PER_CLIENT);
        load(
            &addr,
            name,
            urls.chunks(per).take(CLIENTS).map(|c| c.to_vec()).collect(),
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}
