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

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;
const PER_CLIENT: usize = 40;

fn get(addr: &str, path: &str) -> (u16, usize) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let status = String::from_utf8_lossy(&buf[..buf.len().min(16)])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf.len())
}

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
                    let (code, _) = get(&addr, &u);
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
    let mut server = Command::new(bin)
        .args(["serve", "--db", db.to_str().expect("path"), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("address")
        .to_string();
    // A popular entity for the entity endpoint.
    let mut s = TcpStream::connect(&addr).expect("connect");
    write!(
        s,
        "GET /api/entities?label=PER&limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut body = String::new();
    s.read_to_string(&mut body).expect("read");
    let id = body
        .split("\"id\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("none")
        .to_string();
    let (_, docs) = get(&addr, "/api/documents");
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
    let mut s = TcpStream::connect(&addr).expect("connect");
    write!(
        s,
        "GET /api/entities?limit=4000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut body = String::new();
    s.read_to_string(&mut body).expect("read");
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
