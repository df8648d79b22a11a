//! The knowledge base: ingest throughput against `quipu extract` alone,
//! database size, query latency, and linking time as the corpus grows.
//!
//! `cargo bench -p quipu --bench kb` (needs `../shared/corpus`; prints
//! figures, asserts nothing: the machine is shared and noisy).
//!
//! 1. `quipu extract` and `quipu ingest --threads 2` on `history-en` +
//!    `history-es` (the release binary, wall and CPU time from
//!    `/usr/bin/time` when it exists), then a re-ingest of the unchanged
//!    files.
//! 2. The database's size per MB of text.
//! 3. Query latency in process (median and worst of 30): the whole
//!    timeline, the timeline of one entity, an entity look-up, a search.
//! 4. Linking time for 1×, 2× and 4× the corpus' facts (copies with other
//!    document ids), best of 3: it should grow about linearly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn corpus() -> Option<Vec<PathBuf>> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let dirs = vec![base.join("history-en"), base.join("history-es")];
    dirs.iter().all(|d| d.is_dir()).then_some(dirs)
}

fn text_bytes(dirs: &[PathBuf]) -> u64 {
    let mut n = 0;
    for d in dirs {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                n += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    n
}

/// Run the binary; (wall s, user+sys s or NaN).
fn timed(args: &[&str]) -> (f64, f64) {
    let bin = env!("CARGO_BIN_EXE_quipu");
    let have_time = Path::new("/usr/bin/time").exists();
    let t0 = Instant::now();
    let out = if have_time {
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("QUIPU-CPU %U %S")
            .arg(bin)
            .args(args)
            .stdout(std::process::Stdio::null())
            .output()
    } else {
        Command::new(bin)
            .args(args)
            .stdout(std::process::Stdio::null())
            .output()
    }
    .expect("quipu runs");
    let wall = t0.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "quipu {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let cpu = err
        .lines()
        .find_map(|l| l.strip_prefix("QUIPU-CPU "))
        .and_then(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (v.len() == 2).then(|| v[0] + v[1])
        })
        .unwrap_or(f64::NAN);
    (wall, cpu)
}

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[v.len() - 1])
}

fn main() {
    let Some(dirs) = corpus() else {
        println!("kb bench: ../shared/corpus not found; skipped");
        return;
    };
    let mb = text_bytes(&dirs) as f64 / 1e6;
    let d: Vec<&str> = dirs
        .iter()
        .map(|p| p.to_str().expect("utf-8 path"))
        .collect();
    let tmp = std::env::temp_dir().join(format!("quipu-kb-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp");
    let db = tmp.join("kb.db");
    let dbs = db.to_str().expect("utf-8");
    println!("corpus: history-en + history-es, {mb:.1} MB");

    let (ew, ec) = timed(&[&["extract"], d.as_slice()].concat());
    println!(
        "quipu extract:            wall {ew:6.2} s  ({:5.2} MB/s)  cpu {ec:6.2} s",
        mb / ew
    );
    let (iw, ic) = timed(&[&["ingest", "--threads", "2", "--db", dbs], d.as_slice()].concat());
    println!(
        "quipu ingest --threads 2: wall {iw:6.2} s  ({:5.2} MB/s)  cpu {ic:6.2} s  -> {:.0}% of extract's throughput",
        mb / iw,
        100.0 * ew / iw
    );
    let (rw, _) = timed(&[&["ingest", "--db", dbs], d.as_slice()].concat());
    println!("re-ingest, unchanged:     wall {rw:6.2} s");
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{dbs}{s}")).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "database: {:.1} MB, {:.1} MB per MB of text",
        size as f64 / 1e6,
        size as f64 / 1e6 / mb
    );

    let store = quipu_store::Store::open_read(&db).expect("open");
    let q = |f: &dyn Fn()| -> (f64, f64) {
        let mut v = vec![];
        for _ in 0..30 {
            let t = Instant::now();
            f();
            v.push(t.elapsed().as_secs_f64() * 1e3);
        }
        stats(v)
    };
    let (m, w) = q(&|| {
        store
            .timeline(&quipu_store::Filter::default())
            .expect("timeline");
    });
    println!("timeline (all dated events):        median {m:7.2} ms  worst {w:7.2} ms");
    let (m, w) = q(&|| {
        store
            .timeline(&quipu_store::Filter {
                entity: Some("Bolívar".into()),
                ..Default::default()
            })
            .expect("timeline");
    });
    println!("timeline --entity Bolívar:          median {m:7.2} ms  worst {w:7.2} ms");
    let (m, w) = q(&|| {
        for id in store.resolve_entities("Cochrane", None).expect("resolve") {
            store.entity(&id).expect("entity");
            store.events_of(&id).expect("events");
        }
    });
    println!("entity Cochrane (+ its events):     median {m:7.2} ms  worst {w:7.2} ms");
    let (m, w) = q(&|| {
        store.search("callao", 20).expect("search");
    });
    println!("search callao (20 hits):            median {m:7.2} ms  worst {w:7.2} ms");

    let facts = store.all_facts().expect("facts");
    let mut base = None;
    for k in [1usize, 2, 4] {
        let mut all = vec![];
        for c in 0..k {
            for f in &facts {
                let mut g = f.clone();
                g.doc = format!("{}~{c}", f.doc);
                all.push(g);
            }
        }
        let mut best = f64::MAX;
        let mut kb = None;
        for _ in 0..3 {
            let t = Instant::now();
            kb = Some(quipu_link::link(&all));
            best = best.min(t.elapsed().as_secs_f64());
        }
        let kb = kb.expect("ran");
        let b = *base.get_or_insert(best);
        println!(
            "link {k}x ({} documents): {best:6.3} s ({:.2}x the 1x time)  {} entities, {} events, {} links",
            all.len(),
            best / b,
            kb.entities.len(),
            kb.events.len(),
            kb.links.len()
        );
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&tmp);
}
