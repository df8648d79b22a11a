//! Throughput and peak memory, per language, single-threaded (so the
//! figures are per core).
//!
//! `cargo bench -p quipu --bench throughput`
//!
//! Reads every `.txt` file of the shared history corpus (English and
//! Spanish), keeps them in memory, and times each phase on them, best of 3:
//!
//! * read: `Reader::read_bytes` (decode, structure, sentences, language);
//! * numbers: `QuantityAnnotator` alone, through the `Annotator` trait, on
//!   the documents the read phase prepared;
//! * read + numbers: both together;
//! * places: `PlaceAnnotator` alone (recognition and resolution; the
//!   gazetteer loaded beforehand);
//! * engine + JSON: `Engine::process` and serialization of the record.
//!
//! First, without any corpus: the gazetteer's load time (artifact inflate
//! and decode plus the curated table, best of 3), the artifact's size and
//! the release binary's size when it has been built.
//!
//! Then a synthetic 100 MiB file on one line (the English corpus with line
//! breaks turned into spaces, repeated) goes through `Engine::process_file`
//! (windows merged into one record, what `--pretty` does), through the old
//! path (read the whole file, then `Engine::process`) for comparison, and
//! through `Engine::write_windows` on one thread, the path `quipu extract
//! FILE` takes (the record written as the windows finish).
//!
//! Peak memory is `VmHWM` from `/proc/self/status`, reset before each phase
//! by writing `5` to `/proc/self/clear_refs` (when the kernel allows it;
//! otherwise the figure is the peak since the start of the run).

use std::hint::black_box;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quipu::Engine;
use quipu_extract::{Annotator, PlaceAnnotator, QuantityAnnotator, TimexAnnotator};
use quipu_text::{Document, ReadOptions, Reader};

const RUNS: usize = 3;
const TARGET_SEG_NUMBERS: f64 = 50.0;
const TARGET_TIMEX: f64 = 20.0;
const TARGET_PLACES: f64 = 20.0;
const TARGET_GAZETTEER_LOAD_MS: f64 = 200.0;
const SYNTHETIC_BYTES: usize = 100 << 20;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn load(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read(&p)?)))
        .collect()
}

/// `VmHWM` in MiB, or NaN when `/proc` is not there.
fn peak_mib() -> f64 {
    status_kib("VmHWM:").map_or(f64::NAN, |k| k as f64 / 1024.0)
}

fn rss_mib() -> f64 {
    status_kib("VmRSS:").map_or(f64::NAN, |k| k as f64 / 1024.0)
}

fn status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Reset the peak to the current resident size; false when not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Best wall time of `RUNS` runs of `f`.
fn best<R>(mut f: impl FnMut() -> R) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mbs(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

/// A writer that only counts, standing in for stdout.
#[derive(Default)]
struct Count(usize);

impl Write for Count {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Row {
    phase: &'static str,
    mbs: f64,
    peak: f64,
}

fn bench_lang(label: &str, files: &[(String, Vec<u8>)], engine: &Engine) -> Vec<Row> {
    let reader = Reader::new();
    let opts = ReadOptions::default();
    let numbers = QuantityAnnotator::new();
    let annotator: &dyn Annotator = &numbers;
    let total: usize = files.iter().map(|f| f.1.len()).sum();
    println!(
        "\n{label}: {} files, {:.1} MB",
        files.len(),
        total as f64 / 1e6
    );
    let mut rows = Vec::new();

    let read_all = || -> Vec<Document> {
        files
            .iter()
            .filter_map(|(p, b)| reader.read_bytes(p.as_str(), Some(p), b, &opts).ok())
            .collect()
    };
    reset_peak();
    let d = best(read_all);
    rows.push(Row {
        phase: "read (decode+structure+sentences+lang)",
        mbs: mbs(total, d),
        peak: peak_mib(),
    });

    let docs = read_all();
    let mut out = Vec::new();
    let mut found = 0;
    let timexes = TimexAnnotator::new();
    let places = PlaceAnnotator::new();
    let entities = quipu_extract::EntityAnnotator::new();
    // `counted`: the quantity phase, whose count is printed below.
    for (phase, a, counted) in [
        ("numbers (QuantityAnnotator alone)", annotator, true),
        (
            "timex (TimexAnnotator alone)",
            &timexes as &dyn Annotator,
            false,
        ),
        (
            "places (PlaceAnnotator alone)",
            &places as &dyn Annotator,
            false,
        ),
        (
            "entities (EntityAnnotator: places + tagger)",
            &entities as &dyn Annotator,
            false,
        ),
    ] {
        reset_peak();
        let mut n = 0;
        let d = best(|| {
            n = 0;
            for doc in &docs {
                out.clear();
                a.annotate(doc, &mut out);
                n += out.len();
            }
        });
        if counted {
            found = n;
        }
        rows.push(Row {
            phase,
            mbs: mbs(total, d),
            peak: peak_mib(),
        });
    }
    drop(docs);

    reset_peak();
    let d = best(|| {
        for (p, b) in files {
            if let Ok(doc) = reader.read_bytes(p.as_str(), Some(p), b, &opts) {
                out.clear();
                annotator.annotate(&doc, &mut out);
            }
        }
    });
    rows.push(Row {
        phase: "read + numbers",
        mbs: mbs(total, d),
        peak: peak_mib(),
    });

    let mut written = 0;
    reset_peak();
    let d = best(|| {
        let mut sink = io::BufWriter::new(Count::default());
        for (p, b) in files {
            let rec = engine.process(p, Some(p), b, None);
            serde_json::to_writer(&mut sink, &rec).expect("serializable");
            sink.write_all(b"\n").expect("sink");
        }
        written = sink.get_ref().0;
    });
    rows.push(Row {
        phase: "Engine::process + JSON",
        mbs: mbs(total, d),
        peak: peak_mib(),
    });
    println!(
        "  {found} quantities; {:.1} MB of JSON",
        written as f64 / 1e6
    );
    rows
}

/// The English corpus with line breaks turned into spaces, repeated to
/// exactly `SYNTHETIC_BYTES` bytes (cut on a character boundary).
fn synthetic(en: &[(String, Vec<u8>)], dir: &Path) -> io::Result<PathBuf> {
    let mut unit: Vec<u8> = Vec::new();
    for (_, b) in en {
        unit.extend(
            b.iter()
                .map(|&c| if c == b'\n' || c == b'\r' { b' ' } else { c }),
        );
        unit.push(b' ');
    }
    let path = dir.join(format!("quipu-bench-{}-one-line.txt", std::process::id()));
    let mut f = io::BufWriter::new(std::fs::File::create(&path)?);
    let mut left = SYNTHETIC_BYTES;
    while left > 0 {
        let mut n = left.min(unit.len());
        while n < unit.len() && n > 0 && unit[n] & 0xC0 == 0x80 {
            n -= 1;
        }
        f.write_all(&unit[..n])?;
        left -= n;
        if n == 0 {
            break;
        }
    }
    f.flush()?;
    Ok(path)
}

/// Gazetteer load time, artifact and binary size.
fn gazetteer_figures() {
    let runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let g = quipu_geo::Gazetteer::load_builtin();
            let d = t.elapsed();
            black_box(g.map(|g| g.len()).unwrap_or(0));
            d
        })
        .collect();
    let ms = runs.iter().min().copied().unwrap_or_default().as_secs_f64() * 1e3;
    let entries = quipu_geo::builtin().len();
    println!(
        "gazetteer: {entries} entries; load {ms:.0} ms (target < {TARGET_GAZETTEER_LOAD_MS:.0} ms: {}); artifact {:.2} MB",
        if ms < TARGET_GAZETTEER_LOAD_MS {
            "met"
        } else {
            "MISSED"
        },
        quipu_geo::gazetteer::builtin_artifact_len() as f64 / 1e6
    );
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/quipu");
    match std::fs::metadata(&bin) {
        Ok(m) => println!(
            "release binary {}: {:.1} MB (with debug info; `strip` removes it)",
            bin.display(),
            m.len() as f64 / 1e6
        ),
        Err(_) => println!("release binary not built: `cargo build --release` to measure its size"),
    }
}

fn main() {
    gazetteer_figures();
    let root = corpus_dir();
    let mut langs = Vec::new();
    for (label, sub) in [("English", "history-en"), ("Spanish", "history-es")] {
        let dir = root.join(sub);
        match load(&dir) {
            Ok(f) if !f.is_empty() => langs.push((label, f)),
            Ok(_) => println!("{}: no .txt files; skipped", dir.display()),
            Err(e) => println!("{}: {e}; skipped", dir.display()),
        }
    }
    if langs.is_empty() {
        println!(
            "no corpus under {}: nothing to measure (this benchmark needs the shared corpus)",
            root.display()
        );
        return;
    }
    let engine = Engine::new();
    let resettable = reset_peak();
    println!(
        "quipu throughput, single thread, best of {RUNS}; MB = 10^6 bytes; peak = VmHWM {}",
        if resettable {
            "reset before each phase"
        } else {
            "since start (clear_refs not writable)"
        }
    );
    println!(
        "resident after loading corpus and engine: {:.0} MiB",
        rss_mib()
    );
    let mut tables = Vec::new();
    for (label, files) in &langs {
        tables.push((label, bench_lang(label, files, &engine)));
    }

    println!();
    println!(
        "{:<42} {:>10} {:>10} {:>12}",
        "phase", "lang", "MB/s", "peak MiB"
    );
    println!("{}", "-".repeat(77));
    for (label, rows) in &tables {
        for r in rows {
            println!(
                "{:<42} {:>10} {:>10.1} {:>12.0}",
                r.phase, label, r.mbs, r.peak
            );
        }
    }
    let target = |phase: &str, goal: f64| {
        let per_lang = tables
            .iter()
            .map(|(l, rows)| {
                let v = rows
                    .iter()
                    .find(|r| r.phase == phase)
                    .map_or(0.0, |r| r.mbs);
                format!("{l} {v:.1} ({})", if v >= goal { "met" } else { "BELOW" })
            })
            .collect::<Vec<_>>()
            .join(", ");
        println!("target: {phase} >= {goal:.0} MB/s per core: {per_lang}");
    };
    target("read + numbers", TARGET_SEG_NUMBERS);
    target("timex (TimexAnnotator alone)", TARGET_TIMEX);
    target("places (PlaceAnnotator alone)", TARGET_PLACES);
    if std::env::var_os("QUIPU_BENCH_SKIP_SYNTHETIC").is_some() {
        println!("\nQUIPU_BENCH_SKIP_SYNTHETIC is set: the 100 MiB single-line file is skipped");
        return;
    }

    // The synthetic single-line file.
    let Some((_, en)) = langs.iter().find(|l| l.0 == "English") else {
        return;
    };
    let path = match synthetic(en, &std::env::temp_dir()) {
        Ok(p) => p,
        Err(e) => {
            println!("could not write the synthetic file: {e}");
            return;
        }
    };
    drop(langs);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
    println!(
        "\nsynthetic single-line file: {:.1} MiB at {}",
        size as f64 / 1048576.0,
        path.display()
    );
    println!(
        "{:<50} {:>8} {:>10} {:>12}",
        "path", "secs", "MB/s", "peak MiB"
    );
    println!("{}", "-".repeat(83));
    let whole = Engine::new().with_windowing(quipu::Windowing {
        threshold: u64::MAX,
        window: usize::MAX,
    });
    let old_path = |_: &Engine| {
        let bytes = std::fs::read(&path).expect("synthetic file");
        engine.process("one-line", Some("one-line"), &bytes, None)
    };
    type Run<'a> = Box<dyn Fn(&Engine) -> quipu::DocOutput + 'a>;
    let cases: [(&str, &Engine, Run); 3] = [
        (
            "old: fs::read + Engine::process (copying decode)",
            &engine,
            Box::new(old_path),
        ),
        (
            "process_file, whole (read_vec, no windows)",
            &whole,
            Box::new(|e: &Engine| e.process_file("one-line", &path, None)),
        ),
        (
            "process_file, windows, merged record",
            &engine,
            Box::new(|e: &Engine| e.process_file("one-line", &path, None)),
        ),
    ];
    // What `quipu extract` does: windows on one thread, the record
    // written as they finish (`Engine::write_windows`). First, so that
    // its peak is not what the other cases left in the allocator.
    reset_peak();
    let d = best(|| {
        let f = std::fs::File::open(&path).expect("synthetic file");
        let mut sink = io::BufWriter::new(Count::default());
        engine
            .write_windows(
                "one-line",
                Some("one-line"),
                f,
                size as u64,
                None,
                1,
                &mut sink,
            )
            .expect("written");
    });
    println!(
        "{:<50} {:>8.2} {:>10.1} {:>12.0}",
        "write_windows, streamed, 1 thread (the CLI)",
        d.as_secs_f64(),
        mbs(size, d),
        peak_mib()
    );
    for (name, e, run) in &cases {
        reset_peak();
        let mut n = 0;
        let d = best(|| {
            let rec = run(e);
            let mut sink = io::BufWriter::new(Count::default());
            serde_json::to_writer(&mut sink, &rec).expect("serializable");
            n = rec.annotations.len();
        });
        println!(
            "{:<50} {:>8.2} {:>10.1} {:>12.0}   ({n} annotations)",
            name,
            d.as_secs_f64(),
            mbs(size, d),
            peak_mib()
        );
    }
    std::fs::remove_file(&path).ok();
}
